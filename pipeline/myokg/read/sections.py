"""Abstract structure shared by every reader: the one table of section names and the cues that end an abstract."""

from __future__ import annotations

import re
from functools import lru_cache

from myokg.textnorm import YEAR_PATTERN

#: Every subheading an abstract may use, mapped to the closed set of section labels (see ``read.model.Section``).
#: Keys are lower case with single spaces; a heading absent from this table is not a subheading.
SECTION_NAMES: dict[str, str] = {
    # why the study was done
    "background": "background",
    "context": "background",
    "rationale": "background",
    "introduction": "introduction",
    "background and aims": "objective",
    "background and objectives": "objective",
    "background and objective": "objective",
    "background/objectives": "objective",
    "background/aims": "objective",
    "objective": "objective",
    "objectives": "objective",
    "aim": "objective",
    "aims": "objective",
    "aims and objectives": "objective",
    "purpose": "objective",
    "purpose of review": "objective",
    "purpose of the review": "objective",
    "aim of the study": "objective",
    "aims of the study": "objective",
    "purpose of the study": "objective",
    "study objective": "objective",
    "study objectives": "objective",
    "clinical question": "objective",
    "question": "objective",
    "importance": "background",
    # how it was done
    "methods": "methods",
    "method": "methods",
    "methodology": "methods",
    "materials and methods": "methods",
    "material and methods": "methods",
    "methods and materials": "methods",
    "patients and methods": "patients and methods",
    "subjects and methods": "patients and methods",
    "patients": "methods",
    "participants": "methods",
    "subjects": "methods",
    "design": "methods",
    "study design": "methods",
    "design and methods": "methods",
    "design, setting, and participants": "methods",
    "design, setting and participants": "methods",
    "setting": "methods",
    "interventions": "methods",
    "intervention": "methods",
    "main outcome measures": "methods",
    "main outcome measure": "methods",
    "main outcomes": "methods",
    "primary outcome": "methods",
    "outcomes": "methods",
    "exposures": "methods",
    "exposure": "methods",
    "study population": "methods",
    "population": "methods",
    "materials": "methods",
    "experimental design": "methods",
    "main outcomes and measures": "methods",
    "outcome measures": "methods",
    "measurements": "methods",
    "data sources": "methods",
    "study selection": "methods",
    "data extraction": "methods",
    "search methods": "methods",
    "selection criteria": "methods",
    "data collection and analysis": "methods",
    "eligibility criteria": "methods",
    "evidence review": "methods",
    # a case description plays the part of the methods (who was treated, how) in case reports
    "case report": "methods",
    "case reports": "methods",
    "case presentation": "methods",
    "case description": "methods",
    "case summary": "methods",
    # what was found
    "results": "results",
    "result": "results",
    "findings": "results",
    "main results": "results",
    "measurements and main results": "results",
    "methods and results": "results",
    "observations": "results",
    "observation": "results",
    "key findings": "results",
    # what it means
    "conclusions": "conclusions",
    "conclusion": "conclusions",
    "conclusions and relevance": "conclusions",
    "conclusion and relevance": "conclusions",
    "authors' conclusions": "conclusions",
    "authors conclusions": "conclusions",
    "interpretation": "conclusions",
    "significance": "conclusions",
    "discussion": "conclusions",
    "discussion and conclusions": "conclusions",
    "summary": "conclusions",
    "implications": "conclusions",
    "clinical relevance": "conclusions",
    "bottom line": "conclusions",
    "the bottom line": "conclusions",
    # a summary page's list of its points comes after its bottom line: one more part of the verdict
    "major points": "conclusions",
    "main points": "conclusions",
    # what closes a structured abstract
    "trial registration": "trial registration",
    "clinical trial registration": "trial registration",
    "registration": "trial registration",
    "keywords": "keywords",
    "key words": "keywords",
    "index terms": "keywords",
}
#: Order in which abstract parts are written: a heading that steps back (an 'Introduction' after the
#: conclusions) starts the article body.
ORDER = {
    "background": 0,
    "introduction": 0,
    "objective": 1,
    "methods": 2,
    "patients and methods": 2,
    "results": 3,
    "conclusions": 4,
    "trial registration": 5,
    "keywords": 6,
}

_NAMES = "|".join(sorted((re.escape(k).replace(r"\ ", r"\s+") for k in SECTION_NAMES), key=len, reverse=True))
_UPPER_NAMES = _NAMES.upper().replace(r"\S", r"\s")
#: A subheading on its own line ('Methods', 'RESULTS:', 'Conclusion.', '2. Methods').
HEADING_LINE = re.compile(rf"^\s*(?:\d\.\s*)?(?P<label>{_NAMES})\s*[:.\-–—|]?\s*$", re.I)
#: A label opening a line of prose: 'BACKGROUND: text', 'Methods. Text', 'Results - text', 'OBJECTIVE To ...'.
INLINE_LABEL = re.compile(
    rf"^\s*(?P<label>{_NAMES})(?:\s*[:|]\s*|\.\s+(?=(?-i:[A-Z0-9]))|\s+[-–—]\s+|\s+(?=(?-i:[A-Z][a-z])))",
    re.I,
)
#: Labels inside a run of prose (one-line copies): 'sentence. RESULTS: text' or 'sentence. Results. Text'.
RUN_LABEL = re.compile(
    rf"(?<=[.!?])\s*(?P<label>(?i:{_NAMES}))(?:\s*:\s*|\.\s+(?=(?-i:[A-Z0-9]))|\s+[-–—]\s+)|"
    rf"(?<=\s)(?=[A-Z][A-Z])(?P<upper>{_UPPER_NAMES}):\s+"
)
#: Same, without punctuation after the label ('disease. Results Nineteen patients'): only trusted in numbers.
BARE_RUN_LABEL = re.compile(rf"(?<=[.!?])\s+(?=(?-i:[A-Z]))(?P<label>{_NAMES})\s+(?=(?-i:[A-Z])\w|\d)", re.I)

#: Headings and lines after which the abstract is over (page furniture, indexing, licences, the body).
END = re.compile(
    r"^\s*(?:pubmed disclaimer|conflicts? of interest(?: statement)?|competing interests?|declaration of interests?|"
    r"similar articles|similar content|cited by\b.*|comment in\b.*|comment on\b.*|erratum in\b.*|"
    r"references\b.*|bibliography|this is a preview\b.*|access this article\b.*|"
    r"copyright\b.*|©.*|\(c\)\s*" + YEAR_PATTERN + r".*|all rights reserved.*|figures?|tables?|"
    r"publication types?|mesh terms|substances|full text links|grants and funding|funding(?: information)?\b.*|main text|"
    r"acknowledg(?:e)?ments?|download (?:citation|references|pdf)\b.*|author information|authors? information|"
    r"affiliations?|notes|related information|linkout.*|supporting information|supplementary (?:material|information|data)\b.*|"
    r"citing literature|article information|disclosures?|author contributions?|data availability.*|abbreviations|"
    r"(?:open access|this (?:is an open access )?article is (?:distributed|licensed|published)\b).*|"
    r".*creative commons.*|pmid:?\s*\d.*|pmcid:?.*|doi:\s*10\..*|https?://(?:dx\.)?doi\.org/.*|"
    r"see comment in pubmed commons.*|(?:publication types?|mesh terms|substances|grant support)\s*:.*|"
    r"key (?:messages|points)\b.*|dive into the research topics\b.*|related (?:topics|articles)\b.*|section snippets|"
    r"(?:resumo|resumen|résumé|zusammenfassung|riassunto|samenvatting|streszczenie|абстракт|摘要)\b.*|"
    r"article (?:metrics|info|history)|rights and permissions|about this article|cite this article|"
    r"share this article)\s*$",
    re.I,
)
#: A reference-list heading.
REFERENCES = re.compile(
    r"^\s*(?:references|references and (?:recommended|further) reading|bibliography|literature cited|works cited|cited literature)\s*:?\s*$",
    re.I,
)
#: PubMed indexing lists: MeSH terms, publication types, substances.
INDEX_HEADING = re.compile(r"^\s*(mesh terms|publication types?|substances)\s*$", re.I)
#: Full-text headings that end an abstract when they follow it (not subheadings of the abstract itself).
BODY = re.compile(
    r"^\s*(?:\d\.?\s*)?(?:introduction|main text|discussion|materials and methods|methods)\s*$", re.I
)


@lru_cache(maxsize=1024)
def canonical(name: str) -> str | None:
    """The section label of a subheading, or None when it is not one."""
    return SECTION_NAMES.get(re.sub(r"\s+", " ", name.strip().strip(":.").lower()).replace("’", "'"))


def label_heading(line: str) -> str | None:
    """The section label when ``line`` is a subheading alone on its line."""
    m = HEADING_LINE.match(line)
    return canonical(m["label"]) if m else None


def label_inline(line: str) -> tuple[str, int] | None:
    """(label, where the prose starts) when ``line`` opens with a subheading followed by its text."""
    m = INLINE_LABEL.match(line)
    if not m or not line[m.end() :].strip():
        return None
    label = canonical(m["label"])
    raw = m["label"]
    # 'Results were ...' or 'Patients with ...' is prose, not a label: a bare (unpunctuated) label must be
    # written in capitals ('OBJECTIVE To ...') or followed by a capitalised word
    sep = line[m.end("label") : m.end()]
    if label is None:
        return None
    if not sep.strip() and not raw.isupper() and not line[m.end() :][:1].isupper():
        return None
    if not sep.strip() and raw.lower() in (
        "patients",
        "participants",
        "subjects",
        "case",
        "cases",
        "design",
        "setting",
    ):
        return None if not raw.isupper() else (label, m.end())
    return label, m.end()


def split_run(text: str) -> list[tuple[str | None, int, int]]:
    """Cut one run of prose at the subheadings written inside it: [(label or None, start, end)]."""
    marks = [(m.start(), m.end(), m["label"] or m["upper"]) for m in RUN_LABEL.finditer(text)]
    first = INLINE_LABEL.match(text)
    opened = bool(first and canonical(first["label"]) and label_inline(text))
    if len(marks) < 2:
        bare = [(m.start(), m.end(), m["label"]) for m in BARE_RUN_LABEL.finditer(text)]
        if len(bare) + len(marks) + opened >= 2:  # a run that opens with a label counts it as one of its two
            marks = sorted({m[0]: m for m in [*marks, *bare]}.values())
    out: list[tuple[str | None, int, int]] = []
    pos, label = 0, None
    if opened and first:
        label, pos = canonical(first["label"]), first.end()
    for start, end, name in marks:
        if start < pos or canonical(name) is None:
            continue
        if text[pos:start].strip():
            out.append((label, pos, start))
        label, pos = canonical(name), end
    if text[pos:].strip():
        out.append((label, pos, len(text)))
    return out


_ENGLISH_WORDS = (
    "the of and in to with was were is are a an for by on this that we as at or from be has have had not which after "
    "their these all than our its"
)
# frequent words of the other languages abstracts are printed in
_FOREIGN_WORDS = (
    "de da do dos das em um uma que não com para os se na no por el los las del con una es y les des et est une dans "
    "pour sur au aux der die und mit von zu für ist ein eine den il della di che per het een van"
)
_ENGLISH, _FOREIGN = frozenset(_ENGLISH_WORDS.split()), frozenset(_FOREIGN_WORDS.split())


def english(line: str, evidence: int = 3) -> bool:
    """Whether a text is English: fewer than ``evidence`` common words of other languages, or more English ones."""
    words = re.findall(r"[^\W\d_]+", line[:3000].lower())  # the opening words tell the language
    foreign = sum(w in _FOREIGN for w in words)
    return foreign < evidence or foreign <= sum(w in _ENGLISH for w in words)
