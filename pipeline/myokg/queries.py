"""Stored SPARQL questions: discovery, parameters bound through the engine, and a static safety check."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from myokg import paths
from myokg.errors import QueryError
from myokg.vocab import Vocabulary

_PARAM = re.compile(
    r"^#\s*param\s+(?P<name>\w+)\s+(?P<type>\w+)(?:\s+optional=(?P<default>\S+))?\s*:\s*(?P<help>.*)$"
)
_FORBIDDEN = ("ServiceGraphPattern",)
_PREFIX_IRI = {"myo:": "https://w3id.org/myokg/ontology#", "myt:": "https://w3id.org/myokg/term/"}
#: Parameter types that name a vocabulary term, with the kinds of term they accept.
TERM_TYPES = {
    "disease": ("disease",),
    "agent": ("drug", "procedure"),
    "design": ("design",),
    "term": ("drug", "procedure", "disease", "design"),
}


@dataclass
class Param:
    name: str
    type: str
    help: str
    default: str | None = None

    @property
    def optional(self) -> bool:
        return self.default is not None


@dataclass
class StoredQuery:
    name: str
    question: str
    text: str
    params: list[Param] = field(default_factory=list)


def parse(name: str, text: str) -> StoredQuery:
    """Read the question (first line) and the parameter declarations of a stored query."""
    lines = text.splitlines()
    if not lines or not lines[0].startswith("#"):
        raise QueryError(name, "a stored query must start with '# <the question>'")
    params = [
        Param(m["name"], m["type"], m["help"], m["default"]) for line in lines if (m := _PARAM.match(line))
    ]
    return StoredQuery(name, lines[0].lstrip("# ").strip(), text, params)


def stored(directory: Path = paths.QUERIES_DIR) -> dict[str, StoredQuery]:
    """All stored queries of a folder, by name."""
    return {p.stem: parse(p.stem, p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*.rq"))}


def check_read_only(name: str, text: str) -> None:
    """Refuse updates, SERVICE, LOAD and FROM: queries stay read-only and local."""
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    def names(node: object, acc: set[str]) -> set[str]:
        if isinstance(node, CompValue):
            acc.add(node.name)
            for v in node.values():
                names(v, acc)
        elif isinstance(node, (list, tuple)):
            for v in node:
                names(v, acc)
        return acc

    if re.search(
        r"^\s*(?:PREFIX\s+\S+\s*<[^>]*>\s*|BASE\s*<[^>]*>\s*|#[^\n]*\n\s*)*(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
        text,
        re.I,
    ):
        raise QueryError(name, "updates are refused: queries are read-only")
    try:
        prepared = prepareQuery(text)
    except Exception as exc:  # rdflib raises pyparsing errors of several kinds
        raise QueryError(name, f"malformed SPARQL: {str(exc).splitlines()[0]}") from None
    found = names(prepared.algebra, set())
    if any(f in found for f in _FORBIDDEN):
        raise QueryError(name, "SERVICE is refused: queries run locally, without network access")
    if prepared.algebra.get("datasetClause"):
        raise QueryError(name, "FROM / FROM NAMED is refused: queries run on the local graph only")
    if prepared.algebra.name != "SelectQuery":
        raise QueryError(name, "only SELECT queries are supported")


def bind(q: StoredQuery, given: dict[str, str], vocab: Vocabulary) -> dict[str, ox.NamedNode | ox.Literal]:
    """Turn --param values into RDF terms; names, kinds and missing values are checked here."""
    known = {p.name: p for p in q.params}
    for k in given:
        if k not in known:
            allowed = ", ".join(known) or "none"
            raise QueryError(q.name, f"unknown parameter '{k}' (parameters: {allowed})")
    out: dict[str, ox.NamedNode | ox.Literal] = {}
    for p in q.params:
        value = given.get(p.name)
        if value is None:
            if not p.optional:
                raise QueryError(q.name, f"missing parameter: --param {p.name}=<{p.type}> ({p.help})")
            assert p.default is not None
            prefix = p.default[:4]
            out[p.name] = (
                ox.NamedNode(_PREFIX_IRI[prefix] + p.default[4:])
                if prefix in _PREFIX_IRI
                else ox.Literal(p.default)
            )
            continue
        if p.type in TERM_TYPES:
            term = vocab.resolve(value)
            if term is None or term.kind not in TERM_TYPES[p.type]:
                raise QueryError(
                    q.name, f"parameter {p.name}: no {p.type} term matches '{value}' (try `myokg lookup`)"
                )
            out[p.name] = ox.NamedNode(term.iri)
        elif p.type == "integer":
            if not re.fullmatch(r"[+-]?\d+", value):
                raise QueryError(q.name, f"parameter {p.name}: '{value}' is not an integer")
            out[p.name] = ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
        else:
            out[p.name] = ox.Literal(value)
    return out
