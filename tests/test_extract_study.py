"""Study design and sample size, on short sentences written for these tests."""

from __future__ import annotations

import pytest

from myokg import vocab
from myokg.extract import Extractor
from myokg.extract.design import design_of
from myokg.extract.model import _inline_headings
from myokg.extract.size import study_size
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
        ("Drug X in myositis", [("methods", "We report on 26 patients seen at one centre.")], "case_series"),
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
    # a section the reader labelled by its first heading holds the others too
    inside = _inline_headings(
        [(0, "Background: Drug X is new.", "background"), (30, "Methods: We treated 9.", "background")]
    )
    assert [r for _, _, r in inside] == ["background", "methods"]


def test_a_case_report_without_a_count_reports_one_patient():
    page = "Drug X for a rash in dermatomyositis\n\nAbstract\n\nIn this case report we discuss drug X for a rash.\n"
    study = Extractor(vocab.default()).extract(read_page("p.txt", page)).segments[0].study
    assert vocab.default().terms[study.design].label == "case report" and study.n == 1


def test_bulleted_publication_type_grounds_the_design():
    page = (
        "Drug X for a rash in dermatomyositis\n\nAbstract\n\nWe describe the effect of drug X on a rash.\n\n"
        "Publication types\n\n  • Case Reports\n\nMeSH terms\n\n  • Humans\n"
    )
    ex = Extractor(vocab.default()).extract(read_page("p.txt", page))
    assert vocab.default().terms[ex.segments[0].study.design].label == "case report"


def _size(*sentences: tuple[str, str]) -> int | None:
    sents, pos = [], 0
    for region, text in sentences:
        sents.append((pos, text, region))
        pos += len(text) + 1
    found = study_size(sents)
    return found[0] if found else None


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        # number grammar: digits, words, Unicode hyphens, disease words between number and noun
        ([("methods", "We enrolled 43 IIM patients at two centres.")], 43),
        ([("methods", "Ninety‐eight adults were enrolled.")], 98),
        ([("methods", "We treated 18 acute PM/DM-ILD patients with drug X.")], 18),
        ([("methods", "In total 50 JDM children took part and were included.")], 50),
        ([("methods", "Sera came from a total of 48 DM or PM adult patients.")], 48),
        ([("methods", "Twelve patients (n = 12) were studied.")], 12),
        # a single patient
        ([("abstract", "We report a 55-year-old man with refractory myositis.")], 1),
        ([("title", "A child with severe dermatomyositis treated with drug X")], 1),
        # the enrolled or treated group, not the screened pool, a subgroup or an outcome
        ([("results", "A total of 200 patients were screened and 40 randomized.")], 40),
        ([("results", "Of the 70 patients followed, 30 met the inclusion criteria.")], 30),
        (
            [
                (
                    "methods",
                    "Sixty adults were identified in our cohort of 150 patients. The records of 12 patients were reviewed.",
                )
            ],
            12,
        ),
        ([("abstract", "4 of 20 patients with myositis, whose disease was active, received drug X.")], 4),
        ([("methods", "We enrolled 30 patients."), ("results", "Ten patients (33%) improved.")], 30),
        ([("methods", "We studied 25 adults (14 women, 11 men).")], 25),
        # arms stated separately and summed
        ([("results", "There were 35 patients who had drug X and 26 who received drug Y.")], 61),
        ([("methods", "Nine patients with PM and 6 with DM were enrolled.")], 15),
        ([("results", "We compared the drug X group (n=29) and the drug Y group (n=22).")], 51),
        # a year is not a count
        ([("methods", "Between 2015 and 2019 we enrolled sixty-two adult patients.")], 62),
    ],
)
def test_sample_size(sentences, expected):
    assert _size(*sentences) == expected
