"""Build benchmark: `kg build` against `jieba.lcut` alone on the same synthesized articles.

    .venv/bin/python benchmarks/bench_build.py --articles 10000 [--jobs 2] [--pairs 3] [--keep DIR]

Articles are synthesized deterministically by recombining sentences of the seeds and
../shared/corpus (nothing is copied into the repository). One run reports: the cold build's wall
time, `jieba.lcut` alone on the same texts, their ratio, MB/s, triples/s, peak RSS, the share of dated
posts and one event per happening (`kg.graph.timeline`, re-run on the build's extractions), the rebuild
with nothing changed, the rebuild after adding 100 articles, `--jobs 2` against `--jobs 1`, and
`kg query` latency for a two-hop query. Ratios are the point: timings vary by machine. A shared
machine's speed drifts by a quarter within the hour here, so the job counts are compared in pairs
run back to back (ABBA) and the median pair is reported, beside what `--jobs` processes of a plain
Python loop gain over one on the same machine at the same time (the ceiling).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
KG = [sys.executable, "-m", "kg"]
TWO_HOP = (
    "SELECT ?name ?title WHERE { ?o a fp:Official ; rdfs:label ?name ; org:holds ?p . "
    '?p fp:title ?title ; fp:jurisdiction ?r . ?r rdfs:label ?rl . FILTER(CONTAINS(STR(?rl), "县")) }'
)


def sentences() -> list[str]:
    files = sorted((ROOT / "seeds").glob("*.txt")) + sorted((SHARED / "corpus").glob("*.txt"))
    found = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        found += [s.strip() for s in re.split(r"(?<=[。！？])|\n", text) if len(s.strip()) >= 12]
    return found


def synthesize(folder: Path, count: int, start: int = 0, seed: int = 20201231) -> int:
    """Write `count` distinct articles (a dateline, then 8–30 sentences); returns bytes written."""
    pool = sentences()
    total = 0
    for i in range(start, start + count):
        rnd = random.Random(seed * 1_000_003 + i)
        day = f"20{rnd.randint(17, 21)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        body = "\n".join(rnd.choice(pool) for _ in range(rnd.randint(8, 30)))
        text = f"{day} 10:00:00 来源:合成新闻网 第{i}号\n{body}\n"
        path = folder / f"{i // 1000:03d}" / f"a{i:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    return total


def run(args: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{done.stderr.strip()}")
    return time.perf_counter() - started, done.stdout


def jieba_alone(folder: Path) -> float:
    """`jieba.lcut` on every article, in a fresh process (dictionary load included, as in a build)."""
    code = (
        "import sys, time, pathlib, jieba\n"
        "jieba.setLogLevel(60)\n"
        "t = time.perf_counter()\n"
        "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.txt')): jieba.lcut(p.read_text(encoding='utf-8'))\n"
        "print(time.perf_counter() - t)\n"
    )
    return float(subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True, text=True,
                                check=True).stdout)  # fmt: skip


def machine_speedup(jobs: int, rounds: int = 3) -> float:
    """How much faster `jobs` processes do `jobs` times a fixed pure-Python loop than one process does
    it once, here and now: the ceiling any build's `--jobs` speed-up can reach on this machine."""
    code = "x = 0\nfor i in range(20_000_000): x += i * i\n"
    ratios = []
    for _ in range(rounds):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        alone = time.perf_counter() - started
        started = time.perf_counter()
        for proc in [subprocess.Popen([sys.executable, "-c", code]) for _ in range(jobs)]:
            proc.wait()
        ratios.append(jobs * alone / (time.perf_counter() - started))
    return statistics.median(ratios)


def timeline_cost(out: Path) -> tuple[float, int]:
    """What dated posts and one event per happening cost a build, re-run here on its cached extractions:
    every article's summary, then the timeline across articles and its triples (the officials, resolved
    before it, are not counted); and how many triples it adds (counts and attested days)."""
    from kg import pickles
    from kg.graph.build import Officials, timeline_triples
    from kg.graph.timeline import Timeline
    from kg.model import stem
    from kg.recognize.gazetteer import load

    outcomes = [pickles.load(path) for path in sorted((out / "cache").rglob("*.pickle"))]
    docs = [(Path(o.path).name, o.doc) for o in outcomes if o is not None and o.data is not None]
    gaz = load()
    started = time.perf_counter()
    summaries = [doc.summary() for _, doc in docs]
    summarized = time.perf_counter() - started
    officials = Officials(gaz)
    for (name, _), summary in zip(docs, summaries, strict=True):
        officials.add(stem(name), summary.officials)
    resolved = officials.resolve()
    started = time.perf_counter()
    timeline = Timeline(gaz)
    for (name, _), summary in zip(docs, summaries, strict=True):
        timeline.add(stem(name), summary, resolved)
    timeline.resolve()
    added = len(timeline_triples(timeline))
    return summarized + time.perf_counter() - started, added


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2, help="job count compared with --jobs 1")
    parser.add_argument("--keep", type=Path, help="work folder to keep (default: a temporary one)")
    parser.add_argument(
        "--pairs", type=int, default=3, help="--jobs 1 and --jobs N builds compared, in pairs"
    )
    opts = parser.parse_args()
    work = opts.keep or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    articles, out = work / "articles", work / "out"
    shutil.rmtree(work / "articles", ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    size = synthesize(articles, opts.articles)
    mb = size / 1e6

    lcut_before = jieba_alone(articles)  # before and after the build: a shared machine's speed drifts
    cold, summary = run([*KG, "build", str(articles), "-o", str(out), "--no-html", "--jobs", "1", "--quiet"])
    rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    triples = int(re.search(r"triples (\d+)", summary).group(1))
    lcut = (lcut_before + jieba_alone(articles)) / 2
    timeline_s, timeline_triples = timeline_cost(out)
    rebuild, _ = run([*KG, "build", str(articles), "-o", str(out), "--no-html", "--jobs", "1", "--quiet"])
    synthesize(articles, 100, start=opts.articles)
    added, _ = run([*KG, "build", str(articles), "-o", str(out), "--no-html", "--jobs", "1", "--quiet"])
    ceiling = machine_speedup(opts.jobs)
    times: dict[int, list[float]] = {1: [], opts.jobs: []}
    outputs = {jobs: work / f"out-jobs{jobs}" for jobs in times}
    for pair in range(opts.pairs):  # ABBA order: a drift in the machine's speed hits both alike
        for jobs in (1, opts.jobs) if pair % 2 == 0 else (opts.jobs, 1):
            shutil.rmtree(outputs[jobs], ignore_errors=True)
            seconds, _ = run(
                [*KG, "build", str(articles), "-o", str(outputs[jobs]), "--no-html", "--jobs", str(jobs),
                 "--no-cache", "--quiet"]
            )  # fmt: skip
            times[jobs].append(seconds)
    speedups = [one / many for one, many in zip(times[1], times[opts.jobs], strict=True)]
    same = (outputs[1] / "graph.ttl").read_bytes() == (outputs[opts.jobs] / "graph.ttl").read_bytes()
    query, _ = run([*KG, "query", TWO_HOP, "-o", str(out), "--format", "csv"])

    rows = {
        "articles": opts.articles,
        "MB": round(mb, 2),
        "cold build s (--jobs 1)": round(cold, 2),
        "jieba.lcut alone s (mean of before and after)": round(lcut, 2),
        "build / jieba.lcut": round(cold / lcut, 2),
        "build MB/s": round(mb / cold, 2),
        "triples": triples,
        "triples/s": round(triples / cold),
        "peak RSS MB": round(rss_mb),
        "dated posts and happenings s (summaries, timeline, its triples)": round(timeline_s, 2),
        "dated posts and happenings / cold build": round(timeline_s / cold, 3),
        "triples they add (counts, attested days)": timeline_triples,
        "rebuild unchanged s": round(rebuild, 2),
        "rebuild / cold": round(rebuild / cold, 3),
        "rebuild after +100 articles s": round(added, 2),
        "--jobs 1 s (no cache, median)": round(statistics.median(times[1]), 2),
        f"--jobs {opts.jobs} s (no cache, median)": round(statistics.median(times[opts.jobs]), 2),
        f"--jobs {opts.jobs} speed-up (median of {opts.pairs} pairs)": round(statistics.median(speedups), 2),
        "speed-up of each pair": ", ".join(f"{x:.2f}" for x in speedups),
        f"this machine's own speed-up, {opts.jobs} processes of plain Python": round(ceiling, 2),
        "same graph.ttl for any job count": same,
        "kg query two-hop s (CLI wall)": round(query, 2),
    }
    width = max(map(len, rows))
    for key, value in rows.items():
        print(f"{key:<{width}}  {value}")
    (work / "bench.json").write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    if not opts.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
