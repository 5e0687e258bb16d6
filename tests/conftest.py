"""Shared fixtures: the project's own documents (tests/fixtures), the seed documents (../shared) and graphs of both.

Tests that read ../shared carry ``pytest.mark.shared``; without ../shared they skip with one reason. The fixtures
``own_extractions``, ``own_quads`` and ``own_store`` are built from tests/fixtures alone, so every test that needs
"a real graph" rather than the seeds' facts runs on a fresh clone.
"""

from __future__ import annotations

import ipaddress
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings


def _no_network(event: str, args: tuple) -> None:
    """Fail loudly on any Python-level connection that is not to this machine (tests are offline)."""
    if event == "socket.connect" and isinstance(args[1], tuple) and args[1]:
        host = str(args[1][0])
        try:
            if ipaddress.ip_address(host).is_loopback:
                return
        except ValueError:
            if host == "localhost":
                return
        raise PermissionError(f"network access blocked in tests: {host}")
    if event == "socket.getaddrinfo" and args[0] not in ("localhost", "127.0.0.1", "::1", None):
        raise PermissionError(f"name lookup blocked in tests: {args[0]}")


sys.addaudithook(_no_network)

# Fuzzing budget (tests/test_fuzz.py): a small fixed, derandomized run by default so CI is repeatable and fast;
# `MYOKG_FUZZ=long python -m pytest tests/test_fuzz.py` (or `--hypothesis-profile=long`) searches much longer.
_FUZZ = dict(
    deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.register_profile("ci", max_examples=60, derandomize=True, **_FUZZ)
settings.register_profile("long", max_examples=3000, print_blob=True, **_FUZZ)
settings.load_profile("long" if os.environ.get("MYOKG_FUZZ") == "long" else "ci")

SHARED = Path(__file__).resolve().parents[2] / "shared"
SHARED_ABSENT = "../shared (seeds, dev set, vocabulary tables, PubMed samples) is not beside this checkout"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``shared`` read ../shared; without it they skip with one reason instead of failing."""
    if SHARED.is_dir():
        return
    skip = pytest.mark.skip(reason=SHARED_ABSENT)
    for item in items:
        if "shared" in item.keywords:
            item.add_marker(skip)


SEEDS = sorted((SHARED / "seeds").glob("*.txt"))
ABSTRACT_SEED = SHARED / "seeds" / "000_9cdb060affe5853c.txt"
REVIEW_SEED = SHARED / "seeds" / "001_ce5218d2b1005e97.txt"

#: Documents written for the project, in its own words: every reader format and every extraction rule the suite checks.
FIXTURES = Path(__file__).parent / "fixtures"
OWN_ABSTRACT = FIXTURES / "abstract_page.txt"  # a PubMed abstract page: a retrospective study of abatacept
OWN_REVIEW = FIXTURES / "publisher_page.txt"  # a publisher page: a review with an annotated reference list
OWN_XML = FIXTURES / "records.xml"  # PubMed XML: a randomized trial with cited works, and a review
OWN_MEDLINE = FIXTURES / "records.nbib"  # MEDLINE: a case series and a record without an abstract
OWN_RIS = FIXTURES / "records.ris"  # RIS: a cohort study and a bare record
OWN_DOCUMENTS = [OWN_ABSTRACT, OWN_REVIEW, OWN_XML, OWN_MEDLINE, OWN_RIS]


def _extract_all(paths: list[Path]) -> list:
    from myokg import vocab
    from myokg.extract import Extractor
    from myokg.read import read_path

    x = Extractor(vocab.default())
    return [x.extract(d) for f in paths for d in read_path(f)]


@pytest.fixture(scope="session")
def extractions():
    """The two seed documents, extracted (the seeds' facts are checked exactly)."""
    if not SHARED.is_dir():
        pytest.skip(SHARED_ABSENT)
    return _extract_all(SEEDS)


@pytest.fixture(scope="session")
def seed_quads(extractions):
    from myokg import graph

    return graph.build(extractions)


@pytest.fixture(scope="session")
def seed_store(seed_quads):
    from myokg import store

    return store.new_store(seed_quads, summarised=True)


@pytest.fixture(scope="session")
def own_extractions():
    """The project's own documents in every format, extracted."""
    return _extract_all(OWN_DOCUMENTS)


@pytest.fixture(scope="session")
def own_quads(own_extractions):
    from myokg import graph

    return graph.build(own_extractions)


@pytest.fixture(scope="session")
def own_store(own_quads):
    from myokg import store

    return store.new_store(own_quads, summarised=True)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of the bundled corpus and the report fixture page, made once for the report and serve tests."""
    from click.testing import CliRunner

    from myokg import paths
    from myokg.cli import main

    out = tmp_path_factory.mktemp("report") / "build"
    r = CliRunner().invoke(
        main,
        [
            "build",
            "-o",
            str(out),
            "--export",
            "nq",  # the report tests read the graph's quads from it
            str(paths.CORPUS_DIR),
            str(FIXTURES / "report-abstract.txt"),
        ],
    )
    assert r.exit_code == 0, r.output
    return out
