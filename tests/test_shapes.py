"""Each SHACL node shape: the seed graph conforms; one targeted break per shape is reported."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from myokg import paths, store, validate

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
    pytest.param(_drop("denotes"), "grounded to exactly one term", id="Mention"),
    pytest.param(
        _set("evidenceOffsets", ox.Literal("90-12"), "finding/"), "start before they end", id="Evidence"
    ),
    pytest.param(_drop("evidenceQuote"), "quotes the text it was read from, once", id="EvidenceRequired"),
]


def _add(pred, literal, kind=""):
    """Give the first subject of ``pred`` (whose IRI has /kind) a second value."""

    def mutate(quads):
        victim = next(q for q in quads if q.predicate.value == MYO + pred and f"/{kind}" in q.subject.value)
        return [*quads, ox.Quad(victim.subject, victim.predicate, literal, victim.graph_name)]

    return mutate


#: The evidence on the facts and the mentions' offsets, each way to break them.
EVIDENCE_BREAKS = [
    pytest.param(
        _set("evidenceOffsets", ox.Literal("90-12"), "finding/"), "start before they end", id="order"
    ),
    pytest.param(_set("evidenceOffsets", ox.Literal("12"), "outcome/"), "as 'start-end'", id="pattern"),
    pytest.param(_set("evidenceOffsets", ox.Literal("7-7"), "ref/"), "start before they end", id="empty"),
    pytest.param(_drop("evidenceOffsets"), "offsets", id="missing-offsets"),
    pytest.param(_add("evidenceQuote", ox.Literal("another"), "finding/"), "once", id="two-quotes"),
    pytest.param(_set("evidenceQuote", ox.Literal(""), "ref/"), "as non-empty text", id="empty-quote"),
    pytest.param(
        _set("offsets", ox.Literal("12-20  45-53")), "pairs separated by spaces", id="mention-pattern"
    ),
    pytest.param(_set("offsets", ox.Literal("20-12 45-53")), "first occurrence", id="mention-order"),
    pytest.param(_drop("offsets"), "pairs separated by spaces", id="mention-missing"),
]


@pytest.mark.shared
@pytest.mark.parametrize("mutate,message", EVIDENCE_BREAKS)
def test_evidence_break_is_reported_by_both_engines(seed_quads, mutate, message):
    quads = mutate(seed_quads)
    report = validate.validate(quads)
    assert any(message in i.message for i in report.violations), report.text()
    ours = {(i.focus, i.component, i.source) for i in validate.shacl(quads, engine="sparql")}
    assert ours == {(i.focus, i.component, i.source) for i in validate.shacl(quads, engine="pyshacl")}


def test_one_break_per_node_shape():
    shapes = paths.SHAPES_DIR.joinpath("myokg-shapes.ttl").read_text()
    assert shapes.count("a sh:NodeShape") == len(BREAKS)


@pytest.mark.shared
def test_seed_graph_conforms(seed_quads):
    report = validate.validate(seed_quads)
    assert report.conforms, report.text()


@pytest.mark.shared
@pytest.mark.parametrize("mutate,message", BREAKS)
def test_break_is_reported(seed_quads, mutate, message):
    report = validate.validate(mutate(seed_quads))
    assert not report.conforms
    assert any(message in i.message for i in report.violations), report.text()


def test_report_carries_every_shacl_field_and_names_shapes_by_iri(seed_quads):
    report = validate.validate(BREAKS[4].values[0](seed_quads))  # enrolled 0: a value is reported
    issue = next(i for i in report.violations if "positive integer" in i.message)
    assert issue.source == "https://w3id.org/myokg/shapes#StudyShape-enrolled"
    assert issue.component == "http://www.w3.org/ns/shacl#MinExclusiveConstraintComponent"
    assert issue.value == ox.Literal("0", datatype=ox.NamedNode(XSD + "integer"))
    assert "[https://w3id.org/myokg/shapes#StudyShape-enrolled]" in report.text()
    assert "_:" not in report.text()
    turtle = validate.report_turtle(report)
    for field in ("sourceConstraintComponent", "sourceShape", "focusNode", "resultPath", "value"):
        assert f"sh:{field}" in turtle


def test_ill_typed_literal_is_reported_without_a_traceback(seed_quads, capfd, caplog):
    bad = _set("enrolled", ox.Literal("abc", datatype=ox.NamedNode(XSD + "integer")), "study/")(seed_quads)
    report = validate.validate(bad)
    assert any(i.component.endswith("#DatatypeConstraintComponent") for i in report.violations)
    # sh:datatype and sh:minExclusive both report the value: one line names both
    lines = [line for line in report.text().splitlines() if '"abc"' in line]
    assert len(lines) == 1 and "sh:datatype" in lines[0] and "sh:minExclusive" in lines[0], report.text()
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err + caplog.text


# a shape that reaches itself again through the data (reference -> document -> its references)
LOOP = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix myo: <https://w3id.org/myokg/ontology#> .
@prefix ex: <http://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass myo:Reference ; sh:property ex:P .
ex:P sh:path myo:inDocument ; sh:node ex:T .
ex:T a sh:NodeShape ; sh:property ex:Q .
ex:Q sh:path [ sh:inversePath myo:inDocument ] ; sh:node ex:S .
"""


def test_recursive_shapes_give_one_line(tmp_path, seed_quads):
    from myokg.errors import MyokgError

    (tmp_path / "loop.ttl").write_text(LOOP)
    with pytest.raises(
        MyokgError, match=r"^validate: seeds: the shapes of .* cannot be evaluated: .*"
    ) as err:
        validate.shacl(seed_quads, tmp_path, graph="seeds")
    assert "\n" not in str(err.value)


def test_recursive_shapes_name_the_graph_validated(tmp_path, own_quads, monkeypatch):
    """`myokg validate FILE` with shapes that recurse: one line naming FILE (the graph), not the shapes."""
    from click.testing import CliRunner

    from myokg.cli import main

    shapes = tmp_path / "shapes"
    shapes.mkdir()
    (shapes / "loop.ttl").write_text(LOOP)
    monkeypatch.setattr(paths, "SHAPES_DIR", shapes)
    data = tmp_path / "data.nq"
    store.write(list(own_quads), data, "nq")
    r = CliRunner().invoke(main, ["validate", str(data)])
    assert r.exit_code == 2, r.output
    assert r.output.count("\n") == 1 and "Traceback" not in r.output
    assert r.output.startswith(f"Error: validate: {data}: the shapes of {shapes} cannot be evaluated: ")
