"""kg.viz: network_data on a hand-built graph, and the offline, escaped, deterministic page."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
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
OTHER = ID["article/002_b"]  # another article showing 王昕's post, in its own words
WANG_SAYS = {ARTICLE: "静乐县县委副书记、政府县长王昕及县领导参加。", OTHER: "县长王昕介绍了搬迁进展。"}
EVIL = "王昕参加调研。<img src=x onerror=alert(1)><script>alert(2)</script>\u2028url(http://evil/x) @import"


def zh(text: str) -> Literal:
    return Literal(text, lang="zh-Hans")


def reported(fact: URIRef, report: str, article: URIRef, sentence: str) -> list[tuple]:
    """`fact` read from `sentence` of `article`: the flat properties and the report pairing them."""
    r = ID[report]
    return [
        (fact, PROV.wasDerivedFrom, article),
        (fact, FP.evidence, Literal(sentence)),
        (fact, FP.reportedBy, r),
        (r, RDF.type, FP.Report),
        (r, PROV.wasDerivedFrom, article),
        (r, FP.evidence, Literal(sentence)),
    ]


def triples() -> list[tuple]:
    return [
        (OTHER, RDF.type, FP.Article),
        (OTHER, FP.sourceFile, Literal("002_b.txt")),
        (
            OTHER,
            SCHEMA.headline,
            zh("静乐县易地扶贫搬迁工作纪实：一个很长很长的标题，超过四十个字也不截断，读者看得到全文"),
        ),
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
        *reported(WANG_POST, "report/000_a717ad774b98aab9-3", ARTICLE, WANG_SAYS[ARTICLE]),
        *reported(WANG_POST, "report/002_b-12", OTHER, WANG_SAYS[OTHER]),
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
        *reported(EVENT, "report/000_a717ad774b98aab9-10", ARTICLE, EVIL),
        *reported(EVENT, "report/000_a717ad774b98aab9-2", ARTICLE, "长" * 500),
    ]


def build(reverse: bool = False) -> Graph:
    g = Graph()
    for t in reversed(triples()) if reverse else triples():
        g.add(t)
    return g


ALL = [*viz.DEFAULT_TYPES, "Article"]


def edge_map(edges: list[dict]) -> dict[tuple[str, str], str]:
    return {(e["from"], e["to"]): e["label"] for e in edges}


def test_nodes_and_groups() -> None:
    data = viz.network_data(build())
    got = {n["id"]: n["group"] for n in data.nodes}
    assert got == {
        str(WANG): "Official",
        str(WEI): "Official",
        str(COUNTY): "County",
        str(PREFECTURE): "Prefecture",
        str(PROGRAM): "Program",
        str(ORGAN): "Organization",
        str(EVENT): "Inspection",
    }
    assert [n["id"] for n in data.nodes] == sorted(got) and data.total == 7
    by_id = {n["id"]: n for n in data.nodes}
    assert by_id[str(COUNTY)]["label"] == "静乐县"  # @zh-Hans preferred over @zh-Hant
    assert by_id[str(PROGRAM)]["label"] == "易地扶贫搬迁"  # skos:prefLabel
    assert by_id[str(EVENT)]["label"] == "000_a717ad774b98aab9-1"  # IRI tail
    assert by_id[str(ORGAN)]["label"] == "山西省发展和改革委员会"[: viz.MAX_LABEL]
    assert by_id[str(COUNTY)]["level"] == 3 and by_id[str(PREFECTURE)]["level"] == 2
    for n in data.nodes:
        assert {"id", "label", "group", "title", "color", "shape", "size"} <= n.keys()
        assert isinstance(n["label"], str) and isinstance(n["title"], str)
    assert data.names[str(COUNTY)] == "静乐县 靜樂縣"  # search finds either script


def test_edges() -> None:
    edges = viz.network_data(build()).edges
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


def test_tooltips_are_plain_text_and_credit_each_sentence_to_its_article() -> None:
    by_id = {n["id"]: n["title"] for n in viz.network_data(build()).nodes}
    wang = by_id[str(WANG)].split("\n")
    assert wang[0] == "王昕 · 官员（Official）" and "职务：县长（静乐县）" in wang
    assert "活动：000_a717ad774b98aab9-1" in wang and "提及：1 篇文章" in wang
    source = "000_a717ad774b98aab9.txt《山西省发改委来静乐县调研》"
    other = (
        "002_b.txt《静乐县易地扶贫搬迁工作纪实：一个很长很长的标题，超过四十个字也不截断，读者看得到全文》"
    )
    assert wang[wang.index("依据：") + 1 :] == [
        f"{WANG_SAYS[ARTICLE]} ——{source}",
        f"{WANG_SAYS[OTHER]} ——{other}",
    ]
    assert "上级：忻州市" in by_id[str(COUNTY)] and "区划代码：140926" in by_id[str(COUNTY)]
    event = by_id[str(EVENT)].split("\n")
    assert "日期：8月26日（年份不详）" in event and "地点：静乐县" in event and "参加：王昕、魏茹生" in event
    # in full, in the order of the article's sentences; raw text, escaped in the page
    assert event[event.index("依据：") + 1 :] == [f"{'长' * 500} ——{source}", f"{EVIL} ——{source}"]


def test_a_date_without_year_reads_as_such_on_the_page() -> None:
    g = build()
    g.add((EVENT, RDFS.label, zh("--08-26 魏茹生 调研")))
    data = viz.network_data(g)
    event = next(n for n in data.nodes if n["id"] == str(EVENT))
    assert event["label"] == "8月26日（年份不详） 魏茹生 调研"
    assert event["title"].startswith("8月26日（年份不详） 魏茹生 调研 · 调研")
    wang = next(n for n in data.nodes if n["id"] == str(WANG))
    assert "活动：8月26日（年份不详） 魏茹生 调研" in wang["title"].split("\n")
    assert "--08-26" not in str(data.nodes)
    assert "--08-26" in data.names[str(EVENT)]  # search still finds the typed form
    assert viz._no_year("A--08-26 2018-08-26 --08-26") == "A--08-26 2018-08-26 8月26日（年份不详）"


@given(st.text(alphabet="-0123456789月日 年份不详（）ab", max_size=40))
def test_no_year_rewrites_every_month_day_and_nothing_else(text: str) -> None:
    out = viz._no_year(text)
    assert viz._no_year(out) == out and not viz._MONTH_DAY.search(out)
    if not viz._MONTH_DAY.search(text):
        assert out == text


def test_evidence_is_bounded_and_says_how_much_more() -> None:
    g = build()
    for i in range(1, 9):
        for t in reported(EVENT, f"report/000_a717ad774b98aab9-{20 + i}", ARTICLE, f"第{i}句。"):
            g.add(t)
    event = {n["id"]: n["title"] for n in viz.network_data(g).nodes}[str(EVENT)].split("\n")
    evidence = event[event.index("依据：") + 1 :]
    assert len(evidence) == viz.MAX_EVIDENCE + 1 and evidence[-1] == "…… 共 10 处报道"


def test_types_and_articles_only_when_asked() -> None:
    data = viz.network_data(build())
    assert "Article" not in {n["group"] for n in data.nodes}
    data = viz.network_data(build(), types=ALL)
    assert {n["id"]: n["group"] for n in data.nodes}[str(ARTICLE)] == "Article"
    mentions = {(s, o) for (s, o), lab in edge_map(data.edges).items() if lab == "提及"}
    assert mentions == {(str(ARTICLE), str(x)) for x in (COUNTY, WANG, WEI, PROGRAM, ORGAN)}
    data = viz.network_data(build(), types=["Inspection", "Article"])  # events linked to their articles
    assert edge_map(data.edges) == {(str(ARTICLE), str(EVENT)): "报道"}
    data = viz.network_data(build(), types=["Official", "County"])
    assert {n["group"] for n in data.nodes} == {"Official", "County"}
    assert edge_map(data.edges) == {(str(WANG), str(COUNTY)): "县长"}
    with pytest.raises(ValueError, match="unknown type Nope"):
        viz.network_data(build(), types=["Official", "Nope"])


def test_region_menu_and_membership() -> None:
    g = build()
    g.add((PREFECTURE, SCHEMA.containedInPlace, ID["region/140000"]))
    g.add((ID["region/140000"], RDF.type, FP.Province))
    g.add((ID["region/140000"], RDFS.label, zh("山西省")))
    data = viz.network_data(g)
    assert data.regions == [[str(ID["region/140000"]), "山西省", 1], [str(PREFECTURE), "忻州市", 2]]
    # the official through his jurisdiction, the other through the event, the body through its official
    # (no region of its own, so through the article naming it), the programme through the event
    assert all(data.members[n["id"]] == [0, 1] for n in data.nodes if n["group"] != "Province")
    assert data.members[str(ID["region/140000"])] == [0]


def test_a_focused_page_lists_only_the_regions_on_it() -> None:
    g = build()
    far, event = ID["region/650000"], ID["event/far-1"]  # the programme's inspection elsewhere
    g.add((far, RDF.type, FP.Province))
    g.add((far, RDFS.label, zh("新疆维吾尔自治区")))
    g.add((event, RDF.type, FP.Inspection))
    g.add((event, SCHEMA.location, far))
    g.add((event, FP.program, PROGRAM))
    assert "新疆维吾尔自治区" in {label for _, label, _ in viz.network_data(g).regions}
    focused = viz.network_data(g, focus="王昕", hops=2)
    assert str(PROGRAM) in {n["id"] for n in focused.nodes} and str(far) not in {
        n["id"] for n in focused.nodes
    }
    assert [label for _, label, _ in focused.regions] == ["忻州市"]
    assert all(data == [0] for data in focused.members.values())
    # a page drawing no region lists where its officials and events are
    assert [r[1] for r in viz.network_data(g, focus="王昕", hops=1, types=["Official"]).regions] == ["忻州市"]


def hub_and_events() -> Graph:
    """An official leading three events of a programme, a county and two officials named by articles,
    and formulas nobody names."""
    g = Graph()
    boss, program = ID["official/甲"], ID["program/产业扶贫"]
    for node, cls in ((boss, FP.Official), (program, FP.Program), (ID["region/990001"], FP.County)):
        g.add((node, RDF.type, cls))
    for i in range(3):
        g.add((ID[f"event/e{i}"], RDF.type, FP.Meeting))
        g.add((ID[f"event/e{i}"], FP.lead, boss))
        g.add((ID[f"event/e{i}"], FP.program, program))
    named = {"region/990001": (0, 1, 2, 3), "official/丁": (0, 1, 2), "official/戊": (1, 2, 3)}
    named |= {"official/甲": (0, 1), "program/产业扶贫": (2, 3)}
    for node, articles in named.items():
        g.add((ID[node], RDF.type, FP.County if node.startswith("region") else FP.Official))
        for i in articles:
            g.add((ID[f"article/a{i}"], RDF.type, FP.Article))
            g.add((ID[f"article/a{i}"], SCHEMA.mentions, ID[node]))
    g.set((program, RDF.type, FP.Program))
    for name in ("一县一策", "五个一批"):
        g.add((ID[f"policy/{name}"], RDF.type, FP.Policy))
    return g


def test_top_keeps_the_most_central_and_what_links_them() -> None:
    whole = viz.network_data(hub_and_events(), top=100)
    assert whole.total == len(whole.nodes) == 8  # the formulas no article names are left out
    data = viz.network_data(hub_and_events(), top=5)
    ids = {n["id"] for n in data.nodes}
    # four by centrality (甲 and the programme 5, the county 4, 丁 3 before 戊 3 by id), then not 戊
    # but the event linking two of them
    expected = ("official/甲", "program/产业扶贫", "region/990001", "official/丁", "event/e0")
    assert ids == {str(ID[x]) for x in expected}
    assert data.total == 8 and all(e["from"] in ids and e["to"] in ids for e in data.edges)
    assert viz.network_data(hub_and_events(), top=5) == data


def test_focus_hops_and_names() -> None:
    one = viz.network_data(build(), focus="王昕", hops=1)
    assert one.focus == [str(WANG)]
    assert {n["id"] for n in one.nodes} == {str(WANG), str(COUNTY), str(EVENT)}
    focused = next(n for n in one.nodes if n["id"] == str(WANG))
    assert focused["borderWidth"] == 4 and focused["size"] > viz.GROUPS["Official"].size
    two = viz.network_data(build(), focus="王昕", hops=2, top=4)
    assert (
        len(two.nodes) == 4 and two.total == 6 and str(WANG) in {n["id"] for n in two.nodes}
    )  # not the body
    assert viz.network_data(build(), focus="靜樂縣", hops=0).focus == [str(COUNTY)]  # traditional label
    assert viz.network_data(build(), focus="茹生", hops=0).focus == [str(WEI)]  # part of a name
    assert viz.network_data(build(), focus=str(EVENT), hops=0).focus == [str(EVENT)]  # an IRI
    with pytest.raises(ValueError, match="no node named"):
        viz.network_data(build(), focus="不存在")


def test_rdflib_graph_and_store_agree_whatever_the_order() -> None:
    data = viz.network_data(build(), types=ALL)
    assert viz.network_data(viz.as_store(build(reverse=True)), types=ALL) == data


def test_page_names() -> None:
    assert viz.page_name() == "graph.html"
    assert viz.page_name("王昕") == "graph-王昕.html"
    assert viz.page_name("../a/b c", ["Official", "County"]) == "graph-a_b_c-County-Official.html"


def test_bounded_on_a_synthetic_build() -> None:
    import pyoxigraph as ox

    from tests.synthetic import synthetic_triples

    store = ox.Store()
    store.load("\n".join(synthetic_triples(300)).encode(), format=ox.RdfFormat.N_TRIPLES)
    data = viz.network_data(store, top=120)
    assert len(data.nodes) == 120 and data.total > 1000
    assert {"Official", "Meeting", "Program"} <= {n["group"] for n in data.nodes}
    assert data.regions and all(0 <= i < len(data.regions) for v in data.members.values() for i in v)


EXTERNAL = re.compile(r"""src\s*=\s*["']?http|href\s*=\s*["']?http|@import|url\(\s*["']?http""", re.I)


def test_render_html_offline_escaped_deterministic(tmp_path: Path) -> None:
    out = tmp_path / "graph.html"
    assert len(viz.render_html(build(), out).nodes) == 7
    page = out.read_text(encoding="utf-8")
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))
    assert not EXTERNAL.search(page), EXTERNAL.search(page)
    assert "<link" not in page and "bootstrap" not in page.lower()
    assert "<script>alert(2)</script>" not in page and "<img src=x" not in page
    assert "\u2028" not in page and "\u2029" not in page
    assert "\\u003cscript\\u003ealert" in page  # the text is still there, escaped
    assert "innerHTML = nodeData" not in page  # pyvis' HTML popup is off
    assert '<meta charset="utf-8">' in page and "静乐县" in page and "县长" in page
    assert "var network" in page and "fpBefore();\nnetwork = new vis.Network" in page
    assert "stabilizationIterationsDone" in page and "textContent" in page and "new Option(" in page
    assert "selectNodes" in page and "network.focus" in page and "hidden" in page
    assert 'data-drawn="7"' in page and 'id="fp-region"' in page
    assert str(ARTICLE) not in page  # articles excluded by default
    again = tmp_path / "again.html"
    viz.render_html(build(reverse=True), again)
    assert again.read_text(encoding="utf-8") == page


def test_render_html_escapes_the_title(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "graph.html"
    assert len(viz.render_html(build(), out, types=ALL, title="<b>扶贫</b>").nodes) == 8
    page = out.read_text(encoding="utf-8")
    assert str(ARTICLE) in page
    assert re.search(r'data-group="Article" onchange="fpFilter\(false\)" checked>', page)
    assert "<b>扶贫</b>" not in page and "&lt;b&gt;扶贫&lt;/b&gt;" in page
    assert not EXTERNAL.search(page)


@pytest.mark.skipif(shutil.which("node") is None, reason="node not installed")
def test_inline_scripts_parse(tmp_path: Path) -> None:
    out = tmp_path / "graph.html"
    viz.render_html(build(), out, types=ALL)
    page = out.read_text(encoding="utf-8")
    scripts = re.findall(r"<script(?: [^>]*)?>(.*?)</script>", page, re.S)
    assert len(scripts) >= 3
    for i, body in enumerate(scripts):
        js = tmp_path / f"s{i}.js"
        js.write_text(body, encoding="utf-8")
        subprocess.run(["node", "--check", str(js)], check=True, capture_output=True)


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kg import api

    out = tmp_path_factory.mktemp("seeds")
    api.build([Path(__file__).resolve().parents[1] / "seeds"], out)
    return out


def test_kg_viz_writes_a_focused_page_and_prints_its_path(seeds_out: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["viz", "-o", str(seeds_out), "--focus", "王昕", "--hops", "1"])
    assert result.exit_code == 0, result.output
    page = seeds_out / "graph-王昕.html"
    assert result.stdout.splitlines() == ["nodes 3 of 3", str(page.resolve())]
    assert "王昕" in page.read_text(encoding="utf-8")
    to = tmp_path / "officials.html"
    args = ["viz", "-o", str(seeds_out), "--type", "Official,County", "--top", "5", "--to", str(to)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0 and result.stdout.splitlines()[-1] == str(to.resolve())
    assert result.stdout.startswith("nodes 5 of ")
    for bad in (["--type", "Official,Nope"], ["--focus", "没有这个人"], ["--top", "0"]):
        result = runner.invoke(app, ["viz", "-o", str(seeds_out), *bad])
        assert result.exit_code == 2 and result.output.startswith("kg: error: "), bad
        assert len(result.output.strip().splitlines()) == 1


def test_kg_open_opens_the_page_or_says_there_is_no_browser(
    seeds_out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or True)
    result = CliRunner().invoke(app, ["open", "-o", str(seeds_out)])
    assert result.exit_code == 0 and result.output.strip() == str((seeds_out / "graph.html").resolve())
    assert opened == [(seeds_out / "graph.html").resolve().as_uri()]
    monkeypatch.setattr("webbrowser.open", lambda url: False)
    result = CliRunner().invoke(app, ["open", "-o", str(seeds_out)])
    assert result.exit_code == 0 and "no web browser" in result.output
    result = CliRunner().invoke(app, ["open", str(seeds_out / "nothing.html")])
    assert result.exit_code == 2 and result.output.startswith("kg: error: no page at ")
