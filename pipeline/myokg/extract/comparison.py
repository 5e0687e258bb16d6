"""Which arm did better, from two rates set side by side ('1-year survival 85% vs 40%', '30% and 50% died ... in
the A group and the B group, respectively').

The arms are taken in the order the sentence names them; an outcome people want (survival, remission, response)
is better when higher, one they fear (death, relapse, failure) when lower. Equal rates, a stated p-value of 0.05 or
more, or an outcome word of both kinds give no verdict.
"""

from __future__ import annotations

import re

_F = re.I
#: Two percentages linked as a comparison: '85% vs 40%', '12 (20%) and 21 (45%)', '(70% versus 25%'.
RATE_PAIR = re.compile(
    r"(?<![\d.])(\d+(?:\.\d+)?)\s*%\s*\)?\s*,?\s*(?:vs\.?|versus|and|compared (?:with|to)|against)\s*"
    r"(?:\d+\s*)?(?:\(\s*)?(?<![\d.])(\d+(?:\.\d+)?)\s*%",
    _F,
)
_WANTED = re.compile(r"\b(?:surviv\w*|alive|remissions?|respon\w*|improv\w*)\b", _F)
_FEARED = re.compile(
    r"\b(?:died|deaths?|mortality|relapse[sd]?|flares?|transplant\w*|failures?|progress(?:ed|ion))\b", _F
)
#: 'transplant-free survival' is survival.
_FREE_OF = re.compile(r"\b[\w-]+-free\b", _F)
_P_VALUE = re.compile(r"\bp\s*[=≥>]\s*(0?\.\d+|1(?:\.0+)?)\b", _F)


def better_arm(text: str) -> tuple[int, int] | None:
    """(index of the better arm, 0 or 1; offset of the rates in ``text``) where the sentence compares two rates."""
    m = RATE_PAIR.search(text)
    if not m:
        return None
    a, b = float(m.group(1)), float(m.group(2))
    p = _P_VALUE.search(text[m.end() : m.end() + 40])
    if a == b or (p and float(p.group(1)) >= 0.05):
        return None
    words = _FREE_OF.sub(" ", text)
    wanted, feared = bool(_WANTED.search(words)), bool(_FEARED.search(words))
    if wanted == feared:
        return None
    higher_is_better = wanted
    return (0 if (a > b) == higher_is_better else 1), m.start()
