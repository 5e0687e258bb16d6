"""Read MEDLINE / PubMed-format text (.nbib): tagged lines, continuation lines, repeated tags."""

from __future__ import annotations

import re
from collections.abc import Iterator

from myokg.errors import ReadError
from myokg.read.model import Bib, Document
from myokg.read.record import CitedWork, Record, layout, split_abstract

_LINE = re.compile(r"^(?P<tag>[A-Z][A-Z0-9]{1,3})\s*-\s?(?P<value>.*)$")
_YEAR = re.compile(r"\b(?:18|19|20)\d\d\b")


def records(text: str) -> Iterator[tuple[int, dict[str, list[str]]]]:
    """Split MEDLINE text into (first line, {tag: values}) records; continuation lines join their field."""
    fields: dict[str, list[str]] = {}
    start, last = 0, None
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            if fields:
                yield start, fields
            fields, last = {}, None
            continue
        m = _LINE.match(line)
        if line.startswith("      ") and last:
            fields[last][-1] += " " + line.strip()
        elif m:
            if not fields:
                start = n
            last = m["tag"]
            fields.setdefault(last, []).append(m["value"].strip())
        else:
            raise ValueError(f"line {n}: not a MEDLINE field ('{line[:30]}')")
    if fields:
        yield start, fields


def to_record(f: dict[str, list[str]]) -> Record:
    one = lambda tag: f.get(tag, [None])[0]  # noqa: E731
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
    if bib.date_text and (m := _YEAR.search(bib.date_text)):
        bib.year = int(m.group())
    for v in f.get("LID", []) + f.get("AID", []):
        if v.endswith("[doi]") and not bib.doi:
            bib.doi = v[: -len("[doi]")].strip().lower()
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
    """Yield one document per record; a malformed record yields an error naming its line."""
    try:
        found = list(records(text))
    except ValueError as exc:
        yield ReadError(source, str(exc))
        return
    for k, (line, f) in enumerate(found, start=1):
        if "TI" not in f and "PMID" not in f:
            yield ReadError(
                source, f"record {k} (line {line}): no PMID and no title; cut or malformed record"
            )
            continue
        rec = to_record(f)
        yield layout(f"{source}#{rec.bib.pmid or k}", "medline", rec)
