"""The library's front door: one function per CLI command, usable from a notebook.

>>> from kg import api
>>> result = api.build(["seeds"], "out")
>>> api.query("SELECT ?n WHERE { ?o a fp:Official ; rdfs:label ?n }", "out").rows
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"
GRAPH_FILE = "graph.ttl"
HTML_FILE = "graph.html"
REPORT_FILE = "report.json"
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


class KgError(Exception):
    """A user-facing failure with a one-line message."""


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


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build(
    inputs: list[str | Path], out: str | Path = "out", *, html: bool = True, top: int = 300
) -> BuildResult:
    """Read, extract and write `graph.ttl` (and `graph.html`) into `out`."""
    from rdflib import Graph

    from kg.graph import turtle
    from kg.graph.build import PREFIXES, build_triples
    from kg.pipeline import StageError, process
    from kg.text.read import iter_sources, read_document

    out_dir = Path(out)
    try:
        sources = iter_sources(inputs)
    except FileNotFoundError as exc:
        raise KgError(str(exc)) from exc
    docs, skipped = [], []
    for path in sources:
        try:
            docs.append(process(read_document(path)))
        except (ValueError, OSError, StageError) as exc:
            skipped.append((str(path), str(exc).splitlines()[0]))
    if not docs:
        raise KgError(
            "no article could be built"
            + (f" ({len(skipped)} skipped, see {out_dir / REPORT_FILE})" if skipped else "")
        )
    triples = build_triples(docs)
    ontology = "".join(
        "\n" + (ONTOLOGY / name).read_text(encoding="utf-8") for name in ("fupin.ttl", "programs.ttl")
    )
    graph_path = out_dir / GRAPH_FILE
    write_atomic(graph_path, turtle.serialize(triples, PREFIXES) + ontology)
    write_atomic(
        out_dir / REPORT_FILE,
        json.dumps({"skipped": [{"file": f, "reason": r} for f, r in skipped]}, ensure_ascii=False, indent=2)
        + "\n",
    )
    html_path = None
    if html:
        from kg.viz import render_html

        html_path = out_dir / HTML_FILE
        render_html(Graph().parse(graph_path, format="turtle"), html_path, top=top)
    counts = {
        "articles": len(docs),
        "officials": len({p.name for d in docs for p in d.people if p.official}),
        "regions": len({m.region.key for d in docs for m in d.regions if m.named}),
        "programmes": len({p for d in docs for p in d.programs}),
        "events": sum(len(d.events) for d in docs),
        "triples": len(triples),
    }
    return BuildResult(out_dir, graph_path, html_path, counts, skipped)


def load_store(out: str | Path = "out"):
    """The built graph as an in-memory Oxigraph store."""
    import pyoxigraph as ox

    path = Path(out) / GRAPH_FILE
    if not path.exists():
        raise KgError(f"no graph in {Path(out)}/: run `kg build INPUT -o {out}` first")
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    return store


def query(sparql: str, out: str | Path = "out") -> QueryResult:
    """Run SPARQL (text or a path to a .rq file) on the built graph; the usual prefixes are predeclared."""
    import pyoxigraph as ox

    candidate = Path(sparql)
    if len(sparql) < 4096 and "\n" not in sparql and candidate.suffix in (".rq", ".sparql"):
        if not candidate.exists():
            raise KgError(f"query file not found: {sparql}")
        sparql = candidate.read_text(encoding="utf-8")
    store = load_store(out)
    try:
        result = store.query(QUERY_PREFIXES + sparql, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise KgError(f"SPARQL syntax error: {str(exc).splitlines()[0]}") from exc
    if isinstance(result, bool):
        return QueryResult(["ask"], [["true" if result else "false"]])
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = [[(row[v].value if row[v] is not None else None) for v in variables] for row in result]
        return QueryResult(variables, rows)
    triples = [[t.subject.value, t.predicate.value, t.object.value] for t in result]
    return QueryResult(["subject", "predicate", "object"], triples)


def evaluate(gold_dir: str | Path, out: str | Path = "out"):
    """Per-category precision/recall/F1 of the built graph against gold JSON files."""
    from kg import evaluate as scoring

    gold = Path(gold_dir)
    if not gold.is_dir():
        raise KgError(f"gold directory not found: {gold}")
    try:
        return scoring.evaluate(load_store(out), gold)
    except FileNotFoundError as exc:
        raise KgError(str(exc)) from exc
