"""Graph stage: turn extractions into quads with deterministic IRIs, one named graph per document."""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox

from myokg import __version__, summary
from myokg.extract import Extraction
from myokg.extract.mentions import Mention
from myokg.namespaces import DATA, DCTERMS, MYO, OWL, RDF, RDFS, SKOS, XSD
from myokg.read.authors import surname
from myokg.read.model import Bib, Document
from myokg.textnorm import YEAR_PATTERN, clean_literal, key

_RDF_TYPE = str(RDF.type)
_LABEL = str(RDFS.label)
_SUBCLASS_OF = str(RDFS.subClassOf)
_OWL_CLASS = str(OWL.Class)
_EXACT_MATCH = str(SKOS.exactMatch)
_SOURCE = str(DCTERMS.source)
_XSD = str(XSD)
_YEAR = re.compile(rf"^{YEAR_PATTERN}$")
METHOD = "rule-based matching of the ontology vocabulary, reference-list parsing and cue patterns"


def digest(*parts: object) -> str:
    """First 16 hex digits of the SHA-256 of the parts."""
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:16]


def mint(path: str) -> ox.NamedNode:
    """A data IRI; ``NamedNode`` validates it strictly."""
    iri = str(DATA) + path
    if not re.fullmatch(r"[A-Za-z0-9._~%/-]+", path):
        raise ValueError(f"unsafe IRI path {path!r}")
    return ox.NamedNode(iri)


def n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def text(value: str) -> ox.Literal:
    """A cleaned string literal; text that is already clean (the usual case) skips the cleaning."""
    if (
        value.isprintable()  # no control, surrogate or whitespace character other than ' '
        and "  " not in value
        and value == value.strip()
        and unicodedata.is_normalized("NFC", value)
    ):
        return ox.Literal(value)
    return ox.Literal(clean_literal(value))


def integer(value: int, minimum: int = 0) -> ox.Literal:
    """An xsd:integer (stores such as Oxigraph fold the derived integer types into it anyway)."""
    if value < minimum:
        raise ValueError(f"{value} is below {minimum}")
    return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "integer"))


def decimal(value: Decimal) -> ox.Literal:
    """An xsd:decimal in the XSD 1.1 canonical form the store keeps: no exponent, no superfluous zeros, no
    decimal point for a whole number ('6', '-54.4'); the exports, written from the records, then equal the store."""
    lexical = format(value, "f")
    if "." in lexical:
        lexical = lexical.rstrip("0").rstrip(".")
    if lexical in ("-0", ""):
        lexical = "0"
    return ox.Literal(lexical, datatype=ox.NamedNode(_XSD + "decimal"))


def boolean(value: bool) -> ox.Literal:
    return ox.Literal("true" if value else "false", datatype=ox.NamedNode(_XSD + "boolean"))


def year(value: int) -> ox.Literal | None:
    """A year as xsd:integer (in the OWL 2 datatype map, unlike xsd:gYear), or None outside 1800-2099."""
    return (
        ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "integer")) if _YEAR.match(str(value)) else None
    )


# ---- one work, one node ------------------------------------------------------------------------
def work_keys(bib: Bib) -> list[str]:
    """Identity keys of a work, strongest first: PMID, DOI, normalised title + year + first author."""
    keys = []
    if bib.pmid:
        keys.append("pmid:" + bib.pmid)
    if bib.doi:
        keys.append("doi:" + bib.doi.lower())
    if bib.pmcid:
        keys.append("pmcid:" + bib.pmcid.upper())
    if bib.title and len(key(bib.title)) > 10:
        keys.append(
            "work:"
            + digest(key(bib.title), bib.year or "", key(surname(bib.authors[0])) if bib.authors else "")
        )
    return keys


def work_iri(key: str) -> ox.NamedNode:
    """The IRI of a work whose strongest identity key is ``key``."""
    kind, value = key.split(":", 1)
    return mint(f"pub/{kind}-{quote(value, safe='')}")


class WorkIndex:
    """Works that share an identifier (PMID, DOI, PMCID) are one, and so are works of one title key (title, year
    and first author), except that a title key never joins two works of different PMIDs: each PMID is a record
    of its own in PubMed, however alike two titles read. A title key fitting several such works joins the
    unidentified ones to the first in key order. ``clusters``: works merged before (a previous build's), kept
    whole; the result does not depend on the order of the lists."""

    def __init__(
        self,
        bibs: Iterable[Bib] = (),
        *,
        key_lists: Iterable[list[str]] = (),
        clusters: Iterable[list[str]] = (),
    ) -> None:
        parent: dict[str, str] = {}
        pmids: dict[str, set[str]] = {}  # root -> the PMID keys of its cluster

        def find(x: str) -> str:
            while parent.setdefault(x, x) != x:
                x = parent[x]
            return x

        def union(a: str, b: str) -> str:
            a, b = find(a), find(b)
            if a != b:
                parent[max(a, b)] = root = min(a, b)
                pmids[root] = pmids.pop(a, set()) | pmids.pop(b, set())
            return find(a)

        for ks in clusters:
            for k in ks:
                union(ks[0], k)
        titled: dict[str, set[str]] = {}  # title key -> a key of each work that gives it
        for ks in itertools.chain(key_lists, (work_keys(b) for b in bibs)):
            ids = [k for k in ks if not k.startswith("work:")] or ks[:1]
            for k in ids:
                union(ids[0], k)
            for k in ks:
                if k.startswith("work:"):
                    titled.setdefault(k, set()).add(ids[0])
        for k in parent:
            if k.startswith("pmid:"):
                pmids.setdefault(find(k), set()).add(k)
        for title in sorted(titled):
            roots = sorted({find(k) for k in titled[title]} | ({find(title)} if title in parent else set()))
            first = roots[0]
            for other in roots[1:]:
                if not (pmids.get(find(first)) and pmids.get(find(other))):
                    first = union(first, other)
            if title not in parent:  # (one already in a work stays in it)
                union(first, title)
        clusters_of: dict[str, list[str]] = {}
        for k in parent:
            clusters_of.setdefault(find(k), []).append(k)
        self._iri: dict[str, ox.NamedNode] = {}
        self.bests: list[str] = []  # the key each cluster's IRI is minted from
        for members in clusters_of.values():
            best = sorted(
                members, key=lambda k: (["pmid", "doi", "pmcid", "work", "text"].index(k.split(":")[0]), k)
            )[0]
            self.bests.append(best)
            node = work_iri(best)
            for k in members:
                self._iri[k] = node

    def iri(self, bib: Bib, fallback: str) -> ox.NamedNode:
        ks = work_keys(bib)
        return self._iri[ks[0]] if ks else mint("pub/unidentified-" + digest(fallback))

    def mapping(self) -> dict[str, str]:
        """Identity key -> work IRI, to keep beside a build (``--update`` extends it) or hand to workers."""
        return {k: node.value for k, node in self._iri.items()}


def document_hash(doc: Document) -> str:
    """The SHA-256 of a document's text: its graph is named from it."""
    return hashlib.sha256(doc.text.encode()).hexdigest()


def document_keys(doc: Document) -> Iterator[list[str]]:
    """The identity keys of a document's own work and of each work it cites. The own work's include its text's
    hash when it has more than a title: one text under two PMIDs (a paper published twice) is one document
    graph, so one work; a title alone is not (many notes and clinical images share one)."""
    own = work_keys(doc.bib)
    beyond_title = any(s.label != "title" for s in doc.sections)
    yield [*own, "text:" + document_hash(doc)[:16]] if own and beyond_title else own
    for ref in doc.references:
        yield work_keys(ref.bib)


class _Nodes:
    """Schema terms as pyoxigraph nodes, each made once on first use (``M.title``, ``M["positive"]``)."""

    type = ox.NamedNode(_RDF_TYPE)
    label = ox.NamedNode(_LABEL)

    def __getattr__(self, name: str) -> ox.NamedNode:
        node = ox.NamedNode(str(MYO[name]))
        setattr(self, name, node)
        return node

    def __getitem__(self, name: str) -> ox.NamedNode:
        node: ox.NamedNode = getattr(self, name)
        return node


M = _Nodes()
_TERMS: dict[str, ox.NamedNode] = {}


def term(iri: str) -> ox.NamedNode:
    """A vocabulary term's node (a few hundred recur in every document: made once)."""
    node = _TERMS.get(iri)
    if node is None:
        node = _TERMS[iri] = ox.NamedNode(str(iri))
    return node


# ---- quads -------------------------------------------------------------------------------------
class _Writer:
    def __init__(self) -> None:
        self.triples: list[ox.Triple] = []

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal | None) -> None:
        """Add one statement; a missing value adds nothing."""
        if o is not None:
            self.triples.append(ox.Triple(s, p, o))

    def evidence(self, fact: ox.NamedNode, start: int, end: int, source: str) -> None:
        """The text a fact was read from, on the fact itself: its quote and its offsets ("start-end", code
        points of the document's decoded text, end exclusive)."""
        self.add(fact, M.evidenceQuote, ox.Literal(source[start:end]))
        self.add(fact, M.evidenceOffsets, ox.Literal(f"{start}-{end}"))


def offsets(spans: Iterable[tuple[int, int]]) -> str:
    """Spans as "start-end" pairs, ascending, separated by single spaces (each occurrence once)."""
    return " ".join(f"{a}-{b}" for a, b in sorted(set(spans)))


def _bib(w: _Writer, pub: ox.NamedNode, bib: Bib) -> None:
    w.add(pub, M.type, M.Publication)
    if bib.title:
        w.add(pub, M.title, text(bib.title))
    if bib.authors:
        w.add(pub, M.authors, text("; ".join(bib.authors)))
        w.add(pub, M.firstAuthor, text(bib.authors[0]))
    for prop, value in (
        (M.journal, bib.journal),
        (M.volume, bib.volume),
        (M.issue, bib.issue),
        (M.pages, bib.pages),
        (M.doi, bib.doi),
        (M.pmid, bib.pmid),
        (M.pmcid, bib.pmcid),
        (M.dateText, bib.date_text),
    ):
        if value:
            w.add(pub, prop, text(value))
    if bib.year:
        w.add(pub, M.year, year(bib.year))
    if bib.kind != "article":
        w.add(pub, M.publicationType, text(bib.kind))
    for pt in bib.publication_types:
        w.add(pub, M.publicationType, text(pt))
    for mh in bib.mesh_headings:
        w.add(pub, M.meshHeading, text(mh))
    for kw in bib.keywords:
        w.add(pub, M.keyword, text(kw))
    for sub in bib.substances:
        w.add(pub, M.substance, text(sub))
    for grant in bib.grants:
        w.add(pub, M.grant, text(grant))


def quads(ex: Extraction, works: WorkIndex) -> list[ox.Quad]:
    """All quads of one document's graph."""
    name, stated = triples(ex, works)
    return [ox.Quad(t.subject, t.predicate, t.object, name) for t in stated]


def triples(ex: Extraction, works: WorkIndex) -> tuple[ox.NamedNode, list[ox.Triple]]:
    """One document's graph: its name (the document node) and its triples, without repeats."""
    name, stated, _ = document(ex, works)
    return name, stated


def document(ex: Extraction, works: WorkIndex) -> tuple[ox.NamedNode, list[ox.Triple], list[summary.Row]]:
    """One document's graph (``triples``) and its summary rows (``summary.rows``)."""
    d = ex.document
    content_hash = document_hash(d)
    dh = content_hash[:16]
    doc = mint(f"doc/{dh}")
    w = _Writer()
    w.add(doc, M.type, M.Document)
    w.add(doc, M.fileName, text(d.source))
    w.add(doc, M.contentHash, ox.Literal(content_hash))
    w.add(doc, M.sourceFormat, ox.Literal(d.format))
    for warning in d.warnings:
        w.add(doc, M.parseWarning, text(warning))
    act = mint(f"activity/{dh}")
    w.add(doc, M.generatedBy, act)
    w.add(act, M.type, M.ExtractionActivity)
    w.add(act, M.softwareVersion, ox.Literal(f"myokg {__version__}"))
    w.add(act, M.method, ox.Literal(METHOD))
    own = works.iri(d.bib, dh)
    w.add(doc, M.describes, own)
    _bib(w, own, d.bib)
    if d.competing_interests:
        w.add(own, M.competingInterests, text(d.competing_interests))
    # one mention per document and term, with the offsets of every occurrence: no node per occurrence; a mention
    # is typed by its properties (rdfs:domain myo:Mention), not by a quad of its own (one in 20 of a build's)
    spans: dict[str, list[tuple[int, int]]] = {}
    firsts: dict[str, Mention] = {}
    for m in ex.mentions:
        firsts.setdefault(m.term, m)
        spans.setdefault(m.term, []).append((m.start, m.end))
    for t, m in firsts.items():
        node = mint(f"mention/{dh}-{m.start}-{m.end}")  # named by its first span, as before
        w.add(node, M.inDocument, doc)
        w.add(node, M.denotes, term(t))
        w.add(node, M.offsets, ox.Literal(offsets(spans[t])))
    for made in ex.new_terms:  # a term grounded with a lexicon at run time: declared where it is used
        made_node = n(made.iri)
        w.add(made_node, M.type, n(_OWL_CLASS))
        for parent in made.parents:
            w.add(made_node, n(_SUBCLASS_OF), n(parent))
        w.add(made_node, M.label, text(made.label))
        for x in made.exact:
            w.add(made_node, n(_EXACT_MATCH), n(x))
        w.add(made_node, n(_SOURCE), text(made.source or ""))
    for ref in d.references:
        r = mint(f"ref/{dh}-{ref.number}")
        cited = works.iri(ref.bib, f"{dh}-{ref.number}")
        w.add(r, M.type, M.Reference)
        w.add(r, M.inDocument, doc)
        w.add(r, M.referenceNumber, integer(ref.number, 1))
        w.add(r, M.rawText, ox.Literal(ref.raw))
        w.add(r, M.refersTo, cited)
        w.evidence(r, ref.start, ref.end, d.text)
        for warning in ref.warnings:
            w.add(r, M.parseWarning, text(warning))
        w.add(own, M.cites, cited)
        _bib(w, cited, ref.bib)
    for seg in ex.segments:
        pub = works.iri(seg.bib, f"{dh}-{seg.reference.number}" if seg.reference else dh)
        st = seg.study
        if st.design is None and not seg.findings and not st.outcomes:
            continue
        study = mint(f"study/{pub.value.rsplit('/', 1)[1]}")
        w.add(study, M.type, term(st.design) if st.design else M.Study)
        w.add(study, M.reportedIn, pub)
        if st.design_span:
            w.evidence(study, st.design_span[0], st.design_span[1], d.text)
        if st.n:
            w.add(study, M.enrolled, integer(st.n, 1))
        if st.randomized:
            w.add(study, M.randomized, boolean(True))
        if st.period:
            w.add(study, M.periodStart, year(st.period[0]))
            w.add(study, M.periodEnd, year(st.period[1]))
        if st.setting:
            w.add(study, M.setting, text(st.setting))
        for conflict in st.conflicts:
            w.add(study, M.designConflict, text(conflict))
        for o in st.outcomes:
            node = mint(f"outcome/{digest(dh, o.measure, o.group, o.agent, o.start, o.end)}")
            w.add(study, M.hasOutcome, node)
            w.add(node, M.type, M.Outcome)
            w.add(node, M.measure, M[o.measure])
            w.add(node, M.value, decimal(o.value))
            w.add(node, M.unit, text(o.unit))
            w.add(node, M.group, text(o.group))
            if o.sd is not None:
                w.add(node, M.sd, decimal(o.sd))
            if o.denominator:
                w.add(node, M.denominator, integer(o.denominator, 1))
            if o.agent:
                w.add(node, M.outcomeAgent, term(o.agent))
            w.evidence(node, o.start, o.end, d.text)
        for f in seg.findings:
            node = mint(
                f"finding/{digest(dh, seg.reference.number if seg.reference else 0, f.agent, f.condition)}"
            )
            w.add(node, M.type, M.Finding)
            w.add(node, M.study, study)
            w.add(node, M.agent, term(f.agent))
            w.add(node, M.condition, term(f.condition))
            w.add(node, M.role, M[f.role])
            w.add(node, M.direction, M[f.direction])
            w.add(node, M.refractory, boolean(f.refractory))
            if f.population:
                w.add(node, M.population, M[f.population])
            for mf in f.manifestations:
                w.add(node, M.manifestation, term(mf))
            if f.responders is not None and st.n and f.responders <= st.n:
                w.add(node, M.responders, integer(f.responders))
                w.add(node, M.enrolled, integer(st.n, 1))
            w.evidence(node, f.start, f.end, d.text)
            for a in f.adverse_events:
                ae = mint(f"ae/{digest(dh, a.start, a.end)}")
                w.add(node, M.adverseEvent, ae)
                w.add(ae, M.type, M.AdverseEvent)
                w.add(ae, M.label, text(a.label))
                for t in a.types:
                    w.add(ae, M.eventType, term(t))
                w.add(ae, M.suspectedAgent, term(f.agent))
                w.add(ae, M.fatal, boolean(a.fatal))
                w.evidence(ae, a.start, a.end, d.text)
    stated = list(dict.fromkeys(w.triples))
    facts = stated + finding_facts(stated)
    found = summary.rows(doc.value, facts)
    return doc, facts + summary.list_keys(facts, found), found


# ---- facts the questions read per finding ------------------------------------------------------
#: A publication's values a finding carries, as its document states them (copied, whatever ``_bib`` writes);
#: not its identifiers, which another document may be the one to state (they are what merges works).
SOURCE_COPIES = {
    M.year: M.sourceYear,
    M.firstAuthor: M.sourceFirstAuthor,
    M.title: M.sourceTitle,
}


def finding_facts(stated: list[ox.Triple]) -> list[ox.Triple]:
    """Per finding, the facts the stored questions would otherwise join over the whole graph: its study's
    designs and size, its publication's year, first author and title — each copied from this document's own
    statements, so that a question reads one node per finding (its quote it states itself)."""
    about: dict[object, list[ox.Triple]] = {}
    findings = []
    for t in stated:
        about.setdefault(t.subject, []).append(t)
        if t.object == M.Finding and t.predicate == M.type:
            findings.append(t.subject)

    def values(node: object, prop: ox.NamedNode) -> list[Any]:
        return [t.object for t in about.get(node, ()) if t.predicate == prop]

    out: list[ox.Triple] = []
    for f in findings:
        for study in values(f, M.study):
            out.extend(ox.Triple(f, M.studyDesign, c) for c in values(study, M.type) if c != M.Study)
            out.extend(ox.Triple(f, M.studySize, v) for v in values(study, M.enrolled))
            for pub in values(study, M.reportedIn):
                for t in about.get(pub, ()):
                    copy = SOURCE_COPIES.get(t.predicate)
                    if copy is not None:
                        out.append(ox.Triple(f, copy, t.object))
    return list(dict.fromkeys(out))


def build(extractions: list[Extraction]) -> list[ox.Quad]:
    """Quads of every document, with works identified across the whole batch."""
    works = WorkIndex(key_lists=[ks for ex in extractions for ks in document_keys(ex.document)])
    out: list[ox.Quad] = []
    for ex in extractions:
        out.extend(quads(ex, works))
    return out
