"""The library's front door: one function per CLI command, usable from a notebook.

>>> from kg import api
>>> result = api.build(["seeds"], "out")
>>> api.query("SELECT ?n WHERE { ?o a fp:Official ; rdfs:label ?n }", "out").rows
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.atomic import write_atomic

if TYPE_CHECKING:
    import pyoxigraph
    import rdflib

    from kg.remote import PushResult
    from kg.serve import Endpoint
    from kg.validate import Report

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"
GRAPH_FILE = "graph.ttl"
HTML_FILE = "graph.html"
REPORT_FILE = "report.json"
CACHE_DIR = "cache"
MANIFEST_FILE = "manifest.json"
LOCK_FILE = ".lock"
ONTOLOGY_FILES = [
    ONTOLOGY / "fupin.ttl",
    ONTOLOGY / "programs.ttl",
]  # appended to graph.ttl, loaded into the store
QUERIES = ONTOLOGY / "queries"
SHAPES = ONTOLOGY / "shapes.ttl"
QUERY_PREFIXES = """PREFIX fp: <https://w3id.org/fupin/ontology#>
PREFIX fpid: <https://w3id.org/fupin/id/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
PREFIXES = dict(re.findall(r"PREFIX (\w+): <([^>]+)>", QUERY_PREFIXES))
_SAVED_NAME = re.compile(r"[\w-]+")  # `kg query NAME` runs ontology/queries/NAME.rq


class KgError(Exception):
    """A user-facing failure with a one-line message; `code` is the CLI's exit status."""

    code = 2  # bad usage or input


class NothingBuilt(KgError):
    """Every input was skipped (or there was none)."""

    code = 3


class Locked(KgError):
    """Another build holds the output folder."""

    code = 4


class RemoteError(KgError):
    """A remote endpoint could not be reached, or refused the request."""

    code = 5


@dataclass(slots=True)
class BuildResult:
    out_dir: Path
    graph: Path
    html: Path | None
    counts: dict[str, int]
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)


@dataclass(slots=True)
class QueryResult:
    variables: list[str]
    rows: list[list[str | None]]


@contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold `out_dir/.lock` (flock) while a build writes there; a second build is refused with `Locked`."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(out_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise KgError(f"cannot write to {out_dir}/: {_reason(exc)}") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Locked(f"another build is writing {out_dir}/: try again when it has finished") from None
        for stale in out_dir.glob(".*.tmp"):  # left by a build that was killed
            stale.unlink(missing_ok=True)
        yield
    finally:
        os.close(fd)  # releases the lock


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


@dataclass(slots=True, frozen=True)
class BuildOptions:
    """How a build runs; the graph it writes is the same whatever these are."""

    html: bool = True
    top: int = 300
    jobs: int = 1  # extraction processes
    engine: str = "local"  # or "dask"
    scheduler: str | None = None  # a Dask scheduler address; None starts a local cluster
    cache: bool = True  # reuse extractions of unchanged files (OUT/cache)
    progress: bool = False  # a progress bar on stderr


def build(
    inputs: list[str | Path],
    out: str | Path = "out",
    *,
    warn: Callable[[str, str], None] | None = None,
    **options: object,
) -> BuildResult:
    """Read, extract and write `graph.ttl` (and `graph.html`) into `out`, each file atomically.

    `options` are the fields of `BuildOptions` (html, top, jobs, engine, scheduler, cache, progress).
    A file that cannot be read or processed is skipped, passed to `warn(file, reason)` and listed in
    `report.json`. Raises `NothingBuilt` when no article was built (`out` is then left as it was) and
    `Locked` when another build is writing `out`.
    """
    try:
        opts = BuildOptions(**options)  # type: ignore[arg-type]
    except TypeError as exc:
        raise KgError(str(exc)) from exc
    if opts.engine not in ("local", "dask") or opts.jobs < 1:
        raise KgError(f"bad build options: engine {opts.engine!r}, jobs {opts.jobs} (local|dask, jobs >= 1)")
    out_dir = Path(out)
    with locked(out_dir):
        try:
            return _build(inputs, out_dir, opts, warn=warn)
        except OSError as exc:  # writing the outputs, or an input that vanished while listed
            raise KgError(f"{exc.filename or out_dir}: {_reason(exc)}") from exc


@contextmanager
def _progress(total: int, enabled: bool) -> Iterator[Callable[[str, int], Callable[[], None]] | None]:
    """Rich progress bars on stderr, one per stage of the build, when asked for and stderr is a terminal:
    yields `stage(description, steps)`, which adds a bar and gives the function that advances it."""
    if not enabled or total < 2 or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True, console=None) as bar:

        def stage(description: str, steps: int) -> Callable[[], None]:
            task = bar.add_task(description, total=steps)
            return lambda: bar.advance(task)

        yield stage


def _build(
    inputs: list[str | Path], out_dir: Path, opts: BuildOptions, *, warn: Callable[[str, str], None] | None
) -> BuildResult:
    from kg.engine import Outcome, extract, file_digest, warm
    from kg.merge import merge
    from kg.text.read import iter_sources
    from kg.workers import frozen_heap

    skipped: list[tuple[str, str]] = []

    def skip(path: str, reason: str) -> None:
        skipped.append((path, reason))
        if warn is not None:
            warn(path, reason)

    problems: list[tuple[str, str]] = []
    try:
        sources = iter_sources(inputs, problems)
    except FileNotFoundError as exc:
        raise KgError(str(exc)) from exc
    for path, reason in problems:
        skip(path, reason)
    own = out_dir.resolve()
    ours: dict[Path, bool] = {}  # a folder's files are ours when it resolves to out_dir

    def in_out_dir(folder: Path) -> bool:
        if folder not in ours:
            ours[folder] = folder.resolve() == own
        return ours[folder]

    paths = [str(p) for p in sources if not in_out_dir(p.parent)]
    digests = {path: file_digest(path) for path in paths}  # read once: the manifest's and the cache's key
    inputs_key = _inputs_key(paths, digests, problems, opts)
    previous = _unchanged(out_dir, inputs_key, opts) if opts.cache else None  # --no-cache: build it all again
    if previous is not None:
        return previous
    cache_dir = out_dir / CACHE_DIR if opts.cache else None
    graph_path = out_dir / GRAPH_FILE
    if opts.engine == "local":
        warm()
    with _progress(len(paths), opts.progress) as stage, frozen_heap():
        outcomes = extract(
            paths,
            jobs=opts.jobs,
            engine=opts.engine,
            scheduler=opts.scheduler,
            cache_dir=cache_dir,
            digests=digests,
            tick=stage("extracting", len(paths)) if stage else None,
        )

        def extracted() -> Iterator[Outcome]:
            for outcome in outcomes:
                if outcome.data is None:
                    skip(outcome.path, outcome.reason or "failed")
                else:
                    yield outcome

        counts = merge(extracted(), out_dir, graph_path, ONTOLOGY_FILES, skip, jobs=opts.jobs, progress=stage)
    if counts is None:
        raise NothingBuilt(
            "no article could be built"
            + (f": all {len(skipped)} inputs were skipped" if skipped else ": no .txt or .html files found")
        )
    write_atomic(
        out_dir / REPORT_FILE,
        json.dumps({"skipped": [{"file": f, "reason": r} for f, r in skipped]}, ensure_ascii=False, indent=2)
        + "\n",
    )
    html_path = render(out_dir, top=opts.top).path if opts.html else None
    manifest = {"inputs": inputs_key, "counts": counts, "skipped": skipped}
    write_atomic(out_dir / MANIFEST_FILE, json.dumps(manifest, ensure_ascii=False) + "\n")
    return BuildResult(out_dir, graph_path, html_path, counts, skipped)


def _inputs_key(paths: list[str], digests: dict[str, str | None], problems: list, opts: BuildOptions) -> str:
    """A hash of everything a build's output depends on: the files' bytes, the extractor, the code and
    packages that shape the graph, the options."""
    from kg.engine import extractor_version, shaping_versions

    h = hashlib.sha256(
        f"{extractor_version()}|{shaping_versions()}|{opts.html}|{opts.top}|{problems}".encode()
    )
    for path in paths:
        h.update(f"{path}\0{digests[path]}\0".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _unchanged(out_dir: Path, inputs_key: str, opts: BuildOptions) -> BuildResult | None:
    """The previous build's result when nothing it depends on changed and its outputs are all there."""
    try:
        manifest = json.loads((out_dir / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    from kg.store import STORE_DIR

    outputs = [out_dir / GRAPH_FILE, out_dir / STORE_DIR] + ([out_dir / HTML_FILE] if opts.html else [])
    if manifest.get("inputs") != inputs_key or not all(p.exists() for p in outputs):
        return None
    html = out_dir / HTML_FILE if opts.html else None
    skipped = [tuple(pair) for pair in manifest["skipped"]]
    return BuildResult(out_dir, out_dir / GRAPH_FILE, html, manifest["counts"], skipped)  # type: ignore[arg-type]


def load_store(out: str | Path = "out") -> pyoxigraph.Store:
    """The built graph: the build's on-disk Oxigraph store (OUT/store), opened read-only.

    Its default graph is the merged graph of graph.ttl; what each article asserted is also a named graph,
    named by the article's IRI (query it with `GRAPH ?article { … }`).
    """
    import pyoxigraph as ox

    from kg.store import STORE_DIR

    path = Path(out) / STORE_DIR
    if not path.is_dir():
        raise KgError(f"no graph store in {Path(out)}/: run `kg build INPUT -o {out}` first")
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise KgError(f"cannot open the graph store {path}/: {(str(exc).splitlines() or [''])[0]}") from exc


def graph(out: str | Path = "out") -> rdflib.Graph:
    """The built graph as an rdflib `Graph`, for notebooks: an in-memory copy of the merged graph behind
    oxrdflib, so `g.query(...)` runs on Oxigraph; changes stay in memory."""
    import pyoxigraph as ox
    from oxrdflib import OxigraphStore
    from rdflib import Graph
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    copy = ox.Store()
    copy.bulk_extend(load_store(out).quads_for_pattern(None, None, None, ox.DefaultGraph()))
    # The default graph's identifier: without one, oxrdflib writes into a blank-node graph (oxrdflib#22).
    g = Graph(store=OxigraphStore(store=copy), identifier=DATASET_DEFAULT_GRAPH_ID)
    for prefix, namespace in PREFIXES.items():
        g.bind(prefix, namespace)
    return g


def saved_queries() -> dict[str, str]:
    """The saved queries (ontology/queries/NAME.rq): name → what it answers, from its first comment line."""
    found = {}
    for path in sorted(QUERIES.glob("*.rq"), key=lambda p: p.stem):
        comments = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
        found[path.stem] = comments[0].lstrip("# ").strip() if comments else ""
    return found


def _query_text(sparql: str) -> str:
    """SPARQL given as text, as a path to a .rq file, or as the name of a saved query."""
    candidate = Path(sparql)
    if len(sparql) < 4096 and "\n" not in sparql and candidate.suffix in (".rq", ".sparql"):
        if not candidate.exists():
            raise KgError(f"query file not found: {sparql}")
        try:
            return candidate.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise KgError(f"cannot read query file {sparql}: {exc}") from exc
    if _SAVED_NAME.fullmatch(sparql):
        saved = QUERIES / f"{sparql}.rq"
        if not saved.is_file():
            raise KgError(f"no saved query named {sparql!r}: `kg queries` lists them")
        return saved.read_text(encoding="utf-8")
    return sparql


def query(
    sparql: str, out: str | Path = "out", *, endpoint: str | None = None, timeout: float = 60.0
) -> QueryResult:
    """Run SPARQL (text, a .rq file or a saved query's name) on the built graph, or on the remote SPARQL
    `endpoint` when given (credentials from KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD); the usual prefixes
    are predeclared."""
    import pyoxigraph as ox

    sparql = _query_text(sparql)
    if endpoint:
        from kg import remote

        return QueryResult(*remote.query(endpoint, QUERY_PREFIXES + sparql, timeout=timeout))
    store = load_store(out)
    try:
        result = store.query(QUERY_PREFIXES + sparql)  # on the default graph: the merged graph
    except SyntaxError as exc:
        raise KgError(sparql_error(str(exc), sparql)) from exc
    if isinstance(result, ox.QueryBoolean):
        return QueryResult(["ask"], [["true" if result else "false"]])
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = [[(row[v].value if row[v] is not None else None) for v in variables] for row in result]
        return QueryResult(variables, rows)
    triples = [[t.subject.value, t.predicate.value, t.object.value] for t in result]
    return QueryResult(["subject", "predicate", "object"], triples)


_PARSER_ERROR = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
_CHAR_CLASS = re.compile(r",?\s*(?<!\")\[[^\]]*\]")  # the parser's character ranges: unreadable in a message


_UPDATE = re.compile(
    r"(?:\s+|#[^\n]*|(?:PREFIX\s*[\w.-]*:|BASE)\s*<[^>]*>)*(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)
_PREFIXED_BEFORE = re.compile(r"(?<![\w:])([A-Za-z][\w-]*):([\w.\\/-]*)$")  # a prefixed name up to the error


def sparql_error(message: str, sparql: str) -> str:
    """The parser's message on one line, at its position in `sparql` (the predeclared prefixes not counted).

    An update is refused as such, and a `/` inside a prefixed name gets the two ways to write that IRI."""
    if _UPDATE.match(sparql):
        return "queries are read-only (SELECT, ASK, CONSTRUCT, DESCRIBE): rebuild to change the graph"
    m = _PARSER_ERROR.match(message)
    if m is None:
        return "SPARQL syntax error: " + " ".join(message.split())
    line, column = int(m.group(1)) - QUERY_PREFIXES.count("\n"), int(m.group(2))
    detail = " ".join(_CHAR_CLASS.sub("", m.group(3)).split()).replace("one of ,", "one of").strip(" ,")
    if "Prefix not found" in detail:
        detail = "unknown prefix (predeclared: fp: fpid: org: schema: prov: skos: rdfs: rdf: xsd:)"
    lines = sparql.splitlines()
    near = lines[line - 1][column - 1 : column + 19].strip() if 0 < line <= len(lines) else ""
    return (
        f"SPARQL syntax error at line {line}, column {column}: {detail[:200]}"
        + (f" (at “{near}”)" if near else " (at the end)")
        + (_slash_hint(lines[line - 1], column) if 0 < line <= len(lines) else "")
    )


def _slash_hint(text: str, column: int) -> str:
    """When the error is a `/` inside a prefixed name (fpid:official/王东峰-130000): how to write the IRI."""
    before = _PREFIXED_BEFORE.search(text[: column - 1])
    if text[column - 1 : column] != "/" or before is None or before.group(1) not in PREFIXES:
        return ""
    prefix, local = (
        before.group(1),
        before.group(2) + re.match(r"[^\s;,(){}<>\"]*", text[column - 1 :]).group(0),
    )
    local = local.rstrip(".").replace("\\/", "/")
    escaped = local.replace("/", "\\/")
    return f"; a prefixed name cannot hold “/”: write <{PREFIXES[prefix]}{local}> or {prefix}:{escaped}"


def evaluate(gold: str | Path | Iterable[str | Path], out: str | Path = "out"):
    """Per-category precision/recall/F1 of the built graph against gold JSON files: `gold` is a folder
    (searched recursively), a file, or several of them. Only articles in the build are scored; the
    report's `left_out` lists the other gold files and why."""
    from kg import evaluate as scoring

    paths = [Path(gold)] if isinstance(gold, str | Path) else [Path(g) for g in gold]
    if missing := [str(p) for p in paths if not p.exists()]:
        raise KgError(f"gold not found: {', '.join(missing)}")
    try:
        return scoring.evaluate(load_store(out), paths)
    except (FileNotFoundError, LookupError) as exc:
        raise KgError(str(exc)) from exc


def export(fmt: str, out: str | Path = "out", to: str | Path | None = None, bom: bool = False) -> Path:
    """Write the built graph as `fmt` (`kg.export.FORMATS`) and return where: `to`, by default
    OUT/export/graph.EXT; csv writes a folder of tables (OUT/export/csv), or a zip when `to` ends in .zip,
    each table after a UTF-8 byte-order mark with `bom` (for Excel)."""
    from kg import export as exporting

    default_name = _export_format(fmt, bom)[0]
    target = Path(to) if to else Path(out) / "export" / default_name
    store = load_store(out)
    try:
        if fmt == "csv" and target.suffix != ".zip":
            for name, data in exporting.tables(store, PREFIXES, bom).items():
                write_atomic(target / name, data)
        else:
            write_atomic(target, exporting.render(fmt, store, PREFIXES, bom))
    except OSError as exc:
        raise KgError(f"cannot write {exc.filename or target}: {_reason(exc)}") from exc
    return target


def export_bytes(fmt: str, out: str | Path = "out", bom: bool = False) -> bytes:
    """The built graph as one file of format `fmt`, in memory (csv: a zip of the tables)."""
    from kg import export as exporting

    _export_format(fmt, bom)
    return exporting.render(fmt, load_store(out), PREFIXES, bom)


def _export_format(fmt: str, bom: bool) -> tuple:
    from kg.export import FORMATS

    if fmt not in FORMATS:
        raise KgError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    if bom and fmt != "csv":
        raise KgError(f"a byte-order mark is for csv tables only, not {fmt}")
    return FORMATS[fmt]


PUSH_GRAPH = "https://w3id.org/fupin/id/graph"  # the named graph `kg push` fills unless told otherwise


def push(
    out: str | Path = "out",
    *,
    endpoint: str | None = None,
    update: str | None = None,
    graph: str = PUSH_GRAPH,
    append: bool = False,
    timeout: float = 60.0,
) -> PushResult:
    """Send the merged graph into the named graph `graph` of a remote triple store.

    `endpoint` is a SPARQL 1.1 Graph Store HTTP Protocol URL: the graph is replaced (PUT, then POST
    batches; `append` only POSTs). A server that does not speak the protocol there gets batched SPARQL
    Update (`INSERT DATA`) at `update` (default: the same URL); `update` alone uses SPARQL Update only.
    Credentials come from KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD (digest or basic, as the server asks).
    """
    import pyoxigraph as ox

    from kg import remote

    if not endpoint and not update:
        raise KgError("no endpoint: give a graph store URL (--endpoint) or a SPARQL Update URL (--update)")
    data = load_store(out).dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return remote.push(data, graph, endpoint=endpoint, update=update, replace=not append, timeout=timeout)


def validate(out: str | Path = "out", shapes: str | Path | None = None) -> Report:
    """Check the built graph against SHACL shapes (ontology/shapes.ttl): every violation, readable."""
    from kg import validate as checking
    from kg.store import to_rdflib

    path = Path(shapes) if shapes else SHAPES
    if not path.is_file():
        raise KgError(f"no shapes file at {path}")
    data = to_rdflib(load_store(out))
    for prefix, namespace in PREFIXES.items():
        data.bind(prefix, namespace)
    try:
        return checking.validate(data, path)
    except SyntaxError as exc:
        raise KgError(f"cannot read the shapes {path}: {(str(exc).splitlines() or [''])[0]}") from exc


def serve(
    out: str | Path = "out",
    *,
    bind: str = "127.0.0.1:7878",
    ready: Callable[[Endpoint], None] | None = None,
) -> None:
    """Serve the built graph over the SPARQL 1.1 Protocol (read-only, the Oxigraph server) with a query
    page at /, until SIGINT or SIGTERM. `ready(endpoint)` is called once it answers. It serves the store
    as it was at the start: a build meanwhile shows after a restart. Port 0 in `bind` takes a free one."""
    from kg import serve as serving

    serving.serve(Path(out), bind, ready or (lambda endpoint: None))


@dataclass(slots=True)
class RenderResult:
    path: Path
    drawn: int  # nodes on the page
    total: int  # nodes it could have drawn before bounding to `top`


def render(
    out: str | Path = "out",
    *,
    focus: str | None = None,
    hops: int = 2,
    types: list[str] | None = None,
    top: int = 300,
    to: str | Path | None = None,
) -> RenderResult:
    """Write the interactive page of the built graph: OUT/graph.html, or OUT/graph-<focus>.html (or `to`)
    with the nodes within `hops` links of the nodes named `focus`; at most `top` nodes of the `types`."""
    from kg import viz

    store = load_store(out)
    path = Path(to) if to else Path(out) / viz.page_name(focus, types)
    title = "fupin-kg" + (f" · {focus}（{hops} 跳）" if focus else "")
    try:
        data = viz.render_html(store, path, top=top, types=types, focus=focus, hops=hops, title=title)
    except ValueError as exc:
        raise KgError(str(exc)) from exc
    return RenderResult(path, len(data.nodes), data.total)


def open_page(out: str | Path = "out", page: str | Path | None = None) -> tuple[Path, bool]:
    """Open OUT/graph.html (or `page`) in the browser; the path and whether a browser took it."""
    import webbrowser

    path = Path(page) if page else Path(out) / HTML_FILE
    if not path.is_file():
        raise KgError(f"no page at {path}: run `kg build INPUT -o {out}` or `kg viz` first")
    try:
        opened = webbrowser.open(path.resolve().as_uri())
    except webbrowser.Error:
        opened = False
    return path, opened


_CAREER_EVENTS = """SELECT ?official ?kind ?date ?label ?place ?lead ?reports WHERE {
  VALUES ?official { %s }
  VALUES (?class ?kind) { (fp:Meeting "meeting") (fp:Inspection "inspection") }
  ?event fp:participant ?official ; a ?class ; rdfs:label ?label ; fp:reportCount ?reports .
  FILTER(langMatches(lang(?label), "zh-Hans"))
  OPTIONAL { ?event schema:startDate ?date }
  OPTIONAL { ?event schema:location/rdfs:label ?place . FILTER(langMatches(lang(?place), "zh-Hans")) }
  BIND(EXISTS { ?event fp:lead ?official } AS ?lead)
}"""
CAREER_COLUMNS = ["name", "record", "what", "where", "from", "until", "reports", "note", "official"]


def career(name: str, out: str | Path = "out") -> QueryResult:
    """Every official named `name` (Simplified or Traditional): each post with the days the sources show
    it held (`fp:attestedFrom`–`fp:attestedUntil`) and its report count, then the events they were at, in
    date order. One row per post (record "post") or event (record "event"); `note` says "former" for a
    post only ever given as former, "lead" or "participant" for an event; `official` tells namesakes apart."""
    import pyoxigraph as ox

    from kg.text.metadata import to_simplified

    wanted = to_simplified(name.strip())
    posts = _saved_rows("career", out, f"VALUES ?name {{ {ox.Literal(wanted, language='zh-hans')} }}")
    officials = sorted({row["official"] for row in posts})
    rows: list[list[str | None]] = []
    if not officials:
        return QueryResult(CAREER_COLUMNS, rows)
    events = _rows(_CAREER_EVENTS % " ".join(str(ox.NamedNode(o)) for o in officials), out)
    for official in officials:
        for p in sorted(
            (p for p in posts if p["official"] == official), key=lambda p: _days(p["from"], p["title"])
        ):
            note = "former" if p["former"] == "true" else ""
            rows.append(
                [wanted, "post", p["title"], p["place"], p["from"], p["until"], p["reports"], note, official]
            )
        mine = sorted(
            (e for e in events if e["official"] == official), key=lambda e: _days(e["date"], e["label"])
        )
        for e in mine:
            role = "lead" if e["lead"] == "true" else "participant"
            rows.append(
                [
                    wanted,
                    e["kind"],
                    e["label"],
                    e["place"],
                    e["date"],
                    e["date"],
                    e["reports"],
                    role,
                    official,
                ]
            )
    return QueryResult(CAREER_COLUMNS, rows)


HOLDERS_COLUMNS = ["name", "title", "where", "from", "until", "reports", "official"]


def holders(title: str, region: str, out: str | Path = "out", *, on: str | None = None) -> QueryResult:
    """Who the sources show in the post `title` (the GUIDE's form: 县长, 县委书记) of `region` (its full name
    or short form, 静乐县 or 静乐), with the days they are attested in it. With `on` (YYYY-MM-DD), only the
    holders whose attested days contain that date; when none do, the nearest attestation before and after
    it, the column `on` saying which ("held on", "last seen before", "first seen after")."""
    import datetime as dt

    import pyoxigraph as ox

    from kg.text.metadata import to_simplified

    if on is not None:
        try:
            on = dt.date.fromisoformat(on).isoformat()
        except ValueError:
            raise KgError(f"bad date {on!r}: use YYYY-MM-DD") from None
    keys = _region_keys(to_simplified(region.strip()))
    if not keys:
        raise KgError(f"no region named {region!r} in the gazetteer")
    wanted = ox.Literal(to_simplified(title.strip()))
    found = [
        [r["name"], r["title"], r["place"], r["from"], r["until"], r["reports"], r["official"]]
        for r in _saved_rows("career", out, f"VALUES ?title {{ {wanted} }}")
        if r["region"] in keys and r["former"] != "true"
    ]
    found.sort(key=lambda r: (*_days(r[3], r[0]), r[6]))
    if on is None:
        return QueryResult(HOLDERS_COLUMNS, found)
    dated = [r for r in found if r[3]]
    held = [[*r, "held on " + on] for r in dated if r[3] <= on <= r[4]]
    if not held:
        before = max((r[4] for r in dated if r[4] < on), default=None)
        after = min((r[3] for r in dated if r[3] > on), default=None)
        held = [[*r, "last seen before " + on] for r in dated if r[4] == before]
        held += [[*r, "first seen after " + on] for r in dated if r[3] == after]
    return QueryResult([*HOLDERS_COLUMNS, "on"], held)


def _days(date: str | None, then: str | None) -> tuple:
    """Sort key: dated first, by date (a day without a year after the full dates), then by `then`."""
    return (date is None, (date or "").startswith("--"), date or "", then or "")


def _region_keys(name: str) -> set[str]:
    """The IRIs of the regions a name or short form refers to."""
    from kg.graph.build import region_key_iri
    from kg.recognize.gazetteer import load

    gaz = load()
    keys = {r.key for r in gaz.lookup(name)} | set(gaz.aliases.get(name, ()))
    return {region_key_iri(key, "").value for key in keys}


def _saved_rows(name: str, out: str | Path, values: str) -> list[dict[str, str | None]]:
    """The rows of a saved query for the bindings of a trailing VALUES clause (`values`)."""
    return _rows(_query_text(name) + "\n" + values, out)


def _rows(sparql: str, out: str | Path) -> list[dict[str, str | None]]:
    result = query(sparql, out)
    return [dict(zip(result.variables, row, strict=True)) for row in result.rows]
