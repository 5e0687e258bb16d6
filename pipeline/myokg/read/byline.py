"""The author list a page prints: labelled, under the title, above it, in a citation; which lines are not one."""

from __future__ import annotations

import re

from myokg.read.authors import LABEL, names

_INLINE = re.compile(r"(?:^|\s)authors?\s*:\s*(?P<run>.+?)(?=\s[a-z_]+\s?:\s|\s\|\s|$)", re.I)
_PAIRS = re.compile(r"(?:(?:and\s|&\s)?[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)?,\s(?:[A-Z]\.\s?){1,3},?\s*){2,}")
#: A Vancouver author run opening a citation line: 'Surname AB, Surname C, ..., Study Group. Title. ...'.
_VANCOUVER = re.compile(
    r"^\s*(?P<run>(?:[A-Z][\w'’-]+(?:\s[a-zA-Z][\w'’-]+)*\s[A-Z]{1,3},\s){2,}[^.]{0,3000}?)\.\s"
)
#: Names opening the prose right after the title on the same line: 'Title Given I. Surname, Given Surname, and ...'.
_OPENING = re.compile(
    r"^\s*(?P<run>(?:[A-Z][\w'’-]+(?:\s[A-Z]\.?)*\s[A-Z][\w'’-]+,\s(?:\d+(?:,\d+)*,?\s)?){1,}(?:and\s)?"
    r"[A-Z][\w'’-]+(?:\s[A-Z]\.?)*\s[A-Z][\w'’-]+)"
)
_ET_AL = re.compile(r"^\s*(?P<run>[^,;]{3,60}?),?\s+et\s+al\b")
_BY_ET_AL = re.compile(r"\bby\s+(?P<name>[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?),?\s+et\s+al\b")
_MARK_LINE = re.compile(r"^[\s\d,*†‡§#a-h]*(?:\band\b)?[\s,]*$")


def find(entries: list[tuple[str, str]]) -> list[str]:
    """The page's authors from its lines ``(text, where)`` (where: title, head, abstract or tail, as
    ``pagebib.own_lines`` gives them): a labelled list, else the list under the title, else a citation's names."""
    for i, (line, where) in enumerate(entries):
        if (
            where in ("head", "tail")
            and (m := LABEL.match(line))
            and (got := _list(entries, i, line[m.end() :]))
        ):
            return got
    for line, where in entries:
        if where in ("head", "tail") and (m := _INLINE.search(line)) and (got := names(m.group("run")) or []):
            return got
    last_title = max((i for i, (_, where) in enumerate(entries) if where == "title"), default=-1)
    tried = 0
    for i in range(last_title + 1, len(entries)) if last_title >= 0 else ():
        line, where = entries[i]
        if tried >= 6:
            break
        if not line.strip():
            continue
        opening = _OPENING.match(line)
        got = _list(entries, i, line) if where == "head" else []
        got = got if len(got) > 1 or tried == 0 else []  # one name alone only right under the title
        if got := got or _et_al(line) or (names(opening.group("run")) or [] if opening else []):
            return got
        if where != "head":
            break
        tried += 1
    first_title = next((i for i, (_, where) in enumerate(entries) if where == "title"), -1)
    # names printed above the title: the three filled lines over it (blank lines of a PDF copy do not count)
    above = [(line, where) for line, where in entries[: max(0, first_title)] if line.strip()][-3:]
    for line, where in above:
        if where == "head" and len(got := names(line) or []) >= 2:
            return got
    for line, where in entries:
        if (
            where in ("head", "tail")
            and (m := _VANCOUVER.match(line))
            and (got := names(m.group("run")) or [])
        ):
            return got
    for line, where in entries:
        if (
            where in ("head", "tail", "title")
            and (m := _PAIRS.search(line))
            and (got := names(m.group()) or [])
        ):
            return got
    for k, (line, where) in enumerate(entries):
        if 0 <= last_title < k <= last_title + 2 and (m := _BY_ET_AL.search(line[:1000])):
            return [m.group("name")]  # '... by Surname et al.' in a summary under the title
        if where == "tail" and len(got := names(line) or []) >= 3:  # a list of three names or more below
            return got
    return []


def _et_al(line: str) -> list[str]:
    """PubMed's short line 'Given Surname et al. Journal.'."""
    m = _ET_AL.match(line)
    return (names(m.group("run")) or []) if m else []


def _list(entries: list[tuple[str, str]], i: int, rest: str) -> list[str]:
    """Names on ``rest`` (the line at ``i`` after any label) and on the lines after it that hold names only."""
    out = names(rest) or [] if rest.strip() else []
    if rest.strip() and not out:
        return []
    affiliation = False
    for line, where in entries[i + 1 : i + 60]:
        if where not in ("head", "tail"):
            break
        if not line.strip() or _MARK_LINE.match(line) or affiliation:
            affiliation = affiliation and not line.strip()  # the line under an 'Affiliation:' label
            continue
        if re.match(r"^\s*affiliations?\s*:\s*$", line, re.I):  # 'Name / Affiliation: / place / Name ...'
            affiliation = True
            continue
        more = names(line)
        if not more:
            break
        out += more
    return out
