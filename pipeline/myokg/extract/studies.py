"""The study behind a segment: design (text cues and publication types), size, period, setting, outcomes."""

from __future__ import annotations

import re

from myokg.extract import cues, design
from myokg.extract.indexing import Indexing
from myokg.extract.mentions import Mention
from myokg.extract.model import Segment
from myokg.extract.outcomes import outcomes
from myokg.extract.size import study_size
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
#: Design features that name no design of their own: the design they imply.
_SCOREABLE = {"double_blind": "controlled_clinical_trial"}


#: A title that names a topic rather than a study ('Treatment of dermatomyositis', 'Advances in the management of').
_TOPIC_TITLE = re.compile(
    r"^\s*(?:(?:the|an?|current|recent|new)\s+)?(?:treatment|management|therapy|therapies|therapeutic (?:approach|options|"
    r"strategies)|advances|update|approach(?:es)?|overview)\b",
    re.I,
)


_CASE_REPORT, _CASE_SERIES = str(TERM.case_report), str(TERM.case_series)
_CLINICAL_TRIAL, _OPEN_LABEL = str(TERM.clinical_trial), str(TERM.open_label_trial)
_SEVERAL = {
    str(TERM[k]) for k in ("case_series", "open_label_trial", "retrospective_cohort", "prospective_cohort")
}


def _text(seg: Segment) -> str:
    return " ".join(t for _, t, r in seg.sentences if r not in ("mesh", "substances"))


def _title_span(seg: Segment) -> tuple[int, int]:
    return next(((b, b + len(t)) for b, t, r in seg.sentences if r == "title"), (seg.start, seg.start))


def _title(seg: Segment) -> str:
    return " ".join(t for _, t, r in seg.sentences if r == "title")


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
        with_general = design.own_sentences(seg.sentences, general=True)
        own_sents = design.not_general(with_general)
        study.randomized = any(design.RANDOMIZED.search(t) for _, t, _ in own_sents)
        self._design(doc, seg, own_sents)
        texts = [(b, t) for b, t, r in seg.sentences]
        size = study_size(with_general, trial=study.randomized)
        if size is None and study.design == str(
            TERM.case_report
        ):  # a case report without a count: one patient
            size = (1, *(study.design_span or _title_span(seg)))
        if size:
            study.n, study.n_span = size[0], (size[1], size[2])
            if (
                study.design is None and size[0] <= 10
            ):  # a few patients reported without a design: case report or series
                study.design = str(TERM.case_report if size[0] == 1 else TERM.case_series)
                study.design_span = study.n_span
            elif (
                study.design in (_CASE_REPORT, _CASE_SERIES) and own and study.design_span
            ):  # the text's report or series (not an indexer's type): one patient is a report, several a series
                study.design = _CASE_REPORT if size[0] == 1 else _CASE_SERIES
        if own and study.design is None and size is None and _TOPIC_TITLE.match(_title(seg)):
            study.design = str(TERM.review)  # 'Treatment of dermatomyositis' with no study in it: an overview
        for _, t, _ in allowed:
            if study.period is None and (p := cues.PERIOD.search(t)):
                study.period = (int(p.group(1)), int(p.group(2)))
            if study.setting is None and (st := cues.SETTING.search(t)):
                study.setting = st.group(0)
        agents = [m for m in seg.mentions if self._kind(m) in ("drug", "procedure")]
        study.outcomes = outcomes(
            texts, lambda a, b: [(m.term, m.start - a, m.end - a) for m in seg.within(agents, a, b)]
        )

    def _design(self, doc: Document, seg: Segment, own_sents: list[tuple[int, str, str]]) -> None:
        """The design the text states, else the design vocabulary's mentions; publication types refine it."""
        study, own = seg.study, seg.reference is None
        if own:
            title = " ".join(t for _, t, r in seg.sentences if r == "title")
            found = design.design_of(title, seg.sentences, own_sents)
        else:
            cit = seg.sentences[0]
            found = design.design_of(cit[1], [(cit[0], cit[1], "title"), *seg.sentences[1:]])
        if found:
            study.design, study.design_span = str(TERM[found[0]]), (found[1], found[2])
        else:
            self._design_from_mentions(seg, own_sents)
        typed = self._publication_designs(doc) if own else []
        if typed:
            best = min(typed, key=lambda d: self.design_order(self.vocab.terms[d].key))
            if study.design and not (
                self.vocab.is_a(study.design, best) or self.vocab.is_a(best, study.design)
            ):
                study.conflicts.append(
                    f"publication type says '{self.vocab.terms[best].label}'; "
                    f"the text says '{self.vocab.terms[study.design].label}'"
                )
            # the indexers' publication type is the more specific statement, and wins a conflict; but indexers file
            # series and small trials under 'Case Reports' too, so a text that describes several patients wins that
            several = study.design in _SEVERAL and best == _CASE_REPORT
            if not several and (
                study.design is None or self.vocab.is_a(best, study.design) or study.conflicts
            ):
                study.design, study.design_span = best, None
            if study.design == _CLINICAL_TRIAL and design.INTERVENTION.search(_text(seg)):
                study.design = (
                    _OPEN_LABEL  # a trial that names no control or randomisation, and treated its patients
                )
        elif (
            own
            and study.design is None
            and len(doc.references) >= 20
            and not any(s[2] in ("methods", "results") for s in seg.sentences)
        ):
            study.design = str(TERM.review)

    def _publication_designs(self, doc: Document) -> list[str]:
        """Designs of the record's publication types; page copies list them as bullets ('• Case Reports')."""
        if doc.publication_type_ids:
            return self.indexing.designs(doc)
        names = (pt.lstrip("•·*- \t").strip() for pt in doc.bib.publication_types)
        return [t for t in (self.indexing.by_name(n, design=True) for n in names if n) if t]

    def _design_from_mentions(self, seg: Segment, own_sents: list[tuple[int, str, str]]) -> None:
        """Fallback: the best-ranked design term named in the sentences about this study."""
        own = {b for b, _, _ in own_sents} | {
            b for b, _, r in seg.sentences if r in ("citation", "annotation")
        }
        spans = [(b, b + len(t)) for b, t, _ in seg.sentences if b in own]
        cands = [
            m for m in seg.mentions if self._kind(m) == "design" and any(a <= m.start < e for a, e in spans)
        ]
        if cands:

            def rank(m: Mention) -> tuple[int, int]:
                weak = (
                    50 if "follow" in m.text.lower() else 0
                )  # 'long-term follow-up': the weakest cohort cue
                return self.design_order(self.vocab.terms[m.term].key) + weak, m.start

            m = min(cands, key=rank)
            key = _SCOREABLE.get(self.vocab.terms[m.term].key, self.vocab.terms[m.term].key)
            seg.study.design, seg.study.design_span = str(TERM[key]), (m.start, m.end)

    def design_order(self, key: str) -> int:
        """Synthesis designs first, then primary designs by evidence rank, then reviews and opinion."""
        rank = self.vocab.terms[str(TERM[key])].rank or 99
        if key in _SYNTHESIS:
            return rank
        if key in _REVIEW_FAMILY:
            return 200 + rank
        return 100 + rank
