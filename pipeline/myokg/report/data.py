"""What the report shows: the stored report queries, run on the graph and read into plain Python values."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
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
    "cards": "report-strongest-evidence",
    "years": "report-studies-per-year",
    "rates": "report-response-rates",
    "events": "report-adverse-events",
    "inputs": "report-inputs",
    "extractors": "report-extractors",
    "counts": "report-counts",
}
#: The parts that list every document, and the first items of each the report asks for (it counts the rest).
PAGED = {"inputs": 100}


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


#: The parts read one row at a time, never held whole (the cards keep only what each card shows).
STREAMED = ("cards",)


def stream(graph: store.Graph, q: queries.StoredQuery) -> Iterator[Row]:
    """Rows of one stored query over the union of the graph's named graphs, as dictionaries by column name,
    one at a time (a part that lists every finding keeps only what the page shows)."""
    solutions = graph.solutions(q.text)
    cols = [v.value for v in solutions.variables]
    for sol in solutions:
        yield {c: value(sol[c]) for c in cols}


def collect(graph: store.Graph) -> dict[str, Iterator[Row]]:
    """Every report query as an iterator of its rows, run when first read (the stored queries are read and
    linted once); the STREAMED parts are read one row at a time, the others (summaries of a few hundred rows
    whatever the corpus) may be read whole."""
    known = queries.stored()
    out = {}
    for part, name in QUERIES.items():
        q = known[name]
        out[part] = stream(graph, replace(q, text=queries.paged(q.text, PAGED[part])) if part in PAGED else q)
    return out
