"""`kg serve`: the built graph over the SPARQL 1.1 Protocol, served by the Oxigraph server.

The server is the `oxigraph` binary of the PyPI package of that name: the same engine and release line as
pyoxigraph, so it reads the store a build writes. It runs read-only (`serve-read-only`) on a snapshot of
OUT/store: hard links to the store's files in OUT/.serve.ID/store, which no build touches. A build that
swaps in a new store while a server runs only unlinks the old store's names, so the server keeps
answering from the graph as it was when it started, until it is restarted.

Oxigraph's own query page asks prefix.cc for prefixes as it loads and knows nothing of the saved queries,
and the server has no option to serve another page. So a small front listens at the address asked for:
it answers `/` with the page of `kg/data/query.html` (Oxigraph's own YASGUI script, the saved queries and
the project's prefixes) and passes every other request unchanged to the server, which listens on a free
loopback port of its own.
"""

from __future__ import annotations

import ctypes
import fcntl
import http.client
import ipaddress
import os
import shutil
import signal
import socket
import subprocess
import sysconfig
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox

from kg.api import PREFIXES, QUERIES, QUERY_PREFIXES, KgError, saved_queries
from kg.store import STORE_DIR
from kg.viz import script_json

PAGE_TEMPLATE = Path(__file__).with_name("data") / "query.html"
SNAPSHOT_PREFIX = ".serve."  # OUT/.serve.ID/: a running server's snapshot (store/), lock and log
STARTING_PREFIX = ".serve-starting."  # a snapshot being made: renamed to .serve.ID once it is locked
START_TIMEOUT = 60.0  # seconds for the server to open the store and listen
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer"}
HOP_BY_HOP |= {"transfer-encoding", "upgrade"}
NOT_FORWARDED = HOP_BY_HOP | {"host", "content-length"}  # http.client sets these for the server
BLOCK = 1 << 16


class ServerFailed(KgError):
    """The Oxigraph server could not start, or stopped on its own."""

    code = 1


@dataclass(frozen=True, slots=True)
class Endpoint:
    page: str  # the query page, http://HOST:PORT/
    query: str  # the SPARQL endpoint, http://HOST:PORT/query
    exposed: bool  # listening on an address other machines can reach
    server_version: str
    log: Path  # the Oxigraph server's own output


def server_binary() -> str:
    """The `oxigraph` binary installed beside this Python (or on PATH)."""
    beside = Path(sysconfig.get_path("scripts")) / "oxigraph"
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if found is None:
        raise KgError("the Oxigraph server is not installed: pip install -r requirements.lock (make install)")
    return found


def release_line(version: str) -> str:
    """`0.5` for 0.5.13: the versions whose stores are read alike."""
    return ".".join(version.split(".")[:2])


def server_version(binary: str) -> str:
    """The server's version; `KgError` unless it is of pyoxigraph's release line."""
    try:
        answer = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=60, check=True)
    except (OSError, subprocess.SubprocessError) as exc:
        raise KgError(f"cannot run the Oxigraph server {binary}: {exc}") from exc
    version = (answer.stdout.split() or ["unknown"])[-1]
    if release_line(version) != release_line(ox.__version__):
        raise KgError(
            f"the Oxigraph server is {version} but pyoxigraph is {ox.__version__}: install one release line "
            "(pip install -r requirements.lock)"
        )
    return version


def parse_bind(bind: str) -> tuple[str, int]:
    """HOST and PORT of `HOST:PORT` (`[::1]:7878` for IPv6; port 0 takes a free one)."""
    host, colon, port = bind.strip().rpartition(":")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if not colon or not host or not port.isdigit() or int(port) > 65535 or any(c in host for c in "[]/ "):
        raise KgError(f"bad --bind {bind!r}: give HOST:PORT, e.g. 127.0.0.1:7878")
    return host, int(port)


def page(queries: dict[str, str] | None = None) -> bytes:
    """The query page: the template with the saved queries and the prefixes in it."""
    about = saved_queries() if queries is None else queries
    data = {
        "queries": [
            {"name": name, "about": text, "text": (QUERIES / f"{name}.rq").read_text(encoding="utf-8")}
            for name, text in about.items()
        ],
        "prefixes": PREFIXES,
        "declarations": QUERY_PREFIXES,
    }
    template = PAGE_TEMPLATE.read_text(encoding="utf-8")
    return template.replace("/*DATA*/", script_json(data), 1).encode()


@contextmanager
def snapshot(store: Path) -> Iterator[Path]:
    """A folder OUT/.serve.ID holding `store/`, hard links to the files of `store`, locked (flock) while in
    use and deleted after. Folders left by a server that was killed are deleted first."""
    out_dir = store.parent
    for stale in out_dir.glob(SNAPSHOT_PREFIX + "*"):
        _delete_unless_locked(stale)
    try:
        making = Path(tempfile.mkdtemp(dir=out_dir, prefix=STARTING_PREFIX))
    except OSError as exc:
        raise KgError(f"cannot write the server's snapshot into {out_dir}/: {_reason(exc)}") from exc
    lock = os.open(making / "lock", os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(lock, fcntl.LOCK_EX)
    folder = out_dir / (SNAPSHOT_PREFIX + making.name.removeprefix(STARTING_PREFIX))
    try:
        os.rename(making, folder)  # a stale-folder sweep sees it only once it is locked
        _link_store(store, folder / STORE_DIR)
        yield folder
    finally:
        shutil.rmtree(making if making.exists() else folder, ignore_errors=True)
        os.close(lock)


def _delete_unless_locked(folder: Path) -> None:
    try:
        fd = os.open(folder / "lock", os.O_RDWR)
    except OSError:
        return  # not a snapshot, or one being deleted
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return  # its server is running
    finally:
        os.close(fd)
    shutil.rmtree(folder, ignore_errors=True)


def _link_store(store: Path, target: Path, attempts: int = 5) -> None:
    """Hard-link every file of the store folder `store` into `target`: all of one store, even while a build
    swaps in another (it renames the folder away before it deletes anything, which is checked for)."""
    for _ in range(attempts):
        try:
            fd = os.open(store, os.O_RDONLY | os.O_DIRECTORY)
        except FileNotFoundError:
            time.sleep(0.05)  # between a build's two renames, or never built: looked at below
            continue
        except OSError as exc:
            raise KgError(f"cannot open the graph store {store}/: {_reason(exc)}") from exc
        try:
            target.mkdir()
            opened = os.fstat(fd)
            for name in os.listdir(fd):
                os.link(name, target / name, src_dir_fd=fd, follow_symlinks=False)
            now = os.stat(store)
            if (now.st_dev, now.st_ino) == (opened.st_dev, opened.st_ino):
                return
        except FileNotFoundError:
            pass  # a file deleted under us: that store was swapped out, take the new one
        except OSError as exc:
            raise KgError(f"cannot link the store's files into {target.parent}/: {_reason(exc)}") from exc
        finally:
            os.close(fd)
        shutil.rmtree(target, ignore_errors=True)
    if not store.is_dir():
        raise KgError(f"no graph store in {store.parent}/: run `kg build INPUT -o {store.parent}` first")
    raise KgError(f"the graph store {store}/ kept changing while kg serve opened it: try again")


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


class _Front(ThreadingHTTPServer):
    """Answers `/` with the query page; every other request goes to the Oxigraph server at `upstream`."""

    daemon_threads = True

    def __init__(self, host: str, port: int, page: bytes):
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.page = page
        self.upstream: tuple[str, int] | None = None
        self.hosts: set[str] | None = None  # the Host headers taken; None: any
        super().__init__((host, port), _Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a request that broke off: nothing to report, and no traceback on the terminal


class _Handler(BaseHTTPRequestHandler):
    server: _Front

    def do_GET(self) -> None:
        if self.server.hosts is not None and self.headers.get("Host", "").lower() not in self.server.hosts:
            # A web page whose name was made to point at 127.0.0.1 (DNS rebinding) must not read the graph.
            self.send_error(403, "Forbidden", "this server answers requests for its loopback address only")
        elif self.command in ("GET", "HEAD") and urlsplit(self.path).path == "/":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(self.server.page)))
            self.end_headers()
            if self.command == "GET":
                self.wfile.write(self.server.page)
        else:
            self._forward()

    do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_GET

    def _forward(self) -> None:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.send_error(411, "Length Required", "send the request body with a Content-Length")
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self.send_error(400, "Bad Request", "the Content-Length is not a number")
            return
        body = self.rfile.read(length) if length > 0 else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in NOT_FORWARDED}
        assert self.server.upstream is not None  # set before the front serves
        upstream = http.client.HTTPConnection(*self.server.upstream)
        try:
            try:
                upstream.request(self.command, self.path, body=body, headers=headers)
                response = upstream.getresponse()
            except (OSError, http.client.HTTPException):
                self.send_error(502, "Bad Gateway", "the Oxigraph server did not answer")
                return
            self.send_response_only(response.status, response.reason)
            for key, value in response.getheaders():
                if key.lower() not in HOP_BY_HOP:
                    self.send_header(key, value)
            self.end_headers()
            while block := response.read1(BLOCK):
                self.wfile.write(block)
        except (OSError, http.client.HTTPException):
            self.close_connection = True  # the client went away, or the server broke off its answer
        finally:
            upstream.close()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass  # no access log: queries can carry what the user would rather not see in a terminal


def _free_loopback_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _url_host(host: str, bound: str) -> str:
    if ipaddress.ip_address(bound).is_unspecified:
        return socket.gethostname()
    return f"[{host}]" if ":" in host else host


@contextmanager
def running(out_dir: Path, bind: str = "127.0.0.1:7878") -> Iterator[tuple[Endpoint, subprocess.Popen]]:
    """Serve the build in `out_dir` while the block runs: its endpoint and the server's process."""
    store = out_dir / STORE_DIR
    if not store.is_dir():
        raise KgError(f"no graph store in {out_dir}/: run `kg build INPUT -o {out_dir}` first")
    binary = server_binary()
    version = server_version(binary)
    host, port = parse_bind(bind)
    try:
        front = _Front(host, port, page())  # a taken port fails here, before the server starts
    except OSError as exc:
        raise KgError(f"cannot listen on {bind}: {_reason(exc)}") from exc
    with front, snapshot(store) as folder:
        bound, actual_port = front.server_address[:2]
        internal = ("127.0.0.1", _free_loopback_port())
        log = folder / "server.log"
        command = [binary, "serve-read-only", "--location", str(folder / STORE_DIR)]
        command += ["--bind", f"{internal[0]}:{internal[1]}"]
        with open(log, "wb") as output:
            # A session of its own: Ctrl-C reaches kg serve only, which stops the server in order.
            process = subprocess.Popen(
                command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
                preexec_fn=_die_with_parent,
            )  # fmt: skip
        try:
            _wait_until_listening(process, internal, log)
            front.upstream = internal
            exposed = not ipaddress.ip_address(bound).is_loopback
            if not exposed:
                names = {host, "localhost", "127.0.0.1", "[::1]", f"[{host}]"}
                front.hosts = {f"{name}:{actual_port}".lower() for name in names}
            serving = threading.Thread(target=front.serve_forever, name="kg-serve-front", daemon=True)
            serving.start()
            try:
                base = f"http://{_url_host(host, bound)}:{actual_port}/"
                yield Endpoint(base, base + "query", exposed, version, log), process
            finally:
                front.shutdown()
        finally:
            stop_process(process)


def _die_with_parent() -> None:
    """In the server's process before it runs: SIGTERM when kg serve dies, even by SIGKILL."""
    ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # 1: PR_SET_PDEATHSIG


def _wait_until_listening(process: subprocess.Popen, address: tuple[str, int], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerFailed(
                f"the Oxigraph server exited with status {process.returncode}: {_last_line(log)}"
            )
        try:
            socket.create_connection(address, timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise ServerFailed(f"the Oxigraph server did not listen within {START_TIMEOUT:g} s: {_last_line(log)}")


def _last_line(log: Path) -> str:
    lines = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    return lines[-1] if lines else "no message"


def stop_process(process: subprocess.Popen, timeout: float = 10.0) -> None:
    """SIGTERM, and SIGKILL if it has not ended within `timeout` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def serve(out_dir: Path, bind: str, ready: Callable[[Endpoint], None]) -> None:
    """Serve until SIGINT (Ctrl-C) or SIGTERM, then stop the server and delete the snapshot. `ready` gets
    the endpoint once it answers. Raises `ServerFailed` when the server stops on its own."""
    stop = threading.Event()
    previous = {
        s: signal.signal(s, lambda signum, frame: stop.set()) for s in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        with running(out_dir, bind) as (endpoint, process):
            threading.Thread(target=lambda: (process.wait(), stop.set()), daemon=True).start()
            ready(endpoint)
            stop.wait()
            if process.poll() is not None:
                raise ServerFailed(
                    f"the Oxigraph server stopped with status {process.returncode}: {_last_line(endpoint.log)}"
                )
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def example(endpoint: Endpoint) -> str:
    """What to paste to query the endpoint: curl, and three lines of SPARQLWrapper."""
    sparql = "PREFIX fp: <https://w3id.org/fupin/ontology#> SELECT (COUNT(*) AS ?officials) WHERE { ?o a fp:Official }"
    return "\n".join(
        [
            f"  curl -H 'Accept: text/csv' --data-urlencode 'query={sparql}' {endpoint.query}",
            "",
            "  from SPARQLWrapper import SPARQLWrapper, JSON",
            f'  sparql = SPARQLWrapper("{endpoint.query}", returnFormat=JSON)',
            f'  sparql.setQuery("{sparql}"); print(sparql.queryAndConvert()["results"]["bindings"])',
        ]
    )
