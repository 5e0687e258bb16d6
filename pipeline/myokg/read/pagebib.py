"""Bibliographic facts, indexing lists and the reference list printed on an article page."""

from __future__ import annotations

import re

from myokg.read.authors import names
from myokg.read.lines import trim
from myokg.read.model import Bib, Document, MeshHeading, Reference, Section
from myokg.read.references import is_noise, parse_citation, strip_noise
from myokg.read.sections import INDEX_HEADING
from myokg.textnorm import YEAR, YEAR_PATTERN, normalise

REFS_END = re.compile(
    r"^\s*(?:download references|author information|authors and affiliations|rights and permissions|about this article|"
    r"mesh terms|publication types|substances|grants and funding|linkout.*|cite this article|comment in|acknowledg(?:e)?ments?|"
    r"additional information|copyright.*|related information|full text links|similar articles|cited by|supplementary .*|"
    r"ethics declarations|additional files?|citing literature|supporting information|article information|"
    r"figures?|tables?|metrics|details|appendix.*)\s*$",
    re.I,
)
_ENTRY = re.compile(
    r"^\s*(?:\[(?P<b>\d{1,4})\]|(?P<d>\d{1,4})[.)]|(?P<n>\d{1,4})(?=\s+(?:[a-z]{1,3}\s)?[A-Z][\w'’-]+,?\s+[A-Z]))\s+(?=\S)"
)
_SHORT_CITE = re.compile(
    r"^\s*(?P<author>[^.]{2,60}?) et al\.\s+(?P<journal>[A-Z][^.]{1,80})\.\s*(?:(?P<year>"
    + YEAR_PATTERN
    + r")\b[^.]*)?\.?\s*$"
)
_COI = re.compile(
    r"^\s*(?:competing interests?|conflicts? of interest|disclosure|declaration of interests?)(?: statement)?\s*:\s*\S",
    re.I,
)


def indexing(doc: Document, lines: list[tuple[int, int]], norm_lines: list[str]) -> None:
    """MeSH terms, publication types and substances listed one per line under their headings (PubMed pages)."""
    i = 0
    while i < len(lines):
        m = INDEX_HEADING.match(norm_lines[i])
        i += 1
        if not m:
            continue
        kind = m.group(1).lower()
        first = None
        while i < len(lines) and not INDEX_HEADING.match(norm_lines[i]) and not REFS_END.match(norm_lines[i]):
            s, e = trim(doc.text, *lines[i])
            line = norm_lines[i].strip()
            if s < e and len(line) < 120 and not line.endswith("."):
                first = s if first is None else first
                if kind == "mesh terms":
                    name, *quals = [p.strip() for p in line.replace("*", "").split("/")]
                    doc.mesh.append(MeshHeading(name, None, quals, "*" in line, s, s + len(name)))
                    doc.bib.mesh_headings.append(line)
                elif kind.startswith("publication type"):
                    doc.bib.publication_types.append(line)
                else:
                    doc.bib.substances.append(line)
                    doc.substances.append(MeshHeading(line, None, [], False, s, e))
                last = e
            elif s < e:
                break
            i += 1
        if first is not None and kind in ("mesh terms", "substances"):
            doc.sections.append(Section("mesh" if kind == "mesh terms" else "substances", first, last))


def bib_from_head(bib: Bib, head: list[str]) -> None:
    """PubMed's short citation above the abstract: 'Given Surname et al. Journal. Year'."""
    for line in head:
        if m := _SHORT_CITE.match(line):
            bib.journal = bib.journal or m.group("journal").strip()
            bib.year = bib.year or (int(m.group("year")) if m.group("year") else None)


def own_lines(
    doc: Document, lines: list[tuple[int, int]], norm_lines: list[str], skip: range
) -> list[tuple[str, str]]:
    """The lines that may speak of the page's own publication, each with where it stands (head, abstract, tail):
    not the title itself, the reference list (``skip``) or lists of other articles."""
    spans = sorted((s.start, s.end, s.label) for s in doc.sections)
    first = min((a for a, _, label in spans if label != "title"), default=None)
    out = []
    for i, (s, e) in enumerate(lines):
        if i in skip:
            continue
        if first is not None and s > first and _ELSEWHERE.match(norm_lines[i]):
            break
        inside = [(max(a, s), min(b, e), label) for a, b, label in spans if a < e and s < b]
        if not inside:
            out.append((norm_lines[i], "head" if first is None or e <= first else "tail"))
            continue
        # a line holding the title or abstract: what stands around them (a citation, a date) is read too, in order
        pos = s
        for a, b, label in [*inside, (e, e, "")]:
            if doc.text[pos:a].strip(" |"):
                out.append((doc.text[pos:a], "head" if first is None or a <= first else "tail"))
            if label:
                out.append((doc.text[a:b], "abstract" if label != "title" else "title"))
            pos = max(pos, b)
    return out


_ELSEWHERE = re.compile(
    r"^\s*(?:similar articles|cited by|related articles|recommended articles|related content|you may also like|"
    r"more like this|most read|latest articles|also of interest|people also read|articles citing this)\b",
    re.I,
)


def bib_from_lines(bib: Bib, outside: list[str], doc: Document) -> None:
    """Authors from a full citation line holding the title; the competing-interest statement."""
    for line in outside:
        if bib.title and bib.title in line and not bib.authors:
            # a full citation such as Springer's 'Cite this article' line: 'Authors (Year) Title. Journal ...'
            before = re.sub(
                r"\(?\b" + YEAR_PATTERN + r"[a-z]?\)?[.:]?\s*$", "", line.split(bib.title, 1)[0].strip()
            )
            bib.authors = names(before.rstrip(".")) or [] if before.strip() else []
        if doc.competing_interests is None and _COI.match(line):
            doc.competing_interests = line.strip()


def reference_list(
    text: str, lines: list[tuple[int, int]], norm_lines: list[str], first: int, stop: int
) -> list[Reference]:
    """Split the reference section into entries and parse each."""
    entries: list[tuple[int | None, int, int]] = []  # (printed number, start, end)
    for i in range(first, stop):
        s, e = trim(text, *lines[i])
        if s == e or is_noise(norm_lines[i]):
            continue
        m = _ENTRY.match(norm_lines[i])
        if m:
            number = int(m.group("b") or m.group("d") or m.group("n"))
            entries.append((number, trim(text, lines[i][0] + m.end(), e)[0], e))
        elif entries:
            n, es, _ = entries[-1]
            entries[-1] = (n, es, e)  # continuation or annotation line
        elif YEAR.search(norm_lines[i]):
            entries.append((None, s, e))  # unnumbered list: one entry per line
    printed = [n for n, _, _ in entries]
    sequential = all(n is not None for n in printed) and printed == list(range(1, len(printed) + 1))
    refs = []
    for k, (n, s, e) in enumerate(entries, start=1):
        norm_raw, offs = normalise(text[s:e])
        e2 = s + offs[len(strip_noise(norm_raw).rstrip())]
        parsed = parse_citation(text[s:e2])
        refs.append(
            Reference(
                number=n if sequential and n else k,
                raw=text[s:e2],
                start=s,
                end=e2,
                bib=parsed.bib,
                citation_end=s + parsed.citation_end,
                warnings=parsed.warnings,
            )
        )
    return refs
