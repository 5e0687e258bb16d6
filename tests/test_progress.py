"""Progress on long work: a bar (count, rate, ETA) on standard error when it is a terminal, and nothing at all
when it is not; the build report's seconds per stage. Each command runs as a user runs it, in its own process,
its standard error a pseudo-terminal (Python's pty) or a pipe."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
import threading
from pathlib import Path

import synthetic
from conftest import OWN_DOCUMENTS
from myokg.build import STAGES, build


def _myokg(*args: str | Path, terminal: bool) -> tuple[int, str, bytes]:
    """Run `python -m myokg ARGS`: its exit code, standard output, and what it wrote to standard error (a
    pseudo-terminal when ``terminal``, else a pipe)."""
    cmd = [sys.executable, "-m", "myokg", *map(str, args)]
    env = dict(os.environ, COLUMNS="120")
    if not terminal:
        proc = subprocess.run(cmd, capture_output=True, stdin=subprocess.DEVNULL, env=env, timeout=300)
        return proc.returncode, proc.stdout.decode(), proc.stderr
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave, env=env)
    finally:
        os.close(slave)
    got: list[bytes] = []

    def drain() -> None:  # the terminal is read as it is written (a full one would block the command)
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the command closed its end
                return
            if not data:
                return
            got.append(data)

    reader = threading.Thread(target=drain)
    reader.start()
    out, _ = proc.communicate(timeout=300)
    reader.join(timeout=30)
    os.close(master)
    return proc.returncode, out.decode(), b"".join(got)


def test_build_validate_export_and_report_show_a_bar_on_a_terminal(tmp_path):
    xml = synthetic.write(tmp_path / "records.xml", 300)
    out = tmp_path / "build"
    code, stdout, bar = _myokg("build", *OWN_DOCUMENTS, xml, "-o", out, "-j", "2", terminal=True)
    assert code == 0, bar.decode(errors="replace")
    text = bar.decode()
    records = re.findall(r"build: records\s+\[[#\- ]*\]\s+(\d+)/(\d+)\s+(\d+)%", text)
    assert records, text
    assert records[-1][0] == records[-1][1] and records[-1][2] == "100"  # every record, of as many
    assert re.search(r"\d[\d,]*/s", text)  # the rate
    assert "build: checks" in text  # validation, check by check
    assert (
        f"documents: {records[-1][0]} built" in stdout and "build:" not in stdout
    )  # the bar never goes to stdout

    code, _, bar = _myokg("validate", out, terminal=True)
    assert code == 0 and re.search(rb"validate: checks\s+\[[#\- ]*\]\s+(\d+)/\1\s+100%", bar), bar

    code, _, bar = _myokg("export", "--graph", out, "--format", "kgx", "-o", tmp_path / "kgx", terminal=True)
    assert code == 0 and re.search(rb"export: quads\s+\[[#\- ]*\]\s+(\d+)/\1\s+100%", bar), bar

    code, _, bar = _myokg("report", "--graph", out, "-o", tmp_path / "report.html", terminal=True)
    assert code == 0 and re.search(rb"report: queries\s+\[[#\- ]*\]\s+(\d+)/\1\s+100%", bar), bar


def _untimed(stdout: str) -> list[str]:
    return [x for x in stdout.splitlines() if not x.startswith(("seconds:", "stage seconds:"))]


def test_no_bar_and_the_same_stdout_when_stderr_is_not_a_terminal(tmp_path):
    out = tmp_path / "build"
    code, on_terminal, _ = _myokg("build", *OWN_DOCUMENTS, "-o", out, terminal=True)
    assert code == 0
    code, stdout, err = _myokg("build", *OWN_DOCUMENTS, "-o", out, terminal=False)
    assert code == 0 and err == b""
    assert _untimed(stdout) == _untimed(on_terminal) and stdout.startswith("documents: 8 built")
    code, _, err = _myokg("validate", out, terminal=False)
    assert code == 0 and err == b""
    code, _, err = _myokg("report", "--graph", out, "-o", tmp_path / "quiet.html", terminal=False)
    assert code == 0 and err == b""
    for fmt in ("ttl", "kgx"):
        code, _, err = _myokg(
            "export", "--graph", out, "--format", fmt, "-o", tmp_path / f"x-{fmt}", terminal=False
        )
        assert code == 0 and err == b""


def test_build_report_states_seconds_per_stage(tmp_path):
    report = build(OWN_DOCUMENTS, tmp_path / "out", validate=True, jobs=1)
    assert list(report.stages) and set(report.stages) <= set(STAGES)
    assert {"start", "read", "extract", "graph", "store load", "exports", "validation"} <= set(report.stages)
    line = report.lines()[-1]
    assert line.startswith("stage seconds: start ") and "validation " in line
    assert line in (tmp_path / "out" / "build-report.txt").read_text().splitlines()
    assert all(s >= 0 for s in report.stages.values())
    assert (
        sum(report.stages.values()) <= report.seconds * 1.05 + 0.01
    )  # one process: the stages do not overlap
