"""Read a plain-text copy of an article page: find the article (title, abstract and its sections) among site chrome."""

from __future__ import annotations

import re
from collections.abc import Sequence

from myokg.errors import ReadError
from myokg.read import byline, citation, identifiers, title
from myokg.read.abstract import (
    abstract_start,
    has_abstract,
    is_prose,
    json_abstract,
    metadata_run,
    read_abstract,
    read_lead,
)
from myokg.read.clean import MOJIBAKE_WARNING, damaged, repair
from myokg.read.lines import MARKUP, find_line, line_spans, trim, view
from myokg.read.model import Bib, Document, Section
from myokg.read.pagebib import REFS_END, bib_from_head, bib_from_lines, indexing, own_lines, reference_list
from myokg.read.sections import REFERENCES, label_inline

#: A labelled title field ('Title: ...', 'Title | ...', 'Title  Thromboembolic ...') of handheld and catalogue pages.
_TITLE_FIELD = re.compile(
    r"^\s*(?:article\s+)?title\s*(?:[:|]\s*|\t\s*|\s+(?=[A-Z0-9]))(?P<t>\S.*?\S)\s*\|?\s*$", re.I
)


def read_page(source: str, text: str) -> Document:
    """Read a copy of an article page into a Document (offsets into the repaired ``text``)."""
    damaged_text = damaged(text)
    text = repair(text)
    lines = line_spans(text)
    views = [view(text[s:e]) for s, e in lines]  # per line: ligatures may change lengths
    norm_lines = [v for v, _ in views]
    norm = "\n".join(norm_lines)
    bib = Bib()
    doc = Document(source=source, text=text, format="page", bib=bib)
    if damaged_text:
        doc.warnings.append(MOJIBAKE_WARNING)

    meta = metadata_run(norm_lines)
    start = abstract_start(norm_lines) if meta is None else (meta[0], meta[3])
    ref_i = find_line(lines, norm_lines, REFERENCES, start[0] if start else 0)
    ref_end = find_line(lines, norm_lines, REFS_END, ref_i + 1) if ref_i >= 0 else -1
    if start:
        head_limit = start[0] + (1 if start[1] else 0)
    else:
        prose = next((i for i, x in enumerate(norm_lines) if is_prose(x) and len(x.split()) >= 25), -1)
        head_limit = prose if prose >= 0 else (ref_i if ref_i >= 0 else min(len(lines), 80))
    if meta:
        i, a, b, _ = meta
        offs = views[i][1]
        s, e = trim(text, lines[i][0] + offs[a], lines[i][0] + offs[b])
        bib.title = re.sub(r"\s+", " ", text[s:e]).rstrip(".")
        doc.sections.append(Section("title", s, e))
        t: int | None = i
    else:
        # without an abstract heading the first prose line may open with the title (a one-line PDF copy)
        t = _title(doc, lines, views, max(head_limit + (0 if start else 1), 1), norm)
    if start:
        if not start[1] and meta is None and label_inline(norm_lines[start[0]]):
            read_lead(doc, lines, norm_lines, start[0])  # a summary paragraph over a labelled abstract
        read_abstract(doc, lines, views, start[0], start[1], fallback=False)
    if not has_abstract(doc):
        json_abstract(doc, lines, norm_lines)
    if not has_abstract(doc):
        # no 'Abstract' heading (letters, case reports, old layouts): the prose under the title stands in for it
        first, skip = (t + 1, 0) if t is not None else (0, 0)
        if t is not None and doc.sections:
            end = doc.sections[0].end - lines[t][0]
            rest = norm_lines[t][end:]
            if len(rest) > 100 and is_prose(rest) and not title.is_citation(rest[:300]):
                # the prose goes on after the title on its line (a one-line copy)
                first, skip = t, next((k for k, o in enumerate(views[t][1]) if o >= end), len(rest))
        read_abstract(doc, lines, views, first, skip, fallback=True)
    other = (
        range(ref_i + 1, ref_end if ref_end >= 0 else len(lines)) if ref_i >= 0 else range(0)
    )  # references
    outside_refs = [i for i in range(len(lines)) if i not in other]
    own = own_lines(doc, lines, norm_lines, other)
    bib.journal = citation.labelled_journal(own)
    if cite := citation.best_citation(own):
        citation.apply(bib, cite)
    bib.journal = bib.journal or citation.chrome_journal(own)
    bib.authors = byline.find(own)
    bib.doi, bib.pmid, bib.pmcid = identifiers.find([line for line, where in own if where != "title"])
    bib_from_head(bib, norm_lines[:head_limit])
    bib_from_lines(bib, [norm_lines[i] for i in outside_refs], doc)
    if ref_i >= 0:
        doc.references = reference_list(
            text, lines, norm_lines, ref_i + 1, ref_end if ref_end >= 0 else len(lines)
        )
    indexing(doc, lines, norm_lines)
    if not doc.sections and not doc.references:
        raise ReadError(source, "no recognisable article (no title, abstract or reference list)")
    if not has_abstract(doc) and not doc.references:
        doc.warnings.append("no abstract found: only the title is read")
    return doc


def _title(
    doc: Document, lines: list[tuple[int, int]], views: list[tuple[str, Sequence[int]]], limit: int, norm: str
) -> int | None:
    """Find the title, record it as the first section and in the Bib; return the index of its (last) line."""
    norm_lines = [v for v, _ in views]

    def span(i: int, a: int, b: int) -> tuple[int, int]:
        offs = views[i][1]
        return trim(doc.text, lines[i][0] + offs[a], lines[i][0] + offs[b])

    labelled = next(
        ((i, m) for i, x in enumerate(norm_lines[: limit + 40]) if (m := _TITLE_FIELD.match(x))), None
    )
    found: tuple[int, int, int] | None = None  # line, start, end in the view
    if labelled and len(labelled[1]["t"].split()) >= 3:
        i, m = labelled
        found = (i, m.start("t"), m.end("t"))
    elif picked := title.pick(norm_lines, limit, norm, _bulleted(doc.text, lines, limit)):
        i, name = picked
        a = norm_lines[i].index(name)
        found = (i, a, a + len(name))
    if found is None:
        return None
    i, a, b = found
    s, e = span(i, a, b)
    last = i
    prev = title.previous(norm_lines, i)
    wrapped = False
    if b == len(norm_lines[i].rstrip()) and (k := title.continuation(norm_lines, i)) is not None:
        e, last, wrapped = (
            span(k, 0, len(norm_lines[k]))[1],
            k,
            True,
        )  # a long title wrapped onto a second line
    elif prev is not None and not norm_lines[i][:a].strip() and title.continuation(norm_lines, prev) == i:
        s, wrapped = span(prev, 0, len(norm_lines[prev]))[0], True  # the line picked ends a wrapped title
    elif prev is not None and title.subtitle(norm_lines, prev) == i:
        s = span(prev, 0, len(norm_lines[prev]))[0]  # the line picked is the subtitle of the title above it
    elif (j := title.subtitle(norm_lines, i)) is not None:
        e, last = span(j, 0, len(norm_lines[j]))[1], j
    doc.bib.title = _join_title(doc.text[s:e], wrapped)
    doc.sections.insert(0, Section("title", s, e))
    return last


def _bulleted(text: str, lines: list[tuple[int, int]], limit: int) -> frozenset[int]:
    """Indexes of the lines above ``limit`` that are items of a list (two or more items in a row)."""
    items = {i for i, (s, e) in enumerate(lines[:limit]) if _BULLET.match(text, s, e)}
    filled = [i for i, (s, e) in enumerate(lines[:limit]) if text[s:e].strip()]
    nxt = {a: b for a, b in zip(filled, filled[1:], strict=False)}
    listed = {i for i in items if nxt.get(i) in items} | {nxt[i] for i in items if nxt.get(i) in items}
    return frozenset(listed)


_BULLET = re.compile(r"\s*(?:[•·▪◦*-]|\d{1,2}[.)])\s")


def _join_title(raw: str, wrapped: bool = False) -> str:
    """One line of title text: a subtitle on its own line is joined with a colon (a wrapped line with a space)."""
    parts = [re.sub(r"\s+", " ", MARKUP.sub(" ", p)).strip() for p in raw.split("\n")]
    parts = [p for p in parts if p]
    out = parts[0] if parts else ""
    for p in parts[1:]:
        glue = ("" if out.endswith("-") else " ") if wrapped else ": "
        out = (out if wrapped else out.rstrip(":")) + glue + p
    return re.sub("[\u2010\u2011]", "-", out.rstrip(".").strip())  # Unicode hyphens as typed
