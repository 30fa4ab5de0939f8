"""Clean a raw article into aligned source-script and Simplified text, and split it into sentences.

Each line is tidied (half-width letters and digits, single spaces, no inserted pinyin), its metadata is
read, and then it is cleaned (spaces between Chinese characters closed up, lead labels and trailing
editor credits cut) and dropped when it is boilerplate or repeats an earlier line. Every rule is judged
on the Simplified form of the line, so a cleaned text passes through `normalize` unchanged.
"""

from __future__ import annotations

import re

from kg.model import Document, Sentence
from kg.text.metadata import CJK, is_boilerplate, read_metadata, to_simplified
from kg.text.patterns import guarded

_HALF_WIDTH = {
    **{0xFF10 + i: 0x30 + i for i in range(10)},
    **{0xFF21 + i: 0x41 + i for i in range(26)},
    **{0xFF41 + i: 0x61 + i for i in range(26)},
    0x3000: 0x20,
    # zero-width characters and C0 controls other than tab and line breaks
    **dict.fromkeys([0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x7F, *range(0x09), *range(0x0E, 0x1C)]),
}
_NEEDS_HALF_WIDTH = re.compile("[" + re.escape("".join(map(chr, _HALF_WIDTH))) + "]")
_SPACES = re.compile(r"\s+")
_CJK_CHAR = re.compile(f"[{CJK}]")
_NOT_CJK = re.compile(f"[^{CJK}]+")

_PINYIN_LETTER = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ\u0300-\u036f"
_SYLLABLES = rf" ?[{_PINYIN_LETTER}]+(?: [{_PINYIN_LETTER}]+)* ?"
_PINYIN = guarded(rf"(?<=[{CJK}])(?:\({_SYLLABLES}\)|（{_SYLLABLES}）|【{_SYLLABLES}】|\[{_SYLLABLES}\])+")
# what `_tidy` changes: white space other than a space; a gloss's bracket; a space at an end or in a run
_UNTIDY = re.compile(r"[^\S ]|[(（【\[]|^ | $|  ")

_CJK_PUNCT = re.escape("，。、；：？！“”‘’《》〈〉「」『』【】〔〕（）…—·,;:!?")
_GAP = guarded(rf"(?<=[{CJK}{_CJK_PUNCT}]) (?=[{CJK}{_CJK_PUNCT}])")

_LEAD_LABEL = re.compile(r"^(?:(?:内容提要|内容摘要|摘要|导读|核心提示)\s*[:：]\s*)+")
_OPENING = re.compile("[(（]")  # what every editor credit starts with
_EDITOR_TAIL = re.compile(
    r"(?:\s*[(（]\s*(?:责任编辑|责编|编辑|编|审核|审|校对|作者|来源)\s*[:：][^()（）]*[)）]\d*)+$"
)

_SENTENCE_END = re.compile(r"[。！？!?；;]+[”’\"'」』）)\]】》〉]*|\n")
_TRADITIONAL_SHARE = 0.01  # share of Chinese characters t2s must change for a text to count as Traditional
_MAX_LINE = 2000  # characters; news paragraphs are shorter, text without line breaks is cut
_BREAKS = (  # where a long line is cut: after sentences, else after clauses
    re.compile(r"[。！？!?；;]+[”’\"'」』）)\]】》〉]*"),
    re.compile(r"[，,、\s]+"),
)


def normalize(doc: Document) -> Document:
    """Set `doc.original`, `text`, `traditional` and `sentences` (and the metadata) from `doc.raw`."""
    lines = [_tidy(piece) for line in doc.raw.splitlines() for piece in _cut(line)]
    read_metadata(doc, lines)
    kept: dict[str, str] = {}  # Simplified line -> line in the source script
    for line in lines:
        cleaned = _clean(line)
        simple = to_simplified(cleaned)
        if (
            cleaned
            and simple not in kept
            and not is_boilerplate(line)
            and (cleaned == line or not is_boilerplate(cleaned))
        ):
            kept[simple] = cleaned
    doc.original = "\n".join(kept.values())
    doc.text = "\n".join(kept)
    doc.traditional = _is_traditional(doc.original, doc.text)
    doc.sentences = _sentences(doc.text)
    return doc


def _cut(line: str, level: int = 0) -> list[str]:
    """A line longer than `_MAX_LINE` cut after each sentence (else clause, else every `_MAX_LINE`
    characters): every rule then works on a paragraph's worth of text, never on megabytes at once."""
    if len(line) <= _MAX_LINE:
        return [line]
    if level == len(_BREAKS):
        return [line[i : i + _MAX_LINE] for i in range(0, len(line), _MAX_LINE)]
    pieces = _BREAKS[level].sub(lambda m: m.group() + "\n", line).split("\n")
    return [cut for piece in pieces for cut in _cut(piece, level + 1)]


def _tidy(line: str) -> str:
    """Half-width letters, digits and spaces; single spaces; no pinyin glosses."""
    if _NEEDS_HALF_WIDTH.search(line):  # rare: translating every line is slow
        line = line.translate(_HALF_WIDTH)
    if not _UNTIDY.search(line):  # most lines: one search instead of two substitutions
        return line
    while True:
        tidied = _PINYIN.sub("", _SPACES.sub(" ", line).strip())
        if tidied == line:
            return line
        line = tidied


def _clean(line: str) -> str:
    """A tidy line (`_tidy`'s) with Chinese spacing closed up and lead labels and trailing editor
    credits cut."""
    # Each step can expose work for another (a closed gap puts pinyin next to a character), so repeat
    # until nothing changes; every change shortens the line.
    while True:
        cleaned = _tidy(_GAP.sub("", line))
        simple = to_simplified(cleaned)
        lead = _LEAD_LABEL.match(simple)
        tail = _EDITOR_TAIL.search(simple) if _OPENING.search(simple) else None  # most lines have none
        cleaned = cleaned[lead.end() if lead else 0 : tail.start() if tail else len(cleaned)].strip()
        if cleaned == line:
            return line
        line = cleaned


def _is_traditional(original: str, text: str) -> bool:
    if original == text:
        return False
    enough = _TRADITIONAL_SHARE * len(_NOT_CJK.sub("", original))  # fewer runs of the rest to remove
    changed = 0
    for before, after in zip(original.split("\n"), text.split("\n"), strict=True):
        if before != after:
            changed += sum(1 for a, b in zip(before, after, strict=True) if a != b and _CJK_CHAR.match(a))
            if changed > enough:
                return True
    return False


def _sentences(text: str) -> list[Sentence]:
    """Sentences ending at `。！？!?；;` (with any closing quotes) or a line break."""
    sentences: list[Sentence] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        _add_sentence(sentences, text, start, m.start() if m.group() == "\n" else m.end())
        start = m.end()
    _add_sentence(sentences, text, start, len(text))
    return sentences


def _add_sentence(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        sentences.append(Sentence(start, end, text[start:end]))
