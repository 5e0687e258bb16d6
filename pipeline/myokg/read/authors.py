"""Author names: the family name of a name in any printed order."""

from __future__ import annotations

import re

_INITIALS = re.compile(r"[A-Z]{1,3}\.?|(?:[A-Z]\.-?){1,3}")


def surname(author: str) -> str:
    """The family name of 'Dalakas M C', 'Dalakas MC', 'Ytterberg, S.R' or 'P Efthimiou'."""
    if "," in author:
        return author.split(",", 1)[0].strip()
    tokens = author.split()
    while len(tokens) > 1 and _INITIALS.fullmatch(tokens[-1]):
        tokens.pop()  # trailing initials
    while len(tokens) > 1 and _INITIALS.fullmatch(tokens[0]):
        tokens = tokens[1:]  # leading initials
    return " ".join(tokens)
