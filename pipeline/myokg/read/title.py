"""Pick an article's title among the lines above its abstract: by shape, neighbours and repetition, not by site."""

from __future__ import annotations

import re

from myokg.read.sections import english
from myokg.textnorm import YEAR, YEAR_PATTERN

_CHROME = re.compile(
    r"\b(?:log ?in|logging in|sign ?in|sign ?up|submit|aims and scope|download|pdf|cookies?|subscribe|subscription|"
    r"advertisement|skip to|navigation|menu|search|homepage|website|official|access|cart|share|permissions|"
    r"cite this|saved papers|add to|like|dislike|font|previous article|next article|research topic|in this article|"
    r"journal home|issue|volume|full text|institution(?:al)?|sign-in|citations?|request|view|email|alert|"
    r"feedback|help|privacy|terms of use|preview|buy|purchase|rent|metrics|altmetric|logo\w*)",
    re.I,
)
#: Lines that begin like site furniture or running prose rather than a title.
_OPENERS = re.compile(
    r"^\s*(?:this|these|you|we|our|your|try|please|click|see|visit|go to|back|return|read|open|the following|"
    r"published|received|accepted|revised|available|copyright|licen[cs]e|author|authors|by|from|in:|source|"
    r"correspondence|affiliations?|department|division|citation|cite|keywords?|key words|doi|pmid|pmcid|"
    r"epub|online|print|issn|sec(?=\.\s)|e-?issn|volume|vol\.|issue|article id|research output|document type|"
    r"verfasst|erschienen|sec\.(?=\s)|\d+\s*(?:citations?|views|downloads)|"
    r"ask|get|follow|join|learn more|find|explore|sign|register|request|save|export|order|check)\b",
    re.I,
)
_CITATION = re.compile(
    r"(?:\b" + YEAR_PATTERN + r"\s*[;:,]\s*\d|\(\d+\)\s*:\s*\d|\bdoi\b|\bdoi\.org|\bvol\.|\bpp\.|\bepub\b|"
    r"\bpublished\b|\b\d{1,4}\s*[-–]\s*\d{1,4}\s*\(" + YEAR_PATTERN + r"\)|^\W*\d{1,4}\s*$|\bissn\b)",
    re.I,
)
_INSTITUTION = re.compile(
    r"\b(?:Department|Dept|University|Univ|Universidade|Universit\w+|Hospital|Hosp|Institute|Inst|Center|Centre|"
    r"School|College|Faculty|Clinic|Laborator(?:y|ies)|Unit|Division|Foundation|Ministry|Academy|DEPARTMENT|"
    r"UNIVERSITY|HOSPITAL|INSTITUTE)\b"
)
_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|van|von|de|der|da|dos|del|la|le))*"
_AUTHOR_PART = re.compile(rf"^\s*{_NAME}\s*(?:[\d,*†‡§¶#]|\s)*$")
#: PubMed and publisher article-type banners that sit next to titles.
PUBLICATION_TYPES = re.compile(
    r"^\s*(?:journal article|clinical trial|randomi[sz]ed controlled trial|controlled clinical trial|review|"
    r"systematic review|meta-analysis|case reports?|letter|editorial|comment|research support\b.*|"
    r"multicenter study|observational study|comparative study|original (?:research|article|paper|investigation)"
    r"(?: article)?|research(?: article| paper)?|brief (?:report|communication|clinical note)|short communication|"
    r"communication|case report|review article|clinical study|concise report|letter to the editor|"
    r"research letter|correspondence|article|open access|free access|practice guideline|guideline)\s*\.?\s*$",
    re.I,
)


_FIELD = re.compile(
    r"^\s*(?:authors?|author\(s\)|affiliations?|journal|source|publication (?:year|title|date|type)|published|date|"
    r"year|doi|pmid|pmcid|language(?:\(s\))?|resource type|subjects?|subject\(s\)|keywords?|citation|volume|issue|"
    r"pages?|e?issn|pissn|publisher|document type|type|h-index|scimago[\w ]*|url|link|correspondence|received|"
    r"accepted|funding|copyright|licen[cs]e|sec\.|section|article type|categories|tags?|[\w ]{0,20} of publication|"
    r"total \w+)\s*[:|\-–]\s",
    re.I,
)


def is_author_line(line: str) -> bool:
    """A list of person names ('A Smith 1, B Jones 2', 'Smith A; Jones B', 'A. Smith and B. Jones')."""
    if len(line) > 1500 or _INSTITUTION.search(line):
        return False
    line = re.sub(r"\[\d+\]|\b\d\)|\(\d\)", " ", line)
    parts = [p for p in re.split(r"\s*(?:,|;|·|\band\b|&)\s*", line.strip().rstrip(".,;")) if p.strip()]
    merged: list[str] = []
    for p in parts:  # 'Smith, A. B., Jones, C.': initials belong to the surname before them
        if merged and re.fullmatch(r"\s*(?:[A-Z]\.?\s?-?){1,4}\s*", p):
            merged[-1] += " " + p.strip()
        else:
            merged.append(p)
    parts = merged
    if len(parts) < 2 or any(len(p.split()) > 5 for p in parts):
        return False
    named = sum(bool(_AUTHOR_PART.match(p)) and len(re.findall(r"[^\W\d_]+", p)) >= 2 for p in parts)
    return named >= max(2, int(0.8 * len(parts)))


def is_affiliation(line: str) -> bool:
    line = line[:600]
    return bool(_INSTITUTION.search(line)) and (line.count(",") >= 1 or len(line.split()) <= 8)


def is_citation(line: str) -> bool:
    return bool(_CITATION.search(line))


def _title_part(line: str) -> str:
    """The title of a line that goes on with its citation ('Title. Journal Authors 2021')."""
    line = line.strip().rstrip("|").strip()
    for m in re.finditer(r"[.?!]\s+(?=[A-Z(])", line):
        rest = line[m.end() :]
        if YEAR.search(rest) and (
            is_citation(rest) or re.search(r"[A-Z][a-z]+,\s+[A-Z]\.", rest) or len(rest.split()) <= 12
        ):
            return line[: m.start() + 1].strip()
    return line


#: A PDF dump's first line: running header up to its DOI, a section kicker, then title and authors on one line.
_RUNNING_HEADER = re.compile(r"^.{0,200}?\bdoi:?\s*10\.\S+\s+")
_KICKER = re.compile(
    r"^(?:criteria|recommendations?|extended report|concise report|original (?:article|research)|viewpoint|"
    r"brief report|research letter|clinical science|epidemiology)\s+(?=[A-Z0-9])",
    re.I,
)
_AUTHORS_START = re.compile(r"\s(?=[A-Z][\w'’-]+(?:\s[A-Z]\.?){1,2}\s[A-Z][\w'’-]+,\s?(?:\d+,?\s)?[A-Z])")


#: A news summary quoting the paper's title: 'The following is a summary of “Title,” published in ...'.
_QUOTED = re.compile(
    r"^.{0,40}\b(?:summary|review|commentary) of\s+[“\"](?P<t>[^”\"]{15,400}?)(?:,?[”\"]|(?<=[a-z])(?="
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4}))",
    re.I,
)


def _leading_title(line: str) -> str:
    """The title that opens a long one-line copy, before the author list that follows it on the same line."""
    head = line[:1500]
    if q := _QUOTED.match(head):
        return q.group("t").strip()
    start = m.end() if (m := _RUNNING_HEADER.match(head)) else 0
    if k := _KICKER.match(head[start:]):
        start += k.end()
    end = _AUTHORS_START.search(head, start)
    return (
        head[start : end.start()].strip() if end and 3 <= len(head[start : end.start()].split()) <= 50 else ""
    )


def _shape(line: str) -> float | None:
    """How much a line looks like a title (None: it cannot be one)."""
    words = line.split()
    if not 3 <= len(words) <= 50 or line.lstrip().startswith(("-", "©", "|", "*", "[", "{", "(", "<")):
        return None
    if (
        "http" in line
        or "www." in line
        or "@" in line
        or _OPENERS.match(line)
        or PUBLICATION_TYPES.match(line)
    ):
        return None
    if is_author_line(line) or is_affiliation(line) or is_citation(line):
        return None
    if all(
        PUBLICATION_TYPES.match(p) or p.strip().casefold() in ("publication", "") for p in line.split(",")
    ):
        return None  # 'Publication, Journal Article'
    half = len(words) // 2
    if len(words) % 2 == 0 and words[:half] == words[half:]:
        return None  # a banner printed twice ('Site Name Site Name')
    if re.search(r"\w:\s*$", line) or _FIELD.match(line) or re.match(r"^[^:|]{1,40}[:|][\d\W]*$", line):
        return None  # 'Label: value' fields of a catalogue record
    if len(re.findall(r"[a-z]{2}[.!?]\s+[A-Z]", line)) >= 1 and len(words) > 25:
        return None  # two sentences of prose
    if sum(c.isalpha() for c in line) < 0.6 * len(line.replace(" ", "")):
        return None
    score = 1.0 if 5 <= len(words) <= 35 else 0.5
    if _CHROME.search(line):
        score -= 1.5
    if len(words) > 30:
        score -= 0.5
    return score


def _nonblank(lines: list[str], i: int, step: int) -> int:
    i += step
    while 0 <= i < len(lines) and not lines[i].strip():
        i += step
    return i


def pick(
    lines: list[str], limit: int, full: str, bulleted: frozenset[int] = frozenset()
) -> tuple[int, str] | None:
    """(line index, title text) of the title among ``lines[:limit]``; None when no line looks like one.

    ``bulleted``: indexes of lines that were list items (highlights, affiliations) rather than headings.
    """
    best: tuple[float, int, str] | None = None
    for i in range(min(limit, len(lines))):
        line = lines[i].strip()
        if not line:
            continue
        title = _leading_title(line) if len(line) > 100 else ""
        if not title and len(line) > 1000:  # a title is a few dozen words
            continue
        title = title or _title_part(line)
        score = _shape(title)
        if score is None:
            continue
        core = title.rstrip(".").strip()
        if len(core) >= 15 and full.count(core) > 1:
            score += 2  # repeated (heading and citation, or the page's own title bar)
        nxt = _nonblank(lines, i, 1)
        after = lines[nxt] if 0 <= nxt < len(lines) else ""
        prev = _nonblank(lines, i, -1)
        before = lines[prev] if prev >= 0 else ""
        if is_author_line(after) or re.match(r"^\s*(?:by|authors?|verfasst von)\b", after, re.I):
            score += 1.5
        if PUBLICATION_TYPES.match(before):
            score += 1
        if i in bulleted:
            score -= 1
        if not english(title, evidence=2):  # a second-language title printed beside the English one
            score -= 1
        if limit < len(lines) and limit - i <= 25:
            score += 0.5  # near the abstract
        if best is None or score > best[0]:
            best = (score, i, title)
    if best is None or best[0] <= 0:
        return None
    return best[1], best[2]


def previous(lines: list[str], i: int) -> int | None:
    """Index of the non-blank line above ``i``, if any."""
    j = _nonblank(lines, i, -1)
    return j if j >= 0 else None


_OPEN_END = re.compile(
    r"(?:[-–,:]|\b(?:of|in|with|and|or|for|to|the|a|an|on|by|at|from|after|versus|vs\.?|during|among|as|its|their))\s*$",
    re.I,
)


def continuation(lines: list[str], i: int) -> int | None:
    """Index of the line right under title ``i`` that carries on the same title (wrapped), if any."""
    j = i + 1
    if j >= len(lines) or not lines[j].strip():
        return None
    line, nxt = lines[i].rstrip(), lines[j].strip()
    if not (_OPEN_END.search(line) or nxt[:1].islower()) or line.endswith("."):
        return None
    if re.fullmatch(r"\W*\w+(?:\s\w+){0,2}:", line.strip()):
        return None  # a field label ('Published:') above the title
    if len(nxt.split()) > 20 or is_author_line(nxt) or is_affiliation(nxt) or is_citation(nxt):
        return None
    return j if _shape(nxt if len(nxt.split()) >= 3 else nxt + " x x") is not None else None


def subtitle(lines: list[str], i: int) -> int | None:
    """Index of a subtitle printed on its own line under title ``i`` (followed by the authors), if any."""
    if lines[i].rstrip().endswith((".", "?", "!")) or _shape(lines[i].strip()) is None:
        return None
    j = _nonblank(lines, i, 1)
    if not 0 <= j < len(lines):
        return None
    k = _nonblank(lines, j, 1)
    line = lines[j].strip()
    if (
        2 <= len(line.split()) <= 15
        and not line.endswith(".")
        and (_shape(line if len(line.split()) >= 3 else line + " x x") or 0) > 0
        and 0 <= k < len(lines)
        and is_author_line(lines[k])
    ):
        return j
    return None
