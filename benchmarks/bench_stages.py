"""Extraction stage by stage: CPU seconds of each pipeline stage over synthesized articles.

    .venv/bin/python benchmarks/bench_stages.py --articles 1500 [--passes 3]

The articles are those of `bench_build.py` (the same seed, so the same texts). Each stage of
`kg.pipeline.STAGES` is timed on every article in turn (process CPU time, so another program's load
on a shared machine counts less than in a wall-clock timing), with reading the file before and
slimming, pickling and summarizing the document after, as `kg.engine.extract_one` does; the best of
`--passes` passes is printed. Timings are for comparing two versions of the code on one machine.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import tempfile
import time
from pathlib import Path

from bench_build import synthesize

from kg.engine import slim, warm
from kg.pipeline import STAGES
from kg.text.read import read_document


def stage_times(paths: list[Path]) -> dict[str, float]:
    """CPU seconds per step over `paths`, in one pass."""
    times = dict.fromkeys(["read", *(name for name, _ in STAGES), "slim, pickle, summary"], 0.0)
    for path in paths:
        started = time.process_time()
        doc = read_document(path)
        doc.digest = hashlib.sha256(doc.raw.encode("utf-8", "surrogatepass")).hexdigest()
        times["read"] += time.process_time() - started
        for name, stage in STAGES:
            started = time.process_time()
            doc = stage(doc)
            times[name] += time.process_time() - started
        started = time.process_time()
        doc = slim(doc)
        pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL)
        doc.summary()
        times["slim, pickle, summary"] += time.process_time() - started
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1500)
    parser.add_argument("--passes", type=int, default=3, help="passes over the articles; the best is kept")
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-stages-") as work:
        synthesize(Path(work), opts.articles)
        paths = sorted(Path(work).rglob("*.txt"))
        warm()
        best: dict[str, float] = {}
        for _ in range(opts.passes):
            for name, seconds in stage_times(paths).items():
                best[name] = min(best.get(name, seconds), seconds)
    width = max(map(len, best))
    for name, seconds in best.items():
        print(f"{name:<{width}}  {seconds:6.2f}")
    print(f"{'total':<{width}}  {sum(best.values()):6.2f}")


if __name__ == "__main__":
    main()
