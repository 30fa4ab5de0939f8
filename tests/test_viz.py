"""kg.viz: network_data on a hand-built graph, and the offline, escaped, deterministic page."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import ORG, PROV

from kg import viz

FP = Namespace("https://w3id.org/fupin/ontology#")
ID = Namespace("https://w3id.org/fupin/id/")
SCHEMA = Namespace("https://schema.org/")
GMONTHDAY = URIRef("http://www.w3.org/2001/XMLSchema#gMonthDay")

ARTICLE = ID["article/000_a717ad774b98aab9"]
WANG, WEI = ID["official/王昕-140926"], ID["official/魏茹生-140000"]
WANG_POST, WEI_POST = ID["post/王昕-140926-县长"], ID["post/魏茹生-140000-主任"]
COUNTY, PREFECTURE = ID["region/140926"], ID["region/140900"]
PROGRAM, ORGAN = ID["program/易地扶贫搬迁"], ID["org/山西省发展和改革委员会"]
EVENT = ID["event/000_a717ad774b98aab9-1"]
EVIL = "王昕参加调研。<img src=x onerror=alert(1)><script>alert(2)</script>\u2028url(http://evil/x) @import"


def zh(text: str) -> Literal:
    return Literal(text, lang="zh-Hans")


def triples() -> list[tuple]:
    return [
        (ARTICLE, RDF.type, FP.Article),
        (ARTICLE, FP.sourceFile, Literal("000_a717ad774b98aab9.txt")),
        (ARTICLE, SCHEMA.headline, zh("山西省发改委来静乐县调研")),
        *[(ARTICLE, SCHEMA.mentions, x) for x in (COUNTY, WANG, WEI, PROGRAM, ORGAN)],
        (WANG, RDF.type, FP.Official),
        (WANG, RDFS.label, zh("王昕")),
        (WANG, ORG.holds, WANG_POST),
        (WANG_POST, RDF.type, FP.Post),
        (WANG_POST, FP.title, Literal("县长")),
        (WANG_POST, FP.jurisdiction, COUNTY),
        (WANG_POST, PROV.wasDerivedFrom, ARTICLE),
        (WANG_POST, FP.evidence, Literal("静乐县县委副书记、政府县长王昕及县领导参加。")),
        (WEI, RDF.type, FP.Official),
        (WEI, RDFS.label, zh("魏茹生")),
        (WEI, ORG.holds, WEI_POST),
        (WEI_POST, RDF.type, FP.Post),
        (WEI_POST, FP.title, Literal("主任")),
        (WEI_POST, ORG.postIn, ORGAN),
        (ORGAN, RDF.type, FP.Organization),
        (ORGAN, RDFS.label, zh("山西省发展和改革委员会")),
        (COUNTY, RDF.type, FP.County),
        (COUNTY, RDF.type, FP.Region),
        (COUNTY, RDFS.label, Literal("靜樂縣", lang="zh-Hant")),
        (COUNTY, RDFS.label, zh("静乐县")),
        (COUNTY, FP.adcode, Literal("140926")),
        (COUNTY, SCHEMA.containedInPlace, PREFECTURE),
        (PREFECTURE, RDF.type, FP.Prefecture),
        (PREFECTURE, RDFS.label, zh("忻州市")),
        (PROGRAM, RDF.type, FP.Program),
        (PROGRAM, SKOS.prefLabel, zh("易地扶贫搬迁")),
        (EVENT, RDF.type, FP.Inspection),
        (EVENT, RDF.type, FP.Event),
        (EVENT, SCHEMA.startDate, Literal("--08-26", datatype=GMONTHDAY)),
        (EVENT, SCHEMA.location, COUNTY),
        (EVENT, FP.lead, WEI),
        (EVENT, FP.participant, WEI),
        (EVENT, FP.participant, WANG),
        (EVENT, FP.program, PROGRAM),
        (EVENT, PROV.wasDerivedFrom, ARTICLE),
        (EVENT, FP.evidence, Literal(EVIL)),
        (EVENT, FP.evidence, Literal("长" * 500)),
    ]


def build(reverse: bool = False) -> Graph:
    g = Graph()
    for t in reversed(triples()) if reverse else triples():
        g.add(t)
    return g


def edge_map(edges: list[dict]) -> dict[tuple[str, str], str]:
    return {(e["from"], e["to"]): e["label"] for e in edges}


def test_nodes_and_groups() -> None:
    nodes, _ = viz.network_data(build())
    got = {n["id"]: n["group"] for n in nodes}
    assert got == {
        str(WANG): "Official",
        str(WEI): "Official",
        str(COUNTY): "County",
        str(PREFECTURE): "Prefecture",
        str(PROGRAM): "Program",
        str(ORGAN): "Organization",
        str(EVENT): "Inspection",
    }
    assert [n["id"] for n in nodes] == sorted(got)
    by_id = {n["id"]: n for n in nodes}
    assert by_id[str(COUNTY)]["label"] == "静乐县"  # @zh-Hans preferred over @zh-Hant
    assert by_id[str(PROGRAM)]["label"] == "易地扶贫搬迁"  # skos:prefLabel
    assert by_id[str(EVENT)]["label"] == "000_a717ad774b98aab9-1"  # IRI tail
    assert by_id[str(COUNTY)]["level"] == 3 and by_id[str(PREFECTURE)]["level"] == 2
    for n in nodes:
        assert {"id", "label", "group", "title", "color", "shape", "size"} <= n.keys()
        assert isinstance(n["label"], str) and isinstance(n["title"], str)


def test_edges() -> None:
    _, edges = viz.network_data(build())
    assert edge_map(edges) == {
        (str(WANG), str(COUNTY)): "县长",  # the post's title labels official → jurisdiction
        (str(WEI), str(ORGAN)): "主任",  # … and official → org:postIn
        (str(EVENT), str(COUNTY)): "地点",
        (str(EVENT), str(WEI)): "带队",  # lead wins over participant
        (str(EVENT), str(WANG)): "参加",
        (str(EVENT), str(PROGRAM)): "项目",
        (str(COUNTY), str(PREFECTURE)): "属于",
    }
    assert edges == sorted(edges, key=lambda e: (e["from"], e["to"]))
    assert not any(str(WANG_POST) in (e["from"], e["to"]) for e in edges)  # posts are not nodes


def test_tooltips_are_plain_text_with_bounded_evidence() -> None:
    nodes, _ = viz.network_data(build())
    by_id = {n["id"]: n["title"] for n in nodes}
    assert "职务：县长（静乐县）" in by_id[str(WANG)]
    assert "静乐县县委副书记、政府县长王昕及县领导参加。 ——000_a717ad774b98aab9.txt" in by_id[str(WANG)]
    event = by_id[str(EVENT)].split("\n")
    assert "日期：--08-26" in event and "地点：静乐县" in event and "参加：王昕、魏茹生" in event
    evidence = event[event.index("依据：") + 1 :]
    assert 1 <= len(evidence) <= viz.MAX_EVIDENCE
    assert all(len(line) <= viz.MAX_LINE for line in evidence)
    assert any(line.endswith("… ——000_a717ad774b98aab9.txt") for line in evidence)  # long one cut
    assert any("<script>alert(2)</script>" in line for line in evidence)  # raw text; escaped in the page


def test_articles_only_when_asked() -> None:
    nodes, edges = viz.network_data(build())
    assert "Article" not in {n["group"] for n in nodes}
    nodes, edges = viz.network_data(build(), include_articles=True)
    assert {n["id"]: n["group"] for n in nodes}[str(ARTICLE)] == "Article"
    mentions = {(s, o) for (s, o), lab in edge_map(edges).items() if lab == "提及"}
    assert mentions == {(str(ARTICLE), str(x)) for x in (COUNTY, WANG, WEI, PROGRAM, ORGAN)}


def star(leaves: int = 6) -> Graph:
    """A county with `leaves` villages, a prefecture above it and two isolated policies."""
    g = Graph()
    hub = ID["region/999900"]
    g.add((hub, RDF.type, FP.County))
    g.add((hub, SCHEMA.containedInPlace, ID["region/999000"]))
    g.add((ID["region/999000"], RDF.type, FP.Prefecture))
    for i in range(leaves):
        g.add((ID[f"region/v{i}"], RDF.type, FP.Village))
        g.add((ID[f"region/v{i}"], SCHEMA.containedInPlace, hub))
    for name in ("一县一策", "五个一批"):
        g.add((ID[f"policy/{name}"], RDF.type, FP.Policy))
    return g


@pytest.mark.parametrize("measure", ["pagerank", "degree"])
def test_top_keeps_most_central_deterministically(monkeypatch: pytest.MonkeyPatch, measure: str) -> None:
    if measure == "degree":

        def no_scipy(*args: object, **kwargs: object) -> dict:
            raise ModuleNotFoundError("No module named 'scipy'")

        monkeypatch.setattr(viz.nx, "pagerank", no_scipy)
    else:  # scipy may be missing here: stand in for pagerank with degree-like scores
        monkeypatch.setattr(viz.nx, "pagerank", lambda g: {n: g.degree(n) / 100 for n in g})
    nodes, edges = viz.network_data(star(), top=3)
    ids = [n["id"] for n in nodes]
    # hub first; the rest tie (all degree 1) and are broken by id
    assert ids == sorted([str(ID["region/999000"]), str(ID["region/999900"]), str(ID["region/v0"])])
    kept = set(ids)
    assert all(e["from"] in kept and e["to"] in kept for e in edges) and len(edges) == 2
    assert viz.network_data(star(), top=3) == (nodes, edges)
    assert len(viz.network_data(star(), top=100)[0]) == 10  # no bounding below `top`


def test_top_prefers_pagerank_scores(monkeypatch: pytest.MonkeyPatch) -> None:
    favourite = str(ID["policy/五个一批"])
    monkeypatch.setattr(viz.nx, "pagerank", lambda g: {n: float(str(n) == favourite) for n in g})
    nodes, edges = viz.network_data(star(), top=1)
    assert [n["id"] for n in nodes] == [favourite] and edges == []


def test_deterministic_regardless_of_insertion_order() -> None:
    assert viz.network_data(build(), include_articles=True) == viz.network_data(
        build(reverse=True), include_articles=True
    )


EXTERNAL = re.compile(r"""src\s*=\s*["']?http|href\s*=\s*["']?http|@import|url\(\s*["']?http""", re.I)


def test_render_html_offline_escaped_deterministic(tmp_path: Path) -> None:
    out = tmp_path / "graph.html"
    assert viz.render_html(build(), out) == 7
    page = out.read_text(encoding="utf-8")
    assert not (tmp_path / "graph.html.tmp").exists()
    assert not EXTERNAL.search(page), EXTERNAL.search(page)
    assert "<link" not in page and "bootstrap" not in page.lower()
    assert "<script>alert(2)</script>" not in page and "<img src=x" not in page
    assert "\u2028" not in page and "\u2029" not in page
    assert "\\u003cscript\\u003ealert" in page  # the text is still there, escaped
    assert '<meta charset="utf-8">' in page and "静乐县" in page and "县长" in page
    assert "var network" in page and "fpBefore();\nnetwork = new vis.Network" in page
    assert "stabilizationIterationsDone" in page and "textContent" in page
    assert "selectNodes" in page and "network.focus" in page and "hidden" in page
    assert str(ARTICLE) not in page  # articles excluded by default
    again = tmp_path / "again.html"
    viz.render_html(build(reverse=True), again)
    assert again.read_text(encoding="utf-8") == page


def test_render_html_articles_filtered_off_by_default(tmp_path: Path) -> None:
    out = tmp_path / "graph.html"
    assert viz.render_html(build(), out, include_articles=True, title="<b>扶贫</b>") == 8
    page = out.read_text(encoding="utf-8")
    assert str(ARTICLE) in page
    assert re.search(r'<input type="checkbox" data-group="Article" onchange="fpFilter\(\)">', page)
    assert re.search(r'data-group="County" onchange="fpFilter\(\)" checked>', page)
    assert "<b>扶贫</b>" not in page and "&lt;b&gt;扶贫&lt;/b&gt;" in page
    assert not EXTERNAL.search(page)


@pytest.mark.skipif(shutil.which("node") is None, reason="node not installed")
def test_inline_scripts_parse(tmp_path: Path) -> None:
    out = tmp_path / "graph.html"
    viz.render_html(build(), out, include_articles=True)
    page = out.read_text(encoding="utf-8")
    scripts = re.findall(r"<script(?: [^>]*)?>(.*?)</script>", page, re.S)
    assert len(scripts) >= 3
    for i, body in enumerate(scripts):
        js = tmp_path / f"s{i}.js"
        js.write_text(body, encoding="utf-8")
        subprocess.run(["node", "--check", str(js)], check=True, capture_output=True)
