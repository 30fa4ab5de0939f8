"""`kg push` and `kg query --endpoint` against a small triple store served on loopback by the test itself.

The fake server speaks the Graph Store Protocol at /store, SPARQL Update at /update and the SPARQL
Protocol at /sparql (union default graph, as Virtuoso), on an in-memory Oxigraph store; it can demand
basic auth, fail a number of requests with a status, or answer slowly. Virtuoso itself, with digest
auth, is in test_virtuoso.py.
"""

from __future__ import annotations

import base64
import math
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg import api, remote
from kg.cli import app

GRAPH = "https://example.org/graph/fupin"
PASSWORD = "s3cret-pw"
runner = CliRunner()


@dataclass
class Fake:
    store: ox.Store = field(default_factory=ox.Store)
    log: list[tuple[str, str, str]] = field(default_factory=list)  # method, path, body (text)
    failures: list[int] = field(default_factory=list)  # statuses to answer first, whatever is asked
    user: str | None = None  # demand basic auth for this user and PASSWORD
    delay: float = 0.0
    url: str = ""

    def count(self, graph: str = GRAPH) -> int:
        return len(list(self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))))


def _handler(fake: Fake) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet
            pass

        def reply(self, status: int, body: bytes = b"", media_type: str = "text/plain", **headers) -> None:
            self.send_response(status)
            self.send_header("Content-Type", media_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(body)

        def handle_any(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            parts = urlsplit(self.path)
            fake.log.append((self.command, parts.path, body.decode("utf-8")))
            time.sleep(fake.delay)
            expected = "Basic " + base64.b64encode(f"{fake.user}:{PASSWORD}".encode()).decode()
            if fake.user and self.headers.get("Authorization") != expected:
                return self.reply(401, b"Unauthorized", WWW_Authenticate='Basic realm="fake"')
            if fake.failures:
                return self.reply(
                    fake.failures.pop(0), b"<html><body><h1>Busy</h1></body></html>", "text/html"
                )
            params = {k: v[0] for k, v in parse_qs(parts.query).items()}
            form = {k: v[0] for k, v in parse_qs(body.decode("utf-8")).items()}
            try:
                if parts.path == "/store" and self.command in ("PUT", "POST"):
                    graph = ox.NamedNode(params["graph"])
                    if self.command == "PUT" and fake.store.contains_named_graph(graph):
                        fake.store.remove_graph(graph)
                    fake.store.load(input=body, format=ox.RdfFormat.TURTLE, to_graph=graph)
                    return self.reply(201 if self.command == "PUT" else 204)
                if parts.path == "/update" and self.command == "POST":
                    fake.store.update(form["update"])
                    return self.reply(204)
                if parts.path == "/sparql" and self.command == "POST":
                    return self.answer(form["query"])
            except SyntaxError as exc:
                return self.reply(400, f"Parse error: {exc}".encode())
            return self.reply(405, b"Method Not Allowed")

        def answer(self, sparql: str) -> None:
            result = fake.store.query(sparql, use_default_graph_as_union=True)
            if isinstance(result, ox.QueryTriples):
                data = result.serialize(format=ox.RdfFormat.N_TRIPLES)
                return self.reply(200, data, "application/n-triples")
            data = result.serialize(format=ox.QueryResultsFormat.JSON)
            return self.reply(200, data, "application/sparql-results+json")

        do_GET = do_PUT = do_POST = handle_any

    return Handler


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:  # a client that gave up (timeout test)
        pass


@pytest.fixture
def fake() -> Iterator[Fake]:
    state = Fake()
    server = _Server(("127.0.0.1", 0), _handler(state))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def no_credentials(monkeypatch):
    monkeypatch.delenv(remote.USER_VARIABLE, raising=False)
    monkeypatch.delenv(remote.PASSWORD_VARIABLE, raising=False)


def local_count(out) -> int:
    return int(api.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", out).rows[0][0])


def test_push_by_graph_store_in_batches_replaces_the_graph(seed_build, fake, monkeypatch):
    monkeypatch.setattr(remote, "GRAPH_STORE_BATCH", 300)
    result = api.push(seed_build, endpoint=fake.url + "/store", graph=GRAPH)
    total = local_count(seed_build)
    assert (result.triples, result.protocol, result.requests) == (
        total,
        "graph store",
        math.ceil(total / 300),
    )
    assert [m for m, _, _ in fake.log] == ["PUT"] + ["POST"] * (result.requests - 1)
    assert fake.count() == total
    api.push(seed_build, endpoint=fake.url + "/store", graph=GRAPH)
    assert fake.count() == total  # replaced, not doubled
    fake.log.clear()
    api.push(seed_build, endpoint=fake.url + "/store", graph=GRAPH, append=True)
    api.push(seed_build, endpoint=fake.url + "/store", graph=GRAPH, append=True)
    assert {m for m, _, _ in fake.log} == {"POST"} and fake.count() == total  # no blank node to add anew


def test_a_server_without_the_graph_store_gets_batched_sparql_update(seed_build, fake, monkeypatch):
    monkeypatch.setattr(remote, "UPDATE_BATCH", 400)
    result = api.push(seed_build, endpoint=fake.url + "/nowhere", update=fake.url + "/update", graph=GRAPH)
    total = local_count(seed_build)
    assert (result.protocol, result.requests, fake.count()) == (
        "sparql update",
        math.ceil(total / 400),
        total,
    )
    updates = [body for _, path, body in fake.log if path == "/update"]
    assert len(updates) == result.requests and "CLEAR+SILENT+GRAPH" in updates[0]
    assert not any("CLEAR" in body for body in updates[1:])
    with pytest.raises(
        api.RemoteError, match=r"^SPARQL update \(the graph store answered HTTP 405\) at http"
    ):
        api.push(seed_build, endpoint=fake.url + "/nowhere", graph=GRAPH)
    fake.log.clear()
    result = api.push(seed_build, update=fake.url + "/update", graph=GRAPH)  # SPARQL Update only
    assert result.protocol == "sparql update" and {p for _, p, _ in fake.log} == {"/update"}
    assert fake.count() == total


def test_credentials_come_from_the_environment_and_are_never_shown(seed_build, fake, monkeypatch):
    fake.user = "kg"
    with pytest.raises(api.RemoteError) as error:
        api.push(seed_build, endpoint=fake.url + "/store", graph=GRAPH)
    assert "HTTP 401" in str(error.value) and "(set KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD)" in str(
        error.value
    )
    monkeypatch.setenv("KG_ENDPOINT_USER", "kg")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", PASSWORD)
    assert api.push(seed_build, endpoint=fake.url + "/store", graph=GRAPH).triples == fake.count()
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "wrong-" + PASSWORD)
    result = runner.invoke(
        app, ["push", "-o", str(seed_build), "--endpoint", fake.url.replace("//", "//kg:pw@") + "/store"]
    )
    assert result.exit_code == 5
    assert (
        result.output.startswith("kg: error: graph store at http://127.0.0.1:")
        and "HTTP 401" in result.output
    )
    assert len(result.output.strip().splitlines()) == 1
    assert PASSWORD not in result.output and "kg:pw" not in result.output and "Traceback" not in result.output


def test_cli_push_prints_what_it_sent(seed_build, fake):
    result = runner.invoke(
        app, ["push", "-o", str(seed_build), "--endpoint", fake.url + "/store", "--graph", GRAPH]
    )
    assert result.exit_code == 0
    assert result.stdout == f"pushed {fake.count()} triples into <{GRAPH}> by graph store (1 request)\n"


def test_busy_servers_are_retried_and_silent_ones_time_out(seed_build, fake):
    data = api.load_store(seed_build).dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    fake.failures = [503, 502]
    result = remote.push(data, GRAPH, endpoint=fake.url + "/store", update=None, backoff=0)
    assert result.requests == 1 and [m for m, _, _ in fake.log] == ["PUT"] * 3
    fake.failures = [503] * 4
    with pytest.raises(api.RemoteError, match=r"/store: HTTP 503 Service Unavailable \(tried 4 times\)"):
        remote.push(data, GRAPH, endpoint=fake.url + "/store", update=None, backoff=0)
    fake.failures, fake.delay = [], 0.5
    started = time.monotonic()
    with pytest.raises(api.RemoteError, match=r"no answer within 0.1 s \(tried 4 times\)"):
        remote.push(data, GRAPH, endpoint=fake.url + "/store", update=None, timeout=0.1, backoff=0)
    assert time.monotonic() - started < 3


def _unordered(text: str) -> list[str]:
    """Output lines with GROUP_CONCAT cells (whose order SPARQL leaves open) sorted within."""
    return [
        "," + ",".join("|".join(sorted(cell.split("|"))) for cell in line.split(","))
        for line in text.splitlines()
    ]


def test_remote_queries_print_as_local_ones(seed_build, fake):
    api.push(seed_build, endpoint=fake.url + "/store", graph=GRAPH)
    for sparql in (
        "SELECT ?name ?title WHERE { ?o a fp:Official ; rdfs:label ?name ; org:holds/fp:title ?title } "
        "ORDER BY ?name ?title",
        "ASK { ?o a fp:Official }",
        "officials-by-county",
    ):
        local = runner.invoke(app, ["query", sparql, "-o", str(seed_build), "-f", "csv"])
        there = runner.invoke(app, ["query", sparql, "--endpoint", fake.url + "/sparql", "-f", "csv"])
        assert there.exit_code == 0 and _unordered(there.stdout) == _unordered(local.stdout), sparql
    graph = api.query("CONSTRUCT WHERE { ?o a fp:Official }", endpoint=fake.url + "/sparql")
    assert graph.variables == ["subject", "predicate", "object"] and len(graph.rows) == 24
    bad = runner.invoke(app, ["query", "SELECT ?x WHERE { ?x", "--endpoint", fake.url + "/sparql"])
    assert bad.exit_code == 5 and bad.output.startswith("kg: error: query at http://127.0.0.1:")
    assert "HTTP 400 Bad Request: Parse error" in bad.output and len(bad.output.strip().splitlines()) == 1


def test_push_usage_errors_are_one_line(seed_build):
    for args, message in (
        (["push", "-o", str(seed_build)], "no endpoint"),
        (["push", "-o", str(seed_build), "--endpoint", "ftp://x/store"], "not an http(s) URL: ftp://x/store"),
        (
            ["push", "-o", str(seed_build), "--endpoint", "http://127.0.0.1:9/", "--graph", "not an iri"],
            "not an IRI",
        ),
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2 and result.output.startswith("kg: error: "), args
        assert message in result.output and len(result.output.strip().splitlines()) == 1


def test_help_of_the_new_commands_shows_an_example():
    for command in ("export", "push", "validate", "queries", "query"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Example" in result.stdout, command


def test_the_readme_gives_the_attempts_remote_makes():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    said = re.findall(r"are (?:re)?tried (\d+) times(?: \((\d+) retries\))?", " ".join(readme.split()))
    assert said == [(str(remote.ATTEMPTS), str(remote.ATTEMPTS - 1))]
