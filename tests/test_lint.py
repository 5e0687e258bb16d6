"""No network from curated or user SPARQL: SERVICE, LOAD, FROM <url> and updates are refused before use."""

from __future__ import annotations

import http.server
import threading

import pytest
from click.testing import CliRunner

from myokg import paths, queries, validate
from myokg.cli import main
from myokg.errors import QueryError

SHAPE_WITH_SERVICE = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:S a sh:NodeShape ;
    sh:targetNode ex:a ;
    sh:sparql [
        sh:select \"\"\"
SELECT $this WHERE {
  SERVICE <%s> { $this ?p ?o }
}\"\"\" ] .
"""


def test_shipped_files_lint_clean():
    for p in sorted(paths.QUERIES_DIR.rglob("*.rq")):
        queries.lint(str(p), p.read_text(encoding="utf-8"))
    for p in sorted(paths.SHAPES_DIR.glob("*.ttl")):
        queries.lint_shapes(p)


@pytest.mark.parametrize(
    "text,line,word",
    [
        ("SELECT * WHERE {\n  SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }\n}", 2, "SERVICE"),
        (
            "# a comment naming SERVICE is fine\nSELECT * FROM <http://x.example/g> WHERE { ?s ?p ?o }",
            2,
            "FROM",
        ),
        ("PREFIX e: <http://x.example/>\nSELECT * FROM NAMED e:g WHERE { ?s ?p ?o }", 2, "FROM"),
        ("LOAD <http://x.example/data.ttl>", 1, "LOAD"),
        ("PREFIX e: <http://x.example/>\n\nDELETE WHERE { ?s ?p ?o }", 3, "DELETE"),
    ],
)
def test_refused_with_file_and_line(text, line, word):
    with pytest.raises(QueryError, match=rf"^query: q\.rq:{line}: {word}"):
        queries.lint("q.rq", text)


def test_words_inside_strings_iris_and_names_are_not_refused():
    queries.lint("q.rq", 'SELECT ?add WHERE { ?add <http://x.example/SERVICE> "LOAD" ; <urn:with> ?y }')


def test_shape_with_service_is_refused_before_anything_runs_it(tmp_path, seed_quads):
    hits = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    shapes = tmp_path / "shapes"
    shapes.mkdir()
    bad = shapes / "bad.ttl"
    bad.write_text(SHAPE_WITH_SERVICE % f"http://127.0.0.1:{httpd.server_address[1]}/sparql")
    try:
        with pytest.raises(QueryError, match=r"bad\.ttl:8: SERVICE is refused"):
            validate.shacl(seed_quads[:50], shapes)
    finally:
        httpd.shutdown()
    assert hits == []


def test_user_query_file_with_service_is_refused(tmp_path):
    f = tmp_path / "mine.rq"
    f.write_text("SELECT * WHERE {\n SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }\n")
    r = CliRunner().invoke(main, ["query", "--file", str(f)])
    assert r.exit_code == 2 and "mine.rq:2: SERVICE is refused" in r.output


def test_a_runaway_query_stops_at_its_deadline(tmp_path, seed_quads):
    from myokg import store

    built = tmp_path / "g.nq"
    store.write(seed_quads, built, "nq")
    cartesian = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    r = CliRunner().invoke(main, ["query", "--sparql", cartesian, "--graph", str(built), "--timeout", "1"])
    assert r.exit_code == 1 and "query: --sparql: no answer within 1 s" in r.output


def test_a_text_that_passed_is_remembered_and_a_refused_one_never_is(tmp_path, monkeypatch):
    monkeypatch.setenv("MYOKG_CACHE_DIR", str(tmp_path / "cache"))
    passed = tmp_path / "cache" / "read-only-queries.txt"
    ok = "SELECT ?s WHERE { ?s ?p ?o }"
    queries.check_read_only("ok", ok)
    remembered = passed.read_text().split()
    queries.check_read_only("ok", ok)  # the second time from the cache: nothing is added
    assert len(remembered) == 1 and passed.read_text().split() == remembered
    for _ in range(2):
        with pytest.raises(QueryError, match="FROM <urn:x:g> is refused"):
            queries.check_read_only("bad", "SELECT ?s FROM <urn:x:g> WHERE { ?s ?p ?o }")
    assert passed.read_text().split() == remembered
    monkeypatch.setenv("MYOKG_CACHE_DIR", "/proc/no-such-cache")  # unwritable: the parse runs each time
    queries.check_read_only("ok", ok)
