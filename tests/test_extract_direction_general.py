"""Direction for the results people actually write: mixed verdicts, comparative arms, survival, hedges, cut pages.

Every text here is written for these tests.
"""

from __future__ import annotations

import pytest

from myokg import vocab
from myokg.extract import Extractor
from myokg.extract.comparison import better_arm
from myokg.read.page import read_page


def _directions(text: str) -> dict[str, str]:
    ex = Extractor(vocab.default()).extract(read_page("t.txt", text))
    v = vocab.default()
    return {v.terms[f.agent].label: f.direction for f in ex.segments[0].findings if f.role == "studied"}


def _page(title: str, *body: str) -> str:
    return f"{title}\n\nAbstract\n\n" + "\n".join(body) + "\n"


RTX = "Rituximab in polymyositis: an open study"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # an end point missed against another active schedule, while most patients met the improvement criteria
        (
            [
                "Methods: Forty adults were randomized to rituximab given at week 0 or at week 10.",
                "Results: The two schedules did not differ in the primary end point.",
                "Conclusions: Although the primary end point was not met, 70% of patients met the criteria for "
                "improvement.",
            ],
            "mixed",
        ),
        # every arm received the agent: equal results say nothing against it
        (
            [
                "Methods: In a placebo-phase design all patients received rituximab, early or late.",
                "Results: Both arms improved, with no significant difference between the arms.",
            ],
            "positive",
        ),
        # against placebo, the same null comparison outweighs the improvement
        (
            [
                "Methods: Thirty adults received rituximab or placebo.",
                "Results: Strength improved in 60% of patients, with no significant difference between the arms.",
            ],
            "negative",
        ),
        # a hedged conclusion is still the authors' verdict
        (
            [
                "Results: Weakness was assessed at week 24.",
                "Conclusions: Rituximab may be useful in polymyositis.",
            ],
            "positive",
        ),
        # a statement with two harms and one benefit, joined by 'and', counts each statement once
        (
            [
                "Conclusions: Rituximab improved the rash in two patients, and weakness progressed in two others."
            ],
            "mixed",
        ),
        # a state described by an adjective ('her worsening cough', 'persistent weakness') is no outcome
        (
            ["Results: She was admitted for her worsening cough and persistent weakness while on rituximab."],
            "unclear",
        ),
        (["Results: Her weakness worsened on rituximab."], "negative"),
        # why patients were treated is not what the treatment did
        (["Results: The indications for rituximab were relapse or failure of other agents."], "unclear"),
        # the results of other studies are background
        (["Results: Previous studies have reported remission with rituximab."], "unclear"),
        # an excerpt cut before its results: no guess
        (
            ["Methods: Twelve adults with polymyositis received rituximab and were followed for one y"],
            "unclear",
        ),
        # a benefit that needed rescue treatment in others
        (
            [
                "Results: Eight of 14 patients improved on rituximab.",
                "Results: Six patients required rescue medication for insufficient efficacy.",
            ],
            "mixed",
        ),
        # a stated lack of significance is a negative finding
        (
            ["Results: Mean strength improved slightly on rituximab, but the gain was not significant."],
            "mixed",
        ),
    ],
)
def test_direction_of_written_results(body, expected):
    assert _directions(_page(RTX, *body))["rituximab"] == expected


@pytest.mark.parametrize(
    ("title", "body", "agent", "expected"),
    [
        # survival as the outcome
        (
            "Tacrolimus for interstitial lung disease in dermatomyositis",
            "Methods: We compared 30 patients given tacrolimus with 20 historical controls.\n"
            "Results: The tacrolimus group had a higher 1-year survival than controls (85% vs 40%).",
            "tacrolimus",
            "positive",
        ),
        # a concluding phrase opens the conclusion of an unlabelled abstract
        (
            "Hydroxychloroquine for the skin in dermatomyositis",
            "Nine patients with skin disease received hydroxychloroquine. Weakness was unchanged in all of them. "
            "The rash cleared in seven. We conclude that hydroxychloroquine is useful for the skin. "
            "Larger series are planned.",
            "hydroxychloroquine",
            "positive",
        ),
        # a conclusion with reserve on both sides
        (
            "Intravenous immunoglobulin in juvenile dermatomyositis",
            "Eight children received monthly intravenous immunoglobulin. Five children improved within days. "
            "Two relapsed after the infusions stopped. In conclusion, intravenous immunoglobulin may be of value "
            "early on. However, its benefit over a year is doubtful.",
            "intravenous immunoglobulin",
            "mixed",
        ),
    ],
)
def test_verdicts_of_whole_abstracts(title, body, agent, expected):
    assert _directions(_page(title, body))[agent] == expected


def test_results_for_both_groups_speak_for_both_agents():
    text = _page(
        "Azathioprine or mycophenolate mofetil for myositis lung disease: a retrospective study",
        "Methods: The records of 60 patients given azathioprine or mycophenolate mofetil were reviewed.",
        "Results: In both groups, lung function improved over two years.",
    )
    d = _directions(text)
    assert d["azathioprine"] == d["mycophenolate mofetil"] == "positive"


def test_a_clause_about_both_groups_speaks_for_both_beside_a_clause_about_one():
    text = _page(
        "Azathioprine or mycophenolate mofetil for myositis lung disease: a retrospective study",
        "Methods: The records of 60 patients given azathioprine or mycophenolate mofetil on prednisone were reviewed.",
        "Results: In both groups, breathing improved while prednisone doses fell; however, only the "
        "azathioprine group gained weight.",
    )
    d = _directions(text)
    assert d["azathioprine"] == d["mycophenolate mofetil"] == "positive"
    assert d.get("prednisone", "unclear") == "unclear"


def test_a_glucocorticoid_named_as_a_dose_is_the_measure_not_the_agent():
    text = _page(
        "Methotrexate in dermatomyositis: an open study",
        "Methods: Twenty adults on prednisone received methotrexate.",
        "Results: Weakness improved with methotrexate. Prednisone doses were halved, and no flare occurred.",
    )
    d = _directions(text)
    assert d["methotrexate"] == "positive" and d.get("prednisone", "unclear") == "unclear"


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        ("Results: Nine of 12 patients improved on rituximab.", "positive"),
        # fewer than half of the group: a benefit for some, not for the study
        ("Results: Three of 12 patients improved on rituximab.", "mixed"),
        # 'only' a count of responders
        ("Results: Only one patient responded to rituximab.", "negative"),
        # an aside in brackets does not split the statement it belongs to
        ("Results: Four patients (4/11; 95% CI 11, 69) improved on rituximab.", "mixed"),
        ("Results: Rituximab failed in three patients and succeeded in one.", "mixed"),
        ("Results: Rituximab did not prevent relapse.", "negative"),
        # a death or end of care despite the treatment
        ("Results: Despite rituximab and plasma exchange, he was moved to palliative care.", "negative"),
        ("Results: She died of respiratory failure despite rituximab.", "negative"),
        ("Results: Time to relapse was longer with rituximab.", "positive"),
        # steroid-sparing in so many words: the glucocorticoid is the measure, rituximab the agent
        ("Results: Rituximab reduced the glucocorticoid dose by half.", "positive"),
        # 'could be tapered' reports what was possible, it is no hedge
        ("Results: The prednisone dose could be tapered in all patients on rituximab.", "positive"),
    ],
)
def test_single_results(result, expected):
    assert _directions(_page(RTX, result))["rituximab"] == expected


def test_head_to_head_not_superior_but_an_alternative():
    text = _page(
        "Drug A versus drug B in polymyositis: a double-blind randomised trial",
        "Methods: Fifty adults were randomised to methotrexate or azathioprine.",
        "Results: The two groups did not differ in strength at one year.",
        "Conclusions: Methotrexate is not superior to azathioprine, but is a reasonable alternative.",
    )
    assert _directions(text)["methotrexate"] == "mixed"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # what happened on placebo is not the agent's result
        (
            ["Results: Walking improved by 20 metres on rituximab versus no change on placebo (p = 0.01)."],
            "positive",
        ),
        # a borderline or trending result is a partial one
        (["Conclusions: Rituximab had a borderline effect in improving strength."], "mixed"),
        (["Results: Strength showed a trend toward improvement with rituximab."], "mixed"),
    ],
)
def test_placebo_arms_and_partial_results(body, expected):
    assert _directions(_page(RTX, *body))["rituximab"] == expected


def test_the_better_of_two_arms_compared_by_their_rates():
    text = _page(
        "Tacrolimus or cyclophosphamide for lung disease in dermatomyositis: a cohort study",
        "Methods: We compared adults given tacrolimus with adults given cyclophosphamide.",
        "Results: In the tacrolimus group and the cyclophosphamide group, 12 (20%) and 21 (45%) patients died "
        "within a year, respectively.",
    )
    d = _directions(text)
    assert d["tacrolimus"] == "positive" and d["cyclophosphamide"] != "positive"


@pytest.mark.parametrize(
    ("sentence", "better"),
    [
        ("One-year survival was 85% vs 40%.", 0),
        ("Relapses occurred in 30% and 10% of the two groups.", 1),
        ("Transplant-free survival was 40% versus 70%.", 1),
        ("Remission was reached by 50% vs 52% (p = 0.80).", None),
        ("Improvement and deaths were 50% vs 30%.", None),  # wanted and feared outcomes together: no verdict
    ],
)
def test_better_arm(sentence, better):
    found = better_arm(sentence)
    assert (found[0] if found else None) == better


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a measure that moved the right way, in a trial of a non-drug intervention
        (
            [
                "Results: Muscle strength increased after 12 weeks of training, and disease activity decreased."
            ],
            "positive",
        ),
        (["Results: Walking distance declined during the training period."], "negative"),
        # slowing the decline is a benefit, so not slowing it is a failure
        (["Conclusions: Training did not slow the progression of weakness."], "negative"),
        # a manifestation that shrank, or did not
        (["Results: The rash decreased in most patients after training."], "positive"),
        (["Conclusions: Training was well tolerated, but most skin lesions did not regress."], "negative"),
        # a benefit that did not last
        (["Results: Strength improved at week 4, but the effect was not sustained."], "mixed"),
    ],
)
def test_measures_that_moved(body, expected):
    text = _page("Exercise training in inclusion body myositis: a randomised trial", *body)
    assert _directions(text)["exercise"] == expected


@pytest.mark.parametrize(
    ("conclusion", "expected"),
    [
        ("Rituximab is a reasonable treatment for refractory polymyositis.", "positive"),
        ("These results favour the use of rituximab.", "positive"),
        ("Rituximab was associated with better outcomes.", "positive"),
        ("Rituximab can be considered for refractory polymyositis.", "positive"),
        ("Rituximab controlled disease activity in most patients.", "positive"),
        ("Rituximab allowed tapering of glucocorticoids.", "positive"),
        ("Rituximab did not influence the course of the disease.", "negative"),
        ("Rituximab was of limited benefit.", "negative"),
    ],
)
def test_conclusions_that_give_a_verdict(conclusion, expected):
    body = ["Results: Twelve patients were treated.", f"Conclusions: {conclusion}"]
    assert _directions(_page(RTX, *body))["rituximab"] == expected


def test_a_title_that_names_a_role_gives_the_topic_not_the_verdict():
    text = _page(
        "Rituximab as first-line treatment in polymyositis: an open study",
        "Results: Nine of 16 patients improved, and seven required rescue medication.",
    )
    assert _directions(text)["rituximab"] == "mixed"
