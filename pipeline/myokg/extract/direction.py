"""The direction of a studied agent's evidence, judged from what a study found and concluded.

Only results, conclusions and (for reviews and guidelines) recommendations count: cues in the background,
objectives, methods and endpoint definitions say what was asked, not what was found, and clauses about the
therapy patients had failed ('refractory to', 'despite') say nothing about the studied one. The conclusion weighs
most; efficacy is judged apart from tolerability ('safe and well tolerated' is not a benefit); negation reaches over
the words it governs ('none of the patients improved', 'did not meet the primary end point'). Where an abstract
has no section labels its last sentences act as its conclusion. In a study of several agents a sentence that names
none of them speaks for the first-named (index) treatment only: comparator arms stay unclear unless named.
"""

from __future__ import annotations

import re
from bisect import bisect
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from myokg.extract.comparison import better_arm
from myokg.extract.model import Segment, region
from myokg.extract.numbers import NUMBER, parse_number
from myokg.extract.prefilter import prefiltered

_F = re.I
#: Regions whose sentences report what the study found.
FOUND = {"results", "conclusion", "abstract", "title", "annotation", "citation", "summary"}
_WEIGHT = {"conclusion": 3, "title": 2, "annotation": 2, "citation": 2}

#: Measures that are better higher (strength, function) or lower (disease activity); muscle enzymes are a surrogate,
#: not a clinical result.
_GOOD_MEASURE = r"(?:muscle )?(?:strength|function(?:al)? ?(?:capacity|status|score)?|endurance|power|walking distance|VO2\s?max)"
_BAD_MEASURE = r"(?:disease activity(?: scores?)?)"
BENEFIT = prefiltered(
    r"\b(?:effective(?:ly)?|efficacious|(?:showed|shows|demonstrated|proven|confirmed|good|high|excellent|an?) "
    r"(?:efficacy|effectiveness)|beneficial|benefit(?:s|ed|ted)?|useful|helpful|successful(?:ly)?|"
    r"improv(?:ed|es|ing|ement|ements)|(?:met|meeting|meets|reached|achieved) (?:the |a |their )?(?:[\w-]+ ){0,3}?"
    r"(?:definition|criteria|end ?point|DOI|responder)|of (?:\w+ )?value|worth(?:y of)? (?:consideration|considering|trying)|"
    r"(?:has|have|play|plays) (?:a|an) (?:\w+ ){0,2}?role|(?:can|could|may) be used|no (?:further |disease )?progression|"
    r"succeed(?:ed|s)?|respon(?:ded|ders?|se rates?|ses?|ding)|remissions?|resolved|resolution|recover(?:ed|y)|"
    r"regain(?:ed|s)?|normali[sz](?:ed|ation)|(?:good|positive) (?:outcomes?|results?|responses?|effects?)|favou?rable(?: outcomes?| responses?| results?)?|"
    r"steroid-?sparing|corticosteroid-?sparing|glucocorticoid-?sparing|promising|encouraging|valuable|value of|option|"
    r"(?:good|valid|reasonable|useful|acceptable) alternative|"
    # a measure that moved the right way: strength or function up, disease activity or muscle enzymes down
    rf"(?:increase[sd]?|gain(?:ed|s)?|rise|rose) (?:in )?(?:\w+ )?{_GOOD_MEASURE}|{_GOOD_MEASURE} (?:increased|rose|improved)|"
    rf"(?:decrease[sd]?|reduc(?:ed|tion)|fell|fall|drop(?:ped)?|declined?|lower(?:ed)?) (?:in |of )?(?:the )?(?:\w+ )?{_BAD_MEASURE}|"
    rf"{_BAD_MEASURE} (?:\w+ )?(?:decreased|fell|dropped|declined|normali[sz]ed)|"
    r"slow(?:ed|s)? (?:down )?(?:the )?(?:progression|decline|deterioration)|"
    r"(?:significant(?:ly)?|marked(?:ly)?|dramatic(?:ally)?) (?:better|improv)\w*|"
    r"survival (?:benefit|advantage)|(?:better|higher|improved|longer|prolonged) (?:[\w‐-]+ )?(?:survival|prognosis)|"
    r"(?:survival|prognosis)(?: \w+){0,4} (?:was|were) (?:higher|better|improved|longer)|"
    r"(?:lower|reduced|decreased|fewer) (?:mortality|death|relapses?|flares?)(?: rates?)?|"
    r"(?:mortality|death|relapse)(?: rates?)? (?:has been|have been|was|were|is) (?:lower|reduced|decreased)|clinical (?:response|benefit)|"
    r"recommended|first[- ]line|should be considered|is indicated|treatment of choice|superior|survived|optimistic|"
    r"best (?:initial )?(?:approach|option|choice|treatment)|stabili[sz](?:ed|ation)|"
    r"potential (?:for|of|benefit|role|efficacy)|(?:evidence|data) supporting|evidence for (?:the )?use|"
    r"support(?:s|ed|ing)? (?:the )?(?:use|incorporation|role|efficacy))\b",
    _F,
)
HARM = prefiltered(
    r"\b(?:ineffective|not (?:effective|efficacious|beneficial|useful|helpful|recommended)|no (?:\w+ ){0,2}?"
    r"(?:benefit|effect|efficacy|improvement|response|change|impact|influence)s?|lack of (?:effect|efficacy|response|"
    r"benefit)|fail(?:ed|s)? to (?:show|demonstrate|improve|meet|reach|achieve|induce)|did not (?:improve|respond|meet|reach|"
    r"achieve|show|demonstrate|result|affect|change|alter)|does not (?:improve|appear|affect)|worsened|worsening of|(?:was|were) worsening|deteriorat(?:ed|ion)|"
    r"unchanged|no better than|failure of|not (?:sustained|maintained|durable)|did not last|wan(?:ed|ing)|"
    rf"(?:decline[sd]?|decrease[sd]?|loss|lost|fell|dropped) (?:in |of )?(?:\w+ )?{_GOOD_MEASURE}|"
    rf"{_GOOD_MEASURE} (?:declined|decreased|fell|dropped|worsened)|highly toxic|limiting (?:toxicity|factor)|limited by toxicity|"
    r"persisted|did not resolve|progressed|aggravat(?:ed|ion)|insufficient (?:efficacy|response)|"
    r"required rescue|(?:was|were) not (?:statistically )?significant|(?:was|were) not (?:met|reached|achieved)|did not establish|"
    r"doubtful|questionable|not (?:in|with|on|by|for) (?:the )?(?:other|remaining|rest)|remained (?:active|unchanged|refractory)|"
    r"not (?:significantly )?(?:different|better|improved)|not an alternative|negative (?:trial|study|results?)|"
    r"did not meet|futility|discouraging|disappointing)\b",
    _F,
)
_DOUBTS = ("doubtful", "questionable")
RECOMMEND = prefiltered(r"\brecommend(?:s|ed|ing|ations?)\b", _F)
TITLE_BENEFIT = prefiltered(r"\b(?:efficacy|effectiveness)\b", _F)
#: Words that turn the benefit right after them around ('without improvement', 'no clear response').
NEGATOR = re.compile(
    r"\b(?:not|no|none of(?: the)?|neither|nor|never|without|failed to|did not|didn't|unable to|lack of|absence of|"
    r"only (?:one|two|a few|\d+))\s+"
    r"(?:\w+\s+){0,3}$",
    _F,
)
#: ... or govern its whole clause ('Neither A nor B (alone or combined) improved', 'None of the patients improved').
CLAUSE_NEGATOR = prefiltered(
    r"\b(?:neither|nor|none|not|never|did not|failed to|no (?:patients?|one|cases?|evidence|proof))\b", _F
)
#: The share of a group a result is stated for ('8 of 19 patients improved', 'in 3/10', 'one of those three').
SHARE = re.compile(rf"\b({NUMBER})\s*(?:/|of|out of)\s*(?:the |these |those |all )?({NUMBER})\b(?!\s*%)", _F)
#: Where one statement of a sentence ends and the next begins ('resolved or stabilized in five, and progressed in
#: four'): cue words count once per statement.
PHRASE_END = re.compile(r",|\band\b", _F)
#: ... and a concessive clause ends at its comma: 'Although the end point was not met, most patients improved'.
CLAUSE_END = re.compile(
    r"[;:]|\b(?:although|though|while|whereas)\b[^,;]*,|\b(?:but|whereas|while|although|however|and then)\b",
    _F,
)
#: A benefit put in doubt after it is named ('its long-term benefit is doubtful').
DOUBTED = re.compile(
    r"^[^,;.]{0,50}?\b(?:is|are|was|were|remains?|seems?) (?:\w+ )?(?:doubtful|questionable|not established)\b",
    _F,
)
#: Deaths set against survivors or responders in one sentence ('one survived, while two died'): the treatment
#: failed some of them. A plain count ('three survived and two died') is a tally, not the text's verdict.
DEATHS = prefiltered(r"\b(?:died|deaths?|deceased|succumbed)\b", _F)
SET_AGAINST = prefiltered(r"\b(?:while|whereas|but|however|although)\b", _F)
#: An outcome tally of the treated group: 'five deaths and five survivals', '3 patients survived and 2 died'.
_COUNTED = rf"\b{NUMBER}\s+(?:\w+\s+){{0,2}}"
TALLY_DEATHS = prefiltered(rf"{_COUNTED}(?:died|deaths?)\b", _F)
TALLY_SURVIVORS = prefiltered(rf"{_COUNTED}(?:survived|survivals?|survivors?|(?:were|remained) alive)\b", _F)
#: A clause whose subject is a test or its monitoring judges the test, not the treatment ('IgG monitoring after
#: rituximab does not seem useful').
ABOUT_A_TEST = re.compile(
    r"^\s*(?:[\w-]+\s+){0,5}?(?:monitoring|screening|measurements?|testing|biomarkers?)\b", _F
)
#: A benefit that did not last ('a transient decrease', 'improved only temporarily') or reached only a part of
#: the patients ('effective in a small subset', 'only in a minority').
TRANSIENT = prefiltered(
    r"\b(?:transient(?:ly)?|temporar(?:y|ily)|short-lived|only briefly|(?:small )?subset of|"
    r"minority of|only (?:in )?(?:some|a few)|borderline|trend(?:ed|s)? (?:toward|towards|to))\b",
    _F,
)
#: A sentence that lists what predicts the outcome, or how two measures went together, describes the patients or
#: a marker, not the treatment's effect.
PROGNOSTIC = prefiltered(
    r"\b(?:prognostic|risk|predictive) factors? (?:were|was) (?:identified|found)|\bpredictors? (?:were|was) (?:identified|found)|"
    r"\bcorrelat(?:ed|es|ing) (?:with|to)\b",
    _F,
)
#: A sentence about every treatment of the study ('no specific treatment is effective'): it speaks for each agent.
EVERY_TREATMENT = prefiltered(
    r"\b(?:any (?:specific |single |other |of the )?|all (?:the |of the )?|none of the |these |each |every )"
    r"(?:treatments?|therap(?:y|ies)|agents?|drugs?|medications?|interventions?)\b|"
    r"\b(?:both|all|either|each) (?:\w+ )?(?:groups?|arms?|regimens?|cohorts?)\b",
    _F,
)
#: An agent named as what was measured ('the prednisone dose was reduced', 'a lower dose of prednisone'): the result
#: is the studied treatment's, not that agent's.
AS_MEASURE = prefiltered(
    r"\b[\w-]+\s+(?:doses?|dosages?|requirements?)\b|\b(?:doses?|dosages?|requirements?)\s+of\s+(?:\w+\s+)?[\w-]+",
    _F,
)
#: Where a sentence turns from one agent's result to another's: votes on each side stay with its own agents.
TURN = prefiltered(r"\bbut\b|\bhowever\b|\bwhereas\b", _F)
CONTRAST = prefiltered(r";|\bbut\b|\bhowever\b|\bwhereas\b", _F, min_needle=1)  # ';' is rare
#: Sentences that weigh the evidence without a finding ('its effectiveness is unproved').
UNSETTLED = prefiltered(
    r"\b(?:unprove[dn]|unknown|uncertain|(?:recent|previous|prior|earlier) (?:reports|studies|trials|series)|"
    r"(?<!we )(?:has|have) (?:\w+ )?(?:reported|shown|demonstrated|described|suggested)|remains? (?:unclear|to be)|controversial|reportedly|has been reported|"
    r"have been reported|is reported|often|usually|commonly|generally|lacks? (?:consensus|evidence|data)|no consensus|"
    r"low[- ]quality|insufficient (?:evidence|data)|limited evidence|weak evidence|(?:is|are) (?:hoped for|awaited|desired)|"
    r"no (?:\w+ )?(?:effective|established|proven|approved|standard) (?:treatments?|therap(?:y|ies))|"
    r"(?:are|is|were) no (?:\w+ ){0,2}(?:trials|studies|data|evidence) to|"
    r"(?:further|more|larger|future|prospective|controlled) (?:\w+ )?(?:studies|trials|research|investigations?) "
    r"(?:are|is|will be) (?:needed|required|warranted|necessary))\b",
    _F,
)
#: Tolerability is not efficacy: 'safe and well tolerated', 'tolerability'.
TOLERABILITY = prefiltered(
    r"\b(?:well[- ]tolerated|tolerab(?:le|ility)|safe(?:ty)?(?: profile)?|side[- ]effects?|adverse (?:events?|effects?|reactions?)|"
    r"toxicity)\b",
    _F,
)
#: A benefit stated with reserve ('may be useful'), asked as a question or left to further work: half a verdict in
#: a conclusion, none in a result.
HEDGE = prefiltered(
    r"\b(?:may|might|could|possibly|perhaps|potential(?:ly)?|whether|warrant\w*|further|needed|seems?|appears?|suggests?)\b|\?",
    _F,
    min_needle=1,  # '?' is rare
)
#: A clause about the therapy patients had failed: its cue words are about that therapy.
REFRACTORY_CLAUSE = prefiltered(
    r"\b(?:refractory to|resistant to|resisted|unresponsive to|intolerant (?:of|to)|despite|even after|after failure of|"
    r"following failure of|who (?:had )?failed|failed to respond to|not responded to|did not respond to|"
    r"non-?responsive to|nil responsiveness to|incompletely respond\w* to|partially respond\w* to|inadequate response to)"
    r"[^,;.()]{0,50}?(?=\s+(?:and|were|was|who|with|then|improved|responded|received|showed|had|achieved)\b|[,;.()]|$)",
    _F,
)
#: Sentences that state the question or the method, also in unlabelled abstracts.
AIM_OR_METHOD = re.compile(
    r"\b(?:we aimed|aim(?:ed|s)? (?:of|to|was)|objectives? (?:of|was|were)|to (?:evaluate|assess|investigate|determine|examine|"
    r"compare|describe|report|establish|explore|analy[sz]e|study)|we (?:evaluated|assessed|investigated|examined|reviewed|retrospectively)|"
    r"(?:primary|secondary|main) (?:efficacy )?(?:end ?points?|outcomes?|outcome measures?) (?:was|were|included|is|are)|"
    r"(?:was|were|is|are) defined as|"
    r"were (?:enrolled|randomi[sz]ed|recruited|included|assigned)|is (?:an?|the) (?:rare|chronic|autoimmune|idiopathic))\b",
    _F,
)
NULL_COMPARISON = prefiltered(
    r"\b(?:no (?:(?:clinically|statistically|significant|relevant|meaningful|or|and|\w+ly)[ ,]+){0,4}"
    r"(?:significant|relevant|meaningful|important) (?:\w+ )?(?:differences?|effects?)|no differences?|did not differ|"
    r"not significantly (?:different|better)|(?:failed to|did not) (?:meet|reach|achieve) (?:its|the|their|any) "
    r"(?:primary|secondary)|no better than|not superior)\b",
    _F,
)

#: A null comparison is a failure against placebo, baseline or the trial's end point; between two active arms
#: ('both arms improved, with no difference between them') it judges neither arm.
AGAINST_NOTHING = prefiltered(
    r"\b(?:placebo|sham|untreated|no treatment|baseline|pre-?treatment|primary|end ?points?|control group)\b",
    _F,
)
#: A study whose comparator is no treatment: a null comparison there outweighs the improvement both arms showed
#: (a blinded study of one agent has a placebo arm). In a placebo-phase (delayed-start) design every arm gets the
#: agent.
PLACEBO = prefiltered(r"\b(?:placebo|sham)\b", _F)
BLINDED = prefiltered(r"\bdouble-?\s?blind(?:ed)?\b", _F)
EVERY_ARM_TREATED = prefiltered(r"\b(?:placebo[- ]phase|delayed[- ]start)\b", _F)
#: A response of the body's own systems ('the interferon response', 'an immune response') is biology, not benefit.
BIOLOGICAL = re.compile(
    r"\b(?:interferon|IFN|immune|inflammatory|antibody|T[- ]cell|B[- ]cell|cytokine|humoral|cellular|stress)[\w-]*\s+$",
    _F,
)
#: A result stated for the placebo arm ('no change with placebo') is not the agent's.
FOR_PLACEBO = re.compile(r"^\s*(?:with|on|in|for|under|during|after) (?:the )?(?:placebo|sham)\b", _F)
#: Sentences that say why patients were treated ('the indications were relapse or failure of other agents').
INDICATION = prefiltered(
    r"\b(?:indications?|reasons?) (?:for|included|were|was)\b|\bowing to failure of\b", _F
)
#: The end of a text cut mid-sentence: no closing punctuation, or an ellipsis.
_CUT = re.compile(r"(?:[^.!?)\]\s\"'”’]|\.\.\.|…)\s*$")
#: Words that open an abstract's closing verdict where it has no section labels.
CONCLUDING = prefiltered(
    r"^\W*(?:in conclusion|in summary|to conclude|to summari[sz]e|taken together|we conclude|therefore|thus|overall|"
    r"these (?:data|results|findings|observations) (?:suggest|indicate|show|demonstrate|support))\b",
    _F,
)

#: 'no' or 'without' right before a harm cue: 'no worsening' is no harm.
_NO_BEFORE = re.compile(r"\b(?:no|without|nor|neither)\s+(?:\w+\s+){0,2}$")  # case-sensitive, as it was


@dataclass
class Votes:
    pos: float = 0.0
    neg: float = 0.0
    conclusion_pos: float = 0.0
    conclusion_neg: float = 0.0


def found_sentences(seg: Segment) -> list[tuple[int, str, str]]:
    """The sentences that report findings, with their weight region: in an abstract without section labels its
    conclusion starts at a concluding phrase ('In conclusion', 'Therefore'), else it is the last two sentences."""
    sents = [(b, t, region(r)) for b, t, r in seg.sentences]
    out = [
        s
        for s in sents
        if s[2] in FOUND
        and not (s[2] == "abstract" and AIM_OR_METHOD.search(s[1]))
        and not INDICATION.search(s[1])
    ]
    labelled = any(s[2] in ("results", "conclusion") for s in sents)
    if not labelled and seg.reference is None:
        body = [s for s in out if s[2] == "abstract"]
        opening = next((i for i, s in enumerate(body) if i and CONCLUDING.search(s[1])), None)
        # an excerpt cut before its end has lost its conclusion: its last sentences are no verdict
        ends = [t for _, t, r in sents if r == "abstract"]
        cut = bool(ends) and _CUT.search(ends[-1]) is not None
        last = body[opening:] if opening is not None else body[-2:] if len(body) >= 3 and not cut else []
        ending = {s[0] for s in last}
        out = [(b, t, "conclusion" if b in ending else r) for b, t, r in out]
    return out


def _hedged(text: str) -> bool:
    """A hedged benefit counts half in a conclusion and not elsewhere; a recommendation is not a hedge."""
    return bool(HEDGE.search(text)) and not RECOMMEND.search(text)


def _votes(text: str, part: str = "", hedged: bool | None = None) -> tuple[float, float]:
    """Benefit and harm cues of one sentence (or clause of a sentence ``hedged`` or not), refractoriness clauses
    and tolerability set aside."""
    text = REFRACTORY_CLAUSE.sub(" ", text)
    hedged = _hedged(text) if hedged is None else hedged
    pos: dict[int, float] = {}  # per phrase: one verdict each way, however many cue words say it
    neg: dict[int, float] = {}
    phrase = [a for a, _ in _top_level(PHRASE_END, text)]
    if part == "citation" and TITLE_BENEFIT.search(text) and not HARM.search(text):
        pos[-1] = (
            0.5  # a cited work whose title names the efficacy it reports on; an own title's is only its topic
        )
    for m in BENEFIT.finditer(text):
        if FOR_PLACEBO.match(text[m.end() :]) or BIOLOGICAL.search(text[max(0, m.start() - 30) : m.start()]):
            continue
        before, at = text[: m.start()], bisect(phrase, m.start())
        clause = CLAUSE_END.split(before[-100:])[-1]
        if DOUBTED.match(text[m.end() :]):
            neg[at] = max(neg.get(at, 0.0), 0.5)  # a doubt is a hedged 'no'
        elif NEGATOR.search(before[-40:]) or CLAUSE_NEGATOR.search(clause):
            neg[at] = 1.0
        elif not TOLERABILITY.search(text[max(0, m.start() - 25) : m.end() + 25]) or m.group(0).lower() in (
            "effective",
        ):
            if (share := _share(text[phrase[at - 1] if at else 0 : m.start()])) is not None and share < 0.5:
                neg[at] = 1.0  # a result for fewer than half of the group
            pos[at] = max(
                pos.get(at, 0.0), 1 if not hedged else 0.5 if part in ("conclusion", "annotation") else 0
            )
    for m in HARM.finditer(text):
        negated = _NO_BEFORE.search(text[max(0, m.start() - 30) : m.start()])
        if (
            not negated
            and not TOLERABILITY.search(text[m.start() : m.end() + 30])
            and not FOR_PLACEBO.match(text[m.end() :])
        ):
            at = bisect(phrase, m.start())  # 'no worsening' is no harm; a doubt is a hedged 'no'
            neg[at] = max(neg.get(at, 0.0), 0.5 if m.group(0).lower() in _DOUBTS else 1.0)
    return sum(pos.values()), sum(neg.values())


def _top_level(rx: re.Pattern[str] | Any, text: str) -> list[tuple[int, int]]:
    """The matches of ``rx`` outside brackets: '(8/19; 95% CI 20, 65)' is one aside, not three phrases."""
    out = []
    for m in rx.finditer(text):
        head = text[: m.start()]
        if head.count("(") + head.count("[") <= head.count(")") + head.count("]"):
            out.append(m.span())
    return out


def _share(before: str) -> float | None:
    """The last 'k of n' before a result cue, as a fraction."""
    share = None
    for m in SHARE.finditer(before):
        k, n = parse_number(m.group(1)), parse_number(m.group(2))
        if k is not None and n and k <= n:
            share = float(k / n)
    return share


def _deaths_set_against(text: str) -> bool:
    """Deaths and a benefit with a contrast between them ('one patient survived, while two died')."""
    deaths = [m.start() for m in DEATHS.finditer(text)]
    if not deaths:
        return False
    for b in BENEFIT.finditer(text):
        for d in deaths:
            lo, hi = (b.end(), d) if b.end() <= d else (d, b.start())
            if SET_AGAINST.search(text[lo:hi]):
                return True
    return False


class Evidence:
    """The finding sentences of one segment with their benefit and harm votes, computed once for all its agents."""

    def __init__(self, seg: Segment) -> None:
        # start, end, part, and the votes of each contrasted clause: (clause start, clause end, pos, neg, null) where
        # null is the weight of a null comparison stated there (-1: none; 2 against placebo, 1 against baseline or
        # the end point, 0 between arms)
        self.sentences: list[tuple[int, int, str, list[tuple[int, int, float, float, float]]]] = []
        self.every: set[int] = set()  # starts of sentences about every treatment
        self.measures: list[tuple[int, int]] = []  # agents named as a measure ('prednisone dose')
        # sentences that set two arms' rates side by side: part, the better arm, the mentions in naming order
        self.comparisons: list[tuple[str, int, list[tuple[int, int]]]] = []
        every_arm = any(EVERY_ARM_TREATED.search(t) for _, t, _ in seg.sentences)
        self.placebo = not every_arm and any(PLACEBO.search(t) for _, t, _ in seg.sentences)
        self.blinded = not every_arm and any(BLINDED.search(t) for _, t, _ in seg.sentences)
        for base, text, part in found_sentences(seg):
            if PROGNOSTIC.search(text):
                continue
            if (arm := better_arm(text)) is not None:
                spans = [(m.start, m.end) for m in seg.within(seg.mentions, base, base + len(text))]
                self.comparisons.append((part, arm[0], spans))
            clauses = []
            hedged = _hedged(text)
            at = 0
            for cut in [*TURN.finditer(text), None]:  # 'persisted after X but responded to Y'
                end = cut.start() if cut else len(text)
                p = n = 0.0
                null = -1.0
                piece = text[at:end]
                seps = [(0, 0), *_top_level(CONTRAST, piece), (len(piece), len(piece))]
                for clause in (
                    piece[x[1] : y[0]] for x, y in pairwise(seps)
                ):  # 'effective; its effect is unknown'
                    if not UNSETTLED.search(clause) and not ABOUT_A_TEST.match(clause):
                        cp, cn = _votes(clause, part, hedged)
                        if TRANSIENT.search(clause):  # a benefit that did not last is as much a failure
                            cn += cp
                        p, n = p + cp, n + cn
                        if NULL_COMPARISON.search(clause):
                            against = (
                                2.0
                                if PLACEBO.search(clause)
                                else 1.0
                                if AGAINST_NOTHING.search(clause)
                                else 0.0
                            )
                            null = max(null, against)
                if p or n or null >= 0:
                    clauses.append((base + at, base + end, p, n, null))
                at = cut.end() if cut else at
            deaths = DEATHS.search(text) is not None  # the deaths weigh against survivors:
            if deaths and any(c[2] for c in clauses) and _deaths_set_against(text):
                clauses.append((base, base + len(text), 0.0, 1.0, -1.0))
            elif deaths and TALLY_DEATHS.search(text) and TALLY_SURVIVORS.search(text):
                clauses.append(
                    (base, base + len(text), 0.0 if any(c[2] for c in clauses) else 1.0, 1.0, -1.0)
                )
            if clauses:
                self.sentences.append((base, base + len(text), part, clauses))
                self.measures += [(base + m.start(), base + m.end()) for m in AS_MEASURE.finditer(text)]
                if EVERY_TREATMENT.search(text):
                    self.every.add(base)

    def judge(
        self,
        agent: str,
        names: Callable[[int, int], set[str]],
        index: set[str] | None,
        covers: Callable[[str, str], bool],
        rate: float | None,
    ) -> str:
        """Direction for ``agent``; ``names(a, b)`` gives the agents named in a stretch of text, ``covers(x, y)``
        whether naming y names x (itself or a class of it); ``index`` is the study's index treatment (the first-named,
        or the agents of the regimen it is given in), None when one agent is studied."""
        v = Votes()
        # a null comparison outweighs the improvement where the comparator is no treatment
        strong = 2.0 if self.placebo or self.blinded and index is None else 0.0

        def named_in(a: int, b: int) -> set[str]:  # agents named in a stretch, but not as a measure
            holes = [(x, y) for x, y in self.measures if a <= x < b]
            out, at = set(), a
            for x, y in holes:
                out |= names(at, x)
                at = y
            return out | names(at, b)

        for start, end, part, clauses in self.sentences:
            named = named_in(start, end)
            if named and not any(covers(agent, n) for n in named):
                continue  # a sentence about other agents
            if not named and index is not None and agent not in index and start not in self.every:
                continue  # unnamed results belong to the index treatment, not a comparator
            # 'persisted after X but responded to Y': a clause that names other agents only is about them
            pos = neg = 0.0
            for a, b, p, n, null in clauses:
                here = named_in(a, b) if named else set()
                if not here or any(covers(agent, o) for o in here):
                    pos, neg = pos + p, neg + (max(n, null, strong) if null >= 0 else n)
            w = _WEIGHT.get(part, 1)
            v.pos, v.neg = v.pos + w * pos, v.neg + w * neg
            if part in ("conclusion", "annotation"):  # a reviewer's annotation is its verdict on the work
                v.conclusion_pos, v.conclusion_neg = v.conclusion_pos + pos, v.conclusion_neg + neg
        for part, better, spans in self.comparisons:  # the better of two arms compared by their rates
            arms: list[str] = []
            for a, b in spans:
                arms += [t for t in sorted(names(a, b)) if t not in arms]
            if len(arms) >= 2 and covers(agent, arms[better]):
                v.pos += _WEIGHT.get(part, 1)
                v.conclusion_pos += part in ("conclusion", "annotation")
        if v.conclusion_pos or v.conclusion_neg:
            return _decide(v.conclusion_pos, v.conclusion_neg)
        if rate is not None and not v.neg:
            return "positive" if rate >= 0.5 else "negative" if rate == 0 else "mixed"
        return _decide(v.pos, v.neg)


def _decide(pos: float, neg: float) -> str:
    if pos and neg:
        return "positive" if pos >= 2 * neg else "negative" if neg >= 2 * pos else "mixed"
    return "positive" if pos else "negative" if neg else "unclear"
