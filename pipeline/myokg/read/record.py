"""Lay out a structured record (PubMed XML, MEDLINE, RIS) as text, so every fact has a span like a page's."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from myokg.read.clean import MOJIBAKE_WARNING, damaged
from myokg.read.model import Bib, Document, MeshHeading, Reference, Section
from myokg.read.references import parse_citation
from myokg.read.sections import canonical, split_run
from myokg.textnorm import YEAR_PATTERN

_VANCOUVER_SOURCE = re.compile(
    r"^(?P<journal>[^.]+(?:\.[^.;\d]+)*?)\.\s*(?P<year>"
    + YEAR_PATTERN
    + r")[^;]*;?\s*(?P<vol>[^(:]+)?(?:\((?P<issue>[^)]+)\))?(?::(?P<pages>[^.\s]+))?"
)


@dataclass
class CitedWork:
    """A reference as a structured source gives it: free citation text and identifiers."""

    text: str
    pmid: str | None = None
    doi: str | None = None
    source_only: bool = False  # PubMed 'RefSource': journal, date and pages without authors or title


@dataclass
class Record:
    """The fields every structured reader fills before layout."""

    bib: Bib
    abstract: list[tuple[str | None, str]] = field(default_factory=list)  # (label, text)
    mesh: list[tuple[str, str | None, list[str], bool]] = field(
        default_factory=list
    )  # (name, ui, qualifiers, major)
    substances: list[tuple[str, str | None]] = field(default_factory=list)  # (name, ui)
    publication_type_ids: list[str] = field(default_factory=list)
    references: list[CitedWork] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # what the reader skipped, said once per record


def split_abstract(ab: str) -> list[tuple[str | None, str]]:
    """Split 'BACKGROUND: ... RESULTS: ...' (or 'Objective. ... Methods. ...') into labelled sections."""
    return [(label, ab[s:e].strip()) for label, s, e in split_run(ab) if ab[s:e].strip()] or [(None, ab)]


def _source_bib(text: str) -> Bib:
    """Bibliographic facts from a PubMed 'RefSource' such as 'Stat Med. 1989 May;8(5):551-61'."""
    m = _VANCOUVER_SOURCE.match(text)
    if not m:
        return Bib()
    return Bib(
        journal=m["journal"].strip(),
        year=int(m["year"]),
        volume=(m["vol"] or "").strip() or None,
        issue=m["issue"],
        pages=m["pages"],
    )


def layout(source: str, fmt: str, rec: Record) -> Document:
    """Write the record as text (title, abstract sections, MeSH, references) and point every section at it."""
    parts: list[str] = []
    pos = 0
    sections: list[Section] = []
    mesh: list[MeshHeading] = []
    refs: list[Reference] = []

    def add(text: str, label: str | None = None) -> tuple[int, int]:
        nonlocal pos
        start = pos
        parts.append(text + "\n\n")
        pos += len(text) + 2
        if label:
            sections.append(Section(label, start, start + len(text)))
        return start, start + len(text)

    add(rec.bib.title or "(untitled record)", "title")
    for label, text in rec.abstract:
        if label:
            prefix = f"{label.capitalize()}: "
            start, end = add(prefix + text)
            sections.append(Section(canonical(label) or label.lower(), start + len(prefix), end))
        else:
            add(text, "abstract")
    if rec.bib.keywords:
        add("Keywords: " + "; ".join(rec.bib.keywords))
    if rec.mesh:
        head = "MeSH terms: "
        start = pos + len(head)
        shown = []
        for name, ui, quals, major in rec.mesh:
            item = name + "".join("/" + q for q in quals) + ("*" if major else "")
            mesh.append(MeshHeading(name, ui, quals, major, start, start + len(name)))
            shown.append(item)
            start += len(item) + 2
        add(head + "; ".join(shown), "mesh")
    substances: list[MeshHeading] = []
    if rec.substances:
        head = "Substances: "
        start = pos + len(head)
        for name, ui in rec.substances:
            substances.append(MeshHeading(name, ui, [], False, start, start + len(name)))
            start += len(name) + 2
        add(head + "; ".join(name for name, _ in rec.substances), "substances")
    if rec.bib.publication_types:
        add("Publication types: " + "; ".join(rec.bib.publication_types))
    if rec.references:
        add("References")
        for k, cited in enumerate(rec.references, start=1):
            ids = "".join(f" {tag}: {v}" for tag, v in (("PMID", cited.pmid), ("DOI", cited.doi)) if v)
            line = f"{k}. {cited.text.rstrip('.')}.{ids}"
            start, end = add(line)
            body = start + len(f"{k}. ")
            if cited.source_only:
                bib, warnings, cut = _source_bib(cited.text), [], end
            else:
                parsed = parse_citation(line[len(f"{k}. ") :])
                bib, warnings, cut = parsed.bib, parsed.warnings, body + parsed.citation_end
            bib.pmid = cited.pmid or bib.pmid
            bib.doi = (cited.doi or bib.doi or "").lower() or None
            refs.append(Reference(k, line[len(f"{k}. ") :], body, end, bib, min(cut, end), warnings))
    doc = Document(
        warnings=[MOJIBAKE_WARNING]
        if damaged("".join(parts + rec.bib.authors + [rec.bib.journal or ""]))
        else [],
        source=source,
        text="".join(parts),
        format=fmt,
        bib=rec.bib,
        sections=sections,
        references=refs,
        mesh=mesh,
        substances=substances,
        publication_type_ids=rec.publication_type_ids,
    )
    doc.warnings += rec.warnings
    return doc
