"""Extraction: the seed abstract's facts exactly, and general cases written for the project."""

from __future__ import annotations

from decimal import Decimal

from myokg import vocab
from myokg.extract import Extractor
from myokg.read.page import read_page


def _label(iri):
    return vocab.default().terms[iri].label if iri else None


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


def test_gold_f1_per_field(extractions):
    from pathlib import Path

    from myokg.evaluate import FIELDS, score

    scores = score(Path(__file__).parent / "gold" / "seeds.json", extractions, vocab.default())
    assert [s.field for s in scores] == list(FIELDS)
    low = {s.field: round(s.f1, 3) for s in scores if s.f1 < 0.95}
    assert low == {}


def test_gold_offsets_point_at_what_they_claim():
    import json
    from pathlib import Path

    from conftest import SHARED

    gold = json.loads((Path(__file__).parent / "gold" / "seeds.json").read_text())
    matcher = Extractor(vocab.default()).matcher
    for doc in gold["documents"]:
        text = (SHARED / "seeds" / doc["file"]).read_text(encoding="utf-8")
        grounded = {(m.start, m.end): _label(m.term) for m in matcher.find(text)}
        for f in doc["findings"]:
            assert grounded.get(tuple(f["agent_span"])) == f["agent"], (doc["file"], f)
        for r in doc["references"]:
            assert str(r["year"]) in text[r["start"] : r["end"]]
