"""The page's own identifiers: DOI, PMID and PMCID as printed (labelled, as links, or under a label line)."""

from __future__ import annotations

import re

_DOI = re.compile(r"(?<![\w.])(?P<doi>10\.\d{4,9}/[^\s\"<>]+)")
# words a copy glued onto a DOI's end ('...70327-XGet rights and content', '...12455doi')
_GLUED = re.compile(r"(?:get(?:\s*rights.*)?|doi|pmid|pmcid|epub|crossref|pubmed|google|view|full)$", re.I)
_PMID = re.compile(r"\b(?:PMID|pub\s?med\s?id|pubmed_id)\b\s*[:#-]?\s*(?P<id>[1-9]\d{0,8})\b", re.I)
_PMCID = re.compile(r"\b(?P<id>PMC\d{4,9})\b")
_PMID_LABEL = re.compile(r"^\s*(?:PMID|pub\s?med\s?id)\s*:?\s*$", re.I)
_NUMBER = re.compile(r"^\s*(?P<id>[1-9]\d{0,8})\s*$")


def clean_doi(raw: str) -> str:
    """A DOI without trailing punctuation, an unbalanced closing bracket or a glued word."""
    doi = raw
    while True:
        before = doi
        doi = doi.rstrip(".,;:'\"’”")
        if doi.endswith((")", "]")) and doi.count("(") < doi.count(")") + (doi.count("[") < doi.count("]")):
            doi = doi[:-1]
        if (m := _GLUED.search(doi)) and m.start() > doi.index("/") + 1:
            doi = doi[: m.start()]
        if doi == before:
            return doi.lower()


def find(lines: list[str]) -> tuple[str | None, str | None, str | None]:
    """DOI, PMID and PMCID: each the first the lines print (a PMID also from a number under a 'PubMed ID' line)."""
    doi = pmid = pmcid = None
    label_above = False
    for line in lines:
        if doi is None and (m := _DOI.search(line)):
            doi = clean_doi(m.group("doi"))
        if pmid is None and (m := _PMID.search(line) or (_NUMBER.match(line) if label_above else None)):
            pmid = m.group("id")
        if pmcid is None and (m := _PMCID.search(line)):
            pmcid = m.group("id")
        if line.strip():
            label_above = bool(_PMID_LABEL.match(line))
    return doi, pmid, pmcid
