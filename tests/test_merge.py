"""The merge: chunks rendered by any number of processes give the same graph and store, in files that
never outlive the build."""

import multiprocessing
import os
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import api, merge
from kg.engine import extract
from kg.pickles import Spill

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
INPUTS = [ROOT / "seeds"] + ([SHARED / "corpus"] if (SHARED / "corpus").is_dir() else [])


def ground_quads(out: Path) -> set:
    """The store's quads without blank nodes (the ontology's, whose labels differ between loads)."""
    return {
        (q.subject, q.predicate, q.object, q.graph_name)
        for q in api.load_store(out)
        if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)
    }


@pytest.fixture(scope="module")
def one_chunk(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("one")
    api.build(INPUTS, out, html=False, cache=False)
    return out


def test_small_chunks_in_two_processes_give_the_same_graph_and_store(one_chunk, tmp_path, monkeypatch):
    monkeypatch.setattr(merge, "CHUNK", 2)  # many chunks, so the render pool runs
    monkeypatch.setattr(merge, "_LOAD_BYTES", 1 << 14)  # many loads, on the loader thread
    api.build(INPUTS, tmp_path, html=False, jobs=2, cache=False)
    assert (tmp_path / "graph.ttl").read_bytes() == (one_chunk / "graph.ttl").read_bytes()
    assert ground_quads(tmp_path) == ground_quads(one_chunk)
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_each_article_is_a_named_graph_and_the_default_graph_is_their_union(one_chunk):
    store = api.load_store(one_chunk)
    articles = {
        q.subject
        for q in store.quads_for_pattern(
            None,
            ox.NamedNode(api.PREFIXES["rdf"] + "type"),
            ox.NamedNode(api.PREFIXES["fp"] + "Article"),
            ox.DefaultGraph(),
        )
    }
    named = {q.graph_name for q in store if not isinstance(q.graph_name, ox.DefaultGraph)}
    assert named == articles
    default = {
        (q.subject, q.predicate, q.object)
        for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    }
    asserted = {(q.subject, q.predicate, q.object) for q in store if q.graph_name in named}
    assert asserted <= default


def test_a_failed_load_fails_the_build_and_keeps_no_part(tmp_path, monkeypatch):
    monkeypatch.setattr(merge, "nquads", lambda articles, merged: b"<not> N-Quads\n")
    with pytest.raises(SyntaxError):
        api.build([ROOT / "seeds"], tmp_path, html=False, cache=False)
    assert not (tmp_path / "store").exists()
    assert not (tmp_path / "graph.ttl").exists()  # no graph without its store
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith((".tmp", ".part"))]


def _read_in_child(spill: Spill, place: tuple[int, int], answer) -> None:
    answer.put(spill.get(place))


def test_a_spill_gives_back_what_was_put_also_to_forked_processes(tmp_path):
    with Spill(tmp_path) as spill:
        places = [spill.put(("扶贫" * n).encode()) for n in range(50)]
        assert not list(tmp_path.iterdir())  # unlinked at once: nothing to clean up after a crash
        assert spill.get(places[7]) == ("扶贫" * 7).encode()
        context = multiprocessing.get_context("fork")
        answer = context.Queue()
        child = context.Process(target=_read_in_child, args=(spill, places[42], answer))
        child.start()
        assert answer.get(timeout=30) == ("扶贫" * 42).encode()
        child.join()
        assert spill.get(places[0]) == b""
    assert os.listdir(tmp_path) == []


def test_the_merge_reports_each_stage_and_step(tmp_path, monkeypatch):
    monkeypatch.setattr(merge, "CHUNK", 2)
    seeds = sorted(str(p) for p in (ROOT / "seeds").glob("*.txt"))
    stages: dict[str, list[int]] = {}

    def progress(stage: str, steps: int):
        stages[stage] = [0, steps]

        def advance() -> None:
            stages[stage][0] += 1

        return advance

    outcomes = list(extract(seeds))
    ontology = api.ONTOLOGY_FILES
    merge.merge(outcomes, tmp_path, tmp_path / "graph.ttl", ontology, print, jobs=2, progress=progress)
    assert stages == {"rendering and loading": [3, 3], "writing graph.ttl": [2, 2]}
