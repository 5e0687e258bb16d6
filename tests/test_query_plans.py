"""Stored queries are written for the plan Oxigraph makes: required patterns before OPTIONALs, and
property paths only over the ontology's class hierarchy (walked from a bound term), never over data.

Oxigraph (0.5) plans a query before it applies substitutions, and evaluates the pattern of an OPTIONAL or
of an EXISTS on its own before joining it. Hence: a parameter is written where the walk starts, as a
placeholder ``VALUES ?name { UNDEF }`` that the runner fills (store.inline_values); an OPTIONAL of more
than one pattern is either a sub-select (a table built once and joined by hash) or starts from a VALUES
row; an EXISTS holds a single pattern.

A page of a listing is cut in a sub-select, and each of its rows is read in a LATERAL block (from the row's
bound terms, by look-ups): those blocks are not whole-graph plans.

Checked on rdflib's SPARQL algebra: `{ A OPTIONAL { B } C }` becomes Join(LeftJoin(A, B), C).
"""

from __future__ import annotations

import re

import pytest
from rdflib import RDFS
from rdflib.paths import MulPath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue

from myokg import paths, queries, store

QUERIES = sorted(paths.QUERIES_DIR.rglob("*.rq"))


def _nodes(node, skip=frozenset()):
    """The algebra nodes under ``node``, not descending into nodes named in ``skip``."""
    if isinstance(node, CompValue):
        if node.name in skip:
            return
        yield node
        for v in node.values():
            yield from _nodes(v, skip)
    elif isinstance(node, (list, tuple)):
        for v in node:
            yield from _nodes(v, skip)


def _triples(node):
    for n in _nodes(node):
        if n.name == "BGP":
            yield from n.triples


def _outside_subselects(node):
    """The nodes of a pattern, not descending into sub-selects (their own plan)."""
    return _nodes(node, skip=frozenset({"Project", "Distinct"}))


def _without_lateral(text: str) -> str:
    """The query with each ``LATERAL { … }`` block emptied: its patterns are evaluated once per row of what
    precedes it (a page of findings), from bound terms, so the whole-graph rules do not apply to them (and
    rdflib's parser does not know LATERAL)."""
    while (at := text.find("LATERAL {")) >= 0:
        depth, end = 0, at + len("LATERAL ")
        for end in range(at + len("LATERAL "), len(text)):
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            if depth == 0:
                break
        text = text[:at] + "{ }" + text[end + 1 :]
    return text


def _algebra(path):
    return prepareQuery(_without_lateral(path.read_text(encoding="utf-8"))).algebra


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_paths_only_over_the_hierarchy(path):
    repeated = [t[1] for t in _triples(_algebra(path)) if isinstance(t[1], MulPath)]
    assert all(p.path == RDFS.subClassOf for p in repeated), repeated


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_required_patterns_come_before_optionals(path):
    for n in _nodes(_algebra(path)):
        if n.name == "Join" and isinstance(n.p1, CompValue) and n.p1.name == "LeftJoin":
            assert not list(_triples(n.p2)), f"a required pattern follows an OPTIONAL in {path.name}"


@pytest.mark.parametrize("path", sorted(paths.QUERIES_DIR.glob("*.rq")), ids=lambda p: p.stem)
def test_parameters_are_placed_where_the_walk_starts(path):
    q = queries.parse(path.stem, path.read_text(encoding="utf-8"))
    for p in q.params:
        placeholder = store.PLACEHOLDER.format(name=p.name)
        assert re.search(placeholder, q.text), (
            f"{path.name}: write VALUES ?{p.name} {{ UNDEF }} where it is used"
        )


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_optionals_are_one_pattern_a_table_or_start_from_values(path):
    for n in _nodes(_algebra(path)):
        if n.name != "LeftJoin":
            continue
        inner = list(_outside_subselects(n.p2))
        patterns = sum(len(b.triples) for b in inner if b.name == "BGP")
        starts = any(b.name == "values" for b in inner)
        assert patterns <= 1 or starts, (
            f"{path.name}: an OPTIONAL of {patterns} patterns is evaluated on the whole graph"
        )


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_exists_holds_one_pattern(path):
    for n in _nodes(_algebra(path)):
        if n.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
            assert sum(len(b.triples) for b in _nodes(n.graph) if b.name == "BGP") <= 1, path.name


def test_a_lateral_block_is_emptied_whole():
    text = "SELECT * WHERE { { SELECT ?f WHERE { ?f ?p ?o } } LATERAL { ?f ?q ?v OPTIONAL { ?v ?r ?w } } ?f ?s ?t }"
    assert _without_lateral(text) == "SELECT * WHERE { { SELECT ?f WHERE { ?f ?p ?o } } { } ?f ?s ?t }"
