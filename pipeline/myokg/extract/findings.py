"""Turn a document's mentions into findings: agent role, direction, population, qualifiers, adverse events."""

from __future__ import annotations

import re

from myokg.extract import conditions as conditions_
from myokg.extract import cues, lexicon
from myokg.extract import events as events_
from myokg.extract.direction import Evidence
from myokg.extract.indexing import Indexing
from myokg.extract.mentions import Matcher, Mention
from myokg.extract.model import AdverseEvent, Extraction, Finding, Segment, seg_text_between, segments
from myokg.extract.studies import StudyReader
from myokg.namespaces import TERM
from myokg.read.model import Document
from myokg.vocab import Vocabulary

_BACKGROUND = {"background", "introduction"}
#: Regions that name or label a work rather than tell what it did (a citation names its journal: 'Cochrane Database').
_LABELS = {"title", "citation", "annotation", "keywords", "mesh", "substances"}
#: Term IRIs as strings, made once (a namespace attribute builds and checks a new IRI on every access).
_JDM, _JIIM, _JPM, _ADULT_DM = str(TERM.jdm), str(TERM.jiim), str(TERM.jpm), str(TERM.adult_dm)
_MYOSITIS = str(TERM.myositis)
_REVIEW = str(TERM.review)


class Extractor:
    """Rule-based extraction over one compiled vocabulary; ``extract`` is a pure function of the document."""

    name = "myokg rule-based extractor"

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.matcher = Matcher(vocab, lexicon.shared())
        self.indexing = Indexing(vocab, self.matcher)
        self.studies = StudyReader(vocab, self.indexing)
        classes = [t.iri for t in vocab.terms.values() if t.drug_class]
        self._umbrellas = {c for c in classes if any(o != c and vocab.is_a(o, c) for o in classes)}

    def extract(self, doc: Document) -> Extraction:
        mentions = self.matcher.find(doc.text)
        if doc.mesh or doc.substances:
            listed = [s for s in doc.sections if s.label in ("mesh", "substances")]
            mentions = [m for m in mentions if not any(a.start <= m.start < a.end for a in listed)]
            mentions = sorted(mentions + self.indexing.mentions(doc), key=lambda m: (m.start, m.end))
        segs = segments(doc, mentions)
        for seg in segs:
            self.studies.read(doc, seg)
            self._findings(seg)
        made = sorted({m.term for m in mentions if self.vocab.terms[m.term].source})
        return Extraction(doc, mentions, segs, [self.vocab.terms[t] for t in made], self._doubts(segs))

    def _doubts(self, segs: list[Segment]) -> list[str]:
        """A page whose title names a myositis but whose own text gave no finding says so."""
        own = next((s for s in segs if s.reference is None), None)
        if own is None or any(s.findings for s in segs):  # a reference list's findings are the page's yield
            return []
        titled = [
            m for m in own.mentions if self._region(own, m) == "title" and self.vocab.is_a(m.term, _MYOSITIS)
        ]
        if not titled:
            return []
        return [f"the title names {titled[0].text!r} but no finding was extracted (no studied agent found)"]

    def _kind(self, m: Mention) -> str:
        return self.vocab.terms[m.term].kind

    # ---- findings -----------------------------------------------------------------------------
    def _findings(self, seg: Segment) -> None:
        ms = [m for m in seg.mentions if m.how != "MeSH substance"]
        agents = [m for m in ms if self._kind(m) in ("drug", "procedure")]
        # agents named only in the background of an abstract are context, not evidence of this study
        foreground = {m.term for m in agents if self._region(seg, m) not in _BACKGROUND}
        agents = [m for m in agents if m.term in foreground]
        # a molecule the drug lexicon knows, named only among what was measured, is a marker
        treatments = {m.term for m in agents if not self._marker(seg, m)}
        agents = [m for m in agents if m.term in treatments]
        diseases = [m for m in ms if self._kind(m) == "disease" and not self._in_journal_name(seg, m)]
        conditions = conditions_.treated(self.vocab, seg, diseases)
        cond_terms = conditions_.umbrella_free(
            self.vocab, {m.term for m in conditions}, conditions_.population(seg, conditions)
        )
        seg.conditions = sorted(cond_terms)
        if not agents or not conditions:
            return
        text = " ".join(t for _, t, _ in seg.sentences)
        manifest = sorted(
            {m.term for m in diseases if self.vocab.role_of(m.term) in conditions_.MANIFESTATION_ROLES}
        )
        events = events_.adverse_events(self.vocab, seg, diseases, agents)
        population = self._population(seg, diseases, text)
        refractory = bool(cues.REFRACTORY.search(text))
        roles: dict[str, tuple[str, Mention]] = {}
        causes = set()  # an agent said to have brought on the disease is not its treatment in the same text
        titled = set()  # agents the title names
        for m in agents:
            role = self._role(
                seg, m
            )  # studied, priorTherapy, concomitant, suspectedCause, or none (not used)
            if role != "none" and self._region(seg, m) == "title":
                titled.add(m.term)
            if role == "suspectedCause":
                causes.add(m.term)
                roles[m.term] = (role, m)
                continue
            prev = roles.get(m.term)
            if (
                role != "none"
                and m.term not in causes
                and (prev is None or (prev[0] != "studied" and role == "studied"))
            ):
                roles[m.term] = (role, m)
        attached: dict[str, list[AdverseEvent]] = {}
        agents_in = events_.by_sentence(seg, agents)  # one pass: no scan of all agents per event
        sentences_of: dict[str, set[int]] = {}
        for b, ms in agents_in.items():
            for a in ms:
                sentences_of.setdefault(a.term, set()).add(b)
        for ev in events:
            # an agent named only as what treated the event ('resolved with tocilizumab') treats no condition
            for t in events_.treatments(seg, ev, agents_in):
                if t in roles and roles[t][0] == "studied" and sentences_of[t] <= {ev.sentence}:
                    roles[t] = ("concomitant", roles[t][1])
            # agents named with the event are suspected of it (only that, unless the text also studies them);
            # an event reported without an agent belongs to the studied agents
            named = events_.suspects(seg, ev, agents_in)
            if not named:
                named = {t for t, (role, _) in roles.items() if role == "studied"} - events_.treatments(
                    seg, ev, agents_in
                )
            for t in named & set(roles):
                if sentences_of[t] <= {ev.sentence}:  # named nowhere else
                    roles[t] = ("suspectedCause", roles[t][1])
                attached.setdefault(t, []).append(ev)
        # a class named alongside its own members is only their umbrella, unless it is all a review's title names
        # (a class of classes, 'combined immunosuppression', names the approach, not a class studied as a group)
        sole_subject = (
            next(iter(titled))
            if len(titled) == 1 and not titled & self._umbrellas and self._synthesis(seg)
            else None
        )
        if sole_subject and self._enumerated(seg, sole_subject, agents):
            sole_subject = (
                None  # the text lists its members ('calcineurin inhibitors (tacrolimus or ciclosporin)')
            )
        for t in list(roles):
            if t != sole_subject and any(
                o != t and self.vocab.is_a(o, t) and roles[o][0] == roles[t][0] for o in roles
            ):
                del roles[t]
        responders = self._response(seg)
        excepted = self._excepted(seg, conditions)
        index = self._index_agents(seg, [t for t, (role, _) in roles.items() if role == "studied"], agents_in)
        evidence = Evidence(seg)
        every_agent = [m for m in seg.mentions if self._kind(m) in ("drug", "procedure")]
        for agent, (role, am) in sorted(roles.items(), key=lambda kv: kv[1][1].start):
            overall = self._direction(seg, agent, role, responders, index, evidence, every_agent)
            for cond in sorted(cond_terms):
                direction = "mixed" if overall == "positive" and cond in excepted else overall
                cm = next(m for m in conditions if self.vocab.is_a(m.term, cond))  # ('adult DM' for DM)
                span = (seg.start, seg.end) if seg.reference else self._sentence_span(seg, am)
                seg.findings.append(
                    Finding(
                        agent,
                        cond,
                        role,
                        direction,
                        span[0],
                        span[1],
                        (am.start, am.end),
                        (cm.start, cm.end),
                        population,
                        refractory,
                        manifest,
                        attached.get(agent, []),
                        responders[0] if responders and role == "studied" else None,
                    )
                )

    def _in_journal_name(self, seg: Segment, m: Mention) -> bool:
        """A disease word inside the name of the journal ('J Myositis Res') names no condition of the study."""
        journal = seg.bib.journal
        if not journal or len(journal) < 4:
            return False
        s = seg.sentence_at(m.start)
        if s is None or journal not in s[1]:
            return False
        at = s[1].find(journal)
        while at >= 0:
            if s[0] + at <= m.start and m.end <= s[0] + at + len(journal):
                return True
            at = s[1].find(journal, at + 1)
        return False

    def _synthesis(self, seg: Segment) -> bool:
        """Whether the segment's study is a review or synthesis: one that can study a class as a group."""
        design = seg.study.design
        return design is not None and self.vocab.is_a(design, _REVIEW)

    def _enumerated(self, seg: Segment, cls: str, agents: list[Mention]) -> bool:
        """Whether a mention of the class ``cls`` is followed by a member named as its example."""
        for a, b in zip(agents, agents[1:], strict=False):
            if a.term == cls and b.term != cls and self.vocab.is_a(b.term, cls):
                between = seg_text_between(seg, a.end, b.start)
                if between is not None and cues.ENUMERATES.match(between):
                    return True
        return False

    def _marker(self, seg: Segment, m: Mention) -> bool:
        """A lexicon-grounded name in a sentence about measurements ('serum interferon gamma levels')."""
        if not self.vocab.terms[m.term].source:  # curated: a treatment wherever named
            return False
        s = seg.sentence_at(m.start)
        return bool(s and s[2] not in ("title", "citation") and cues.MEASURED.search(s[1]))

    def _index_agents(
        self, seg: Segment, studied: list[str], agents_in: dict[int, list[Mention]]
    ) -> set[str] | None:
        """With several studied agents, the one the title names, else the first named: the study's index treatment;
        with it the agents of the combination it is given in ('a combination of A, B and C')."""
        if len(studied) < 2:
            return None
        first = sorted(
            (self._region(seg, m) not in ("title", "citation"), m.start, m.term)
            for m in seg.mentions
            if m.term in studied
        )
        if not first:
            return None
        index = {first[0][2]}
        for b, t, _ in seg.sentences:
            named = {a.term for a in agents_in.get(b, [])} & set(studied)
            if index & named and len(named) > 1 and cues.COMBINATION.search(t):
                index |= named
        return index

    def _excepted(self, seg: Segment, conditions: list[Mention]) -> set[str]:
        """Conditions a benefit is said not to extend to ('effective for most patients other than those with DM')."""
        out = set()
        for m in conditions:
            base, sent = self._sentence_of(seg, m)
            before = sent[: m.start - base]
            if cues.EXCEPTION.search(before) and cues.POSITIVE.search(before):
                out.add(m.term)
        return out

    def _region(self, seg: Segment, m: Mention) -> str:
        s = seg.sentence_at(m.start)
        return s[2] if s else ""

    def _sentence_span(self, seg: Segment, m: Mention) -> tuple[int, int]:
        s = seg.sentence_at(m.start)
        return (s[0], s[0] + len(s[1].rstrip())) if s else (m.start, m.end)

    def _sentence_of(self, seg: Segment, m: Mention) -> tuple[int, str]:
        s = seg.sentence_at(m.start)
        return (s[0], s[1]) if s else (m.start, "")

    def _role(self, seg: Segment, m: Mention) -> str:
        if self.vocab.role_of(m.term) == "suspected cause":  # a class that causes myositis (statins, ICIs)
            return "suspectedCause"
        base, sent = self._sentence_of(seg, m)
        before, after = sent[: m.start - base], sent[m.end - base :]
        if cues.CAUSE_AFTER.match(after) or (
            (cues.CAUSE_BEFORE.search(before[-160:]) or cues.CAUSE_LIST.search(before))
            and cues.MYOSITIS.search(before)
        ):
            return "suspectedCause"  # the agent brought on the disease
        if cues.CONCOMITANT_BEFORE.search(before) or cues.CONCOMITANT_AFTER.match(after):
            return "concomitant"  # before the negation: 'with or without X' is background X
        region = self._region(seg, m)
        if (
            cues.NEGATED_USE.search(before[-60:])
            or cues.MEASURE_AFTER.match(after)
            or (region not in _LABELS and cues.SEARCH_METHOD.search(sent))
        ):
            return "none"
        # its dose or use is what the study measured (but a title's 'X use in Y' studies X)
        if region != "title" and (cues.DOSE_AFTER.match(after) or cues.DOSE_BEFORE.search(before[-80:])):
            return "concomitant"
        if region == "mesh" and not re.match(r"^[^•\n]*\*", after):
            return "concomitant"  # indexed, but not a major topic (no star) of the record
        if self.vocab.terms[m.term].drug_class and cues.DEFINES_CLASS.search(before):
            return "none"  # the class defines the agent named before it ('X, an antimalarial,'): not studied itself
        if cues.PRIOR_AFTER.match(after) or cues.PRIOR_NEAR.search(before[-50:]):
            return "priorTherapy"
        cue = None
        for c in cues.PRIOR_BEFORE.finditer(before):
            cue = c
        # 'switched from X to Y': Y, after the 'to', is the new treatment
        switched_to = (
            cue is not None and cue.group(0).lower().startswith("switch") and " to " in before[cue.end() :]
        )
        if cue and not cues.PRIOR_RESET.search(before[cue.end() :]) and not switched_to:
            brk = cues.CLAUSE_BREAK.search(before, cue.end())
            object_agents = seg.within(seg.mentions, base + cue.end(), base + brk.start()) if brk else []
            if brk is None or any(self._kind(o) in ("drug", "procedure") for o in object_agents):
                return "priorTherapy"
        others = [
            o
            for o in seg.within(seg.mentions, base, m.start)
            if o is not m and o.end <= m.start and self._kind(o) in ("drug", "procedure")
        ]
        if others:
            between = sent[others[-1].end - base : m.start - base]
            if cues.CONCOMITANT_BETWEEN.match(between):
                return "concomitant"
            if cues.COORDINATED.match(between) and (role := self._role(seg, others[-1])) != "studied":
                return role  # 'stable doses of X and Y', 'refractory to X or Y': a list shares its role
        return "studied"

    def _population(self, seg: Segment, diseases: list[Mention], text: str) -> str | None:
        ages = [int(a) for a in cues.AGE.findall(text)]
        juvenile = (
            bool(cues.JUVENILE.search(text))
            or any(a < 18 for a in ages)
            or any(
                self.vocab.is_a(m.term, _JDM)
                or self.vocab.is_a(m.term, _JIIM)
                or self.vocab.is_a(m.term, _JPM)
                for m in diseases
            )
        )
        adult = (
            bool(cues.ADULT.search(text))
            or any(a >= 18 for a in ages)
            or any(self.vocab.is_a(m.term, _ADULT_DM) for m in diseases)
        )
        if juvenile and adult:
            return "mixedAge"
        return "juvenile" if juvenile else "adult" if adult else None

    def _response(self, seg: Segment) -> tuple[int, int] | None:
        for o in seg.study.outcomes:
            if o.measure == "responderCount" and o.denominator:
                return int(o.value), o.denominator
        return None

    def _direction(
        self,
        seg: Segment,
        agent: str,
        role: str,
        responders: tuple[int, int] | None,
        index: set[str] | None,
        evidence: Evidence,
        agents: list[Mention],
    ) -> str:
        if role in ("priorTherapy", "suspectedCause"):
            return "negative"
        if role == "concomitant":
            return "unclear"  # the finding is about the studied agent, not the background one
        rate = None
        if responders:
            rate = responders[0] / responders[1]
        elif rate_o := next((o for o in seg.study.outcomes if o.measure == "responseRate"), None):
            rate = float(rate_o.value) / 100
        return evidence.judge(
            agent,
            lambda a, b: {m.term for m in seg.within(agents, a, b)},
            index,
            self.vocab.is_a,
            rate,
        )
