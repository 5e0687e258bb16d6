"""What extraction produces: segments of a document, with their study and findings."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from myokg.extract.mentions import Mention
from myokg.extract.outcomes import Outcome
from myokg.read.model import Bib, Document, Reference
from myokg.vocab import Term

_LINE_BREAK = re.compile(r"[\n\r\t\f\v]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[])|(?<=\w\.)(?=[A-Z][a-z]+\s)")

#: The part of a structured abstract each heading names.
REGION_OF = {
    **dict.fromkeys(("background", "introduction", "context", "rationale"), "background"),
    **dict.fromkeys(("objective", "objectives", "aim", "aims", "purpose", "importance"), "objective"),
    **dict.fromkeys(
        (
            "methods",
            "method",
            "design",
            "patients and methods",
            "materials and methods",
            "methods and materials",
            "setting",
            "participants",
            "intervention",
            "interventions",
            "main outcome measures",
            "design, setting, and participants",
        ),
        "methods",
    ),
    **dict.fromkeys(("results", "result", "findings", "main results"), "results"),
    **dict.fromkeys(
        (
            "conclusion",
            "conclusions",
            "interpretation",
            "significance",
            "discussion",
            "conclusions and relevance",
        ),
        "conclusion",
    ),
}
#: A heading at the start of a sentence of an unlabelled abstract ('Results Nineteen patients', 'METHODS: We').
_HEADING_WORD = "|".join(sorted(map(re.escape, REGION_OF), key=len, reverse=True))
_INLINE_HEADING = re.compile(
    rf"^\s*({_HEADING_WORD})(?:\s*/\s*(?:{_HEADING_WORD}))?(?:\s*[:.]\s*|\s+[-–—]\s+|\s+(?=[A-Z0-9])|\s*$)",
    re.I,
)


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

    def sentence_at(self, pos: int) -> tuple[int, str, str] | None:
        """The sentence that holds offset ``pos`` (found by bisection: sentences are in text order)."""
        starts = self.__dict__.get("_starts")
        if starts is None or len(starts) != len(self.sentences):
            starts = self.__dict__["_starts"] = [b for b, _, _ in self.sentences]
            self.__dict__["_sentence_at"] = {}
        seen: dict[int, tuple[int, str, str] | None] = self.__dict__["_sentence_at"]
        if pos in seen:  # asked once per mention and event pair: the answer is kept
            return seen[pos]
        i = bisect_right(starts, pos) - 1
        found = None
        if i >= 0:
            b, t, r = self.sentences[i]
            if pos < b + len(t):
                found = (b, t, r)
        seen[pos] = found
        return found

    def within(self, items: list[Mention], a: int, b: int) -> list[Mention]:
        """The mentions of ``items`` (sorted by start) that start in [a, b)."""
        cache: dict[int, tuple[list[Mention], list[int]]] = self.__dict__.setdefault("_item_starts", {})
        kept = cache.get(id(items))
        if kept is None or kept[0] is not items or len(kept[1]) != len(items):
            kept = cache[id(items)] = (items, [m.start for m in items])
        starts = kept[1]
        return items[bisect_left(starts, a) : bisect_left(starts, b)]

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
    #: doubts about the result a reader should see ('the title names myositis but nothing was found')
    warnings: list[str] = field(default_factory=list)


def _split(text: str, base: int, region: str) -> list[tuple[int, str, str]]:
    text = _LINE_BREAK.sub(
        " ", text
    )  # a hard-wrapped sentence reads as one line (one char for one: offsets kept)
    out, pos = [], 0
    for m in _SENTENCE_END.finditer(text):
        if text[pos : m.start()].strip():
            out.append((base + pos, text[pos : m.start()], region))
        pos = m.end()
    if text[pos:].strip():
        out.append((base + pos, text[pos:], region))
    return out


def region(label: str) -> str:
    """The part of an abstract a section label names (background, objective, methods, results, conclusion)."""
    return REGION_OF.get(label.lower(), label.lower())


def _inline_headings(sents: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """Give sentences the region their inline heading names ('Methods: We ...'), until the next heading or section;
    also inside a section the reader labelled by its first heading ('Background: ... Methods: ...')."""
    out: list[tuple[int, str, str]] = []
    current, section = None, None
    for base, text, label in sents:
        if label != section:
            current, section = None, label
        if label not in _FIXED_REGIONS and (h := _INLINE_HEADING.match(text)):
            word, rest = h.group(1), text[h.end() :]
            # a heading is capitalised; 'results of' or 'design of' in running text is not one
            if word[0].isupper() and (h.group(0).rstrip()[-1:] in (":", ".") or not rest[:1].islower()):
                current = REGION_OF[word.lower()]
                if not rest.strip():
                    continue  # the heading alone ('Results.')
                base, text = base + h.end(), rest
        out.append((base, text, current or label))
    return out


#: A sentence about the study at hand: its authors, its patients, its aim or its design.
_THIS_STUDY = re.compile(
    r"\b(?:we|our|us|here(?:in)?|this (?:study|report|trial|case|paper|article|review|series|analysis|cohort|work)|"
    r"the (?:present|current) (?:study|report|case|work|trial)|a \d+[- ]year[- ]old|"
    r"(?:patients|children|adults|subjects|participants|cases|records|charts|studies|articles|trials) (?:were|was) "
    r"(?:enrolled|included|treated|randomi[sz]ed|reviewed|identified|recruited|studied|analy[sz]ed|evaluated|followed)|"
    r"(?:was|were) (?:performed|conducted|carried out|undertaken|searched)|"
    r"to (?:investigate|evaluate|assess|determine|examine|study|describe|report|compare|explore|analy[sz]e)|"
    r"(?:an?|the) (?:[\w-]+,?\s+){0,3}(?:double-blind|randomi[sz]ed|placebo-controlled|prospective|retrospective|"
    r"open-label|controlled|pilot|multicent(?:er|re)|observational|cohort)\s+(?:[\w-]+\s+){0,2}(?:study|trial))\b",
    re.I,
)


#: A statement of general knowledge: present tense, no count or figure of the study's own.
_GENERIC = re.compile(
    r"^(?!.*\d)(?=.*\b(?:is|are|remains?|has been|have been|can|may|generally|usually|often)\b)", re.I
)


def _lead_background(sents: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """In an unlabelled abstract, the sentences before the first one about the study at hand are its background
    ('X is a rare disease. It usually responds to Y. We report ...')."""
    first = next((i for i, s in enumerate(sents) if s[2] == "abstract"), None)
    if first is None or _THIS_STUDY.search(sents[first][1]):
        return sents
    lead = first
    while (
        lead < len(sents)
        and sents[lead][2] == "abstract"
        and not _THIS_STUDY.search(sents[lead][1])
        and _GENERIC.search(sents[lead][1])
    ):
        lead += 1
    if lead >= len(sents) or sents[lead][2] != "abstract":
        return sents  # nothing in the abstract speaks of the study: no line to draw
    return sents[:first] + [(b, t, "background") for b, t, _ in sents[first:lead]] + sents[lead:]


#: Regions that are not abstract text: their sentences keep their label.
_FIXED_REGIONS = {"title", "citation", "annotation", "mesh", "substances", "keywords"}


def segments(doc: Document, mentions: list[Mention]) -> list[Segment]:
    """Cut the document into its own text and one segment per reference."""
    segs: list[Segment] = []
    if doc.sections:
        sents = []
        for sec in doc.sections:
            sents += _split(doc.text[sec.start : sec.end], sec.start, sec.label)
        sents = _lead_background(_inline_headings(sents))
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
    """The text from ``a`` to ``b`` when both lie in one sentence of the segment."""
    s = seg.sentence_at(a)
    if s and b <= s[0] + len(s[1]):
        return s[1][a - s[0] : b - s[0]]
    return None
