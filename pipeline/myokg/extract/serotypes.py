"""Myositis subtypes named by their autoantibody: 'myopathy with anti-HMGCR antibodies', 'anti-SRP positive
myositis', 'Jo-1 antibody-associated myositis', 'interstitial lung disease with anti-synthetase antibodies'.

A marker (a disease term's ``markerAntibody``, optionally after 'anti') names the subtype when a disease head word
stands within a few words of it in the same clause: after it ('HMGCR antibody-associated myopathies') or before it
with a linking word ('necrotizing myopathy with anti-SRP'). A marker of two letters or three counts only after 'anti'
('anti-EJ'), where it cannot be an ordinary word.
"""

from __future__ import annotations

import re

from myokg.extract.prefilter import with_first_test
from myokg.vocab import Vocabulary

# the muscle disease names every subtype; a feature of the syndrome (its lung disease) names only the subtypes that
# declare it (myo:markerFeature): 'anti-MDA5 ILD' is no dermatomyositis, 'antisynthetase-associated ILD' is ASyS
_MUSCLE = r"myopath(?:y|ies)|myositis|myositides"
_LINKS_AFTER = (
    r"(?:[\s\-–+]*(?:\([^()]{1,15}\)|(?:auto)?antibod(?:y|ies)|positive|positivity|seropositive|associated|related|"
    r"mediated|immune|autoimmune|necroti[sz]ing|inflammatory|rapidly|progressive|and|or|[\w-]+-positive))*[\s\-–+]*"
)
_LINKS_BEFORE = (
    r"\s+(?:with|and|associated with|positive for|due to)\s+(?:(?:the|an?|positive|serum|high-tit(?:er|re)|"
    r"(?:auto)?antibod(?:y|ies)|against|to)\s+)*$"
)


def _heads(names: list[str]) -> str:
    return "|".join([_MUSCLE] + [re.escape(n) + "s?" for n in sorted(names, key=len, reverse=True)])


class Serotypes:
    """The markers of one vocabulary, compiled: one pattern finds them, one pair of patterns per term checks them."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.by_marker = {m.lower(): t.iri for t in vocab.terms.values() for m in t.markers}
        names = sorted(self.by_marker, key=len, reverse=True)
        self.pattern = (
            # behind a test of its first letter: `re` otherwise tries every marker at every word of the text
            with_first_test(
                re.compile(r"(?<!\w)(anti[\s\-–]*)?(" + "|".join(map(re.escape, names)) + r")s?(?!\w)", re.I)
            )
            if names
            else None
        )
        self.context: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {}
        for iri in set(self.by_marker.values()):
            features = [
                n
                for f in vocab.terms[iri].features
                if f in vocab.terms
                for n in [vocab.terms[f].label]
                + [x for x, how in vocab.terms[f].synonyms if how != "blocked form"]
            ]
            heads = _heads(features)
            self.context[iri] = (
                re.compile(rf"{_LINKS_AFTER}(?:{heads})\b", re.I),
                re.compile(rf"\b(?:{heads}){_LINKS_BEFORE}", re.I),
            )

    def find(self, norm: str) -> list[tuple[str, int, int]]:
        """(term, start, end) of every marker that names a subtype in ``norm``; the span covers 'anti-' too."""
        if self.pattern is None:
            return []
        out = []
        for m in self.pattern.finditer(norm):
            anti, marker = m.group(1), m.group(2)
            if len(marker) <= 3 and not anti:
                continue
            term = self.by_marker[marker.lower()]
            after, before = self.context[term]
            start, end = m.start(), m.end()
            if after.match(norm, end, min(len(norm), end + 80)) or before.search(
                norm, max(0, start - 80), start
            ):
                out.append((term, start, end))
        return out
