"""Facts → RDF: the one place that knows the public vocabulary (`VOCABULARY.md`).

IRIs are deterministic: a region from its key (adcode, or the county's adcode and names
below it), a programme from its canonical name, an official from name plus the region of
their posts. The same name in two articles is one official when the jurisdictions overlap
(one contains the other) and two officials otherwise.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, MutableMapping
from functools import cache, lru_cache
from typing import TYPE_CHECKING
from urllib.parse import quote

import opencc
from pyoxigraph import Literal, NamedNode

from kg.graph.timeline import Happening, Timeline, post_key
from kg.model import Document, Person, Region
from kg.recognize.gazetteer import COUNTRY, Gazetteer, load

if TYPE_CHECKING:
    import rdflib


class Vocabulary:
    """A namespace whose terms are made once, on first use."""

    def __init__(self, base: str):
        self._base = base

    def __getattr__(self, name: str) -> NamedNode:  # only reached the first time: the term is then cached
        if name.startswith("_"):
            raise AttributeError(name)
        term = NamedNode(self._base + name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> NamedNode:
        return NamedNode(self._base + name)

    def __str__(self) -> str:
        return self._base


FP = Vocabulary("https://w3id.org/fupin/ontology#")
FPID = Vocabulary("https://w3id.org/fupin/id/")
ORG = Vocabulary("http://www.w3.org/ns/org#")
SCHEMA = Vocabulary("https://schema.org/")
PROV = Vocabulary("http://www.w3.org/ns/prov#")
SKOS = Vocabulary("http://www.w3.org/2004/02/skos/core#")
RDF = Vocabulary("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Vocabulary("http://www.w3.org/2000/01/rdf-schema#")
XSD = Vocabulary("http://www.w3.org/2001/XMLSchema#")
PREFIXES = {
    "fp": str(FP),
    "fpid": str(FPID),
    "org": str(ORG),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "skos": str(SKOS),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}

_LEVEL_CLASS = {
    "country": FP.Country,
    "province": FP.Province,
    "prefecture": FP.Prefecture,
    "county": FP.County,
    "township": FP.Township,
    "village": FP.Village,
}
_UNSAFE = re.compile(r"[^\w\u4e00-\u9fff·-]")


@lru_cache(maxsize=1 << 16)  # names, titles and article stems, slugged once per fact that carries them
def _slug(text: str) -> str:
    return _UNSAFE.sub("_", text.replace("/", "-"))


@cache
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


def region_key_iri(key: str, stem: str) -> NamedNode:
    if key.startswith("?/"):  # a village or township the gazetteer could not place: scoped to its article
        return FPID[f"region/{_slug(stem)}/{_slug(key[2:])}"]
    return _region_iri(key)


@lru_cache(maxsize=1 << 16)  # articles name the same regions again and again
def _region_iri(key: str) -> NamedNode:
    return FPID["region/" + "/".join(_slug(part) for part in key.split("/"))]


def _hans(text: str) -> Literal:
    return Literal(text, language="zh-Hans")


def _labels(name: str, traditional: bool) -> list[Literal]:
    labels = [_hans(name)]
    hant = _s2t().convert(name)
    if traditional and hant != name:
        labels.append(Literal(hant, language="zh-Hant"))
    return labels


def _organization_iri(name: str, jurisdiction: str | None, stem: str) -> NamedNode:
    """A body's name carries its place (山西省发展和改革委员会); one without a place stays in its article."""
    return FPID[
        f"organization/{_slug(name)}" if jurisdiction else f"organization/{_slug(stem)}/{_slug(name)}"
    ]


def _date(value: str) -> Literal:
    return Literal(value, datatype=XSD.gMonthDay if value.startswith("--") else XSD.date)


class Officials:
    """Cross-article resolution: name + overlapping jurisdictions → one node.

    Fed one article at a time (`add`, in the order of the articles' file names), it keeps only names
    and region keys, so a build of any size resolves its officials in little memory.
    """

    def __init__(self, gaz: Gazetteer | None = None):
        self.gaz = gaz or load()
        self._clusters: dict[str, list[tuple[set[str], list[str]]]] = defaultdict(list)
        self._iri: dict[tuple[str, str], NamedNode] | None = None
        self._overlaps: dict[tuple[str, str], bool] = {}

    def add(self, stem: str, officials: Iterable[tuple[str, frozenset[str]]]) -> None:
        """The officials of the article `stem`: (name, keys of their posts' jurisdictions)."""
        self._iri = None
        for name, keys in officials:
            self._place(self._clusters[name], keys, stem)

    def iri(self, stem: str, name: str) -> NamedNode:
        return self.resolve()[stem, name]

    def resolve(self) -> dict[tuple[str, str], NamedNode]:
        """(article stem, name) → the official's IRI, for every official added so far."""
        if self._iri is None:
            self._iri = {}
            for name, groups in self._clusters.items():
                for keys, stems in groups:
                    node = FPID[f"official/{_slug(self._ident(name, keys, stems))}"]
                    for member in stems:
                        self._iri[member, name] = node
        return self._iri

    def _place(self, groups: list, keys: frozenset[str], stem: str) -> None:
        if keys:
            overlapping = [g for g in groups if g[0] and any(self._overlap(a, b) for a in keys for b in g[0])]
            if overlapping:
                first = overlapping[0]
                for other in overlapping[1:]:
                    first[0].update(other[0])
                    first[1].extend(other[1])
                    groups.remove(other)
                first[0].update(keys)
                first[1].append(stem)
                return
        groups.append((set(keys), [stem]))

    def _overlap(self, a: str, b: str) -> bool:
        found = self._overlaps.get((a, b))
        if found is None:  # few jurisdictions, asked about again and again
            if a == COUNTRY.key or b == COUNTRY.key:
                found = a == b
            else:
                found = self.gaz.is_within(a, b) or self.gaz.is_within(b, a)
            self._overlaps[a, b] = found
        return found

    def _ident(self, name: str, keys: set[str], stems: list[str]) -> str:
        if not keys:
            return f"{name}-{min(stems)}"
        general = min(keys, key=lambda k: (len(self.gaz.ancestors(k)) if not k.startswith("?/") else 99, k))
        return f"{name}-{general}"


Triple = tuple[NamedNode, NamedNode, NamedNode | Literal]


def build_triples(docs: Iterable[Document], gaz: Gazetteer | None = None) -> set[Triple]:
    """The facts of all documents as a set of triples (no ontology), in memory: for small inputs and
    notebooks. A build streams the same triples article by article (`kg.merge`)."""
    gaz = gaz or load()
    docs = sorted(docs, key=lambda d: d.source)
    officials = Officials(gaz)
    summaries = [doc.summary() for doc in docs]
    for doc, summary in zip(docs, summaries, strict=True):
        officials.add(doc.stem, summary.officials)
    timeline = Timeline(gaz)
    for doc, summary in zip(docs, summaries, strict=True):
        timeline.add(doc.stem, summary, officials.resolve())
    timeline.resolve()
    regions: dict[NamedNode, tuple[Region, bool]] = {}
    triples: set[Triple] = set()
    for doc in docs:
        triples |= article_triples(doc, officials, timeline, regions, gaz)
    return triples | region_triples(regions, gaz) | timeline_triples(timeline)


def build_graph(docs: Iterable[Document], gaz: Gazetteer | None = None) -> rdflib.Graph:
    """The same facts as an rdflib Graph, for notebook users."""
    from rdflib import Graph

    from kg.store import rdflib_term

    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for triple in build_triples(docs, gaz):
        g.add(tuple(map(rdflib_term, triple)))
    return g


def activity_triples(versions: dict[str, str]) -> set[Triple]:
    """The build as a prov:Activity: associated with kg (the first of `versions`, package → version), using
    the other packages; each a schema:SoftwareApplication with its version. No time, so the same code and
    packages give the same triples; the activity's IRI is a hash of the versions."""
    digest = hashlib.sha256("\n".join(f"{n} {v}" for n, v in versions.items()).encode()).hexdigest()[:16]
    build = FPID[f"build/{digest}"]
    g: set[Triple] = {(build, RDF.type, PROV.Activity)}
    for n, (name, version) in enumerate(versions.items()):
        software = FPID[f"software/{quote(name)}/{quote(version, safe='+')}"]
        g.add((build, PROV.wasAssociatedWith if n == 0 else PROV.used, software))
        g |= {
            (software, RDF.type, SCHEMA.SoftwareApplication),
            (software, RDFS.label, Literal(name)),
            (software, SCHEMA.softwareVersion, Literal(version)),
        }
    return g


def article_iri(doc: Document) -> NamedNode:
    return FPID[f"article/{_slug(doc.stem)}"]


def article_triples(
    doc: Document,
    officials: Officials,
    timeline: Timeline,
    regions: MutableMapping[NamedNode, tuple[Region, bool]],
    gaz: Gazetteer | None = None,
) -> set[Triple]:
    """What one article asserts: its article node, mentions, officials, posts, organisations and events.

    An event is the happening it reports (`timeline`), with that happening's date, place and label; a
    post is `fp:former` only when no article shows it held. The regions it refers to are added to
    `regions` (IRI → region, and whether any article naming it was Traditional): their own triples come
    from `region_triples`, once for all articles, and the counts and dates over all articles from
    `timeline_triples`.
    """
    gaz = gaz or load()
    g: set[Triple] = set()
    article = article_iri(doc)
    name = doc.stem
    g.add((article, RDF.type, FP.Article))
    g.add((article, FP.sourceFile, Literal(doc.source)))
    if doc.headline:
        g.add((article, SCHEMA.headline, _hans(doc.headline)))
    if doc.published:
        g.add((article, SCHEMA.datePublished, Literal(doc.published, datatype=XSD.date)))
    if doc.publisher:
        g.add((article, SCHEMA.publisher, Literal(doc.publisher)))
    for author in doc.authors:
        g.add((article, SCHEMA.author, _hans(author)))

    def region_iri(key: str) -> NamedNode:
        iri = region_key_iri(key, name)
        previous = regions.get(iri)
        regions[iri] = (
            previous[0] if previous else gaz.get(key),
            doc.traditional or bool(previous and previous[1]),
        )
        return iri

    for mention in doc.regions:
        iri = region_iri(mention.region.key)
        if mention.named:
            g.add((article, SCHEMA.mentions, iri))
    # a post names its body, typed and labelled here under the IRI the body's own jurisdiction gives
    bodies = {org.name: _organization_iri(org.name, org.jurisdiction, name) for org in doc.organizations}
    people: dict[str, NamedNode] = {}
    for person in doc.people:
        if person.official:
            people[person.name] = _add_official(
                g, doc, person, officials.iri(name, person.name), timeline, region_iri, article, bodies
            )
            g.add((article, SCHEMA.mentions, people[person.name]))
    for org in doc.organizations:
        iri = bodies[org.name]
        g.add((iri, RDF.type, FP.Organization))
        g.add((iri, RDFS.label, _hans(org.name)))
        g.add((article, SCHEMA.mentions, iri))
    for program in doc.programs:
        g.add((article, SCHEMA.mentions, FPID[f"program/{program}"]))
    for policy in doc.policies:
        g.add((article, SCHEMA.mentions, FPID[f"policy/{policy}"]))
    for n, event in enumerate(doc.events, 1):
        happening = timeline.happening(name, n)
        iri = event_iri(happening)
        g.add((iri, RDF.type, FP.Meeting if event.kind == "meeting" else FP.Inspection))
        g.add((iri, RDFS.label, _hans(happening.label)))
        if happening.date:
            g.add((iri, SCHEMA.startDate, _date(happening.date)))
        if happening.end:
            g.add((iri, SCHEMA.endDate, _date(happening.end)))
        if happening.place:
            g.add((iri, SCHEMA.location, region_iri(happening.place)))
        for lead in event.lead:
            if lead in people:
                g.add((iri, FP.lead, people[lead]))
        for participant in event.participants:
            if participant in people:
                g.add((iri, FP.participant, people[participant]))
        for program in event.programs:
            g.add((iri, FP.program, FPID[f"program/{program}"]))
        _attest(g, iri, doc, article, event.sentence)
    return g


def event_iri(happening: Happening) -> NamedNode:
    """From the happening (kind, date, place, leads), not from an article: the same whichever reports it."""
    suffix = f"-{happening.ordinal}" if happening.ordinal > 1 else ""
    return FPID[f"event/{_slug('-'.join(happening.name))}{suffix}"]


def post_iri(name: str, jurisdiction: str | None, title: str, stem: str | None) -> NamedNode:
    """The IRI of `timeline.post_key`'s post: an article-scoped one carries its article `stem`."""
    place = "-".join(_slug(part) for part in (jurisdiction, stem) if part)
    return FPID[f"post/{_slug(name)}-{place}-{_slug(title)}"]


def timeline_triples(timeline: Timeline) -> set[Triple]:
    """What holds over all articles: each post's attested days and report count, each event's report count."""
    g: set[Triple] = set()
    for (name, jurisdiction, title, stem), dates in timeline.posts.items():
        iri = post_iri(name, jurisdiction, title, stem)
        g.add((iri, FP.reportCount, Literal(dates.reports)))
        if dates.first:
            g.add((iri, FP.attestedFrom, Literal(dates.first, datatype=XSD.date)))
            g.add((iri, FP.attestedUntil, Literal(dates.last, datatype=XSD.date)))
    for happening in timeline.resolve():
        g.add((event_iri(happening), FP.reportCount, Literal(len(happening.reports))))
    return g


def report_iri(doc: Document, sentence: int) -> NamedNode:
    return FPID[f"report/{_slug(doc.stem)}-{sentence + 1}"]


def _attest(g: set[Triple], fact: NamedNode, doc: Document, article: NamedNode, sentence: int) -> None:
    """`fact` was read from the article's sentence number `sentence`. The fact keeps the flat
    `prov:wasDerivedFrom` and `fp:evidence` (the public contract), which lose the pairing once a post is
    shown by several articles; its `fp:reportedBy` report keeps this sentence with this article."""
    text = _hans(doc.sentences[sentence].text)
    report = report_iri(doc, sentence)
    g.add((fact, PROV.wasDerivedFrom, article))
    g.add((fact, FP.evidence, text))
    g.add((fact, FP.reportedBy, report))
    g.add((report, RDF.type, FP.Report))
    g.add((report, PROV.wasDerivedFrom, article))
    g.add((report, FP.evidence, text))


def _add_official(
    g: set[Triple],
    doc: Document,
    person: Person,
    iri: NamedNode,
    timeline: Timeline,
    region_iri,
    article: NamedNode,
    bodies: dict[str, NamedNode],
) -> NamedNode:
    g.add((iri, RDF.type, FP.Official))
    hant = person.written or person.name
    g.add((iri, RDFS.label, _hans(person.name)))
    if hant != person.name:
        g.add((iri, RDFS.label, Literal(hant, language="zh-Hant")))
    for post in person.posts:
        key = post_key(person.name, post.jurisdiction, post.title, doc.stem)
        node = post_iri(*key)
        g.add((iri, ORG.holds, node))
        g.add((node, RDF.type, FP.Post))
        g.add((node, FP.title, Literal(post.title)))
        if post.jurisdiction:
            g.add((node, FP.jurisdiction, region_iri(post.jurisdiction)))
        if post.organization:
            g.add((node, ORG.postIn, bodies[post.organization]))
        if post.former and timeline.posts[key].former:  # else another report shows it held
            g.add((node, FP.former, Literal(True)))
        _attest(g, node, doc, article, post.sentence)
    return iri


def region_triples(
    regions: MutableMapping[NamedNode, tuple[Region, bool]], gaz: Gazetteer | None = None
) -> set[Triple]:
    """The regions the articles referred to, with their labels, adcodes and the divisions above them."""
    gaz = gaz or load()
    g: set[Triple] = set()
    for iri, (region, traditional) in sorted(regions.items(), key=lambda item: item[0].value):
        _add_region(g, iri, region, traditional, gaz)
    return g


def _add_region(g: set[Triple], iri: NamedNode, region: Region, traditional: bool, gaz: Gazetteer) -> None:
    g.add((iri, RDF.type, _LEVEL_CLASS[region.level]))
    for label in _labels(region.name, traditional):
        g.add((iri, RDFS.label, label))
    if region.adcode:
        g.add((iri, FP.adcode, Literal(region.adcode)))
    if region.parent:
        parent = gaz.get(region.parent)
        # a township the gazetteer could not place holds its villages in the same article
        stem = (
            iri.value.removeprefix(FPID["region/"].value).partition("/")[0]
            if region.key.startswith("?/")
            else ""
        )
        parent_iri = region_key_iri(parent.key, stem)
        g.add((iri, SCHEMA.containedInPlace, parent_iri))
        if (parent_iri, RDF.type, _LEVEL_CLASS[parent.level]) not in g:
            _add_region(g, parent_iri, parent, traditional, gaz)
