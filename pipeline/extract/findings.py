"""Turn a document's mentions into studies and findings: role, direction, population, outcomes."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from myokg.extract import cues
from myokg.extract.mentions import Matcher, Mention
from myokg.extract.outcomes import Outcome, outcomes, study_size
from myokg.namespaces import TERM
from myokg.read.model import Bib, Document, Reference
from myokg.vocab import Vocabulary

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[])|(?<=\w\.)(?=[A-Z][a-z]+\s)")
_DESIGN_SECTIONS = {"title", "methods", "method", "design", "patients and methods", "materials and methods", "setting",
                    "patients", "participants", "objective", "objectives"}
_REVIEW_FAMILY = {"review", "narrative_review", "expert_opinion", "practice_guideline"}
_SYNTHESIS = {"systematic_review", "meta_analysis"}


@dataclass
class AdverseEvent:
    types: list[str]
    label: str
    start: int
    end: int
    fatal: bool
    sentence: int  # offset of the sentence that reports it


@dataclass
class Study:
    """The study behind one segment (the document's own article or one cited work)."""

    design: str | None = None
    design_span: tuple[int, int] | None = None
    n: int | None = None
    n_span: tuple[int, int] | None = None
    randomized: bool = False
    period: tuple[int, int] | None = None
    setting: str | None = None
    outcomes: list[Outcome] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


@dataclass
class Finding:
    agent: str
    condition: str
    role: str  # studied | priorTherapy | concomitant | suspectedCause
    direction: str  # positive | negative | mixed | unclear
    start: int
    end: int
    agent_span: tuple[int, int]
    condition_span: tuple[int, int]
    population: str | None = None
    refractory: bool = False
    manifestations: list[str] = field(default_factory=list)
    adverse_events: list[AdverseEvent] = field(default_factory=list)
    responders: int | None = None


@dataclass
class Segment:
    """Part of a document read as one unit: the article's own text, or one reference with its annotation."""

    reference: Reference | None
    bib: Bib
    start: int
    end: int
    sentences: list[tuple[int, str, str]]  # (offset, text, region: title|citation|annotation|section label)
    mentions: list[Mention]
    study: Study = field(default_factory=Study)
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Extraction:
    document: Document
    mentions: list[Mention]
    segments: list[Segment]


def _split(text: str, base: int, region: str) -> list[tuple[int, str, str]]:
    out, pos = [], 0
    for m in _SENTENCE_END.finditer(text):
        if text[pos : m.start()].strip():
            out.append((base + pos, text[pos : m.start()], region))
        pos = m.end()
    if text[pos:].strip():
        out.append((base + pos, text[pos:], region))
    return out


def segments(doc: Document, mentions: list[Mention]) -> list[Segment]:
    """Cut the document into its own text and one segment per reference."""
    segs: list[Segment] = []
    if doc.sections:
        sents = []
        for sec in doc.sections:
            sents += _split(doc.text[sec.start : sec.end], sec.start, sec.label)
        start, end = min(s.start for s in doc.sections), max(s.end for s in doc.sections)
        inside = [m for m in mentions if any(s.start <= m.start < s.end for s in doc.sections)]
        segs.append(Segment(None, doc.bib, start, end, sents, inside))
    for ref in doc.references:
        sents = [(ref.start, doc.text[ref.start : ref.citation_end], "citation")]
        sents += _split(doc.text[ref.citation_end : ref.end], ref.citation_end, "annotation")
        inside = [m for m in mentions if ref.start <= m.start < ref.end]
        segs.append(Segment(ref, ref.bib, ref.start, ref.end, sents, inside))
    return segs


class Extractor:
    """Rule-based extraction over one compiled vocabulary."""

    name = "myokg rule-based extractor"

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.matcher = Matcher(vocab)

    def extract(self, doc: Document) -> Extraction:
        mentions = self.matcher.find(doc.text)
        if doc.mesh or doc.substances:
            mesh_area = [s for s in doc.sections if s.label in ("mesh", "substances")]
            inside = lambda m: any(a.start <= m.start < a.end for a in mesh_area)  # noqa: E731
            mentions = sorted([m for m in mentions if not inside(m)] + self._mesh_mentions(doc), key=lambda m: (m.start, m.end))
        segs = segments(doc, mentions)
        for seg in segs:
            self._study(doc, seg)
            self._findings(seg)
        return Extraction(doc, mentions, segs)

    # ---- structured signals ------------------------------------------------------------------
    _THERAPY = {"therapeutic use", "administration & dosage", "drug therapy", "therapy", "adverse effects", "pharmacology"}

    def _mesh_mentions(self, doc: Document) -> list[Mention]:
        """MeSH headings grounded by their UI (or name), kept when they are the record's subject or therapy."""
        by_ui = {iri.rsplit("/", 1)[1]: t.iri for t in self.vocab.terms.values() for iri in t.exact + t.close
                 if iri.startswith("http://id.nlm.nih.gov/mesh/") and t.kind != "design"}
        out = []
        for h in doc.mesh:
            term = by_ui.get(h.ui or "") or self._by_name(h.name)
            if term and (h.major or self._THERAPY & set(h.qualifiers)):
                out.append(Mention(term, h.start, h.end, doc.text[h.start : h.end], "MeSH heading"))
        for h in doc.substances:  # grounded for the record, but a listed substance alone makes no finding
            term = by_ui.get(h.ui or "") or self._by_name(h.name)
            if term:
                out.append(Mention(term, h.start, h.end, doc.text[h.start : h.end], "MeSH substance"))
        return out

    def _by_name(self, name: str) -> str | None:
        """Ground a MeSH descriptor name, also in its natural order ('Arthritis, Rheumatoid' -> 'Rheumatoid Arthritis')."""
        forms = [name] + ([" ".join(reversed([p.strip() for p in name.split(",", 1)]))] if "," in name else [])
        for form in forms:
            found = self.matcher.find(form)
            if len(found) == 1 and found[0].start == 0 and found[0].end == len(form) and self._kind(found[0]) != "design":
                return found[0].term
        return None

    def _publication_type_designs(self, doc: Document) -> list[str]:
        designs = []
        by_ui = {iri.rsplit("/", 1)[1]: t.iri for t in self.vocab.terms.values() if t.kind == "design"
                 for iri in t.close if iri.startswith("http://id.nlm.nih.gov/mesh/")}
        for ui in doc.publication_type_ids:
            if ui in by_ui:
                designs.append(by_ui[ui])
        if not doc.publication_type_ids:
            for pt in doc.bib.publication_types:
                found = self.matcher.find(pt)
                if len(found) == 1 and found[0].end - found[0].start == len(pt) and self._kind(found[0]) == "design":
                    designs.append(found[0].term)
        return designs

    # ---- studies ------------------------------------------------------------------------------
    def _kind(self, m: Mention) -> str:
        return self.vocab.terms[m.term].kind

    def _study(self, doc: Document, seg: Segment) -> None:
        study = seg.study
        own = seg.reference is None
        allowed = [s for s in seg.sentences if not own or s[2] in _DESIGN_SECTIONS]
        if own and not any(s[2] in ("methods", "method", "design") for s in seg.sentences):
            allowed += [s for s in seg.sentences if s[2] == "abstract"][:2]
        allowed = [s for s in allowed if s[2] == "title" or s[2] == "citation" or not cues.GENERAL.search(s[1])]
        cands: list[tuple[int, str, Mention | None]] = []
        for m in seg.mentions:
            if self._kind(m) == "design" and any(b <= m.start < b + len(t) for b, t, _ in allowed):
                key = self.vocab.terms[m.term].key
                weak = 50 if "follow" in m.text.lower() else 0  # 'long-term follow-up' is a weak cohort cue
                cands.append((self._design_order(key) + weak, m.term, m))
        for base, text, _ in allowed:
            for rx, key in ((r"\bseries of \S+ (?:cases|patients)\b|\b(?:[2-9]|\d\d+|two|three|four|five|six|seven|eight|nine|ten) cases\b|\bexperience (?:in|with) \S+ patients\b", "case_series"),
                            (r"\bcase report\b|\breport of a case\b|\ba case of\b", "case_report")):
                if (hit := re.search(rx, text, re.I)):
                    cands.append((self._design_order(key), str(TERM[key]), Mention(str(TERM[key]), base + hit.start(), base + hit.end(), hit.group(), "design pattern")))
            if cues.RANDOMIZED.search(text):
                study.randomized = True
        if cands:
            _, study.design, m = min(cands, key=lambda c: (c[0], c[2].start if c[2] else 0))
            study.design_span = (m.start, m.end) if m else None
        trial_words = any(re.search(r"\btrials?\b", t, re.I) for _, t, _ in allowed)
        if study.randomized and (study.design in (str(TERM.clinical_trial), str(TERM.controlled_clinical_trial),
                                                 str(TERM.interventional_study)) or study.design is None and trial_words):
            study.design = str(TERM.rct)  # 'a randomized, placebo-phase trial'
        typed = self._publication_type_designs(doc) if own else []
        if typed:
            best = min(typed, key=lambda d: self._design_order(self.vocab.terms[d].key))
            if study.design and not (self.vocab.is_a(study.design, best) or self.vocab.is_a(best, study.design)):
                study.conflicts.append(f"publication type says '{self.vocab.terms[best].label}'; "
                                       f"the text says '{self.vocab.terms[study.design].label}'")
            if study.design is None or self.vocab.is_a(best, study.design) or study.conflicts:
                study.design, study.design_span = best, None
        elif own and len(doc.references) >= 20 and not any(s[2] in ("methods", "results") for s in seg.sentences):
            study.design = str(TERM.review)
        texts = [(b, t) for b, t, r in seg.sentences]
        ordered = [s for s in texts if s in [(b, t) for b, t, r in allowed]] + texts
        size = study_size(ordered)
        if size:
            study.n, study.n_span = size[0], (size[1], size[2])
            if study.design is None and size[0] <= 10:  # a few patients reported without a design: case report or series
                study.design = str(TERM.case_report if size[0] == 1 else TERM.case_series)
                study.design_span = study.n_span
        for _, t, _ in allowed:
            if study.period is None and (p := cues.PERIOD.search(t)):
                study.period = (int(p.group(1)), int(p.group(2)))
            if study.setting is None and (st := cues.SETTING.search(t)):
                study.setting = st.group(0)
        agents = [m for m in seg.mentions if self._kind(m) in ("drug", "procedure")]
        study.outcomes = outcomes(texts, lambda a, b: [(m.term, m.start - a, m.end - a) for m in agents if a <= m.start < b])

    def _design_order(self, key: str) -> int:
        """Synthesis designs first, then primary designs by evidence rank, then reviews and opinion."""
        rank = self.vocab.terms[str(TERM[key])].rank or 99
        if key in _SYNTHESIS:
            return rank
        if key in _REVIEW_FAMILY:
            return 200 + rank
        return 100 + rank

    # ---- findings -----------------------------------------------------------------------------
    def _findings(self, seg: Segment) -> None:
        ms = [m for m in seg.mentions if m.how != "MeSH substance"]
        agents = [m for m in ms if self._kind(m) in ("drug", "procedure")]
        diseases = [m for m in ms if self._kind(m) == "disease"]
        conditions = [m for m in diseases if self.vocab.role_of(m.term) == "condition"]
        if not agents or not conditions:
            return
        cond_terms = {m.term for m in conditions}
        # a broad grouping ('inflammatory myopathies') named beside a specific disease adds nothing; a parent
        # named beside its subtype ('adults and children with dermatomyositis ... juvenile DM') is its own finding
        cond_terms = {c for c in cond_terms if not any(o != c and c in self.vocab.ancestors(o)[2:] for o in cond_terms)}
        text = " ".join(t for _, t, _ in seg.sentences)
        manifest = sorted({m.term for m in diseases if self.vocab.role_of(m.term) == "manifestation"})
        events = self._adverse_events(seg, diseases)
        population = self._population(seg, diseases, text)
        refractory = bool(cues.REFRACTORY.search(text))
        roles: dict[str, tuple[str, Mention]] = {}
        for m in agents:
            role = self._role(seg, m)
            prev = roles.get(m.term)
            if prev is None or (prev[0] != "studied" and role == "studied"):
                roles[m.term] = (role, m)
        attached: dict[str, list[AdverseEvent]] = {}
        for ev in events:
            # agents named with the event are suspected of it (only that, unless the text also studies them);
            # an event reported without an agent belongs to the studied agents
            named = {x.term for x in agents if self._sentence_of(seg, x)[0] == ev.sentence}
            if not named:
                named = {t for t, (role, _) in roles.items() if role == "studied"}
            for t in named & set(roles):
                elsewhere = [x for x in agents if x.term == t and self._sentence_of(seg, x)[0] != ev.sentence]
                if not elsewhere:
                    roles[t] = ("suspectedCause", roles[t][1])
                attached.setdefault(t, []).append(ev)
        # a class named alongside its own members is only their umbrella
        for t in list(roles):
            if any(o != t and self.vocab.is_a(o, t) and roles[o][0] == roles[t][0] for o in roles):
                del roles[t]
        responders = self._response(seg)
        for agent, (role, am) in sorted(roles.items(), key=lambda kv: kv[1][1].start):
            direction = self._direction(seg, agent, role, roles, responders)
            for cond in sorted(cond_terms):
                cm = next(m for m in conditions if m.term == cond)
                span = (seg.start, seg.end) if seg.reference else self._sentence_span(seg, am)
                seg.findings.append(Finding(agent, cond, role, direction, span[0], span[1], (am.start, am.end),
                                            (cm.start, cm.end), population, refractory, manifest,
                                            attached.get(agent, []),
                                            responders[0] if responders and role == "studied" else None))

    def _sentence_span(self, seg: Segment, m: Mention) -> tuple[int, int]:
        for b, t, _ in seg.sentences:
            if b <= m.start < b + len(t):
                return b, b + len(t.rstrip())
        return m.start, m.end

    def _sentence_of(self, seg: Segment, m: Mention) -> tuple[int, str]:
        for b, t, _ in seg.sentences:
            if b <= m.start < b + len(t):
                return b, t
        return m.start, ""

    def _role(self, seg: Segment, m: Mention) -> str:
        base, sent = self._sentence_of(seg, m)
        before, after = sent[: m.start - base], sent[m.end - base :]
        if cues.PRIOR_AFTER.match(after):
            return "priorTherapy"
        if cues.CONCOMITANT_BEFORE.search(before) or cues.CONCOMITANT_AFTER.match(after):
            return "concomitant"
        cue = None
        for c in cues.PRIOR_BEFORE.finditer(before):
            cue = c
        if cue and not cues.PRIOR_RESET.search(before[cue.end() :]):
            return "priorTherapy"
        others = [o for o in seg.mentions if o is not m and self._kind(o) in ("drug", "procedure") and base <= o.end <= m.start]
        if others and cues.CONCOMITANT_BETWEEN.match(sent[others[-1].end - base : m.start - base]):
            return "concomitant"
        return "studied"

    def _population(self, seg: Segment, diseases: list[Mention], text: str) -> str | None:
        juvenile = bool(cues.JUVENILE.search(text)) or any(
            self.vocab.is_a(m.term, str(TERM.jdm)) or self.vocab.is_a(m.term, str(TERM.jiim)) or self.vocab.is_a(m.term, str(TERM.jpm))
            for m in diseases)
        adult = bool(cues.ADULT.search(text)) or any(self.vocab.is_a(m.term, str(TERM.adult_dm)) for m in diseases)
        if juvenile and adult:
            return "mixedAge"
        return "juvenile" if juvenile else "adult" if adult else None

    def _adverse_events(self, seg: Segment, diseases: list[Mention]) -> list[AdverseEvent]:
        """Adverse-event mentions, adjacent ones merged ('Mycobacterium peregrinum pneumonia'), with fatality."""
        groups: list[list[Mention]] = []
        for m in [m for m in diseases if self.vocab.role_of(m.term) == "adverse event"]:
            gap = seg_text_between(seg, groups[-1][-1].end, m.start) if groups else None
            if gap is not None and len(gap.split()) <= 2:
                groups[-1].append(m)
            else:
                groups.append([m])
        out: list[AdverseEvent] = []
        for g in groups:
            base, sent = self._sentence_of(seg, g[0])
            label = seg_text_between(seg, g[0].start, g[-1].end) or g[0].text
            lo = max(base, out[-1].end if out and out[-1].sentence == base else base)
            after = re.split(r"[,;.]|\band\b|\bbut\b", sent[g[-1].end - base :], maxsplit=1)[0][:25]
            window = sent[lo - base : g[-1].end - base] + after
            types = sorted({m.term for m in g})
            out.append(AdverseEvent(types, label, g[0].start, g[-1].end, bool(cues.FATAL.search(window)), base))
        return out

    def _response(self, seg: Segment) -> tuple[int, int] | None:
        for o in seg.study.outcomes:
            if o.measure == "responderCount" and o.denominator:
                return int(o.value), o.denominator
        return None

    def _direction(self, seg: Segment, agent: str, role: str, roles: dict[str, tuple[str, Mention]],
                   responders: tuple[int, int] | None) -> str:
        if role in ("priorTherapy", "suspectedCause"):
            return "negative"
        if role == "concomitant":
            return "unclear"  # the finding is about the studied agent, not the background one
        rate = None
        if responders:
            rate = responders[0] / responders[1]
        else:
            rate_o = next((o for o in seg.study.outcomes if o.measure == "responseRate"), None)
            rate = float(rate_o.value) / 100 if rate_o else None
        null_comparison = any(cues.NULL_COMPARISON.search(t) for _, t, _ in seg.sentences)
        if rate is not None:
            if null_comparison:
                return "mixed"  # patients improved, but no better than the comparator
            return "positive" if rate >= 0.5 else "negative" if rate == 0 else "mixed"
        pos = neg = weak = 0
        for b, t, _ in seg.sentences:
            named = [m for m in seg.mentions if b <= m.start < b + len(t) and self._kind(m) in ("drug", "procedure")]
            studied_here = [m for m in named if m.term in roles and roles[m.term][0] != "priorTherapy"
                            or any(self.vocab.is_a(agent, m.term) for _ in [0])]
            if named and not any(m.term == agent or self.vocab.is_a(agent, m.term) for m in studied_here):
                continue
            hedged = bool(cues.HEDGE.search(t))
            for c in cues.POSITIVE.finditer(t):
                if cues.NEGATED.search(t[: c.start()]):
                    neg += 1
                elif hedged:
                    weak += 1
                else:
                    pos += 1
            neg += len(cues.NEGATIVE.findall(t)) + len(cues.NULL_COMPARISON.findall(t))
        if pos and neg:
            return "mixed"
        if pos:
            return "positive"
        if neg:
            return "negative"
        return "unclear"


def seg_text_between(seg: Segment, a: int, b: int) -> str | None:
    for base, t, _ in seg.sentences:
        if base <= a and b <= base + len(t):
            return t[a - base : b - base]
    return None
