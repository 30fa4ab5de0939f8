"""Arbitrary text never makes a stage raise: scraped pages hold every kind of character."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.model import Document
from kg.pipeline import STAGES, process
from kg.recognize.dates import find_dates
from kg.recognize.officials import read_name
from kg.recognize.programs import find_programs
from kg.text.html import html_text
from kg.text.normalize import _sentences, normalize

FRAGMENTS = [
    *"县委书记 副县长 常务副市长 一级巡视员 县领导 主任 村党支部书记 驻村第一书记 同志 一行".split(),
    *"山西省 静乐县 忻州市 河西村 车道乡 城关镇 西坑畲族镇 和政 长春 衡水 镇巴".split(),
    *"王昕 魏茹生 李永成、孟宪璋 叶长春 阿依古丽·买买提 欧阳 习近平总书记 武国定副省长".split(),
    *"县委副书记兼县长 党组成员、副主任 副市长阿刘时布， 盟长奇巴图、 促进会副理事长、 委员会 王爱和带队".split(),
    *"刘奇书记、易炼红省长 市委常委、电白区委书记 农业农村部副部长 黄冈、孝感两市 副县长高山参加".split(),
    *"调研 视察 督查 召开 举行 主持 出席 参加 陪同 座谈会 推进会议 指出 强调 表示 会后 随后".split(),
    *"易地扶贫搬迁 易地搬迁 两不愁三保障 两不愁,三保障 以工代赈办 五个一批".split(),
    *"8月26日 2019年5月17日 8月24日至25日 5月14至16日 2月30日 13月1日 10月12日上午".split(),
    *"记者 责任编辑： 来源： 首页 > 分享到 版权所有 ICP备 扫一扫".split(),
    "發(fā)",
    "年【nián】",
    "(fā)",
    "（ ）",
    "[ ]",
    "【】",
    "“",
    "”",
    "《",
    "》",
    "，",
    "。",
    "、",
    "；",
    "：",
    "！",
    "？",
    "\n",
    "\r\n",
    " ",
    "\u3000",
    "\ufeff",
    "\u200b",
    "\x00",
    "\x07",
    "\x1b",
    "<p>",
    "</p>",
    "<script>",
    "</div>",
    "&nbsp;",
    "<br/>",
]
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
PIECES = st.one_of(st.sampled_from(FRAGMENTS), CJK, st.characters(), st.text(max_size=5))
TEXTS = st.lists(PIECES, max_size=120).map("".join)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NAMES = [name for name, _ in STAGES]


@FAST
@given(TEXTS)
def test_normalize_keeps_its_invariants(raw: str) -> None:
    doc = normalize(Document(source="t.txt", raw=raw))
    assert len(doc.original) == len(doc.text)
    assert normalize(Document(source="t.txt", raw=doc.text)).text == doc.text
    for s in doc.sentences:
        assert 0 <= s.start < s.end <= len(doc.text) and doc.text[s.start : s.end] == s.text


@pytest.mark.parametrize("stage", NAMES[1:])
@FAST
@given(raw=TEXTS)
def test_no_stage_raises_after_normalize(stage: str, raw: str) -> None:
    doc = Document(source="t.txt", raw=raw)
    for _, run in STAGES[: NAMES.index(stage) + 1]:
        doc = run(doc)


@pytest.mark.parametrize("stage", NAMES[1:])
@FAST
@given(text=TEXTS)
def test_no_stage_raises_on_text_that_skipped_normalize(stage: str, text: str) -> None:
    doc = Document(source="t.txt", raw=text, original=text, text=text, sentences=_sentences(text))
    for _, run in STAGES[1 : NAMES.index(stage) + 1]:
        doc = run(doc)


@FAST
@given(TEXTS)
def test_the_whole_pipeline_never_raises(raw: str) -> None:
    doc = process(Document(source="t.txt", raw=raw))
    for event in doc.events:
        assert 0 <= event.sentence < len(doc.sentences)


@FAST
@given(TEXTS, st.integers(min_value=0, max_value=200))
def test_a_name_read_is_the_text_at_its_start(text: str, i: int) -> None:
    name = read_name(text, i) if i < len(text) else None
    assert name is None or (text.startswith(name, i) and (2 <= len(name) <= 4 or "·" in name))


@FAST
@given(TEXTS, st.integers(min_value=0, max_value=200))
def test_text_functions_never_raise(text: str, i: int) -> None:
    find_dates(text)
    find_programs(text)
    if i < len(text):
        read_name(text, i)
    html_text(text)


@FAST
@given(
    st.lists(
        st.sampled_from(["<div>", "</div>", "<p>", "<nav>", "<article>", "</article>", "<a>", "<br>"]) | TEXTS
    ).map("".join)
)
def test_html_text_never_raises_on_tag_soup(page: str) -> None:
    assert "<nav>" not in html_text(page)
