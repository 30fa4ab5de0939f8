"""`kg`: a thin typer layer over `kg.api`. The only module that prints or exits."""

from __future__ import annotations

import csv
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from kg.api import PUSH_GRAPH, KgError

app = typer.Typer(
    help="Build a knowledge graph of Chinese poverty-alleviation news and query it.\n\n"
    "Example: kg build seeds -o out && kg query 'SELECT ?n WHERE { ?o a fp:Official ; rdfs:label ?n }'\n\n"
    "Exit status: 0 done (a build that skipped some files included); 1 internal error (a bug); "
    "2 bad usage or input (missing file, bad SPARQL, no graph built yet); 3 nothing built (every input "
    "skipped); 4 the output folder is locked by another build; 5 a remote endpoint failed or refused; "
    "6 the graph does not conform to the SHACL shapes (kg validate).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

Out = Annotated[Path, typer.Option("--out", "-o", help="Build folder.")]


def _fail(message: str, code: int = 1) -> None:
    raise typer.Exit(_error(message, code))


@app.command()
def build(
    inputs: Annotated[
        list[Path], typer.Argument(help="Article files (.txt, .html) or folders, searched recursively.")
    ],
    out: Out = Path("out"),
    html: Annotated[bool, typer.Option(help="Also write graph.html.")] = True,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Extraction processes (or Dask workers).")] = 1,
    engine: Annotated[str, typer.Option(help="local, or dask for a Dask distributed job.")] = "local",
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address (tcp://HOST:PORT); default: a local cluster.")
    ] = None,
    cache: Annotated[bool, typer.Option(help="Reuse the extractions of unchanged files (OUT/cache).")] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Extract articles into OUT/graph.ttl, OUT/store and OUT/graph.html.

    Example: kg build seeds ../shared/corpus -o out --jobs 2
    """
    from kg import api

    def warn(path: str, reason: str) -> None:
        typer.echo(f"kg: warning: skipped {path}: {reason}", err=True)

    try:
        result = api.build(
            inputs, out, warn=warn, html=html, jobs=jobs, engine=engine, scheduler=scheduler, cache=cache,
            progress=not quiet,
        )  # fmt: skip
    except KgError as exc:
        _fail(str(exc), exc.code)
    typer.echo("  ".join(f"{k} {v}" for k, v in result.counts.items()))
    typer.echo(str(result.graph))
    if result.html:
        typer.echo(str(result.html.resolve()))


@app.command()
def query(
    sparql: Annotated[
        str,
        typer.Argument(
            help="A SPARQL query, a .rq file, or the NAME of a saved query (`kg queries`). "
            "fp:, schema:, org:, … are predeclared."
        ),
    ],
    out: Out = Path("out"),
    fmt: Format = "table",
    endpoint: Annotated[
        str | None,
        typer.Option(
            help="Query this remote SPARQL endpoint instead (credentials: KG_ENDPOINT_USER, KG_ENDPOINT_PASSWORD)."
        ),
    ] = None,
    timeout: Annotated[float, typer.Option(help="With --endpoint: seconds to wait for an answer.")] = 60.0,
) -> None:
    """Run SPARQL on the built graph (its merged graph; GRAPH ?article { … } reads one article's facts).

    Example: kg query 'SELECT ?name WHERE { ?o a fp:Official ; rdfs:label ?name }' --format csv

    Example: kg query who-met-whom -o out     (a saved query: see kg queries)
    """
    from kg import api

    _check_format(fmt)
    try:
        result = api.query(sparql, out, endpoint=endpoint, timeout=timeout)
    except KgError as exc:
        _fail(str(exc), exc.code)
    _print(result, fmt)


def _print(result, fmt: str) -> None:
    """A `QueryResult` on stdout as an aligned table, csv or json."""
    if fmt == "json":
        rows = [dict(zip(result.variables, row, strict=True)) for row in result.rows]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(result.variables)
        writer.writerows([["" if v is None else v for v in row] for row in result.rows])
    else:
        table = [result.variables, *[["" if v is None else v for v in row] for row in result.rows]]
        widths = [max(_width(str(r[i])) for r in table) for i in range(len(result.variables))]
        for row in table:
            typer.echo(
                "  ".join(
                    str(v) + " " * (w - _width(str(v))) for v, w in zip(row, widths, strict=True)
                ).rstrip()
            )


Format = Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")]


def _check_format(fmt: str) -> None:
    if fmt not in ("table", "csv", "json"):
        _fail(f"unknown format {fmt!r}: use table, csv or json", 2)


@app.command()
def career(
    name: Annotated[str, typer.Argument(help="An official's name (Simplified or Traditional).")],
    out: Out = Path("out"),
    fmt: Format = "table",
) -> None:
    """Each official of that name: every post with the days the sources show it held and its report
    count, then their meetings and inspections in date order (namesakes: one block per official IRI).

    Example: kg career 王昕 -o out --format csv
    """
    from kg import api

    _check_format(fmt)
    try:
        result = api.career(name, out)
    except KgError as exc:
        _fail(str(exc), exc.code)
    if not result.rows:
        _fail(f"no official named {name!r} in {out}/", 2)
    _print(result, fmt)


@app.command()
def holders(
    title: Annotated[
        str, typer.Option("--title", "-t", help="The post as in the GUIDE: 县长, 县委书记, 副市长.")
    ],
    region: Annotated[
        str, typer.Option("--region", "-r", help="The region's name or short form: 静乐县, 静乐.")
    ],
    on: Annotated[
        str | None,
        typer.Option(help="YYYY-MM-DD: who held it that day, else the nearest holders before and after."),
    ] = None,
    out: Out = Path("out"),
    fmt: Format = "table",
) -> None:
    """Who the sources show in a post of a region, with the first and last day each is attested in it.

    Example: kg holders --title 县长 --region 静乐 --on 2019-06-01 -o out
    """
    from kg import api

    _check_format(fmt)
    try:
        result = api.holders(title, region, out, on=on)
    except KgError as exc:
        _fail(str(exc), exc.code)
    _print(result, fmt)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if "\u2e80" <= ch <= "\uffef" else 1 for ch in text)


@app.command()
def queries() -> None:
    """List the saved queries (ontology/queries/NAME.rq) and what each answers; `kg query NAME` runs one.

    Example: kg queries && kg query officials-by-county -o out --format csv
    """
    from kg import api

    saved = api.saved_queries()
    width = max((len(name) for name in saved), default=0)
    for name, about in saved.items():
        typer.echo(f"{name:{width}}  {about}")


@app.command()
def export(
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="turtle, ntriples, nquads, trig, jsonld, rdfxml, graphml, gexf or csv."
        ),
    ],
    out: Out = Path("out"),
    to: Annotated[
        str | None,
        typer.Option(
            help="Write here (- for stdout) instead of OUT/export/graph.EXT; csv writes a folder of tables, "
            "or a zip when the name ends in .zip."
        ),
    ] = None,
    bom: Annotated[
        bool,
        typer.Option(
            "--bom", help="csv: start each table with a UTF-8 byte-order mark, so Excel reads the Chinese."
        ),
    ] = False,
) -> None:
    """Write the built graph in another format and print where it went.

    TriG and N-Quads: the merged graph and one named graph per article (named by the article's IRI).

    GraphML and GEXF open in Gephi (type and label as node attributes, the property as edge kind).

    csv: officials, posts, events and participation tables (UTF-8; --bom for Excel).

    Example: kg export -f trig -o out --to graph.trig
    """
    from kg import api

    try:
        if to == "-":
            sys.stdout.buffer.write(api.export_bytes(fmt, out, bom))
            return
        path = api.export(fmt, out, to, bom)
    except KgError as exc:
        _fail(str(exc), exc.code)
    typer.echo(str(path))


@app.command()
def push(
    endpoint: Annotated[
        str | None,
        typer.Option(
            help="Graph Store HTTP Protocol URL, e.g. Virtuoso http://HOST:8890/sparql-graph-crud-auth, "
            "Fuseki http://HOST:3030/DATASET/data, Oxigraph http://HOST:7878/store."
        ),
    ] = None,
    graph: Annotated[str, typer.Option(help="The named graph to fill (replaced unless --append).")] = (
        PUSH_GRAPH
    ),
    update: Annotated[
        str | None,
        typer.Option(
            help="SPARQL Update URL, used when --endpoint does not take the Graph Store Protocol "
            "(default: --endpoint); given alone, only SPARQL Update is used (Virtuoso: …/sparql-auth)."
        ),
    ] = None,
    append: Annotated[bool, typer.Option(help="Add to the graph instead of replacing it.")] = False,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for each answer.")] = 60.0,
    out: Out = Path("out"),
) -> None:
    """Send the built graph (the merged graph) into a named graph of a remote triple store.

    Credentials: KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD (digest or basic auth), never printed.

    Example: KG_ENDPOINT_USER=dba KG_ENDPOINT_PASSWORD=dba kg push --endpoint http://localhost:8890/sparql-graph-crud-auth
    """
    from kg import api

    try:
        result = api.push(out, endpoint=endpoint, update=update, graph=graph, append=append, timeout=timeout)
    except KgError as exc:
        _fail(str(exc), exc.code)
    requests = f"{result.requests} request" + ("s" if result.requests != 1 else "")
    typer.echo(f"pushed {result.triples} triples into <{result.graph}> by {result.protocol} ({requests})")


@app.command()
def serve(
    out: Out = Path("out"),
    bind: Annotated[
        str,
        typer.Option(help="HOST:PORT to listen on; another host than loopback lets others query the graph."),
    ] = "127.0.0.1:7878",
) -> None:
    """Serve the built graph as a read-only SPARQL endpoint (HOST:PORT/query) with a query page at /.

    Runs in the foreground until Ctrl-C or SIGTERM; serves the store as it was at the start (restart it
    after a build).

    Example: kg serve -o out --bind 127.0.0.1:7878
    """
    from kg import api
    from kg.serve import example

    def ready(endpoint) -> None:
        typer.echo(
            f"SPARQL endpoint {endpoint.query}  (read-only, Oxigraph {endpoint.server_version}; "
            f"query page {endpoint.page})"
        )
        typer.echo(example(endpoint))
        if endpoint.exposed:
            typer.echo(
                f"kg: warning: {endpoint.page} (--bind {bind}) is reachable beyond this machine: "
                "anyone who can reach it can read the whole graph",
                err=True,
            )
        typer.echo("Ctrl-C stops it.")

    try:
        api.serve(out, bind=bind, ready=ready)
    except KgError as exc:
        _fail(str(exc), exc.code)
    typer.echo("kg: server stopped", err=True)


@app.command()
def validate(
    out: Out = Path("out"),
    shapes: Annotated[Path | None, typer.Option(help="SHACL shapes (default ontology/shapes.ttl).")] = None,
) -> None:
    """Check the built graph against SHACL shapes: one line per violation, exit status 6 if any.

    Example: kg validate -o out
    """
    from kg import api

    try:
        report = api.validate(out, shapes)
    except KgError as exc:
        _fail(str(exc), exc.code)
    for violation in report.violations:
        typer.echo(str(violation))
    if not report.conforms:
        _fail(f"the graph does not conform: {len(report.violations)} violations of {shapes or api.SHAPES}", 6)
    typer.echo(f"conforms to {shapes or api.SHAPES}")


@app.command("eval")
def evaluate(
    gold: Annotated[
        list[Path], typer.Argument(help="Gold JSON files, or folders of them (searched recursively).")
    ],
    out: Out = Path("out"),
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="Errors by category and kind (missed, false, wrong boundary or jurisdiction).",
        ),
    ] = False,
) -> None:
    """Score the built graph against gold annotations: P/R/F1 per category, over the articles built.

    Example: kg build ../shared/seeds ../shared/corpus -o out && kg eval ../shared/gold/seeds ../shared/gold/corpus -v
    """
    from kg import api
    from kg.evaluate import KINDS

    try:
        report = api.evaluate(gold, out)
    except KgError as exc:
        _fail(str(exc), 2)
    typer.echo(f"{'category':15s} {'P':>6s} {'R':>6s} {'F1':>6s}  gold  pred")
    for name, s in report.scores.items():
        typer.echo(
            f"{name:15s} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}  {s.gold:4d}  {s.predicted:4d}"
        )
    typer.echo(f"macro-F1 {report.macro_f1:.3f} over {len(report.scored)} articles")
    if report.left_out:
        reasons = Counter(why for _, why, _ in report.left_out)
        why = "; ".join(f"{reason}: {n}" for reason, n in sorted(reasons.items()))
        typer.echo(f"left out {len(report.left_out)} gold files: {why}")
    if not verbose:
        return
    for path, why, detail in report.left_out:
        typer.echo(f"  left out {path}: {why} ({detail})")
    kinds = report.by_kind()
    typer.echo(f"\n{'errors':15s}" + "".join(f"  {k}" for k in KINDS))
    for category, found in kinds.items():
        typer.echo(f"{category:15s}" + "".join(f"  {len(found[k]):{len(k)}d}" for k in KINDS))
    for category, found in kinds.items():
        for kind, errors in found.items():
            if errors:
                typer.echo(f"\n{category}: {kind} ({len(errors)})")
            for doc, wanted, got in errors:
                typer.echo(f"  {doc}  " + " → ".join(_item(x) for x in (wanted, got) if x is not None))


def _item(item: object) -> str:
    return " | ".join(map(str, item)) if isinstance(item, tuple) else str(item)


@app.command()
def viz(
    out: Out = Path("out"),
    focus: Annotated[
        str | None, typer.Option(help="Centre the page on the nodes with this name (any script or alias).")
    ] = None,
    hops: Annotated[int, typer.Option(help="With --focus: how many links away to go.")] = 2,
    types: Annotated[
        str | None,
        typer.Option(
            "--type", help="Node types to draw, comma-separated (Official,County,Meeting,Article,…)."
        ),
    ] = None,
    top: Annotated[int, typer.Option(help="At most this many nodes: the most connected (or nearest).")] = 300,
    to: Annotated[Path | None, typer.Option(help="Write here instead of OUT/graph[-FOCUS].html.")] = None,
) -> None:
    """Write an interactive page of the built graph and print its path.

    Example: kg viz -o out --focus 王昕 --hops 2 --type Official,County,Inspection --top 200
    """
    from kg import api

    kinds = [t.strip() for t in types.split(",") if t.strip()] if types else None
    try:
        result = api.render(out, focus=focus, hops=hops, types=kinds, top=top, to=to)
    except KgError as exc:
        _fail(str(exc), exc.code)
    typer.echo(f"nodes {result.drawn} of {result.total}")
    typer.echo(str(result.path.resolve()))


@app.command("open")
def open_page(
    page: Annotated[
        Path | None, typer.Argument(help="A page written by kg viz; default OUT/graph.html.")
    ] = None,
    out: Out = Path("out"),
) -> None:
    """Open the graph page in the web browser and print its path.

    Example: kg open -o out     (or: kg open out/graph-王昕.html)
    """
    from kg import api

    try:
        path, opened = api.open_page(out, page)
    except KgError as exc:
        _fail(str(exc), exc.code)
    typer.echo(str(path.resolve()))
    if not opened:
        typer.echo("kg: no web browser found: open the file above yourself", err=True)


def main() -> None:
    """The `kg` command: every failure is one line on stderr and an exit status listed in `kg --help`."""
    try:
        status = app(standalone_mode=False)
    except KgError as exc:
        status = _error(str(exc), exc.code)
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):  # a usage error, from click
            ctx = getattr(exc, "ctx", None)
            if type(exc).__name__ == "NoArgsIsHelpError":
                typer.echo(exc.format_message(), err=True)
                sys.exit(exc.exit_code)
            hint = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
            status = _error(exc.format_message().replace("\n", " ") + hint, exc.exit_code)
        elif os.environ.get("KG_DEBUG"):
            raise
        elif isinstance(exc, ModuleNotFoundError) and exc.name and exc.name.split(".")[0] != "kg":
            # an environment made before a dependency was added (an old .venv): not a bug of kg's
            status = _error(
                f"the package providing `{exc.name}` is not installed here: reinstall the dependencies "
                "(`make install`, or `pip install -r requirements.lock`)",
                1,
            )
        else:
            message = (str(exc).splitlines() or [""])[0]
            status = _error(f"internal error: {type(exc).__name__}: {message} (KG_DEBUG=1 shows where)", 1)
    sys.exit(status or 0)


def _error(message: str, code: int) -> int:
    typer.echo(f"kg: error: {message}", err=True)
    return code
