"""Extract stage: mentions, studies and findings from documents."""
from __future__ import annotations

from myokg.extract.findings import Extraction, Extractor, Finding, Segment, Study

__all__ = ["Extraction", "Extractor", "Finding", "Segment", "Study"]
