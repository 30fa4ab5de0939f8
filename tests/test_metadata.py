from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.model import Document
from kg.text.metadata import is_boilerplate, read_metadata, to_simplified
from kg.text.normalize import normalize
from kg.text.read import read_document

SHARED = Path(__file__).parents[2] / "shared"
needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason="the shared sample articles are not checked out"
)


def sample(stem: str) -> Document:
    folder = SHARED / ("corpus" if stem.startswith("c") else "seeds")
    (path,) = folder.glob(f"{stem}*.txt")
    return normalize(read_document(path))


def meta(*lines: str) -> Document:
    doc = Document(source="t.txt", raw="\n".join(lines))
    read_metadata(doc, list(lines))
    return doc


# Published date


@needs_shared
@pytest.mark.parametrize(
    ("stem", "published"),
    [
        ("001", "2018-05-19"),
        ("003", "2021-01-20"),
        ("004", "2020-08-26"),
        ("c005", "2019-11-11"),
        ("c006", "2020-04-10"),
        ("000", None),
        ("c013", None),
        ("c008", None),
    ],
)
def test_published_date_of_samples(stem: str, published: str | None) -> None:
    assert sample(stem).published == published


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("2018-05-19 12:26:04 來源:各界導報", "2018-05-19"),
        ("2020年08月26日08:09 來源:河北日報", "2020-08-26"),
        ("2019/11/11 12:27(11/11 12:51 更新)", "2019-11-11"),
        ("2020-04-10 16:24:08來源:廣西新聞網", "2020-04-10"),
        ("发布时间:2021-01-20", "2021-01-20"),
        ("来源:人民网 2020-3-5 09:00", "2020-03-05"),
        ("来源:中国扶贫网 作者:张三 发布日期:2019-11-11", "2019-11-11"),
        ("【字体:大 中 小】2020-08-26 08:09:01 浏览次数:", "2020-08-26"),
        ("http://zkxww.com/news/zhoukou/yw/2020-03-19/295841.html", None),
        ("2020年3月18日,市长主持召开会议。", None),
        ("2019-02-30 10:00 来源:山西日报", None),
        ("2019-13-01 10:00", None),
        ("15.08.2016 10:21 来源:某某日报", "2016-08-15"),
        ("发布时间:2020年08月26日 星期三", "2020-08-26"),
        ("2019-11-26 09:14", "2019-11-26"),
        ("您的位置:某某网 > 专题 > 正文 | 2019-03-29 阅读量:", "2019-03-29"),
        ("当前位置:某某日报 第2018-10-16期 第A6版:要闻", "2018-10-16"),
        ("版本 1.2.2016", None),
        ("【发布时间:2020-08-26】【字体:大 中 小】", "2020-08-26"),
        ("首页 | 15.08.2016 | 扶贫动态", "2016-08-15"),
        ("时间:2019-11-26 作者:张三", "2019-11-26"),
        ("更新时间:2019年11月26日10时20分", "2019-11-26"),
        ("2019-11-26 出处:某某日报", "2019-11-26"),
        ("上传时间:2019-11-26", "2019-11-26"),
        ("发布于2019-11-26", "2019-11-26"),
        ("2019年11月26日讯(记者 张三)", "2019-11-26"),
        ("2019年11月26日 某某日报", "2019-11-26"),
        ("某某日报2019-11-26", "2019-11-26"),
        ("2019年11月26日 第3版", "2019-11-26"),
        ("《某某日报》（2019年11月26日 04 版）", "2019-11-26"),  # a print edition cited
        ("某某日报 2019年11月26日 A4版", "2019-11-26"),
        ("二〇一九年十一月二十六日", "2019-11-26"),
        ("二〇二〇年二月三十日", None),
        ("2019年11月26日,某某日报记者从县扶贫办获悉。", None),
    ],
)
def test_published_date_from_dateline(line: str, published: str | None) -> None:
    assert meta("标题在这里有六个字", line, "正文。").published == published


DATELINE_FORMATS = (
    "{d.year}-{d.month:02d}-{d.day:02d} 09:14 来源:某报",
    "{d.year}年{d.month:02d}月{d.day:02d}日08:09 来源:某报",
    "{d.day:02d}.{d.month:02d}.{d.year} 10:21",
    "发布时间:{d.year}年{d.month}月{d.day}日 星期三",
    "【发布时间:{d.year}-{d.month}-{d.day}】【字体:大 中 小】",
    "当前位置:某某日报 第{d.year}-{d.month:02d}-{d.day:02d}期 第A6版",
    "您的位置:首页 > 正文 | {d.year}-{d.month:02d}-{d.day:02d} 阅读量:",
    "{d.year}年{d.month}月{d.day}日 某某日报",
    "上传时间:{d.year}/{d.month}/{d.day} 来源:某网",
)


_CN = "〇一二三四五六七八九"


def _chinese(n: int) -> str:
    """A month or day in Chinese numerals: 9 → 九, 11 → 十一, 26 → 二十六, 30 → 三十."""
    tens, ones = divmod(n, 10)
    return ("" if tens < 2 else _CN[tens]) + ("十" if tens else "") + (_CN[ones] if ones else "")


@given(st.dates(date(1990, 1, 1), date(2029, 12, 31)))
def test_a_dateline_in_chinese_numerals_reads_back(day: date) -> None:
    line = "".join(_CN[int(c)] for c in str(day.year)) + f"年{_chinese(day.month)}月{_chinese(day.day)}日"
    assert meta("标题在这里有六个字", line, "正文。").published == day.isoformat()


@given(st.dates(date(1990, 1, 1), date(2029, 12, 31)), st.sampled_from(DATELINE_FORMATS))
def test_any_date_in_any_dateline_format_reads_back(day: date, form: str) -> None:
    assert meta("标题在这里有六个字", form.format(d=day), "正文。").published == day.isoformat()


def test_a_banner_of_todays_date_gives_way_to_the_articles_dateline() -> None:
    assert (
        meta("2018年1月5日| 联系热线:12345", "标题在这里有六个字", "2020-02-28 15:55 来源:某网").published
        == "2020-02-28"
    )
    assert meta("2018年1月5日| 联系热线:12345", "标题在这里有六个字", "正文。").published == "2018-01-05"


def test_dateline_must_be_near_the_top() -> None:
    body = [f"第{i}段正文内容。" for i in range(10)]
    assert meta(*body, "2020-01-02 10:00 来源:某报").published is None
    assert meta(*body[:3], "2020-01-02 10:00 来源:某报").published == "2020-01-02"


# Publisher


@needs_shared
@pytest.mark.parametrize(
    ("stem", "publisher"),
    [
        ("001", "各界导报-各界新闻网"),
        ("003", "山西日报"),
        ("004", "河北日报"),
        ("c006", "广西新闻网"),
        ("000", None),
    ],
)
def test_publisher_of_samples(stem: str, publisher: str | None) -> None:
    assert sample(stem).publisher == publisher


def test_publisher_on_a_line_of_its_own_at_the_bottom() -> None:
    lines = ["标题在这里有六个字", *[f"第{i}段正文内容。" for i in range(10)], "(來源:河北日報)"]
    assert meta(*lines).publisher == "河北日报"


# Headline


@needs_shared
@pytest.mark.parametrize(
    ("stem", "headline"),
    [
        ("000", "山西省发改委来静乐县调研易地扶贫搬迁后续产业扶持和“补短板”"),
        ("002", "庆阳市深度贫困地区脱贫攻坚工作会议召开"),
        ("004", "王东峰:坚持突出产业扶贫就业扶贫科技扶贫 坚决打赢脱贫攻坚战全面建成小康社会"),
        ("c005", "中国穷乡县长为扶贫 双11直播卖农产品"),
        ("c006", "陈武深入西林、隆林调研并主持召开广西脱贫攻坚挂牌督战第四次调度会"),
        ("c003", "县长章寿禹暗访督查低收入农户增收工作"),
        ("001", None),
        ("c011", None),
        ("c014", None),
    ],
)
def test_headline_of_samples(stem: str, headline: str | None) -> None:
    assert sample(stem).headline == headline


def test_headline_skips_tags_and_short_lines() -> None:
    assert (
        meta("【专题】", "首页", "县长调研低收入农户增收工作", "正文。").headline
        == "县长调研低收入农户增收工作"
    )
    assert meta("一段很长的正文,以句号结尾,不是标题。", "县长调研低收入农户增收工作").headline is None


# Authors


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("庆阳网讯(记者 何海峰 李彬)10月12日上午,会议召开。", ["何海峰", "李彬"]),
        ("檢查學校開學復課準備情況。記者 梁凱昌 攝", ["梁凯昌"]),
        ("河北日報訊(記者四建磊)8月24日至25日", ["四建磊"]),
        ("本报记者李全宏", ["李全宏"]),
        ("(作者:張福娟)", ["张福娟"]),
        ("編輯: 劉艷宇", ["刘艳宇"]),
        ("编辑:孙雅茹责任编辑:吴树权", ["孙雅茹", "吴树权"]),
        ("(責編:吳楠、呂騰龍)", ["吴楠", "吕腾龙"]),
        ("仍是待克服的挑戰。(編輯:賴言曦/沈朋達)1081111", ["赖言曦", "沈朋达"]),
        ("【标题】(编:杨通航审:吴贤和)", ["杨通航", "吴贤和"]),
        ("周口广电全媒体记者 李森 和畅", ["李森", "和畅"]),
        ("打贏脫貧攻堅這場硬仗。(溫江濤 趙連玉)", ["温江涛", "赵连玉"]),
        ("堅決打贏新林村脫貧攻堅戰。(熊伏佳)", ["熊伏佳"]),
        ("2020-04-10 16:24:08來源:廣西新聞網編輯:駱秋妤責編:胡曉萌", ["骆秋妤", "胡晓萌"]),
        ("(记者 张三 通讯员 李四)", ["张三", "李四"]),
        ("責任編輯:wenjinliang", []),
        ("記者了解到,這個村級扶貧電站是由億利資源集團投資建設的", []),
        ("曾是貧困戶的成繼平對記者說:“以前養的牛都是外地牛販來收。”", []),
        ("盤州市的天刺力(刺梨)產業", []),
        ("利用拼多多(PDD)直播。", []),
        ("会后召开座谈会。(新华社)", []),
    ],
)
def test_authors_from_bylines(line: str, authors: list[str]) -> None:
    assert meta(line).authors == authors


def test_authors_are_deduplicated_in_order() -> None:
    assert meta("(记者 李彬 何海峰)", "记者 何海峰 摄", "编辑:王涛", "(李彬)").authors == [
        "李彬",
        "何海峰",
        "王涛",
    ]


@needs_shared
@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("000", {"温江涛", "赵连玉"}),
        ("001", {"张福娟", "刘艳宇"}),
        ("002", {"何海峰", "李彬", "孙雅茹", "吴树权"}),
        ("003", {"李全宏", "吉政"}),
        ("004", {"四建磊", "吴楠", "吕腾龙"}),
        ("c003", {"林佳涛"}),
        ("c006", {"骆秋妤", "胡晓萌", "梁凯昌", "龚文颖"}),
        ("c010", {"熊伏佳"}),
        ("c013", {"李森", "和畅", "王涛"}),
    ],
)
def test_authors_of_samples(stem: str, expected: set[str]) -> None:
    assert set(sample(stem).authors) == expected


@needs_shared
def test_no_authors_where_no_bylines() -> None:
    assert sample("c001").authors == []
    assert sample("c012").authors == []


# Boilerplate and conversion


@pytest.mark.parametrize(
    "line",
    [
        "中國共產黨新聞網>>干部論壇",
        "• 陇东报数字报",
        "分享到微信朋友圈",
        "微信“掃一掃”添加“學習大國”",
        "※ 網站聯繫電話:18295883981 郵箱:someone@163.com",
        "中央社一手新聞APP Icon中央社一手新聞APP",
        "こちらのページは繁体字版です。日本語版「フォーカス台湾」に移動しますか。",
        "以上文章僅代表作者個人觀點,本網只是轉載,如涉及作品內容、版權問題,請聯繫我們。",
        "1、凡本網注明“來源:互聯網輿情忻州” 的所有作品",
        "推荐阅读",
        "原標題:堅持突出產業扶貧",
    ],
)
def test_boilerplate(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "庆阳市深度贫困地区脱贫攻坚工作会议召开",
        "“五級書記”抓扶貧 齊心協力交總賬",
        "記者了解到,這個村級扶貧電站是由億利資源集團投資建設的。",
        "通过手机APP销售农产品,带动贫困户增收的做法在全县推广,取得了明显成效。",
        "河南省太康县",
        "",
    ],
)
def test_not_boilerplate(line: str) -> None:
    assert not is_boilerplate(line)


def test_to_simplified() -> None:
    assert to_simplified("發展乾隆後來") == "发展乾隆后来"


@given(st.text())
def test_to_simplified_keeps_length(text: str) -> None:
    assert len(to_simplified(text)) == len(text)


NAME = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,4}")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text() | st.sampled_from(["记者 张三", "(责编:李四)", "2020-02-29 10:00", "来源:某报"])))
def test_read_metadata_never_raises(lines: list[str]) -> None:
    doc = Document(source="t.txt", raw="")
    read_metadata(doc, lines)
    if doc.published is not None:
        assert date.fromisoformat(doc.published).isoformat() == doc.published
    assert all(NAME.fullmatch(name) for name in doc.authors)
    assert len(doc.authors) == len(set(doc.authors))
    assert doc.headline is None or 0 < len(doc.headline) < 80


# The shortcuts of the boilerplate rules give what the plain rules give.

LINE_PIECES = ["版权", "所有", "^", "首页", ">", "分享到", "微信", "添加", "编辑：", "(", "）", "Copyright", "app",
               "村", "，", "。", " ", "|", "ニュース", "abc", "2020-08-26", "记者", "王五"]  # fmt: skip


@settings(max_examples=300)
@given(st.lists(st.sampled_from(LINE_PIECES), max_size=10).map("".join))
def test_the_split_rule_search_finds_what_one_alternation_finds(line: str) -> None:
    from kg.text import metadata

    rules = metadata._COPYRIGHT + metadata._CREDITS + metadata._NAVIGATION + metadata._MARKERS
    assert metadata._AnyRule(rules).search(line) == bool(metadata._any_of(rules).search(line))


CASE_PIECES = [
    *LINE_PIECES,
    "COPYRIGHT",
    "cOpyright",
    "cookie",
    "COOKIES",
    "E-mail",
    "EMAIL",
    "邮箱",
    ":",
    "：",
]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(CASE_PIECES), max_size=10).map("".join))
def test_the_guarded_rules_find_what_the_plain_rules_find(line: str) -> None:
    from kg.text import metadata

    rules = (
        metadata._COPYRIGHT + metadata._CREDITS + metadata._SHARE + metadata._NAVIGATION + metadata._MARKERS
    ) + metadata._CONTACT
    plain = re.compile("|".join(f"(?:{rule})" for rule in rules))
    assert metadata._ALWAYS.search(line) == bool(plain.search(line))


def test_case_blind_rules_take_either_case():
    from kg.text.metadata import is_boilerplate

    for line in (
        "COPYRIGHT 2020 某某网",
        "copyright © 某某网",
        "E-MAIL: x@y",
        "Email：x",
        "本站使用 Cookies",
    ):
        assert is_boilerplate(line), line


@settings(max_examples=300)
@given(st.lists(st.sampled_from(LINE_PIECES), max_size=10).map("".join))
def test_foreign_lines_are_counted_as_before(line: str) -> None:
    from kg.text import metadata

    cjk = len(re.findall(f"[{metadata.CJK}]", line))
    expected = sum(map(str.isalpha, line)) - cjk > cjk or len(re.findall("[\u3040-\u30ff]", line)) >= 2
    assert metadata._is_foreign(line) == expected


DATELINE_PREFIXES = (
    "",
    "发布时间：",
    "时间:",
    "日期：",
    "来源：某报 ",
    "某报 ",
    "【",
    "（",
    "作者：张三 ",
    "信息来源：县扶贫办 ",
)
DATELINE_SUFFIXES = ("", " 10:20", " 来源：某报", " 作者：张三", "】", " 某报", " 浏览次数：", " 星期二", " 第3版",
                     " 字号：大 中 小", " 【打印】", " 分享到：", " 信息来源：某网", " 编辑：李四", " 发布者：admin", " 来自：某网")  # fmt: skip


@given(
    st.dates(date(1990, 1, 1), date(2029, 12, 31)),
    st.sampled_from(DATELINE_PREFIXES),
    st.sampled_from(
        ("{d.year}-{d.month:02d}-{d.day:02d}", "{d.year}年{d.month}月{d.day}日", "{d.year}/{d.month}/{d.day}")
    ),
    st.sampled_from(DATELINE_SUFFIXES),
)
def test_a_date_between_page_labels_is_the_dateline(day: date, before: str, form: str, after: str) -> None:
    line = before + form.format(d=day) + after
    assert meta("标题在这里有六个字", line, "正文。").published == day.isoformat()
