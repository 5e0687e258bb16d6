"""The record-by-record export writers equal what Oxigraph writes for the same quads."""

from __future__ import annotations

import pyoxigraph as ox

from myokg import exportstream

G = ox.NamedNode("https://w3id.org/myokg/data/doc/0")
S = ox.NamedNode("https://w3id.org/myokg/data/pub/pmid-1")
P = ox.NamedNode("https://w3id.org/myokg/ontology#quote")
AWKWARD = [
    "ends with a full stop .\nthen a new line",
    'a quote " . and a tab\t.',
    "unicode ≥ 5 mg/kg — dermatomyositis",
    " .",
]


def test_nquads_of_triples_equal_oxigraphs_serialisation():
    triples = [ox.Triple(S, P, ox.Literal(text)) for text in AWKWARD]
    expected = ox.serialize(
        [ox.Quad(t.subject, t.predicate, t.object, G) for t in triples], format=ox.RdfFormat.N_QUADS
    )
    assert exportstream.nquads(triples, G) == expected
    assert [
        q.object.value for q in ox.parse(exportstream.nquads(triples, G), format=ox.RdfFormat.N_QUADS)
    ] == AWKWARD


def test_records_append_under_one_prefix_header(tmp_path):
    ontology = [
        ox.Quad(P, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("quote"), P)
    ]
    files = exportstream.ExportStream(tmp_path, ontology)
    records = [
        (G, [ox.Triple(S, P, ox.Literal(AWKWARD[0]))]),
        (ox.NamedNode("https://w3id.org/myokg/data/doc/1"), [ox.Triple(S, P, ox.Literal(AWKWARD[1]))]),
    ]
    for graph, triples in records:
        files.add([graph.value], exportstream.nquads(triples, graph), exportstream.turtle_body(triples))
    files.close()
    turtle = (tmp_path / "myokg.ttl").read_bytes()
    assert turtle.count(b"@prefix myo:") == 1 and b"myo:quote" in turtle
    assert [q.triple for q in ox.parse(turtle, format=ox.RdfFormat.TURTLE)] == [
        t for _, ts in records for t in ts
    ]
    quads = list(ox.parse(path=str(tmp_path / "myokg.nq"), format=ox.RdfFormat.N_QUADS))
    assert quads == ontology + [ox.Quad(t.subject, t.predicate, t.object, g) for g, ts in records for t in ts]
