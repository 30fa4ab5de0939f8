import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.recognize.titles import ROLE
from kg.text.patterns import guarded

PATTERNS = [
    ROLE.pattern,
    r"(?:省|市)?委常委|副?书记",
    r"(?<=[\u4e00-\u9fff])(?:\(a\)|【b】)+",
    r"a?b*(?:c|d?)e",
    r"(?:x|y)?(?=z)z",
    r"[一-龥]{2,3}村",
]
ALPHABET = "省市县委常副书记主任长村镇乡政协人大一二巡视员abcdexyz()【】 。，"


@pytest.mark.parametrize("pattern", PATTERNS)
@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=40))
def test_guarded_finds_what_the_plain_pattern_finds(pattern, text):
    plain, fast = re.compile(pattern), guarded(pattern)
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert [m.groups() for m in fast.finditer(text)] == [m.groups() for m in plain.finditer(text)]


def test_the_guard_lists_the_characters_a_match_can_start_with():
    assert guarded(r"a|b?c").pattern == r"(?=[abc])(?:a|b?c)"
    assert guarded(r"(?:省|市)?委常委").pattern == "(?=[委市省])(?:(?:省|市)?委常委)"


@pytest.mark.parametrize(
    "pattern",
    [r"\d+x", r"[^a]b", r"x*", r"a|", r"(?i)abc", r"(?i:a)b", r"^首页", r".b", r"(?P<x>a)?(?(x)b|c)"],
)
def test_patterns_that_can_start_anywhere_stay_as_they_are(pattern):
    assert guarded(pattern).pattern == pattern
