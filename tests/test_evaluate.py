"""kg eval: only the articles built are scored, the other gold files are left out with a reason, and the
errors are told apart by kind (missed, false, wrong boundary, wrong jurisdiction)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from kg import api
from kg.api import KgError
from kg.cli import app
from kg.evaluate import KINDS, Report, _overlap

SEED = "000_a717ad774b98aab9.txt"  # 王昕, 静乐县县长, in the seeds


def gold(doc: str, officials: list[dict]) -> dict:
    return {"doc": doc, "officials": officials, "regions": [], "programs": [], "events": []}


@pytest.fixture
def golds(tmp_path: Path) -> tuple[Path, Path]:
    """Two gold folders: one article of the build with a boundary and a jurisdiction error, one article
    that was not built, a file that is no gold, and a second gold file for the built article."""
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    officials = [
        {"name": "王昕", "titles": ["县长"], "jurisdiction": "忻州市"},
        {"name": "魏茹生同志", "titles": [], "jurisdiction": None},
    ]
    (first / "seed.json").write_text(json.dumps(gold(SEED, officials), ensure_ascii=False), encoding="utf-8")
    (first / "absent.json").write_text(json.dumps(gold("absent.txt", [])), encoding="utf-8")
    (second / "broken.json").write_text("{not json", encoding="utf-8")
    (second / "again.json").write_text(json.dumps(gold(SEED, [])), encoding="utf-8")
    return first, second


def test_only_built_articles_are_scored_and_the_rest_left_out_with_why(seed_build, golds):
    first, second = golds
    report = api.evaluate([first, second], seed_build)
    assert [p.name for p in report.scored] == ["seed.json"]
    assert sorted((p.name, why) for p, why, _ in report.left_out) == [
        ("absent.json", "article not in the build"),
        ("again.json", "a second gold file for one article"),
        ("broken.json", "not a gold file"),
    ]
    assert report.scores["officials"].gold == 2  # the article not built is no miss
    one_file = api.evaluate(first / "seed.json", seed_build)
    assert one_file.scores["officials"].gold == 2 and not one_file.left_out


def test_errors_by_kind(seed_build, golds):
    report = api.evaluate(golds[0], seed_build)
    kinds = report.by_kind()
    assert kinds["officials"]["wrong boundary"] == [(SEED, "魏茹生同志", "魏茹生")]
    assert kinds["jurisdictions"]["wrong jurisdiction"] == [(SEED, ("王昕", "忻州市"), ("王昕", "静乐县"))]
    assert kinds["titles"]["missed"] == [] and kinds["titles"]["false"]  # 王昕's 县长 hits
    assert all(doc == SEED and want is None for doc, want, _ in kinds["officials"]["false"])
    assert ("王昕", "县长") not in {want for _, want, _ in kinds["titles"]["missed"]}


def test_near_misses_pair_each_false_hit_once():
    report = Report(
        scores={},
        errors=[
            ("a.txt", "participation", [("2020-01-02", "静乐县", "王昕"), ("2020-01-02", "静乐县", "李永成")],
             [("2020-01-02", "忻州市", "王昕"), ("2020-01-02", "静乐县", "李永")]),
            ("a.txt", "regions", ["静乐县"], ["鹅城镇"]),
            ("b.txt", "officials", ["王昕"], ["县长王", "王昕及"]),
            ("b.txt", "events", [("meeting", "2020-01-02", "静乐县")], [("meeting", "2020-01-12", "静乐县")]),
        ],
    )  # fmt: skip
    kinds = report.by_kind()
    assert kinds["participation"]["wrong jurisdiction"] == [
        ("a.txt", ("2020-01-02", "静乐县", "王昕"), ("2020-01-02", "忻州市", "王昕"))
    ]
    assert kinds["participation"]["wrong boundary"] == [
        ("a.txt", ("2020-01-02", "静乐县", "李永成"), ("2020-01-02", "静乐县", "李永"))
    ]
    assert kinds["regions"]["missed"] == [("a.txt", "静乐县", None)]
    assert kinds["regions"]["false"] == [("a.txt", None, "鹅城镇")]
    assert kinds["officials"]["wrong boundary"] == [("b.txt", "王昕", "县长王")]
    assert kinds["officials"]["false"] == [("b.txt", None, "王昕及")]
    assert set(kinds["officials"]) == set(KINDS)
    assert (
        kinds["events"]["missed"] and kinds["events"]["false"]
    )  # another day is no boundary: dates are no names


def test_nothing_to_score_is_one_clear_error(seed_build, golds, tmp_path):
    with pytest.raises(
        KgError, match="none of the 2 gold files could be scored: article not in the build; not"
    ):
        api.evaluate([golds[0] / "absent.json", golds[1] / "broken.json"], seed_build)
    with pytest.raises(KgError, match="gold not found: "):
        api.evaluate([golds[0], tmp_path / "nowhere"], seed_build)


def test_kg_eval_says_what_it_left_out_and_groups_errors(seed_build, golds):
    runner = CliRunner()
    result = runner.invoke(app, ["eval", *map(str, golds), "-o", str(seed_build)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[-2].startswith("macro-F1 ") and lines[-2].endswith(" over 1 articles")
    assert lines[-1] == (
        "left out 3 gold files: a second gold file for one article: 1; article not in the build: 1; "
        "not a gold file: 1"
    )
    result = runner.invoke(app, ["eval", *map(str, golds), "-o", str(seed_build), "--verbose"])
    assert result.exit_code == 0, result.output
    assert f"  left out {golds[0] / 'absent.json'}: article not in the build (absent.txt)" in result.stdout
    assert "errors           missed  false  wrong boundary  wrong jurisdiction" in result.stdout
    assert "\njurisdictions: wrong jurisdiction (1)\n" in result.stdout
    assert f"  {SEED}  王昕 | 忻州市 → 王昕 | 静乐县" in result.stdout
    assert f"  {SEED}  魏茹生同志 → 魏茹生" in result.stdout


NAMES = st.text(alphabet="王昕及李永成县长", max_size=5)


@given(NAMES, NAMES)
def test_overlap_is_symmetric_and_holds_for_a_name_inside_another(a: str, b: str) -> None:
    assert _overlap(a, b) == _overlap(b, a)
    if a and b:
        assert _overlap(a, a + b) and _overlap(b, a + b)
        assert not _overlap(a, "甲乙丙")
