"""Each SHACL node shape: the seed graph conforms; one targeted break per shape is reported."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from myokg import paths, validate

MYO = "https://w3id.org/myokg/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"


def _drop(pred):
    def mutate(quads):
        victim = next(q for q in quads if q.predicate.value == MYO + pred)
        return [q for q in quads if q != victim]

    return mutate


def _set(pred, literal, kind=""):
    def mutate(quads):
        victim = next(q for q in quads if q.predicate.value == MYO + pred and f"/{kind}" in q.subject.value)
        return [q for q in quads if q != victim] + [
            ox.Quad(victim.subject, victim.predicate, literal, victim.graph_name)
        ]

    return mutate


BREAKS = [
    pytest.param(_drop("describes"), "describe exactly one publication", id="Document"),
    pytest.param(_drop("softwareVersion"), "extractor and its version", id="ExtractionActivity"),
    pytest.param(
        _set("year", ox.Literal("2003362971", datatype=ox.NamedNode(XSD + "integer"))),
        "between 1800 and 2099",
        id="Publication",
    ),
    pytest.param(_drop("rawText"), "raw text", id="Reference"),
    pytest.param(
        _set("enrolled", ox.Literal("0", datatype=ox.NamedNode(XSD + "integer")), "study/"),
        "positive integer",
        id="Study",
    ),
    pytest.param(_set("role", ox.NamedNode(MYO + "positive")), "agent's role", id="Finding"),
    pytest.param(_drop("unit"), "unit", id="Outcome"),
    pytest.param(_drop("suspectedAgent"), "suspected of it", id="AdverseEvent"),
    pytest.param(
        _set("start", ox.Literal("999999", datatype=ox.NamedNode(XSD + "integer"))),
        "starts at one offset before its end",
        id="TextSpan",
    ),
    pytest.param(_drop("denotes"), "grounded to exactly one term", id="Mention"),
]


def test_one_break_per_node_shape():
    shapes = paths.SHAPES_DIR.joinpath("myokg-shapes.ttl").read_text()
    assert shapes.count("a sh:NodeShape") == len(BREAKS)


def test_seed_graph_conforms(seed_quads):
    report = validate.validate(seed_quads)
    assert report.conforms, report.text()


@pytest.mark.parametrize("mutate,message", BREAKS)
def test_break_is_reported(seed_quads, mutate, message):
    report = validate.validate(mutate(seed_quads))
    assert not report.conforms
    assert any(message in i.message for i in report.violations), report.text()
