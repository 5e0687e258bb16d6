"""Build outputs: byte-for-byte determinism, atomic writes, strict re-parsing of every export."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from conftest import SEEDS
from myokg import store
from myokg.cli import main

FILES = [
    "myokg.ttl",
    "myokg.nq",
    "myokg.ttl.gz",
    "myokg.nq.gz",
    "myokg.owl",
    "myokg-ontology.ttl",
    "validation.txt",
    "validation.ttl",
    "void.ttl",
]


def test_rebuild_is_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the one date in a build (VoID) is then fixed
    for out in ("a", "b"):
        args = ["build", *map(str, SEEDS), "-o", str(tmp_path / out), "--export", "nq,ttl,nq.gz,ttl.gz"]
        assert CliRunner().invoke(main, args).exit_code == 0
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_failed_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "myokg.ttl"
    target.write_bytes(b"good\n")
    with pytest.raises(RuntimeError), store.atomic_write(target) as fh:
        fh.write(b"half")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"good\n"
    assert [p.name for p in tmp_path.iterdir()] == ["myokg.ttl"]


@pytest.mark.shared
@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq", "trig", "jsonld"])
def test_every_export_reparses_to_the_same_graph(seed_quads, tmp_path, fmt):
    target = tmp_path / f"out.{fmt}"
    store.write(seed_quads, target, fmt)
    data = target.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    back = list(ox.parse(data, format=store.FORMATS[fmt]))
    if fmt in ("nq", "trig", "jsonld"):
        assert store.sorted_lines(back) == store.sorted_lines(seed_quads)
    else:
        assert store.sorted_lines(back, with_graph=False) == store.sorted_lines(seed_quads, with_graph=False)


@pytest.mark.shared
@pytest.mark.parametrize(
    "fmt,rdflib_format",
    [("ttl", "turtle"), ("nt", "nt"), ("nq", "nquads"), ("trig", "trig"), ("jsonld", "json-ld")],
)
def test_a_second_engine_reads_every_export_the_same(seed_quads, tmp_path, fmt, rdflib_format):
    import rdflib
    from rdflib.compare import isomorphic

    target = tmp_path / f"out.{fmt}"
    store.write(seed_quads, target, fmt)
    theirs = rdflib.Dataset()
    theirs.parse(target, format=rdflib_format)
    ours = rdflib.Dataset()
    ours.parse(data="\n".join(store.sorted_lines(seed_quads)) + "\n", format="nquads")

    def flat(ds):
        g = rdflib.Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            g.add((s, p, o))
        return g

    assert len(flat(theirs)) == len(flat(ours)) and isomorphic(flat(theirs), flat(ours))


def test_ontology_rdfxml_reads_the_same_in_rdflib(tmp_path):
    import rdflib
    from rdflib.compare import isomorphic

    from myokg import paths, reason

    reason.write_exports(tmp_path)
    xml = rdflib.Graph().parse(tmp_path / "myokg.owl", format="xml")
    assert isomorphic(xml, rdflib.Graph().parse(paths.ONTOLOGY, format="turtle"))


@pytest.mark.shared
def test_materialize_adds_superclass_types(seed_quads):
    from myokg import reason

    out = reason.materialize(seed_quads)
    types = {(q.subject.value, q.object.value) for q in out if q.predicate.value.endswith("#type")}
    study = next(s for s, t in types if t.endswith("term/retrospective_cohort"))
    assert {
        (study, "https://w3id.org/myokg/term/cohort_study"),
        (study, "https://w3id.org/myokg/ontology#Study"),
    } <= types
    assert set(seed_quads) <= set(out)


def test_build_describes_itself_in_void_and_lists_doubtful_documents(tmp_path):
    page = tmp_path / "in" / "letter.txt"
    page.parent.mkdir()
    page.write_text("Rituximab for a stubborn rash in dermatomyositis\n\nSmith J\n", encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["build", str(page), "-o", str(out), "--no-validate"])
    assert "1 warning(s)" in r.output, r.output
    assert "warning: letter.txt: no abstract found" in (out / "build-report.txt").read_text()
    void = ox.Store()
    void.load(path=str(out / "void.ttl"), format=ox.RdfFormat.TURTLE)
    docs = next(iter(void.quads_for_pattern(None, ox.NamedNode("http://rdfs.org/ns/void#documents"), None)))
    assert docs.object.value == "1"


def test_exports_are_world_readable(tmp_path):
    target = tmp_path / "x.ttl"
    with store.atomic_write(target) as fh:
        fh.write(b"<a:b> <a:c> <a:d> .\n")
    assert target.stat().st_mode & 0o777 == 0o644
