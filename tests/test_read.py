from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.text.read import iter_sources, read_document

SHARED = Path(__file__).parents[2] / "shared"
needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason="the shared sample articles are not checked out"
)

SIMPLIFIED = "山西省发改委来静乐县调研易地扶贫搬迁"
TRADITIONAL = "忻州市常務副市長趙志堅,靜樂縣縣委副書記"


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_iter_sources_recurses_sorts_and_deduplicates(tmp_path: Path) -> None:
    b = write(tmp_path / "in" / "b.txt", b"b")
    a = write(tmp_path / "in" / "sub" / "a.txt", b"a")
    write(tmp_path / "in" / "notes.md", b"skip me")
    extra = write(tmp_path / "extra.log", b"named explicitly")

    found = iter_sources([tmp_path / "in", str(b), extra, tmp_path / "in"])

    assert found == sorted([a, b, extra], key=str)


def test_iter_sources_is_deterministic(tmp_path: Path) -> None:
    for name in ("c.txt", "a.txt", "b.txt"):
        write(tmp_path / name, b"x")
    assert iter_sources([tmp_path]) == iter_sources([tmp_path / "b.txt", tmp_path])
    assert [p.name for p in iter_sources([tmp_path])] == ["a.txt", "b.txt", "c.txt"]


def test_iter_sources_missing_path(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError) as error:
        iter_sources([tmp_path / "nope.txt"])
    message = str(error.value)
    assert "nope.txt" in message and "\n" not in message


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (SIMPLIFIED.encode("utf-8"), SIMPLIFIED),
        (b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8"), SIMPLIFIED),
        (SIMPLIFIED.encode("utf-16"), SIMPLIFIED),
        (b"\xfe\xff" + TRADITIONAL.encode("utf-16-be"), TRADITIONAL),
        (SIMPLIFIED.encode("gb18030"), SIMPLIFIED),
        (TRADITIONAL.encode("gb18030"), TRADITIONAL),
        (TRADITIONAL.encode("big5"), TRADITIONAL),
    ],
    ids=["utf8", "utf8-bom", "utf16-le", "utf16-be", "gb18030", "gb18030-traditional", "big5"],
)
def test_read_document_decodes(tmp_path: Path, data: bytes, text: str) -> None:
    path = write(tmp_path / "doc.txt", data)
    doc = read_document(path)
    assert doc.raw == text
    assert doc.source == "doc.txt"
    assert doc.path == str(path)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b" \n\t\r\n", "empty"),
        (b"\xef\xbb\xbf", "empty"),
        (b"PK\x03\x04\x00\x00\xff", "binary"),
    ],
)
def test_read_document_rejects(tmp_path: Path, data: bytes, reason: str) -> None:
    path = write(tmp_path / "bad.txt", data)
    with pytest.raises(ValueError, match=reason) as error:
        read_document(path)
    assert "\n" not in str(error.value)


@given(st.text(min_size=1).filter(lambda t: t.strip() and "\x00" not in t))
def test_read_document_round_trips_utf8(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = write(Path(tmp) / "doc.txt", text.encode("utf-8"))
        assert read_document(path).raw == text


@needs_shared
def test_reads_every_sample() -> None:
    paths = iter_sources([SHARED / "seeds", SHARED / "corpus"])
    assert len(paths) == 20
    for path in paths:
        doc = read_document(path)
        assert doc.raw.strip()
        assert "\ufeff" not in doc.raw
