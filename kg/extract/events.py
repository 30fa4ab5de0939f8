"""Meetings and inspections reported as having happened.

A trigger is an inspection verb (调研, 视察, 督查 …), a meeting noun with a verb of holding
(召开, 举行, 主持, 出席 …) or reported as a sitting (`在…座谈会上`), or a verb that is a meeting
(会见), outside reported speech, plans and habits; the words are rows of `kg/data/event_words.tsv`.
Its subject is the group of officials named just before it in the sentence (or, for a subjectless
verb of inspecting, those of a trip's opening up to three sentences before: `…来到东乡县。他先后深入…察看`;
an opening with no such verb is a trip only if a later sentence reports presence at one or the headline
reports it); its date the nearest
date before it in the sentence (a meeting's own day after its name: `会议6日在拉萨召开`; `会后`,
`随后`: the day just reported; a meeting held during an inspection: the inspection's), never a news
agency's dateline. Later sentences join the latest event, or the one their presence verb names
(`…陪同调研`, `…参加会议`), a speaker's paragraph joins the meeting, a trip's stops its trip. One
reported happening is one event: the stops of one trip, its next-day reports, the captions repeating
it and the headline announcing it are merged into it. Location: the most specific region named for
the event (a meeting's venue, `在京召开`), or the common parent of several; a sitting during a trip
without a venue of its own sits where the trip went.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.datafiles import rows
from kg.model import Document, Event, RegionMention
from kg.recognize.dates import DateMention, find_dates
from kg.recognize.gazetteer import Gazetteer, load
from kg.recognize.programs import find_programs
from kg.recognize.titles import ROLE
from kg.text.metadata import CJK
from kg.text.patterns import guarded


def vocabulary(table: str | Path = "event_words.tsv") -> dict[str, list[str]]:
    """The event words of `kg/data/event_words.tsv` (or another table) by role (inspection, meeting-kind, …)."""
    words: dict[str, list[str]] = defaultdict(list)
    for word, role, *_ in rows(table):
        words[role].append(word)
    return words


def _any(words: list[str]) -> str:
    """An alternation of `words`, longest first so that 常委会会议 wins over 常委会."""
    return "|".join(map(re.escape, sorted(set(words), key=lambda w: (-len(w), w))))


_WORD = vocabulary()
_CITY = {row[0]: row[1] for row in rows("city_abbreviations.tsv")}
_PROVINCE = {row[0]: row[1] for row in rows("province_abbreviations.tsv")}
_PROVINCE_VISITED = re.compile(f"(?:来|赴|到|在|抵)({_any(list(_PROVINCE))})(?:开展|进行)?$")  # 来甘调研
_PARTY_LOOKS = re.compile(r"一行[^,，。；;]{0,8}?查看")  # 袁德芳一行实地查看了…: a visiting party looks
_ATTENDED_TOO = re.compile(r"并(?:出席|参加)了?[^,，。；;]*$")  # 调研,并出席在疏附县举行的…仪式
_CITY_VENUE = re.compile(f"在({_any(list(_CITY))})(?:召开|举行|举办|开幕|闭幕|主持|会见|出席)")  # 在京召开
_INSPECT = guarded(f"(?:{_any(_WORD['inspection'])})+")
_MEETING = guarded(
    f"(?:{_any(_WORD['meeting-kind'])})(?:{_any(_WORD['meeting-head'])})|{_any(_WORD['meeting'])}"
)
_HELD = re.compile(f"{_any(_WORD['held'])}|在.{{1,12}}?举行")
_ATTEND = re.compile(_any(_WORD["presence"]))
# where a meeting's name starts: after punctuation, a verb of holding or attending (列席会议), 的, a dateline
_LABEL_SPLIT = re.compile(f"[,，、。;；“”\\s]|的|\\d日电|(?:{_any(_WORD['held'] + _WORD['presence'])})了?")
# 带领全县干部群众, 带领村民: leading people in general, not a trip or a meeting
_LEAD_VERB = re.compile(
    f"(?:{_any(_WORD['lead'])})(?!全[省市州县区镇乡村]|广大|当地|村民|群众|干部群众|党员|贫困户|乡亲|大家)"
)
_MEETING_VERB = re.compile(_any(_WORD["meeting-verb"]))
_ACTION = re.compile(f"{_INSPECT.pattern}|{_MEETING_VERB.pattern}|{_HELD.pattern}|{_PARTY_LOOKS.pattern}")
_GENERIC_MEETING = re.compile(f"^(?:{_any(_WORD['meeting-head'])})$")
_BARE_MEETING = re.compile(f"^(?:{_any(_WORD['meeting-kind'])})(?:{_any(_WORD['meeting-head'])})$")  # 座谈会

_NOUN_USE = re.compile(_any(_WORD["not-a-visit-after"]))  # 检查组, 督查室, 调研员, 指导下
_COUNTED = re.compile(r"(?:[一二两三四五六七八九十多数]|\d+)次$")
_COUNTED_AFTER = re.compile(
    r"[^,，。；;]{0,6}?(?:[一二两三四五六七八九十多数]|\d+)余?次"
)  # 调研20余次: a tally
_OTHER_VERB = re.compile(r"汇报|介绍|通报|传达|听取|反馈")
_STUDY = re.compile(r"学习|贯彻")  # right after the name only: 对…贯彻落实…情况进行检查 is the trip's object
_HABIT = re.compile(
    r"(?:曾经|多次|屡次|历次|每年|每月|经常|常年|定期)[^,，。；;]{0,12}$"
)  # 多次到…督导: no one visit
_REFERENCE_BEFORE = re.compile(
    r"(?:学习|贯彻|落实|遵循|按照|根据|领会|践行|宣传|传达|重温|引用)[^,，。]{0,6}$"
)
# what the article tells of before the event: 近年来…带领全县干部群众, 2017年,时任县长…; nobody joins from there
_BACKGROUND = re.compile(
    r"近(?:年来|几年|些年|[两三四五]年)|多年来|长期以来|此前|过去|去年|前年|曾(?:经|多次|先后|带领|率领|在|到|来|任)"
    r"|(?:^|[,，])(?:19|20)\d\d年[,，]"
)
_PROCEEDINGS = re.compile(r"通报|汇报|传达|发言|宣读|作了|介绍")
_OURS = "(?:(?:我|本)(?:省|区|市|州|县|旗|盟))?"  # 到我省黔西南州: the place is the one named
_DESTINATION = re.compile(f"(?:在|到|赴|来|{_any(_WORD['visit'])})了?{_OURS}$")
_GOING = re.compile(f"(?:到|赴|{_any(_WORD['visit'])})了?{_OURS}$")  # 来到临夏州: a trip's opening, not 在
# a stop of the trip: 调研组一行来到娑婆乡光伏扶贫电站 (its programme is the trip's)
_STOP = re.compile(f"(?:{_any(_WORD['visit'])})[^,，。；;]{{0,24}}?(?:{_any(_WORD['site'])})")
_REFERENCE = re.compile(
    r"(?:精神|上的|上讲话|上重要讲话|要求|部署|纪要|材料|室|议室|厅|中心)"
)  # 常委会议室: a room
_CITED = re.compile(r"[^,，。；;]{0,10}?(?:重要讲话|讲话精神)")  # 视察山西重要讲话精神
_SITTING = re.compile(r"在[^,，。；;]{0,12}$")  # 在随后的座谈会上: a sitting reported by its proceedings
_VENUE = re.compile(r"[^,，。；;]{0,24}?(?:召开|举行|举办|开幕)")  # 会议6日在拉萨召开: its day and place
_SPEAKS = re.compile(r"^(?:在(?:会上|会议上|讲话中))?(?:指出|强调|要求|说)")  # 在会上强调: the speaker
_PLAN = re.compile(r"(?:将|将于|将在|即将|拟|计划|准备|打算|预计)[^,，。]{0,20}$")
_SPEECH = guarded(
    r"(?:指出|强调|要求|表示|说|认为|希望|提出|谈到|介绍|坦言|告诉记者)(?:[,，:：]|。$)|[:：]\s*$"
)
_BODY_SUBJECT = re.compile(_any(_WORD["visiting-body"]))
_CLAUSE_END = re.compile(r"[,，。；;]|$")
_TITLE_TAIL = re.compile(r"[^,，。；;、\s]{0,16}")
_AND = re.compile(r"[和及与、]")
_LEVEL_WORD = "(自治区|省|市|县|区|州|旗|盟)"
_BODY = f"(?:{_any(_WORD['body'])}|[^,，。；;、]{{0,8}}?(?:{_any(_WORD['body-end'])}))"
_BODY_MEETING = re.compile(
    f"^{_LEVEL_WORD}{_BODY}"
)  # 县委常委会议, 市扶贫开发领导小组会议: in its county, city
_LEVEL_VENUE = re.compile(
    f"在{_LEVEL_WORD}(?!场)[^,，。；;]{{0,12}}?(?:{_any(_WORD['held'])})"
)  # 在县行政中心召开
_BODY_HOLDS = re.compile(rf"(?<![{CJK}]){_LEVEL_WORD}{_BODY}(?:{_LEVEL_WORD}?{_BODY})*(?:召开|举行)")
_SPEAKER_REACH = 40  # a speech that opens a paragraph after a meeting (…副主席方春明指出,) is the meeting's
_SAME_DAY = re.compile(
    r"^在?(?:会前|会后|随后|当天|当日|同日|同一天|上午|中午|下午|晚上|晚间|当晚)(?!.*为期)"
)  # 会前…为期20天: not that day
_BUSINESS = re.compile(r"研究|部署|听取|传达|学习|审议|讨论|分析|安排|谋划|总结|通报|观看")
_OPENING_REACH = 3  # sentences: a trip's opening (…来到东乡县。) reaches the inspecting verb this far on
_NEXT_DAY = re.compile(r"^(?:次日|翌日|第二天)")
_NARRATION = re.compile(r"主持|出席|参加|陪同|列席")  # 召开 is said in speeches too
_ACCOMPANIED = re.compile(r"在[^。；;]{0,40}?陪同下")  # its list may hold commas
_WHOLE = re.compile(r"(全|我)(自治区|省|市|县|区|州|镇|乡)")  # not 全旗: dev-aside events 0.800 → 0.667
_WHOLE_LEVEL = {"自治区": "province", "省": "province", "市": "prefecture", "州": "prefecture", "盟": "prefecture",
                "县": "county", "区": "county", "旗": "county", "镇": "township", "乡": "township"}  # fmt: skip
# 深入部分市县督查, 到各乡镇调研: a trip across the units of the region one level up
_SOME_UNITS = re.compile(
    f"(?:{_any(_WORD['visit'])}|到|赴)了?(?:部分|各|多个|有关|一些|[两三四五六七八九十\\d]+个)"
    r"(市州|市县|县市区|县区|县市|市|州|县|区|乡镇|乡|镇)"
)
_UNITS_WITHIN = {"市州": "省", "市县": "省", "市": "省", "州": "省", "县市区": "市", "县区": "市", "县市": "市",
                 "县": "市", "区": "市", "乡镇": "县", "乡": "县", "镇": "县"}  # fmt: skip


@dataclass(slots=True)
class _Draft:
    kind: str
    sentence: int
    label: str
    date: DateMention | None
    subjects: list[str]
    places: list[str]  # region keys stated with the trigger (在隆林主持召开, 到费县大田庄乡、薛庄镇)
    stops: list[str] = field(default_factory=list)  # places of merged later reports (a trip's stops)
    leads: list[str] = field(default_factory=list)
    chaired: bool = False  # a lead chairs or leads the trip (so speeches alone no longer make leads)
    participants: list[str] = field(default_factory=list)
    attendees: set[str] = field(default_factory=set)  # present by a word of this meeting's own (参加座谈会)
    sentences: set[int] = field(default_factory=set)
    last: int = 0  # the latest sentence read into it (while reading, the greatest of `sentences`)
    headline: bool = False  # reported by the article's headline, which names a meeting more loosely


@dataclass(slots=True, frozen=True)
class _Opening:
    """`11月24日，省委书记林铎来到东乡县。他先后深入…察看…`: who went where and when, said up to
    `_OPENING_REACH` sentences before the verb of inspecting (or before `…陪同调研`)."""

    sentence: int
    verb: str  # 来到, 深入 …
    names: list[str]
    leads: list[str]  # who went, not who went along (在县长王磊的陪同下 or 陪同 before the verb)
    date: DateMention | None
    places: list[str]


class _Reader:
    def __init__(self, doc: Document, gaz: Gazetteer):
        self.doc, self.gaz, self.text = doc, gaz, doc.text
        self.officials = sorted({p.name for p in doc.people if p.official}, key=lambda n: (-len(n), n))
        self.dates = find_dates(self.text, published=doc.published)  # days said alone take the month before
        self.date_starts = [d.start for d in self.dates]
        self.names = self._name_occurrences()
        self.speech = _union(self._speech_spans())
        self.latest: dict[str, _Draft] = {}  # the latest event each participant takes part in
        self.title_regions = self._title_regions()

    # ---- what not to read as narration ----------------------------------------------------
    def _speech_spans(self) -> list[tuple[int, int]]:
        """Reported speech: after 指出, 强调 … and on through the paragraph's following sentences until
        one reports something again (a date, a chair, an official present: `…市长郭大进一同调研`); and
        text in quotes."""
        text, spans = self.text, []
        for m in re.finditer(r"“[^”]{0,400}”", text):
            if re.search(r"[,，。！？!?；;]", m.group()):  # a quoted name or slogan is not speech
                spans.append((m.start(), m.end()))
        sentences = self.doc.sentences
        reach = [s.end for s in sentences]  # where speech that starts in sentence i runs on to
        for i in range(len(sentences) - 2, -1, -1):
            nxt = sentences[i + 1]
            if not (
                "\n" in text[sentences[i].end : nxt.start]
                or _NARRATION.search(nxt.text)
                or self._dates(nxt.start, nxt.end)
                or self._reports_presence(nxt.start, nxt.end)
            ):
                reach[i] = reach[i + 1]
        for i, s in enumerate(sentences):
            m = _SPEECH.search(text, s.start, s.end)
            if m:
                spans.append((m.end(), reach[i]))
        return spans

    def _reports_presence(self, start: int, end: int) -> bool:
        """An official named and then a presence word in the same clause (`A、B一同调研`)."""
        first, last = (bisect_left(self.names, (at,)) for at in (start, end))
        for pos, name in self.names[first:last]:
            clause_end = _CLAUSE_END.search(self.text, pos + len(name), end).start()
            if _ATTEND.search(self.text, pos + len(name), clause_end):
                return True
        return False

    def _in_speech(self, pos: int) -> bool:
        starts, ends = self.speech
        i = bisect_right(starts, pos) - 1
        return i >= 0 and pos < ends[i]

    def _name_occurrences(self) -> list[tuple[int, str]]:
        taken: set[int] = set()
        found = []
        for name in self.officials:
            for m in re.finditer(re.escape(name), self.text):
                if taken.isdisjoint(range(m.start(), m.end())):
                    taken.update(range(m.start(), m.end()))
                    found.append((m.start(), name))
        return sorted(found)

    def _title_regions(self) -> set[int]:
        """Starts of region mentions that are part of an official's title (忻州市常务副市长赵志坚)."""
        starts = set()
        name_starts = {pos for pos, _ in self.names}
        for m in self.doc.regions:
            tail = _TITLE_TAIL.match(self.text, m.end).group()
            for role in ROLE.finditer(tail):
                if _ACTION.search(tail, 0, role.start()):
                    break  # 在乌鲁木齐会见了副主席马培华: the region is where, not part of the title
                if m.end + role.end() in name_starts or self.text.startswith(("、",), m.end + role.end()):
                    starts.add(m.start)
                    break
        return starts

    # ---- triggers -------------------------------------------------------------------------
    def _triggers(self, start: int, end: int) -> list[tuple[int, int, str, str]]:
        text, found = self.text, []
        for m in _MEETING.finditer(text, start, end):
            if _REFERENCE.match(text, m.end()) or self._in_speech(m.start()) or ROLE.match(text, m.end()):
                continue  # 会议精神: a reference; 人大常委会主任: a body's title
            window = text[max(start, m.start() - 30) : min(end, m.end() + 12)]
            sitting = text.startswith("上", m.end()) and _SITTING.search(
                text, max(start, m.start() - 13), m.start()
            )
            if not (_HELD.search(window) or sitting):
                continue
            label_start = max(start, m.start() - 30)
            label = _LABEL_SPLIT.split(text[label_start : m.end()])[-1]
            if found and found[-1][0] >= m.end() - len(label):
                found.pop()  # 州委常委会（扩大）会议: one name, read twice
            found.append((m.end() - len(label), m.end(), "meeting", label))
        for m in _MEETING_VERB.finditer(text, start, end):
            if not (self._in_speech(m.start()) or _ATTEND.search(text, max(start, m.start() - 3), m.start())):
                found.append((m.start(), m.end(), "meeting", m.group()))  # 会见: a meeting without a noun
        for m in _INSPECT.finditer(text, start, end):
            named = any(a <= m.start() < b for a, b, _, _ in found)  # 调研座谈会: part of a meeting's name
            if self._in_speech(m.start()) or (named and not _AND.match(text, m.end())):
                continue  # 参加调研和座谈会 names both
            if _ATTEND.search(text[max(start, m.start() - 3) : m.start()]):
                continue  # 陪同调研: joining an inspection, not a new one
            counted = _COUNTED.search(text[max(start, m.start() - 3) : m.start()]) or _COUNTED_AFTER.match(
                text, m.end()
            )
            if _NOUN_USE.match(text, m.end()) or counted:
                continue  # 检查组, 交叉检查反馈: a noun; 两次视察: a count of visits, not one
            if _CITED.match(text, m.end()):
                continue  # 视察…重要讲话精神: a visit cited by its speech
            if any(kind == "meeting" and self._business_of(b, m.start()) for _, b, kind, _ in found):
                continue  # 召开视频会议,部署挂牌督战工作: what the meeting dealt with
            found.append((m.start(), m.end(), "inspection", m.group()))
        for m in _PARTY_LOOKS.finditer(text, start, end):
            if not self._in_speech(m.start()):
                found.append((m.end() - 2, m.end(), "inspection", "查看"))
        return sorted(found)

    def _business_of(self, meeting_end: int, pos: int) -> bool:
        """A verb of a meeting's business (研究, 部署 …) between the meeting and `pos`, nobody named between."""
        if meeting_end > pos or not _BUSINESS.search(self.text, meeting_end, pos):
            return False
        first, last = (bisect_left(self.names, (at,)) for at in (meeting_end, pos))
        return first == last

    def _dates(self, start: int, end: int) -> list[DateMention]:
        first, last = (bisect_left(self.date_starts, at) for at in (start, end))
        return self.dates[first:last]

    def _date_before(self, sentence_start: int, pos: int) -> DateMention | None:
        """The last date before `pos`; not a news agency's dateline (新华社北京3月31日电): the day it wrote."""
        dates = [d for d in self._dates(sentence_start, pos) if not self.text.startswith(("电", "讯"), d.end)]
        return dates[-1] if dates else None

    def _destination(self, start: int, pos: int) -> list[str]:
        """`到费县大田庄乡、薛庄镇调研`: the regions named after the last 到/在/深入 … before the trigger."""
        mentions = self._mentions(start, pos)
        heads = [
            i
            for i, m in enumerate(mentions)
            if _DESTINATION.search(self.text[max(start, m.start - 6) : m.start])
        ]
        return list(dict.fromkeys(m.region.key for m in mentions[heads[-1] :])) if heads else []

    def _province_visited(self, start: int, trigger: int) -> list[str]:
        """`刘永富来甘调研`: a province by its one-character short form, where the article names it or a
        place in it (宁 is Ningxia in an article on 固原, not Nanjing)."""
        short = _PROVINCE_VISITED.search(self.text, max(start, trigger - 5), trigger)
        if short is None:
            return []
        province = _PROVINCE[short.group(1)]
        named = any(
            m.region.key == province or self.gaz.is_within(m.region.key, province) for m in self.doc.regions
        )
        return [province] if named else []

    def _mentions(self, start: int, end: int) -> list[RegionMention]:
        regions = self.doc.regions  # sorted by start
        first, last = (bisect_left(regions, at, key=lambda m: m.start) for at in (start, end))
        return [
            m
            for m in regions[first:last]
            if m.named and m.start not in self.title_regions and not self._in_speech(m.start)
        ]

    # ---- reading ----------------------------------------------------------------------------
    def read(self) -> list[_Draft]:
        drafts: list[_Draft] = []
        opening: _Opening | None = None
        for index, sentence in enumerate(self.doc.sentences):
            triggers = self._triggers(sentence.start, sentence.end)
            first, last = (bisect_left(self.names, (at,)) for at in (sentence.start, sentence.end))
            names = [(p, n) for p, n in self.names[first:last] if not self._in_speech(p)]
            group: list[str] = []
            last = sentence.start
            consumed: set[int] = set()
            for t_start, t_end, kind, label in triggers:
                fresh = [n for p, n in names if last <= p < t_start]
                consumed.update(p for p, _ in names if last <= p < t_start)
                if fresh:
                    group = list(dict.fromkeys(fresh))
                    between = self.text[self.text.rfind(group[-1], last, t_start) : t_start]
                    if _OTHER_VERB.search(between) or _STUDY.search(
                        between, len(group[-1]), len(group[-1]) + 4
                    ):
                        group = []  # 王秀锋汇报了…检查反馈: the trigger is not theirs
                if _PLAN.search(self.text, sentence.start, t_start) or _HABIT.search(
                    self.text, sentence.start, t_start
                ):
                    last = t_end
                    continue
                date = self._date_before(sentence.start, t_start)
                places = self._destination(sentence.start, t_start) or self._province_visited(
                    sentence.start, t_start
                )
                opened = (
                    opening
                    if opening and last == sentence.start and set(group) <= set(opening.names)
                    else None
                )
                if opened and index - opened.sentence > _OPENING_REACH:
                    opened = None
                their_trip = bool(opened and not group and kind == "inspection")  # 他先后深入…察看
                if their_trip:
                    group = list(opened.names)
                if opened:  # …, 在村委会,林铎主持召开座谈会: where and when the sentence before went
                    date = date or opened.date
                    places = list(dict.fromkeys(opened.places + places))
                if date is None:
                    date = self._day_said_before(drafts, self.text[sentence.start : t_start])
                venue = _VENUE.match(self.text, t_end, sentence.end) if kind == "meeting" else None
                if venue:  # 会议6日在拉萨召开: the day and place said after the meeting's name
                    date = self._date_before(t_end, venue.end()) or date
                    places = self._destination(t_end, venue.end()) or places
                city = (
                    _CITY_VENUE.search(self.text, sentence.start, sentence.end) if kind == "meeting" else None
                )
                if city and not places:
                    places = [_CITY[city.group(1)]]
                draft = _Draft(kind, index, label, date, list(group), places, sentences={index}, last=index)
                if opened:
                    draft.sentence = opened.sentence
                    draft.sentences.add(opened.sentence)
                draft.headline = index == 0 and _unspaced(sentence.text) == _unspaced(self.doc.headline or "")
                draft.leads = [
                    n for n in group if _leads(self._clause(n, sentence.start, t_end), trigger=True)
                ] or (list(opened.leads) if their_trip else [])
                draft.chaired = bool(draft.leads)
                draft.participants = list(group)
                if kind == "meeting":
                    draft.attendees = {
                        n
                        for n in group
                        if n not in draft.leads and _ATTEND.search(self._clause(n, sentence.start, t_end))
                    }
                for one in self._respectively(draft, group, sentence.start, t_start):
                    self.latest.update(dict.fromkeys(one.subjects, one))
                    drafts.append(one)
                last = t_end
            opening = None if triggers else self._carry_opening(drafts, index, names, opening)
            rest = [(p, n) for p, n in names if p not in consumed and not self._reference(p)]
            present = any(name in self.latest for _, name in rest)
            if _BACKGROUND.search(sentence.text):
                rest = []
            if drafts and rest and (present or self._may_join(drafts[-1], index)):
                self._join(drafts, index, rest, reported_here=bool(triggers))
            elif (
                drafts
                and not triggers
                and (
                    self._continues(drafts[-1], index)
                    or (drafts[-1].kind == "inspection" and not rest and _STOP.search(sentence.text))
                )
            ):
                drafts[-1].sentences.add(index)
                drafts[-1].last = index
        return drafts

    def _governed_trip(self, drafts: list[_Draft], name: str) -> _Draft:
        """The latest event; of trips reported together (…分别到平利县、岚皋县), the one to the place
        the official governs (平利县委书记张伟陪同)."""
        together = [d for d in drafts if d.sentence == drafts[-1].sentence and d.kind == drafts[-1].kind]
        governed = {q.jurisdiction for p in self.doc.people if p.name == name for q in p.posts}
        return next((d for d in together if set(d.places) & governed), drafts[-1])

    def _respectively(self, draft: _Draft, group: list[str], start: int, trigger: int) -> list[_Draft]:
        """`郭青、赵俊民分别到平利县、岚皋县调研`: one trip for each, to the place in the same rank."""
        places = draft.places
        if draft.kind != "inspection" or len(group) < 2 or len(group) != len(places):
            return [draft]
        if "分别" not in self.text[self.text.rfind(group[-1], start, trigger) : trigger]:
            return [draft]
        return [
            replace(
                draft,
                subjects=[name],
                places=[place],
                participants=[name],
                leads=[name] if name in draft.leads else [],
                sentences=set(draft.sentences),
            )
            for name, place in zip(group, places, strict=True)
        ]

    def _carry_opening(
        self, drafts: list[_Draft], index: int, names: list[tuple[int, str]], opening: _Opening | None
    ) -> _Opening | None:
        """After a sentence without a trigger: the trip's opening still waiting for its verb, if any. An
        opening fills the headline's undated trip of the same people, and becomes the trip when this
        sentence reports presence at an inspection (…来到东乡县。…陪同调研) that no draft since holds."""
        opened_here = self._opening(index, names)
        if opened_here and self._undated_headline_trip(drafts, opened_here):
            return None
        opening = opened_here or opening
        if (
            opening
            and self._inspection_named(index)
            and not any(d.kind == "inspection" and d.last >= opening.sentence for d in drafts)
        ):
            drafts.append(self._trip(opening))
            return None
        return opening

    @staticmethod
    def _day_said_before(drafts: list[_Draft], before: str) -> DateMention | None:
        """会后, 随后, 当天, 下午: the day of the event just reported (a trip's undated stops aside);
        次日, 第二天: the day after it."""
        latest = next((d.date for d in reversed(drafts) if d.date), None)
        if _SAME_DAY.search(before):
            return latest
        if latest is None or not _NEXT_DAY.search(before):
            return None
        month, day = latest.until or (latest.month, latest.day)
        following = dt.date(latest.year or 2000, month, day) + dt.timedelta(days=1)  # 2000: 2月29日 exists
        year = latest.year and following.year
        return DateMention(latest.start, latest.end, year, following.month, following.day)

    def _inspection_named(self, index: int) -> bool:
        """`…陪同调研`, `参加调研`: the sentence reports presence at an inspection."""
        s = self.doc.sentences[index]
        return any(_INSPECT.match(self.text, m.end()) for m in _ATTEND.finditer(self.text, s.start, s.end))

    def _trip(self, opening: _Opening) -> _Draft:
        draft = _Draft(
            "inspection",
            opening.sentence,
            opening.verb,
            opening.date,
            list(opening.names),
            list(opening.places),
        )
        draft.sentences, draft.last = {opening.sentence}, opening.sentence
        draft.leads, draft.chaired = list(opening.leads), bool(opening.leads)
        draft.participants = list(opening.names)
        self.latest.update(dict.fromkeys(opening.names, draft))
        return draft

    def _undated_headline_trip(self, drafts: list[_Draft], opening: _Opening) -> bool:
        """The headline's undated trip of the same people, or of people it names by no name (县领导走访
        慰问…), takes the opening's people, day and places (the report with the trip's day states where it
        went, as in `_absorb`)."""
        for draft in drafts:
            undated_trip = draft.headline and draft.kind == "inspection" and draft.date is None
            if undated_trip and (not draft.subjects or set(draft.subjects) & set(opening.names)):
                draft.date = opening.date
                draft.stops += draft.places
                draft.places = list(opening.places)  # the body says where it went, the headline more loosely
                draft.sentences.add(opening.sentence)
                for name in opening.names:
                    if name not in draft.participants:
                        draft.participants.append(name)
                        self.latest[name] = draft
                draft.subjects = draft.subjects or list(opening.names)
                draft.leads = draft.leads or list(opening.leads)
                return True
        return False

    def _opening(self, index: int, names: list[tuple[int, str]]) -> _Opening | None:
        """Officials named before a verb of going to a region, in a sentence with no trigger."""
        s = self.doc.sentences[index]
        for m in self._mentions(s.start, s.end):
            going_verb = _GOING.search(self.text, max(s.start, m.start - 6), m.start)
            if going_verb:
                going = {n: p for p, n in names if p < m.start}
                if not going:
                    return None
                leads = [
                    n
                    for n, p in going.items()
                    if not _ATTEND.search(_ACCOMPANIED.sub("", self.text[p + len(n) : m.start]))
                ]
                date = self._date_before(s.start, m.start)
                places = self._destination(s.start, s.end)
                return _Opening(index, going_verb.group(), list(going), leads, date, places)
        return None

    def _reference(self, pos: int) -> bool:
        """`学习贯彻习近平总书记…`: a name cited, not present."""
        return bool(_REFERENCE_BEFORE.search(self.text[max(0, pos - 12) : pos]))

    def _may_join(self, draft: _Draft, index: int) -> bool:
        """Within the event's paragraph anyone named joins; after it, only who attends, chairs or reports."""
        if self._continues(draft, index):
            return True
        s = self.doc.sentences[index]
        joins = _ATTEND.search(s.text) or _LEAD_VERB.search(s.text)
        speaks = _PROCEEDINGS.search(s.text) or _SPEECH.search(s.text[:_SPEAKER_REACH])
        reports = "汇报" in s.text  # 驻村第一书记刘强汇报了…: to the visitor (介绍 may be to the reporter)
        return bool(joins or reports or (draft.kind == "meeting" and speaks))

    def _clause(self, name: str, start: int, trigger_end: int) -> str:
        """From after the name's last mention before the trigger to the end of the trigger's clause."""
        at = self.text.rfind(name, start, trigger_end)
        end = _CLAUSE_END.search(self.text, trigger_end).start()
        return self.text[at + len(name) : end] if at != -1 else ""

    def _continues(self, draft: _Draft, index: int) -> bool:
        """A sentence without a trigger belongs to the latest event while in its paragraph."""
        sentences = self.doc.sentences
        return self.text.find("\n", sentences[draft.last].end, sentences[index].start) == -1

    def _named_event(self, drafts: list[_Draft], pos: int, end: int) -> _Draft | None:
        """`…陪同调研`, `…参加会议`: the latest event of the kind the presence verb names."""
        attend = _ATTEND.search(self.text, pos, end)
        if attend is None:
            return None
        if _INSPECT.match(self.text, attend.end()):
            kind = "inspection"
        elif _MEETING.match(self.text, attend.end()):
            kind = "meeting"
        else:
            return None
        return next((d for d in reversed(drafts) if d.kind == kind), None)

    def _join(
        self, drafts: list[_Draft], index: int, names: list[tuple[int, str]], reported_here: bool
    ) -> None:
        """Officials named after a trigger join its event; in later sentences, the event they already
        take part in, else the latest; as leads if they chair or speak."""
        sentence = self.doc.sentences[index]
        for pos, name in names:
            target = self._governed_trip(drafts, name)
            if not reported_here:
                target = self.latest.get(name) or self._named_event(drafts, pos, sentence.end) or target
            target.sentences.add(index)
            target.last = index
            after = pos + len(name)
            clause = self.text[after : _CLAUSE_END.search(self.text, after, sentence.end).start()]
            if name not in target.participants:
                target.participants.append(name)
                self.latest[name] = target
            chairs = _leads(clause[:14])
            if target.kind == "meeting" and not chairs and _ATTEND.search(clause):
                target.attendees.add(name)
            if (chairs or (not target.chaired and _SPEAKS.match(clause))) and name not in target.leads:
                target.leads.append(name)  # who chairs; when nobody does, who gives the speeches
            target.chaired = target.chaired or chairs


def _unspaced(text: str) -> str:
    """Normalized sentences lose the spaces between Chinese words that a headline keeps."""
    return "".join(text.split())


def _union(spans: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """The starts and ends of the disjoint intervals that cover `spans`, in order."""
    starts: list[int] = []
    ends: list[int] = []
    for start, end in sorted(s for s in spans if s[0] < s[1]):
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


def _leads(clause: str, trigger: bool = False) -> bool:
    """`主持`, `出席会议并讲话`, `带队…调研`, `在…陪同下调研` make a lead; `参加`, `陪同` alone do not."""
    clause = _ACCOMPANIED.sub("", clause)
    attend = _ATTEND.search(clause)
    lead = _LEAD_VERB.search(clause) or (trigger and _ACTION.search(clause))
    if not lead:
        return False
    return attend is None or lead.start() < attend.start() or "并" in clause[attend.end() : lead.start()]


def _merge(drafts: list[_Draft]) -> list[_Draft]:
    """One event per happening: a trip's stops, repeated captions and the headline merge."""
    merged: list[_Draft] = []
    for draft in drafts:
        target = next((m for m in reversed(merged) if _same(m, draft)), None)
        if target is None and merged and _next_day_of_trip(merged[-1], draft):
            target = merged[-1]
            target.places += [k for k in draft.places if k not in target.places]  # the trip's places
            target.date = replace(target.date, until=(draft.date.until or (draft.date.month, draft.date.day)))
            draft.places = []
        if target is None:
            merged.append(draft)
            continue
        _absorb(target, draft)
        for other in [m for m in merged if m is not target and _same(m, target)]:
            _absorb(
                target, other
            )  # a report that bridges two earlier ones (7日至9日 after 8日 and 9日) joins them
            merged.remove(other)
    return merged


def _absorb(target: _Draft, draft: _Draft) -> None:
    """`draft` reports the happening `target` holds."""
    target.sentences |= draft.sentences
    if _earlier(draft.date, target.date):
        target.sentence, target.label = draft.sentence, draft.label  # the dated report is the evidence
    if _earlier(draft.date, target.date) or (not target.places and target.kind == "meeting"):
        target.stops += target.places
        target.places = draft.places  # the report with the trip's first date states where it went
    else:
        target.stops += draft.places
    target.date = _merged_date(target, draft.date)
    for name in draft.participants:
        if name not in target.participants:
            target.participants.append(name)
    for name in draft.leads:
        if name not in target.leads:
            target.leads.append(name)
    target.chaired = target.chaired or draft.chaired
    target.attendees |= draft.attendees


def _next_day_of_trip(a: _Draft, b: _Draft) -> bool:
    """`24日,李俊明在娑婆乡调研。25日,李俊明在鹅城镇调研`: the same people the day after, nothing between."""
    if a.kind != "inspection" or b.kind != "inspection" or a.date is None or b.date is None:
        return False
    end = a.date.until or (a.date.month, a.date.day)
    try:
        gap = (dt.date(2000, b.date.month, b.date.day) - dt.date(2000, *end)).days
    except ValueError:
        return False
    return gap == 1 and bool(set(a.subjects) & set(b.subjects))


def _earlier(date: DateMention | None, than: DateMention | None) -> bool:
    if date is None:
        return False
    return than is None or (date.month, date.day, not date.span) < (than.month, than.day, not than.span)


def _merged_date(target: _Draft, date: DateMention | None) -> DateMention | None:
    """A trip starts on its earliest date; a meeting sits on one day (a single date beats a range)."""
    current = target.date
    if current is None or date is None:
        return current or date
    if target.kind == "meeting":
        return date if current.span and not date.span else current
    return date if (date.month, date.day) < (current.month, current.day) else current


def _same(a: _Draft, b: _Draft) -> bool:
    if a.kind != b.kind:
        return False
    generic = b.kind == "meeting" and (
        _GENERIC_MEETING.match(b.label) or (_BARE_MEETING.match(b.label) and a.label.endswith(b.label))
    )
    named_apart = (  # 县委常委会议 … 下午,全县脱贫攻坚推进会召开: two meetings
        a.kind == "meeting" and not (generic or a.headline or b.headline) and not _same_name(a.label, b.label)
    )
    if named_apart:
        return False
    if (not b.subjects or not a.subjects or generic) and _within(a.date, b.date):
        return True  # 调研检查期间 …, 出席会议 …, 参加座谈会: the latest event of that kind
    if set(a.subjects) & set(b.subjects):
        return a.date is None or b.date is None or _within(a.date, b.date)
    return False


def _same_name(a: str, b: str) -> bool:
    """Two names of one meeting: one ends the other (专题调研和座谈会, 座谈会), or they end alike."""
    return a.endswith(b) or b.endswith(a) or a[-6:] == b[-6:]


def _within(a: DateMention | None, b: DateMention | None) -> bool:
    """True when the two dates can be the same happening (one inside the other's range)."""
    if a is None or b is None:
        return True

    def days(d: DateMention) -> tuple[int, int]:
        month, day = d.until or (d.month, d.day)
        return d.month * 31 + d.day, month * 31 + day

    (a0, a1), (b0, b1) = days(a), days(b)
    return a0 <= b1 and b0 <= a1


def _location(reader: _Reader, draft: _Draft) -> str | None:
    gaz, doc = reader.gaz, reader.doc
    keys = list(draft.places) or list(draft.stops)
    if not keys:
        spans = [_before_business(reader, draft, draft.sentence)] if draft.kind == "meeting" else []
        spans = spans or [(doc.sentences[i].start, doc.sentences[i].end) for i in sorted(draft.sentences)]
        keys = list(dict.fromkeys(m.region.key for a, b in spans for m in reader._mentions(a, b)))
    if not keys and draft.kind == "meeting":
        keys = list(
            dict.fromkeys(
                m.region.key
                for i in sorted(draft.sentences)
                for m in reader._mentions(*_before_business(reader, draft, i))
            )
        )
    if not keys:
        return _whole_region(reader, draft)
    leaves = [k for k in keys if not any(o != k and gaz.is_within(o, k) for o in keys)]
    place = gaz.common_parent(leaves) if len(leaves) > 1 else leaves[0]
    if place is None or draft.kind != "inspection" or not draft.places:
        return place
    # 到长岭镇…随后来到三元镇: a trip across townships is the county's, but a stop in another county is
    # more often a second happening than the same trip (dev-work events 0.933 → 0.900 when widened)
    elsewhere = [
        k for k in draft.stops if k != place and not gaz.is_within(k, place) and not gaz.is_within(place, k)
    ]
    wider = gaz.common_parent([place, *elsewhere]) if elsewhere else None
    return wider if wider and gaz.get(wider).level in ("county", "township", "village") else place


def _before_business(reader: _Reader, draft: _Draft, index: int) -> tuple[int, int]:
    """A meeting's sentence up to its business (研究临夏州…工作, 听取定西市…汇报): the places named after
    are what it discussed, not where it sat."""
    s = reader.doc.sentences[index]
    named = reader.text.find(draft.label, s.start, s.end)
    business = _BUSINESS.search(reader.text, named + len(draft.label) if named != -1 else s.start, s.end)
    return s.start, business.start() if business else s.end


def _whole_region(reader: _Reader, draft: _Draft) -> str | None:
    """`全市…会议`, `省委常委会`, `深入部分市县督查`: the article's region of that level. Not the lead's
    jurisdiction: where an official governs says nothing of where a meeting sat or a trip went."""
    s = reader.doc.sentences[draft.sentence]
    regions = [m.region.key for m in reader.doc.regions]
    whole = _WHOLE.search(reader.text, s.start, s.end)
    if whole:
        return _region_of_level(reader, whole.group(2), regions)
    if draft.kind == "meeting":  # 省委常委会, 省政府召开常务会议, 在县委三楼会议室召开
        body = (
            _BODY_MEETING.match(draft.label)
            or _BODY_HOLDS.search(reader.text, s.start, s.end)
            or _LEVEL_VENUE.search(reader.text, s.start, s.end)
        )
        return _region_of_level(reader, body.group(1), regions) if body else None
    units = _SOME_UNITS.search(reader.text, s.start, s.end)
    return _region_of_level(reader, _UNITS_WITHIN[units.group(1)], regions) if units else None


def _region_of_level(reader: _Reader, word: str, keys: list[str]) -> str | None:
    """The region a level word (省, 县, 全区) stands for: the first of that level that holds one of the
    regions `keys`. 区 is a district, else the autonomous region (全区 in an article on 广西)."""
    levels = [_WHOLE_LEVEL[word], "province"] if word == "区" else [_WHOLE_LEVEL[word]]
    for level in levels:
        for held in keys:
            for key in (held, *reader.gaz.ancestors(held)):
                region = reader.gaz.get(key)
                if region.level == level and (word != "区" or region.name.endswith("区")):
                    return key
    return None


def _attended_on_the_trip(reader: _Reader, draft: _Draft, inspections: list[_Draft]) -> bool:
    """`…先后在喀什、阿克苏调研,并出席在疏附县举行的…启动仪式`: what the trip's people only attended in the
    sentence of the trip is one of its stops, not a meeting of its own (one they chair, 并主持召开, is)."""
    if draft.kind != "meeting":
        return False
    s = reader.doc.sentences[draft.sentence]
    named = reader.text.find(draft.label, s.start, s.end)
    joined = _ATTENDED_TOO.search(reader.text, s.start, named) if named != -1 else None
    return joined is not None and any(
        i.sentence == draft.sentence and set(draft.participants) <= set(i.participants) for i in inspections
    )


def _stands_alone(reader: _Reader, draft: _Draft, location: str | None) -> bool:
    """An event naming no official is kept when dated, or when a body (县政协组织…) held it at a known place."""
    if draft.date is not None:
        return True
    if draft.kind == "meeting" or location is None:
        return False
    s = reader.doc.sentences[draft.sentence]
    return bool(_BODY_SUBJECT.search(s.text))


def extract_events(doc: Document, gaz: Gazetteer | None = None) -> Document:
    gaz = gaz or load()
    reader = _Reader(doc, gaz)
    drafts = _merge(reader.read())
    events = []
    inspections = [d for d in drafts if d.kind == "inspection"]
    hosts: dict[int, _Draft] = {}
    for draft in drafts:
        host = next(
            (
                i
                for i in inspections
                if i.sentence < draft.sentence
                and set(i.participants) & set(draft.participants)
                and _within(i.date, draft.date)
            ),
            None,
        )
        if draft.kind == "meeting" and host is not None:
            draft.date = draft.date or host.date  # a meeting held during an inspection
            # who spoke or reported at the sitting was on the trip; who only attended it (参加座谈会) was not
            host.participants += [
                n for n in draft.participants if n not in host.participants and n not in draft.attendees
            ]
            hosts[id(draft)] = host
    for draft in drafts:
        if _attended_on_the_trip(reader, draft, inspections):
            continue
        host = hosts.get(id(draft))
        if host and not draft.places:  # a sitting during a trip, without a venue of its own
            location = _location(reader, host)
            body = _BODY_MEETING.match(draft.label)
            # 县委常委会议 after a trip to a township: in the county, where the trip went
            if location and body:
                location = _region_of_level(reader, body.group(1), [location]) or location
        else:
            location = _location(reader, draft)
        if not draft.participants and not _stands_alone(reader, draft, location):
            continue
        programs = []
        for index in sorted(draft.sentences):
            s = doc.sentences[index]
            for _, _, kind, name in find_programs(s.text):
                if kind == "program" and name not in programs:
                    programs.append(name)
        events.append(
            Event(
                kind=draft.kind,
                date=draft.date.resolve(doc.published) if draft.date else None,
                end_date=draft.date.resolve_end(doc.published) if draft.date else None,
                location=location,
                lead=list(draft.leads),
                participants=list(draft.participants),
                programs=programs,
                sentence=draft.sentence,
                label=draft.label,
            )
        )
    doc.events = events
    return doc
