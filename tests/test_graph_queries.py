"""Graph, store, stored queries, checks and shapes, on the project's own documents and on the seeds."""

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
    assert len(STORED) == 19  # eighteen questions and stats
    assert all(p.stem.startswith("ontology-") for p in paths.CHECKS_DIR.glob("*.rq"))  # data rules: shapes/


def _rows(st, name, params):
    q = queries.parse(name, (paths.QUERIES_DIR / f"{name}.rq").read_text())
    queries.check_read_only(q.name, q.text)
    return store.query(st, q.text, queries.bind(q, params, vocab.default()))[1]


@pytest.mark.parametrize("path", STORED, ids=lambda p: p.stem)
def test_every_stored_query_runs_with_rows_on_own_documents(path, own_store):
    assert _rows(own_store, path.stem, PARAMS.get(path.stem, {})), f"{path.stem} returned no rows"


@pytest.mark.shared
@pytest.mark.parametrize("path", STORED, ids=lambda p: p.stem)
def test_every_stored_query_runs_with_rows(path, seed_store):
    assert _rows(seed_store, path.stem, PARAMS.get(path.stem, {})), f"{path.stem} returned no rows"


def test_hierarchy_in_queries_on_own_documents(own_store):
    agents = {r[1].value for r in _rows(own_store, "agents-with-evidence", {"disease": "dermatomyositis"})}
    assert {"cyclophosphamide", "mycophenolate mofetil"} <= agents  # only stated for juvenile dermatomyositis
    assert "plasma exchange" not in agents  # stated for necrotizing myopathy, a sibling
    rows = _rows(own_store, "evidence-for-agent", {"agent": "anti-TNF"})
    assert {r[1].value for r in rows} == {"etanercept", "infliximab", "TNF inhibitor"}
    cited = {r[1].value: int(r[3].value) for r in _rows(own_store, "cited-by-several", {})}
    assert cited == {
        "Inflammatory myopathies in adults": 3,
        "Rituximab for refractory myositis in daily practice": 2,
    }


@pytest.mark.shared
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


def test_injection_is_bound_as_a_value(own_store):
    q = queries.parse("x", "# x\nSELECT ?t WHERE { ?p <https://w3id.org/myokg/ontology#title> ?t }")
    _, rows = store.query(own_store, q.text, {"t": ox.Literal('x") } SERVICE <http://127.0.0.1:9/> {')})
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


def test_own_graph_conforms_and_one_work_one_node(own_quads, own_extractions):
    assert validate.validate(own_quads).conforms
    titles = {q.subject.value for q in own_quads if q.predicate.value.endswith("#title")}
    references = sum(1 for x in own_extractions for s in x.segments if s.reference)
    # 8 records and 15 references; one work is cited by three records and one by two
    assert (len(own_extractions), references, len(titles)) == (8, 15, 20)


@pytest.mark.shared
def test_seed_graph_conforms_and_one_work_one_node(seed_quads):
    assert validate.validate(seed_quads).conforms
    titles = {q.subject.value for q in seed_quads if q.predicate.value.endswith("#title")}
    assert len(titles) == 56  # 2 articles + 55 references, Dalakas & Hohlfeld 2003 cited by both


def test_failing_fixture_is_reported(own_quads):
    f = next(q for q in own_quads if q.predicate.value.endswith("#responders"))
    bad = [q for q in own_quads if not (q.subject == f.subject and q.predicate.value.endswith("#direction"))]
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


def test_build_is_deterministic(own_extractions):
    a = store.sorted_lines(graph.build(own_extractions))
    b = store.sorted_lines(graph.build(list(reversed(own_extractions))))
    assert a == b
    assert not any("_:" in line for line in a)  # no blank nodes in data


def _page_quads(tmp_path, text):
    from myokg.build import extractor
    from myokg.read import read_path

    page = tmp_path / "page.txt"
    page.write_text(text)
    doc = next(d for d in read_path(page) if not isinstance(d, Exception))
    return doc, graph.quads(extractor().extract(doc), graph.WorkIndex([doc.bib]))


def test_a_term_named_three_times_is_one_mention_with_every_offset(tmp_path):
    text = (
        "Rituximab in refractory polymyositis: a case report\n\nAbstract\n\n"
        "A woman with polymyositis received rituximab. After rituximab her strength improved.\n"
    )
    doc, quads = _page_quads(tmp_path, text)
    st = store.new_store(quads, summarised=True)
    _, rows = store.query(
        st,
        """PREFIX myo: <https://w3id.org/myokg/ontology#>
        SELECT ?m ?offsets WHERE { ?m myo:denotes ?t ; myo:offsets ?offsets .
        ?t <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(str(?l) = "rituximab") }""",
    )
    at = [i for i in range(len(doc.text)) if doc.text[i : i + 9].lower() == "rituximab"]
    assert len(at) == 3
    assert [(m.value.rsplit("-", 2)[1:], o.value) for m, o in rows] == [
        (["0", "9"], " ".join(f"{i}-{i + 9}" for i in at))  # named by its first span, as before
    ]
    mention = rows[0][0]
    predicates = {q.predicate.value.rsplit("/", 1)[-1] for q in quads if q.subject == mention}
    assert predicates == {  # no rdf:type: rdfs:domain says it is a mention
        "ontology#inDocument",
        "ontology#denotes",
        "ontology#offsets",
    }


def test_each_fact_carries_its_quote_and_offsets_without_a_span_node(tmp_path):
    text = (
        "Rituximab in refractory polymyositis: a case report\n\nAbstract\n\n"
        "A woman with refractory polymyositis received rituximab. Her strength improved after rituximab.\n"
    )
    doc, quads = _page_quads(tmp_path, text)
    facts: dict[ox.NamedNode, dict[str, list[str]]] = {}
    for q in quads:
        local = q.predicate.value.rsplit("#", 1)[-1]
        if local in ("evidenceQuote", "evidenceOffsets"):
            facts.setdefault(q.subject, {}).setdefault(local, []).append(q.object.value)
    kinds = {
        q.object.value.rsplit("#", 1)[-1]
        for q in quads
        if q.subject in facts and q.predicate.value.endswith("#type")
    }
    assert "Finding" in kinds
    for values in facts.values():
        assert len(values["evidenceQuote"]) == len(values["evidenceOffsets"]) == 1
        start, end = map(int, values["evidenceOffsets"][0].split("-"))
        assert 0 <= start < end and values["evidenceQuote"][0] == doc.text[start:end]
    gone = {"evidence", "start", "end", "quote", "occurrences", "TextSpan"}
    assert not any(
        t.value.rsplit("#", 1)[-1] in gone
        for q in quads
        for t in (q.predicate, q.object)
        if isinstance(t, ox.NamedNode)
    )
