"""Parallel, distributed and incremental builds give the graph a plain build gives."""

import shutil
from pathlib import Path

import pytest

from kg import api, pickles
from kg.engine import extract_one, extractor_version

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def plain(tmp_path_factory) -> bytes:
    out = tmp_path_factory.mktemp("plain")
    api.build([SEEDS], out, html=False, cache=False)
    return (out / "graph.ttl").read_bytes()


def test_two_jobs_give_the_same_graph(plain, tmp_path):
    api.build([SEEDS], tmp_path, html=False, jobs=2, cache=False)
    assert (tmp_path / "graph.ttl").read_bytes() == plain


def test_dask_local_cluster_gives_the_same_graph(plain, tmp_path):
    pytest.importorskip("dask.distributed")
    api.build([SEEDS], tmp_path, html=False, engine="dask", jobs=2, cache=False)
    assert (tmp_path / "graph.ttl").read_bytes() == plain


def test_rebuild_reuses_unchanged_extractions_and_adds_new_ones(plain, tmp_path):
    articles = tmp_path / "in"
    shutil.copytree(SEEDS, articles)
    out = tmp_path / "out"
    api.build([articles], out, html=False)
    cached = sorted((out / "cache" / extractor_version()).rglob("*.pickle"))
    assert len(cached) == 5
    stamps = {p: p.stat().st_mtime_ns for p in cached}
    assert (out / "graph.ttl").read_bytes() == plain

    result = api.build([articles], out, html=False)  # nothing changed: the previous build stands
    assert result.counts["articles"] == 5

    (articles / "new.txt").write_text("3月2日,县委书记张明远到静乐县调研。", encoding="utf-8")
    result = api.build([articles], out, html=False)
    assert result.counts["articles"] == 6
    after = sorted((out / "cache" / extractor_version()).rglob("*.pickle"))
    assert len(after) == 6
    assert all(p.stat().st_mtime_ns == stamps[p] for p in cached)  # the five were not extracted again


def test_a_cached_extraction_is_the_fresh_one(tmp_path):
    path = str(SEEDS / "000_a717ad774b98aab9.txt")
    fresh = extract_one(path, None).doc
    extract_one(path, str(tmp_path))
    cached = extract_one(path, str(tmp_path)).doc
    assert cached is not None and fresh is not None
    assert [p.name for p in cached.people] == [p.name for p in fresh.people]
    assert [(e.kind, e.date, e.location) for e in cached.events] == [
        (e.kind, e.date, e.location) for e in fresh.events
    ]
    assert cached.raw == "" and cached.sentences[0].text  # texts dropped, evidence kept


def test_background_saver_has_written_every_entry_when_its_block_ends(tmp_path):
    entries = {tmp_path / f"{i % 7}" / f"{i}.pickle": {"n": i} for i in range(600)}  # more than it queues
    with pickles.BackgroundSaver() as saver:
        for path, obj in entries.items():
            saver.save(path, obj)
            obj["n"] = -1  # pickled when handed over: later changes are not written
    assert all(pickles.load(path) == {"n": int(path.stem)} for path in entries)
    assert not list(tmp_path.rglob("*.tmp"))
    (tmp_path / "file").write_text("")
    with pickles.BackgroundSaver() as saver:
        saver.save(tmp_path / "file" / "x.pickle", 1)  # no folder can be made there: only time is lost


def test_bad_options_are_one_line_errors(tmp_path):
    with pytest.raises(api.KgError):
        api.build([SEEDS], tmp_path, engine="spark")
    with pytest.raises(api.KgError):
        api.build([SEEDS], tmp_path, jobs=0)
