"""Dates in news text: `2018年5月17日`, `8月24日至25日`, `5月14至16日`, `10月12日上午`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_DATE = re.compile(
    r"(?:(?P<year>(?:19|20)\d{2})年)?(?P<month>1[0-2]|0?[1-9])月(?P<day>3[01]|[12]\d|0?[1-9])(?:日|号)?"
    r"(?:(?:至|到|—|-|~|－)(?:(?:1[0-2]|0?[1-9])月)?(?P<until>3[01]|[12]\d|0?[1-9])(?:日|号))?"
)


@dataclass(slots=True, frozen=True)
class DateMention:
    start: int
    end: int
    year: int | None
    month: int
    day: int
    span: bool  # a range such as 8月24日至25日; the date is its start

    def resolve(self, published: str | None) -> str:
        """`YYYY-MM-DD` with the year stated or taken from the publication date, else `--MM-DD`."""
        year = self.year
        if year is None and published:
            pub = dt.date.fromisoformat(published)
            year = pub.year if (self.month, self.day) <= (pub.month, pub.day) else pub.year - 1
        if year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        return f"{year:04d}-{self.month:02d}-{self.day:02d}"


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Valid calendar dates in `text[start:end]` (a day must follow a month: `3月` alone is no date)."""
    found = []
    for m in _DATE.finditer(text, start, len(text) if end is None else end):
        if m.start() > 0 and text[m.start() - 1].isdigit():
            continue
        if not (m.group(0).endswith(("日", "号")) or m.group("until")):
            continue
        year = int(m.group("year")) if m.group("year") else None
        month, day = int(m.group("month")), int(m.group("day"))
        try:
            dt.date(year or 2000, month, day)  # 2000 is a leap year: 2月29日 stays valid
        except ValueError:
            continue
        found.append(DateMention(m.start(), m.end(), year, month, day, bool(m.group("until"))))
    return found
