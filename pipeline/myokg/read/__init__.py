"""Read stage: turn input files of any supported format into Document objects."""

from __future__ import annotations

from myokg.read.detect import read_path, read_paths
from myokg.read.model import Bib, Document, Reference, Section

__all__ = ["Bib", "Document", "Reference", "Section", "read_path", "read_paths"]
