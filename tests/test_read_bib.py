"""Who wrote a page's article and when: citation lines, author lines and identifiers in the shapes sites print.

Every page here is invented (names, journals, DOIs); each asserts what the publication node will carry.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES
from myokg.cli import main
from myokg.read.authors import names, surname
from myokg.read.citation import read_line
from myokg.read.identifiers import clean_doi
from myokg.read.identifiers import find as find_ids
from myokg.read.page import read_page

ABSTRACT = (
    "Abstract\n\nBackground: Refractory myositis needs new drugs.\n"
    "Methods: Twelve adults received rituximab in an open study.\n"
    "Results: Eight of the twelve improved within six months.\n"
    "Conclusions: Rituximab may help refractory myositis.\n"
)
TITLE = "Rituximab for refractory polymyositis: an open pilot study"

# (style, text above the abstract, text below it, (year, first author's surname, journal, doi, pmid))
PAGES = [
    (
        "pubmed",
        f"Clinical Trial\n. 2005 Feb;52(2):601-7. doi: 10.1234/abc.2005.01.\n\n{TITLE}\n\n"
        "Karin Holm 1, Omar Vidal 2, Lena de Wit 1\nAffiliations\n",
        "PMID: 15692973\n",
        (2005, "Holm", None, "10.1234/abc.2005.01", "15692973"),
    ),
    (
        "pubmed-journal",
        f"Myositis Res Rev. 2019 Jun 2;2019:4521876. doi: 10.1234/mrr/4521876. eCollection 2019.\n\n{TITLE}\n\n"
        "Ana Ruiz et al. Myositis Res Rev. .\n",
        "",
        (2019, "Ruiz", "Myositis Res Rev", "10.1234/mrr/4521876", None),
    ),
    (
        "publisher",
        f"{TITLE}\n\nPeter van der Berg a, Marta Nowak-Lis b, José Peña a\n\n"
        "Example Rheumatology\nVolume 54, Issue 3, March 2015, Pages 500-507\n"
        "https://doi.org/10.1234/er.2015.03.007Get rights and content\n",
        "Received 2 June 2014; Accepted 9 January 2015\n",
        (2015, "van der Berg", None, "10.1234/er.2015.03.007", None),
    ),
    (
        "published-label",
        f"{TITLE}\n\nBy Ida Moreau and Tom Elk\nPublished: 12 March 2019\n",
        "",
        (2019, "Moreau", None, None, None),
    ),
    (
        "catalogue",
        f"Title: {TITLE}\nMain Authors: Sousa, Maria ; Lind, Erik\n"
        "Published in: Example Myology Journal (2015) 2015-03, Vol.54 (3), p.500-507\nDOI: 10.1234/emj.54.3.500.\n",
        "",
        (2015, "Sousa", "Example Myology Journal", "10.1234/emj.54.3.500", None),
    ),
    (
        "catalogue-table",  # fields as table rows; the journal's name begins with 'Journal'
        f"{TITLE}\nSaved in:\nPublished in | Journal of Example Myology Vol. 12; no. 3; p. 40 |\n---|---|\n"
        "Format | Journal Article |\n",
        "",
        (None, None, "Journal of Example Myology", None, None),
    ),
    (
        "springer-chrome",  # the journal's banner links beside the title
        f"Example Myology Reports Aims and scope Submit manuscript\n\n{TITLE}\n",
        "",
        (None, None, "Example Myology Reports", None, None),
    ),
    (
        "author-manuscript",  # the repository's logo names the manuscript series; the citation names the journal
        "Author Manuscripts logoLink to Author Manuscripts\n\n"
        "Published in final edited form as: Example Myol J. 2010 Oct;62(10):1446-1451. doi: 10.1234/emj.62\n\n"
        f"{TITLE}\n",
        "",
        (2010, None, "Example Myol J", "10.1234/emj.62", None),
    ),
    (
        "source-label",
        f"{TITLE}\nAuthors: Okoro, Chidi [1] ; Berg, Anna [2]\n"
        "Source: EXAMPLE RHEUMATOLOGY; v. 33, n. 8, p. 1093-1098, AUG 2014.\n",
        "",
        (2014, "Okoro", "EXAMPLE RHEUMATOLOGY", None, None),
    ),
    (
        "german",
        f"{TITLE}\n\nverfasst von: Jonas Weber, Lea Brandt\nErschienen in: Beispiel Rheumatologie | Ausgabe 4/2021\n",
        "",
        (2021, "Weber", "Beispiel Rheumatologie", None, None),
    ),
    (
        "cite-this-article",
        f"{TITLE}\n",
        f"Cite this article\nHolt, R.K., Amin, S. {TITLE}. Example Myol Rev 14, 201-210 (2013). "
        "https://doi.org/10.1234/emr.2013.0042\n",
        (2013, "Holt", "Example Myol Rev", "10.1234/emr.2013.0042", None),
    ),
    (
        "apa",
        f"{TITLE}\n",
        f"Quinn, A. B., & Frost, C. (2012). {TITLE}. Example Case Reports, 4(2), 11-15.\n",
        (2012, "Quinn", None, None, None),
    ),
    (
        "pdf-names-over-the-title",  # a PDF copy: the name line sits above the title, blank lines between
        "Example Rheumatol (2003) 13:313-318 DOI 10.1234/er.2003.7\n\n"
        "ORIGINAL ARTICLE Ana Berg · Ole Lund · Mia Sato\n\n"
        "Example Rheumatol Downloaded from example.org by a library on 11/05/14\n\n"
        f"{TITLE}\n\nReceived: July 25, 2002 / Accepted: March 28, 2003\n",
        "",
        (2003, "Berg", None, "10.1234/er.2003.7", None),
    ),
    (
        "online-only",
        f"{TITLE}\nMaria Santos 1,*, Hugo Lima 2\nEpub 2019 Sep 26\n",
        "© 2018 Example Society\n",
        (2019, "Santos", None, None, None),
    ),
    (
        "copyright-only",
        f"{TITLE}\n- PMID: 31234568\n- DOI: 10.1234/xyz.77\n",
        "© 2018 Example Society of Dermatology.\n",
        (2018, None, None, "10.1234/xyz.77", "31234568"),
    ),
    (
        "metadata-record",
        f"key: rec-0001 authors: Tanaka, Yui; Mori, Ken title: {TITLE} date: 2021-09-28 journal: Example J "
        "DOI: 10.1234/ej.2021.5 sha: 0a1b\n",
        "",
        (2021, "Tanaka", None, "10.1234/ej.2021.5", None),
    ),
    (
        "bulleted",
        f"{TITLE}\n\n  • Lucia Gómez-Ortiz\n  • Arne Dahl\n  • Display all\n\nDOI\n10.1234/bul.9\n"
        "Pubmed ID\n\n30000001\n\nPMC7850515\n",
        "",
        (None, "Gómez-Ortiz", None, "10.1234/bul.9", "30000001"),
    ),
]


def page(above: str, below: str) -> str:
    return f"{above}\n{ABSTRACT}\n{below}"


@pytest.mark.parametrize(("style", "above", "below", "want"), PAGES, ids=[p[0] for p in PAGES])
def test_bibliography_of_a_page_in_each_style(
    style: str, above: str, below: str, want: tuple[object, ...]
) -> None:
    doc = read_page(f"{style}.txt", page(above, below))
    b = doc.bib
    first = surname(b.authors[0]) if b.authors else None
    assert (b.year, first, b.journal if want[2] else None, b.doi, b.pmid) == want
    assert b.title == TITLE
    assert any(s.label == "results" for s in doc.sections)


def test_issue_year_beats_the_online_year() -> None:
    text = page(
        f"Example Myol J. 2020 Feb;16(1):31-43. doi: 10.1234/emj.1. Epub 2019 Sep 26.\n\n{TITLE}\n", ""
    )
    b = read_page("p.txt", text).bib
    assert (b.year, b.journal, b.volume, b.issue, b.pages) == (2020, "Example Myol J", "16", "1", "31-43")


def test_a_work_the_body_cites_does_not_date_the_page() -> None:
    body = (
        "Introduction\n"
        + "Rituximab depletes B cells and has been tried in several forms of myositis over the past decades. "
        * 3
        + "An earlier trial found a modest effect. Example Myol J. 2005 Feb;52(2):601-7.\n"
    )
    assert read_page("p.txt", page(f"{TITLE}\nPublished: 12 March 2019\n", body)).bib.year == 2019


def test_dates_inside_the_abstract_and_in_similar_articles_are_not_the_publication_year() -> None:
    above = f"{TITLE}\nPublished:\n"
    below = "Similar articles\nOther study. Example Myol J. 2011 May;3(2):1-9.\n"
    text = page(above, below).replace("open study.", "open study from January 1999 to March 2004.")
    assert read_page("p.txt", text).bib.year is None


@pytest.mark.parametrize(
    ("line", "first"),
    [
        ("Karin Holm 1, Omar Vidal 2,*, and Lena de Wit 1", ["Holm K", "Vidal O", "de Wit L"]),
        ("Holm K, Vidal OP, de Wit L.", ["Holm K", "Vidal OP", "de Wit L"]),
        ("Holm, Karin; Vidal, Omar P.; de Wit, Lena", ["Holm K", "Vidal OP", "de Wit L"]),
        ("K. A. Holm and O. Vidal", ["Holm KA", "Vidal O"]),
        ("Holm, K., Vidal, O. P., & Wit, L.", ["Holm K", "Vidal OP", "Wit L"]),
        ("Karin Holm, M.D.1)2), Omar Vidal, M.D.3)", ["Holm K", "Vidal O"]),
        ("Karin Holm PhD Omar Vidal MS Lena Wit PhD", ["Holm K", "Vidal O", "Wit L"]),
        ("Karin Holm1† Omar Vidal2 Lena Wit1*", ["Holm K", "Vidal O", "Wit L"]),
        ("Karin HolmOmar VidalLena Wit", ["Holm K", "Vidal O", "Wit L"]),
        (
            "Ana Lima Filho, Zoé Müller-Łącka Email author, Rui Sá ORCID",
            ["Lima Filho A", "Müller-Łącka Z", "Sá R"],
        ),
        ("Holm K, Vidal O, Example Myositis Study Group", ["Holm K", "Vidal O"]),
        ("ZHANG Wei, Hiro TANAKA", ["ZHANG W", "TANAKA H"]),
        ("Karin Holm a b, Omar Vidal c", ["Holm K", "Vidal O"]),
        ("Karin Holm MD, PhD, Omar Vidal MSc", ["Holm K", "Vidal O"]),
        ("Karin Holm¹², Omar Vidal³", ["Holm K", "Vidal O"]),
    ],
)
def test_author_lines_in_their_printed_forms(line: str, first: list[str]) -> None:
    assert names(line) == first


@pytest.mark.parametrize(
    "line",
    [
        "Department of Rheumatology, Example University Hospital, Springfield",
        "Example Journal of Rheumatology",
        "Clinical Trial",
        "Open Access",
        "Holm K, Vidal O. Example Myol J 2019;3:1-9",
        "Keywords: dermatomyositis; rituximab",
    ],
)
def test_affiliations_journals_banners_and_citations_are_not_authors(line: str) -> None:
    assert not names(line)


def test_editor_and_similar_article_lines_are_not_the_authors() -> None:
    above = f"{TITLE}\n\nEdited by: Pia Sun, Bo Lake\n"
    below = "Similar articles\nLuis Mora, Eva Kent, Ian Roe. Another trial. Example Myol J. 2011.\n"
    assert read_page("p.txt", page(above, below)).bib.authors == []


def test_identifiers_as_printed() -> None:
    assert clean_doi("10.1234/S0190-9622(97)70327-XGet") == "10.1234/s0190-9622(97)70327-x"
    assert clean_doi("10.1234/ab.12455doi") == "10.1234/ab.12455"
    assert clean_doi("10.1234/ab(12).") == "10.1234/ab(12)"
    assert clean_doi("10.1234/ab.1)") == "10.1234/ab.1"
    lines = ["View details for DOI 10.1234/x.y", "View details for PubMedID 35803868", "PMCID: PMC6515062"]
    assert find_ids(lines) == ("10.1234/x.y", "35803868", "PMC6515062")


@pytest.mark.parametrize(
    ("line", "where", "year"),
    [
        ("Example Myol J 2023 October", "head", 2023),
        ("Example Myol J, 22 October 2024", "head", 2024),
        ("01.09.2007", "tail", 2007),
        ("Publication year - 2014", "head", 2014),
        ("StatePublished - Jul 2010", "tail", 2010),
        ("Received 3 May 2016; Accepted 21 September 2016; Published 9 January 2017", "tail", 2017),
        ("Published online by Example Press: 11 June 2015", "head", 2015),
        ("Render date: 2025-03-14T09:12:05.118Z", "head", None),
        ("Fecha de publicación: 3 de marzo de 2018", "head", 2018),
        ("Date de publication : 12/05/2016", "head", 2016),
        ("... muscle strength. (Example Myol J 1997;36:67-71.)", "abstract", 1997),
        ("Patients were seen between 2005 and 2011; 20 of them improved.", "abstract", None),
    ],
)
def test_dated_lines(line: str, where: str, year: int | None) -> None:
    got = read_line(line, where)
    assert (got.year if got else None) == year


@pytest.mark.parametrize(
    ("line", "journal"),
    [
        ("Exam. Myol., 05 November 2019", "Exam. Myol"),  # an abbreviated name is not cut at its dots
        ("A trial of rituximab in myositis. Exam Myol J. 2019 Nov;6(2):1-9.", "Exam Myol J"),
    ],
)
def test_journal_of_a_line(line: str, journal: str) -> None:
    got = read_line(line, "head")
    assert got is not None and got.journal == journal


def test_abstract_heading_fused_to_a_banner() -> None:
    text = (
        f"{TITLE}\n\nFree full textBackground: Refractory myositis needs new drugs.\n"
        + ABSTRACT.split("\n", 3)[3]
    )
    doc = read_page("p.txt", text)
    assert [s.label for s in doc.sections][:3] == ["title", "background", "methods"]


def test_a_copy_cut_inside_its_objective_is_read_from_there() -> None:
    line = (
        "© The Authors 2020. Published by Example Press. All rights reserved. Objectives. Rapidly worsening lung "
        "disease is feared. Methods. Thirty adults were reviewed. Results. Five of eight treated with plasma "
        "exchange survived."
    )
    doc = read_page("p.txt", f"{TITLE}\n\nVolume\n59\n\n{line}\n")
    assert [s.label for s in doc.sections] == ["title", "objective", "methods", "results"]
    assert doc.bib.year == 2020 and not doc.warnings


def test_extract_records_carry_the_pages_publication(tmp_path: Path) -> None:
    p = tmp_path / "page.txt"
    p.write_text(
        page(f". 2005 Feb;52(2):601-7. doi: 10.1234/abc.1.\n\n{TITLE}\n\nKarin Holm 1, Omar Vidal 2\n", "")
    )
    result = CliRunner().invoke(main, ["extract", str(p), "--format", "jsonl"])
    rows = [json.loads(x) for x in result.output.splitlines() if x.startswith("{")]
    assert rows and all(
        (r["title"], r["year"], r["first_author"], r["doi"]) == (TITLE, 2005, "Holm", "10.1234/abc.1")
        for r in rows
    )


def test_a_pmid_on_a_page_merges_it_with_its_pubmed_record(tmp_path: Path) -> None:
    from myokg import store
    from myokg.build import build

    xml = tmp_path / "records.xml"
    xml.write_bytes((FIXTURES / "records.xml").read_bytes())
    p = tmp_path / "page.txt"
    p.write_text(page(f"{TITLE}\n\nKarin Holm, Omar Vidal\nPMID: 99100001\n", ""))
    build([xml, p], tmp_path / "out", validate=False, jobs=1)
    _, rows = store.open_graph(tmp_path / "out").query(
        'PREFIX myo: <https://w3id.org/myokg/ontology#> SELECT DISTINCT ?pub ?first WHERE { ?pub myo:pmid "99100001" '
        "OPTIONAL { ?pub myo:firstAuthor ?first } }"
    )
    assert len({r[0] for r in rows}) == 1  # one work, one node


def test_evidence_sources_name_the_pages_author_and_year(tmp_path: Path) -> None:
    import myokg
    from myokg.build import build

    p = tmp_path / "page.txt"
    p.write_text(
        page(f"Example Myol J. 2005 Feb;52(2):601-7.\n\n{TITLE}\n\nKarin Holm 1, Omar Vidal 2\n", "")
    )
    build([p], tmp_path / "out", validate=False, jobs=1)
    rows = myokg.open(tmp_path / "out").query("agents-with-evidence", disease="polymyositis")
    sources = {str(r["sources"]) for r in rows}
    assert sources and all("Holm K 2005" in s and "anonymous" not in s for s in sources)
