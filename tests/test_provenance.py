"""The build as a prov:Activity in the graph: the versions of the code and packages that shaped it."""

from __future__ import annotations

import shutil
from importlib import metadata
from pathlib import Path

import pyoxigraph as ox

from kg import api, engine, merge
from kg.graph.build import activity_triples

ROOT = Path(__file__).resolve().parents[1]
SOFTWARE = """SELECT ?how ?name ?version WHERE {
  ?build a prov:Activity ; ?how ?software .
  ?software a schema:SoftwareApplication ; rdfs:label ?name ; schema:softwareVersion ?version }"""


def test_a_build_records_the_versions_that_shaped_it_and_no_time(seed_build: Path) -> None:
    rows = api.query(SOFTWARE, seed_build).rows
    versions = engine.shaping_versions()
    assert {name: version for _, name, version in rows} == versions
    assert set(versions) == {"fupin-kg", "jionlp", "jieba", "opencc", "pyoxigraph"}
    assert [name for how, name, _ in rows if how.endswith("#wasAssociatedWith")] == ["fupin-kg"]
    assert versions["fupin-kg"] == f"{metadata.version('fupin-kg')}+{engine.code_digest()}"
    assert versions["pyoxigraph"] == ox.__version__ and versions["jionlp"] == metadata.version("jionlp")
    text = (seed_build / "graph.ttl").read_text(encoding="utf-8")
    assert "dateTime" not in text and "startedAtTime" not in text and "endedAtTime" not in text


def test_activity_follows_the_versions_only() -> None:
    versions = {"fupin-kg": "0.1.0+abc", "jionlp": "1.5.31"}
    assert activity_triples(versions) == activity_triples(dict(versions))
    upgraded = activity_triples(versions | {"jionlp": "1.5.32"})
    build = {s for s, p, o in upgraded if o == ox.NamedNode("http://www.w3.org/ns/prov#Activity")}
    assert len(build) == 1 and not build & {s for s, _, _ in activity_triples(versions)}


def test_code_digest_is_of_names_and_bytes_not_of_where_or_when(tmp_path: Path, monkeypatch) -> None:
    first = tmp_path / "one"
    (first / "kg" / "data").mkdir(parents=True)
    (first / "ontology").mkdir()
    (first / "kg" / "a.py").write_text("x = 1\n")
    (first / "kg" / "data" / "words.tsv").write_text("词\n")
    (first / "ontology" / "o.ttl").write_text("# o\n")

    def digest(root: Path) -> str:
        monkeypatch.setattr(engine, "ROOT", root / "kg")
        engine.code_digest.cache_clear()
        try:
            return engine.code_digest()
        finally:
            engine.code_digest.cache_clear()

    before = digest(first)
    second = tmp_path / "elsewhere" / "two"
    shutil.copytree(first, second)  # another folder, other file times
    assert digest(second) == before
    (second / "kg" / "data" / "words.tsv").write_text("字\n")
    assert digest(second) != before


def test_new_package_versions_rebuild_the_graph(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    api.build([ROOT / "seeds"], out, html=False)
    assert 'schema:softwareVersion "9.9.9"' not in (out / "graph.ttl").read_text(encoding="utf-8")
    upgraded = engine.shaping_versions() | {"jieba": "9.9.9"}
    for module in (engine, merge):  # the build's key, and the graph
        monkeypatch.setattr(module, "shaping_versions", lambda: upgraded)
    api.build([ROOT / "seeds"], out, html=False)  # the same inputs: built again all the same
    assert 'schema:softwareVersion "9.9.9"' in (out / "graph.ttl").read_text(encoding="utf-8")
