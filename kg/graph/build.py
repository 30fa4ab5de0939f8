"""Facts → RDF: the one place that knows the public vocabulary (`VOCABULARY.md`).

IRIs are deterministic: a region from its key (adcode, or the county's adcode and names
below it), a programme from its canonical name, an official from name plus the region of
their posts. The same name in two articles is one official when the jurisdictions overlap
(one contains the other) and two officials otherwise.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import cache

import opencc
from rdflib import RDF as _RDF
from rdflib import RDFS as _RDFS
from rdflib import XSD, Graph, Literal, URIRef

from kg.model import Document, Person, Region
from kg.recognize.gazetteer import COUNTRY, Gazetteer, load


class Vocabulary:
    """A namespace whose terms are made once (rdflib's `Namespace` builds a new URIRef per access)."""

    def __init__(self, base: str):
        self._base = base

    def __getattr__(self, name: str) -> URIRef:  # only reached the first time: the term is then cached
        if name.startswith("_"):
            raise AttributeError(name)
        term = URIRef(self._base + name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        return URIRef(self._base + name)

    def __str__(self) -> str:
        return self._base


FP = Vocabulary("https://w3id.org/fupin/ontology#")
FPID = Vocabulary("https://w3id.org/fupin/id/")
ORG = Vocabulary("http://www.w3.org/ns/org#")
SCHEMA = Vocabulary("https://schema.org/")
PROV = Vocabulary("http://www.w3.org/ns/prov#")
SKOS = Vocabulary("http://www.w3.org/2004/02/skos/core#")
RDF = Vocabulary(str(_RDF))
RDFS = Vocabulary(str(_RDFS))
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


def _slug(text: str) -> str:
    return _UNSAFE.sub("_", text.replace("/", "-"))


@cache
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


def region_key_iri(key: str, stem: str) -> URIRef:
    if key.startswith("?/"):  # a village the gazetteer could not place: scoped to its article
        return FPID[f"region/{_slug(stem)}/{_slug(key[2:])}"]
    return FPID["region/" + "/".join(_slug(part) for part in key.split("/"))]


def _labels(name: str, traditional: bool) -> list[Literal]:
    labels = [Literal(name, lang="zh-Hans")]
    hant = _s2t().convert(name)
    if traditional and hant != name:
        labels.append(Literal(hant, lang="zh-Hant"))
    return labels


def _organization_iri(name: str, jurisdiction: str | None, stem: str) -> URIRef:
    """A body's name carries its place (山西省发展和改革委员会); one without a place stays in its article."""
    return FPID[
        f"organization/{_slug(name)}" if jurisdiction else f"organization/{_slug(stem)}/{_slug(name)}"
    ]


def _date(value: str) -> Literal:
    return Literal(value, datatype=XSD.gMonthDay if value.startswith("--") else XSD.date)


class _Officials:
    """Cross-article resolution: name + overlapping jurisdictions → one node."""

    def __init__(self, docs: list[Document], gaz: Gazetteer):
        self.gaz = gaz
        clusters: dict[str, list[tuple[set[str], list[tuple[str, str]]]]] = defaultdict(list)
        for doc in docs:
            for person in doc.people:
                if not person.official:
                    continue
                keys = {p.jurisdiction for p in person.posts if p.jurisdiction}
                self._place(clusters[person.name], keys, (doc.stem, person.name))
        self.iri: dict[tuple[str, str], URIRef] = {}
        for name, groups in clusters.items():
            for keys, members in groups:
                ident = self._ident(name, keys, members)
                for member in members:
                    self.iri[member] = FPID[f"official/{_slug(ident)}"]

    def _place(self, groups: list, keys: set[str], member: tuple[str, str]) -> None:
        if keys:
            overlapping = [g for g in groups if g[0] and any(self._overlap(a, b) for a in keys for b in g[0])]
            if overlapping:
                first = overlapping[0]
                for other in overlapping[1:]:
                    first[0].update(other[0])
                    first[1].extend(other[1])
                    groups.remove(other)
                first[0].update(keys)
                first[1].append(member)
                return
        groups.append((set(keys), [member]))

    def _overlap(self, a: str, b: str) -> bool:
        if a == COUNTRY.key or b == COUNTRY.key:
            return a == b
        return self.gaz.is_within(a, b) or self.gaz.is_within(b, a)

    def _ident(self, name: str, keys: set[str], members: list[tuple[str, str]]) -> str:
        if not keys:
            return f"{name}-{min(stem for stem, _ in members)}"
        general = min(keys, key=lambda k: (len(self.gaz.ancestors(k)) if not k.startswith("?/") else 99, k))
        return f"{name}-{general}"


Triple = tuple[URIRef, URIRef, URIRef | Literal]


def build_triples(
    docs: Iterable[Document],
    gaz: Gazetteer | None = None,
    *,
    articles: dict[URIRef, set[Triple]] | None = None,
) -> set[Triple]:
    """The facts of all documents as a set of triples (no ontology).

    Given `articles`, also fills it with what each article asserted, keyed by the article's IRI: its
    article node, mentions, officials, posts, organisations and events (regions come from the gazetteer
    and are in the merged set only). Officials keep their cross-article IRIs there.
    """
    gaz = gaz or load()
    docs = sorted(docs, key=lambda d: d.source)
    officials = _Officials(docs, gaz)
    g: set[Triple] = set()
    regions: dict[URIRef, tuple[Region, bool]] = {}
    for doc in docs:
        if articles is None:
            _add_document(g, doc, gaz, officials, regions)
        else:
            part = articles.setdefault(article_iri(doc), set())
            _add_document(part, doc, gaz, officials, regions)
            g |= part
    for iri, (region, traditional) in sorted(regions.items()):
        _add_region(g, iri, region, traditional, gaz)
    return g


def build_graph(docs: Iterable[Document], gaz: Gazetteer | None = None) -> Graph:
    """The same facts as an rdflib Graph, for notebook users."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for triple in build_triples(docs, gaz):
        g.add(triple)
    return g


def article_iri(doc: Document) -> URIRef:
    return FPID[f"article/{_slug(doc.stem)}"]


def _add_document(
    g: set[Triple], doc: Document, gaz: Gazetteer, officials: _Officials, regions: dict
) -> None:
    article = article_iri(doc)
    g.add((article, RDF.type, FP.Article))
    g.add((article, FP.sourceFile, Literal(doc.source)))
    if doc.headline:
        g.add((article, SCHEMA.headline, Literal(doc.headline, lang="zh-Hans")))
    if doc.published:
        g.add((article, SCHEMA.datePublished, Literal(doc.published, datatype=XSD.date)))
    if doc.publisher:
        g.add((article, SCHEMA.publisher, Literal(doc.publisher)))
    for author in doc.authors:
        g.add((article, SCHEMA.author, Literal(author, lang="zh-Hans")))

    def region_iri(key: str) -> URIRef:
        iri = region_key_iri(key, doc.stem)
        region = gaz.get(key)
        previous = regions.get(iri)
        regions[iri] = (region, doc.traditional or bool(previous and previous[1]))
        return iri

    for mention in doc.regions:
        iri = region_iri(mention.region.key)
        if mention.named:
            g.add((article, SCHEMA.mentions, iri))
    people: dict[str, URIRef] = {}
    for person in doc.people:
        if person.official:
            people[person.name] = _add_official(g, doc, person, officials, region_iri, article)
            g.add((article, SCHEMA.mentions, people[person.name]))
    for org in doc.organizations:
        iri = _organization_iri(org.name, org.jurisdiction, doc.stem)
        g.add((iri, RDF.type, FP.Organization))
        g.add((iri, RDFS.label, Literal(org.name, lang="zh-Hans")))
        g.add((article, SCHEMA.mentions, iri))
    for name in doc.programs:
        g.add((article, SCHEMA.mentions, FPID[f"program/{name}"]))
    for name in doc.policies:
        g.add((article, SCHEMA.mentions, FPID[f"policy/{name}"]))
    for n, event in enumerate(doc.events, 1):
        iri = FPID[f"event/{_slug(doc.stem)}-{n}"]
        g.add((iri, RDF.type, FP.Meeting if event.kind == "meeting" else FP.Inspection))
        label = " ".join(x for x in (event.date, "、".join(event.lead), event.label) if x)
        g.add((iri, RDFS.label, Literal(label or event.kind, lang="zh-Hans")))
        if event.date:
            g.add((iri, SCHEMA.startDate, _date(event.date)))
        if event.location:
            g.add((iri, SCHEMA.location, region_iri(event.location)))
        for name in event.lead:
            if name in people:
                g.add((iri, FP.lead, people[name]))
        for name in event.participants:
            if name in people:
                g.add((iri, FP.participant, people[name]))
        for name in event.programs:
            g.add((iri, FP.program, FPID[f"program/{name}"]))
        g.add((iri, PROV.wasDerivedFrom, article))
        g.add((iri, FP.evidence, Literal(doc.sentences[event.sentence].text, lang="zh-Hans")))


def _add_official(
    g: set[Triple], doc: Document, person: Person, officials: _Officials, region_iri, article
) -> URIRef:
    iri = officials.iri[(doc.stem, person.name)]
    g.add((iri, RDF.type, FP.Official))
    hant = person.written or person.name
    g.add((iri, RDFS.label, Literal(person.name, lang="zh-Hans")))
    if hant != person.name:
        g.add((iri, RDFS.label, Literal(hant, lang="zh-Hant")))
    for post in person.posts:
        jurisdiction = _slug(post.jurisdiction) if post.jurisdiction else _slug(doc.stem)
        post_iri = FPID[f"post/{person.name}-{jurisdiction}-{_slug(post.title)}"]
        g.add((iri, ORG.holds, post_iri))
        g.add((post_iri, RDF.type, FP.Post))
        g.add((post_iri, FP.title, Literal(post.title)))
        if post.jurisdiction:
            g.add((post_iri, FP.jurisdiction, region_iri(post.jurisdiction)))
        if post.organization:
            g.add((post_iri, ORG.postIn, _organization_iri(post.organization, post.jurisdiction, doc.stem)))
        if post.former:
            g.add((post_iri, FP.former, Literal(True)))
        g.add((post_iri, PROV.wasDerivedFrom, article))
        g.add((post_iri, FP.evidence, Literal(doc.sentences[post.sentence].text, lang="zh-Hans")))
    return iri


def _add_region(g: set[Triple], iri: URIRef, region: Region, traditional: bool, gaz: Gazetteer) -> None:
    g.add((iri, RDF.type, _LEVEL_CLASS[region.level]))
    for label in _labels(region.name, traditional):
        g.add((iri, RDFS.label, label))
    if region.adcode:
        g.add((iri, FP.adcode, Literal(region.adcode)))
    if region.parent:
        parent = gaz.get(region.parent)
        parent_iri = region_key_iri(parent.key, "")
        g.add((iri, SCHEMA.containedInPlace, parent_iri))
        if (parent_iri, RDF.type, _LEVEL_CLASS[parent.level]) not in g:
            _add_region(g, parent_iri, parent, traditional, gaz)
