"""Stored queries are written for the plan Oxigraph makes: required patterns before OPTIONALs, and
property paths only over the ontology's class hierarchy (walked from a bound term), never over data.

Checked on rdflib's SPARQL algebra: `{ A OPTIONAL { B } C }` becomes Join(LeftJoin(A, B), C).
"""

from __future__ import annotations

import pytest
from rdflib import RDFS
from rdflib.paths import MulPath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue

from myokg import paths

QUERIES = sorted(paths.QUERIES_DIR.rglob("*.rq"))


def _nodes(node):
    if isinstance(node, CompValue):
        yield node
        for v in node.values():
            yield from _nodes(v)
    elif isinstance(node, (list, tuple)):
        for v in node:
            yield from _nodes(v)


def _triples(node):
    for n in _nodes(node):
        if n.name == "BGP":
            yield from n.triples


def _algebra(path):
    return prepareQuery(path.read_text(encoding="utf-8")).algebra


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_paths_only_over_the_hierarchy(path):
    repeated = [t[1] for t in _triples(_algebra(path)) if isinstance(t[1], MulPath)]
    assert all(p.path == RDFS.subClassOf for p in repeated), repeated


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_required_patterns_come_before_optionals(path):
    for n in _nodes(_algebra(path)):
        if n.name == "Join" and isinstance(n.p1, CompValue) and n.p1.name == "LeftJoin":
            assert not list(_triples(n.p2)), f"a required pattern follows an OPTIONAL in {path.name}"
