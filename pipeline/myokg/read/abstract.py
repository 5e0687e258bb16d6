"""Find a page's abstract and cut it into labelled sections, from its heading (or first prose) to its real end."""

from __future__ import annotations

import re
from collections.abc import Sequence

from myokg.read import title
from myokg.read.lines import MARKUP, trim
from myokg.read.model import Document, Section
from myokg.read.sections import (
    BODY,
    END,
    INDEX_HEADING,
    ORDER,
    REFERENCES,
    RUN_LABEL,
    canonical,
    english,
    label_heading,
    label_inline,
    split_run,
)

_ABSTRACT = re.compile(
    r"^\s*(?:abstracts?|summary|abstract and introduction|structured abstract)\s*[:.]?\s*$", re.I
)
#: 'Abstract: text', 'Abstract | text', 'Abstract The prognosis ...' (handheld PubMed, catalogue records, PDF dumps).
_ABSTRACT_INLINE = re.compile(r"^\s*abstract\s*(?:[:|.]\s*\|?\s*|\s+(?=[A-Z]))(?=\S.{40,})", re.I)
#: A catalogue record's abstract field, 'Summary: | text' or 'Abstract | Objective:': the label of a table row.
_ABSTRACT_FIELD = re.compile(r"^\s*(?:abstract|summary)\s*:?\s*\|\s*(?=\S)", re.I)
#: An abstract heading glued to the banner before it: 'Free full textBackground: ...', 'PDFAbstract ...'.
_FUSED_HEADING = re.compile(
    r"^\s*[\w ]{2,40}?(?<=[a-z])(?=(?:Abstract|Background|Objectives?|Introduction|Purpose|Aims?)\b\s*[:.]?\s+[A-Z])"
)
_OPENING = ("background", "objective", "introduction")
_KEYWORDS_INLINE = re.compile(r"^\s*(?:keywords?|key\s*words|index terms)\s*[:.\-–]\s*", re.I)


_META_KEYS = r"(?:key|authors?|title|date|journal|doi|sha|doc_id|cord_uid|year|source|url|publish_time|license|pmcid|pubmed_id)"
_META = re.compile(rf"(?:^|\s)(?P<key>{_META_KEYS}):\s+", re.I)


def metadata_run(norm_lines: list[str]) -> tuple[int, int, int, int] | None:
    """(line, title start, title end, abstract start) of a record dumped as 'key: value' pairs on one line."""
    for i, line in enumerate(norm_lines[:5]):
        keys = list(_META.finditer(line[:3000]))  # metadata opens the line
        names = [k["key"].lower() for k in keys]
        if "title" not in names or len(keys) < 3:
            continue
        k = names.index("title")
        if k + 1 >= len(keys):
            return None
        a, b = keys[k].end(), keys[k + 1].start()
        last = keys[-1]
        value = re.match(r"\S*", line[last.end() :])
        rest = last.end() + (value.end() if value else 0)
        return i, a, b, rest
    return None


_JSON_ABSTRACT = re.compile(r'"abstract"\s*:\s*"(?P<v>(?:[^"\\]|\\.)*)', re.I)


def json_abstract(doc: Document, lines: list[tuple[int, int]], norm_lines: list[str]) -> None:
    """The abstract of a record pasted as JSON ('{"title": ..., "abstract": "..."}'), even when cut short."""
    for i, line in enumerate(norm_lines):
        if line.lstrip().startswith("{") and (m := _JSON_ABSTRACT.search(doc.text, lines[i][0], lines[i][1])):
            if m.end("v") > m.start("v"):
                value = MARKUP.sub(lambda t: " " * len(t.group()), m["v"])
                for lab, s, e in split_run(value):
                    _add(doc, lab or "abstract", *trim(doc.text, m.start("v") + s, m.start("v") + e))
            return


def has_abstract(doc: Document) -> bool:
    """Whether the document has abstract prose (not only a title, keywords or indexing)."""
    return any(s.label not in _NOT_ABSTRACT for s in doc.sections)


_NOT_ABSTRACT = {"title", "keywords", "mesh", "substances", "trial registration"}


def is_prose(line: str) -> bool:
    """A paragraph of running text (not a heading, list item, affiliation or citation line)."""
    words = line.split()
    return (
        len(words) >= 12
        and not line.lstrip().startswith(("{", "[", "<"))
        and bool(re.search(r"[a-z)%\d][.!?](?:\s|$)", line))
        and not (title.is_affiliation(" ".join(words[:10])) and line.count(",") >= 2 and len(words) < 40)
        and not title.is_author_line(line)
    )


def abstract_start(norm_lines: list[str]) -> tuple[int, int] | None:
    """(line, offset in line) where the abstract begins: its heading, an 'Abstract:' line, or a labelled line."""
    headings = []
    for i, line in enumerate(norm_lines):
        if _ABSTRACT.match(line):
            headings.append(i)
        elif m := _ABSTRACT_INLINE.match(line):
            return i, m.end()
        elif (m := _ABSTRACT_FIELD.match(line)) and (
            label_heading(rest := line[m.end() :]) or is_prose(rest)
        ):
            return i, m.end()  # the field's cell opens with a subheading or with prose
    # an 'Abstract' link in a menu or table of contents has no text under it: take the heading that has
    for i in headings:
        below = [x for x in norm_lines[i + 1 : i + 30] if x.strip()][:3]
        if any(is_prose(x) or label_inline(x) for x in below):
            return i + 1, 0
    if headings:
        return headings[0] + 1, 0
    for i, line in enumerate(norm_lines):
        if (m := _FUSED_HEADING.match(line)) and (
            label_inline(line[m.end() :]) or _ABSTRACT_INLINE.match(line[m.end() :])
        ):
            return i, m.end()
    for i, line in enumerate(norm_lines):
        hit = label_inline(line)
        opening = hit and hit[0] in (
            "background",
            "objective",
            "introduction",
            "methods",
            "patients and methods",
        )
        if (
            hit
            and opening
            and (len(line[hit[1] :].split()) >= 6 or any(map(label_inline, norm_lines[i + 1 : i + 4])))
        ):
            return i, 0
        if label_heading(line) in ("background", "objective"):
            nxt = next((x for x in norm_lines[i + 1 : i + 4] if x.strip()), "")
            if is_prose(nxt):
                return i, 0
    return _labelled_run(norm_lines)


_OPENING_LABEL = re.compile(
    r"(?:^|\s)(?P<label>(?i:background|objectives?|introduction|aims?|purpose))(?:\s*:\s*|\.\s+(?=[A-Z]))"
)


def _labelled_run(norm_lines: list[str]) -> tuple[int, int] | None:
    """Where an abstract begins inside a line whose prose runs through its subheadings ('... Objectives. Text.
    Methods. Text. Results. Text'): a copy that lost its line breaks, cut anywhere before or after."""
    for i, line in enumerate(norm_lines):
        later = [
            m
            for m in RUN_LABEL.finditer(line)
            if canonical(m["label"] or m["upper"]) in ("methods", "results")
        ]
        opening = _OPENING_LABEL.search(line, 0, later[0].start()) if later else None
        if opening and canonical(opening["label"]) in _OPENING:
            return i, opening.start("label")
    return None


def read_lead(doc: Document, lines: list[tuple[int, int]], norm_lines: list[str], first: int) -> None:
    """Add as abstract prose the paragraph set right above an abstract that opens with a subheading on its
    line ``first``, no blank line between: a summary of the paper in the abstract's own block."""
    for k in _lead_paragraph(norm_lines, first):
        _add(doc, "abstract", *trim(doc.text, *lines[k]))


def _lead_paragraph(norm_lines: list[str], first: int) -> range:
    """The lines of that paragraph (empty when there is none): a teaser cut with an ellipsis, a citation or a
    labelled line is not one."""
    top = first
    while top > 0 and first - top < 5:
        line = norm_lines[top - 1]
        if (
            not is_prose(line)
            or line.rstrip().endswith(("...", "…"))
            or title.is_citation(line[:300])
            or label_inline(line)
            or not english(line)
        ):
            break
        top -= 1
    return range(top, first)


def read_abstract(
    doc: Document,
    lines: list[tuple[int, int]],
    views: list[tuple[str, Sequence[int]]],
    first: int,
    skip: int,
    fallback: bool,
) -> None:
    """Add the abstract's sections from line ``first`` (its first ``skip`` characters left out) to its end.

    ``fallback``: the page has no abstract heading, so page furniture before the first paragraph is skipped.
    """
    text = doc.text
    norm_lines = [v for v, _ in views]
    label, top, found, wrapped = "abstract", -1, False, 0
    for i in range(first, len(lines)):
        cut = skip if i == first else 0
        if not found and (k := _past_notice(norm_lines[i][cut:])):
            cut += k  # a rights notice the abstract runs on from, on its line
        line = norm_lines[i][cut:]
        offs = views[i][1]

        def at(k: int, i: int = i, cut: int = cut, offs: Sequence[int] = offs) -> int:
            return lines[i][0] + offs[cut + k]

        if not line.strip():
            if found and label == "abstract" and wrapped >= 3:
                break  # a hard-wrapped (PDF) paragraph under 'Abstract' is the whole abstract
            wrapped = 0
            continue
        if REFERENCES.match(line) or INDEX_HEADING.match(line):
            break
        if (m := _KEYWORDS_INLINE.match(line)) and line[m.end() :].strip():
            doc.sections.append(Section("keywords", *trim(text, at(m.end()), lines[i][1])))
            break
        if found and _KEYWORD_LIST.match(line) and len(line.split()) <= 20:
            doc.sections.append(Section("keywords", *trim(text, at(0), lines[i][1])))
            break
        if END.match(line):
            if found or not fallback:
                break
            continue
        heading = label_heading(line)
        if heading == "keywords":
            nxt = next((k for k in range(i + 1, min(i + 3, len(lines))) if norm_lines[k].strip()), None)
            if nxt is not None:
                doc.sections.append(Section("keywords", *trim(text, *lines[nxt])))
            break
        if heading:
            if found and _steps_back(label, heading, top):
                break  # the body begins: its headings start over
            label, top = heading, max(top, ORDER.get(heading, 0))
            continue
        if found and (BODY.match(line) or _furniture(line, wrapped)):
            break  # the body, or page furniture ('Continue reading', 'Section snippets') after the abstract
        if not english(line):
            if found:
                break
            continue
        if fallback and not is_prose(line) and (not found or len(line.split()) < 6):
            continue
        wrapped += 1
        for lab, s, e in split_run(line):
            if lab and found and _steps_back(label, lab, top):
                return
            if lab:
                label, top = lab, max(top, ORDER.get(lab, 0))
            s2, e2 = trim(text, at(s), at(e))
            if s2 < e2:
                _add(doc, label, s2, e2)
                found = True


_NOTICE = re.compile(r"^\s*(?:©|\(c\)|copyright\b)", re.I)
#: What a publisher's rights notice is made of: each of its sentences has one of these.
_NOTICE_CUE = re.compile(
    r"©|\(c\)|copyright|rights|published by|on behalf of|permissions?|licen[cs]|\S@\S|https?://|www\.|"
    r"creative commons|open access|distributed under|reprints?",
    re.I,
)
#: Where a sentence of a notice ends: a full stop, or an address at which the next sentence begins unpunctuated.
_NOTICE_BREAK = re.compile(r"[.!?](?=\s+[\"'(]?[A-Z])|[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?=\s+[A-Z])")


def _past_notice(line: str) -> int:
    """Where the prose begins on a line that opens with a rights notice ('© The Author(s) 2020. Published by ...
    All rights reserved. For permissions, please email: x@y.com Rapidly progressive ...'); 0 when it holds no
    long prose after the notice."""
    if not _NOTICE.match(line):
        return 0
    pos = 0
    for m in _NOTICE_BREAK.finditer(line, 0, 3000):
        if not _NOTICE_CUE.search(line, pos, m.end()):
            break
        pos = m.end()
    rest = line[pos:]
    if not pos or len(rest.split()) < 30 or not is_prose(rest) or not english(rest):
        return 0
    return pos + len(rest) - len(rest.lstrip())


def _furniture(line: str, wrapped: int) -> bool:
    """A short line that is not the last line of a wrapped paragraph: a link or label of the page around it."""
    short = len(line.split()) < 5
    return short and (wrapped == 0 or not line.rstrip().endswith((".", "!", "?", ")")))


#: A bare list of key words under an abstract ('Autoimmune diseases; Dapsone; Dermatomyositis').
_KEYWORD_LIST = re.compile(r"^\s*[^.;:]{2,60}(?:;\s*[^.;:]{2,60}){2,}\.?\s*$")


def _steps_back(current: str, new: str, top: int) -> bool:
    """A subheading that goes back in the order of an abstract's parts opens the article body."""
    return ORDER.get(new, 0) < top or (new == "introduction" and current == "abstract")


def _add(doc: Document, label: str, start: int, end: int) -> None:
    """Append a section, merged into the previous one when only white space separates two of one label."""
    last = doc.sections[-1] if doc.sections else None
    if last and last.label == label and last.label != "title" and not doc.text[last.end : start].strip():
        last.end = end
    else:
        doc.sections.append(Section(label, start, end))
