"""Normalise text for matching while keeping a map back to the original character offsets."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

_DASHES = {"\u2212", "\ufe63", "\uff0d"}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_FOLDS = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u03b1": "alpha",
    "\u03b2": "beta",
    "\u03b3": "gamma",
}


@lru_cache(maxsize=4096)
def fold_char(c: str) -> str:
    """Return the matching form of one character (may be empty or several characters)."""
    if c in _FOLDS:
        return _FOLDS[c]
    cat = unicodedata.category(c)
    if cat == "Pd" or c in _DASHES:
        return "-"
    if c == "\u00ad":
        return ""
    if cat == "Zs" or c in "\t\r\n\f\v":
        return " " if c not in "\n" else "\n"
    if ord(c) < 128:
        return c
    folded = unicodedata.normalize("NFKC", c)
    return folded


def normalise(text: str) -> tuple[str, Sequence[int]]:
    """Fold dashes, spaces, quotes and ligatures; return the new text and, per character, its source offset."""
    if text.isascii():
        return text, range(len(text) + 1)  # identity map in constant memory (long one-line pages)
    out: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in _NON_ASCII.finditer(text):
        i = m.start()
        if i > pos:
            out.append(text[pos:i])
            offsets.extend(range(pos, i))
        folded = fold_char(text[i])
        out.append(folded)
        offsets.extend([i] * len(folded))
        pos = i + 1
    out.append(text[pos:])
    offsets.extend(range(pos, len(text) + 1))
    return "".join(out), offsets


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """Identity key of a string: NFKC, dashes folded, case folded, only letters and digits kept."""
    folded = "".join(fold_char(c) for c in unicodedata.normalize("NFKC", text)).casefold()
    return " ".join(re.findall(r"[^\W_]+", folded))


def clean_literal(text: str) -> str:
    """NFC text with whitespace collapsed, safe to store as a literal."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(c for c in text if c in "\t\n" or unicodedata.category(c) not in ("Cc", "Cs"))
    return re.sub(r"\s+", " ", text).strip()


#: A publication year (1800-2099): the one year pattern of the readers (embed it in larger patterns).
YEAR_PATTERN = r"(?:18|19|20)\d\d"
#: A publication year standing alone as a word.
YEAR = re.compile(rf"\b{YEAR_PATTERN}\b")
