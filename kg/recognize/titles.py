"""Official titles: the vocabulary of roles, read from `kg/data/titles.tsv`, and their canonical form.

A title in the text is a prefix (place and body words: `山西省发改委`, `市`, `政府`) followed
by a role (`一级巡视员`, `县委副书记`, `常务副市长`). The roles are the titles the table's
templates generate (`{place?}{committee}{secretary}`: `县委书记`, `州委副书记`, `党委书记`…; the word
groups are in `kg/data/title_words.tsv`); a newcomer adds a title or a word by adding a row. The
canonical title keeps the role with its level and drops the place and department words before it
(`忻州市常务副市长` → `常务副市长`, `市农委主任` → `主任`, `政府县长` → `县长`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache

from kg.datafiles import rows
from kg.text.patterns import guarded

_LEVELS = ("country", "province", "city", "prefecture", "county", "township", "village")
_SLOT = re.compile(r"\{(\w+)(\??)\}")


@dataclass(frozen=True, slots=True)
class Title:
    role: str  # as written: 自治区政府副主席
    canonical: str  # the GUIDE's form: 自治区副主席
    level: str | None  # the level it governs, None when the words before it must say
    city: bool = False  # its level word is 市: a prefecture, or a county-level city written X市
    postposed: bool = False  # may follow the name (武国定副省长)
    generic: bool = False  # names no body of its own (主任, 局长)
    collective: bool = False  # a word for a list of leaders (县领导)
    private: bool = False  # a post in no public body (理事长, 总经理)


def _word_groups() -> dict[str, list[tuple[str, str | None]]]:
    groups: dict[str, list[tuple[str, str | None]]] = {}
    for group, word, level in rows("title_words.tsv"):
        if level != "-" and level not in _LEVELS:
            raise ValueError(f"title_words.tsv: {word}: unknown level {level!r}")
        groups.setdefault(group, []).append((word, None if level == "-" else level))
    return groups


def expand(
    template: str, groups: dict[str, list[tuple[str, str | None]]]
) -> list[dict[str, tuple[str, str | None]]]:
    """Every choice of one word per slot of `template` (none for an optional `{group?}`)."""
    slots = _SLOT.findall(template)
    options = []
    for group, optional in slots:
        if group not in groups:
            raise ValueError(f"titles.tsv: {template}: no word group {group!r}")
        options.append(groups[group] + ([("", None)] if optional else []))
    return [dict(zip((g for g, _ in slots), choice, strict=True)) for choice in itertools.product(*options)]


def _fill(template: str, choice: dict[str, tuple[str, str | None]]) -> str:
    return _SLOT.sub(lambda m: choice[m.group(1)][0], template)


@cache
def titles() -> dict[str, Title]:
    """Every role the table generates, by its written form; the first row to yield a role decides it."""
    groups = _word_groups()
    found: dict[str, Title] = {}
    for template, canonical, level, *flags in rows("titles.tsv"):
        flag_set = set(flags[0].split(",")) if flags and flags[0] else set()
        for choice in expand(template, groups):
            role = _fill(template, choice)
            if level.startswith("{"):
                word_level = choice[level.strip("{}")][1]
            else:
                word_level = None if level == "-" else level
            found.setdefault(
                role,
                Title(
                    role=role,
                    canonical=role if canonical == "=" else _fill(canonical, choice),
                    level="prefecture" if word_level == "city" else word_level,
                    city=word_level == "city",
                    postposed="postposed" in flag_set,
                    generic="generic" in flag_set,
                    collective="collective" in flag_set,
                    private="private" in flag_set,
                ),
            )
    return found


def trie_pattern(words: list[str]) -> str:
    """A regular expression matching the longest of `words` at a position: the words as a character
    trie (`县(?:委(?:副?书记)|长)`), so `re` follows one branch per character instead of trying
    thousands of alternatives."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict) -> str:
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" not in node:
        return body
    return body + "?" if len(branches) > 1 or len(body) == 1 else f"(?:{body})?"


ROLE = guarded(trie_pattern(list(titles())))

# Body words that belong in the canonical title (政协副主席, 人大常委会主任) when the role is generic.
_KEPT_BODIES = re.compile(r"(政协|人大常委会|人大|纪委|监委|党委|党支部|党总支)$")
# The place words that give a generic title its level: at the head of the body words (市委农村工作领导小组).
_PLACE_WORDS = re.compile(trie_pattern([w for w, _ in _word_groups()["place"]] + ["村"]))


def title(role: str) -> Title:
    return titles()[role]


def canonical(prefix: str, role: str) -> str:
    """The GUIDE's form of a title read as `prefix` + `role`."""
    found = title(role)
    if found.generic:
        body = _KEPT_BODIES.search(prefix)
        if body:
            return body.group(1) + found.canonical
    return found.canonical


def city_level(prefix: str, role: str) -> bool:
    """True when the title's level word is 市, which names prefectures and county-level cities alike."""
    found = title(role)
    if found.level:
        return found.city
    return level_of(prefix, role) == "prefecture" and "市" in prefix[-6:]


# Bodies whose chiefs hold no public post (a company's 主任 or a cooperative's 书记 is no official).
NON_PUBLIC = re.compile(
    r"(?:公司|集团|企业|合作社|协会|促进会|研究会|基金会|商会|银行|医院|卫生院|卫生室|诊所|学校|大学|学院|中学|小学|幼儿园|工厂|车间|基地)$"
)
_CENTRAL = re.compile(trie_pattern([row[0] for row in rows("central_bodies.tsv")]))
# A department (司) of a ministry or of a central office, or a division (处) in one: provinces have 厅 and 处,
# never 司 (公司 is a company, 司法局 a bureau of justice, and neither ends the body words this way).
_DEPARTMENT = re.compile(r"(?<!公)司(?:[\u4e00-\u9fff]{1,8}处)?$")
_PLACE_LEVEL = {w: ("prefecture" if level == "city" else level) for w, level in _word_groups()["place"]}
_PLACE_LEVEL["村"] = "village"
# What follows a level word that heads a body inside the prefix (农工党省委, 民盟市委, 省直): not 驻村帮扶, 农村工作.
_BODY_STARTS = frozenset("委政人纪党直级")


def level_of(prefix: str, role: str, after_region: int = 0) -> str | None:
    """The administrative level a title governs: its own (县委书记 → county), else central when a
    central word stands in the body words before it, else the level word that heads those body words
    (`市委农村工作领导小组` → prefecture) or heads a committee among them (`农工党省委`); `after_region`
    is where the body words start (after the last region named in the prefix)."""
    found = title(role)
    if found.level:
        return found.level
    body = prefix[after_region:]
    if _CENTRAL.search(body) or _DEPARTMENT.search(body):
        return "country"
    head = _PLACE_WORDS.match(body)
    if head:
        return _PLACE_LEVEL[head.group()]
    bodies = [m for m in _PLACE_WORDS.finditer(body) if body[m.end() : m.end() + 1] in _BODY_STARTS]
    return _PLACE_LEVEL[bodies[-1].group()] if bodies else None
