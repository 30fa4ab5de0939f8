"""Push the seed graph into a real Virtuoso (Debian's virtuoso-opensource) and query it back over HTTP.

The fixture starts virtuoso-t on free loopback ports with a copy of the packaged virtuoso.ini whose
database, transaction, lock and log files live in a temporary folder, waits until it answers, and stops
it after the module. Without virtuoso-t the tests skip, except in CI (CI set), where they fail:
scripts/system-deps.sh installs it. Virtuoso's Graph Store (/sparql-graph-crud-auth) and SPARQL Update
(/sparql-auth) endpoints want digest auth; a new database's administrator is dba/dba.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from typer.testing import CliRunner

from kg import api
from kg.cli import app
from kg.serve import stop_process
from tests.endpoints import saved_query_rows

pytestmark = pytest.mark.virtuoso
INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
FILES = ("DatabaseFile", "ErrorLogFile", "LockFile", "TransactionFile", "xa_persistent_file")
GRAPH = "https://w3id.org/fupin/id/graph"
runner = CliRunner()


def _free_ports(n: int) -> list[int]:
    sockets = [socket.socket() for _ in range(n)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def _config(text: str, folder: Path, sql_port: int, http_port: int) -> str:
    """The packaged configuration with its files in `folder` and its servers on loopback ports."""
    section, lines = "", []
    for line in text.splitlines():
        if m := re.match(r"\s*\[(.+)\]", line):
            section = m.group(1)
        key, _, value = line.partition("=")
        key = key.strip()
        if key in FILES and not line.lstrip().startswith(";"):
            line = f"{key} = {folder / Path(value.split(';')[0].strip()).name}"
        elif key == "ServerPort" and section == "Parameters":
            line = f"ServerPort = 127.0.0.1:{sql_port}"
        elif key == "ServerPort" and section == "HTTPServer":
            line = f"ServerPort = 127.0.0.1:{http_port}"
        lines.append(line)
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory) -> Iterator[str]:
    binary = shutil.which("virtuoso-t")
    if binary is None or not INI.is_file():
        if os.environ.get("CI"):
            pytest.fail("virtuoso-t is not installed: scripts/system-deps.sh installs virtuoso-opensource")
        pytest.skip("virtuoso-t is not installed (scripts/system-deps.sh installs virtuoso-opensource)")
    folder = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = _free_ports(2)
    ini = folder / "virtuoso.ini"
    ini.write_text(_config(INI.read_text(encoding="utf-8"), folder, sql_port, http_port), encoding="utf-8")
    base = f"http://127.0.0.1:{http_port}"
    with open(folder / "console.log", "wb") as log:
        process = subprocess.Popen(
            [binary, "-f", "-c", str(ini)], cwd=folder, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            _wait(base, process, folder)
            yield base
        finally:
            stop_process(process, timeout=30)


def _wait(base: str, process: subprocess.Popen, folder: Path, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"virtuoso-t exited with {process.returncode}: {(folder / 'console.log').read_text()[-2000:]}"
            )
        try:
            if requests.get(base + "/sparql", params={"query": "ASK {}"}, timeout=2).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    pytest.fail(f"Virtuoso did not answer within {limit:g} s")


@pytest.fixture
def dba(monkeypatch) -> None:
    monkeypatch.setenv("KG_ENDPOINT_USER", "dba")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "dba")


def _counts(out: Path | None, graph: str | None, endpoint: str | None = None) -> dict[str, int]:
    """Triples, and nodes per class, in the local merged graph or in `graph` at the endpoint."""
    pattern = "{ %s }" if graph is None else f"{{ GRAPH <{graph}> {{ %s }} }}"
    total = api.query(
        f"SELECT (COUNT(*) AS ?n) WHERE {pattern % '?s ?p ?o'}", out or "out", endpoint=endpoint
    )
    classes = api.query(
        f"SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE {pattern % '?x a ?c'} GROUP BY ?c",
        out or "out",
        endpoint=endpoint,
    )
    return {"triples": int(total.rows[0][0])} | {c: int(n) for c, n in classes.rows}


def test_push_by_graph_store_and_query_back_the_same_graph(virtuoso, seed_build, dba):
    result = api.push(seed_build, endpoint=virtuoso + "/sparql-graph-crud-auth", graph=GRAPH)
    local = _counts(seed_build, None)
    assert (result.protocol, result.triples) == ("graph store", local["triples"])
    assert _counts(None, GRAPH, virtuoso + "/sparql") == local
    api.push(seed_build, endpoint=virtuoso + "/sparql-graph-crud-auth", graph=GRAPH)
    assert _counts(None, GRAPH, virtuoso + "/sparql")["triples"] == local["triples"]  # replaced, not doubled
    for _ in range(2):  # no blank node in the graph: appending what is there adds nothing
        api.push(seed_build, endpoint=virtuoso + "/sparql-graph-crud-auth", graph=GRAPH, append=True)
    assert _counts(None, GRAPH, virtuoso + "/sparql") == local
    for name in ("officials-by-county", "who-met-whom"):
        assert saved_query_rows(name, endpoint=virtuoso + "/sparql") == saved_query_rows(name, out=seed_build)


def test_push_by_sparql_update_directly_and_as_the_fallback(virtuoso, seed_build, dba):
    local = _counts(seed_build, None)
    for name, kwargs in (
        ("update", {"update": virtuoso + "/sparql-auth"}),
        ("fallback", {"endpoint": virtuoso + "/no-graph-store-here", "update": virtuoso + "/sparql-auth"}),
    ):
        graph = f"https://example.org/graph/{name}"
        result = api.push(seed_build, graph=graph, **kwargs)
        assert result.protocol == "sparql update" and result.requests == 2, name
        assert _counts(None, graph, virtuoso + "/sparql") == local, name
    api.push(seed_build, graph=graph, update=virtuoso + "/sparql-auth", append=True)
    assert _counts(None, graph, virtuoso + "/sparql") == local


def test_wrong_credentials_are_one_line_without_the_password(virtuoso, seed_build, monkeypatch):
    monkeypatch.setenv("KG_ENDPOINT_USER", "dba")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "not-the-password")
    result = runner.invoke(
        app, ["push", "-o", str(seed_build), "--endpoint", virtuoso + "/sparql-graph-crud-auth"]
    )
    assert result.exit_code == 5, result.output
    assert result.output.startswith("kg: error: graph store at http://127.0.0.1:")
    assert (
        "HTTP 401" in result.output and "(check KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD)" in result.output
    )
    assert len(result.output.strip().splitlines()) == 1 and "not-the-password" not in result.output
