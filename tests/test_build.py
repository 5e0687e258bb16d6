"""The build as a library: a persistent store, parallel extraction independent of the worker count,
--update, and a build directory that changes as a whole (lock, overlap checks, fault injection)."""

from __future__ import annotations

import fcntl
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import synthetic
from myokg import build as buildmod
from myokg import store, summary
from myokg.build import build
from myokg.cli import main
from myokg.errors import OutputError, ReasonerUnavailable

#: The plain full-graph exports: the tests that compare them with the store ask for both.
EXPORTS = ("nq", "ttl")
PAGE = (
    "Rituximab for refractory dermatomyositis: a case series\n\nAbstract\n\n"
    "We treated four patients with refractory dermatomyositis with rituximab. "
    "Three of four patients improved. Methotrexate did not improve strength.\n"
)


def tree(path: Path) -> dict[str, bytes]:
    """Every file under ``path`` with its bytes (the store's files included)."""
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def siblings(out: Path) -> list[str]:
    return sorted(
        p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.") and "lock" not in p.name
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Eighty generated PubMed records: enough to run on worker processes."""
    return synthetic.write(tmp_path_factory.mktemp("corpus") / "records.xml", 80)


@pytest.fixture
def page(tmp_path) -> Path:
    path = tmp_path / "in" / "page.txt"
    path.parent.mkdir()
    path.write_text(PAGE)
    return path


def test_build_returns_a_report_and_a_queryable_store(page, tmp_path):
    out = tmp_path / "out"
    report = build([page], out, validate=False)
    assert report.documents == 1 and report.findings >= 1 and report.exit_code == 0
    assert (out / "store").is_dir() and report.exports == []
    assert not list(out.glob("myokg.nq*")) and not list(out.glob("myokg.ttl*"))  # the store is the build
    assert report.files == ["store/", *buildmod.EXPORTS, "build-report.txt"]
    assert (out / "build-report.txt").read_text().startswith("documents: 1 built, 0 failed")
    graph = store.open_graph(out)
    _, rows = graph.query(
        "SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f a <https://w3id.org/myokg/ontology#Finding> }"
    )
    assert int(rows[0][0].value) == report.findings
    assert siblings(out) == []


def test_output_is_the_same_whatever_the_number_of_workers(corpus, tmp_path):
    one = build([corpus], tmp_path / "one", validate=False, jobs=1, exports=EXPORTS)
    two = build([corpus], tmp_path / "two", validate=False, jobs=2, exports=EXPORTS)
    assert one.documents == two.documents == 80 and one.quads == two.quads
    for name in ("myokg.nq", "myokg.ttl", "works.tsv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def _store_lines(out: Path, with_graph: bool = True) -> list[str]:
    st = ox.Store.read_only(str(out / "store"))
    onto = ox.NamedNode("https://w3id.org/myokg/ontology")
    kept = st if with_graph else (q for q in st if q.graph_name != onto)
    return sorted(set(store.sorted_lines(kept, with_graph=with_graph)))


def _data_quads(out: Path) -> int:
    onto = ox.NamedNode("https://w3id.org/myokg/ontology")
    return sum(1 for q in ox.Store.read_only(str(out / "store")) if q.graph_name != onto)


def _export_lines(path: Path, with_graph: bool) -> list[str]:
    fmt = ox.RdfFormat.N_QUADS if with_graph else ox.RdfFormat.TURTLE
    return sorted(set(store.sorted_lines(ox.parse(path=str(path), format=fmt), with_graph=with_graph)))


@pytest.mark.parametrize("twice", [False, True])
def test_exports_written_from_the_records_hold_what_the_store_holds(corpus, page, twice, tmp_path):
    out = tmp_path / "out"
    report = build(
        [corpus, page, page] if twice else [corpus, page], out, validate=False, jobs=2, exports=EXPORTS
    )
    assert report.quads == _data_quads(out)
    assert _export_lines(out / "myokg.nq", True) == _store_lines(out)
    assert _export_lines(out / "myokg.ttl", False) == _store_lines(out, with_graph=False)
    lines = (out / "myokg.nq").read_bytes().splitlines()
    assert len(lines) == len(set(lines))  # a document given twice is written once


def test_update_adds_documents_and_equals_a_full_build(corpus, page, tmp_path):
    more = synthetic.write(tmp_path / "more.xml", 5, seed=11, first_pmid=80_000_000)
    build([corpus], tmp_path / "u", validate=False, jobs=1, exports=["nq"])
    report = build([more, page], tmp_path / "u", validate=False, update=True, exports=["nq"])
    assert report.documents == 6 and report.kept == 80
    build([corpus, more, page], tmp_path / "full", validate=False, exports=["nq"])

    def canonical(out: Path) -> list[str]:
        return store.sorted_lines(ox.parse(path=str(out / "myokg.nq"), format=ox.RdfFormat.N_QUADS))

    assert canonical(tmp_path / "u") == canonical(tmp_path / "full")
    again = build([page], tmp_path / "u", validate=False, update=True, exports=["nq"])  # replaces its graph
    assert again.kept == 85 and canonical(tmp_path / "u") == canonical(tmp_path / "full")
    # an update that only adds goes on from the saved state (the summary graph's size included)
    most = synthetic.write(tmp_path / "most.xml", 5, seed=12, first_pmid=81_000_000)
    added = build([most], tmp_path / "u", validate=False, update=True, exports=["nq"])
    whole = build([corpus, more, page, most], tmp_path / "whole", validate=False, exports=["nq"])
    assert added.quads == whole.quads and canonical(tmp_path / "u") == canonical(tmp_path / "whole")
    works = (tmp_path / "u" / buildmod.WORKS_FILE, tmp_path / "whole" / buildmod.WORKS_FILE)
    assert buildmod._read_works(works[0]) == buildmod._read_works(works[1])


def test_update_after_an_ontology_edit_replaces_the_ontology_graph(page, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build([page], out, validate=False, exports=["nq"])
    other = page.with_name("other.txt")
    other.write_text(PAGE.replace("four patients", "five patients"))
    dropped, *kept = store.ontology_quads()
    edited = [
        *kept,
        ox.Quad(
            ox.NamedNode("https://w3id.org/myokg/ontology#Finding"),
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"),
            ox.Literal("an edit"),
            ox.NamedNode("https://w3id.org/myokg/ontology"),
        ),
    ]
    monkeypatch.setattr(store, "ontology_quads", lambda *_: edited)
    report = build([other], out, validate=False, update=True, exports=["nq"])  # the old export is extended
    assert report.kept == 1
    assert b'"an edit"' in (out / "myokg.nq").read_bytes()
    assert store.sorted_lines([dropped])[0] not in _store_lines(out)
    assert _export_lines(out / "myokg.nq", True) == _store_lines(out)
    void = (out / "void.ttl").read_text()
    assert f"void:triples {report.quads + len(edited)}" in void


def test_a_second_build_fails_fast_while_one_holds_the_lock(page, tmp_path):
    out = tmp_path / "out"
    with open(tmp_path / ".out.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(OutputError, match="another build is writing here"):
            build([page], out)
    assert not out.exists()


def test_outputs_overlapping_inputs_are_refused_before_any_work(page, tmp_path):
    folder = page.parent
    for out in (folder, folder / "build", tmp_path):
        with pytest.raises(OutputError, match="overlaps the input"):
            build([folder], out)
    assert sorted(p.name for p in folder.iterdir()) == ["page.txt"]
    r = CliRunner().invoke(main, ["build", str(folder), "-o", str(folder)])
    assert r.exit_code == 2 and "overlaps the input" in r.output and "Traceback" not in r.output
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="cannot create the output folder"):
        build([page], blocker / "out")


def test_export_onto_the_graph_it_reads_is_refused(page, tmp_path):
    out = tmp_path / "out"
    build([page], out, validate=False, exports=["nq"])
    before = tree(out)
    for target in (out / "myokg.nq", out / "store" / "x.nq"):
        r = CliRunner().invoke(main, ["export", "--format", "nq", "--graph", str(out), "-o", str(target)])
        assert r.exit_code == 2 and "would overwrite the graph it reads" in r.output
    nq = out / "myokg.nq"
    r = CliRunner().invoke(main, ["export", "--format", "nq", "--graph", str(nq), "-o", str(nq)])
    assert r.exit_code == 2 and tree(out) == before


def test_a_refused_ontology_leaves_the_old_build_byte_for_byte(page, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build([page], out)
    before = tree(out)

    def refuse(_: Path) -> None:
        raise ReasonerUnavailable("ontology.ttl: owl:imports refused")

    monkeypatch.setattr(buildmod.reason, "write_exports", refuse)
    with pytest.raises(ReasonerUnavailable):
        build([page], out)
    assert tree(out) == before and siblings(out) == []


def _build_command(inputs: list[Path], out: Path) -> list[str]:
    code = "import sys; from myokg.cli import main; sys.exit(main())"
    return [
        sys.executable,
        "-c",
        code,
        "build",
        *map(str, inputs),
        "-o",
        str(out),
        "--no-validate",
        "-j",
        "1",
    ]


def test_a_build_killed_during_its_writes_leaves_the_old_build(corpus, page, tmp_path):
    out = tmp_path / "out"
    build([page], out, validate=False)
    before = tree(out)
    big = synthetic.write(tmp_path / "big.xml", 400, seed=3)
    proc = subprocess.Popen(_build_command([big], out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    staging = out.parent / f".out.staging-{proc.pid}"
    while proc.poll() is None and not (staging / "store").exists():
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the build ended before it could be killed"
    assert tree(out) == before
    assert build([page], out, validate=False).exit_code == 0 and siblings(out) == []  # leftovers cleaned


def test_ctrl_c_exits_130_with_one_line_and_keeps_the_old_build(page, tmp_path):
    out = tmp_path / "out"
    build([page], out, validate=False)
    before = tree(out)
    big = synthetic.write(tmp_path / "big.xml", 400, seed=5)
    proc = subprocess.Popen(
        _build_command([big], out),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # a background runner may ignore it
    )
    staging = out.parent / f".out.staging-{proc.pid}"
    while proc.poll() is None and not (staging / "store").exists():
        time.sleep(0.005)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate()
    assert proc.returncode == 130 and err.strip().count("\n") == 0 and "Interrupted" in err
    assert tree(out) == before and siblings(out) == []


def test_a_full_disk_is_one_line_naming_the_stage_and_the_old_build_stays(page, tmp_path):
    out = tmp_path / "out"
    build([page], out, validate=False)
    before = tree(out)

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    proc = subprocess.run(
        _build_command([page], out), capture_output=True, text=True, preexec_fn=small_files, env=os.environ
    )
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and "build: write" in proc.stderr and "Traceback" not in proc.stderr
    assert tree(out) == before and siblings(out) == []


MERGING = """<?xml version="1.0" encoding="UTF-8"?>
<PubmedArticleSet>
<PubmedArticle><MedlineCitation><PMID>111</PMID><Article>
<Journal><JournalIssue><PubDate><Year>2019</Year></PubDate></JournalIssue><ISOAbbreviation>J Test</ISOAbbreviation></Journal>
<ArticleTitle>Tacrolimus for refractory polymyositis: a case series.</ArticleTitle>
<ELocationID EIdType="doi">10.5555/shared.1</ELocationID>
<Abstract><AbstractText>Five patients with refractory polymyositis improved on tacrolimus.</AbstractText></Abstract>
</Article></MedlineCitation></PubmedArticle>
<PubmedArticle><MedlineCitation><PMID>222</PMID><Article>
<Journal><JournalIssue><PubDate><Year>2021</Year></PubDate></JournalIssue><ISOAbbreviation>J Test</ISOAbbreviation></Journal>
<ArticleTitle>Rituximab in dermatomyositis: a retrospective cohort study.</ArticleTitle>
<Abstract><AbstractText>Twelve patients with dermatomyositis were treated with rituximab; nine improved.</AbstractText></Abstract>
</Article></MedlineCitation>
<PubmedData><ReferenceList><Reference><Citation>Doe J. Tacrolimus for refractory polymyositis. J Test. 2019;1:1-5.</Citation>
<ArticleIdList><ArticleId IdType="doi">10.5555/shared.1</ArticleId></ArticleIdList></Reference></ReferenceList></PubmedData>
</PubmedArticle>
</PubmedArticleSet>
"""


def test_works_merged_across_records_get_one_iri_as_in_a_whole_batch(tmp_path):
    """One record cites by DOI a work that another record describes with a PMID: one node, as if read together."""
    from myokg import graph

    xml = tmp_path / "merging.xml"
    xml.write_text(MERGING)
    report = build([xml], tmp_path / "out", validate=False, jobs=1, exports=EXPORTS)
    assert report.quads == _data_quads(tmp_path / "out")
    extractor = buildmod.extractor()
    expected = ox.Store()
    expected.extend(graph.build([extractor.extract(d) for d in buildmod._documents([xml], None)]))
    expected.extend(store.ontology_quads())
    summary.ensure(expected)  # the summary graph the build writes from the records' rows
    built = store.open_graph(tmp_path / "out").store
    assert store.sorted_lines(built) == store.sorted_lines(expected)
    cited = {q.object.value for q in built if q.predicate.value.endswith("#cites")}
    assert cited == {"https://w3id.org/myokg/data/pub/pmid-111"}
    del built
    out = tmp_path / "out"  # the exports, written before the merge was known, name the merged work too
    assert _export_lines(out / "myokg.nq", True) == _store_lines(out)
    assert _export_lines(out / "myokg.ttl", False) == _store_lines(out, with_graph=False)
    nquads = (out / "myokg.nq").read_bytes()
    assert b"/pub/doi-" not in nquads and len(nquads.splitlines()) == len(set(nquads.splitlines()))


@pytest.mark.parametrize("first", [0, 1], ids=["citing-first", "cited-first"])
def test_update_with_a_merging_record_equals_a_full_build(first, tmp_path):
    """A work merged by the added record: in the previous build's text (a full pass) or only in the appended
    text (the previous build's text is not read again); either way the exports equal a full build's."""
    head, tail = MERGING.split("</PubmedArticle>\n", 1)
    records = [
        head + "</PubmedArticle>\n</PubmedArticleSet>\n",
        MERGING.split("<PubmedArticle>", 1)[0] + tail,
    ]
    a, b = tmp_path / "a.xml", tmp_path / "b.xml"
    a.write_text(records[first])
    b.write_text(records[1 - first])
    build([a], tmp_path / "u", validate=False, exports=EXPORTS)
    updated = build([b], tmp_path / "u", validate=False, update=True, exports=EXPORTS)
    full = build([a, b], tmp_path / "full", validate=False, exports=EXPORTS)
    assert updated.quads == full.quads == _data_quads(tmp_path / "full")
    assert _store_lines(tmp_path / "u") == _store_lines(tmp_path / "full")  # the summary graph too
    for out in (tmp_path / "u", tmp_path / "full"):
        assert _export_lines(out / "myokg.nq", True) == _store_lines(out)
        assert _export_lines(out / "myokg.ttl", False) == _store_lines(out, with_graph=False)
    assert _store_lines(tmp_path / "u") == _store_lines(tmp_path / "full")
    works = (tmp_path / "u" / buildmod.WORKS_FILE, tmp_path / "full" / buildmod.WORKS_FILE)
    assert buildmod._read_works(works[0]) == buildmod._read_works(works[1])  # the merged key moved
    nquads = (tmp_path / "u" / "myokg.nq").read_bytes().splitlines()
    assert len(nquads) == len(set(nquads))
