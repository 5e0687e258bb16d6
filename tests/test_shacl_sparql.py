"""Shapes compiled to SPARQL on pyoxigraph give exactly pySHACL's results: on the seeds and on a graph with
injected violations of every shape and every kind of constraint."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from myokg import paths, shacl_sparql, store, validate
from myokg.namespaces import ONTOLOGY_IRI
from test_jena_shacl import _broken

pytestmark = pytest.mark.shared  # the seed build


RDFS_SUBCLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")


def _canonical(term):
    """A term as a store holds it (pyoxigraph keeps typed literals in canonical form)."""
    if not isinstance(term, ox.Literal):
        return str(term)
    st = ox.Store()
    st.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), term))
    return str(next(iter(st)).object)


def _results(quads, engine):
    return {_key(i) for i in validate.shacl(quads, engine=engine)}


def _in_two_graphs(quads):
    """Every triple stated again in another graph, as documents citing one work each state its triples."""
    return [*quads, *(ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode("urn:again")) for q in quads)]


def _key(i):
    return (i.severity, i.focus, i.path, i.message, i.source, i.component, _canonical(i.value))


@pytest.mark.parametrize("kind", ["seeds", "injected", "injected, in two graphs"])
def test_same_results_as_pyshacl(seed_quads, kind):
    quads = seed_quads if kind == "seeds" else _broken(seed_quads)
    if kind.endswith("two graphs"):
        quads = _in_two_graphs(quads)
    compiled = _results(quads, "sparql")
    assert compiled == _results(quads, "pyshacl")
    if kind != "seeds":  # every node shape and a dozen kinds of constraint are exercised
        node_shapes = {r[4].split("-")[0] for r in compiled}
        assert len(node_shapes) == paths.SHAPES_DIR.joinpath("myokg-shapes.ttl").read_text().count(
            "a sh:NodeShape"
        )
        assert len({r[5] for r in compiled}) >= 12


def test_every_shipped_shape_compiles():
    checks = shacl_sparql.compile_shapes(sorted(paths.SHAPES_DIR.glob("*.ttl")))
    assert len({c.shape for c in checks}) >= 40


def test_unsupported_shapes_fall_back_to_pyshacl(tmp_path, seed_quads):
    (tmp_path / "s.ttl").write_text(
        """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix myo: <https://w3id.org/myokg/ontology#> .
<urn:S> a sh:NodeShape ; sh:targetObjectsOf myo:study ; sh:property <urn:P> .
<urn:P> sh:path myo:evidenceQuote ; sh:maxLength 3 .
"""
    )
    with pytest.raises(shacl_sparql.Unsupported):
        shacl_sparql.compile_shapes([tmp_path / "s.ttl"])
    assert validate.shacl(seed_quads, tmp_path)  # auto: pySHACL runs them


@pytest.mark.parametrize("kind", ["seeds", "injected"])
def test_subjects_of_a_predicate_give_pyshacl_results(tmp_path, seed_quads, kind):
    """sh:targetSubjectsOf compiles: mentions targeted as subjects of myo:offsets and myo:denotes, without an
    rdf:type, and a shape with both kinds of target."""
    shapes = paths.SHAPES_DIR.joinpath("myokg-shapes.ttl").read_text()
    assert "sh:targetSubjectsOf myo:offsets , myo:denotes ;" in shapes  # the Mention shape as shipped
    shapes = shapes.replace(
        "sh:targetClass myo:Outcome ;", "sh:targetClass myo:Outcome ; sh:targetSubjectsOf myo:unit ;"
    )
    (tmp_path / "s.ttl").write_text(shapes)
    untyped = list(seed_quads)
    assert any(q.predicate == ox.NamedNode(MYO + "denotes") for q in untyped)  # the seeds have mentions
    assert not any(q.object == ox.NamedNode(MYO + "Mention") for q in untyped)  # and no rdf:type says so
    quads = untyped if kind == "seeds" else _broken(untyped)
    quads = [*quads, ox.Quad(ox.NamedNode("urn:unit-only"), ox.NamedNode(MYO + "unit"), ox.Literal("mg"))]
    compiled = {_key(i) for i in validate.shacl(quads, tmp_path, engine="sparql")}
    assert compiled == {_key(i) for i in validate.shacl(quads, tmp_path, engine="pyshacl")}
    assert any(r[1] == "urn:unit-only" for r in compiled)  # a subject of myo:unit is an outcome to check
    if kind == "injected":
        assert any(r[4].startswith(MYO.replace("ontology#", "shapes#Mention")) for r in compiled)


def test_counting_sparql_constraints_are_not_compiled(tmp_path):
    """The compiled checks read a union of graphs, where a triple stated twice would be counted twice."""
    (tmp_path / "s.ttl").write_text(
        """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix myo: <https://w3id.org/myokg/ontology#> .
<urn:S> a sh:NodeShape ; sh:targetClass myo:Study ; sh:sparql <urn:C> .
<urn:C> sh:message "too many" ; sh:select \"\"\"SELECT $this WHERE { $this myo:x ?v } GROUP BY $this
HAVING (count(?v) > 1)\"\"\" .
"""
    )
    with pytest.raises(shacl_sparql.Unsupported, match="aggregates"):
        shacl_sparql.compile_shapes([tmp_path / "s.ttl"])


def _build(directory, quads, ontology):
    """A build directory as `myokg build` leaves it: an on-disk store, one graph per document and the ontology."""
    directory.mkdir()
    st = ox.Store(str(store.store_dir(directory)))
    st.bulk_extend(quads)
    st.bulk_extend(ontology)
    st.flush()
    return directory


def test_a_build_directory_gives_pyshacl_results(tmp_path, seed_quads):
    """`myokg validate BUILD` runs the compiled checks on the build's store itself (no copy)."""
    quads = _in_two_graphs(_broken(seed_quads))
    build = _build(tmp_path / "build", quads, store.ontology_quads())
    compiled = validate._compiled(paths.SHAPES_DIR)
    assert validate._ontology_is_hierarchy_only(store.open_graph(build).store, compiled)
    report = validate.validate_build(build)
    assert {_key(i) for i in report.issues} == _results(quads, "pyshacl")
    assert report.issues == validate.validate(quads).issues


def test_a_build_store_in_memory_is_validated_in_place(seed_quads):
    """What a build holds before it writes its store: the documents' graphs and the ontology graph."""
    quads = _broken(seed_quads)
    st = ox.Store()
    st.bulk_extend([*quads, *store.ontology_quads()])
    assert validate.validate_store(st).issues == validate.validate(quads).issues


def _onto(triple):
    return ox.Quad(*triple, ox.NamedNode(ONTOLOGY_IRI))


MYO = "https://w3id.org/myokg/ontology#"


@pytest.mark.parametrize(
    "extra",
    [  # a triple of an ontology term that a check reads; a class the hierarchy of today does not have
        (ox.NamedNode(MYO + "Study"), ox.NamedNode(MYO + "evidenceQuote"), ox.Literal("")),
        (ox.NamedNode(MYO + "Finding"), RDFS_SUBCLASS, ox.NamedNode(MYO + "Study")),
    ],
    ids=["path", "hierarchy"],
)
def test_a_build_whose_ontology_graph_matters_is_copied(tmp_path, seed_quads, extra):
    build = _build(tmp_path / "build", seed_quads, [*store.ontology_quads(), _onto(extra)])
    compiled = validate._compiled(paths.SHAPES_DIR)
    assert not validate._ontology_is_hierarchy_only(store.open_graph(build).store, compiled)
    assert validate.validate_build(build).issues == validate.validate(seed_quads).issues


def test_a_sparql_constraint_reading_any_predicate_is_known():
    assert shacl_sparql._variable_predicate(
        "SELECT $this WHERE { $this <urn:p> ?v FILTER NOT EXISTS { ?v ?p ?o } }"
    )
    assert shacl_sparql._variable_predicate("SELECT $this WHERE { $this !<urn:p> ?v }")
    assert not shacl_sparql._variable_predicate("SELECT $this WHERE { $this <urn:p>+ ?v }")
    checks = shacl_sparql.compile_shapes(sorted(paths.SHAPES_DIR.glob("*.ttl")))
    assert MYO + "evidenceQuote" in (shacl_sparql.named_iris(checks) or set())


def test_a_path_to_a_constant_is_walked_once():
    """?v rdfs:subClassOf+ <C> ending a triple pattern becomes the closure's VALUES; not where the path's
    subject goes on (;) or where it is walked in one graph (GRAPH)."""
    path = "?value <http://www.w3.org/2000/01/rdf-schema#subClassOf>+ <urn:C>"
    rewrite = shacl_sparql._PATH_TO_CONSTANT.sub
    assert rewrite("", f"{{ {path} }}") == "{  }"
    assert rewrite("", f"{{ ?this <urn:p> ?value . {path} . }}") == "{ ?this <urn:p> ?value .  . }"
    assert rewrite("", f"{{ {path} ; <urn:q> ?x }}") == f"{{ {path} ; <urn:q> ?x }}"
    assert rewrite("", f"{{ {path} , <urn:D> }}") == f"{{ {path} , <urn:D> }}"
    checks = shacl_sparql.compile_shapes(sorted(paths.SHAPES_DIR.glob("*.ttl")))
    assert any(
        "#CLOSURE(?value " in c.query for c in checks if c.component.endswith("SPARQLConstraintComponent")
    )


def test_a_blank_node_in_a_closure_gives_pyshacl_results(seed_quads):
    """A blank node cannot be written in VALUES: the path is walked instead, with the same results."""
    blank, intervention = ox.BlankNode("drug"), ox.NamedNode(MYO + "Intervention")
    agent = next(q for q in seed_quads if q.predicate.value == MYO + "agent")
    quads = [q for q in seed_quads if q != agent] + [
        ox.Quad(agent.subject, agent.predicate, blank, agent.graph_name),
        ox.Quad(blank, RDFS_SUBCLASS, intervention, agent.graph_name),
        ox.Quad(blank, RDFS_SUBCLASS, ox.BlankNode("other"), agent.graph_name),
    ]
    compiled = _results(quads, "sparql")
    assert compiled == _results(quads, "pyshacl")
    assert any(r[1] == agent.subject.value and r[5].endswith("NodeKindConstraintComponent") for r in compiled)


def test_missing_build_names_the_validate_stage(tmp_path):
    from myokg.errors import GraphError

    with pytest.raises(GraphError, match=r"^validate: .*nosuch: no such graph"):
        validate.validate_build(tmp_path / "nosuch")
