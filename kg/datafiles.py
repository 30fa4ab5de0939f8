"""The vocabularies in `kg/data/`: tab-separated, one header line, `#` lines for comments."""

from __future__ import annotations

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def rows(name: str | Path) -> list[list[str]]:
    """The rows of `kg/data/NAME` (or of the file at a path) below its header line, each cell stripped;
    blank and comment lines left out."""
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        lines = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        found = [[cell.strip() for cell in row] for row in lines if row and row[0].strip()]
    return [row for row in found if not row[0].startswith("#")][1:]
