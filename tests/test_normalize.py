from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.model import Document
from kg.text import normalize as normalize_module
from kg.text.metadata import to_simplified
from kg.text.normalize import normalize
from kg.text.read import read_document

SHARED = Path(__file__).parents[2] / "shared"
needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason="the shared sample articles are not checked out"
)


def norm(raw: str) -> Document:
    return normalize(Document(source="t.txt", raw=raw))


def sample(stem: str) -> Document:
    """Seed `000`… or corpus `c005`, normalized."""
    folder = SHARED / ("corpus" if stem.startswith("c") else "seeds")
    (path,) = folder.glob(f"{stem}*.txt")
    return normalize(read_document(path))


# Pinyin glosses


@pytest.mark.parametrize(
    ("raw", "original"),
    [
        ("發(fā)展", "發展"),
        ("協調(diào)發(fā)展", "協調發展"),
        ("今年【nián】以来", "今年以来"),
        ("發（fā）展", "發展"),
        ("村[cūn]级", "村级"),
        ("紧【jǐn】紧【jǐn】围绕", "紧紧围绕"),
        ("發(fā)(fā)展", "發展"),
        ("發( fā )展", "發展"),
        ("規(guī mó)化", "規化"),
    ],
)
def test_pinyin_glosses_are_removed(raw: str, original: str) -> None:
    assert norm(raw).original == original


@pytest.mark.parametrize(
    "kept",
    [
        "文成新闻网(记者林佳涛)5月16日",
        "拼多多(PDD)平台",
        "规划(2018)年",
        "普安县(一红一白)产业",
        "英文(Fā)名",
    ],
)
def test_other_parentheses_are_kept(kept: str) -> None:
    assert norm(kept).original == kept


def _tidy_by_substitution(line: str) -> str:
    """What `_tidy` does, without its shortcut for lines that need nothing."""
    line = line.translate(normalize_module._HALF_WIDTH)
    while True:
        tidied = normalize_module._PINYIN.sub("", normalize_module._SPACES.sub(" ", line).strip())
        if tidied == line:
            return line
        line = tidied


PIECES = ["發", "展", "村", " ", "  ", "\t", "\u3000", "\xa0", "\x1c", "(fā)", "（fā）", "【nián】", "[cūn]", "( fā )",
          "(", "）", "a", "１", "，"]  # fmt: skip


@settings(max_examples=300)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_tidy_takes_its_shortcut_only_when_nothing_would_change(line: str) -> None:
    assert normalize_module._tidy(line) == _tidy_by_substitution(line)


def test_traditional_text_is_converted_and_aligned() -> None:
    doc = norm("發(fā)改委來靜樂縣調(diào)研")
    assert doc.original == "發改委來靜樂縣調研"
    assert doc.text == "发改委来静乐县调研"
    assert doc.traditional


# Spacing and width


def test_full_width_letters_digits_and_spaces_become_half_width() -> None:
    assert norm("ＧＤＰ增长１２％，全年ａｂ\u3000目标达成").original == "GDP增长12％，全年ab 目标达成"


def test_line_breaks_and_runs_of_spaces() -> None:
    doc = norm("  第一行\t\t有  空格 \r\n\r\n第二行\r第三行 with  中文较多的一行  ")
    assert doc.original == "第一行有空格\n第二行\n第三行 with 中文较多的一行"


def test_spaces_between_chinese_characters_and_punctuation_are_closed_up() -> None:
    raw = "4月27日 , 县人大常委会副主任到江古镇调研 。 他强调 , 要因地制宜 。“ 发现 ”"
    assert norm(raw).original == "4月27日,县人大常委会副主任到江古镇调研。他强调,要因地制宜。“发现”"


@needs_shared
def test_spaced_punctuation_of_c008_is_closed_up() -> None:
    doc = sample("c008")
    assert "4月27日,县人大常委会副主任蒋友锡" in doc.text
    assert " , " not in doc.text and " 。" not in doc.text


# Boilerplate


@needs_shared
def test_seed_000_keeps_the_article_and_drops_the_notices() -> None:
    doc = sample("000")
    lines = doc.text.split("\n")
    assert lines[0] == "山西省发改委来静乐县调研易地扶贫搬迁后续产业扶持和“补短板”"
    assert lines[1].startswith("8月26日,山西省发改委一级巡视员魏茹生来静乐县调研")
    assert lines[-1].startswith("魏茹生要求,攻坚深度贫困堡垒")
    assert lines[-1].endswith("打赢脱贫攻坚这场硬仗。(温江涛赵连玉)")
    for noise in ("责任编辑", "wenjinliang", "版权", "凡本网", "转载", "电话", "邮箱", "推荐"):
        assert noise not in doc.text
    assert len(lines) == 7


@needs_shared
def test_spam_line_of_seed_003_is_dropped() -> None:
    doc = sample("003")
    assert doc.text.split("\n")[-1].startswith("八年精准扶贫,五年脱贫攻坚")
    for noise in ("丝袜", "无码", "一区二区", "版权声明", "责任编辑", "浏览次数", "本报记者"):
        assert noise not in doc.text


@needs_shared
def test_navigation_and_share_prompts_of_seed_002_are_dropped() -> None:
    doc = sample("002")
    assert doc.text.split("\n")[0] == "庆阳市深度贫困地区脱贫攻坚工作会议召开"
    for noise in ("陇东报数字报", "客户端", "首页", "分享到", "扫一扫", "编辑:", "相关稿件"):
        assert noise not in doc.text
    assert "市委书记贠建民出席会议并讲话。" in doc.text


@needs_shared
def test_page_text_of_c005_is_dropped() -> None:
    doc = sample("c005")
    for noise in (
        "browser",
        "English",
        "フォーカス",
        "APP",
        "App",
        "隐私",
        "下载",
        "编辑:",
        "1081111",
        "转载",
    ):
        assert noise not in doc.text
    assert doc.text.split("\n")[0] == "中国穷乡县长为扶贫双11直播卖农产品"
    assert doc.text.split("\n")[-1].endswith("仍是待克服的挑战。")


@needs_shared
def test_header_and_repeated_captions_of_c006_are_dropped() -> None:
    doc = sample("c006")
    lines = doc.text.split("\n")
    assert "城市远洋" not in doc.text and "来源:" not in doc.text
    assert lines.count("陈武深入西林、隆林调研并主持召开广西脱贫攻坚挂牌督战第四次调度会") == 1
    assert len(lines) == len(set(lines))


@needs_shared
def test_traditional_and_simplified_copies_of_a_line_count_as_duplicates() -> None:
    doc = sample("c002")
    assert doc.text.count("县政协赴普安、晴隆等县走访调研产业发展助推脱贫攻坚工作") == 1


@needs_shared
def test_c008_markers_and_prefix() -> None:
    doc = sample("c008")
    lines = doc.text.split("\n")
    assert lines[1].startswith("4月27日,县人大常委会副主任蒋友锡")  # 内容提要: cut, the text kept
    for noise in ("内容提要", "文章图片", "推荐阅读", "编:", "审:", "【"):
        assert noise not in doc.text


@pytest.mark.parametrize(
    ("stem", "noise"),
    [
        ("c010", "分享到"),
        ("c014", "ICP"),
        ("c014", "地址"),
        ("c015", "关闭"),
        ("c013", "编辑"),
        ("c013", "李森"),
    ],
)
@needs_shared
def test_corpus_boilerplate_is_dropped(stem: str, noise: str) -> None:
    assert noise not in sample(stem).text


def test_duplicate_lines_are_dropped_after_the_first() -> None:
    doc = norm("标题一行字在这里\n正文第一段。\n标题一行字在这里\n標題一行字在這裡\n正文第二段。")
    assert doc.text == "标题一行字在这里\n正文第一段。\n正文第二段。"


@pytest.mark.parametrize(
    "line",
    [
        "首页 > 时政",
        "要闻 城市远洋 | 老外在广西 直观中国 | 视频 | 原创",
        "Your browser does not appear to support Traditional Chinese.",
        "※※※ —— ※※※",
        "蜀ICP备20008106号-1 政府网站标识码:5108000042",
        "精品黑色丝袜在线观看_亚洲中文字幕乱码少妇",
        "(责编:吴楠、吕腾龙)",
        "2021-01-20 10:34:19 来源:山西日报 浏览次数:",
        "【关闭】",
    ],
)
def test_boilerplate_lines_are_dropped(line: str) -> None:
    assert norm(f"正文第一段。\n{line}\n正文第二段。").text == "正文第一段。\n正文第二段。"


def test_trailing_editor_credit_is_cut_from_a_paragraph() -> None:
    assert norm("仍是待克服的挑战。(编辑:赖言曦/沈朋达)1081111").text == "仍是待克服的挑战。"


# Sentences


def test_sentences_split_on_terminators_and_lines() -> None:
    doc = norm("他说:“好。”然后走了!真的吗?是的;\n下一行没有句号\n  \n最后。")
    assert [s.text for s in doc.sentences] == [
        "他说:“好。”",
        "然后走了!",
        "真的吗?",
        "是的;",
        "下一行没有句号",
        "最后。",
    ]
    for s in doc.sentences:
        assert doc.text[s.start : s.end] == s.text


def test_sentence_offsets_skip_surrounding_spaces() -> None:
    doc = norm("ab测试句子。 12个人来了!")
    assert [s.text for s in doc.sentences] == ["ab测试句子。", "12个人来了!"]
    assert doc.sentences[1].start == doc.text.index("12")


@needs_shared
def test_simplified_source_is_not_traditional() -> None:
    assert not sample("002").traditional
    assert sample("000").traditional


@needs_shared
@pytest.mark.parametrize("stem", ["000", "001", "002", "003", "004", "c002", "c005", "c006", "c008", "c009"])
def test_samples_are_stable_under_normalize(stem: str) -> None:
    doc = sample(stem)
    assert norm(doc.text).text == doc.text
    assert norm(doc.original).original == doc.original
    assert to_simplified(doc.original) == doc.text


# Properties

PIECES = [
    "(fā)", "（fā）", "【nián】", "[cūn]", " ", "  ", "\t", "\n", "\r\n", "\u3000", "。", ",", "，", "!", "”", "“",
    "(", ")", "|", ">", "ａ", "１", "记者", "編輯:", "来源:", "2020-01-02 10:00", "版权", "丝袜", "无码", "PDD",
    "發", "发", "乾", "著", "後", "於",
]  # fmt: skip
cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
articles = st.one_of(
    st.text(),
    st.lists(st.one_of(cjk, st.sampled_from(PIECES), st.characters()), max_size=60).map("".join),
)
property_settings = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@property_settings
@given(articles)
def test_normalize_never_raises_and_keeps_text_aligned(raw: str) -> None:
    doc = norm(raw)
    assert len(doc.text) == len(doc.original)
    assert "\r" not in doc.text
    assert all(line and line == line.strip() for line in doc.text.split("\n")) or doc.text == ""


@property_settings
@given(articles)
def test_normalize_is_idempotent(raw: str) -> None:
    text = norm(raw).text
    assert norm(text).text == text


@property_settings
@given(articles)
def test_sentences_are_ordered_slices_of_the_text(raw: str) -> None:
    doc = norm(raw)
    end = 0
    for s in doc.sentences:
        assert end <= s.start < s.end <= len(doc.text)
        assert doc.text[s.start : s.end] == s.text == s.text.strip()
        end = s.end


@property_settings
@given(st.lists(st.tuples(cjk, st.sampled_from(["", "(fā)", "【nián】", "（lǜ）", "(guī mó)"])), min_size=1))
def test_pinyin_glosses_leave_no_trace(pairs: list[tuple[str, str]]) -> None:
    plain = "".join(ch for ch, _ in pairs)
    glossed = "".join(ch + gloss for ch, gloss in pairs)
    assert norm(glossed).original == norm(plain).original


@settings(max_examples=300)
@given(st.text(alphabet=" \t\u3000\n（(【[a扶贫", max_size=8))
def test_a_line_is_untidy_where_the_plain_rule_says(line: str) -> None:
    import re

    plain = re.compile(r"^\s|\s$|\s\s|[^\S ]|[(（【\[]")  # white space at an end, in a run or not a space
    assert bool(normalize_module._UNTIDY.search(line)) == bool(plain.search(line))
