"""Extraction: the facts of the project's own pages and of the seeds exactly, and general cases."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import FIXTURES, OWN_ABSTRACT, OWN_REVIEW, SHARED
from myokg import vocab
from myokg.evaluate import FIELDS, score
from myokg.extract import Extractor
from myokg.read.page import read_page


def _label(iri):
    return vocab.default().terms[iri].label if iri else None


def _extract_file(path):
    from myokg.read import read_path

    (d,) = read_path(path)
    return Extractor(vocab.default()).extract(d)


def test_own_abstract_facts():
    own = _extract_file(OWN_ABSTRACT).segments[0]
    assert own.reference is None
    st = own.study
    assert (_label(st.design), st.n, st.period) == (
        "retrospective cohort study / chart review",
        10,
        (2009, 2016),
    )
    got = {(o.measure, o.group, _label(o.agent)): (o.value, o.sd, o.denominator) for o in st.outcomes}
    assert got[("responderCount", "all", None)] == (7, None, 10)
    assert got[("nonResponderCount", "all", None)][0] == 3
    assert got[("patientsTreated", "alone", "abatacept")][0] == 8
    assert got[("patientsTreated", "alone", "rituximab")][0] == 1
    assert got[("patientsTreated", "both agents", None)][0] == 1
    assert got[("ckChange", "responders", None)][:2] == (Decimal("-61.2"), Decimal("18.4"))
    assert got[("ckChange", "non-responders", None)][:2] == (Decimal("-48.9"), Decimal("15.0"))
    assert got[("baselineCK", "responders", None)][:2] == (Decimal("3120.0"), Decimal("2250.5"))
    assert got[("baselineCK", "non-responders", None)][:2] == (Decimal("140.2"), Decimal("30.6"))
    assert got[("priorAgentCount", "all", None)][:2] == (Decimal("3.6"), Decimal("1.2"))
    assert got[("diseaseDuration", "all", None)][:2] == (Decimal("6.2"), Decimal("3.1"))
    assert got[("timeToResponse", "responders", None)][:2] == (Decimal("9.5"), Decimal("3.0"))
    roles = {(_label(f.agent), f.role, f.direction) for f in own.findings}
    assert ("abatacept", "studied", "positive") in roles
    for prior in (
        "glucocorticoid",
        "intravenous immunoglobulin",
        "methotrexate",
        "azathioprine",
        "tacrolimus",
    ):
        assert (prior, "priorTherapy", "negative") in roles
    events = {e.label for f in own.findings if _label(f.agent) == "abatacept" for e in f.adverse_events}
    assert events == {"herpes zoster"}


def test_own_review_annotations_and_damage():
    refs = {s.reference.number: s for s in _extract_file(OWN_REVIEW).segments if s.reference}
    assert {_label(f.agent) for f in refs[9].findings} == {"fludarabine"}  # '.udarabine' repaired
    (f7,) = refs[7].findings
    (event,) = f7.adverse_events
    assert (_label(f7.agent), f7.role) == ("infliximab", "suspectedCause")
    assert event.fatal and "pneumonia" in event.label
    assert {f.direction for f in refs[8].findings} == {"negative"}  # 'lack of effect'
    assert (refs[4].study.n, _label(refs[4].study.design)) == (40, "open-label trial")
    assert {f.direction for f in refs[4].findings} == {"positive"}  # the annotation after the citation
    assert {_label(f.condition) for f in refs[5].findings} == {"juvenile dermatomyositis"}
    assert _label(refs[3].study.design) == "systematic review"


@pytest.mark.shared
def test_seed_abstract_facts(extractions):
    own = extractions[0].segments[0]
    assert own.reference is None
    st = own.study
    assert (
        _label(st.design) == "retrospective cohort study / chart review"
        and st.n == 8
        and st.period == (1998, 2004)
    )
    got = {(o.measure, o.group, _label(o.agent)): (o.value, o.sd, o.denominator) for o in st.outcomes}
    assert got[("responderCount", "all", None)] == (6, None, 8)
    assert got[("nonResponderCount", "all", None)][0] == 2
    assert got[("patientsTreated", "alone", "etanercept")][0] == 6
    assert got[("patientsTreated", "alone", "infliximab")][0] == 1
    assert got[("patientsTreated", "both agents", None)][0] == 1
    assert got[("ckChange", "responders", None)][:2] == (Decimal("-54.4"), Decimal("27.7"))
    assert got[("ckChange", "non-responders", None)][:2] == (Decimal("-56.1"), Decimal("20.4"))
    assert got[("baselineCK", "responders", None)][:2] == (Decimal("4463.5"), Decimal("4036.4"))
    assert got[("baselineCK", "non-responders", None)][:2] == (Decimal("118.5"), Decimal("19.1"))
    assert got[("priorAgentCount", "all", None)][:2] == (Decimal("4.5"), Decimal("1.4"))
    assert got[("diseaseDuration", "all", None)][:2] == (Decimal("8.5"), Decimal("4.4"))
    roles = {(_label(f.agent), f.role, f.direction) for f in own.findings}
    assert ("etanercept", "studied", "positive") in roles and ("infliximab", "studied", "positive") in roles
    for prior in (
        "methotrexate",
        "azathioprine",
        "mycophenolate mofetil",
        "leflunomide",
        "intravenous immunoglobulin",
    ):
        assert (prior, "priorTherapy", "negative") in roles


@pytest.mark.shared
def test_review_annotations_and_damage(extractions):
    refs = {s.reference.number: s for s in extractions[1].segments if s.reference}
    f49 = refs[49].findings
    assert {_label(f.agent) for f in f49} == {"fludarabine"}  # '.udarabine' repaired
    f47 = refs[47].findings[0]
    (event,) = f47.adverse_events
    assert f47.role == "suspectedCause" and event.fatal and "pneumonia" in event.label
    assert {f.direction for f in refs[33].findings} == {"negative"}  # 'lack of effect'
    assert refs[23].study.n == 35 and _label(refs[23].study.design) == "open-label trial"


def _extract(text):
    return Extractor(vocab.default()).extract(read_page("case.txt", text))


def test_hedged_and_negated_statements_are_not_positive():
    ex = _extract(
        "Tacrolimus for dermatomyositis rash\n\nAbstract\n\nResults: Tacrolimus was not effective in "
        "twelve patients with dermatomyositis. Abatacept might be useful.\n"
    )
    d = {_label(f.agent): f.direction for f in ex.segments[0].findings}
    assert d["tacrolimus"] == "negative" and d["abatacept"] != "positive"
    assert ex.segments[0].study.n == 12


def test_ambiguous_abbreviation_needs_context():
    m = Extractor(vocab.default()).matcher
    assert not [x for x in m.find("Patients with DM and PM were seen at 3 PM.") if x.text == "DM"]
    found = m.find("Dermatomyositis (DM) and polymyositis: DM patients were seen at 3 PM.")
    assert [x.text for x in found if x.how.endswith("abbreviation")] == ["DM", "DM"]


GOLD = Path(__file__).parent / "gold" / "seeds.json"
OWN_GOLD = FIXTURES / "gold.json"


def _low_fields(gold, extractions):
    scores = score(gold, extractions, vocab.default())
    assert [s.field for s in scores] == list(FIELDS)
    return {s.field: round(s.f1, 3) for s in scores if s.f1 < 0.95}


def _offsets_point_at_what_they_claim(gold, folder):
    matcher = Extractor(vocab.default()).matcher
    for doc in json.loads(gold.read_text())["documents"]:
        text = (folder / doc["file"]).read_text(encoding="utf-8")
        grounded = {(m.start, m.end): _label(m.term) for m in matcher.find(text)}
        for f in doc["findings"]:
            assert grounded.get(tuple(f["agent_span"])) == f["agent"], (doc["file"], f)
        for r in doc["references"]:
            assert str(r["year"]) in text[r["start"] : r["end"]]


def test_own_gold_f1_per_field(own_extractions):
    assert _low_fields(OWN_GOLD, own_extractions) == {}


def test_own_gold_offsets_point_at_what_they_claim():
    _offsets_point_at_what_they_claim(OWN_GOLD, FIXTURES)


@pytest.mark.shared
def test_gold_f1_per_field(extractions):
    assert _low_fields(GOLD, extractions) == {}


@pytest.mark.shared
def test_gold_offsets_point_at_what_they_claim():
    _offsets_point_at_what_they_claim(GOLD, SHARED / "seeds")


def test_extract_command_prints_one_record_per_finding():
    from click.testing import CliRunner

    from myokg.cli import main

    r = CliRunner().invoke(main, ["extract", str(OWN_ABSTRACT), "--format", "jsonl"])
    records = [json.loads(line) for line in r.output.splitlines()]
    assert r.exit_code == 0
    assert {"document", "reference", "agent", "condition", "role", "design", "n", "direction", "span"} <= set(
        records[0]
    )
    assert any(x["agent"] == "abatacept" and x["n"] == 10 and x["direction"] == "positive" for x in records)
