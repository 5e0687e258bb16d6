"""Extract stage: mentions, studies and findings from documents."""

from __future__ import annotations

from myokg.extract.findings import Extractor
from myokg.extract.model import Extraction, Finding, Segment, Study

__all__ = ["Extraction", "Extractor", "Finding", "Segment", "Study"]
