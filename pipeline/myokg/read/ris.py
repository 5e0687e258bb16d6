"""Read RIS exports (Zotero, EndNote, Mendeley): 'TY  - ' to 'ER  - ' records."""

from __future__ import annotations

import re
from collections.abc import Iterator

from myokg.errors import ReadError
from myokg.read.authors import normal
from myokg.read.model import Bib, Document
from myokg.read.record import Record, layout, split_abstract
from myokg.textnorm import YEAR

_LINE = re.compile(r"^(?P<tag>[A-Z][A-Z0-9])\s{0,2}- ?(?P<value>.*)$")
_TYPES = {
    "JOUR": "Journal Article",
    "BOOK": "book",
    "CHAP": "book chapter",
    "RPRT": "report",
    "CONF": "conference paper",
    "THES": "thesis",
    "GEN": "generic",
    "ELEC": "web page",
}


def _unwrapped(lines: list[str]) -> Iterator[tuple[int, str]]:
    """(line number, line), each field's wrapped lines joined to it: one join per field, not one per line."""
    held: tuple[int, list[str]] | None = None
    for n, line in enumerate(lines, start=1):
        tagged = _LINE.match(line)
        if held and not tagged and line.strip():
            held[1].append(line.strip())
            continue
        if held:
            yield held[0], " ".join(held[1])
        held = (n, [line.rstrip()]) if tagged else None
        if held is None:
            yield n, line
    if held:
        yield held[0], " ".join(held[1])


def read_ris(source: str, text: str) -> Iterator[Document | ReadError]:
    fields: dict[str, list[str]] | None = None
    start = k = 0
    for n, line in _unwrapped(text.split("\n")):
        m = _LINE.match(line)
        if m and m["tag"] == "TY":
            if fields is not None:
                yield ReadError(
                    source, f"record {k} (line {start}): no 'ER  -' before the next 'TY'; cut record"
                )
            fields, start, k = {"TY": [m["value"].strip()]}, n, k + 1
        elif m and m["tag"] == "ER":
            if fields is None:
                yield ReadError(source, f"line {n}: 'ER' without a record")
                continue
            yield _document(source, k, fields)
            fields = None
        elif fields is not None and m:
            fields.setdefault(m["tag"], []).append(m["value"].strip())
        elif fields is not None and line.strip():
            last = list(fields)[-1]
            fields[last][-1] += " " + line.strip()
    if fields is not None:
        if any(t in fields for t in ("TI", "T1")) and any(t in fields for t in ("AB", "N2")):
            doc = _document(source, k, fields)  # a pasted record with its abstract, only the closing tag lost
            doc.warnings.append(
                f"record {k} (line {start}) has no 'ER  -' end tag; read to the end of the file"
            )
            yield doc
        else:
            yield ReadError(source, f"record {k} (line {start}): file ends inside the record (no 'ER  -')")
    if k == 0:
        yield ReadError(source, "no RIS records ('TY  - ' lines)")


def _document(source: str, k: int, f: dict[str, list[str]]) -> Document:
    def one(*tags: str) -> str | None:
        return next((f[t][0] for t in tags if t in f), None)

    tags = list(f)
    title = one("TI", "T1") or ""
    if "T2" in tags and tags.index("T2") > 0 and tags[tags.index("T2") - 1] in ("TI", "T1"):
        title = title.rstrip(".:") + ": " + f["T2"][0]  # a T2 written right under the title is its subtitle
        f = {k: v for k, v in f.items() if k != "T2"}
    bib = Bib(
        title=title.rstrip(".") or None,
        journal=one("J2", "JA", "JO", "T2", "JF"),
        volume=one("VL"),
        issue=one("IS"),
        authors=[normal(a) for a in f.get("AU", f.get("A1", []))],
    )
    sp, ep = one("SP"), one("EP")
    bib.pages = f"{sp}-{ep}" if sp and ep else sp
    date = one("PY", "Y1", "DA")
    if date and (m := YEAR.search(date)):
        bib.year = int(m.group())
    bib.date_text = date
    doi = one("DO")
    # a DOI has no whitespace: a value wrapped onto the next line is joined back
    doi = re.sub(r"\s+", "", doi) if doi else None
    bib.doi = re.sub(r"^https?://(?:dx\.)?doi\.org/", "", doi).lower() if doi else None
    for v in f.get("AN", []) + f.get("C2", []):
        if re.fullmatch(r"[1-9]\d{0,8}", v):
            bib.pmid = v
    kind = _TYPES.get(one("TY") or "", one("TY"))
    if kind in ("book", "book chapter"):
        bib.kind = "book"
    bib.publication_types = [kind] if kind else []
    bib.keywords = f.get("KW", [])
    ab = max((f[t][0] for t in ("AB", "N2") if t in f), key=len, default=None)  # a cut paste may shorten one
    return layout(f"{source}#{bib.pmid or k}", "ris", Record(bib, abstract=split_abstract(ab) if ab else []))
