"""`kg`: a thin typer layer over `kg.api`. The only module that prints or exits."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.api import KgError

app = typer.Typer(
    help="Build a knowledge graph of Chinese poverty-alleviation news and query it.\n\n"
    "Example: kg build seeds -o out && kg query 'SELECT ?n WHERE { ?o a fp:Official ; rdfs:label ?n }'",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

Out = Annotated[Path, typer.Option("--out", "-o", help="Build folder.")]


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"kg: error: {message}", err=True)
    raise typer.Exit(code)


@app.command()
def build(
    inputs: Annotated[list[Path], typer.Argument(help="Article files (.txt) or folders, read recursively.")],
    out: Out = Path("out"),
    html: Annotated[bool, typer.Option(help="Also write graph.html.")] = True,
) -> None:
    """Extract articles into OUT/graph.ttl and OUT/graph.html.

    Example: kg build seeds ../shared/corpus -o out
    """
    from kg import api

    try:
        result = api.build(inputs, out, html=html)
    except KgError as exc:
        _fail(str(exc), 2)
    for path, reason in result.skipped:
        typer.echo(f"kg: warning: skipped {path}: {reason}", err=True)
    typer.echo("  ".join(f"{k} {v}" for k, v in result.counts.items()))
    typer.echo(str(result.graph))
    if result.html:
        typer.echo(str(result.html.resolve()))


@app.command()
def query(
    sparql: Annotated[
        str, typer.Argument(help="A SPARQL query, or a .rq file. fp:, schema:, org:, … are predeclared.")
    ],
    out: Out = Path("out"),
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
) -> None:
    """Run SPARQL on the built graph.

    Example: kg query 'SELECT ?name WHERE { ?o a fp:Official ; rdfs:label ?name }' --format csv
    """
    from kg import api

    if fmt not in ("table", "csv", "json"):
        _fail(f"unknown format {fmt!r}: use table, csv or json", 2)
    try:
        result = api.query(sparql, out)
    except KgError as exc:
        _fail(str(exc), 2)
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


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if "\u2e80" <= ch <= "\uffef" else 1 for ch in text)


@app.command("eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Folder of gold JSON files (searched recursively).")],
    out: Out = Path("out"),
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List misses and false hits per article.")
    ] = False,
) -> None:
    """Score the built graph against gold annotations: P/R/F1 per category.

    Example: kg build ../shared/seeds ../shared/corpus -o out && kg eval ../shared/gold -v
    """
    from kg import api

    try:
        report = api.evaluate(gold, out)
    except KgError as exc:
        _fail(str(exc), 2)
    typer.echo(f"{'category':15s} {'P':>6s} {'R':>6s} {'F1':>6s}  gold  pred")
    for name, s in report.scores.items():
        typer.echo(
            f"{name:15s} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}  {s.gold:4d}  {s.predicted:4d}"
        )
    typer.echo(f"macro-F1 {report.macro_f1:.3f}")
    if verbose:
        for doc, category, missing, extra in report.errors:
            typer.echo(f"\n{doc} {category}")
            for item in missing:
                typer.echo(f"  - missing {item}")
            for item in extra:
                typer.echo(f"  + extra   {item}")


def main() -> None:
    app()
