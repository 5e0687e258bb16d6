"""Adverse events: mentions of adverse-event terms that report an event, and the agents suspected of them.

Not an event: a negated one ("no serious infections", "infections were not observed"), a risk, screening or
prophylaxis ("risk of infection", "prophylaxis against Pneumocystis"), a presenting symptom ("presented with weakness and fever"), or one named in the background or methods.
An event is linked to the agents named with it in its sentence, except an agent that treated the event
("resolved with ganciclovir"); an event reported without an agent belongs to the studied agents.
"""

from __future__ import annotations

import re

from myokg.extract import cues
from myokg.extract.mentions import Mention
from myokg.extract.model import AdverseEvent, Segment, seg_text_between
from myokg.vocab import Vocabulary

_NOT_RESULTS = {"background", "introduction", "objective", "objectives", "aim", "aims", "purpose", "methods"}
# a negation whose scope runs to the event: "no", "without", "free of", "did not develop" ... (same clause)
_NEGATED_BEFORE = re.compile(
    r"\b(?:no|none|neither|nor|without|free of|absence of|absent|did not (?:develop|experience|have|show|cause)|"
    r"not associated with|never)\b[^.;:]{0,80}$",
    re.I,
)
_NEGATED_AFTER = re.compile(
    r"^[^.;:]{0,50}?\b(?:was|were|has been|have been|is|are)\s+(?:not|never)\s+"
    r"(?:observed|reported|seen|found|noted|recorded|detected|occurr?ed)\b|^[^.;:]{0,30}?\bdid not occur\b",
    re.I,
)
_RESET = re.compile(r"\b(?:but|except|although|however|whereas|while|including)\b|[;:]", re.I)
_NOT_AN_EVENT_BEFORE = re.compile(
    r"\b(?:risks? (?:of|for)|prophylaxis (?:against|for|of)|screening (?:for|of)|prevent(?:ion of|ing)?|"
    r"history of|prior|previous|susceptib\w+ to|predispos\w+ to|comorbidit\w* (?:of|with)|exclu\w+(?: of)?|"
    r"rul(?:ed|ing) out|"
    r"present(?:ed|ing|ation) with\b[^.;]*?)\s+(?:\w+\s+){0,2}$",
    re.I,
)
_NOT_AN_EVENT_AFTER = re.compile(
    r"^[\s-]*(?:risk|prophylaxis|screening|prevention)\b|"
    # a rate assessed or falling is a measure or a benefit, not a harm ('infection rate was assessed', '... dropped')
    r"^[\s-]*(?:rates?|incidence|frequency)\s+(?:(?:was|were|is|are)\s+)?(?:assessed|measured|evaluated|recorded|"
    r"compared|monitored|dropped|decreased|declined|fell|reduced|lower)\b",
    re.I,
)
# an agent named after the event as its treatment: "which resolved with ganciclovir", "treated with antibiotics"
_TREATS_EVENT = re.compile(
    r"^[\s,]*(?:\(?grade\s+\w+\)?[\s,]*)?(?:(?:which|that|and|but|it|they)\s+)?(?:(?:was|were|had|has|have been)\s+)?(?:\w+ly\s+)?"
    r"(?:resolved|treated|managed|responded|recovered|cured|controlled|improved)\b[^.;]{0,20}?"
    r"\b(?:with|by|to|after|on)\s+(?:\w+\s+){0,2}$",
    re.I,
)


def adverse_events(
    vocab: Vocabulary,
    seg: Segment,
    diseases: list[Mention],
    agents: list[Mention],
) -> list[AdverseEvent]:
    """Reported adverse events, adjacent mentions merged ('Mycobacterium peregrinum pneumonia'), with fatality.
    An organ disease named after an agent ('methotrexate pneumonitis', 'rituximab-induced neutropenia') is one too."""
    groups: list[list[Mention]] = []
    for m in diseases:
        event = vocab.role_of(m.term) == "adverse event" or (
            vocab.role_of(m.term) in _ORGAN_ROLES and (_drug_induced(seg, m, agents) or _worsened(seg, m))
        )
        if not event or not _reported(seg, m):
            continue
        gap = seg_text_between(seg, groups[-1][-1].end, m.start) if groups else None
        if gap is not None and len(gap.split()) <= 2 and not re.search(r"[,;()\[\]]|\band\b|\bor\b", gap):
            groups[-1].append(m)
        else:
            groups.append([m])
    out: list[AdverseEvent] = []
    for g in groups:
        base, sent, _ = sentence_of(seg, g[0])
        label = seg_text_between(seg, g[0].start, g[-1].end) or g[0].text
        lo = max(base, out[-1].end if out and out[-1].sentence == base else base)
        after = re.split(r"[,;.]|\band\b|\bbut\b", sent[g[-1].end - base :], maxsplit=1)[0][:25]
        window = sent[lo - base : g[-1].end - base] + after
        types = sorted({m.term for m in g})
        out.append(AdverseEvent(types, label, g[0].start, g[-1].end, bool(cues.FATAL.search(window)), base))
    return out


def by_sentence(seg: Segment, agents: list[Mention]) -> dict[int, list[Mention]]:
    """The agents of each sentence, keyed by the sentence's offset (built once per segment)."""
    out: dict[int, list[Mention]] = {}
    for a in agents:
        out.setdefault(sentence_of(seg, a)[0], []).append(a)
    return out


_ORGAN_ROLES = {"manifestation", "target manifestation"}
_WORSENING = re.compile(
    r"\b(?:worsening|worsened|exacerbation|exacerbated|aggravation|aggravated|flares?|flare-up)\s+(?:of\s+)?(?:the\s+|an?\s+|their\s+)?(?:\w+\s+)?$",
    re.I,
)
#: What lies between an agent and the disease it brought on: 'methotrexate pneumonitis', 'X-induced', 'X-related'.
_INDUCED_GAP = re.compile(r"^(?:[\s-]*(?:induced|associated|related|mediated|triggered))?\s*$", re.I)


def _worsened(seg: Segment, m: Mention) -> bool:
    """An organ manifestation reported as worse under treatment ('developed worsening rash', 'flare of skin
    disease'): a harm, where the study reports results."""
    base, sent, region = sentence_of(seg, m)
    return region not in _NOT_RESULTS and bool(
        _WORSENING.search(sent[max(0, m.start - base - 40) : m.start - base])
    )


def _drug_induced(seg: Segment, m: Mention | AdverseEvent, agents: list[Mention]) -> Mention | None:
    """The agent named right before an event as what brought it on ('rituximab-induced neutropenia')."""
    before = seg.within(agents, m.start - 40, m.start)
    if not before:
        return None
    gap = seg_text_between(seg, before[-1].end, m.start)
    return before[-1] if gap is not None and _INDUCED_GAP.match(gap) else None


def suspects(seg: Segment, event: AdverseEvent, agents: dict[int, list[Mention]]) -> set[str]:
    """The agent the event is named after ('rituximab-induced'), else the agents named with the event in its
    sentence, less those that treated it."""
    named = agents.get(event.sentence, [])
    if cause := _drug_induced(seg, event, named):
        return {cause.term}
    return {a.term for a in named} - treatments(seg, event, agents)


def treatments(seg: Segment, event: AdverseEvent, agents: dict[int, list[Mention]]) -> set[str]:
    """Agents named after the event as what treated it ('which resolved with ganciclovir')."""
    base, sent, _ = sentence_of(seg, event)
    return {
        a.term
        for a in agents.get(event.sentence, [])
        if a.start > event.end and _TREATS_EVENT.search(sent[event.end - base : a.start - base])
    }


def _reported(seg: Segment, m: Mention) -> bool:
    base, sent, region = sentence_of(seg, m)
    if region in _NOT_RESULTS:
        return False
    before, after = sent[: m.start - base], sent[m.end - base :]
    neg = _NEGATED_BEFORE.search(before)
    if neg and not _RESET.search(before[neg.start() :]):
        return False
    return not (
        _NEGATED_AFTER.match(after) or _NOT_AN_EVENT_BEFORE.search(before) or _NOT_AN_EVENT_AFTER.match(after)
    )


def sentence_of(seg: Segment, m: Mention | AdverseEvent) -> tuple[int, str, str]:
    """The offset, text and region of the sentence that holds a mention (bisection, kept per segment)."""
    return seg.sentence_at(m.start) or (m.start, "", "")
