"""Time and identity across reports (`VOCABULARY.md`): the days each post is seen on, and one event per
happening however many articles report it.

Both need every article, so, like the officials, they are worked out from each article's small
`Summary` before any article is rendered; nothing here knows RDF (`kg.graph.build` turns the results
into triples). The event reports of one day and kind are clustered in the order of their articles and
numbers, not of their arrival, so the result depends only on the set of articles.

Two reports are one happening when they are of the same kind, on the same day (a `--MM-DD` date and a
full date only when the articles' years agree), at the same place or one containing the other within one
county, and share a lead (or, when either names no lead, a participant). Reports join a happening only
when they fit every report already in it: never two reports of one article, two days, two leads with
none in common, or places in two counties (or two places above the county level).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from functools import cache

from kg.model import Summary
from kg.recognize.gazetteer import Gazetteer

PostKey = tuple[str, str | None, str, str | None]  # (name, jurisdiction, title, article when scoped)


def post_key(name: str, jurisdiction: str | None, title: str, stem: str) -> PostKey:
    """One official's role in one jurisdiction; with no jurisdiction, or in a village the gazetteer could
    not place (whose node is its article's own), the post is its article's own too."""
    scoped = not jurisdiction or jurisdiction.startswith("?/")
    return (name, jurisdiction, title, stem if scoped else None)


@dataclass(slots=True)
class PostDates:
    """One post across all articles: the days it is attested on, how many articles show it."""

    first: str | None = None
    last: str | None = None
    reports: int = 0
    former: bool = True  # every article gives it as a former post (原, 时任, 曾任)
    seen_in: str = ""  # the last article counted


@dataclass(slots=True, frozen=True)
class Report:
    """One article's report of an event."""

    stem: str
    number: int  # 1-based, in the article's events
    kind: str
    date: str | None
    end: str | None  # the last day of a range
    year: int | None  # of the date, else of the article
    place: str | None  # region key
    leads: frozenset[Hashable]  # the officials, as resolved across articles
    people: frozenset[Hashable]  # participants, leads included
    lead_names: tuple[str, ...]
    label: str

    @property
    def signature(self) -> tuple:
        """What matching looks at, beyond the day and the article."""
        return self.year, self.place, self.leads, self.people


@dataclass(slots=True)
class Happening:
    """One real meeting or inspection and the reports of it, in the order of their articles."""

    reports: list[Report]
    kind: str = ""
    date: str | None = None
    end: str | None = None
    place: str | None = None
    label: str = ""
    name: tuple[str, ...] = ()  # what its IRI is made of: kind, date, place, leads
    ordinal: int = 1  # among happenings of the same name, in the order of their first reports


@dataclass(slots=True)
class _Cluster:
    reports: list[Report] = field(default_factory=list)
    stems: set[str] = field(default_factory=set)
    signatures: set[tuple] = field(default_factory=set)
    into: _Cluster | None = None  # merged into that one

    def root(self) -> _Cluster:
        cluster = self
        while cluster.into is not None:
            cluster = cluster.into
        return cluster

    def add(self, report: Report) -> None:
        self.reports.append(report)
        self.stems.add(report.stem)
        self.signatures.add(report.signature)


class Timeline:
    """Fed every article (`add`, in file-name order, with the officials already resolved), then `resolve`d."""

    def __init__(self, gaz: Gazetteer):
        self.gaz = gaz
        self.posts: dict[PostKey, PostDates] = {}
        self._reports: list[Report] = []
        self._of: dict[tuple[str, int], Happening] = {}
        self.happenings: list[Happening] = []
        self._county = cache(self._county_of)

    def add(self, stem: str, summary: Summary, officials: Mapping[tuple[str, str], Hashable]) -> None:
        """An article's posts and event reports; `officials` maps (article, name) to the official."""
        for name, jurisdiction, title, day, former in summary.posts:
            dates = self.posts.setdefault(post_key(name, jurisdiction, title, stem), PostDates())
            if dates.seen_in != stem:
                dates.reports += 1
                dates.seen_in = stem
            if not former:
                dates.former = False
                if day:
                    dates.first = min(dates.first or day, day)
                    dates.last = max(dates.last or day, day)
        for number, (kind, date, end, place, leads, participants, label) in enumerate(summary.events, 1):
            who = frozenset(officials[stem, n] for n in leads if (stem, n) in officials)
            present = who | {officials[stem, n] for n in participants if (stem, n) in officials}
            year = int(date[:4]) if date and date[0] != "-" else summary.year
            self._reports.append(
                Report(stem, number, kind, date, end, year, place, who, present, leads, label)
            )
        self.happenings = []

    def happening(self, stem: str, number: int) -> Happening:
        """The happening the article's event `number` (1-based) reports."""
        return self._of[stem, number]

    def resolve(self) -> list[Happening]:
        """One happening per cluster of reports, each named; also kept in `happenings`."""
        if self.happenings:
            return self.happenings
        buckets: dict[tuple[str, str], list[Report]] = defaultdict(list)
        clusters: list[_Cluster] = []
        for report in sorted(self._reports, key=lambda r: (r.stem, r.number)):
            if report.date and report.people:
                buckets[report.kind, report.date[-5:]].append(report)
            else:  # no day or nobody known: nothing to match it by
                clusters.append(_Cluster())
                clusters[-1].add(report)
        for key in sorted(buckets):
            clusters += self._cluster(buckets[key])
        happenings = [self._happening(c.reports) for c in clusters if c.into is None]
        happenings.sort(key=lambda h: (h.reports[0].stem, h.reports[0].number))
        named: dict[tuple[str, ...], int] = defaultdict(int)
        self._of = {}
        for h in happenings:
            named[h.name] += 1
            h.ordinal = named[h.name]
            for report in h.reports:
                self._of[report.stem, report.number] = h
        self.happenings = happenings
        return happenings

    def _cluster(self, reports: list[Report]) -> list[_Cluster]:
        clusters: list[_Cluster] = []
        by_person: dict[Hashable, dict[int, _Cluster]] = defaultdict(dict)  # each cluster once, by id
        for report in reports:
            home: _Cluster | None = None
            candidates = {
                id(c): c
                for p in sorted(report.people, key=str)
                for c in map(_Cluster.root, by_person[p].values())
            }
            for cluster in sorted(
                candidates.values(), key=lambda c: (c.reports[0].stem, c.reports[0].number)
            ):
                if cluster is home:
                    continue
                if not any(self._match(report, sig) for sig in cluster.signatures):
                    continue
                if home is None:
                    if self._fits(report, cluster):
                        cluster.add(report)
                        home = cluster
                elif self._fit_together(home, cluster):
                    for other in cluster.reports:
                        home.add(other)
                    cluster.into = home
                    home.reports.sort(key=lambda r: (r.stem, r.number))
            if home is None:
                home = _Cluster()
                home.add(report)
                clusters.append(home)
            for person in report.people:
                by_person[person][id(home)] = home
        return clusters

    def _fits(self, report: Report, cluster: _Cluster) -> bool:
        return report.stem not in cluster.stems and all(
            self._compatible(report.signature, sig) for sig in cluster.signatures
        )

    def _fit_together(self, a: _Cluster, b: _Cluster) -> bool:
        return a.stems.isdisjoint(b.stems) and all(
            self._compatible(x, y) for x in a.signatures for y in b.signatures
        )

    def _compatible(self, a: tuple, b: tuple) -> bool:
        """Two reports of one day may be of one happening: same year, places in one county, leads shared."""
        (year_a, place_a, leads_a, _), (year_b, place_b, leads_b, _) = a, b
        if year_a != year_b or (leads_a and leads_b and leads_a.isdisjoint(leads_b)):
            return False
        if place_a is None or place_b is None:
            return place_a is place_b
        if place_a.startswith("?/") or place_b.startswith(
            "?/"
        ):  # a village no gazetteer places: one article's
            return False
        county = self._county(place_a)
        return place_a == place_b or (county is not None and county == self._county(place_b))

    def _match(self, report: Report, sig: tuple) -> bool:
        """The report and one already in a cluster tell of the same happening."""
        if not self._compatible(report.signature, sig):
            return False
        _, place, leads, people = sig
        if place != report.place and not (
            self.gaz.is_within(place, report.place) or self.gaz.is_within(report.place, place)
        ):
            return False
        if report.leads and leads:
            return True  # compatible: they share one
        return not report.people.isdisjoint(people)

    def _county_of(self, key: str) -> str | None:
        """The county `key` is in (itself if a county); None above the county level."""
        for k in (key, *self.gaz.ancestors(key)):
            level = self.gaz.get(k).level
            if level == "county":
                return k
            if level not in ("township", "village"):
                return None
        return None

    def _happening(self, reports: list[Report]) -> Happening:
        first = reports[0]
        dates = {r.date for r in reports if r.date}
        date = min(dates, key=lambda d: (d.startswith("--"), d)) if dates else None
        ends = {r.end for r in reports if r.end}
        end = max(ends, key=lambda d: (not d.startswith("--"), d)) if ends else None
        places = sorted({r.place for r in reports if r.place})
        place = None
        if places:
            deepest = max(places, key=lambda k: (len(self.gaz.ancestors(k)), k))
            chain = all(self.gaz.is_within(deepest, k) for k in places)
            place = deepest if chain else self.gaz.common_parent(places)
        leads = next((r.lead_names for r in reports if r.lead_names), ())
        label = " ".join(x for x in (date, "、".join(leads), first.label) if x) or first.kind
        named = Counter(n for r in reports for n in set(r.lead_names))
        most = [n for n, count in named.items() if count == max(named.values())]  # those most reports name
        name = (first.kind, (date or "").lstrip("-"), place or "", "、".join(sorted(most)))
        return Happening(reports, first.kind, date, end, place, label, tuple(x for x in name if x))
