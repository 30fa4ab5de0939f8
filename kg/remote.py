"""Remote triple stores over HTTP: `kg push` (SPARQL 1.1 Graph Store HTTP Protocol, else batched SPARQL
Update) and `kg query --endpoint` (SPARQL 1.1 Protocol).

Credentials come from KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD and are sent the way the server asks
(digest or basic) once it answers 401; they never appear in a message. Every request has a timeout;
connection failures, timeouts and 429/502/503/504 are retried with exponential backoff.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox
import requests
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from kg.api import KgError, RemoteError

USER_VARIABLE, PASSWORD_VARIABLE = "KG_ENDPOINT_USER", "KG_ENDPOINT_PASSWORD"
GRAPH_STORE_BATCH = 50_000  # triples per Graph Store request
UPDATE_BATCH = 1_000  # triples per INSERT DATA: Virtuoso's SPARQL compiler runs out of memory near 5,000
ATTEMPTS = 4
RETRY_STATUSES = {429, 502, 503, 504}
NO_GRAPH_STORE = {400, 404, 405, 406, 415, 501}  # the URL does not take Turtle: try SPARQL Update
ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"


@dataclass(slots=True)
class PushResult:
    triples: int
    graph: str
    protocol: str  # "graph store" or "sparql update"
    requests: int


class _Client:
    """A session that authenticates when challenged, with timeouts and retries."""

    def __init__(self, timeout: float, backoff: float = 1.0):
        self.session = requests.Session()
        self.timeout = timeout
        self.backoff = backoff
        user = os.environ.get(USER_VARIABLE)
        self.credentials = (user, os.environ.get(PASSWORD_VARIABLE, "")) if user else None
        self.auth: AuthBase | None = None

    def send(self, method: str, url: str, **kwargs) -> requests.Response:
        _check_url(url)
        problem, attempt = "", 0
        while attempt < ATTEMPTS:
            delay = self.backoff * 2**attempt
            attempt += 1
            try:
                response = self.session.request(
                    method, url, auth=self.auth, timeout=(min(10.0, self.timeout), self.timeout), **kwargs
                )
            except requests.Timeout:
                problem = f"no answer within {self.timeout:g} s"
            except requests.ConnectionError as exc:
                problem = "connection refused" if "refused" in str(exc).lower() else "cannot connect"
            except requests.RequestException as exc:
                raise KgError(f"{_safe(url)}: {type(exc).__name__}") from None
            else:
                if response.status_code == 401 and self.auth is None and self.credentials:
                    challenge = response.headers.get("WWW-Authenticate", "").lower()
                    self.auth = (HTTPDigestAuth if "digest" in challenge else HTTPBasicAuth)(
                        *self.credentials
                    )
                    attempt -= 1  # answering the challenge is no retry
                    continue
                if response.status_code not in RETRY_STATUSES:
                    return response
                problem = f"HTTP {response.status_code} {response.reason}"
                retry_after = response.headers.get("Retry-After", "")
                delay = min(float(retry_after), 30.0) if retry_after.isdigit() else delay
            if attempt < ATTEMPTS:
                time.sleep(delay)
        raise RemoteError(f"{_safe(url)}: {problem} (tried {ATTEMPTS} times)")

    def failure(self, response: requests.Response, action: str) -> RemoteError:
        """A one-line error for an answer >= 300: status, the start of the server's text, a hint for 401/403."""
        text = response.content[:2000].decode("utf-8", "replace")  # servers rarely name the charset of errors
        if "html" in response.headers.get("Content-Type", ""):
            text = re.sub(r"<[^>]*>", " ", text)
        text = " ".join(text.split())
        message = f"{action} at {_safe(response.url)}: HTTP {response.status_code} {response.reason}"
        if text:
            message += f": {text[:200]}"
        if response.status_code in (401, 403):
            verb = "check" if self.credentials else "set"
            message += f" ({verb} {USER_VARIABLE} and {PASSWORD_VARIABLE})"
        return RemoteError(message)


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise KgError(f"not an http(s) URL: {_safe(url)}")


def _safe(url: str) -> str:
    """`url` without the user and password it may carry."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def _batches(lines: list[str], size: int) -> list[list[str]]:
    """Lines in batches of `size` (a graph the project writes has no blank node, whose label would only
    mean the same node within one request)."""
    return [lines[i : i + size] for i in range(0, len(lines), size)] or [[]]


def push(
    ntriples: bytes,
    graph: str,
    *,
    endpoint: str | None,
    update: str | None,
    replace: bool = True,
    timeout: float = 60.0,
    backoff: float = 1.0,
) -> PushResult:
    """Send N-Triples into `graph`: Graph Store Protocol at `endpoint`, else SPARQL Update at `update`
    (default `endpoint`). With `replace`, what the graph held before is dropped."""
    try:
        target = str(ox.NamedNode(graph))
    except ValueError:
        raise KgError(f"not an IRI: {graph!r}") from None
    lines = ntriples.decode("utf-8").splitlines()
    client = _Client(timeout, backoff)
    action = "SPARQL update"
    if endpoint:
        sent, refused = _graph_store(client, endpoint, graph, _batches(lines, GRAPH_STORE_BATCH), replace)
        if not refused:
            return PushResult(len(lines), graph, "graph store", sent)
        action += f" (the graph store answered HTTP {refused})"
    url = update or endpoint or ""
    sent = 0
    for batch in _batches(lines, UPDATE_BATCH):
        response = client.send("POST", url, data={"update": _update(batch, target, replace and not sent)})
        if response.status_code >= 300:
            raise client.failure(response, action)
        sent += 1
    return PushResult(len(lines), graph, "sparql update", sent)


def _update(lines: list[str], graph: str, clear: bool) -> str:
    """SPARQL Update adding N-Triples `lines` to `graph` (after clearing it)."""
    operations = [f"CLEAR SILENT GRAPH {graph}"] if clear else []
    operations.append(f"INSERT DATA {{ GRAPH {graph} {{\n" + "\n".join(lines) + "\n} }")
    return " ;\n".join(operations)


def _graph_store(
    client: _Client, url: str, graph: str, batches: list[list[str]], replace: bool
) -> tuple[int, int]:
    """PUT the first batch (POST when not replacing), POST the others: the number of requests, and the
    status with which the first was refused when `url` is no graph store (else 0)."""
    for n, batch in enumerate(batches):
        response = client.send(
            "PUT" if replace and n == 0 else "POST",
            url,
            params={"graph": graph},
            data="".join(line + "\n" for line in batch).encode("utf-8"),  # N-Triples is Turtle
            headers={"Content-Type": "text/turtle; charset=utf-8"},
        )
        if n == 0 and response.status_code in NO_GRAPH_STORE:
            return 0, response.status_code
        if response.status_code >= 300:
            raise client.failure(response, "graph store")
    return len(batches), 0


def query(endpoint: str, sparql: str, *, timeout: float = 60.0) -> tuple[list[str], list[list[str | None]]]:
    """Variables and rows of `sparql` run at a remote SPARQL endpoint (a graph result: subject, predicate,
    object rows), with the same values as a local query (lexical forms and IRIs)."""
    client = _Client(timeout)
    response = client.send("POST", endpoint, data={"query": sparql}, headers={"Accept": ACCEPT})
    if response.status_code >= 300:
        raise client.failure(response, "query")
    media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if media_type in ("application/sparql-results+json", "application/json"):
        try:
            data = response.json()
            if "boolean" in data:
                return ["ask"], [["true" if data["boolean"] else "false"]]
            variables = list(data["head"]["vars"])
            rows = [[b.get(v, {}).get("value") for v in variables] for b in data["results"]["bindings"]]
        except (ValueError, KeyError, TypeError, AttributeError):
            raise RemoteError(f"query at {_safe(endpoint)}: unreadable JSON results") from None
        return variables, rows
    rdf_format = ox.RdfFormat.from_media_type(media_type) if media_type else None
    if rdf_format is None:
        raise RemoteError(f"query at {_safe(endpoint)}: unexpected answer of type {media_type or 'unknown'}")
    try:
        return ["subject", "predicate", "object"], list(_triples(response.content, rdf_format))
    except SyntaxError as exc:
        detail = (str(exc).splitlines() or [""])[0]
        raise RemoteError(f"query at {_safe(endpoint)}: unreadable {media_type}: {detail}") from None


def _triples(data: bytes, rdf_format: ox.RdfFormat) -> Iterator[list[str | None]]:
    for quad in ox.parse(data, format=rdf_format):
        yield [quad.subject.value, quad.predicate.value, quad.object.value]
