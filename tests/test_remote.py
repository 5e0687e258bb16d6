"""A real Oxigraph server on loopback: push, remote queries equal to local ones, bulk load, failures."""

from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SEEDS
from myokg import queries, remote, store, summary, vocab
from myokg.cli import main

PARAMS = {
    "agents-with-evidence": {"disease": "dermatomyositis"},
    "evidence-for-agent": {"agent": "TNF inhibitor"},
    "studies-by-design": {"design": "case series"},
}


def _oxigraph() -> str:
    exe = Path(sys.executable).parent / "oxigraph"
    found = str(exe) if exe.exists() else shutil.which("oxigraph")
    if not found:
        pytest.fail("the oxigraph server (PyPI 'oxigraph', in the [test] extra) is not installed")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, location: Path, union: bool = True) -> None:
        self.port = _free_port()
        self.proc = subprocess.Popen(
            [_oxigraph(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{self.port}"]
            + (["--union-default-graph"] if union else []),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("oxigraph server did not start")

    @property
    def store_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/store"

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    assert (
        CliRunner()
        .invoke(main, ["build", *map(str, SEEDS), "-o", str(out), "--export", "nq,nq.gz"])
        .exit_code
        == 0
    )
    return out


@pytest.fixture(scope="module", params=["union", "stock"])
def server(request, tmp_path_factory):
    """Oxigraph serving the union of named graphs as default graph, and a stock one without that flag."""
    srv = Server(tmp_path_factory.mktemp("oxdb"), union=request.param == "union")
    yield srv
    srv.stop()


def _cell(v) -> str:
    """A cell's value; GROUP_CONCAT lists have no defined order in SPARQL, so compare them sorted."""
    text = "" if v is None else v.value
    for sep in ("; ", ", "):
        if sep in text:
            return sep.join(sorted(text.split(sep)))
    return text


def _local(built: Path, name: str) -> set[tuple[str, ...]]:
    q = queries.stored()[name]
    _, rows = store.query(
        store.new_store(store.read_quads(built / "myokg.nq")),
        q.text,
        queries.bind(q, PARAMS.get(name, {}), vocab.default()),
    )
    return {tuple(_cell(v) for v in row) for row in rows}


def _remote(url: str, name: str) -> set[tuple[str, ...]]:
    q = queries.stored()[name]
    _, rows = remote.query(url, q.text, queries.bind(q, PARAMS.get(name, {}), vocab.default()))
    return {tuple(_cell(v) for v in row) for row in rows}


def test_push_twice_then_every_stored_query_matches_local(built, server):
    r = CliRunner().invoke(main, ["push", "--endpoint", server.store_url, "--graph", str(built)])
    assert r.exit_code == 0, r.output
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{remote.MANIFEST}>) }}"
    first = remote.select(server.query_url, count)[1][0][0].value
    assert (
        CliRunner().invoke(main, ["push", "--endpoint", server.store_url, "--graph", str(built)]).exit_code
        == 0
    )
    second = remote.select(server.query_url, count)[1][0][0].value
    assert first == second == str(len(store.read_quads(built / "myokg.nq")))
    names = sorted(queries.stored())
    assert len(names) == 19  # eighteen questions and stats
    for name in names:
        assert _remote(server.query_url, name) == _local(built, name), name


def test_notebook_api_on_an_endpoint(built, server):
    import myokg

    remote_rows = myokg.open(server.query_url).query("agents-with-evidence", disease="dermatomyositis")
    local_rows = myokg.open(built).query("agents-with-evidence", disease="dermatomyositis")
    assert sorted(r["agent_label"] for r in remote_rows) == sorted(r["agent_label"] for r in local_rows)
    assert all(isinstance(r["studies"], int) for r in remote_rows)


def test_cli_remote_query_formats(built, server):
    r = CliRunner().invoke(
        main,
        [
            "query",
            "agents-with-evidence",
            "--param",
            "disease=juvenile dermatomyositis",
            "--endpoint",
            server.query_url,
            "--format",
            "csv",
        ],
    )
    assert r.exit_code == 0 and "methylprednisolone" in r.output


def _bulk_load(built: Path, location: Path) -> None:
    """The gzipped export, as the README says to load it: the Oxigraph command reads gzip itself."""
    subprocess.run(
        [_oxigraph(), "load", "--location", str(location), "--file", str(built / "myokg.nq.gz")],
        check=True,
        capture_output=True,
        timeout=120,
    )


def test_bulk_loaded_file_alone_is_enough(built, tmp_path):
    _bulk_load(built, tmp_path / "bulk")
    srv = Server(tmp_path / "bulk")
    try:
        assert _remote(srv.query_url, "agents-with-evidence") == _local(built, "agents-with-evidence")
    finally:
        srv.stop()


def test_stock_store_without_manifest_names_the_setting(built, tmp_path):
    """Named graphs only, no union flag, no push manifest: an error naming the setting, never '0 rows'."""
    _bulk_load(built, tmp_path / "bulk")
    srv = Server(tmp_path / "bulk", union=False)
    try:
        r = CliRunner().invoke(main, ["query", "cited-by-several", "--endpoint", srv.query_url])
    finally:
        srv.stop()
    assert r.exit_code == 1 and "--union-default-graph" in r.output and "Traceback" not in r.output


class _Handler(http.server.BaseHTTPRequestHandler):
    mode = "500"

    def _answer(self) -> None:
        if self.mode == "redirect":
            self.send_response(307)
            self.send_header("Location", "http://example.invalid/elsewhere")
            self.end_headers()
        elif self.mode == "hang":
            time.sleep(3)
        elif self.mode == "trickle":  # one byte every 0.2 s: each read is quick, the whole answer is not
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            for _ in range(100):
                try:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.2)
        else:
            self.send_response(int(self.mode))
            self.end_headers()
            self.wfile.write(f"server says {self.mode}".encode())

    do_PUT = do_POST = do_GET = _answer

    def log_message(self, *args):  # noqa: D102 - keep test output clean
        pass


@pytest.mark.parametrize(
    "mode,expected",
    [
        ("401", "HTTP 401: server says 401"),
        ("403", "HTTP 403"),
        ("500", "HTTP 500"),
        ("redirect", "redirect to another host"),
        ("hang", "no complete answer within 1 s"),
        ("trickle", "no complete answer within 1 s"),
    ],
)
def test_endpoint_failures_are_clear(built, mode, expected):
    handler = type("H", (_Handler,), {"mode": mode})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/store"
        r = CliRunner().invoke(main, ["push", "--endpoint", url, "--graph", str(built), "--timeout", "1"])
        assert (
            r.exit_code == 1
            and expected in r.output
            and "pushed 0 of" in r.output
            and "Traceback" not in r.output
        )
    finally:
        httpd.shutdown()


def test_unreachable_endpoint(built):
    r = CliRunner().invoke(
        main, ["push", "--endpoint", f"http://127.0.0.1:{_free_port()}/store", "--graph", str(built)]
    )
    assert r.exit_code == 1 and "unreachable" in r.output


def test_credentials_are_sent_but_never_printed(built, monkeypatch):
    seen = {}

    class H(_Handler):
        mode = "401"

        def _answer(self) -> None:
            seen["auth"] = self.headers.get("Authorization")
            super()._answer()

        do_PUT = _answer

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    monkeypatch.setenv(remote.TOKEN_ENV, "s3cret-token")
    try:
        r = CliRunner().invoke(
            main,
            [
                "push",
                "--endpoint",
                f"http://127.0.0.1:{httpd.server_address[1]}/store",
                "--graph",
                str(built),
            ],
        )
    finally:
        httpd.shutdown()
    assert seen["auth"] == "Bearer s3cret-token"
    assert r.exit_code == 1 and "s3cret" not in r.output


def test_ontology_graph_is_pushed(built):
    names = remote.graphs(store.read_quads(built / "myokg.nq"))
    assert "https://w3id.org/myokg/ontology" in names and summary.GRAPH.value in names and len(names) == 4


def test_password_in_endpoint_url_is_used_but_never_printed(built):
    seen = {}

    class H(_Handler):
        mode = "500"

        def _answer(self) -> None:
            seen["auth"] = self.headers.get("Authorization")
            super()._answer()

        do_PUT = do_POST = _answer

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://alice:pw-s3cret@127.0.0.1:{httpd.server_address[1]}/store"
    try:
        pushed = CliRunner().invoke(main, ["push", "--endpoint", url, "--graph", str(built)])
        queried = CliRunner().invoke(main, ["query", "cited-by-several", "--endpoint", url])
    finally:
        httpd.shutdown()
    assert seen["auth"].startswith("Basic ")
    for r in (pushed, queried):
        assert r.exit_code == 1 and "alice:***@" in r.output and "pw-s3cret" not in r.output, r.output
