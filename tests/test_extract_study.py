"""Study design and sample size, on short sentences written for these tests."""

from __future__ import annotations

import pytest

from myokg import vocab
from myokg.extract import Extractor
from myokg.extract.design import design_of
from myokg.extract.model import _inline_headings
from myokg.read.page import read_page


def _design(title: str, *body: tuple[str, str]) -> str | None:
    sents, pos = [(0, title, "title")], len(title) + 1
    for region, text in body:
        sents.append((pos, text, region))
        pos += len(text) + 1
    found = design_of(title, sents)
    return found[0] if found else None


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        # the features of a trial together: double-blind is a feature of an RCT, not a design of its own
        ("Drug X in myositis", [("methods", "A double-blind, randomised, placebo-controlled study.")], "rct"),
        ("Drug X in myositis: a randomized pilot trial", [], "rct"),
        ("Drug X in myositis", [("methods", "Patients were randomly assigned to drug X or placebo.")], "rct"),
        (
            "Drug X in myositis",
            [("methods", "A double-blind, placebo-controlled study of 20 adults.")],
            "controlled_clinical_trial",
        ),
        (
            "Drug X versus placebo: a crossover trial",
            [("methods", "Patients were randomized.")],
            "crossover_trial",
        ),
        (
            "Drug X in myositis",
            [("methods", "Patients entered an open-label extension study.")],
            "open_label_trial",
        ),
        ("Drug X in myositis: a pilot study", [], "pilot_study"),
        # observational designs from how the data were collected
        (
            "Drug X in myositis",
            [("methods", "We retrospectively reviewed the charts of 30 patients.")],
            "retrospective_cohort",
        ),
        ("Drug X in myositis", [("methods", "A chart review of a single centre.")], "retrospective_cohort"),
        (
            "Drug X in myositis",
            [("methods", "Medical records were reviewed for all adults.")],
            "retrospective_cohort",
        ),
        (
            "Drug X in myositis",
            [("methods", "Patients were followed prospectively for two years.")],
            "prospective_cohort",
        ),
        ("Drug X in a cohort of adults with myositis", [], "cohort_study"),
        # reports of cases
        ("Drug X for refractory myositis: a case of a young man", [], "case_report"),
        ("Drug X for refractory myositis: report of four cases", [], "case_series"),
        (
            "Drug X in myositis",
            [("abstract", "We describe three patients treated with drug X.")],
            "case_series",
        ),
        ("Drug X in myositis", [("abstract", "We report a 40-year-old woman with myositis.")], "case_report"),
        ("Drug X in myositis: a case report and review of the literature", [], "case_report"),
        # syntheses and reviews
        ("Drug X in myositis: a systematic review and meta-analysis", [], "meta_analysis"),
        (
            "Drug X in myositis",
            [("methods", "We systematically searched three databases.")],
            "systematic_review",
        ),
        ("Treatment of myositis: a narrative review", [], "review"),
        ("Recommendations for the treatment of myositis", [], "practice_guideline"),
        ("Myositis guidelines: the state of the art", [], "review"),
    ],
)
def test_design_from_own_text(title, body, expected):
    assert _design(title, *body) == expected


def test_designs_of_other_studies_do_not_count():
    # background sentences, plural designs and research-in-general sentences are about other work
    assert _design("Drug X in myositis", ("background", "A randomized trial showed benefit.")) is None
    assert (
        _design("Drug X in myositis", ("abstract", "Randomized controlled trials are rare in myositis."))
        is None
    )
    assert _design("Drug X in myositis", ("abstract", "Further controlled studies are needed.")) is None
    assert _design("Drug X in myositis", ("abstract", "A randomised trial is going to be necessary.")) is None
    # but a background sentence that states this study's aim does count
    assert (
        _design("Drug X", ("background", "The present study is a retrospective analysis."))
        == "retrospective_cohort"
    )


def test_title_outranks_body_unless_the_body_refines_it():
    assert (
        _design("Drug X in myositis: a case report", ("results", "Earlier randomized work was small."))
        == "case_report"
    )
    assert _design("Drug X: an open-label trial", ("methods", "Patients were randomised 2:1.")) == "rct"
    assert (
        _design("Drug X: a prospective study", ("methods", "An open-label study of 24 children."))
        == "open_label_trial"
    )


def test_inline_headings_set_sentence_regions():
    sents = [
        (0, "Background Drug X is new.", "abstract"),
        (30, "Methods We treated 12 adults.", "abstract"),
        (60, "Results of the treatment were good.", "abstract"),  # 'Results of' is running text
        (100, "CONCLUSION: Drug X helps.", "abstract"),
    ]
    out = _inline_headings(sents)
    assert [r for _, _, r in out] == ["background", "methods", "methods", "conclusion"]
    assert out[1][:2] == (38, "We treated 12 adults.")


def test_bulleted_publication_type_grounds_the_design():
    page = (
        "Drug X for a rash in dermatomyositis\n\nAbstract\n\nWe describe the effect of drug X on a rash.\n\n"
        "Publication types\n\n  • Case Reports\n\nMeSH terms\n\n  • Humans\n"
    )
    ex = Extractor(vocab.default()).extract(read_page("p.txt", page))
    assert vocab.default().terms[ex.segments[0].study.design].label == "case report"
