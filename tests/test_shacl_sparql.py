"""Shapes compiled to SPARQL on pyoxigraph give exactly pySHACL's results: on the seeds and on a graph with
injected violations of every shape and every kind of constraint."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from myokg import paths, shacl_sparql, validate
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
    return {
        (i.severity, i.focus, i.path, i.message, i.source, i.component, _canonical(i.value))
        for i in validate.shacl(quads, engine=engine)
    }


@pytest.mark.parametrize("kind", ["seeds", "injected"])
def test_same_results_as_pyshacl(seed_quads, kind):
    quads = seed_quads if kind == "seeds" else _broken(seed_quads)
    compiled = _results(quads, "sparql")
    assert compiled == _results(quads, "pyshacl")
    if kind == "injected":  # every node shape and a dozen kinds of constraint are exercised
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
