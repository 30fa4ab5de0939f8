"""Per-article extraction at scale: a content-hash cache, a process pool or a Dask cluster.

Each file is extracted on its own (`extract_one`): read, run the pipeline, keep only what the graph
needs (`slim`). Results come back in input order whatever the engine or job count, so the merge
that follows is deterministic. A result is cached under the hash of the file's bytes and of the
extractor's own code, so a rebuild re-extracts only new or changed files. The document is pickled
once, where it is extracted: cached, sent between processes and parked by the merge as those bytes.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg import pickles
from kg.model import Document, Sentence, Summary

ROOT = Path(__file__).resolve().parent
# The code and data whose change invalidates cached extractions.
_EXTRACTOR = (
    "engine.py",
    "model.py",
    "pipeline.py",
    "text",
    "recognize",
    "extract",
    "data",  # the vocabularies the recognizers read (titles, event words, region words)
    "../ontology/programs.ttl",
)


_MAX_CHUNKSIZE = 32  # files per message between the parent and a worker


@dataclass(slots=True)
class Outcome:
    """One file's extraction: the slimmed document, pickled (None when the file was skipped, with why)."""

    path: str
    data: bytes | None
    reason: str | None = None
    digest: str = ""  # the document's `digest`
    summary: Summary | None = None  # the document's `summary()`

    @property
    def doc(self) -> Document | None:
        if self.data is None:
            return None
        doc = pickle.loads(self.data)
        doc.source, doc.path = Path(self.path).name, self.path
        return doc


# The packages whose data or behaviour shape the graph: the gazetteer, the word list, the Traditional
# forms and the store (a build records their versions, `shaping_versions`).
SHAPING_PACKAGES = ("jionlp", "jieba", "opencc", "pyoxigraph")


@cache
def code_digest() -> str:
    """A hash of this package's code and data and of the ontology: the same for the same checkout on any
    machine (names and bytes only, no paths or times)."""
    files = [*ROOT.rglob("*.py"), *(ROOT / "data").glob("*"), *(ROOT.parent / "ontology").glob("*.ttl")]
    h = hashlib.sha256()
    for path in sorted(files, key=lambda p: p.relative_to(ROOT.parent).as_posix()):
        h.update(path.relative_to(ROOT.parent).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:12]


def shaping_versions() -> dict[str, str]:
    """Package → version for kg itself (its release, + the code digest) and the `SHAPING_PACKAGES`."""
    from importlib.metadata import version

    return {"fupin-kg": f"{version('fupin-kg')}+{code_digest()}"} | {
        name: version(name) for name in SHAPING_PACKAGES
    }


@cache
def extractor_version() -> str:
    """A hash of the extractor's source and data files (and the gazetteer's): the cache's namespace."""
    from kg.recognize.gazetteer import source_signature

    h = hashlib.sha256(source_signature().encode())
    for entry in _EXTRACTOR:
        base = (ROOT / entry).resolve()
        files = sorted(p for p in base.rglob("*") if p.suffix in (".py", ".tsv")) if base.is_dir() else [base]
        for path in files:
            h.update(path.relative_to(ROOT.parent).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def slim(doc: Document) -> Document:
    """Drop the texts, keep the facts and the sentences they cite (memory stays small at scale)."""
    used = sorted({post.sentence for p in doc.people for post in p.posts} | {e.sentence for e in doc.events})
    index = {old: new for new, old in enumerate(used)}
    posts = {id(post): post for p in doc.people for post in p.posts}  # a shared title's post is one object
    for post in posts.values():
        post.sentence = index[post.sentence]
    for person in doc.people:
        written = doc.original[person.first : person.first + len(person.name)]
        if doc.traditional and written != person.name:
            person.written = written
    for event in doc.events:
        event.sentence = index[event.sentence]
    doc.sentences = [Sentence(0, 0, doc.sentences[i].text) for i in used]
    doc.raw = doc.original = doc.text = ""
    return doc


def file_digest(path: str) -> str | None:
    """The sha256 of a file's bytes (the cache key), or None when it cannot be read."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None  # read_document says why, in the words of every other skipped file


def extract_one(
    path: str,
    cache_dir: str | None = None,
    digest: str | None = None,
    save: Callable[[Path, object], None] = pickles.save,
) -> Outcome:
    """Read and extract one file (the unit of work for every engine); `digest` is its
    `file_digest` when the caller has it already; `save` writes the cache entry."""
    from kg.pipeline import StageError, process
    from kg.text.read import read_document

    key = digest or (file_digest(path) if cache_dir is not None else None)
    cached = _cache_file(cache_dir, key) if key else None
    hit = pickles.load(cached) if cached is not None else None
    if isinstance(hit, Outcome):
        hit.path = path
        return hit
    try:
        doc = read_document(Path(path))
        doc.digest = hashlib.sha256(doc.raw.encode("utf-8", "surrogatepass")).hexdigest()
        doc = slim(process(doc))
        data = pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL)
        outcome = Outcome(path, data, None, doc.digest, doc.summary())
    except (ValueError, OSError, StageError) as exc:
        outcome = Outcome(path, None, (str(exc).splitlines() or [type(exc).__name__])[0])
    if cached is not None:
        save(cached, outcome)
    return outcome


def _cache_file(cache_dir: str | None, key: str) -> Path | None:
    if cache_dir is None:
        return None
    return Path(cache_dir) / extractor_version() / key[:2] / f"{key}.pickle"


def warm() -> None:
    """Load the gazetteer and word lists now: before workers fork (they share the pages), or before the
    heap is frozen (`kg.workers.frozen_heap`)."""
    from kg.recognize.gazetteer import load, variant_folding
    from kg.recognize.lexicon import common_words, jieba_words

    load().villages_of("")  # builds the reverse index too
    load().townships_of("")  # and the townships by county
    variant_folding()
    jieba_words()
    common_words()


def extract(
    paths: list[str],
    *,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    cache_dir: Path | None = None,
    digests: dict[str, str | None] | None = None,
    tick: Callable[[], None] | None = None,
) -> Iterator[Outcome]:
    """Outcomes for `paths`, in their order, extracted by `jobs` processes or a Dask cluster."""
    cache_arg = str(cache_dir) if cache_dir is not None else None
    keys = [(digests or {}).get(p) for p in paths]
    if engine == "dask":
        yield from _dask(paths, keys, jobs, scheduler, cache_arg, tick)
        return
    if jobs <= 1 or len(paths) < 2:
        with pickles.BackgroundSaver() as saver:
            for path, key in zip(paths, keys, strict=True):
                yield extract_one(path, cache_arg, key, saver.save)
                if tick:
                    tick()
        return
    from kg.workers import fork_pool

    warm()
    # Few, larger messages: while a result waits in its pipe, multiprocessing's pool checks on its
    # workers in a busy loop (2.1 CPU-seconds of the parent's for 2,500 messages, 0.24 for 313).
    chunksize = max(1, min(_MAX_CHUNKSIZE, len(paths) // (jobs * 8)))
    with fork_pool(jobs) as pool:
        for outcome in pool.imap(
            _extract_cached,
            [(p, cache_arg, k) for p, k in zip(paths, keys, strict=True)],
            chunksize=chunksize,
        ):
            yield outcome
            if tick:
                tick()


def _extract_cached(args: tuple[str, str | None, str | None]) -> Outcome:
    return extract_one(*args)


def _dask(
    paths: list[str],
    keys: list[str | None],
    jobs: int,
    scheduler: str | None,
    cache_dir: str | None,
    tick: Callable[[], None] | None,
) -> Iterator[Outcome]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise RuntimeError("the dask engine needs `pip install 'fupin-kg[dask]'`") from exc
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(
            n_workers=max(jobs, 1), threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        futures = client.map(extract_one, paths, [cache_dir] * len(paths), keys, pure=False)
        for future in futures:  # in input order
            yield future.result()
            if tick:
                tick()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
