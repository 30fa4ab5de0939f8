"""What the tests of remote endpoints share (the Oxigraph server of `kg serve`, Virtuoso): a saved query
run by `kg query`, on the local build or with `--endpoint`, as rows that compare across stores."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()


def saved_query_rows(name: str, *, out: Path | None = None, endpoint: str | None = None) -> list[tuple]:
    """`kg query NAME -f csv` on `out`, or at `endpoint`: its rows sorted, each cell's GROUP_CONCAT parts
    sorted too (SPARQL leaves both orders open)."""
    where = ["--endpoint", endpoint] if endpoint else ["-o", str(out)]
    result = runner.invoke(app, ["query", name, "-f", "csv", *where])
    assert result.exit_code == 0, result.output
    return sorted(
        tuple(tuple(sorted(re.split(r"[| ]", cell))) for cell in line.split(","))
        for line in result.stdout.splitlines()
    )
