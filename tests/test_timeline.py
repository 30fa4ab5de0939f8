"""Time and identity across reports: one event per happening (matching rules, near-misses, any input order),
dated posts, one official across a change of title, namesakes apart, and `kg career` / `kg holders` on
the small articles of tests/careers (two outlets and a Traditional copy of one inspection, a promotion,
a namesake in another county, 原 and 时任 posts)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kg import api, merge, viz
from kg.cli import app
from kg.graph.timeline import Timeline
from kg.model import Summary
from kg.recognize.gazetteer import load
from kg.text.metadata import to_simplified

CAREERS = Path(__file__).parent / "careers"
JINGLE, SUOPO, DINGXIANG, XINZHOU = "140926", "140926/娑婆乡", "140921", "140900"
runner = CliRunner()


def report(
    kind="inspection", date="2018-05-18", place=JINGLE, leads=("赵立新",), others=("王昕",), year=None
):
    """An article's summary holding one event report."""
    return Summary([], [], [(kind, date, None, place, tuple(leads), (*leads, *others), "调研")], year)


def happenings(*summaries: Summary) -> list[set[int]]:
    """The articles (by position) whose reports became one happening, for articles a0, a1, …"""
    timeline = Timeline(load())
    for i, summary in enumerate(summaries):
        people = {p for e in summary.events for p in e[5]}
        timeline.add(f"a{i}", summary, {(f"a{i}", p): p for p in people})
    return sorted(({int(r.stem[1:]) for r in h.reports} for h in timeline.resolve()), key=min)


@pytest.mark.parametrize(
    "a, b",
    [
        (report(), report()),  # two outlets, the same words
        (report(place=SUOPO), report(place=JINGLE)),  # a township and its county
        (report(date="--05-18", year=2018), report()),  # a day without a year, in an article of that year
        (report(date="--05-18"), report(date="--05-18")),  # neither article gives a year
        (report(leads=()), report()),  # one names no lead: a participant in common is enough
        (report(leads=("赵立新", "王昕"), others=()), report()),  # a lead in common
    ],
)
def test_reports_of_one_happening_merge(a, b):
    assert happenings(a, b) == [{0, 1}]


@pytest.mark.parametrize(
    "a, b",
    [
        (report(date="2018-05-18"), report(date="2018-05-19")),  # another day
        (report(date="2018-05-18"), report(date="2019-05-18")),  # another year
        (report(date="--05-18", year=2019), report()),  # the articles' years disagree
        (report(date="--05-18"), report()),  # the year is not known
        (report(kind="meeting"), report()),
        (report(leads=("赵立新",)), report(leads=("王昕",), others=("赵立新",))),  # disjoint leads
        (report(place=JINGLE), report(place=DINGXIANG)),  # two counties of one prefecture
        (
            report(place=XINZHOU),
            report(place=JINGLE),
        ),  # a prefecture and a county in it: not within one county
        (report(place=None), report()),  # no place against a place
        (report(leads=(), others=("李永成",)), report(leads=(), others=("孟宪璋",))),  # nobody in common
        (report(date=None), report(date=None)),  # no day to match by
    ],
)
def test_near_misses_stay_apart(a, b):
    assert happenings(a, b) == [{0}, {1}]


def test_one_happening_never_gathers_what_its_reports_forbid_pairwise():
    # b shares a lead with a and one with c, but a's and c's leads are disjoint: c stays apart
    a = report(leads=("赵立新",), others=())
    b = report(leads=("赵立新", "王昕"), others=())
    c = report(leads=("王昕",), others=())
    assert happenings(a, b, c) == [{0, 1}, {2}]
    # a township of one county and its county, then a township of another county: no bridge either
    assert happenings(report(place=SUOPO), report(place=JINGLE), report(place=DINGXIANG)) == [{0, 1}, {2}]


def test_an_event_is_named_by_the_leads_most_of_its_reports_give():
    timeline = Timeline(load())
    for stem, leads in (("a", ("赵立新",)), ("b", ("赵立新", "王昕")), ("c", ("赵立新",))):
        timeline.add(stem, report(leads=leads, others=()), {(stem, p): p for p in leads})
    (happening,) = timeline.resolve()
    assert happening.name == ("inspection", "2018-05-18", JINGLE, "赵立新") and happening.ordinal == 1


def test_two_reports_in_one_article_stay_two_happenings():
    timeline = Timeline(load())
    one = report()
    twice = Summary([], [], one.events * 2, None)
    timeline.add("a", twice, {("a", "赵立新"): "赵立新", ("a", "王昕"): "王昕"})
    timeline.add("b", one, {("b", "赵立新"): "赵立新", ("b", "王昕"): "王昕"})
    assert sorted(len(h.reports) for h in timeline.resolve()) == [1, 2]


_PLACES = [JINGLE, SUOPO, DINGXIANG, XINZHOU, None]
_PEOPLE = ["赵立新", "王昕", "李永成"]
_REPORTS = st.builds(
    report,
    kind=st.sampled_from(["inspection", "meeting"]),
    date=st.sampled_from(["2018-05-18", "2018-05-19", "--05-18", None]),
    place=st.sampled_from(_PLACES),
    leads=st.lists(st.sampled_from(_PEOPLE), max_size=2, unique=True),
    others=st.lists(st.sampled_from(_PEOPLE), max_size=2, unique=True),
    year=st.sampled_from([2018, None]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_REPORTS, min_size=1, max_size=7), st.randoms(use_true_random=False))
def test_merging_does_not_depend_on_the_order_of_the_input(summaries, rng):
    def clusters(order: list[int]) -> set:
        timeline = Timeline(load())
        for i in order:
            people = {p for e in summaries[i].events for p in e[5]}
            timeline.add(f"a{i}", summaries[i], {(f"a{i}", p): p for p in people})
        return {(h.name, h.ordinal, tuple(r.stem for r in h.reports)) for h in timeline.resolve()}

    order = list(range(len(summaries)))
    shuffled = order[:]
    rng.shuffle(shuffled)
    assert clusters(order) == clusters(shuffled)
    timeline = Timeline(load())
    for i in order:
        timeline.add(f"a{i}", summaries[i], {(f"a{i}", p): p for p in _PEOPLE})
    for h in timeline.resolve():  # what a happening holds is pairwise compatible
        days = {(r.date[-5:], r.year) for r in h.reports if r.date}
        assert len(days) <= 1 and len({r.stem for r in h.reports}) == len(h.reports)
        for x in h.reports:
            for y in h.reports:
                assert not (x.leads and y.leads and x.leads.isdisjoint(y.leads))


@pytest.fixture(scope="module")
def careers(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("careers")
    api.build([CAREERS], out, html=False, cache=False)
    return out


def _select(out: Path, sparql: str) -> list[list[str | None]]:
    return api.query(sparql, out).rows


def test_one_inspection_reported_by_two_outlets_and_a_traditional_copy_is_one_node(careers):
    rows = _select(
        careers,
        """SELECT ?e ?n (COUNT(DISTINCT ?a) AS ?articles) (COUNT(DISTINCT ?r) AS ?reports) WHERE {
             ?e a fp:Inspection ; schema:startDate "2018-05-18"^^xsd:date ; fp:reportCount ?n ;
                prov:wasDerivedFrom ?a ; fp:reportedBy ?r ; fp:lead/rdfs:label "赵立新"@zh-Hans } GROUP BY ?e ?n""",
    )
    assert rows == [
        [api.PREFIXES["fpid"] + "event/inspection-2018-05-18-140926-娑婆乡-赵立新", "3", "3", "3"]
    ]
    # the Traditional copy's sentence is the first outlet's once simplified: its own report keeps it apart
    places = _select(careers, f"SELECT ?p WHERE {{ <{rows[0][0]}> schema:location/rdfs:label ?p }}")
    assert sorted(p[0] for p in places) == ["娑婆乡", "娑婆鄉"]  # the most specific place a report gives
    # the same day in another county (a namesake leading) and another day at the same place stay apart
    others = _select(careers, "SELECT ?e WHERE { ?e a fp:Inspection ; fp:reportCount 1 }")
    assert len(others) == 2


def test_an_official_keeps_one_node_across_a_promotion_and_a_namesake_stays_apart(careers):
    rows = _select(
        careers,
        """SELECT ?o ?title ?from ?until ?n WHERE { ?o a fp:Official ; rdfs:label "王昕"@zh-Hans ; org:holds ?p .
             ?p fp:title ?title ; fp:reportCount ?n OPTIONAL { ?p fp:attestedFrom ?from ; fp:attestedUntil ?until } }
           ORDER BY ?o ?from""",
    )
    here, there = api.PREFIXES["fpid"] + "official/王昕-140926", api.PREFIXES["fpid"] + "official/王昕-610728"
    assert rows == [
        [here, "县长", "2018-05-18", "2018-05-25", "4"],
        [here, "县委书记", "2020-03-09", "2021-06-01", "2"],
        [
            there,
            "副县长",
            "2018-05-19",
            "2018-05-19",
            "1",
        ],  # published the day after, no dated event sentence
    ]


def test_former_posts_are_not_attestations(careers):
    rows = _select(
        careers,
        """SELECT ?name ?title ?former ?from ?until ?n WHERE { ?o rdfs:label ?name ; org:holds ?p .
             FILTER(?name IN ("李永成"@zh-Hans, "孟宪璋"@zh-Hans)) ?p fp:title ?title ; fp:reportCount ?n .
             OPTIONAL { ?p fp:former ?former } OPTIONAL { ?p fp:attestedFrom ?from ; fp:attestedUntil ?until } }
           ORDER BY ?name ?title""",
    )
    assert rows == [
        ["孟宪璋", "副县长", "true", None, None, "1"],  # 时任 only: former, and no day it was held
        ["李永成", "县委副书记", None, "2020-03-09", "2020-03-09", "1"],
        [
            "李永成",
            "县长",
            None,
            "2020-03-09",
            "2020-03-09",
            "2",
        ],  # 原县长 in 2021 neither extends nor marks it
    ]


def test_the_career_query_gives_one_row_per_post_and_a_holders_title_filter_too(careers):
    holds = _select(careers, "SELECT (COUNT(*) AS ?n) WHERE { ?o org:holds ?p }")[0][0]
    assert len(api.query("career", careers).rows) == int(holds)
    mayors = api.holders("县长", "静乐", careers).rows
    assert len(mayors) == len({r[-1] for r in mayors}) == 2


def test_rebuilds_in_chunks_and_processes_are_byte_identical(careers, tmp_path, monkeypatch):
    monkeypatch.setattr(merge, "CHUNK", 2)
    api.build(sorted(CAREERS.glob("*.txt"), reverse=True), tmp_path, html=False, jobs=2, cache=False)
    assert (tmp_path / "graph.ttl").read_bytes() == (careers / "graph.ttl").read_bytes()


def test_kg_career_lists_each_namesake_with_posts_then_events_in_date_order(careers):
    result = runner.invoke(app, ["career", "王昕", "-o", str(careers), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["record"], r["from"], r["official"][-6:]) for r in rows] == [
        ("post", "2018-05-18", "140926"),
        ("post", "2020-03-09", "140926"),
        ("inspection", "2018-05-18", "140926"),
        ("inspection", "2018-05-25", "140926"),
        ("meeting", "2020-03-09", "140926"),
        ("meeting", "2021-06-01", "140926"),
        ("post", "2018-05-19", "610728"),
        ("inspection", "2018-05-18", "610728"),
    ]
    assert rows[2]["reports"] == "3" and rows[2]["note"] == "participant" and rows[4]["note"] == "lead"
    traditional = runner.invoke(app, ["career", "趙立新", "-o", str(careers), "--format", "csv"])
    assert traditional.stdout.splitlines()[1].startswith("赵立新,post,副市长,忻州市,2018-05-18,2018-05-25,4,")
    missing = runner.invoke(app, ["career", "无名氏", "-o", str(careers)])
    assert missing.exit_code == 2 and missing.output.startswith("kg: error: no official named")


def test_kg_holders_on_a_date_or_the_nearest_before_and_after(careers):
    def holders(*args: str) -> list[dict]:
        result = runner.invoke(app, ["holders", *args, "-o", str(careers), "-f", "json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    everyone = holders("--title", "县长", "--region", "静乐")
    assert [(r["name"], r["from"], r["until"]) for r in everyone] == [
        ("王昕", "2018-05-18", "2018-05-25"),
        ("李永成", "2020-03-09", "2020-03-09"),
    ]
    assert [(r["name"], r["on"]) for r in holders("-t", "县长", "-r", "静乐县", "--on", "2018-05-20")] == [
        ("王昕", "held on 2018-05-20")
    ]
    assert [(r["name"], r["on"]) for r in holders("-t", "县长", "-r", "靜樂", "--on", "2019-01-01")] == [
        ("王昕", "last seen before 2019-01-01"),
        ("李永成", "first seen after 2019-01-01"),
    ]
    assert holders("-t", "副县长", "-r", "静乐", "--on", "2018-05-20") == []  # a former post attests nothing
    bad = runner.invoke(
        app, ["holders", "-t", "县长", "-r", "静乐", "--on", "2019-13-01", "-o", str(careers)]
    )
    assert bad.exit_code == 2 and bad.output == "kg: error: bad date '2019-13-01': use YYYY-MM-DD\n"
    nowhere = runner.invoke(app, ["holders", "-t", "县长", "-r", "无此县", "-o", str(careers)])
    assert nowhere.exit_code == 2 and "no region named" in nowhere.output


def test_the_store_holds_the_counts_in_the_merged_graph_only(careers):
    store = api.load_store(careers)
    count = ox.NamedNode(api.PREFIXES["fp"] + "reportCount")
    graphs = {q.graph_name for q in store.quads_for_pattern(None, count, None)}
    assert graphs == {ox.DefaultGraph()}  # a count is over all articles: no article's own graph states it


def test_the_page_tooltips_give_posts_with_their_days_and_an_events_reports(careers):
    tips = {n["id"]: n["title"].split("\n") for n in viz.network_data(api.load_store(careers)).nodes}
    wang = tips[api.PREFIXES["fpid"] + "official/王昕-140926"]
    assert [line for line in wang if line.startswith("职务：")] == [
        "职务：县长（静乐县） 2018-05-18 至 2018-05-25，4 篇报道",
        "职务：县委书记（静乐县） 2020-03-09 至 2021-06-01，2 篇报道",
    ]
    meng = tips[api.PREFIXES["fpid"] + "official/孟宪璋-140926"]
    assert "职务：原副县长（静乐县） 1 篇报道" in meng
    event = tips[api.PREFIXES["fpid"] + "event/inspection-2018-05-18-140926-娑婆乡-赵立新"]
    assert "报道：3 篇文章" in event
    assert event[event.index("报道：3 篇文章") + 1] == (
        "文章：a_jingle_2018.txt《忻州市副市长赵立新到静乐县娑婆乡调研光伏扶贫》；"
        "b_xinzhou_2018.txt《赵立新在静乐县调研光伏扶贫工作》；"
        "c_trad_2018.txt《忻州市副市长赵立新到静乐县娑婆乡调研光伏扶贫》"
    )


def test_holders_of_a_post_in_a_body_are_found_by_its_jurisdiction(seed_build):
    rows = api.holders("一级巡视员", "山西", seed_build).rows
    assert [(r[0], r[2]) for r in rows] == [("魏茹生", "山西省发展和改革委员会")]


def test_events_csv_pairs_each_report_with_its_own_article(careers, tmp_path):
    folder = api.export("csv", careers, tmp_path / "csv")
    rows = list(csv.DictReader(io.StringIO((folder / "events.csv").read_text(encoding="utf-8"))))
    merged = [
        row for row in rows if row["event"].endswith("/event/inspection-2018-05-18-140926-娑婆乡-赵立新")
    ]
    assert len(merged) == 3  # one row per report, not its articles times its sentences
    for row in rows:
        text = to_simplified((CAREERS / row["source_file"]).read_text(encoding="utf-8"))
        assert to_simplified(row["evidence"]) in text, row
