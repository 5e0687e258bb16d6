"""The study behind a segment: design (text cues and publication types), size, period, setting, outcomes."""

from __future__ import annotations

import re

from myokg.extract import cues
from myokg.extract.indexing import Indexing
from myokg.extract.mentions import Mention
from myokg.extract.model import Segment
from myokg.extract.outcomes import outcomes, study_size
from myokg.namespaces import TERM
from myokg.read.model import Document
from myokg.vocab import Vocabulary

_DESIGN_SECTIONS = {
    "title",
    "methods",
    "method",
    "design",
    "patients and methods",
    "materials and methods",
    "setting",
    "patients",
    "participants",
    "objective",
    "objectives",
}
_REVIEW_FAMILY = {"review", "narrative_review", "expert_opinion", "practice_guideline"}
_SYNTHESIS = {"systematic_review", "meta_analysis"}


class StudyReader:
    """Reads studies with one vocabulary."""

    def __init__(self, vocab: Vocabulary, indexing: Indexing) -> None:
        self.vocab = vocab
        self.indexing = indexing

    def _kind(self, m: Mention) -> str:
        return self.vocab.terms[m.term].kind

    def read(self, doc: Document, seg: Segment) -> None:
        """Fill the segment's study: design, size, period, setting, outcomes."""
        study = seg.study
        own = seg.reference is None
        allowed = [s for s in seg.sentences if not own or s[2] in _DESIGN_SECTIONS]
        if own and not any(s[2] in ("methods", "method", "design") for s in seg.sentences):
            allowed += [s for s in seg.sentences if s[2] == "abstract"][:2]
        allowed = [
            s for s in allowed if s[2] == "title" or s[2] == "citation" or not cues.GENERAL.search(s[1])
        ]
        cands: list[tuple[int, str, Mention | None]] = []
        for m in seg.mentions:
            if self._kind(m) == "design" and any(b <= m.start < b + len(t) for b, t, _ in allowed):
                key = self.vocab.terms[m.term].key
                weak = 50 if "follow" in m.text.lower() else 0  # 'long-term follow-up' is a weak cohort cue
                cands.append((self.design_order(key) + weak, m.term, m))
        for base, text, _ in allowed:
            for rx, key in (
                (
                    r"\bseries of \S+ (?:cases|patients)\b|\b(?:[2-9]|\d\d+|two|three|four|five|six|seven|eight|nine|ten) cases\b|\bexperience (?:in|with) \S+ patients\b",
                    "case_series",
                ),
                (r"\bcase report\b|\breport of a case\b|\ba case of\b", "case_report"),
            ):
                if hit := re.search(rx, text, re.I):
                    cands.append(
                        (
                            self.design_order(key),
                            str(TERM[key]),
                            Mention(
                                str(TERM[key]),
                                base + hit.start(),
                                base + hit.end(),
                                hit.group(),
                                "design pattern",
                            ),
                        )
                    )
            if cues.RANDOMIZED.search(text):
                study.randomized = True
        if cands:
            _, study.design, m = min(cands, key=lambda c: (c[0], c[2].start if c[2] else 0))
            study.design_span = (m.start, m.end) if m else None
        trial_words = any(re.search(r"\btrials?\b", t, re.I) for _, t, _ in allowed)
        if study.randomized and (
            study.design
            in (str(TERM.clinical_trial), str(TERM.controlled_clinical_trial), str(TERM.interventional_study))
            or study.design is None
            and trial_words
        ):
            study.design = str(TERM.rct)  # 'a randomized, placebo-phase trial'
        typed = self.indexing.designs(doc) if own else []
        if typed:
            best = min(typed, key=lambda d: self.design_order(self.vocab.terms[d].key))
            if study.design and not (
                self.vocab.is_a(study.design, best) or self.vocab.is_a(best, study.design)
            ):
                study.conflicts.append(
                    f"publication type says '{self.vocab.terms[best].label}'; "
                    f"the text says '{self.vocab.terms[study.design].label}'"
                )
            if study.design is None or self.vocab.is_a(best, study.design) or study.conflicts:
                study.design, study.design_span = best, None
        elif (
            own
            and len(doc.references) >= 20
            and not any(s[2] in ("methods", "results") for s in seg.sentences)
        ):
            study.design = str(TERM.review)
        texts = [(b, t) for b, t, r in seg.sentences]
        allowed_pairs = {(b, t) for b, t, _ in allowed}
        ordered = [s for s in texts if s in allowed_pairs] + texts
        size = study_size(ordered)
        if size:
            study.n, study.n_span = size[0], (size[1], size[2])
            if (
                study.design is None and size[0] <= 10
            ):  # a few patients reported without a design: case report or series
                study.design = str(TERM.case_report if size[0] == 1 else TERM.case_series)
                study.design_span = study.n_span
        for _, t, _ in allowed:
            if study.period is None and (p := cues.PERIOD.search(t)):
                study.period = (int(p.group(1)), int(p.group(2)))
            if study.setting is None and (st := cues.SETTING.search(t)):
                study.setting = st.group(0)
        agents = [m for m in seg.mentions if self._kind(m) in ("drug", "procedure")]
        study.outcomes = outcomes(
            texts, lambda a, b: [(m.term, m.start - a, m.end - a) for m in agents if a <= m.start < b]
        )

    def design_order(self, key: str) -> int:
        """Synthesis designs first, then primary designs by evidence rank, then reviews and opinion."""
        rank = self.vocab.terms[str(TERM[key])].rank or 99
        if key in _SYNTHESIS:
            return rank
        if key in _REVIEW_FAMILY:
            return 200 + rank
        return 100 + rank
