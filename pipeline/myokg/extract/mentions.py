"""Find vocabulary terms in text: synonyms, abbreviations in context, plurals, damaged ligatures."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from operator import itemgetter

from myokg.extract import abbreviations
from myokg.extract.lexicon import DrugLexicon, Grounder
from myokg.extract.serotypes import Serotypes
from myokg.namespaces import TERM
from myokg.textnorm import normalise
from myokg.vocab import Vocabulary, _case_sensitive

_TOKEN = re.compile(r"[A-Za-z0-9]+")
_LIGATURES = ("fl", "fi", "ff", "ffi", "ffl")
_MYOSITIS = str(TERM.myositis)
#: A period right before a token: where a lost ligature may have left it.
_DOT_BEFORE_TOKEN = re.compile(r"\.(?=[A-Za-z0-9])")
_PARENTHESISED = re.compile(r"\(([A-Za-z0-9]+)\)")
# what may follow a term at the end of the long form it heads ('intravenous immunoglobulin therapy (IVIG)')
_HEAD_TAIL = re.compile(r"\W*(?:(?:therapy|treatment|infusions?|drugs?|agents?|regimens?)\W*)?$", re.I)
_DEFINITION = re.compile(r"\s*\(\s*([A-Za-z][A-Za-z0-9-]{0,9})\s*\)")


@dataclass(frozen=True)
class Mention:
    """A grounded mention; offsets are into the original document text."""

    term: str
    start: int
    end: int
    text: str
    how: str  # exact synonym | label | abbreviation | context abbreviation | defined abbreviation | repaired ligature ...


@dataclass(frozen=True)
class _Entry:
    term: str | None  # None for a blocked form
    how: str
    case_sensitive: bool
    raw: tuple[str, ...]


def display_free(name: str) -> str:
    """A name without a trailing display qualifier: 'double-blind trial (design feature)' -> 'double-blind trial'."""
    return re.sub(r"\s*\([^)]*\)$", "", name) if not name.startswith("(") else name


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _plural_variants(tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
    last = tokens[-1]
    if not last.isalpha() or len(last) < 3:
        return []
    forms = [last + "s", last + "es"] + ([last[:-1] + "ies"] if last.endswith("y") else [])
    return [tokens[:-1] + (f,) for f in forms]


def _event_variants(tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
    """A name and, for 'X-related adverse event', the same without 'adverse' ('an infusion-related event')."""
    out = [tokens]
    for i in range(1, len(tokens) - 1):
        if tokens[i] == "adverse" and tokens[i + 1] in ("event", "events"):
            out.append(tokens[:i] + tokens[i + 1 :])
    return out


class Matcher:
    """A compiled matcher over one vocabulary; ``find`` is a pure function of the text.

    With a drug lexicon, names the vocabulary lacks are grounded too (after the curated terms, never over them).
    """

    def __init__(self, vocab: Vocabulary, lexicon: DrugLexicon | None = None) -> None:
        self.vocab = vocab
        self.lexicon = lexicon
        self.grounder = Grounder(vocab) if lexicon else None
        self.serotypes = Serotypes(vocab)
        self.table: dict[tuple[str, ...], list[_Entry]] = {}
        self.lengths: dict[
            str, list[int]
        ] = {}  # first token -> the key lengths that start with it, longest first
        for t in vocab.terms.values():
            for name, how in [(t.label, "label")] + list(t.synonyms):
                raw = tuple(_tokens(display_free(name)))
                if not raw:
                    continue
                cs = how in ("abbreviation", "context abbreviation") or _case_sensitive(name)
                entry = _Entry(None if how == "blocked form" else t.iri, how, cs, raw)
                lowered = tuple(x.lower() for x in raw)
                self._add(lowered, entry)
                if not cs:
                    for form in _event_variants(lowered):
                        for variant in [form, *_plural_variants(form)]:
                            self._add(variant, entry)

    def _add(self, k: tuple[str, ...], entry: _Entry) -> None:
        self.table.setdefault(k, []).append(entry)
        lengths = self.lengths.setdefault(k[0], [])
        if len(k) not in lengths:
            lengths.append(len(k))
            lengths.sort(reverse=True)

    def find(self, text: str) -> list[Mention]:
        """Return the mentions in ``text``, longest match first, without overlaps."""
        norm, offs = normalise(text)
        toks = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(norm)]
        # ASCII text lowers letter for letter, so its tokens lowered are the lowered text's tokens
        lowered = _TOKEN.findall(norm.lower()) if norm.isascii() else [t[0].lower() for t in toks]
        skippable = _parenthetical_acronyms(norm, toks)
        found: list[tuple[int, int, str, str, int, int]] = []  # (tok i, tok j, term, how, start, end)
        pending_context: list[tuple[int, int, str, int, int]] = []
        blocked: set[int] = set()  # tokens of a blocked form: no term, and no lexicon name either
        # only tokens that start a name, or follow a period (a lost ligature: '.udarabine'), need a look; the
        # others are passed over in C rather than one by one
        first_tokens = self.lengths
        candidates = {i for i, w in enumerate(lowered) if w in first_tokens}
        starts = [t[1] for t in toks]
        if "." in norm:
            candidates.update(bisect_left(starts, m.end()) for m in _DOT_BEFORE_TOKEN.finditer(norm))
        i = 0  # the first token not yet inside a name
        for c in sorted(candidates):
            if c < i:
                continue
            hit = self._longest_at(toks, lowered, skippable, c) if lowered[c] in first_tokens else None
            if hit is None:
                s = toks[c][1]
                if s and norm[s - 1] == "." and (rep := self._repair_ligature(norm, toks, c)):
                    found.append((c, c + 1, rep, "repaired ligature", toks[c][1] - 1, toks[c][2]))
                i = c + 1
                continue
            j, entry = hit
            s, e = toks[c][1], toks[j - 1][2]
            if entry.term is None:
                blocked.update(range(c, j))
            else:
                if entry.how == "context abbreviation":
                    pending_context.append((c, j, entry.term, s, e))
                else:
                    found.append((c, j, entry.term, entry.how, s, e))
            i = j
        context = any(self.vocab.is_a(f[2], _MYOSITIS) for f in found)
        covered = {k for f in found for k in range(f[0], f[1])}
        for term, s, e in self.serotypes.find(norm):
            a, b = bisect_left(starts, s), bisect_left(starts, e)
            if not covered & set(range(a, b)):
                found.append((a, b, term, "marker antibody", s, e))
                covered.update(range(a, b))
        if self.lexicon and self.grounder:
            for s, e, lexicon_entry in self.lexicon.find(norm, toks, lowered, blocked | covered):
                a, b = bisect_left(starts, s), bisect_left(starts, e)
                found.append((a, b, self.grounder.term(lexicon_entry), "drug lexicon", s, e))
        # abbreviations the text defines, for curated and lexicon names alike ('baricitinib (BARI)')
        found.sort(key=lambda f: (f[4], f[5]))
        defined = self._definitions(norm, found)
        for a, b, t, s, e in pending_context:
            if toks[a][0] in defined:
                found.append((a, b, defined[toks[a][0]], "defined abbreviation", s, e))
            elif context and not _in_time(norm, s, e):
                found.append((a, b, t, "context abbreviation", s, e))
        if defined:
            covered = {k for f in found for k in range(f[0], f[1])}
            for k, (tok, s, e) in enumerate(toks):
                if k not in covered and tok in defined:
                    found.append((k, k + 1, defined[tok], "defined abbreviation", s, e))
        found.sort(key=lambda f: (f[4], f[5]))
        return [
            Mention(t, offs[s], offs[e - 1] + 1, text[offs[s] : offs[e - 1] + 1], how)
            for _, _, t, how, s, e in found
        ]

    def _longest_at(
        self, toks: list[tuple[str, int, int]], lowered: list[str], skippable: set[int], i: int
    ) -> tuple[int, _Entry] | None:
        lengths = self.lengths.get(lowered[i])
        if lengths is None:
            return None
        idx = [i]
        k = i + 1
        while k < len(toks) and len(idx) < lengths[0]:
            if k not in skippable:
                idx.append(k)
            k += 1
        for n in lengths:
            if n > len(idx):
                continue
            seq = idx[:n]
            entries = self.table.get(tuple(lowered[x] for x in seq))
            if not entries:
                continue
            raw = tuple(toks[x][0] for x in seq)
            for entry in entries:
                if not entry.case_sensitive or entry.raw == raw:
                    return seq[-1] + 1, entry
        return None

    def _repair_ligature(self, norm: str, toks: list[tuple[str, int, int]], i: int) -> str | None:
        """Ground a token whose 'fl'/'fi' ligature was lost as a period ('.udarabine')."""
        tok, s, _ = toks[i]
        if s == 0 or norm[s - 1] != "." or not tok.islower():
            return None
        for lig in _LIGATURES:
            for entry in self.table.get((lig + tok,), []):
                if entry.term and not entry.case_sensitive:
                    return entry.term
        return None

    def _definitions(self, norm: str, found: list[tuple[int, int, str, str, int, int]]) -> dict[str, str]:
        """Abbreviations the text defines: abbreviation -> term.

        A term right before a bracketed abbreviation of its initial ('methylprednisolone (MP)'), or the term a
        Schwartz–Hearst long form ends on ('calcineurin inhibitors (CNIs)', 'intravenous immunoglobulin therapy
        (IVIG)'); a long form naming two agents defines a regimen, not either of them.
        """
        out: dict[str, str] = {}
        for _, _, term, _, s, e in found:
            m = _DEFINITION.match(norm, e)
            if m and m.group(1)[0].lower() == norm[s].lower() and any(c.isupper() for c in m.group(1)):
                out.setdefault(m.group(1), term)
        if "(" not in norm:
            return out
        starts = [f[4] for f in found]
        for d in abbreviations.definitions(norm):
            if " " in d.short or d.short in out:
                continue
            inside = found[bisect_left(starts, d.start) : bisect_left(starts, d.end)]
            inside = [f for f in inside if f[5] <= d.end]
            if inside and not _HEAD_TAIL.match(norm, inside[-1][5], d.end):
                continue  # the long form names something else ('Childhood Myositis Assessment Scale (CMAS)')
            agents = {f[2] for f in inside if self.vocab.terms[f[2]].kind in ("drug", "procedure")}
            if inside and len(agents) < 2:
                out[d.short] = inside[-1][2]
        return out


def _parenthetical_acronyms(norm: str, toks: list[tuple[str, int, int]]) -> set[int]:
    """Token positions of an acronym in parentheses inside a phrase ('tumour necrosis factor (TNF)alpha')."""
    out = set()
    for m in _PARENTHESISED.finditer(norm):  # a whole token between brackets
        tok = m.group(1)
        if tok.isupper():
            k = bisect_left(toks, m.start(1), key=itemgetter(1))
            if k >= len(tok) and "".join(t[0][0] for t in toks[k - len(tok) : k]).upper() == tok:
                out.add(k)
    return out


def _in_time(norm: str, s: int, e: int) -> bool:
    """'PM' or 'AM' after a clock time is not an abbreviation of a disease."""
    return bool(re.search(r"\d(?::\d\d)?\s*$", norm[max(0, s - 6) : s]))
