"""Serve a build read-only over HTTP: the SPARQL 1.1 protocol at /query, stored queries by name, the report at /.

A small WSGI app over the build's on-disk store opened read-only (pyoxigraph), run by the standard library's
server, one request at a time. Queries go through the same checks and deadline as ``myokg query``: SELECT
only, no SERVICE, LOAD or FROM (so no request leaves the host), and the default graph is the union of the
build's graphs (as ``myokg query`` sees it).
"""

from __future__ import annotations

import json
import sys
import urllib.parse
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pyoxigraph as ox

from myokg import queries, store, vocab
from myokg.errors import QueryError

#: SPARQL results formats: name -> (media type, pyoxigraph format); the first is the default.
FORMATS = {
    "json": ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    "xml": ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    "csv": ("text/csv; charset=utf-8", ox.QueryResultsFormat.CSV),
    "tsv": ("text/tab-separated-values; charset=utf-8", ox.QueryResultsFormat.TSV),
}
#: Host names a loopback server answers to (DNS rebinding: another name pointed at 127.0.0.1 is refused).
LOCAL_NAMES = {"127.0.0.1", "localhost", "::1"}
#: Largest request body read, in bytes (a query, not an upload).
MAX_BODY = 1 << 20
StartResponse = Callable[[str, list[tuple[str, str]]], Any]


class _Answer(Exception):
    """An HTTP error answer: status line and a one-line message."""

    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status


def _format(params: dict[str, list[str]], accept: str) -> str:
    """The results format asked by ``format=`` or by the Accept header; JSON otherwise."""
    if name := (params.get("format") or [""])[0]:
        if name not in FORMATS:
            raise _Answer("400 Bad Request", f"unknown format '{name}' (known: {', '.join(FORMATS)})")
        return name
    for name, (media, _) in FORMATS.items():
        if media.split(";")[0] in accept:
            return name
    return "json"


class App:
    """The WSGI application of one build."""

    def __init__(self, build: Path, timeout: float = queries.DEFAULT_TIMEOUT, loopback: bool = True) -> None:
        from myokg import report

        self.graph = store.open_graph(build)
        self.timeout = timeout
        self.loopback = loopback
        self.page = report.render(self.graph, build).encode("utf-8")
        self.stored = queries.stored()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            status, headers, body = self._route(environ)
        except _Answer as exc:
            status, headers, body = (
                exc.status,
                [("Content-Type", "text/plain; charset=utf-8")],
                f"{exc}\n".encode(),
            )
        except QueryError as exc:
            status = "503 Service Unavailable" if isinstance(exc, queries.QueryTimeout) else "400 Bad Request"
            headers, body = [("Content-Type", "text/plain; charset=utf-8")], f"{exc}\n".encode()
        start_response(
            status, [*headers, ("Content-Length", str(len(body))), ("X-Content-Type-Options", "nosniff")]
        )
        return [body]

    def _route(self, environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "/")
        host = urllib.parse.urlsplit("//" + environ.get("HTTP_HOST", "")).hostname or ""
        if self.loopback and host not in LOCAL_NAMES:  # a page whose name was rebound to 127.0.0.1 is not us
            raise _Answer("403 Forbidden", f"Host {host!r} is not this machine's loopback name")
        if method not in ("GET", "HEAD", "POST"):
            raise _Answer("405 Method Not Allowed", f"{method}: this server is read-only")
        params = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        if path == "/":
            return "200 OK", [("Content-Type", "text/html; charset=utf-8")], self.page
        if path == "/query":
            text = self._query_text(environ, method, params)
            fmt = _format(params, environ.get("HTTP_ACCEPT", ""))
            return self._select("endpoint", text, {}, fmt)
        if path == "/queries":
            listing = [
                {
                    "name": n,
                    "question": q.question,
                    "params": [p.name for p in q.params],
                    "url": f"/queries/{n}",
                }
                for n, q in self.stored.items()
            ]
            return "200 OK", [("Content-Type", "application/json")], json.dumps(listing, indent=1).encode()
        if path.startswith("/queries/") and (q := self.stored.get(path.removeprefix("/queries/"))):
            fmt = _format(params, environ.get("HTTP_ACCEPT", ""))
            given = {k: v[-1] for k, v in params.items() if k != "format"}
            bindings = queries.bind(q, given, vocab.default()) if given or q.params else {}
            return self._select(q.name, q.text, bindings, fmt)
        raise _Answer("404 Not Found", f"{path}: no such page (try /, /query or /queries)")

    def _query_text(self, environ: dict[str, Any], method: str, params: dict[str, list[str]]) -> str:
        """The query of a SPARQL protocol request: GET ?query=, POST form, or POST application/sparql-query."""
        if method == "POST":
            size = int(environ.get("CONTENT_LENGTH") or 0)
            if size > MAX_BODY:
                raise _Answer("413 Content Too Large", f"query body over {MAX_BODY} bytes")
            body = environ["wsgi.input"].read(size).decode("utf-8", "replace")
            kind = environ.get("CONTENT_TYPE", "").split(";")[0].strip()
            if kind == "application/sparql-query":
                params = {**params, "query": [body]}
            elif kind == "application/x-www-form-urlencoded":
                params = {**params, **urllib.parse.parse_qs(body, keep_blank_values=True)}
            else:
                raise _Answer(
                    "415 Unsupported Media Type", f"POST a form or application/sparql-query, not {kind!r}"
                )
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            raise _Answer(
                "400 Bad Request",
                "default-graph-uri and named-graph-uri are not supported: the default "
                "graph is the union of the build's graphs",
            )
        texts = params.get("query") or []
        if len(texts) != 1 or not texts[0].strip():
            raise _Answer("400 Bad Request", "give exactly one query (GET ?query=, or POST it)")
        return texts[0]

    def _select(
        self, name: str, text: str, bindings: dict[str, ox.NamedNode | ox.Literal], fmt: str
    ) -> tuple[str, list[tuple[str, str]], bytes]:
        queries.check_read_only(name, text)
        solutions = queries.results(self.graph.store, name, text, bindings, self.timeout, union=True)
        media, kind = FORMATS[fmt]
        return "200 OK", [("Content-Type", media)], solutions.serialize(format=kind) or b""


class _QuietHandler(WSGIRequestHandler):
    timeout = 30  # seconds a client may take to send its request: one stuck client cannot hold the server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


def serve(app: App, host: str, port: int, announce: Callable[[str], None]) -> None:
    """Serve ``app`` until interrupted; ``announce`` gets the base URL once the port is bound."""
    server: WSGIServer = make_server(host, port, app, handler_class=_QuietHandler)
    with server:
        shown = f"[{host}]" if ":" in host else host
        announce(f"http://{shown}:{server.server_port}/")
        sys.stdout.flush()
        server.serve_forever()
