"""Shared fixtures: the seed documents (read from ../shared at test time) and one built graph."""

from __future__ import annotations

import ipaddress
import sys
from pathlib import Path

import pytest


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


@pytest.fixture(scope="session")
def extractions():
    from myokg import vocab
    from myokg.extract import Extractor
    from myokg.read import read_path

    x = Extractor(vocab.default())
    return [x.extract(d) for f in SEEDS for d in read_path(f)]


@pytest.fixture(scope="session")
def seed_quads(extractions):
    from myokg import graph

    return graph.build(extractions)


@pytest.fixture(scope="session")
def seed_store(seed_quads):
    from myokg import store

    return store.new_store(seed_quads)
