"""Shapes compiled to SPARQL on pyoxigraph give exactly pySHACL's results: on the seeds and on a graph with
injected violations of every shape and every kind of constraint."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from myokg import paths, shacl_sparql, store, validate
from test_jena_shacl import _broken

pytestmark = pytest.mark.shared  # the seed build


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
<urn:S> a sh:NodeShape ; sh:targetSubjectsOf myo:quote ; sh:property <urn:P> .
<urn:P> sh:path myo:quote ; sh:maxLength 3 .
"""
    )
    with pytest.raises(shacl_sparql.Unsupported):
        shacl_sparql.compile_shapes([tmp_path / "s.ttl"])
    assert validate.shacl(seed_quads, tmp_path)  # auto: pySHACL runs them


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


def test_a_build_directory_gives_pyshacl_results(tmp_path, seed_quads):
    """`myokg validate BUILD` reads the build's on-disk store: one named graph per document beside the ontology."""
    quads = _in_two_graphs(_broken(seed_quads))
    (tmp_path / "build").mkdir()
    st = ox.Store(str(store.store_dir(tmp_path / "build")))
    st.bulk_extend(quads)
    st.bulk_extend(store.ontology_quads())
    st.flush()
    del st
    report = validate.validate_build(tmp_path / "build")
    assert {_key(i) for i in report.issues} == _results(quads, "pyshacl")
    assert report.issues == validate.validate(quads).issues


def test_missing_build_names_the_validate_stage(tmp_path):
    from myokg.errors import GraphError

    with pytest.raises(GraphError, match=r"^validate: .*nosuch: no such graph"):
        validate.validate_build(tmp_path / "nosuch")
