"""myokg serve: a build over the SPARQL 1.1 protocol on loopback, stored queries by name, the report in Chromium."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from myokg import queries
from myokg.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "report-abstract.txt"
#: Parameters for the stored queries that need them.
PARAMS = {
    "agents-with-evidence": ["disease=dermatomyositis"],
    "evidence-for-agent": ["agent=rituximab"],
    "studies-by-design": ["design=case series"],
}


@pytest.fixture(scope="module")
def url(built: Path) -> Iterator[str]:
    """The base URL of `myokg serve BUILD --port 0`, run as the user runs it (a process of its own)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "myokg", "serve", str(built), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline() if proc.stdout else ""  # the server announces itself once bound
        assert line.startswith(f"serving {built} at http://127.0.0.1:"), line + (
            proc.stderr.read() if proc.poll() else ""
        )
        yield line.split(" at ", 1)[1].split()[0]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _get(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, str, str]:
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.headers["Content-Type"], r.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], exc.read().decode()


def _query(*args: str) -> str:
    """The whole answer (--all: a listing is otherwise paged by the command, never by the server)."""
    r = CliRunner().invoke(main, ["query", *args, "--format", "csv", "--all"])
    assert r.exit_code == 0, r.output
    return r.output


@pytest.mark.parametrize("name", sorted(queries.stored()))
def test_every_stored_query_answers_the_same_over_http(name: str, built: Path, url: str):
    params = [x for p in PARAMS.get(name, []) for x in ("--param", p)]
    local = _query(name, *params, "--graph", str(built))
    remote = _query(name, *params, "--endpoint", url + "query")
    assert remote == local
    assert len(local.splitlines()) > 1 or name == "cited-by-several"
    # the same rows by name, with the parameters in the URL
    by_name = (
        url
        + f"queries/{name}?"
        + urllib.parse.urlencode([tuple(p.split("=", 1)) for p in PARAMS.get(name, [])])
    )
    status, kind, body = _get(by_name + "&format=csv")
    assert (status, kind) == (200, "text/csv; charset=utf-8")
    assert body.replace("\r\n", "\n").strip() == local.strip()


def test_protocol_forms_and_formats(url: str):
    sparql = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/myokg/ontology#Document> }"
    get = url + "query?" + urllib.parse.urlencode({"query": sparql})
    status, kind, body = _get(get, headers={"Accept": "application/sparql-results+json"})
    assert (status, kind) == (200, "application/sparql-results+json")
    n = json.loads(body)["results"]["bindings"][0]["n"]["value"]
    status, kind, body = _get(url + "query", sparql.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == n
    status, kind, body = _get(get, headers={"Accept": "application/sparql-results+xml"})
    assert (status, kind) == (200, "application/sparql-results+xml") and f">{n}<" in body
    status, kind, body = _get(get + "&format=tsv")
    assert status == 200 and kind.startswith("text/tab-separated-values") and body.startswith("?n\n")


@pytest.mark.parametrize(
    ("path", "data", "status", "message"),
    [
        (
            "query?query=SELECT+*+WHERE+%7B+SERVICE+%3Chttp://example.org/%3E+%7B+?s+?p+?o+%7D+%7D",
            None,
            400,
            "SERVICE is refused",
        ),
        (
            "query?query=INSERT+DATA+%7B+%3Chttp://a%3E+%3Chttp://b%3E+%3Chttp://c%3E+%7D",
            None,
            400,
            "query: endpoint",
        ),
        ("query?query=SELECT+*+WHERE+%7B%7D&default-graph-uri=http://a", None, 400, "not supported"),
        ("update", b"update=DROP+ALL", 404, "no such page"),
        ("queries/no-such-query", None, 404, "no such page"),
        ("queries/evidence-for-agent?agent=no-such-drug-at-all", None, 400, "query: evidence-for-agent"),
        ("query", None, 400, "give exactly one query"),
    ],
)
def test_bad_requests_are_one_line_errors(url: str, path: str, data: bytes | None, status: int, message: str):
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if data else {}
    got, kind, body = _get(url + path, data, headers)
    assert got == status and kind.startswith("text/plain") and message in body and body.count("\n") == 1, body


def test_binds_loopback_only(url: str):
    port = int(urllib.parse.urlsplit(url).port or 0)
    table = Path("/proc/net/tcp")
    if not table.exists():
        pytest.skip("no /proc/net/tcp to list listening sockets")
    listening = [line.split()[1] for line in table.read_text().splitlines()[1:] if line.split()[3] == "0A"]
    assert f"0100007F:{port:04X}" in listening  # 127.0.0.1, in the kernel's byte order
    assert not [a for a in listening if a.endswith(f":{port:04X}") and a != f"0100007F:{port:04X}"]


def test_report_page_in_headless_chromium(url: str):
    """The evidence report at / loads with no console error and no request leaving the host."""
    from browser import Browser, find_chromium

    executable = find_chromium()
    if executable is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    browser = Browser(executable)
    try:
        browser.open(url)
        assert browser.evaluate("document.querySelectorAll('#evidence-map tbody tr').length") > 10
        assert browser.evaluate("document.querySelectorAll('details.card').length") > 5
    finally:
        browser.close()
    assert browser.console_errors == []
    assert browser.requests and all(r.startswith(url) or r.startswith("data:") for r in browser.requests), (
        browser.requests
    )


def test_missing_build_is_one_line_usage_error(tmp_path: Path):
    r = CliRunner().invoke(main, ["serve", str(tmp_path / "nowhere")])
    assert r.exit_code == 2 and "not a build directory" in r.output and "Traceback" not in r.output


def test_help_lists_fetch_and_serve():
    out = CliRunner().invoke(main, ["--help"]).output
    assert "  fetch " in out and "  serve " in out


def test_another_host_name_is_refused(url: str):
    """DNS rebinding: a page whose name now points at 127.0.0.1 gets no answer from the graph."""
    status, _, body = _get(url + "queries", headers={"Host": "attacker.example:80"})
    assert status == 403 and "attacker.example" in body
