"""Regular expressions that skip positions where they cannot start.

Python's `re` tries every alternative of a pattern at every position of the text. For a long
alternation whose branches begin with optional words (`(?:省|市|县)?委常委|…`) it cannot tell which
characters a match may start with, and a scan of an article costs a millisecond. `guarded` reads the
pattern, collects the characters a match can start with, and puts them first as a lookahead
character class: positions that cannot start a match are rejected with one set test, and the
matches are exactly those of the plain pattern.
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

_ZERO_WIDTH = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT}
_GROUPS = {sre.SUBPATTERN, sre.ATOMIC_GROUP}


class _Unbounded(Exception):
    """A match could start with any character (or match the empty string)."""


def guarded(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, led by a lookahead of the characters a match can start with
    when that set can be read off the pattern (otherwise the plain pattern)."""
    plain = re.compile(pattern, flags)
    if plain.flags & (re.IGNORECASE | re.VERBOSE):
        return plain
    items = list(sre_parse.parse(pattern, flags))
    if items and items[0][0] is sre.AT:  # anchored: `re` already tries one position
        return plain
    try:
        body, nullable = _first(items)
        if nullable or not body:
            return plain
        return re.compile(f"(?=[{''.join(sorted(set(body)))}])(?:{pattern})", flags)
    except (_Unbounded, re.error):  # re.error: inline global flags, which must stay first
        return plain


def _first(items: list) -> tuple[list[str], bool]:
    """Character-class pieces a sequence can start with, and whether it can match the empty string."""
    body: list[str] = []
    for op, arg in items:
        pieces, nullable = _first_of(op, arg)
        body += pieces
        if not nullable:
            return body, False
    return body, True


def _first_of(op, arg) -> tuple[list[str], bool]:
    if op is sre.LITERAL:
        return [re.escape(chr(arg))], False
    if op is sre.IN:
        return _class(arg), False
    if op is sre.BRANCH:
        body: list[str] = []
        nullable = False
        for branch in arg[1]:
            pieces, empty = _first(list(branch))
            body += pieces
            nullable = nullable or empty
        return body, nullable
    if op in _GROUPS:
        inner = arg[-1]
        if op is sre.SUBPATTERN and (arg[1] or arg[2]):  # scoped flags such as (?i:…)
            raise _Unbounded
        return _first(list(inner))
    if op in _REPEATS:
        low, _, inner = arg
        pieces, empty = _first(list(inner))
        return pieces, empty or low == 0
    if op in _ZERO_WIDTH:
        return [], True
    raise _Unbounded  # any character, categories, back references, conditionals


def _class(items) -> list[str]:
    pieces = []
    for op, arg in items:
        if op is sre.LITERAL:
            pieces.append(re.escape(chr(arg)))
        elif op is sre.RANGE:
            pieces.append(f"{re.escape(chr(arg[0]))}-{re.escape(chr(arg[1]))}")
        else:  # negated classes and categories (\d, \w) are left unguarded
            raise _Unbounded
    return pieces
