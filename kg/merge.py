"""Per-article extractions → OUT/store and graph.ttl, in bounded memory and in parallel.

Extracted articles arrive one at a time, pickled. Each is parked in a spill file as it came and only a
small entry stays in memory: its file name, hash and `Summary` (its officials' names and jurisdictions,
its posts' days, its events' kinds, dates, places and people). When all have arrived, copies are
dropped, officials are resolved across articles from those entries, then each post's days and one event
per happening (`kg.graph.timeline`): the steps that need every article. Then the articles are rendered in chunks, by `jobs` processes:
each chunk's triples (`kg.graph.build`) become N-Quads for the store (each article's named graph and
the merged default graph) and a sorted run of Turtle statements in a file (`kg.runs`). The store
bulk-loads the N-Quads as they come; graph.ttl is the merge of the sorted runs, written subject by
subject in `jobs` parts side by side, with the ontology appended. Memory holds the entries, never the
graph or the texts.
"""

from __future__ import annotations

import os
import pickle
import queue
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.atomic import open_atomic
from kg.engine import Outcome, shaping_versions
from kg.graph import turtle
from kg.graph.build import (
    PREFIXES,
    Officials,
    activity_triples,
    article_iri,
    article_triples,
    region_triples,
    timeline_triples,
)
from kg.graph.timeline import Timeline
from kg.model import Document, Region, Summary, stem
from kg.pickles import Spill
from kg.recognize.gazetteer import load
from kg.runs import Run, split_points, write_part, write_run
from kg.store import nquads, staged
from kg.workers import fork_pool, frozen_heap

CHUNK = 100  # articles rendered per task, at least
_MAX_RUNS = 256  # run files merged at once (each is an open file)
_LOAD_BYTES = 32 << 20  # N-Quads per bulk load (about 250,000 quads)
_LOADERS = 2  # bulk loads at once


@dataclass(slots=True)
class Entry:
    """What stays in memory of an extracted article while the others are extracted."""

    source: str
    path: str
    digest: str
    place: tuple[int, int]  # where the document waits in the spill file
    summary: Summary | None  # dropped once the timeline has it


@dataclass(slots=True)
class Tally:
    """The counts a build reports."""

    articles: int = 0
    officials: set[str] = field(default_factory=set)
    regions: set[str] = field(default_factory=set)
    programmes: set[str] = field(default_factory=set)

    def add(self, doc: Document) -> None:
        self.articles += 1
        self.officials.update(p.name for p in doc.people if p.official)
        self.regions.update(m.region.key for m in doc.regions if m.named)
        self.programmes.update(doc.programs)

    def update(self, other: Tally) -> None:
        self.articles += other.articles
        self.officials |= other.officials
        self.regions |= other.regions
        self.programmes |= other.programmes

    def counts(self, events: int, triples: int) -> dict[str, int]:
        return {
            "articles": self.articles,
            "officials": len(self.officials),
            "regions": len(self.regions),
            "programmes": len(self.programmes),
            "events": events,
            "triples": triples,
        }


@dataclass(slots=True)
class _Rendered:
    """One chunk of articles, rendered."""

    nquads: str  # a file of the chunk's N-Quads: a message this big would keep multiprocessing's pool busy
    run: Run  # the chunk's sorted statements
    regions: dict[str, tuple[Region, bool]]  # region IRI → (region, named in a Traditional text)
    tally: Tally


@dataclass(slots=True)
class _Context:
    """What every render task reads; forked processes inherit it."""

    spill: Spill
    officials: Officials
    timeline: Timeline
    folder: Path


_context: _Context | None = None
Progress = Callable[[str, int], Callable[[], None]]  # (stage, steps) → the function that advances it


def merge(
    outcomes: Iterable[Outcome],
    out_dir: Path,
    graph_path: Path,
    ontology: list[Path],
    skip: Callable[[str, str], None],
    jobs: int = 1,
    progress: Progress | None = None,
) -> dict[str, int] | None:
    """Write the store (OUT/store) and `graph_path` from the extracted documents (`outcomes` with a
    document), followed by the `ontology` files; returns the counts, or None when no article is left
    (copies are passed to `skip`). The store is swapped in only when graph.ttl has been written: a
    failed merge leaves the previous outputs as they were. `progress` is told each stage and step."""
    with Spill(out_dir) as spill:
        entries = unique_sources(
            [Entry(Path(o.path).name, o.path, o.digest, spill.put(o.data), o.summary) for o in outcomes],
            skip,
        )
        if not entries:
            return None
        gaz = load()
        officials = Officials(gaz)
        for entry in entries:
            officials.add(stem(entry.source), entry.summary.officials)
        timeline = Timeline(gaz)
        for entry in entries:
            timeline.add(stem(entry.source), entry.summary, officials.resolve())
            entry.summary = None  # its facts are in the timeline now
        timeline.resolve()  # once, before render processes fork, like the officials
        size = max(CHUNK, -(-len(entries) // _MAX_RUNS))
        chunks = [entries[i : i + size] for i in range(0, len(entries), size)]
        context = _Context(spill, officials, timeline, out_dir)
        jobs = jobs if len(chunks) > 1 else 1
        progress = progress or (lambda stage, steps: lambda: None)
        # what lives to the end (the entries, officials, timeline) is frozen: the full collections that
        # the rendering's short-lived objects set off no longer walk those (GC 4.3 → 1.1 s at 10,000 articles)
        with frozen_heap(), _workers(context, jobs) as imap:
            return staged(
                out_dir, lambda store: _fill(store, imap, chunks, jobs, graph_path, ontology, progress)
            )


def _fill(
    store: ox.Store,
    imap: Callable,
    chunks: list[list[Entry]],
    jobs: int,
    graph_path: Path,
    ontology: list[Path],
    progress: Progress,
) -> dict:
    assert _context is not None
    rendered = progress("rendering and loading", len(chunks))
    tally = Tally()
    regions: dict[str, tuple[Region, bool]] = {}
    runs: list[Run] = []
    parts: list[str] = []  # graph.ttl's body in parts, written by the workers side by side
    try:
        with open_atomic(graph_path) as fh:  # in place only once the store is complete too
            with _Loader(store) as loader:
                for part in imap(_render, chunks):
                    runs.append(part.run)
                    tally.update(part.tally)
                    for iri, (region, traditional) in part.regions.items():
                        previous = regions.get(iri)
                        regions[iri] = (region, traditional or bool(previous and previous[1]))
                    loader.add(_take(part.nquads))
                    rendered()
                facts = region_triples({ox.NamedNode(iri): value for iri, value in regions.items()})
                facts |= timeline_triples(_context.timeline)
                facts |= activity_triples(shaping_versions())
                loader.add(nquads([], facts))
                loader.flush()  # the last loads run while graph.ttl is written
                writer = turtle.Writer(PREFIXES)
                runs.append(write_run(_context.folder, sorted(writer.statement(*t) for t in facts)))
                turtle.write_prefixes(PREFIXES, fh)
                bounds = split_points(runs, jobs)
                parts += [_temporary(_context.folder, ".part.") for _ in bounds[1:]]
                tasks = [
                    (runs, low, high, path)
                    for low, high, path in zip(bounds[:-1], bounds[1:], parts, strict=True)
                ]
                written = progress("writing graph.ttl", len(tasks))
                triples = 0
                for count in imap(_write_part, tasks):
                    triples += count
                    written()
                for path in parts:
                    with open(path, encoding="utf-8") as part_file:
                        shutil.copyfileobj(part_file, fh, 1 << 20)
                fh.write("\n")
                for path in ontology:
                    fh.write("\n" + path.read_text(encoding="utf-8"))
            for path in ontology:
                store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    finally:
        for path in [run.path for run in runs] + parts:
            Path(path).unlink(missing_ok=True)
    return tally.counts(len(_context.timeline.happenings), triples)


def _take(path: str) -> bytes:
    """A file's bytes; the file is deleted."""
    try:
        return Path(path).read_bytes()
    finally:
        Path(path).unlink(missing_ok=True)


def _temporary(folder: Path, prefix: str) -> str:
    fd, path = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=".tmp")
    os.close(fd)
    return path


@contextmanager
def _workers(context: _Context, jobs: int) -> Iterator[Callable]:
    """An ordered `map` over `jobs` forked processes that see `context` (or over this one when jobs is 1)."""
    global _context
    _context = context
    try:
        if jobs > 1:
            with fork_pool(jobs) as pool:
                yield pool.imap
        else:
            yield map
    finally:
        _context = None


def _render(chunk: list[Entry]) -> _Rendered:
    assert _context is not None
    officials, spill = _context.officials, _context.spill
    writer = turtle.Writer(PREFIXES)
    regions: dict[ox.NamedNode, tuple[Region, bool]] = {}
    tally = Tally()
    articles = []
    merged: set[tuple] = set()
    for entry in chunk:
        doc: Document = pickle.loads(spill.get(entry.place))
        doc.source = entry.source
        tally.add(doc)
        triples = article_triples(doc, officials, _context.timeline, regions)
        articles.append((article_iri(doc), triples))
        merged |= triples
    run = write_run(_context.folder, sorted(writer.statement(*t) for t in merged))
    quads = _temporary(_context.folder, ".nq.")
    Path(quads).write_bytes(nquads(articles, merged))
    return _Rendered(quads, run, {iri.value: v for iri, v in regions.items()}, tally)


def _write_part(task: tuple[list[Run], str | None, str | None, str]) -> int:
    runs, low, high, path = task
    with open(path, "w", encoding="utf-8") as out:
        return write_part(runs, low, high, out)


class _Loader:
    """Loads N-Quads into the store on threads of its own: Oxigraph lets go of the GIL while it loads,
    so the articles go on being rendered meanwhile. Two loads run at once (each writes its own index
    files, then adds them to the store; the quads are a set, so their order does not matter). Batches
    are bounded: the loader's memory grows with what it is given at once."""

    def __init__(self, store: ox.Store):
        self.store = store
        self.batch: list[bytes] = []
        self.size = 0
        self.error: BaseException | None = None
        self.queue: queue.Queue[bytes | None] = queue.Queue(maxsize=_LOADERS)
        self.threads = [
            threading.Thread(target=self._run, name="kg-loader", daemon=True) for _ in range(_LOADERS)
        ]
        for thread in self.threads:
            thread.start()

    def __enter__(self) -> _Loader:
        return self

    def add(self, nquads: bytes) -> None:
        if self.error is not None:
            raise self.error
        self.batch.append(nquads)
        self.size += len(nquads)
        if self.size >= _LOAD_BYTES:
            self.flush()

    def flush(self) -> None:
        """Queue what was added so far for loading (waits while both loaders are busy)."""
        if self.batch:
            self.queue.put(b"".join(self.batch))
            self.batch, self.size = [], 0

    def _run(self) -> None:
        while (data := self.queue.get()) is not None:
            if self.error is None:  # after a failure, drain the queue so that no sender blocks
                try:
                    # lenient: these N-Quads are Oxigraph's own text of terms it had checked
                    self.store.bulk_load(input=data, format=ox.RdfFormat.N_QUADS, lenient=True)
                except BaseException as exc:  # noqa: BLE001 - raised again in the building thread
                    self.error = exc

    def __exit__(self, kind: object, *rest: object) -> None:
        """Waits for the loads to finish; a load's failure is raised here unless another already is."""
        if kind is None:
            self.flush()
        for _ in self.threads:
            self.queue.put(None)
        for thread in self.threads:
            thread.join()
        if kind is None and self.error is not None:
            raise self.error


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
