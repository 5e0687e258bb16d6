"""Page layouts seen in the wild, one short fixture each (own words): title, sections, sentence -> section."""

from __future__ import annotations

from pathlib import Path

import pytest

from myokg.read import Document, read_path
from myokg.read.sections import SECTION_NAMES

PAGES = Path(__file__).parent / "fixtures" / "pages"
#: The closed set of section labels readers may write (read/model.py documents it).
LABELS = {"title", "abstract", "mesh", "substances"} | set(SECTION_NAMES.values())


def read(name: str) -> Document:
    docs = list(read_path(PAGES / name))
    assert len(docs) == 1 and isinstance(docs[0], Document), docs
    return docs[0]


def section_of(doc: Document, phrase: str) -> str | None:
    """The label of the section whose text holds ``phrase`` (None when no section does)."""
    at = doc.text.index(phrase)
    return next((s.label for s in doc.sections if s.start <= at < s.end), None)


def labels(doc: Document) -> list[str]:
    return [s.label for s in doc.sections]


# (fixture, title, section labels in order, {phrase: section holding it})
LAYOUTS = [
    pytest.param(
        "pubmed_new.txt",
        "Oral tacrolimus for refractory polymyositis: a two-centre observational study",
        ["title", "background", "methods", "results", "conclusions", "keywords"],
        {
            "We reviewed the charts": "methods",
            "Fourteen of the 18": "results",
            "Two stopped the drug": "results",
            "appears to help": "conclusions",
            "Tacrolimus in dermatomyositis: a review": None,  # a similar article, not this one
            "Anna Berg 1": None,
        },
        id="pubmed-new",
    ),
    pytest.param(
        "pubmed_old.txt",
        "Intravenous immunoglobulin as maintenance treatment in juvenile dermatomyositis",
        ["title", "abstract"],
        {
            "Children with juvenile": "abstract",
            "We followed 22 children": "abstract",
            "Headache after an infusion": "abstract",
            "Example University Hospital": None,  # author information is not the abstract
        },
        id="pubmed-old-author-information",
    ),
    pytest.param(
        "pubmed_handheld.txt",
        "Rituximab for adults with refractory dermatomyositis: a retrospective cohort",
        ["title", "objective", "methods", "results", "conclusions"],
        {"To report how": "objective", "Records of 31": "methods", "Infusion reactions": "results"},
        id="pubmed-handheld",
    ),
    pytest.param(
        "pmc.txt",
        "Abatacept in antisynthetase syndrome: An open-label pilot trial",
        ["title", "objective", "methods", "results", "conclusions", "keywords"],
        {"Ten adults received": "methods", "One serious infection": "results", "joins myositis": None},
        id="pmc-subtitle-and-body",
    ),
    pytest.param(
        "publisher.txt",
        "Intravenous immunoglobulin for skin disease in adult dermatomyositis: a randomised, placebo-controlled trial",
        ["title", "background", "methods", "results", "conclusions"],
        {
            "Skin scores improved": "results",
            "Thrombosis occurred": "results",
            "reduces skin activity": "conclusions",
            "Example Foundation": None,
            "affects skin and muscle": None,
        },
        id="publisher-summary-findings-interpretation",
    ),
    pytest.param(
        "catalogue.txt",
        "Methotrexate and azathioprine compared in polymyositis",
        ["title", "abstract"],
        {"Forty adults": "abstract", "Liver enzyme rises": "abstract", "Torres, Ana": None},
        id="catalogue-record",
    ),
    pytest.param(
        "markdown.md",
        "Plasma exchange in anti-MDA5 dermatomyositis with lung disease",
        ["title", "background", "methods", "results"],
        {"We compared 12": "methods", "Survival at six months": "results", "rare in Europe": None},
        id="markdown",
    ),
    pytest.param(
        "escaped.txt",
        "Long-term outcome of cyclophosphamide in juvenile dermatomyositis",
        ["title", "objective", "methods", "results", "conclusions"],
        {"40\u202fchildren": "methods", "Two developed infections": "results"},
        id="literal-escapes",
    ),
    pytest.param(
        "bilingual.txt",
        "Hydroxychloroquine for cutaneous dermatomyositis in two sisters",
        ["title", "abstract", "keywords"],
        {"rash cleared": "abstract", "Descrevemos": None},
        id="bilingual",
    ),
    pytest.param(
        "pdf_dump.txt",
        "Creatine and exercise in inclusion body myositis",
        ["title", "abstract"],
        {"creatine or placebo together": "abstract", "(P = 0.04)": "abstract", "commonest myopathy": None},
        id="pdf-dump",
    ),
    pytest.param(
        "letter.txt",
        "Dapsone for refractory cutaneous dermatomyositis",
        ["title", "abstract"],
        {"Dapsone 100 mg": "abstract", "Mild haemolysis": "abstract", "Sir,": None, "Example Hospital": None},
        id="letter-without-abstract-heading",
    ),
    pytest.param(
        "aggregator.txt",
        "Sirolimus for refractory juvenile dermatomyositis: a case series",
        ["title", "abstract"],
        {"All three regained": "abstract", "Pediatric rheumatology": None},
        id="aggregator-title-with-citation",
    ),
]


@pytest.mark.parametrize("name,title,expected,where", LAYOUTS)
def test_layout(name: str, title: str, expected: list[str], where: dict[str, str | None]) -> None:
    doc = read(name)
    assert doc.bib.title == title
    assert labels(doc) == expected
    assert set(labels(doc)) <= LABELS
    for phrase, label in where.items():
        assert section_of(doc, phrase) == label, phrase
    assert not doc.warnings


def test_layout_fixtures_are_all_tested() -> None:
    assert len(LAYOUTS) == len(list(PAGES.iterdir()))


def test_title_only_page_warns(tmp_path: Path) -> None:
    p = tmp_path / "bare.txt"
    p.write_text(
        "Journal of Examples\n\nTacrolimus in refractory polymyositis: a short report\n\nPMID: 1234\n"
    )
    doc = read_path(p).__next__()
    assert (
        isinstance(doc, Document) and doc.bib.title == "Tacrolimus in refractory polymyositis: a short report"
    )
    assert any("no abstract" in w for w in doc.warnings)


def test_one_line_page_with_inline_labels(tmp_path: Path) -> None:
    body = (
        "OBJECTIVE: To compare two starting doses of prednisone in new polymyositis. METHODS: Sixty adults were "
        "randomised to a high or a low dose. RESULTS: Remission rates were similar (60% and 57%). Weight gain was "
        "more frequent with the high dose. CONCLUSIONS: A lower starting dose may be enough."
    )
    p = tmp_path / "flat.txt"
    p.write_text("Two prednisone doses in new polymyositis: a randomised trial\n" + body + "\n")
    doc = next(read_path(p))
    assert isinstance(doc, Document)
    assert labels(doc) == ["title", "objective", "methods", "results", "conclusions"]
    assert section_of(doc, "Weight gain") == "results"


def test_a_long_one_line_page_reads_in_linear_time(tmp_path: Path) -> None:
    """Not a timing test: a 1 MB line of prose with labels is read completely (benchmarks/reading.py times it)."""
    unit = "RESULTS: Twelve of twenty patients improved after rituximab. "
    p = tmp_path / "long.txt"
    p.write_text("A long test page about rituximab in myositis\nBACKGROUND: Text. " + unit * 16000 + "\n")
    doc = next(read_path(p))
    assert isinstance(doc, Document) and doc.sections[-1].label == "results"


def test_an_abstract_link_in_a_table_of_contents_is_not_the_abstract(tmp_path: Path) -> None:
    toc = "Example Journal\nContents\nAbstract\nIntroduction\nMethods\nResults\nReferences\n\n"
    article = (
        "Leflunomide in refractory polymyositis: a case series\n\nAbstract\n\nFive adults with polymyositis that "
        "had resisted two drugs were given leflunomide. Four regained strength within six months.\n\n"
        "Introduction\n\nPolymyositis is rare.\n"
    )
    doc = next(read_path(write_page(tmp_path, toc + article)))
    assert isinstance(doc, Document)
    assert doc.bib.title == "Leflunomide in refractory polymyositis: a case series"
    assert labels(doc) == ["title", "abstract"] and section_of(doc, "Four regained") == "abstract"


def write_page(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "page.txt"
    p.write_text(text, encoding="utf-8")
    return p


def test_hard_wrapped_labelled_abstract_keeps_short_last_lines(tmp_path: Path) -> None:
    text = (
        "Sirolimus in refractory dermatomyositis: a pilot study\n\nAbstract\n"
        "Background Sirolimus blocks mTOR and may calm muscle inflammation in adults whose\n"
        "disease has resisted the usual drugs.\n"
        "Methods Eight adults took sirolimus for six months; strength and creatine kinase were\n"
        "measured monthly.\n"
        "Results Six adults gained strength and none stopped the drug because of side\n"
        "effects.\n\nKeywords: sirolimus; dermatomyositis\n\nRelated articles\n"
    )
    doc = next(read_path(write_page(tmp_path, text)))
    assert isinstance(doc, Document)
    assert labels(doc) == ["title", "background", "methods", "results", "keywords"]
    assert section_of(doc, "measured monthly") == "methods" and section_of(doc, "effects.") == "results"


def test_second_language_first_the_english_title_and_abstract_are_read(tmp_path: Path) -> None:
    text = (
        "Revista Exemplo\n\nDapsona para a pele de dois doentes com dermatomiosite amiopática\n\n"
        "Dapsone for the skin of two patients with amyopathic dermatomyositis\n\nResumo\n\n"
        "Descrevemos dois casos de dermatomiosite amiopática que responderam bem à dapsona após falha de outros "
        "tratamentos.\n\nAbstract\n\nWe describe two cases of amyopathic dermatomyositis that responded well to "
        "dapsone after other treatments failed.\n"
    )
    doc = next(read_path(write_page(tmp_path, text)))
    assert isinstance(doc, Document)
    assert doc.bib.title == "Dapsone for the skin of two patients with amyopathic dermatomyositis"
    assert labels(doc) == ["title", "abstract"] and section_of(doc, "responded well") == "abstract"


def test_highlights_listed_above_the_abstract_are_not_the_title(tmp_path: Path) -> None:
    text = (
        "Example Autoimmunity Reviews\nVolume 20, Issue 4, April 2021, 102777\n\n"
        "Janus kinase inhibitors in refractory dermatomyositis: a systematic review\n\n"
        "Highlights\n\n• Janus kinase inhibitors improved skin disease in most reported patients.\n"
        "• Herpes zoster was the most frequent infection reported with these drugs.\n\n"
        "Abstract\n\nObjectives\n\nTo gather the published experience with Janus kinase inhibitors in dermatomyositis.\n\n"
        "Results\n\nForty reports describing 120 patients were found; most patients improved.\n\n"
        "Graphical abstract\n\nDownload: Download high-res image\n"
    )
    doc = next(read_path(write_page(tmp_path, text)))
    assert isinstance(doc, Document)
    assert doc.bib.title == "Janus kinase inhibitors in refractory dermatomyositis: a systematic review"
    assert labels(doc) == ["title", "objective", "results"]


@pytest.mark.parametrize("byline", ["J. Park and L. Reyes", ""])
def test_a_title_wrapped_onto_two_lines_is_joined(tmp_path: Path, byline: str) -> None:
    text = (
        "Example Muscle Journal 2016;22:301-309\n\nLong-term outcome of juvenile dermatomyositis treated with\n"
        f"intravenous immunoglobulin and methotrexate\n{byline}\n\nAbstract\n"
        "Twenty children were followed for ten years. Most reached remission without lasting damage.\n"
    )
    doc = next(read_path(write_page(tmp_path, text)))
    assert isinstance(doc, Document)
    assert doc.bib.title == (
        "Long-term outcome of juvenile dermatomyositis treated with intravenous immunoglobulin and methotrexate"
    )
