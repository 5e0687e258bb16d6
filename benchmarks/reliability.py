"""Reliability figures (not a test): builds as a user's machine runs them, with the loops of tests/stress.py.

    python benchmarks/reliability.py                    # the full loops: 4 x 25 builds, 50 kills, a 50 MB line
    python benchmarks/reliability.py --rounds 1 --kills 2 --records 100 --line-mb 4 --determinism 100   # quick

Prints: builds run, failures, outputs verified (each compared byte for byte with a reference build and its store
reopened), kills and what they left, max RSS per input MB, a one-line page's time and memory (or its refusal),
extraction time of a 16 KB against a 64 KB line, and whether two builds in two processes (other hash seed,
other -j) write the same bytes. Other work on the machine slows every figure.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "tests"), str(HERE)]
from extraction import running_text  # noqa: E402

import stress  # noqa: E402
import synthetic  # noqa: E402

MB = 2**20


def one_line_page(path: Path, size: int) -> Path:
    """A title and one line of ``size`` characters of varied treatment prose (sentences repeated)."""
    body = running_text(64 * 1024).split("Abstract\n\n", 1)[1].replace("\n", " ")
    with path.open("w", encoding="utf-8") as fh:
        fh.write("Treatment of refractory myositis: a one-line page\n\nAbstract\n\n")
        for _ in range(size // len(body)):
            fh.write(body)
        fh.write(body[: size % len(body)] + "\n")
    return path


def rss_line(tally: stress.Tally, input_bytes: int) -> str:
    return (
        f"max RSS {tally.max_rss / MB:.0f} MB for {input_bytes / MB:.2f} MB of input: "
        f"{tally.max_rss / max(input_bytes, 1):.0f} MB per input MB"
    )


def stress_loop(work: Path, records: int, rounds: int) -> None:
    xml = synthetic.write(work / "records.xml", records)
    parent = work / "parallel"
    parent.mkdir()
    started = time.perf_counter()
    t = stress.parallel(parent, [xml], rounds)
    print(f"parallel: {rounds} rounds of 4 builds ({records} records each) into one parent, under a CPU hog")
    print(f"  builds run {t.builds}, failures {len(t.failures)}, outputs verified {t.verified}")
    print(f"  {rss_line(t, xml.stat().st_size)}; {time.perf_counter() - started:.0f} s")
    for f in t.failures[:5]:
        print(f"  failure: {f}")


def kill_loop(work: Path, records: int, kills: int) -> None:
    first = synthetic.write(work / "first.xml", max(records // 3, 1), seed=1)
    full = synthetic.write(work / "full.xml", records, seed=2)
    added = synthetic.write(work / "added.xml", 5, seed=3, first_pmid=91_000_000)
    folder = work / "kills"
    folder.mkdir()
    started = time.perf_counter()
    t = stress.kills(folder, [first], [full], [added], kills)
    print(
        f"random kills: builds (full and --update in turn) killed with SIGKILL at a random moment until {kills} were"
    )
    print(
        f"  tries {t.builds // 2}, killed {t.kills} (the others ended first), previous build intact {t.intact}, "
        f"new build complete "
        f"{t.finished}, damaged {len(t.damaged)}; builds after a kill failed {len(t.failures)}, verified {t.verified}"
    )
    print(f"  {rss_line(t, full.stat().st_size)}; {time.perf_counter() - started:.0f} s")
    for f in (t.damaged + t.failures)[:5]:
        print(f"  problem: {f}")


def long_line(work: Path, megabytes: float) -> None:
    page = one_line_page(work / f"line-{megabytes:g}.txt", int(megabytes * MB))
    t = stress.Tally()
    started = time.perf_counter()
    proc = stress.start(stress.command([page], work / f"line-build-{megabytes:g}"))
    code = stress.finish(proc, t)
    seconds = time.perf_counter() - started
    said = proc.stderr.read().decode().strip().splitlines() if proc.stderr else []
    print(
        f"one-line page of {megabytes:g} MB: exit {code} in {seconds:.1f} s, max RSS {t.max_rss / MB:.0f} MB"
    )
    for line in said[:2]:
        print(f"  {line}")


def line_scaling() -> None:
    """CPU time to read and extract a one-line page of 16 KB and of 64 KB (best of three)."""
    from myokg.build import extract_record
    from myokg.read.page import read_page

    def best(size: int) -> float:
        text = running_text(size).replace("\n\n", "\n").split("\n", 2)
        page = f"{text[0]}\n\n{text[2].replace(chr(10), ' ')}\n"
        times = []
        for _ in range(3):
            started = time.process_time()
            extract_record(read_page("line.txt", page))
            times.append(time.process_time() - started)
        return min(times)

    best(16 * 1024)  # warm caches
    small, large = best(16 * 1024), best(64 * 1024)
    print(
        f"one line read + extracted: 16 KB {small * 1000:.0f} ms, 64 KB {large * 1000:.0f} ms, ratio {large / small:.1f}"
    )


def determinism(work: Path, records: int) -> None:
    inputs = [synthetic.write(work / "same.xml", records, seed=5)]
    a = stress.every_output(inputs, work / "a", seed="1", jobs="1")
    b = stress.every_output(inputs, work / "b", seed="2", jobs="2")
    differ = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
    print(
        f"determinism: {records} records built in two processes (PYTHONHASHSEED 1, -j 1 / 2, -j 2): "
        f"{len(a)} outputs, {len(differ)} differ {differ or ''}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=25, help="rounds of 4 parallel builds (0: none)")
    ap.add_argument("--kills", type=int, default=50, help="builds killed at random (0: none)")
    ap.add_argument("--records", type=int, default=300, help="generated PubMed records per build")
    ap.add_argument("--line-mb", type=float, nargs="*", default=[1.9, 50], help="sizes of one-line pages")
    ap.add_argument(
        "--determinism", type=int, default=1000, help="records of the two-process check (0: none)"
    )
    ap.add_argument("--workdir", type=Path)
    a = ap.parse_args()
    print(f"cores {os.cpu_count()}, load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(dir=a.workdir) as tmp:
        work = Path(tmp)
        for name, run, wanted in (
            ("determinism", lambda d: determinism(d, a.determinism), a.determinism),
            ("lines", lambda d: (line_scaling(), *(long_line(d, mb) for mb in a.line_mb)), a.line_mb),
            ("parallel", lambda d: stress_loop(d, a.records, a.rounds), a.rounds),
            ("kills", lambda d: kill_loop(d, a.records, a.kills), a.kills),
        ):
            if wanted:
                (work / name).mkdir()
                run(work / name)
                sys.stdout.flush()


if __name__ == "__main__":
    main()
