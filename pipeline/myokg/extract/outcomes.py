"""Quantitative results: responders, response rates, creatine kinase, durations, patients per agent."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from myokg.extract.numbers import NUMBER, parse_int, parse_number
from myokg.extract.prefilter import prefiltered

N = rf"({NUMBER})"
SD = r"(?:\s*\(\s*(?:SD\s*)?(\d+(?:\.\d+)?)\s*%?\s*\))?"
_PATIENTS = r"(?:patients|cases|children|subjects|adults|participants|individuals)"
_CK = r"(?:creatine (?:phospho)?kinase|\bCK\b|\bCPK\b)"
_CHANGE = r"(decrease|reduction|fall|drop|decline|increase|rise|elevation)s?"
_UNIT_CK = r"(U/l|U/L|IU/l|IU/L|U per lit(?:re|er)|IU per lit(?:re|er))"


@dataclass
class Outcome:
    """One quantitative result; offsets are into the document text."""

    measure: str  # local name of a myo:OutcomeMeasure individual
    value: Decimal
    unit: str
    group: str
    start: int
    end: int
    sd: Decimal | None = None
    denominator: int | None = None
    agent: str | None = None  # term IRI


def _group(sentence: str) -> str:
    """The patient group a sentence is about, from its subject."""
    head = sentence.lstrip()[:40].lower()
    if re.match(r"non-?responders|those who did not respond|patients who did not respond", head):
        return "non-responders"
    if re.match(r"responders|those who responded|patients who responded", head):
        return "responders"
    return "all"


def _dec(s: str | None) -> Decimal | None:
    return parse_number(s) if s else None


Rule = Callable[[int, str, "list[tuple[str, int, int]]"], "list[Outcome]"]


# Patterns compiled once: the rules run on every sentence of every document. A pattern that starts with a number
# starts only where a number starts ((?<![\d.]) or \b): otherwise a long run of digits is retried at every digit.
#: A response verb: a count of patients is a responder count only with one ('4 of 10 had relapses' is not).
_RESPONDED = (
    r"(?:responded|improved|recovered|went into remission|(?:showed|had|achieved|experienced|attained|reached)\s+"
    r"(?:an?\s+)?(?:\w+\s+){0,2}?(?:responses?|improvement|remission|benefit|recovery))"
)
_OF_THE_N_M = prefiltered(
    rf"\bof the {N}\s+(?:{_PATIENTS}\s*)?,?\s*{N}\s+(?:{_PATIENTS}\s+)?{_RESPONDED}",
    re.I,
)
_M_OF_N = prefiltered(
    rf"\b{N}\s+(?:of|out of)\s+(?:the\s+)?{N}\s+{_PATIENTS}\s+{_RESPONDED}",
    re.I,
)
_M_SLASH_N = prefiltered(rf"(?<![\d.])(\d+)\s*/\s*(\d+)\s+(?:{_PATIENTS}\s+)?{_RESPONDED}", re.I)
_NEGATION_AFTER = re.compile(r"\b(?:not|no)\b")
_NON_RESPONDERS = prefiltered(rf"\b{N}\s+of the\s+(?:{N}\s+)?{_PATIENTS}\s+did not respond", re.I)
_RATE_PERCENT_OF = prefiltered(
    rf"\b{N}\s*(?:%|percent|per cent) of (?:the )?{_PATIENTS}\s+(?:responded|improved|achieved)", re.I
)
_RATE_COUNT_PERCENT = prefiltered(
    rf"\b\d+\s*\(\s*{N}\s*%\s*\)\s+of (?:the )?(?:\w+\s+)?{_PATIENTS}\s+(?:met|achieved|had|showed|responded|improved)",
    re.I,
)
_RATE_WAS = prefiltered(rf"\bresponse rate (?:of|was)\s+{N}\s*%", re.I)
_CK_ANY = prefiltered(_CK, re.I, min_needle=2)  # 'ck' or 'creatine': most sentences have neither
_CK_CHANGE_BEFORE = prefiltered(
    rf"(?<![\d.])(\d+(?:\.\d+)?)\s*%{SD}\s*{_CHANGE} in (?:the\s+)?(?:serum\s+)?(?:concentrations? of\s+|levels? of\s+)?{_CK}",
    re.I,
)
_CK_CHANGE_AFTER = prefiltered(
    rf"{_CHANGE} in (?:the\s+)?(?:serum\s+)?{_CK}(?:\s+(?:concentration|level)s?)?\s*\(\s*(\d+(?:\.\d+)?)\s*%{SD}\s*\)",
    re.I,
)
_CK_VALUE = re.compile(rf"(?<![\d.])(\d+(?:\.\d+)?){SD}\s*{_UNIT_CK}")
_DISEASE_DURATION = prefiltered(
    rf"\b(?:duration of (?:the\s+)?disease|disease duration)\b[^.;]*?\b(?:was|of)\s+(\d+(?:\.\d+)?){SD}\s*(years|months)",
    re.I,
)
_PRIOR_AGENTS = prefiltered(
    rf"(?<![\d.])(\d+(?:\.\d+)?){SD}\s*(?:immunosuppressants|immunosuppressive (?:agents|drugs)|agents|drugs|DMARDs|treatments)\s+(?:had been|were|have been) (?:used|tried|given)",
    re.I,
)
_TIME_TO_RESPONSE = prefiltered(
    rf"\b(respon\w*|improv\w*)\b[^.;]*?\bafter\s+(\d+(?:\.\d+)?){SD}\s*(months|weeks|days|years)", re.I
)
_NEGATION_BEFORE = re.compile(r"\b(?:not|no|non)\b", re.I)
_TREATED = prefiltered(r"\b(?:treated|received|given)\b", re.I)
_WITH_BOTH = prefiltered(
    rf"\b{N}\s+(?:{_PATIENTS}\s+)?(?:(?:were|was)\s+)?(?:treated\s+)?(?:sequentially\s+|concomitantly\s+)?with both\b",
    re.I,
)
_N_WITH = prefiltered(
    rf"\b{N}\s+(?:{_PATIENTS}\s+)?(?:(?:(?:were|was)\s+)?(?:treated\s+)?with|received|(?:were|was)\s+given)\s*$",
    re.I,
    first_test=True,
)
_ARM_SIZE = re.compile(r"\s*(?:[\w-]+\s+){0,1}(?:group|arm|cohort)?\s*\(\s*n\s*=\s*(\d+)\s*\)", re.I)
_DECREASES = ("decrease", "reduction", "fall", "drop", "decline")
# cheap gates: the number-word patterns are slow, so they run only where their verbs occur
_RESPONSE_WORDS = prefiltered(r"respon|improv|achiev|showed|\bhad\b|\bmet\b|experienced", re.I)
_RATE_WORDS = re.compile(r"%|percent|per cent|response rate", re.I)


def _responders(base: int, s: str, agents: list[tuple[str, int, int]]) -> list[Outcome]:
    out: list[Outcome] = []
    if not _RESPONSE_WORDS.search(s):
        return out
    for rx in (_OF_THE_N_M, _M_OF_N, _M_SLASH_N):
        for m in rx.finditer(s):
            a, b = parse_int(m.group(1)), parse_int(m.group(2))
            if a is None or b is None:
                continue
            total, resp = (a, b) if rx is _OF_THE_N_M else (b, a)
            if _NEGATION_AFTER.search(s[m.end() : m.end() + 30]) is None:
                out.append(
                    Outcome(
                        "responderCount",
                        Decimal(resp),
                        "patients",
                        "all",
                        base + m.start(),
                        base + m.end(),
                        denominator=total,
                    )
                )
    for m in _NON_RESPONDERS.finditer(s) if "did not respond" in s.lower() else ():
        v = parse_int(m.group(1))
        if v is not None:
            out.append(
                Outcome(
                    "nonResponderCount",
                    Decimal(v),
                    "patients",
                    "all",
                    base + m.start(),
                    base + m.end(),
                    denominator=parse_int(m.group(2)) if m.group(2) else None,
                )
            )
    for rx in (_RATE_PERCENT_OF, _RATE_COUNT_PERCENT, _RATE_WAS) if _RATE_WORDS.search(s) else ():
        for m in rx.finditer(s):
            rate = parse_number(m.group(1))
            if rate is not None:
                out.append(Outcome("responseRate", rate, "%", "all", base + m.start(), base + m.end()))
    return out


def _ck(base: int, s: str, agents: list[tuple[str, int, int]]) -> list[Outcome]:
    if not _CK_ANY.search(s):
        return []
    out, group = [], _group(s)
    for m in _CK_CHANGE_BEFORE.finditer(s):
        sign = -1 if m.group(3).lower() in _DECREASES else 1
        out.append(
            Outcome(
                "ckChange",
                sign * Decimal(m.group(1)),
                "%",
                group,
                base + m.start(),
                base + m.end(),
                sd=_dec(m.group(2)),
            )
        )
    for m in _CK_CHANGE_AFTER.finditer(s):
        sign = -1 if m.group(1).lower() in _DECREASES else 1
        out.append(
            Outcome(
                "ckChange",
                sign * Decimal(m.group(2)),
                "%",
                group,
                base + m.start(),
                base + m.end(),
                sd=_dec(m.group(3)),
            )
        )
    for m in _CK_VALUE.finditer(s):
        out.append(
            Outcome(
                "baselineCK",
                Decimal(m.group(1)),
                m.group(3),
                group,
                base + m.start(),
                base + m.end(),
                sd=_dec(m.group(2)),
            )
        )
    return out


def _durations(base: int, s: str, agents: list[tuple[str, int, int]]) -> list[Outcome]:
    out = []
    for m in _DISEASE_DURATION.finditer(s):
        out.append(
            Outcome(
                "diseaseDuration",
                Decimal(m.group(1)),
                m.group(3).lower(),
                "all",
                base + m.start(),
                base + m.end(),
                sd=_dec(m.group(2)),
            )
        )
    for m in _PRIOR_AGENTS.finditer(s):
        out.append(
            Outcome(
                "priorAgentCount",
                Decimal(m.group(1)),
                "agents",
                "all",
                base + m.start(),
                base + m.end(),
                sd=_dec(m.group(2)),
            )
        )
    for m in _TIME_TO_RESPONSE.finditer(s):
        negated = _NEGATION_BEFORE.search(s[max(0, m.start() - 15) : m.start(1) + len(m.group(1))])
        group = "non-responders" if negated else "responders"
        out.append(
            Outcome(
                "timeToResponse",
                Decimal(m.group(2)),
                m.group(4).lower(),
                group,
                base + m.start(),
                base + m.end(),
                sd=_dec(m.group(3)),
            )
        )
    return out


def _per_arm(base: int, s: str, agents: list[tuple[str, int, int]]) -> list[Outcome]:
    """Patients per arm: '<agent> (n = 47)', 'the <agent> group (n=30)'."""
    out = []
    for term, _, e in agents if "=" in s else ():
        if (m := _ARM_SIZE.match(s, e)) and (v := parse_int(m.group(1))) is not None:
            out.append(
                Outcome(
                    "patientsTreated", Decimal(v), "patients", "arm", base + e, base + m.end(), agent=term
                )
            )
    return out


def _per_agent(base: int, s: str, agents: list[tuple[str, int, int]]) -> list[Outcome]:
    """Patients per agent: '<n> were treated with <agent> alone, <m> with <agent>, <k> with both'."""
    if not _TREATED.search(s):
        return []
    out = []
    both = _WITH_BOTH.search(s)
    for term, a, e in agents:
        m = _N_WITH.search(s[:a])
        v = parse_int(m.group(1)) if m else None
        if m and v is not None:
            alone = bool(both) or s[e : e + 7].strip().lower().startswith("alone")
            out.append(
                Outcome(
                    "patientsTreated",
                    Decimal(v),
                    "patients",
                    "alone" if alone else "all",
                    base + m.start(),
                    base + e,
                    agent=term,
                )
            )
    if both and (v := parse_int(both.group(1))) is not None:
        out.append(
            Outcome(
                "patientsTreated",
                Decimal(v),
                "patients",
                "both agents",
                base + both.start(),
                base + both.end(),
            )
        )
    return out


RULES: list[Rule] = [_responders, _ck, _durations, _per_agent, _per_arm]


def outcomes(
    sentences: list[tuple[int, str]], agents_in: Callable[[int, int], list[tuple[str, int, int]]]
) -> list[Outcome]:
    """Apply every rule to every sentence; ``agents_in`` gives agent mentions relative to a sentence."""
    found: list[Outcome] = []
    for base, text in sentences:
        agents = agents_in(base, base + len(text))
        for rule in RULES:
            found.extend(rule(base, text, agents))
    return found
