"""KGX export: the evidence as Biolink nodes and edges TSV (how Monarch and the Translator exchange graphs).

Edges are the extracted statements: an agent ``biolink:treats_or_applied_or_studied_to_treat`` a condition
(Biolink reserves ``treats`` for approved treatment) and an agent ``biolink:has_adverse_event`` an event,
each with its publications, the supporting text, ``knowledge_level`` and ``agent_type`` (text mining).
Nodes are named by a cross-reference CURIE where the vocabulary has one (MONDO, CHEBI, ...), else by a
``myokg.term:`` / ``myokg.data.pub:`` ... CURIE; the myokg term is kept in ``xref``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from myokg import store
from myokg.namespaces import BASE, iri_to_curie
from myokg.vocab import Vocabulary

#: CURIE prefixes of the ids this export mints (give them to KGX tools as a custom prefix map).
PREFIX_MAP = {
    "myokg.term": BASE + "term/",
    "myokg.data.pub": BASE + "data/pub/",
    "myokg.data.study": BASE + "data/study/",
    "myokg.data.finding": BASE + "data/finding/",
    "myokg.data.ae": BASE + "data/ae/",
}
#: Provenance of every edge (infores identifier of this resource).
KNOWLEDGE_SOURCE = "infores:myokg"
TREATS = "biolink:treats_or_applied_or_studied_to_treat"
ADVERSE = "biolink:has_adverse_event"
#: Cross-reference prefixes preferred as node ids, by kind of term (Biolink's preferred prefixes first).
PREFERRED = {
    "disease": ("MONDO", "DOID", "ORPHANET", "MESH", "UMLS"),
    "drug": ("CHEBI", "DRUGBANK", "MESH", "UMLS"),
    "procedure": ("NCIT", "MESH", "UMLS"),
    "design": ("OBI", "NCIT", "STATO"),
}
CATEGORY = {
    "disease": "biolink:Disease",
    "drug": "biolink:Drug",
    "procedure": "biolink:Procedure",
    "design": "biolink:StudyDesign",
}
NODE_COLUMNS = ["id", "category", "name", "xref", "provided_by"]
EDGE_COLUMNS = [
    "id",
    "subject",
    "predicate",
    "object",
    "publications",
    "supporting_text",
    "knowledge_level",
    "agent_type",
    "primary_knowledge_source",
]

_FINDINGS = """PREFIX myo: <https://w3id.org/myokg/ontology#>
SELECT ?edge ?agent ?target ?kind ?pub ?pmid ?doi ?quote WHERE {
  {
    ?edge a myo:Finding ; myo:agent ?agent ; myo:condition ?target ; myo:role ?role ; myo:study ?study .
    FILTER(?role != myo:suspectedCause)
    ?study myo:reportedIn ?pub .
    OPTIONAL { ?edge myo:evidenceQuote ?quote }
    BIND("treats" AS ?kind)
  } UNION {
    ?f myo:adverseEvent ?edge ; myo:study ?study .
    ?edge myo:suspectedAgent ?agent ; myo:eventType ?target .
    ?study myo:reportedIn ?pub .
    OPTIONAL { ?edge myo:evidenceQuote ?quote }
    BIND("adverse" AS ?kind)
  }
  OPTIONAL { ?pub myo:pmid ?pmid }
  OPTIONAL { ?pub myo:doi ?doi }
}"""
_OTHER_NODES = """PREFIX myo: <https://w3id.org/myokg/ontology#>
SELECT ?node ?category ?name ?pmid ?doi WHERE {
  {
    ?node a myo:Publication . BIND("biolink:Publication" AS ?category)
    OPTIONAL { ?node myo:title ?name } OPTIONAL { ?node myo:pmid ?pmid } OPTIONAL { ?node myo:doi ?doi }
  }
  UNION
  { ?node a myo:Study . BIND("biolink:Study" AS ?category) }
}"""


def _clean(text: str) -> str:
    """One TSV cell: no tabs or line breaks."""
    return " ".join(text.split())


def curie(iri: str) -> str:
    """A myokg IRI as a CURIE whose local part has no '/' (KGX's rule): .../term/x -> myokg.term:x."""
    if not iri.startswith(BASE):
        return iri
    *folders, local = iri[len(BASE) :].split("/")
    return ".".join(["myokg", *folders]) + ":" + local


@dataclass
class _Edge:
    subject: str
    predicate: str
    object: str
    publications: set[str] = field(default_factory=set)
    texts: set[str] = field(default_factory=set)


def _publication_id(pub: str, pmid: str | None, doi: str | None) -> str:
    if pmid:
        return f"PMID:{pmid}"
    if doi:
        return f"doi:{doi}"
    return curie(pub)


def tables(quads: Iterable[ox.Quad], vocab: Vocabulary) -> tuple[list[list[str]], list[list[str]]]:
    """Node rows and edge rows (without headers), sorted."""
    st = store.new_store(quads, with_ontology=False)

    def term_id(iri: str) -> str:
        term = vocab.terms.get(iri)
        if term is None:
            return curie(iri)
        exact = [c for c in (iri_to_curie(i) for i in term.exact) if c]
        for prefix in PREFERRED.get(term.kind, ()):
            found = [c for c in exact if c.startswith(prefix + ":")]
            if found:
                return found[0]
        return curie(iri)

    nodes: dict[str, list[str]] = {}
    edges: dict[str, _Edge] = {}
    cols, rows = store.query(st, _FINDINGS)
    for row in rows:
        v = {c: (x.value if x is not None else None) for c, x in zip(cols, row, strict=True)}
        assert v["edge"] and v["agent"] and v["target"] and v["pub"]
        for iri in (v["agent"], v["target"]):
            term = vocab.terms.get(iri)
            nid = term_id(iri)
            if nid not in nodes:
                kind = term.kind if term else ""
                nodes[nid] = [
                    nid,
                    CATEGORY.get(kind, "biolink:NamedThing"),
                    _clean(term.label) if term else "",
                    curie(iri) if nid != curie(iri) else "",
                    KNOWLEDGE_SOURCE,
                ]
        predicate = TREATS if v["kind"] == "treats" else ADVERSE
        edge = edges.setdefault(v["edge"], _Edge(term_id(v["agent"]), predicate, term_id(v["target"])))
        edge.publications.add(_publication_id(v["pub"], v["pmid"], v["doi"]))
        if v["quote"]:
            edge.texts.add(_clean(v["quote"]))
    cols, rows = store.query(st, _OTHER_NODES)
    for node, category, name, pmid, doi in rows:
        assert node is not None and category is not None
        # node ids are CURIEs without '/' in the local part (KGX): a DOI goes to xref
        nid = f"PMID:{pmid.value}" if pmid is not None else curie(node.value)
        xref = f"doi:{doi.value}" if doi is not None else ""
        if nid not in nodes:
            label = _clean(name.value) if name is not None else ""
            nodes[nid] = [nid, category.value, label, xref, KNOWLEDGE_SOURCE]
    edge_rows = [
        [
            curie(iri),
            e.subject,
            e.predicate,
            e.object,
            "|".join(sorted(e.publications)),
            "|".join(sorted(e.texts)),
            "knowledge_assertion",
            "text_mining_agent",
            KNOWLEDGE_SOURCE,
        ]
        for iri, e in sorted(edges.items())
    ]
    return sorted(nodes.values()), edge_rows


def _tsv(columns: list[str], rows: list[list[str]]) -> bytes:
    return ("\n".join("\t".join(r) for r in [columns, *rows]) + "\n").encode()


def paths_for(output: Path) -> tuple[Path, Path]:
    """KGX file names: DIR/myokg_nodes.tsv and DIR/myokg_edges.tsv, or PREFIX_nodes.tsv and PREFIX_edges.tsv."""
    if output.is_dir():
        output = output / "myokg"
    return output.with_name(output.name + "_nodes.tsv"), output.with_name(output.name + "_edges.tsv")


def write(quads: Iterable[ox.Quad], vocab: Vocabulary, output: Path) -> tuple[Path, Path]:
    """Write the nodes and edges files atomically; return their paths."""
    nodes, edges = tables(quads, vocab)
    node_file, edge_file = paths_for(output)
    with store.atomic_write(node_file) as fh:
        fh.write(_tsv(NODE_COLUMNS, nodes))
    with store.atomic_write(edge_file) as fh:
        fh.write(_tsv(EDGE_COLUMNS, edges))
    for f in (node_file, edge_file):
        f.chmod(0o644)  # exchange files: readable by a loader running as another user
    return node_file, edge_file
