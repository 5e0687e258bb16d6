"""The RDF engine behind one module: pyoxigraph for storage, SPARQL and serialisation."""

from __future__ import annotations

import errno
import fcntl
import gc
import json
import os
import re
import struct
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from functools import lru_cache
from pathlib import Path
from typing import IO, TypeVar

import pyoxigraph as ox

from myokg import paths, summary
from myokg.errors import GraphError
from myokg.namespaces import ONTOLOGY_IRI, PREFIXES

Term = ox.NamedNode | ox.Literal | ox.BlankNode
T = TypeVar("T")
Rows = tuple[list[str], list[list[Term | None]]]

#: Export formats by name.
FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "owl": ox.RdfFormat.RDF_XML,
}


def ontology_quads(path: Path = paths.ONTOLOGY) -> list[ox.Quad]:
    """The ontology as quads in its own named graph, blank nodes canonically labelled and sorted: the same list,
    in the same order, in every process (a Dataset iterates in an order that changes from one process to the next)."""
    return list(_ontology_quads(path))


@lru_cache(maxsize=4)
def _ontology_quads(path: Path) -> tuple[ox.Quad, ...]:
    """Parse and canonicalise once per process: build, validation, queries and exports all ask for it."""
    g = ox.NamedNode(ONTOLOGY_IRI)
    dataset = ox.Dataset(
        ox.Quad(t.subject, t.predicate, t.object, g)
        for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
    )
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return tuple(sorted(dataset, key=str))


def new_store(
    quads: Iterable[ox.Quad] = (), with_ontology: bool = True, summarised: bool = False
) -> ox.Store:
    """An in-memory store for querying: the data and the ontology merged into the default graph; ``summarised``:
    with the summary graph the stored questions read, computed from the documents' graphs among ``quads``
    (not for the integrity checks, which never read it: at 100,000 records it would hold every quad twice).

    Merging matters: a publication cited by many documents has its triples in each document's graph,
    and a union default graph would repeat every such triple once per graph in every join.
    """
    store = ox.Store()
    quads = list(quads)
    triples = quads + (ontology_quads() if with_ontology else [])
    store.extend([ox.Quad(q.subject, q.predicate, q.object) for q in triples])
    if summarised:  # a store to ask the stored questions: with the summary graph a build writes
        store.extend([ox.Quad(q.subject, q.predicate, q.object) for q in summary.derive(store, quads)])
    return store


def read_quads(path: Path) -> list[ox.Quad]:
    """Read an RDF file (format from its suffix), keeping named graphs."""
    suffix = path.suffix.lstrip(".").lower()
    fmt = FORMATS.get(suffix) if suffix != "owl" else None
    if fmt is None:
        raise ValueError(f"unsupported RDF file type '.{suffix}' (use .ttl, .nt, .nq, .trig or .jsonld)")
    return list(ox.parse(path=str(path), format=fmt))


def turtle(triples: list[ox.Triple], prefixes: dict[str, str]) -> str:
    """Serialise a few triples as Turtle text."""
    return (ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b"").decode()


def parse_results(
    data: bytes,
) -> tuple[list[str], list[list[ox.NamedNode | ox.Literal | ox.BlankNode | None]]]:
    """Read SPARQL JSON SELECT results into column names and rows."""
    results = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    if not isinstance(results, ox.QuerySolutions):
        raise ValueError("the answer is not a SELECT result")
    cols = [v.value for v in results.variables]
    return cols, [[sol[c] for c in cols] for sol in results]


PLACEHOLDER = r"VALUES\s+\?{name}\s*\{{\s*UNDEF\s*\}}"


def inline_values(sparql: str, bindings: dict[str, ox.NamedNode | ox.Literal] | None) -> str:
    """Write each bound parameter into its placeholder ``VALUES ?name { UNDEF }`` in the query text.

    Oxigraph plans a query before it applies substitutions, so a parameter known only as a substitution
    does not steer the plan (a hierarchy walk from it scans every node); a VALUES row placed where the
    query starts from does. Terms are written in pyoxigraph's escaped N-Triples form; the substitution
    is still passed to the engine, so a query without a placeholder keeps its meaning.
    """
    for name, term in (bindings or {}).items():
        row = f"VALUES ?{name} {{ {term} }}".replace("\\", "\\\\")  # a replacement template
        sparql = re.sub(PLACEHOLDER.format(name=re.escape(name)), row, sparql)
    return sparql


def substitutions(
    bindings: dict[str, ox.NamedNode | ox.Literal] | None,
) -> dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] | None:
    return {ox.Variable(k): v for k, v in bindings.items()} if bindings else None


def query(
    store: ox.Store, sparql: str, bindings: dict[str, ox.NamedNode | ox.Literal] | None = None
) -> tuple[list[str], list[list[ox.NamedNode | ox.Literal | ox.BlankNode | None]]]:
    """Run a SELECT query over the default graph; return column names and rows."""
    result = store.query(inline_values(sparql, bindings), substitutions=substitutions(bindings))
    if not isinstance(result, ox.QuerySolutions):
        raise ValueError("only SELECT queries are supported")
    names = [v.value for v in result.variables]
    rows = [[sol[name] for name in names] for sol in result]
    return names, rows


def sorted_lines(quads: Iterable[ox.Quad], with_graph: bool = True) -> list[str]:
    """Canonical N-Quads (or N-Triples) lines, sorted: the byte-for-byte deterministic form."""
    lines = set()
    for q in quads:
        if with_graph and not isinstance(q.graph_name, ox.DefaultGraph):
            lines.add(f"{q.subject} {q.predicate} {q.object} {q.graph_name} .")
        else:
            lines.add(f"{q.subject} {q.predicate} {q.object} .")
    return sorted(lines)


@contextmanager
def atomic_write(target: Path) -> Iterator[IO[bytes]]:
    """Write to a temp file beside ``target``, fsync, then rename over it; on error the old file stays."""
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a directory, not a file", str(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:  # name the file asked for, not the temp file beside it
        raise OSError(exc.errno, exc.strerror, str(target)) from None
    os.fchmod(fd, 0o644)  # mkstemp makes 0600: outputs are read by stores and servers running as others
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        dfd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except BaseException as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(exc, OSError) and exc.filename in (None, tmp):  # name the target, not the temp file
            raise OSError(exc.errno, exc.strerror, str(target)) from None
        raise


def write_all(files: dict[Path, bytes]) -> None:
    """Write several files as a whole: each to a synced temp file beside it, then all renamed over their
    targets. On any error (a full disk) none of them changed, and no folder is left that was not there."""
    missing = {p for t in files for p in (t.parent, *t.parent.parents) if not p.exists()}
    made = sorted(missing, key=lambda p: len(p.parts))  # outermost first
    temps: dict[Path, str] = {}
    try:
        for folder in made:
            folder.mkdir()
        for target, data in files.items():
            if target.is_dir():
                raise IsADirectoryError(errno.EISDIR, "is a directory, not a file", str(target))
            fd, temps[target] = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            os.fchmod(fd, 0o644)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        for target, tmp in temps.items():
            os.replace(tmp, target)
        for folder in {t.parent for t in files}:
            _sync_dir(folder)
    except BaseException as exc:
        for tmp in temps.values():
            if os.path.exists(tmp):
                os.unlink(tmp)
        for folder in reversed(made):
            with suppress(OSError):
                folder.rmdir()
        if isinstance(exc, OSError) and exc.filename in (None, *temps.values()):  # name the target
            target = next((t for t, tmp in temps.items() if tmp == exc.filename), next(iter(files)))
            raise OSError(exc.errno, exc.strerror, str(target)) from None
        raise


def _sync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def serialize(quads: list[ox.Quad], fmt: str) -> bytes:
    """Serialise quads; triple formats get the union of all graphs. A strict engine re-reads the result first."""
    if fmt in ("nq", "nt"):
        data = ("\n".join(sorted_lines(quads, with_graph=fmt == "nq")) + "\n").encode()
    else:
        rdf_format = FORMATS[fmt]
        items: list[ox.Quad] | list[ox.Triple]
        if rdf_format.supports_datasets:
            items = sorted(quads, key=str)
        else:
            items = [
                ox.Triple(q.subject, q.predicate, q.object)
                for q in sorted(set(ox.Quad(q.subject, q.predicate, q.object) for q in quads), key=str)
            ]
        # data IRIs have '/' in their local part: written in full, not as escaped prefixed names
        prefixes = {k: v for k, v in PREFIXES.items() if k != "myd"} if fmt != "owl" else None
        data = ox.serialize(items, format=rdf_format, prefixes=prefixes) or b""
    list(ox.parse(data, format=FORMATS[fmt]))
    return data


def write(quads: list[ox.Quad], target: Path, fmt: str) -> None:
    """Serialise quads to ``target`` atomically."""
    data = serialize(quads, fmt)
    with atomic_write(target) as fh:
        fh.write(data)


# ---- the persistent store of a build directory -------------------------------------------------
#: SPARQL results formats by name.
RESULTS_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
}


class Graph:
    """A graph to query: a build directory's on-disk store (one named graph per document and the ontology
    graph) or an RDF file loaded into memory beside the ontology graph; queries see the union of all graphs."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def solutions(
        self, sparql: str, bindings: dict[str, ox.NamedNode | ox.Literal] | None = None
    ) -> ox.QuerySolutions:
        result = self.store.query(
            inline_values(sparql, bindings),
            substitutions=substitutions(bindings),
            use_default_graph_as_union=True,
        )
        if not isinstance(result, ox.QuerySolutions):
            raise ValueError("only SELECT queries are supported")
        return result

    def query(self, sparql: str, bindings: dict[str, ox.NamedNode | ox.Literal] | None = None) -> Rows:
        result = self.solutions(sparql, bindings)
        names = [v.value for v in result.variables]
        return names, [[sol[name] for name in names] for sol in result]

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad: the documents' graphs and the ontology graph."""
        return iter(self.store)

    def data_quads(self) -> Iterator[ox.Quad]:
        """The documents' quads, without the ontology graph."""
        onto = ox.NamedNode(ONTOLOGY_IRI)
        return (q for q in self.store if q.graph_name != onto)

    def export(self, target: IO[bytes], fmt: str) -> None:
        """Write the graph: quad formats keep the named graphs, triple formats get their union (no repeats)."""
        dump(self.store, target, fmt)


def dump(st: ox.Store, target: IO[bytes], fmt: str, data_only: bool = False) -> None:
    """Stream a store out in an export format, in the store's own (deterministic) order."""
    rdf_format = FORMATS[fmt]
    if rdf_format.supports_datasets and not data_only:
        st.dump(target, rdf_format, prefixes=export_prefixes(fmt))
        return
    # triple formats: every graph's triples in turn, streamed (memory stays flat); a triple that several
    # documents state is written once per document, which readers fold into one
    onto = ox.NamedNode(ONTOLOGY_IRI)
    triples = (
        ox.Triple(q.subject, q.predicate, q.object)
        for q in st.quads_for_pattern(None, None, None)
        if not (data_only and q.graph_name == onto)
    )
    ox.serialize(triples, target, rdf_format, prefixes=export_prefixes(fmt))


def export_prefixes(fmt: str) -> dict[str, str] | None:
    # data IRIs have '/' in their local part: written in full, not as escaped prefixed names
    return {k: v for k, v in PREFIXES.items() if k != "myd"} if fmt in ("ttl", "trig", "jsonld") else None


def written(location: Path, fill: Callable[[ox.Store], T]) -> T:
    """Open a new on-disk store at ``location``, let ``fill`` write it, then flush and close it: when this
    returns or raises, no handle and no RocksDB thread of this process touches its files (they can be synced,
    published or removed). The one reference is dropped here and, when ``fill`` raised, the finished frames
    of the traceback are cleared of theirs; the lock of the store then tells whether it is closed. Only when
    a frame that held it stays in a reference cycle (rdflib's SPARQL parser keeps exceptions whose tracebacks
    reach the frames that called it) does a collection run, here, before anything reads the files."""
    st = ox.Store(str(location))
    try:
        result = fill(st)
        st.flush()
    except BaseException as exc:
        del st
        traceback.clear_frames(exc.__traceback__)
        _closed(location, strict=False)
        raise
    del st
    _closed(location, strict=True)
    return result


def _closed(location: Path, strict: bool) -> None:
    if is_open(location):  # only reference cycles can hold it now (rdflib's parser and pySHACL make some)
        gc.collect()
    if strict and is_open(location):  # a handle kept past ``fill`` (an iterator, a query result): a bug
        raise RuntimeError(f"the store {location} is still open after it was written")


def is_open(location: Path) -> bool:
    """Whether a process (this one included) holds the store's RocksDB lock. An open-file-description lock
    conflicts even with this process's own POSIX lock, so the probe sees a handle this process forgot; where
    such locks do not exist (not Linux), it answers False."""
    getlk = getattr(fcntl, "F_OFD_GETLK", None)
    if getlk is None:
        return False
    try:
        fd = os.open(location / "LOCK", os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        # struct flock: l_type, l_whence, l_start, l_len, l_pid (OFD locks ask for l_pid 0), padding
        asked = struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0)
        answer = fcntl.fcntl(fd, getlk, asked)
        return bool(struct.unpack("hhqqi4x", answer)[0] != fcntl.F_UNLCK)
    finally:
        os.close(fd)


def store_dir(build_dir: Path) -> Path:
    return build_dir / paths.STORE_NAME


def open_graph(target: Path | None) -> Graph:
    """The graph of a build directory (its on-disk store, read-only) or of an RDF file."""
    given = target is not None
    target = target or paths.BUILD_DIR
    if target.is_dir():
        location = store_dir(target)
        if not location.is_dir():
            hint = "" if given else " (run `myokg build` first)"
            raise GraphError("query", str(target), f"no built graph here{hint}")
        try:
            return Graph(ox.Store.read_only(str(location)))
        except (OSError, RuntimeError) as exc:  # RocksDB reports a damaged store as RuntimeError
            raise GraphError(
                "query", str(location), f"cannot open the store: {str(exc).splitlines()[0]}"
            ) from None
    if not target.exists():
        raise GraphError(
            "query", str(target), "no such graph" + ("" if given else " (run `myokg build` first)")
        )
    try:
        st = ox.Store()
        st.extend(read_quads(target))
        st.extend(ontology_quads())
        summary.ensure(st)
        return Graph(st)
    except (ValueError, SyntaxError, OSError) as exc:
        raise GraphError("query", str(target), f"cannot load graph: {str(exc).splitlines()[0]}") from None


def export(graph: Graph, fmt: str, target: Path | None, source: Path | None = None) -> None:
    """Write a graph in an export format to ``target`` atomically, or to standard output.

    Writing onto the graph being read (its file, or anywhere in its build directory) is refused first."""
    if target is not None:
        refuse_overwriting_input("export", target, source)
        with atomic_write(target) as fh:
            graph.export(fh, fmt)
    else:
        graph.export(sys.stdout.buffer, fmt)
        sys.stdout.buffer.flush()


def refuse_overwriting_input(stage: str, target: Path, source: Path | None) -> None:
    """Refuse an output that is the graph being read, or lies anywhere in its build directory."""
    read = (source or paths.BUILD_DIR).resolve()
    written = target.resolve()
    if written == read or written.is_relative_to(read):
        raise GraphError(
            stage, str(target), f"would overwrite the graph it reads ({source or paths.BUILD_DIR})"
        )


def solutions_from_rows(cols: list[str], rows: list[list[Term | None]]) -> ox.QuerySolutions:
    """Rows (e.g. from a remote endpoint) as pyoxigraph query solutions, to serialise like local results."""

    def term(t: Term) -> dict[str, str]:
        if isinstance(t, ox.NamedNode):
            return {"type": "uri", "value": t.value}
        if isinstance(t, ox.BlankNode):
            return {"type": "bnode", "value": t.value}
        if t.language:
            return {"type": "literal", "value": t.value, "xml:lang": t.language}
        return {"type": "literal", "value": t.value, "datatype": t.datatype.value}

    bindings = [{c: term(v) for c, v in zip(cols, row, strict=True) if v is not None} for row in rows]
    data = json.dumps({"head": {"vars": cols}, "results": {"bindings": bindings}}).encode()
    result = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    assert isinstance(result, ox.QuerySolutions)
    return result
