"""Flat records of findings, the form `myokg extract` prints and `myokg evaluate` scores."""

from __future__ import annotations

from typing import Any

from myokg.extract.model import Extraction
from myokg.vocab import Vocabulary


def finding_records(ex: Extraction, vocab: Vocabulary) -> list[dict[str, Any]]:
    """One dict per finding with preferred labels instead of IRIs."""
    label = lambda iri: vocab.terms[iri].label if iri else None  # noqa: E731
    out = []
    for seg in ex.segments:
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
                    "adverse_event": "; ".join(a.label for a in f.adverse_events) or None,
                    "span": [f.start, f.end],
                }
            )
    return out
