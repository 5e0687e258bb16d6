"""Abbreviations a text defines, found by the Schwartz–Hearst algorithm.

Schwartz AS, Hearst MA. A simple algorithm for identifying abbreviation definitions in biomedical text.
Pac Symp Biocomput 2003:451-62. A candidate is a short form in brackets after its long form ('calcineurin
inhibitors (CNIs)') or, less often, a long form in brackets after its short form ('MMF (mycophenolate mofetil)').
The long form is the shortest run of words before the bracket in which every character of the short form is found,
right to left, the short form's first character starting a word. A plural short form ('CNIs') also defines its
singular ('CNI').
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# '(' short form ')' ; the short form: 2-10 characters, a letter first, at most two words
_BRACKETED = re.compile(r"\(\s*([^()\s;,][^();,]{0,11}?)\s*[);,]")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Definition:
    """A short form and where its long form stands in the text (character offsets)."""

    short: str
    start: int
    end: int


def _short_form_ok(sf: str) -> bool:
    return (
        2 <= len(sf) <= 10
        and len(sf.split()) <= 2
        and sf[0].isalnum()
        and any(c.isalpha() for c in sf)
        and any(c.isupper() for c in sf)
    )


def _long_form_start(sf: str, lf: str) -> int | None:
    """Schwartz–Hearst's matching: where in ``lf`` the long form begins, or None."""
    s, l_ = len(sf) - 1, len(lf) - 1
    while s >= 0:
        c = sf[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        while l_ >= 0 and (lf[l_].lower() != c or (s == 0 and l_ > 0 and lf[l_ - 1].isalnum())):
            l_ -= 1
        if l_ < 0:
            return None
        l_ -= 1
        s -= 1
    return lf.rfind(" ", 0, l_ + 1) + 1


def definitions(text: str) -> list[Definition]:
    """Every 'long form (SF)' pair in ``text``; a plural short form is given in both numbers."""
    out: list[Definition] = []
    for m in _BRACKETED.finditer(text):
        sf = m.group(1)
        plural = sf.endswith("s") and len(sf) >= 3 and sf[-2].isupper()
        forms = [sf, sf[:-1]] if plural else [sf]
        if not _short_form_ok(forms[-1]):
            continue
        # the window: at most min(|SF| + 5, 2|SF|) words before the bracket, within the sentence
        end = m.start()
        while end and text[end - 1] == " ":
            end -= 1
        head = text[max(0, end - 200) : end]
        head = re.split(r"[.;:!?]\s|[\n()\[\]]", head)[-1]
        words = list(_WORD.finditer(head))
        if not words:
            continue
        window = words[-min(len(forms[-1]) + 5, 2 * len(forms[-1])) :]
        lf = head[window[0].start() :]
        at = _long_form_start(forms[-1], lf)
        if at is None or len(lf) - at <= len(forms[-1]):
            continue
        start = end - len(lf) + at
        out.extend(Definition(f, start, end) for f in forms)
    return out
