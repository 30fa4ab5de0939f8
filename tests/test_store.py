"""The on-disk store a build writes: what it holds, how it is swapped in, and the rdflib view of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic

from kg import api
from kg.store import STORE_DIR
from tests.rdfterms import comparable, ground

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
OFFICIAL = "https://w3id.org/fupin/id/official/习近平-100000"  # named in four seed articles


def turtle_store(out: Path) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(out / api.GRAPH_FILE), format=ox.RdfFormat.TURTLE)
    return store


def default_quads(store: ox.Store) -> set:
    """The default graph's quads; blank nodes (the ontology has one) as None, since loads label them anew."""
    blank = ox.BlankNode

    def term(t):
        return None if isinstance(t, blank) else t

    return {
        (term(q.subject), q.predicate, term(q.object))
        for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    }


def test_the_default_graph_is_graph_ttl_and_queries_answer_as_on_turtle(seed_build):
    store = api.load_store(seed_build)
    assert default_quads(store) == default_quads(turtle_store(seed_build))
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert api.query(count, seed_build).rows == [[str(len(turtle_store(seed_build)))]]
    sparql = "SELECT ?name ?title WHERE { ?o a fp:Official ; rdfs:label ?name ; org:holds/fp:title ?title }"
    expected = turtle_store(seed_build).query(api.QUERY_PREFIXES + sparql)
    rows = {tuple(t.value for t in row) for row in expected}
    assert rows and set(map(tuple, api.query(sparql, seed_build).rows)) == rows


def test_each_article_is_a_named_graph_with_the_shared_official_iris(seed_build):
    store = api.load_store(seed_build)
    articles = {row[0] for row in api.query("SELECT ?a WHERE { ?a a fp:Article }", seed_build).rows}
    assert {g.value for g in store.named_graphs()} == articles and len(articles) == 5
    merged = default_quads(store)
    holding = set()
    for graph in store.named_graphs():
        quads = list(store.quads_for_pattern(None, None, None, graph))
        assert quads
        assert {(q.subject, q.predicate, q.object) for q in quads} <= merged
        if any(q.subject.value == OFFICIAL for q in quads):
            holding.add(graph.value)
    assert len(holding) == 4  # one node across articles, asserted by each article that names it
    in_article = api.query(
        "SELECT ?post WHERE { GRAPH ?a { ?o org:holds ?post } ?a fp:sourceFile '000_a717ad774b98aab9.txt' }",
        seed_build,
    )
    assert any(row[0].endswith("王昕-140926-县长") for row in in_article.rows)


def test_query_opens_the_store_read_only(seed_build):
    store = api.load_store(seed_build)
    with pytest.raises(RuntimeError, match="read-write"):
        store.add(ox.Quad(ox.NamedNode("http://x"), ox.NamedNode("http://y"), ox.Literal("z")))


def test_a_failed_build_keeps_the_previous_store(tmp_path, monkeypatch):
    out = tmp_path / "out"
    api.build([SEEDS / "000_a717ad774b98aab9.txt"], out, html=False)
    before = default_quads(api.load_store(out))

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device", str(out / api.GRAPH_FILE))

    monkeypatch.setattr("kg.graph.turtle.write_subjects", broken)
    with pytest.raises(api.KgError, match="no space left"):
        api.build([SEEDS], out, html=False)
    monkeypatch.undo()
    monkeypatch.setattr("kg.merge.nquads", lambda articles, merged: None)
    with pytest.raises(TypeError):
        api.build([SEEDS], out, html=False)
    assert default_quads(api.load_store(out)) == before
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(f".{STORE_DIR}")) == []


def test_a_rebuild_swaps_the_store(tmp_path):
    out = tmp_path / "out"
    api.build([SEEDS / "000_a717ad774b98aab9.txt"], out, html=False)
    one = len(api.query("SELECT ?a WHERE { ?a a fp:Article }", out).rows)
    api.build([SEEDS], out, html=False)
    assert (one, len(api.query("SELECT ?a WHERE { ?a a fp:Article }", out).rows)) == (1, 5)
    assert [p.name for p in out.iterdir() if p.name.startswith(f".{STORE_DIR}")] == []


def test_no_store_is_one_clear_error(tmp_path):
    with pytest.raises(api.KgError, match="no graph store in"):
        api.load_store(tmp_path)


def test_the_rdflib_graph_for_notebooks(seed_build):
    g = api.graph(seed_build)
    reference = Graph().parse(seed_build / api.GRAPH_FILE, format="turtle")
    assert len(g) == len(reference)
    assert ground(reference) == ground(g)
    assert isomorphic(comparable(reference), comparable(g))
    names = {str(r[0]) for r in g.query("SELECT ?n WHERE { ?o a fp:Official ; rdfs:label ?n }")}
    assert {"王昕", "魏茹生"} <= names
    g.add(
        (
            g.namespace_manager.expand_curie("fpid:x"),
            g.namespace_manager.expand_curie("rdfs:label"),
            Literal("x"),
        )
    )
    assert len(g) == len(reference) + 1
    assert len(api.graph(seed_build)) == len(reference)  # changes stay in memory


def test_the_page_reads_the_merged_graph_only(seed_build, tmp_path):
    """The named graphs repeat the merged graph's facts: readers of the default graph see each once."""
    plain = tmp_path / "plain"
    shutil.copytree(seed_build, plain)
    store = ox.Store(str(plain / STORE_DIR))
    for graph in list(store.named_graphs()):
        store.remove_graph(graph)
    store.flush()
    del store
    with_articles = api.render(seed_build, to=tmp_path / "a.html")
    without = api.render(plain, to=tmp_path / "b.html")
    assert (with_articles.drawn, with_articles.total) == (without.drawn, without.total)
    assert (tmp_path / "a.html").read_text(encoding="utf-8") == (tmp_path / "b.html").read_text(
        encoding="utf-8"
    )
