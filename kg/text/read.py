"""Find input files and decode them into `Document`s."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from kg.model import Document

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_FALLBACK_ENCODINGS = ("gb18030", "big5")
_COMMON_LEVELS = (("gb2312", range(0xB0A1, 0xD7FA)), ("big5", range(0xA440, 0xC67F)))


def iter_sources(inputs: Iterable[str | Path]) -> list[Path]:
    """The `.txt` files named by `inputs` (files as given, directories recursively), sorted, without duplicates."""
    found: dict[Path, Path] = {}
    for item in inputs:
        path = Path(item)
        if not path.exists():
            raise FileNotFoundError(f"no such file or directory: {path}")
        files = [p for p in path.rglob("*.txt") if p.is_file()] if path.is_dir() else [path]
        for file in files:
            found.setdefault(file.resolve(), file)
    return sorted(found.values(), key=str)


def read_document(path: Path) -> Document:
    """Decode `path` (UTF-8, UTF-16 with BOM, GB18030 or Big5) into a raw `Document`."""
    path = Path(path)
    text = _decode(path.read_bytes(), path)
    if "\x00" in text:
        raise ValueError(f"binary file (NUL bytes): {path}")
    if not text.strip():
        raise ValueError(f"empty file: {path}")
    return Document(source=path.name, path=str(path), raw=text)


def _decode(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise ValueError(f"binary file (NUL bytes): {path}")
    decoded = []
    for encoding in _FALLBACK_ENCODINGS:
        try:
            decoded.append(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    if not decoded:
        raise ValueError(f"cannot decode as UTF-8, UTF-16, GB18030 or Big5: {path}")
    # Big5 bytes nearly always decode as GB18030 too, into rare characters: keep the reading made of
    # common ones (GB18030 on a tie).
    return max(decoded, key=_common_share)


def _common_share(text: str) -> float:
    """Share of the non-ASCII characters that are common Chinese characters."""
    wide = [ch for ch in text if not ch.isascii()]
    return sum(map(_is_common, wide)) / len(wide) if wide else 1.0


@cache
def _is_common(ch: str) -> bool:
    """In the first (most frequent) level of GB2312 or of Big5."""
    return any(_code(ch, encoding) in levels for encoding, levels in _COMMON_LEVELS)


def _code(ch: str, encoding: str) -> int:
    try:
        return int.from_bytes(ch.encode(encoding), "big")
    except UnicodeEncodeError:
        return 0
