"""The page's own citation: year, journal, volume, issue and pages from citation lines and dated labels.

Every line may offer a year with a rank; the best rank wins, then the first line. Ranks follow what the year
means: the issue's citation (0), a labelled publication date (1), the online / Epub date or a date standing
alone under the title (2), a copyright line (3), the acceptance date (4).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from myokg.read.model import Bib
from myokg.textnorm import YEAR, YEAR_PATTERN

_Y = rf"(?P<year>{YEAR_PATTERN})(?!\d)"
_MON = (  # English, with the stems of Spanish, Portuguese, French, German and Italian months
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Spring|Summer|Autumn|Fall|Winter|"
    r"(?i:ene|abr|ago|dic|fev|mai|out|set|dez|janv|f[ée]vr|avr|juil|ao[ûu]t|d[ée]c|m[äa]r|okt|gen|giu|lug|ott))"
    r"[a-zéèûäç]*\.?"
)
# a date holding the year: '12 March 2019', 'March 12, 2019', '2019 Mar 12', '2019-03-12', '12.03.2019', '3/2019'
_DATE = (
    rf"(?:(?:\d{{1,2}}(?:st|nd|rd|th|er)?[\s./-]+(?:de\s+)?)?(?:{_MON}|\d{{1,2}})?[\s./-]*(?:de\s+)?"
    rf"(?:\d{{1,2}},?\s+)?)?{_Y}(?:[-/]\d{{1,2}})*"
)
_VOL = r"(?P<vol>[A-Za-z]?\d+[A-Za-z]?)"
_ISS = r"(?:\s*\((?P<issue>[^()]{1,15})\))?"
_PAGES = r"(?P<pages>[A-Za-z]*\d+(?:\s*[-–]+\s*[A-Za-z]*\d+)?)"
_JOURNAL = r"(?P<journal>[A-Z][^;|]{0,150}?)"

_LABEL = (
    r"(?:citation|source|published in final edited form as|published in|in|erschienen in|publi[ée] dans|publicado en|pubblicato in|journal|"
    r"cite this article(?: as)?|how to cite(?: this article)?|to cite this article|reference)\b\s*[:|-]?\s*"
)
# (rank, pattern): citations naming volume, issue or pages with the year
_CITATIONS: list[tuple[int, re.Pattern[str]]] = [
    # PubMed and Vancouver: 'Arthritis Rheum. 2005 Feb;52(2):601-7', '. 2023 Nov 6:kead595', 'J 2012 14 (1): R22'
    (
        0,
        re.compile(
            rf"(?:^[\s|]*|\.\s|^{_LABEL}){_JOURNAL}?[.,;]?\s*(?:{_MON}(?:\s*-\s*{_MON})?\s+)?{_Y}(?P<date>(?:\s+{_MON}(?:\s*-\s*{_MON})?)?(?:\s+\d{{1,2}})?)"
            rf"(?:\s*[;:]\s*(?=[\w()-]*\d)|\s+(?=\d+\s*\([^()]{{1,15}}\)\s*:))\s*{_VOL}?{_ISS}\s*(?::\s*{_PAGES})?",
            re.I,
        ),
    ),
    # Vancouver ahead of print closing a line: '... Title. Lancet Neurol. 2019 Apr 12.'
    (
        0,
        re.compile(
            rf"\.\s+(?P<journal>[A-Z][\w .&()]{{1,80}}?)\.\s+{_Y}(?:\s+{_MON}(?:\s+\d{{1,2}})?)?\.?\s*$"
        ),
    ),
    # a profile's citation ending with its authors and year: '... Journal Surname, A., Surname, B. C. 2024'
    (1, re.compile(rf"[A-Z][\w'’-]+,\s(?:[A-Z]\.\s?)+\s{_Y}\s*$")),
    # MDPI: 'Pharmaceuticals 2025, 18(9), 1293'; Springer: 'Mod Rheumatol (2003) 13:313-318'
    (0, re.compile(rf"^(?:{_LABEL})?{_JOURNAL}\s+{_Y},\s*{_VOL}{_ISS},\s*{_PAGES}")),
    (0, re.compile(rf"^(?:{_LABEL})?{_JOURNAL}\s+\({_Y}\)\s*{_VOL}{_ISS}\s*:\s*{_PAGES}")),
    # BMC: 'Journal 2012, 13:228'
    (0, re.compile(rf"^(?:{_LABEL})?{_JOURNAL}\s+{_Y},\s*{_VOL}{_ISS}\s*:\s*{_PAGES}")),
    # Springer's 'Cite this article': '... Title. Journal 14, 201-210 (2013).'
    (0, re.compile(rf"(?:^|[.|]\s+){_JOURNAL}\s+{_VOL}{_ISS},\s*{_PAGES}\s*\({_Y}\)")),
    # publisher lines: 'Volume 54, Issue 3, March 2015, Pages 500-507'; 'Journal volume 19, Article number: 127 (2021)'
    (0, re.compile(rf"^(?:{_JOURNAL},?\s+)?vol(?:ume|\.)?\s*{_VOL}\b[^|]{{0,60}}?\b{_DATE}\b", re.I)),
    (0, re.compile(rf"^(?:{_JOURNAL},?\s+)?vol(?:ume|\.)?\s*{_VOL}\b[^()]{{0,60}}\({_Y}\)", re.I)),
    # 'Molecular Therapy; April 2017, Vol. 25 Issue: 4'; '2013 Vol.31, N°3'; 'Year : 2020 | Volume : 15'
    (0, re.compile(rf"^[\s:]*(?:{_JOURNAL}[;,]\s*)?{_DATE},?\s*\|?\s*vol(?:ume|\.)?\s*:?\s*{_VOL}", re.I)),
    # catalogue: 'Published in: Journal (2015) 2015-03, Vol.54 (3)'; 'Source: J; v. 33, n. 8, p. 1093-1098, AUG 2014'
    (0, re.compile(rf"(?:^{_LABEL}|published in:\s*){_JOURNAL}\s*\({_Y}\)", re.I)),
    (0, re.compile(rf"^{_LABEL}{_JOURNAL}\s*;\s*v\.\s*{_VOL},[^|]{{0,60}}?\b{_DATE}\.?\s*$", re.I)),
    # 'Erschienen in: Journal | Ausgabe 1/2022', 'Journal 1/2022'
    (0, re.compile(rf"^{_LABEL}{_JOURNAL}\s*(?:\|\s*\w+\s+)?\d{{1,2}}/{_Y}\s*$", re.I)),
]
# the citation closing an abstract: '(J Am Acad Dermatol 1997;36:67-71.)', 'Muscle Nerve 53: 58-66, 2016', APA
_CLOSING: list[tuple[int, re.Pattern[str]]] = [
    # APA and Harvard: 'Surname, A. B., & Surname, C. (2014). Title.'
    (0, re.compile(rf"^\s*[A-Z][^()]{{2,400}}?,\s(?:[A-Z]\.\s?)+\s*\({_Y}[a-z]?\)[.:]?\s+\S")),
    (0, re.compile(rf"\((?P<journal>[A-Z][A-Za-z .&]+?)\s+{_Y};\s*{_VOL}{_ISS}:\s*{_PAGES}\.?\)\s*$")),
    (0, re.compile(rf"\.\s+(?P<journal>[A-Z][A-Za-z .&]+?)\s+{_VOL}\s*:\s*{_PAGES},\s*{_Y}\s*\.?\s*\|?\s*$")),
    # '(CLIN NEUROL, 45: 121-124, 2005)'
    (0, re.compile(rf"\((?P<journal>[A-Z][\w .&]+?),\s*{_VOL}\s*:\s*[\w|–-]+,\s*{_Y}\)")),
    # 'the December 2022 issue of Journal'
    (0, re.compile(rf"\b(?:{_MON}\s+)?{_Y}\s+issue of (?:the\s+)?(?P<journal>[A-Z][\w .&]+?)(?:[.,;]|$)")),
]
#: A PubMed citation opening prose that stands in for an abstract: 'Journal. Mar-Apr 1997;38(2):111-5.'
_PUBMED_LINE = re.compile(
    rf"^\s*(?P<journal>[A-Z][^.;|]{{1,100}}?)\.\s+(?:{_MON}(?:\s*-\s*{_MON})?\s+)?{_Y}(?:\s+{_MON})?(?:\s+\d{{1,2}})?"
    rf"\s*;\s*{_VOL}{_ISS}\s*:\s*{_PAGES}"
)
_PUBLISHED = (
    r"(?:(?:date\s+)?(?:first\s+)?published(?:\s+online)?(?:\s+in\s+issue)?|publication\s+(?:date|year)|"
    r"year(?:\s+of\s+publication)?|pub(?:lication)?\s*date|issue\s+date|date(?:\s+of\s+publication)?|"
    r"state\s*published|publication\s*status[\w/ ]*|erschienen|ver[öo]ffentlicht|publi[ée](?:\s+le)?|"
    r"publicado|pubblicato|ann[ée]e|jahr|a[ñn]o|anno|py|yr|da|fecha(?:\s+de\s+publicaci[óo]n)?|"
    r"data\s+de\s+publica[çc][ãa]o|date\s+de\s+publication|erscheinungsdatum|datum)"
)
_COPYRIGHT = re.compile(rf"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:the\s+authors?\(?s?\)?,?\s*)?{_Y}\b", re.I)
_DATED: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"(?:^|[|/;]\s*){_PUBLISHED}\b[^:|\d]{{0,60}}?(?:\s*[:|-]\s*|\s+){_DATE}", re.I)),
    (1, re.compile(rf"\b(?:pub(?:lication)? date|published)\s*:\s*{_DATE}", re.I)),
    (2, re.compile(rf"(?<!render )(?<!access )\b(?:date|publish_time|year)\s*:\s*{_DATE}", re.I)),
    (1, re.compile(rf"(?:^|[.;]\s+)published\s+(?:online\s+)?{_DATE}", re.I)),
    (
        2,
        re.compile(
            rf"\b(?:epub(?:\s+date)?|ecollection|online|open access)\s*:?\s*(?:ahead of print\s*)?{_DATE}",
            re.I,
        ),
    ),
    (3, _COPYRIGHT),
    (4, re.compile(rf"\baccepted\s*(?:for publication)?\s*:?\s*(?:on\s+)?{_DATE}", re.I)),
]
_BARE_DATE = re.compile(
    rf"^\s*(?:(?P<journal>[A-Z][\w.&() ]{{2,60}}?)\s*[,|]?\s+)?(?:{_MON}\s+\d{{1,2}},\s+|\d{{1,2}}\s+{_MON}\s+|{_MON}\s+|"
    rf"\d{{1,2}}[./]\d{{1,2}}[./])?"
    rf"{_Y}(?:-\d\d-\d\d|\s+{_MON}(?:\s+\d{{1,2}})?)?\s*$"
)
_CITE = re.compile(
    r"^\s*(?:cite this article(?: as)?|how to cite(?: this article)?|to cite this article)\b", re.I
)
#: A label before a journal's name; 'Journal of ...' is itself a name.
_DROP_LABEL = re.compile(rf"^\s*(?!journal\s+(?:of|for|and|&)\s){_LABEL}", re.I)


@dataclass
class Citation:
    """What one line says of the page's own publication."""

    rank: int
    year: int
    journal: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    date_text: str | None = None


def _journal(raw: str | None) -> str | None:
    """The journal of a citation's leading text: labels and a title or author list before it dropped."""
    if not raw:
        return None
    j = _DROP_LABEL.sub("", raw).strip(" .,;|")
    # a title before the journal ends with a sentence of some words, not with an abbreviation ('Front. Med.')
    cut, pos = 0, 0
    for m in re.finditer(r"(?<=[a-z)?])\.\s+(?=[A-Z])", j):
        if len(j[pos : m.start()].split()) >= 3:
            cut = m.end()
        pos = m.end()
    j = j[cut:].strip(" .,;|")
    j = re.split(r"\s(?=[A-Z][\w'’-]+,\s[A-Z]\.)", j)[0]  # the authors a profile prints after the journal
    if re.fullmatch(rf"{_MON}\s*\d*", j):
        return None  # a date, not a journal
    return j if 2 <= len(j) <= 100 and not re.search(r"\d{3}", j) else None


_JOURNAL_FIELD = re.compile(
    r"^\s*(?:journal(?:\s+title|\s+name)?|publication\s+title|source\s+title|periodical|revue|zeitschrift|revista|"
    r"rivista|published\s+in)\s*(?:[:|\-–]\s*|$)(?P<value>.*)$",
    re.I,
)
_JOURNAL_INLINE = re.compile(r"(?:^|\s)journal:\s*(?P<value>.+?)(?=\s[A-Za-z_]+:\s|\s\|\s|$)")
#: A journal named by site furniture: PMC's 'X logoLink to X', Springer's 'X Aims and scope', a fused 'JournalX'.
_JOURNAL_CHROME = re.compile(
    r"^\s*(?:(?P<a>[^|]{2,100}?)\s*logo\s*link to\s*(?P=a)|(?P<b>[^|]{2,100}?)\s+aims and scope\b(?:\s+submit\s+(?:a\s+|your\s+)?manuscript)?|journal(?P<c>[A-Z].{1,100}))\s*$",
    re.I,
)


_VOLUME_ON = re.compile(r"[,;]?\s+(?:vol(?:ume)?\.?|v\.)\s*\d.*$", re.I)


def labelled_journal(lines: list[tuple[str, str]]) -> str | None:
    """The journal a record names in a field: 'Journal: ...', 'Publication title -' over its value, 'journal: ...'."""
    for k, (line, where) in enumerate(lines):
        if where not in ("head", "tail"):
            continue
        m = _JOURNAL_FIELD.match(line) or _JOURNAL_INLINE.search(line[:3000])
        value = m.group("value").strip(" |") if m else ""
        value = _VOLUME_ON.split(value)[0]  # a catalogue's 'Journal Vol. 34; no. 9; p. 1864'
        if m and not value:  # the value on the next line that holds one
            value = next((x.strip(" |") for x, _ in lines[k + 1 : k + 4] if x.strip(" |")), "")
        if value and (j := _journal(value)) and not YEAR.search(j):
            return j
    return None


def chrome_journal(lines: list[tuple[str, str]]) -> str | None:
    """The journal the site's furniture names (a logo link, 'Aims and scope'): after fields and citations,
    which print the name as the article is cited."""
    for line, where in lines:
        if where in ("head", "tail") and (c := _JOURNAL_CHROME.match(line[:300])):
            return _journal(c.group("a") or c.group("b") or c.group("c"))
    return None


def read_line(line: str, where: str) -> Citation | None:
    """The best year (with journal, volume, issue, pages when the line is a citation) a line offers.

    ``where``: 'head' above the abstract, 'abstract', 'tail' below it or 'title' (nothing counts)."""
    best: Citation | None = None
    if where == "title":
        return None
    whole, line = (
        line[:5000],
        (line[-400:] if where == "abstract" else line[:5000]),
    )  # one-line pages are long
    # in an abstract only a citation closing it counts, or a short line that is a PubMed citation (page prose
    # standing in for an abstract may begin with one)
    if where == "abstract":
        short = len(line) < 250
        rules = _CLOSING + ([(0, _PUBMED_LINE)] + (_CITATIONS if _CITE.match(line) else []) if short else [])
    elif where == "tail" and len(whole) > 300 and not _CITE.match(whole):
        rules = []  # a paragraph of the body: the works it cites are not this one
    else:
        rules = _CITATIONS + _CLOSING
    for rank, rx in rules:
        if m := rx.search(line):
            g = m.groupdict()
            pages = re.sub(r"\s+", "", g["pages"]) if g.get("pages") else None
            return Citation(
                rank,
                int(g["year"]),
                _journal(g.get("journal")),
                g.get("vol"),
                g.get("issue"),
                pages,
                (g["year"] + (g.get("date") or "")).strip(),
            )
    if where == "abstract":  # a copyright statement closing the abstract, wherever the copy cut the line
        return Citation(3, int(m.group("year"))) if (m := _COPYRIGHT.search(whole)) else None
    for rank, rx in _DATED:
        if (m := rx.search(line)) and (best is None or rank < best.rank):
            best = Citation(rank, int(m.group("year")))
    if best is None:
        for piece in re.split(r"\s[·•|]\s", line):  # 'PMC · DOI: ... · 2025-02-04'
            if m := _BARE_DATE.match(piece):  # a date alone: the publication's under the title, weaker below
                return Citation(
                    2 if where == "head" else 3, int(m.group("year")), _journal(m.group("journal"))
                )
    return best


def best_citation(lines: list[tuple[str, str]]) -> Citation | None:
    """The citation of the best rank among ``(line, where)`` pairs (see ``read_line``), the first of that rank."""
    best: Citation | None = None
    for line, where in lines:
        c = read_line(line, where)
        if c and (best is None or c.rank < best.rank):
            best = c
            if c.rank == 0:
                break
    return best


def apply(bib: Bib, cite: Citation) -> None:
    """Fill what the Bib lacks from a citation."""
    bib.year = bib.year or cite.year
    bib.journal = bib.journal or cite.journal
    if cite.rank == 0:
        bib.volume = bib.volume or cite.volume
        bib.issue = bib.issue or cite.issue
        bib.pages = bib.pages or cite.pages
        bib.date_text = bib.date_text or cite.date_text
