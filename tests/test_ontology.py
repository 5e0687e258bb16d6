"""The ontology: OWL 2 DL hygiene, labels and definitions, the closed namespace, and HermiT."""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest

from myokg import paths, reason
from myokg.namespaces import MYO

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OWL = "http://www.w3.org/2002/07/owl#"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DEFINITION = "http://purl.obolibrary.org/obo/IAO_0000115"
KINDS = {
    OWL + k for k in ("Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty", "NamedIndividual")
}
OWN = ("https://w3id.org/myokg/ontology#", "https://w3id.org/myokg/term/")


@pytest.fixture(scope="module")
def triples():
    return list(ox.parse(path=str(paths.ONTOLOGY), format=ox.RdfFormat.TURTLE))


def _declared(triples):
    out: dict[str, set[str]] = {}
    for t in triples:
        if t.predicate.value == RDF_TYPE and t.object.value in KINDS and isinstance(t.subject, ox.NamedNode):
            out.setdefault(t.subject.value, set()).add(t.object.value)
    return out


def test_every_own_entity_has_label_and_definition(triples):
    declared = [e for e in _declared(triples) if e.startswith(OWN)]
    labelled = {t.subject.value for t in triples if t.predicate.value == LABEL}
    defined = {t.subject.value for t in triples if t.predicate.value == DEFINITION}
    assert len(declared) > 150
    assert [e for e in declared if e not in labelled] == []
    assert [e for e in declared if e not in defined] == []


def test_owl2_dl_hygiene(triples):
    declared = _declared(triples)
    punned = {e: k for e, k in declared.items() if len(k - {OWL + "NamedIndividual"}) > 1}
    assert punned == {}, "no IRI may be declared as two kinds of property or as class and property"
    used_predicates = {t.predicate.value for t in triples if t.predicate.value.startswith(OWN)}
    assert used_predicates <= set(declared), "every property used in the ontology must be declared"
    assert not any(t.predicate.value == OWL + "imports" for t in triples)


def test_closed_namespace_matches_ontology(triples):
    in_ontology = {e.split("#", 1)[1] for e in _declared(triples) if e.startswith(OWN[0])}
    in_code = set(MYO.__annotations__)
    assert in_ontology == in_code
    with pytest.raises(AttributeError):
        MYO.Findng  # noqa: B018 - a typo must raise


def test_remote_import_is_refused(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        paths.ONTOLOGY.read_text()
        + "\n<https://w3id.org/myokg/ontology> <http://www.w3.org/2002/07/owl#imports> <http://example.org/x.owl> .\n"
    )
    with pytest.raises(reason.ReasonerUnavailable, match="owl:imports"):
        reason.check_ontology(bad)


@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java (.ci/run installs it)")
def test_hermit_finds_the_ontology_consistent(tmp_path):
    reason.write_exports(tmp_path)
    result = reason.classify(tmp_path / "myokg.owl")
    assert result.consistent and result.unsatisfiable == []


def test_missing_java_is_reported(tmp_path, monkeypatch):
    reason.write_exports(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(reason.ReasonerUnavailable, match="Java"):
        reason.classify(tmp_path / "myokg.owl")


def test_python_module_annotation_is_refused(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        paths.ONTOLOGY.read_text()
        + '\n<https://w3id.org/myokg/ontology> <http://www.lesfleursdunormal.fr/static/_downloads/owlready_ontology.owl#python_module> "os" .\n'
    )
    with pytest.raises(reason.ReasonerUnavailable, match="python_module"):
        reason.check_ontology(bad)


def test_ontology_passes_the_robot_style_checks():
    from myokg import validate

    checks = sorted(p.stem for p in paths.CHECKS_DIR.glob("ontology-*.rq"))
    assert len(checks) >= 7
    assert validate.ontology_checks() == []


def test_each_ontology_check_finds_its_fault(tmp_path):
    from myokg import validate

    bad = tmp_path / "bad.ttl"
    bad.write_text(
        paths.ONTOLOGY.read_text()
        + """
myo:Twin a owl:Class ; rdfs:label "study"@en ; IAO:0000115 "A trial of one thing."@en .
myo:Echo a owl:Class ; rdfs:label "echo "@en ; IAO:0000115 "A trial of one thing."@en .
myo:Bare a owl:Class ; myo:undeclaredNote "x" .
myo:Old a owl:Class ; rdfs:label "old"@en ; IAO:0000115 "Retired."@en ; owl:deprecated true .
myo:User a owl:Class ; rdfs:label "user"@en ; IAO:0000115 "Uses a retired class."@en ; rdfs:subClassOf myo:Old .
"""
    )
    found = {
        (i.source.removeprefix("check ontology-"), i.focus.rsplit("#", 1)[-1])
        for i in validate.ontology_checks(ontology=bad)
    }
    assert {
        ("duplicate-label", "Twin"),
        ("duplicate-definition", "Echo"),
        ("label-whitespace", "Echo"),
        ("missing-label", "Bare"),
        ("missing-definition", "Bare"),
        ("deprecated-reference", "User"),
        ("undeclared-property", "undeclaredNote"),
    } <= found


@pytest.mark.shared
def test_data_literals_stay_in_the_owl2_datatype_map(seed_quads):
    """OWL 2 DL (HermiT in Protégé on ontology + data) accepts only datatypes of the OWL 2 datatype map."""
    owl2 = {"integer", "decimal", "boolean", "string", "anyURI", "dateTime", "nonNegativeInteger"}
    used = {
        q.object.datatype.value.rsplit("#", 1)[-1]
        for q in seed_quads
        if isinstance(q.object, ox.Literal) and not q.object.language
    }
    assert used <= owl2, used - owl2


@pytest.mark.shared
@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java (.ci/run installs it)")
def test_hermit_accepts_ontology_and_data_together(tmp_path, seed_quads):
    """What Protégé does with the merged file: every literal must be in the OWL 2 datatype map."""
    from myokg import store

    merged = tmp_path / "merged.owl"
    quads = seed_quads + store.ontology_quads()
    store.write([ox.Quad(q.subject, q.predicate, q.object) for q in quads], merged, "owl")
    result = reason.classify(merged)
    assert result.consistent and result.unsatisfiable == []
