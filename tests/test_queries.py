"""Saved queries (ontology/queries/*.rq): each is described, runs by name on the seed build and returns rows."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kg import api
from kg.cli import app

NAMES = [
    "career", "events-by-report-count", "evidence", "holders-on-date", "inspections-by-programme", "officials",
    "officials-by-county", "programme-coverage", "who-met-whom",
]  # fmt: skip
runner = CliRunner()


def test_every_saved_query_is_listed_with_what_it_answers():
    saved = api.saved_queries()
    assert sorted(saved) == NAMES
    for name, about in saved.items():
        assert len(about) > 20 and about[0].isupper(), name
    result = runner.invoke(app, ["queries"])
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.stdout.splitlines()] == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_each_saved_query_returns_rows_on_the_seed_build(seed_build, name):
    result = api.query(name, seed_build)
    assert result.rows, name
    assert all(v is not None for v in result.rows[0][:2])


def test_saved_queries_answer_what_they_say(seed_build):
    by_county = api.query("officials-by-county", seed_build)
    rows = {(r[1], r[3]) for r in by_county.rows}
    assert ("静乐县", "王昕") in rows and ("镇巴县", "高显武") in rows
    met = api.query("who-met-whom", seed_build)
    assert any({r[0], r[1]} == {"王昕", "魏茹生"} for r in met.rows)
    evidence = api.query("evidence", seed_build)
    xi = [r for r in evidence.rows if r[2] == "习近平 总书记"]
    assert len({r[4] for r in xi}) == len(xi) == 4  # one row per article, each with its own sentence
    inspections = api.query("inspections-by-programme", seed_build)
    assert ("易地扶贫搬迁", "魏茹生") in {(r[0], r[4]) for r in inspections.rows}
    coverage = api.query("programme-coverage", seed_build)
    assert ("山西省", "易地扶贫搬迁") in {(r[1], r[2]) for r in coverage.rows}
    career = api.query("career", seed_build)
    assert ["姚智儒", "政协副主席", "镇巴县政协", "2018-05-17", "2018-05-17", "1"] in [
        r[:6] for r in career.rows
    ]
    on_date = api.query("holders-on-date", seed_build)
    assert {("政协副主席", "镇巴县政协", "姚智儒"), ("政协副主席", "镇巴县政协", "高显武")} <= {
        tuple(r[:3]) for r in on_date.rows
    }
    events = api.query("events-by-report-count", seed_build)
    assert len(events.rows) == 6 and {r[0] for r in events.rows} == {"1"}  # five articles, no two alike


def test_an_unknown_name_is_one_line(seed_build):
    result = runner.invoke(app, ["query", "officials_by_town", "-o", str(seed_build)])
    assert result.exit_code == 2
    assert (
        result.output.strip()
        == "kg: error: no saved query named 'officials_by_town': `kg queries` lists them"
    )


def test_officials_lists_each_official_once_by_name(seed_build):
    result = api.query("officials", seed_build)
    assert result.variables == ["name", "posts", "jurisdictions", "articles", "official"]
    count = api.query("SELECT (COUNT(*) AS ?n) WHERE { ?o a fp:Official }", seed_build).rows[0][0]
    assert len(result.rows) == len({r[4] for r in result.rows}) == int(count)
    rows = {r[0]: r for r in result.rows}
    assert set(rows["王昕"][1].split("|")) == {"县委副书记（静乐县）", "县长（静乐县）"}
    assert (
        rows["王昕"][2] == "静乐县" and rows["王东峰"][2] == "河北省"
    )  # read in Traditional: one row, Simplified
    assert not any("https://" in cell for r in result.rows for cell in r[:4])
