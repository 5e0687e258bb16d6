"""Bad inputs and outputs from the reliability audit (issue #12) that needed a fix: each answer is one line
with the documented exit code, and nothing the user had is lost or half-written."""

from __future__ import annotations

import http.server
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from myokg.build import build
from myokg.cli import main

PAGE = (
    "Tacrolimus for refractory polymyositis: a case series\n\nAbstract\n\n"
    "We gave tacrolimus to five patients with refractory polymyositis. Four of five patients improved.\n"
)


@pytest.fixture
def page(tmp_path) -> Path:
    path = tmp_path / "in" / "page.txt"
    path.parent.mkdir()
    path.write_text(PAGE)
    return path


def test_build_never_replaces_a_folder_that_holds_no_build(page, tmp_path):
    """`build -o /tmp` (or any folder of other files) would swap the whole folder away: refused before any work."""
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine\n")
    r = CliRunner().invoke(main, ["build", str(page), "-o", str(folder)])
    assert r.exit_code == 2, r.output
    assert r.output.count("\n") == 1 and "holds no earlier build" in r.output and str(folder) in r.output
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "papers"]  # no lock or staging beside it


def test_build_replaces_an_earlier_build_and_fills_an_empty_folder(page, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    build([page], empty, validate=False)
    build([page], empty, validate=False)
    assert (empty / "build-report.txt").is_file()


def _small_files() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (16 * 1024, 16 * 1024))  # writes past 16 KiB fail (EFBIG)


def test_export_that_cannot_be_written_names_the_file_and_keeps_the_old_one(page, tmp_path):
    out = tmp_path / "out"
    build([page], out, validate=False)
    target = tmp_path / "graph.ttl"
    target.write_text("previous\n")
    proc = subprocess.run(
        [sys.executable, "-m", "myokg", "export", "--graph", str(out), "-o", str(target)],
        capture_output=True,
        text=True,
        preexec_fn=_small_files,
        env=os.environ,
    )
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"Error: export: {target}: ") and "internal error" not in proc.stderr
    assert target.read_text() == "previous\n"
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # no temp file left


@pytest.fixture
def built(page, tmp_path) -> Path:
    out = tmp_path / "out"
    build([page], out, validate=False)
    return out


def test_report_onto_the_graph_it_reads_is_refused(built, tmp_path):
    graph = tmp_path / "graph.ttl"
    assert CliRunner().invoke(main, ["export", "--graph", str(built), "-o", str(graph)]).exit_code == 0
    before = graph.read_bytes()
    r = CliRunner().invoke(main, ["report", "--graph", str(graph), "-o", str(graph)])
    assert r.exit_code == 2 and r.output.count("\n") == 1 and "would overwrite the graph it reads" in r.output
    assert graph.read_bytes() == before


def test_kgx_export_into_the_build_it_reads_is_refused(built):
    r = CliRunner().invoke(main, ["export", "--graph", str(built), "--format", "kgx", "-o", str(built)])
    assert r.exit_code == 2 and "would overwrite the graph it reads" in r.output
    # the build's own, no KGX files
    assert sorted(p.name for p in built.glob("*.tsv")) == ["summary-renames.tsv", "works.tsv"]


def test_export_onto_a_folder_names_the_folder(built, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    r = CliRunner().invoke(main, ["export", "--graph", str(built), "-o", str(folder)])
    assert r.exit_code == 2 and r.output == f"Error: export: {folder}: is a directory, not a file\n"
    assert not list(tmp_path.glob(".*.tmp")) and not list(folder.iterdir())


def test_dash_reads_standard_input():
    proc = subprocess.run(
        [sys.executable, "-m", "myokg", "extract", "-"],
        input=PAGE,
        capture_output=True,
        text=True,
        env=os.environ,
    )
    assert proc.returncode == 0, proc.stderr
    assert '"agent": "tacrolimus"' in proc.stdout and '"document": "stdin"' in proc.stdout


def test_a_damaged_store_is_one_line_naming_it(tmp_path):
    (tmp_path / "b" / "store").mkdir(parents=True)
    (tmp_path / "b" / "store" / "CURRENT").write_text("not a manifest\n")
    r = CliRunner().invoke(main, ["query", "stats", "--graph", str(tmp_path / "b")])
    assert r.exit_code == 2 and r.output.count("\n") == 1, r.output
    assert "cannot open the store" in r.output and "internal error" not in r.output


class _Trickle(http.server.BaseHTTPRequestHandler):
    """Answers 200 with a 100-byte body, one byte every 0.05 s, and counts the bytes the client took."""

    sent = 0

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Length", "100")
        self.end_headers()
        for _ in range(100):
            try:
                self.wfile.write(b"x")
                self.wfile.flush()
            except OSError:
                return
            type(self).sent += 1
            time.sleep(0.05)

    def log_message(self, *args):  # noqa: D102 - keep test output clean
        pass


def test_push_deadline_cuts_a_trickling_answer(built):
    """urllib drops ``conn.sock`` once the headers are in: the deadline must still close the body's socket."""
    handler = type("H", (_Trickle,), {"sent": 0})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/store"
        r = CliRunner().invoke(main, ["push", "--endpoint", url, "--graph", str(built), "--timeout", "1"])
    finally:
        httpd.shutdown()
    assert r.exit_code == 1 and "no complete answer within 1 s" in r.output, r.output
    assert handler.sent < 100  # the client hung up before the whole body came


class _Echo(http.server.BaseHTTPRequestHandler):
    """Refuses with a body that repeats the Authorization header it got."""

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(403)
        self.end_headers()
        self.wfile.write(f"refused for {self.headers.get('Authorization')}".encode())

    def log_message(self, *args):  # noqa: D102 - keep test output clean
        pass


def test_credentials_echoed_by_the_server_are_not_printed(built):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://carol:Pa55word@127.0.0.1:{httpd.server_address[1]}/store"
        r = CliRunner().invoke(main, ["push", "--endpoint", url, "--graph", str(built)])
    finally:
        httpd.shutdown()
    assert r.exit_code == 1 and "HTTP 403: refused for Basic ***" in r.output, r.output
    assert "Pa55word" not in r.output and "Y2Fyb2w6UGE1NXdvcmQ" not in r.output  # base64 of carol:Pa55word
