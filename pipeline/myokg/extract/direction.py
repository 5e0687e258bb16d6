"""The direction of a studied agent's evidence, judged from what a study found and concluded.

Only results, conclusions and (for reviews and guidelines) recommendations count: cues in the background,
objectives, methods, indications and endpoint definitions say what was asked, not what was found, and clauses about
the therapy patients had failed ('refractory to', 'despite') say nothing about the studied one. The conclusion weighs
most; efficacy is judged apart from tolerability ('safe and well tolerated' is not a benefit); negation reaches over
the words it governs ('none of the patients improved') up to a concession's comma ('Although the end point was not
met, most patients improved': mixed). Cue words count once per statement. A null comparison is a failure against
placebo, baseline or an end point, and judges neither arm of an active comparison; two arms' rates set side by side
('survival 85% vs 40%') credit the better arm. Where an abstract has no section labels its conclusion opens at a
concluding phrase or is its last two sentences, unless the excerpt was cut before its end. In a study of several
agents a sentence that names none of them speaks for the first-named (index) treatment only, unless it speaks for
both groups; comparator arms stay unclear unless named. The cue vocabulary lives in verdicts.py.
"""

from __future__ import annotations

import re
from bisect import bisect
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from myokg.extract import verdicts as cue
from myokg.extract.comparison import better_arm
from myokg.extract.model import Segment, region
from myokg.extract.numbers import parse_number

#: Regions whose sentences report what the study found.
FOUND = {"results", "conclusion", "abstract", "title", "annotation", "citation", "summary"}
_WEIGHT = {"conclusion": 3, "title": 2, "annotation": 2, "citation": 2}


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
        and not (s[2] == "abstract" and cue.AIM_OR_METHOD.search(s[1]))
        and not cue.INDICATION.search(s[1])
    ]
    labelled = any(s[2] in ("results", "conclusion") for s in sents)
    if not labelled and seg.reference is None:
        body = [s for s in out if s[2] == "abstract"]
        opening = next((i for i, s in enumerate(body) if i and cue.CONCLUDING.search(s[1])), None)
        # an excerpt cut before its end has lost its conclusion: its last sentences are no verdict
        ends = [t for _, t, r in sents if r == "abstract"]
        cut = bool(ends) and cue.CUT.search(ends[-1]) is not None
        last = body[opening:] if opening is not None else body[-2:] if len(body) >= 3 and not cut else []
        ending = {s[0] for s in last}
        out = [(b, t, "conclusion" if b in ending else r) for b, t, r in out]
    return out


def _hedged(text: str) -> bool:
    """A hedged benefit counts half in a conclusion and not elsewhere; a recommendation is not a hedge."""
    return bool(cue.HEDGE.search(text)) and not cue.RECOMMEND.search(text)


def _votes(text: str, part: str = "", hedged: bool | None = None) -> tuple[float, float]:
    """Benefit and harm cues of one sentence (or clause of a sentence ``hedged`` or not), refractoriness clauses
    and tolerability set aside."""
    text = cue.REFRACTORY_CLAUSE.sub(" ", text)
    hedged = _hedged(text) if hedged is None else hedged
    pos: dict[int, float] = {}  # per phrase: one verdict each way, however many cue words say it
    neg: dict[int, float] = {}
    phrase = [a for a, _ in _top_level(cue.PHRASE_END, text)]
    if part == "citation" and cue.TITLE_BENEFIT.search(text) and not cue.HARM.search(text):
        pos[-1] = (
            0.5  # a cited work whose title names the efficacy it reports on; an own title's is only its topic
        )
    for m in cue.BENEFIT.finditer(text):
        if (
            cue.FOR_PLACEBO.match(text[m.end() :])
            or cue.BIOLOGICAL.search(text[max(0, m.start() - 30) : m.start()])
            or part == "title"
            and cue.TOPIC_ROLE.fullmatch(m.group(0))  # 'X as first-line treatment': a topic
        ):
            continue
        before, at = text[: m.start()], bisect(phrase, m.start())
        clause = cue.CLAUSE_END.split(before[-100:])[-1]
        if cue.DOUBTED.match(text[m.end() :]):
            neg[at] = max(neg.get(at, 0.0), 0.5)  # a doubt is a hedged 'no'
        elif cue.NEGATOR.search(before[-40:]) or cue.CLAUSE_NEGATOR.search(clause):
            neg[at] = 1.0
        elif not cue.TOLERABILITY.search(text[max(0, m.start() - 25) : m.end() + 25]) or m.group(
            0
        ).lower() in ("effective",):
            if (share := _share(text[phrase[at - 1] if at else 0 : m.start()])) is not None and share < 0.5:
                neg[at] = 1.0  # a result for fewer than half of the group
            pos[at] = max(
                pos.get(at, 0.0), 1 if not hedged else 0.5 if part in ("conclusion", "annotation") else 0
            )
    for m in cue.HARM.finditer(text):
        negated = cue.NO_BEFORE.search(text[max(0, m.start() - 30) : m.start()])
        if (
            not negated
            and not cue.TOLERABILITY.search(text[m.start() : m.end() + 30])
            and not cue.FOR_PLACEBO.match(text[m.end() :])
        ):
            at = bisect(phrase, m.start())  # 'no worsening' is no harm; a doubt is a hedged 'no'
            neg[at] = max(neg.get(at, 0.0), 0.5 if m.group(0).lower() in cue.DOUBTS else 1.0)
    return sum(pos.values()), sum(neg.values())


def _top_level(rx: re.Pattern[str] | Any, text: str) -> list[tuple[int, int]]:
    """The matches of ``rx`` outside brackets: '(5/12; 95% CI 15, 72)' is one aside, not three phrases."""
    out = []
    depth = at = (
        0  # brackets opened minus closed before ``at``: counted once along the text, not from its start
    )
    for m in rx.finditer(text):
        gap = text[at : m.start()]
        depth += gap.count("(") + gap.count("[") - gap.count(")") - gap.count("]")
        at = m.start()
        if depth <= 0:
            out.append(m.span())
    return out


def _share(before: str) -> float | None:
    """The last 'k of n' before a result cue, as a fraction."""
    share = None
    for m in cue.SHARE.finditer(before):
        k, n = parse_number(m.group(1)), parse_number(m.group(2))
        if k is not None and n and k <= n:
            share = float(k / n)
    return share


def _deaths_set_against(text: str) -> bool:
    """Deaths and a benefit with a contrast between them ('one patient survived, while two died')."""
    deaths = [m.start() for m in cue.DEATHS.finditer(text)]
    if not deaths:
        return False
    for b in cue.BENEFIT.finditer(text):
        for d in deaths:
            lo, hi = (b.end(), d) if b.end() <= d else (d, b.start())
            if cue.SET_AGAINST.search(text[lo:hi]):
                return True
    return False


class Evidence:
    """The finding sentences of one segment with their benefit and harm votes, computed once for all its agents."""

    def __init__(self, seg: Segment) -> None:
        # start, end, part, and the votes of each contrasted clause: (clause start, clause end, pos, neg, null) where
        # null is the weight of a null comparison stated there (-1: none; 2 against placebo, 1 against baseline or
        # the end point, 0 between arms)
        self.sentences: list[tuple[int, int, str, list[tuple[int, int, float, float, float]]]] = []
        self.every: set[int] = set()  # starts of sentences, and of clauses, about every treatment
        self.measures: list[tuple[int, int]] = []  # agents named as a measure ('prednisone dose')
        # sentences that set two arms' rates side by side: part, the better arm, the mentions in naming order
        self.comparisons: list[tuple[str, int, list[tuple[int, int]]]] = []
        every_arm = any(cue.EVERY_ARM_TREATED.search(t) for _, t, _ in seg.sentences)
        self.placebo = not every_arm and any(cue.PLACEBO.search(t) for _, t, _ in seg.sentences)
        self.blinded = not every_arm and any(cue.BLINDED.search(t) for _, t, _ in seg.sentences)
        for base, text, part in found_sentences(seg):
            if cue.PROGNOSTIC.search(text):
                continue
            if (arm := better_arm(text)) is not None:
                spans = [(m.start, m.end) for m in seg.within(seg.mentions, base, base + len(text))]
                self.comparisons.append((part, arm[0], spans))
            clauses = []
            hedged = _hedged(text)
            at = 0
            for cut in [*cue.TURN.finditer(text), None]:  # 'persisted after X but responded to Y'
                end = cut.start() if cut else len(text)
                p = n = 0.0
                null = -1.0
                piece = text[at:end]
                seps = [(0, 0), *_top_level(cue.CONTRAST, piece), (len(piece), len(piece))]
                for clause in (
                    piece[x[1] : y[0]] for x, y in pairwise(seps)
                ):  # 'effective; its effect is unknown'
                    if not cue.UNSETTLED.search(clause) and not cue.ABOUT_A_TEST.match(clause):
                        cp, cn = _votes(clause, part, hedged)
                        if cue.TRANSIENT.search(clause):  # a benefit that did not last is as much a failure
                            cn += cp
                        p, n = p + cp, n + cn
                        if cue.NULL_COMPARISON.search(clause):
                            against = (
                                2.0
                                if cue.PLACEBO.search(clause)
                                else 1.0
                                if cue.AGAINST_NOTHING.search(clause)
                                else 0.0
                            )
                            null = max(null, against)
                if p or n or null >= 0:
                    clauses.append((base + at, base + end, p, n, null))
                    if cue.EVERY_TREATMENT.search(piece):  # 'in both groups ...; however, only A ...'
                        self.every.add(base + at)
                at = cut.end() if cut else at
            deaths = cue.DEATHS.search(text) is not None  # the deaths weigh against survivors:
            if deaths and any(c[2] for c in clauses) and _deaths_set_against(text):
                clauses.append((base, base + len(text), 0.0, 1.0, -1.0))
            elif deaths and cue.TALLY_DEATHS.search(text) and cue.TALLY_SURVIVORS.search(text):
                clauses.append(
                    (base, base + len(text), 0.0 if any(c[2] for c in clauses) else 1.0, 1.0, -1.0)
                )
            elif cue.DIED_DESPITE.search(text):  # 'despite X, she died': X failed her
                clauses.append((base, base + len(text), 0.0, 1.0, -1.0))
            if clauses:
                self.sentences.append((base, base + len(text), part, clauses))
                self.measures += [(base + m.start(), base + m.end()) for m in cue.AS_MEASURE.finditer(text)]
                if cue.EVERY_TREATMENT.search(text):
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
            mine = not named or any(covers(agent, n) for n in named)  # else a sentence about other agents
            measured = {t for x, y in self.measures if start <= x < end for t in names(x, y)}
            if any(covers(agent, t) for t in measured) and not any(covers(agent, n) for n in named):
                continue  # the agent is what the sentence measures ('the prednisone dose fell')
            if not named and index is not None and agent not in index and start not in self.every:
                continue  # unnamed results belong to the index treatment, not a comparator
            # 'persisted after X but responded to Y': a clause that names other agents only is about them; an
            # unnamed clause about both groups speaks for this agent too
            pos = neg = 0.0
            for a, b, p, n, null in clauses:
                here = named_in(a, b) if named else set()
                if any(covers(agent, o) for o in here) or not here and (mine or a in self.every):
                    pos, neg = pos + p, neg + (max(n, null, strong) if null >= 0 else n)
            if not (pos or neg):
                continue
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
