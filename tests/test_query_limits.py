"""`myokg query` pages a long answer (--limit/--offset, in the query's own order; a listing shows its first page
unless asked for more) and stops a runaway query at its memory limit or its deadline, whichever comes first, with
one line naming the query and exit 1."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner, Result

from myokg import queries, store
from myokg.cli import main

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


def _tsv(built, name: str, *page: object) -> list[str]:
    return _myokg("query", name, "--graph", built, "--format", "tsv", *page).stdout.splitlines()


def test_a_page_is_a_slice_of_the_whole_answer_in_its_order(built):
    whole = _tsv(built, "negative-evidence")
    page = _tsv(built, "negative-evidence", "--limit", 3, "--offset", 2)
    assert len(whole) > 6
    assert page == [whole[0], *whole[3:6]]  # the header, then rows 3 to 5


def _runs_within(part: list[str], whole: list[str]) -> bool:
    return any(whole[i : i + len(part)] == part for i in range(len(whole) - len(part) + 1))


def test_a_listing_is_paged_by_the_items_it_lists(built):
    """The evidence cards page findings (each with all its rows), in the listing's order."""
    whole = _tsv(built, "report-evidence-cards", "--all")
    first, second = (_tsv(built, "report-evidence-cards", "--limit", 3, "--offset", k) for k in (0, 3))
    assert len(whole) > 8 and len(first) > 3 and len(second) > 3
    assert first[0] == second[0] == whole[0]
    assert whole[1 : len(first) + len(second) - 1] == first[1:] + second[1:]  # the pages follow each other
    assert _runs_within(first[1:], whole) and _runs_within(second[1:], whole)


@pytest.mark.parametrize("name", ["outcomes", "studies-by-design", "cited-by-several"])
def test_the_listings_page_their_items_in_order(built, name):
    whole = _tsv(built, name, "--all")
    first, second = (_tsv(built, name, "--limit", 2, "--offset", k) for k in (0, 2))
    assert len(whole) > 2 and len(first) > 1
    assert whole[1 : len(first) + len(second) - 1] == first[1:] + second[1:]  # the pages follow each other


def test_a_listing_shows_its_first_page_unless_asked_for_more(built, monkeypatch):
    monkeypatch.setattr(
        queries, "DEFAULT_PAGE", 10
    )  # the command runs here (CliRunner): a page of 10 findings

    def tsv(*args: object) -> Result:
        return CliRunner().invoke(
            main,
            ["query", "report-evidence-cards", "--graph", str(built), "--format", "tsv", *map(str, args)],
        )

    whole = tsv("--all")
    assert whole.exit_code == 0 and len(whole.stdout.splitlines()) > 11 and whole.stderr == ""
    assert tsv("--limit", 0).stdout == whole.stdout
    shown = tsv()
    assert shown.stdout == tsv("--limit", 10).stdout != whole.stdout
    assert (
        shown.stderr
        == "report-evidence-cards: the first 10 findings; the next with --offset 10, every one with --all\n"
    )


def test_a_short_listing_and_a_question_that_is_no_listing_are_shown_whole(built):
    short = _myokg("query", "cited-by-several", "--graph", built, "--format", "tsv")
    assert short.stdout.splitlines() == _tsv(built, "cited-by-several", "--all") and short.stderr == ""
    assert queries.listing(queries.stored()["evidence-matrix"].text) is None
    assert _tsv(built, "evidence-matrix") == _tsv(built, "evidence-matrix", "--all")


def test_all_is_the_whole_answer_only():
    r = _myokg("query", "outcomes", "--all", "--limit", 5)
    assert r.returncode == 2 and "--all shows every row" in r.stderr


def test_a_listing_names_what_it_pages():
    known = queries.stored()
    assert queries.listing(known["outcomes"].text) == "outcomes"
    assert queries.listing(known["studies-by-design"].text) == "studies"
    assert queries.listing(known["negative-evidence"].text) == "findings"
    assert queries.listing("SELECT * WHERE {\n  { SELECT ?f WHERE { ?f ?p ?o }\n  #@page\n  }\n}") == "items"
    assert queries.paged("{ SELECT ?w WHERE { ?w ?p ?o }\n    #@page works\n}", 5) == (
        "{ SELECT ?w WHERE { ?w ?p ?o }\n    LIMIT 5\n}\n"
    )


def test_paging_appends_to_the_query_text_only_when_asked():
    text = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s"
    assert queries.paged(text) == text
    assert queries.paged(text, 10).endswith("ORDER BY ?s\nLIMIT 10\n")
    assert queries.paged(text, None, 5).endswith("\nOFFSET 5\n")


def test_a_marked_listing_is_cut_at_its_mark():
    text = "SELECT * WHERE {\n  { SELECT ?f WHERE { ?f ?p ?o } ORDER BY ?f\n    #@page\n  }\n  ?f ?q ?v\n}\nORDER BY ?f\n"
    assert queries.paged(text) == text
    cut = queries.paged(text, 10, 20)
    assert "    LIMIT 10 OFFSET 20\n  }" in cut and cut.endswith("ORDER BY ?f\n")


def test_a_cartesian_product_stops_at_its_memory_limit_in_one_line(built):
    r = _myokg("query", "--sparql", CARTESIAN, "--graph", built, "--memory", 64, "--timeout", 100)
    assert r.returncode == 1
    assert r.stderr == "Error: query: --sparql: needed more than 64 MiB of memory (raise it with --memory)\n"
    assert r.stdout == ""


def test_a_deadline_that_comes_first_stops_it(built):
    r = _myokg("query", "--sparql", CARTESIAN, "--graph", built, "--memory", 100000, "--timeout", 1)
    assert r.returncode == 1
    assert r.stderr == "Error: query: --sparql: no answer within 1 s (raise it with --timeout)\n"
