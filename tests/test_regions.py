from hypothesis import given, settings
from hypothesis import strategies as st

from kg.model import Document
from kg.recognize.gazetteer import load
from kg.recognize.regions import recognize_regions
from tests.conftest import article


def names(doc: Document) -> dict[str, str | None]:
    gaz = load()
    return {
        m.region.name: (gaz.get(m.region.parent).name if m.region.parent else None)
        for m in doc.regions
        if m.named
    }


def test_gazetteer_levels_and_codes():
    gaz = load()
    county = gaz.get("140926")
    assert (county.name, county.level, gaz.get(county.parent).name) == ("静乐县", "county", "忻州市")
    assert gaz.province_of("140926") == "140000"
    assert [r.key for r in gaz.lookup("慕塬村")] == ["621027/庙渠镇/慕塬村"]
    assert gaz.common_parent(["131122", "131128"]) == "131100"  # two counties of 衡水市


def test_full_names_short_forms_and_hierarchy():
    doc = article("为推进汉中镇巴县脱贫攻坚工作,河北省张北县小二台镇德胜村的群众。")
    found = names(doc)
    assert found["镇巴县"] == "汉中市"
    assert found["汉中市"] == "陕西省"
    assert found["德胜村"] == "小二台镇"
    assert "张家口市" not in found  # parents are not mentions


def test_old_township_names_take_the_gazetteer_form():
    found = names(article("镇原县殷家城乡、环县车道乡、镇原县庙渠乡慕塬村党委主要负责人作了表态发言。"))
    assert found["车道镇"] == "环县"
    assert found["庙渠镇"] == "镇原县"
    assert found["慕塬村"] == "庙渠镇"
    assert found["殷家城乡"] == "镇原县"


def test_autonomous_county_short_forms():
    found = names(article("紫云自治县政协副主席带领调研组前往普安、盘州、晴隆、关岭等地开展走访调研。"))
    assert {"紫云苗族布依族自治县", "普安县", "盘州市", "晴隆县", "关岭布依族苗族自治县"} <= set(found)


def test_names_inside_media_brands_and_words_are_not_mentions():
    doc = article("河北日报讯 依托“静乐裁缝”品牌优势,增强历史使命感和政治责任感,静乐县群众就业。")
    found = names(doc)
    assert "河北省" not in found
    assert "和政县" not in found
    assert list(found) == ["静乐县"]
    assert any(not m.named and m.region.name == "河北省" for m in doc.regions)


def test_ambiguous_village_resolved_by_its_township():
    found = names(
        article("章寿禹对铜铃山镇上斜村、西坑畲族镇西坑村的低收入农户增收工作进行了督导检查。文成县。")
    )
    assert found["西坑民族村"] == "西坑畲族镇"  # the gazetteer's current name
    assert found["上斜村"] == "铜铃山镇"  # a village the gazetteer lacks keeps the text's township


def test_person_names_block_region_hits():
    found = names(article("广元市委常委、统战部部长叶长春出席会议。积极对接成都、西安等大中城市。"))
    assert "长春市" not in found
    assert found["西安市"] == "陕西省"


def test_renamed_counties_take_their_current_name():
    found = names(article("贵州省六盘水市盘县和湖北省襄樊市的干部群众。"))
    assert found["盘州市"] == "六盘水市"
    assert found["襄阳市"] == "湖北省"


def test_datelines_name_places_and_ethnic_counties_have_short_forms():
    found = names(article("新华社贵阳3月31日电 记者走进维西县和紫云自治县。"))
    assert found["贵阳市"] == "贵州省"
    assert found["维西傈僳族自治县"] == "迪庆藏族自治州"
    assert found["紫云苗族布依族自治县"] == "安顺市"


def test_one_character_township_needs_its_county_before_it():
    found = names(article("会后,市长到合阳县坊镇调研产业扶贫。作坊镇上。"))
    assert found["坊镇"] == "合阳县"
    assert list(found).count("坊镇") == 1


def test_no_division_is_its_own_ancestor():
    gaz = load()
    assert all(r.parent != k for k, r in gaz.regions.items())
    assert gaz.ancestors("441900") == ("440000",)  # 东莞市: its towns sit right under the city
    assert [r.key for r in gaz.lookup("虎门镇")] == ["441900/虎门镇"]


def test_names_are_found_where_a_lone_surrogate_stands_before_them():
    doc = recognize_regions(Document(source="t.txt", raw="", text="\ud800河北省张北县\ud800德胜村"))
    assert [(m.start, m.end, m.surface) for m in doc.regions if m.named][:2] == [
        (1, 4, "河北省"),
        (4, 7, "张北县"),
    ]


def test_a_village_made_up_on_lookup_has_its_township_above_it():
    gaz = load()
    village = gaz.lookup("慕塬村")[0]
    assert gaz.ancestors(village.key) == (village.parent, *gaz.ancestors(village.parent))


def test_a_short_form_leading_a_company_name_is_no_mention():
    found = names(article("加快浙江娃哈哈电商总部落户广元各项协调服务工作。浙江、广东等省份。"))
    assert found == {"广元市": "四川省", "浙江省": None, "广东省": None}
    assert [m.start for m in article("加快浙江娃哈哈电商总部落户。").regions if m.named] == []


def test_names_of_a_list_share_its_level_word():
    found = names(
        article("调研组深入会宁县中川、大沟和太平店三乡镇,随后前往甘肃、青海两省和临夏州康乐、广河等县。")
    )
    assert {found["中川镇"], found["大沟镇"], found["太平店镇"]} == {"会宁县"}
    assert found["青海省"] is None
    assert found["康乐县"] == found["广河县"] == "临夏回族自治州"
    assert "中川" not in names(article("会宁县的中川人在外打工。"))  # no level word after it: no list


def test_a_list_level_word_alone_names_no_township():
    assert "分乡镇" not in names(article("工作队深入部分乡镇农村观摩交流。"))  # 部分 is a word


def test_a_short_form_that_is_a_word_needs_the_text_to_make_it_a_place():
    plain = names(
        article("甘南州要深化合作,保护古城,推进惠民工程,维护和平稳定。中山大学专家和新华社记者到场。")
    )
    assert set(plain) == {"甘南藏族自治州"}
    listed = names(article("州领导到甘南合作、夏河等县市调研。"))
    assert listed["合作市"] == listed["夏河县"] == "甘南藏族自治州"
    assert names(article("合作市委书记出席会议。"))["合作市"] == "甘南藏族自治州"
    assert names(article("兴县县委召开常委会。"))["兴县"] == "吕梁市"  # a body of the county after its name


def test_a_body_about_a_region_is_no_mention_of_it():
    doc = article("省委台湾工作办公室主任、香港中联办副主任和澳门同济慈善会代表出席。")
    assert names(doc) == {}
    assert {m.region.name for m in doc.regions} >= {"台湾省", "香港特别行政区"}  # context only


def test_villages_the_gazetteer_lacks_keep_the_township_of_their_sentence():
    found = names(article("静乐县中庄乡中庄村、幸福社区和向阳村的群众。肯定村党组织的做法。"))
    assert found["幸福社区"] == found["中庄村"] == found["向阳村"] == "中庄乡"
    assert "肯定村" not in found  # 肯定 is a word, not a village's name


def test_banners_leagues_and_prefectures_by_their_conventional_short_forms():
    found = names(article("科右前旗、察右后旗、土左旗、莫旗和伊犁州、博州、东乡县的干部。"))
    assert found["科尔沁右翼前旗"] == "兴安盟"
    assert found["察哈尔右翼后旗"] == "乌兰察布市"
    assert found["土默特左旗"] == "呼和浩特市"
    assert found["莫力达瓦达斡尔族自治旗"] == "呼伦贝尔市"
    assert found["伊犁哈萨克自治州"] == found["博尔塔拉蒙古自治州"] == "新疆维吾尔自治区"
    assert found["东乡族自治县"] == "临夏回族自治州"


def test_a_township_written_without_its_ethnic_words_or_its_suffix():
    found = names(article("武隆区文复乡和静乐县丰润中学的教师。"))
    assert found["文复苗族土家族乡"] == "武隆区"
    assert found["丰润镇"] == "静乐县"


def test_variant_characters_t2s_leaves_alone_still_name_the_place():
    found = names(article("調研組來到新化縣瑯塘鎮,走訪貧困戶。"))
    assert found["琅塘镇"] == "新化县"


def test_mountains_named_after_a_place_are_no_mention_of_it():
    found = names(article("湖南省常德市的干部到武陵山片区调研,青海省祁连山国家公园和祁连县。"))
    assert "武陵区" not in found
    assert found["祁连县"] == "海北藏族自治州"


def test_a_place_name_across_the_edge_is_no_ordinary_word():
    found = names(article("东西部协作覆盖湖南湘西、四川凉山等深度贫困地区。"))
    assert found["湘西土家族苗族自治州"] == "湖南省"  # 南湘 is in the dictionary, as a place name


def test_a_dateline_without_a_date_names_its_place():
    found = names(article("新华社安康电 陕西省各地加快推进易地扶贫搬迁工作,祝大家幸福安康。"))
    assert found["安康市"] == "陕西省"  # 安康 is also a word: the dateline makes it the city
    assert "安康市" not in names(article("陕西省各地加快推进易地扶贫搬迁工作,祝大家幸福安康。"))
    doc = article("各地加快推进易地扶贫搬迁工作,西宁电视台报道。")
    assert [m.named for m in doc.regions if m.region.name == "西宁市"] == [False]
    # a radio site's dateline ends in 消息: 网银 across the site's name is no word there
    assert names(article("央广网银川8月2日消息（记者 李四）各地推进搬迁。")) == {"银川市": "宁夏回族自治区"}
    assert names(article("学习强国甘肃学习平台讯 各地推进搬迁。")) == {}  # a platform's name


def test_villages_listed_after_their_township_keep_it_when_the_gazetteer_lacks_them():
    found = names(
        article("静乐县中庄乡中庄村、甲乙丙村和丁戊村、贫困村的群众。武隆区火炉镇万峰村、沧沟乡大田村。")
    )
    assert found["甲乙丙村"] == found["丁戊村"] == "中庄乡"
    assert "贫困村" not in found
    assert "沧沟乡大田村" not in found  # the list goes on in the next township
    assert found["沧沟乡"] == "武隆区"


def test_a_township_after_its_county_keeps_the_county_the_gazetteer_does_not_give():
    found = names(article("调研组到会宁县新添镇调研,静乐县重点乡镇、静乐县美丽乡村、静乐县茶香小镇建设。"))
    assert found["新添镇"] == "会宁县"  # the gazetteer's 新添镇 lie in other counties
    assert set(found) == {"会宁县", "新添镇", "静乐县"}
    assert set(names(article("静乐县沿黄乡镇的群众。"))) == {"静乐县"}  # 乡镇 after the name: many townships
    assert names(article("群众来自静乐县城关镇"))["城关镇"] == "静乐县"  # at the text's very end too


def test_townships_listed_after_a_county_and_its_township_are_the_countys():
    found = names(article("会宁县新添镇、甲乙镇和丙丁乡的群众。"))
    assert found["甲乙镇"] == found["丙丁乡"] == "会宁县"  # townships the gazetteer lacks
    found = names(article("兴义市甲乙街道、丙丁街道的安置社区。"))
    assert found["甲乙街道"] == found["丙丁街道"] == "兴义市"  # 街道 itself is a word, but the suffix
    # the county's 米夏镇 (撤乡设镇), though the gazetteer's 米夏乡 lies in a neighbouring county
    assert names(article("莎车县米夏乡的群众。"))["米夏镇"] == "莎车县"
    assert names(article("喀什地区莎车县阿瓦提镇、米夏乡的群众。"))["米夏镇"] == "莎车县"
    # a listed township the gazetteer holds in another county keeps that county
    assert names(article("渭源县会川镇、洮阳镇的群众。"))["洮阳镇"] == "临洮县"


def test_lists_by_the_level_words_of_leagues_banners_and_prefectures():
    found = names(
        article("自治区领导到科右前旗、扎赉特旗等旗县和锡林郭勒、乌兰察布两盟市调研,又赴喀什、和田等地州。")
    )
    assert found["扎赉特旗"] == "兴安盟"
    assert found["锡林郭勒盟"] == found["乌兰察布市"] == "内蒙古自治区"
    assert found["喀什地区"] == found["和田地区"] == "新疆维吾尔自治区"


def test_villages_of_a_list_the_gazetteer_lacks_take_the_township_before_them():
    found = names(article("静乐县中庄乡甲乙、丙丁、戊己等村的群众。"))
    assert found["甲乙村"] == found["丙丁村"] == found["戊己村"] == "中庄乡"
    # a name's own suffix ends no list: 茶园 and 卫生院 are no 社区
    found = names(article("静乐县中庄乡中庄村茶园、卫生院和幸福社区。"))
    assert set(found) == {"静乐县", "中庄乡", "中庄村", "幸福社区"}
    # names of the list that carry their suffix keep it, a first character like 本 or 和 included
    found = names(article("渭源县会川镇本庙村、罗家磨村、半阴坡村等村和会川镇和平村的群众。"))
    assert {found["本庙村"], found["罗家磨村"], found["半阴坡村"], found["和平村"]} == {"会川镇"}
    assert not any(name.endswith("村村") for name in found)
    found = names(article("渭源县会川镇是药材大镇。在本庙村和罗家磨村，全村群众和村干部种植党参。"))
    assert found["本庙村"] == "会川镇"  # 本 is no 'this' before one character and 村
    assert {"全村", "和村"}.isdisjoint(found)


# Pieces of the region rules' grammar: names, suffixes, list marks, level words, words, variants.
_PIECES = [
    "会宁县",
    "中庄乡",
    "静乐县",
    "甲",
    "乙丙",
    "、",
    "和",
    "等",
    "两",
    "3个",
    "村",
    "社区",
    "乡镇",
    "县",
    "旗县",
]
_PIECES += [
    "合作",
    "古城",
    "台湾",
    "工作办公室",
    "山区",
    "瑯塘镇",
    "新化县",
    "县委",
    "电",
    "3月31日",
    "。",
    "部分",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14))
def test_any_arrangement_of_the_rules_pieces_gives_disjoint_mentions_of_the_text(pieces):
    text = "".join(pieces)
    doc = recognize_regions(Document(source="x", raw="", text=text, original=text))
    spans = sorted((m.start, m.end) for m in doc.regions)
    assert all(end <= start for (_, end), (start, _) in zip(spans, spans[1:], strict=False))
    assert all(m.surface == text[m.start : m.end] and m.region.name for m in doc.regions)
    gaz = load()
    assert all(m.region.parent is None or gaz.get(m.region.parent) for m in doc.regions)


def test_a_village_under_a_township_the_gazetteer_lacks_has_its_ancestors():
    doc = article("调研组到会宁县甲乙镇丙丁村,会宁县甲乙镇中庄乡。")
    gaz = load()
    village = next(m.region for m in doc.regions if m.region.name == "丙丁村")
    assert [gaz.get(k).name for k in gaz.ancestors(village.key)] == ["甲乙镇", "会宁县", "白银市", "甘肃省"]


def test_a_village_after_its_township_takes_the_gazetteers_community_of_the_same_name():
    found = names(article("调研组到会宁县会师镇桃花山村走访。"))
    assert found["桃花山社区"] == "会师镇"  # the village became a community


def test_a_village_misspelt_after_its_township_takes_its_name_but_a_shorter_name_is_another():
    found = names(article("渭源县会川镇李家岩村、王家村的群众。"))
    assert found["李家崖村"] == "会川镇"  # one character off: the township's 李家崖村
    assert (
        found["王家村"] == "会川镇"
    )  # no 王家咀村: the text's name is not the gazetteer's with a part left out


def test_a_full_name_read_into_a_person_name_stays_a_place():
    # 市长 + 阳县 and 书记 + 到汉滨区 read as names must not hide the counties they cross or hold
    found = names(article("湖北省宜昌市长阳县、五峰县和安康市汉滨区的干部。"))
    assert found["长阳土家族自治县"] == found["五峰土家族自治县"] == "宜昌市"
    text = "州委书记到石泉县、汉滨区调研。"
    doc = recognize_regions(
        Document(source="x", raw="", text=text, original=text), blocked=frozenset(range(4, 12))
    )
    assert [m.region.name for m in doc.regions] == ["石泉县", "汉滨区"]
    doc = Document(source="x", raw="", text="叶长春出席。", original="叶长春出席。")
    assert recognize_regions(doc, blocked=frozenset({0, 1, 2})).regions == []
    # a name read over one name of a list (到雷山) hides nothing when the list's others are places
    text = "州领导到雷山、台江、剑河三县调研,李高平、王五等县领导陪同。"
    doc = recognize_regions(
        Document(source="x", raw="", text=text, original=text), blocked=frozenset({3, 4, 5, 17, 18, 19})
    )
    assert [m.region.name for m in doc.regions] == ["雷山县", "台江县", "剑河县"]
    text = "省委书记赴临夏、甘南调研,叶长春、王五出席。"  # 赴临夏 and 叶长春 read as names
    doc = recognize_regions(
        Document(source="x", raw="", text=text, original=text), blocked=frozenset({4, 5, 6, 13, 14, 15})
    )
    assert [m.region.name for m in doc.regions] == ["临夏回族自治州", "甘南藏族自治州"]
    text = "昭觉县县长到三河村、火普村调研。"  # 到三河村 read as a name
    doc = recognize_regions(
        Document(source="x", raw="", text=text, original=text), blocked=frozenset(range(5, 10))
    )
    assert [m.region.name for m in doc.regions] == ["昭觉县", "三河村", "火普村"]


def test_words_after_a_township_are_no_village_the_gazetteer_lacks():
    found = names(article("静乐县中庄乡党员干部进村入户,中庄乡所有村、部分村和下辖村都通了路。"))
    assert set(found) == {"静乐县", "中庄乡"}
    assert set(names(article("兰州市城关区东岗街道的社区。"))) == {"兰州市", "城关区", "东岗街道"}
    found = names(article("静乐县中庄乡甲乙村、向阳村和团结社区。"))  # names the gazetteer holds elsewhere
    assert found["甲乙村"] == found["向阳村"] == found["团结社区"] == "中庄乡"


def test_conventional_short_forms_of_leagues_cities_and_autonomous_counties():
    found = names(article("锡盟、阿盟和呼市的干部到朝阳市喀左县、阜新市阜蒙县和呼伦贝尔市陈旗调研。"))
    assert found["锡林郭勒盟"] == found["阿拉善盟"] == found["呼和浩特市"] == "内蒙古自治区"
    assert found["喀喇沁左翼蒙古族自治县"] == "朝阳市"
    assert found["阜新蒙古族自治县"] == "阜新市"
    assert found["陈巴尔虎旗"] == "呼伦贝尔市"


def test_a_dateline_place_is_no_part_of_a_word_across_the_agency_name():
    found = names(article("据新华社长沙电 湖南省各地加快推进易地扶贫搬迁。"))
    assert found["长沙市"] == "湖南省"  # 社长 is a word, but not in a dateline
    assert "长沙市" not in names(article("湖南省某报社社长沙龙上发言。"))


def test_sumu_townships_as_the_text_names_them():
    found = names(article("调研组到鄂托克旗阿尔巴斯苏木、四子王旗查干补力格苏木和吉生太镇,走访牧民。"))
    assert found["阿尔巴斯苏木乡"] == "鄂托克旗"  # the gazetteer's form of the sumu
    assert found["查干补力格苏木"] == found["吉生太镇"] == "四子王旗"
    gaz = load()
    assert "四子王旗吉生太镇" not in gaz.townships_of("150929")  # the data's county prefix is dropped


def test_a_short_form_takes_the_reading_its_neighbours_support():
    found = names(article("天津市与甘肃、河北承德开展东西部扶贫协作。"))
    assert found["河北省"] is None and found["承德市"] == "河北省"  # not 天津's 河北区
    found = names(article("天津市与河北、甘肃两省开展协作。"))
    assert "河北省" in found and "河北区" not in found  # a list of provinces
    assert names(article("天津市河北区召开会议。"))["河北区"] == "天津市"


def test_a_gacha_as_texts_write_it_takes_the_gazetteers_name():
    found = names(article("阿拉善左旗吉兰泰镇乌西尔格嘎查、乌达木塔拉嘎查的牧民。"))
    assert found["乌西尔格嘎查村"] == found["乌达木塔拉嘎查村"] == "吉兰泰镇"
    assert "乌达区" not in found  # no short form inside the gacha's name
    found = names(article("阿拉善左旗召开会议。旗长到乌西尔格嘎查调研。"))
    assert found["乌西尔格嘎查村"] == "吉兰泰镇"


def test_a_short_form_leading_a_schools_name_or_a_lake_is_no_mention():
    doc = article("兰州理工大学、甘肃农业大学和陕西师范大学的专家到青海湖畔调研。")
    assert names(doc) == {}
    assert {m.region.name for m in doc.regions} == {"兰州市", "甘肃省", "陕西省"}  # context only
    assert names(article("北京协和医院的医生到甘肃各地医院义诊。")) == {"甘肃省": None}  # 各 ends a name
    assert names(article("宁夏银行、固原农商银行向移民发放贷款。")) == {}  # banks named after places
    assert names(article("农业银行宁夏分行向固原市发放贷款。"))["固原市"] == "宁夏回族自治区"


def test_lists_of_autonomous_counties_and_prefectures():
    found = names(article("调研组到石柱、秀山、酉阳等民族自治县和临夏、甘南两个自治州。"))
    assert {found["石柱土家族自治县"], found["秀山土家族苗族自治县"], found["酉阳土家族苗族自治县"]} == {
        "重庆市"
    }
    assert found["临夏回族自治州"] == found["甘南藏族自治州"] == "甘肃省"


def test_a_word_before_the_suffix_is_a_place_only_where_the_articles_regions_place_it():
    # the gazetteer holds one 壮大村 and one 文明乡, far from anything the text names
    assert names(article("要盘活农村资源资产,发展壮大村集体经济,建设文明乡镇。")) == {}
    assert names(article("汝城县文明乡的群众。"))["文明瑶族乡"] == "汝城县"


def test_a_level_word_that_takes_a_names_first_character_leaves_no_name():
    assert names(article("调研中,他来到县城东区的安置小区。")) == {}  # 县城 + 东区, not 城东区
    assert names(article("西宁市城东区、城西区。"))["城东区"] == "西宁市"


def test_a_short_form_ending_in_a_direction_before_another_is_a_direction():
    assert set(names(article("湘西北的张家界市、湖南湘西和黔西北地区。"))) == {
        "张家界市",
        "湖南省",
        "湘西土家族苗族自治州",
    }
    # a province's name before a city of its own, or before a direction of its own, is the province
    found = names(article("来自广西南宁、江西南昌县和陕西西安的企业到江西西南部考察。"))
    assert {"广西壮族自治区", "南宁市", "江西省", "南昌县", "陕西省", "西安市"} == set(found)


def test_long_township_and_village_names_of_uyghur_places():
    found = names(article("在伽师县卧里托格拉克镇和疏附县托克扎克镇阿亚格肖古孜村、甲乙丙丁戊己村调研。"))
    assert found["卧里托格拉克镇"] == "伽师县"
    assert found["阿亚格肖古孜村"] == found["甲乙丙丁戊己村"] == "托克扎克镇"


def test_a_town_become_a_subdistrict_takes_the_gazetteers_town():
    found = names(article("调研组到泸水市六库街道、大兴地镇调研。"))
    assert found["六库镇"] == found["大兴地镇"] == "泸水市"


def test_a_bridge_or_square_named_after_a_place_is_no_mention_of_it():
    assert names(article("调研组来到兰州市中山桥和中山广场。")) == {"兰州市": "甘肃省"}


def test_divisions_under_their_former_suffix_take_their_current_name():
    found = names(article("青海省乐都县、平安县和新疆哈密地区的干部。建设新城市。"))
    assert found["乐都区"] == found["平安区"] == "海东市"  # 撤县设区
    assert found["哈密市"] == "新疆维吾尔自治区"  # 撤地设市
    assert "新城区" not in found  # 新城 is a word: 新城市 is no former name
    found = names(article("1988年撤销商县设立商州市，后来黄冈地区的黄州市也撤市设区。"))
    assert found["商州区"] == "商洛市"  # 商州 is a place name, not a word that makes a phrase of 市
    assert found["黄州区"] == "黄冈市"


def test_a_market_named_by_a_word_is_no_city():
    assert names(article("村里新建市场一处，方便群众到新民市场卖菜。")) == {}
    assert names(article("兰州市场的蔬菜供应充足。")) == {"兰州市": "甘肃省"}


def test_short_forms_listed_with_a_sibling_support_each_other():
    found = names(article("他先后到康乐、和政、广河调研,又到夏河、碌曲检查工作。"))
    assert {found["康乐县"], found["和政县"], found["广河县"]} == {"临夏回族自治州"}
    assert found["夏河县"] == found["碌曲县"] == "甘南藏族自治州"
    assert names(article("要加强合作、团结和发展,保护古城、古镇。")) == {}


def test_a_township_of_a_county_the_text_names_survives_a_verb_ending_in_its_first_character():
    found = names(article("东乡族自治县县长杨维俊到达板镇调研，先后来到达板镇、锁南镇。"))
    assert found == {"东乡族自治县": "临夏回族自治州", "达板镇": "东乡族自治县", "锁南镇": "东乡族自治县"}
    assert "分乡镇" not in names(article("东乡族自治县部分乡镇开展了排查。"))  # 分乡镇 is in no region named


def test_a_township_of_several_counties_of_the_articles_prefecture_is_named_without_a_parent():
    doc = article("甘肃省陇南市。市委书记到城关镇调研，城关镇党委书记陪同。")
    assert names(doc)["城关镇"] is None  # 城关镇 lies in several counties of 陇南市
    assert {m.region.level for m in doc.regions if m.region.name == "城关镇"} == {"township"}
    assert "城关镇" not in names(article("城关镇的群众。"))  # no region named: no township at all
    assert "城关镇" not in names(article("定西市委书记到城关镇调研。"))  # none of 定西市's counties has one
    # a village of the gazetteer right after it says which county's it is
    found = names(article("陇南市委书记到城关镇东关村调研。"))
    assert found["城关镇"] == "徽县"
    assert found["东关村"] == "城关镇"


def test_a_village_the_gazetteer_lacks_right_after_its_county_keeps_the_county():
    found = names(article("他来到渭源县甲乙村、东乡县布楞沟村，了解情况。"))
    assert found["甲乙村"] == "渭源县"  # the text's parent: no township is named
    assert found["布楞沟村"] == "高山乡"  # the gazetteer's village of the county: its township
    found = names(article("渭源县新农村建设、渭源县出列村、渭源县深度贫困村，临县驻村工作队。"))
    assert not any(name.endswith("村") for name in found)  # words, not villages


def test_a_township_before_a_village_beginning_with_a_street_word_or_a_direction_is_named():
    # 街子镇 begins with 街, 桥林村 with 桥, 北街村 with a direction and 街: no street's name before them
    found = names(article("游仙区街子镇、井冈山市大陇镇桥林村、定襄县宏道镇北街村的群众。"))
    assert found["街子镇"] == "游仙区"
    assert found["大陇镇"] == "井冈山市"
    assert found["北街村"] == "宏道镇"
    assert names(article("游客来到兰州中山桥。")) == {"兰州市": "甘肃省"}  # 中山桥 is still a bridge


def test_a_village_does_not_take_the_suffix_of_the_township_before_it():
    found = names(article("越西县南箐镇南新村、揭西县凤江镇东新村的群众。"))
    assert found["南新村"] == "南箐镇"  # not the gazetteer's 镇南新村 elsewhere
    assert found["东新村"] == "凤江镇"


def test_names_that_t2s_writes_otherwise_are_read_as_t2s_writes_them():
    # the text is read after t2s, which writes 乾 as 干: 乾安县, 乾县
    found = names(article("松原市乾安县水字镇、咸阳市乾县的群众。"))
    assert found["乾安县"] == "松原市"
    assert found["水字镇"] == "乾安县"
    assert found["乾县"] == "咸阳市"


def test_villages_named_like_mountain_villages_and_lists_counted_after_names_made_of_numerals():
    found = names(article("醴陵市王仙镇灌冲村、李山村和洞口县高沙镇龙山村的群众走出偏远山村、小山村。"))
    assert found["李山村"] == "王仙镇" and found["龙山村"] == "高沙镇"  # 山村 ends their names
    assert "偏远山村" not in found and "小山村" not in found  # the words
    found = names(article("中江县联合镇群利、八一两村和永修县立新乡竹岭、坂上两村的群众。"))
    assert found["八一村"] == found["群利村"] == "联合镇"  # 八一 is a name, 两 the count
    assert found["坂上村"] == "立新乡"  # no 上两村 across the count
    found = names(article("龙马潭区胡市镇来寺、敦和两村的群众。"))
    assert found["敦和村"] == "胡市镇"  # 和 ends the name: no joining word with nothing after it


def test_a_division_next_to_one_within_it_takes_the_reading_that_holds_it():
    # two 海州区 (连云港市, 阜新市): the one holding a 浦南镇 right after it
    found = names(article("海州区浦南镇、新坝镇等乡镇的干部参加会议。"))
    assert found == {"海州区": "连云港市", "浦南镇": "海州区", "新坝镇": "海州区"}
    # 山 after 泗县 begins its township's name, not a mountain's
    assert names(article("宿州市泗县山头镇的群众。"))["泗县"] == "宿州市"
