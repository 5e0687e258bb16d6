"""Builds under load and killed at random (tests/stress.py), behind a flag: ``MYOKG_STRESS=N`` runs N rounds of
4 parallel builds under a CPU hog and 2N random kills (CI runs N=1; benchmarks/reliability.py runs more)."""

from __future__ import annotations

import os

import pytest

import stress
import synthetic
from conftest import OWN_ABSTRACT, OWN_MEDLINE

ROUNDS = int(os.environ.get("MYOKG_STRESS", "0") or 0)
pytestmark = pytest.mark.skipif(not ROUNDS, reason="stress loops run with MYOKG_STRESS=N (rounds)")


def test_parallel_builds_under_load_never_fail(tmp_path):
    xml = synthetic.write(tmp_path / "records.xml", 120)  # past the size where a build starts workers
    parent = tmp_path / "builds"
    parent.mkdir()
    tally = stress.parallel(parent, [xml, OWN_ABSTRACT], ROUNDS)
    assert tally.failures == [] and tally.verified == tally.builds == 4 * ROUNDS


def test_a_build_killed_at_any_moment_leaves_the_previous_one(tmp_path):
    first = synthetic.write(tmp_path / "first.xml", 40, seed=1)
    full = synthetic.write(tmp_path / "full.xml", 120, seed=2)
    work = tmp_path / "work"
    work.mkdir()
    tally = stress.kills(work, [first], [full], [OWN_MEDLINE], 2 * ROUNDS)
    assert tally.damaged == [] and tally.failures == []
    assert tally.intact + tally.finished == tally.builds // 2
