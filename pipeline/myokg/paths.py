"""Every path the project uses, named once; works from a checkout, an editable install and a wheel."""

from __future__ import annotations

import os
from pathlib import Path

_HERE = Path(__file__).resolve().parent
# In a wheel the curated folders ship inside the package; in a checkout they sit beside pipeline/.
_ROOT = _HERE if (_HERE / "ontology").is_dir() else _HERE.parents[1]

#: The hand-edited OWL source (schema and vocabulary).
ONTOLOGY = _ROOT / "ontology" / "myokg.ttl"
#: SHACL shapes, one file per class of the data.
SHAPES_DIR = _ROOT / "shapes"
#: Stored SPARQL questions, one ``.rq`` file each.
QUERIES_DIR = _ROOT / "queries"
#: Integrity checks: stored queries whose every row is a failure.
CHECKS_DIR = QUERIES_DIR / "checks"
#: The bundled default input of ``myokg build``.
CORPUS_DIR = _ROOT / "corpus"
#: Where ``build`` writes and ``query`` reads unless told otherwise (relative to the working directory).
BUILD_DIR = Path("build")
#: The on-disk Oxigraph store inside a build directory: one named graph per document plus the ontology graph.
STORE_NAME = "store"


def cache_dir() -> Path:
    """Where results worth keeping between runs go: $MYOKG_CACHE_DIR, else the user's cache folder."""
    base = os.environ.get("MYOKG_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "myokg"
    )
    return Path(base)
