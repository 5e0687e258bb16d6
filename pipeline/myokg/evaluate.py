"""Score extraction against a gold file: precision, recall and F1 per field.

Gold format (JSON): {"documents": [{"file": NAME, "references": [{"number", "start", "end", "year",
"volume", "pages"}], "studies": [{"reference", "design", "n"}], "findings": [{"reference", "agent",
"condition", "role", "direction", "agent_span": [start, end]}], "adverse_events": [{"reference",
"agent", "event"}]}]}. "reference" is the entry number, or null for the document's own text;
labels are the vocabulary's preferred labels; offsets index the document's decoded text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from myokg.errors import MyokgError
from myokg.extract import Extraction
from myokg.vocab import Vocabulary

FIELDS = ("references", "agents", "diseases", "design", "n", "direction", "adverse_events")


@dataclass
class Score:
    field: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def facts_of_gold(doc: dict[str, Any]) -> dict[str, set[tuple[Any, ...]]]:
    f = doc["file"]
    return {
        "references": {
            (f, r["number"], r["year"], r.get("volume"), r.get("pages")) for r in doc["references"]
        },
        "agents": {(f, x["reference"], x["agent"]) for x in doc["findings"]},
        "diseases": {(f, x["reference"], x["condition"]) for x in doc["findings"]},
        "design": {(f, s["reference"], s["design"]) for s in doc["studies"] if s.get("design")},
        "n": {(f, s["reference"], s["n"]) for s in doc["studies"] if s.get("n")},
        "direction": {
            (f, x["reference"], x["agent"], x["condition"], x["direction"]) for x in doc["findings"]
        },
        "adverse_events": {(f, a["reference"], a["agent"], a["event"]) for a in doc["adverse_events"]},
    }


def facts_of_extraction(ex: Extraction, vocab: Vocabulary) -> dict[str, set[tuple[Any, ...]]]:
    f = ex.document.source

    def label(iri: str) -> str:
        return vocab.terms[iri].label

    out: dict[str, set[tuple[Any, ...]]] = {k: set() for k in FIELDS}
    for r in ex.document.references:
        out["references"].add((f, r.number, r.bib.year, r.bib.volume, r.bib.pages))
    for seg in ex.segments:
        ref = seg.reference.number if seg.reference else None
        if seg.study.design:
            out["design"].add((f, ref, label(seg.study.design)))
        if seg.study.n:
            out["n"].add((f, ref, seg.study.n))
        for x in seg.findings:
            out["agents"].add((f, ref, label(x.agent)))
            out["diseases"].add((f, ref, label(x.condition)))
            out["direction"].add((f, ref, label(x.agent), label(x.condition), x.direction))
            for event in x.adverse_events:
                for t in event.types:
                    out["adverse_events"].add((f, ref, label(x.agent), label(t)))
    return out


def _pairs(
    gold_path: Path, extractions: list[Extraction], vocab: Vocabulary
) -> Iterator[tuple[str, set[Any], set[Any]]]:
    """(field, gold facts, extracted facts) for every document the gold file names."""
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        documents = [(doc, facts_of_gold(doc)) for doc in gold["documents"]]
    except (ValueError, KeyError, TypeError, OSError) as exc:  # JSONDecodeError and UnicodeDecodeError too
        raise MyokgError("evaluate", str(gold_path), f"not a gold file ({exc})") from None
    by_name = {ex.document.source: ex for ex in extractions}
    for doc, want in documents:
        got = (
            facts_of_extraction(by_name[doc["file"]], vocab)
            if doc["file"] in by_name
            else {k: set() for k in FIELDS}
        )
        for k in FIELDS:
            yield k, want[k], got[k]


def score(gold_path: Path, extractions: list[Extraction], vocab: Vocabulary) -> list[Score]:
    """Compare every document named in the gold file with its extraction."""
    totals = {k: Score(k, 0, 0, 0) for k in FIELDS}
    for k, want, got in _pairs(gold_path, extractions, vocab):
        totals[k].tp += len(want & got)
        totals[k].fp += len(got - want)
        totals[k].fn += len(want - got)
    return list(totals.values())


def differences(gold_path: Path, extractions: list[Extraction], vocab: Vocabulary) -> list[str]:
    """Human-readable misses and extras, for improving rules or the gold."""
    lines = []
    for k, want, got in _pairs(gold_path, extractions, vocab):
        lines += [f"missed {k}: {x}" for x in sorted(want - got, key=str)]
        lines += [f"extra  {k}: {x}" for x in sorted(got - want, key=str)]
    return lines
