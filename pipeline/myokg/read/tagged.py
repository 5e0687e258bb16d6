"""Tagged exports as users paste them: relaxed or one-line RIS, RefWorks, one-line MEDLINE -> one tag per line."""

from __future__ import annotations

import re

#: MEDLINE (PubMed format) field tags.
_MEDLINE_TAG_NAMES = (
    "PMID OWN STAT DCOM LR IS VI IP DP TI PG LID AB FAU AU AUID AD LA GR PT DEP PL TA JT JID SB MH OT OTO EDAT MHDA "
    "CRDT PHST AID PST SO CI COIS RN CIN CON EIN MID PMC RF BTI CTI ED FED ISBN OAB OABL RPF RPI TT VTI GN CN IR FIR "
    "SFM TRANSLIT"
)
MEDLINE_TAGS = frozenset(_MEDLINE_TAG_NAMES.split())
#: RefWorks tagged-format tags and the RIS tags they stand for.
# fmt: off
REFWORKS_TO_RIS = {
    "RT": "TY", "SR": "N1", "ID": "ID", "A1": "AU", "A2": "A2", "A3": "A3", "A4": "A4", "A5": "A5", "A6": "A6",
    "T1": "TI", "T2": "T2", "T3": "T3", "JF": "JF", "JO": "JO", "YR": "PY", "FD": "DA", "VO": "VL", "IS": "IS",
    "SP": "SP", "OP": "EP", "K1": "KW", "AB": "AB", "NO": "N1", "PB": "PB", "PP": "CY", "ED": "ET", "SN": "SN",
    "LA": "LA", "CL": "CL", "UL": "UR", "LK": "L2", "DO": "DO", "CN": "CN", "IP": "IP", "DB": "DB", "DS": "DS",
    "RD": "Y2", "ST": "ST", "OL": "OL", "WT": "WT", "WP": "WP", "AD": "AD", "FT": "FT",
}
# fmt: on
_RIS_TYPES = {"journal article": "JOUR", "book, whole": "BOOK", "book, section": "CHAP", "generic": "GEN"}
_RIS_TAG = re.compile(r"(?:^|\s)(?=[A-Z][A-Z0-9]\s{0,2}-\s)")
_MEDLINE_SPLIT = re.compile(
    r"\s+(?=(?:" + "|".join(sorted(MEDLINE_TAGS, key=len, reverse=True)) + r")\s*-\s)"
)
_REFWORKS_SPLIT = re.compile(r"\s+(?=(?:" + "|".join(REFWORKS_TO_RIS) + r")\s)")


def kind(head: str) -> str | None:
    """'ris', 'refworks' or 'medline' when the text is a tagged export (tags on lines or flattened), else None."""
    first = head.lstrip("\ufeff \t\r\n").split("\n", 1)[0]
    if re.match(r"TY\s{0,2}-\s", first):
        return "ris"
    if re.match(r"RT\s+\S", first) and re.search(r"(?:^|\s)(?:T1|A1|YR|JF|SR)\s", head):
        return "refworks"
    m = re.match(r"([A-Z]{2,4})\s*-\s", first)
    if m and m.group(1) in MEDLINE_TAGS:
        others = re.findall(
            r"(?:^|\n|\s)(" + "|".join(sorted(MEDLINE_TAGS, key=len, reverse=True)) + r")\s*-\s",
            head[m.end() :],
        )
        if m.group(1) == "PMID" or len(set(others)) >= 2:
            return "medline"
    return None


def _flat(text: str) -> bool:
    """True when the record sits on very few lines (copied from a web view that dropped the line breaks)."""
    return text.count("\n") <= 3


def as_ris(text: str) -> str:
    """RIS with standard 'TAG  - ' lines, whatever spacing or line breaks it came with."""
    if _flat(text):
        text = "\n".join(p.strip() for p in _RIS_TAG.split(text) if p.strip())
    return re.sub(r"(?m)^([A-Z][A-Z0-9])\s{0,2}-(?:\s|$)", r"\1  - ", text)


def as_medline(text: str) -> str:
    """MEDLINE with one field per line (each ending with a line break, as a whole record's do)."""
    if _flat(text):
        text = "".join(p.strip() + "\n" for p in _MEDLINE_SPLIT.split(text) if p.strip())
    return text


def refworks_as_ris(text: str) -> str:
    """RefWorks tagged format rewritten as RIS (records start at 'RT', fields one per line)."""
    if _flat(text):
        m = re.search(r"\sAB\s", text)  # tags are not looked for inside the abstract's prose
        head, abstract = (text[: m.start()], text[m.end() :]) if m else (text, "")
        lines = [p.strip() for p in _REFWORKS_SPLIT.split(head) if p.strip()]
        if abstract.strip():
            lines.append("AB " + abstract.strip())
    else:
        lines = text.split("\n")
    out: list[list[str]] = []  # each RIS line as its parts: wrapped lines joined once (linear time)
    for line in lines:
        m = re.match(r"([A-Z][A-Z0-9])\s+(.*)$", line.strip())
        if not m or m.group(1) not in REFWORKS_TO_RIS:
            if out and line.strip():
                out[-1].append(line.strip())
            continue
        tag, value = REFWORKS_TO_RIS[m.group(1)], m.group(2).strip()
        if tag == "TY":
            if out:
                out.append(["ER  - "])
            value = _RIS_TYPES.get(value.lower(), "JOUR")
        out.append([f"{tag}  - {value}"])
    if out:
        out.append(["ER  - "])
    return "\n".join(" ".join(parts) for parts in out)
