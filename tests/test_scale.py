"""Size: a long text builds in time linear in its length and in bounded memory.

Measured here on 2 MB; 20 MB by hand (`tests/bigtext.py` writes such a file, see the README).
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.model import Document
from kg.pipeline import process
from kg.recognize.programs import find_programs
from kg.text.normalize import _sentences
from tests.bigtext import big_text

MB = 1_000_000
ROOT = Path(__file__).resolve().parents[1]


def _timed(raw: str) -> tuple[float, Document]:
    start = time.perf_counter()
    doc = process(Document(source="big.txt", raw=raw))
    return time.perf_counter() - start, doc


@pytest.fixture(scope="module")
def warm() -> None:
    """The gazetteer, dictionaries and automatons are loaded once, not inside a measurement."""
    process(Document(source="warm.txt", raw=big_text(20_000)))


def test_two_megabytes(warm) -> None:
    seconds, doc = _timed(big_text(2 * MB))
    assert doc.people and doc.regions and doc.events and doc.programs  # read, not dropped
    assert seconds < 60  # about 2 s


def _dense(lines: int) -> str:
    """Every line names regions, officials, a programme and an inspection: the most work per character."""
    return "\n".join(
        f"第{i}次，静乐县县委书记王昕在忻州市河西村调研两不愁三保障，县长李永成陪同并指出，要抓好易地扶贫搬迁。"
        for i in range(lines)
    )


def test_dense_text_takes_linear_time(warm) -> None:
    small, _ = _timed(_dense(1000))
    large, doc = _timed(_dense(4000))
    assert len(doc.regions) == 3 * 4000
    assert large < 6 * small + 1  # four times the text, about four times the time (quadratic: 16)


def test_lookups_do_not_scan_the_whole_text() -> None:
    text = "县长王昕调研。" * 100_000
    doc = Document(source="t.txt", raw=text, text=text, sentences=_sentences(text))
    start = time.perf_counter()
    assert [doc.sentence_at(doc.sentences[i].start + 1) for i in range(0, 100_000, 5)] == list(
        range(0, 100_000, 5)
    )
    hits = find_programs("两不愁三保障，易地扶贫搬迁、" * 20_000)
    assert len(hits) == 40_000
    assert time.perf_counter() - start < 5


def test_a_megabyte_without_any_punctuation(warm) -> None:
    han = re.sub(r"[^\u4e00-\u9fff]", "", big_text(3 * MB))[: MB // 3]
    seconds, doc = _timed(han)
    assert seconds < 30
    assert max(s.end - s.start for s in doc.sentences) <= 2000  # cut into lines a rule can work on


def test_two_megabytes_on_one_line_in_bounded_memory() -> None:
    script = """
import resource, time
from kg.model import Document
from kg.pipeline import process
from tests.bigtext import big_text
process(Document(source="warm.txt", raw=big_text(20_000)))
raw = big_text(2_000_000, one_line=True)
before, start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, time.perf_counter()
doc = process(Document(source="big.txt", raw=raw))
print(len(doc.events), time.perf_counter() - start, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    events, seconds, megabytes = result.stdout.split()
    assert int(events) > 0 and float(seconds) < 60  # about 2.5 s
    assert int(megabytes) < 100  # above the loaded program; about 16
