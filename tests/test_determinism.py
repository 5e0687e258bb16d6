"""Every output is a function of the inputs alone: two builds in two processes, with different hash seeds and
numbers of workers, write the same bytes (the build report's two timing lines aside: the whole and per stage)."""

from __future__ import annotations

from pathlib import Path

import pytest

import stress
import synthetic
from conftest import OWN_DOCUMENTS, SEEDS


def _same_across_processes(inputs: list[Path], tmp_path: Path) -> None:
    a = stress.every_output(inputs, tmp_path / "a", seed="1", jobs="1")
    b = stress.every_output(inputs, tmp_path / "b", seed="2", jobs="2")
    expected = {
        *("myokg.nq", "myokg.ttl", "myokg.nq.gz", "myokg.ttl.gz"),  # every full-graph export, asked for
        *("myokg.owl", "myokg-ontology.ttl", "void.ttl", "build-report.txt"),
    }
    assert {f"build/{name}" for name in expected} <= set(a)
    assert {"x.jsonld", "x.trig", "kgx_nodes.tsv", "kgx_edges.tsv", "vocab.sssom.tsv"} <= set(a)
    assert sorted(a) == sorted(b)
    assert [k for k in a if a[k] != b[k]] == []
    # only the timing lines are left out of the comparison: every other line of the report is compared
    whole = (tmp_path / "a" / "build" / "build-report.txt").read_text().splitlines()
    compared = a["build/build-report.txt"].decode().splitlines()
    assert [x for x in whole if x not in compared] == [
        next(x for x in whole if x.startswith("seconds: ")),
        next(x for x in whole if x.startswith("stage seconds: start ")),
    ]


def test_outputs_are_the_same_bytes_in_every_process(tmp_path):
    """Own documents plus generated PubMed XML large enough that `-j 2` runs a worker pool."""
    xml = synthetic.write(tmp_path / "records.xml", 80)
    _same_across_processes([*OWN_DOCUMENTS, xml], tmp_path)


@pytest.mark.shared
def test_seed_outputs_are_the_same_bytes_in_every_process(tmp_path):
    _same_across_processes(SEEDS, tmp_path)
