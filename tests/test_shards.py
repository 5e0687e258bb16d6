"""Past one machine: per-file N-Quads shards, mapped with Dask on a local cluster, load into the same store a
local build makes — works merged across files included."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import synthetic
from myokg import shards, store
from myokg.build import build
from myokg.cli import main
from test_build import MERGING


def canonical(out: Path, name: str = "myokg.nq") -> list[str]:
    fmt = ox.RdfFormat.N_QUADS if name.endswith(".nq") else ox.RdfFormat.TURTLE
    return store.sorted_lines(ox.parse(path=str(out / name), format=fmt))


@pytest.fixture
def files(tmp_path) -> list[Path]:
    """Three input files; a record in the second cites by DOI the work a record in the first describes."""
    first, second = MERGING.split("</PubmedArticle>\n", 1)
    a = tmp_path / "in" / "a.xml"
    a.parent.mkdir()
    a.write_text(first + "</PubmedArticle>\n</PubmedArticleSet>\n")
    b = tmp_path / "in" / "b.xml"
    b.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet>\n' + second)
    return [a, b, synthetic.write(tmp_path / "in" / "c.xml", 20, seed=2)]


def test_shards_built_with_dask_equal_a_local_build(files, tmp_path):
    db = pytest.importorskip("dask.bag")
    distributed = pytest.importorskip("distributed")
    build(files, tmp_path / "local", validate=False, jobs=1, exports=["nq"])
    shard_dir = tmp_path / "shards"
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster,
        distributed.Client(cluster),
    ):
        written = db.from_sequence(files, npartitions=len(files)).map(shards.shard, shard_dir).compute()
    assert len(written) == 3 and all(Path(p).exists() for p in written)
    report = shards.build_from_shards(shard_dir, tmp_path / "sharded", validate=False, exports=["nq"])
    assert report.documents == 22
    assert canonical(tmp_path / "sharded") == canonical(tmp_path / "local")


def test_shard_command_then_build_from_shards(files, tmp_path):
    r = CliRunner().invoke(main, ["shard", *map(str, files), "-o", str(tmp_path / "s")])
    assert r.exit_code == 0 and r.output.count("wrote ") == 3
    r = CliRunner().invoke(
        main,
        ["build", "--from-shards", str(tmp_path / "s"), "-o", str(tmp_path / "out"), "--export", "nq,ttl"],
    )
    assert r.exit_code == 0 and "documents: 22 built, 0 failed" in r.output
    build(files, tmp_path / "local", validate=False, exports=["nq", "ttl"])
    for name in ("myokg.nq", "myokg.ttl"):  # the shards' Turtle bodies make the same Turtle export
        assert canonical(tmp_path / "out", name) == canonical(tmp_path / "local", name)
