"""Every stored query's answer, pinned on a fixed graph: rewriting a query for speed must not change a row.

The graph is tests/fixtures/query-graph.nq (the project's own documents as built once, one named graph per
document, so a cited publication's triples repeat across graphs as in a real build) with the ontology graph,
queried like a build directory's store: the union of the named graphs. Rows are compared sorted; a
GROUP_CONCAT column as the set of its items (their order is the plan's).

After a deliberate change of meaning (or of the ontology's labels), rewrite the expected answers with
``python tests/test_query_results.py`` and review the diff of tests/gold/query-results.json.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from myokg import paths, queries, store, summary, vocab

FIXTURE = Path(__file__).parent / "fixtures" / "query-graph.nq"
GOLD = Path(__file__).parent / "gold" / "query-results.json"
#: Parameter values per query; a query not named here runs once, with its defaults.
PARAMS: dict[str, list[dict[str, str]]] = {
    "agents-with-evidence": [{"disease": "dermatomyositis"}, {"disease": "idiopathic inflammatory myopathy"}],
    "evidence-for-agent": [{"agent": "TNF inhibitor"}, {"agent": "rituximab"}, {"agent": "abatacept"}],
    "studies-by-design": [{}, {"design": "case series"}, {"design": "randomized controlled trial"}],
}
#: Columns made by GROUP_CONCAT, with their separators.
CONCATENATED = {"directions": ", ", "sources": "; "}


def _graph() -> store.Graph:
    st = ox.Store()
    st.extend(ox.parse(path=str(FIXTURE), format=ox.RdfFormat.N_QUADS))
    st.extend(store.ontology_quads())
    summary.ensure(st)  # the summary graph a build writes beside the documents' graphs
    return store.Graph(st)


def _cases(directory: Path = paths.QUERIES_DIR) -> list[tuple[str, queries.StoredQuery, dict[str, str]]]:
    out = []
    for name, q in queries.stored(directory).items():
        for params in PARAMS.get(name, [{}]):
            key = name + "".join(f" {k}={v}" for k, v in sorted(params.items()))
            out.append((key, q, params))
    return out


def _answer(graph: store.Graph, q: queries.StoredQuery, params: dict[str, str]) -> dict[str, object]:
    cols, rows = graph.query(q.text, queries.bind(q, params, vocab.default()))

    def cell(col: str, term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str:
        if term is None:
            return ""
        if col in CONCATENATED and isinstance(term, ox.Literal):
            items = sorted(re.split(re.escape(CONCATENATED[col]), term.value))
            return str(ox.Literal(CONCATENATED[col].join(items), language=term.language))
        return str(term)

    return {
        "columns": cols,
        "rows": sorted([cell(c, t) for c, t in zip(cols, row, strict=True)] for row in rows),
    }


@pytest.fixture(scope="module")
def graph() -> store.Graph:
    return _graph()


@pytest.fixture(scope="module")
def gold() -> dict[str, dict[str, object]]:
    data: dict[str, dict[str, object]] = json.loads(GOLD.read_text(encoding="utf-8"))
    return data


def test_every_stored_query_and_parameter_set_is_pinned(gold):
    assert sorted(gold) == sorted(key for key, _, _ in _cases())


@pytest.mark.parametrize(("key", "q", "params"), _cases(), ids=[c[0] for c in _cases()])
def test_stored_query_answer_is_unchanged(key, q, params, graph, gold):
    assert _answer(graph, q, params) == gold[key]


def test_pinned_answers_are_not_empty(gold):
    """The fixture exercises every query (response rates, fatal events, narrower designs, cited works)."""
    empty = [key for key, answer in gold.items() if not answer["rows"]]
    assert empty == []


def main(directory: Path = paths.QUERIES_DIR) -> None:
    """Rewrite the expected answers from the queries in ``directory``."""
    graph = _graph()
    answers = {key: _answer(graph, q, params) for key, q, params in _cases(directory)}
    GOLD.write_text(json.dumps(answers, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {GOLD} ({len(answers)} answers)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else paths.QUERIES_DIR)
