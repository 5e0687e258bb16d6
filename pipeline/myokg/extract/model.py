"""What extraction produces: segments of a document, with their study and findings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from myokg.extract.mentions import Mention
from myokg.extract.outcomes import Outcome
from myokg.read.model import Bib, Document, Reference
from myokg.vocab import Term

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[])|(?<=\w\.)(?=[A-Z][a-z]+\s)")


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
    conditions: list[str] = field(default_factory=list)  # diseases the segment's study treats or describes


@dataclass
class Extraction:
    document: Document
    mentions: list[Mention]
    segments: list[Segment]
    #: terms made at run time (from a lexicon) that the document uses
    new_terms: list[Term] = field(default_factory=list)


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


def seg_text_between(seg: Segment, a: int, b: int) -> str | None:
    for base, t, _ in seg.sentences:
        if base <= a and b <= base + len(t):
            return t[a - base : b - base]
    return None
