"""Open-world drug grounding: names outside the curated vocabulary, found with a published drug lexicon.

The lexicon is the offline dictionary of the `drug-named-entity-recognition` package (names, synonyms and brand
names with DrugBank IDs). It is read once per process, only when text is first matched. Curated terms keep
priority: a lexicon name whose DrugBank ID or name belongs to a curated term grounds to that term; any other
becomes a term made at run time (``myt:lex-<name>``) that carries the lexicon's DrugBank ID and says where it came
from. The package's MeSH IDs are not used: they name a pharmacological-action class, not the drug itself.
"""

from __future__ import annotations

import bz2
import contextlib
import json
import os
import pickle
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, util
from pathlib import Path
from typing import Any

from myokg import paths
from myokg.namespaces import MYO, TERM, XREF_PREFIXES
from myokg.textnorm import key
from myokg.vocab import Term, Vocabulary

PACKAGE = "drug-named-entity-recognition"
_INDEX_VERSION = 1  # bump when the indexing rules below change, so a cached index is rebuilt
_TOKEN = re.compile(r"[A-Za-z0-9]+")
_MAX_TOKENS = 6
_DRUGBANK = XREF_PREFIXES["DRUGBANK"][0]
# a drug name that modifies a biomolecule or a measurement names that molecule, not a treatment
_MODIFIES = re.compile(
    r"^(?:\s*\([^)]{0,15}\))?[\s-]*(?:levels?|concentrations?|titers?|titres?|reductases?|receptors?|kinases?|synthetases?|"
    r"antibod\w*|autoantibod\w*|genes?|expression|proteins?|deficiency|pathways?|signall?ing|metabolism|"
    r"positive|negative|assays?|treated|conjugated|coated|based|loaded|ha?emoperfusion|columns?|cartridges?|filters?)\b",
    re.I,
)
_MEASURED = re.compile(
    r"(?:\b(?:serum|plasma|blood|urinary|urine|elevated|raised|anti)\s*-?\s*|"
    r"\b(?:levels?|concentrations?|capacity|titers?|titres?)\b[\w\s]{0,20}?\b(?:of|for)\s+(?:the\s+)?)$",
    re.I,
)

# a route the lexicon appends to a product's name ('interferon beta-1a intramuscular') is not part of the agent
_ROUTE = re.compile(
    r"\s+(?:intramuscular|subcutaneous|intravenous|oral|topical|inhalation|injection|solution)$"
)

# a capitalised name followed by initials or a possessive is a person ('Eisen A,', 'Eisen's'), not a drug
_INITIALS = re.compile(r"^(?:\s+[A-Z]{1,3}(?:[.,;]|\s|$)|'s\b)")
_PUNCTUATION = re.compile(r"[()\[\],;:]")


@dataclass(frozen=True)
class LexiconEntry:
    name: str  # the lexicon's preferred name
    drugbank: str | None
    action: str | None = None  # the MeSH pharmacological-action descriptor the lexicon gives it


def source() -> str:
    """Provenance of a grounding made with the lexicon (package and version)."""
    try:
        return f"{PACKAGE} {metadata.version(PACKAGE)}"
    except metadata.PackageNotFoundError:
        return PACKAGE


def _usable(variant: tuple[str, ...]) -> bool:
    """A name that can be matched safely: no bare numbers, one word of at least five letters, short."""
    return (
        0 < len(variant) <= _MAX_TOKENS
        and not any(t.isdigit() for t in variant)
        and any(t.isalpha() and len(t) >= 5 for t in variant)
    )


def _read() -> dict[str, Any]:
    """The package's dictionary file, read without importing the package (its import builds a fuzzy index)."""
    spec = util.find_spec("drug_named_entity_recognition")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{PACKAGE} is not installed")
    path = Path(spec.submodule_search_locations[0]) / "drug_ner_dictionary.pkl.bz2"
    data: dict[str, Any] = pickle.loads(bz2.decompress(path.read_bytes()))  # the package's own data file
    return data


class DrugLexicon:
    """Token-sequence index of the lexicon's names; ``find`` is linear in the text."""

    def __init__(self, entries: dict[tuple[str, ...], LexiconEntry]) -> None:
        self.entries = entries
        self.lengths: dict[str, list[int]] = {}
        for k in entries:
            lengths = self.lengths.setdefault(k[0], [])
            if len(k) not in lengths:
                lengths.append(len(k))
                lengths.sort(reverse=True)

    @classmethod
    def from_package(cls) -> DrugLexicon:
        """Index the package dictionary: medicinal products only (a DrugBank or MedlinePlus entry)."""
        data = _read()
        products = {
            canonical: LexiconEntry(str(d.get("name") or canonical), d.get("drugbank_id"), d.get("mesh_id"))
            for canonical, d in data["drug_canonical_to_data"].items()
            if d.get("drugbank_id") or d.get("medline_plus_id")
        }
        entries: dict[tuple[str, ...], LexiconEntry] = {}
        for variant, canonicals in data["drug_variant_to_canonical"].items():
            toks = tuple(_TOKEN.findall(variant.lower()))
            found = [products[c] for c in canonicals if c in products]
            if len(found) == 1 and _usable(toks):
                entries.setdefault(toks, found[0])
        return cls(entries)

    def find(
        self, text: str, toks: list[tuple[str, int, int]], lowered: list[str], taken: set[int]
    ) -> list[tuple[int, int, LexiconEntry]]:
        """Lexicon names among the tokens ``toks`` (text, start, end) of ``text``, skipping token positions
        already ``taken`` by curated terms; longest first, one pass."""
        out = []
        lengths, entries = self.lengths, self.entries
        after = 0  # the first token not yet inside a name
        for i in [k for k, w in enumerate(lowered) if w in lengths]:  # only tokens that start some name
            if i < after or i in taken:
                continue
            hit = None
            for n in lengths[lowered[i]]:
                if i + n <= len(toks) and (entry := entries.get(tuple(lowered[i : i + n]))):
                    hit = (n, entry)
                    break
            if hit is None:
                continue
            n, entry = hit
            s, e = toks[i][1], toks[i + n - 1][2]
            surface = text[s:e]
            if (
                not any(k in taken for k in range(i, i + n))
                and not surface.isupper()  # an acronym is ambiguous; curated abbreviations cover the safe ones
                and not _PUNCTUATION.search(surface)  # a name does not run across brackets or list commas
                and not (surface.istitle() and _INITIALS.match(text[e : e + 5]))
                and not _MODIFIES.match(text[e : e + 30])
                and not _MEASURED.search(text[max(0, s - 40) : s])
            ):
                out.append((s, e, entry))
            after = i + n
        return out

    def save(self, path: Path) -> None:
        """Write the index as JSON, atomically (temp file, rename)."""
        rows = [[" ".join(k), e.name, e.drugbank, e.action] for k, e in self.entries.items()]
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(rows, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> DrugLexicon:
        rows = json.loads(path.read_text(encoding="utf-8"))
        return cls({tuple(k.split(" ")): LexiconEntry(name, db, action) for k, name, db, action in rows})


def cache_path() -> Path:
    """Where the index is kept between runs (the project's cache folder); one file per version."""
    version = source().split(" ")[-1]
    return paths.cache_dir() / f"drug-lexicon-{version}-index{_INDEX_VERSION}.json"


@lru_cache(maxsize=1)
def shared() -> DrugLexicon:
    """The package lexicon, indexed once per process; the index is cached on disk (decompressing the package's
    dictionary takes seconds, reading the index a fraction of one). An unreadable cache is rebuilt."""
    path = cache_path()
    try:
        return DrugLexicon.load(path)
    except (OSError, ValueError, TypeError):
        pass
    lexicon = DrugLexicon.from_package()
    with contextlib.suppress(OSError):
        lexicon.save(path)
    return lexicon


class Grounder:
    """Turn lexicon entries into vocabulary terms: a curated term when one matches, else a term made at run time."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.curated_by_drugbank = {
            iri[len(_DRUGBANK) :]: t.iri
            for t in vocab.terms.values()
            if t.kind in ("drug", "procedure") and not t.source
            for iri in t.exact + t.close
            if iri.startswith(_DRUGBANK)
        }
        self.curated_by_name: dict[str, str] = {}
        for t in vocab.terms.values():
            if t.kind in ("drug", "procedure") and not t.source:
                for name in [t.label] + [s for s, how in t.synonyms if how != "blocked form"]:
                    self.curated_by_name.setdefault(key(name), t.iri)
        self.classes_by_action = {
            x[len("MESH:") :]: t.iri
            for t in vocab.terms.values()
            if t.drug_class
            for x in t.db_xrefs
            if x.startswith("MESH:")
        }
        self.source = source()
        #: WHO INN stems that name a class ('-vastatin': statins), longest first
        self.classes_by_stem = sorted(
            (
                (stem.lower().lstrip("-"), t.iri)
                for t in vocab.terms.values()
                if t.drug_class
                for stem in t.stems
            ),
            key=lambda x: -len(x[0]),
        )

    def _class_by_stem(self, name: str) -> str:
        low = name.lower()
        return next((iri for stem, iri in self.classes_by_stem if low.endswith(stem)), str(MYO.Drug))

    def term(self, entry: LexiconEntry) -> str:
        curated = self.curated_by_drugbank.get(entry.drugbank or "") or self.curated_by_name.get(
            key(entry.name)
        )
        if curated:
            return curated
        slug = re.sub(r"[^a-z0-9]+", "-", entry.name.lower()).strip("-")
        made = Term(
            iri=str(TERM) + "lex-" + slug,
            label=_ROUTE.sub("", entry.name.lower()),
            kind="drug",
            parents=[self.classes_by_action.get(entry.action or "") or self._class_by_stem(entry.name)],
            exact=[_DRUGBANK + entry.drugbank] if entry.drugbank else [],
            source=self.source,
        )
        return self.vocab.add(made).iri


def lookup(vocab: Vocabulary, name: str) -> Term | None:
    """The term of a whole drug name found in the lexicon (a curated term when one matches), or None."""
    entry = shared().entries.get(tuple(_TOKEN.findall(name.lower())))
    return vocab.terms[Grounder(vocab).term(entry)] if entry else None


def _explain(vocab: Vocabulary, name: str) -> tuple[Term, str] | None:
    made = lookup(vocab, name)
    return (made, f"drug lexicon ({made.source}), grounded at run time") if made else None


def attach(vocab: Vocabulary) -> Vocabulary:
    """Let ``vocab.resolve`` and ``explain`` fall back on the lexicon for names the curated terms lack."""
    if _explain not in vocab.resolvers:
        vocab.resolvers.append(_explain)
    return vocab
