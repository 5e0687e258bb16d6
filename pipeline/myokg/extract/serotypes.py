"""Myositis subtypes named by their autoantibody: 'myopathy with anti-HMGCR antibodies', 'anti-SRP positive
myositis', 'Jo-1 antibody-associated myositis', 'antisynthetase antibody-positive myopathy'.

A marker (a disease term's ``markerAntibody``, optionally after 'anti') names the subtype when a disease head word
stands within a few words of it in the same clause: after it ('HMGCR antibody-associated myopathies') or before it
with a linking word ('necrotizing myopathy with anti-SRP'). A marker of two letters or three counts only after 'anti'
('anti-EJ'), where it cannot be an ordinary word.
"""

from __future__ import annotations

import re

from myokg.vocab import Vocabulary

# the muscle disease: an antibody named with lung disease alone ('anti-MDA5 ILD') does not name the myositis
_HEAD = r"(?:myopath(?:y|ies)|myositis|myositides)"
_AFTER = re.compile(
    rf"(?:[\s\-–+]*(?:(?:auto)?antibod(?:y|ies)|positive|positivity|seropositive|associated|related|mediated|"
    rf"(?:immune|autoimmune|necroti[sz]ing|inflammatory|rapidly|progressive|and|or|[\w-]+-positive)))*[\s\-–+]*{_HEAD}\b",
    re.I,
)
_BEFORE = re.compile(
    rf"\b{_HEAD}\s+(?:with|and|associated with|positive for|due to)\s+(?:(?:the|an?|positive|serum|high-titer|high-titre)\s+)*$",
    re.I,
)


class Serotypes:
    """The markers of one vocabulary, compiled into one pattern."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.by_marker = {m.lower(): t.iri for t in vocab.terms.values() for m in t.markers}
        names = sorted(self.by_marker, key=len, reverse=True)
        self.pattern = (
            re.compile(r"(?<!\w)(anti[\s\-–]*)?(" + "|".join(map(re.escape, names)) + r")(?!\w)", re.I)
            if names
            else None
        )

    def find(self, norm: str) -> list[tuple[str, int, int]]:
        """(term, start, end) of every marker that names a subtype in ``norm``; the span covers 'anti-' too."""
        if self.pattern is None or "anti" not in norm.lower() and not _has_head(norm):
            return []
        out = []
        for m in self.pattern.finditer(norm):
            anti, marker = m.group(1), m.group(2)
            if len(marker) <= 3 and not anti:
                continue
            start, end = m.start(), m.end()
            if _AFTER.match(norm, end, min(len(norm), end + 80)) or _BEFORE.search(
                norm, max(0, start - 60), start
            ):
                out.append((self.by_marker[marker.lower()], start, end))
        return out


def _has_head(norm: str) -> bool:
    low = norm.lower()
    return "myopath" in low or "myositi" in low
