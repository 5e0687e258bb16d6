"""The summary graph (summary.py): the questions that read it give the rows they gave when they walked every
finding (tests/fixtures/per-finding-queries), on the seeds, on a generated corpus, and after ``--update``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from myokg import queries, store, summary, vocab
from myokg.build import build
from myokg.namespaces import ONTOLOGY_IRI

sys.path.insert(0, str(Path(__file__).parent))
import synthetic  # noqa: E402
from test_query_results import CONCATENATED, PARAMS  # noqa: E402

PER_FINDING = queries.stored(Path(__file__).parent / "fixtures" / "per-finding-queries")
CASES = [(name, params) for name in PER_FINDING for params in PARAMS.get(name, [{}])]


def _rows(g: store.Graph, q: queries.StoredQuery, params: dict[str, str]) -> list[str]:
    cols, rows = g.query(q.text, queries.bind(q, params, vocab.default()))
    out = []
    for row in rows:
        cells = []
        for c, t in zip(cols, row, strict=True):
            if c in CONCATENATED:  # the items in any order (the plan's), with the literal's language
                items = sorted(t.value.split(CONCATENATED[c])) if t is not None else []
                cells.append(", ".join(items) + ("" if t is None else f" {getattr(t, 'language', '')}"))
            else:
                cells.append("" if t is None else str(t))
        out.append(" | ".join(cells))
    return out


def _same(g: store.Graph, name: str, params: dict[str, str]) -> None:
    new, old = _rows(g, queries.stored()[name], params), _rows(g, PER_FINDING[name], params)
    assert old, f"{name} answers nothing here: the comparison would prove nothing"
    assert new == old  # the same rows in the same order


@pytest.mark.shared
@pytest.mark.parametrize(("name", "params"), CASES)
def test_the_seeds_get_the_per_finding_rows(seed_store, name, params):
    _same(store.Graph(seed_store), name, params)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("summary")
    return synthetic.write(work / "pubmed.xml", 600)


@pytest.fixture(scope="module")
def generated(corpus) -> Path:
    out = corpus.parent / "build"
    build([corpus], out, validate=False)
    return out


@pytest.mark.parametrize(("name", "params"), CASES)
def test_a_generated_corpus_gets_the_per_finding_rows(generated, name, params):
    _same(store.open_graph(generated), name, params)


def _summary(build_dir: Path) -> set[ox.Quad]:
    st = ox.Store.read_only(str(store.store_dir(build_dir)))
    return set(st.quads_for_pattern(None, None, None, summary.GRAPH))


def test_an_update_gives_the_summary_of_a_whole_build(corpus, generated, tmp_path):
    more = synthetic.write(tmp_path / "more.xml", 80, seed=7, first_pmid=70_000_000)
    whole = tmp_path / "whole"
    build([corpus, more], whole, validate=False)
    updated = tmp_path / "updated"
    build([corpus], updated, validate=False)
    build([more], updated, validate=False, update=True)
    assert _summary(updated) == _summary(whole)
    # the rows beside the store hold each document's rows once, ready for the next update
    kept = [json.dumps(r) for r in summary.read_rows(updated / summary.ROWS_FILE)]
    assert len(kept) == len(set(kept))
    st = ox.Store.read_only(str(store.store_dir(updated)))
    documents = {g.value for g in st.named_graphs()} - {summary.GRAPH.value, ONTOLOGY_IRI}
    assert {json.loads(r)[1] for r in kept} <= documents
    # building a document again replaces its rows rather than adding them twice
    build([more], updated, validate=False, update=True)
    assert _summary(updated) == _summary(whole)


def test_a_graph_read_from_a_file_gets_its_summary(generated, tmp_path):
    """A file written without the summary graph (a triplestore dump of the documents) is summarised on load."""
    st = ox.Store.read_only(str(store.store_dir(generated)))
    documents = tmp_path / "documents.nq"
    with documents.open("wb") as fh:
        ox.serialize((q for q in st if q.graph_name != summary.GRAPH), fh, ox.RdfFormat.N_QUADS)
    from_file = store.open_graph(documents)
    for name, params in CASES:
        assert _rows(from_file, queries.stored()[name], params) == _rows(
            store.open_graph(generated), queries.stored()[name], params
        )


def test_rows_read_a_records_findings_and_studies():
    """A finding's row carries its document's copies; a study's row its designs, not the generic class, and the
    years of its publications."""
    myo, data, t = (
        "https://w3id.org/myokg/ontology#",
        "https://w3id.org/myokg/data/",
        "https://w3id.org/myokg/term/",
    )
    f, s = ox.NamedNode(data + "finding/x"), ox.NamedNode(data + "study/pub-pmid-1")
    n = ox.NamedNode
    triples = [
        ox.Triple(f, n("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), n(myo + "Finding")),
        ox.Triple(f, n(myo + "agent"), n(t + "rituximab")),
        ox.Triple(f, n(myo + "condition"), n(t + "dermatomyositis")),
        ox.Triple(f, n(myo + "study"), s),
        ox.Triple(f, n(myo + "direction"), n(myo + "positive")),
        ox.Triple(f, n(myo + "sourceYear"), ox.Literal("2001")),
        ox.Triple(s, n("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), n(myo + "Study")),
        ox.Triple(s, n("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), n(t + "case_series")),
        ox.Triple(s, n(myo + "reportedIn"), n(data + "pub/pmid-1")),
        ox.Triple(n(data + "pub/pmid-1"), n(myo + "year"), ox.Literal("1999")),
    ]
    assert summary.rows("g", triples) == [
        [
            "f",
            "g",
            f.value,
            t + "rituximab",
            t + "dermatomyositis",
            s.value,
            myo + "positive",
            [],
            [],
            ["2001"],
            [],
            None,  # no listing key in these triples: list_keys gives it
        ],
        ["s", "g", s.value, [t + "case_series"], ["1999"]],
    ]


def _card_keys(g: store.Graph, name: str) -> dict[str, list[tuple[str | None, ...]]]:
    cols, rows = g.query(queries.stored()[name].text)
    out: dict[str, list[tuple[str | None, ...]]] = {}
    for row in rows:
        r = dict(zip(cols, [None if t is None else t.value for t in row], strict=True))
        out.setdefault(str(r["agent"]), []).append((r["level"], r["year"], r["title"], r["condition_label"]))
    return out


def test_each_card_shows_the_first_findings_of_the_full_listing(generated):
    """The findings the build ranks for an agent's card are those the full listing puts first."""
    g = store.open_graph(generated)
    full, shown = _card_keys(g, "report-evidence-cards"), _card_keys(g, "report-strongest-evidence")
    assert full.keys() == shown.keys() and len(full) > 5
    for agent, keys in full.items():
        assert shown[agent] == keys[: summary.CARD_ROWS], agent


def test_a_build_from_shards_has_the_summary_of_a_local_build(corpus, generated, tmp_path):
    from myokg import shards

    shards.shard(corpus, tmp_path / "shards")
    shards.build_from_shards(tmp_path / "shards", tmp_path / "sharded", validate=False)
    assert _summary(tmp_path / "sharded") == _summary(generated)


def test_a_state_saved_and_renamed_counts_as_all_rows_at_once(generated, tmp_path):
    """``--update`` goes on from the saved state: counting half the rows, saving, renaming studies (one merged
    into another, one given a new IRI) and counting the other half gives the graph of all rows counted at once."""
    st = ox.Store.read_only(str(store.store_dir(generated)))
    all_rows = list(summary.read_rows(generated / summary.ROWS_FILE))
    graphs = sorted({r[1] for r in all_rows})
    first = set(graphs[: len(graphs) // 2])
    by_pair: dict[tuple[str, str], set[str]] = {}
    for r in all_rows:
        if r[0] == "f" and r[1] in first:
            by_pair.setdefault((r[3], r[4]), set()).add(r[5])
    one, other, third = sorted(max(by_pair.values(), key=len))[:3]  # studies of one agent in one condition
    pairs = {one: other, third: third + "-renamed"}
    whole = summary.State()
    whole.add(st, all_rows, pairs)
    half = summary.State()
    half.add(st, [r for r in all_rows if r[1] in first], {})
    half.save(tmp_path / summary.STATE_FILE)
    resumed = summary.State.load(tmp_path / summary.STATE_FILE)
    assert resumed is not None
    resumed.rename(pairs)
    resumed.add(st, [r for r in all_rows if r[1] not in first], pairs)
    expected = set(whole.quads(st))
    assert set(resumed.quads(st)) == expected
    assert expected != set(summary.quads(st, all_rows))  # the renames change the counts: the test can fail


def test_a_listing_key_sorts_as_the_cards_order_findings():
    """Best level first, then the latest year (none last), then the most patients; the digest breaks ties."""
    f = "https://w3id.org/myokg/data/finding/"
    ordered = [
        summary.list_number(1, ["1999"], [], f + "fffff"),
        summary.list_number(2, ["2021"], ["12"], f + "00000"),
        summary.list_number(2, ["2021"], ["5"], f + "00000"),
        summary.list_number(2, ["2021"], [], f + "0000a"),
        summary.list_number(2, ["2019"], ["900"], f + "00000"),
        summary.list_number(2, [], ["900"], f + "00000"),
        summary.list_number(9, ["2024"], [], f + "00000"),
    ]
    assert ordered == sorted(ordered) and len(set(ordered)) == len(ordered)
    assert max(ordered) < 2**63  # an xsd:integer Oxigraph keeps inline


def test_rows_written_before_study_years_take_them_from_the_store(generated, tmp_path):
    """A build's rows from before studies' rows gave their years (four fields): the years come from the store,
    and the summary is the one of rows that give them."""
    st = ox.Store.read_only(str(store.store_dir(generated)))
    renames = summary.read_renames(generated / summary.RENAMES_FILE)
    rows = list(summary.read_rows(generated / summary.ROWS_FILE))
    older = [r[:4] if r[0] == "s" else r for r in rows]
    assert older != rows
    expected = set(summary.quads(st, rows, renames))
    assert any("YearSummary" in str(q.object) for q in expected)
    assert set(summary.quads(st, older, renames)) == expected
    state = summary.State()  # as an --update saves it: the next one goes on from the file
    state.add(st, older, renames)
    state.save(tmp_path / summary.STATE_FILE)
    resumed = summary.State.load(tmp_path / summary.STATE_FILE)
    assert resumed is not None and set(resumed.quads(st)) == expected


def test_an_update_of_a_build_whose_rows_lack_events_reads_theirs_from_the_store(corpus, tmp_path):
    """A build made before the rows held adverse events (an older state): its events are read from its graphs."""
    more = synthetic.write(tmp_path / "more.xml", 40, seed=9, first_pmid=71_000_000)
    whole = tmp_path / "whole"
    build([corpus, more], whole, validate=False)
    older = tmp_path / "older"
    build([corpus], older, validate=False)
    rows = older / summary.ROWS_FILE
    lines = rows.read_bytes().splitlines(keepends=True)
    rows.write_bytes(b"".join(line for line in lines if not line.startswith(b'["e"')))
    state = older / summary.STATE_FILE
    state.write_bytes(state.read_bytes().replace(b'{"version":5', b'{"version":4', 1))
    assert summary.rows_lack_events(state)
    build([more], older, validate=False, update=True)
    assert _summary(older) == _summary(whole)
    assert not summary.rows_lack_events(state)
