"""The one document model every reader produces."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Bib:
    """Bibliographic facts of one work."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    journal: str | None = None
    year: int | None = None
    date_text: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    kind: str = "article"  # article | book
    publication_types: list[str] = field(default_factory=list)
    mesh_headings: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    substances: list[str] = field(default_factory=list)
    grants: list[str] = field(default_factory=list)


@dataclass
class MeshHeading:
    """A MeSH heading of a record: descriptor (with UI when the source gives it), qualifiers, span in the text."""

    name: str
    ui: str | None
    qualifiers: list[str]
    major: bool
    start: int
    end: int


@dataclass
class Reference:
    """One entry of a reference list; offsets point into the document text."""

    number: int
    raw: str
    start: int
    end: int
    bib: Bib
    citation_end: int  # where the citation stops and a reviewer's annotation may begin
    warnings: list[str] = field(default_factory=list)


@dataclass
class Section:
    """A stretch of the article's own text (title, an abstract section) that extraction reads.

    ``label`` is one of a closed set, lower case; every reader writes only these (``read.sections.SECTION_NAMES``
    maps the subheadings of the wild onto them: Aims -> objective, Findings -> results, Interpretation ->
    conclusions, Materials and methods -> methods, ...):

    - ``title``; ``abstract`` (abstract prose without a subheading, or a page's prose when it has no abstract);
    - ``background``, ``introduction`` (context: agents named here are not this study's);
    - ``objective``; ``methods``, ``patients and methods`` (design, size, setting; a case description too);
    - ``results``, ``conclusions`` (where directions are judged);
    - ``trial registration``, ``keywords``; ``mesh``, ``substances`` (indexing lists).
    """

    label: str
    start: int
    end: int


@dataclass
class Document:
    """One article as read from one input: its text, bibliographic facts, sections and references."""

    source: str  # file name (with record number for multi-record files)
    text: str
    format: str  # page | pubmed-xml | medline | ris | jats
    bib: Bib
    sections: list[Section] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    competing_interests: str | None = None
    mesh: list[MeshHeading] = field(default_factory=list)
    substances: list[MeshHeading] = field(default_factory=list)  # indexed substances (no qualifiers)
    publication_type_ids: list[str] = field(default_factory=list)  # MeSH publication type UIs, when given
    warnings: list[str] = field(default_factory=list)
