"""Hostile input never crashes a build or loses data; outputs are deterministic, atomic and locked."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import api, cli
from kg.cli import app
from tests.bigtext import big_text

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOOD = SEEDS / "004_88326ccc8e8ccc00.txt"  # names 王东峰, 省委书记
runner = CliRunner()


def kg(*args: str, **env: str) -> subprocess.CompletedProcess:
    """`kg ARGS` in a fresh process, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )


def one_error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error: "), stderr
    assert "Traceback" not in stderr
    return lines[0]


def hostile_folder(root: Path) -> dict[str, str]:
    """A folder of one good article and every kind of broken file; the reason each is skipped."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(GOOD, root / "good.txt")
    files = {
        "empty.txt": b"",
        "blank.txt": b" \n\t\r\n",
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "undecodable.txt": b"\x81\x30" * 50 + b"\xff\xfe\xfd" * 30,
        "english.txt": b"The county head inspected the relocation site and met the villagers there.",
        "japanese.txt": "東京都で会議が開かれました。ひらがなとカタカナがあります。".encode(),
        "unreadable.txt": GOOD.read_bytes(),
        "empty.html": "<html><body><nav><a>首页</a></nav><script>var x;</script></body></html>".encode(),
    }
    for name, data in files.items():
        (root / name).write_bytes(data)
    shutil.copy(GOOD, root / "copy-of-good.txt")
    return {
        "empty.txt": "empty file",
        "blank.txt": "blank file (only white space)",
        "binary.txt": "binary file (NUL bytes)",
        "undecodable.txt": "undecodable: not UTF-8, UTF-16, GB18030 or Big5",
        "english.txt": "not Chinese text (0 Chinese characters in 74)",
        "japanese.txt": "not Chinese text (6 Chinese characters in 29)",
        "unreadable.txt": "unreadable: permission denied",
        "empty.html": "no text in the HTML page",
    }


@pytest.fixture
def unreadable(monkeypatch):
    """Reading a file named unreadable.txt fails as it would without permission (tests run as root)."""
    read_bytes = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self.name == "unreadable.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)


# ---- skip, warn, keep going ---------------------------------------------------------------------


def test_each_broken_file_gets_one_warning_and_a_report_row(tmp_path, unreadable) -> None:
    reasons = hostile_folder(tmp_path / "in")
    result = runner.invoke(app, ["build", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--no-html"])

    assert result.exit_code == 0, result.output
    warnings = result.stderr.strip().splitlines()
    expected = {str(tmp_path / "in" / name): reason for name, reason in reasons.items()}
    copy, good = (str(tmp_path / "in" / n) for n in ("copy-of-good.txt", "good.txt"))
    expected[good] = f"same text as {copy}"  # the same article under another name: the first name is kept
    assert sorted(warnings) == sorted(f"kg: warning: skipped {f}: {r}" for f, r in expected.items())
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert {row["file"]: row["reason"] for row in report["skipped"]} == expected
    assert result.stdout.startswith("articles 1  officials ")
    officials = api.query("SELECT ?n WHERE { ?o a fp:Official ; rdfs:label ?n }", tmp_path / "out").rows
    assert ["王东峰"] in officials


def test_nothing_built_exits_3_and_leaves_the_previous_build(tmp_path, unreadable) -> None:
    out = tmp_path / "out"
    api.build([SEEDS], out, html=False)
    before = {name: (out / name).read_bytes() for name in ("graph.ttl", "report.json")}
    hostile_folder(tmp_path / "in")
    (tmp_path / "in" / "good.txt").unlink()
    (tmp_path / "in" / "copy-of-good.txt").unlink()

    result = runner.invoke(app, ["build", str(tmp_path / "in"), "-o", str(out)])

    assert result.exit_code == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 9 and all(line.startswith("kg: warning: skipped ") for line in lines[:-1])
    assert lines[-1] == "kg: error: no article could be built: all 8 inputs were skipped"
    assert {name: (out / name).read_bytes() for name in before} == before
    empty = runner.invoke(app, ["build", str(tmp_path / "in" / "empty.txt"), "-o", str(out)])
    assert empty.exit_code == 3


def test_a_folder_without_articles_and_an_output_folder_among_the_inputs(tmp_path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "readme.md").write_text("nothing to read", encoding="utf-8")
    result = runner.invoke(app, ["build", str(tmp_path / "notes"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 3
    assert "no .txt or .html files found" in one_error_line(result.stderr)

    out = tmp_path / "corpus" / "out"  # built inside the folder it reads: its graph.html is no article
    shutil.copytree(SEEDS, tmp_path / "corpus" / "seeds")
    for _ in range(2):
        result = runner.invoke(app, ["build", str(tmp_path / "corpus"), "-o", str(out)])
        assert result.exit_code == 0 and result.stdout.startswith("articles 5 "), result.output


def test_same_file_names_in_two_folders_are_two_articles(tmp_path) -> None:
    texts = [f.read_text(encoding="utf-8") for f in sorted(SEEDS.glob("*.txt"))[:2]]
    for folder, text in zip("ab", texts, strict=True):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.html").write_text(f"<html><body><p>{text}</p></body></html>")
    first = api.build([tmp_path / "a", tmp_path / "b"], tmp_path / "o1", html=False)
    api.build([tmp_path / "b", tmp_path / "a"], tmp_path / "o2", html=False)
    assert first.counts["articles"] == 2
    assert (tmp_path / "o1" / "graph.ttl").read_bytes() == (tmp_path / "o2" / "graph.ttl").read_bytes()
    sources = api.query("SELECT ?f WHERE { ?a a fp:Article ; fp:sourceFile ?f }", tmp_path / "o1").rows
    assert len(sources) == 2 and all(f.startswith("index~") and f.endswith(".html") for (f,) in sources)


# ---- exit codes and one-line errors -------------------------------------------------------------


def test_exit_codes_are_documented() -> None:
    help_text = " ".join(kg("--help").stdout.split())
    for code in ("0 done", "1 internal error", "2 bad usage or input", "3 nothing built", "4 the output"):
        assert code in help_text
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "| 3 |" in readme and "| 4 |" in readme


@pytest.mark.parametrize(
    "args",
    [
        ["bogus"],
        ["build"],
        ["build", "seeds", "--no-such-option"],
        ["query"],
        ["build", "no/such/folder"],
        ["query", "SELECT ?x WHERE { ?x ?p ?o }", "-o", "no/such/out"],
        ["query", "x.rq", "-o", "no/such/out"],
        ["eval", "no/such/gold"],
    ],
)
def test_usage_errors_are_one_line_with_exit_2(args: list[str]) -> None:
    result = kg(*args)
    assert result.returncode == 2
    one_error_line(result.stderr)
    assert result.stdout == ""


def test_query_before_any_build_says_to_build_first(tmp_path) -> None:
    result = kg("query", "SELECT ?x WHERE { ?x ?p ?o }", "-o", str(tmp_path))
    assert result.returncode == 2
    assert "run `kg build" in one_error_line(result.stderr)


def test_malformed_sparql_gets_the_parser_message_and_position(tmp_path) -> None:
    api.build([GOOD], tmp_path, html=False)
    cases = {
        "SELECT ?x WHERE { ?x ?p ?o } LIMIT x": "at line 1, column 36: expected one of HAVING",
        "SELECT ?x\nWHERE {\n  ?x nope:label ?o }": "at line 3, column 16: unknown prefix",
        "SELECT ?x WHERE { ?x": "at line 1, column 21: expected one of",
    }
    for sparql, expected in cases.items():
        result = runner.invoke(app, ["query", sparql, "-o", str(tmp_path)])
        assert result.exit_code == 2
        line = one_error_line(result.stderr)
        assert line.startswith("kg: error: SPARQL syntax error ") and expected in line, line
        assert "'0'..='9'" not in line  # the parser's character ranges are left out


def test_an_update_is_refused_as_read_only(tmp_path) -> None:
    api.build([GOOD], tmp_path, html=False)
    updates = [
        "DELETE WHERE { ?s ?p ?o }",
        "# drop it all\nPREFIX ex: <http://example.org/>\nINSERT DATA { ex:a ex:b ex:c }",
        "clear all",
    ]
    for update in updates:
        result = runner.invoke(app, ["query", update, "-o", str(tmp_path)])
        assert result.exit_code == 2
        assert one_error_line(result.stderr) == (
            "kg: error: queries are read-only (SELECT, ASK, CONSTRUCT, DESCRIBE): rebuild to change the graph"
        )
    assert api.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", tmp_path).rows[0][0] != "0"


def test_a_slash_in_a_prefixed_name_gets_the_two_ways_to_write_the_iri(tmp_path) -> None:
    api.build([GOOD], tmp_path, html=False)
    result = runner.invoke(
        app, ["query", "SELECT ?p WHERE { fpid:official/王东峰-130000 ?p ?o . }", "-o", str(tmp_path)]
    )
    assert result.exit_code == 2
    line = one_error_line(result.stderr)
    iri, escaped = "<https://w3id.org/fupin/id/official/王东峰-130000>", "fpid:official\\/王东峰-130000"
    assert line.endswith(f"; a prefixed name cannot hold “/”: write {iri} or {escaped}"), line
    for written in (iri, escaped):  # both suggestions answer
        assert api.query(f"SELECT ?p WHERE {{ {written} ?p ?o }}", tmp_path).rows
    other = runner.invoke(app, ["query", "SELECT ?x WHERE { ?x ?p ?o } LIMIT x", "-o", str(tmp_path)])
    assert "prefixed name" not in other.stderr


def test_a_pdf_says_pdfs_are_not_supported(tmp_path) -> None:
    (tmp_path / "in").mkdir()
    shutil.copy(GOOD, tmp_path / "in" / "good.txt")
    pdf = tmp_path / "in" / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    result = runner.invoke(app, ["build", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0 and result.stdout.startswith("articles 1 ")
    assert f"kg: warning: skipped {pdf}: a PDF: PDFs are not supported (" in result.stderr
    alone = runner.invoke(app, ["build", str(pdf), "-o", str(tmp_path / "alone")])
    assert alone.exit_code == 3 and "PDFs are not supported" in alone.stderr


def test_a_bad_gold_file_is_one_line(tmp_path) -> None:
    api.build([GOOD], tmp_path / "out", html=False)
    for n, text in enumerate(['{"doc": "x", ', '{"no": "doc"}', "[1, 2]"]):
        gold = tmp_path / f"gold{n}"
        gold.mkdir()
        (gold / "a.json").write_text(text, encoding="utf-8")
        result = runner.invoke(app, ["eval", str(gold), "-o", str(tmp_path / "out")])
        assert result.exit_code == 2
        line = one_error_line(result.stderr)
        assert line.startswith(
            f"kg: error: the gold file {gold / 'a.json'} could not be scored: not a gold file ("
        )


def test_an_unexpected_error_is_one_line_with_exit_1(monkeypatch, capsys) -> None:
    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero\nsecond line")

    monkeypatch.setattr(api, "query", broken)
    monkeypatch.setattr(sys, "argv", ["kg", "query", "SELECT ?x WHERE { ?x ?p ?o }"])
    with pytest.raises(SystemExit) as done:
        cli.main()
    assert done.value.code == 1
    line = one_error_line(capsys.readouterr().err)
    assert line == "kg: error: internal error: ZeroDivisionError: division by zero (KG_DEBUG=1 shows where)"


def test_an_output_folder_that_cannot_be_written(tmp_path) -> None:
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    result = runner.invoke(app, ["build", str(GOOD), "-o", str(tmp_path / "file")])
    assert result.exit_code == 2
    assert "cannot write to" in one_error_line(result.stderr)


# ---- determinism ------------------------------------------------------------------------------------


def test_the_graph_does_not_depend_on_order_duplicates_paths_or_hash_seed(tmp_path) -> None:
    files = sorted(SEEDS.glob("*.txt"))
    copy = tmp_path / "elsewhere" / "seeds"
    shutil.copytree(SEEDS, copy)
    shuffled = files[:]
    random.Random(4).shuffle(shuffled)
    orders = {
        "folder": [SEEDS],
        "files": files,
        "shuffled-with-duplicates": [*shuffled, SEEDS, files[0], Path(os.path.relpath(files[1]))],
        "elsewhere": [copy],
    }
    graphs = set()
    for name, inputs in orders.items():
        api.build(inputs, tmp_path / f"out-{name}", html=False)
        graphs.add((tmp_path / f"out-{name}" / "graph.ttl").read_bytes())
    result = kg(
        "build",
        *map(str, reversed(shuffled)),
        "-o",
        str(tmp_path / "seeded"),
        "--no-html",
        PYTHONHASHSEED="7",
    )
    assert result.returncode == 0, result.stderr
    graphs.add((tmp_path / "seeded" / "graph.ttl").read_bytes())
    assert len(graphs) == 1


# ---- atomic outputs and the lock ------------------------------------------------------------------


def test_write_atomic_never_leaves_a_part(tmp_path, monkeypatch) -> None:
    target = tmp_path / "graph.ttl"
    api.write_atomic(target, "old")
    assert target.read_text() == "old"
    assert target.stat().st_mode & 0o044  # readable by others, as the umask allows

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        api.write_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def _holds_lock(out: Path) -> bool:
    """Whether some process holds OUT/.lock, asked of /proc/locks: trying the lock could take it."""
    try:
        inode = (out / api.LOCK_FILE).stat().st_ino
    except FileNotFoundError:
        return False
    locks = Path("/proc/locks").read_text().splitlines()
    return any(line.split()[1] == "FLOCK" and line.split()[5].endswith(f":{inode}") for line in locks)


def test_a_second_build_on_the_same_folder_is_refused(tmp_path) -> None:
    out = tmp_path / "out"
    with api.locked(out):  # this process builds; another comes along
        result = kg("build", str(GOOD), "-o", str(out))
    assert result.returncode == 4
    assert one_error_line(result.stderr) == (
        f"kg: error: another build is writing {out}/: try again when it has finished"
    )
    assert not (out / "graph.ttl").exists()
    assert kg("build", str(GOOD), "-o", str(out), "--no-html").returncode == 0


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux's /proc/locks")
def test_a_killed_build_leaves_the_previous_out_intact_and_queryable(tmp_path) -> None:
    out = tmp_path / "out"
    api.build([SEEDS], out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name != api.LOCK_FILE}
    big = tmp_path / "big" / "big.txt"
    big.parent.mkdir()
    big.write_text(big_text(2_000_000), encoding="utf-8")
    for delay in (0.0, 1.0):
        build = subprocess.Popen(
            [sys.executable, "-m", "kg", "build", str(big.parent), str(SEEDS), "-o", str(out)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while not _holds_lock(out) and build.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert build.poll() is None, "the build ended before it could be killed"
        refused = runner.invoke(app, ["build", str(GOOD), "-o", str(out)])  # meanwhile, a second build
        assert refused.exit_code == 4
        time.sleep(delay)
        build.send_signal(signal.SIGKILL)
        build.wait()
        after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name != api.LOCK_FILE}
        assert after == before
        query = runner.invoke(
            app, ["query", "SELECT ?n WHERE { ?o a fp:Official ; rdfs:label ?n }", "-o", str(out)]
        )
        assert query.exit_code == 0 and "王东峰" in query.stdout
    result = runner.invoke(app, ["build", str(SEEDS), "-o", str(out)])  # the next build tidies up
    assert result.exit_code == 0
    assert not list(out.glob(".*.tmp")) and not list(out.glob("*.part"))
    assert (out / "graph.ttl").read_bytes() == before["graph.ttl"]
