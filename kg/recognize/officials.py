"""Officials: names anchored by titles, with their posts and jurisdictions.

The text's own structure carries the facts: a title chain (`县委副书记、政府县长`) followed
by a list of names (`王昕`, `李永成、孟宪璋`) that share it; or a head's title after the name
(`武国定副省长`, `习近平总书记`). A name's length (2 or 3 characters) is read from what
follows it (`王昕表示`, `魏茹生来`), the same string elsewhere in the article, and the words
it would otherwise cut (`刘勇低头`). Jurisdiction comes from the place words before the title,
else from the title's level and the regions the article names.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from kg.datafiles import rows
from kg.model import Document, Organization, Person, Post, Region, RegionMention
from kg.recognize.gazetteer import COUNTRY, Gazetteer, load
from kg.recognize.lexicon import COMPOUND_SURNAMES, SURNAMES, find_all, is_common_word, jieba_words
from kg.recognize.titles import NON_PUBLIC, ROLE, canonical, city_level, level_of, title, titles, trie_pattern

_CJK = re.compile(r"[\u4e00-\u9fff]")
_FOLLOWERS = [row[0] for row in rows("name_followers.tsv")]
_FOLLOW = re.compile(trie_pattern(_FOLLOWERS))
_SINGLE_FOLLOW = frozenset(w for w in _FOLLOWERS if len(w) == 1)
_FOLLOWER_WORDS = frozenset(_FOLLOWERS)
_LINKING_TAGS = frozenset({"p", "d"})
_NOT_GIVEN_START = set(
    "的了在是与及等也都对把被就并而或他她们这那个些各该每此所"
)  # 和平, 为民, 向东 are names
_DOTTED = re.compile(r"[\u4e00-\u9fff]{1,6}·")
_FUNCTION_SURNAMES = set("和于向从与及将把被对为以同在给")
_PREFIX_STOP = re.compile(r"[,，。；;：:、！？!?\s（）()“”《》\"'·…—\-\d]")
# 原县长, 国务院扶贫办原主任, 时任国务院扶贫办副主任: a post given as former, by a word before its role or
# before its body (unless that word begins a place: 原平市市长)
_FORMER_WORDS = "原|时任|曾任|前任"
_FORMER = re.compile(f"(?:{_FORMER_WORDS}|前)$")
_FORMER_START = re.compile(f"^(?:{_FORMER_WORDS})")
_ORG_BODY = re.compile(
    r"(发改委|农委|扶贫办|民政局|人社局|总工会|妇联|团委|政协|人大常委会|统战部|组织部|宣传部|"
    r"[\u4e00-\u9fff]{1,8}?(?:局|厅|委员会|委|办公室|办|部|院|中心|指挥部|领导小组|小组|工作队|党|联合会))$"
)
_ORG_EXPANSIONS = {
    "发改委": "发展和改革委员会",
    "农委": "农业委员会",
    "扶贫办": "扶贫开发办公室",
    "人大常委会": "人民代表大会常务委员会",
    "人社局": "人力资源和社会保障局",
    "委办": "委办公室",
}
_BODY_HEADS = {body: frozenset(heads.split(",")) for body, heads in rows("body_heads.tsv")}
_BODY_WORDS = re.compile(trie_pattern(list(_BODY_HEADS)))
_LEVEL_CHARS = frozenset("省市县区州旗盟乡镇")
_LEVEL_WORDS = {
    "province": "省",
    "prefecture": "市州盟地",
    "county": "县区旗市",
    "township": "乡镇",
    "village": "村",
}
_ROLE_LEVELS = ("country", "province", "prefecture", "county", "township", "village")


def _surname_length(text: str, i: int) -> int:
    if text[i : i + 2] in COMPOUND_SURNAMES:
        return 2
    return 1 if text[i : i + 1] in SURNAMES else 0


def _boundary(text: str, j: int) -> bool:
    return j >= len(text) or not _CJK.match(text[j]) or bool(_FOLLOW.match(text, j))


def _weak_boundary(text: str, j: int) -> bool:
    """A boundary at `j` that is only a one-character word (在, 同), which may also end a name."""
    found = _FOLLOW.match(text, j)
    return bool(found) and found.end() - j == 1


def _word_at(text: str, j: int) -> bool:
    """A dictionary word that is no person name starts at `j` (随同, 轻车简从: idioms are rarer words)."""
    return any(is_common_word(text[j : j + n], 50 if n == 2 else 5) for n in (2, 3, 4) if j + n <= len(text))


def _linking_word_at(text: str, j: int) -> bool:
    """A preposition or adverb of the dictionary starts at `j` (随同, 一同, 随行; not the verb 生来 of
    `魏茹生来`, nor 平等 or 文说): after a name it links the name to the verb."""
    words = jieba_words()
    return any(words.get(text[j : j + n], (0, ""))[1] in _LINKING_TAGS for n in (2, 3, 4))


def _standalone(text: str, short: str, longer: str) -> bool:
    """True when `short` also occurs without the character that `longer` adds (陈武深入 beside 陈武来到)."""
    return _count(text, short) > _count(text, longer)


@lru_cache(maxsize=4096)
def _count(text: str, part: str) -> int:
    """`text.count(part)`, remembered: a long text is scanned once per candidate name, not once per mention."""
    return text.count(part)


# One-character words after a name (name_followers.tsv) that are also common syllables of Uyghur names.
_TRANSLITERATED = frozenset("都来")


def read_name(text: str, i: int) -> str | None:
    """The person name starting at `i`, or None when none starts there."""
    dotted = _DOTTED.match(text, i)
    if dotted:  # 阿依古丽·买买提带队: the shortest given part that ends at a boundary
        head = dotted.end()
        for end in range(head + 2, min(head + 7, len(text)) + 1):
            if not _CJK.match(text[end - 1]):
                break
            if (
                text[end : end + 1] in _TRANSLITERATED
                and _weak_boundary(text, end)
                and not _boundary(text, end + 1)
            ):
                continue  # 阿不都热西提: a syllable of the name, not the 都 of 艾力都参加
            if _overlapping_follower(text, end):
                continue  # 古丽娜·艾买提出席: the 提 of the name, not 提出
            if _boundary(text, end) or _word_at(text, end):
                return text[i:end]
        return None
    sl = _surname_length(text, i)
    if not sl or i + sl >= len(text) or not _CJK.match(text[i + sl]) or text[i + sl] in _NOT_GIVEN_START:
        return None
    if text[i] in _CONJUNCTIONS and _surname_length(text, i + 1) and plausible_name(text[i + 1 : i + 3]):
        return None  # 县长和周建平副县长: the conjunction before a name, not the rare surname 和
    after_surname = ROLE.match(text, i + sl)
    if after_surname and len(after_surname.group()) > 1:
        return None  # 县长任组长, 县委书记任主任: the verb 任 and a title
    two, three = text[i : i + sl + 1], text[i : i + sl + 2]
    has_third = len(three) == sl + 2 and bool(_CJK.match(three[-1]))
    third_is_follow = has_third and _boundary(text, i + sl + 1)
    if third_is_follow and _overlapping_follower(text, i + sl + 1):
        third_is_follow = False  # 张志强调研: not 张志 before 强调, which no word follows
    if third_is_follow and three[-1] in _SINGLE_FOLLOW and three[-1] not in "等的":
        # 章志兼、: a verb is not followed by a list comma (王强说，李华就…: it is by other punctuation);
        # 张文和表示…张文和指出: the repeated form wins
        after = text[i + sl + 2 : i + sl + 3]
        repeated = _count(text, three) >= 2 and not _standalone(text, two, three)
        if after == "、" or (_boundary(text, i + sl + 2) and repeated):
            third_is_follow = False
        elif (
            three[-1] in _CONJUNCTIONS
            and not _weak_boundary(text, i + sl + 2)
            and _boundary(text, i + sl + 2)
        ):
            third_is_follow = False  # 王爱和带队: a conjunction joins names, it is not followed by a verb
    repeated = has_third and _count(text, three) >= 2 and not _standalone(text, two, three)
    if third_is_follow:
        name = two
    elif has_third and (_boundary(text, i + sl + 2) or repeated):
        # 王建随同调研: a word from the third character beats a one-character word after it, and so
        # do two words (扶贫工作: the 作 of 工作 is no verb after a name 扶贫工)
        weak = (
            not repeated
            and _weak_boundary(text, i + sl + 2)
            and (
                _linking_word_at(text, i + sl + 1)
                or (is_common_word(two) and is_common_word(text[i + sl + 1 : i + sl + 3]))
            )
        )
        name = two if weak else three
    elif is_common_word(text[i + sl + 1 : i + sl + 3]):
        name = two
    else:
        name = three if has_third else two
    ends = i + len(three)
    if name == three and not (_boundary(text, ends) or _word_at(text, ends)) and _word_at(text, i + sl + 1):
        name = two  # 王刚轻车简从: a word from the third character, and no boundary after it
    end = i + len(name)
    if not plausible_name(name) or ROLE.match(text, end):
        return None
    if not (_boundary(text, end) or _word_at(text, end)):
        return None
    return name


def _overlapping_follower(text: str, j: int) -> bool:
    """A word of two or more that follows names starts at `j`, the third character of a reading, and
    runs into characters that start no word, while another such word starts right after that
    character: `张志强调研`, where 强调 is cut off and 调研 follows the name 张志强."""
    found = _FOLLOW.match(text, j)
    if not found or found.end() - j < 2 or _boundary(text, found.end()) or _word_at(text, found.end()):
        return False
    return _boundary(text, j + 1) and not _weak_boundary(text, j + 1)


def plausible_name(name: str) -> bool:
    """Not a word (高度), not a function word before one (和相关, 于是), not a place (石泉县, 到雷山), not a
    span ending in a word of position (县长任期内, 副县长任上)."""
    if not all(_CJK.match(ch) for ch in name) or is_common_word(name) or name[1] in _NOT_GIVEN_START:
        return False
    if name[-1] in _POSITION_WORDS or name in _FOLLOWER_WORDS:
        return False  # 县级领导包联贫困村: a word that follows names is none
    return not (name[0] in _FUNCTION_SURNAMES and is_common_word(name[1:])) and not _place_name(name)


_POSITION_WORDS = frozenset("上内里")  # localizers that end no given name
_GOING_SURNAMES = frozenset("到赴去")  # rare surnames that are verbs of going: 市长赴临夏调研


def _any_place(span: str) -> bool:
    """A division of any level, alone or after a verb of going (洞河镇, 到洞河镇): what a set-off span
    after a title must not be."""
    gaz = load()
    return bool(gaz.lookup(span)) or (span[0] in _GOING_SURNAMES and bool(gaz.lookup(span[1:])))


@lru_cache(maxsize=4096)
def _place_name(name: str) -> bool:
    """A county's or higher division's full name (市委书记石泉县调研), or a verb of going before its name
    or short form (州委书记到雷山、台江, 市长赴临夏): a place, not a person."""
    gaz = load()

    def high(keys: list[str]) -> bool:
        return any(gaz.get(k).level in ("province", "prefecture", "county") for k in keys)

    if high(gaz.by_name.get(name, [])):
        return True
    rest = name[1:]
    return name[0] in _GOING_SURNAMES and (high(gaz.by_name.get(rest, [])) or bool(gaz.aliases.get(rest)))


def _name_list(text: str, i: int, commas: bool = False) -> list[tuple[int, str]]:
    """`李永成、孟宪璋、武卫东` from `i`: names joined by 、/和/及 that all end at a boundary. With `commas`
    (after a collective title: `县领导王五，赵六，孙七出席`) names joined by commas too, when a word that
    follows names ends the list: `县领导王五，赵六说` leaves 赵六 out."""
    names: list[tuple[int, str]] = []
    before_commas = None  # how many names were read before the first comma
    while i < len(text):
        name = _parts_name(text, i) or read_name(text, i)
        if not name:
            name = _set_off_name(text, i) or _word_name(text, i)
        elif len(name) == 3 and not _boundary(text, i + 3):
            # 州长吉狄马加深入: four characters before a word that follows names, not 吉狄马 before 加深
            name = _set_off_name(text, i) or name
        if not name or (names and not _boundary(text, i + len(name))):
            break
        names.append((i, name))
        j = i + len(name)
        joiner = text[j : j + 1]
        listed = joiner in ("、", "和", "及") or (commas and joiner in ("，", ","))
        if listed and (_parts_name(text, j + 1) or read_name(text, j + 1)) and not ROLE.match(text, j + 1):
            if joiner in ("，", ",") and before_commas is None:
                before_commas = len(names)
            i = j + 1
            continue
        break
    if before_commas is not None:
        last_at, last = names[-1]
        follower = _FOLLOW.match(text, last_at + len(last))
        if not (follower and (len(follower.group()) > 1 or follower.group() == "等")):
            return names[:before_commas]
    return names


def _parts_name(text: str, i: int) -> str | None:
    """A Tibetan or Mongolian name, one to three parts of kg/data/name_parts.tsv (`多吉次珠`, `宝音`):
    the longest that ends where a name may end."""
    ends, starts = [], [i]
    for _ in range(3):
        starts = [found.end() for at in starts if (found := _NAME_PARTS.match(text, at))]
        ends += starts
    for end in reversed(ends):
        if (_boundary(text, end) or _word_at(text, end)) and not ROLE.match(text, end):
            return text[i:end]
    return None


_NAME_PARTS = re.compile(trie_pattern([row[0] for row in rows("name_parts.tsv")]))


def _word_name(text: str, i: int) -> str | None:
    """A surname and one character that also spell a noun or a place (`副县长高山参加`, `主任黄河，`): a
    name where a title stands before it and a clear boundary after it (not a one-character word), unless
    the surname is the 全 of a whole that says how (`全程参与`, `全力推进`)."""
    name = text[i : i + 2]
    if (
        len(name) < 2
        or _surname_length(text, i) != 1
        or name[0] == "全"
        or jieba_words().get(name, (0, ""))[1] not in _NOUN_TAGS
    ):
        return None
    end = i + 2
    strong = (
        end >= len(text)
        or not _CJK.match(text[end])
        or (_boundary(text, end) and not _weak_boundary(text, end))
    )
    return name if strong and not ROLE.match(text, end) else None


_NOUN_TAGS = frozenset({"n", "ns", "nz"})


def _set_off_name(text: str, i: int) -> str | None:
    """Three or four characters set off by punctuation after a title (`副市长阿刘时布，`, `盟长奇巴图、`),
    or before a word of two or more that follows names (`州长苏嘎尔布出席`), four also before a word of
    one (`州长苏嘎尔布到`): a minority name written without its dot or a known surname, when no part is
    a word (`高度重视，`, `亲自陪同`; of four, none of its pairs and triples: `州长专题研究就`)."""
    for length in (3, 4):
        span = text[i : i + length]
        follower = _FOLLOW.match(text, i + length)
        set_off = text[i + length : i + length + 1] in _SET_OFF
        of_presence = bool(_OF_PRESENCE.match(text, i + length))  # 在州长纳云德的陪同下
        one_word = follower is not None and (
            of_presence or (length == 4 and follower.group() not in _NOT_AFTER_NAME)
        )
        if span[-1:] in _NOT_AFTER_NAME:
            continue  # 纳云德的 before 陪同: the 的 of 的陪同下, no syllable
        if len(span) < length or not (set_off or (follower and len(follower.group()) > 1) or one_word):
            continue
        if (
            not all(_CJK.match(ch) for ch in span)
            or span[0] in _NOT_GIVEN_START
            or span[1] in _NOT_GIVEN_START
        ):
            return None
        if length == 3:
            parts = (span, span[:2], span[1:3], span[2:])
        elif set_off or len(follower.group()) > 1 or of_presence:
            parts = (span, span[:2], span[2:])
        else:
            parts = (span, span[:2], span[1:3], span[2:], span[:3], span[1:])
        if (
            any(len(part) > 1 and is_common_word(part) for part in parts)
            or ROLE.search(span)
            or not _UNIT_CHARS.isdisjoint(span)
        ):
            return None
        entry = jieba_words().get(span)
        if span[0] in _FUNCTION_SURNAMES or span[0] in _GOING_SURNAMES:
            return None  # 到洞河调研: a preposition or a verb of going, not a name's first syllable
        if (entry and not entry[1].startswith("nr")) or (length == 4 and span[0] == span[2]):
            return (
                None  # 轻车简从, 走村入户 (the dictionary's), 包片包村, 边走边看: a manner of doing, no name
            )
        return None if _place_name(span) or _any_place(span) else span
    return None


_SET_OFF = frozenset("，,、。；;")
# the units and counts of a way of working (逐村入户, 进组到户, 四不两直), never syllables of a minority name
_UNIT_CHARS = frozenset("村户组镇乡县点两四五六七八九十百千")
_NOT_AFTER_NAME = frozenset("的是")  # one-character followers that rather end a phrase: 村里的, 关键是
_OF_PRESENCE = re.compile("的(?:陪同|带领|率领|主持)")  # 在州长苏嘎尔布的陪同下
_SECONDED = re.compile("挂任|挂职")
_CONJUNCTIONS = frozenset("和与及同跟")
_CHAIN_JOINERS = frozenset("、兼")
_BODY_END = re.compile(
    "会(?!见|同|上)"
)  # 委员会, 常委会, 理事会: a body's name, not a title  # 县委副书记、县长; 县委副书记兼县长


@dataclass(frozen=True, slots=True)
class _Neighbour:
    end: int  # where the names it was given end
    post: Post
    generic: bool  # its title names no body of its own (局长, 秘书长)


_LIST_SEPARATORS = frozenset({"、", "，", ","})


class _Reader:
    def __init__(self, doc: Document, gaz: Gazetteer):
        self.doc, self.gaz, self.text = doc, gaz, doc.text
        self.people: dict[str, Person] = {}
        self.roles = [m for m in ROLE.finditer(self.text) if not _BODY_END.match(self.text, m.end())]
        self.orgs: dict[str, Organization] = {}
        self._levels: dict[tuple[str, str], tuple[list[int], list[Region], Region | None]] = {}
        self._across_names: set[int] = set()  # starts of mentions read across a name's end: no places
        self._names_sharing_a_suffix = {
            role.start(): start
            for role in self.roles
            if title(role.group()).postposed and (start := self._name_sharing_a_suffix(role)) is not None
        }

    # jurisdiction -------------------------------------------------------------------------
    def _regions_in(self, start: int, end: int) -> list[RegionMention]:
        regions = self.doc.regions  # sorted by start
        first, last = (bisect_left(regions, at, key=lambda m: m.start) for at in (start, end))
        return [m for m in regions[first:last] if m.end <= end + 1]

    def _at_level(self, level: str, pos: int, suffix: str = "") -> Region | None:
        """The region of `level` nearest before `pos`, else the article's most named one, else an ancestor."""
        if level == "country":
            return COUNTRY
        starts, regions, fallback = self._level(level, suffix)
        before = bisect_left(starts, pos)
        return regions[before - 1] if before else fallback

    def _level(self, level: str, suffix: str) -> tuple[list[int], list[Region], Region | None]:
        """The mentions that fit `level` (their starts and regions), and the region to take when none
        is before a title: the most named of them, else the most common ancestor of that level."""
        if (level, suffix) not in self._levels:
            listed = _listed(self.text, self.doc.regions)
            mentions = [
                m for m in self.doc.regions if _fits(m, level, suffix) and m.start not in self._across_names
            ]
            regions = [m.region for m in mentions]
            fallback = _most_common(regions)
            mentions = [m for m in mentions if m.start not in listed]  # 黄冈、孝感两市 singles out neither
            if fallback is None:
                ancestors = [
                    self.gaz.get(k) for m in self.doc.regions for k in self.gaz.ancestors(m.region.key)
                ]
                fallback = _most_common([r for r in ancestors if r.level == level])
                if fallback is None and suffix == "市" and level == "prefecture":
                    # 重庆市石柱县…市长: counties sit right under a municipality, whose heads are 市长, 市委书记
                    named = [m.region for m in self.doc.regions] + ancestors
                    fallback = _most_common(
                        [r for r in named if r.level == "province" and r.name.endswith("市")]
                    )
            self._levels[level, suffix] = (
                [m.start for m in mentions],
                [m.region for m in mentions],
                fallback,
            )
        return self._levels[level, suffix]

    def _drop_mentions_across(self, pos: int) -> None:
        """`邹立华和县政协副主席`, `孙立新和县委常委`: a place read across the end of the names before a
        title (和县, 新和县) is no region of any title."""
        across = {m.start for m in self._regions_in(pos - 8, pos + 4) if m.start < pos < m.end}
        if not across <= self._across_names:
            self._across_names |= across
            self._levels.clear()

    def _jurisdiction(self, prefix_start: int, role_start: int, prefix: str, role: str) -> Region | None:
        in_prefix = self._regions_in(prefix_start, role_start)
        level = level_of(prefix, role, in_prefix[-1].end - prefix_start if in_prefix else 0)
        if in_prefix:
            region = in_prefix[-1].region
            if (
                level is None
                or _ROLE_LEVELS.index(level) >= _ROLE_LEVELS.index(region.level)
                or level == "country"
            ):
                if level == "country":
                    return COUNTRY
                found = region if level in (None, region.level) else None
                if found is None and level is not None:
                    found = self._descend(region, level, role_start) or region
                return found
        if level is None:
            return None
        return self._at_level(level, role_start, "市" if city_level(prefix, role) else "")

    def _descend(self, region: Region, level: str, pos: int) -> Region | None:
        """A county title after a prefecture's name (`大同市…县委书记`) means a county inside it."""
        found = self._at_level(level, pos)
        return found if found and self.gaz.is_within(found.key, region.key) else None

    # posts --------------------------------------------------------------------------------
    def _prefix(self, role_start: int, floor: int) -> int:
        """Where the place and body words before a title start: after punctuation, and after a
        preposition before a level word or a place (`以省扶贫办副主任…为组长`, `由县委书记`)."""
        text = self.text
        start = role_start
        while start > floor and role_start - start < 16 and not _PREFIX_STOP.match(text[start - 1]):
            start -= 1
        if start + 1 < role_start and text[start] in _LEADING_PREPOSITIONS:
            placed = self._regions_in(start, role_start)
            if text[start + 1] in _LEVEL_CHARS or (placed and placed[0].start == start + 1):
                start += 1
        return start

    def _post(
        self, prefix_start: int, role: re.Match, chain: list[Post], neighbour: _Neighbour | None = None
    ) -> Post | None:
        """The post read from `prefix` + `role`; None when it is no public post (`公司主任`, a bare `主任`).
        `neighbour` is the post of the name listed right before this title: a bare head's title after a
        head's title is in the same body (`秘书长王五、副秘书长赵六`), a title whose words place it nowhere
        in the same region (`街道党工委书记王五、办事处主任赵六`)."""
        text = self.text
        prefix = text[prefix_start : role.start()]
        title_role = role.group()
        if NON_PUBLIC.search(prefix):
            return None
        jurisdiction = self._jurisdiction(prefix_start, role.start(), prefix, title_role)
        body_prefix = prefix
        generic = title(title_role).generic
        if generic and not prefix.strip():
            body = self._paragraph_body(role)
            if body is not None:  # 镇巴县政协召开座谈会,副主席高显武: the body the paragraph named
                prefix_start, body_end = body
                prefix = body_prefix = text[prefix_start:body_end]
                jurisdiction = self._jurisdiction(prefix_start, body_end, prefix, title_role)
        if generic and not body_prefix.strip() and not chain:
            if neighbour is None or not neighbour.generic:
                return None
            return replace(neighbour.post, title=canonical("", title_role), former=False)
        own_level = title(title_role).level
        placed_nowhere = jurisdiction is None and level_of(prefix, title_role) is None
        if placed_nowhere and neighbour and neighbour.post.jurisdiction and not chain:
            jurisdiction = self.gaz.get(neighbour.post.jurisdiction)
        if jurisdiction is None and chain and chain[-1].jurisdiction:
            inherited = self.gaz.get(chain[-1].jurisdiction)
            if own_level in (
                None,
                inherited.level,
            ):  # 全国人大代表、村党支部书记: the village post is not central
                jurisdiction = inherited
        in_prefix = self._regions_in(prefix_start, prefix_start + len(prefix))
        org_words = (
            text[max(prefix_start, in_prefix[-1].end) : prefix_start + len(prefix)] if in_prefix else prefix
        )
        former_body = (
            None if in_prefix and in_prefix[0].start == prefix_start else _FORMER_START.match(prefix)
        )
        if former_body and not in_prefix:  # 原国务院扶贫办: the body is 国务院扶贫办
            org_words = org_words[former_body.end() :]
        organization = self._organization(org_words, jurisdiction)
        if organization is None and own_level is None and chain and not prefix.strip():
            organization = chain[-1].organization  # 市民政局副书记、副局长: both posts are in the bureau
        return Post(
            title=canonical(body_prefix, title_role),
            jurisdiction=jurisdiction.key if jurisdiction else None,
            organization=organization,
            former=bool(former_body or _FORMER.search(prefix)),
            sentence=self.doc.sentence_at(role.start()),
        )

    def _paragraph_body(self, role: re.Match) -> tuple[int, int] | None:
        """The span of the last body named earlier in the role's paragraph that a bare `role` heads
        (kg/data/body_heads.tsv), placed by a region or a level word before it (`平利县民政局`, `县扶贫办`;
        not the 办 of 举办) or central (`国务院扶贫办`)."""
        text = self.text
        floor = text.rfind("\n", 0, role.start()) + 1
        best = None
        for m in _BODY_WORDS.finditer(text, floor, role.start()):
            if (
                role.group() not in _BODY_HEADS[m.group()]
                or _BODY_END.match(text, m.end())
                or text.startswith(tuple(_BODY_HEADS[m.group()]), m.start())  # the 部 of 部长 is a title
            ):
                continue
            start = self._prefix(m.end(), floor)
            regions = self._regions_in(start, m.start())
            words = text[regions[-1].end if regions else start : m.start()]
            if (
                regions
                or (words[:1] in _LEVEL_CHARS and len(words) > 1)
                or m.group() in ("政协", "人大常委会")
                or (  # a central body (国务院扶贫办, 农业农村部), not words running on past a post (部长王五召开部务会)
                    level_of(words + m.group(), role.group()) == "country" and not ROLE.search(words)
                )
            ):
                best = (start, m.end())
        return best

    def _organization(self, prefix: str, jurisdiction: Region | None) -> str | None:
        body = _ORG_BODY.search(prefix)
        if not body:
            return None
        word = body.group(1)
        if word.endswith("党") or word in ("委",) or re.fullmatch("[省市县区州乡镇村]?委", word):
            return None
        place = jurisdiction.name if jurisdiction and jurisdiction.level != "country" else ""
        if place and word[:1] in _LEVEL_WORDS[jurisdiction.level]:
            word = word[
                1:
            ]  # 县民政局 of 平利县: 平利县民政局; not the 乡 of 乡村振兴局, nor 省委组织部 without a place
        for short, full in _ORG_EXPANSIONS.items():
            if word.endswith(short):
                word = word[: -len(short)] + full
        name = place + word
        self.orgs.setdefault(
            name,
            Organization(name=name, surface=prefix, jurisdiction=jurisdiction.key if jurisdiction else None),
        )
        return name

    def _add(self, name: str, pos: int, posts: list[Post]) -> None:
        person = self.people.setdefault(name, Person(name=name, official=True, first=pos))
        for post in posts:
            if all((p.title, p.jurisdiction) != (post.title, post.jurisdiction) for p in person.posts):
                person.posts.append(post)

    # readers --------------------------------------------------------------------------------
    def title_first(self) -> None:
        """`省委书记、省人大常委会主任王东峰`, `县领导李永成、孟宪璋`."""
        text = self.text
        chain: list[Post] = []
        chain_end = -1
        neighbour: _Neighbour | None = None
        names_end = 0  # where the last names read end: the next title's place words start after them
        explicit: list[
            tuple[Region | None, str | None]
        ] = []  # per post: the region its words name, its level
        for role in self.roles:
            joined = chain_end >= 0 and text[chain_end : chain_end + 1] in _CHAIN_JOINERS
            floor = chain_end + 1 if joined and chain_end < role.start() else 0
            if floor and "、" in text[chain_end + 1 : role.start()]:
                floor = 0
            if not floor:
                chain, explicit, private, seconded = [], [], False, None
            names = _name_list(text, _past_parenthesis(text, role.end()), title(role.group()).collective)
            if not names and text[role.end() : role.end() + 1] in _CLOSING:
                names = self._name_before_parenthesis(role.start())
            joins = text[role.end() : role.end() + 1] in _CHAIN_JOINERS
            if not names and not joins:
                chain, chain_end = [], -1
                continue  # a title with no name after it (县委书记和其他县领导)
            found = title(role.group())
            if found.private or (private and found.level is None):
                private = True  # 促进会副理事长、执行主任兼秘书长: the posts of a private body
                chain_end = role.end() if joins and not names else -1
                if names and chain:
                    for pos, name in names:
                        self._add(name, pos, self._placed_by_chain(chain, explicit))
                continue
            after_names = names_end + (text[names_end : names_end + 1] in _CONJUNCTIONS)
            if after_names <= role.start():
                self._drop_mentions_across(after_names)
            else:
                after_names = 0
            # 沈建国和县人大常委会主任龚平: the 和 joins the names, it begins no place (和县)
            prefix_start = self._prefix(role.start(), max(floor, after_names))
            listed_after = (
                neighbour if neighbour and text[neighbour.end : prefix_start] in _LIST_SEPARATORS else None
            )
            post = self._post(prefix_start, role, chain, listed_after)
            if post is None:
                chain, chain_end = [], -1
                continue
            in_prefix = self._regions_in(prefix_start, role.start())
            chain.append(post)
            prefix = text[prefix_start : role.start()]
            explicit.append((in_prefix[-1].region if in_prefix else None, level_of(prefix, role.group())))
            if seconded is None and _SECONDED.search(prefix):
                seconded = len(chain) - 1
            if names:
                posts = self._placed_by_chain(chain, explicit)
                if seconded:
                    posts = self._at_home_in_bodies(posts, seconded)
                for pos, name in names:
                    self._add(name, pos, posts)
                chain, chain_end = [], -1
                last_at, last_name = names[-1]
                names_end = last_at + len(last_name)
                neighbour = _Neighbour(names_end, posts[-1], found.generic)
            elif joins:
                chain_end = role.end()
            else:
                chain, chain_end = [], -1

    def _name_before_parenthesis(self, pos: int) -> list[tuple[int, str]]:
        """`王刚（县委常委、常务副县长）`: the name right before the parentheses that hold the title at `pos`."""
        text = self.text
        opening = max(text.rfind(c, max(0, pos - 24), pos) for c in _OPENING)
        if opening < 2 or any(c in text[opening:pos] for c in "。；;）)"):
            return []
        for length in (3, 2, 4):
            start = opening - length
            name = text[max(start, 0) : opening]
            if length == 3 and name not in self.people and name[0] in _LINKING_CHARS:
                continue  # 由王刚（…）主持: the preposition, not a surname
            if name in self.people or (
                length < 4
                and read_name(text, start) == name
                and (_set_off_before(text, start) or _name_may_start(text, start))
            ):
                return [(start, name)]
        return []

    def _at_home_in_bodies(self, posts: list[Post], seconded: int) -> list[Post]:
        """`副区长、挂任马山县委常委、副县长`: the posts before the one taken up on secondment (挂任, 挂职)
        are in bodies of the home region, and the region the official governs is the host's."""
        hosts = [p.jurisdiction for p in posts[seconded:] if p.jurisdiction]
        if not hosts:
            return posts
        at_home = []
        for post in posts[:seconded]:
            home = post.jurisdiction
            if home and not any(self.gaz.is_within(h, home) or self.gaz.is_within(home, h) for h in hosts):
                post = _in_body(post, self.gaz, self.orgs)
            at_home.append(post)
        return at_home + posts[seconded:]

    def _placed_by_chain(
        self, chain: list[Post], explicit: list[tuple[Region | None, str | None]]
    ) -> list[Post]:
        """`市委常委、电白区委书记`: a post whose place the text leaves out is in the region above the one
        another post of the chain names (the 市委 of 电白区's city), not in the nearest city named."""
        named = [r for r, _ in explicit if r is not None]
        if not named:
            return chain
        placed = []
        for post, (own, level) in zip(chain, explicit, strict=True):
            if own is None and post.jurisdiction and level not in (None, "country"):
                above = next(
                    (
                        a
                        for r in named
                        for a in map(self.gaz.get, self.gaz.ancestors(r.key))
                        if a.level == level
                    ),
                    None,
                )
                if above is not None:
                    post = replace(post, jurisdiction=above.key)
            placed.append(post)
        return placed

    def name_first(self) -> None:
        """`武国定副省长`, `习近平总书记`, `王东峰书记`: a head's title after the name."""
        text = self.text
        known_spans = {
            i for name in self.people for at in find_all(text, name) for i in range(at, at + len(name))
        }
        known_spans.update(i for m in self.doc.regions for i in range(m.start, m.end))
        # 镇巴县王刚县长, 县扶贫局李华局长: a name may start after a place or a body
        region_ends = {m.end for m in self.doc.regions} | {m.end() for m in _BODY_WORDS.finditer(text)}
        for role in self.roles:
            if not title(role.group()).postposed or _name_list(text, role.end()):
                continue  # 副县长赵六: the title is read forwards
            dotted = _dotted_name_before(text, role.start(), region_ends)
            if dotted is not None:
                post = self._post(role.start(), role, []) or self._bare_post(role)
                self._add(text[dotted : role.start()], dotted, [post])
                continue
            sharing = self._names_sharing_a_suffix.get(role.start())
            if sharing is not None:
                post = self._post(role.start(), role, []) or self._bare_post(role)
                self._add(text[sharing : role.start()], sharing, [post])
                continue
            compound = text[role.start() - 4 : role.start() - 2] in COMPOUND_SURNAMES
            for length in (4, 3, 2) if compound else (3, 2, 4):  # 司马光明副县长
                start = role.start() - length
                if start < 0:
                    continue
                name = text[start : role.start()]
                known = name in self.people
                if not known and (
                    (
                        name[0] in _LINKING_CHARS
                        and _surname_length(text, start + 1)
                        and (length == 2 or plausible_name(name[1:]))
                    )
                    or (
                        text[start - 1 : start] in _LINKING_CHARS
                        and is_common_word(text[start - 1 : start + 1])
                    )
                ):
                    # 何平县长和汤勇副县长, 由张明副县长主持, ，由王县长主持: 和 joins the names, 由 leads one
                    # or a surname said alone; 及时向张县长: the 及 of 及时 is no conjunction before a name
                    continue
                after_place = start in region_ends
                if not known and (
                    (length == 4 and not compound)
                    or not _surname_length(text, start)
                    or not plausible_name(name)
                    or (length == 2 and not (_set_off_before(text, start) or after_place))
                ):
                    continue  # a two-character name before a title stands alone: `，刘奇书记、`
                if not known and (
                    not (_name_may_start(text, start) or after_place)
                    or known_spans & set(range(start, role.start()))
                ):
                    continue
                if title(role.group()).generic and _BODY_WORDS.search(name):
                    continue  # 县扶贫办主任: the body, not a name
                post = self._post(role.start(), role, []) or self._paired_post(role) or self._bare_post(role)
                if post is not None:
                    self._add(name, start, [post])
                break

    def _name_sharing_a_suffix(self, role: re.Match) -> int | None:
        """`，张建平县长主持`: a surname and a place that ends in the title's first character (建平县)
        are a name before a title with no name after it, not a place; where the name starts, the place
        dropped for every title."""
        text, role_start = self.text, role.start()
        for m in self._regions_in(role_start - 4, role_start + 1):
            start = m.start - 1
            if (
                m.end == role_start + 1
                and m.end - m.start == 3
                and start >= 0
                and _surname_length(text, start) == 1
                and _set_off_before(text, start)
                and plausible_name(text[start:role_start])
                and not _name_list(text, role.end())
            ):
                self._drop_mentions_across(m.start + 1)
                return start
        return None

    def _bare_post(self, role: re.Match) -> Post:
        """`王东峰书记`: a head's bare title after a name is a post, in a place the text leaves open."""
        return Post(
            title=canonical("", role.group()), jurisdiction=None, sentence=self.doc.sentence_at(role.start())
        )

    def _paired_post(self, role: re.Match) -> Post | None:
        """`刘奇书记、易炼红省长`: a bare 书记 paired with a head's title is the secretary of that head's region."""
        text, end = self.text, role.end()
        if text[end : end + 1] != "、":
            return None
        for length in (2, 3):
            head = ROLE.match(text, end + 1 + length)
            found = title(head.group()) if head else None
            if found and found.postposed and found.level and not found.generic:
                paired = self._post(head.start(), head, [])
                if paired is not None:
                    return replace(paired, title=canonical("", role.group()), organization=None)
        return None

    def names_before_collective(self) -> None:
        """`杨军、刘海、赵红梅等县领导`: names listed before a collective title, or before a count of
        people and the title they share (`杨军、刘海两位副县长`)."""
        text = self.text
        for m in (*_COLLECTIVE_AFTER.finditer(text), *_COUNTED_AFTER.finditer(text)):
            post = self._post(m.start(1), ROLE.match(text, m.start(1)), [])
            if post is None:
                continue
            end = m.start()
            names: list[tuple[int, str]] = []
            while end > 0:
                found = next(
                    (
                        (end - n, text[end - n : end])
                        for n in (4, 3, 2)
                        if end - n >= 0
                        and text[end - n : end] in (read_name(text, end - n), _parts_name(text, end - n))
                    ),
                    None,
                )
                if found is None:
                    break
                names.insert(0, found)
                if text[found[0] - 1 : found[0]] != "、":
                    break
                end = found[0] - 1
            for pos, name in names:
                self._add(name, pos, [post])


_COLLECTIVE_AFTER = re.compile(f"等({trie_pattern([t.role for t in titles().values() if t.collective])})")
_COUNTED_AFTER = re.compile(rf"等?(?:[两二三四五六七八九十]|\d+)[位名]({ROLE.pattern})")


_LINKING_CHARS = frozenset("、和与及同由请向对给在了")
_BEFORE_NAMES = _LINKING_CHARS | {"的"}  # 陪同调研的张明副县长
_LEADING_PREPOSITIONS = frozenset("以由在经据对向")


def _past_parenthesis(text: str, end: int) -> int:
    """Where the names after a title at `end` start: past a title in parentheses after it and past the
    closing parenthesis of a title inside them (`司长（巡视员）王光才`: both titles are his), past a short
    note on the post that is no name (`副县长（挂职）王五`, `县长（代）`)."""
    if text[end : end + 1] in _CLOSING:
        return end + 1
    if text[end : end + 1] in _OPENING:
        close = min((at for at in (text.find(c, end, end + 16) for c in _CLOSING) if at != -1), default=-1)
        if close != -1 and ROLE.search(text, end, close):
            return close + 1
        note = text[end + 1 : close]
        if 0 < len(note) <= 4 and _CJK_ONLY.fullmatch(note) and not _names_at(text, end + 1):
            return close + 1
    return end


_CJK_ONLY = re.compile(r"[\u4e00-\u9fff]+")


def _names_at(text: str, i: int) -> bool:
    return bool(_parts_name(text, i) or read_name(text, i) or _set_off_name(text, i))


_OPENING, _CLOSING = "（(", "）)"


def _dotted_name_before(text: str, end: int, region_ends: set[int]) -> int | None:
    """Where a dotted name that ends at `end` starts (`，阿不都·买买提副县长`): its first part is the
    shortest run of characters before the dot that stands after punctuation, a preposition or a place."""
    dot = end - 1
    while dot > end - 8 and dot > 0 and _CJK.match(text[dot]):
        dot -= 1
    if dot <= 0 or text[dot] != "·" or end - dot < 3:
        return None
    for start in range(dot - 1, max(dot - 7, -1), -1):
        if not _CJK.match(text[start]):
            return None
        if _set_off_before(text, start) or start in region_ends:
            return start
    return None


def _set_off_before(text: str, start: int) -> bool:
    """Punctuation (or the text's start), a preposition, a conjunction or 的 stands right before `start`
    (`，刘奇书记`, `在王刚主任的陪同下`, `陪同调研的张明副县长`)."""
    return (
        start == 0
        or text[start - 1] in _SET_OFF
        or not _CJK.match(text[start - 1])
        or text[start - 1] in _BEFORE_NAMES
    )


def _name_may_start(text: str, start: int) -> bool:
    """A name before a title starts after a boundary: punctuation, a word (贯彻习近平), a conjunction."""
    if start == 0 or not _CJK.match(text[start - 1]) or text[start - 1] in _BEFORE_NAMES:
        return True
    return is_common_word(text[start - 2 : start])


def _listed(text: str, mentions: list[RegionMention]) -> set[int]:
    """Starts of the mentions coordinated with the next one (`黄冈、孝感`, `佳县和吴堡县`): a list names a set."""
    listed = set()
    for first, second in zip(mentions, mentions[1:], strict=False):
        if text[first.end : second.start] in _LIST_JOINERS:
            listed.update((first.start, second.start))
    return listed


_LIST_JOINERS = frozenset({"、", "和", "与", "及"})


def _most_common(regions: list[Region]) -> Region | None:
    """The region named most often (the greatest key on a tie), as first named."""
    counts = Counter(r.key for r in regions)
    best = max(counts, key=lambda k: (counts[k], k), default=None)
    return next((r for r in regions if r.key == best), None)


def _fits(mention: RegionMention, level: str, suffix: str) -> bool:
    """Whether a mention can be what a title's level word names: 市 is a prefecture, or a county-level
    city written as one (项城市, not 旬阳县 though the gazetteer now says 旬阳市)."""
    region = mention.region
    if suffix == "市":
        return region.level == "prefecture" or (region.level == "county" and mention.surface.endswith("市"))
    return region.level == level


def _most_specific_jurisdiction(person: Person, gaz: Gazetteer, orgs: dict[str, Organization]) -> None:
    """`大同市委常委、阳高县委书记冯晓雷` governs 阳高县 (the GUIDE's jurisdiction is the most specific one):
    a post at a level above it keeps its region as the body it sits in (大同市委), not as a jurisdiction."""
    keys = {p.jurisdiction for p in person.posts if p.jurisdiction}

    def within(key: str, other: str) -> bool:  # a central post (中央政治局委员) is above every region
        return other == COUNTRY.key or gaz.is_within(key, other)

    specific = [k for k in keys if not any(o != k and within(o, k) for o in keys)]
    if len(specific) != 1 or len(keys) == 1:
        return
    for i, post in enumerate(person.posts):
        if post.jurisdiction in (None, specific[0]) or not within(specific[0], post.jurisdiction):
            continue
        person.posts[i] = _in_body(post, gaz, orgs)


def _in_body(post: Post, gaz: Gazetteer, orgs: dict[str, Organization]) -> Post:
    """The post with its region as the body it sits in (大同市委, 电白区人民政府) instead of a jurisdiction."""
    if post.jurisdiction == COUNTRY.key:
        return replace(post, jurisdiction=None)
    region = gaz.get(post.jurisdiction)
    body = post.organization or region.name + _body_word(post.title)
    orgs.setdefault(body, Organization(name=body, surface=post.title, jurisdiction=region.key))
    return replace(post, jurisdiction=None, organization=body)


def _body_word(title: str) -> str:
    for word in ("人大常委会", "政协", "纪委", "委"):
        if word in title:
            return word
    return "人民政府"


def recognize_officials(doc: Document, gaz: Gazetteer | None = None) -> Document:
    gaz = gaz or load()
    reader = _Reader(doc, gaz)
    reader.title_first()
    reader.names_before_collective()
    reader.name_first()
    authors = set(doc.authors)
    officials = [p for name, p in reader.people.items() if name not in authors and p.posts]
    for person in officials:
        _most_specific_jurisdiction(person, gaz, reader.orgs)
    others = [Person(name=a, official=False, role="author") for a in doc.authors]
    doc.people = sorted(officials, key=lambda p: p.first) + others
    doc.organizations = sorted(reader.orgs.values(), key=lambda o: o.name)
    return doc
