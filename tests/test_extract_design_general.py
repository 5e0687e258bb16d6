"""Design from how a study describes itself. Sentences written for these tests."""

from __future__ import annotations

import pytest

from myokg import vocab
from myokg.extract import Extractor
from myokg.read.page import read_page


def _design(title: str, *body: tuple[str, str]) -> str | None:
    """The design key of a page whose sections are given as (heading, text)."""
    page = f"{title}\n\nAbstract\n\n" + "\n".join(f"{h.capitalize()}: {t}" for h, t in body) + "\n"
    d = Extractor(vocab.default()).extract(read_page("p.txt", page)).segments[0].study.design
    return vocab.default().terms[d].key if d else None


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # records reviewed, in whatever words
        (
            [("methods", "We reviewed the treatment and outcome of all children seen since 2001.")],
            "retrospective_cohort",
        ),
        # ... but reviewing the literature is a review
        ([("methods", "We reviewed the published literature on patients given drug X.")], None),
        # a stated search strategy makes a systematic review
        (
            [("methods", "We searched MEDLINE, EMBASE and two trial registers up to March 2020.")],
            "systematic_review",
        ),
        ([("methods", "PubMed and Scopus were searched for reports of drug X.")], "systematic_review"),
        # pooled estimates make a meta-analysis
        ([("methods", "Response rates were pooled in a meta-analysis of eight cohorts.")], "meta_analysis"),
        # pooled estimates make a meta-analysis even when it is not named
        (
            [("methods", "We searched PubMed and Embase."), ("results", "The pooled response rate was 60%.")],
            "meta_analysis",
        ),
        # records examined, however long the description between
        (
            [
                (
                    "methods",
                    "Records of all adults given drug X at our centre from 2010 to 2020 were examined.",
                )
            ],
            "retrospective_cohort",
        ),
        # another trial named in passing is not this study's design
        (
            [
                ("background", "A placebo-controlled trial has shown no benefit of drug Y."),
                ("methods", "For this work we analysed the files of 20 patients given drug X."),
            ],
            "retrospective_cohort",
        ),
        # a trial that might come later is not this one
        (
            [
                ("methods", "Twelve adults received drug X in an open-label study."),
                ("conclusion", "Drug X should not be used unless a controlled trial confirms its effect."),
            ],
            "open_label_trial",
        ),
        # this study, named as such, even beside 'no established treatment'
        (
            [
                (
                    "objective",
                    "As no treatment is established, this study followed 30 adults prospectively.",
                )
            ],
            "prospective_cohort",
        ),
        # a pilot or proof-of-concept study that treated its patients is an uncontrolled trial
        (
            [
                ("methods", "This was a proof-of-concept study."),
                ("methods", "Ten adults received drug X for 6 months."),
            ],
            "open_label_trial",
        ),
        ([("methods", "A single-arm study of drug X in 15 adults.")], "open_label_trial"),
        (
            [
                ("methods", "Eight adults were included in this pilot study."),
                ("conclusion", "Drug X was useful in the treatment of the rash."),
            ],
            "open_label_trial",
        ),
    ],
)
def test_design_from_the_text(body, expected):
    assert _design("Drug X in myositis", *body) == expected


def _page_design(page: str) -> str | None:
    ex = Extractor(vocab.default()).extract(read_page("p.txt", page))
    d = ex.segments[0].study.design
    return vocab.default().terms[d].label if d else None


def test_several_patients_outrank_a_case_reports_publication_type():
    page = (
        "Drug X in dermatomyositis: experience with 14 patients\n\nAbstract\n\n"
        "Fourteen patients with dermatomyositis were treated with drug X. Eleven improved.\n\n"
        "Publication types\n\n  • Case Reports\n"
    )
    assert _page_design(page) == "case series"


def test_a_trial_publication_type_with_no_control_and_treated_patients_is_open_label():
    page = (
        "Drug X in juvenile dermatomyositis\n\nAbstract\n\n"
        "Six children were given monthly drug X. Four improved.\n\n"
        "Publication types\n\n  • Clinical Trial\n"
    )
    assert _page_design(page) == "open-label trial"


def test_a_case_report_of_several_patients_is_a_series():
    page = (
        "Methotrexate in juvenile dermatomyositis: a case report\n\nAbstract\n\n"
        "We describe three children with juvenile dermatomyositis treated with methotrexate. All improved.\n"
    )
    assert _page_design(page) == "case series"
