"""Blocks of a page that hold abstract text away from where a reader looks first (own invented pages)."""

from __future__ import annotations

from myokg.read.model import Document
from myokg.read.page import read_page
from myokg.read.sections import split_run

TITLE = "Abatacept for refractory dermatomyositis: an open pilot study"


def text_of(doc: Document, label: str) -> str:
    return " ".join(doc.text[s.start : s.end] for s in doc.sections if s.label == label)


def test_a_catalogue_summary_field_is_the_abstract_not_the_cut_teaser_above_it() -> None:
    page = (
        f"{TITLE}\n"
        "Objective: To test abatacept in adults with refractory dermatomyositis who had failed two or more (...\n"
        "Saved in:\nPublished in | Example Myology Journal Vol. 12; no. 3; p. 40 |\n---|---|\n"
        "Format | Journal Article |\nLanguage | English |\n"
        "Summary: | Objective:\n"
        "To test abatacept in adults with refractory dermatomyositis who had failed two or more drugs.\n"
        "Methods:\nTwenty adults received abatacept every four weeks for six months in an open study.\n"
        "Results:\nFourteen of the twenty adults improved and no serious infection was seen in the study.\n"
    )
    doc = read_page("p.txt", page)
    assert [s.label for s in doc.sections] == ["title", "objective", "methods", "results"]
    assert "Fourteen of the twenty" in text_of(doc, "results")
    assert "(..." not in text_of(doc, "objective")


def test_a_summary_field_of_prose_is_read_whole() -> None:
    page = (
        f"{TITLE}\nTo test abatacept in adults with refractory dermatomyositis who had failed two or more (...\n"
        "Format | Journal Article |\n"
        "Summary: | To test abatacept in adults with refractory dermatomyositis who had failed two or more drugs.\n"
        "Twenty adults received abatacept every four weeks for six months in an open study of one centre.\n"
        "Fourteen of the twenty adults improved and no serious infection was seen during the study.\n"
    )
    doc = read_page("p.txt", page)
    assert doc.bib.title == TITLE
    assert "Fourteen of the twenty" in text_of(doc, "abstract")


def test_a_table_row_named_summary_without_text_opens_no_abstract() -> None:
    page = f"{TITLE}\nSummary | Contents | Figures\n\nAbstract\n\nTwenty adults received abatacept in an open study.\n"
    doc = read_page("p.txt", page)
    assert "Twenty adults" in text_of(doc, "abstract")


LABELLED = (
    "Background Dermatomyositis resists many drugs and new ones are needed for adults who fail them. "
    "Methods Twenty adults received abatacept every four weeks in an open study of one centre.\n"
)
SUMMARY = (
    "The study tested abatacept in refractory dermatomyositis: the primary endpoint was not met, but strength "
    "and the skin score favoured abatacept in secondary analyses.\n"
)


def test_a_summary_paragraph_set_on_a_labelled_abstract_is_abstract_prose() -> None:
    doc = read_page("p.txt", f"{TITLE}\n\nKeywords\n\n-\n\nAsk the authors\n\n{SUMMARY}{LABELLED}")
    assert [s.label for s in doc.sections][:3] == ["title", "abstract", "background"]
    assert "primary endpoint was not met" in text_of(doc, "abstract")


def test_prose_apart_from_the_abstract_or_cut_short_is_not_taken_in() -> None:
    apart = read_page("p.txt", f"{TITLE}\n\n{SUMMARY}\n{LABELLED}")  # a blank line sets it apart
    teaser = read_page("p.txt", f"{TITLE}\n\n{SUMMARY.rstrip()[:-30]}...\n{LABELLED}")
    for doc in (apart, teaser):
        assert "abstract" not in [s.label for s in doc.sections]


NOTICE = (
    "© The Author(s) 2021. Published by Example Press on behalf of the Example Society. All rights reserved. "
    "For permissions, please email: rights@example.org "
)
PROSE = (
    "Refractory dermatomyositis with lung disease has a poor outlook despite combined drugs given early. "
    "We reviewed thirty adults treated at one centre over ten years and compared those who had plasma exchange "
    "with those who did not. Five of the eight adults given plasma exchange survived."
)


def test_an_abstract_run_on_from_a_rights_notice_on_its_line_is_read() -> None:
    doc = read_page("p.txt", f"{TITLE}\n\nVolume\n12\nDOI\n10.1234/ex.1\n\n{NOTICE}{PROSE}\n")
    assert text_of(doc, "abstract") == PROSE
    assert doc.bib.year == 2021


def test_a_rights_notice_with_little_after_it_is_no_abstract() -> None:
    doc = read_page("p.txt", f"{TITLE}\n\n{NOTICE}Cookies are used on this site.\n")
    assert "abstract" not in [s.label for s in doc.sections]


def test_a_labelled_run_is_cut_at_a_bare_label_inside_it() -> None:
    run = "Background Myositis resists drugs. Methods This open trial gave abatacept to twenty adults."
    assert [lab for lab, _, _ in split_run(run)] == ["background", "methods"]
    run = "Background: Myositis resists drugs. Methods: An open trial. Results Twelve of twenty adults improved."
    assert [lab for lab, _, _ in split_run(run)] == ["background", "methods", "results"]
    assert [lab for lab, _, _ in split_run("Myositis resists drugs. Methods This open trial.")] == [None]
