from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.text import read
from kg.text.read import decode, iter_sources, read_document

SHARED = Path(__file__).parents[2] / "shared"
needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason="the shared sample articles are not checked out"
)

SIMPLIFIED = "山西省发改委来静乐县调研易地扶贫搬迁"
TRADITIONAL = "忻州市常務副市長趙志堅,靜樂縣縣委副書記"
ARTICLE = "8月26日，山西省发改委一级巡视员魏茹生来静乐县调研。\n县长王昕参加。\n"


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
    relative = Path(os.path.relpath(tmp_path / "a.txt"))
    assert iter_sources([relative, tmp_path / "a.txt"]) == iter_sources([tmp_path / "a.txt", relative])


def test_iter_sources_finds_html_and_skips_hidden_files(tmp_path: Path) -> None:
    kept = [
        write(tmp_path / "a.html", b"x"),
        write(tmp_path / "b.HTM", b"x"),
        write(tmp_path / "c.TXT", b"x"),
        write(tmp_path / "f.pdf", b"%PDF-1.7"),  # listed to be refused with a reason
    ]
    write(tmp_path / ".d.txt", b"hidden")
    write(tmp_path / ".git" / "e.txt", b"hidden folder")
    write(tmp_path / "g.docx", b"other")
    assert iter_sources([tmp_path]) == kept


def test_iter_sources_resolves_linked_files_and_does_not_follow_linked_folders(tmp_path: Path) -> None:
    real = write(tmp_path / "real" / "a.txt", b"a")
    (tmp_path / "links").mkdir()
    (tmp_path / "links" / "b.txt").symlink_to(real)
    (tmp_path / "links" / "folder").symlink_to(tmp_path / "real", target_is_directory=True)
    assert iter_sources([tmp_path / "links"]) == [tmp_path / "links" / "b.txt"]
    both = [tmp_path / "links" / "b.txt"]  # one file however it is named: the first name by sort order
    assert iter_sources([tmp_path / "real", tmp_path / "links"]) == both


def test_iter_sources_reports_a_folder_it_cannot_list(tmp_path: Path, monkeypatch) -> None:
    write(tmp_path / "ok.txt", b"x")
    locked = tmp_path / "locked"
    write(locked / "hidden.txt", b"x")
    scandir = os.scandir

    def refuse(path):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    problems: list[tuple[str, str]] = []
    assert iter_sources([tmp_path], problems) == [tmp_path / "ok.txt"]
    assert problems == [(str(locked), "unreadable folder: permission denied")]


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
        (ARTICLE.encode("utf-16-le"), ARTICLE),
        (ARTICLE.encode("utf-16-be"), ARTICLE),
        (SIMPLIFIED.encode("utf-16-le"), SIMPLIFIED),
        (SIMPLIFIED.encode("gb18030"), SIMPLIFIED),
        (SIMPLIFIED.encode("gbk"), SIMPLIFIED),
        (TRADITIONAL.encode("gb18030"), TRADITIONAL),
        (TRADITIONAL.encode("big5"), TRADITIONAL),
        (ARTICLE.encode("utf-8")[:-2], ARTICLE[:-2] + "\ufffd"),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "utf16-bom-le",
        "utf16-bom-be",
        "utf16-le",
        "utf16-be",
        "utf16-le-no-ascii",
        "gb18030",
        "gbk",
        "gb18030-traditional",
        "big5",
        "utf8-truncated",
    ],
)
def test_read_document_decodes(tmp_path: Path, data: bytes, text: str) -> None:
    path = write(tmp_path / "doc.txt", data)
    doc = read_document(path)
    assert doc.raw == text
    assert doc.source == "doc.txt"
    assert doc.path == str(path)


def test_decode_prefers_the_charset_an_html_page_declares() -> None:
    page = f'<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><p>{SIMPLIFIED}</p>'
    assert read._declared_charset(page.encode("gbk")) == "gb18030"
    assert decode(page.encode("gbk"), "gb18030") == page
    assert decode(TRADITIONAL.encode("big5"), "no-such-charset") == TRADITIONAL


def test_read_document_extracts_html(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="gbk"><title>站名</title><script>var x = "县长";</script></head>'
        f"<body><nav><a>首页</a></nav><article><h1>{SIMPLIFIED}</h1><p>{TRADITIONAL}</p></article></body></html>"
    )
    for name in ("page.html", "page.htm", "saved-page.txt"):
        doc = read_document(write(tmp_path / name, page.encode("gbk")))
        assert doc.raw == f"{SIMPLIFIED}\n{TRADITIONAL}"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"\xef\xbb\xbf", "empty file"),
        (b" \n\t\r\n", "blank file"),
        (b"\xef\xbb\xbf \n", "blank file"),
        (b"PK\x03\x04\x00\x00\xff", "binary file"),
        (b"\x01\x02\x03\x04\x05\x06" * 20 + SIMPLIFIED.encode("utf-8"), "binary file"),
        (b"\x81\x30" * 50 + b"\xff\xfe\xfd" * 30, "undecodable"),
        (b"\xef\xbb\xbf\xff\xff", "undecodable"),
        (b"The county head inspected the relocation site and met the villagers.", "not Chinese"),
        ("東京都で会議が開かれました。ひらがなとカタカナがあります。".encode(), "not Chinese"),
        ("短文".encode(), "too little Chinese text"),
        (b"<html><body><script>var a = 1;</script></body></html>", "no text in the HTML page"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + SIMPLIFIED.encode("utf-8"), "PDFs are not supported"),
    ],
)
def test_read_document_rejects(tmp_path: Path, data: bytes, reason: str) -> None:
    path = write(tmp_path / "bad.txt", data)
    with pytest.raises(ValueError, match=reason) as error:
        read_document(path)
    assert "\n" not in str(error.value)
    assert str(path) not in str(error.value)  # the build names the file; the reason does not repeat it


def test_read_document_rejects_what_it_cannot_read(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(ValueError, match="not a regular file"):
        read_document(folder)
    path = write(tmp_path / "doc.txt", SIMPLIFIED.encode())
    monkeypatch.setattr(read, "MAX_BYTES", 10)
    with pytest.raises(ValueError, match="too large"):
        read_document(path)
    monkeypatch.undo()

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(ValueError, match="^unreadable: permission denied$"):
        read_document(path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_read_document_rejects_a_file_without_read_permission(tmp_path: Path) -> None:
    path = write(tmp_path / "doc.txt", SIMPLIFIED.encode())
    path.chmod(0)
    with pytest.raises(ValueError, match="^unreadable: permission denied$"):
        read_document(path)


@given(st.text(st.characters(exclude_categories=["Cc", "Cs"])))
def test_read_document_round_trips_utf8(tail: str) -> None:
    text = SIMPLIFIED + tail
    with tempfile.TemporaryDirectory() as tmp:
        path = write(Path(tmp) / "doc.txt", text.encode("utf-8"))
        try:
            assert read_document(path).raw == text
        except ValueError as error:  # only when the tail outweighs the Chinese
            assert str(error).startswith("not Chinese text")


@given(st.binary(max_size=2000))
def test_decode_returns_text_or_says_why(data: bytes) -> None:
    try:
        assert isinstance(decode(data), str)
    except ValueError as error:
        assert str(error).startswith(("undecodable", "binary file"))


@needs_shared
def test_reads_every_sample() -> None:
    paths = iter_sources([SHARED / "seeds", SHARED / "corpus"])
    assert len(paths) == 20
    for path in paths:
        doc = read_document(path)
        assert doc.raw.strip()
        assert "\ufeff" not in doc.raw
