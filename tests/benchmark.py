"""Benchmark (not a test): build generated PubMed XML corpora of N records and print the figures of issues #13 and #21.

    python tests/benchmark.py                      # N = 1,000 and 10,000
    python tests/benchmark.py --records 100000 --workdir W --no-export   # 100,000 (long: run it in the background)
    python tests/benchmark.py --records 100000 --workdir W --queries-only   # re-time the queries on W's build

Per N: end-to-end build rate with validation off (read -> extract -> store -> reports), quads per record,
peak memory of the build (all its processes summed, sampled), the build directory's size, `myokg export
--format nq` from the store, pyoxigraph's raw bulk-load rate of those N-Quads, `myokg query` cold start, every
stored query's latency on the warm store, the first page of the evidence cards, point look-ups, a re-build
after adding 1,000 records (--update), and `myokg validate` on the whole build (quads/s).
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic  # noqa: E402
from myokg import queries  # noqa: E402

LOOKUPS = {
    "one agent": "SELECT ?f WHERE { ?f <https://w3id.org/myokg/ontology#agent> <https://w3id.org/myokg/term/rituximab> } LIMIT 20",
    "one PMID": 'SELECT ?pub WHERE { ?pub <https://w3id.org/myokg/ontology#pmid> "90000123" }',
}
PARAMS = {
    "agents-with-evidence": {"disease": "dermatomyositis"},
    "evidence-for-agent": {"agent": "rituximab"},
}
#: Records added to the build by `--update`.
UPDATE_RECORDS = 1000
#: Pages timed besides the whole answers: (stored query, --limit, --offset), a page of a listing.
PAGES = {
    "report-evidence-cards page": ("report-evidence-cards", 50, 0),
    "report-evidence-cards page at 50,000": ("report-evidence-cards", 50, 50_000),
    "evidence-for-agent page": ("evidence-for-agent", 50, 0),
    "outcomes page": ("outcomes", 50, 0),
    "studies-by-design page": ("studies-by-design", 50, 0),
    "cited-by-several page": ("cited-by-several", 50, 0),
    "negative-evidence page": ("negative-evidence", 50, 0),
    "adverse-events page": ("adverse-events", 50, 0),
}


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and its descendants, in bytes."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                total += next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:")) * 1024
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except (OSError, StopIteration):
            continue
    return total


def _die_with_parent() -> None:
    """In a child, before it runs: killed when the benchmark dies (Linux), so no timed process outlives an
    interrupted run and slows the next one."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def run_measured(cmd: list[str], timeout: float | None = None) -> tuple[float, int, str]:
    """Run a command; wall seconds, peak summed RSS of its process tree, its output (killed after ``timeout``
    seconds: subprocess.TimeoutExpired)."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, preexec_fn=_die_with_parent
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        done.set()
        sampler.join()
        raise
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed:\n{out}")
    return seconds, peak, out


def _size(folder: Path) -> int:
    """Bytes of every file under ``folder`` (``du``'s apparent size)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def myokg(*args: str) -> list[str]:
    return [sys.executable, "-c", "import sys; from myokg.cli import main; sys.exit(main())", *args]


TIMED_QUERY = """
import sys, time
from pathlib import Path
sys.path.insert(0, {here!r})
from benchmark import LOOKUPS, PAGES, PARAMS
from myokg import queries, store, vocab
graph = store.open_graph(Path({out!r}))
name = {name!r}
if name in LOOKUPS:
    text, bindings = LOOKUPS[name], {{}}
elif name in PAGES:
    stored, limit, offset = PAGES[name]
    q = queries.stored()[stored]
    text, bindings = queries.paged(q.text, limit, offset), queries.bind(q, PARAMS.get(stored, {{}}), vocab.default())
else:
    q = queries.stored()[name]
    text, bindings = q.text, queries.bind(q, PARAMS.get(name, {{}}), vocab.default())
graph.query(text, bindings)  # warm the store's caches
t = time.perf_counter()
_, rows = graph.query(text, bindings)
print(f"{{1000 * (time.perf_counter() - t):9.1f}} ms  ({{len(rows)}} rows)")
"""


def _timed_query(out: Path, name: str, cap: float) -> str:
    """A query's latency on a warm store, in its own process so that a runaway plan is cut at ``cap`` s."""
    code = TIMED_QUERY.format(here=str(Path(__file__).resolve().parent), out=str(out), name=name)
    try:
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=cap,
            preexec_fn=_die_with_parent,
        )
    except subprocess.TimeoutExpired:
        return f"  > {cap:.0f} s (cut)"
    return done.stdout.strip() or done.stderr.strip().splitlines()[-1]


def time_queries(out: Path, cap: float) -> None:
    """Cold start of one question, then every stored query and the point look-ups on the warm store."""
    # a start-up, not a whole-data question: one PMID (the first run fills the lint cache, the second is timed)
    lookup = myokg("query", "--graph", str(out), "--sparql", LOOKUPS["one PMID"])
    run_measured(lookup)
    cold, _, _ = run_measured(lookup)
    print(f"`myokg query` cold start (one PMID), whole process  {cold:6.2f} s")
    print(f"load average {os.getloadavg()[0]:.1f} as the queries start")
    for name in [*queries.stored(), *PAGES, *LOOKUPS]:
        print(f"{'look-up' if name in LOOKUPS else 'query'} {name:22} {_timed_query(out, name, cap)}")
    # as a user runs them: a new process each, the listings' first page (the command's default)
    for name in queries.stored():
        params = [f"--param={k}={v}" for k, v in PARAMS.get(name, {}).items()]
        cmd = myokg("query", name, "--graph", str(out), "--format", "tsv", *params)
        try:
            seconds, _, _ = run_measured(cmd, timeout=cap)
            print(f"`myokg query {name}`, whole process (cold)  {seconds:6.2f} s")
        except subprocess.TimeoutExpired:
            print(f"`myokg query {name}`, whole process (cold)  > {cap:.0f} s (cut)")


def bench(
    n: int, work: Path, jobs: int | None, cap: float, queries_only: bool = False, export: bool = True
) -> None:
    corpus = work / f"pubmed-{n}.xml"
    if not corpus.exists():  # a kept corpus is reused: the generator's output depends only on N and the seed
        synthetic.write(corpus, n)
    out = work / f"build-{n}"
    if queries_only:
        print(f"\n== {n:,} records: the kept build's stored queries (built {out / 'build-report.txt'})")
        time_queries(out, cap)
        return
    extra = ["-j", str(jobs)] if jobs else []
    seconds, peak, report = run_measured(myokg("build", str(corpus), "-o", str(out), "--no-validate", *extra))
    quads = int(next(line.split()[1] for line in report.splitlines() if line.startswith("triples:")))
    print(
        f"\n== {n:,} records ({corpus.stat().st_size / 2**20:.1f} MiB PubMed XML), jobs={jobs or os.cpu_count()},"
        f" load average {os.getloadavg()[0]:.1f} after the build"
    )
    print(
        f"build, no validation  {seconds:8.1f} s   {n / seconds:8.0f} records/s   {quads / seconds:10.0f} quads/s"
    )
    print(f"quads per record      {quads / n:8.1f}")
    print("  " + next((line for line in report.splitlines() if line.startswith("stage seconds")), ""))
    print(f"peak memory (all processes) {peak / 2**20:8.0f} MiB")

    print(f"build directory       {_size(out) / 2**20:8.0f} MiB (the store and the small files)")
    if export:
        time_export(n, work, out)
    time_queries(out, cap)

    seconds, peak, _ = run_measured(
        myokg("report", "--graph", str(out), "-o", str(work / f"report-{n}.html"))
    )
    size = (work / f"report-{n}.html").stat().st_size
    print(
        f"`myokg report`, whole process  {seconds:6.2f} s   peak {peak / 2**20:.0f} MiB   {size / 1024:.0f} KiB of HTML"
    )

    more = synthetic.write(work / f"more-{n}.xml", UPDATE_RECORDS, seed=n + 1, first_pmid=80_000_000)
    seconds, _, report = run_measured(
        myokg("build", str(more), "-o", str(out), "--no-validate", "--update", *extra)
    )
    print(f"re-build after adding {UPDATE_RECORDS:,} records (--update)  {seconds:6.1f} s")
    print("  " + next((line for line in report.splitlines() if line.startswith("stage seconds")), ""))

    print(validation_rate(out))


def time_export(n: int, work: Path, out: Path) -> None:
    """`myokg export --format nq` from the build's store, then pyoxigraph's raw bulk load of that file."""
    nq = work / f"myokg-{n}.nq"
    seconds, _, _ = run_measured(myokg("export", "--graph", str(out), "--format", "nq", "-o", str(nq)))
    print(
        f"`myokg export --format nq` from the store  {seconds:6.1f} s   {nq.stat().st_size / 2**20:.0f} MiB"
    )
    with tempfile.TemporaryDirectory(dir=work) as raw:
        t = time.perf_counter()
        ox.Store(raw).bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        t = time.perf_counter() - t
    lines = sum(1 for _ in nq.open("rb"))
    nq.unlink()  # gigabytes at 100,000 records
    print(
        f"raw bulk load of the same N-Quads  {t:6.1f} s   {lines / t:10.0f} quads/s (pyoxigraph, {lines:,} quads)"
    )


def validation_rate(out: Path) -> str:
    """`myokg validate` on the whole build (its store read in place), in its own process: quads per second."""
    quads = int(
        next(
            line.split()[1]
            for line in (out / "build-report.txt").read_text().splitlines()
            if line.startswith("triples:")
        )
    )
    seconds, _, _ = run_measured(myokg("validate", str(out)))
    return f"validation of the build (shapes compiled to SPARQL + checks)  {quads / seconds:10.0f} quads/s ({quads:,} quads, {seconds:.1f} s)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, nargs="+", default=[1000, 10000], help="corpus sizes to build")
    ap.add_argument("--jobs", type=int, help="extraction processes (default: one per core)")
    ap.add_argument("--query-cap", type=float, default=300, help="seconds after which a query is cut")
    ap.add_argument(
        "--no-export",
        action="store_true",
        help="skip `myokg export --format nq` and the raw bulk load of its file (minutes at 100,000 records)",
    )
    ap.add_argument("--workdir", type=Path, help="keep corpora and builds here (default: a temporary folder)")
    ap.add_argument(
        "--queries-only",
        action="store_true",
        help="only time the stored queries on the builds kept in --workdir",
    )
    args = ap.parse_args()
    print(
        f"cores {os.cpu_count()}, load average {os.getloadavg()[0]:.1f} (other work on the machine slows every figure)"
    )
    if args.queries_only:
        if not args.workdir:
            ap.error("--queries-only needs the --workdir of an earlier run")
        for n in args.records:
            bench(n, args.workdir, args.jobs, args.query_cap, queries_only=True)
        return
    # reading and extraction alone first: their linearity in text length and one abstract's time
    for script in ("reading.py", "extraction.py"):
        subprocess.run(
            [sys.executable, str(Path(__file__).resolve().parents[1] / "benchmarks" / script)], check=True
        )
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        for n in args.records:
            bench(n, args.workdir, args.jobs, args.query_cap, export=not args.no_export)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            for n in args.records:
                bench(n, Path(tmp), args.jobs, args.query_cap, export=not args.no_export)


if __name__ == "__main__":
    main()
