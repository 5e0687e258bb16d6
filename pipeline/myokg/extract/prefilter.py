"""An exact, cheap prefilter for slow regular expressions: literal words every match must contain.

Python's `re` finds no fast start for a case-insensitive alternation ('\\b(?:effective|beneficial|...)'): it tries
the whole pattern at every position of the text. The words one of which any match must contain are read from the
pattern's own parse tree, so a plain substring test (``in``) rules most sentences out before the pattern runs.
The prefilter never changes a result: where it cannot be sure (a text with one of the few non-ASCII letters that
match an ASCII letter case-insensitively), the pattern runs.

A long alternation that ignores case or opens on '\\b' can also be searched behind a lookahead for the characters a
match can start with ('(?=[a-z])\\b(?:effective|...)'): `re` has no fast first test of its own for such a pattern and
tries every alternative at every word boundary. It is asked for pattern by pattern (``first_test``), where it was
measured to pay: on short or rarely failing alternations the lookahead costs more than it saves.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from typing import Any

try:
    from re import _parser as _sre  # type: ignore[attr-defined]  # Python >= 3.11
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre

_LITERAL = _sre.LITERAL
_IN = _sre.IN
_ZERO_WIDTH = {_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT}
_CATEGORY_CLASS = {
    _sre.CATEGORY_DIGIT: r"\d",
    _sre.CATEGORY_NOT_DIGIT: r"\D",
    _sre.CATEGORY_SPACE: r"\s",
    _sre.CATEGORY_NOT_SPACE: r"\S",
    _sre.CATEGORY_WORD: r"\w",
    _sre.CATEGORY_NOT_WORD: r"\W",
}
_ANCHORS = {_sre.AT_BEGINNING, _sre.AT_BEGINNING_STRING}
_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")
_SUBPATTERN = _sre.SUBPATTERN
_BRANCH = _sre.BRANCH
_REPEATS = {_sre.MAX_REPEAT, _sre.MIN_REPEAT} | (
    {_sre.POSSESSIVE_REPEAT} if hasattr(_sre, "POSSESSIVE_REPEAT") else set()
)
#: Non-ASCII characters that match an ASCII letter under re.IGNORECASE (İ, ı, ſ, the Kelvin sign).
_ODD_CASE = ("\u0130", "\u0131", "\u017f", "\u212a")
#: Needles shorter than this pass too many texts to be worth testing.
_MIN_NEEDLE = 3

Needles = frozenset[str]


def _better(a: Needles | None, b: Needles | None) -> Needles | None:
    """The more selective of two needle sets: longer shortest needle, then fewer common one-character needles
    ('=' before 'n'), then fewer needles."""
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b, key=lambda s: (min(map(len, s)), -sum(n in _COMMON for n in s), -len(s)))


#: Characters found in most sentences: poor needles on their own.
_COMMON = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 ,.()-")


def _needles(items: Any, ci: bool) -> Needles | None:
    """Strings one of which occurs in every match of the parsed sequence ``items`` (lowercased when ``ci``);
    None when nothing is certain."""
    best: Needles | None = None
    run = ""
    for op, av in items:
        if op is _LITERAL and (not ci or av < 128):
            run += chr(av).lower() if ci else chr(av)
            continue
        if run:
            best, run = _better(best, frozenset([run])), ""
        cand: Needles | None = None
        if op is _SUBPATTERN:
            _, add_flags, del_flags, sub = av
            if not (add_flags or del_flags):
                cand = _needles(sub, ci)
        elif op is _BRANCH:
            alts = [_needles(alt, ci) for alt in av[1]]
            if all(a is not None for a in alts):
                cand = frozenset().union(*alts)  # type: ignore[arg-type]
        elif op in _REPEATS:
            low, _, sub = av
            if low >= 1:
                cand = _needles(sub, ci)
        best = _better(best, cand)
    if run:
        best = _better(best, frozenset([run]))
    return best


def needles(rx: re.Pattern[str]) -> Needles | None:
    """The literal needles of a compiled pattern (lowercase if it ignores case), or None; a needle that holds
    another is dropped (the shorter one is found wherever the longer is)."""
    found = _needles(_sre.parse(rx.pattern, rx.flags), bool(rx.flags & re.IGNORECASE))
    if found is None:
        return None
    return frozenset(n for n in found if not any(o != n and o in n for o in found))


def _class_items(items: Any) -> set[str] | None:
    """The members of a character class ``[...]`` as class syntax; None for a negated or unusual class."""
    out = set()
    for op, av in items:
        if op is _LITERAL:
            out.add(re.escape(chr(av)))
        elif op is _sre.RANGE:
            out.add(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is _sre.CATEGORY and av in _CATEGORY_CLASS:
            out.add(_CATEGORY_CLASS[av])
        else:
            return None
    return out


def _first(items: Any) -> tuple[set[str], bool] | None:
    """The characters (as class syntax) a match of the parsed sequence ``items`` can start with, and whether it can
    match the empty string; None when that is not certain."""
    out: set[str] = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # consumes nothing: the first character comes after it
        if op is _LITERAL:
            return out | {re.escape(chr(av))}, False
        if op is _IN:
            members = _class_items(av)
            return None if members is None else (out | members, False)
        if op is _SUBPATTERN:
            _, add_flags, del_flags, sub = av
            found = None if add_flags or del_flags else _first(sub)
        elif op is _BRANCH:
            alts = [_first(alt) for alt in av[1]]
            if any(a is None for a in alts):
                return None
            found = (set().union(*(a[0] for a in alts if a)), any(a[1] for a in alts if a))
        elif op in _REPEATS:
            low, _, sub = av
            found = _first(sub)
            found = found and (found[0], found[1] or low == 0)
        else:
            return None
        if found is None:
            return None
        out |= found[0]
        if not found[1]:
            return out, False
    return out, True


def with_first_test(rx: re.Pattern[str]) -> re.Pattern[str]:
    """``rx`` behind a lookahead for the characters its matches start with (the same matches), where `re` has no
    first test of its own: the pattern ignores case or opens on an assertion ('\\b'); else ``rx`` itself."""
    if _GLOBAL_FLAGS.match(rx.pattern):
        return rx
    parsed = _sre.parse(rx.pattern, rx.flags)
    opening = parsed[0] if len(parsed) else None
    if opening is not None and opening[0] is _sre.AT and opening[1] in _ANCHORS:
        return rx  # `re` tries an anchored pattern at its start only
    if not (rx.flags & re.IGNORECASE or (opening is not None and opening[0] in _ZERO_WIDTH)):
        return rx
    first = _first(parsed)
    if first is None or first[1] or not first[0]:
        return rx
    return re.compile(f"(?=[{''.join(sorted(first[0]))}])" + rx.pattern, rx.flags)


class Prefiltered:
    """A compiled pattern behind its needle test; the methods the extractor uses, with `re`'s results."""

    __slots__ = ("pattern", "flags", "groups", "_may", "_fast")

    def __init__(self, rx: re.Pattern[str], min_needle: int = _MIN_NEEDLE, first_test: bool = False) -> None:
        self.pattern = rx
        self.flags = rx.flags
        self.groups = rx.groups
        self._fast = with_first_test(rx) if first_test else rx
        found = needles(rx)
        self._may: Callable[[str], bool] = _always
        if found and min(map(len, found)) >= min_needle:
            self._may = _may_ci(found) if rx.flags & re.IGNORECASE else _may_cs(found)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self._fast.search(text, pos, endpos) if self._may(text) else None

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self._fast.match(text, pos, endpos) if self._may(text) else None

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self._fast.finditer(text, pos, endpos) if self._may(text) else iter(())

    def findall(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self._fast.findall(text, pos, endpos) if self._may(text) else []

    def sub(self, repl: str, text: str, count: int = 0) -> str:
        return self._fast.sub(repl, text, count) if self._may(text) else text

    def split(self, text: str, maxsplit: int = 0) -> list[str | Any]:
        return self._fast.split(text, maxsplit) if self._may(text) else [text]


def _always(text: str) -> bool:
    return True


def _may_cs(found: Needles) -> Callable[[str], bool]:
    ordered = tuple(sorted(found))

    def may(text: str) -> bool:
        return any(map(text.__contains__, ordered))

    return may


#: The last text lowered and its lower case, as one tuple (replaced whole: safe across threads). The patterns of a
#: rule run one after another on the same sentence, so it is lowered once.
_last: tuple[str, str] = ("", "")


def _may_ci(found: Needles) -> Callable[[str], bool]:
    ordered = tuple(sorted(found))

    def may(text: str) -> bool:
        global _last
        if not text.isascii() and any(map(text.__contains__, _ODD_CASE)):
            return True
        last = _last
        if last[0] is text:
            low = last[1]
        else:
            low = text.lower()
            _last = (text, low)
        return any(map(low.__contains__, ordered))

    return may


def prefiltered(
    pattern: str, flags: int = 0, min_needle: int = _MIN_NEEDLE, first_test: bool = False
) -> Prefiltered:
    """``re.compile(pattern, flags)`` behind its needle test; ``min_needle`` lets a rare short needle in ('?', ';');
    ``first_test`` searches behind a lookahead for a match's first character (see `with_first_test`)."""
    return Prefiltered(re.compile(pattern, flags), min_needle, first_test)
