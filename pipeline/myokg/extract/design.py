"""A study's design from the whole text: features of the title and of the sentences about this study.

Rules come from how abstracts describe their own design: a synthesis names its search ('systematic review',
'meta-analysis'); a trial names its features ('randomised, double-blind, placebo-controlled', 'crossover',
'open-label', 'extension'); an observational study names its direction in time ('retrospectively reviewed',
'chart review', 'prospectively followed'); a report names its cases ('a case of', 'three cases'). Designs named in
background sentences or in sentences about other studies do not count; the title's design outranks the body's,
except where the body refines it within the same family (a 'pilot trial' that was randomised is an RCT).
"""

from __future__ import annotations

import re

from myokg.extract.model import region
from myokg.extract.numbers import NUMBER
from myokg.extract.prefilter import prefiltered

_F = re.I
#: Sentences about research in general or other studies, not this one.
OTHER_STUDIES = prefiltered(
    r"\b(?:previous(?:ly)?|prior|earlier|recent(?:ly)?|other|few|future|further|lack of|no|needed|need|should|even in|"
    r"(?:has|have) been (?:reported|published|described|shown)|were reported|literature|to date|are rare|remain)\b"
    r"[^.]{0,60}\b(?:stud(?:y|ies)|trials?|reports?|RCTs?|series|reviews?|evidence)\b"
    r"|\b(?:stud(?:y|ies)|trials?|RCTs?|reports?)\b[^.]{0,60}\b(?:needed|required|warranted|necessary|rare|lacking|going to be|"
    r"will (?:define|determine|establish|clarify|answer|tell))\b"
    r"|\b(?:unproven|unproved|untested|not been tested)\b"
    r"|\b(?:a|an|one|two|several)\s+(?:[\w-]+,?\s+){0,3}(?:trials?|stud(?:y|ies)|RCTs?)\s+(?:has|have)\b"
    r"|\b(?:unless|until)\b[^.]{0,60}\b(?:trials?|stud(?:y|ies))\b",
    _F,
)

_META = prefiltered(
    r"\bmeta-?\s?analy[sz](?:is|es|ed)\b|\bpooled analysis\b|"
    r"\bpooled (?:\w+ ){0,2}(?:rates?|estimates?|prevalences?|proportions?|odds ratios?|risk ratios?|relative risks?|means?)\b",
    _F,
)
_SYSREV = prefiltered(
    r"\bsystematic(?:ally)?\s+(?:literature\s+)?(?:review|search|searched|reviewed)|\bscoping review\b|\bPRISMA\b|"
    r"\bCochrane (?:review|database)|"
    r"\bsearched\b[^.]{0,80}\b(?:MEDLINE|PubMed|EMBASE|Scopus|Web of Science|CENTRAL|databases?|literature)\b|"
    r"\b(?:MEDLINE|PubMed|EMBASE|Scopus|Web of Science)\b[^.]{0,60}\b(?:were|was) searched\b",
    _F,
)
#: A guideline names itself in its title or says it made recommendations; 'guidelines are not robust' does not.
_GUIDELINE_TITLE = prefiltered(r"\b(?:guidelines?|recommendations|consensus statement)\b", _F)
_GUIDELINE = prefiltered(
    r"\b(?:recommendations?|guidelines?) (?:were|are|was) (?:developed|formulated|made|issued)\b", _F
)
_STUDY_NOUN = prefiltered(r"\b(?:trial|study|design|compared)\b", _F)
_CROSSOVER = prefiltered(r"\bcross-?\s?over\b", _F)
RANDOMIZED = prefiltered(
    r"(?<!non-)(?<!non)(?<!quasi-)\b(?:randomi[sz](?:ed|ation)|randomly (?:assigned|allocated))\b", _F
)
_CONTROLLED = prefiltered(
    r"\b(?:placebo|double-?\s?blind(?:ed)?|sham)\b|\bcontrolled,? (?:clinical )?(?:trial|study)\b", _F
)
_OPEN = prefiltered(
    r"\b(?:open-?\s?label|open (?:pilot )?(?:study|trial)|single-?\s?arm|uncontrolled (?:study|trial)|extension (?:study|phase|period)|"
    r"phase (?:I{1,2}|[12])[ab]?(?:/I{1,2}|/[12])?\b[^.]{0,30}\b(?:study|trial)|clinical trial)\b",
    _F,
)
_RETRO = prefiltered(
    r"\bretrospective(?:ly)?\b|\b(?:chart|case|medical records?|records?) reviews?\b|"
    r"\b(?:reviewed|analy[sz]ed|examined) (?:the )?(?:medical |clinical |hospital )?(?:records|charts|files|notes)\b|"
    r"\b(?:medical |clinical )?(?:records|charts) (?:were|of \w+ patients were) (?:reviewed|abstracted|analy[sz]ed|examined)\b|"
    r"\b(?:records|charts|files|case notes)\b[^.;]{0,80}?\b(?:were|was) (?:retrospectively )?"
    r"(?:reviewed|abstracted|analy[sz]ed|examined|collected)\b|"
    r"\bwe (?:retrospectively )?reviewed\b(?![^.;]{0,60}\b(?:literature|studies|articles|publications|evidence|trials)\b)"
    r"[^.;]{0,80}?\b(?:patients|children|adults|cases)\b",
    _F,
)
_PILOT = prefiltered(
    r"\bpilot (?:study|trial|project)\b|\bfeasibility study\b|\bproof[- ]of[- ](?:principle|concept) (?:study|trial)\b",
    _F,
)
#: The study gave its patients a treatment: a pilot study that did so is an (uncontrolled) trial.
INTERVENTION = prefiltered(
    r"\b(?:received|were (?:treated with|given|administered)|(?:was|were) (?:given|administered|applied)|"
    r"in the treatment of)\b",
    _F,
)
_PROSPECTIVE = prefiltered(r"\bprospective(?:ly)?\b", _F)
_COHORT = prefiltered(r"\bcohort\b|\blongitudinal\b|\bfollow-?\s?up study\b|\bregist(?:er|ry)\b", _F)
_CASE_REPORT = prefiltered(
    r"\b(?:a|one) case (?:of|with)\b|\bcase report\b|\breport of a case\b|\bcase presentation\b|"
    r"\b(?:we|here we) (?:report|describe|present) (?:a|an|the case of a)\s+(?:\d{1,3}[-\s]year[-\s]old|patient|case|child|man|woman|girl|boy)\b|"
    r"^(?:an?|one)\s+(?:\d{1,3}[-\s]year[-\s]old\s+)?(?:child|man|woman|girl|boy|patient|female|male) (?:with|treated)\b",
    _F,
)
_CASE_SERIES = prefiltered(
    rf"\bcase[- ]series\b|\bseries of (?:{NUMBER}\s+)?(?:\w+\s+)?(?:cases|patients)\b|"
    rf"\b(?:report|reports|describe|present)(?: on)? (?:of )?(?:[2-9]|[1-9]\d|two|three|four|five|six|seven|eight|nine|ten) "
    rf"(?:\w+\s+){{0,3}}(?:cases|patients|children)\b|\b(?:[2-9]|two|three|four|five|six|seven|eight|nine|ten) cases\b|\bexperiences? (?:of|in|with) (?:\S+\s+){{1,4}}?(?:patients|cases)\b",
    _F,
)
_REVIEW = prefiltered(
    r"\b(?:this|our|a|the present|narrative|literature) review\b(?! of (?:the )?(?:efficacy|safety|outcomes?|cases|patients|our|"
    r"experience|records|charts))|\bwe (?:review|summari[sz]e|discuss)\b|\breview of the literature\b|"
    r"\b(?:review article|overview|state of the art)\b|^review$",
    _F,
)
#: Designs named in the plural are other people's studies ('randomized controlled trials are rare').
_PLURAL_DESIGNS = prefiltered(
    r"\b(?:randomi[sz]ed|controlled|placebo|double-blind|clinical|open|observational|prospective|retrospective|cross-?over)"
    r"[\w\s,-]{0,40}?\b(?:trials|studies|RCTs)\b",
    _F,
)
#: A background sentence that states this study's aim or design ('The present study aimed', 'Here we report').
_THIS_STUDY = re.compile(
    r"\b(?:the present|this|our) (?:study|trial|analysis|report|review|work)\b|\bhere,? we\b|"
    r"\bwe (?:aimed|sought|investigated|evaluated|assessed|performed|conducted|report|describe|present|examined)\b",
    _F,
)
_TRIAL_FAMILY = {"rct", "crossover_trial", "controlled_clinical_trial", "open_label_trial"}


#: Every design cue holds one of these: a sentence without any is skipped cheaply.
_KEYWORDS = (
    "meta", "analys", "search", "pooled", "systematic", "prisma", "cochrane", "cross", "random", "placebo", "blind", "sham", "controlled",
    "open", "arm", "extension", "phase", "trial", "pilot", "feasib", "proof", "retrospect", "review", "record", "chart",
    "case", "series", "report", "describe", "present", "experience", "prospect", "cohort", "longitud", "follow",
    "regist", "guideline", "recommend", "consensus", "overview", "state of the art", "patient", "child", "man",
    "woman", "girl", "boy",
)  # fmt: skip


#: Designs named by one cue, most telling first (after the controlled-trial and guideline rules below).
_BY_CUE = (
    (_OPEN, "open_label_trial"),
    (_PILOT, "pilot_study"),
    (_RETRO, "retrospective_cohort"),
    (_CASE_SERIES, "case_series"),
    (_CASE_REPORT, "case_report"),
    (_PROSPECTIVE, "prospective_cohort"),
    (_COHORT, "cohort_study"),
)


def _classify(text: str, title: bool = False) -> str | None:
    """The design key a stretch of own-study text names, most telling feature first."""
    low = text.lower()
    if not any(map(low.__contains__, _KEYWORDS)):
        return None
    text = _PLURAL_DESIGNS.sub(" ", text)
    for rx, design in ((_META, "meta_analysis"), (_SYSREV, "systematic_review"), (_CROSSOVER, "crossover_trial"),
                       (RANDOMIZED, "rct")):  # fmt: skip
        if rx.search(text):
            return design
    if _CONTROLLED.search(text) and _STUDY_NOUN.search(text):
        return "controlled_clinical_trial"
    named = next((d for rx, d in _BY_CUE if rx.search(text)), None)
    if named is not None:
        return named
    if _GUIDELINE.search(text) or title and _GUIDELINE_TITLE.search(text) and not _REVIEW.search(text):
        return "practice_guideline"
    if _REVIEW.search(text):
        return "review"
    return None


def own_sentences(sentences: list[tuple[int, str, str]], general: bool = False) -> list[tuple[int, str, str]]:
    """Sentences about this study: not background, not about research in general or other studies (kept when
    ``general``)."""
    kept = [
        s
        for s in sentences
        if s[2] not in ("mesh", "substances") and (region(s[2]) != "background" or _THIS_STUDY.search(s[1]))
    ]
    return kept if general else not_general(kept)


def not_general(sentences: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """Of ``sentences``, those not about research in general or other studies (the title is kept, and a sentence
    that names this study)."""
    return [
        s for s in sentences if s[2] == "title" or not OTHER_STUDIES.search(s[1]) or _THIS_STUDY.search(s[1])
    ]


def design_of(
    title: str, sentences: list[tuple[int, str, str]], own: list[tuple[int, str, str]] | None = None
) -> tuple[str, int, int] | None:
    """(design key, start, end of the sentence that shows it) from the title and the own-study sentences (``own``,
    computed from ``sentences`` unless given); a pilot study that treated its patients is an uncontrolled trial."""
    own = own_sentences(sentences) if own is None else own
    found = _design_of(title, sentences, own)
    if found and found[0] == "pilot_study" and any(INTERVENTION.search(t) for _, t, r in own if r != "title"):
        return "open_label_trial", found[1], found[2]
    return found


def _design_of(
    title: str, sentences: list[tuple[int, str, str]], own: list[tuple[int, str, str]]
) -> tuple[str, int, int] | None:
    in_title = _classify(title, title=True) if title else None
    body = None
    for base, text, label in own:
        if label == "title":
            continue
        key = _classify(text)
        if key and (body is None or _ORDER.index(key) < _ORDER.index(body[0])):
            body = (key, base, base + len(text))
    title_span = next(((b, b + len(t)) for b, t, r in sentences if r == "title"), (0, 0))
    if in_title is None:
        return body
    if body and (
        in_title in _TRIAL_FAMILY
        and body[0] in _TRIAL_FAMILY
        and _ORDER.index(body[0]) < _ORDER.index(in_title)
        or in_title in ("review", "practice_guideline", "prospective_cohort", "cohort_study")
        and body[0] in ("systematic_review", "meta_analysis")
        or in_title in ("prospective_cohort", "cohort_study", "pilot_study")
        and _ORDER.index(body[0]) < _ORDER.index("case_series")
    ):
        return body
    return in_title, title_span[0], title_span[1]


_ORDER = [
    "meta_analysis",
    "systematic_review",
    "crossover_trial",
    "rct",
    "controlled_clinical_trial",
    "open_label_trial",
    "pilot_study",
    "retrospective_cohort",
    "case_series",
    "case_report",
    "prospective_cohort",
    "cohort_study",
    "practice_guideline",
    "review",
]
