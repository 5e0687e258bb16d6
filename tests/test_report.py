"""myokg report: evidence levels from the ontology, the page built from the stored queries, and the page in Chromium."""

from __future__ import annotations

import csv
import io
import os
import re
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from myokg import paths, report, store
from myokg.build import build
from myokg.cli import main
from myokg.report import data, views

sys.path.insert(0, str(Path(__file__).parent))
import synthetic  # noqa: E402

#: A short abstract written for this test: an open-label trial with a response rate and an adverse event.
FIXTURE = Path(__file__).parent / "fixtures" / "report-abstract.txt"
MYO = "https://w3id.org/myokg/ontology#"
MYT = "https://w3id.org/myokg/term/"


@pytest.fixture(scope="module")
def page(built: Path) -> Path:
    target = built.parent / "report.html"
    r = CliRunner().invoke(main, ["report", "--graph", str(built), "-o", str(target)])
    assert r.exit_code == 0, r.output
    assert r.output.strip() == f"wrote {target}"
    return target


# ---- evidence levels ----------------------------------------------------------------------------
def _levels() -> dict[str, int | None]:
    st = store.new_store([])
    _, rows = store.query(
        st,
        f"""SELECT ?design ?level WHERE {{
              ?design <http://www.w3.org/2000/01/rdf-schema#subClassOf>+ <{MYO}Study> .
              OPTIONAL {{ ?design <{MYO}evidenceLevel> ?level }} }}""",
    )
    return {r[0].value.removeprefix(MYT): int(r[1].value) if r[1] else None for r in rows}  # type: ignore[union-attr]


def test_design_levels_follow_the_ocebm_2011_scale():
    levels = _levels()
    expected = {
        "meta_analysis": 1,
        "systematic_review": 1,
        "rct": 2,
        "controlled_clinical_trial": 3,
        "nonrandomized_trial": 3,
        "prospective_cohort": 3,
        "single_arm_trial": 4,
        "open_label_trial": 4,
        "case_series": 4,
        "case_control": 4,
        "case_report": 4,
        "narrative_review": 5,
        "expert_opinion": 5,
        "practice_guideline": None,
    }
    assert {k: levels[k] for k in expected} == expected
    assert all(v in (1, 2, 3, 4, 5) for k, v in levels.items() if k != "practice_guideline"), levels


def test_level_property_is_defined_with_its_source():
    triples = list(ox.parse(path=str(paths.ONTOLOGY), format=ox.RdfFormat.TURTLE))
    about = {t.predicate.value: t.object.value for t in triples if t.subject.value == MYO + "evidenceLevel"}
    assert (
        "Oxford Centre for Evidence-Based Medicine 2011"
        in about["http://purl.obolibrary.org/obo/IAO_0000115"]
    )
    assert about["http://www.w3.org/2000/01/rdf-schema#seeAlso"].startswith("https://www.cebm.ox.ac.uk/")
    assert "OCEBM" in about["http://purl.org/dc/terms/source"]


def test_agents_with_evidence_gives_the_best_level(built: Path):
    r = CliRunner().invoke(
        main,
        ["query", "agents-with-evidence", "--graph", str(built), "--param", "disease=JDM", "--format", "csv"],
    )
    assert r.exit_code == 0, r.output
    header, *lines = list(csv.reader(io.StringIO(r.output)))  # SPARQL 1.1 CSV results: plain values
    rows = {row[header.index("agent_label")]: row for row in lines}
    level = header.index("best_level")
    assert rows["rituximab"][level] == "4"  # an open-label trial without a control group
    assert rows["ciclosporin"][level] == "4"  # a case series
    assert rows["cyclophosphamide"][level] == ""  # design not stated: no level rather than a guess


# ---- the page -----------------------------------------------------------------------------------
def test_page_is_self_contained(page: Path):
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html and "@import" not in html and "url(" not in html
    outside = re.findall(r"<(\w+)\b[^>]*\b(?:src|href)=\"(?!#|data:)([^\"]*)\"", html)
    assert outside and {tag for tag, _ in outside} == {"a"}, "only links may point outside the page"


def test_page_shows_what_the_stored_queries_answer(page: Path):
    html = page.read_text(encoding="utf-8")
    assert 'id="evidence-map"' in html and 'id="card-rituximab"' in html
    assert "Nine of the 12 children responded" in html  # the quoted span of the fixture's response
    assert "9/12 (75 %), 1 study" in html  # responders out of patients in the forest plot
    assert "https://doi.org/10.1136/ard.2005.048744" in html  # a card's DOI link
    assert "conforms, 0 warning(s)" in html  # the validation result beside the graph
    for name in (
        "report-evidence-map",
        "report-strongest-evidence",
        "report-response-rates",
        "report-counts",
    ):
        assert f"myokg query {name}" in html


def test_text_from_the_graph_is_escaped(built: Path):
    quads = store.read_quads(built / "myokg.nq")
    _, rows = store.query(
        store.new_store(quads, summarised=True), f"SELECT ?p WHERE {{ ?p <{MYO}title> ?t }} LIMIT 1"
    )
    hostile = ox.Quad(rows[0][0], ox.NamedNode(MYO + "title"), ox.Literal("<script>alert(1)</script>"))  # type: ignore[arg-type]
    html = report.render(store.new_store(quads + [hostile], summarised=True), built)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_missing_graph_is_one_line_usage_error(tmp_path: Path):
    r = CliRunner().invoke(
        main, ["report", "--graph", str(tmp_path / "nothing"), "-o", str(tmp_path / "r.html")]
    )
    assert r.exit_code == 2 and len(r.output.strip().splitlines()) == 1 and "no such graph" in r.output
    assert not (tmp_path / "r.html").exists()


# ---- shaping for large graphs -------------------------------------------------------------------
def test_cards_are_capped_and_say_how_many_are_hidden():
    """A card shows the findings the build ranked for the agent and counts the rest from its summary."""
    card_of_x = {"agent": MYT + "x", "agent_label": "x", "total": 40, "studies": 31, "best_level": 3}
    rows = [{**card_of_x, "rank": i + 1, "title": f"t{i}", "quote": "q"} for i in range(views.CARD_ROWS + 2)]
    (card,) = views.cards(rows)
    assert [r["rank"] for r in card.rows] == list(range(1, views.CARD_ROWS + 1))
    assert card.hidden == 40 - views.CARD_ROWS and card.studies == 31 and card.best_level == 3


def test_the_inputs_table_lists_a_page_of_documents_and_counts_the_rest(tmp_path: Path):
    """The report asks for the first documents only; the others are counted, with every extractor version."""
    built = tmp_path / "build"
    build([synthetic.write(tmp_path / "pubmed.xml", 130)], built, validate=False)
    html = report.render(store.open_graph(built), built)
    table = html.split('<table class="inputs">', 1)[1].split("</table>", 1)[0]
    shown = data.PAGED["inputs"]
    assert table.count("<tr>") == shown + 1  # the head and a row per listed document
    assert f"{130 - shown} more documents not listed" in html  # a document per record
    assert re.search(r"extractor of the inputs</t[dh]>\s*<td>myokg \d", html)


def test_a_member_of_two_classes_appears_under_each():
    terms = [
        {"axis": "agent", "term": "A", "label": "class a", "parent": None},
        {"axis": "agent", "term": "B", "label": "class b", "parent": None},
        {"axis": "agent", "term": "m", "label": "member", "parent": "A"},
        {"axis": "agent", "term": "m", "label": "member", "parent": "B"},
    ]
    nodes = views.tree(terms, "agent", "a", open_depth=1)
    assert [(n.label, n.depth) for n in nodes] == [
        ("class a", 0),
        ("member", 1),
        ("class b", 0),
        ("member", 1),
    ]
    assert nodes[1].hidden_by == [nodes[0].uid] and nodes[3].hidden_by == [nodes[2].uid]


def test_wilson_interval():
    lo, hi = views.wilson(9, 12)
    assert round(lo, 3) == 0.468 and round(hi, 3) == 0.911
    assert views.wilson(0, 5)[0] == 0.0 and views.wilson(5, 5)[1] == 1.0


# ---- in a real browser --------------------------------------------------------------------------
def test_page_in_headless_chromium(page: Path, tmp_path: Path):
    """No console error, no request but the page itself; map, cards and plots are there; rows and columns collapse."""
    from browser import Browser, find_chromium

    executable = find_chromium()
    if executable is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    browser = Browser(executable)
    try:
        browser.open(page.as_uri())
        count = browser.evaluate
        assert count("document.querySelectorAll('#evidence-map tbody tr').length") > 10
        assert count("document.querySelectorAll('#evidence-map td .count').length") > 10
        assert count("document.querySelectorAll('details.card').length") > 5
        assert count("document.querySelectorAll('details.card blockquote').length") > 5
        assert count("document.querySelectorAll('#plot-years rect').length") > 5
        assert count("document.querySelectorAll('#plot-response rect.est').length") == 1
        assert count("document.querySelectorAll('#plot-events rect').length") >= 2
        # a closed drug class hides its members' rows until it is opened
        visible = "[...document.querySelectorAll('.u-' + id)].filter(e => getComputedStyle(e).display !== 'none').length"
        toggle = count("document.querySelector('#evidence-map tbody details:not([open])').id")
        assert count(f"(id => {visible})('{toggle}')") == 0
        count(f"document.getElementById('{toggle}').open = true")
        assert count(f"(id => {visible})('{toggle}')") > 0
        # an open disease group shows its subtypes' columns until it is closed
        group = count("document.querySelector('#evidence-map thead details[open]').id")
        assert count(f"(id => {visible})('{group}')") > 0
        count(f"document.getElementById('{group}').open = false")
        assert count(f"(id => {visible})('{group}')") == 0
        count(f"document.getElementById('{group}').open = true")
        shot = Path(os.environ.get("MYOKG_REPORT_SCREENSHOT", tmp_path / "report.png"))
        count(f"document.getElementById('{toggle}').open = false")
        browser.screenshot(shot)
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert browser.console_errors == []
        assert browser.requests == [page.as_uri()]
    finally:
        browser.close()
