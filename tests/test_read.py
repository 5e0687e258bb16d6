"""Read stage on the project's own pages, on the seeds and on damaged reference text."""

from __future__ import annotations

import pytest

from conftest import ABSTRACT_SEED, OWN_ABSTRACT, OWN_REVIEW, REVIEW_SEED
from myokg.errors import ReadError
from myokg.read import read_path
from myokg.read.references import parse_citation, split_fused


def test_own_abstract_page_bibliography():
    (d,) = read_path(OWN_ABSTRACT)
    assert d.format == "page" and d.bib.title.startswith("Abatacept for resistant dermatomyositis")
    assert (d.bib.journal, d.bib.year, d.bib.volume, d.bib.issue, d.bib.pages) == (
        "Imag Myositis J",
        2019,
        "31",
        "2",
        "145-52",
    )
    assert d.bib.doi == "10.9999/imj.2018.0071" and d.bib.authors == ["Novak K"]
    assert [s.label for s in d.sections][:5] == ["title", "objective", "methods", "results", "conclusions"]
    assert d.competing_interests.startswith("Competing interests:")
    assert d.bib.publication_types == ["Journal Article"] and d.bib.substances == ["Abatacept"]
    assert [(h.name, h.major) for h in d.mesh][1:3] == [("Abatacept", True), ("Dermatomyositis", True)]
    refs = [(r.number, r.bib.year, r.bib.volume, r.bib.pages) for r in d.references]
    assert refs == [  # PubMed's reference list fuses year, volume and pages: '2011378811–820'
        (1, 2011, "378", "811-820"),
        (2, 2009, "31", "145-152"),
        (3, 2012, "188", "12-19"),
        (4, 2013, "65", "2211-2219"),
    ]


def test_own_review_page_references():
    (d,) = read_path(OWN_REVIEW)
    assert (d.bib.doi, d.bib.year, d.bib.journal) == ("10.9999/irr.2013.0042", 2013, "Imag Rheumatol Rev")
    assert [r.number for r in d.references] == list(range(1, 10))
    book = d.references[1]
    assert (book.bib.kind, book.bib.year, book.bib.title) == ("book", 1961, "Myositis")
    cochrane = d.references[2]
    assert cochrane.bib.pages == "CD009999"
    assert d.text[cochrane.citation_end : cochrane.end].startswith("This systematic review")
    annotated = d.references[3]
    assert d.text[annotated.citation_end : annotated.end].strip().startswith("An open-label study")
    assert "Google Scholar" not in d.text[annotated.start : annotated.end]  # link noise ends the entry
    assert all(r.bib.year and r.bib.title for r in d.references)


@pytest.mark.shared
def test_abstract_page_bibliography():
    d = next(read_path(ABSTRACT_SEED))
    assert d.bib.title.startswith("Possible role for tumour necrosis factor inhibitors")
    assert (d.bib.journal, d.bib.year, d.bib.volume, d.bib.issue, d.bib.pages) == (
        "Ann Rheum Dis",
        2006,
        "65",
        "9",
        "1233-6",
    )
    assert d.bib.doi == "10.1136/ard.2005.048744"
    assert [s.label for s in d.sections] == ["title", "objective", "methods", "results", "conclusions"]
    assert d.competing_interests.startswith("Competing interests:")
    assert [r.number for r in d.references] == [1, 2, 3, 4, 5]


@pytest.mark.shared
def test_review_page_references():
    d = next(read_path(REVIEW_SEED))
    assert len(d.references) == 50
    assert d.bib.doi == "10.1007/s11926-996-0021-7" and d.bib.year == 2006
    r4 = d.references[3]
    assert r4.bib.kind == "book" and r4.bib.year == 1958
    r8 = d.references[7]
    assert r8.bib.pages == "CD003643" and d.text[r8.citation_end : r8.end].startswith(
        "This systematic review"
    )
    assert all(r.bib.year and r.bib.title for r in d.references)


@pytest.mark.parametrize(
    "fused,end,expected",
    [
        ("362971", "982", ("362", "971")),
        ("14645", "51", ("146", "45")),
        ("371744", "1751", ("37", "1744")),
    ],
)
def test_fused_volume_and_pages(fused, end, expected):
    assert split_fused(fused, end) == expected


@pytest.mark.parametrize(
    "text,title,journal,year,volume,pages",
    [
        pytest.param(
            "Smith AB, Jones C. Methotrexate in juvenile dermatomyositis. N. Engl. J. Med. 1993;329(27):1993-2000.",
            "Methotrexate in juvenile dermatomyositis",
            "N. Engl. J. Med",
            1993,
            "329",
            "1993-2000",
            id="vancouver",
        ),
        pytest.param(
            "Lee K, Park J: Rituximab for refractory polymyositis. Lancet 2003362971–982. - PubMed",
            "Rituximab for refractory polymyositis",
            "Lancet",
            2003,
            "362",
            "971-982",
            id="fused-digits",
        ),
        pytest.param(
            "García‐López M\u00a0A, van der Berg T: Tacrolimus in ILD? Rheumatology (Oxford) 2010, 49:1–9.",
            "Tacrolimus in ILD?",
            "Rheumatology (Oxford)",
            2010,
            "49",
            "1-9",
            id="unicode-hyphen-nbsp",
        ),
        pytest.param(
            "Novak A, Berg B (2012) Abatacept in polymyositis. Imag Rheumatol 8:11–19",
            "Abatacept in polymyositis",
            "Imag Rheumatol",
            2012,
            "8",
            "11-19",
            id="springer-author-year",
        ),
        pytest.param(
            "Novak, A. B., & Berg, C. (2012). Abatacept in polymyositis. Imaginary Rheumatology, 8(2), 11–19. https://doi.org/10.9999/x",
            "Abatacept in polymyositis",
            "Imaginary Rheumatology",
            2012,
            "8",
            "11-19",
            id="apa",
        ),
        pytest.param(
            "A.B. Novak, C. Berg, Abatacept in polymyositis, Imag. Rheumatol. 8 (2012) 11–19.",
            "Abatacept in polymyositis",
            "Imag. Rheumatol.",
            2012,
            "8",
            "11-19",
            id="elsevier-initials-first",
        ),
        pytest.param(
            "Novak AB, Berg C. Abatacept in polymyositis. Imag Rheumatol. 2012;8(2):11-19. doi:10.9999/x",
            "Abatacept in polymyositis",
            "Imag Rheumatol",
            2012,
            "8",
            "11-19",
            id="ama",
        ),
    ],
)
def test_reference_styles(text, title, journal, year, volume, pages):
    parsed = parse_citation(text)
    b = parsed.bib
    assert (b.title, b.journal, b.year, b.volume, b.pages) == (title, journal, year, volume, pages)
    assert parsed.warnings == [] and b.authors[0].startswith(("Smith", "Lee", "García", "Novak"))


@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "empty document"),
        (b"  \n ", "empty document"),
        (b"\x00\x01binary", "binary"),
        (b"M\xfcller", "not UTF-8"),
        (b"<!DOCTYPE html><html><body>Rituximab</body></html>", "HTML file"),
    ],
)
def test_bad_input(tmp_path, content, message):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(ReadError, match=message):
        list(read_path(p))


def test_pubmed_page_indexing_lists():
    from myokg.read.page import read_page

    text = (
        "Rituximab for refractory juvenile dermatomyositis in twelve children\n\nAbstract\n\n"
        "Twelve children were treated.\n\nMeSH terms\n\nChild\nDermatomyositis / drug therapy*\n"
        "Rituximab / therapeutic use*\n\nPublication types\n\nCase Reports\n\nSubstances\n\nRituximab\n"
    )
    d = read_page("p.txt", text)
    assert [(h.name, h.qualifiers, h.major) for h in d.mesh] == [
        ("Child", [], False),
        ("Dermatomyositis", ["drug therapy"], True),
        ("Rituximab", ["therapeutic use"], True),
    ]
    assert all(text[h.start : h.end] == h.name for h in d.mesh)
    assert d.bib.publication_types == ["Case Reports"] and d.bib.substances == ["Rituximab"]
