"""The CLI's exit codes and outputs, run as a user would."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import ABSTRACT_SEED, SEEDS
from myokg.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_build_default_corpus_then_jdm_query(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = run("build")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "build" / "store").is_dir() and not (tmp_path / "build" / "myokg.nq").exists()
    r = run(
        "query", "agents-with-evidence", "--param", "disease=juvenile dermatomyositis", "--format", "json"
    )
    rows = json.loads(r.output)["results"]["bindings"]  # SPARQL 1.1 Query Results JSON, typed
    assert r.exit_code == 0 and {"methylprednisolone", "ciclosporin"} <= {
        x["agent_label"]["value"] for x in rows
    }
    assert rows[0]["studies"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"


@pytest.mark.shared
def test_build_seeds_and_a_bad_document(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe broken")
    r = run("build", *SEEDS, bad, "-o", tmp_path / "out", "--export", "ttl")
    assert r.exit_code == 1
    assert "documents: 2 built, 1 failed" in r.output and "not UTF-8" in r.output
    assert (tmp_path / "out" / "myokg.ttl").exists()


def test_usage_errors(tmp_path):
    assert run("build", tmp_path / "missing.txt", "-o", tmp_path / "o").exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run("build", empty, "-o", tmp_path / "o").exit_code == 2
    r = run("query", "no-such-query", "--graph", tmp_path)
    assert r.exit_code == 2 and "unknown query" in r.output and "Traceback" not in r.output
    assert run("query", "agents-with-evidence", "--param", "disease").exit_code == 2


@pytest.mark.shared
def test_extract_jsonl(tmp_path):
    r = run("extract", ABSTRACT_SEED, "--format", "jsonl")
    records = [json.loads(line) for line in r.output.splitlines()]
    assert r.exit_code == 0
    assert {
        "document",
        "reference",
        "agent",
        "condition",
        "role",
        "design",
        "n",
        "direction",
        "adverse_event",
        "span",
    } <= set(records[0])
    assert any(x["agent"] == "etanercept" and x["n"] == 8 for x in records)


def test_lookup():
    r = run("lookup", "CsA")
    assert r.exit_code == 0 and "ciclosporin" in r.output and "MESH:D016572" in r.output


def test_commands_on_a_built_graph(tmp_path):
    out = tmp_path / "b"
    assert run("build", *SEEDS, "-o", out, "--export", "ttl").exit_code == 0
    assert run("validate", out).exit_code == 0
    r = run("stats", "--graph", out)
    assert r.exit_code == 0 and "Finding" in r.output
    r = run(
        "query",
        "--sparql",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        "--graph",
        out / "myokg.ttl",
        "--format",
        "csv",
    )
    assert r.exit_code == 0 and r.output.splitlines()[0] == "n"
    r = run(
        "query", "--sparql", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "--graph", out
    )
    assert r.exit_code == 2 and "SERVICE is refused" in r.output
    r = run("query", "evidence-for-agent", "--param", "agent=no such drug", "--graph", out)
    assert r.exit_code == 2 and "no agent term" in r.output
    r = run("export", "--format", "nt", "--graph", out, "-o", tmp_path / "x.nt")
    assert r.exit_code == 0 and (tmp_path / "x.nt").stat().st_size > 0
    assert "agents-with-evidence" in run("queries").output


def test_vocab_exports():
    r = run("vocab", "--format", "sssom")
    assert (
        r.exit_code == 0 and "myt:jdm\tjuvenile dermatomyositis\tskos:exactMatch\tMONDO:0008054" in r.output
    )
    assert run("vocab").output.startswith("key\tlabel\tkind")


def test_a_build_of_only_bad_documents_keeps_the_previous_graph(tmp_path):
    out = tmp_path / "b"
    assert run("build", *SEEDS, "-o", out, "--export", "ttl").exit_code == 0
    before = (out / "myokg.ttl").read_bytes()
    bad = tmp_path / "empty.txt"
    bad.write_text("   \n")
    r = run("build", bad, "-o", out)
    assert r.exit_code == 1 and "empty document" in r.output and "nothing written" in r.output
    assert (out / "myokg.ttl").read_bytes() == before


def test_build_without_validation_says_so(tmp_path):
    r = run("build", *SEEDS, "-o", tmp_path / "b", "--no-validate")
    assert r.exit_code == 0 and "validation: not validated" in r.output
    assert run("validate", tmp_path / "b").exit_code == 0


def test_an_unexpected_error_is_one_line_unless_verbose(monkeypatch):
    import myokg.build

    def boom(_):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(myokg.build, "extract_all", boom)
    r = CliRunner().invoke(main, ["extract", str(ABSTRACT_SEED)])
    assert (
        r.exit_code == 2
        and "internal error: RuntimeError: kaboom" in r.output
        and "Traceback" not in r.output
    )
    r = CliRunner().invoke(main, ["-v", "extract", str(ABSTRACT_SEED)])
    assert isinstance(r.exception, RuntimeError)


@pytest.mark.shared
def test_a_closed_output_pipe_ends_quietly(tmp_path):
    """`myokg export | head`: the reader stops early; no traceback, no error line, the documented code."""
    import subprocess
    import sys

    out = tmp_path / "b"
    assert run("build", ABSTRACT_SEED, "-o", out, "--no-validate").exit_code == 0
    code = "import sys; from myokg.cli import main; sys.exit(main())"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "export", "--format", "nt", "--graph", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait() == 141 and err == ""
