"""Read a plain-text copy of an article page: find the article (title, abstract and its sections) among site chrome."""

from __future__ import annotations

import re
from collections.abc import Sequence

from myokg.errors import ReadError
from myokg.read import title
from myokg.read.clean import MOJIBAKE_WARNING, damaged, repair
from myokg.read.model import Bib, Document, MeshHeading, Reference, Section
from myokg.read.references import is_noise, parse_citation, strip_noise
from myokg.read.sections import BODY, END, ORDER, english, label_heading, label_inline, split_run
from myokg.textnorm import YEAR, YEAR_PATTERN, normalise

_ABSTRACT = re.compile(
    r"^\s*(?:abstracts?|summary|abstract and introduction|structured abstract)\s*[:.]?\s*$", re.I
)
#: 'Abstract: text', 'Abstract | text', 'Abstract The prognosis ...' (handheld PubMed, catalogue records, PDF dumps).
_ABSTRACT_INLINE = re.compile(r"^\s*abstract\s*(?:[:|.]\s*\|?\s*|\s+(?=[A-Z]))(?=\S.{40,})", re.I)
_KEYWORDS_INLINE = re.compile(r"^\s*(?:keywords?|key\s*words|index terms)\s*[:.\-–]\s*", re.I)
#: A labelled title field ('Title: ...', 'Title | ...', 'Title  Thromboembolic ...') of handheld and catalogue pages.
_TITLE_FIELD = re.compile(
    r"^\s*(?:article\s+)?title\s*(?:[:|]\s*|\t\s*|\s+(?=[A-Z0-9]))(?P<t>\S.*?\S)\s*\|?\s*$", re.I
)
_REFS = re.compile(
    r"^\s*(?:references|references and (?:recommended|further) reading|bibliography|literature cited|works cited|cited literature)\s*:?\s*$",
    re.I,
)
_REFS_END = re.compile(
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
_PUBMED_CITE = re.compile(
    r"^\s*(?P<journal>[^.;]*?)\.?\s*(?P<year>"
    + YEAR_PATTERN
    + r")(?P<date>(?:\s+[A-Z][a-z]{2}(?:-[A-Z][a-z]{2})?)?(?:\s+\d{1,2})?)\s*;"
    r"\s*(?P<vol>[^(:;]+)?(?:\((?P<issue>[^)]+)\))?(?::(?P<pages>[^.\s]+))?\.",
)
_SHORT_CITE = re.compile(
    r"^\s*(?P<author>[^.]{2,60}?)(?: et al)?\.\s+(?P<journal>[A-Z][^.]{1,80})\.\s+(?P<year>"
    + YEAR_PATTERN
    + r")\b[^.]*\.\s*$"
)
_JOURNAL_VOL_YEAR = re.compile(
    r"(?P<journal>[A-Z][A-Za-z .&()]+?)\s+(?P<vol>\d+),\s*(?P<pages>[A-Za-z]?\d+(?:\s*-\s*[A-Za-z]?\d+)?)\s*\((?P<year>"
    + YEAR_PATTERN
    + r")\)"
)
_PUBLISHED = re.compile(
    r"^\s*(?:first published|published(?: online)?|epub|date of publication)\s*:?\s*(?:\d{1,2}\s+)?(?:[A-Z][a-z]+\.?\s+)?(?:\d{1,2},?\s+)?(?P<year>"
    + YEAR_PATTERN
    + r")\b",
    re.I,
)
_DOI = re.compile(r"(?:doi:\s*|doi\.org/)(?P<doi>10\.\d{4,9}/[^\s\"<>]+?)[.,;]?(?=\s|$)", re.I)
_PMID = re.compile(r"\bPMID:?\s*(?P<pmid>[1-9]\d{0,8})\b")
_COI = re.compile(
    r"^\s*(?:competing interests?|conflicts? of interest|disclosure|declaration of interests?)(?: statement)?\s*:\s*\S",
    re.I,
)


def _lines(text: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of each line, end excluding the newline."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink (start, end) to exclude surrounding white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _find(lines: list[tuple[int, int]], norm_lines: list[str], rx: re.Pattern[str], start: int = 0) -> int:
    for i in range(start, len(lines)):
        if rx.match(norm_lines[i]):
            return i
    return -1


def read_page(source: str, text: str) -> Document:
    """Read a copy of an article page into a Document (offsets into the repaired ``text``)."""
    damaged_text = damaged(text)
    text = repair(text)
    lines = _lines(text)
    views = [_view(text[s:e]) for s, e in lines]  # per line: ligatures may change lengths
    norm_lines = [v for v, _ in views]
    norm = "\n".join(norm_lines)
    bib = Bib()
    doc = Document(source=source, text=text, format="page", bib=bib)
    if damaged_text:
        doc.warnings.append(MOJIBAKE_WARNING)

    meta = _metadata_run(norm_lines)
    start = _abstract_start(norm_lines) if meta is None else (meta[0], meta[3])
    ref_i = _find(lines, norm_lines, _REFS, start[0] if start else 0)
    ref_end = _find(lines, norm_lines, _REFS_END, ref_i + 1) if ref_i >= 0 else -1
    if start:
        head_limit = start[0] + (1 if start[1] else 0)
    else:
        prose = next((i for i, x in enumerate(norm_lines) if _is_prose(x) and len(x.split()) >= 25), -1)
        head_limit = prose if prose >= 0 else (ref_i if ref_i >= 0 else min(len(lines), 80))
    if meta:
        i, a, b, _ = meta
        offs = views[i][1]
        s, e = _strip(text, lines[i][0] + offs[a], lines[i][0] + offs[b])
        bib.title = re.sub(r"\s+", " ", text[s:e]).rstrip(".")
        doc.sections.append(Section("title", s, e))
        t: int | None = i
    else:
        t = _title(doc, lines, views, max(head_limit, 1), norm)
    if start:
        _read_abstract(doc, lines, views, start[0], start[1], fallback=False)
    if not _has_abstract(doc):
        _json_abstract(doc, lines, norm_lines)
    if not _has_abstract(doc):
        # no 'Abstract' heading (letters, case reports, old layouts): the prose under the title stands in for it
        first = t + 1 if t is not None else 0
        _read_abstract(doc, lines, views, first, 0, fallback=True)
    outside_refs = [
        i
        for i in range(len(lines))
        if not (ref_i >= 0 and ref_i < i < (ref_end if ref_end >= 0 else len(lines)))
    ]
    _bib_from_head(bib, norm_lines[:head_limit], t if t is not None else -1)
    _bib_from_lines(bib, [norm_lines[i] for i in outside_refs], doc)
    if ref_i >= 0:
        doc.references = _references(
            text, lines, norm_lines, ref_i + 1, ref_end if ref_end >= 0 else len(lines)
        )
    _indexing(doc, lines, norm_lines)
    if not doc.sections and not doc.references:
        raise ReadError(source, "no recognisable article (no title, abstract or reference list)")
    if not _has_abstract(doc) and not doc.references:
        doc.warnings.append("no abstract found: only the title is read")
    return doc


_META_KEYS = r"(?:key|authors?|title|date|journal|doi|sha|doc_id|cord_uid|year|source|url|publish_time|license|pmcid|pubmed_id)"
_META = re.compile(rf"(?:^|\s)(?P<key>{_META_KEYS}):\s+", re.I)


def _metadata_run(norm_lines: list[str]) -> tuple[int, int, int, int] | None:
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


def _json_abstract(doc: Document, lines: list[tuple[int, int]], norm_lines: list[str]) -> None:
    """The abstract of a record pasted as JSON ('{"title": ..., "abstract": "..."}'), even when cut short."""
    for i, line in enumerate(norm_lines):
        if line.lstrip().startswith("{") and (m := _JSON_ABSTRACT.search(doc.text, lines[i][0], lines[i][1])):
            if m.end("v") > m.start("v"):
                value = _MARKUP.sub(lambda t: " " * len(t.group()), m["v"])
                for lab, s, e in split_run(value):
                    _add(doc, lab or "abstract", *_strip(doc.text, m.start("v") + s, m.start("v") + e))
            return


def _has_abstract(doc: Document) -> bool:
    return any(s.label not in _NOT_ABSTRACT for s in doc.sections)


_NOT_ABSTRACT = {"title", "keywords", "mesh", "substances", "trial registration"}


def _view(line: str) -> tuple[str, Sequence[int]]:
    """The line as read: normalised, markdown marks and list bullets blanked; with its map to line offsets."""
    norm, offsets = normalise(line)
    norm = _MARKUP.sub(lambda m: " " * len(m.group()), norm)
    return norm, offsets


_MARKUP = re.compile(
    r"</?(?:p|strong|b|i|em|sup|sub|br|span|div|h\d|li|ul|ol)\b[^<>]{0,60}>|^\s*(?:#{1,6}|>|[•·▪◦*-](?=\s))\s|\*\*|__|^\s*\|\s*(?=\S)"
)


def _title(
    doc: Document, lines: list[tuple[int, int]], views: list[tuple[str, Sequence[int]]], limit: int, norm: str
) -> int | None:
    """Find the title, record it as the first section and in the Bib; return the index of its (last) line."""
    norm_lines = [v for v, _ in views]

    def span(i: int, a: int, b: int) -> tuple[int, int]:
        offs = views[i][1]
        return _strip(doc.text, lines[i][0] + offs[a], lines[i][0] + offs[b])

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
    parts = [re.sub(r"\s+", " ", _MARKUP.sub(" ", p)).strip() for p in raw.split("\n")]
    parts = [p for p in parts if p]
    out = parts[0] if parts else ""
    for p in parts[1:]:
        glue = ("" if out.endswith("-") else " ") if wrapped else ": "
        out = (out if wrapped else out.rstrip(":")) + glue + p
    return out.rstrip(".").strip()


def _is_prose(line: str) -> bool:
    """A paragraph of running text (not a heading, list item, affiliation or citation line)."""
    words = line.split()
    return (
        len(words) >= 12
        and not line.lstrip().startswith(("{", "[", "<"))
        and bool(re.search(r"[a-z)%\d][.!?](?:\s|$)", line))
        and not (title.is_affiliation(" ".join(words[:10])) and line.count(",") >= 2 and len(words) < 40)
        and not title.is_author_line(line)
    )


def _abstract_start(norm_lines: list[str]) -> tuple[int, int] | None:
    """(line, offset in line) where the abstract begins: its heading, an 'Abstract:' line, or a labelled line."""
    headings = []
    for i, line in enumerate(norm_lines):
        if _ABSTRACT.match(line):
            headings.append(i)
        elif m := _ABSTRACT_INLINE.match(line):
            return i, m.end()
    # an 'Abstract' link in a menu or table of contents has no text under it: take the heading that has
    for i in headings:
        below = [x for x in norm_lines[i + 1 : i + 30] if x.strip()][:3]
        if any(_is_prose(x) or label_inline(x) for x in below):
            return i + 1, 0
    if headings:
        return headings[0] + 1, 0
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
            if _is_prose(nxt):
                return i, 0
    return None


def _read_abstract(
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
        line = norm_lines[i][cut:]
        offs = views[i][1]

        def at(k: int, i: int = i, cut: int = cut, offs: Sequence[int] = offs) -> int:
            return lines[i][0] + offs[cut + k]

        if not line.strip():
            if found and label == "abstract" and wrapped >= 3:
                break  # a hard-wrapped (PDF) paragraph under 'Abstract' is the whole abstract
            wrapped = 0
            continue
        if _REFS.match(line) or _INDEX_HEADING.match(line):
            break
        if (m := _KEYWORDS_INLINE.match(line)) and line[m.end() :].strip():
            doc.sections.append(Section("keywords", *_strip(text, at(m.end()), lines[i][1])))
            break
        if found and _KEYWORD_LIST.match(line) and len(line.split()) <= 20:
            doc.sections.append(Section("keywords", *_strip(text, at(0), lines[i][1])))
            break
        if END.match(line):
            if found or not fallback:
                break
            continue
        heading = label_heading(line)
        if heading == "keywords":
            nxt = next((k for k in range(i + 1, min(i + 3, len(lines))) if norm_lines[k].strip()), None)
            if nxt is not None:
                doc.sections.append(Section("keywords", *_strip(text, *lines[nxt])))
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
        if fallback and not _is_prose(line) and (not found or len(line.split()) < 6):
            continue
        wrapped += 1
        for lab, s, e in split_run(line):
            if lab and found and _steps_back(label, lab, top):
                return
            if lab:
                label, top = lab, max(top, ORDER.get(lab, 0))
            s2, e2 = _strip(text, at(s), at(e))
            if s2 < e2:
                _add(doc, label, s2, e2)
                found = True


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


_INDEX_HEADING = re.compile(r"^\s*(mesh terms|publication types?|substances)\s*$", re.I)


def _indexing(doc: Document, lines: list[tuple[int, int]], norm_lines: list[str]) -> None:
    """MeSH terms, publication types and substances listed one per line under their headings (PubMed pages)."""
    i = 0
    while i < len(lines):
        m = _INDEX_HEADING.match(norm_lines[i])
        i += 1
        if not m:
            continue
        kind = m.group(1).lower()
        first = None
        while (
            i < len(lines) and not _INDEX_HEADING.match(norm_lines[i]) and not _REFS_END.match(norm_lines[i])
        ):
            s, e = _strip(doc.text, *lines[i])
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


_NAME = r"(?:[A-Z][\w'’.-]*\s){1,3}[A-Z][\w'’-]+(?:\s\d+(?:,\s?\d+)*)?"
_AUTHOR_LINE = re.compile(rf"^\s*{_NAME}(?:,\s+{_NAME})+(?:,?\s+et al\.?)?\s*$")


def _surname_first(name: str) -> str:
    """'Chester V Oddis 1' -> 'Oddis CV' (the form reference lists use)."""
    parts = [p for p in re.sub(r"\s\d+(?:,\s?\d+)*$", "", name).split() if p]
    return f"{parts[-1]} {''.join(p[0] for p in parts[:-1])}" if len(parts) > 1 else name.strip()


def _bib_from_head(bib: Bib, head: list[str], title_index: int) -> None:
    """Facts printed above the abstract: PubMed's citation and short-citation lines and its author line."""
    for i, line in enumerate(head):
        if bib.year is None and (m := _PUBMED_CITE.match(line)):
            bib.year = int(m.group("year"))
            bib.date_text = (m.group("year") + m.group("date")).strip()
            bib.volume = (m.group("vol") or "").strip() or None
            bib.issue = m.group("issue")
            bib.pages = m.group("pages")
            if m.group("journal").strip():
                bib.journal = m.group("journal").strip()
        if i > title_index >= 0 and not bib.authors and _AUTHOR_LINE.match(line) and i - title_index <= 3:
            bib.authors = [
                _surname_first(a)
                for a in re.split(r",\s+(?=[A-Z])", line.strip())
                if not a.startswith("et al")
            ]
        if (m := _SHORT_CITE.match(line)) and bib.title:
            bib.authors = bib.authors or [_surname_first(m.group("author").strip())]
            bib.journal = bib.journal or m.group("journal").strip()
            bib.year = bib.year or int(m.group("year"))


def _bib_from_lines(bib: Bib, outside: list[str], doc: Document) -> None:
    """Fill bibliographic facts from full citation lines, DOI/PMID lines and competing-interest statements."""
    for line in outside:
        if bib.title and bib.title in line and line.strip() != bib.title:
            # a full citation such as Springer's 'Cite this article' line
            before, after = line.split(bib.title, 1)
            if before.strip() and not bib.authors:
                bib.authors = [
                    a.strip()
                    for a in re.split(r",\s*(?=[A-Z][\w'-]+,)|\s&\s", before.strip().rstrip("."))
                    if a.strip()
                ]
            if m := _JOURNAL_VOL_YEAR.search(after):
                bib.journal = bib.journal or m.group("journal").strip()
                bib.volume = bib.volume or m.group("vol")
                bib.pages = bib.pages or re.sub(r"\s+", "", m.group("pages"))
                bib.year = bib.year or int(m.group("year"))
        if bib.year is None and (m := _PUBLISHED.match(line)):
            bib.year = int(m.group("year"))
        if bib.doi is None and (m := _DOI.search(line)):
            bib.doi = m.group("doi").lower()
        if bib.pmid is None and (m := _PMID.search(line)):
            bib.pmid = m.group("pmid")
        if doc.competing_interests is None and _COI.match(line):
            doc.competing_interests = line.strip()


def _references(
    text: str, lines: list[tuple[int, int]], norm_lines: list[str], first: int, stop: int
) -> list[Reference]:
    """Split the reference section into entries and parse each."""
    entries: list[tuple[int | None, int, int]] = []  # (printed number, start, end)
    for i in range(first, stop):
        s, e = _strip(text, *lines[i])
        if s == e or is_noise(norm_lines[i]):
            continue
        m = _ENTRY.match(norm_lines[i])
        if m:
            number = int(m.group("b") or m.group("d") or m.group("n"))
            entries.append((number, _strip(text, lines[i][0] + m.end(), e)[0], e))
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
