"""The vocabulary in the ontology: matching rules, curation checks, identifiers equal to ../shared/vocab."""

from __future__ import annotations

import csv

import pytest

from conftest import SHARED
from myokg import paths, vocab
from myokg.extract.mentions import Matcher, display_free
from myokg.namespaces import TERM, XREF_PREFIXES

V = vocab.default()
M = Matcher(V)
CONTEXT = "Patients with dermatomyositis were seen. "


def _rows(name):
    with open(SHARED / "vocab" / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def test_no_curation_problems():
    assert vocab.problems(vocab.load(paths.ONTOLOGY)) == []


NAMES = [
    (t.key, name, how)
    for t in sorted(V.terms.values(), key=lambda t: t.key)
    for name, how in [(t.label, "label")] + t.synonyms
    if how != "blocked form"
]


@pytest.mark.parametrize("key,name,how", NAMES, ids=[f"{k}:{n}" for k, n, _ in NAMES])
def test_every_name_grounds_to_its_own_term_only(key, name, how):
    text = CONTEXT + name if how == "context abbreviation" else name
    found = [m for m in M.find(text) if m.start >= (len(CONTEXT) if how == "context abbreviation" else 0)]
    assert [(m.term, m.text) for m in found] == [(str(TERM[key]), display_free(name))]


AMBIGUOUS = {
    "DM": "dermatomyositis",
    "PM": "polymyositis",
    "MP": "methylprednisolone",
    "CYC": "cyclophosphamide",
    "CTX": "cyclophosphamide",
    "TBI": "total_body_irradiation",
    "RA": "ra",
    "IBM": "ibm",
    "CSA": "cyclosporine",
}


@pytest.mark.parametrize("abbr,key", AMBIGUOUS.items())
def test_ambiguous_abbreviation_needs_myositis_context(abbr, key):
    assert [m.term for m in M.find(f"Outcomes of {abbr} were compared in diabetes clinics.")] == []
    found = [
        m.term for m in M.find(f"In polymyositis and dermatomyositis, {abbr} was given.") if m.text == abbr
    ]
    assert found == [str(TERM[key])]


def test_definition_in_text_enables_an_abbreviation():
    found = M.find("Methylprednisolone (MP) was given for 3 days; MP was then tapered.")
    assert [m.how for m in found if m.text == "MP"] == ["defined abbreviation", "defined abbreviation"]


def test_link_noise_and_times_do_not_match():
    assert M.find("Article PubMed CAS Google Scholar") == []
    assert [m.text for m in M.find("Dermatomyositis clinic opens at 2 PM.")] == ["Dermatomyositis"]


def _expected_iris():
    """Every identifier in ../shared/vocab as the IRI this project mints for it, by term key."""

    def obo(curie: str) -> str:
        prefix, local = curie.split(":", 1)
        return XREF_PREFIXES[prefix.upper()][0] + local

    want: dict[str, set[str]] = {}
    for row in _rows("drugs.tsv"):
        s = want.setdefault(row["key"], set())
        if row["mesh_id"]:
            s.add(XREF_PREFIXES["MESH"][0] + row["mesh_id"])
        if row["chebi_id"]:
            s.add(obo(row["chebi_id"]))
        if row["drugbank_id"]:
            s.add(XREF_PREFIXES["DRUGBANK"][0] + row["drugbank_id"])
        s.update(XREF_PREFIXES["ATC"][0] + c for c in row["atc_code"].split("|") if c)
    for row in _rows("diseases.tsv"):
        s = want.setdefault(row["key"], set())
        for col in ("mondo_id", "doid_id"):
            if row[col]:
                s.add(obo(row[col]))
        if row["mesh_id"]:
            s.add(XREF_PREFIXES["MESH"][0] + row["mesh_id"])
        if row["icd10_code"]:
            s.add(XREF_PREFIXES["ICD10"][0] + row["icd10_code"])
        if row["icd10cm_code"]:
            s.add(XREF_PREFIXES["ICD10CM"][0] + row["icd10cm_code"])
        s.update(obo(c) for c in row["other_ids"].split("|") if c)
    for row in _rows("study_designs.tsv"):
        s = want.setdefault(row["key"], set())
        for col in ("obi_id", "stato_id", "ncit_id", "eco_id"):
            if row[col]:
                s.add(obo(row[col]))
        for col in ("mesh_pt_id", "mesh_descriptor_id"):
            if row[col]:
                s.add(XREF_PREFIXES["MESH"][0] + row[col])
        if row["ocre_iri"]:
            s.add(row["ocre_iri"])
    return want


@pytest.mark.shared
def test_cross_references_equal_shared_vocab_exactly():
    want = _expected_iris()
    assert len(want) == 82
    for key, iris in want.items():
        term = V.terms[str(TERM[key])]
        assert set(term.exact + term.close) == iris, key
    for term in V.terms.values():  # curated terms outside ../shared/vocab carry no identifiers
        if term.key not in want and not term.source:  # (terms made from a lexicon carry the lexicon's)
            assert term.exact + term.close == [], term.key


def test_hierarchy():
    assert V.is_a(str(TERM.jdm), str(TERM.iim))
    assert V.is_a(str(TERM.etanercept), str(TERM.biologic))


@pytest.mark.parametrize(
    "edit,problem",
    [
        pytest.param(
            lambda s: s.replace(
                'rdfs:label "tacrolimus"@en ;',
                'rdfs:label "tacrolimus"@en ;\n    oboInOwl:hasExactSynonym "MTX"@en ;',
            ),
            "'MTX' is also a label or synonym of methotrexate",
            id="duplicate-synonym",
        ),
        pytest.param(
            lambda s: s.replace("MONDO_0008054", "MONDO_8054"),
            "jdm: malformed MONDO identifier '8054'",
            id="malformed-id",
        ),
        pytest.param(
            lambda s: s.replace(
                "myt:dermatomyositis a owl:Class ;\n    rdfs:subClassOf myt:iim ;",
                "myt:dermatomyositis a owl:Class ;\n    rdfs:subClassOf myt:iim , myt:jdm ;",
            ),
            "cycle in the hierarchy",
            id="cycle",
        ),
    ],
)
def test_curator_typos_are_reported_with_the_term(tmp_path, edit, problem):
    bad = tmp_path / "myokg.ttl"
    source = paths.ONTOLOGY.read_text(encoding="utf-8")
    bad.write_text(edit(source), encoding="utf-8")
    assert edit(source) != source
    assert any(problem in p for p in vocab.problems(vocab.load(bad)))
