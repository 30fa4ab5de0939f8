"""Find input files and decode them into `Document`s.

A file that cannot become an article raises `ValueError` with a one-line reason (empty, blank,
binary, undecodable, unreadable, too large, not Chinese): the build skips it and reports why.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from kg.model import Document
from kg.text.html import html_text

SUFFIXES = (".txt", ".html", ".htm")  # read from folders; a file named on the command line is read as given
REFUSED_SUFFIXES = (".pdf",)  # listed from folders too, so that the build says why it leaves them out
PDF = "a PDF: PDFs are not supported (extract the text first, e.g. with pdftotext)"
HTML_SUFFIXES = (".html", ".htm")
MAX_BYTES = 100 * 1024 * 1024  # larger files are skipped: memory grows with the text

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)
_LEGACY = ("gb18030", "big5")  # GB18030 reads GB2312 and GBK too
_LENIENT = ("utf-8", "gb18030")  # a few bad bytes (a truncated download) do not lose the rest
_MAX_BAD = 0.001  # share of characters that may be undecodable in a lenient reading
_SAMPLE = 20_000  # characters scored when choosing between readings
_MIN_SCORE = 0.5  # a reading that scores less is garbage
_COMMON_LEVELS = (("gb2312", range(0xB0A1, 0xD7FA)), ("big5", range(0xA440, 0xC67F)))
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}
_LOOKS_HTML = re.compile(r"\s*(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE)

_NOT_HAN = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_KANA_HANGUL = re.compile(r"[\u3040-\u30ff\uac00-\ud7af]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_MIN_HAN = 10  # Chinese characters an article needs
_MAX_CONTROL = 0.01  # share of control characters above which a file is binary


def iter_sources(inputs: Iterable[str | Path], problems: list[tuple[str, str]] | None = None) -> list[Path]:
    """The files named by `inputs`: files as given, folders searched recursively for `SUFFIXES`
    (hidden files and folders left out). Sorted, each file once however often or however it is named.
    Folders that cannot be listed are appended to `problems` as (folder, reason)."""
    found: dict[Path, set[Path]] = {}
    for item in inputs:
        path = Path(item)
        if not path.exists():
            raise FileNotFoundError(f"no such file or directory: {path}")
        files = _walk(path, problems) if path.is_dir() else [(path, path.resolve())]
        for file, real in files:
            found.setdefault(real, set()).add(file)
    return [min(found[key], key=str) for key in sorted(found, key=str)]


def _walk(folder: Path, problems: list[tuple[str, str]] | None) -> Iterator[tuple[Path, Path]]:
    """(path, resolved path) of the files below `folder`. Each folder is resolved once, not each file
    (a file is resolved on its own only when it is a link); links to folders are not followed."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as error:
        if problems is not None:
            problems.append((str(error.filename or folder), f"unreadable folder: {_reason(error)}"))
        return
    real = Path(os.path.realpath(folder))
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(folder / entry.name, problems)
        elif os.path.splitext(entry.name)[1].lower() in SUFFIXES + REFUSED_SUFFIXES and entry.is_file():
            path = folder / entry.name
            yield path, path.resolve() if entry.is_symlink() else real / entry.name


def read_document(path: Path) -> Document:
    """Decode `path` into a raw `Document`: the text of a `.txt` file, the article text of an HTML page."""
    path = Path(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a regular file")
        if info.st_size > MAX_BYTES:
            raise ValueError(f"too large ({info.st_size // 2**20} MB; the limit is {MAX_BYTES // 2**20} MB)")
        data = path.read_bytes()
    except OSError as exc:
        raise ValueError(f"unreadable: {_reason(exc)}") from exc
    if not data or data in (bom for bom, _, _ in _BOMS):
        raise ValueError("empty file")
    if data.startswith(b"%PDF-"):
        raise ValueError(PDF)
    text = decode(data, _declared_charset(data))
    if path.suffix.lower() in HTML_SUFFIXES or _LOOKS_HTML.match(text[:200]):
        text = html_text(text)
        if not text.strip():
            raise ValueError("no text in the HTML page")
    check_text(text)
    return Document(source=path.name, path=str(path), raw=text)


def check_text(text: str) -> None:
    """Raise `ValueError` unless `text` reads as a Chinese article."""
    if not text.strip():
        raise ValueError("blank file (only white space)")
    control = _count(_CONTROL, text)
    if "\x00" in text or control > _MAX_CONTROL * len(text):
        raise ValueError("binary file (control characters)")
    han = len(_NOT_HAN.sub("", text))  # the text is mostly Han: runs of the rest are fewer to remove
    if _count(_LATIN, text) > 4 * han or _count(_KANA_HANGUL, text) * 4 > han:
        raise ValueError(f"not Chinese text ({han} Chinese characters in {len(text)})")
    if han < _MIN_HAN:
        raise ValueError(f"too little Chinese text ({han} Chinese characters)")


def _count(pattern: re.Pattern[str], text: str) -> int:
    return pattern.subn("", text)[1]


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def _declared_charset(data: bytes) -> str | None:
    m = _CHARSET.search(data[:4096])
    if m is None:
        return None
    name = m.group(1).decode("ascii", "ignore").lower()
    return _CHARSET_ALIASES.get(name, name)


def decode(data: bytes, declared: str | None = None) -> str:
    """The text of `data`: UTF-8 or UTF-16 by byte-order mark; else UTF-8; else the `declared` charset,
    UTF-16 without a mark (told by where the NUL bytes of its ASCII characters fall), GB18030 or Big5,
    whichever reads as the most common Chinese characters; else UTF-8 or GB18030 with a few bad bytes
    replaced (a truncated download)."""
    for bom, encoding, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise ValueError(f"undecodable: not {name} despite its byte-order mark") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        order = _utf16_order(data)
        text = _reading(data, order) if order else None
        if text is None or _score(text) <= _MIN_SCORE:
            raise ValueError("binary file (NUL bytes)")
        return text
    if declared and (text := _reading(data, declared)) is not None and _score(text) > _MIN_SCORE:
        return text
    best, best_score = None, _MIN_SCORE
    for encoding in _LEGACY + (("utf-16-le", "utf-16-be") if len(data) % 2 == 0 else ()):
        text = _reading(data, encoding)
        if text is not None and (score := _score(text)) > best_score:
            best, best_score = text, score
    if best is not None:
        return best
    for encoding in _LENIENT:
        text = data.decode(encoding, errors="replace")
        if text.count("\ufffd") <= max(1, _MAX_BAD * len(text)) and _score(text) > _MIN_SCORE:
            return text
    raise ValueError("undecodable: not UTF-8, UTF-16, GB18030 or Big5")


def _reading(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf16_order(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: ASCII characters put their NUL byte second (LE) or first (BE)."""
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if odd > 4 * even:
        return "utf-16-le"
    if even > 4 * odd:
        return "utf-16-be"
    return None


def _score(text: str) -> float:
    """How Chinese a reading looks: the share of its non-ASCII characters that are common Chinese
    characters, less four times the share that no text holds (unassigned, private use)."""
    wide = [ch for ch in text[:_SAMPLE] if not ch.isascii()]
    if not wide:
        return 1.0
    return (sum(map(_is_common, wide)) - 4 * sum(map(_is_impossible, wide))) / len(wide)


@cache
def _is_impossible(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cn", "Co", "Cs")


@cache
def _is_common(ch: str) -> bool:
    """In the first (most frequent) level of GB2312 or of Big5, or CJK punctuation."""
    return (
        "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
        or any(_code(ch, encoding) in levels for encoding, levels in _COMMON_LEVELS)
    )


def _code(ch: str, encoding: str) -> int:
    try:
        return int.from_bytes(ch.encode(encoding), "big")
    except UnicodeEncodeError:
        return 0
