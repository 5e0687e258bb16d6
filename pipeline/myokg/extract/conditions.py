"""Which diseases a study treats: the myositis subtypes and the organ diseases named as the target.

A disease mention is not a treated condition when it is part of the name of a rating instrument ("Childhood
Myositis Assessment Scale"), the class in a definition ("DM, an idiopathic inflammatory myopathy,", "DM is a collagen vascular disease"), or a
population the study excluded ("patients with IBM were excluded").
"""

from __future__ import annotations

import re

from myokg.extract.events import sentence_of
from myokg.extract.mentions import Mention
from myokg.extract.model import Segment
from myokg.namespaces import TERM
from myokg.vocab import Vocabulary

#: Mention roles read as the condition treated.
CONDITION_ROLES = ("condition", "target manifestation")
#: Mention roles read as an organ focus of the finding.
MANIFESTATION_ROLES = ("manifestation", "target manifestation")

# a capitalised name running on to an instrument word: "Myositis Disease Activity Assessment Tool"
_INSTRUMENT = re.compile(
    r"^(?:[\s-]+(?:[A-Z][\w'-]*|and|of|to|for|in)){0,6}?[\s-]+"
    r"(?:Scale|Index|Score|Criteria|Tool|Questionnaire|Instrument|Inventory|Assessment|Activity)\b"
)
# "DM, an idiopathic inflammatory myopathy," / "dermatomyositis is a rare idiopathic inflammatory myopathy"
_DEFINITION = re.compile(
    r"^(?:\s*\([^)]{0,20}\))?(?:\s*,|\s+(?:is|are|represents?))\s+(?:an?|one|the)\s+(?:[\w-]+\s+){0,3}$", re.I
)
_MODIFIER = re.compile(
    r"^[\s-]*(?:(?:specific|associated|related)\s+(?:auto)?antibod|"  # 'myositis-specific antibodies'
    r"(?:disease\s+)?(?:activity|damage|response)\s+(?:assessment|score|index|criteria|tool|scale)|"  # measures
    r"(?:clinics?|centres?|centers?|units?|services?|registry|registries|association|society|foundation|"
    r"network|consortium|(?:study\s+)?group)\b)",  # institutions: 'the Myositis clinic'
    re.I,
)
# a disease named as what the population is not: 'unlike idiopathic inflammatory myositis, ICI-related myositis',
# 'lung disease in the absence of clinically apparent myositis', 'ILD without myositis'
_CONTRAST = re.compile(
    r"\b(?:unlike|as opposed to|in contrast (?:to|with)|rather than|distinguish\w* (?:it |them )?from|"
    r"differs? from|mimick?\w*|(?:in the )?absence of|without|no (?:evidence|signs?) of)\s+(?:[\w-]+\s+){0,2}$",
    re.I,
)
_ADULT = re.compile(r"adult(?:-onset| onset)?\s", re.I)
_JUVENILE = re.compile(r"(?:juvenile|childhood)\s", re.I)
_POPULATION = re.compile(
    r"\b(?:patients?|children|adults|cases?|subjects|individuals|those)\s+with\s+(?:[\w/-]+\s+){0,4}$", re.I
)
_EXCLUDED_BEFORE = re.compile(r"\bexclu(?:ded|ding|sion|de)\b(?![^;:]*\binclu)[^;:]{0,60}$", re.I)
_EXCLUDED_AFTER = re.compile(
    r"^[^,;:.]{0,40}?\b(?:(?:was|were|are|is|being|been)\s+(?:also\s+)?)?(?:excluded|not\s+eligible)\b", re.I
)


def treated(vocab: Vocabulary, seg: Segment, diseases: list[Mention]) -> list[Mention]:
    """Disease mentions that name a condition the study treats (or describes), in text order."""
    out: list[Mention] = []
    for m in diseases:
        role = vocab.role_of(m.term)
        if role not in CONDITION_ROLES:
            continue
        base, sent = _sentence(seg, m)
        before, after = sent[: m.start - base], sent[m.end - base :]
        if role == "target manifestation" and not _is_target(vocab, seg, m, diseases, before):
            continue
        if _INSTRUMENT.match(after) and m.text[:1].isupper():
            continue
        if _MODIFIER.match(after):  # names antibodies, a measure or an institution, not a population
            continue
        if any(
            _DEFINITION.match(sent[o.end - base : m.start - base]) and o.term != m.term
            for o in seg.within(diseases, base, m.start)
            if base <= o.end <= m.start
        ):
            continue
        if _excluded(before, after) or _CONTRAST.search(before):
            continue
        out.append(m)
    return out


def umbrella_free(vocab: Vocabulary, terms: set[str], population: frozenset[str] = frozenset()) -> set[str]:
    """The conditions to report from those named.

    Age is the population, not another disease: 'adult dermatomyositis' is dermatomyositis, and the parent of a
    juvenile form ('DM' in a text on juvenile DM) is that form. A grouping named only as the umbrella of its kinds
    ('inflammatory myopathies ... DM and PM') is dropped unless the text names the population so (``population``:
    in the title, or 'patients with IIM'), and a broad category outside myositis ('autoimmune diseases') beside a
    myositis is dropped, as is an organ disease beside its own kind ('ILD' beside 'myositis-associated ILD').
    """
    terms = {_age_free(vocab, c) for c in terms}
    juvenile = {p for o in terms if _is_juvenile(vocab, o) for p in vocab.terms[o].parents}
    myositis = str(TERM.myositis)
    any_myositis = any(vocab.is_a(c, myositis) for c in terms)
    return {
        c
        for c in terms
        if c not in juvenile
        and (
            c in population
            or (
                not any(o != c and c in vocab.ancestors(o)[2:] for o in terms)
                and sum(o != c and vocab.is_a(o, c) for o in terms) < 2
            )
        )
        and not (any_myositis and not vocab.is_a(c, myositis) and _is_category(vocab, c))
        and not (
            vocab.role_of(c) == "target manifestation" and any(o != c and vocab.is_a(o, c) for o in terms)
        )
    }


def population(seg: Segment, conditions: list[Mention]) -> frozenset[str]:
    """Conditions the text names as its population: in the title, or as 'patients with ...'."""
    out = set()
    for m in conditions:
        base, sent, region = sentence_of(seg, m)
        if region in ("title", "citation") or _POPULATION.search(sent[: m.start - base]):
            out.add(m.term)
    return frozenset(out)


def _age_free(vocab: Vocabulary, iri: str) -> str:
    t = vocab.terms[iri]
    return t.parents[0] if _ADULT.match(t.label) and t.parents and t.parents[0] in vocab.terms else iri


def _is_juvenile(vocab: Vocabulary, iri: str) -> bool:
    return bool(_JUVENILE.match(vocab.terms[iri].label))


def _is_category(vocab: Vocabulary, iri: str) -> bool:
    """A condition term that other condition terms specialise (a category such as 'autoimmune disease')."""
    return vocab.role_of(iri) == "condition" and any(iri in t.parents for t in vocab.terms.values())


def _is_target(vocab: Vocabulary, seg: Segment, m: Mention, diseases: list[Mention], before: str) -> bool:
    """An organ disease is a target when the title names it, when it is named with the disease treated (same
    sentence), or as the population ('patients with ILD'); an outcome ('calcinosis was unchanged') is not."""
    base, sent, region = sentence_of(seg, m)  # by bisection: linear in the text, not mentions x sentences
    return (
        region in ("title", "citation")
        or bool(_POPULATION.search(before))
        or any(vocab.role_of(o.term) == "condition" for o in seg.within(diseases, base, base + len(sent)))
    )


def _excluded(before: str, after: str) -> bool:
    """The mention sits in a clause that states an exclusion."""
    return bool(_EXCLUDED_BEFORE.search(before) or _EXCLUDED_AFTER.match(after))


def _sentence(seg: Segment, m: Mention) -> tuple[int, str]:
    base, text, _ = sentence_of(seg, m)
    return base, text
