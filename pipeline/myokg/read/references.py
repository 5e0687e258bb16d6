"""Parse one reference-list entry in the styles real lists use, tolerating copy-paste damage."""

from __future__ import annotations

import re
from dataclasses import dataclass

from myokg.read.model import Bib
from myokg.textnorm import YEAR_PATTERN, normalise

_PARTICLE = r"(?:(?:van|von|de|den|der|la|le|du|da|di|dos|del|ten|ter)\s)"
_INIT = r"(?:[A-Z]{1,4}|[A-Z](?:\s[A-Z]){1,3}|(?:[A-Z]\.\s?){1,4})"
_SURNAME = rf"{_PARTICLE}*[A-Z][\w'’-]*(?:\s{_PARTICLE}*[A-Z][a-z][\w'’-]*)*?"
_AUTHOR = rf"{_SURNAME}\s{_INIT}"
_AUTHORS = re.compile(
    rf"^\s*(?P<authors>{_AUTHOR}(?:,\s*{_AUTHOR})*)(?P<etal>,?\s*et\s*al\.?)?\s*(?:[.:]\s*(?:et\s*al\.?\s*)?)"
)
_YEAR = r"(?P<year>" + YEAR_PATTERN + r")"
_PAGES = r"(?P<pages>[A-Za-z]?\d+(?:\s*-\s*[A-Za-z]?\d+)?)"
_ISSUE = r"(?:\s*\((?P<issue>[^)]{1,12})\))?"
# Each anchor ends the citation proper; what precedes it is title and journal, what follows is annotation.
_ANCHORS = [
    (
        "vancouver",
        re.compile(
            rf"{_YEAR}(?:\s+[A-Z][a-z]{{2}}(?:\s+\d{{1,2}})?)?\s*;\s*(?P<vol>\d+){_ISSUE}\s*:\s*{_PAGES}\.?"
        ),
    ),
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


def _vancouver_family(norm: str) -> tuple[Bib, int, list[str]]:
    """'Authors: Title. Journal Year, Vol:pages.' and its Vancouver, AMA and copy-damaged relatives."""
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
        if found and (anchor is None or found.start() < anchor[1].start()):
            anchor = (name, found)
    if anchor is None:
        warnings.append("no year, volume or pages recognised")
        title = norm[pos:].strip().rstrip(".")
        bib.title = title or None
        return bib, len(norm.rstrip()), warnings
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
    return bib, a.end(), warnings


_AUTHOR_YEAR = re.compile(r"^(?P<authors>[^()]{3,400}?)\s*\((?P<year>" + YEAR_PATTERN + r")[a-z]?\)[.:]?\s+")
_APA_NAME = re.compile(
    r"([A-Z][\w'’-]+(?:\s(?:van|von|de|der|den|la|le)?\s?[A-Z][\w'’-]+)*),\s((?:[A-Z]\.\s?-?)+)"
)
_INITIALS_FIRST = re.compile(
    r"^\s*(?P<authors>(?:(?:[A-Z]\.\s?-?)+\s?[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?,\s*(?:and\s+)?)+)"
)
_VOL_PAGES = re.compile(
    r"[,\s]\s*(?P<vol>\d+)\s*(?:\((?P<issue>[^)]{1,12})\))?\s*[:,]\s*(?P<pages>[A-Za-z]?\d+(?:\s*-\s*[A-Za-z]?\d+)?)\.?"
)
_VOL_YEAR_PAGES = re.compile(
    r"\s(?P<vol>\d+)\s*\((?P<year>"
    + YEAR_PATTERN
    + r")\)\s*(?P<pages>[A-Za-z]?\d+(?:\s*-\s*[A-Za-z]?\d+)?)\.?"
)


def _author_year(norm: str) -> tuple[Bib, int, list[str]]:
    """'Authors (Year) Title. Journal Vol(Issue):pages' (Springer) and APA 'Authors (Year). Title. Journal, Vol(Issue), pages.'"""
    m = _AUTHOR_YEAR.match(norm)
    if not m:
        return Bib(), 0, ["no author-year pattern"]
    bib = Bib(year=int(m["year"]))
    apa = _APA_NAME.findall(m["authors"])
    if apa:
        bib.authors = [f"{last} {re.sub(r'[^A-Z]', '', first)}" for last, first in apa]
    else:
        bib.authors = [
            a.strip()
            for a in re.split(r",\s*|\s+&\s+|\s+and\s+", m["authors"].strip().rstrip("."))
            if a.strip()
        ]
    rest_start = m.end()
    vp = _VOL_PAGES.search(norm, rest_start)
    if not vp:
        bib.title = norm[rest_start:].strip().rstrip(".") or None
        return bib, len(norm.rstrip()), ["no volume or pages recognised"]
    segment = norm[rest_start : vp.start()].rstrip(" ,")
    js = _journal_start(segment)
    bib.title = (segment[:js] if js >= 0 else segment).strip().rstrip(".") or None
    bib.journal = segment[js:].strip().rstrip(".,") if js >= 0 else None
    bib.volume, bib.issue, bib.pages = vp["vol"], vp["issue"], re.sub(r"\s+", "", vp["pages"])
    return bib, vp.end(), [] if bib.journal else ["title and journal could not be separated"]


def _initials_first(norm: str) -> tuple[Bib, int, list[str]]:
    """Elsevier style: 'M.C. Dalakas, R. Hohlfeld, Title, Journal Vol (Year) pages.'"""
    m = _INITIALS_FIRST.match(norm)
    a = _VOL_YEAR_PAGES.search(norm, m.end()) if m else None
    if not m or not a:
        return Bib(), 0, ["no initials-first pattern"]
    names = [n.strip() for n in re.split(r",\s*(?:and\s+)?", m["authors"]) if n.strip()]
    bib = Bib(
        authors=[f"{n.split()[-1]} {re.sub(r'[^A-Z]', '', ' '.join(n.split()[:-1]))}" for n in names],
        year=int(a["year"]),
        volume=a["vol"],
        pages=re.sub(r"\s+", "", a["pages"]),
    )
    segment = norm[m.end() : a.start()]
    title, _, journal = segment.rpartition(",")
    bib.title, bib.journal = (title.strip() or None), (journal.strip() or None)
    return bib, a.end(), [] if bib.title and bib.journal else ["title and journal could not be separated"]


def parse_citation(text: str) -> ParsedCitation:
    """Parse one reference entry (without its number) in whichever style reads it best; offsets refer to ``text``."""
    norm, offs = normalise(text)
    tries = [_vancouver_family(norm), _author_year(norm), _initials_first(norm)]
    bib, end, warnings = min(tries, key=lambda t: (len(t[2]), -len(t[0].authors)))
    doi = re.search(r"\b(10\.\d{4,9}/[^\s\"<>]+?)[.,;]?(?:\s|$)", norm)
    if doi:
        bib.doi = doi.group(1).lower()
    pmid = re.search(r"\bPMID:?\s*([1-9]\d{0,8})\b", norm)
    if pmid:
        bib.pmid = pmid.group(1)
    return ParsedCitation(bib, offs[end], warnings)


def strip_noise(text: str) -> str:
    """Drop trailing link noise such as 'Article PubMed CAS Google Scholar' or '- PubMed'."""
    return _NOISE.sub("", text)


def is_noise(line: str) -> bool:
    """True for a line that is only link noise."""
    return bool(line.strip()) and not strip_noise(line).strip()
