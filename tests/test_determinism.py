"""Every output is a function of the inputs alone: two builds in two processes, with different hash seeds and
numbers of workers, write the same bytes (the build report's timing line aside)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import synthetic
from conftest import OWN_DOCUMENTS, SEEDS


def _myokg(*args: str, seed: str) -> None:
    env = dict(os.environ, PYTHONHASHSEED=seed, SOURCE_DATE_EPOCH="1700000000")
    proc = subprocess.run([sys.executable, "-m", "myokg", *args], capture_output=True, text=True, env=env)
    assert proc.returncode in (0, 1) and "Error" not in proc.stderr, proc.stderr


def _outputs(inputs: list[Path], folder: Path, seed: str, jobs: str) -> dict[str, bytes]:
    """A build and every export made from it, each by a fresh process: file name -> bytes."""
    out = folder / "build"
    _myokg("build", *map(str, inputs), "-o", str(out), "-j", jobs, seed=seed)
    _myokg("export", "--graph", str(out), "--format", "jsonld", "-o", str(folder / "x.jsonld"), seed=seed)
    _myokg("export", "--graph", str(out), "--format", "trig", "-o", str(folder / "x.trig"), seed=seed)
    _myokg("export", "--graph", str(out), "--format", "kgx", "-o", str(folder / "kgx"), seed=seed)
    env = dict(os.environ, PYTHONHASHSEED=seed)
    sssom = subprocess.run(
        [sys.executable, "-m", "myokg", "vocab", "--format", "sssom"], capture_output=True, env=env
    )
    (folder / "vocab.sssom.tsv").write_bytes(sssom.stdout)
    files = {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "store" not in p.relative_to(folder).parts
    }
    report = files.pop("build/build-report.txt").decode().splitlines()
    files["build/build-report.txt"] = "\n".join(x for x in report if not x.startswith("seconds:")).encode()
    return files


def _same_across_processes(inputs: list[Path], tmp_path: Path) -> None:
    a = _outputs(inputs, tmp_path / "a", seed="1", jobs="1")
    b = _outputs(inputs, tmp_path / "b", seed="2", jobs="2")
    assert {"build/myokg.nq", "build/myokg.ttl", "build/myokg.owl", "build/void.ttl", "x.jsonld"} <= set(a)
    assert {"kgx_nodes.tsv", "kgx_edges.tsv", "vocab.sssom.tsv"} <= set(a)
    assert sorted(a) == sorted(b)
    assert [k for k in a if a[k] != b[k]] == []


def test_outputs_are_the_same_bytes_in_every_process(tmp_path):
    """Own documents plus generated PubMed XML large enough that `-j 2` runs a worker pool."""
    xml = synthetic.write(tmp_path / "records.xml", 80)
    _same_across_processes([*OWN_DOCUMENTS, xml], tmp_path)


@pytest.mark.shared
def test_seed_outputs_are_the_same_bytes_in_every_process(tmp_path):
    _same_across_processes(SEEDS, tmp_path)
