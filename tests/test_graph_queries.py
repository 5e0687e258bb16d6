"""Graph, store, stored queries, checks and shapes."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from myokg import graph, paths, queries, store, validate, vocab

STORED = sorted(paths.QUERIES_DIR.glob("*.rq"))
PARAMS = {
    "agents-with-evidence": {"disease": "dermatomyositis"},
    "evidence-for-agent": {"agent": "TNF inhibitor"},
}


def test_query_files_found():
    assert len(STORED) == 9  # eight questions and stats
    assert len(list(paths.CHECKS_DIR.glob("*.rq"))) == 4


@pytest.mark.parametrize("path", STORED, ids=lambda p: p.stem)
def test_every_stored_query_runs_with_rows(path, seed_store):
    q = queries.parse(path.stem, path.read_text())
    queries.check_read_only(q.name, q.text)
    cols, rows = store.query(seed_store, q.text, queries.bind(q, PARAMS.get(q.name, {}), vocab.default()))
    assert rows, f"{q.name} returned no rows"


def test_hierarchy_in_queries(seed_store):
    q = queries.stored()["agents-with-evidence"]
    _, rows = store.query(
        seed_store, q.text, queries.bind(q, {"disease": "dermatomyositis"}, vocab.default())
    )
    agents = {r[1].value for r in rows}
    assert "cyclophosphamide" in agents  # only stated for juvenile dermatomyositis
    q = queries.stored()["evidence-for-agent"]
    _, rows = store.query(seed_store, q.text, queries.bind(q, {"agent": "anti-TNF"}, vocab.default()))
    assert {"etanercept", "infliximab", "TNF inhibitor"} <= {r[1].value for r in rows}


def test_injection_is_bound_as_a_value(seed_store):
    q = queries.parse("x", "# x\nSELECT ?t WHERE { ?p <https://w3id.org/myokg/ontology#title> ?t }")
    _, rows = store.query(seed_store, q.text, {"t": ox.Literal('x") } SERVICE <http://127.0.0.1:9/> {')})
    assert rows == []


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        "INSERT DATA { <a:b> <a:c> <a:d> }",
        "SELECT * WHERE { ?s ?p ",
    ],
)
def test_unsafe_or_malformed_queries_are_refused(text):
    from myokg.errors import QueryError

    with pytest.raises(QueryError):
        queries.check_read_only("adhoc", text)


def test_seed_graph_conforms_and_one_work_one_node(seed_quads):
    assert validate.validate(seed_quads).conforms
    titles = {q.subject.value for q in seed_quads if q.predicate.value.endswith("#title")}
    assert len(titles) == 56  # 2 articles + 55 references, Dalakas & Hohlfeld 2003 cited by both


def test_failing_fixture_is_reported(seed_quads):
    f = next(q for q in seed_quads if q.predicate.value.endswith("#responders"))
    bad = [q for q in seed_quads if not (q.subject == f.subject and q.predicate.value.endswith("#direction"))]
    bad.append(
        ox.Quad(
            f.subject,
            f.predicate,
            ox.Literal("99", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
            f.graph_name,
        )
    )
    report = validate.validate(bad)
    messages = {i.message for i in report.violations}
    assert any("direction" in m for m in messages)
    assert any("responders" in m for m in messages)


def test_build_is_deterministic(extractions, tmp_path):
    a = store.sorted_lines(graph.build(extractions))
    b = store.sorted_lines(graph.build(list(reversed(extractions))))
    assert a == b
    assert not any("_:" in line for line in a)  # no blank nodes in data
