"""Talk to a triplestore: push graphs with the Graph Store Protocol, run queries over the SPARQL Protocol."""

from __future__ import annotations

import base64
import netrc
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from myokg import store
from myokg.errors import RemoteError

#: Seconds to wait for a connection or an answer.
TIMEOUT = 30.0
#: Environment variables read for credentials (a netrc entry for the host is used otherwise).
TOKEN_ENV, USER_ENV, PASSWORD_ENV = "MYOKG_ENDPOINT_TOKEN", "MYOKG_ENDPOINT_USER", "MYOKG_ENDPOINT_PASSWORD"


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to the same scheme, host and port; credentials never travel elsewhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        old, new = urllib.parse.urlsplit(req.full_url), urllib.parse.urlsplit(newurl)
        if (old.scheme, old.netloc) != (new.scheme, new.netloc):
            raise urllib.error.HTTPError(
                newurl, code, f"redirect to another host ({new.netloc}) refused", headers, fp
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_SameHostRedirects, urllib.request.ProxyHandler({}))


def _auth(url: str) -> dict[str, str]:
    if token := os.environ.get(TOKEN_ENV):
        return {"Authorization": f"Bearer {token}"}
    user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
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
    req = urllib.request.Request(url, data=body, method=method, headers={**(headers or {}), **_auth(url)})
    try:
        with _OPENER.open(req, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip().splitlines() if exc.fp else []
        reason = detail[0][:300] if detail else exc.reason
        raise RemoteError(endpoint, f"HTTP {exc.code}: {reason}") from None
    except (TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise RemoteError(endpoint, f"no answer within {timeout:g} s or unreachable ({reason})") from None


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
    """PUT each named graph to a Graph Store Protocol endpoint (pushing twice changes nothing)."""
    pushed: list[str] = []
    total = 0
    by_graph = graphs(quads)
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
        pushed.append(name)
        total += len(gq)
    return PushReport(pushed, total)


def query(
    endpoint: str, sparql: str, bindings: dict[str, ox.NamedNode | ox.Literal], timeout: float = TIMEOUT
) -> tuple[list[str], list[list[ox.NamedNode | ox.Literal | ox.BlankNode | None]]]:
    """Run a SELECT over the SPARQL 1.1 Protocol; parameters travel as a trailing VALUES block of library-serialised terms."""
    if bindings:
        names = " ".join(f"?{k}" for k in bindings)
        row = " ".join(
            str(v) for v in bindings.values()
        )  # N-Triples syntax from pyoxigraph: escaped, validated
        sparql = f"{sparql.rstrip()}\nVALUES ({names}) {{ ({row}) }}\n"
    body = urllib.parse.urlencode({"query": sparql}).encode()
    _, data = _request(
        "POST",
        endpoint,
        endpoint,
        body,
        {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
        timeout,
    )
    try:
        return store.parse_results(data)
    except (SyntaxError, ValueError) as exc:
        raise RemoteError(endpoint, f"not SPARQL JSON SELECT results: {exc}") from None
