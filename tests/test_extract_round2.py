"""Second round of extraction rules, on short texts written for these tests, grouped by capability."""

from __future__ import annotations

import pytest

from myokg import vocab
from myokg.extract import Extractor
from myokg.read.page import read_page


def _extract(text: str):  # type: ignore[no-untyped-def]
    return Extractor(vocab.default()).extract(read_page("t.txt", text))


def _directions(text: str) -> dict[str, str]:
    v = vocab.default()
    return {
        v.terms[f.agent].label: f.direction
        for f in _extract(text).segments[0].findings
        if f.role == "studied"
    }


def _abstract(*sections: str, title: str = "Rituximab in dermatomyositis: a cohort study") -> str:
    return f"{title}\n\nAbstract\n\n" + "\n".join(sections) + "\n"


# ---- direction ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sections", "expected"),
    [
        # a null comparison with qualifiers before 'differences'
        (
            ["Results: There were no clinically meaningful or statistically significant differences between "
             "rituximab and placebo at week 12."],
            "negative",
        ),
        # 'no impact' is a lack of effect
        (["Results: Rituximab had no impact on muscle strength in dermatomyositis."], "negative"),
        # deaths set against survivors weigh as the agent's failure ...
        (["Results: After rituximab one patient survived, while three patients died."], "mixed"),
        # ... a plain tally of outcomes does not
        (["Results: Rituximab was effective; four patients survived and one died of cancer."], "positive"),
    ],
)  # fmt: skip
def test_direction_rules_round2(sections, expected):
    assert _directions(_abstract(*sections))["rituximab"] == expected


@pytest.mark.parametrize(
    ("sections", "expected"),
    [
        # 'no evidence' governs the benefit after it
        (["Conclusions: There is no evidence that rituximab is effective in dermatomyositis."], "negative"),
        # a reported positive result is a benefit
        (["Results: The trial of rituximab reported a positive result in dermatomyositis."], "positive"),
        # a wish or an unmet need is not a finding
        (
            ["Results: Rituximab improved strength.", "Conclusions: A more useful therapy is hoped for."],
            "positive",
        ),
        (
            [
                "Results: There are no established treatments for dermatomyositis. Rituximab improved strength."
            ],
            "positive",
        ),
    ],
)
def test_direction_weighing_words(sections, expected):
    assert _directions(_abstract(*sections))["rituximab"] == expected


def test_a_hard_wrapped_sentence_reads_as_one_line():
    text = _abstract(
        "Conclusions: Although some evidence suggests that rituximab helps, there are no\nrandomised trials to "
        "show whether it is effective.\nFurther controlled studies are needed to establish its efficacy."
    )
    assert _directions(text)["rituximab"] == "unclear"


def test_an_outcome_tally_of_deaths_and_survivors_is_mixed():
    text = _abstract(
        "Results: Of the ten adults given rituximab, the outcome was four deaths and six survivals."
    )
    assert _directions(text)["rituximab"] == "mixed"


def test_prognostic_factors_are_not_a_verdict_on_the_agent():
    text = _abstract(
        "Results: Two poor prognostic factors were identified: high ferritin; and worsening of infiltrates.",
        "Rituximab improved strength in most patients.",
    )
    assert _directions(text)["rituximab"] == "positive"


def test_results_without_names_speak_for_every_agent_of_the_combination():
    text = _abstract(
        "Methods: Twelve adults received a combination therapy of rituximab, tacrolimus and methotrexate.",
        "Results: Strength improved in eleven of the twelve patients.",
        title="Combined immunosuppression in dermatomyositis: a case series",
    )
    found = _directions(text)
    assert found == {"rituximab": "positive", "tacrolimus": "positive", "methotrexate": "positive"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Conclusions: Rituximab led to a transient improvement of strength in dermatomyositis.",
        "Conclusions: Rituximab was effective in a small subset of adults with dermatomyositis.",
    ],
)
def test_a_benefit_that_did_not_last_or_reached_few_is_mixed(sentence):
    assert _directions(_abstract(sentence))["rituximab"] == "mixed"


def test_a_verdict_on_a_test_is_not_a_verdict_on_the_agent():
    text = _abstract(
        "Conclusions: Immunoglobulin monitoring after rituximab does not seem useful in dermatomyositis."
    )
    assert _directions(text)["rituximab"] == "unclear"


def test_a_sentence_about_every_treatment_speaks_for_each_agent():
    text = _abstract(
        "Results: Strength improved a little in the tacrolimus arm.",
        "Conclusions: None of the treatments was effective in dermatomyositis.",
        title="Rituximab or tacrolimus in dermatomyositis: a randomised trial",
    )
    found = _directions(text)
    assert found["tacrolimus"] == "negative"
    assert found["rituximab"] == "negative"


def test_a_turn_in_a_sentence_keeps_each_side_with_its_own_agents():
    text = _abstract(
        "Results: Weakness persisted after methotrexate was stopped but improved with rituximab and tacrolimus.",
        title="Methotrexate-associated dermatomyositis: a case series",
    )
    found = _directions(text)
    assert found["rituximab"] == "positive"
    assert found["tacrolimus"] == "positive"


def test_a_comparison_credits_the_agent_its_clause_names():
    text = _abstract(
        "Results: Survival was similar with azathioprine in the first year, but survival at five years was "
        "higher with methotrexate.",
        title="Methotrexate and azathioprine in dermatomyositis: a cohort study",
    )
    found = _directions(text)
    assert found["methotrexate"] == "positive"
    assert found["azathioprine"] == "unclear"


# ---- reader: summary headings ----------------------------------------------------------------------------------
def test_bottom_line_and_observation_headings_are_sections():
    doc = read_page(
        "t.txt",
        "Rituximab for adults with dermatomyositis: a randomised, placebo-controlled trial\n\n"
        "Clinical Question\nDoes rituximab help adults with dermatomyositis compared to placebo?\n"
        "Bottom Line\nRituximab did not improve strength compared with placebo in this trial of forty adults.\n",
    )
    assert "conclusions" in [s.label for s in doc.sections]
    doc = read_page(
        "t.txt",
        "A case of dermatomyositis\n\nAbstract\n\nIntroduction: Dermatomyositis is rare.\n"
        "Observation: One woman improved on rituximab.\nConclusions: Rituximab helped her.\n",
    )
    assert "results" in [s.label for s in doc.sections]


# ---- adverse events --------------------------------------------------------------------------------------------
def _events(text: str) -> dict[str, list[str]]:
    v = vocab.default()
    out: dict[str, list[str]] = {}
    for f in _extract(text).segments[0].findings:
        for e in f.adverse_events:
            out.setdefault(v.terms[f.agent].label, []).append(e.label)
    return out


def test_a_negation_of_the_response_does_not_reach_an_event_it_includes():
    text = _abstract(
        "Results: Nine patients responded to rituximab and two had no response, including one patient with "
        "severe headaches."
    )
    assert _events(text) == {"rituximab": ["headaches"]}


def test_an_event_named_without_adverse_is_the_same_event():
    text = _abstract(
        "Results: Rituximab improved strength; an infusion-related event occurred in one patient."
    )
    assert _events(text) == {"rituximab": ["infusion-related event"]}


def test_an_organ_disease_named_after_an_agent_is_its_adverse_event():
    text = _abstract(
        "Results: Rituximab improved strength in most patients. One patient developed rituximab-induced "
        "neutropenia and another methotrexate-induced interstitial lung disease.",
    )
    found = _events(text)
    assert found == {"rituximab": ["neutropenia"], "methotrexate": ["interstitial lung disease"]}


def test_a_summary_pages_points_are_read_after_its_bottom_line():
    doc = read_page(
        "t.txt",
        "Rituximab for adults with dermatomyositis: a randomised, placebo-controlled trial\n\n"
        "Clinical Question\nDoes rituximab help adults with dermatomyositis compared to placebo?\n"
        "Bottom Line\nRituximab did not improve strength compared with placebo in this trial of forty adults.\n"
        "Major Points\n  • Primary endpoint not met: strength change -3.1 (rituximab) vs -2.9 (placebo)\n"
        "  • Elevated transaminases: 7% rituximab vs 1% placebo\nDesign\nStudy Type: randomised trial\n",
    )
    conclusions = [doc.text[s.start : s.end] for s in doc.sections if s.label == "conclusions"]
    assert "Elevated transaminases" in " ".join(conclusions)


# ---- readers: robustness ---------------------------------------------------------------------------------------
_OWN_XML = """<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>99000001</PMID><Article>
<Journal><Title>Journal of Imaginary Myology</Title></Journal>
<ArticleTitle>Tacrolimus in polymyositis: a case series.</ArticleTitle>
<Abstract><AbstractText>Five adults with polymyositis improved on tacrolimus.</AbstractText></Abstract>
</Article></MedlineCitation></PubmedArticle></PubmedArticleSet>
"""


def test_pubmed_xml_after_a_comment_is_read_as_xml(tmp_path):
    from myokg.read import read_path
    from myokg.read.model import Document

    p = tmp_path / "commented.txt"
    p.write_text("<!-- exported by hand -->\n" + _OWN_XML, encoding="utf-8")
    (doc,) = list(read_path(p))
    assert isinstance(doc, Document) and doc.format == "pubmed-xml" and doc.bib.pmid == "99000001"


def test_a_ris_doi_wrapped_onto_the_next_line_has_no_whitespace(tmp_path):
    from myokg.read import read_path

    p = tmp_path / "wrapped.ris"
    p.write_text(
        "TY  - JOUR\nTI  - Tacrolimus in polymyositis\nDO  - 10.1000/imaginary.\n  2024.001\n"
        "AB  - Five adults with polymyositis improved on tacrolimus.\nER  - \n",
        encoding="utf-8",
    )
    (doc,) = list(read_path(p))
    assert doc.bib.doi == "10.1000/imaginary.2024.001"


# ---- roles -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence",
    [
        "Results: Disease that resisted methotrexate improved on rituximab in dermatomyositis.",
        "Results: Two adults who had not tolerated methotrexate improved on rituximab.",
    ],
)
def test_resisted_or_not_tolerated_therapy_is_prior(sentence):
    v = vocab.default()
    roles = {v.terms[f.agent].label: f.role for f in _extract(_abstract(sentence)).segments[0].findings}
    assert roles["methotrexate"] == "priorTherapy"
    assert roles["rituximab"] == "studied"


def _roles(*sections: str, title: str = "Rituximab in dermatomyositis: a cohort study") -> dict[str, str]:
    v = vocab.default()
    return {
        v.terms[f.agent].label: f.role
        for f in _extract(_abstract(*sections, title=title)).segments[0].findings
    }


def test_switched_from_one_agent_to_another():
    roles = _roles(
        "Results: Eight adults with dermatomyositis switched from methotrexate to rituximab and improved."
    )
    assert roles == {"methotrexate": "priorTherapy", "rituximab": "studied"}


def test_the_standard_an_agent_is_an_alternative_to_is_not_studied():
    roles = _roles("Conclusions: Rituximab is a useful alternative to methotrexate in dermatomyositis.")
    assert roles["rituximab"] == "studied" and roles.get("methotrexate") != "studied"


def test_drugs_listed_as_the_cause_of_the_disease_are_causes():
    roles = _roles(
        "Results: Among 40 cases of drug-induced dermatomyositis, the most common associated medications were "
        "hydroxyurea (20 [50.0%]), penicillamine (8 [20.0%]) and methotrexate (2 [5.0%]).",
        title="Drug-induced dermatomyositis: a systematic review",
    )
    assert set(roles.values()) == {"suspectedCause"}


# ---- agents: precision ------------------------------------------------------------------------------------------
def test_a_molecule_named_only_among_measurements_is_not_an_agent():
    text = _abstract(
        "Methods: Serum levels of interleukin 6 and interferon gamma were measured before and after rituximab.",
        "Results: Rituximab improved strength in dermatomyositis.",
    )
    v = vocab.default()
    labels = {v.terms[f.agent].label for f in _extract(text).segments[0].findings}
    assert labels == {"rituximab"}


# ---- design ----------------------------------------------------------------------------------------------------
def _design(text: str) -> str | None:
    d = _extract(text).segments[0].study.design
    return vocab.default().terms[d].key if d else None


def test_trials_in_general_and_future_trials_are_not_the_studys_design():
    text = _abstract(
        "Dermatomyositis is uncommon and has been little studied. Even in randomized trials, outcome measures "
        "differ. Only large randomized controlled trials will define the best therapy.",
        title="Treatment of dermatomyositis",
    )
    assert _design(text) == "review"


def test_a_topic_title_with_a_counted_study_is_not_a_review():
    text = _abstract(
        "We treated 14 adults with dermatomyositis with rituximab; 9 improved.",
        title="Treatment of dermatomyositis with rituximab",
    )
    assert _design(text) != "review"


def test_a_lexicon_products_route_is_not_part_of_the_agents_name():
    text = _abstract("Results: Avonex did not improve strength in inclusion body myositis.")
    v = vocab.default()
    labels = {v.terms[f.agent].label for f in _extract(text).segments[0].findings}
    assert "interferon beta-1a" in labels


def test_a_drug_that_names_a_device_is_not_an_agent():
    text = _abstract(
        "Results: Rituximab improved strength in dermatomyositis; two patients also needed polymyxin B hemoperfusion."
    )
    v = vocab.default()
    labels = {v.terms[f.agent].label for f in _extract(text).segments[0].findings}
    assert "polymyxin b" not in labels and "rituximab" in labels
