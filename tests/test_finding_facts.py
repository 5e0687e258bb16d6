"""The stored questions read each finding's copied facts (graph.finding_facts) instead of joining its study and
publication over the whole graph; they must answer as the joining queries did (tests/fixtures/joined-queries).

On the seeds every answer is the same. The copies are what the finding's own document states, so where two
documents state different values for one work (the generated corpus cites random PMIDs under random titles) a finding no longer picks up the other document's
title, year, design or size: there the answer equals the joining query's on the same graph with each document's
works kept apart, and the columns read from the whole graph (identifiers, study counts) equal it on the graph
as built.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from myokg import graph, queries, store, vocab
from myokg.build import build
from myokg.namespaces import DATA, MYO

sys.path.insert(0, str(Path(__file__).parent))
import synthetic  # noqa: E402
from test_query_results import CONCATENATED, PARAMS  # noqa: E402

JOINED = queries.stored(Path(__file__).parent / "fixtures" / "joined-queries")
#: The rewritten questions, and the columns each still reads from the whole graph rather than the copies.
WHOLE_GRAPH = {
    "adverse-events": set(),
    "agents-with-evidence": {"studies"},
    "evidence-for-agent": set(),
    "negative-evidence": set(),
    "report-evidence-cards": {"pmid", "doi"},
}
CASES = [(name, params) for name in WHOLE_GRAPH for params in PARAMS.get(name, [{}])]
_WORK = re.compile(re.escape(str(DATA)) + r"(pub|study)/[^>\s]+")


def _rows(g: store.Graph, q: queries.StoredQuery, params: dict[str, str]) -> list[dict[str, str]]:
    cols, rows = g.query(q.text, queries.bind(q, params, vocab.default()))
    out = []
    for row in rows:
        cells = {}
        for c, t in zip(cols, row, strict=True):
            text = "" if t is None else t.value
            cells[c] = ", ".join(sorted(text.split(CONCATENATED[c]))) if c in CONCATENATED else text
        out.append(cells)
    return out


def _project(rows: list[dict[str, str]], skip: set[str]) -> set[tuple[tuple[str, str], ...]]:
    return {tuple((c, v) for c, v in r.items() if c not in skip) for r in rows}


def _apart(st: ox.Store) -> store.Graph:
    """The same quads with each document's works and studies given IRIs of their own."""
    out = ox.Store()

    def own(term: ox.Term, g: ox.NamedNode) -> ox.Term:
        if isinstance(term, ox.NamedNode) and _WORK.fullmatch(term.value):
            return ox.NamedNode(term.value + "-in-" + g.value.rsplit("/", 1)[1])
        return term

    out.extend(
        ox.Quad(own(q.subject, q.graph_name), q.predicate, own(q.object, q.graph_name), q.graph_name)
        if isinstance(q.graph_name, ox.NamedNode)
        else q
        for q in st
    )
    return store.Graph(out)


def _check(built: store.Graph, apart: store.Graph, name: str, params: dict[str, str]) -> None:
    new = _rows(built, queries.stored()[name], params)
    old = _rows(built, JOINED[name], params)
    assert bool(new) == bool(old)
    whole = WHOLE_GRAPH[name]
    copied = set(new[0] if new else {}) - whole
    assert _project(new, copied) == _project(old, copied)  # what the whole graph gives
    old_apart = _rows(apart, JOINED[name], params)
    assert _project(new, whole) == _project(old_apart, whole)  # what each document states


@pytest.mark.shared
@pytest.mark.parametrize(("name", "params"), CASES)
def test_the_seeds_get_the_joining_queries_rows(seed_store, name, params):
    g = store.Graph(seed_store)
    q = queries.stored()[name]
    assert sorted(map(str, _rows(g, q, params))) == sorted(map(str, _rows(g, JOINED[name], params)))


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[store.Graph, store.Graph]:
    """A 1,000-record generated corpus as built, and the same with each document's works kept apart."""
    work = tmp_path_factory.mktemp("generated")
    build([synthetic.write(work / "pubmed.xml", 1000)], work / "build", validate=False)
    built = store.open_graph(work / "build")
    return built, _apart(built.store)


@pytest.mark.parametrize(("name", "params"), CASES)
def test_a_generated_corpus_gets_the_joining_queries_rows(generated, name, params):
    _check(*generated, name, params)


def test_each_finding_carries_its_documents_facts(own_quads):
    by_subject: dict[str, set[str]] = {}
    for q in own_quads:
        by_subject.setdefault(q.subject.value, set()).add(q.predicate.value)
    findings = {q.subject.value for q in own_quads if q.object == ox.NamedNode(str(MYO.Finding))}
    assert findings
    for f in findings:
        assert str(MYO.evidenceQuote) in by_subject[f]
    assert any(str(MYO.sourceYear) in by_subject[f] for f in findings)
    assert any(str(MYO.studyDesign) in by_subject[f] for f in findings)
    assert graph.finding_facts([]) == []
