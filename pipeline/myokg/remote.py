"""Talk to a triplestore: push graphs with the Graph Store Protocol, run queries over the SPARQL Protocol."""

from __future__ import annotations

import base64
import http.client
import netrc
import os
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from myokg import store
from myokg.errors import RemoteError, redact
from myokg.namespaces import DCTERMS

#: Seconds a whole request (connect, send, answer) may take.
TIMEOUT = 30.0
#: Graph that ``push`` writes last: it lists the graphs it pushed, so queries can name their dataset.
MANIFEST = "https://w3id.org/myokg/data/push-manifest"
_HAS_PART = str(DCTERMS.hasPart)
#: Environment variables read for credentials (a netrc entry for the host is used otherwise).
TOKEN_ENV, USER_ENV, PASSWORD_ENV = "MYOKG_ENDPOINT_TOKEN", "MYOKG_ENDPOINT_USER", "MYOKG_ENDPOINT_PASSWORD"


def _split_credentials(url: str) -> tuple[str, tuple[str, str] | None]:
    """The URL without user:password, and the pair (used when no environment credentials are set)."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None:
        return url, None
    bare = urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    user = urllib.parse.unquote(parts.username)
    return bare, (user, urllib.parse.unquote(parts.password or ""))


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to the same scheme, host and port; credentials never travel elsewhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        old, new = urllib.parse.urlsplit(req.full_url), urllib.parse.urlsplit(newurl)
        if (old.scheme, old.netloc) != (new.scheme, new.netloc):
            raise urllib.error.HTTPError(
                newurl, code, f"redirect to another host ({new.netloc}) refused", headers, fp
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _Deadline:
    """Closes every connection of one request when its time is up: a server trickling bytes cannot hold it."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds
        self.expired = False
        self._socks: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def track(self, conn: http.client.HTTPConnection) -> http.client.HTTPConnection:
        """Remember the connection's socket: urllib drops ``conn.sock`` once the headers are in, but the body is
        still read from that socket."""
        connect = conn.connect

        def tracked_connect() -> None:
            connect()
            self._socks.append(conn.sock)

        conn.connect = tracked_connect  # type: ignore[method-assign]
        return conn

    def _expire(self) -> None:
        self.expired = True
        for sock in self._socks:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    @contextmanager
    def running(self) -> Iterator[None]:
        self._timer.start()
        try:
            yield
        finally:
            self._timer.cancel()


def _opener(deadline: _Deadline) -> urllib.request.OpenerDirector:
    """An opener whose connections the deadline can close, following same-host redirects only."""

    def factory(cls: type[http.client.HTTPConnection]) -> Callable[..., http.client.HTTPConnection]:
        return lambda host, **kw: deadline.track(cls(host, **kw))

    class Http(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> Any:
            return self.do_open(factory(http.client.HTTPConnection), req)

    class Https(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> Any:
            return self.do_open(factory(http.client.HTTPSConnection), req)

    return urllib.request.build_opener(_SameHostRedirects, urllib.request.ProxyHandler({}), Http, Https)


def _auth(url: str, in_url: tuple[str, str] | None = None) -> dict[str, str]:
    if token := os.environ.get(TOKEN_ENV):
        return {"Authorization": f"Bearer {token}"}
    user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
    if not user and in_url:
        user, password = in_url
    if not user:
        host = urllib.parse.urlsplit(url).hostname or ""
        try:
            entry = netrc.netrc().authenticators(host)
        except (FileNotFoundError, netrc.NetrcParseError):
            entry = None
        if entry:
            user, _, password = entry
    if user:
        return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password or ''}".encode()).decode()}
    return {}


def _hide_secrets(text: str, auth: dict[str, str]) -> str:
    """``text`` (a server's message) without the credentials we sent, should the server echo them."""
    for value in auth.values():
        secret = value.partition(" ")[2]
        secrets = [secret]
        if value.startswith("Basic "):
            secrets.append(base64.b64decode(secret).decode(errors="replace").partition(":")[2])
        for s in filter(None, secrets):
            text = text.replace(s, "***")
    return text


def _request(
    method: str,
    url: str,
    endpoint: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = TIMEOUT,
) -> tuple[int, bytes]:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise RemoteError(endpoint, "the endpoint must be an http(s) URL")
    url, in_url = _split_credentials(url)
    auth = _auth(url, in_url)
    req = urllib.request.Request(url, data=body, method=method, headers={**(headers or {}), **auth})
    deadline = _Deadline(timeout)
    try:
        with deadline.running(), _opener(deadline).open(req, timeout=timeout) as resp:
            chunks = []
            while chunk := resp.read1(65536):
                chunks.append(chunk)
            if deadline.expired:
                raise TimeoutError
            return resp.status, b"".join(chunks)
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip().splitlines() if exc.fp else []
        reason = detail[0][:300] if detail else exc.reason
        raise RemoteError(endpoint, f"HTTP {exc.code}: {_hide_secrets(redact(str(reason)), auth)}") from None
    except (TimeoutError, OSError, http.client.HTTPException) as exc:
        if deadline.expired or isinstance(exc, TimeoutError):
            raise RemoteError(endpoint, f"no complete answer within {timeout:g} s") from None
        cause = getattr(exc, "reason", None) or exc
        raise RemoteError(endpoint, f"unreachable ({redact(str(cause))})") from None


@dataclass
class PushReport:
    pushed: list[str]
    triples: int


def graphs(quads: Iterable[ox.Quad]) -> dict[str, list[ox.Quad]]:
    """Quads grouped by named graph (the default graph is skipped: every document has its own)."""
    out: dict[str, list[ox.Quad]] = {}
    for q in quads:
        if isinstance(q.graph_name, ox.NamedNode):
            out.setdefault(q.graph_name.value, []).append(q)
    return dict(sorted(out.items()))


def push(quads: list[ox.Quad], endpoint: str, timeout: float = TIMEOUT) -> PushReport:
    """PUT each named graph to a Graph Store Protocol endpoint, then the manifest listing them (idempotent).

    ``timeout`` bounds each whole request. The manifest lets ``query`` name its dataset on any store.
    """
    pushed: list[str] = []
    total = 0
    by_graph = graphs(quads)
    by_graph.pop(MANIFEST, None)
    manifest = ox.NamedNode(MANIFEST)
    by_graph[MANIFEST] = [
        ox.Quad(manifest, ox.NamedNode(_HAS_PART), ox.NamedNode(name), manifest) for name in by_graph
    ]
    sep = "&" if "?" in endpoint else "?"
    for name, gq in by_graph.items():
        body = ("\n".join(store.sorted_lines(gq, with_graph=False)) + "\n").encode()
        url = f"{endpoint}{sep}graph={urllib.parse.quote(name, safe='')}"
        try:
            _request("PUT", url, endpoint, body, {"Content-Type": "application/n-triples"}, timeout)
        except RemoteError as exc:
            raise RemoteError(
                endpoint, f"pushed {len(pushed)} of {len(by_graph)} graphs; <{name}> failed: {exc.message}"
            ) from None
        if name != MANIFEST:
            pushed.append(name)
            total += len(gq)
    return PushReport(pushed, total)


Row = list[ox.NamedNode | ox.Literal | ox.BlankNode | None]


def solutions(
    endpoint: str, sparql: str, timeout: float = TIMEOUT, graphs: list[str] | None = None
) -> ox.QuerySolutions:
    """One SELECT over the SPARQL 1.1 Protocol, on the store's default graph or on the merge of ``graphs``."""
    form = [("query", sparql)] + [("default-graph-uri", g) for g in graphs or []]
    _, data = _request(
        "POST",
        endpoint,
        endpoint,
        urllib.parse.urlencode(form).encode(),
        {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
        timeout,
    )
    try:
        results = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError) as exc:
        raise RemoteError(endpoint, f"not SPARQL JSON SELECT results: {exc}") from None
    if not isinstance(results, ox.QuerySolutions):
        raise RemoteError(endpoint, "not SPARQL JSON SELECT results")
    return results


def select(
    endpoint: str, sparql: str, timeout: float = TIMEOUT, graphs: list[str] | None = None
) -> tuple[list[str], list[Row]]:
    """Like ``solutions``, as column names and rows."""
    results = solutions(endpoint, sparql, timeout, graphs)
    cols = [v.value for v in results.variables]
    return cols, [[sol[c] for c in cols] for sol in results]


def dataset(endpoint: str, timeout: float = TIMEOUT) -> list[str] | None:
    """The graphs ``push`` recorded in the manifest, or None when the store's default graph has the data.

    A store whose default graph is empty while named graphs hold data (a stock Oxigraph or Fuseki loaded
    without push) is an error naming the setting: every query would answer 0 rows.
    """
    listed = f"SELECT ?g WHERE {{ GRAPH <{MANIFEST}> {{ <{MANIFEST}> <{_HAS_PART}> ?g }} }}"
    _, rows = select(endpoint, listed, timeout)
    listed_graphs = sorted(r[0].value for r in rows if isinstance(r[0], ox.NamedNode))
    if listed_graphs:
        return listed_graphs
    probe = "SELECT ?d ?n WHERE { OPTIONAL { SELECT (1 AS ?d) WHERE { ?s ?p ?o } LIMIT 1 } OPTIONAL { SELECT (1 AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1 } }"
    _, rows = select(endpoint, probe, timeout)
    default_empty = not rows or rows[0][0] is None
    named_data = bool(rows) and rows[0][1] is not None
    if default_empty and named_data:
        raise RemoteError(
            endpoint,
            "the default graph is empty but named graphs hold data: push with `myokg push` (which records "
            "its graphs), or serve the union of named graphs as the default graph "
            "(oxigraph serve --union-default-graph; Fuseki tdb2:unionDefaultGraph true)",
        )
    return None


def query_solutions(
    endpoint: str, sparql: str, bindings: dict[str, ox.NamedNode | ox.Literal], timeout: float = TIMEOUT
) -> ox.QuerySolutions:
    """Run a SELECT on the graphs ``push`` wrote (named as default-graph-uri), with typed solutions.

    Parameters are written into the query's placeholders (they steer the plan) and travel as a trailing
    VALUES block of library-serialised terms.
    """
    sparql = store.inline_values(sparql, bindings)
    if bindings:
        names = " ".join(f"?{k}" for k in bindings)
        row = " ".join(
            str(v) for v in bindings.values()
        )  # N-Triples syntax from pyoxigraph: escaped, validated
        sparql = f"{sparql.rstrip()}\nVALUES ({names}) {{ ({row}) }}\n"
    return solutions(endpoint, sparql, timeout, dataset(endpoint, timeout))


def query(
    endpoint: str, sparql: str, bindings: dict[str, ox.NamedNode | ox.Literal], timeout: float = TIMEOUT
) -> tuple[list[str], list[Row]]:
    """Like ``query_solutions``, as column names and rows."""
    results = query_solutions(endpoint, sparql, bindings, timeout)
    cols = [v.value for v in results.variables]
    return cols, [[sol[c] for c in cols] for sol in results]
