"""Undo the damage that copying does to a page before it is read: escaped text, HTML entities, PDF dumps."""

from __future__ import annotations

import html
import re
from itertools import islice

_ESCAPE = re.compile(r"\\(?:r\\n|n|t|u[0-9a-fA-F]{4})")
_ENTITY = re.compile(r"&(?:#\d{1,6}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
_BROKEN_ENTITY = re.compile(r"&#x?;")
_HYPHEN_BREAK = re.compile(r"(?<=[a-z]{2})-\n(?=[a-z]{2})")
_PDF_EQUALS = re.compile(r"(?<=[\s(\w])¼(?=\s*[-−\d.<>])")
_MOJIBAKE = re.compile(r"\ufffd|Ã[\x80-\xbf©¨¤¼]|â€")

#: Warning given to documents whose text holds U+FFFD or classic mojibake (every reader uses it).
MOJIBAKE_WARNING = "text contains U+FFFD or mojibake; damaged tokens are not grounded"


def _unescape(m: re.Match[str]) -> str:
    s = m.group()
    if s in ("\\n", "\\r\\n"):
        return "\n"
    if s == "\\t":
        return "\t"
    return chr(int(s[2:], 16))


def repair(text: str) -> str:
    """The text as the page showed it: literal escapes decoded, entities resolved, PDF line breaks undone."""
    if sum(1 for _ in islice(_ESCAPE.finditer(text), 2)) == 2:
        text = _ESCAPE.sub(_unescape, text)
    if _ENTITY.search(text) or _BROKEN_ENTITY.search(text):
        text = _BROKEN_ENTITY.sub("", html.unescape(text))
    if _HYPHEN_BREAK.search(text):  # a hard-wrapped dump: words split at line ends
        text = _HYPHEN_BREAK.sub("", text)
    if sum(1 for _ in islice(_PDF_EQUALS.finditer(text), 2)) == 2:  # a PDF font that prints '=' as '¼'
        text = _PDF_EQUALS.sub("=", text)
    return text


def damaged(text: str) -> bool:
    """True when the text holds U+FFFD or mojibake (UTF-8 read as Latin-1 / cp1252)."""
    return bool(_MOJIBAKE.search(text))
