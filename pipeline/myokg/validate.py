"""Validate a graph: SHACL shapes through pyshacl, and the integrity-check queries."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from myokg import paths, store
from myokg.queries import stored

_SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True)
class Issue:
    """One validation result."""

    severity: str  # Violation | Warning | Info
    focus: str
    path: str
    message: str
    source: str  # the shape or check that reported it


@dataclass
class Report:
    issues: list[Issue]
    checked: bool = True

    @property
    def violations(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "Violation"]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def text(self) -> str:
        if not self.checked:
            return "not validated (--no-validate); run `myokg validate`\n"
        head = "conforms" if self.conforms else f"{len(self.violations)} violation(s)"
        warn = len(self.issues) - len(self.violations)
        lines = [f"{head}, {warn} warning(s)"]
        lines += [f"{i.severity}: {i.focus} {i.path}: {i.message} [{i.source}]" for i in self.issues]
        return "\n".join(lines) + "\n"


def _rdflib_graph(quads: list[ox.Quad]) -> Any:
    """The triples as an rdflib graph for pyshacl, built term by term (no text round trip)."""
    import rdflib

    def term(t: ox.NamedNode | ox.Literal | ox.BlankNode) -> Any:
        if isinstance(t, ox.NamedNode):
            return rdflib.URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return rdflib.BNode(t.value)
        if t.language:
            return rdflib.Literal(t.value, lang=t.language)
        if t.datatype.value == str(rdflib.XSD.string):
            return rdflib.Literal(t.value)  # a simple literal, as sh:in lists in the shapes are written
        return rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value))

    graph = rdflib.Graph()
    for q in quads:
        graph.add((term(q.subject), term(q.predicate), term(q.object)))
    return graph


def shacl(quads: list[ox.Quad], shapes_dir: Path = paths.SHAPES_DIR) -> list[Issue]:
    """Run pyshacl on the data plus the ontology's classes and typed individuals (what sh:class needs)."""
    import pyshacl
    import rdflib
    from pyshacl.errors import ShapeRecursionWarning

    needed = (str(rdflib.RDFS.subClassOf), str(rdflib.RDF.type))
    hierarchy = [
        q
        for q in store.ontology_quads()
        if q.predicate.value in needed and isinstance(q.object, ox.NamedNode)
    ]
    data = _rdflib_graph(list(quads) + hierarchy)
    shapes = rdflib.Graph()
    for p in sorted(shapes_dir.glob("*.ttl")):
        shapes.parse(p, format="turtle")
    with warnings.catch_warnings():
        warnings.simplefilter("error", ShapeRecursionWarning)
        _, results, _ = pyshacl.validate(
            data, shacl_graph=shapes, advanced=True, allow_warnings=True, inplace=True
        )
    SH = rdflib.Namespace(_SH)
    issues = []
    for r in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        sev = str(results.value(r, SH.resultSeverity)).rsplit("#", 1)[-1]
        issues.append(
            Issue(
                sev,
                str(results.value(r, SH.focusNode)),
                str(results.value(r, SH.resultPath) or ""),
                str(results.value(r, SH.resultMessage) or ""),
                str(results.value(r, SH.sourceShape)),
            )
        )
    return issues


def checks(st: ox.Store, directory: Path = paths.CHECKS_DIR) -> list[Issue]:
    """Run every integrity check; each row is a violation."""
    issues = []
    for name, q in stored(directory).items():
        cols, rows = store.query(st, q.text)
        for row in rows:
            values = dict(zip(cols, row, strict=True))
            issues.append(
                Issue(
                    "Violation",
                    values["focus"].value if values.get("focus") else "",
                    "",
                    values["message"].value if values.get("message") else name,
                    f"check {name}",
                )
            )
    return issues


def validate(quads: list[ox.Quad]) -> Report:
    """SHACL plus checks, sorted for stable output."""
    issues = shacl(quads) + checks(store.new_store(quads))
    return Report(sorted(issues, key=lambda i: (i.severity != "Violation", i.focus, i.path, i.message)))


def report_turtle(report: Report) -> str:
    """The report as a SHACL ValidationReport in Turtle (checks appear as results too)."""
    import pyoxigraph as ox

    sh = lambda local: ox.NamedNode(_SH + local)  # noqa: E731
    rep = ox.NamedNode("https://w3id.org/myokg/data/validation-report")
    triples = [
        ox.Triple(
            rep, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), sh("ValidationReport")
        ),
        ox.Triple(
            rep,
            sh("conforms"),
            ox.Literal(
                "true" if report.conforms else "false",
                datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"),
            ),
        ),
    ]
    for k, i in enumerate(report.issues):
        r = ox.NamedNode(f"https://w3id.org/myokg/data/validation-report/{k + 1}")
        triples += [
            ox.Triple(rep, sh("result"), r),
            ox.Triple(
                r, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), sh("ValidationResult")
            ),
            ox.Triple(r, sh("resultSeverity"), sh(i.severity)),
            ox.Triple(r, sh("resultMessage"), ox.Literal(i.message)),
        ]
        if i.focus.startswith(("http://", "https://")):
            triples.append(ox.Triple(r, sh("focusNode"), ox.NamedNode(i.focus)))
        if i.path.startswith(("http://", "https://")):
            triples.append(ox.Triple(r, sh("resultPath"), ox.NamedNode(i.path)))
    return store.turtle(triples, {"sh": _SH})
