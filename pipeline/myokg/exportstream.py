"""The build's full-graph exports, written as the records stream past, not read back from the store.

A build writes them only when asked (``FORMATS``: ``myokg.nq``, ``myokg.ttl`` and their gzipped forms); the
store is the build. Reading a large on-disk store back costs a look-up per term (at 10,000 records a dump of the
store takes about 55 s against a few seconds of appending), so each record's N-Quads, which the store load needs
anyway, are appended to ``myokg.nq``, and, when ``myokg.ttl`` is asked for, each worker also serialises its
record's triples as a Turtle body under the export prefixes. ``--update`` appends to a copy of the previous
build's file (plain or gzipped). Works that records merge are renamed in the text by one pass over it; the
gzipped forms are compressed at the end, after that pass. When what was written no longer holds (a document
re-ingested or given twice, an edited ontology, an update whose previous build has no such file), the caller
dumps the export from the store instead.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from myokg.exports import gzipped
from myokg.namespaces import DATA
from myokg.store import export_prefixes

NQUADS, TURTLE = "myokg.nq", "myokg.ttl"
#: The graph's serialisations (``myokg.nq``: the ontology graph, then every document's graph in input order;
#: ``myokg.ttl``: the prefixes, then every document's triples) by format name.
FILES = {"nq": NQUADS, "ttl": TURTLE}
#: What a build can be asked to write beside its store.
FORMATS = ("nq", "ttl", "nq.gz", "ttl.gz")
#: Work and study IRIs as both files write them (data IRIs in full, never as prefixed names).
_WORK_NODE = re.compile(rb"<" + re.escape(str(DATA).encode()) + rb"(?:pub|study)/[^>\s]*>")
_BLOCK = 2**16


def file_name(fmt: str) -> str:
    """The file a build writes for ``fmt`` (one of ``FORMATS``): ``myokg.nq.gz`` for ``nq.gz``."""
    return "myokg." + fmt


def formats(asked: Iterable[str]) -> list[str]:
    """The formats asked for, each once, in ``FORMATS`` order; an unknown one is a ValueError."""
    wanted = set(asked)
    unknown = sorted(wanted - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown export {', '.join(unknown)} (known: {', '.join(FORMATS)})")
    return [f for f in FORMATS if f in wanted]


@lru_cache(maxsize=1)
def _turtle_header() -> bytes:
    """The prefix lines Oxigraph writes before any triple (all of the given prefixes, used or not)."""
    probe = ox.Triple(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.NamedNode("urn:x:o"))
    data = ox.serialize([probe], format=ox.RdfFormat.TURTLE, prefixes=export_prefixes("ttl")) or b""
    return data[: data.index(b"<urn:x:s>")]


def turtle_body(triples: list[ox.Triple]) -> bytes:
    """``triples`` as Turtle under the export prefixes, without the prefix lines (appendable)."""
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=export_prefixes("ttl")) or b""
    header = _turtle_header()
    return data[len(header) :] if data.startswith(header) else data


def nquads(triples: list[ox.Triple], graph: ox.NamedNode) -> bytes:
    """``triples`` as N-Quads in ``graph``: their N-Triples with the graph before each line's end (a line of
    N-Triples ends with " ." and holds no other line break: literals escape theirs)."""
    lines = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    return lines.replace(b" .\n", b" " + str(graph).encode() + b" .\n")


def _previous_file(previous: Path, name: str) -> Path | None:
    """The previous build's ``name``, plain or gzipped; None when it wrote neither."""
    for path in (previous / name, previous / (name + ".gz")):
        if path.is_file():
            return path
    return None


class ExportStream:
    """Appends records to ``stage``'s exports of ``formats`` (``FORMATS``; none: it only notes the graphs seen);
    ``previous`` (a build directory) to extend. ``stale`` holds the serialisations (``nq``, ``ttl``) the caller
    must dump from the store instead."""

    def __init__(
        self,
        stage: Path,
        ontology: list[ox.Quad],
        previous: Path | None = None,
        formats: Iterable[str] = ("nq", "ttl"),
    ) -> None:
        self.stage = stage
        self.formats = list(formats)
        self.kinds = [k for k in FILES if any(f.removesuffix(".gz") == k for f in self.formats)]
        self.files: dict[str, IO[bytes]] = {}
        #: Where this build's own text starts in each file (after the previous build's).
        self.appended_from: dict[str, int] = {}
        self.stale: set[str] = set()
        for kind in self.kinds:
            path = stage / FILES[kind]
            source = None if previous is None else _previous_file(previous, FILES[kind])
            if previous is not None and source is None:
                self.stale.add(kind)  # an update without this export: it is dumped from the store
                continue
            if source is not None and source.suffix == ".gz":
                with gzip.open(source, "rb") as src, path.open("wb") as dst:
                    shutil.copyfileobj(src, dst, 2**20)
            elif source is not None:  # the kernel copies (a reflink where the file system can)
                shutil.copyfile(source, path)
            self.files[kind] = path.open("ab")
            self.appended_from[kind] = self.files[kind].tell()
            if source is None:
                header = (
                    ox.serialize(ontology, format=ox.RdfFormat.N_QUADS) if kind == "nq" else _turtle_header()
                )
                self.files[kind].write(header or b"")
        self.graphs: set[str] = set()
        self.repeated = False  # a graph given twice

    @property
    def turtle(self) -> bool:
        """Whether records must bring their Turtle body."""
        return "ttl" in self.kinds

    @property
    def complete(self) -> bool:
        """Whether every asked serialisation is written from the records (none is to be dumped)."""
        return not self.stale

    @complete.setter
    def complete(self, value: bool) -> None:
        if not value:  # what was written no longer holds: every serialisation is dumped from the store
            self.stale.update(self.kinds)

    def add(self, graphs: list[str], nquads: bytes | Path, turtle: bytes | Path | None) -> None:
        """Append one record's (or one shard's) graphs. A graph seen twice (the same document given twice)
        marks the files incomplete: the store holds it once, and the caller dumps the store instead."""
        if not self.graphs.isdisjoint(graphs):
            self.repeated = True
            self.complete = False
        self.graphs.update(graphs)
        for kind, data in (("nq", nquads), ("ttl", turtle)):
            if kind not in self.files or kind in self.stale:
                continue
            fh = self.files[kind]
            if data is None:
                raise ValueError(f"a record without its {kind} text, asked for {FILES[kind]}")
            if isinstance(data, Path):
                with data.open("rb") as src:
                    shutil.copyfileobj(src, fh, 2**20)
            else:
                fh.write(data)

    def close(self) -> None:
        for fh in self.files.values():
            fh.close()

    def finish(self, dump: Callable[[list[str]], None]) -> list[str]:
        """After ``close`` and ``rename``: let ``dump`` write the stale serialisations (``nq``, ``ttl``) into
        the stage from the store, compress the gzipped forms asked for, remove the plain files not asked for.
        Returns the names of the files written, in ``FORMATS`` order."""
        stale = [k for k in self.kinds if k in self.stale]
        if stale:
            dump(stale)
        for fmt in self.formats:
            if fmt.endswith(".gz"):
                plain = self.stage / FILES[fmt.removesuffix(".gz")]
                with (
                    plain.open("rb") as src,
                    (self.stage / file_name(fmt)).open("wb") as raw,
                    gzipped(raw) as out,
                ):
                    shutil.copyfileobj(src, out, 2**20)
        for kind in self.kinds:
            if kind not in self.formats:
                (self.stage / FILES[kind]).unlink()
        return [file_name(f) for f in self.formats]

    def rename(self, pairs: dict[str, str], only_appended: bool = False) -> int:
        """Give merged works (and their studies) their one IRI in both closed files: ``pairs`` old -> new.
        ``only_appended``: the renamed IRIs occur only in what this build appended (no work of the previous
        build changes its IRI), so the previous build's text is not read again.
        Returns how many N-Quads lines the merge made repeats of others (left out)."""
        left_out: list[bytes] = []
        if not pairs:
            return 0
        swap = {f"<{old}>".encode(): f"<{new}>".encode() for old, new in pairs.items()}
        for kind in self.kinds:
            if kind in self.stale:
                continue
            repeats = left_out if kind == "nq" else None
            name = FILES[kind]
            path = self.stage / name
            tmp = path.with_name(name + ".renamed")
            start = self.appended_from[kind] if only_appended else 0
            with path.open("r+b") as fh, tmp.open("w+b") as renamed:
                fh.seek(start)
                renamed.writelines(_renamed(_blocks(fh), swap, repeats))
                if start:  # the previous build's text stays; this build's is replaced in place
                    fh.truncate(start)
                    fh.seek(start)
                    renamed.seek(0)
                    shutil.copyfileobj(renamed, fh, 2**20)
            if start:
                tmp.unlink()
            else:
                os.replace(tmp, path)
        return len(left_out)


def _blocks(fh: IO[bytes]) -> Iterator[bytes]:
    """The file in blocks of whole lines."""
    rest = b""
    while block := fh.read(_BLOCK):
        block = rest + block
        cut = block.rfind(b"\n") + 1
        rest = block[cut:]
        yield block[:cut]
    if rest:
        yield rest


def _renamed(
    blocks: Iterator[bytes], swap: dict[bytes, bytes], repeats: list[bytes] | None
) -> Iterator[bytes]:
    """Blocks with the IRIs of ``swap`` replaced. With ``repeats`` (N-Quads), a line a rename makes equal to another
    line (two works of one document merged) is written once and the repeat goes to ``repeats``. Blocks without a
    work to rename pass as they are."""
    touched = set(swap) | set(swap.values())
    seen: set[bytes] = set()
    for block in blocks:
        if touched.isdisjoint(_WORK_NODE.findall(block)):
            yield block
            continue
        for line in block.splitlines(keepends=True):
            if touched.isdisjoint(_WORK_NODE.findall(line)):
                yield line
                continue
            line = _WORK_NODE.sub(lambda m: swap.get(m.group(), m.group()), line)
            if repeats is not None:
                if line in seen:
                    repeats.append(line)
                    continue
                seen.add(line)
            yield line
