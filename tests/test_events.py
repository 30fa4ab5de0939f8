from kg.extract.events import vocabulary
from kg.model import Document
from kg.recognize.gazetteer import load
from tests.conftest import article


def events(doc: Document) -> list[tuple]:
    gaz = load()
    return [
        (e.kind, e.date, gaz.get(e.location).name if e.location else None, e.lead, sorted(e.participants))
        for e in doc.events
    ]


def test_inspection_with_stops_is_one_event_at_the_common_parent():
    doc = article(
        "2020年08月26日08:09 来源:河北日报\n"
        "8月24日至25日,省委书记王东峰在衡水市调研检查。\n"
        "王东峰首先来到位于衡水市故城县的产业园区。\n"
        "王东峰来到武邑县清凉店镇鲍贤兰村,认真察看养鸡现场。\n"
        "省领导高志立、时清霜参加调研检查。"
    )
    assert events(doc) == [("inspection", "2020-08-24", "衡水市", ["王东峰"], ["时清霜", "王东峰", "高志立"])]


def test_meeting_date_without_year_and_leads_from_chairing_and_speaking():
    doc = article(
        "3月29日,新林村脱贫攻坚再动员会议召开。市政协副主席徐德华出席会议并讲话,市政协提案委主任罗建明主持会议。\n"
        "新林村第一支书夏志忠汇报了新林村脱贫攻坚工作情况。"
    )
    [meeting] = events(doc)
    assert meeting[:3] == ("meeting", "--03-29", "新林村")
    assert set(meeting[3]) == {"徐德华", "罗建明"}
    assert meeting[4] == ["夏志忠", "徐德华", "罗建明"]


def test_destination_list_gives_the_common_parent_and_range_start():
    doc = article(
        "5月14至16日,紫云自治县政协副主席张成学带领调研组前往普安、盘州、晴隆、关岭等地开展走访调研。"
    )
    assert events(doc) == [("inspection", "--05-14", "贵州省", ["张成学"], ["张成学"])]


def test_reported_speech_and_references_are_not_events():
    doc = article(
        "王东峰指出,要强化督查检查,落实习近平总书记两次视察山西重要讲话精神。"
        "会议的主要任务是学习贯彻全省工作会议精神。即将在紫云召开年会。"
    )
    assert doc.events == []


def test_meeting_and_inspection_in_one_sentence_with_captions():
    doc = article(
        "2020-04-10 16:24:08来源:广西新闻网\n"
        "4月8日,自治区主席陈武来到西林县民族高中,检查学校开学复课准备情况。\n"
        "4月9日,自治区主席陈武在隆林主持召开自治区脱贫攻坚挂牌督战第四次调度会。\n"
        "4月7日至9日,自治区主席陈武深入百色市西林县、隆林各族自治县调研,并在隆林主持召开自治区脱贫攻坚挂牌督战第四次调度会。"
    )
    found = events(doc)
    assert ("inspection", "2020-04-07", "百色市", ["陈武"], ["陈武"]) in found
    assert ("meeting", "2020-04-09", "隆林各族自治县", ["陈武"], ["陈武"]) in found
    assert len(found) == 2


def test_attendees_without_a_lead():
    doc = article(
        "6月29日上午,娄烦县举行光伏扶贫电站并网合闸仪式,市委副书记李新春,县委副书记、县长李树忠等出席。"
    )
    assert events(doc) == [("meeting", "--06-29", "娄烦县", [], ["李新春", "李树忠"])]


def test_a_range_gives_the_event_its_end_date():
    doc = article("2021-06-09 来源:县融媒体中心\n6月3日至5日,县委书记王立军到城关镇调研。")
    [event] = doc.events
    assert (event.date, event.end_date) == ("2021-06-03", "2021-06-05")


def test_event_words_are_rows_of_a_data_file(tmp_path):
    table = tmp_path / "words.tsv"
    table.write_text("word\trole\n蹲点\tinspection\n恳谈\tmeeting-kind\n\n", encoding="utf-8")
    assert vocabulary(table) == {"inspection": ["蹲点"], "meeting-kind": ["恳谈"]}
    words = vocabulary()
    assert {"督战", "观摩"} <= set(words["inspection"]) and "座谈" in words["meeting-kind"]


def test_meeting_day_and_venue_said_after_its_name():
    doc = article(
        "2021-03-09 10:00 来源:某报\n全市脱贫攻坚推进会5日在静乐县召开,市委书记张明远出席会议并讲话。"
    )
    assert events(doc) == [("meeting", "2021-03-05", "静乐县", ["张明远"], ["张明远"])]


def test_sitting_during_a_trip_is_its_own_meeting_at_the_trips_place_and_day():
    doc = article(
        "6月19日,副市长赵立新到静乐县娑婆乡、鹅城镇观摩易地扶贫搬迁。县委书记张明远一同参加。\n"
        "在随后的座谈会上,张明远汇报了全县工作,赵立新要求压实责任。"
    )
    found = events(doc)
    assert [e[:3] for e in found] == [("inspection", "--06-19", "静乐县"), ("meeting", "--06-19", "静乐县")]
    assert found[0][4] == ["张明远", "赵立新"] and found[1][4] == ["张明远", "赵立新"]


def test_a_meeting_named_by_its_bare_noun_is_the_latest_such_meeting():
    doc = article(
        "3月2日,副省长赵立新到静乐县调研,并召开忻州、吕梁两市脱贫攻坚座谈会。\n"
        "县委书记张明远,县长王昕参加座谈会。"
    )
    assert [e[:3] for e in events(doc)] == [
        ("inspection", "--03-02", "静乐县"),
        ("meeting", "--03-02", "静乐县"),
    ]
    assert events(doc)[1][4] == ["张明远", "王昕", "赵立新"]


def test_joint_report_of_a_trip_and_its_meeting_puts_the_names_in_both():
    doc = article(
        "5月6日至7日,市人大代表在静乐县娑婆乡、丰润镇开展专题调研。副市长赵立新,县委书记张明远参加专题调研和座谈会。\n"
        "7日在静乐县召开的座谈会上,代表们听取了汇报。"
    )
    found = events(doc)
    assert [e[:3] for e in found] == [("inspection", "--05-06", "静乐县"), ("meeting", "--05-07", "静乐县")]
    assert all(e[4] == ["张明远", "赵立新"] for e in found)


def test_a_call_is_a_meeting_where_it_was_received():
    doc = article("2020-05-10 来源:某报\n8日,县委书记张明远在静乐县会见了省扶贫办主任刘永忠一行。")
    assert events(doc) == [("meeting", "2020-05-08", "静乐县", ["张明远"], ["刘永忠", "张明远"])]


def test_a_speech_opening_the_next_paragraph_puts_its_speaker_at_the_meeting():
    doc = article(
        "9月2日,全市易地扶贫搬迁推进会在静乐县召开。副市长赵立新主持会议。\n县长王昕指出,要抓好后续扶持。"
    )
    assert events(doc)[0][4] == ["王昕", "赵立新"]


def test_visits_cited_by_their_speech_offices_and_speech_are_not_events():
    doc = article(
        "8月3日,县委书记张明远主持召开县委常委会,传达学习习近平总书记视察山西重要讲话精神。"
        "县委督查室主任李永成汇报了督查情况。\n"
        "张明远指出,要抓好落实。去年省里召开现场会,县长王昕作了交流。"
    )
    [meeting] = events(doc)
    assert meeting[0] == "meeting" and "王昕" not in meeting[4]


def test_a_body_meeting_after_a_trip_to_a_township_sits_in_the_county():
    doc = article(
        "6月8日,县委书记张明远带队到鹅城镇督查脱贫攻坚工作。副县长李永成随同督查。"
        "当天下午,张明远主持召开县委常委会议,听取督查情况汇报。"
    )
    assert [e[:3] for e in events(doc)] == [
        ("inspection", "--06-08", "鹅城镇"),
        ("meeting", "--06-08", "静乐县"),
    ]


def test_habits_tallies_and_titles_are_no_visits():
    doc = article(
        "2019年以来,县委书记张明远先后深入全县乡镇调研30余次,曾经多次到娑婆乡督导。"
        "县扶贫办二级调研员李永成在指导下完成。"
    )
    assert doc.events == []


def test_a_news_agency_dateline_is_not_the_day_of_the_visit():
    doc = article("新华社太原3月31日电 近日,市长王昕在静乐县调研时指出,要巩固成果。")
    assert events(doc) == [("inspection", None, "静乐县", ["王昕"], ["王昕"])]


def test_the_object_of_a_trip_does_not_take_its_subject_away():
    doc = article(
        "6月5日至6日,市人大常委会副主任刘一鸣带领执法检查组,对静乐县、岢岚县贯彻落实扶贫条例情况进行执法检查。"
    )
    assert events(doc) == [("inspection", "--06-05", "忻州市", ["刘一鸣"], ["刘一鸣"])]


def test_a_programme_named_at_a_stop_of_the_trip_is_the_inspections():
    doc = article(
        "6月8日,副省长贺天才到静乐县督导脱贫攻坚工作。\n"
        "调研组一行来到娑婆乡光伏扶贫电站,了解发电收益。\n"
        "近年来,全县深入推进易地扶贫搬迁。"
    )
    [event] = doc.events
    assert event.programs == ["光伏扶贫"]


def test_presence_verb_naming_a_kind_joins_the_latest_event_of_that_kind():
    doc = article(
        "近日,省人大常委会副主任刘一鸣带领调研组来静乐县开展专题调研。调研组实地察看了娑婆乡光伏扶贫电站,"
        "召开座谈会听取汇报。县委书记张明远陪同调研并汇报工作。"
    )
    assert events(doc) == [("inspection", None, "静乐县", ["刘一鸣"], ["刘一鸣", "张明远"])]


def test_before_the_meeting_is_its_day_unless_a_length_of_time_is_given():
    meeting = "10月26日,全市易地扶贫搬迁推进会在静乐县召开,副市长赵立新出席会议。\n"
    same_day = article(meeting + "会前,赵立新一行到娑婆乡调研安置点。")
    assert [(e[0], e[1]) for e in events(same_day)] == [("meeting", "--10-26"), ("inspection", "--10-26")]
    weeks = article(meeting + "会前,静乐县政协组织委员开展为期20天的专项视察调研。")
    assert [(e[0], e[1]) for e in events(weeks)] == [("meeting", "--10-26"), ("inspection", None)]


def test_a_meeting_in_a_city_named_by_its_one_character_short_form():
    doc = article("3月5日,全国脱贫攻坚工作推进会在京召开,国务院扶贫办主任刘永富出席会议并讲话。")
    assert events(doc) == [("meeting", "--03-05", "北京市", ["刘永富"], ["刘永富"])]
    doc = article("2020-05-20 来源:某报\n12日,省委书记王东峰在蓉会见了国务院扶贫办主任刘永富一行。")
    assert events(doc)[0][:3] == ("meeting", "2020-05-12", "成都市")


def test_the_headline_and_the_body_of_one_meeting_are_one_event():
    doc = article(
        "张明远主持召开县委常委会议\n2020-06-10 来源:静乐县融媒体中心\n"
        "6月9日,静乐县委书记张明远主持召开县委常委(扩大)会议,研究脱贫攻坚工作。县长王昕参加会议。"
    )
    assert [e[:2] for e in events(doc)] == [("meeting", "2020-06-09")]


def test_two_meetings_named_apart_on_one_day_are_two_events():
    doc = article(
        "6月9日上午,县委书记张明远主持召开县委常委会议,研究脱贫攻坚工作。\n"
        "6月9日下午,全县脱贫攻坚推进会召开。县长王昕主持会议。"
    )
    assert [(e[0], e[1], e[4]) for e in events(doc)] == [
        ("meeting", "--06-09", ["张明远"]),
        ("meeting", "--06-09", ["王昕"]),
    ]


def test_a_meeting_room_is_no_second_meeting():
    doc = article("9月2日,全县脱贫攻坚述职会在静乐县委会议室举行,县委书记张明远主持会议。")
    assert [e[:3] for e in events(doc)] == [("meeting", "--09-02", "静乐县")]


def test_presence_words_of_a_later_paragraph_bring_their_names_to_the_event():
    doc = article(
        "9月2日,全县易地扶贫搬迁推进会在静乐县召开。县委书记张明远主持会议。\n"
        "会议听取了各乡镇汇报。\n"
        "到会的还有副县长李永成、县政协主席孟宪璋。"
    )
    assert events(doc)[0][4] == ["孟宪璋", "张明远", "李永成"]


def test_the_same_people_on_the_next_day_continue_the_trip():
    doc = article(
        "李俊明在静乐县调研\n2019-11-26 09:14 来源:忻州日报\n"
        "11月24日,市委书记李俊明在娑婆乡调研脱贫攻坚工作。\n"
        "11月25日,李俊明在鹅城镇调研易地扶贫搬迁工作。\n"
        "11月20日,李俊明在岢岚县调研。"
    )
    found = [(e.date, e.end_date, load().get(e.location).name) for e in doc.events]
    assert found == [("2019-11-24", "2019-11-25", "静乐县"), ("2019-11-20", None, "岢岚县")]


def test_trip_opened_by_a_verb_of_going_takes_its_people_day_and_place_from_that_sentence():
    doc = article(
        "2019-11-26 09:14 来源：甘肃日报\n"
        "11月24日，省委书记林铎来到临夏州东乡族自治县。他先后深入达板镇、龙泉镇，实地察看搬迁安置点建设情况。"
        "省委常委、秘书长李元平陪同。"
    )
    assert events(doc) == [("inspection", "2019-11-24", "东乡族自治县", ["林铎"], ["李元平", "林铎"])]


def test_a_trips_opening_reaches_its_verb_across_paragraphs_but_not_far():
    opening = "11月24日，省委书记林铎来到东乡族自治县。\n"
    doc = article(opening + "林铎强调，要压实责任。\n在龙泉镇，林铎实地察看搬迁安置点建设情况。")
    assert events(doc) == [("inspection", "--11-24", "龙泉镇", ["林铎"], ["林铎"])]  # its one stop
    far = "东乡县是深度贫困县。全县有贫困人口三万人。近年来，全县实施易地扶贫搬迁。"
    doc = article(opening + far + "\n实地察看搬迁安置点建设情况。")
    assert events(doc) == []  # nobody named, no day: no event


def test_a_trip_opened_and_then_attended_or_named_by_the_headline_is_reported():
    doc = article("11月24日，省委书记林铎来到东乡族自治县。\n林铎强调，要压实责任。\n副省长张锦刚一同调研。")
    assert events(doc) == [("inspection", "--11-24", "东乡族自治县", ["林铎"], ["张锦刚", "林铎"])]
    doc = article(
        "林铎到临夏州调研 坚决打赢深度贫困歼灭战\n2019-11-26 来源：某报\n"
        "11月24日，省委书记林铎来到东乡族自治县。\n林铎强调，要压实责任。"
    )
    assert events(doc) == [("inspection", "2019-11-24", "东乡族自治县", ["林铎"], ["林铎"])]
    doc = article("11月24日，省委书记林铎来到东乡族自治县。\n林铎强调，要压实责任。")
    assert events(doc) == []  # no word of an inspection: a visit is not one


def test_presence_after_a_speech_ends_the_speech():
    doc = article(
        "2020年5月20日 10:20 来源：云南网\n"
        "5月18日，省长阮成发到昭通市镇雄县调研。他强调，要坚决打赢脱贫攻坚战。"
        "昭通市委书记杨亚林、市长郭大进一同调研。"
    )
    assert events(doc) == [("inspection", "2020-05-18", "镇雄县", ["阮成发"], ["杨亚林", "郭大进", "阮成发"])]


def test_attending_the_meeting_names_no_second_meeting():
    doc = article(
        "2月28日上午，县委书记张伟主持召开县委常委会会议。县委副书记、县长刘军出席会议，副县长周涛列席会议。"
    )
    assert events(doc) == [("meeting", "--02-28", None, ["张伟"], ["刘军", "周涛", "张伟"])]


def test_a_meeting_that_names_no_place_has_none_whatever_its_chair_governs():
    doc = article("3月5日，镇巴县委书记王建军主持召开脱贫攻坚推进会。")
    assert events(doc) == [("meeting", "--03-05", None, ["王建军"], ["王建军"])]


def test_a_sitting_after_a_sentence_of_going_sits_where_and_when_they_went():
    doc = article(
        "2019年11月26日 来源：某报\n11月24日，省委书记林铎来到东乡族自治县。在县委会议室，林铎主持召开座谈会，听取意见。"
    )
    assert events(doc) == [("meeting", "2019-11-24", "东乡族自治县", ["林铎"], ["林铎"])]


def test_afternoon_is_the_day_just_reported_and_the_next_day_follows_it():
    doc = article(
        "2019年12月26日 来源：某报\n"
        "12月31日上午，东乡族自治县召开脱贫攻坚推进会。县委书记马国忠主持会议。"
        "下午，马国忠带队到龙泉镇督查脱贫攻坚工作。\n次日，县长杨维俊到锁南镇检查搬迁工作。"
    )
    found = events(doc)
    assert ("inspection", "2018-12-31", "龙泉镇", ["马国忠"], ["马国忠"]) in found
    assert ("inspection", "2019-01-01", "锁南镇", ["杨维俊"], ["杨维俊"]) in found


def test_places_a_meeting_discussed_are_not_where_it_sat_and_a_body_sits_in_its_region():
    doc = article(
        "3月14日，省委常委会召开会议，研究临夏回族自治州东乡族自治县、积石山县脱贫摘帽工作，部署挂牌督战工作。"
        "省委书记林铎主持会议。"
    )
    assert events(doc) == [("meeting", "--03-14", "甘肃省", ["林铎"], ["林铎"])]
    doc = article(
        "3月14日，县委县政府召开脱贫攻坚推进会，听取龙泉镇、达板镇工作汇报。东乡族自治县县长杨维俊主持会议。"
    )
    assert events(doc) == [("meeting", "--03-14", "东乡族自治县", ["杨维俊"], ["杨维俊"])]


def test_what_the_article_tells_of_before_the_event_adds_nobody_to_it():
    for background in (
        "近年来，东乡族自治县县委书记马国忠带领干部群众苦干实干。",
        "据了解，2018年，原县委书记马国忠曾带领干部开展产业扶贫。",
    ):
        doc = article(f"2019年11月26日 来源：某报\n11月24日，省委书记林铎在东乡族自治县调研。\n{background}")
        assert events(doc) == [("inspection", "2019-11-24", "东乡族自治县", ["林铎"], ["林铎"])]


def test_leading_people_in_general_makes_no_lead_and_a_cited_leader_is_not_present():
    doc = article(
        "11月24日，省委书记林铎在东乡族自治县调研。县委书记马国忠带领全县干部群众苦干实干。\n"
        "11月25日，全县脱贫攻坚推进会召开。县委书记马国忠主持会议，传达了习近平总书记关于扶贫工作的重要论述。"
    )
    assert [e[3:] for e in events(doc)] == [(["林铎"], ["林铎", "马国忠"]), (["马国忠"], ["马国忠"])]


def test_a_meeting_name_with_a_bracketed_qualifier_is_one_meeting():
    doc = article("11月24日，州委书记郭鹤立主持召开州委常委会（扩大）会议。州委副书记、州长杨维俊出席会议。")
    assert [e[3:] for e in events(doc)] == [(["郭鹤立"], ["杨维俊", "郭鹤立"])]


def test_a_report_spanning_two_earlier_ones_joins_them_into_one_trip():
    doc = article(
        "4月7日，自治区主席陈武在西林县调研。\n4月9日，陈武在隆林各族自治县调研。\n"
        "4月7日至9日，自治区主席陈武深入百色市西林县、隆林各族自治县调研。"
    )
    assert events(doc) == [("inspection", "--04-07", "百色市", ["陈武"], ["陈武"])]


def test_who_speaks_at_a_meeting_nobody_chairs_leads_it():
    doc = article("11月24日上午，东乡族自治县召开脱贫攻坚推进会。\n县委书记马国忠在会上强调，要压实责任。")
    assert events(doc) == [("meeting", "--11-24", "东乡族自治县", ["马国忠"], ["马国忠"])]


def test_who_only_attended_a_sitting_during_a_trip_was_not_on_the_trip():
    doc = article(
        "11月24日，省委书记林铎在东乡族自治县龙泉镇调研。\n"
        "在北庄湾村，林铎主持召开座谈会。村党支部书记马强汇报了工作。州委书记郭鹤立参加座谈会。"
    )
    found = {e[0]: e for e in events(doc)}
    assert found["inspection"][4] == ["林铎", "马强"]  # who reported at the sitting was where the trip went
    assert found["meeting"][4] == ["林铎", "郭鹤立", "马强"]


def test_a_tour_of_party_inspection_is_an_inspection_and_its_grade_is_not():
    doc = article("11月24日，中央第十五巡视组组长张明一行到甘肃省开展巡视。")
    assert [e[:3] for e in events(doc)] == [("inspection", "--11-24", "甘肃省")]
    doc = article("11月24日，全省脱贫攻坚推进会在兰州市召开。省政府一级巡视员张明出席会议。")
    assert [e[:3] for e in events(doc)] == [("meeting", "--11-24", "兰州市")]


def test_a_headline_trip_of_unnamed_leaders_takes_the_body_opening_and_reporters_join_it():
    doc = article(
        "春节前夕 县领导走访慰问困难群众\n2019-01-22 来源：镇巴县人民政府\n"
        "1月20日上午，县委副书记、县长李明到渔渡镇坪溪村开展“四访”活动。\n"
        "驻村第一书记刘强汇报了村里的脱贫工作。\n县委常委、办公室主任陈华参加活动。"
    )
    assert events(doc) == [("inspection", "2019-01-20", "坪溪村", ["李明"], ["刘强", "李明", "陈华"])]
    doc = article("1月20日，县委书记张伟在镇巴县调研。\n近两年，坪溪村党支部书记刘强介绍，村里发展了产业。")
    assert events(doc) == [("inspection", "--01-20", "镇巴县", ["张伟"], ["张伟"])]


def test_a_meeting_named_right_after_a_dateline_is_named_without_it():
    doc = article(
        "新华社北京3月6日电 决战决胜脱贫攻坚座谈会6日下午在北京召开。习近平总书记出席会议并发表重要讲话。"
    )
    [meeting] = doc.events
    assert (meeting.label, meeting.date) == ("决战决胜脱贫攻坚座谈会", "--03-06")


def test_a_body_of_a_level_holds_its_meeting_in_the_article_region_of_that_level():
    for sentence in (
        "3月11日，省扶贫开发领导小组召开会议，研究部署脱贫攻坚工作。省委书记林铎主持会议。",
        "3月11日，省委书记林铎主持召开省脱贫攻坚指挥部第二次会议。",
    ):
        doc = article(sentence + "会议指出，甘肃脱贫攻坚取得决定性进展，临夏州要攻克深度贫困堡垒。")
        assert events(doc) == [("meeting", "--03-11", "甘肃省", ["林铎"], ["林铎"])]
    doc = article(
        "3月11日，自治区党委书记石泰峰主持召开自治区党委常委会会议。会议指出，宁夏固原市要巩固脱贫成果。"
    )
    assert events(doc) == [("meeting", "--03-11", "宁夏回族自治区", ["石泰峰"], ["石泰峰"])]


def test_the_whole_region_of_an_autonomous_region_is_not_one_of_its_counties():
    doc = article(
        "3月11日，自治区主席陈武主持召开全区脱贫攻坚工作会议。会议指出，西林县等广西深度贫困县要如期摘帽。"
    )
    assert events(doc) == [("meeting", "--03-11", "广西壮族自治区", ["陈武"], ["陈武"])]
    doc = article("3月11日，区委书记王刚主持召开全区脱贫攻坚推进会。会议要求，原州区各乡镇要查漏补缺。")
    assert events(doc) == [("meeting", "--03-11", "原州区", ["王刚"], ["王刚"])]


def test_a_trip_to_some_units_of_a_region_is_located_in_that_region():
    doc = article(
        "3月11日至12日，副省长李斌带领督查组深入部分市县督查脱贫攻坚工作。\n督查组指出，甘肃省任务依然繁重。"
    )
    assert events(doc) == [("inspection", "--03-11", "甘肃省", ["李斌"], ["李斌"])]
    doc = article(
        "3月11日，县委书记马国忠到各乡镇督查脱贫攻坚工作。\n据了解，东乡族自治县今年计划脱贫1万人。"
    )
    assert events(doc) == [("inspection", "--03-11", "东乡族自治县", ["马国忠"], ["马国忠"])]


def test_the_place_named_after_our_province_is_where_the_trip_went():
    doc = article(
        "国务院扶贫办督查组到贵州督查\n"
        "6月18日，国务院扶贫办副主任洪天云率督查组到我省黔西南州督查脱贫攻坚工作。省扶贫办主任李建陪同督查。"
    )
    assert events(doc) == [
        ("inspection", "--06-18", "黔西南布依族苗族自治州", ["洪天云"], ["李建", "洪天云"])
    ]


def test_a_long_meeting_name_is_its_label_whole():
    doc = article("1月10日，紫阳县召开2018年度乡镇党委书记抓脱贫攻坚工作述职评议会。县委书记陈勇主持会议。")
    assert [e.label for e in doc.events] == ["2018年度乡镇党委书记抓脱贫攻坚工作述职评议会"]


def test_a_trip_to_a_township_and_then_another_is_the_county_s():
    opening = "5月18日，县委书记李明到镇巴县长岭镇九阵坝村调研脱贫攻坚工作。县委常委王强陪同。\n"
    doc = article(opening + "随后，李明来到三元镇，察看产业园区建设情况。")
    assert events(doc) == [("inspection", "--05-18", "镇巴县", ["李明"], ["李明", "王强"])]
    doc = article(opening + "随后，李明来到长岭镇田坝村，察看产业园区建设情况。")
    assert events(doc) == [("inspection", "--05-18", "长岭镇", ["李明"], ["李明", "王强"])]
    doc = article(opening + "随后，李明来到西乡县，察看茶园建设情况。")
    assert events(doc)[0][2] == "九阵坝村"  # another county: not widened to the city


def test_who_goes_with_a_list_of_companions_leads_the_trip():
    doc = article(
        "5月30日，市委书记郭青在市委副书记王强，平利县委书记张伟等陪同下，深入平利县调研脱贫攻坚工作。"
    )
    assert events(doc) == [("inspection", "--05-30", "平利县", ["郭青"], ["张伟", "王强", "郭青"])]


def test_a_meeting_in_a_body_s_building_sits_in_that_body_s_region():
    for sentence in (
        "5月30日，脱贫攻坚推进会在县委三楼会议室召开。县委书记张伟出席并讲话。",
        "5月30日，县委书记张伟在县行政中心主持召开脱贫攻坚推进会。",
    ):
        doc = article(sentence + "会议要求，平利县各镇要压实责任。")
        assert events(doc) == [("meeting", "--05-30", "平利县", ["张伟"], ["张伟"])]
    doc = article("5月30日，县委书记张伟在市场监管局主持召开脱贫攻坚推进会。会议要求，平利县各镇要压实责任。")
    assert events(doc)[0][2] is None  # 在市场…: no 市 of the article


def test_meeting_nouns_of_the_genre_are_meetings():
    for noun in ("对接会", "交流会", "新闻发布会", "碰头会", "常务会", "通气会", "研判会"):
        doc = article(f"5月30日，平利县召开脱贫攻坚{noun}。县委书记张伟出席并讲话。")
        assert events(doc) == [("meeting", "--05-30", "平利县", ["张伟"], ["张伟"])], noun


def test_officials_going_respectively_to_places_make_one_trip_each():
    doc = article(
        "5月30日，市委书记郭青、市长赵俊民分别到平利县、岚皋县调研脱贫攻坚工作。"
        "平利县委书记张伟，岚皋县委书记李刚分别陪同。"
    )
    assert events(doc) == [
        ("inspection", "--05-30", "平利县", ["郭青"], ["张伟", "郭青"]),
        ("inspection", "--05-30", "岚皋县", ["赵俊民"], ["李刚", "赵俊民"]),
    ]
    doc = article("5月30日，市委书记郭青、市长赵俊民到平利县、岚皋县调研脱贫攻坚工作。")
    assert events(doc) == [("inspection", "--05-30", "安康市", ["郭青", "赵俊民"], ["赵俊民", "郭青"])]


def test_a_province_visited_by_its_one_character_short_form_where_the_article_names_it():
    doc = article("7月9日，国务院扶贫办主任刘永富来甘调研脱贫攻坚工作。刘永富指出，甘肃脱贫攻坚成效明显。")
    assert events(doc) == [("inspection", "--07-09", "甘肃省", ["刘永富"], ["刘永富"])]
    doc = article("7月9日，民政部副部长高晓兵赴滇开展调研。云南省副省长陈舜陪同。")
    assert events(doc) == [("inspection", "--07-09", "云南省", ["高晓兵"], ["陈舜", "高晓兵"])]
    doc = article("7月9日，全国政协副主席马培华率调研组来疆调研。当天，新疆喀什地区召开座谈会。")
    assert events(doc)[0][:3] == ("inspection", "--07-09", "新疆维吾尔自治区")
    doc = article("7月9日，国务院扶贫办主任刘永富来甘调研脱贫攻坚工作。")
    assert events(doc)[0][2] is None  # the article names no place in 甘肃: the character alone is no basis


def test_a_visiting_party_that_looks_at_sites_is_on_an_inspection():
    doc = article(
        "5月30日，全县易地扶贫搬迁推进会在平利县召开，副市长王强参加会议。"
        "会前，王强一行实地查看了老县镇、长安镇的安置点。"
    )
    assert events(doc) == [
        ("meeting", "--05-30", "平利县", [], ["王强"]),
        ("inspection", "--05-30", "平利县", ["王强"], ["王强"]),
    ]
    doc = article("5月30日，副市长王强到平利县调研。县委书记张伟查看了安置点台账。")
    assert [e[0] for e in events(doc)] == ["inspection"]  # 查看 without a visiting party: no trip of its own


def test_what_a_trip_s_people_only_attend_in_its_sentence_is_a_stop_of_the_trip():
    doc = article(
        "5月30日，副省长王强率调研组先后在平利县、岚皋县调研，并出席在平利县举行的社区工厂揭牌仪式。"
    )
    assert events(doc) == [("inspection", "--05-30", "安康市", ["王强"], ["王强"])]
    doc = article("5月30日，副省长王强在平利县调研，并在老县镇主持召开脱贫攻坚座谈会。")
    assert [e[0] for e in events(doc)] == ["inspection", "meeting"]  # one they chair is a sitting of its own
