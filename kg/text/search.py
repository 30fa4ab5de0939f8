"""Every occurrence of many words in a text at once: an Aho-Corasick automaton (ahocorasick-rs, in Rust)."""

from __future__ import annotations

import re

import ahocorasick_rs

Automaton = ahocorasick_rs.AhoCorasick
_SURROGATE = re.compile("[\ud800-\udfff]")


def occurrences(automaton: Automaton, text: str) -> list[tuple[int, int, int]]:
    """(word index, start, end) of every occurrence, overlapping ones too, in the text's offsets."""
    try:
        return automaton.find_matches_as_indexes(text, overlapping=True)
    except UnicodeEncodeError:  # a lone surrogate has no UTF-8: one character for one keeps the offsets
        return automaton.find_matches_as_indexes(_SURROGATE.sub("\ufffd", text), overlapping=True)
