"""`kg serve`: the Oxigraph server on a free loopback port, queried with SPARQLWrapper, plain HTTP and
`kg query --endpoint`, against the local answers; updates refused; stops on SIGTERM and Ctrl-C; a rebuild
and a second server while it runs; the query page in headless Chromium with no off-host request."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st
from SPARQLWrapper import JSON, SPARQLWrapper
from typer.testing import CliRunner

from kg import api, serve
from kg.api import KgError
from kg.cli import app
from tests.endpoints import saved_query_rows
from tests.test_browser import HOSTILE

ROOT = Path(__file__).resolve().parents[1]
OFFICIALS = "SELECT ?name WHERE { ?o a fp:Official ; rdfs:label ?name }"
runner = CliRunner()


class Server:
    """`kg serve` in a process of its own, as a user starts it."""

    def __init__(self, out: Path, bind: str = "127.0.0.1:0"):
        command = [sys.executable, "-m", "kg", "serve", "-o", str(out), "--bind", bind]
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT
        )
        line = self.process.stdout.readline()  # printed once the server answers
        m = re.match(r"SPARQL endpoint (\S+)/query ", line)
        if m is None:
            self.process.kill()
            pytest.fail(f"kg serve did not start: {line}{self.process.communicate()[1]}")
        self.base = m.group(1)
        self.banner = line
        self.query = self.base + "/query"

    def stop(self, signum: int = signal.SIGTERM) -> tuple[int, str, str]:
        self.process.send_signal(signum)
        out, err = self.process.communicate(timeout=30)
        return self.process.returncode, out, err

    def count(self) -> int:
        return len(api.query(OFFICIALS, endpoint=self.query).rows)


@pytest.fixture(scope="module")
def served(seed_build: Path) -> Iterator[Server]:
    server = Server(seed_build)
    yield server
    status, _, err = server.stop()
    assert status == 0, err


@pytest.fixture
def own_build(seed_build: Path, tmp_path: Path) -> Path:
    """A copy of the seed build that no other server uses."""
    out = tmp_path / "out"
    shutil.copytree(seed_build, out, ignore=shutil.ignore_patterns(".serve*"))
    return out


def _listening(url: str) -> bool:
    parts = urlsplit(url)
    try:
        socket.create_connection((parts.hostname, parts.port), timeout=1).close()
        return True
    except OSError:
        return False


def test_saved_queries_answer_at_the_endpoint_as_locally(served: Server, seed_build: Path) -> None:
    for name in api.saved_queries():
        assert saved_query_rows(name, endpoint=served.query) == saved_query_rows(name, out=seed_build), name


def test_sparqlwrapper_and_plain_http_get_the_local_answers(served: Server, seed_build: Path) -> None:
    local = sorted(row[0] for row in api.query(OFFICIALS, seed_build).rows)
    assert len(local) > 10
    sparql = SPARQLWrapper(served.query, returnFormat=JSON)
    sparql.setQuery(api.QUERY_PREFIXES + OFFICIALS)
    bindings = sparql.queryAndConvert()["results"]["bindings"]
    assert sorted(b["name"]["value"] for b in bindings) == local

    text = api.QUERY_PREFIXES + OFFICIALS
    csv = requests.get(served.query, params={"query": text}, headers={"Accept": "text/csv"}, timeout=30)
    assert csv.headers["Content-Type"].startswith("text/csv")
    assert sorted(csv.text.splitlines()[1:]) == local
    tsv = requests.post(served.query, data={"query": text}, headers={"Accept": "text/tab-separated-values"})
    assert len(tsv.text.splitlines()) == len(local) + 1
    xml = requests.post(
        served.query,
        data=text.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+xml"},
    )
    assert xml.status_code == 200 and xml.text.count("<result>") == len(local)

    construct = (
        api.QUERY_PREFIXES + "CONSTRUCT { ?o rdfs:label ?n } WHERE { ?o a fp:Official ; rdfs:label ?n }"
    )
    for media_type, rdf_format in (("text/turtle", ox.RdfFormat.TURTLE), ("application/n-triples", None)):
        answer = requests.post(served.query, data={"query": construct}, headers={"Accept": media_type})
        assert answer.headers["Content-Type"].startswith(media_type)
        triples = list(ox.parse(answer.content, format=rdf_format or ox.RdfFormat.N_TRIPLES))
        assert sorted(t.object.value for t in triples) == local


def test_updates_are_refused_and_change_nothing(served: Server) -> None:
    before = served.count()
    insert = "INSERT DATA { <https://example.org/a> a <https://w3id.org/fupin/ontology#Official> }"
    answer = requests.post(served.base + "/update", data={"update": insert}, timeout=30)
    assert answer.status_code == 403
    graph_store = requests.put(
        served.base + "/store?default", data=b"<a:b> <a:c> <a:d> .", headers={"Content-Type": "text/turtle"}
    )
    assert graph_store.status_code == 403
    sparql = SPARQLWrapper(served.query, updateEndpoint=served.base + "/update")
    sparql.setMethod("POST")
    sparql.setQuery(insert)
    with pytest.raises(Exception, match="403"):
        sparql.query()
    assert served.count() == before


def test_the_page_is_ours_and_names_the_saved_queries(served: Server) -> None:
    assert f"(read-only, Oxigraph {ox.__version__}; query page {served.base}/)" in served.banner
    answer = requests.get(served.base + "/", timeout=30)
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "yasgui.min.js" in answer.text and "prefix.cc/popular" not in answer.text
    assert all(f'"name": "{name}"' in answer.text for name in api.saved_queries())
    assert "https://w3id.org/fupin/ontology#" in answer.text
    assert requests.get(served.base + "/yasgui.min.js", timeout=30).status_code == 200  # Oxigraph's own
    assert requests.get(served.base + "/no-such-thing", timeout=30).status_code == 404
    rebound = requests.get(served.query, params={"query": "ASK {}"}, headers={"Host": "evil.example:80"})
    assert rebound.status_code == 403  # DNS rebinding: a page of another site that resolves to 127.0.0.1
    port = urlsplit(served.base).port
    assert requests.get(f"http://localhost:{port}/query", params={"query": "ASK {}"}, timeout=30).ok


def test_rebuild_and_a_second_server_while_serving(tmp_path: Path) -> None:
    out = tmp_path / "out"
    api.build([ROOT / "seeds"], out, html=False)
    first = Server(out)
    try:
        served_before = first.count()
        seed = sorted((ROOT / "seeds").glob("*.txt"))[0]
        api.build([seed], out, html=False)  # swaps a smaller store in while the server runs
        rebuilt = len(api.query(OFFICIALS, out).rows)
        assert 0 < rebuilt < served_before
        assert first.count() == served_before  # the graph as it was at its start
        assert saved_query_rows("who-met-whom", endpoint=first.query)  # and whole
        second = Server(out)  # a second server on the same build, beside the first
        try:
            assert second.count() == rebuilt and first.count() == served_before
        finally:
            assert second.stop()[0] == 0
        assert len(list(out.glob(".serve.*"))) == 1  # the second one's snapshot is gone
    finally:
        status, _, err = first.stop(signal.SIGINT)  # as Ctrl-C
    assert status == 0, err
    assert "server stopped" in err
    assert not _listening(first.base)
    assert list(out.glob(".serve*")) == []
    assert len(api.query(OFFICIALS, out).rows) == rebuilt  # the build's own store untouched


@pytest.mark.parametrize("step", ["listdir", "link"])
def test_a_store_swapped_in_while_the_snapshot_is_made_gives_all_of_the_new_one(
    step: str, own_build: Path, tmp_path: Path, monkeypatch
) -> None:
    """A build swapping its new store in (as kg.store.staged does) just before the snapshot lists the
    store's files, or between two links: the snapshot is made again, of all of the new store."""
    from kg.store import _swap

    smaller = tmp_path / "smaller"
    api.build([sorted((ROOT / "seeds").glob("*.txt"))[0]], smaller, html=False)
    new_count = len(api.query(OFFICIALS, smaller).rows)
    real, swapped = getattr(os, step), []

    def swap_once(*args, **kwargs):
        if step == "link":
            real(*args, **kwargs)
        if not swapped:
            swapped.append(True)
            _swap(smaller / "store", own_build / "store")
        return real(*args, **kwargs) if step == "listdir" else None

    monkeypatch.setattr(serve.os, step, swap_once)
    with serve.snapshot(own_build / "store") as folder:
        monkeypatch.setattr(serve.os, step, real)
        linked = sorted(p.name for p in (folder / "store").iterdir())
        assert linked == sorted(p.name for p in (own_build / "store").iterdir())
        copy = ox.Store.read_only(str(folder / "store"))
        assert len(list(copy.query(api.QUERY_PREFIXES + OFFICIALS))) == new_count
        del copy
    assert swapped and list(own_build.glob(".serve*")) == []


def test_a_killed_server_takes_oxigraph_with_it_and_its_snapshot_goes_next_time(own_build: Path) -> None:
    server = Server(own_build)
    children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children").read_text().split()
    assert len(children) == 1
    server.process.kill()
    server.process.communicate(timeout=30)
    deadline = time.monotonic() + 10
    while Path(f"/proc/{children[0]}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not Path(f"/proc/{children[0]}").exists()
    left = list(own_build.glob(".serve.*"))
    assert len(left) == 1
    again = Server(own_build)
    try:
        assert left[0].name not in {p.name for p in own_build.glob(".serve.*")}
    finally:
        assert again.stop()[0] == 0


def test_a_server_that_dies_ends_kg_serve_with_one_line(own_build: Path) -> None:
    server = Server(own_build)
    (child,) = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children").read_text().split()
    os.kill(int(child), signal.SIGKILL)
    _, err = server.process.communicate(timeout=30)
    assert server.process.returncode == 1
    assert err.startswith("kg: error: the Oxigraph server stopped with status -9: ") and err.count("\n") == 1
    assert list(own_build.glob(".serve*")) == [] and not _listening(server.base)


def test_printed_examples_run(served: Server, seed_build: Path) -> None:
    officials = api.query("SELECT (COUNT(*) AS ?n) WHERE { ?o a fp:Official }", seed_build).rows[0][0]
    endpoint = serve.Endpoint(served.base + "/", served.query, False, "", Path())
    lines = serve.example(endpoint).splitlines()
    curl = subprocess.run(lines[0].strip(), shell=True, capture_output=True, text=True, timeout=30)
    assert curl.stdout.splitlines() == ["officials", officials]
    python = "\n".join(line.strip() for line in lines[2:])
    wrapper = subprocess.run([sys.executable, "-c", python], capture_output=True, text=True, timeout=60)
    assert f"'value': '{officials}'" in wrapper.stdout, wrapper.stderr


def test_versions_of_two_release_lines_are_refused_in_one_line(
    tmp_path: Path, monkeypatch, seed_build
) -> None:
    fake = tmp_path / "oxigraph"
    fake.write_text("#!/bin/sh\necho oxigraph 0.4.11\n")
    fake.chmod(0o755)
    monkeypatch.setattr(serve, "server_binary", lambda: str(fake))
    result = runner.invoke(app, ["serve", "-o", str(seed_build)])
    assert result.exit_code == 2
    assert result.output == (
        f"kg: error: the Oxigraph server is 0.4.11 but pyoxigraph is {ox.__version__}: install one release line "
        "(pip install -r requirements.lock)\n"
    )
    fake.write_text(f"#!/bin/sh\necho oxigraph {ox.__version__}\n")
    assert serve.server_version(str(fake)) == ox.__version__


def test_bad_binds_and_a_taken_port_are_one_line(own_build: Path, tmp_path: Path) -> None:
    for bind, message in (
        ("7878", "bad --bind '7878': give HOST:PORT, e.g. 127.0.0.1:7878"),
        ("127.0.0.1:99999", "bad --bind '127.0.0.1:99999'"),
        ("no.such.host.invalid:7878", "cannot listen on no.such.host.invalid:7878"),
    ):
        result = runner.invoke(app, ["serve", "-o", str(own_build), "--bind", bind])
        assert result.exit_code == 2 and result.output.startswith("kg: error: " + message), result.output
        assert len(result.output.splitlines()) == 1
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["serve", "-o", str(own_build), "--bind", f"127.0.0.1:{port}"])
    assert result.exit_code == 2
    assert result.output == f"kg: error: cannot listen on 127.0.0.1:{port}: address already in use\n"
    result = runner.invoke(app, ["serve", "-o", str(tmp_path / "nothing")])
    assert result.exit_code == 2 and "no graph store in" in result.output
    assert list(own_build.glob(".serve*")) == []


@given(
    st.one_of(
        st.ip_addresses().map(str), st.from_regex(r"[a-z][a-z0-9-]{0,20}(\.[a-z]{2,5})?", fullmatch=True)
    ),
    st.integers(0, 65535),
)
def test_parse_bind_reads_back_what_is_written(host: str, port: int) -> None:
    written = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    assert serve.parse_bind(written) == (host, port)


@given(st.text(max_size=40))
def test_parse_bind_takes_any_text_without_raising_anything_else(text: str) -> None:
    try:
        host, port = serve.parse_bind(text)
    except KgError as exc:
        assert "\n" not in str(exc).replace(repr(text), "")
    else:
        assert host and 0 <= port <= 65535


class Tab:
    """The query page in a browser tab, with every request, error and dialog it caused."""

    def __init__(self, browser: Any, server: Server):
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.server = server
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(server.base + "/")
        self.page.wait_for_selector(".yasqe .CodeMirror")

    def run(self, name: str) -> list[str]:
        """Choose the saved query `name`, run it, and return the result table's rows as text."""
        self.page.select_option("#saved", name)
        self.page.click(".yasqe_queryButton")
        self.page.wait_for_selector(".yasr .dataTable tbody tr")
        return self.page.eval_on_selector_all(
            ".yasr .dataTable tbody tr", "rows => rows.map(r => r.innerText)"
        )

    def assert_clean(self) -> None:
        host = urlsplit(self.server.base).netloc
        outside = [u for u in self.requests if urlsplit(u).netloc != host and not u.startswith("blob:")]
        assert outside == [] and self.errors == [] and self.dialogs == []
        assert self.page.evaluate("document.querySelectorAll('.yasr img, .yasr script, iframe').length") == 0


@pytest.mark.browser
def test_query_page_runs_a_saved_query_offline(browser: Any, served: Server, seed_build: Path) -> None:
    tab = Tab(browser, served)
    names = tab.page.eval_on_selector_all("#saved option", "options => options.map(o => o.value)")
    assert names[1:] == list(api.saved_queries())
    assert "PREFIX fp: <https://w3id.org/fupin/ontology#>" in tab.page.text_content("#prefixes")
    rows = tab.run("officials-by-county")
    assert tab.page.inner_text("#about") == api.saved_queries()["officials-by-county"]
    assert len(rows) == min(len(api.query("officials-by-county", seed_build).rows), 50)  # the first page
    assert any("静乐县" in row and "王昕" in row for row in rows)
    (ROOT / "out" / "browser").mkdir(parents=True, exist_ok=True)
    tab.page.screenshot(path=str(ROOT / "out" / "browser" / "query-page.png"))
    tab.assert_clean()


@pytest.mark.browser
def test_hostile_evidence_shows_as_text_in_the_results(browser: Any, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    api.build([tmp_path / "in"], tmp_path / "out", html=False)
    server = Server(tmp_path / "out")
    try:
        tab = Tab(browser, server)
        rows = tab.run("evidence")
        assert any("<script>alert(2)</script>" in row for row in rows)
        tab.assert_clean()
    finally:
        assert server.stop()[0] == 0
