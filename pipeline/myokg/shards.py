"""Past one machine: extraction as a pure per-file step writing an N-Quads shard, and a build from shards.

``shard(FILE, DIR)`` needs nothing but the file, so any engine can map it over many files — e.g. Dask::

    import dask.bag as db
    from distributed import Client
    client = Client("tcp://scheduler:8786")          # or Client(LocalCluster()) on one machine
    db.from_sequence(files, npartitions=len(files)).map(myokg.shards.shard, shard_dir).compute()
    myokg.shards.build_from_shards(shard_dir, Path("build"))

The shards bulk-load into one store with the same result as a local build of the same files: each shard keeps
its works' identity keys, and the build re-links works that records in different shards merge.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from myokg import build as builder
from myokg.errors import MyokgError
from myokg.read import read_path
from myokg.store import atomic_write

#: A shard is NAME.nq (its records' named graphs), NAME.ttl (their triples, a Turtle body without prefixes)
#: and NAME.json (their keys and counts).
SUFFIX, TURTLE, INDEX = ".nq", ".ttl", ".json"


def shard_name(path: Path) -> str:
    """A stable shard name for an input file (its name plus a digest of its full path: no collisions)."""
    return f"{path.name}.{hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:8]}"


def shard(path: Path | str, out_dir: Path | str) -> Path:
    """Extract every record of one input file into ``out_dir``; returns the shard's N-Quads file."""
    path, out_dir = Path(path), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / (shard_name(path) + SUFFIX)
    graphs: list[str] = []
    keys: list[list[str]] = []
    bests: list[str] = []
    failures: list[str] = []
    rows: list[list[object]] = []  # summary.rows of the records
    quads = references = findings = 0
    with atomic_write(target) as fh, atomic_write(target.with_suffix(TURTLE)) as ttl:
        for item in read_path(path):
            if isinstance(item, MyokgError):
                failures.append(str(item))
                continue
            built = builder.extract_record(item)
            assert isinstance(built.nquads, bytes) and isinstance(built.turtle, bytes)
            fh.write(built.nquads)
            ttl.write(built.turtle)
            graphs += built.graphs
            keys += built.keys
            bests += built.bests
            rows += built.summary_rows
            quads, references, findings = (
                quads + built.quads,
                references + built.references,
                findings + built.findings,
            )
    index = {
        "graphs": graphs,
        "keys": keys,
        "bests": bests,
        "failures": failures,
        "counts": [quads, references, findings],
        "summary": rows,
    }
    with atomic_write(out_dir / (shard_name(path) + INDEX)) as fh:
        fh.write(json.dumps(index).encode())
    return target


def _shards(shard_dir: Path) -> Iterator[builder.Built]:
    for nq in sorted(shard_dir.glob("*" + SUFFIX)):
        index = json.loads(nq.with_suffix(INDEX).read_text(encoding="utf-8"))
        quads, references, findings = index["counts"]
        yield builder.Built(
            index["graphs"],
            nq,
            nq.with_suffix(TURTLE),
            quads,
            references,
            findings,
            index["keys"],
            index["bests"],
            index["failures"],
            summary_rows=index.get("summary", []),
        )


def build_from_shards(
    shard_dir: Path, out: Path, *, validate: bool = True, exports: Iterable[str] = ()
) -> builder.BuildReport:
    """Load every shard of ``shard_dir`` into the build directory ``out`` (published as a whole); ``exports``
    as for ``build``."""
    formats = builder.export_formats(exports)

    def into(stage: Path, report: builder.BuildReport) -> None:
        builder.load_into(
            stage, out, report, _shards(shard_dir), update=False, validate=validate, exports=formats
        )

    return builder.publish_build(out, [shard_dir], into)
