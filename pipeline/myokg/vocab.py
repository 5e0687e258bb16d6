"""Load the vocabulary (agents, diseases, designs, matching rules) from the ontology and check it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from myokg import paths
from myokg.namespaces import MYO, RDFS, SKOS, TERM, XREF_PREFIXES, iri_to_curie
from myokg.store import read_quads
from myokg.textnorm import key

_RDFS = str(RDFS)
_OBO = "http://www.geneontology.org/formats/oboInOwl#"
_SKOS = str(SKOS)
#: Synonym properties and the matching rule each stands for.
SYNONYM_KINDS = {
    _OBO + "hasExactSynonym": "exact synonym",
    _OBO + "hasRelatedSynonym": "related synonym",
    str(MYO.brandName): "brand name",
    str(MYO.abbreviation): "abbreviation",
    str(MYO.contextAbbreviation): "context abbreviation",
    str(MYO.blockedForm): "blocked form",
}
#: The roots that decide a term's kind.
ROOTS = {
    str(MYO.Drug): "drug",
    str(MYO.DrugClass): "drug",
    str(MYO.Procedure): "procedure",
    str(MYO.Disease): "disease",
    str(MYO.Study): "design",
}


@dataclass
class Term:
    """One vocabulary term."""

    iri: str
    label: str
    kind: str = ""  # drug | procedure | disease | design
    parents: list[str] = field(default_factory=list)
    synonyms: list[tuple[str, str]] = field(default_factory=list)  # (text, kind)
    exact: list[str] = field(default_factory=list)
    close: list[str] = field(default_factory=list)
    db_xrefs: list[str] = field(default_factory=list)
    definition: str | None = None
    mention_role: str | None = None
    markers: list[str] = field(default_factory=list)  # autoantibody targets that name the subtype
    features: list[str] = field(default_factory=list)  # terms that, named with a marker, name the subtype too
    stems: list[str] = field(default_factory=list)  # WHO INN stems of a class's members ('-vastatin')
    drug_class: bool = False
    rank: int | None = None
    source: str | None = None  # where a term made at run time comes from (a lexicon); None for curated terms

    @property
    def key(self) -> str:
        return self.iri[len(str(TERM)) :] if self.iri.startswith(str(TERM)) else self.iri

    @property
    def curies(self) -> list[str]:
        return [c for c in (iri_to_curie(i) for i in self.exact + self.close) if c]


@dataclass
class Vocabulary:
    """All terms with their hierarchy."""

    terms: dict[str, Term]
    #: Name sources consulted after the curated terms, plugged in by the layers above (``lexicon.attach``)
    resolvers: list[Callable[[Vocabulary, str], tuple[Term, str] | None]] = field(default_factory=list)
    _ancestors: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _ancestor_sets: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    def ancestors(self, iri: str) -> list[str]:
        """Return the term and its ancestors among the terms, nearest first (computed once per term)."""
        if iri not in self._ancestors:
            out, todo = [], [iri]
            while todo:
                cur = todo.pop(0)
                if cur in out:
                    continue
                out.append(cur)
                todo.extend(self.terms[cur].parents if cur in self.terms else [])
            self._ancestors[iri] = out
        return self._ancestors[iri]

    def add(self, term: Term) -> Term:
        """Add a term made at run time (from a lexicon); the first term with an IRI is kept."""
        return self.terms.setdefault(term.iri, term)

    def is_a(self, iri: str, ancestor: str) -> bool:
        found = self._ancestor_sets.get(iri)
        if found is None:  # asked for every pair of mentions: a set, made once per term from ``ancestors``
            found = self._ancestor_sets[iri] = frozenset(self.ancestors(iri))
        return ancestor in found

    def role_of(self, iri: str) -> str | None:
        """The mention role of a disease term, inherited from the nearest ancestor that states one."""
        for a in self.ancestors(iri):
            if a in self.terms and self.terms[a].mention_role:
                return self.terms[a].mention_role
        return None

    def resolve(self, text: str) -> Term | None:
        """Find a term by IRI, key, CURIE of a cross-reference, preferred label or synonym."""
        found = self.explain(text)
        return found[0] if found else None

    def explain(self, text: str) -> tuple[Term, str] | None:
        """Like ``resolve``, and say how the text matched."""
        t = text.strip()
        for candidate in (t, str(TERM) + t[4:] if t.startswith("myt:") else None, str(TERM) + t):
            if candidate in self.terms:
                return self.terms[candidate], "term IRI or key"
        for term in self.terms.values():
            for c in term.curies:
                if c.casefold() == t.casefold():
                    return term, f"cross-reference {c}"
        k = key(t)
        for term in self.terms.values():
            if key(term.label) == k:
                return term, "preferred label"
        for term in self.terms.values():
            for name, kind in term.synonyms:
                if kind != "blocked form" and key(name) == k:
                    rule = {
                        "context abbreviation": " (in text: only in a myositis document, or where the text defines it)",
                        "abbreviation": " (in text: with this case only)",
                    }.get(kind, "")
                    return term, f"{kind} '{name}'{rule}"
        for resolver in self.resolvers:  # sources plugged in above this layer (the drug lexicon)
            if found := resolver(self, t):
                return found
        return None


def _literal(o: object) -> str:
    return o.value if isinstance(o, (ox.Literal, ox.NamedNode)) else ""


def load(path: Path = paths.ONTOLOGY) -> Vocabulary:
    """Read every term (an IRI in the term namespace) from the ontology file."""
    terms: dict[str, Term] = {}
    triples = [(q.subject, q.predicate.value, q.object) for q in read_quads(path)]
    for s, p, o in triples:
        if isinstance(s, ox.NamedNode) and s.value.startswith(str(TERM)) and p == _RDFS + "label":
            terms[s.value] = Term(iri=s.value, label=_literal(o))
    for s, p, o in triples:
        t = terms.get(s.value) if isinstance(s, ox.NamedNode) else None
        if t is None:
            continue
        if p == _RDFS + "subClassOf" and isinstance(o, ox.NamedNode):
            t.parents.append(o.value)
        elif p in SYNONYM_KINDS:
            t.synonyms.append((_literal(o), SYNONYM_KINDS[p]))
        elif p == _SKOS + "exactMatch":
            t.exact.append(_literal(o))
        elif p == _SKOS + "closeMatch":
            t.close.append(_literal(o))
        elif p == _OBO + "hasDbXref":
            t.db_xrefs.append(_literal(o))
        elif p == "http://purl.obolibrary.org/obo/IAO_0000115":
            t.definition = _literal(o)
        elif p == str(MYO.mentionRole):
            t.mention_role = _literal(o)
        elif p == str(MYO.markerAntibody):
            t.markers.append(_literal(o))
        elif p == str(MYO.innStem):
            t.stems.append(_literal(o))
        elif p == str(MYO.markerFeature):
            t.features.append(_literal(o))
        elif p == str(MYO.isDrugClass):
            t.drug_class = _literal(o) == "true"
        elif p == str(MYO.evidenceRank):
            t.rank = int(_literal(o))
    vocab = Vocabulary(terms)
    for t in terms.values():
        t.parents.sort()
        t.synonyms.sort()
        t.markers.sort()
        t.features.sort()
        t.stems.sort()
        chain, _ = _chain(vocab, t.iri)
        t.kind = next((ROOTS[a] for a in chain if a in ROOTS), "")
    return vocab


def _chain(vocab: Vocabulary, iri: str) -> tuple[list[str], bool]:
    """Ancestors including schema classes, and whether the term is its own ancestor (a cycle)."""
    seen: list[str] = []
    cycle = False
    todo = [iri]
    while todo:
        cur = todo.pop()
        if cur in seen:
            continue
        seen.append(cur)
        for p in vocab.terms[cur].parents if cur in vocab.terms else []:
            cycle = cycle or p == iri
            todo.append(p)
    return seen, cycle


@lru_cache(maxsize=4)
def default(path: Path = paths.ONTOLOGY) -> Vocabulary:
    """The vocabulary of the bundled ontology, loaded once per process."""
    return load(path)


def problems(vocab: Vocabulary) -> list[str]:
    """Curation errors: duplicate labels or synonyms across terms, malformed IDs, missing kinds."""
    found: list[str] = []
    owner: dict[str, str] = {}
    for t in sorted(vocab.terms.values(), key=lambda t: t.iri):
        if not t.kind:
            found.append(f"{t.key}: not under myo:Drug, myo:Procedure, myo:Disease or myo:Study")
        names = [(t.label, "label")] + [(s, k) for s, k in t.synonyms if k != "blocked form"]
        for name, _ in names:
            k = name if _case_sensitive(name) else key(name)
            if k in owner and owner[k] != t.key:
                found.append(f"{t.key}: '{name}' is also a label or synonym of {owner[k]}")
            owner.setdefault(k, t.key)
        for iri in t.exact + t.close:
            curie = iri_to_curie(iri)
            if curie is None:
                found.append(f"{t.key}: cross-reference {iri} has no known prefix")
                continue
            prefix, local = curie.split(":", 1)
            if not re.fullmatch(XREF_PREFIXES[prefix][1], local):
                found.append(f"{t.key}: malformed {prefix} identifier '{local}'")
        if _chain(vocab, t.iri)[1]:
            found.append(f"{t.key}: cycle in the hierarchy (it is its own ancestor)")
    return found


def _case_sensitive(name: str) -> bool:
    """Abbreviations (two or more capitals in a short token) are matched with their case."""
    return " " not in name and len(name) <= 7 and sum(c.isupper() for c in name) >= 2
