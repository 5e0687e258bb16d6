"""The Python API for notebooks: open a built graph or an endpoint, ask stored questions, get typed rows.

>>> import myokg
>>> kg = myokg.open("build")                       # a build directory, an RDF file or a SPARQL endpoint
>>> rows = kg.query("agents-with-evidence", disease="juvenile dermatomyositis")
>>> rows[0]["studies"]                             # an int, not "3"
>>> rows.to_pandas()                               # needs the [notebook] extra (pandas)
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, overload

import pyoxigraph as ox

from myokg import queries as stored_queries
from myokg import store, vocab
from myokg.errors import redact
from myokg.namespaces import XSD

_XSD = str(XSD)
_INTEGERS = {
    "integer",
    "int",
    "long",
    "short",
    "byte",
    "nonNegativeInteger",
    "positiveInteger",
    "nonPositiveInteger",
    "negativeInteger",
    "unsignedInt",
    "unsignedLong",
    "unsignedShort",
    "unsignedByte",
    "gYear",
}


class IRI(str):
    """An IRI in a result row (a str, so it prints and compares as text)."""

    def __repr__(self) -> str:
        return f"IRI({str.__repr__(self)})"


def to_python(term: ox.NamedNode | ox.Literal | ox.BlankNode | ox.Triple | None) -> Any:
    """An RDF term as a Python value: int, Decimal, float, bool, date, datetime, str or IRI.

    An ill-typed literal ("abc"^^xsd:integer) stays its text.
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return IRI(term.value)
    if not isinstance(term, ox.Literal):
        return str(term)
    kind = term.datatype.value.removeprefix(_XSD)
    text = term.value
    try:
        if kind in _INTEGERS:
            return int(text)
        if kind == "decimal":
            return Decimal(text)
        if kind in ("double", "float"):
            return float(text)
        if kind == "boolean":
            return {"true": True, "1": True, "false": False, "0": False}[text]
        if kind == "date":
            return datetime.date.fromisoformat(text)
        if kind == "dateTime":
            return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (ValueError, KeyError, InvalidOperation):
        return text
    return text


class Rows(Sequence[dict[str, Any]]):
    """The rows of one answer, typed; ``to_pandas()`` makes a DataFrame of them."""

    def __init__(self, columns: list[str], rows: list[dict[str, Any]]) -> None:
        self.columns = columns
        self._rows = rows

    @overload
    def __getitem__(self, i: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, i: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, i: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        return self._rows[i]

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self._rows)

    def __repr__(self) -> str:
        return f"<Rows columns={self.columns} rows={len(self._rows)}>"

    def to_pandas(self) -> Any:
        """A pandas DataFrame (``pip install 'myokg[notebook]'``)."""
        import importlib

        try:
            pandas = importlib.import_module("pandas")
        except ImportError:
            raise ImportError("to_pandas() needs pandas: pip install 'myokg[notebook]'") from None
        return pandas.DataFrame(self._rows, columns=self.columns)


class Graph:
    """A built graph (in memory or an on-disk store) or a remote SPARQL endpoint, asked by stored query."""

    def __init__(
        self,
        source: str,
        st: ox.Store | None = None,
        endpoint: str | None = None,
        union: bool = False,
        built: Path | None = None,
    ) -> None:
        self.source = source
        self._built = built  # the build directory or file read: an export is never written into it
        self._store = st
        self._endpoint = endpoint
        self._union = union

    def __repr__(self) -> str:
        return f"<myokg.Graph {self.source}>"

    def queries(self) -> dict[str, str]:
        """The stored questions, by name."""
        return {name: q.question for name, q in stored_queries.stored().items()}

    def query(
        self,
        name_or_sparql: str,
        timeout: float | None = stored_queries.DEFAULT_TIMEOUT,
        *,
        limit: int | None = None,
        offset: int = 0,
        memory: int | None = stored_queries.DEFAULT_MEMORY_MB,
        **params: str,
    ) -> Rows:
        """Run a stored query by name (``params`` as for ``--param``), or a SELECT given as text; ``limit`` and
        ``offset`` give one page of its rows, ``memory`` caps it in MiB (as ``myokg query``)."""
        known = stored_queries.stored()
        if name_or_sparql in known:
            q = known[name_or_sparql]
        else:
            q = stored_queries.parse("sparql", "# ad-hoc query\n" + name_or_sparql)
        stored_queries.check_read_only(q.name, q.text)
        from myokg.extract import lexicon  # names beyond the curated terms; extraction loads only when asked

        bindings = stored_queries.bind(q, params, lexicon.attach(vocab.default()))
        text = stored_queries.paged(q.text, limit, offset)
        if self._endpoint is not None:
            from myokg import remote

            solutions = remote.query_solutions(
                self._endpoint, text, bindings, timeout if timeout is not None else remote.TIMEOUT
            )
        else:
            assert self._store is not None
            solutions = stored_queries.results(
                self._store, q.name, text, bindings, timeout, union=self._union, memory=memory
            )
        columns, rows = stored_queries.rows(solutions)
        return Rows(columns, [{c: to_python(v) for c, v in zip(columns, row, strict=True)} for row in rows])

    def export(self, fmt: str, output: str | Path) -> list[Path]:
        """Write the graph in any export format, as ``myokg export`` does (``myokg.exports.FORMATS``: ttl, nt,
        nq, trig, jsonld, kgx to a folder or prefix, sssom); the files written."""
        from myokg import exports

        if self._store is None:
            raise ValueError(f"{self.source}: a SPARQL endpoint cannot be exported from here")
        return exports.write(store.Graph(self._store), fmt, Path(output), self._built)


def open_graph(target: str | Path) -> Graph:
    """Open a build directory (its on-disk store), an RDF file,
    or an http(s) SPARQL query endpoint."""
    text = str(target)
    if text.startswith(("http://", "https://")):
        return Graph(redact(text), endpoint=text)
    graph = store.open_graph(Path(target))
    return Graph(text, graph.store, union=True, built=Path(target))
