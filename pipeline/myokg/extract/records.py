"""Flat records of findings, the form `myokg extract` prints and `myokg evaluate` scores."""

from __future__ import annotations

import re
from typing import Any

from myokg.extract.model import AdverseEvent, Extraction
from myokg.read.authors import surname
from myokg.read.model import Bib
from myokg.vocab import Vocabulary


def finding_records(ex: Extraction, vocab: Vocabulary) -> list[dict[str, Any]]:
    """One dict per finding with preferred labels instead of IRIs; a study that names conditions but no
    treatment gives one record per condition with ``agent`` null."""

    def label(iri: str | None) -> str | None:
        return vocab.terms[iri].label if iri else None

    out: list[dict[str, Any]] = []
    for seg in ex.segments:
        pub = _publication(seg.reference.bib if seg.reference else ex.document.bib)
        if not seg.findings:
            for cond in seg.conditions:
                out.append(
                    {
                        "document": ex.document.source,
                        "reference": seg.reference.number if seg.reference else None,
                        "agent": None,
                        "condition": label(cond),
                        "role": None,
                        "design": label(seg.study.design),
                        "n": seg.study.n,
                        "direction": None,
                        "population": None,
                        "refractory": None,
                        "manifestations": [],
                        "adverse_event": None,
                        "span": [seg.start, seg.end],
                        **pub,
                    }
                )
        for f in seg.findings:
            out.append(
                {
                    "document": ex.document.source,
                    "reference": seg.reference.number if seg.reference else None,
                    "agent": label(f.agent),
                    "condition": label(f.condition),
                    "role": {"priorTherapy": "prior therapy", "suspectedCause": "suspected cause"}.get(
                        f.role, f.role
                    ),
                    "design": label(seg.study.design),
                    "n": seg.study.n,
                    "direction": f.direction,
                    "population": {"mixedAge": "adult and juvenile"}.get(f.population or "", f.population),
                    "refractory": f.refractory,
                    "manifestations": [label(m) for m in f.manifestations],
                    "adverse_event": _events(f.adverse_events, vocab),
                    "span": [f.start, f.end],
                    **pub,
                }
            )
    return out


def _publication(bib: Bib) -> dict[str, Any]:
    """The publication a finding comes from: the page's own, or the reference's for a reference's findings."""
    return {
        "title": bib.title,
        "year": bib.year,
        "first_author": surname(bib.authors[0]) if bib.authors else None,
        "journal": bib.journal,
        "doi": bib.doi,
        "pmid": bib.pmid,
    }


def _events(events: list[AdverseEvent], vocab: Vocabulary) -> str | None:
    """The events as read ('headaches'), each with its term where the words differ ('headaches (headache)')."""
    out: dict[str, str] = {}
    for a in events:
        words = set(re.findall(r"\w+", a.label.casefold()))
        terms = [
            vocab.terms[t].label
            for t in a.types
            if not set(re.findall(r"\w+", vocab.terms[t].label.casefold())) <= words
        ]
        text = f"{a.label} ({', '.join(terms)})" if terms else a.label
        out.setdefault(text.casefold(), text)
    return "; ".join(out.values()) or None
