"""Validate a graph: the SHACL shapes (Core and SHACL-SPARQL) through pySHACL, and the integrity checks.

Results carry every field a SHACL report requires; shapes are named by IRI. Any SHACL engine that reads
``with_hierarchy(quads)`` and ``shapes/`` reproduces them (the tests run Apache Jena's on the same graphs).
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from myokg import paths, store
from myokg.errors import MyokgError
from myokg.namespaces import RDF, RDFS, XSD
from myokg.queries import lint_shapes, stored

_SH = "http://www.w3.org/ns/shacl#"
_RDF_TYPE = str(RDF.type)
_SUBCLASS = str(RDFS.subClassOf)

Term = ox.NamedNode | ox.Literal | ox.BlankNode


@dataclass(frozen=True)
class Issue:
    """One validation result."""

    severity: str  # Violation | Warning | Info
    focus: str
    path: str
    message: str
    source: str  # IRI of the shape that reported it, or "check NAME"
    component: str = ""  # IRI of the sh:sourceConstraintComponent
    value: Term | None = None  # sh:value, where the component reports one


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
        for i in self.issues:
            value = f" (value {i.value})" if i.value is not None else ""
            lines.append(f"{i.severity}: {i.focus} {i.path}: {i.message}{value} [{i.source}]")
        return "\n".join(lines) + "\n"


def with_hierarchy(quads: list[ox.Quad]) -> list[ox.Quad]:
    """The data plus the ontology's rdfs:subClassOf and rdf:type triples: all a SHACL engine needs.

    Written beside the data, this is the file another engine validates with ``shapes/``.
    """
    needed = (_SUBCLASS, _RDF_TYPE)
    hierarchy = [
        ox.Quad(q.subject, q.predicate, q.object)
        for q in store.ontology_quads()
        if q.predicate.value in needed and isinstance(q.object, ox.NamedNode)
    ]
    return list(quads) + hierarchy


@contextmanager
def _quiet_rdflib() -> Iterator[None]:
    """rdflib logs a traceback for each ill-typed literal ("abc"^^xsd:integer); SHACL reports them instead."""
    log = logging.getLogger("rdflib.term")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        log.setLevel(level)


def _rdflib_graph(quads: list[ox.Quad]) -> Any:
    """The triples as an rdflib graph for pyshacl, built term by term (no text round trip)."""
    import rdflib

    def term(t: Any) -> Any:
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
    with _quiet_rdflib():
        for q in quads:
            graph.add((term(q.subject), term(q.predicate), term(q.object)))
    return graph


def _ox_term(t: Any) -> Term | None:
    import rdflib

    if t is None:
        return None
    if isinstance(t, rdflib.URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, rdflib.BNode):
        return ox.BlankNode(str(t))
    if t.language:
        return ox.Literal(str(t), language=t.language)
    return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)) if t.datatype else None)


def load_shapes(shapes_dir: Path = paths.SHAPES_DIR) -> Any:
    """The shapes as an rdflib graph; every SPARQL text in them is linted first (no SERVICE, LOAD, FROM)."""
    import rdflib

    shapes = rdflib.Graph()
    for p in sorted(shapes_dir.glob("*.ttl")):
        lint_shapes(p)
        shapes.parse(p, format="turtle")
    return shapes


def shacl(quads: list[ox.Quad], shapes_dir: Path = paths.SHAPES_DIR, engine: str = "auto") -> list[Issue]:
    """Validate the data plus the ontology's hierarchy against the shapes.

    ``engine``: "sparql" runs the shapes compiled to SPARQL on pyoxigraph (same results as pySHACL, the
    tests compare them); "pyshacl" runs pySHACL; "auto" compiles when every shape can be, else pySHACL.
    """
    if engine in ("auto", "sparql"):
        from myokg import shacl_sparql

        for p in sorted(shapes_dir.glob("*.ttl")):
            lint_shapes(p)
        try:
            checks = shacl_sparql.compile_shapes(sorted(shapes_dir.glob("*.ttl")))
        except shacl_sparql.Unsupported:
            if engine == "sparql":
                raise
        else:
            st = ox.Store()
            st.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in with_hierarchy(quads))
            return [
                Issue(c.severity, focus, c.path, c.message, c.shape, c.component, value)
                for c, focus, value in shacl_sparql.run(checks, st)
            ]
    return _pyshacl(quads, shapes_dir)


def _pyshacl(quads: list[ox.Quad], shapes_dir: Path) -> list[Issue]:
    """Run pySHACL (Core and SHACL-SPARQL) on the data plus the ontology's hierarchy."""
    import pyshacl
    import rdflib
    from pyshacl.errors import ReportableRuntimeError, ShapeRecursionWarning

    shapes = load_shapes(shapes_dir)
    data = _rdflib_graph(with_hierarchy(quads))
    try:
        with warnings.catch_warnings(), _quiet_rdflib():
            warnings.simplefilter("error", ShapeRecursionWarning)
            _, results, _ = pyshacl.validate(
                data, shacl_graph=shapes, advanced=True, allow_warnings=True, inplace=True
            )
    except (ShapeRecursionWarning, ReportableRuntimeError, RecursionError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise MyokgError("validate", str(shapes_dir), f"the shapes cannot be evaluated: {first}") from None
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
                str(results.value(r, SH.sourceConstraintComponent)),
                _ox_term(results.value(r, SH.value)),
            )
        )
    return issues


def checks(st: ox.Store, directory: Path = paths.CHECKS_DIR) -> list[Issue]:
    """Run every data integrity check that SHACL cannot say; each row is a violation.

    ``ontology-*`` checks are about the ontology and run with ``myokg ontology`` (see ``ontology_checks``).
    """
    issues = []
    for name, q in stored(directory).items():
        if name.startswith("ontology-"):
            continue
        issues += _run_check(st, name, q.text)
    return issues


def ontology_checks(directory: Path = paths.CHECKS_DIR, ontology: Path = paths.ONTOLOGY) -> list[Issue]:
    """ROBOT-style quality checks of the ontology (queries/checks/ontology-*.rq); each row is a violation."""
    st = ox.Store()
    st.extend(ox.Quad(t.subject, t.predicate, t.object) for t in store.ontology_quads(ontology))
    issues = []
    for name, q in stored(directory).items():
        if name.startswith("ontology-"):
            issues += _run_check(st, name, q.text)
    return sorted(issues, key=lambda i: (i.source, i.focus, i.message))


def _run_check(st: ox.Store, name: str, text: str) -> list[Issue]:
    cols, rows = store.query(st, text)
    issues = []
    for row in rows:
        values = dict(zip(cols, row, strict=True))
        focus, message = values.get("focus"), values.get("message")
        issues.append(
            Issue(
                "Violation",
                focus.value if focus is not None else "",
                "",
                message.value if message is not None else name,
                f"check {name}",
                value=values.get("value"),
            )
        )
    return issues


def validate(quads: list[ox.Quad]) -> Report:
    """SHACL plus checks, sorted for stable output."""
    issues = shacl(quads)
    if any(not name.startswith("ontology-") for name in stored(paths.CHECKS_DIR)):
        issues += checks(store.new_store(quads))
    return Report(sorted(issues, key=lambda i: (i.severity != "Violation", i.focus, i.path, i.message)))


def report_turtle(report: Report) -> str:
    """The report as a SHACL ValidationReport in Turtle (checks appear as results too)."""

    def sh(local: str) -> ox.NamedNode:
        return ox.NamedNode(_SH + local)

    rdf_type = ox.NamedNode(_RDF_TYPE)
    rep = ox.NamedNode("https://w3id.org/myokg/data/validation-report")
    triples = [
        ox.Triple(rep, rdf_type, sh("ValidationReport")),
        ox.Triple(
            rep,
            sh("conforms"),
            ox.Literal(
                "true" if report.conforms else "false",
                datatype=ox.NamedNode(str(XSD.boolean)),
            ),
        ),
    ]
    for k, i in enumerate(report.issues):
        r = ox.NamedNode(f"https://w3id.org/myokg/data/validation-report/{k + 1}")
        triples += [
            ox.Triple(rep, sh("result"), r),
            ox.Triple(r, rdf_type, sh("ValidationResult")),
            ox.Triple(r, sh("resultSeverity"), sh(i.severity)),
            ox.Triple(r, sh("resultMessage"), ox.Literal(i.message)),
            # checks are SPARQL-based constraints of this project, named by their query file
            ox.Triple(
                r,
                sh("sourceConstraintComponent"),
                ox.NamedNode(i.component or _SH + "SPARQLConstraintComponent"),
            ),
        ]
        shape = i.source if ":" in i.source and " " not in i.source else ""
        if not shape:
            shape = "https://w3id.org/myokg/checks#" + i.source.removeprefix("check ")
        triples.append(ox.Triple(r, sh("sourceShape"), ox.NamedNode(shape)))
        if i.focus.startswith(("http://", "https://")):
            triples.append(ox.Triple(r, sh("focusNode"), ox.NamedNode(i.focus)))
        if i.path.startswith(("http://", "https://")):
            triples.append(ox.Triple(r, sh("resultPath"), ox.NamedNode(i.path)))
        if isinstance(i.value, ox.NamedNode | ox.Literal):
            triples.append(ox.Triple(r, sh("value"), i.value))
    return store.turtle(triples, {"sh": _SH})
