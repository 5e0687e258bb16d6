"""What the report shows: the stored report queries, run on the graph and read into plain Python values."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from myokg import queries, store
from myokg.namespaces import XSD

Row = dict[str, Any]
_XSD = str(XSD)
_NUMBERS = {_XSD + "integer": int, _XSD + "decimal": float, _XSD + "double": float, _XSD + "float": float}

#: The stored queries the report is made of, by the part they feed.
QUERIES = {
    "map": "report-evidence-map",
    "terms": "report-terms",
    "cards": "report-evidence-cards",
    "years": "report-studies-per-year",
    "rates": "report-response-rates",
    "events": "report-adverse-events",
    "inputs": "report-inputs",
    "counts": "report-counts",
}


def value(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> Any:
    """A result cell as a Python value: numbers for numeric literals, text otherwise, None when unbound."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        cast = _NUMBERS.get(term.datatype.value)
        if cast is not None:
            try:
                return cast(term.value)
            except ValueError:
                return term.value
    return term.value


def run(graph: store.Graph, q: queries.StoredQuery) -> list[Row]:
    """Rows of one stored query over the union of the graph's named graphs, as dictionaries by column name."""
    cols, rows = graph.query(q.text)
    return [{c: value(v) for c, v in zip(cols, row, strict=True)} for row in rows]


def collect(graph: store.Graph) -> dict[str, list[Row]]:
    """Run every report query once (the stored queries are read and linted once)."""
    known = queries.stored()
    return {part: run(graph, known[name]) for part, name in QUERIES.items()}
