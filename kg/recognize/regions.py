"""Administrative regions named in the text, grounded in the gazetteer.

Candidates come from these scans: full names and short forms of provinces, prefectures and
counties (one Aho-Corasick automaton), township names ending in 镇/乡/街道/苏木, village names
ending in 村, 社区 or 嘎查 (both checked against the gazetteer by suffix), the names of a list that
share one level word (`城阳、孟塬、草庙等乡镇`), and a county's township written without its suffix
right after the county (`巨鹿县小吕寨卫生院`). Overlaps go to the longest match. Ambiguous names are
resolved by the article's own context: the divisions it names unambiguously and their ancestors.
A short form that is also an ordinary word (`合作`, `和平`, jieba's dictionary says which) counts
only where the text itself supports a place: a list of places, its containing region right before
it, a body or post of the region after it (`县委`), a dateline. A name inside a medium's, brand's or
body's name (`河北日报`, “静乐裁缝”, `台湾工作办公室`) is kept as context only, not as a mention.
The words that decide this are data: `kg/data/region_words.tsv`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache

from kg.datafiles import rows
from kg.model import Document, Region, RegionMention
from kg.recognize.gazetteer import TOWNSHIP_SUFFIXES as _TOWNSHIP_SUFFIXES
from kg.recognize.gazetteer import VILLAGE_SUFFIXES as _VILLAGE_SUFFIXES
from kg.recognize.gazetteer import Gazetteer, load, variant_folding, without_ethnic_words
from kg.recognize.lexicon import common_words, is_common_word, jieba_words
from kg.text.patterns import guarded
from kg.text.search import Automaton, occurrences

_CJK = r"\u4e00-\u9fff"
_ROLES = {"media", "street", "body", "institution", "company", "foundation", "landform", "organ", "word"}
_DIRECTIONS = "东西南北中"  # 中山东路: a street's name may take one before its word
# characters of a name between the place and its word: 浙江娃哈哈电商总部, 澳门同济慈善会, 兰州理工大学
_WITHIN = (("company", 2, 6), ("foundation", 0, 6), ("institution", 1, 4))
_NAME_CHAR = "(?:(?![的与及等各])[\u4e00-\u9fff])"  # a phrase's joining words end a name: 甘肃各地医院
# 贵阳3月31日电, 西宁电 (not 西宁电视台), 银川8月2日消息
_DATELINE_AFTER = re.compile(
    r"(?:\d{1,2}(?:月\d{1,2})?日)?(?:电|讯)(?![视台力网影信气子器商])|(?:\d{1,2}月)?\d{1,2}日消息"
)
# a count: 两, 五, 十二, 二十三, 12 (not 八一 of 八一、团结两村: a name, and 两 the count)
_NUMERAL = "(?:[0-9]+|[一二三四五六七八九]?十[一二三四五六七八九]?|[一二两三四五六七八九])"
_LONGEST_LIST = 30  # names in one list: a text of lists run together is not read back to its start
_LONGEST_BARE = 5  # characters of a township's name without its suffix
_LONGEST_TOWNSHIP = 10  # characters before the suffix: 后坪苗族土家族乡
_LONGEST_PLAIN = 7  # the same without ethnic words: 卧里托格拉克镇, 阿亚格肖古孜村
_COUNTY_ENDS = ("县", "区", "市", "旗")
_LEVEL_CHARS = "省市州县区旗乡镇村"
_RENAMES = {"乡": ("镇", "街道"), "镇": ("乡", "街道"), "街道": ("镇", "乡")}  # 撤乡设镇, 撤镇设街道
_GENERIC_COUNTIES = {
    "城区",
    "郊区",
    "矿区",
    "新区",
    "市中区",
    "东区",
    "西区",
    "南区",
    "北区",
    "中区",
    "城关区",
}
_VILLAGE_WORD = re.compile("^(?:自然|行政|贫困|示范|重点|中心|试点|先进|文明|美丽|特色|深度)")
_FUNCTION_CHAR = "全各本该每此其和与及在的"  # 本村, 和村干部, 在王家村
_GENERIC_VILLAGE = re.compile(f"{_VILLAGE_WORD.pattern}|^[{_FUNCTION_CHAR}]")
_ALL_CJK = re.compile(f"[{_CJK}]+")
_LIST_MARK = re.compile("[、,，]")
_TOWNSHIP_AFTER_COUNTY = re.compile(rf"([{_CJK}]{{2,3}}?)(?:{'|'.join(_TOWNSHIP_SUFFIXES)})")
_VILLAGE_AFTER_TOWNSHIP = re.compile(rf"[{_CJK}]{{1,{_LONGEST_PLAIN}}}?(?:村|社区|嘎查)")
_FUNCTION_TAGS = {"v", "vd", "d", "c", "p", "u", "r", "m", "q", "f", "t", "y"}  # jieba's verbs, adverbs, …
_LIST_AND = "和及与"
_NAME_TAGS = {"ns", "nr", "nrt", "nrfg"}  # jieba's place and person names
_SUFFIXED = (
    "full",
    "variant",
    "township",
    "village",
    "renamed",
)  # kinds whose span ends in its suffix  # joins the last name of a list: 城阳、孟塬和草庙三乡
_SENTENCE_END = re.compile("[。！？!?；;\n]")


@dataclass(frozen=True, slots=True)
class _Collective:
    """A level word after a list of names: the endings to try on each name and the levels they name."""

    suffixes: tuple[str, ...]
    levels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Words:
    after: dict[str, str]  # word → role
    any_after: re.Pattern[str]  # any of them, the longest first
    within: dict[str, re.Pattern[str]]  # company, foundation: their words after a few more characters
    collective: dict[str, _Collective]
    list_end: re.Pattern[str]  # 等五县, 四乡镇, 两市, 县区


def _alternatives(words: list[str]) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


@cache
def _words() -> _Words:
    after: dict[str, str] = {}
    collective: dict[str, _Collective] = {}
    for word, role, *rest in rows("region_words.tsv"):
        if role == "collective":
            suffixes, levels = ([*rest, "", ""])[:2]
            collective[word] = _Collective(tuple(suffixes.split()), tuple(levels.split()))
        elif role in _ROLES:
            after[word] = role
        else:
            raise ValueError(f"region_words.tsv: {word}: unknown role {role!r}")
    within = {
        role: re.compile(
            f"{_NAME_CHAR}{{{shortest},{longest}}}?(?:{_alternatives([w for w, r in after.items() if r == role])})"
        )
        for role, shortest, longest in _WITHIN
    }
    counted = f"(?:等{_NUMERAL}?个?|{_NUMERAL}个?)({_alternatives(list(collective))})"
    # 乡镇, 县区 end a list by themselves; 社区, 街道 are also a name's own suffix (和锦屏社区)
    plural = _alternatives([w for w, c in collective.items() if len(w) > 1 and w not in c.suffixes])
    list_end = guarded(f"{counted}|({plural})")
    return _Words(after, re.compile(_alternatives(list(after))), within, collective, list_end)


def _role_after(text: str, pos: int) -> str | None:
    """The role of the longest word of the table that starts at `pos`."""
    hit = _words().any_after.match(text, pos)
    return _words().after[hit.group()] if hit else None


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    kind: str  # full, variant (short form + suffix), short, township, village, renamed, listed, bare
    regions: list[Region] = field(default_factory=list)
    name: str = ""  # the name the text gives when the span lacks its suffix (甲 of 甲、乙等村: 甲村)
    list_end: int = -1  # where the level word of its list starts, for a name read from a list

    @property
    def length(self) -> int:
        return self.end - self.start


@cache
def _automaton() -> tuple[Automaton, list[tuple[str, str, tuple[str, ...]]]]:
    """One automaton over the full names and short forms, and each one's (surface, kind, region keys)."""
    gaz = load()
    table: dict[str, tuple[str, list[str]]] = {}
    for name, keys in gaz.by_name.items():  # names as t2s writes them too (干安县 for 乾安县)
        above = [k for k in keys if gaz.regions[k].level in ("province", "prefecture", "county")]
        if above and name not in _GENERIC_COUNTIES:
            table[name] = ("full", above)
    for alias, keys in gaz.aliases.items():
        if alias in table:
            continue
        kind = "variant" if alias[-1] in "县市区州旗" and len(alias) >= 3 else "short"
        table[alias] = (kind, list(keys))
    entries = [(surface, kind, tuple(keys)) for surface, (kind, keys) in table.items()]
    return Automaton([surface for surface, _, _ in entries]), entries


def _names_in(text: str) -> Iterator[tuple[int, tuple[str, str, tuple[str, ...]]]]:
    """Every name's last offset and entry (overlapping ones too), by that offset and longest first."""
    automaton, entries = _automaton()
    for index, _, end in sorted(occurrences(automaton, text), key=lambda m: (m[2], m[1])):
        yield end - 1, entries[index]


def _scan_names(text: str, gaz: Gazetteer) -> list[_Candidate]:
    found = []
    for end, (surface, kind, keys) in _names_in(text):
        if surface.endswith("市") and text[end + 1 : end + 2] == "场" and _is_word(surface[:-1]):
            continue  # 新民市场, 新建市场: a market (its short form may still name the place; 兰州市场 does)
        if kind == "full" and len(surface) == 2:
            kind = "short"  # 环县, 和县: one character and a suffix need context like a short form
        found.append(_Candidate(end + 1 - len(surface), end + 1, kind, [gaz.get(k) for k in keys]))
    return found


def _scan_suffixed(text: str, gaz: Gazetteer) -> list[_Candidate]:
    """Townships and villages: for each suffix, the longest name before it that the gazetteer holds."""
    found = []
    lookups: dict[str, list[Region]] = {}  # a long text names the same places again and again

    def lookup(name: str) -> list[Region]:
        if name not in lookups:
            lookups[name] = gaz.lookup(name)
        return lookups[name]

    town_insides: set[int] = set()  # offsets inside a township's name found: no village starts there
    for suffixes, level in ((_TOWNSHIP_SUFFIXES, "township"), (_VILLAGE_SUFFIXES, "village")):
        if level == "village":
            town_insides = {i for c in found for i in range(c.start + 1, c.end)}
        pattern = re.compile("|".join(suffixes))
        for m in pattern.finditer(text):
            end = m.end()
            shortest = (
                m.start() - 1
                if level == "township" and text[m.start() - 2 : m.start() - 1] in _COUNTY_ENDS
                else m.start() - 2
            )
            reach = (
                _LONGEST_TOWNSHIP
                if "族" in text[m.start() - _LONGEST_TOWNSHIP : m.start()]
                else _LONGEST_PLAIN
            )
            for start in range(max(0, m.start() - reach), shortest + 1):
                name = text[start:end]
                if not _ALL_CJK.fullmatch(name):
                    continue
                if level == "village" and (
                    _generic_village(name) or start in town_insides or _ends_a_count(text, m.start() - 1)
                ):
                    continue  # 南箐镇南新村: no 镇南新村 across the township's suffix; 甲、坡上两村: no 上两村
                regions = [r for r in lookup(name) if r.level == level]
                kind = level
                if not regions and level == "township":
                    base = name[: -len(m.group())]
                    alternatives = _RENAMES.get(m.group(), ())
                    regions = [r for alt in alternatives for r in lookup(base + alt) if r.level == level]
                    kind = "renamed"
                if regions:
                    # a one-character name (坊镇) only right after its county's name, and only in context
                    found.append(
                        _Candidate(start, end, "renamed" if start == m.start() - 1 else kind, regions)
                    )
                    break
    return found


def _ends_a_count(text: str, at: int) -> bool:
    """`甲、乙两村`: the character at `at` is the count of a list of bare names before it (the name before
    the 、 has no suffix of its own, unlike `甲村、红旗三村`)."""
    if text[at : at + 1] not in "两三四五六七八九十":
        return False
    mark = text.rfind("、", max(0, at - _LONGEST_BARE - 1), at)
    return mark > 0 and not text[:mark].endswith(_VILLAGE_SUFFIXES)


def _generic_village(name: str, after_township: bool = False) -> bool:
    """贫困村, 农村: a word for villages; right after a township only the words themselves (王宁山村 is a name).
    Elsewhere a function character is no name's only before a name of two characters or more (在王家村;
    本庙村, 和平村 are names), and 山村 is the word only after a word or 小 (偏远山村, 小山村; not 李山村)."""
    if after_township:
        return bool(_GENERIC_VILLAGE.match(name)) or name in ("农村", "乡村", "山村")
    function = name[0] in _FUNCTION_CHAR and len(_base(name)) > 2
    mountain = name.endswith("山村") and (name[-3:-2] in ("", "小") or is_common_word(name[-4:-2], 100))
    return function or mountain or bool(_VILLAGE_WORD.match(name)) or name[-2:] in ("农村", "乡村")


def _scan_lists(text: str, gaz: Gazetteer) -> list[_Candidate]:
    """`城阳、孟塬、草庙等乡镇`, `康乐、广河两县`: each name of a list before one level word."""
    words = _words()
    found = []
    for m in words.list_end.finditer(text):  # a bare 县 or 村 after a name is its suffix, not a list's
        shared = words.collective[m.group(1) or m.group(2)]
        for start, end in _list_items(text, m.start()):
            cand = _listed(text, start, end, shared, gaz)
            if cand is not None:
                cand.list_end = m.start()
                found.append(cand)
    return found


def _list_items(text: str, end: int) -> list[tuple[int, int]]:
    """The spans of the names before `end` separated by 、 (and 和/及/与 before the last), last first."""
    items = []
    while True:
        start = end
        while start > 0 and end - start < _LONGEST_TOWNSHIP and _ALL_CJK.match(text, start - 1, start):
            start -= 1
        joined = max(text.rfind(c, start, end) for c in _LIST_AND)
        if (
            not items and start < joined < end - 2
        ):  # 孟塬和草庙: the last name after the joining word (not 敦和)
            items.append((joined + 1, end))
            end = joined
            continue
        items.append((start, end))
        if start == 0 or text[start - 1] != "、" or len(items) == _LONGEST_LIST:
            return items
        end = start - 1


def _listed(text: str, start: int, end: int, shared: _Collective, gaz: Gazetteer) -> _Candidate | None:
    """The longest tail of the span that names a division with the list's level word (or is one); a
    village's name the gazetteer lacks when the list starts right after a township or goes on after 、
    (`中庄乡甲、乙等村`), for the township its sentence names to take."""
    villages = shared.levels == ("village",)
    for at in range(max(start, end - _LONGEST_BARE), end - 1):
        name = text[at:end]
        regions = [r for suffix in shared.suffixes for r in gaz.lookup(name + suffix)]
        if not shared.suffixes or shared.levels[0] in ("province", "prefecture", "county"):
            regions += (gaz.get(k) for k in gaz.aliases.get(name, ()))
            regions += (r for r in gaz.lookup(name) if r.level != "village")
        regions = [r for r in dict.fromkeys(regions) if not shared.levels or r.level in shared.levels]
        if regions and villages:
            return _Candidate(at, end, "village", regions, name=regions[0].name)
        if regions:
            return _Candidate(at, end, "listed", regions)
    after_township = max(text.rfind(c, start, end) for c in "乡镇")
    at = after_township + 1 if after_township != -1 else start
    if villages and 2 <= end - at <= 4 and (after_township != -1 or text[at - 1 : at] == "、"):
        written = text[at:end]  # 甲村、乙村等村: the names may carry the suffix themselves
        name = written if written.endswith(shared.suffixes) else written + shared.suffixes[0]
        return _Candidate(at, end, "village", [], name=name)
    return None


@cache
def _variant_pattern() -> re.Pattern[str]:
    return re.compile(f"[{''.join(variant_folding())}]")


def _fold_variants(text: str) -> str:
    """瑯塘镇 is 琅塘镇: one character for one, so the offsets stay those of the text."""
    folding = variant_folding()
    return _variant_pattern().sub(lambda m: folding[m.group()], text)


def _counties(names: list[_Candidate]) -> list[_Candidate]:
    """The names that can only be one county: what a township right after them is under."""
    return [
        c
        for c in names
        if c.kind in ("full", "variant") and len(c.regions) == 1 and c.regions[0].level == "county"
    ]


def _scan_bare_townships(text: str, names: list[_Candidate], gaz: Gazetteer) -> list[_Candidate]:
    """`巨鹿县小吕寨卫生院`: right after its county's full name, a township written without its suffix."""
    found = []
    for cand in _counties(names):
        towns = gaz.townships_of(cand.regions[0].key)
        for length in range(2, _LONGEST_BARE + 1):
            base = text[cand.end : cand.end + length]
            town = towns.get(base)
            if town is not None and town.name != base and not is_common_word(base, 100):
                found.append(_Candidate(cand.end, cand.end + length, "bare", [town]))
    return found


def _scan_unknown_townships(text: str, names: list[_Candidate], gaz: Gazetteer) -> list[_Candidate]:
    """`X县Y镇` where the gazetteer holds no Y镇 under X县 (new, merged or renamed, or only elsewhere):
    the text's name under the text's county, unless it holds a word and is no township's name
    (`X县重点乡镇`, `X县美丽乡村`, `X县茶香小镇`) or its suffix begins a level word (`X县沿黄乡镇`); so too
    the townships listed after it (`X县甲镇、乙乡和丙镇`)."""
    found = []
    for cand in _counties(names):
        county, at = cand.regions[0], cand.end
        while hit := _TOWNSHIP_AFTER_COUNTY.match(text, at):
            level_word = text[hit.end() - 1 : hit.end() + 1]
            if _GENERIC_VILLAGE.match(hit.group(1)) or (
                len(level_word) == 2 and level_word in _words().collective
            ):
                break  # X县沿黄乡镇: the suffix begins a level word of many townships (not at the text's end)
            base, name = hit.group(1), hit.group()
            known = [r for r in gaz.lookup(name) if r.level == "township"]
            renamed = [r for alt in _RENAMES.get(name[len(base) :], ()) for r in gaz.lookup(base + alt)]
            # the county's own, maybe by its current name (庙渠乡 → 庙渠镇, though a 庙渠乡 lies elsewhere)
            own = [r for r in (*known, *renamed) if r.parent == county.key]
            if not own and not known and _holds_word(name[: len(base) + 1]):
                break  # 重点乡镇, 茶香小镇: a word in the name (not the suffix's own: 街道)
            town = Region(key=f"{county.key}/{name}", name=name, level="township", parent=county.key)
            if own or not known or at == cand.end:  # 会宁县新添镇; listed, one of another county is its own
                found.append(_Candidate(hit.start(), hit.end(), "township", own[:1] or [town]))
            if text[hit.end() : hit.end() + 1] not in ("、", *_LIST_AND):
                break
            at = hit.end() + 1
    return found


def _excluded(text: str, cand: _Candidate, region_starts: set[int]) -> bool:
    """True when the name is part of a medium's, brand's, street's, school's or body's name (not when a
    region's name follows it: `街子镇`, `桥林村`, `路庄村` begin with no street's word)."""
    role = _role_after(text, cand.end) if cand.end not in region_starts else None
    if (
        role is None
        and cand.end not in region_starts
        and text[cand.end : cand.end + 1] in _DIRECTIONS
        and _role_after(text, cand.end + 1) == "street"
    ):
        role = "street"
    if role in ("media", "street", "body") or (role == "institution" and cand.kind == "short"):
        return True
    within = _words().within
    if cand.kind == "short" and any(within[r].match(text, cand.end) for r in ("company", "institution")):
        return True  # 浙江娃哈哈电商总部, 兰州理工大学: a short form leading a company's or school's name
    if within["foundation"].match(text, cand.end):
        return True  # 澳门同济慈善会
    open_quote = text.rfind("“", max(0, cand.start - 6), cand.start + 1)
    if open_quote != -1 and "”" not in text[open_quote : cand.start]:
        close = text.find("”", cand.end, cand.end + 8)
        inside = text[open_quote + 1 : close] if close != -1 else ""
        if inside and inside != text[cand.start : cand.end] and not _LIST_MARK.search(inside):
            return True
    return False


def _choose(cands: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates, longest first."""
    order = {
        "full": 0,
        "variant": 1,
        "township": 2,
        "village": 2,
        "listed": 3,
        "renamed": 4,
        "bare": 5,
        "short": 6,
    }
    taken: list[_Candidate] = []
    occupied: set[int] = set()
    for cand in sorted(cands, key=lambda c: (-c.length, order[c.kind], c.start)):
        span = set(range(cand.start, cand.end))
        if span & occupied:
            continue
        occupied |= span
        taken.append(cand)
    return sorted(taken, key=lambda c: c.start)


class _Context:
    def __init__(self, gaz: Gazetteer):
        self.gaz = gaz
        self.keys: Counter[str] = Counter()
        self._chains: dict[str, list[str]] = {}  # region key -> the keys its score counts

    def add(self, region: Region) -> None:
        if region.level != "village":
            self.keys[region.key] += 1
        if region.parent is not None:
            for key in [region.parent, *self.gaz.ancestors(region.parent)]:
                self.keys[key] += 1

    def score(self, region: Region) -> int:
        chain = self._chains.get(region.key)
        if chain is None:
            start = region.parent if region.level == "village" else region.key
            chain = self._chains[region.key] = [start, *self.gaz.ancestors(start)]
        return sum(map(self.keys.__contains__, chain))

    def provinces(self) -> set[str]:
        return {k for k in self.keys if self.gaz.get(k).level == "province"}


def _pick(
    cand: _Candidate,
    readings: list[Region],
    ctx: _Context,
    text: str,
    common: frozenset[str],
    supported: bool,
    beside_own: bool = False,
) -> Region | None:
    """The candidate's division among `readings`, or None; `supported`: the text around it says it is
    a place; `beside_own`: a division containing it or within it is written right next to it, so a
    word across their edge is none (广西南宁: no 西南)."""
    if not readings:
        return None  # a listed village the gazetteer lacks: only its sentence's township places it
    ranked = sorted(
        ((ctx.score(r), r) for r in readings),
        key=lambda sr: (-sr[0], _LEVEL_RANK[sr[1].level], sr[1].key),
    )
    best_score, best = ranked[0]
    tied = [r for score, r in ranked if score == best_score]
    if cand.kind in ("full", "variant") or (cand.kind == "listed" and _LEVEL_RANK[best.level] <= 3):
        return best if len(tied) == 1 or best.level != tied[1].level else None
    if cand.kind == "short":
        surface = text[cand.start : cand.end]
        if (
            surface[-1] in _DIRECTIONS
            and text[cand.end : cand.end + 1] in _DIRECTIONS[:4]
            and not beside_own
            and best.level != "province"
        ):
            return None  # 湘西北: a direction (西北) of 湘, not 湘西 (but 广西南宁, 江西西南部)
        dateline = bool(_DATELINE_AFTER.match(text, cand.end))  # 新华社长沙电: no 社长 in a dateline
        if not dateline and (
            (_crosses_word(text, cand) and not beside_own)
            or _inside_word(text, cand)
            or (_role_after(text, cand.end) == "landform" and not beside_own)
        ):
            return None
        supported = supported or dateline
        if (
            _is_word(surface, best.level)
            and not supported
            and best.key not in ctx.keys
            and best.level != "province"
        ):
            return None  # 加强合作, 保护古城: the word, unless 合作市 or a place in it is named elsewhere
        if best_score or supported:
            return best
        unique_level = sum(1 for r in tied if r.level == best.level) == 1
        if best.level in ("province", "prefecture") and unique_level and surface not in common:
            return best  # 西安 is the city before it is 西安区 of 辽源
        return None
    # townships and villages
    if best_score and len(tied) == 1:
        return best
    written = cand.name or text[cand.start : cand.end]
    if cand.kind != "renamed" and len(cand.regions) == 1 and not _is_word(_base(written)):
        province = ctx.gaz.province_of(best.key)
        return best if not ctx.provinces() or province in ctx.provinces() else None
    return None  # 壮大村集体经济: a word before 村 is a place only where the article's regions place it


def _base(name: str) -> str:
    """A township's or village's name without its suffix (壮大村 → 壮大)."""
    suffix = next((s for s in (*_VILLAGE_SUFFIXES, *_TOWNSHIP_SUFFIXES) if name.endswith(s)), "")
    return name.removesuffix(suffix)


def _holds_word(name: str) -> bool:
    """`重点乡`, `党员干部进`: two characters of the name make an ordinary word."""
    return any(_is_word(name[i : i + 2]) for i in range(len(name) - 1))


def _is_word(surface: str, level: str = "county") -> bool:
    """A short form that jieba's dictionary knows as a word that is no place name (合作, 惠民, 石柱), or as
    a place name so frequent below a prefecture that it is mostly the common noun (古城, 江山)."""
    entry = jieba_words().get(surface)
    if entry is None or entry[0] < 100:
        return False
    return entry[1] != "ns" or (entry[0] >= 1000 and level == "county")


def _inside_word(text: str, cand: _Candidate) -> bool:
    """`合作社`, `新华社`, `孙中山`: the name is part of a longer dictionary word that is no place name."""
    words = jieba_words()
    for length in (cand.length + 1, cand.length + 2):
        for start in range(max(0, cand.end - length), cand.start + 1):
            entry = words.get(text[start : start + length])
            if entry is not None and entry[1] != "ns" and start + length <= len(text):
                return True
    return False


def _crosses_word(text: str, cand: _Candidate) -> bool:
    """`和政治`: the name's edge characters form a word with their neighbours (a place name such as
    南湘 in `湖南湘西` is no such word)."""
    before = text[cand.start - 1 : cand.start + 1] if cand.start else ""
    after = text[cand.end - 1 : cand.end + 1]
    words = jieba_words()
    return any(len(w) == 2 and is_common_word(w, 100) and words[w][1] != "ns" for w in (before, after))


_LEVEL_RANK = {"country": 0, "province": 1, "prefecture": 2, "county": 3, "township": 4, "village": 5}


def _unplaced(name: str) -> Region:
    """A village or township named in the text that the gazetteer cannot place (its level by its suffix)."""
    return load().get(f"?/{name}")


@lru_cache(maxsize=1)  # a text is read again without the regions inside its people's names
def _candidates(written: str, gaz: Gazetteer) -> tuple[str, list[_Candidate]]:
    """The folded text and every scan's candidates in it (not to be changed: they are remembered)."""
    text = _fold_variants(written)
    names = _scan_names(text, gaz)
    return text, [  # the text's own county first: of two equal candidates the first is chosen
        *names,
        *_scan_unknown_townships(text, names, gaz),
        *_scan_suffixed(text, gaz),
        *_scan_lists(text, gaz),
        *_scan_bare_townships(text, names, gaz),
    ]


def recognize_regions(
    doc: Document, gaz: Gazetteer | None = None, blocked: frozenset[int] = frozenset()
) -> Document:
    """Set `doc.regions`; `blocked` offsets (inside person names: 叶长春) hold no short form."""
    gaz = gaz or load()
    text, found = _candidates(doc.text, gaz)
    ends = {c.end for c in found}
    hidden = _hidden_by_names(text, found, blocked)
    named = {c.regions[0].key for c in found if c.kind in ("full", "variant") and len(c.regions) == 1}
    chosen = _choose(
        [c for c in found if id(c) not in hidden and not _splits_word(text, c, ends, named, gaz)]
    )
    ctx = _Context(gaz)
    resolved: dict[int, Region] = {}
    for i, cand in enumerate(chosen):  # unambiguous full names first: they make the context
        if cand.kind in ("full", "variant") and len(cand.regions) == 1:
            resolved[i] = cand.regions[0]
            ctx.add(cand.regions[0])
    common = common_words()
    supported, neighbours, nested = _supported(text, chosen, gaz)
    readings = [_readings(i, chosen, neighbours, nested) for i in range(len(chosen))]
    for _ in range(2):  # a second round lets names resolved in the first anchor the rest
        for i, cand in enumerate(chosen):
            if i in resolved:
                continue
            support = i in supported or any(j in resolved for j in neighbours.get(i, ()))
            region = _pick(cand, readings[i], ctx, text, common, support, i in nested)
            if region is not None:
                resolved[i] = region
                ctx.add(region)
    # 城关镇 of several counties of the article's prefecture (after the rounds: a village may tell which)
    for i, cand in enumerate(chosen):
        written = text[cand.start : cand.end]
        if (
            i not in resolved
            and cand.kind == "township"
            and not _is_word(_base(written))
            and max(map(ctx.score, readings[i]), default=0) >= 2
        ):
            resolved[i] = _unplaced(written)
    mentions = []
    region_starts = {chosen[i].start for i in resolved}
    for i, cand in enumerate(chosen):
        region = resolved.get(i)
        name = cand.name or text[cand.start : cand.end]
        if cand.kind == "village":
            # the text's township beats a same-named village elsewhere; one the gazetteer lacks keeps it
            town = _township_before(text, name, i, chosen, resolved)
            if town is not None and (region is None or region.parent != town.key):
                region = Region(key=f"{town.key}/{name}", name=name, level="village", parent=town.key)
            elif region is None and _count(text, name) >= 2:
                region = _unplaced(name)
        if region is not None:
            mentions.append(
                RegionMention(
                    cand.start,
                    cand.end,
                    doc.text[cand.start : cand.end],
                    region,
                    named=not _excluded(text, cand, region_starts),
                )
            )
    after = _villages_after_townships(text, doc.text, mentions, gaz)
    spans = {i for m in after for i in range(m.start, m.end)}
    mentions = [m for m in mentions if not spans & set(range(m.start, m.end))] + after
    doc.regions = sorted(mentions, key=lambda m: m.start)
    return doc


def _hidden_by_names(text: str, found: list[_Candidate], blocked: frozenset[int]) -> set[int]:
    """The candidates (by id) that person names hide: a short form within one (叶长春) is no place. A
    name with its suffix (石泉县, 长阳县 of `市长阳县`, 三河村 of `县长到三河村`) is no person's name, so a
    name read across or around it hides nothing; nor does one read over a name of a list whose other
    names are free (`到雷山、台江、剑河三县`, `赴临夏、甘南`: 到雷山 and 赴临夏 are no persons)."""
    hidden = [
        c
        for c in found
        if not (c.kind in _SUFFIXED and c.length >= 3) and blocked.intersection(range(c.start, c.end))
    ]
    hidden_ids = {id(c) for c in hidden}
    free = [c for c in found if id(c) not in hidden_ids]
    free_lists = {c.list_end for c in free if c.list_end >= 0}
    free_starts, free_ends = {c.start for c in free}, {c.end for c in free}
    return {
        id(c)
        for c in hidden
        if c.list_end not in free_lists
        and not (text[c.end : c.end + 1] == "、" and c.end + 1 in free_starts)
        and not (text[c.start - 1 : c.start] == "、" and c.start - 1 in free_ends)
    }


def _splits_word(text: str, cand: _Candidate, ends: set[int], named: set[str], gaz: Gazetteer) -> bool:
    """`部分乡镇` is no 分乡镇, `县城东区` no 城东区: a township's or village's first character ends a word
    before it, a county's a level's word (县城, 市区) (unless another name ends there: `静乐县城关镇`, or
    the township lies in a region the text names in full: `东乡族自治县…到达板镇` is 到 达板镇)."""
    if cand.start == 0 or cand.start in ends:
        return False
    if cand.kind != "full" and any(
        not named.isdisjoint((r.key, *gaz.ancestors(r.key))) for r in cand.regions
    ):
        return False
    before = text[cand.start - 1 : cand.start + 1]
    if cand.kind in ("full", "variant"):
        return before[0] in _LEVEL_CHARS and is_common_word(before, 100)
    return cand.kind in ("township", "village", "renamed", "listed") and is_common_word(before, 100)


def _readings(
    i: int, chosen: list[_Candidate], neighbours: dict[int, set[int]], nested: dict[int, set[str]]
) -> list[Region]:
    """The readings of candidate `i` the text around it allows: those containing or within the name
    right next to it (河北承德: the province, not 天津's 河北区), else those of the one level its list's
    other names can only be (甘肃、河北)."""
    regions = chosen[i].regions
    if i in nested:
        return [r for r in regions if r.key in nested[i]]
    levels = set()
    for j in neighbours.get(i, ()):
        own = {r.level for r in chosen[j].regions}
        levels |= own if len(own) == 1 else set()
    return [r for r in regions if r.level in levels] or regions


def _supported(
    text: str, chosen: list[_Candidate], gaz: Gazetteer
) -> tuple[set[int], dict[int, set[int]], dict[int, set[str]]]:
    """The candidates the text around them marks as places: before a body or post of theirs (兴县县委),
    or next to a division that contains them or that they contain (甘南合作, 长治武乡), or listed next
    to one of the same parent (康乐、和政), with the keys of the readings that do; and each candidate's
    neighbours in a list of names (临夏、合作; 监利和洪湖), places if one of them is."""
    found: set[int] = set()
    neighbours: dict[int, set[int]] = {}
    nested: dict[int, set[str]] = {}
    for i, cand in enumerate(chosen):
        if _role_after(text, cand.end) == "organ":
            found.add(i)
        if i == 0:
            continue
        prev = chosen[i - 1]
        gap = text[prev.end : cand.start]
        if gap and gap in "、" + _LIST_AND:
            neighbours.setdefault(i, set()).add(i - 1)
            neighbours.setdefault(i - 1, set()).add(i)
            siblings = [
                (p.key, r.key)
                for r in cand.regions
                for p in prev.regions
                if r.level == p.level != "province" and r.parent == p.parent and r.key != p.key
            ]
            if siblings and "short" in (prev.kind, cand.kind):  # 康乐、和政、广河: three counties of 临夏州
                found |= {i - 1, i}
                nested.setdefault(i - 1, set()).update(p for p, _ in siblings)
                nested.setdefault(i, set()).update(r for _, r in siblings)
        if gap or ("short" not in (prev.kind, cand.kind) and len(prev.regions) == len(cand.regions) == 1):
            continue  # 海州区浦南镇: two readings of 海州区, one holding a 浦南镇
        pairs = [
            (p.key, r.key)
            for r in cand.regions
            for p in prev.regions
            if r.key != p.key and (gaz.is_within(r.key, p.key) or gaz.is_within(p.key, r.key))
        ]
        if pairs:
            found |= {i - 1, i}
            nested.setdefault(i - 1, set()).update(p for p, _ in pairs)
            nested.setdefault(i, set()).update(r for _, r in pairs)
    return found, neighbours, nested


def _township_before(
    text: str, name: str, at: int, chosen: list[_Candidate], resolved: dict[int, Region]
) -> Region | None:
    """The township a village's sentence names before it, with only villages between
    (`老县镇蒋家坪村、锦屏社区`); none when a verb or the like stands before 村 (`肯定村党组织`: 幸福村 and
    团结村 are names)."""
    entry = jieba_words().get(_base(name))
    if entry is not None and entry[1] in _FUNCTION_TAGS:
        return None
    for i in range(at - 1, max(-1, at - 1 - _LONGEST_LIST), -1):
        if _SENTENCE_END.search(text, chosen[i].end, chosen[i + 1].start):
            return None
        region = resolved.get(i)
        if region is not None and region.level != "village":
            return region if region.level == "township" else None
    return None


@lru_cache(maxsize=4096)
def _count(text: str, part: str) -> int:
    """`text.count(part)`, remembered: a long text is scanned once per name, not once per mention."""
    return text.count(part)


@lru_cache(maxsize=256)  # articles name the same counties again and again
def _villages_of_county(county: str, gaz: Gazetteer) -> set[str]:
    """Names of the villages under any township of a county (not to be changed: they are remembered)."""
    towns = {town.key for town in gaz.townships_of(county).values()}
    return set().union(*(gaz.villages_of(town) for town in towns))


def _villages_after_townships(
    text: str, written: str, mentions: list[RegionMention], gaz: Gazetteer
) -> list[RegionMention]:
    """`西坑畲族镇西坑村`, `中庄乡甲村、乙村和丙村`: villages written right after their township, one
    after another; a village the gazetteer lacks keeps the text's name and the text's township, or the
    county the text names right before it (`渭源县甲村`: the GUIDE's text's parent).
    `text` is folded (瑯 → 琅); `written`, as written, gives the mentions' surfaces."""
    found = []
    above = {i for m in mentions if m.region.level != "village" for i in range(m.start, m.end)}
    for m in mentions:
        county = m.region.level == "county" and m.surface.endswith(_COUNTY_ENDS)
        if m.region.level != "township" and not county:
            continue
        under = _villages_of_county(m.region.key, gaz) if county else gaz.villages_of(m.region.key)
        at = m.end
        while hit := _VILLAGE_AFTER_TOWNSHIP.match(text, at):
            name = hit.group()
            if (name not in under and _generic_village(name, after_township=True)) or above.intersection(
                range(*hit.span())
            ):
                break  # 万峰村、沧沟乡大田村: the list goes on in another township; 和平村 is a name there
            if county and name not in under and _reads_as_words(name):
                break  # 临县驻村工作队, X县新农村建设, X县出列村: words, not a village the gazetteer lacks
            if not county:
                name = _gazetteer_form(name, under)
            if name not in under and not gaz.lookup(name) and _holds_word(_base(name)):
                break  # 中庄乡党员干部进村, 中庄乡所有村: words, not a village no gazetteer holds
            if not (county and name in under):  # a county's village of the gazetteer: its township's
                region = Region(key=f"{m.region.key}/{name}", name=name, level="village", parent=m.region.key)
                found.append(
                    RegionMention(
                        hit.start(), hit.end(), written[hit.start() : hit.end()], region, named=m.named
                    )
                )
            if text[hit.end() : hit.end() + 1] not in ("、", *_LIST_AND) or hit.end() + 1 >= len(text):
                break
            at = hit.end() + 1
    return found


def _reads_as_words(name: str) -> bool:
    """`驻村`, `新农村`, `出列村`: a one-character name, or two characters of it (its suffix's included) that
    the dictionary holds as a word of any frequency but a place's or person's name."""
    words = jieba_words()
    pairs = (words.get(name[i : i + 2]) for i in range(len(name) - 1))
    return len(_base(name)) < 2 or any(e and e[0] >= 5 and e[1] not in _NAME_TAGS for e in pairs)


def _gazetteer_form(name: str, under: set[str]) -> str:
    """The township's village the text names by another form: its current name (幸福村 → 幸福社区), without
    its ethnic words (西坑村 → 西坑民族村) or misspelt (李家岩村 → 李家崖村); else the text's name."""
    if name in under:
        return name
    base = _base(name)
    current = [base + s for s in (*_VILLAGE_SUFFIXES, "嘎查村") if base + s in under] or [
        v for v in under if without_ethnic_words(_base(v)) == base
    ]
    current = current or _misspelt(name, under)
    return current[0] if len(current) == 1 else name


def _misspelt(name: str, under: set[str]) -> list[str]:
    """The villages of the township whose name the text's misspells (枣圪公式村 for 枣圪达村): the same
    first two characters and suffix; not one that only adds to the text's name or drops from it
    (达嘎村 is no 达嘎多村: another village, or one the gazetteer lacks)."""
    base = _base(name)
    return [
        v
        for v in under
        if v[:2] == name[:2]
        and v[-1] == name[-1]
        and not _base(v).startswith(base)
        and not base.startswith(_base(v))
    ]
