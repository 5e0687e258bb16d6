"""Print the validation rate (SHACL compiled to SPARQL + checks) on builds of generated PubMed corpora.

    python benchmarks/validation.py                         # 200 and 1,000 records, in a temporary folder
    python benchmarks/validation.py --records 200 1000 10000 --workdir /tmp/v   # keep corpora and builds
    python benchmarks/validation.py --checks                # also each compiled check's time on the largest

Per N: quads/s of ``validate.validate(quads)`` on the build's data quads already in memory (as
tests/benchmark.py times it) and of ``validate.validate_build(build)`` (what `myokg validate BUILD` runs:
reading the on-disk store included); medians of --repeat runs. Goal (issue #13): >= 100,000 quads/s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import synthetic  # noqa: E402
from myokg import shacl_sparql, store, validate  # noqa: E402


def build(n: int, work: Path) -> Path:
    """A build of N generated records (made once per work folder)."""
    out = work / f"build-{n}"
    if not (out / "store").is_dir():
        corpus = synthetic.write(work / f"corpus-{n}.xml", n, seed=n)
        subprocess.run(
            ["myokg", "build", str(corpus), "-o", str(out), "--no-validate"], check=True, capture_output=True
        )
    return out


def median_seconds(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds (CPU time is steadier on a shared machine; the work is one thread)."""
    wall, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        run()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return statistics.median(wall), statistics.median(cpu)


def from_build(out: Path) -> validate.Report:
    """What `myokg validate BUILD` runs (before validate_build existed: the data quads read into a list)."""
    if hasattr(validate, "validate_build"):
        return validate.validate_build(out)
    return validate.validate(list(store.open_graph(out).data_quads()))


def per_check(data: list[ox.Quad]) -> None:
    """Each compiled query's time on the data in memory, the slowest first (grouped checks share one)."""
    st = validate._data_store(data)
    rows, timed = [], set()
    for check in validate._compiled(validate.paths.SHAPES_DIR):
        if check.grouped in timed:
            continue
        timed.add(check.grouped or check.query)
        t = time.perf_counter()
        found = shacl_sparql.run([check], st, union=True)
        name = f"{check.shape.rsplit('#', 1)[-1]} {check.component.rsplit('#', 1)[-1]}"
        rows.append((time.perf_counter() - t, len(found), name + (" (grouped)" if check.grouped else "")))
    print(f"  compiled queries: {len(rows)}, {sum(r[0] for r in rows):.2f} s in all; the slowest:")
    for seconds, found, name in sorted(rows, reverse=True)[:10]:
        print(f"  {seconds:7.3f} s  {found:5d} results  {name}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, nargs="+", default=[200, 1000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workdir", type=Path, help="keep corpora and builds here (default: a temporary folder)")
    ap.add_argument("--checks", action="store_true", help="time each compiled check on the largest build")
    args = ap.parse_args()
    print(f"cores {os.cpu_count()}, load average {os.getloadavg()[0]:.1f} (other work slows every figure)")
    with tempfile.TemporaryDirectory() as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        data: list[ox.Quad] = []
        for n in args.records:
            out = build(n, work)
            data = list(store.open_graph(out).data_quads())
            validate.validate(data[:1000])  # compile the shapes once, as a long-running process would
            issues = len(validate.validate(data).issues)
            in_memory = median_seconds(partial(validate.validate, data), args.repeat)
            from_store = median_seconds(partial(from_build, out), args.repeat)
            q = len(data)
            print(
                f"validation, {n:6d} records, {q:9,} quads, {issues} issues: "
                f"{q / in_memory[0]:7.0f} quads/s, {q / in_memory[1]:7.0f} per CPU second (quads in memory);  "
                f"{q / from_store[0]:7.0f} quads/s, {q / from_store[1]:7.0f} per CPU second (build directory)  "
                f"load {os.getloadavg()[0]:.1f}"
            )
        if args.checks:
            per_check(data)


if __name__ == "__main__":
    main()
