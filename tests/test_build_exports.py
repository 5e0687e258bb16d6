"""The full-graph exports a build writes only when asked (`--export`), their gzipped forms (reproducible, read
back by pyoxigraph and by Apache Jena's riot), and `--update` with and without them: an export in the build
directory always holds what the store holds, or is not there."""

from __future__ import annotations

import gzip
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import synthetic
from jena import classpath
from myokg import store
from myokg.build import build
from myokg.cli import main
from myokg.errors import OutputError

NQ = ox.RdfFormat.N_QUADS
ONTOLOGY = ox.NamedNode("https://w3id.org/myokg/ontology")


@pytest.fixture(scope="module")
def records(tmp_path_factory) -> list[Path]:
    """Two files of generated PubMed records: a first build and an update."""
    folder = tmp_path_factory.mktemp("in")
    return [
        synthetic.write(folder / "a.xml", 12, seed=21),
        synthetic.write(folder / "b.xml", 4, seed=22, first_pmid=81_000_000),
    ]


def store_lines(out: Path, with_graph: bool = True) -> list[str]:
    st = ox.Store.read_only(str(out / "store"))
    kept = st if with_graph else (q for q in st if q.graph_name != ONTOLOGY)
    return store.sorted_lines(kept, with_graph=with_graph)


def canonical(quads) -> list[str]:
    """Sorted N-Quads lines with the blank nodes labelled canonically (a loader relabels the ontology's)."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(map(str, dataset))


def lines_of(data: bytes, fmt: ox.RdfFormat, with_graph: bool = True) -> list[str]:
    return store.sorted_lines(ox.parse(data, format=fmt), with_graph=with_graph)


def full_exports(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith(("myokg.nq", "myokg.ttl")))


def test_by_default_the_build_is_the_store_and_the_small_files(records, tmp_path):
    r = CliRunner().invoke(main, ["build", str(records[0]), "-o", str(tmp_path / "b"), "--no-validate"])
    assert r.exit_code == 0, r.output
    assert full_exports(tmp_path / "b") == []
    assert "myokg.nq" not in r.output and "void.ttl" in r.output
    assert "void:dataDump" not in (tmp_path / "b" / "void.ttl").read_text()


def test_exports_asked_as_a_list_or_one_by_one_are_the_same(records, tmp_path):
    listed = ["--export", "ttl.gz,nq"]
    repeated = ["--export", "nq", "--export", "ttl.gz", "--export", "nq"]
    for name, asked in (("a", listed), ("b", repeated)):
        r = CliRunner().invoke(main, ["build", str(records[0]), "-o", str(tmp_path / name), *asked])
        assert r.exit_code == 0, r.output
        assert f"wrote {tmp_path / name}/store/, myokg.nq, myokg.ttl.gz, myokg.owl" in r.output
        assert full_exports(tmp_path / name) == ["myokg.nq", "myokg.ttl.gz"]
        void = (tmp_path / name / "void.ttl").read_text()
        assert "data/myokg.nq>" in void and "data/myokg.ttl.gz>" in void
    for name in ("myokg.nq", "myokg.ttl.gz", "void.ttl"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_an_unknown_export_is_refused_before_any_work(records, tmp_path):
    r = CliRunner().invoke(main, ["build", str(records[0]), "-o", str(tmp_path / "b"), "--export", "nq,xml"])
    assert r.exit_code == 2 and "xml (known: nq, ttl, nq.gz, ttl.gz" in r.output
    assert not (tmp_path / "b").exists()
    with pytest.raises(OutputError, match="unknown export trig"):
        build([records[0]], tmp_path / "b", exports=["trig"])
    assert not (tmp_path / "b").exists()


def test_gzipped_exports_are_the_plain_ones_with_reproducible_bytes(records, tmp_path):
    out = tmp_path / "b"
    report = build([records[0]], out, validate=False, exports=["nq", "ttl", "nq.gz", "ttl.gz"])
    assert report.exports == ["myokg.nq", "myokg.ttl", "myokg.nq.gz", "myokg.ttl.gz"]
    for name in ("myokg.nq", "myokg.ttl"):
        packed = (out / (name + ".gz")).read_bytes()
        assert (
            packed[3:8] == b"\x00\x00\x00\x00\x00"
        )  # no file name, no time stamp: the same bytes every time
        assert gzip.decompress(packed) == (out / name).read_bytes()


def test_pyoxigraph_bulk_loads_the_gzipped_n_quads_as_they_are(records, tmp_path):
    out = tmp_path / "b"
    build([records[0]], out, validate=False, exports=["nq.gz", "ttl.gz"])
    assert full_exports(out) == ["myokg.nq.gz", "myokg.ttl.gz"]
    loaded = ox.Store(str(tmp_path / "loaded"))
    with gzip.open(out / "myokg.nq.gz", "rb") as stream:
        loaded.bulk_load(stream, format=NQ)
    assert canonical(loaded) == canonical(ox.Store.read_only(str(out / "store")))
    turtle = gzip.decompress((out / "myokg.ttl.gz").read_bytes())
    assert lines_of(turtle, ox.RdfFormat.TURTLE, False) == store_lines(out, with_graph=False)


def test_jena_riot_reads_the_gzipped_n_quads(records, tmp_path):
    cp = classpath(tmp_path)
    if cp is None:
        pytest.skip("Apache Jena (Debian libapache-jena-java) and Java are not installed")
    out = tmp_path / "b"
    build([records[0]], out, validate=False, exports=["nq.gz"])
    run = subprocess.run(
        ["java", "-cp", cp, "riotcmd.riot", "--output=nq", str(out / "myokg.nq.gz")],
        capture_output=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr.decode()[-2000:]
    expected = canonical(ox.Store.read_only(str(out / "store")))
    assert canonical(ox.parse(run.stdout, format=NQ)) == expected


def test_myokg_export_writes_gzipped_n_quads_from_a_default_build(records, tmp_path):
    build([records[0]], tmp_path / "b", validate=False)
    target = tmp_path / "dump" / "graph.nq.gz"
    target.parent.mkdir()
    r = CliRunner().invoke(
        main, ["export", "--graph", str(tmp_path / "b"), "--format", "nq.gz", "-o", str(target)]
    )
    assert r.exit_code == 0 and r.output == f"wrote {target}\n"
    assert lines_of(gzip.decompress(target.read_bytes()), NQ) == store_lines(tmp_path / "b")
    piped = CliRunner().invoke(main, ["export", "--graph", str(tmp_path / "b"), "--format", "nq.gz"])
    assert piped.exit_code == 0 and piped.stdout_bytes == target.read_bytes()  # the same bytes into a pipe


def test_an_update_without_the_export_drops_it_and_says_so(records, tmp_path):
    out = tmp_path / "b"
    build([records[0]], out, validate=False, exports=["nq", "ttl.gz"])
    r = CliRunner().invoke(main, ["build", str(records[1]), "-o", str(out), "--update", "--no-validate"])
    assert r.exit_code == 0, r.output
    assert full_exports(out) == []  # never the previous build's text beside a store that has more
    assert "previous build's myokg.nq, myokg.ttl.gz not kept (ask again with --export nq,ttl.gz)" in r.output
    assert "void:dataDump" not in (out / "void.ttl").read_text()


@pytest.mark.parametrize(
    "before,after",
    [
        (["nq.gz"], ["nq.gz"]),  # the gzipped export is extended
        (["nq"], ["nq", "nq.gz"]),  # the plain one is extended and compressed
        ([], ["nq", "ttl"]),  # none before: both are written from the store
        (["nq"], ["ttl.gz"]),  # another one: written from the store, the old one dropped
    ],
    ids=["gz-extended", "plain-extended", "none-before", "another"],
)
def test_an_update_with_exports_equals_a_full_build(records, tmp_path, before, after):
    out, full = tmp_path / "u", tmp_path / "full"
    build([records[0]], out, validate=False, exports=before)
    report = build([records[1]], out, validate=False, update=True, exports=after)
    build(records, full, validate=False)
    assert report.kept == 12 and full_exports(out) == sorted(f"myokg.{f}" for f in after)
    assert store_lines(out) == store_lines(full)
    for fmt in after:
        data = (out / f"myokg.{fmt}").read_bytes()
        data = gzip.decompress(data) if fmt.endswith(".gz") else data
        if fmt.startswith("nq"):
            assert lines_of(data, NQ) == store_lines(full), fmt
            assert len(data.splitlines()) == len(set(data.splitlines()))
        else:
            assert lines_of(data, ox.RdfFormat.TURTLE, False) == store_lines(full, with_graph=False), fmt
