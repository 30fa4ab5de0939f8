"""Per-article extractions → OUT/store and graph.ttl, in bounded memory.

Extracted articles arrive one at a time. Each is parked in a spill file and only a small entry stays
in memory: its file name, hash, and its officials' names and jurisdictions. When all have arrived,
copies are dropped and officials are resolved across articles from those entries. Then each article
is read back, turned into triples (`kg.graph.build`) and streamed into the store's bulk loader, into
its own named graph and the merged default graph; graph.ttl is written from the store one subject
at a time and the ontology is appended. Memory holds the entries and the subjects' names, never the
graph or the texts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.atomic import open_atomic
from kg.graph import turtle
from kg.graph.build import (
    PREFIXES,
    Officials,
    article_iri,
    article_triples,
    official_keys,
    region_triples,
)
from kg.model import Document, stem
from kg.pickles import Spill
from kg.recognize.gazetteer import load
from kg.store import article_quads, staged


@dataclass(slots=True)
class Entry:
    """What stays in memory of an extracted article while the others are extracted."""

    source: str
    path: str
    digest: str
    offset: int  # where the document waits in the spill file
    officials: list[tuple[str, frozenset[str]]]


@dataclass(slots=True)
class Tally:
    """The counts a build reports."""

    articles: int = 0
    officials: set[str] = field(default_factory=set)
    regions: set[str] = field(default_factory=set)
    programmes: set[str] = field(default_factory=set)
    events: int = 0

    def add(self, doc: Document) -> None:
        self.articles += 1
        self.officials.update(p.name for p in doc.people if p.official)
        self.regions.update(m.region.key for m in doc.regions if m.named)
        self.programmes.update(doc.programs)
        self.events += len(doc.events)

    def counts(self, triples: int) -> dict[str, int]:
        return {
            "articles": self.articles,
            "officials": len(self.officials),
            "regions": len(self.regions),
            "programmes": len(self.programmes),
            "events": self.events,
            "triples": triples,
        }


def merge(
    docs: Iterable[Document],
    out_dir: Path,
    graph_path: Path,
    ontology: list[Path],
    skip: Callable[[str, str], None],
) -> dict[str, int] | None:
    """Write the store (OUT/store) and `graph_path` from `docs`, followed by the `ontology` files; returns
    the counts, or None when no article is left (copies are passed to `skip`). The store is swapped in
    only when graph.ttl has been written: a failed merge leaves the previous outputs as they were."""
    with Spill(out_dir) as spill:
        entries = unique_sources(
            [Entry(d.source, d.path, d.digest, spill.put(d), official_keys(d)) for d in docs], skip
        )
        if not entries:
            return None
        gaz = load()
        officials = Officials(gaz)
        for entry in entries:
            officials.add(stem(entry.source), entry.officials)
        tally = Tally()
        subjects: set[ox.NamedNode] = set()

        def articles() -> Iterator[tuple[ox.NamedNode | None, set]]:
            regions: dict = {}
            for entry in entries:
                doc = spill.get(entry.offset)
                doc.source = entry.source
                tally.add(doc)
                triples = article_triples(doc, officials, regions, gaz)
                subjects.update(s for s, _, _ in triples)
                yield article_iri(doc), triples
            facts = region_triples(regions, gaz)
            subjects.update(s for s, _, _ in facts)
            yield None, facts

        def fill(store: ox.Store) -> int:
            store.bulk_extend(article_quads(articles()))
            with open_atomic(graph_path) as fh:
                triples = turtle.write_store(store, subjects, PREFIXES, fh)
                for path in ontology:
                    fh.write("\n" + path.read_text(encoding="utf-8"))
            for path in ontology:
                store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
            return triples

        return tally.counts(staged(out_dir, fill))


def unique_sources(entries: list[Entry], skip: Callable[[str, str], None]) -> list[Entry]:
    """One article per text, in file-name order: a copy is skipped (the first by file name is kept).
    Articles are named by their file name, so files of the same name with different texts get a hash of
    their text in it (`index~1a2b3c4d.html`). Nothing here depends on where the files are or on their
    order."""
    by_text: dict[str, Entry] = {}
    for entry in sorted(entries, key=lambda e: (e.source, e.path)):
        if entry.digest in by_text:
            skip(entry.path, f"same text as {by_text[entry.digest].path}")
        else:
            by_text[entry.digest] = entry
    by_name: dict[str, list[Entry]] = {}
    for entry in by_text.values():
        by_name.setdefault(entry.source, []).append(entry)
    for name, same in by_name.items():
        for entry in same if len(same) > 1 else ():
            base, dot, suffix = name.rpartition(".")
            digest = entry.digest[:8]
            entry.source = f"{base}~{digest}.{suffix}" if dot else f"{name}~{digest}"
    return sorted(by_text.values(), key=lambda e: e.source)
