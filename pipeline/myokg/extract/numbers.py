"""Read numbers written as digits or words ('thirty-five', 'Seventy percent')."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_UNITS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate(
        ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    )
    if w != "_"
}
_WORD = "|".join(sorted(list(_UNITS) + list(_TENS) + ["hundred", "a", "single"], key=len, reverse=True))
#: A number as digits or words, usable inside larger patterns.
NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|(?:{_WORD})(?:[-‐‑‒– ](?:{'|'.join(_UNITS)}))?)"


def parse_number(text: str) -> Decimal | None:
    """Return the value of a number in digits or English words, or None."""
    t = text.strip().lower().replace(",", "")
    try:
        return Decimal(t)
    except InvalidOperation:
        pass
    if t in ("a", "single"):
        return Decimal(1)
    total = 0
    for part in re.split(r"[-‐‑‒– ]", t):
        if part in _UNITS:
            total += _UNITS[part]
        elif part in _TENS:
            total += _TENS[part]
        elif part == "hundred":
            total = max(total, 1) * 100
        else:
            return None
    return Decimal(total)


def parse_int(text: str) -> int | None:
    """Return a whole number, or None."""
    v = parse_number(text)
    return int(v) if v is not None and v == v.to_integral_value() else None
