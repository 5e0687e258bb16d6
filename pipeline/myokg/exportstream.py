"""The build's two data exports written as the records stream past, not read back from the store.

Reading a large on-disk store back costs a look-up per term, so each worker serialises its record twice (its
named graph as N-Quads, its triples as a Turtle body under the export prefixes) and the build appends both:
``myokg.nq`` (the ontology graph, then every document's graph in input order) and ``myokg.ttl`` (the prefixes,
then every document's triples). ``--update`` appends to a copy of the previous files. Works that records merge
are renamed in the files by one pass over their text. When what was written no longer holds (a document
re-ingested or given twice, an edited ontology), the caller dumps the exports from the store instead.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from myokg.namespaces import DATA
from myokg.store import export_prefixes

NQUADS, TURTLE = "myokg.nq", "myokg.ttl"
#: Work and study IRIs as both files write them (data IRIs in full, never as prefixed names).
_WORK_NODE = re.compile(rb"<" + re.escape(str(DATA).encode()) + rb"(?:pub|study)/[^>\s]*>")
_BLOCK = 2**16


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


class ExportStream:
    """Appends records to ``stage``'s N-Quads and Turtle exports; ``previous`` (a build directory) to extend."""

    def __init__(self, stage: Path, ontology: list[ox.Quad], previous: Path | None = None) -> None:
        extend = previous is not None and (previous / NQUADS).is_file() and (previous / TURTLE).is_file()
        if extend:
            assert previous is not None
            for name in (NQUADS, TURTLE):  # the kernel copies (a reflink where the file system can)
                shutil.copyfile(previous / name, stage / name)
        self.nq: IO[bytes] = (stage / NQUADS).open("ab" if extend else "wb")
        self.ttl: IO[bytes] = (stage / TURTLE).open("ab" if extend else "wb")
        #: Where this build's own text starts in each file (after the previous build's).
        self.appended_from = {NQUADS: self.nq.tell(), TURTLE: self.ttl.tell()}
        if extend:
            self.complete = True
        else:
            self.nq.write(ox.serialize(ontology, format=ox.RdfFormat.N_QUADS) or b"")
            self.ttl.write(_turtle_header())
            self.complete = previous is None  # an update without previous exports must dump them
        self.graphs: set[str] = set()

    def add(self, graphs: list[str], nquads: bytes | Path, turtle: bytes | Path) -> None:
        """Append one record's (or one shard's) graphs. A graph seen twice (the same document given twice)
        marks the files incomplete: the store holds it once, and the caller dumps the store instead."""
        if not self.graphs.isdisjoint(graphs):
            self.complete = False
        self.graphs.update(graphs)
        for data, fh in ((nquads, self.nq), (turtle, self.ttl)):
            if isinstance(data, Path):
                with data.open("rb") as src:
                    shutil.copyfileobj(src, fh, 2**20)
            else:
                fh.write(data)

    def close(self) -> None:
        self.nq.close()
        self.ttl.close()

    def rename(self, pairs: dict[str, str], only_appended: bool = False) -> int:
        """Give merged works (and their studies) their one IRI in both closed files: ``pairs`` old -> new.
        ``only_appended``: the renamed IRIs occur only in what this build appended (no work of the previous
        build changes its IRI), so the previous build's text is not read again.
        Returns how many N-Quads lines the merge made repeats of others (left out)."""
        left_out: list[bytes] = []
        if not pairs or not self.complete:
            return 0
        swap = {f"<{old}>".encode(): f"<{new}>".encode() for old, new in pairs.items()}
        for name, repeats in ((NQUADS, left_out), (TURTLE, None)):
            path = Path(self.nq.name).with_name(name)
            tmp = path.with_name(name + ".renamed")
            start = self.appended_from[name] if only_appended else 0
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


def lines(path: Path) -> int:
    """How many lines a file holds (an N-Quads file: how many quads)."""
    with path.open("rb") as fh:
        return sum(block.count(b"\n") for block in iter(lambda: fh.read(2**22), b""))


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
