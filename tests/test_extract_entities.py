"""Conditions, open-world agents and adverse events, on short sentences written for these tests."""

from __future__ import annotations

from myokg import graph, store, vocab
from myokg.extract import Extractor, lexicon
from myokg.extract.records import finding_records
from myokg.namespaces import TERM
from myokg.read.page import read_page

V = vocab.default()
X = Extractor(V)


def _extract(body: str, title: str = "A made-up report for the tests"):
    return X.extract(read_page("t.txt", f"{title}\n\nAbstract\n\n{body}\n"))


def _conditions(body: str, title: str = "A made-up report for the tests") -> set[str]:
    return {V.terms[c].label for c in _extract(body, title).segments[0].conditions}


def _findings(body: str, title: str = "A made-up report for the tests"):
    return _extract(body, title).segments[0].findings


# ---- conditions ----------------------------------------------------------------------------------
def test_target_organ_disease_is_a_condition_with_the_subtype():
    found = _conditions(
        "We gave tacrolimus to nine adults with polymyositis and interstitial lung disease; most improved."
    )
    assert found == {"polymyositis", "interstitial lung disease"}


def test_organ_disease_as_an_outcome_is_not_a_condition():
    found = _conditions(
        "Eleven children with juvenile dermatomyositis received monthly cyclophosphamide. "
        "Muscle strength recovered. Unfortunately, calcinosis was unchanged."
    )
    assert found == {"juvenile dermatomyositis"}


def test_rating_scale_definition_and_excluded_population_add_no_condition():
    found = _conditions(
        "Twenty adults with dermatomyositis, an idiopathic inflammatory myopathy, took part; patients with "
        "inclusion body myositis were excluded. The Childhood Myositis Assessment Scale was recorded."
    )
    assert found == {"dermatomyositis"}


def test_age_is_population_and_juvenile_form_replaces_its_parent():
    assert _conditions("Fourteen patients with adult dermatomyositis were treated with rituximab.") == {
        "dermatomyositis"
    }
    assert _conditions(
        "Children with juvenile dermatomyositis (DM) were treated with abatacept. DM activity fell."
    ) == {"juvenile dermatomyositis"}


def test_broad_category_beside_myositis_is_dropped():
    found = _conditions(
        "Abatacept is used in several autoimmune diseases. We treated eight adults with polymyositis with it."
    )
    assert found == {"polymyositis"}


def test_umbrella_kept_when_it_names_the_population():
    body = "Rituximab was given to 30 adults: 12 with dermatomyositis and 18 with polymyositis."
    assert _conditions(body, "Rituximab in idiopathic inflammatory myopathies") == {
        "idiopathic inflammatory myopathy",
        "dermatomyositis",
        "polymyositis",
    }
    body = "Idiopathic inflammatory myopathies are rare. Rituximab helped 12 adults with dermatomyositis and 18 with polymyositis."
    assert _conditions(body) == {"dermatomyositis", "polymyositis"}


def test_disease_word_as_modifier_is_not_a_condition():
    body = (
        "Myositis-specific antibodies were tested in 50 children with juvenile dermatomyositis seen at the "
        "Myositis clinic; the myositis disease activity assessment tool was scored."
    )
    assert _conditions(body) == {"juvenile dermatomyositis"}


def test_disease_named_in_contrast_is_not_the_population():
    body = "Unlike polymyositis, inclusion body myositis did not respond to prednisone in these 12 adults."
    assert _conditions(body) == {"inclusion body myositis"}


def test_study_without_treatment_keeps_its_conditions_in_records():
    ex = _extract("We describe the antibodies of 40 adults with antisynthetase syndrome seen at one clinic.")
    rows = finding_records(ex, V)
    assert [(r["agent"], r["condition"]) for r in rows] == [(None, "antisynthetase syndrome")]


# ---- open-world agents ---------------------------------------------------------------------------
def test_agent_outside_the_vocabulary_is_grounded_with_the_lexicon():
    fs = _findings(
        "Seven adults with refractory dermatomyositis received apremilast and their rash improved."
    )
    (f,) = fs
    term = V.terms[f.agent]
    assert term.label == "apremilast" and f.role == "studied"
    assert term.source and term.source.startswith("drug-named-entity-recognition")
    assert any(x.startswith("https://go.drugbank.com/drugs/DB") for x in term.exact)
    assert term.iri == str(TERM) + "lex-apremilast"  # deterministic, mintable key


def test_curated_terms_keep_priority_over_the_lexicon():
    # a brand name that only the lexicon knows grounds to the curated term of the same DrugBank drug
    (f,) = _findings("A woman with dermatomyositis improved on Arava within three months.")
    assert f.agent == str(TERM.leflunomide)


def test_lookup_falls_back_to_the_lexicon_once_plugged_in():
    assert vocab.load().explain("nintedanib") is None  # the vocabulary alone knows no lexicon
    term, why = lexicon.attach(V).explain("nintedanib")
    assert term.iri == str(TERM) + "lex-nintedanib" and "drug lexicon" in why
    assert V.explain("no such agent at all") is None


def test_lexicon_names_used_as_modifiers_or_analytes_are_not_agents():
    ex = _extract(
        "Serum insulin levels and the diffusing capacity of the lung for carbon monoxide were measured in "
        "twelve adults with polymyositis treated with methotrexate."
    )
    agents = {V.terms[m.term].label for m in ex.mentions if V.terms[m.term].kind == "drug"}
    assert agents == {"methotrexate"}


def test_lexicon_synonym_that_is_a_person_name_is_not_an_agent():
    # the lexicon lists 'eisen' (German for iron); here it is an author and a researcher
    ex = _extract(
        "As Eisen A, Berg B and Michael Eisen's group showed, 20 adults with polymyositis improved."
    )
    assert not [m for m in ex.mentions if m.how == "drug lexicon"]


def test_classes_and_non_drug_interventions_are_agents():
    fs = _findings(
        "In inclusion body myositis, physical therapy and immunoadsorption were tried; JAK inhibitors were "
        "effective in two patients with dermatomyositis."
    )
    labels = {V.terms[f.agent].label for f in fs}
    assert {"physical therapy", "immunoadsorption", "JAK inhibitor"} <= labels


def test_causal_classes_are_never_studied():
    fs = _findings("Statins were stopped in six adults with necrotizing myopathy, who then received IVIG.")
    roles = {V.terms[f.agent].label: f.role for f in fs}
    assert roles["statin"] == "suspectedCause"
    assert roles["intravenous immunoglobulin"] == "studied"


def test_lexicon_term_is_declared_in_the_graph_under_an_intervention():
    ex = _extract("Eight adults with dermatomyositis were treated with apremilast; all improved.")
    st = store.new_store(graph.build([ex]), summarised=True)
    _, rows = store.query(
        st,
        "SELECT ?label ?src WHERE { ?f <https://w3id.org/myokg/ontology#agent> ?a . "
        "?a <http://www.w3.org/2000/01/rdf-schema#subClassOf> <https://w3id.org/myokg/ontology#Drug> ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?label ; <http://purl.org/dc/terms/source> ?src }",
    )
    assert [(str(r[0].value), str(r[1].value).split()[0]) for r in rows if r[0] and r[1]] == [
        ("apremilast", "drug-named-entity-recognition")
    ]


# ---- adverse events ------------------------------------------------------------------------------
def _events(body: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in _findings(body):
        for a in f.adverse_events:
            out.setdefault(a.label, set()).add(V.terms[f.agent].label)
    return out


def test_named_events_link_to_the_agent_they_followed():
    found = _events(
        "Ten adults with dermatomyositis received rituximab. Two developed herpes zoster and one had an "
        "infusion-related reaction; neutropenia followed in one patient."
    )
    assert found == {
        "herpes zoster": {"rituximab"},
        "infusion-related reaction": {"rituximab"},
        "neutropenia": {"rituximab"},
    }


def test_negated_events_make_no_node():
    found = _events(
        "Twelve adults with polymyositis received tacrolimus and improved. No infections were observed, and "
        "hyperglycaemia was not reported."
    )
    assert found == {}


def test_risk_and_treatment_of_an_event_are_not_events_of_that_agent():
    found = _events(
        "Nine adults with dermatomyositis were treated with tofacitinib and improved. Prophylaxis against "
        "Pneumocystis pneumonia was given. One developed cytomegalovirus infection, which resolved with "
        "ganciclovir."
    )
    assert found == {"cytomegalovirus infection": {"tofacitinib"}}


def test_event_records_name_the_term_where_the_words_differ():
    ex = _extract(
        "Fifteen adults with dermatomyositis received immunoglobulin infusions (IVIG); three had headaches."
    )
    rows = finding_records(ex, V)
    assert {r["adverse_event"] for r in rows} == {"headaches (headache)"}


def test_lexicon_index_round_trips_through_its_cache_file(tmp_path):
    from myokg.extract.lexicon import DrugLexicon, LexiconEntry

    lex = DrugLexicon({("made", "upinib"): LexiconEntry("Madeupinib", "DB99999", None)})
    lex.save(tmp_path / "index.json")
    again = DrugLexicon.load(tmp_path / "index.json")
    assert again.entries == lex.entries
    text = "Made upinib was given."
    toks = [("Made", 0, 4), ("upinib", 5, 11), ("was", 12, 15), ("given", 16, 21)]
    assert [(s, e, x.name) for s, e, x in again.find(text, toks, [t[0].lower() for t in toks], set())] == [
        (0, 11, "Madeupinib")
    ]


def test_scope_of_exclusion_and_negation_is_bounded():
    found = _events(
        "After excluding infection by a long series of laboratory and imaging tests over several weeks, "
        "dermatomyositis was diagnosed and treated with rituximab. There were no deaths during the first year "
        "of follow-up in this cohort of patients, and two patients later developed pneumonia."
    )
    assert found == {"pneumonia": {"rituximab"}}
    assert _conditions(
        "After excluding inclusion body myositis by biopsy and by a careful review of the history, "
        "polymyositis was treated with methotrexate."
    ) == {"polymyositis"}
