"""Agents in context, abbreviations a text defines, subtypes named by antibody, honest output (issue 19), on texts
written for these tests."""

from __future__ import annotations

import subprocess
import sys

import pytest

from myokg import vocab
from myokg.extract import Extractor
from myokg.extract.abbreviations import definitions
from myokg.extract.model import Extraction
from myokg.namespaces import TERM
from myokg.read.page import read_page


def _extract(body: str, title: str = "Rituximab in dermatomyositis: a study of its effect") -> Extraction:
    return Extractor(vocab.default()).extract(read_page("t.txt", f"{title}\n\nAbstract\n\n{body}\n"))


def _roles(body: str, title: str = "Rituximab in dermatomyositis: a study of its effect") -> dict[str, str]:
    v = vocab.default()
    return {v.terms[f.agent].label: f.role for f in _extract(body, title).segments[0].findings}


def _conditions(body: str, title: str) -> set[str]:
    v = vocab.default()
    return {v.terms[c].label for c in _extract(body, title).segments[0].conditions}


# ---- abbreviations --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "short", "long"),
    [
        ("Patients took a calcineurin inhibitor (CNI) daily.", "CNI", "calcineurin inhibitor"),
        ("Two calcineurin inhibitors (CNIs) were compared.", "CNI", "calcineurin inhibitors"),
        (
            "We gave intravenous immunoglobulin therapy (IVIG) monthly.",
            "IVIG",
            "intravenous immunoglobulin therapy",
        ),
        ("Cases of anti-synthetase syndrome (ASS) were seen.", "ASS", "anti-synthetase syndrome"),
    ],
)
def test_schwartz_hearst_pairs(text: str, short: str, long: str) -> None:
    found = {d.short: text[d.start : d.end] for d in definitions(text)}
    assert found.get(short) == long


def test_no_pair_where_the_letters_are_not_in_the_words_before() -> None:
    assert definitions("The dose was raised (XQZ) at week four.") == []


def test_abbreviations_defined_in_the_background_name_agents_in_the_results() -> None:
    roles = _roles(
        "Background: Calcineurin inhibitors (CNIs), tofacitinib (TOF) and cyclophosphamide (CYC) are options. "
        "Methods: Forty patients were followed. Results: The CNI group and the TOF group improved; the CYC group "
        "did not.",
        title="Three regimens in dermatomyositis",
    )
    assert {"calcineurin inhibitor", "tofacitinib", "cyclophosphamide"} <= {
        k for k, r in roles.items() if r == "studied"
    }


def test_a_rating_instrument_is_not_the_disease_its_short_form_stands_for() -> None:
    ex = _extract(
        "The Childhood Myositis Assessment Scale (CMAS) rose in 9 patients. CMAS was measured monthly."
    )
    assert not [m for m in ex.mentions if m.text == "CMAS"]


# ---- agents in context ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "agent", "role"),
    [
        # measured, not given as the studied treatment
        ("Results: Under rituximab the daily prednisolone dose fell by half.", "prednisolone", "concomitant"),
        ("Results: Glucocorticoid use was lower after rituximab.", "glucocorticoid", "concomitant"),
        (
            "Results: After rituximab, glucocorticoids could be tapered in 8 patients.",
            "glucocorticoid",
            "concomitant",
        ),
        ("Results: Rituximab allowed tapering of prednisone in most patients.", "prednisone", "concomitant"),
        # a list shares the role of its first member
        (
            "Methods: All had stable doses of methotrexate and prednisone; rituximab was added.",
            "prednisone",
            "concomitant",
        ),
        # prior therapy, in the wordings of a refractory population
        (
            "Methods: They stayed active even though they took methotrexate; rituximab was started.",
            "methotrexate",
            "priorTherapy",
        ),
        (
            "Methods: Cases that do not show improvement after azathioprine received rituximab.",
            "azathioprine",
            "priorTherapy",
        ),
        ("Methods: Ten adults with prior azathioprine received rituximab.", "azathioprine", "priorTherapy"),
        # a prior cue reaches every member of its list, but not past a clause it ends with no agent named
        (
            "Methods: It persisted despite methotrexate, tacrolimus, and azathioprine.",
            "azathioprine",
            "priorTherapy",
        ),
        (
            "Results: She worsened despite this regimen, and plasma exchange was added.",
            "plasma exchange",
            "studied",
        ),
        (
            "Methods: Patients with prior use of methotrexate were excluded; rituximab was given.",
            "methotrexate",
            "priorTherapy",
        ),
    ],
)
def test_roles_in_context(body: str, agent: str, role: str) -> None:
    assert _roles(body).get(agent) == role


@pytest.mark.parametrize(
    "body",
    [
        "Results: The no-corticosteroid group was followed for two years after rituximab.",
        "Methods: We did not include studies of corticosteroids; rituximab trials were pooled.",
        "Methods: Three adults who declined glucocorticoids received rituximab.",
    ],
)
def test_an_agent_not_used_is_no_finding(body: str) -> None:
    """ConText's negation and exclusion triggers, scoped to the words right before the agent."""
    assert "glucocorticoid" not in _roles(body)


def test_a_measure_named_after_an_intervention_word_is_not_the_intervention() -> None:
    assert "exercise" not in _roles(
        "Results: After rituximab, exercise tolerance improved in 7 of 9 patients."
    )


def test_a_class_that_defines_the_agent_is_not_studied() -> None:
    roles = _roles(
        "Methods: Hydroxychloroquine, an antimalarial agent, was given to 12 patients. Results: Skin improved.",
        title="Hydroxychloroquine for the skin in dermatomyositis",
    )
    assert roles.get("hydroxychloroquine") == "studied"
    assert "antimalarial" not in roles


def test_a_class_alone_in_the_title_stays_beside_its_members() -> None:
    roles = _roles(
        "We reviewed 30 published cases treated with tofacitinib or baricitinib. Most improved.",
        title="JAK inhibitors in refractory dermatomyositis: a literature review",
    )
    assert {"JAK inhibitor", "tofacitinib", "baricitinib"} <= set(roles)


def test_general_statements_before_the_study_are_background() -> None:
    roles = _roles(
        "Dermatomyositis is a rare disease. It generally responds to methotrexate or azathioprine. "
        "We treated 11 patients with intravenous immunoglobulin and all improved.",
        title="Immunoglobulin for dermatomyositis",
    )
    assert roles.get("intravenous immunoglobulin") == "studied"
    assert "methotrexate" not in roles and "azathioprine" not in roles


def test_a_pages_mesh_heading_without_a_star_is_not_the_subject() -> None:
    text = (
        "Hydroxychloroquine for the skin in dermatomyositis\n\nAbstract\n\nWe gave hydroxychloroquine to ten "
        "patients and their rash improved.\n\nMeSH terms\n\n  • Azathioprine / therapeutic use\n"
        "  • Dermatomyositis / drug therapy*\n  • Hydroxychloroquine / therapeutic use*\n"
    )
    v = vocab.default()
    ex = Extractor(v).extract(read_page("t.txt", text))
    roles = {v.terms[f.agent].label: f.role for f in ex.segments[0].findings}
    assert roles.get("hydroxychloroquine") == "studied"
    assert roles.get("azathioprine") == "concomitant"


# ---- subtypes and new interventions ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("title", "condition"),
    [
        (
            "Myopathy with anti-HMGCR antibodies treated with rituximab",
            "immune-mediated necrotizing myopathy",
        ),
        ("Rituximab in anti-SRP positive myositis", "immune-mediated necrotizing myopathy"),
        ("Rituximab in statin-associated autoimmune myopathy", "immune-mediated necrotizing myopathy"),
        ("Rituximab for Jo-1 antibody-associated myositis", "antisynthetase syndrome"),
        ("Rituximab in paraneoplastic myositis", "cancer-associated myositis"),
        ("Tacrolimus in antisynthetase-associated interstitial lung disease", "antisynthetase syndrome"),
        (
            "Interstitial lung disease with antibodies against aminoacyl-tRNA synthetases",
            "antisynthetase syndrome",
        ),
    ],
)
def test_subtypes_by_name_and_antibody(title: str, condition: str) -> None:
    assert condition in _conditions("We treated 6 patients with rituximab and all improved.", title)


def test_a_disease_said_to_be_absent_is_no_condition() -> None:
    conditions = _conditions(
        "We treated 6 patients with rituximab and all improved.",
        "Rituximab in interstitial lung disease in the absence of clinically apparent myositis",
    )
    assert conditions == {"interstitial lung disease"}


def test_an_antibody_named_with_lung_disease_alone_names_no_myositis() -> None:
    conditions = _conditions(
        "We treated 6 patients with rituximab and all improved.",
        "Rituximab in anti-MDA5 interstitial lung disease",
    )
    assert "dermatomyositis" not in conditions and "interstitial lung disease" in conditions


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("home-based exercise", "exercise"),
        ("endurance training", "exercise"),
        ("CAR-T cells", "car_t_cell_therapy"),
        ("PDE4 inhibitor", "pde4_inhibitor"),
        ("antimalarials", "antimalarial"),
    ],
)
def test_interventions_named_by_form_or_class(name: str, key: str) -> None:
    term = vocab.default().resolve(name)
    assert term is not None and term.key == key


# ---- honest output and the one-way house ----------------------------------------------------------------------
def test_a_myositis_page_with_no_finding_says_so() -> None:
    ex = _extract(
        "A man of fifty presented with weakness; biopsy showed necrosis.",
        title="Necrotizing myopathy: a case",
    )
    assert ex.warnings and "no finding" in ex.warnings[0]
    assert _extract("We treated 6 patients with rituximab and all improved.").warnings == []


def test_the_vocabulary_imports_no_extraction() -> None:
    code = "import sys, myokg.vocab; print(any(m.startswith('myokg.extract') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_a_lexicon_drug_defines_its_abbreviation_too() -> None:
    roles = _roles(
        "Methods: Nine adults received anifrolumab (ANF). Results: On ANF, strength improved in 8 of 9.",
        title="A new agent in dermatomyositis",
    )
    ex = _extract(
        "Methods: Nine adults received anifrolumab (ANF). Results: On ANF, strength improved in 8 of 9."
    )
    assert [m.how for m in ex.mentions if m.text == "ANF"] == ["defined abbreviation", "defined abbreviation"]
    assert roles.get("anifrolumab") == "studied"


def test_names_in_a_reviews_search_method_are_search_terms() -> None:
    roles = _roles(
        "Methods: MEDLINE and Embase were searched for physiotherapy and methotrexate trials. "
        "Results: Twelve trials of rituximab were pooled and most showed benefit.",
        title="Rituximab in dermatomyositis: a systematic review",
    )
    assert "physical therapy" not in roles and "methotrexate" not in roles
    assert roles.get("rituximab") == "studied"


@pytest.mark.parametrize(
    "body",
    [
        "Results: Rituximab was given at the usual IVIg monthly dose schedule; strength improved.",
        "Results: After rituximab, two patients could discontinue the immunosuppressant.",
    ],
)
def test_a_co_medication_stopped_or_dosed_is_not_studied(body: str) -> None:
    roles = _roles(body)
    assert roles.get("rituximab") == "studied"
    assert not {k for k, r in roles.items() if r == "studied"} - {"rituximab"}


def test_a_class_listed_with_its_members_is_their_umbrella() -> None:
    roles = _roles(
        "Objective: To assess calcineurin inhibitors (tacrolimus or ciclosporin) in 20 patients. Results: Both "
        "improved lung function.",
        title="Calcineurin inhibitors in antisynthetase syndrome",
    )
    assert {"tacrolimus", "ciclosporin"} <= set(roles) and "calcineurin inhibitor" not in roles


@pytest.mark.parametrize(
    ("abbreviation", "key"),
    [("PSL", "prednisolone"), ("TAC", "tacrolimus"), ("GCs", "glucocorticoid"), ("IVCY", "cyclophosphamide")],
)
def test_abbreviations_the_field_uses_without_defining(abbreviation: str, key: str) -> None:
    ex = _extract(f"Methods: Twelve patients with dermatomyositis were given {abbreviation} and improved.")
    assert [m.term.rsplit("/", 1)[-1] for m in ex.mentions if m.text == abbreviation] == [key]


def test_proteinuria_is_an_adverse_event() -> None:
    ex = _extract("Results: Strength improved on rituximab. Two patients had transient proteinuria.")
    assert "proteinuria" in [e.label for f in ex.segments[0].findings for e in f.adverse_events]


def test_a_manifestation_worse_under_treatment_is_a_harm() -> None:
    ex = _extract("Results: Strength improved on rituximab, but three patients developed worsening rash.")
    assert "rash" in [e.label for f in ex.segments[0].findings for e in f.adverse_events]
    ex = _extract("Results: Strength and rash improved on rituximab.")
    assert not [e for f in ex.segments[0].findings for e in f.adverse_events]


def test_a_historical_cue_reaches_only_the_next_words() -> None:
    roles = _roles(
        "Methods: Unlike previous reports, we gave rituximab to 14 adults. Results: Most improved.",
        title="A treatment study in dermatomyositis",
    )
    assert roles.get("rituximab") == "studied"


def test_a_primary_study_of_a_class_names_the_members_it_gave() -> None:
    roles = _roles(
        "Methods: We reviewed 9 patients given etanercept or infliximab. Results: Seven improved.",
        title="TNF inhibitors in refractory dermatomyositis: a retrospective study",
    )
    assert {"etanercept", "infliximab"} <= set(roles) and "TNF inhibitor" not in roles


def test_a_citation_naming_its_database_is_no_search_method() -> None:
    text = (
        "Myositis treatments: a review\n\nReferences\n\n1. Doe J, Roe R: Immunosuppressant treatment for "
        "dermatomyositis. Cochrane Database Syst Rev 2005, CD000001.\n"
    )
    v = vocab.default()
    ex = Extractor(v).extract(read_page("t.txt", text))
    agents = {v.terms[f.agent].label for s in ex.segments if s.reference for f in s.findings}
    assert "immunosuppressant" in agents


def test_conditioning_and_event_treatments_are_not_the_studied_therapy() -> None:
    roles = _roles(
        "A woman with dermatomyositis received CD19 CAR T cells after lymphodepletion with fludarabine. "
        "Cytokine release syndrome (grade 1) resolved with tocilizumab. Her strength recovered.",
        title="CAR T-cell therapy in dermatomyositis: a case report",
    )
    assert roles.get("CAR T-cell therapy") == "studied"
    assert roles.get("fludarabine") == "concomitant" and roles.get("tocilizumab") == "concomitant"


def test_the_build_report_names_a_myositis_page_with_no_finding(tmp_path) -> None:
    from myokg.build import build

    page = tmp_path / "case.txt"
    page.write_text(
        "Necrotizing myopathy: a case\n\nAbstract\n\nA man of fifty had weakness; biopsy showed necrosis.\n"
    )
    report = build([page], tmp_path / "out", validate=False)
    text = (tmp_path / "out" / "build-report.txt").read_text()
    assert report.exit_code == 0 and "warning: case.txt: the title names 'Necrotizing myopathy'" in text


def test_a_lexicon_drug_joins_its_class_by_its_inn_stem() -> None:
    from myokg.extract import lexicon

    v = vocab.default()
    term = lexicon.lookup(v, "rosuvastatin")
    assert term is not None and v.is_a(term.iri, v.terms[str(TERM.statin)].iri)
    roles = _roles(
        "A man on rosuvastatin for years developed weakness; he improved on rituximab.",
        title="Rituximab in necrotizing myopathy: a case report",
    )
    assert roles.get("rosuvastatin") == "suspectedCause"


@pytest.mark.parametrize(
    "body",
    [
        "Results: Rituximab helped most patients; the infection rate was assessed in a subset.",
        "Results: On rituximab strength improved and the infection rate dropped in the second year.",
    ],
)
def test_an_event_rate_assessed_or_falling_is_no_harm(body: str) -> None:
    assert not [e for f in _extract(body).segments[0].findings for e in f.adverse_events]


def test_the_class_in_a_definition_is_no_condition() -> None:
    conditions = _conditions(
        "Dermatomyositis is a collagen vascular disease of skin and muscle. We treated 6 patients with rituximab.",
        "Rituximab in dermatomyositis",
    )
    assert conditions == {"dermatomyositis"}


def test_a_registry_study_is_no_literature_search() -> None:
    roles = _roles(
        "Methods: From a nationwide claims database we identified 300 adults given rituximab. Results: Most improved.",
        title="A treatment study in dermatomyositis",
    )
    assert roles.get("rituximab") == "studied"


def test_a_titles_use_of_an_agent_is_the_study() -> None:
    roles = _roles(
        "We followed 20 adults for a year; most improved.",
        title="Rituximab use in refractory dermatomyositis",
    )
    assert roles.get("rituximab") == "studied"
