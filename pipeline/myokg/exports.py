"""Descriptions and exchange forms of a built graph: every export format through one function (``write``),
JSON-LD with an @context, and a VoID description."""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, cast

import pyoxigraph as ox

from myokg import __version__, store
from myokg.errors import OutputError
from myokg.namespaces import DCTERMS, OWL, PREFIXES, RDF, VOID, XSD

_RDF_TYPE = str(RDF.type)
_VOID = str(VOID)
_DCT = str(DCTERMS)
_XSD = str(XSD)
#: IRI of the VoID description of a build.
DATASET = "https://w3id.org/myokg/data/void"


def _compact(value: str, context: dict[str, str]) -> str:
    for prefix, base in context.items():
        if value.startswith(base) and len(value) > len(base):
            return f"{prefix}:{value[len(base) :]}"
    return value


def _compact_node(node: object, context: dict[str, str]) -> object:
    """Compact IRIs in property names, @id and @type values; values of literals stay as they are."""
    if isinstance(node, list):
        return [_compact_node(n, context) for n in node]
    if not isinstance(node, dict):
        return node
    if "@value" in node:
        return {k: (_compact(v, context) if k == "@type" else v) for k, v in node.items()}
    out: dict[str, object] = {}
    for key, value in node.items():
        if key == "@id":
            out[key] = _compact(str(value), context)
        elif key == "@type":
            out[key] = [_compact(str(t), context) for t in value] if isinstance(value, list) else value
        elif key.startswith("@"):
            out[key] = _compact_node(value, context)
        else:
            out[_compact(key, context)] = _compact_node(value, context)
    return out


def jsonld(quads: list[ox.Quad]) -> bytes:
    """JSON-LD with an ``@context`` of the project's prefixes (compact IRIs), one ``@graph`` per document.

    pyoxigraph writes expanded JSON-LD; the IRIs are compacted here with the same prefixes, and the result
    is re-read by pyoxigraph and compared with the input before it is returned.
    """
    context = dict(PREFIXES)
    expanded = json.loads(store.serialize(quads, "jsonld"))
    document = {"@context": context, "@graph": _compact_node(expanded, context)}
    data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    again = store.sorted_lines(ox.parse(data, format=ox.RdfFormat.JSON_LD))
    if again != store.sorted_lines(quads):
        raise ValueError("JSON-LD compaction changed the graph")  # a bug, never expected
    return data


def void_description(
    st: ox.Store,
    build_date: str,
    version: str = __version__,
    dumps: Sequence[str] = (),
    triples: int | None = None,
) -> list[ox.Triple]:
    """VoID of a built store (data in the default graph or in named graphs): triples, documents, classes
    with their entity counts, build date and software version, and a ``void:dataDump`` for each file of
    ``dumps`` (the full-graph exports written beside it, e.g. ``myokg.nq.gz``). Serialise with ``store.turtle``.
    ``triples``: the data's size when the caller knows it (counting a large on-disk store takes a while)."""

    def one(sparql: str) -> int:
        _, rows = store.query(st, sparql)
        value = rows[0][0] if rows else None
        return int(value.value) if value is not None else 0

    any_graph = "{ %s } UNION { GRAPH ?g { %s } }"
    ds = ox.NamedNode(DATASET)

    def integer(n: int) -> ox.Literal:
        return ox.Literal(str(n), datatype=ox.NamedNode(_XSD + "integer"))

    doc = "https://w3id.org/myokg/ontology#Document"
    documents = one(f"SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ {any_graph % ((f'?d a <{doc}>',) * 2)} }}")
    _, classes = store.query(
        st,
        f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {any_graph % (('?s a ?c',) * 2)} }} GROUP BY ?c ORDER BY ?c",
    )
    size = len(st) if triples is None else triples
    described = [
        ox.Triple(ds, ox.NamedNode(_RDF_TYPE), ox.NamedNode(_VOID + "Dataset")),
        ox.Triple(ds, ox.NamedNode(_DCT + "title"), ox.Literal("myokg evidence knowledge graph")),
        ox.Triple(
            ds, ox.NamedNode(_DCT + "created"), ox.Literal(build_date, datatype=ox.NamedNode(_XSD + "date"))
        ),
        ox.Triple(ds, ox.NamedNode(str(OWL.versionInfo)), ox.Literal(version)),
        ox.Triple(ds, ox.NamedNode(_VOID + "triples"), integer(size)),
        ox.Triple(ds, ox.NamedNode(_VOID + "documents"), integer(documents)),
        ox.Triple(ds, ox.NamedNode(_VOID + "classes"), integer(len(classes))),
        ox.Triple(ds, ox.NamedNode(_VOID + "vocabulary"), ox.NamedNode("https://w3id.org/myokg/ontology#")),
        *(
            ox.Triple(
                ds, ox.NamedNode(_VOID + "dataDump"), ox.NamedNode(f"https://w3id.org/myokg/data/{name}")
            )
            for name in dumps
        ),
    ]
    for k, (cls, count) in enumerate(classes):
        if not isinstance(cls, ox.NamedNode) or count is None:
            continue
        part = ox.NamedNode(f"{DATASET}/class/{k + 1}")
        described += [
            ox.Triple(ds, ox.NamedNode(_VOID + "classPartition"), part),
            ox.Triple(part, ox.NamedNode(_VOID + "class"), cls),
            ox.Triple(part, ox.NamedNode(_VOID + "entities"), integer(int(count.value))),
        ]
    return described


def void_turtle(
    st: ox.Store,
    build_date: str,
    version: str = __version__,
    triples: int | None = None,
    dumps: Sequence[str] = (),
) -> str:
    """The VoID description of a store as Turtle."""
    return store.turtle(
        void_description(st, build_date, version, dumps, triples=triples),
        {"void": _VOID, "dcterms": _DCT, "xsd": _XSD},
    )


def void_counts(path: Path) -> tuple[int, int] | None:
    """The triples and documents a build's VoID description (``void_turtle``) states; None when it cannot say."""
    try:
        triples = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
        wanted = (_VOID + "triples", _VOID + "documents")
        found = {
            t.predicate.value: int(t.object.value)
            for t in triples
            if t.subject == ox.NamedNode(DATASET) and t.predicate.value in wanted
        }
        return found[wanted[0]], found[wanted[1]]
    except (OSError, SyntaxError, KeyError, ValueError):
        return None


# ---- every export format, one dispatcher ------------------------------------------------------------
#: RDF serialisations of the graph (quad formats keep the named graphs, triple formats get their union).
RDF_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld")
#: The same, gzip-compressed (``nq.gz``: what Oxigraph's and Jena's loaders read as it is).
GZIP_FORMATS = tuple(f"{fmt}.gz" for fmt in RDF_FORMATS)
#: Every format ``write`` produces: the RDF ones plain and gzipped, KGX nodes/edges TSV, and the vocabulary's
#: SSSOM mappings.
FORMATS = (*RDF_FORMATS, *GZIP_FORMATS, "kgx", "sssom")
#: gzip's own default: a third of the time of level 9 for 6 % more bytes on N-Quads.
GZIP_LEVEL = 6
#: Called as an export goes: (what is counted, how many so far, how many in all or None when unknown).
Progress = Callable[[str, int, int | None], None]


def targets(fmt: str, output: Path | None) -> list[Path]:
    """The files ``write`` writes for ``fmt`` and ``output`` (none: standard output)."""
    if fmt == "kgx":
        from myokg import kgx

        if output is None:
            raise OutputError("export", "", "--format kgx writes two files: give -o DIR or -o PREFIX")
        return list(kgx.paths_for(output))
    return [] if output is None else [output]


def write(
    graph: store.Graph | None,
    fmt: str,
    output: Path | None = None,
    source: Path | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """Write ``graph`` in any export format (``FORMATS``) to ``output``, atomically, or to standard output; the
    files written. ``kgx`` writes ``output``_nodes.tsv and _edges.tsv (``output`` a folder or a prefix);
    ``sssom`` writes the vocabulary's mappings (``graph`` may be None). An output inside the
    graph being read (``source``: its file or build directory) is refused before anything is written.
    ``progress`` hears the MiB written (RDF formats) or the quads read (KGX)."""
    if fmt not in FORMATS:
        raise OutputError("export", fmt, f"unknown format (known: {', '.join(FORMATS)})")
    written = targets(fmt, output)
    for path in written:
        store.refuse_overwriting_input("export", path, source)
    if graph is None and fmt != "sssom":
        raise OutputError("export", fmt, "needs a graph to export")
    if fmt == "kgx":
        from myokg import kgx, vocab

        assert output is not None and graph is not None
        quads: Iterator[ox.Quad] = graph.quads()
        if progress is not None:
            quads = _counted(quads, len(graph.store), progress)
        return list(kgx.write(quads, vocab.default(), output))
    if fmt == "sssom":
        from myokg import vocab
        from myokg.vocab_export import sssom

        data = sssom(vocab.default()).encode()
        if output is None:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            with store.atomic_write(output) as fh:
                fh.write(data)
        return written
    assert graph is not None
    if output is None:
        _dump(graph, sys.stdout.buffer, fmt, progress)
        sys.stdout.buffer.flush()
    else:
        with store.atomic_write(output) as fh:
            _dump(graph, fh, fmt, progress)
    return written


def _dump(graph: store.Graph, fh: IO[bytes], fmt: str, progress: Progress | None) -> None:
    base = fmt.removesuffix(".gz")
    with gzipped(fh) if base != fmt else _plain(fh) as out:
        graph.export(out if progress is None else cast(IO[bytes], _Metered(out, progress)), base)


@contextmanager
def gzipped(fh: IO[bytes]) -> Iterator[IO[bytes]]:
    """A gzip stream into ``fh`` with reproducible bytes: no time stamp and no file name in its header (the
    same graph gives the same file, whatever the file is called or when it was written)."""
    with gzip.GzipFile(filename="", mode="wb", fileobj=fh, compresslevel=GZIP_LEVEL, mtime=0) as out:
        yield cast(IO[bytes], out)


@contextmanager
def _plain(fh: IO[bytes]) -> Iterator[IO[bytes]]:
    yield fh


def _counted(quads: Iterator[ox.Quad], total: int, progress: Progress) -> Iterator[ox.Quad]:
    done = 0
    for q in quads:
        yield q
        done += 1
        if done % 4096 == 0:
            progress("quads", done, total)
    progress("quads", done, total)


class _Metered:
    """A binary file that tells ``progress`` the MiB written through it (the store's writer calls ``write``)."""

    def __init__(self, fh: IO[bytes], progress: Progress) -> None:
        self._fh = fh
        self._progress = progress
        self._written = 0
        self._shown = -1

    def write(self, data: bytes) -> int:
        n = self._fh.write(data)
        self._written += len(data)
        mib = self._written >> 20
        if mib != self._shown:
            self._shown = mib
            self._progress("MiB written", mib, None)
        return n

    def flush(self) -> None:
        self._fh.flush()
