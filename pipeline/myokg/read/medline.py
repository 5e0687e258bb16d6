"""Read MEDLINE / PubMed-format text (.nbib): tagged lines, continuation lines, repeated tags."""

from __future__ import annotations

import re
from collections.abc import Iterator

from myokg.errors import ReadError
from myokg.read.model import Bib, Document
from myokg.read.record import CitedWork, Record, layout, split_abstract
from myokg.textnorm import YEAR

_LINE = re.compile(r"^(?P<tag>[A-Z][A-Z0-9]{1,3})\s*-\s?(?P<value>.*)$")


def records(text: str) -> Iterator[tuple[int, dict[str, list[str]], str | None]]:
    """Split MEDLINE text into (first line, {tag: values}, problem) records; continuation lines join their field.

    A line that is not a field (a record cut mid-line) marks its record as damaged; the others are whole. So
    does the end of the file inside the last record (see ``_cut``).
    """
    fields: dict[str, list[list[str]]] = {}  # each value as its lines' parts, joined once (linear time)
    start, last, problem = 0, None, None
    with_source = False  # an earlier record ends with SO, as PubMed writes every record
    lines = text.split("\n")
    final = max((n for n, line in enumerate(lines, start=1) if line.strip()), default=0)
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            if fields or problem:
                if problem is None and n > final and _cut(text, fields, with_source):
                    problem = "the file ends inside this record (its last field is cut)"
                with_source = with_source or "SO" in fields
                yield start, _joined(fields), problem
            fields, last, problem = {}, None, None
            continue
        m = _LINE.match(line)
        if not fields and not problem:
            start = n
        if line.startswith("      ") and last:
            fields[last][-1].append(line.strip())
        elif m:
            last = m["tag"]
            fields.setdefault(last, []).append([m["value"].strip()])
        elif problem is None:
            problem = f"line {n}: not a MEDLINE field ('{line[:30]}')"
    if fields or problem:
        if problem is None and _cut(text, fields, with_source):
            problem = "the file ends inside this record (its last field is cut)"
        yield start, _joined(fields), problem


def _joined(fields: dict[str, list[list[str]]]) -> dict[str, list[str]]:
    return {tag: [" ".join(parts) for parts in values] for tag, values in fields.items()}


def _cut(text: str, fields: dict[str, list[list[str]]], with_source: bool) -> bool:
    """Whether the file stops inside its last record: PubMed ends each record with its SO field and each line
    with a line break, so a last record without SO is cut when the others have it, or when the file stops
    mid-line."""
    return "SO" not in fields and (with_source or not text.endswith("\n"))


def to_record(f: dict[str, list[str]]) -> Record:
    def one(tag: str) -> str | None:
        return f[tag][0] if f.get(tag) else None

    bib = Bib(
        title=(one("TI") or "").rstrip(".") or None,
        pmid=one("PMID"),
        authors=f.get("AU", []),
        journal=one("TA") or one("JT"),
        volume=one("VI"),
        issue=one("IP"),
        pages=one("PG"),
        date_text=one("DP"),
    )
    if bib.date_text and (m := YEAR.search(bib.date_text)):
        bib.year = int(m.group())
    for v in f.get("LID", []) + f.get("AID", []):
        if v.endswith("[doi]") and not bib.doi:
            bib.doi = v[: -len("[doi]")].strip().lower()
    bib.pmcid = next(iter(f.get("PMC", [])), None)
    bib.publication_types = f.get("PT", [])
    bib.keywords = f.get("OT", [])
    bib.substances = [re.sub(r"^\S+\s+\((.*)\)$", r"\1", s) for s in f.get("RN", [])]
    bib.grants = f.get("GR", [])
    ab = one("AB")
    rec = Record(
        bib, abstract=split_abstract(ab) if ab else [], substances=[(n, None) for n in bib.substances]
    )
    for mh in f.get("MH", []):
        major = "*" in mh
        name, *quals = [p.strip() for p in mh.replace("*", "").split("/")]
        rec.mesh.append((name, None, quals, major))
        bib.mesh_headings.append(mh)
    for ref in f.get("RF", []):  # not in PubMed's export, but some tools write cited works here
        rec.references.append(CitedWork(ref))
    return rec


def read_medline(source: str, text: str) -> Iterator[Document | ReadError]:
    """Yield one document per record; a cut or malformed record yields an error naming it, the others are read."""
    for k, (line, f, problem) in enumerate(records(text), start=1):
        if problem:
            yield ReadError(source, f"record {k} (line {line}): {problem}; cut or malformed record")
            continue
        if "TI" not in f and "PMID" not in f:
            yield ReadError(
                source, f"record {k} (line {line}): no PMID and no title; cut or malformed record"
            )
            continue
        rec = to_record(f)
        yield layout(f"{source}#{rec.bib.pmid or k}", "medline", rec)
