"""myokg: an evidence knowledge graph for the treatment of refractory idiopathic inflammatory myopathies.

Public API (for notebooks and scripts)::

    import myokg
    kg = myokg.open("build")            # build directory, RDF file, or http(s) SPARQL endpoint
    kg.queries()                        # the stored questions
    rows = kg.query("agents-with-evidence", disease="dermatomyositis")
    rows.to_pandas()                    # pip install 'myokg[notebook]'
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from myokg.api import Graph

__all__ = ["__version__", "open"]


def open(target: str | Path) -> Graph:  # noqa: A001 - the notebook verb, like io.open
    """Open a build directory (its on-disk ``store/``), an RDF file, or an http(s) SPARQL query endpoint; ask it
    with ``.query(name, **params)``, write it in any format with ``.export(fmt, output)``."""
    from myokg.api import open_graph

    return open_graph(target)
