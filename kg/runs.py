"""Sorted runs of Turtle statements on disk, and their merge into Turtle in parts.

A render task sorts its chunk's statements (`kg.graph.turtle.Statement`) into a run file, pickled a
block at a time; the run remembers each block's first subject and where it starts. The runs' merge is
graph.ttl's body. Split at subjects (`split_points`), each part reads only its range of every run
(`write_part`), so the parts can be written by several processes and put end to end: the bytes are
those of one merge.
"""

from __future__ import annotations

import heapq
import os
import pickle
import tempfile
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from kg.graph import turtle

_BLOCK = 512  # statements per pickle: a merge reads each run this much at a time


@dataclass(slots=True)
class Run:
    path: str
    firsts: list[str]  # each block's first subject
    offsets: list[int]  # where each block starts in the file


def write_run(folder: Path, statements: list[turtle.Statement]) -> Run:
    """Write sorted `statements` to a new run file in `folder` (named `.run.*.tmp`)."""
    fd, path = tempfile.mkstemp(dir=folder, prefix=".run.", suffix=".tmp")
    run = Run(path, [], [])
    with os.fdopen(fd, "wb") as fh:
        for i in range(0, len(statements), _BLOCK):
            run.firsts.append(statements[i][0])
            run.offsets.append(fh.tell())
            pickle.dump(statements[i : i + _BLOCK], fh, protocol=pickle.HIGHEST_PROTOCOL)
    return run


def read_run(run: Run, low: str | None = None, high: str | None = None) -> Iterator[turtle.Statement]:
    """The run's statements whose subject is in [low, high) (None: unbounded), read a block at a time
    from the last block that starts before `low`."""
    start = max(bisect_left(run.firsts, low) - 1, 0) if low is not None else 0
    with open(run.path, "rb") as fh:
        fh.seek(run.offsets[start] if run.offsets else 0)
        for _ in range(start, len(run.offsets)):
            for row in pickle.load(fh):
                if high is not None and row[0] >= high:
                    return
                if low is None or row[0] >= low:
                    yield row


def split_points(runs: list[Run], parts: int) -> list[str | None]:
    """Bounds of `parts` subject ranges of about as many blocks each: [None, s1, …, None]."""
    firsts = sorted(subject for run in runs for subject in run.firsts)
    pivots = sorted({firsts[len(firsts) * i // parts] for i in range(1, parts)} if firsts else set())
    return [None, *pivots, None]


def write_part(runs: list[Run], low: str | None, high: str | None, out: TextIO) -> int:
    """Merge the runs' statements with subjects in [low, high) into Turtle subject blocks on `out`;
    returns the number of triples written."""
    return turtle.write_subjects(heapq.merge(*(read_run(run, low, high) for run in runs)), out)
