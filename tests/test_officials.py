from kg.datafiles import rows
from kg.model import Document
from kg.recognize.gazetteer import load
from kg.recognize.lexicon import is_common_word
from kg.recognize.officials import read_name
from tests.conftest import article


def posts(doc: Document) -> dict[str, list[tuple[str, str | None]]]:
    gaz = load()
    return {
        p.name: [(q.title, gaz.get(q.jurisdiction).name if q.jurisdiction else None) for q in p.posts]
        for p in doc.people
        if p.official
    }


def test_title_chain_and_shared_list():
    doc = article(
        "8月26日,山西省发改委一级巡视员魏茹生来静乐县调研。忻州市常务副市长赵志坚,"
        "静乐县县委副书记、政府县长王昕及县领导李永成、孟宪璋、武卫东和相关部门负责同志参加。"
    )
    found = posts(doc)
    assert found["魏茹生"] == [("一级巡视员", "山西省")]
    assert found["赵志坚"] == [("常务副市长", "忻州市")]
    assert found["王昕"] == [("县委副书记", "静乐县"), ("县长", "静乐县")]
    assert found["武卫东"] == [("县领导", "静乐县")]  # a name that looks like a word
    assert set(found) == {"魏茹生", "赵志坚", "王昕", "李永成", "孟宪璋", "武卫东"}
    organizations = {o.name for o in doc.organizations}
    assert "山西省发展和改革委员会" in organizations


def test_title_of_a_body_named_earlier_in_the_sentence():
    found = posts(article("5月17日,镇巴县政协召开座谈会,副主席高显武、姚智儒出席会议。"))
    assert found == {"高显武": [("政协副主席", "镇巴县")], "姚智儒": [("政协副主席", "镇巴县")]}


def test_rare_surname_and_titles_after_names():
    doc = article(
        "庆阳市召开会议。市委书记贠建民出席会议并讲话。认真贯彻落实武国定副省长调研督导项城脱贫攻坚工作指示精神。"
        "深入学习贯彻习近平总书记重要讲话精神。"
    )
    found = posts(doc)
    assert found["贠建民"] == [("市委书记", "庆阳市")]
    assert found["武国定"][0][0] == "副省长"
    assert found["习近平"] == [("总书记", "中国")]


def test_county_title_after_a_city_title():
    doc = article("娄烦县举行仪式,市委常委、县委书记薛东晓,县委副书记、县长李树忠出席。")
    found = posts(doc)
    # the jurisdiction is the most specific region; the city's committee is the body of the other post
    assert found["薛东晓"] == [("市委常委", None), ("县委书记", "娄烦县")]
    assert [p.posts[0].organization for p in doc.people if p.name == "薛东晓"] == ["太原市委"]
    assert found["李树忠"] == [("县委副书记", "娄烦县"), ("县长", "娄烦县")]


def test_reporters_and_editors_are_not_officials():
    doc = article("庆阳网讯(记者 何海峰 李彬)10月12日上午,市长朱涛主持会议。\n编辑:孙雅茹")
    official = {p.name for p in doc.people if p.official}
    assert official == {"朱涛"}
    assert {"何海峰", "李彬", "孙雅茹"} <= {p.name for p in doc.people if not p.official}


def test_name_length_from_what_follows():
    text = "县委书记刘勇低头说。县长王昕表示同意。巡视员魏茹生来到村里,魏茹生指出。市领导章志兼、卫达等出席。"
    assert read_name(text, text.index("刘勇")) == "刘勇"
    assert read_name(text, text.index("王昕")) == "王昕"
    assert read_name(text, text.index("魏茹生")) == "魏茹生"
    assert read_name(text, text.index("章志兼")) == "章志兼"
    assert read_name(text, text.index("卫达")) == "卫达"


def test_title_fragments_and_words_are_not_names():
    doc = article(
        "县委书记和其他县领导现场点评。副县长、乡镇党委书记和驻村第一书记组成团队。深入学习习近平总书记扶贫工作重要论述。"
    )
    assert {p.name for p in doc.people if p.official} == {"习近平"}


def test_unknown_jurisdiction_stays_empty():
    found = posts(article("3月29日,新林村脱贫攻坚再动员会议召开。市民政局副书记、副局长江明星传达文件。"))
    assert found["江明星"] == [("副书记", None), ("副局长", None)]


def test_names_listed_before_a_collective_title():
    found = posts(article("9月10日,平利县召开推进会。杨军、刘海、赵红梅等县领导参加会议。"))
    assert found == {n: [("县领导", "平利县")] for n in ("杨军", "刘海", "赵红梅")}


def test_two_titled_names_joined_by_he():
    found = posts(article("县长王五和副县长赵六一同出席。"))
    assert found == {"王五": [("县长", None)], "赵六": [("副县长", None)]}


def test_minority_names_with_a_dot_and_former_posts():
    doc = article(
        "12月3日,州委书记阿依古丽·买买提带队深入和田县调研。原县委书记李建国、时任副县长孙立华同志出席。"
    )
    people = {p.name: p for p in doc.people if p.official}
    assert "阿依古丽·买买提" in people
    assert [(q.title, q.former) for q in people["李建国"].posts] == [("县委书记", True)]
    assert [(q.title, q.former) for q in people["孙立华"].posts] == [("副县长", True)]


def test_a_city_title_does_not_take_a_county_level_city_written_as_a_county():
    found = posts(article("7月1日,市委常委、宣传部部长王红赴旬阳县督导检查。"))
    assert found["王红"][0] == ("市委常委", "安康市")


def test_company_and_cooperative_heads_are_not_officials():
    doc = article("村民王大山告诉记者,收入翻了一番。合作社理事长李红梅、公司主任刘强介绍了情况。")
    assert [p.name for p in doc.people if p.official] == []


def test_party_committee_members_and_central_bodies_take_their_own_level():
    found = posts(article("7月26日,自治区党委常委、自治区副主席张海涛在兴安盟调研。"))
    assert found["张海涛"] == [("自治区党委常委", "内蒙古自治区"), ("自治区副主席", "内蒙古自治区")]
    found = posts(
        article(
            "固原市委书记李明在固原会见了全国政协副主席王建华一行。"
            "民盟中央社会服务部部长赵志强凡,天水市政协主席、市委农村工作领导小组常务副组长孙卫国参加。"
        )
    )
    assert found["王建华"] == [("政协副主席", "中国")]
    assert found["赵志强凡"] == [("部长", "中国")]
    assert found["孙卫国"] == [("政协主席", "天水市"), ("常务副组长", "天水市")]


def test_an_unfamiliar_word_after_a_name_ends_it():
    found = posts(
        article(
            "副县长王建随同调研。省委书记周振兴轻车简从来到村里。副市长张伟一同前往。县委书记李红梅随同考察。"
            "副州长陈兵一并出席。巡视员魏茹生来县里。"
        )
    )
    assert set(found) == {"王建", "周振兴", "张伟", "李红梅", "陈兵", "魏茹生"}


def test_four_characters_set_off_after_a_title_are_a_minority_name():
    found = posts(
        article("凉山州委副秘书长瓦西亚夫,乐山市政府副市长阿刘时布,县长高度重视,县委书记郭正强出席。")
    )
    assert found["瓦西亚夫"] == [("副秘书长", "凉山彝族自治州")]
    assert found["阿刘时布"] == [("副市长", "乐山市")]
    assert set(found) == {"瓦西亚夫", "阿刘时布", "郭正强"}


def organizations(doc: Document) -> dict[str, list[str | None]]:
    return {p.name: [q.organization for q in p.posts] for p in doc.people if p.official}


def test_a_body_shared_by_a_title_chain_holds_every_post():
    doc = article("3月29日,平利县召开会议。县民政局副书记、副局长江明星,县扶贫办党组书记兼主任刘海涛参加。")
    assert organizations(doc)["江明星"] == ["平利县民政局", "平利县民政局"]
    assert organizations(doc)["刘海涛"] == ["平利县扶贫开发办公室", "平利县扶贫开发办公室"]
    assert [t for t, _ in posts(doc)["刘海涛"]] == ["党组书记", "主任"]


def test_a_post_without_place_words_sits_above_the_region_its_chain_names():
    doc = article("4月2日,信宜市召开会议。市委常委、电白区委书记陈立新,县委书记周海出席。")
    assert posts(doc)["陈立新"] == [("市委常委", None), ("区委书记", "电白区")]
    assert organizations(doc)["陈立新"][0] == "茂名市委"


def test_posts_of_a_private_body_are_no_public_posts():
    doc = article(
        "扶贫促进会副理事长、社会扶贫工作委员会执行主任兼秘书长马明远,县扶贫办主任刘勇参加。"
        "全国人大代表、村党支部书记刘春雷发言。"
    )
    found = posts(doc)
    assert "马明远" not in found
    assert found["刘春雷"] == [("人大代表", "中国"), ("村党支部书记", None)]


def test_two_character_names_before_paired_titles():
    found = posts(article("江西省委高度重视,刘奇书记、易炼红省长提出要求。佳县、吴堡县长出席。"))
    assert found == {"刘奇": [("书记", "江西省")], "易炼红": [("省长", "江西省")]}


def test_a_conjunction_before_a_verb_is_the_names_last_character():
    found = posts(article("全国人大代表王爱和带队视察。县长王五和副县长赵六出席。"))
    assert set(found) == {"王爱和", "王五", "赵六"}


def test_three_characters_set_off_after_a_title_are_a_name_without_a_known_surname():
    found = posts(article("兴安盟召开会议,盟长奇巴图、副盟长张强出席,县长来了,副县长讲话。"))
    assert found == {"奇巴图": [("盟长", "兴安盟")], "张强": [("副盟长", "兴安盟")]}


def test_ministries_are_central_and_a_central_post_yields_to_a_regional_one():
    found = posts(
        article("农业农村部副部长刘建设到会讲话。中共中央政治局委员、自治区党委书记赵海山在乌鲁木齐会见他。")
    )
    assert found["刘建设"] == [("副部长", "中国")]
    assert found["赵海山"] == [("政治局委员", None), ("自治区党委书记", "新疆维吾尔自治区")]


def test_a_title_without_place_words_does_not_take_one_region_of_a_list():
    found = posts(
        article(
            "黄冈市召开会议。副省长周海到红安县调研并召开黄冈、孝感两市座谈会。副市长余平,孝感市副市长张三参加。"
        )
    )
    assert found["余平"] == [("副市长", "黄冈市")]
    assert found["张三"] == [("副市长", "孝感市")]


def test_a_level_word_inside_a_body_name_is_no_level():
    found = posts(
        article(
            "6月19日,观摩团到静乐县娑婆乡林家坪村观摩。"
            "省直单位驻静乐县驻村帮扶工作队队长王一鸣,农工党省委副主委李华参加。"
        )
    )
    assert found["王一鸣"] == [("工作队队长", "静乐县")]
    assert found["李华"] == [("副主委", "山西省")]


def test_a_name_that_is_also_a_noun_after_a_title():
    found = posts(
        article("副县长高山参加会议。镇长金星出席。副市长江山表示同意。县委书记强调,副县长高度重视。")
    )
    assert set(found) == {"高山", "金星", "江山"}


def test_party_group_members_and_village_cadres():
    found = posts(article("省扶贫办党组成员、副主任刘华参加。扶贫专干王芳、包村干部李军介绍。"))
    assert [t for t, _ in found["刘华"]] == ["党组成员", "副主任"]
    assert found["王芳"][0][0] == "扶贫专干" and found["李军"][0][0] == "包村干部"


def test_a_bare_head_title_after_a_name_is_a_post_without_a_place():
    found = posts(article("会议传达了王东峰书记的讲话精神。丁仲礼主席出席。中国扶贫发展中心主任黄承伟参加。"))
    assert found["王东峰"] == [("书记", None)]
    assert found["丁仲礼"] == [("主席", None)]
    assert found["黄承伟"] == [("主任", "中国")]


def test_a_bare_title_heads_the_body_its_sentence_named():
    doc = article(
        "平利县民政局召开会议,局长王五讲话,副局长赵六主持。学校举办活动,主任孙七出席。省委组织部部长王刚讲话。"
    )
    found = posts(doc)
    assert found["王五"] == [("局长", "平利县")] and found["赵六"] == [("副局长", "平利县")]
    assert organizations(doc)["王五"] == ["平利县民政局"]
    assert "孙七" not in found  # 举办 names no body
    assert organizations(article("省委组织部部长王刚讲话。"))["王刚"] == ["省委组织部"]


def test_central_posts_of_the_state_and_the_parties():
    found = posts(
        article(
            "国家乡村振兴局副局长洪天云参加。民建中央副主席、全国政协常委李世杰调研。"
            "国务院扶贫开发领导小组副组长、国务院扶贫办党组书记、主任刘永富出席。"
        )
    )
    assert found["洪天云"] == [("副局长", "中国")]
    assert found["李世杰"] == [("副主席", "中国"), ("政协常委", "中国")]
    assert found["刘永富"] == [("副组长", "中国"), ("党组书记", "中国"), ("主任", "中国")]


def _bodies(doc: Document) -> dict[str, list[str | None]]:
    return {p.name: [q.organization for q in p.posts] for p in doc.people if p.official}


def test_a_bare_deputy_title_takes_the_central_body_named_before_it_in_its_paragraph():
    same_sentence = article("6月3日，国家林业局局长赵志强主持会议，副局长钱文明、孙立新出席会议。")
    assert posts(same_sentence)["钱文明"] == posts(same_sentence)["孙立新"] == [("副局长", "中国")]
    assert _bodies(same_sentence)["钱文明"] == _bodies(same_sentence)["孙立新"] == ["国家林业局"]
    next_sentence = article("6月3日，农业农村部部长周建新主持召开部务会议。副部长吴海平参加会议。")
    assert posts(next_sentence)["周建新"] == [("部长", "中国")]
    assert posts(next_sentence)["吴海平"] == [("副部长", "中国")]
    assert _bodies(next_sentence) == {
        "周建新": ["农业农村部"],
        "吴海平": ["农业农村部"],
    }  # 部长's 部 is no body


def test_a_bare_title_in_a_new_paragraph_takes_no_body_from_the_one_before():
    assert "吴海平" not in posts(article("6月3日，农业农村部部长周建新主持会议。\n副部长吴海平参加会议。"))


def test_a_one_character_verb_before_punctuation_ends_the_name():
    text = "副县长周海说，要抓落实。县长孙明就……作出安排。局长吴平作表态发言。"
    assert read_name(text, text.index("周海")) == "周海"
    assert read_name(text, text.index("孙明")) == "孙明"
    assert read_name(text, text.index("吴平")) == "吴平"


def test_adverbs_after_a_two_character_name_end_it():
    text = "副县长冯刚还强调。县长许飞称，要落实。书记陈涛则要求。副县长何军亦出席。县长钱文仍坚持。"
    for name in ("冯刚", "许飞", "陈涛", "何军", "钱文"):
        assert read_name(text, text.index(name)) == name


def test_verbs_of_visits_and_an_idiom_after_a_two_character_name():
    found = posts(
        article(
            "县委书记冯刚轻车简从走村入户。副县长陈涛顶着烈日查看灾情。县长许飞暗访两个村。副县长何军蹲点包村。"
        )
    )
    assert set(found) == {"冯刚", "陈涛", "许飞", "何军"}


def test_two_words_after_a_title_are_no_name():
    found = posts(article("学习总书记扶贫工作重要论述。县委副书记罗东平等出席。"))
    assert set(found) == {"罗东平"}


def test_a_city_head_beside_the_counties_of_a_municipality_governs_the_municipality():
    found = posts(article("9月2日，重庆市城口县召开会议。县长蒋平汇报，市长钟文、市委常委许亮到会。"))
    assert found["蒋平"] == [("县长", "城口县")]
    assert found["钟文"] == [("市长", "重庆市")]
    assert found["许亮"] == [("市委常委", "重庆市")]
    elsewhere = posts(article("9月2日，镇巴县干部赴北京市学习。市长钟文出席。"))
    assert elsewhere["钟文"] == [("市长", "汉中市")]  # the county's own city, not the municipality visited


def test_tibetan_and_mongolian_names_without_a_surname():
    found = posts(
        article(
            "4月2日，西藏自治区政府副主席格桑次旦到山南市调研，副市长晋美旺姆、罗布陪同。"
            "兴安盟召开会议，副盟长图门、巴雅尔出席，嘎查达诺敏介绍情况。"
        )
    )
    assert found["格桑次旦"] == [("自治区副主席", "西藏自治区")]
    assert found["晋美旺姆"] == found["罗布"] == [("副市长", "山南市")]
    assert found["图门"] == found["巴雅尔"] == [("副盟长", "兴安盟")]
    assert "诺敏" in found


def test_no_part_of_a_minority_name_is_an_ordinary_word():
    assert [part for (part,) in rows("name_parts.tsv") if is_common_word(part)] == []


def test_posts_of_work_teams_grids_and_neighbourhood_committees():
    found = posts(
        article(
            "镇巴县兴隆镇长岭村召开会议。工作队员罗成，网格员梁红，居委会主任邓超，纪委书记、监委主任胡斌参加。"
        )
    )
    assert found["罗成"] == [("工作队员", None)]
    assert found["梁红"] == [("网格员", "长岭村")]
    assert found["邓超"] == [("居委会主任", "长岭村")]
    assert [t for t, _ in found["胡斌"]] == ["纪委书记", "监委主任"]


def test_a_surname_before_a_title_is_no_name():
    found = posts(article("平利县成立领导小组，县长任组长，副县长包组长为副组长，县委书记任主任。"))
    assert found == {}


def test_a_name_right_after_a_place_before_a_head_title():
    found = posts(article("9月3日，紫阳县孙明县长到洞河镇调研，汉滨区钱文忠区长陪同。"))
    assert found == {"孙明": [("县长", "紫阳县")], "钱文忠": [("区长", "汉滨区")]}


def test_common_surnames_the_list_lacked():
    found = posts(article("汉阴县召开会议，副县长傅晓东、赖明出席，共青团中央书记处书记阎立参加。"))
    assert found == {
        "傅晓东": [("副县长", "汉阴县")],
        "赖明": [("副县长", "汉阴县")],
        "阎立": [("中央书记处书记", "中国")],
    }


def test_a_former_post_named_before_its_body():
    doc = article("原国务院扶贫办主任钱明，时任平利县委书记孙立，原平市市长赵海，镇巴县原县长周亮出席。")
    people = {p.name: p for p in doc.people if p.official}
    assert [(q.organization, q.former) for q in people["钱明"].posts] == [("国务院扶贫开发办公室", True)]
    assert [q.former for q in people["孙立"].posts] == [True]
    assert [q.former for q in people["赵海"].posts] == [False]  # 原平市 is a place
    assert [q.former for q in people["周亮"].posts] == [True]


def test_a_body_keeps_a_level_word_that_is_no_level_of_its_place():
    doc = article("陕西省乡村振兴局局长孙海，县乡村振兴局局长钱明到平利县调研。")
    assert organizations(doc) == {"孙海": ["陕西省乡村振兴局"], "钱明": ["平利县乡村振兴局"]}


def test_the_short_names_of_the_central_committees_departments_are_central():
    found = posts(article("中组部副部长钱文，中宣部副部长孙武到镇巴县调研。"))
    assert found == {"钱文": [("副部长", "中国")], "孙武": [("副部长", "中国")]}


def test_a_name_before_the_title_of_a_bodys_head():
    doc = article(
        "9月3日，在孙明主任的陪同下，调研组到平利县。县扶贫局钱文忠局长介绍情况。县（区）扶贫办主任参加。"
    )
    found = posts(doc)
    assert found["孙明"] == [("主任", None)]
    assert found["钱文忠"] == [("局长", "平利县")]
    assert organizations(doc)["钱文忠"] == ["平利县扶贫局"]
    assert set(found) == {"孙明", "钱文忠"}  # 扶贫办 is the body of the last 主任


def test_a_dotted_name_keeps_the_syllables_that_are_also_short_words():
    found = posts(article("喀什地委副书记吐尔逊·阿不都热依木在疏附县调研，副县长买买提·艾力都参加了调研。"))
    assert set(found) == {"吐尔逊·阿不都热依木", "买买提·艾力"}


def test_a_seconded_official_governs_the_host_region():
    doc = article("10月9日，紫阳县召开会议。汉滨区副区长、挂任紫阳县委常委、副县长周亮，县委书记卫东出席。")
    assert posts(doc)["周亮"] == [("副区长", None), ("县委常委", "紫阳县"), ("副县长", "紫阳县")]
    assert organizations(doc)["周亮"][0] == "汉滨区人民政府"


def test_a_title_placed_nowhere_takes_the_region_of_the_post_listed_before_it():
    found = posts(
        article(
            "7月3日，汉滨区江北街道党工委书记沈洋、办事处主任韩冰参加。紫阳县委书记卫东，扶贫办主任蒋南发言。"
        )
    )
    assert found["韩冰"] == [("主任", "江北街道")]
    assert found["蒋南"] == [("主任", "紫阳县")]


def test_titles_in_parentheses_beside_a_name():
    found = posts(
        article(
            "4月1日，平利县召开会议。县领导钱文（县委常委、常务副县长）、孙武（副县长）参加，会议由周亮（县委副书记）主持。"
            "国务院扶贫办开发指导司司长（一级巡视员）赵海出席。县委书记卫东（左二）讲话。"
        )
    )
    assert found["钱文"] == [("县领导", "平利县"), ("县委常委", "平利县"), ("常务副县长", "平利县")]
    assert found["孙武"] == [("副县长", "平利县")]
    assert found["周亮"] == [("县委副书记", "平利县")]
    assert [t for t, _ in found["赵海"]] == ["司长", "一级巡视员"]
    assert found["卫东"] == [("县委书记", "平利县")]


def test_a_bare_title_listed_after_a_head_of_a_body_is_in_that_body():
    doc = article(
        "6月1日，平利县召开会议。县政府秘书长周文、副秘书长郑武出席。"
        "县交通运输局总工程师冯涛，总经济师褚亮参加。县委书记卫东、主任蒋南发言。"
    )
    found = posts(doc)
    assert found["郑武"] == [("副秘书长", "平利县")]
    assert found["褚亮"] == [("总经济师", "平利县")]
    assert organizations(doc)["褚亮"] == organizations(doc)["冯涛"] == ["平利县交通运输局"]
    assert "蒋南" not in found  # a secretary heads no body a bare 主任 could be in


def test_tibetan_names_listed_before_a_collective_title():
    found = posts(article("山南市召开会议，扎西次仁、格桑、周亮等市领导参加。"))
    assert found == {n: [("市领导", "山南市")] for n in ("扎西次仁", "格桑", "周亮")}


def test_a_place_after_a_title_is_no_name():
    for text in (
        "11月24日，州委书记到雷山、台江、剑河三县调研。",
        "11月24日，市长赴临夏、甘南调研。",
        "市委书记石泉县调研。",
    ):
        assert posts(article(text)) == {}, text
    assert posts(article("副县长高平出席会议。")) == {
        "高平": [("副县长", None)]
    }  # a short form may be a name


def test_a_minority_name_before_a_word_that_follows_names_and_manners_that_are_no_names():
    assert list(posts(article("州长苏嘎尔布出席会议。"))) == ["苏嘎尔布"]
    assert list(posts(article("11月24日，州委书记吉狄马加陪同调研。"))) == ["吉狄马加"]
    for manner in (
        "轻车简从调研",
        "走村入户调研",
        "逐村逐户走访",
        "包片包村督导",
        "马不停蹄调研",
        "到洞河调研",
        "洞河镇调研",
    ):
        assert posts(article(f"11月24日，州委书记{manner}。")) == {}, manner


def test_names_joined_by_commas_after_a_collective_title():
    found = posts(article("6月2日,岚皋县召开推进会。县领导陈立新，何文斌，周晓燕出席会议。"))
    assert set(found) == {"陈立新", "何文斌", "周晓燕"}
    assert found["周晓燕"] == [("县领导", "岚皋县")]
    # a comma list that no word of presence ends is left to the first name
    found = posts(article("6月2日,岚皋县召开推进会。县领导陈立新，何文斌说，要压实责任。"))
    assert set(found) == {"陈立新"}


def test_a_short_note_in_parentheses_after_a_title():
    found = posts(article("岚皋县召开会议，县委常委、副县长（挂职）孙海涛通报情况，县长（代）吴刚主持。"))
    assert found["孙海涛"] == [("县委常委", "岚皋县"), ("副县长", "岚皋县")]
    assert found["吴刚"] == [("县长", "岚皋县")]


def test_a_dotted_name_before_a_head_title():
    found = posts(article("伽师县召开会议，努尔兰·阿不都拉县长主持，在热合曼·吐尔洪副县长陪同下察看了项目。"))
    assert found == {"努尔兰·阿不都拉": [("县长", "伽师县")], "热合曼·吐尔洪": [("副县长", "伽师县")]}


def test_a_four_character_name_before_a_one_character_word():
    found = posts(article("凉山州召开会议。州委副书记、州长俄木阿洛到布拖县调研，州长专题研究就业工作。"))
    assert found == {"俄木阿洛": [("州委副书记", "凉山彝族自治州"), ("州长", "凉山彝族自治州")]}


def test_words_of_position_and_nouns_said_as_adverbs_are_no_names():
    doc = article("旬阳县召开会议。在县长任期内，他在副县长任上分管扶贫，县委书记全程参与督导。")
    assert {p.name for p in doc.people if p.official} == set()
    doc = article("旬阳县召开会议。副县长方圆参加，县长全力推进。")  # a noun that is a name stays one
    assert {p.name for p in doc.people if p.official} == {"方圆"}


def test_youth_league_and_disabled_persons_federation_posts():
    found = posts(article("紫阳县召开会议，团县委书记钱卫东、县残联理事长郑秀兰、县委书记冯建国出席。"))
    assert found["钱卫东"] == [("团县委书记", "紫阳县")]
    assert found["郑秀兰"] == [("理事长", "紫阳县")]
    assert found["冯建国"] == [("县委书记", "紫阳县")]


def test_village_clerks_accountants_and_committee_members():
    found = posts(
        article("紫阳县洞河镇召开会议，村委主任马国栋、村文书谢红、村会计龚明亮、村两委委员黎春出席。")
    )
    assert {name: [t for t, _ in ps] for name, ps in found.items()} == {
        "马国栋": ["村委主任"],
        "谢红": ["村文书"],
        "龚明亮": ["村会计"],
        "黎春": ["村两委委员"],
    }


def test_more_verbs_of_the_genre_end_a_three_character_name():
    for verb in ("分管", "安排", "宣讲", "询问", "高度", "立即", "赶到", "点评", "揭牌", "送上"):
        text = f"副县长周建平{verb}了有关工作。县长王立新{verb}。"
        assert read_name(text, 3) == "周建平", verb
        assert read_name(text, text.index("王立新")) == "王立新", verb


def test_a_word_that_follows_names_cut_off_by_another_after_the_third_character():
    text = "县长胡志强调研时说。副县长孙刚强调，要抓好。副县长刘强调度会上说。"
    assert read_name(text, 2) == "胡志强"
    assert read_name(text, text.index("孙刚")) == "孙刚"
    assert read_name(text, text.index("刘强")) == "刘强"


def test_an_autonomous_regions_peoples_government_and_a_corps_division():
    found = posts(article("南宁市召开会议，自治区人民政府副主席覃海燕出席，兵团第十四师师长钟文军参加。"))
    assert found["覃海燕"] == [("自治区副主席", "广西壮族自治区")]
    assert found["钟文军"][0][0] == "师长"


def test_names_before_a_count_and_a_shared_title_and_level_leaders():
    found = posts(article("镇坪县召开会议，方志远、黎红两位副县长出席，县级领导邵华、卢斌参加。"))
    assert found == {
        "方志远": [("副县长", "镇坪县")],
        "黎红": [("副县长", "镇坪县")],
        "邵华": [("县级领导", "镇坪县")],
        "卢斌": [("县级领导", "镇坪县")],
    }


def test_a_word_that_follows_names_is_no_name_after_a_title():
    doc = article("镇坪县召开会议，明确县级领导包联重点项目，县领导分管联系各镇。")
    assert {p.name for p in doc.people if p.official} == set()


def test_a_preposition_before_a_title_is_no_part_of_its_body():
    doc = article("镇坪县召开会议，以省扶贫办副主任蒋立为组长的考核组到镇坪县检查。")
    assert posts(doc) == {"蒋立": [("副主任", "陕西省")]}
    assert {o.name for o in doc.organizations} == {"陕西省扶贫开发办公室"}


def test_ways_of_working_after_a_title_are_no_minority_names():
    doc = article("昭觉县召开会议，副县长逐村入户到各村察看，县长进组到户察看，县委书记四不两直暗访。")
    assert {p.name for p in doc.people if p.official} == set()


def test_more_tibetan_name_parts():
    found = posts(article("甘孜州召开会议，州长泽郎主持，副州长尕桑旺修、罗松出席。"))
    assert set(found) == {"泽郎", "尕桑旺修", "罗松"}


def test_a_party_schools_head_is_an_official_and_a_schools_is_not():
    found = posts(article("宁陕县召开会议，县委常委、县委党校校长邓立平出席，县实验小学校长夏雨参加。"))
    assert found == {"邓立平": [("县委常委", "宁陕县"), ("党校校长", "宁陕县")]}


def test_a_title_after_a_name_and_a_conjunction_takes_no_place_from_the_conjunction():
    found = posts(
        article("镇安县召开会议，县长邹立华和县政协副主席韦兰出席，副县长熊杰和县人大常委会主任雷军参加。")
    )
    assert found["韦兰"] == [("政协副主席", "镇安县")]  # not 和县 of Anhui
    assert found["雷军"] == [("人大常委会主任", "镇安县")]


def test_a_dotted_name_whose_last_syllable_starts_a_word_that_follows_names():
    found = posts(article("伽师县召开会议，副县长帕提古丽·艾买提出席。"))
    assert set(found) == {"帕提古丽·艾买提"}


def test_a_four_character_name_before_the_words_of_an_escort_and_a_commissioner():
    found = posts(article("在州长俄木阿洛的陪同下，地委委员、行署专员吾买尔江·吐尔逊到布拖县调研。"))
    assert set(found) == {"俄木阿洛", "吾买尔江·吐尔逊"}
    assert ("专员", None) in found["吾买尔江·吐尔逊"] or any(t == "专员" for t, _ in found["吾买尔江·吐尔逊"])


def test_a_place_read_across_a_names_end_is_no_region_of_a_later_title():
    found = posts(article("柞水县召开会议，县长韩立新和县委常委、县纪委书记庞杰出席，副县长姚丽参加。"))
    assert found["庞杰"] == [("县委常委", "柞水县"), ("县纪委书记", "柞水县")]  # not 新和县 of Xinjiang
    assert found["姚丽"] == [("副县长", "柞水县")]


def test_minority_names_before_the_words_of_an_escort_or_a_visit():
    found = posts(article("在州长纳云华的陪同下，州委书记吉狄马加深入昭觉县，副州长撒玉兰、岩温香参加。"))
    assert set(found) == {"纳云华", "吉狄马加", "撒玉兰", "岩温香"}


def test_words_of_seeing_and_manner_after_a_name_and_a_compound_surname_before_a_title():
    text = "县长苗志刚用三个“进一步”提出要求，副县长罗勇看到这一幕，县长邢伟语重心长地说。"
    assert read_name(text, 2) == "苗志刚"
    assert read_name(text, text.index("罗勇")) == "罗勇"
    assert read_name(text, text.index("邢伟")) == "邢伟"
    found = posts(article("岚皋县召开会议。欧阳明远副县长主持，中央候补委员、省委书记邹建出席。"))
    assert found["欧阳明远"] == [("副县长", "岚皋县")]
    assert found["邹建"] == [("中央候补委员", None), ("省委书记", "陕西省")]  # the most specific governs


def test_heads_of_township_clinics_are_no_officials():
    doc = article("岚皋县召开会议，镇卫生院院长温和平介绍情况，副县长罗勇出席。")
    assert {p.name for p in doc.people if p.official} == {"罗勇"}


def test_words_of_posture_and_a_list_ending_in_yiji_end_a_name():
    text = "县委书记田志军坐在农户家中，副县长潘红、罗春以及县直部门负责人参加，县长雷刚握着她的手说。"
    assert read_name(text, 4) == "田志军"
    found = posts(article(text))
    assert {"潘红", "罗春", "雷刚"} <= set(found)


def test_a_name_before_a_title_after_de_or_a_preposition_that_is_also_a_surname():
    found = posts(article("石泉县召开会议，由孟凡副县长主持，陪同调研的闵强县长介绍了情况。"))
    assert found == {"孟凡": [("副县长", "石泉县")], "闵强": [("县长", "石泉县")]}


def test_a_name_holding_a_countys_name_before_a_head_title():
    doc = article("石泉县召开会议，张建平县长主持，副县长闵强出席。")
    assert posts(doc) == {"张建平": [("县长", "石泉县")], "闵强": [("副县长", "石泉县")]}


def test_bare_chairs_under_the_federation_or_union_their_paragraph_named():
    found = posts(
        article("石泉县妇联召开会议，主席闵红出席，副主席鲁芳主持。全国工商联召开座谈会，副主席邹建参加。")
    )
    assert found == {
        "闵红": [("主席", "石泉县")],
        "鲁芳": [("副主席", "石泉县")],
        "邹建": [("副主席", "中国")],
    }


def test_names_before_a_count_in_digits_or_with_ming():
    found = posts(article("镇坪县召开会议，邵华、卢斌等2名副县长出席，方志远、黎红等3位县领导参加。"))
    assert found == {
        "邵华": [("副县长", "镇坪县")],
        "卢斌": [("副县长", "镇坪县")],
        "方志远": [("县领导", "镇坪县")],
        "黎红": [("县领导", "镇坪县")],
    }


def test_a_surname_said_alone_before_a_title_is_no_name():
    doc = article(
        "石泉县召开会议，由王县长主持，他及时向张县长汇报，李向阳县长出席，要贯彻落实习近平总书记讲话精神。"
    )
    assert {p.name for p in doc.people if p.official} == {"李向阳", "习近平"}
