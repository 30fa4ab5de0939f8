"""`kg export`: every RDF format parses back into the same triples; Gephi and CSV files carry the facts."""

from __future__ import annotations

import codecs
import csv
import io
import time
import zipfile
from xml.etree import ElementTree

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from kg import api
from kg.cli import app
from tests.rdfterms import comparable, ground

RDFLIB_FORMATS = {
    "turtle": "turtle",
    "ntriples": "nt",
    "jsonld": "json-ld",
    "rdfxml": "xml",
    "trig": "trig",
    "nquads": "nquads",
}
WANG_XIN = "https://w3id.org/fupin/id/official/王昕-140926"
pytestmark = pytest.mark.filterwarnings("ignore:.*(ConjunctiveGraph|default_context).*:DeprecationWarning")


@pytest.fixture(scope="module")
def reference(seed_build) -> Graph:
    return Graph().parse(seed_build / api.GRAPH_FILE, format="turtle")


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "jsonld", "rdfxml"])
def test_graph_formats_parse_back_into_the_merged_graph(seed_build, reference, fmt):
    path = api.export(fmt, seed_build)
    assert path == seed_build / "export" / path.name
    parsed = Graph().parse(path, format=RDFLIB_FORMATS[fmt])
    assert len(parsed) == len(reference)
    assert isomorphic(comparable(parsed), comparable(reference))
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.from_extension(path.suffix[1:]))
    assert len(store) == len(reference)


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_dataset_formats_keep_one_named_graph_per_article(seed_build, reference, fmt, tmp_path):
    path = api.export(fmt, seed_build, tmp_path / f"graph.{fmt}")
    dataset = Dataset()
    dataset.parse(path, format=RDFLIB_FORMATS[fmt])
    assert isomorphic(comparable(dataset.default_graph), comparable(reference))
    store = api.load_store(seed_build)
    named = {g.value for g in store.named_graphs()}
    parsed = {
        str(g.identifier): g for g in dataset.graphs() if g.identifier != dataset.default_graph.identifier
    }
    assert set(parsed) == named and len(named) == 5
    for iri, graph in parsed.items():
        expected = Graph()
        for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(iri)):
            expected.parse(data=f"{quad.subject} {quad.predicate} {quad.object} .", format="nt")
        assert ground(graph) == ground(expected) and len(graph) == len(expected)
    article = parsed["https://w3id.org/fupin/id/article/000_a717ad774b98aab9"]
    assert (URIRef(WANG_XIN), None, None) in article  # cross-article official IRIs inside an article's graph


def test_graphml_and_gexf_load_with_types_and_labels(seed_build):
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        graph = read(api.export(fmt, seed_build))
        node = graph.nodes[WANG_XIN]
        assert (node["type"], node["label"]) == ("Official", "王昕"), fmt
        post = graph.nodes["https://w3id.org/fupin/id/post/王昕-140926-县长"]
        assert (post["type"], post["label"], post["title"]) == ("Post", "县长", "县长")
        edges = {data.get("label") for _, _, data in graph.out_edges(WANG_XIN, data=True)}
        assert "org:holds" in edges
        county = graph.nodes["https://w3id.org/fupin/id/region/140926"]
        assert (county["type"], county["adcode"], county.get("label_zh-hant")) == (
            "County",
            "140926",
            "靜樂縣",
        )


def _table(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_csv_tables_as_a_folder_and_as_a_zip(seed_build, tmp_path):
    folder = api.export("csv", seed_build)
    assert sorted(p.name for p in folder.iterdir()) == [
        "events.csv",
        "officials.csv",
        "participation.csv",
        "posts.csv",
    ]
    officials = _table((folder / "officials.csv").read_bytes())
    assert {"王昕", "魏茹生"} <= {row["name"] for row in officials}
    posts = _table((folder / "posts.csv").read_bytes())
    wang = [row for row in posts if row["official"] == WANG_XIN and row["title"] == "县长"]
    assert len(wang) == 1 and wang[0]["source_file"] == "000_a717ad774b98aab9.txt"
    assert wang[0]["jurisdiction_name"] == "静乐县" and "王昕" in wang[0]["evidence"]
    xi = [row for row in posts if row["name"] == "习近平"]
    assert len({row["source_file"] for row in xi}) == len(xi) == 4  # one row per article, its own sentence
    events = _table((folder / "events.csv").read_bytes())
    kinds = "SELECT ?e WHERE { VALUES ?c { fp:Meeting fp:Inspection } ?e a ?c }"
    assert len(events) == len(api.query(kinds, seed_build).rows) == 6
    assert {row["type"] for row in events} == {"Meeting", "Inspection"}
    participation = _table((folder / "participation.csv").read_bytes())
    count = "SELECT DISTINCT ?e ?o WHERE { { ?e fp:participant ?o } UNION { ?e fp:lead ?o } }"
    assert len(participation) == len(api.query(count, seed_build).rows)
    assert {row["lead"] for row in participation} == {"true", "false"}
    archive = zipfile.ZipFile(api.export("csv", seed_build, tmp_path / "tables.zip"))
    assert archive.read("posts.csv") == (folder / "posts.csv").read_bytes()


def test_cli_export_to_stdout_a_file_and_bad_formats(seed_build, tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["export", "-f", "nquads", "-o", str(seed_build), "--to", "-"])
    assert result.exit_code == 0
    assert len(result.stdout_bytes.splitlines()) == len(
        list(ox.parse(result.stdout_bytes, ox.RdfFormat.N_QUADS))
    )
    target = tmp_path / "g.trig"
    result = runner.invoke(app, ["export", "-f", "trig", "-o", str(seed_build), "--to", str(target)])
    assert result.exit_code == 0 and result.stdout.strip() == str(target) and target.stat().st_size > 0
    result = runner.invoke(app, ["export", "-f", "xml", "-o", str(seed_build)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "kg: error: unknown export format 'xml': use one of "
        "turtle, ntriples, nquads, trig, jsonld, rdfxml, graphml, gexf, csv"
    ]


def _language_tags(graph: Graph) -> set[str]:
    return {o.language for o in graph.objects() if isinstance(o, Literal) and o.language}


def test_graph_ttl_the_store_and_every_export_write_one_form_of_each_language_tag(seed_build, tmp_path):
    store = api.load_store(seed_build)
    stored = {q.object.language for q in store if isinstance(q.object, ox.Literal) and q.object.language}
    assert stored == {"zh-hans", "zh-hant", "en"}
    found = {"graph.ttl": _language_tags(Graph().parse(seed_build / api.GRAPH_FILE, format="turtle"))}
    found["api.graph"] = _language_tags(api.graph(seed_build))
    for fmt, rdflib_format in RDFLIB_FORMATS.items():
        dataset = Dataset()
        dataset.parse(api.export(fmt, seed_build, tmp_path / fmt), format=rdflib_format)
        found[fmt] = set().union(*(_language_tags(g) for g in dataset.graphs()))
    assert found == dict.fromkeys(found, stored)


def test_nothing_written_has_a_blank_node(seed_build):
    assert not [t for t in Graph().parse(seed_build / api.GRAPH_FILE) if any(isinstance(x, BNode) for x in t)]
    anywhere = "{ ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } }"
    blank = api.query(f"SELECT * WHERE {{ {anywhere} FILTER(isBlank(?s) || isBlank(?o)) }}", seed_build)
    assert blank.rows == []


def test_gexf_is_the_same_every_day_and_gives_every_edge_its_kind(seed_build, monkeypatch):
    first = api.export_bytes("gexf", seed_build)
    monkeypatch.setattr(time, "strftime", lambda *args: "1999-12-31")  # what networkx stamps
    assert api.export_bytes("gexf", seed_build) == first
    gexf = ElementTree.fromstring(first)
    namespace = {"g": "http://www.gexf.net/1.2draft"}
    assert gexf.find("g:meta", namespace).attrib == {}
    assert "name" not in gexf.find("g:graph", namespace).attrib
    edges = gexf.findall(".//g:edge", namespace)
    assert len({e.get("id") for e in edges}) == len(edges)
    kinds: dict[tuple[str, str], set[str]] = {}
    for edge in edges:
        assert edge.get("kind") == edge.get("label"), edge.attrib
        kinds.setdefault((edge.get("source"), edge.get("target")), set()).add(edge.get("kind"))
    assert {"fp:lead", "fp:participant"} in kinds.values()  # parallel edges Gephi keeps apart by kind


def test_gephi_nodes_have_one_class_name(seed_build):
    graph = api.export_bytes("graphml", seed_build)
    network = nx.read_graphml(io.BytesIO(graph))
    assert network.nodes["https://w3id.org/fupin/id/program/易地扶贫搬迁"]["type"] == "Program"
    assert all(" " not in data["type"] for _, data in network.nodes(data=True))


def test_csv_tables_with_a_byte_order_mark_for_excel(seed_build, tmp_path):
    plain = api.export("csv", seed_build, tmp_path / "plain")
    marked = api.export("csv", seed_build, tmp_path / "marked", bom=True)
    for path in plain.iterdir():
        data = path.read_bytes()
        assert not data.startswith(codecs.BOM_UTF8)
        assert (marked / path.name).read_bytes() == codecs.BOM_UTF8 + data
    zipped = zipfile.ZipFile(io.BytesIO(api.export_bytes("csv", seed_build, bom=True)))
    assert zipped.read("posts.csv") == (marked / "posts.csv").read_bytes()
    result = CliRunner().invoke(app, ["export", "-f", "gexf", "-o", str(seed_build), "--bom"])
    assert result.exit_code == 2
    assert result.output == "kg: error: a byte-order mark is for csv tables only, not gexf\n"
