"""Parse one reference-list entry in the styles real lists use, tolerating copy-paste damage."""
from __future__ import annotations

import re
from dataclasses import dataclass

from myokg.read.model import Bib
from myokg.textnorm import normalise

_PARTICLE = r"(?:(?:van|von|de|den|der|la|le|du|da|di|dos|del|ten|ter)\s)"
_INIT = r"(?:[A-Z]{1,4}|[A-Z](?:\s[A-Z]){1,3}|(?:[A-Z]\.\s?){1,4})"
_SURNAME = rf"{_PARTICLE}*[A-Z][\w'’-]*(?:\s{_PARTICLE}*[A-Z][a-z][\w'’-]*)*?"
_AUTHOR = rf"{_SURNAME}\s{_INIT}"
_AUTHORS = re.compile(
    rf"^\s*(?P<authors>{_AUTHOR}(?:,\s*{_AUTHOR})*)(?P<etal>,?\s*et\s*al\.?)?\s*(?:[.:]\s*(?:et\s*al\.?\s*)?)"
)
_YEAR = r"(?P<year>(?:18|19|20)\d\d)"
_PAGES = r"(?P<pages>[A-Za-z]?\d+(?:\s*-\s*[A-Za-z]?\d+)?)"
_ISSUE = r"(?:\s*\((?P<issue>[^)]{1,12})\))?"
# Each anchor ends the citation proper; what precedes it is title and journal, what follows is annotation.
_ANCHORS = [
    ("vancouver", re.compile(rf"{_YEAR}(?:\s+[A-Z][a-z]{{2}}(?:\s+\d{{1,2}})?)?\s*;\s*(?P<vol>\d+){_ISSUE}\s*:\s*{_PAGES}\.?")),
    ("year-comma", re.compile(rf"{_YEAR},\s*(?P<vol>\d+){_ISSUE}\s*:\s*{_PAGES}\.?")),
    ("elocator", re.compile(rf"{_YEAR}\s*[,;]\s*(?P<pages>CD\d+|e\d+)\.?")),
    ("fused", re.compile(rf"{_YEAR}(?P<fused>\d{{2,}})\s*-\s*(?P<end>\d+)\.?")),
    ("vol-year", re.compile(rf"(?P<vol>\d+)\s*,\s*{_PAGES}\s*\({_YEAR}\)\.?")),
    ("book", re.compile(rf"(?P<place>[A-Z][A-Za-z -]+):\s*(?P<publisher>[^;:]+?);\s*{_YEAR}\.?")),
    ("year-only", re.compile(rf"\b{_YEAR}\.")),
]
_NOISE = re.compile(
    r"(?:\s*(?:-\s*)?\b(?:PubMed(?: Central)?|PMC free article|Google Scholar|CAS|Article|CrossRef|Crossref|"
    r"Full Text|Free PMC article|DOI|PMC|Wiley Online Library|Web of Science®?|Scopus|Europe PMC|"
    r"View Article|Abstract|Medline|ISI)\b\.?®?)+\s*$"
)


@dataclass
class ParsedCitation:
    """A parsed reference: its bibliographic facts and where the citation text ends."""

    bib: Bib
    citation_end: int
    warnings: list[str]


def split_fused(fused: str, end: str) -> tuple[str, str] | None:
    """Split 'volume+first page' digits fused by copy-paste, using the last page's width."""
    for width in range(len(end), min(len(fused), len(end) + 2)):
        vol, first = fused[:-width], fused[-width:]
        if vol and not first.startswith("0") and (len(first) > len(end) or int(first) <= int(end)):
            return vol, first
    return None


def _journal_start(segment: str) -> int:
    """Find where the journal begins: after the last sentence end, extended over period abbreviations."""
    bounds = [m.end() for m in re.finditer(r"[.?!]\s+", segment)]
    if not bounds:
        return -1
    i = len(bounds) - 1
    while i > 0:
        piece = segment[bounds[i - 1] : bounds[i]].strip()
        if re.fullmatch(r"[A-Z][a-z]{0,6}\.", piece):
            i -= 1
        else:
            break
    return bounds[i]


def parse_citation(text: str) -> ParsedCitation:
    """Parse one reference entry (without its number); offsets refer to ``text``."""
    norm, offs = normalise(text)
    bib = Bib()
    warnings: list[str] = []
    pos = 0
    m = _AUTHORS.match(norm)
    if m:
        bib.authors = [re.sub(r"\s+", " ", a).strip() for a in re.split(r",\s*", m.group("authors"))]
        pos = m.end()
    else:
        warnings.append("authors not recognised")
    anchor = None
    for name, rx in _ANCHORS:
        found = rx.search(norm, pos)
        if found and (anchor is None or found.start() < anchor[1].start() - 0):
            if anchor is None or found.start() < anchor[1].start():
                anchor = (name, found)
    if anchor is None:
        warnings.append("no year, volume or pages recognised")
        title = norm[pos:].strip().rstrip(".")
        bib.title = title or None
        return ParsedCitation(bib, offs[len(norm.rstrip())], warnings)
    name, a = anchor
    bib.year = int(a.group("year"))
    gd = a.groupdict()
    if name == "fused":
        split = split_fused(gd["fused"], gd["end"])
        if split:
            bib.volume, first = split
            bib.pages = f"{first}-{gd['end']}"
        else:
            warnings.append("fused volume and pages could not be split")
    elif name == "book":
        bib.kind = "book"
        bib.journal = f"{gd['place'].strip()}: {gd['publisher'].strip()}"
    else:
        bib.volume = gd.get("vol")
        bib.issue = gd.get("issue")
        if gd.get("pages"):
            bib.pages = re.sub(r"\s+", "", gd["pages"])
    segment = norm[pos : a.start()].rstrip()
    if name == "book":
        bib.title = segment.strip().rstrip(".") or None
    else:
        js = _journal_start(segment)
        if js < 0:
            bib.title = segment.strip().rstrip(".") or None
            warnings.append("title and journal could not be separated")
        else:
            bib.title = segment[:js].strip().rstrip(".") or None
            bib.journal = segment[js:].strip().rstrip(".,") or None
    doi = re.search(r"\b(10\.\d{4,9}/[^\s\"<>]+?)[.,;]?(?:\s|$)", norm)
    if doi:
        bib.doi = doi.group(1).lower()
    pmid = re.search(r"\bPMID:?\s*([1-9]\d{0,8})\b", norm)
    if pmid:
        bib.pmid = pmid.group(1)
    return ParsedCitation(bib, offs[a.end()], warnings)


def strip_noise(text: str) -> str:
    """Drop trailing link noise such as 'Article PubMed CAS Google Scholar' or '- PubMed'."""
    return _NOISE.sub("", text)


def is_noise(line: str) -> bool:
    """True for a line that is only link noise."""
    return bool(line.strip()) and not strip_noise(line).strip()
