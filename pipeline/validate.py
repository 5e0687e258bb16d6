"""Validate a graph: SHACL shapes through pyshacl, and the integrity-check queries."""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

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

    @property
    def violations(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "Violation"]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def text(self) -> str:
        head = "conforms" if self.conforms else f"{len(self.violations)} violation(s)"
        warn = len(self.issues) - len(self.violations)
        lines = [f"{head}, {warn} warning(s)"]
        lines += [f"{i.severity}: {i.focus} {i.path}: {i.message} [{i.source}]" for i in self.issues]
        return "\n".join(lines) + "\n"


def shapes_graph_text(directory: Path = paths.SHAPES_DIR) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(directory.glob("*.ttl")))


def shacl(quads: list[ox.Quad], shapes_dir: Path = paths.SHAPES_DIR) -> list[Issue]:
    """Run pyshacl on the data plus the ontology (for the class hierarchy)."""
    import pyshacl
    import rdflib
    from pyshacl.errors import ShapeRecursionWarning

    data = rdflib.Graph()
    nt = "\n".join(store.sorted_lines(list(quads) + store.ontology_quads(), with_graph=False)) + "\n"
    data.parse(data=nt, format="nt")
    shapes = rdflib.Graph()
    for p in sorted(shapes_dir.glob("*.ttl")):
        shapes.parse(p, format="turtle")
    with warnings.catch_warnings():
        warnings.simplefilter("error", ShapeRecursionWarning)
        _, results, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=True, allow_warnings=True)
    SH = rdflib.Namespace(_SH)
    issues = []
    for r in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        sev = str(results.value(r, SH.resultSeverity)).rsplit("#", 1)[-1]
        issues.append(Issue(sev, str(results.value(r, SH.focusNode)), str(results.value(r, SH.resultPath) or ""),
                            str(results.value(r, SH.resultMessage) or ""), str(results.value(r, SH.sourceShape))))
    return issues


def checks(st: ox.Store, directory: Path = paths.CHECKS_DIR) -> list[Issue]:
    """Run every integrity check; each row is a violation."""
    issues = []
    for name, q in stored(directory).items():
        cols, rows = store.query(st, q.text)
        for row in rows:
            values = dict(zip(cols, row))
            issues.append(Issue("Violation", values["focus"].value if values.get("focus") else "",
                                "", values["message"].value if values.get("message") else name, f"check {name}"))
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
    triples = [ox.Triple(rep, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), sh("ValidationReport")),
               ox.Triple(rep, sh("conforms"), ox.Literal("true" if report.conforms else "false",
                                                         datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")))]
    for k, i in enumerate(report.issues):
        r = ox.NamedNode(f"https://w3id.org/myokg/data/validation-report/{k + 1}")
        triples += [ox.Triple(rep, sh("result"), r),
                    ox.Triple(r, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), sh("ValidationResult")),
                    ox.Triple(r, sh("resultSeverity"), sh(i.severity)),
                    ox.Triple(r, sh("resultMessage"), ox.Literal(i.message))]
        if i.focus.startswith(("http://", "https://")):
            triples.append(ox.Triple(r, sh("focusNode"), ox.NamedNode(i.focus)))
        if i.path.startswith(("http://", "https://")):
            triples.append(ox.Triple(r, sh("resultPath"), ox.NamedNode(i.path)))
    return store.turtle(triples, {"sh": _SH})
