"""Lines of a page and how they are read: spans into the text, normalised views with a map back."""

from __future__ import annotations

import re
from collections.abc import Sequence

from myokg.textnorm import normalise


def line_spans(text: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of each line, end excluding the newline."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink (start, end) to exclude surrounding white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_line(
    lines: list[tuple[int, int]], norm_lines: list[str], rx: re.Pattern[str], start: int = 0
) -> int:
    """Index of the first line from ``start`` that ``rx`` matches (-1 when none does)."""
    for i in range(start, len(lines)):
        if rx.match(norm_lines[i]):
            return i
    return -1


def view(line: str) -> tuple[str, Sequence[int]]:
    """The line as read: normalised, markdown marks and list bullets blanked; with its map to line offsets."""
    norm, offsets = normalise(line)
    norm = MARKUP.sub(lambda m: " " * len(m.group()), norm)
    return norm, offsets


MARKUP = re.compile(
    r"</?(?:p|strong|b|i|em|sup|sub|br|span|div|h\d|li|ul|ol)\b[^<>]{0,60}>|^\s*(?:#{1,6}|>|[•·▪◦*-](?=\s))\s|\*\*|__|^\s*\|\s*(?=\S)"
)
