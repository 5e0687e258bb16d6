"""Builds run as a user's machine runs them, for tests/test_stress.py and benchmarks/reliability.py: several
at once into folders of one parent under a CPU hog, and builds killed (SIGKILL, the whole process group) at
random moments. Every build is a fresh `python -m myokg build` process; every output is compared with a
reference build of the same inputs and its store reopened."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

#: Files of a build directory compared with the reference (the store is compared by reopening it).
SKIP = ("store",)


@dataclass
class Tally:
    builds: int = 0
    failures: list[str] = field(default_factory=list)
    verified: int = 0
    kills: int = 0
    intact: int = 0  # killed builds that left the previous build byte for byte
    finished: int = 0  # killed after the swap: the new build, complete
    damaged: list[str] = field(default_factory=list)
    max_rss: int = 0  # bytes, the largest build process (its waited-for workers included)


@contextmanager
def cpu_hog(processes: int | None = None) -> Iterator[None]:
    """Busy loops, one per core unless told: every build competes for the CPU."""
    hogs = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"])
        for _ in range(processes or os.cpu_count() or 1)
    ]
    try:
        yield
    finally:
        for h in hogs:
            h.kill()
            h.wait()


def command(inputs: Sequence[Path], out: Path, update: bool = False) -> list[str]:
    return [
        sys.executable,
        "-m",
        "myokg",
        "build",
        *map(str, inputs),
        "-o",
        str(out),
        *(["--update"] if update else []),
    ]


def start(cmd: list[str]) -> subprocess.Popen[bytes]:
    """A build in its own process group (its workers die with it when the group is killed)."""
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    return subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, start_new_session=True
    )


def finish(proc: subprocess.Popen[bytes], tally: Tally) -> int:
    """Wait for a build; its exit code. Its peak memory goes to the tally."""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    tally.max_rss = max(tally.max_rss, usage.ru_maxrss * 1024)
    return proc.returncode


def outputs(out: Path) -> dict[str, bytes]:
    """A build directory's files but the store, the report's timing lines (the whole and per stage) left out."""
    files = {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.relative_to(out).parts[0] not in SKIP
    }
    report = files.get("build-report.txt", b"").decode().splitlines()
    timings = ("seconds:", "stage seconds:")
    files["build-report.txt"] = "\n".join(x for x in report if not x.startswith(timings)).encode()
    return files


def every_output(inputs: Sequence[Path], folder: Path, seed: str, jobs: str) -> dict[str, bytes]:
    """A build and every export made from it (JSON-LD, TriG, KGX, SSSOM), each by a fresh process with hash
    seed ``seed``: file name -> bytes, the store left out and the report's timing line aside."""
    env = dict(os.environ, PYTHONHASHSEED=seed, SOURCE_DATE_EPOCH="1700000000")

    def myokg(*args: str) -> bytes:
        proc = subprocess.run([sys.executable, "-m", "myokg", *args], capture_output=True, env=env)
        if proc.returncode not in (0, 1) or b"Error" in proc.stderr:
            raise RuntimeError(f"myokg {args[0]}: {proc.stderr.decode().strip()}")
        return proc.stdout

    out = folder / "build"
    myokg("build", *map(str, inputs), "-o", str(out), "-j", jobs, "--export", "nq,ttl,nq.gz,ttl.gz")
    for fmt in ("jsonld", "trig"):
        myokg("export", "--graph", str(out), "--format", fmt, "-o", str(folder / f"x.{fmt}"))
    myokg("export", "--graph", str(out), "--format", "kgx", "-o", str(folder / "kgx"))
    (folder / "vocab.sssom.tsv").write_bytes(myokg("vocab", "--format", "sssom"))
    files = {f"build/{k}": v for k, v in outputs(out).items()}
    files.update((p.name, p.read_bytes()) for p in folder.iterdir() if p.is_file())
    return files


def quads(out: Path) -> int:
    """Reopen the build's store and count its quads (a store that cannot be opened raises)."""
    return len(ox.Store.read_only(str(out / "store")))


def tree(path: Path) -> dict[str, bytes]:
    """Every file under ``path``, the store's included: the byte-for-byte state of a build directory."""
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


@dataclass(frozen=True)
class Reference:
    files: dict[str, bytes]
    quads: int
    seconds: float

    def matches(self, out: Path) -> str:
        """ "" when ``out`` holds this build, complete and reopenable; else what differs."""
        try:
            got = outputs(out)
            differ = sorted(k for k in set(got) | set(self.files) if got.get(k) != self.files.get(k))
            if differ:
                return f"{out}: differs in {', '.join(differ[:4])}"
            if quads(out) != self.quads:
                return f"{out}: the store holds {quads(out)} quads, not {self.quads}"
        except (OSError, RuntimeError) as exc:
            return f"{out}: {exc}"
        return ""


def reference(cmd: list[str], out: Path) -> Reference:
    started = time.perf_counter()
    proc = start(cmd)
    _, err = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"reference build failed: {err.decode().strip()}")
    return Reference(outputs(out), quads(out), time.perf_counter() - started)


def parallel(parent: Path, inputs: Sequence[Path], rounds: int, builds: int = 4, hog: bool = True) -> Tally:
    """``rounds`` times, ``builds`` builds of the same inputs into ``builds`` folders of ``parent`` at once."""
    tally = Tally()
    ref = reference(command(inputs, parent / "reference"), parent / "reference")
    with cpu_hog() if hog else _nothing():
        for _ in range(rounds):
            procs = [(parent / f"b{k}", start(command(inputs, parent / f"b{k}"))) for k in range(builds)]
            for out, proc in procs:
                _verify(proc, out, ref, tally, "")
    return tally


def _verify(proc: subprocess.Popen[bytes], out: Path, ref: Reference, tally: Tally, what: str) -> None:
    """Wait for a build that must succeed; a failure, or one more verified output, goes to the tally."""
    code = finish(proc, tally)
    tally.builds += 1
    err = proc.stderr.read().decode().strip() if proc.stderr else ""
    if code != 0:
        tally.failures.append(f"{what}{out}: exit {code}: {err}")
    elif problem := ref.matches(out):
        tally.failures.append(f"{what}{problem}")
    else:
        tally.verified += 1


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def kills(
    work: Path, first: Sequence[Path], full: Sequence[Path], added: Sequence[Path], count: int, seed: int = 1
) -> Tally:
    """Builds killed at a random moment until ``count`` were (one that ends first is verified and counts as
    a try; at most 2 x ``count`` tries): full builds of ``full`` and ``--update`` adding ``added`` in turn,
    each over a build of ``first``. After each kill the folder holds the previous build byte for byte, or
    (killed after the swap) the new one complete; then the same build, run again, must succeed."""
    rng = random.Random(seed)
    tally = Tally()
    pristine = work / "pristine"
    reference(command(first, pristine), pristine)
    refs, twice = {}, {}  # each build once over ``first``; and run again over its own result
    for update, inputs in ((False, full), (True, added)):
        target = work / f"reference-{'update' if update else 'full'}"
        shutil.copytree(pristine, target, symlinks=True)
        refs[update] = reference(command(inputs, target, update), target)
        twice[update] = reference(command(inputs, target, update), target)
    out = work / "out"
    for k in range(2 * count):
        if tally.kills == count:
            break
        update = k % 2 == 1
        inputs = added if update else full
        ref = refs[update]
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(pristine, out, symlinks=True)
        before = tree(out)
        proc = start(command(inputs, out, update))
        time.sleep(rng.uniform(0, ref.seconds))  # from its start to its swap, under the same load
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        code = finish(proc, tally)
        tally.kills += code == -signal.SIGKILL
        if tree(out) == before:
            tally.intact += 1
        elif code not in (0, -signal.SIGKILL):
            tally.damaged.append(f"{out}: exit {code} and the folder changed")
        elif problem := ref.matches(out):
            tally.damaged.append(f"after a kill: {problem}")
        else:
            tally.finished += 1
            ref = twice[update]  # the build swapped in before the kill: the next one runs over it
        tally.builds += 1
        _verify(start(command(inputs, out, update)), out, ref, tally, "the build after a kill: ")
        leftovers = [
            p.name for p in work.iterdir() if p.name.startswith(".out.") and not p.name.endswith("lock")
        ]
        if leftovers:
            tally.failures.append(f"leftovers beside {out}: {leftovers}")
    return tally
