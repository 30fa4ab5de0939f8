"""The one data model that flows through the pipeline.

A `Document` enters with its raw text and leaves with normalized text, sentences,
mentions and facts. Every stage reads and extends it; nothing else is passed around.
Offsets (`start`, `end`) index `Document.text`. The classes have no `__slots__`: documents are
pickled to the cache and the spill, and unpickling slotted dataclasses runs Python code per object.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

LEVELS = ("country", "province", "prefecture", "county", "township", "village")


@lru_cache(maxsize=4096)  # the merge asks for each article's stem once per fact it renders
def stem(source: str) -> str:
    """An article's name: its file name without the .txt/.html suffix."""
    name = source.rsplit("/", 1)[-1]
    base, dot, ext = name.rpartition(".")
    return base if dot and ext.lower() in ("txt", "html", "htm") else name


@dataclass(frozen=True)
class Region:
    """One administrative division of the gazetteer (or, when it lacks one, of the text)."""

    key: str  # stable id: the adcode, or parent key + "/" + name below the county level
    name: str  # full official name, Simplified
    level: str  # one of LEVELS
    parent: str | None  # key of the division directly above
    adcode: str | None = None


@dataclass
class Sentence:
    start: int
    end: int
    text: str


@dataclass
class RegionMention:
    start: int
    end: int
    surface: str
    region: Region
    named: bool = True  # False inside a medium's or brand's name: context for inference, not a mention


@dataclass
class Post:
    """One role held by one person, as read from one sentence."""

    title: str  # the GUIDE's short form: 县委书记, 常务副市长, 一级巡视员
    jurisdiction: str | None  # Region.key
    organization: str | None = None  # full name of the body, when named
    former: bool = False  # 原/时任/曾任: a post held before
    sentence: int = 0  # index into Document.sentences


@dataclass
class Person:
    name: str
    official: bool  # holds a public post; reporters, editors and villagers do not
    posts: list[Post] = field(default_factory=list)
    first: int = 0  # offset of the first mention
    role: str | None = None  # for non-officials: reporter, editor, author, other
    written: str = ""  # the name as written in the source's script (王東峰), when it differs


@dataclass
class Organization:
    name: str  # full name where the short form is known (省发改委 → 山西省发展和改革委员会)
    surface: str
    jurisdiction: str | None  # Region.key


@dataclass
class Event:
    kind: str  # "meeting" or "inspection"
    date: str | None  # "2018-05-17" or "--08-26"
    location: str | None  # Region.key
    end_date: str | None = None  # the last day of a range (8月24日至25日), else None
    lead: list[str] = field(default_factory=list)  # person names
    participants: list[str] = field(default_factory=list)  # person names, lead included
    programs: list[str] = field(default_factory=list)  # canonical programme names
    sentence: int = 0  # index of the sentence that reports it
    label: str = ""  # a short description: the meeting's name or the inspection's trigger phrase


@dataclass
class Document:
    source: str  # the input file's name as given
    raw: str
    path: str = ""
    digest: str = ""  # sha256 of the raw text: copies are one article, and the extraction cache's key
    original: str = ""  # cleaned text in the source's script, aligned char by char with `text`
    text: str = ""  # cleaned text in Simplified Chinese
    traditional: bool = False
    headline: str | None = None
    published: str | None = None  # YYYY-MM-DD
    publisher: str | None = None
    authors: list[str] = field(default_factory=list)  # reporters, authors, editors named in bylines
    sentences: list[Sentence] = field(default_factory=list)
    regions: list[RegionMention] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)  # canonical names, in order of first mention
    policies: list[str] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    @property
    def stem(self) -> str:
        return stem(self.source)

    def summary(self) -> Summary:
        """What the merge's steps across articles need of this one (see `Summary`)."""
        events = [
            (e.kind, e.date, e.end_date, e.location, tuple(e.lead), tuple(e.participants), e.label)
            for e in self.events
        ]
        dated = [e for e in self.events if e.date and not e.date.startswith("--")]
        years = [int(e.date[:4]) for e in dated]
        posts = []
        for person in self.people:
            if not person.official:
                continue
            for post in person.posts:
                # the event reported in the post's sentence, else the last one before it the official was at
                told = [
                    e for e in dated
                    if e.sentence == post.sentence or (e.sentence < post.sentence and person.name in e.participants)
                ]  # fmt: skip
                told.sort(key=lambda e: (e.sentence == post.sentence, e.sentence))
                day = told[-1].date if told else self.published
                posts.append((person.name, post.jurisdiction, post.title, day, post.former))
        return Summary(
            officials=[
                (person.name, frozenset(p.jurisdiction for p in person.posts if p.jurisdiction))
                for person in self.people
                if person.official
            ],
            posts=posts,
            events=events,
            year=int(self.published[:4]) if self.published else (years[0] if years else None),
        )

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence that contains `offset` (else the last one); a binary search."""
        i = bisect_right(self.sentences, offset, key=lambda s: s.start) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return i
        return max(0, len(self.sentences) - 1)


@dataclass
class Summary:
    """What stays in memory of an article while the others are extracted: enough to resolve officials,
    date posts and merge the reports of one happening across articles, without its text or sentences."""

    officials: list[tuple[str, frozenset[str]]]  # (name, keys of its posts' jurisdictions)
    posts: list[tuple[str, str | None, str, str | None, bool]]  # (name, jurisdiction, title, day, former)
    # (kind, date, end date, location, leads, participants, label) for each of `Document.events`, in order
    events: list[tuple[str, str | None, str | None, str | None, tuple[str, ...], tuple[str, ...], str]]
    year: int | None  # the year of the article's publication, else of its events' first full date
