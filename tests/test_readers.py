"""Every export read by tools this project did not write: Debian's `rapper` (raptor2) for RDF, the
standard library's XML parser and networkx for GraphML and GEXF.

`rapper -c` counts what it parses; the counts must be Oxigraph's for the same file and the store's. Without
rapper the RDF test skips, except in CI (CI set), where it fails: scripts/system-deps.sh installs
raptor2-utils. Raptor has no JSON-LD parser: rdflib's reads the JSON-LD export in test_export.py.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

import networkx as nx
import pyoxigraph as ox
import pytest

from kg import api
from kg.export import FORMATS

RAPPER_FORMATS = {  # export format → rapper's name for its parser
    "turtle": "turtle",
    "ntriples": "ntriples",
    "nquads": "nquads",
    "trig": "trig",
    "rdfxml": "rdfxml",
}


@pytest.fixture(scope="module")
def rapper() -> str:
    binary = shutil.which("rapper")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("rapper is not installed: scripts/system-deps.sh installs raptor2-utils")
        pytest.skip("rapper is not installed (scripts/system-deps.sh installs raptor2-utils)")
    return binary


def _rapper_count(rapper: str, parser: str, path: Path) -> int:
    done = subprocess.run(
        [rapper, "-i", parser, "-c", str(path)], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "error" not in done.stderr.lower() and "warning" not in done.stderr.lower(), done.stderr
    found = re.search(r"returned (\d+) (?:triples|statements)", done.stderr)
    assert found, done.stderr
    return int(found.group(1))


def _oxigraph_count(path: Path, rdf_format: ox.RdfFormat) -> int:
    store = ox.Store()
    store.load(path=str(path), format=rdf_format)
    return len(store)


@pytest.mark.parametrize("fmt", sorted(RAPPER_FORMATS))
def test_rapper_reads_every_rdf_export_as_oxigraph_does(rapper, seed_build, fmt, tmp_path):
    path = api.export(fmt, seed_build, tmp_path / FORMATS[fmt][0])
    store = api.load_store(seed_build)
    expected = (
        len(store)
        if fmt in ("nquads", "trig")
        else len(list(store.quads_for_pattern(None, None, None, ox.DefaultGraph())))
    )
    assert _oxigraph_count(path, ox.RdfFormat.from_extension(path.suffix[1:])) == expected
    assert _rapper_count(rapper, RAPPER_FORMATS[fmt], path) == expected


def test_rapper_reads_graph_ttl(rapper, seed_build):
    path = seed_build / api.GRAPH_FILE
    assert _rapper_count(rapper, "turtle", path) == _oxigraph_count(path, ox.RdfFormat.TURTLE)


def _ids(path: Path, namespace: str, tag: str) -> list[str]:
    return [e.get("id") for e in ElementTree.parse(path).getroot().iter(f"{{{namespace}}}{tag}")]


def test_graphml_ids_are_unique_and_networkx_reads_every_edge(seed_build, tmp_path):
    path = api.export("graphml", seed_build, tmp_path / "graph.graphml")
    namespace = "http://graphml.graphdrawing.org/xmlns"
    nodes, edges = _ids(path, namespace, "node"), _ids(path, namespace, "edge")
    assert not [i for i, n in Counter(nodes).items() if n > 1]
    assert not [i for i, n in Counter(edges).items() if n > 1]
    graph = nx.read_graphml(path)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (len(nodes), len(edges))
    assert all(data["kind"] for *_, data in graph.edges(data=True))


def test_gexf_ids_are_unique_and_networkx_reads_every_edge_with_its_kind(seed_build, tmp_path):
    path = api.export("gexf", seed_build, tmp_path / "graph.gexf")
    namespace = "http://www.gexf.net/1.2draft"
    nodes, edges = _ids(path, namespace, "node"), _ids(path, namespace, "edge")
    assert len(set(nodes)) == len(nodes) and len(set(edges)) == len(edges)
    graphml = api.export("graphml", seed_build, tmp_path / "graph.graphml")
    assert edges == _ids(graphml, "http://graphml.graphdrawing.org/xmlns", "edge")  # the same edge ids
    graph = nx.read_gexf(path)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (len(nodes), len(edges))
    kinds = Counter(data.get("kind") for *_, data in graph.edges(data=True))
    assert None not in kinds and kinds["fp:lead"] and kinds["fp:participant"]
