"""Read a plain-text copy of an article page: separate the article from site chrome."""

from __future__ import annotations

import re

from myokg.errors import ReadError
from myokg.read.model import Bib, Document, MeshHeading, Reference, Section
from myokg.read.references import is_noise, parse_citation, strip_noise
from myokg.textnorm import normalise

_ABSTRACT = re.compile(r"^\s*(?:abstract|summary)\s*$", re.I)
_REFS = re.compile(
    r"^\s*(?:references|references and (?:recommended|further) reading|bibliography|literature cited|works cited|cited literature)\s*:?\s*$",
    re.I,
)
_ABSTRACT_END = re.compile(
    r"^\s*(?:pubmed disclaimer|conflict of interest statement|competing interests?|similar articles|similar content|cited by|"
    r"references\b.*|keywords?:?|key words|introduction|this is a preview\b.*|access this article\b.*|copyright\b.*|comment in|figures|"
    r"publication types|mesh terms|full text links|grants and funding|background|main text|discussion|acknowledg(?:e)?ments?|"
    r"download (?:citation|references|pdf)|author information|notes|funding|related information|linkout.*|"
    r"supporting information|supplementary (?:material|information|data)|citing literature|article information|"
    r"disclosures?|author contributions?|data availability.*|abbreviations)\s*$",
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
_SECTION_LABEL = re.compile(
    r"^\s*(?P<label>objectives?|background|aims?|purpose|methods?|design|setting|patients(?: and methods)?|participants|"
    r"interventions?|main outcome measures?|measurements|results?|findings|conclusions?|interpretation|case (?:report|presentation)|"
    r"significance|discussion|introduction|materials and methods|trial registration|summary|study design|methodology|"
    r"methods and results|measurements and main results|case description|main results|authors'? conclusions?)\s*:\s*",
    re.I,
)
_ENTRY = re.compile(
    r"^\s*(?:\[(?P<b>\d{1,4})\]|(?P<d>\d{1,4})[.)]|(?P<n>\d{1,4})(?=\s+(?:[a-z]{1,3}\s)?[A-Z][\w'’-]+,?\s+[A-Z]))\s+(?=\S)"
)
_CHROME_WORDS = re.compile(
    r"\b(?:log ?in|sign ?in|submit|aims and scope|download|pdf|cookies?|subscribe|advertisement|skip to|navigation|menu|"
    r"search|homepage|website|official|access|cart|share|permissions|cite this)\b",
    re.I,
)
_PUBMED_CITE = re.compile(
    r"^\s*(?P<journal>[^.;]*?)\.?\s*(?P<year>(?:18|19|20)\d\d)(?P<date>(?:\s+[A-Z][a-z]{2}(?:-[A-Z][a-z]{2})?)?(?:\s+\d{1,2})?)\s*;"
    r"\s*(?P<vol>[^(:;]+)?(?:\((?P<issue>[^)]+)\))?(?::(?P<pages>[^.\s]+))?\.",
)
_SHORT_CITE = re.compile(
    r"^\s*(?P<author>[^.]{2,60}?)(?: et al)?\.\s+(?P<journal>[A-Z][^.]{1,80})\.\s+(?P<year>(?:18|19|20)\d\d)\b[^.]*\.\s*$"
)
_JOURNAL_VOL_YEAR = re.compile(
    r"(?P<journal>[A-Z][A-Za-z .&()]+?)\s+(?P<vol>\d+),\s*(?P<pages>[A-Za-z]?\d+(?:\s*-\s*[A-Za-z]?\d+)?)\s*\((?P<year>(?:18|19|20)\d\d)\)"
)
_PUBLISHED = re.compile(
    r"^\s*(?:first published|published(?: online)?|epub|date of publication)\s*:?\s*(?:\d{1,2}\s+)?(?:[A-Z][a-z]+\.?\s+)?(?:\d{1,2},?\s+)?(?P<year>(?:18|19|20)\d\d)\b",
    re.I,
)
_DOI = re.compile(r"(?:doi:\s*|doi\.org/)(?P<doi>10\.\d{4,9}/[^\s\"<>]+?)[.,;]?(?=\s|$)", re.I)
_PMID = re.compile(r"\bPMID:?\s*(?P<pmid>[1-9]\d{0,8})\b")
_COI = re.compile(
    r"^\s*(?:competing interests?|conflicts? of interest|disclosure|declaration of interests?)(?: statement)?\s*:\s*\S",
    re.I,
)
_MOJIBAKE = re.compile(r"\ufffd|Ã[\x80-\xbf©¨¤¼]|â€")


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


def _title_index(norm_lines: list[str], limit: int, full: str) -> int:
    """Pick the article title among the lines before the abstract: repeated or cited, title-shaped, not chrome."""
    best, best_score = -1, 0.0
    for i in range(limit):
        line = norm_lines[i].strip()
        words = line.split()
        if (
            not 4 <= len(words) <= 60
            or line.endswith(".")
            or "http" in line
            or line.startswith(("•", "-", "©"))
        ):
            continue
        if (
            _PUBMED_CITE.match(line)
            or _SHORT_CITE.match(line)
            or re.search(r"\bdoi:|\bEpub\b|\bPublished\b", line, re.I)
        ):
            continue
        score = min(len(words), 25) / 25
        if full.count(line) > 1:
            score += 2
        if _CHROME_WORDS.search(line):
            score -= 2
        if sum(w[:1].isupper() for w in words) == len(words) and len(words) > 6:
            score -= 0.5  # banner lines are often all capitalised words
        if score > best_score:
            best, best_score = i, score
    return best


def read_page(source: str, text: str) -> Document:
    """Read a copy of an article page into a Document (offsets into ``text``)."""
    lines = _lines(text)
    norm_lines = [normalise(text[s:e])[0] for s, e in lines]  # per line: ligatures may change lengths
    norm = "\n".join(norm_lines)
    bib = Bib()
    doc = Document(source=source, text=text, format="page", bib=bib)
    if _MOJIBAKE.search(text):
        doc.warnings.append("text contains U+FFFD or mojibake; damaged tokens are not grounded")

    abs_i = _find(lines, norm_lines, _ABSTRACT)
    ref_i = _find(lines, norm_lines, _REFS, max(abs_i, 0))
    ref_end = _find(lines, norm_lines, _REFS_END, ref_i + 1) if ref_i >= 0 else -1
    head_limit = abs_i if abs_i >= 0 else (ref_i if ref_i >= 0 else min(len(lines), 80))

    t = _title_index(norm_lines, head_limit, norm)
    if t >= 0:
        s, e = _strip(text, *lines[t])
        bib.title = norm_lines[t].strip()
        doc.sections.append(Section("title", s, e))

    if abs_i >= 0:
        stop = _find(lines, norm_lines, _ABSTRACT_END, abs_i + 1)
        stop = stop if stop >= 0 else len(lines)
        heading = "abstract"
        for i in range(abs_i + 1, stop):
            s, e = _strip(text, *lines[i])
            if s == e:
                continue
            alone = _SECTION_LABEL.match(norm_lines[i].rstrip() + ": ")
            if alone and alone.end() >= len(norm_lines[i].rstrip()):
                heading = alone.group("label").lower()  # a heading on its own line names the lines below it
                continue
            m = _SECTION_LABEL.match(norm_lines[i])
            label = m.group("label").lower() if m else heading
            doc.sections.append(Section(label, s, e))

    if abs_i < 0 and t >= 0:
        # no 'Abstract' heading (letters, short reports): the prose paragraphs under the title stand in for it
        for i in range(t + 1, min(len(lines), t + 120)):
            if (
                _ABSTRACT_END.match(norm_lines[i])
                or _REFS.match(norm_lines[i])
                or _INDEX_HEADING.match(norm_lines[i])
            ):
                break
            s, e = _strip(text, *lines[i])
            if len(norm_lines[i].split()) >= 12 and re.search(r"[.!?](?:\s|$)", norm_lines[i]):
                doc.sections.append(Section("abstract", s, e))
    outside_refs = [
        i
        for i in range(len(lines))
        if not (ref_i >= 0 and ref_i < i < (ref_end if ref_end >= 0 else len(lines)))
    ]
    _bib_from_head(bib, norm_lines[:head_limit], t)
    _bib_from_lines(bib, [norm_lines[i] for i in outside_refs], doc)
    if ref_i >= 0:
        doc.references = _references(
            text, lines, norm_lines, ref_i + 1, ref_end if ref_end >= 0 else len(lines)
        )
    _indexing(doc, lines, norm_lines)
    if not doc.sections and not doc.references:
        raise ReadError(source, "no recognisable article (no title, abstract or reference list)")
    return doc


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
        elif re.search(r"\b(?:18|19|20)\d\d\b", norm_lines[i]):
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
