"""Direction of a studied agent's evidence, on short texts written for these tests."""

from __future__ import annotations

import pytest

from myokg import vocab
from myokg.extract import Extractor
from myokg.extract.outcomes import outcomes
from myokg.read.page import read_page


def _directions(text: str) -> dict[str, str]:
    ex = Extractor(vocab.default()).extract(read_page("t.txt", text))
    v = vocab.default()
    return {v.terms[f.agent].label: f.direction for f in ex.segments[0].findings if f.role == "studied"}


def _abstract(*sections: str) -> str:
    return "Rituximab in dermatomyositis: a study of its effect\n\nAbstract\n\n" + "\n".join(sections) + "\n"


@pytest.mark.parametrize(
    ("sections", "expected"),
    [
        # negation scope
        (["Results: None of the patients improved on rituximab."], "negative"),
        (["Results: Rituximab did not meet the primary end point."], "negative"),
        (["Results: There was no significant difference between rituximab and placebo."], "negative"),
        # efficacy is judged apart from tolerability
        (
            ["Conclusions: Rituximab was safe and well tolerated but did not meet the efficacy outcomes."],
            "negative",
        ),
        (["Results: Rituximab was well tolerated."], "unclear"),
        # benefit and recovery wording
        (["Results: All patients regained strength after rituximab."], "positive"),
        (["Results: Rituximab was steroid-sparing and led to remission in dermatomyositis."], "positive"),
        (["Conclusions: Rituximab gave a good outcome in dermatomyositis."], "positive"),
        # cues of the question, the method and the refractoriness clause do not count
        (
            [
                "Objective: To assess whether rituximab improves strength in dermatomyositis.",
                "Methods: The primary end point was improvement defined as a better score.",
            ],
            "unclear",
        ),
        (["Results: Patients who failed to respond to rituximab were excluded."], "unclear"),
        # the conclusion weighs most
        (
            [
                "Results: Strength improved in most patients on rituximab.",
                "Conclusions: Rituximab was not effective in dermatomyositis.",
            ],
            "negative",
        ),
    ],
)
def test_direction_rules(sections, expected):
    assert _directions(_abstract(*sections))["rituximab"] == expected


def test_unlabelled_abstract_ends_in_its_conclusion():
    text = _abstract(
        "Dermatomyositis is hard to treat. We treated eight adults with rituximab. "
        "Strength improved in five patients. Rituximab was ineffective for the rash and skin disease worsened."
    )
    assert _directions(text)["rituximab"] == "negative"


def test_comparator_arm_is_unclear_unless_results_name_it():
    text = (
        "Rituximab versus cyclophosphamide in dermatomyositis\n\nAbstract\n\n"
        "Methods: Adults with dermatomyositis received rituximab or cyclophosphamide.\n"
        "Results: Strength improved significantly in most patients.\n"
    )
    d = _directions(text)
    assert d["rituximab"] == "positive" and d["cyclophosphamide"] == "unclear"


def test_recommendation_in_a_guideline_is_positive():
    text = (
        "Recommendations for the treatment of dermatomyositis\n\nAbstract\n\n"
        "Intravenous immunoglobulin is recommended for refractory dermatomyositis and may be combined with "
        "other drugs.\n"
    )
    assert _directions(text)["intravenous immunoglobulin"] == "positive"


@pytest.mark.parametrize(
    ("sentence", "responders"),
    [
        ("Seven of 10 patients responded to rituximab.", [(7, 10)]),
        ("Of the 12 patients, 9 achieved complete remission.", [(9, 12)]),
        ("6/8 patients showed a clinical improvement.", [(6, 8)]),
        ("Four of 10 patients had relapses.", []),  # a count without a response verb is no responder count
        ("3/9 patients had infections.", []),
    ],
)
def test_x_of_y_counts_responders_only_with_a_response_verb(sentence, responders):
    got = outcomes([(0, sentence)], lambda a, b: [])
    assert [(int(o.value), o.denominator) for o in got if o.measure == "responderCount"] == responders


def test_negated_harm_is_no_harm_and_toxicity_limits_a_benefit():
    assert (
        _directions(
            _abstract("Results: Rituximab was effective; there was no worsening and no deterioration.")
        )["rituximab"]
        == "positive"
    )
    text = _abstract("Results: Three patients responded to rituximab, but it was highly toxic.")
    assert _directions(text)["rituximab"] == "mixed"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Results: Survival at five years was higher with rituximab.", "positive"),
        ("Results: The relapse rate was lower with rituximab.", "positive"),
    ],
)
def test_outcome_wording(sentence, expected):
    assert _directions(_abstract(sentence))["rituximab"] == expected
    # 'significantly lower' alone says nothing about which way: no benefit
    lower = _abstract("Results: Survival was significantly lower in men treated with rituximab.")
    assert _directions(lower)["rituximab"] != "positive"


def test_endpoint_definitions_in_an_unlabelled_abstract_do_not_count():
    text = _abstract(
        "We gave rituximab to twenty adults with dermatomyositis. "
        "Primary outcome measures included remission and improvement of strength. "
        "Strength was measured every month. The trial ended in 2020."
    )
    assert _directions(text)["rituximab"] == "unclear"


def test_an_own_title_naming_efficacy_is_only_its_topic():
    text = "Safety and efficacy of rituximab in dermatomyositis: a trial\n\nAbstract\n\nMethods: Adults received rituximab.\n"
    assert _directions(text)["rituximab"] == "unclear"


def test_did_not_affect_is_no_benefit_and_no_side_effects_is_no_harm():
    text = _abstract(
        "Results: Rituximab did not affect muscle function. No side effects were reported.",
    )
    assert _directions(text)["rituximab"] == "negative"
    assert (
        _directions(_abstract("Results: Rituximab was effective and no side effects were reported."))[
            "rituximab"
        ]
        == "positive"
    )


def test_an_unsettled_clause_does_not_silence_the_finding_before_it():
    text = _abstract(
        "Results: Rituximab is an effective short-term treatment, but its long-term effect remains unknown."
    )
    assert _directions(text)["rituximab"] == "positive"
    assert (
        _directions(_abstract("Results: Rituximab succeeded in saving her life."))["rituximab"] == "positive"
    )


def test_top_level_skips_what_brackets_hold() -> None:
    """Separators inside brackets are asides: '(5/12; 95% CI 15, 72)' is one, whatever comes before it."""
    import re

    from myokg.extract.direction import _top_level

    sep = re.compile(r"[;,]")
    text = "a, b (c; d [e, f]) g; h ) i, (j, k"
    want = [m.span() for m in sep.finditer(text) if text[: m.start()].count("(") + text[: m.start()].count("[")
            <= text[: m.start()].count(")") + text[: m.start()].count("]")]  # fmt: skip
    assert _top_level(sep, text) == want == [(1, 2), (20, 21), (27, 28), (31, 32)]  # a stray ")" counts too
