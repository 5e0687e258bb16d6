"""The JATS full-text reader: PMC / Europe PMC ``<article>`` XML into the one Document model."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from myokg import store, vocab
from myokg.cli import main
from myokg.errors import ReadError
from myokg.extract import Extractor
from myokg.read import read_path
from myokg.read.model import Document

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE = FIXTURES / "jats" / "open-label-ivig.xml"
MYO = "https://w3id.org/myokg/ontology#"

CASE_REPORT = """<?xml version="1.0"?>
<article article-type="case-report"><front><journal-meta><journal-title>Imaginary Case Reports</journal-title>
</journal-meta><article-meta><article-id pub-id-type="pmc">PMC9900002</article-id>
<title-group><article-title>Tacrolimus in a child with refractory juvenile dermatomyositis</article-title></title-group>
<pub-date><year>2021</year></pub-date></article-meta></front>
<body><sec><title>Background</title><p>Juvenile dermatomyositis can resist glucocorticoids.</p></sec>
<sec><title>Case presentation</title><p>A 9-year-old girl with refractory juvenile dermatomyositis received tacrolimus.</p></sec>
<sec><title>Follow-up at one year</title><p>Her rash and weakness resolved on tacrolimus.</p></sec>
<sec><title>Conclusions</title><p>Tacrolimus was effective in this child.</p></sec></body></article>
"""


def _read(path: Path) -> list[Document | ReadError]:
    return list(read_path(path))


def _doc(path: Path) -> Document:
    (doc,) = _read(path)
    assert isinstance(doc, Document)
    return doc


def test_front_matter_becomes_the_bibliographic_record():
    doc = _doc(ARTICLE)
    assert doc.format == "jats" and doc.source == "open-label-ivig.xml#99200001"
    b = doc.bib
    assert (
        b.title
        == "Intravenous immunoglobulin for refractory dermatomyositis: an open-label study of twenty adults"
    )
    assert b.authors == ["Lindqvist A", "Moreau C", "Imaginary Myositis Study Group"]
    assert (b.journal, b.year, b.volume, b.issue, b.pages) == (
        "Imaginary Myositis Reports",
        2023,
        "12",
        "2",
        "101-109",
    )
    assert (b.pmid, b.doi) == ("99200001", "10.9999/imr.2023.0042")


def test_body_sections_are_labelled_like_abstract_sections():
    doc = _doc(ARTICLE)
    labels = [s.label for s in doc.sections]
    # title, the abstract's four sections, then the body: introduction, methods, results, discussion, conclusions
    assert labels == ["title", "objective", "methods", "results", "conclusions"] + [
        "introduction",
        "methods",
        "results",
        "conclusions",
        "conclusions",
    ]
    body_results = doc.sections[7]
    text = doc.text[body_results.start : body_results.end]
    assert text.startswith("Fourteen of the 20 patients (70%)")
    assert (
        "Table 1 Response at month six\nGroup | Responders\nAll patients | 14/20" in text
    )  # a table as text
    assert "Conflict of interest" not in doc.text and "None declared" not in doc.text


def test_references_are_cited_works_with_their_identifiers():
    refs = _doc(ARTICLE).references
    assert [(r.bib.pmid, r.bib.doi, r.bib.year) for r in refs] == [
        ("99100099", None, 2020),
        (None, "10.9999/ijmr.2022.0811", 2022),
    ]
    assert refs[0].bib.title == "Rituximab in refractory myositis: a case series"
    assert refs[0].bib.authors[:1] == ["Okafor B"]


NEGATED = {
    "Fourteen of the 20 patients (70%) responded": "None of the 20 patients responded",
    "Intravenous immunoglobulin improved muscle strength in most of these patients, as in": (
        "Intravenous immunoglobulin did not improve muscle strength in these patients, unlike"
    ),
    "was effective in refractory": "was not effective in refractory",
}


def _body_only_finding(tmp_path: Path, negate: bool) -> tuple[str, str]:
    """(agent, direction) of the article's own finding on IVIG when the abstract is taken out."""
    xml = ARTICLE.read_text(encoding="utf-8")
    xml = xml[: xml.index("<abstract>")] + xml[xml.index("</abstract>") + len("</abstract>") :]
    for old, new in NEGATED.items() if negate else ():
        assert old in xml
        xml = xml.replace(old, new)
    path = tmp_path / f"body-only-{negate}.xml"
    path.write_text(xml, encoding="utf-8")
    doc = _doc(path)
    assert (
        "Fourteen of the 20" not in doc.text[: doc.sections[1].start]
    )  # nothing but the title before the body
    (f,) = [
        f for f in Extractor(vocab.default()).extract(doc).segments[0].findings if f.agent.endswith("/ivig")
    ]
    return f.condition.rsplit("/", 1)[1], f.direction


def test_findings_come_from_the_body_with_direction_from_results(tmp_path: Path):
    """With the abstract removed, the body alone gives the finding, and its results decide the direction."""
    assert _body_only_finding(tmp_path, negate=False) == ("dermatomyositis", "positive")
    assert _body_only_finding(tmp_path, negate=True) == ("dermatomyositis", "negative")


def test_case_presentation_and_its_follow_up_are_read(tmp_path: Path):
    path = tmp_path / "case.xml"
    path.write_text(CASE_REPORT, encoding="utf-8")
    doc = _doc(path)
    assert doc.source == "case.xml#PMC9900002" and doc.bib.publication_types == ["Case Reports"]
    # 'Follow-up at one year' is no known heading: it continues the case presentation (methods)
    assert [s.label for s in doc.sections] == ["title", "background", "methods", "methods", "conclusions"]


def test_a_cited_work_merges_with_the_same_doi_elsewhere(tmp_path: Path):
    """The article's second reference has the DOI of a record in records.xml: one work, cited by the article."""
    out = tmp_path / "build"
    r = CliRunner().invoke(main, ["build", "-o", str(out), str(ARTICLE), str(FIXTURES / "records.xml")])
    assert r.exit_code == 0, r.output
    _, rows = store.open_graph(out).query(
        f"""SELECT DISTINCT ?cited WHERE {{ ?article <{MYO}pmid> "99200001" ; <{MYO}cites> ?cited .
              ?cited <{MYO}doi> "10.9999/ijmr.2022.0811" }}"""
    )
    assert len(rows) == 1
    assert rows[0][0].value.endswith("/pub/pmid-99100001")  # type: ignore[union-attr]


def test_articleset_reads_each_article_and_reports_a_broken_one(tmp_path: Path):
    article = ARTICLE.read_text(encoding="utf-8").split("-->", 1)[1]
    path = tmp_path / "set.xml"
    path.write_text(f"<pmc-articleset>{article}<article><body/></article></pmc-articleset>", encoding="utf-8")
    items = _read(path)
    assert isinstance(items[0], Document) and items[0].bib.pmid == "99200001"
    assert (
        isinstance(items[1], ReadError)
        and "article 2" in str(items[1])
        and "no front/article-meta" in str(items[1])
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('<?xml version="1.0"?>\n<!DOCTYPE article [<!ENTITY x "boom">]>\n<article>&x;</article>', "entity"),
        ("<?xml version='1.0'?>\n<article><front>", "XML error at line"),
        ("<article><front/></article>", "no front/article-meta"),
    ],
)
def test_unsafe_or_broken_xml_is_one_line_error(tmp_path: Path, content: str, message: str):
    path = tmp_path / "bad.xml"
    path.write_text(content, encoding="utf-8")
    try:
        items = _read(path)
    except ReadError as exc:
        items = [exc]
    assert len(items) == 1 and isinstance(items[0], ReadError)
    assert message in str(items[0]) and "\n" not in str(items[0]) and str(path) in str(items[0])


def test_own_jats_gold():
    """Hand-made gold for the article: every field found from the full text, as from an abstract page (the body's
    Introduction is background; a journal named 'Myositis ...' in a reference is no condition)."""
    from myokg.evaluate import score

    gold = FIXTURES / "jats" / "gold.json"
    ex = [Extractor(vocab.default()).extract(_doc(ARTICLE))]
    assert {s.field: s.f1 for s in score(gold, ex, vocab.default())} == dict.fromkeys(
        ("references", "agents", "diseases", "design", "n", "direction", "adverse_events"), 1.0
    )
