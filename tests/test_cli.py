import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
runner = CliRunner()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = runner.invoke(app, ["build", str(SEEDS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_build_writes_graph_and_page_and_prints_a_summary(built):
    assert (built / "graph.ttl").stat().st_size > 0
    assert (built / "graph.html").stat().st_size > 0
    result = runner.invoke(app, ["build", str(SEEDS), "-o", str(built)])
    assert result.output.splitlines()[0].startswith("articles 5  officials ")


def test_query_lists_the_seed_officials_as_csv(built):
    sparql = "SELECT DISTINCT ?name WHERE { ?o a fp:Official ; rdfs:label ?name } ORDER BY ?name"
    result = runner.invoke(app, ["query", sparql, "-o", str(built), "--format", "csv"])
    assert result.exit_code == 0
    names = {row[0] for row in csv.reader(io.StringIO(result.stdout))}
    assert {"name", "王昕", "魏茹生", "贠建民", "王东峰", "冯晓雷"} <= names


def test_query_from_a_file_as_json(built, tmp_path):
    rq = tmp_path / "events.rq"
    rq.write_text("SELECT ?e WHERE { ?e a fp:Inspection }", encoding="utf-8")
    result = runner.invoke(app, ["query", str(rq), "-o", str(built), "--format", "json"])
    assert result.exit_code == 0
    assert '"e": "https://w3id.org/fupin/id/event/' in result.stdout


def test_bad_input_gets_one_line_and_a_nonzero_exit(built, tmp_path):
    cases = [
        ["query", "SELECT ?x WHERE { ?x", "-o", str(built)],
        ["query", "SELECT ?x WHERE { ?x ?p ?o }", "-o", str(tmp_path / "nowhere")],
        ["build", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "o")],
        ["eval", str(tmp_path / "no-gold"), "-o", str(built)],
    ]
    for args in cases:
        result = runner.invoke(app, args)
        assert result.exit_code != 0, args
        assert len(result.output.strip().splitlines()) == 1, result.output
        assert result.output.startswith("kg: error: ")
        assert "Traceback" not in result.output


def test_help_shows_an_example_and_stdout_is_clean():
    for command in ([], ["build"], ["query"], ["eval"], ["viz"], ["open"]):
        result = subprocess.run(
            [sys.executable, "-m", "kg", *command, "--help"], capture_output=True, text=True, check=True
        )
        assert "Example" in result.stdout


def test_a_dependency_missing_from_an_old_environment_says_how_to_mend_it(monkeypatch, capsys):
    import kg.cli

    def old_environment(**_):
        raise ModuleNotFoundError("No module named 'ahocorasick_rs'", name="ahocorasick_rs")

    monkeypatch.setattr(kg.cli, "app", old_environment)
    with pytest.raises(SystemExit) as stop:
        kg.cli.main()
    assert stop.value.code == 1
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("kg: error: the package providing `ahocorasick_rs` is not installed here")
    assert "make install" in line
