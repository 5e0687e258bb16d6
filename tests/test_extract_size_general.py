"""Sample-size conventions: the study population whose outcomes are reported. Sentences written for these tests."""

from __future__ import annotations

import pytest

from myokg import vocab
from myokg.extract import Extractor
from myokg.extract.size import study_size
from myokg.read.page import read_page


def _size(*sentences: tuple[str, str], trial: bool = False) -> int | None:
    sents, pos = [], 0
    for region, text in sentences:
        sents.append((pos, text, region))
        pos += len(text) + 1
    found = study_size(sents, trial=trial)
    return found[0] if found else None


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        # the count names its own enrolment, even after 'among'
        (
            [
                (
                    "results",
                    "Among 120 randomized adults (60 with DM, 60 with PM), 118 were analysed at week 12.",
                )
            ],
            120,
        ),
        # the verb of the count lies beyond a bracketed aside
        (
            [
                (
                    "results",
                    "Thirty patients from the first centre (n = 18) and from the second centre (n = 12) were enrolled.",
                )
            ],
            30,
        ),
        # arm sizes listed in one bracket
        ([("methods", "Adults were randomly assigned to drug X or placebo (n = 31 and n = 29).")], 60),
        # arm sizes told by their parts
        (
            [
                (
                    "methods",
                    "We compared adults given drug A (n = 14 for DM and 3 for PM) or drug B (n = 9 for DM and 4 for PM).",
                )
            ],
            30,
        ),
        # a count told by its parts
        ([("abstract", "We identified 21 women and 9 men treated with drug X.")], 30),
        # the arms of a study, all of them
        ([("results", "Forty patients were treated with drug A and 25 with drug B.")], 65),
        # 'subjects were 16 patients'
        (
            [
                ("methods", "Subjects were 16 adults with myositis."),
                ("methods", "Seven patients received drug A."),
            ],
            16,
        ),
        # the group identified within a larger review is the group studied
        (
            [
                (
                    "methods",
                    "A review of 52 children with JDM identified 9 patients who never received steroids.",
                )
            ],
            9,
        ),
        # the part of a pool that met the study's criteria, however long its description
        (
            [
                (
                    "methods",
                    "Of 90 adults with myositis seen at our clinic, 22 had lung disease and were included.",
                )
            ],
            22,
        ),
        # a study named with its count, whatever its people are called
        ([("methods", "A cohort study including 37 IIM (20 DM, 17 PM) was done.")], 37),
        # a count of studies is not a count of patients
        (
            [("results", "Eleven studies (2 randomized controlled trials) with 240 patients were pooled.")],
            240,
        ),
        # the whole of the described series, not 'all but one'
        (
            [
                ("abstract", "We describe the course of 11 patients with lung disease."),
                ("abstract", "Steroids were given to all but one patient."),
            ],
            11,
        ),
        # pooled patients of a meta-analysis, whatever they are called
        ([("results", "Pooled data covered a total of 1,480 dermatomyositis from twelve reports.")], 1480),
        # the denominator of a completion rate is the group that started
        ([("results", "88/104 (85%) completed the trial; discontinuations were few.")], 104),
        # the count that opens its sentence is the subject of its enrolment verb, however far
        (
            [
                (
                    "methods",
                    "Forty adults with lung disease of less than 6 months seen from May 2012 to June 2015 were "
                    "prospectively enrolled.",
                ),
                (
                    "results",
                    "In the subgroup analysis, responders (n = 12) and non-responders (n = 9) differed.",
                ),
            ],
            40,
        ),
        # a study completed by all its subjects
        ([("results", "Fourteen subjects completed the study."), ("results", "Four of them improved.")], 14),
    ],
)
def test_study_population(sentences, expected):
    assert _size(*sentences) == expected


def test_a_randomised_trial_counts_all_arms_not_the_treated_part():
    sents = (
        ("results", "Eighteen subjects completed the trial."),
        ("results", "Nine of the 18 subjects received drug X and three responded."),
    )
    assert _size(*sents, trial=True) == 18


def test_a_case_report_without_a_count_is_one_patient():
    page = (
        "Drug X for lung disease in polymyositis: a case report\n\nAbstract\n\n"
        "Polymyositis with lung disease improved on drug X.\n"
    )
    ex = Extractor(vocab.default()).extract(read_page("p.txt", page))
    assert ex.segments[0].study.n == 1


def test_each_arm_keeps_its_own_count_beside_the_study_total():
    page = (
        "Drug A versus drug B in dermatomyositis lung disease\n\nAbstract\n\n"
        "Results: Patients on tofacitinib (n = 30) and on tacrolimus (n=25) were followed.\n"
    )
    ex = Extractor(vocab.default()).extract(read_page("p.txt", page))
    study = ex.segments[0].study
    arms = {vocab.default().terms[o.agent].label: int(o.value) for o in study.outcomes if o.group == "arm"}
    assert study.n == 55 and arms == {"tofacitinib": 30, "tacrolimus": 25}


def test_the_subgroup_given_the_studied_agent_keeps_its_count_beside_the_cohort():
    page = (
        "Rituximab in anti-SRP myopathy: a retrospective study\n\nAbstract\n\n"
        "Methods: We retrospectively analysed 40 patients with necrotizing myopathy, of whom 15 received rituximab.\n"
        "Results: Eleven of the rituximab-treated patients improved.\n"
    )
    ex = Extractor(vocab.default()).extract(read_page("p.txt", page))
    study = ex.segments[0].study
    treated = {vocab.default().terms[o.agent].label: int(o.value) for o in study.outcomes if o.agent}
    assert study.n == 40 and treated == {"rituximab": 15}
