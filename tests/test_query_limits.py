"""`myokg query` pages a long answer (--limit/--offset, in the query's own order) and stops a runaway query at
its memory limit or its deadline, whichever comes first, with one line naming the query and exit 1."""

from __future__ import annotations

import subprocess
import sys

import pytest

from myokg import queries, store

CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?i ?f ?c"


@pytest.fixture(scope="module")
def built(tmp_path_factory, own_quads):
    path = tmp_path_factory.mktemp("limits") / "g.nq"
    store.write(own_quads, path, "nq")
    return path


def _myokg(*args: object, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "myokg", *map(str, args)], capture_output=True, text=True, timeout=timeout
    )


def test_a_page_is_a_slice_of_the_whole_answer_in_its_order(built):
    whole = _myokg("query", "report-evidence-cards", "--graph", built, "--format", "tsv").stdout.splitlines()
    page = _myokg(
        "query", "report-evidence-cards", "--graph", built, "--format", "tsv", "--limit", 3, "--offset", 2
    ).stdout.splitlines()
    assert len(whole) > 6
    assert page == [whole[0], *whole[3:6]]  # the header, then rows 3 to 5


def test_paging_appends_to_the_query_text_only_when_asked():
    text = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s"
    assert queries.paged(text) == text
    assert queries.paged(text, 10).endswith("ORDER BY ?s\nLIMIT 10\n")
    assert queries.paged(text, None, 5).endswith("\nOFFSET 5\n")


def test_a_cartesian_product_stops_at_its_memory_limit_in_one_line(built):
    r = _myokg("query", "--sparql", CARTESIAN, "--graph", built, "--memory", 64, "--timeout", 100)
    assert r.returncode == 1
    assert r.stderr == "Error: query: --sparql: needed more than 64 MiB of memory (raise it with --memory)\n"
    assert r.stdout == ""


def test_a_deadline_that_comes_first_stops_it(built):
    r = _myokg("query", "--sparql", CARTESIAN, "--graph", built, "--memory", 100000, "--timeout", 1)
    assert r.returncode == 1
    assert r.stderr == "Error: query: --sparql: no answer within 1 s (raise it with --timeout)\n"
