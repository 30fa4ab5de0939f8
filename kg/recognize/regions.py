"""Administrative regions named in the text, grounded in the gazetteer.

Candidates come from three scans: full names and short forms of provinces, prefectures and
counties (one Aho-Corasick automaton), township names ending in 镇/乡/街道/苏木, and village
names ending in 村 or 嘎查 (both checked against the gazetteer by suffix). Overlaps go to the
longest match. Ambiguous names are resolved by the article's own context: the divisions it
names unambiguously and their ancestors. A name inside a medium's or brand's name (`河北日报`,
“静乐裁缝”) is kept as context only, not as a mention.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache

import ahocorasick

from kg.model import Document, Region, RegionMention
from kg.recognize.gazetteer import Gazetteer, load
from kg.recognize.lexicon import common_words, is_common_word

_CJK = r"\u4e00-\u9fff"
_MEDIA_AFTER = re.compile(
    r"(?:日报|晚报|早报|商报|时报|都市报|手机报|报社|报业|报|新闻|在线|网|电视|广电|广播|融媒|卫视|频道|发布|头条|"
    r"论坛|社(?!区|会|保)|杂志|出版)"
)
_STREET_AFTER = re.compile(r"[东西南北中]?(?:路|街|大街|大道|巷|胡同)(?![长委])")
_COMPANY_AFTER = re.compile(rf"[{_CJK}]{{2,6}}?(?:公司|集团|有限|股份|电商|总部|品牌|商贸|实业)")
_DATELINE_AFTER = re.compile(r"\d{1,2}(?:月\d{1,2})?日(?:电|讯)")
_TOWNSHIP_SUFFIXES = ("街道", "苏木", "镇", "乡")
_VILLAGE_SUFFIXES = ("嘎查", "村")
_COUNTY_ENDS = ("县", "区", "市", "旗")
_RENAMES = {"乡": ("镇",), "镇": ("乡", "街道")}
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
_GENERIC_VILLAGE = re.compile(
    r"^(?:自然|行政|贫困|示范|重点|中心|试点|先进|文明|美丽|特色|深度|全|各|本|该|每|此|其|和|与|及|在)"
)
_ALL_CJK = re.compile(f"[{_CJK}]+")
_LIST_MARK = re.compile("[、,，]")
_VILLAGE_AFTER_TOWNSHIP = re.compile(rf"[{_CJK}]{{1,5}}?(?:村|嘎查)")


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    kind: str  # full, variant (short form + suffix), short, township, village, renamed
    regions: list[Region] = field(default_factory=list)

    @property
    def length(self) -> int:
        return self.end - self.start


@cache
def _automaton() -> ahocorasick.Automaton:
    gaz = load()
    table: dict[str, tuple[str, list[str]]] = {}
    for region in gaz.regions.values():
        if region.level in ("province", "prefecture", "county") and region.name not in _GENERIC_COUNTIES:
            table.setdefault(region.name, ("full", []))[1].append(region.key)
    for alias, keys in gaz.aliases.items():
        if alias in table:
            continue
        kind = "variant" if alias[-1] in "县市区州旗" and len(alias) >= 3 else "short"
        table[alias] = (kind, list(keys))
    automaton = ahocorasick.Automaton()
    for surface, (kind, keys) in table.items():
        automaton.add_word(surface, (surface, kind, tuple(keys)))
    automaton.make_automaton()
    return automaton


def _scan_names(text: str, gaz: Gazetteer) -> list[_Candidate]:
    found = []
    for end, (surface, kind, keys) in _automaton().iter(text):
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

    for suffixes, level in ((_TOWNSHIP_SUFFIXES, "township"), (_VILLAGE_SUFFIXES, "village")):
        pattern = re.compile("|".join(suffixes))
        for m in pattern.finditer(text):
            end = m.end()
            shortest = (
                m.start() - 1
                if level == "township" and text[m.start() - 2 : m.start() - 1] in _COUNTY_ENDS
                else m.start() - 2
            )
            for start in range(max(0, m.start() - 6), shortest + 1):
                name = text[start:end]
                if not _ALL_CJK.fullmatch(name):
                    continue
                if level == "village" and (
                    _GENERIC_VILLAGE.match(name) or name[-2:] in ("农村", "乡村", "山村")
                ):
                    continue
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


def _excluded(text: str, cand: _Candidate) -> bool:
    """True when the name is part of a medium's, brand's or street's name."""
    after = text[cand.end : cand.end + 4]
    if _MEDIA_AFTER.match(after) or _STREET_AFTER.match(after):
        return True
    if cand.kind == "short" and _COMPANY_AFTER.match(text, cand.end):
        return True  # 浙江娃哈哈电商总部: a short form leading a company's name
    open_quote = text.rfind("“", max(0, cand.start - 6), cand.start + 1)
    if open_quote != -1 and "”" not in text[open_quote : cand.start]:
        close = text.find("”", cand.end, cand.end + 8)
        inside = text[open_quote + 1 : close] if close != -1 else ""
        if inside and inside != text[cand.start : cand.end] and not _LIST_MARK.search(inside):
            return True
    return False


def _choose(cands: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates, longest first."""
    order = {"full": 0, "variant": 1, "township": 2, "village": 2, "renamed": 3, "short": 4}
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
        return {k for k in self.keys if self.gaz.regions[k].level == "province"}


def _pick(cand: _Candidate, ctx: _Context, text: str, common: frozenset[str]) -> Region | None:
    ranked = sorted(
        ((ctx.score(r), r) for r in cand.regions),
        key=lambda sr: (-sr[0], _LEVEL_RANK[sr[1].level], sr[1].key),
    )
    best_score, best = ranked[0]
    tied = [r for score, r in ranked if score == best_score]
    if cand.kind in ("full", "variant"):
        return best if len(tied) == 1 or best.level != tied[1].level else None
    if cand.kind == "short":
        surface = text[cand.start : cand.end]
        if _crosses_word(text, cand):
            return None
        if best_score or _DATELINE_AFTER.match(text, cand.end):
            return best
        unique_level = sum(1 for r in tied if r.level == best.level) == 1
        if best.level in ("province", "prefecture") and unique_level and surface not in common:
            return best  # 西安 is the city before it is 西安区 of 辽源
        return None
    # townships and villages
    if best_score and len(tied) == 1:
        return best
    if cand.kind != "renamed" and len(cand.regions) == 1:
        province = ctx.gaz.province_of(best.key)
        return best if not ctx.provinces() or province in ctx.provinces() else None
    return None


def _crosses_word(text: str, cand: _Candidate) -> bool:
    """`和政治`: the name's edge characters form a word with their neighbours."""
    before = text[cand.start - 1 : cand.start + 1] if cand.start else ""
    after = text[cand.end - 1 : cand.end + 1]
    return any(len(w) == 2 and is_common_word(w, 100) for w in (before, after))


_LEVEL_RANK = {"country": 0, "province": 1, "prefecture": 2, "county": 3, "township": 4, "village": 5}


def _unresolved_village(name: str) -> Region:
    return Region(key=f"?/{name}", name=name, level="village", parent=None)


def recognize_regions(
    doc: Document, gaz: Gazetteer | None = None, blocked: frozenset[int] = frozenset()
) -> Document:
    """Set `doc.regions`; `blocked` offsets (inside person names: 叶长春) hold no region."""
    gaz = gaz or load()
    text = doc.text
    found = _scan_names(text, gaz) + _scan_suffixed(text, gaz)
    chosen = _choose([c for c in found if not blocked.intersection(range(c.start, c.end))])
    ctx = _Context(gaz)
    resolved: dict[int, Region] = {}
    for i, cand in enumerate(chosen):  # unambiguous full names first: they make the context
        if cand.kind in ("full", "variant") and len(cand.regions) == 1:
            resolved[i] = cand.regions[0]
            ctx.add(cand.regions[0])
    common = common_words()
    for _ in range(2):  # a second round lets names resolved in the first anchor the rest
        for i, cand in enumerate(chosen):
            if i in resolved:
                continue
            region = _pick(cand, ctx, text, common)
            if region is not None:
                resolved[i] = region
                ctx.add(region)
    mentions = []
    for i, cand in enumerate(chosen):
        region = resolved.get(i)
        surface = text[cand.start : cand.end]
        if region is None and cand.kind == "village" and _count(text, surface) >= 2:
            region = _unresolved_village(surface)
        if region is not None:
            mentions.append(
                RegionMention(cand.start, cand.end, surface, region, named=not _excluded(text, cand))
            )
    after = _villages_after_townships(text, mentions, gaz)
    spans = {i for m in after for i in range(m.start, m.end)}
    mentions = [m for m in mentions if not spans & set(range(m.start, m.end))] + after
    doc.regions = sorted(mentions, key=lambda m: m.start)
    return doc


@lru_cache(maxsize=4096)
def _count(text: str, part: str) -> int:
    """`text.count(part)`, remembered: a long text is scanned once per name, not once per mention."""
    return text.count(part)


def _villages_after_townships(
    text: str, mentions: list[RegionMention], gaz: Gazetteer
) -> list[RegionMention]:
    """`西坑畲族镇西坑村`: a village written right after its township."""
    found = []
    for m in mentions:
        if m.region.level != "township":
            continue
        hit = _VILLAGE_AFTER_TOWNSHIP.match(text, m.end)
        if not hit:
            continue
        name = hit.group()
        if _GENERIC_VILLAGE.match(name):
            continue
        under = gaz.villages_of(m.region.key)
        close = [v for v in under if v[:2] == name[:2] and v[-1] == name[-1]]
        if name not in under and len(close) == 1:
            name = close[0]  # the gazetteer's current name: 西坑村 → 西坑民族村
        # a village the gazetteer lacks keeps the text's name and the text's township
        region = Region(key=f"{m.region.key}/{name}", name=name, level="village", parent=m.region.key)
        found.append(RegionMention(hit.start(), hit.end(), hit.group(), region, named=m.named))
    return found
