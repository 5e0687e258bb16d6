"""myokg fetch against a fake E-utilities server on loopback (tests/eutils.py), answering in NCBI's formats."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import SHARED
from eutils import FakeEutils, link_pmc, make_records, real_records
from myokg import store
from myokg.cli import main
from myokg.fetch import URL_ENV, Client, FetchError, Search, fetch

pytestmark = pytest.mark.shared
JATS = Path(__file__).parent / "fixtures" / "jats" / "open-label-ivig.xml"
FAST = (0.05, 0.05, 0.05)


@pytest.fixture(scope="module")
def real() -> list:
    return real_records(SHARED / "corpus" / "pubmed")


@pytest.fixture
def server(real: list) -> Iterator[FakeEutils]:
    fake = FakeEutils(make_records(real, 23)).start()
    yield fake
    fake.stop()


def _client(fake: FakeEutils, key: str | None = "test-key") -> Client:
    return Client(email="tester@example.org", api_key=key, base=fake.url, backoff=FAST, timeout=10)


def _run(
    fake: FakeEutils, out: Path, n: int | None = None, batch: int = 5, key: str | None = "test-key"
) -> None:
    for _ in fetch(_client(fake, key), Search("myositis", None, n, batch), out):
        pass


def _pmids(out: Path) -> list[str]:
    return [
        pmid
        for f in sorted(out.glob("pubmed-*.xml"))
        for pmid in etree.parse(str(f)).getroot().xpath("PubmedArticle/MedlineCitation/PMID/text()")
    ]


def _efetch_starts(fake: FakeEutils) -> list[int]:
    return [int(p["retstart"]) for _, tool, p in fake.log if tool == "efetch"]


def test_pages_through_the_history_server(server: FakeEutils, tmp_path: Path):
    out = tmp_path / "fetched"
    _run(server, out)
    assert sorted(p.name for p in out.glob("pubmed-*.xml")) == [
        f"pubmed-{k:06d}.xml" for k in (0, 5, 10, 15, 20)
    ]
    assert _pmids(out) == [str(98000000 + k) for k in range(23)]
    (_, tool, search), *fetches = server.log
    assert tool == "esearch" and search["usehistory"] == "y" and search["term"] == "myositis"
    assert {(p["WebEnv"], p["query_key"], p["db"]) for _, _, p in fetches} == {(server.webenv, "1", "pubmed")}
    assert _efetch_starts(server) == [0, 5, 10, 15, 20]
    assert [p["retmax"] for _, _, p in fetches] == ["5", "5", "5", "5", "3"]
    assert {p["email"] for _, _, p in server.log} == {"tester@example.org"}
    assert {p["tool"] for _, _, p in server.log} == {"myokg"}
    assert not list(out.glob(".*"))  # no temp file left


def test_max_stops_early(server: FakeEutils, tmp_path: Path):
    _run(server, tmp_path / "out", n=7)
    assert _pmids(tmp_path / "out") == [str(98000000 + k) for k in range(7)]


def test_a_429_and_a_dropped_answer_are_retried(server: FakeEutils, tmp_path: Path):
    server.faults = [("efetch", 5, 429), ("efetch", 10, "drop"), ("esearch", None, 503)]
    _run(server, tmp_path / "out")
    assert _pmids(tmp_path / "out") == [str(98000000 + k) for k in range(23)]
    assert _efetch_starts(server) == [0, 5, 5, 10, 10, 15, 20]
    assert [tool for _, tool, _ in server.log[:2]] == ["esearch", "esearch"]


def test_dropped_connection_mid_batch_then_resume(server: FakeEutils, tmp_path: Path):
    out = tmp_path / "out"
    server.faults = [("efetch", 10, "drop")] * (len(FAST) + 1)  # more drops than retries: this run fails
    with pytest.raises(FetchError, match="efetch.*connection failed.*gave up after 4 tries"):
        _run(server, out)
    assert sorted(p.name for p in out.glob("pubmed-*.xml")) == ["pubmed-000000.xml", "pubmed-000005.xml"]
    assert not list(out.glob(".*.tmp"))
    server.log.clear()
    _run(server, out)  # resumes at the missing batch
    assert _efetch_starts(server) == [10, 15, 20]
    pmids = _pmids(out)
    assert pmids == [str(98000000 + k) for k in range(23)] and len(set(pmids)) == 23


def test_a_search_that_grew_between_runs_keeps_each_record_once(
    real: list, server: FakeEutils, tmp_path: Path
):
    """New hits come first (PubMed's default order): resumed batches are shifted, records already kept are dropped."""
    out = tmp_path / "out"
    server.faults = [("efetch", 10, "drop")] * (len(FAST) + 1)
    with pytest.raises(FetchError):
        _run(server, out)
    server.records = make_records(real, 3, first_pmid=97000000) + server.records
    _run(server, out)
    pmids = _pmids(out)
    assert len(pmids) == len(set(pmids))
    assert set(pmids) >= {str(98000000 + k) for k in range(23)}


def test_an_answer_that_trickles_is_cut_at_the_deadline(server: FakeEutils, tmp_path: Path):
    server.faults = [("esearch", None, "trickle")] * (len(FAST) + 1)
    client = Client(email="tester@example.org", base=server.url, backoff=FAST, timeout=10, deadline=0.2)
    began = time.monotonic()
    with pytest.raises(FetchError, match=r"esearch: answer took more than 0.2 s \(gave up after 4 tries\)"):
        for _ in fetch(client, Search("myositis", None, None, 5), tmp_path / "out"):
            pass
    assert time.monotonic() - began < 10 and not (tmp_path / "out").exists()


def test_another_search_in_the_same_folder_is_refused(server: FakeEutils, tmp_path: Path):
    _run(server, tmp_path / "out", n=3)
    with pytest.raises(FetchError, match="holds another fetch"):
        for _ in fetch(_client(server), Search("other", None, None, 5), tmp_path / "out"):
            pass


def _cli(fake: FakeEutils, *args: str) -> object:
    return CliRunner().invoke(main, ["fetch", *args], env={URL_ENV: fake.url, "NCBI_API_KEY": "k"})


def test_since_asks_for_records_added_after_a_date(server: FakeEutils, tmp_path: Path):
    r = _cli(server, "myositis", "-o", str(tmp_path / "out"), "--since", "2024-01-31", "--max", "2")
    assert r.exit_code == 0, r.output
    search = server.log[0][2]
    assert (search["datetype"], search["mindate"], search["maxdate"]) == ("edat", "2024/01/31", "3000")
    bad = _cli(server, "myositis", "-o", str(tmp_path / "bad"), "--since", "last week")
    assert bad.exit_code == 2 and "Error: fetch: --since: 'last week' is not a date" in bad.output
    assert not (tmp_path / "bad").exists()


def test_empty_result_writes_nothing(server: FakeEutils, tmp_path: Path):
    r = _cli(server, "nothing at all", "-o", str(tmp_path / "out"))
    assert r.exit_code == 0, r.output
    assert "no PubMed record matches 'nothing at all'; nothing written" in r.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("tool", ["esearch", "efetch"])
def test_malformed_answer_is_one_line_and_writes_nothing(server: FakeEutils, tmp_path: Path, tool: str):
    server.faults = [(tool, None, "garbage")]
    r = _cli(server, "myositis", "-o", str(tmp_path / "out"))
    assert r.exit_code == 1
    lines = [x for x in r.output.splitlines() if x.startswith("Error")]
    assert len(lines) == 1 and lines[0].startswith(f"Error: fetch: {tool}")
    assert "expected <" in lines[0] and "Traceback" not in r.output
    assert not (tmp_path / "out").exists()


def test_rate_limit_is_kept(real: list, tmp_path: Path):
    """3 requests a second without an API key, 10 with one (times taken by the server)."""
    fake = FakeEutils(make_records(real, 5)).start()
    try:
        _run(fake, tmp_path / "slow", batch=1, key=None)
        slow = [b - a for (a, _, _), (b, _, _) in zip(fake.log, fake.log[1:], strict=False)]
        fake.log.clear()
        _run(fake, tmp_path / "fast", batch=1)
        fast = [b - a for (a, _, _), (b, _, _) in zip(fake.log, fake.log[1:], strict=False)]
    finally:
        fake.stop()
    # each run's span (first to last request) is robust to a stamp delayed by a busy machine; a single gap is not
    assert len(slow) == len(fast) == 5
    assert sum(slow) >= 5 / 3, slow  # at most 3 requests a second
    assert 5 / 10 - 0.05 <= sum(fast) < 5 / 3, fast  # at most 10 a second, and faster than without a key


def _graph(build: Path) -> set[str]:
    """The build's quads, without the file names that say where each document was read from."""
    return {line for line in store.sorted_lines(store.open_graph(build).quads()) if "fileName" not in line}


def test_a_fetch_builds_the_graph_of_the_same_records_as_files(real: list, tmp_path: Path):
    records = make_records(real, 24)
    fake = FakeEutils(records).start()
    try:
        r = _cli(fake, "myositis", "-o", str(tmp_path / "fetched"), "--batch", "10")
    finally:
        fake.stop()
    assert r.exit_code == 0, r.output
    assert "fetched 24 records (0 from an earlier run) of 24 hits" in r.output
    files = tmp_path / "files"
    files.mkdir()
    for k, rec in enumerate(records):
        (files / f"record-{k:02d}.xml").write_bytes(b"<PubmedArticleSet>" + rec + b"</PubmedArticleSet>")
    for src in ("fetched", "files"):
        b = CliRunner().invoke(main, ["build", "-o", str(tmp_path / f"build-{src}"), str(tmp_path / src)])
        assert b.exit_code == 0, b.output
    assert _graph(tmp_path / "build-fetched") == _graph(tmp_path / "build-files")


def test_a_killed_fetch_run_again_has_every_record_once(real: list, tmp_path: Path):
    fake = FakeEutils(make_records(real, 40), delay=0.15).start()
    out = tmp_path / "out"
    env = {**os.environ, URL_ENV: fake.url, "NCBI_API_KEY": "k"}
    cmd = [sys.executable, "-m", "myokg", "fetch", "myositis", "-o", str(out), "--batch", "4"]
    try:
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while len(list(out.glob("pubmed-*.xml"))) < 3 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        kept = len(list(out.glob("pubmed-*.xml")))
        assert 3 <= kept < 10
        again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    finally:
        fake.stop()
    assert again.returncode == 0, again.stderr
    assert f"({kept * 4} from an earlier run)" in again.stdout
    pmids = _pmids(out)
    assert sorted(pmids) == [str(98000000 + k) for k in range(40)]
    assert not list(out.glob(".*.tmp"))


def test_pmc_full_texts_are_fetched_and_read(real: list, tmp_path: Path):
    records = make_records(real, 3)
    records[1] = link_pmc(records[1], "PMC9900001")
    records[2] = link_pmc(records[2], "PMC9900003")  # in PMC without an open-access full text
    article = JATS.read_bytes().split(b"-->", 1)[1]  # the <article> element without the prolog
    front_only = article.split(b"<body>")[0] + b"</article>"
    fake = FakeEutils(records, pmc={"9900001": article, "9900003": front_only}).start()
    try:
        r = _cli(fake, "myositis", "-o", str(tmp_path / "out"), "--pmc", "--batch", "2")
    finally:
        fake.stop()
    assert r.exit_code == 0, r.output
    assert "1 open-access full texts" in r.output
    pmc_calls = [p for _, tool, p in fake.log if tool == "efetch" and p["db"] == "pmc"]
    assert [p["id"] for p in pmc_calls] == ["9900001", "9900003"]
    assert sorted(p.name for p in (tmp_path / "out").glob("pmc-*")) == ["pmc-000000.xml", "pmc-000002.none"]
    b = CliRunner().invoke(main, ["build", "-o", str(tmp_path / "build"), str(tmp_path / "out")])
    assert b.exit_code == 0, b.output
    formats = store.open_graph(tmp_path / "build").query(
        "SELECT ?f (COUNT(*) AS ?n) WHERE { ?d <https://w3id.org/myokg/ontology#sourceFormat> ?f } GROUP BY ?f"
    )[1]
    assert {(f.value, int(n.value)) for f, n in formats} == {("pubmed-xml", 3), ("jats", 1)}  # type: ignore[union-attr]
