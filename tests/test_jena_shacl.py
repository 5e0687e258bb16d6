"""Any SHACL engine reproduces myokg's validation: Apache Jena and pySHACL agree on the same graphs."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from jena import classpath, shacl_validate
from myokg import paths, store, validate
from test_shapes import BREAKS, MYO, XSD

pytestmark = pytest.mark.shared  # the seed build

SH = "http://www.w3.org/ns/shacl#"


@pytest.fixture(scope="module")
def jena(tmp_path_factory):
    cp = classpath(tmp_path_factory.mktemp("jena"))
    if cp is None:
        pytest.skip("Apache Jena is not installed (apt-get install -y libapache-jena-java)")
    return cp


def _outsider(quads):
    """A finding whose agent is a disease term: only the SHACL-SPARQL constraint can see it."""
    f = next(q for q in quads if q.predicate.value == MYO + "agent")
    disease = next(q.object for q in quads if q.predicate.value == MYO + "condition")
    return [q for q in quads if q != f] + [ox.Quad(f.subject, f.predicate, disease, f.graph_name)]


def _replace(pred, obj, kind=""):
    """Give the first triple of ``pred`` (on a subject whose IRI has /kind) another object."""

    def mutate(quads):
        victim = next(q for q in quads if q.predicate.value == MYO + pred and f"/{kind}" in q.subject.value)
        return [q for q in quads if q != victim] + [
            ox.Quad(victim.subject, victim.predicate, obj, victim.graph_name)
        ]

    return mutate


def _second(pred, obj):
    """Give the first subject with ``pred`` a second, different value (a sh:maxCount 1 break)."""

    def mutate(quads):
        victim = next(q for q in quads if q.predicate.value == MYO + pred)
        return [*quads, ox.Quad(victim.subject, victim.predicate, obj, victim.graph_name)]

    return mutate


def _integer(text):
    return ox.Literal(text, datatype=ox.NamedNode(XSD + "integer"))


MORE = [
    _outsider,  # sh:sparql
    # sh:datatype, an ill-typed literal (on a study: pySHACL, unlike the spec and Jena, reports no
    # sh:lessThanOrEquals result when the compared value is ill-typed, so the two must not meet)
    _replace("enrolled", _integer("abc"), "study/"),
    _replace("contentHash", ox.Literal("not-a-hash")),  # sh:pattern
    _replace("sourceFormat", ox.Literal("pdf")),  # sh:in
    _replace("describes", ox.NamedNode(MYO + "positive")),  # sh:class
    _replace("denotes", ox.Literal("a literal")),  # sh:nodeKind
    _replace("responders", _integer("100000")),  # sh:lessThanOrEquals
    _replace("evidenceQuote", ox.Literal(""), "ref/"),  # sh:minLength
    _replace("evidenceOffsets", ox.Literal("90-12"), "finding/"),  # sh:sparql on one value
    _replace("offsets", ox.Literal("20-12 45-53")),  # sh:sparql on a mention's first pair
    _replace("offsets", ox.Literal("12-20,45-53")),  # sh:pattern
    _replace("sd", ox.Literal("-1.0", datatype=ox.NamedNode(XSD + "decimal"))),  # sh:minInclusive
    _second("evidenceQuote", ox.Literal("a second quote")),  # sh:maxCount
]


def _broken(quads):
    for p in BREAKS:
        quads = p.values[0](quads)
    for mutate in MORE:
        quads = mutate(quads)
    return quads


def _jena_results(cp, tmp_path, quads):
    data = tmp_path / "data.nt"
    store.write(validate.with_hierarchy(quads), data, "nt")  # the data file plus the hierarchy it needs
    shapes = tmp_path / "shapes.ttl"
    shapes.write_bytes(b"".join(p.read_bytes() for p in sorted(paths.SHAPES_DIR.glob("*.ttl"))))
    report = list(ox.parse(shacl_validate(cp, shapes, data), format=ox.RdfFormat.TURTLE))
    by_result: dict[object, dict[str, str]] = {}
    for t in report:
        by_result.setdefault(t.subject, {})[t.predicate.value.removeprefix(SH)] = t.object.value
    return {
        (r["focusNode"], r["sourceConstraintComponent"], r["sourceShape"])
        for r in by_result.values()
        if "focusNode" in r
    }


def _pyshacl_results(quads):
    return {(i.focus, i.component, i.source) for i in validate.shacl(quads, engine="pyshacl")}


@pytest.mark.parametrize("kind", ["seeds", "injected"])
def test_jena_and_pyshacl_agree(jena, tmp_path, seed_quads, kind):
    quads = seed_quads if kind == "seeds" else _broken(seed_quads)
    ours = _pyshacl_results(quads)
    theirs = _jena_results(jena, tmp_path, quads)
    assert ours == theirs
    if kind == "injected":
        components = {c.removeprefix(SH) for _, c, _ in ours}
        assert {
            "MinCountConstraintComponent",
            "MaxCountConstraintComponent",
            "SPARQLConstraintComponent",
            "LessThanOrEqualsConstraintComponent",
            "PatternConstraintComponent",
        } <= components
        assert len({s for _, _, s in ours}) >= len(BREAKS)
