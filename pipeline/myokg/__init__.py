"""myokg: an evidence knowledge graph for the treatment of refractory PM, DM and JDM."""

from __future__ import annotations

__version__ = "0.1.0"
