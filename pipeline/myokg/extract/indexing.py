"""Structured signals of a record: MeSH headings and substances as mentions, publication types as designs."""

from __future__ import annotations

from myokg.extract.mentions import Matcher, Mention
from myokg.read.model import Document
from myokg.vocab import Vocabulary

_MESH = "http://id.nlm.nih.gov/mesh/"
#: Qualifiers that make a heading the record's treatment subject.
THERAPY_QUALIFIERS = {
    "therapeutic use",
    "administration & dosage",
    "drug therapy",
    "therapy",
    "adverse effects",
    "pharmacology",
}


class Indexing:
    """Ground indexing terms through the vocabulary's MeSH cross-references (or names)."""

    def __init__(self, vocab: Vocabulary, matcher: Matcher) -> None:
        self.vocab = vocab
        self.matcher = matcher
        self.terms_by_ui = {
            iri[len(_MESH) :]: t.iri
            for t in vocab.terms.values()
            if t.kind != "design"
            for iri in t.exact + t.close
            if iri.startswith(_MESH)
        }
        self.designs_by_ui: dict[str, str] = {}
        self._by_name: dict[tuple[str, bool], str | None] = {}
        for t in sorted(vocab.terms.values(), key=lambda t: (len(vocab.ancestors(t.iri)), t.iri)):
            for iri in t.close if t.kind == "design" else []:
                if iri.startswith(
                    _MESH
                ):  # a publication type shared by a design and its subtype means the broader one
                    self.designs_by_ui.setdefault(iri[len(_MESH) :], t.iri)

    def mentions(self, doc: Document) -> list[Mention]:
        """MeSH headings kept when they are the record's subject or therapy; substances grounded as such."""
        out = []
        for h in doc.mesh:
            term = self.terms_by_ui.get(h.ui or "") or self.by_name(h.name, design=False)
            if term and (h.major or THERAPY_QUALIFIERS & set(h.qualifiers)):
                out.append(Mention(term, h.start, h.end, doc.text[h.start : h.end], "MeSH heading"))
        for h in doc.substances:  # grounded for the record, but a listed substance alone makes no finding
            term = self.terms_by_ui.get(h.ui or "") or self.by_name(h.name, design=False)
            if term:
                out.append(Mention(term, h.start, h.end, doc.text[h.start : h.end], "MeSH substance"))
        return out

    def designs(self, doc: Document) -> list[str]:
        """Design terms of the record's publication types (by UI, else by name)."""
        if doc.publication_type_ids:
            return [self.designs_by_ui[ui] for ui in doc.publication_type_ids if ui in self.designs_by_ui]
        return [t for t in (self.by_name(pt, design=True) for pt in doc.bib.publication_types) if t]

    def by_name(self, name: str, design: bool) -> str | None:
        """Ground a whole MeSH name, also in natural order ('Arthritis, Rheumatoid' -> 'Rheumatoid Arthritis');
        kept per name (records repeat the same few publication types)."""
        if (name, design) not in self._by_name:
            self._by_name[(name, design)] = self._ground(name, design)
        return self._by_name[(name, design)]

    def _ground(self, name: str, design: bool) -> str | None:
        forms = [name] + (
            [" ".join(reversed([p.strip() for p in name.split(",", 1)]))] if "," in name else []
        )
        for form in forms:
            found = self.matcher.find(form)
            if (
                len(found) == 1
                and found[0].start == 0
                and found[0].end == len(form)
                and (self.vocab.terms[found[0].term].kind == "design") == design
            ):
                return found[0].term
        return None
