"""How many patients a study treated or enrolled, read from the number grammar of its sentences.

Every stated count of people is a candidate ('43 IIM patients', 'Ninety-eight adults', 'n = 12', 'a 55-year-old
man'); its context scores it: enrolment verbs ('were enrolled', 'received', 'we reviewed the records of') and the
methods region speak for it, a screened or source pool ('screened', 'identified in a cohort of 179'), a subgroup
('17 patients (47%)', 'in 5 patients') or an outcome ('12 patients improved') against it. Arms given separately
as the study population are summed ('35 patients who had A and 26 who received B').
"""

from __future__ import annotations

import re

from myokg.extract.model import region
from myokg.extract.numbers import NUMBER, parse_int
from myokg.extract.prefilter import prefiltered

_NUMBER_WORDS = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|\w+ty(?:[-‐‑–]\w+)?|hundred)"
)
_YEAR_BEFORE = re.compile(
    r"(?:\b(?:between|from|since|in|and|to|until|during|of|January|February|March|April|May|June|July|August|"
    r"September|October|November|December)\s*|[-–])$",
    re.I,
)
#: A count: a number in digits or words, but not the article 'a' ('a randomized trial').
_N = rf"(?!(?:a|single)\b){NUMBER}"

_PEOPLE = (
    r"(?:patients?|cases|children|subjects|adults|participants|individuals|persons|people|women|men|females|males|"
    r"boys|girls|infants|adolescents|volunteers)"
)
#: Words that may stand between a number and its noun: adjectives and disease names, not verbs or prepositions.
_MODIFIER = (
    r"(?!(?:of|with|and|or|in|to|from|for|who|had|have|were|was|received|the|these|those|at|by|on|per|we|they|our|"
    r"there|it|this|that|" + _NUMBER_WORDS + r")\b)"
    r"[A-Za-z][\w/'‐‑–-]*"
)
_COUNT = prefiltered(
    rf"(?<![\w.,%‐‑–/-])({_N})\s+(?:(?:{_MODIFIER}|or)\s+){{0,4}}?{_PEOPLE}\b"
    rf"|\(\s*n\s*=\s*(\d+)\s*\)|\bn\s*=\s*(\d+)\b",
    re.I,
    min_needle=1,  # a people word, or the '=' of 'n = 12'
)
_SINGLE = prefiltered(
    r"\b(?:a|an|one)\s+\d{1,3}[-‐‑\s]?(?:year|yr)s?[-‐‑\s]old\s+(?:\w+\s+){0,2}?"
    r"(?:woman|man|girl|boy|patient|child|female|male|lady|gentleman)\b|"
    r"^(?:an?|one)\s+(?:\w+\s+){0,2}?(?:child|boy|girl|man|woman|patient|infant|adolescent)\s+(?:with|treated)\b|"
    r"\bwe (?:report|describe|present) (?:a|the) (?:case|patient)\b",
    re.I,
)
#: 'Of the 69 patients followed, 31 met the inclusion criteria': the second number is the study group.
_OF_THEN = prefiltered(
    rf"\bof (?:the |these |those |all )?({NUMBER})\s+(?:\w+\s+){{0,6}}?{_PEOPLE}[^.;]{{0,60}}?,\s*({NUMBER})\s+"
    r"(?:[\w-]+\s+){0,8}?(?:met|fulfill?ed|were (?:enrolled|included|eligible|randomi[sz]ed|treated|selected)|"
    r"(?:were\s+)?randomi[sz]ed)\b",
    re.I,
)
#: '359 were screened and 58 randomized': a count followed by its own enrolment verb without a noun.
_BARE = prefiltered(
    rf"(?<![\w.,%-])({_N})\s+(?:were\s+)?(?:randomi[sz]ed|enrolled|included|recruited)\b"
    r"(?!\s+(?:controlled|clinical|trials?|studies|double|placebo|open|cross))",  # '1 randomized trial': a study
    re.I,
)
#: Arms stated separately: '35 patients who had A and 26 who received B', '9 patients with PM and 6 with DM'.
_ARM_VERB = r"(?:who|with|without|in|on|receiv\w+|treated|given|taking)"
_ARMS = prefiltered(
    rf"(?<![\w.,%-])({_N})\s+(?:\w+\s+){{0,2}}?{_PEOPLE}\s+(?:were\s+)?{_ARM_VERB}\b[^.;()]{{0,60}}?"
    rf"\band\s+({_N})\s+(?:\w+\s+)?(?:{_PEOPLE}\s+)?{_ARM_VERB}\b",
    re.I,
    first_test=True,
)
#: '5 of 16 patients with PM ... received methotrexate': the treated part of a pool.
_PART_TREATED = prefiltered(
    rf"(?<![\w.,%-])({_N})\s+(?:of|out of)\s+(?:the\s+)?{_N}\s+(?:\w+\s+){{0,2}}?{_PEOPLE}\b[^.;]{{0,120}}?"
    r"\b(?:received|were treated|were given)\b",
    re.I,
)
#: The study's own group named right before the count ('we reviewed the records of', 'a total of', 'a series of').
_STATED_BEFORE = re.compile(
    r"\b(?:a total of|total of|records of|charts of|files of|(?:review|series|study|report|analysis|experiences?|cohort) "
    r"(?:of|with|in)|we (?:reviewed|report|describe|present|studied|included|enrolled|recruited|analy[sz]ed|treated|examined|"
    r"followed|identified|randomi[sz]ed|randomly (?:allocated|assigned))(?: the records of| on)?|enrolled|included|"
    r"comprised|comprising|consisting of|(?:subjects|participants|patients) (?:were|included|comprised))\s+(?:all\s+)?$|"
    r"\bwe (?:describe|report|present|reviewed|studied|analy[sz]ed)\b[^.;\d]{0,60}?\b(?:of|in|on)\s+$",
    re.I,
)
#: ... or right after it ('24 children were enrolled', '30 patients were randomised').
_STATED_AFTER = prefiltered(
    r"^(?:[^.;]{0,40}?|[^.;\d]{0,100}?)\b(?:were|was|had been|are)?\s*(?:enrolled|included|recruited|randomi[sz]ed|participated|entered|"
    r"completed the (?:study|trial)|"
    r"retrospectively (?:reviewed|analy[sz]ed|identified|examined)|studied|evaluated|analy[sz]ed|investigated)\b",
    re.I,
)
_TREATED_AFTER = prefiltered(
    r"^[^.;]{0,40}?\b(?:received|were treated|treated with|were given|underwent)\b", re.I
)
#: A pool the study group was drawn from, or a subgroup of it.
_POOL_BEFORE = re.compile(
    r"\b(?:cohort of|among|out of|population of|database of|registry of|identified in|sub-?group|subset|subcohort|"
    r"control group|controls?)\b[^.;]{0,20}$",
    re.I,
)
_POOL_AFTER = re.compile(
    r"^[^.;]{0,30}?\b(?:were screened|screened|assessed for eligibility|were identified|were registered|were followed)\b",
    re.I,
)
_OUTCOME_AFTER = re.compile(
    r"^\W{0,3}(?:\(\s*\d+(?:\.\d+)?\s*%|(?:\w+\s+){0,2}?(?:had|have|developed|showed|died|experienced|responded|"
    r"improved|achieved|relapsed|discontinued|completed(?! the (?:study|trial))|were lost|reported|required|remained|did not))\b",
    re.I,
)
_SUBGROUP_BEFORE = re.compile(
    r"(?:(?<!\d)\d+\s+(?:of|out of)\s+(?:the\s+|these\s+|those\s+)?|\b(?:among|of|in)\s+(?:the|these|those)\s+|"
    r"\b(?:remaining|other|both|all|all but)\s+|%\)?\s*|/\s*)$",
    re.I,
)
_SUBJECT_ENROLLED = re.compile(
    r"^[^;]*?\b(?:were|was)\s+(?:\w+\s+)?(?:enrolled|included|recruited|randomi[sz]ed)\b", re.I
)
_ENROLLED_WORD = re.compile(r"\b(?:randomi[sz]ed|enrolled|included|recruited)\b", re.I)
#: A bracketed aside after a count ('(n = 13)', '(15 men, 10 women)'): the count's verb lies beyond it.
_ASIDE = re.compile(r"\s*\([^()]*\)")
#: A count told by its parts, all of the same kind of people: '21 women and 9 men'.
_SEXES = prefiltered(
    rf"(?<![\w.,%-])({_N})\s+(?:females|males|women|men|girls|boys)\s+and\s+({_N})\s+(?:females|males|women|men|girls|boys)\b",
    re.I,
)
#: A study named with its count, whatever the people are called ('a cohort study including 37 IIM', 'a series of 12
#: JDM'); not a count of units, times or other studies.
_STUDY_OF = prefiltered(
    rf"\b(?:(?:study|trial|analysis)\s+(?:\w+\s+)?(?:including|enrolling|involving|comprising)|series of)\s+"
    rf"({_N})\s+(?!(?:years?|months?|weeks?|days?|hours?|mg|g|centers|centres|hospitals|sites|studies|trials|articles|"
    r"reports|publications|papers|records|charts)\b)[A-Za-z]",
    re.I,
)
#: 'a total of 1,480 dermatomyositis': a total is a count of people unless it names other units.
_TOTAL_OF = prefiltered(
    rf"\btotal of ({_N})\s+(?!(?:studies|trials|articles|reports|publications|records|centers|centres|sites|years?|"
    r"months?|weeks?|days?|infusions|doses|cycles|samples|biopsies)\b)[A-Za-z]",
    re.I,
)
#: '88/104 (85%) completed the trial': the denominator is the group that started.
_COMPLETED_OF = re.compile(
    r"(?<![\d./])\d+\s*/\s*(\d+)\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:\w+\s+)?completed\b", re.I
)
#: 'A review of 52 charts identified 9 patients who never received ...': the group found is the one studied.
_FOUND_WITHIN = prefiltered(
    rf"\b(?:of|among|in)\s+(?:the\s+)?{_N}\s+[^.;]{{0,100}}?\b(?:identified|selected|found)\s+({_N})\s+"
    rf"(?:\w+\s+){{0,2}}?{_PEOPLE}\b",
    re.I,
)
#: An arm's size, told whole ('n = 47') or by its parts ('n = 14 for DM and 3 for PM').
_N_ARM = re.compile(r"\bn\s*=\s*(\d+)\b(?:\s+for\s+[^,;()=]{1,30}?\s+and\s+(\d+)\s+for\b)?", re.I)
_REGION_WEIGHT = {
    "methods": 3,
    "design": 3,
    "patients and methods": 3,
    "results": 2,
    "abstract": 2,
    "objective": 2,
    "title": 2,
    "citation": 2,
    "annotation": 2,
    "conclusion": 1,
}


def _score(text: str, start: int, end: int, region: str) -> int:
    before, after = text[max(0, start - 80) : start], text[end : end + 60]
    flat = _ASIDE.sub("", text[end : end + 160])
    score = _REGION_WEIGHT.get(region, 0)
    # '120 randomized patients': the count names its enrolment; 'Forty adults with ... were enrolled': the count
    # that opens a sentence is the subject of its verb
    enrolled = _ENROLLED_WORD.search(text[start:end]) or (
        not text[:start].strip() and _SUBJECT_ENROLLED.search(text, end)
    )
    if enrolled or _STATED_BEFORE.search(before) or _STATED_AFTER.match(flat):
        score += 4
    elif _TREATED_AFTER.match(after):
        score += 1
    if not enrolled and (_POOL_BEFORE.search(before[-40:]) or _POOL_AFTER.match(after)):
        score -= 4
    if _OUTCOME_AFTER.match(after):
        score -= 3
    if _SUBGROUP_BEFORE.search(before) or before.count("(") > before.count(")"):
        score -= 3  # 'in 5 of the 12', 'the remaining 4', '(14 men, 2 women)'
    return score


#: Every count holds one of these: a sentence without any is skipped cheaply.
_KEYWORDS = (
    "patient", "case", "child", "subject", "adult", "particip", "individual", "person", "people", "men", "boy", "girl",
    "infant", "adolesc", "volunteer", "male", "total of", "complet", "random", "enrol", "includ", "recruit", "n =", "n=", "year", "we ",
)  # fmt: skip


def _has(low: str, *words: str) -> bool:
    return any(map(low.__contains__, words))


def _candidates(base: int, text: str, region: str, trial: bool = False) -> list[tuple[int, int, int, int]]:
    """(score, n, start, end) for every count of people in one sentence; in a randomised ``trial`` the treated part
    of the patients is an arm, not the study."""
    out: list[tuple[int, int, int, int]] = []
    low = text.lower()
    if not any(map(low.__contains__, _KEYWORDS)):
        return out
    for m in _COUNT.finditer(text):
        n = parse_int(m.group(1) or m.group(2) or m.group(3) or "")
        year = n and 1900 <= n <= 2100 and _YEAR_BEFORE.search(text[max(0, m.start() - 12) : m.start()])
        if n and n > 0 and not year and not (m.group(1) and n > 100000):
            out.append((_score(text, m.start(), m.end(), region), n, base + m.start(), base + m.end()))
    # each pattern runs only where its own words occur: the number-word alternations are slow
    for m in _BARE.finditer(text) if _has(low, "random", "enrol", "includ", "recruit") else ():
        n = parse_int(m.group(1))
        if n and not 1900 <= n <= 2100:  # 'between 2014 and 2023 were included': a year
            score = _score(text, m.start(), m.end(), region)  # the verb in the match counts as stated
            out.append((score, n, base + m.start(), base + m.end()))
    for m in _PART_TREATED.finditer(text) if not trial and _has(low, "received", "treated", "given") else ():
        n = parse_int(m.group(1))
        if n:
            out.append((_REGION_WEIGHT.get(region, 0) + 4, n, base + m.start(), base + m.end()))
    for m in _OF_THEN.finditer(text) if "of " in low and "," in low else ():
        n = parse_int(m.group(2))
        if n:
            out.append((_REGION_WEIGHT.get(region, 0) + 4, n, base + m.start(2), base + m.end()))
    arms = [int(m.group(1)) + int(m.group(2) or 0) for m in _N_ARM.finditer(text)] if "=" in low else []
    if len(arms) >= 2 and all(arms):  # 'drug (n = 47) or placebo (n = 48)', not the arms of a subgroup
        sub = -4 if _has(low, "subgroup", "subset") else 1
        out.append((_REGION_WEIGHT.get(region, 0) + sub, sum(arms), base, base + len(text)))
    for rx in (_TOTAL_OF, _COMPLETED_OF) if _has(low, "total of", "/") else ():
        total = rx.search(text)
        if total and (n := parse_int(total.group(1))):
            out.append((_REGION_WEIGHT.get(region, 0) + 3, n, base + total.start(1), base + total.end(1)))
    for rx in (_ARMS, _SEXES) if " and " in low else ():  # the whole outranks its first part
        for m in rx.finditer(text):
            a, b = parse_int(m.group(1)), parse_int(m.group(rx.groups))
            if a and b:
                out.append(
                    (_score(text, m.start(), m.end(), region) + 1, a + b, base + m.start(), base + m.end())
                )
    for m in (
        _STUDY_OF.finditer(text) if _has(low, "stud", "cohort", "series", "trial", "review", "analys") else ()
    ):
        n = parse_int(m.group(1))
        if n:
            out.append((_REGION_WEIGHT.get(region, 0) + 4, n, base + m.start(1), base + m.end(1)))
    for m in _FOUND_WITHIN.finditer(text) if _has(low, "identified", "selected", "found") else ():
        n = parse_int(m.group(1))
        if n:
            out.append((_REGION_WEIGHT.get(region, 0) + 5, n, base + m.start(1), base + m.end()))
    if _has(low, "year", "we ", "a ", "an ", "one ") and (one := _SINGLE.search(text)):
        out.append((_REGION_WEIGHT.get(region, 0) + 4, 1, base + one.start(), base + one.end()))
    return out


def study_size(sentences: list[tuple[int, str, str]], trial: bool = False) -> tuple[int, int, int] | None:
    """(n, start, end) of the treated or enrolled group: the best-scored count, earliest (then largest: the sum of
    the arms it opens) on ties; all arms of a
    randomised ``trial``."""
    cands = [c for base, text, label in sentences for c in _candidates(base, text, region(label), trial)]
    if not cands:
        return None
    best = max(cands, key=lambda c: (c[0], -c[2], c[1]))
    return best[1], best[2], best[3]
