"""Every dev-set page read as a user would paste it: titles match the gold, no page that needs one loses its abstract."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest

from conftest import SHARED
from myokg.read import Document, read_path

pytestmark = pytest.mark.shared

DEVSET = SHARED / "devset"
#: Sections that are not abstract prose.
NOT_ABSTRACT = {"title", "keywords", "mesh", "substances", "trial registration"}


def fold(text: str | None) -> str:
    """Case, punctuation and white space folded."""
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", text or "").casefold()))


def test_devset_titles_and_abstracts() -> None:
    gold = {row["n"]: row for row in map(json.loads, (DEVSET / "gold.jsonl").read_text().splitlines())}
    pages = sorted(DEVSET.glob("texts/*.txt"), key=lambda p: int(p.stem))
    assert len(pages) == len(gold) >= 80
    titles, lost = [], []
    for page in pages:
        row = gold[int(page.stem)]
        docs = [d for d in read_path(page) if isinstance(d, Document)]
        doc = docs[0] if docs else None
        if doc is None or fold(doc.bib.title) != fold(row["title"]):
            titles.append(f"{page.name}: {doc.bib.title if doc else None!r} != {row['title']!r}")
        needs_abstract = row.get("design") or row.get("n_patients")
        if needs_abstract and not (doc and any(s.label not in NOT_ABSTRACT for s in doc.sections)):
            lost.append(page.name)
    print("\n".join(["titles that differ:"] + titles + ["abstracts lost: " + ", ".join(lost)]))
    assert len(titles) <= 0.05 * len(pages), titles
    assert not lost, lost
