"""Dates in news text: `2018年5月17日`, `8月24日至25日`, `5月14至16日`, `10月12日上午`, and days
without their month (`23日在镇坪县召开`, `6日、7日`) that take it from the date before them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from kg.datafiles import rows

_DAY = r"3[01]|[12]\d|0?[1-9]"
_MONTH = r"1[0-2]|0?[1-9]"
_UNTIL = (
    rf"(?: ?(?:至|到|—|-|~|～|〜|－|、) ?(?:(?P<until_month>{_MONTH}) ?月 ?)?(?P<until>{_DAY}) ?(?:日|号))?"
)
_DATE = re.compile(  # spaces around the units too: 2019 年 11 月 24 日
    rf"(?:(?P<year>(?:19|20)\d{{2}}) ?年 ?)?(?:(?P<month>{_MONTH}) ?月 ?)?(?P<day>{_DAY}) ?(?P<unit>日|号)?{_UNTIL}"
)
_DIGIT = re.compile("[0-9]")
# What may stand before a day named without its month: 23日在…, ，6日、7日…, 于9日; not 近3日, 每月5日, 第2日
_DAY_ALONE_AFTER = frozenset(" \n,，。;；、:：(（[【—-于至到在")
# …or what may follow it when it stands after a word: 全体会议6日在拉萨召开, 推进会5日上午举行, 林铎24日到…,
# 林铎24日率队…: a verb of going, holding, leading or inspecting (kg/data/event_words.tsv)
_EVENT_VERBS = sorted(
    {
        w
        for w, role, *_ in rows("event_words.tsv")
        if role in ("inspection", "visit", "held", "lead", "meeting-verb")
    },
    key=lambda w: (-len(w), w),
)
_DAY_ALONE_BEFORE = re.compile(rf"(?:上午|下午|晚上|晚间|早上)?(?:在|于|到|赴|{'|'.join(_EVENT_VERBS)})")
_COUNTED_DAYS = re.compile(r"(?:近|每月?|第|前|逢|连续|共|历时|用) ?$")  # 近3日, 每月5日, 第2日: no date
_NOT_A_DAY_BEFORE = (
    "内",
    "以内",
    "之内",
    "后",
    "之后",
    "间",
    "期间",
    "左右",
    "多",
)  # 5日内: a length of time


@dataclass(slots=True, frozen=True)
class DateMention:
    start: int
    end: int
    year: int | None
    month: int
    day: int
    until: tuple[int, int] | None = None  # (month, day) where a range such as 8月24日至25日 ends

    @property
    def span(self) -> bool:
        return self.until is not None

    def resolve(self, published: str | None) -> str:
        """`YYYY-MM-DD` with the year stated or taken from the publication date, else `--MM-DD`."""
        return _resolve(self.year, self.month, self.day, published)

    def resolve_end(self, published: str | None) -> str | None:
        """The last day of a range, in the year of its start (or the next, across a new year)."""
        if self.until is None:
            return None
        month, day = self.until
        year = self.year
        if year is None and published:
            year = int(_resolve(None, self.month, self.day, published)[:4])
        if year is not None and (month, day) < (self.month, self.day):
            year += 1
        return _resolve(year, month, day, None)


def _resolve(year: int | None, month: int, day: int, published: str | None) -> str:
    if year is None and published:
        pub = dt.date.fromisoformat(published)
        year = pub.year if (month, day) <= (pub.month, pub.day) else pub.year - 1
    if year is None:
        return f"--{month:02d}-{day:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def find_dates(
    text: str, start: int = 0, end: int | None = None, published: str | None = None
) -> list[DateMention]:
    """Valid calendar dates in `text[start:end]`. A day must follow a month (`3月` alone is no date), or,
    said alone (`23日`), take the month of the date before it in the window, else of the publication."""
    found: list[DateMention] = []
    for m in _date_matches(text, start, len(text) if end is None else end):
        if m.start() > 0 and text[m.start() - 1].isdigit():
            continue
        if not (m.group("unit") or m.group("until")):
            continue
        year = int(m.group("year")) if m.group("year") else None
        day = int(m.group("day"))
        if m.group("month"):
            month = int(m.group("month"))
        else:
            month = _month_of_day_alone(text, m, found, published)
            if month is None:
                continue
        until = None
        if m.group("until"):
            until = (int(m.group("until_month") or month), int(m.group("until")))
        try:
            dt.date(year or 2000, month, day)  # 2000 is a leap year: 2月29日 stays valid
            if until:
                dt.date(2000, *until)
        except ValueError:
            continue
        found.append(DateMention(m.start(), m.end(), year, month, day, until))
    return found


def _date_matches(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """`_DATE.finditer(text, start, end)`, tried only where a digit is: every date starts with one, and
    the plain scan tries the whole pattern at every character (ten times slower)."""
    pos = start
    while (digit := _DIGIT.search(text, pos, end)) is not None:
        m = _DATE.match(text, digit.start(), end)
        if m is None:
            pos = digit.start() + 1
        else:
            yield m
            pos = m.end()


def _month_of_day_alone(text: str, m: re.Match[str], before: list[DateMention], published: str | None):
    """The month of `23日` said alone: the month of the date before it, else of the publication date
    (the month before when the day is still to come); None when it reads as no date."""
    if m.group("unit") != "日" or m.group("year"):
        return None
    if m.start() > 0 and (
        _COUNTED_DAYS.search(text, max(0, m.start() - 3), m.start())
        or (text[m.start() - 1] not in _DAY_ALONE_AFTER and not _DAY_ALONE_BEFORE.match(text, m.end()))
    ):
        return None
    if text.startswith(_NOT_A_DAY_BEFORE, m.end()):
        return None
    if before:
        return before[-1].until[0] if before[-1].until else before[-1].month
    if published:
        pub = dt.date.fromisoformat(published)
        day = int(m.group("day"))
        return pub.month if day <= pub.day else (pub.month - 2) % 12 + 1
    return None
