"""Validate a graph: the SHACL shapes (Core and SHACL-SPARQL) compiled to SPARQL and run on pyoxigraph
(pySHACL's results; pySHACL itself runs shapes the compiler cannot translate), and the integrity checks.

Results carry every field a SHACL report requires; shapes are named by IRI. Any SHACL engine that reads
``with_hierarchy(quads)`` and ``shapes/`` reproduces them (the tests run Apache Jena's on the same graphs).
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox

from myokg import paths, shacl_sparql, store
from myokg.errors import GraphError, MyokgError
from myokg.namespaces import ONTOLOGY_IRI, RDF, RDFS, XSD
from myokg.queries import lint_shapes, stored

_SH = "http://www.w3.org/ns/shacl#"
_RDF_TYPE = str(RDF.type)
_SUBCLASS = str(RDFS.subClassOf)

Term = ox.NamedNode | ox.Literal | ox.BlankNode
T = TypeVar("T")
#: Called as checks run: ("checks", how many have run, how many in all).
Progress = Callable[[str, int, int | None], None]


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
        """One line per problem: the results of one shape about one value (an ill-typed literal breaks
        sh:datatype and sh:minExclusive at once) share a line that names each constraint."""
        if not self.checked:
            return "not validated (--no-validate); run `myokg validate`\n"
        lines: dict[tuple[str, str, str, str, str, str], list[str]] = {}
        for i in self.issues:
            value = f" (value {i.value})" if i.value is not None else ""
            key = (i.severity, i.focus, i.path, i.message, value, i.source)
            lines.setdefault(key, []).append(_constraint(i.component))
        violations = sum(1 for key in lines if key[0] == "Violation")
        head = "conforms" if self.conforms else f"{violations} violation(s)"
        out = [f"{head}, {len(lines) - violations} warning(s)"]
        for (severity, focus, path, message, value, source), constraints in lines.items():
            named = "".join(f" {c}" for c in sorted(set(constraints)) if c)
            out.append(f"{severity}: {focus} {path}: {message}{value} [{source}]{named}")
        return "\n".join(out) + "\n"


def _constraint(component: str) -> str:
    """sh:datatype for sh:DatatypeConstraintComponent; "" for a check."""
    local = component.removeprefix(_SH).removesuffix("ConstraintComponent")
    return f"sh:{local[:1].lower()}{local[1:]}" if local and component.startswith(_SH) else ""


def with_hierarchy(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The data plus the ontology's rdfs:subClassOf and rdf:type triples: all a SHACL engine needs.

    Written beside the data, this is the file another engine validates with ``shapes/``.
    """
    return list(quads) + list(_hierarchy())


@lru_cache(maxsize=1)
def _hierarchy() -> tuple[ox.Quad, ...]:
    """The ontology's rdfs:subClassOf and rdf:type triples with a class as object, in the default graph."""
    needed = (_SUBCLASS, _RDF_TYPE)
    return tuple(
        ox.Quad(q.subject, q.predicate, q.object)
        for q in store.ontology_quads()
        if q.predicate.value in needed and isinstance(q.object, ox.NamedNode)
    )


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


def load_shapes(shapes_dir: Path | None = None) -> Any:
    """The shapes as an rdflib graph; every SPARQL text in them is linted first (no SERVICE, LOAD, FROM)."""
    import rdflib

    shapes = rdflib.Graph()
    for p in sorted((shapes_dir or paths.SHAPES_DIR).glob("*.ttl")):
        lint_shapes(p)
        shapes.parse(p, format="turtle")
    return shapes


def shacl(
    quads: Iterable[ox.Quad], shapes_dir: Path | None = None, engine: str = "auto", graph: str = ""
) -> list[Issue]:
    """Validate the data plus the ontology's hierarchy against the shapes.

    ``engine``: "sparql" runs the shapes compiled to SPARQL on pyoxigraph (same results as pySHACL, the
    tests compare them); "pyshacl" runs pySHACL; "auto" compiles when every shape can be, else pySHACL.
    ``graph`` names the graph validated in errors (shapes that cannot be evaluated on it).
    """
    return _shacl(_data_store(quads), shapes_dir, engine, graph=graph)


def _shacl(
    st: ox.Store,
    shapes_dir: Path | None = None,
    engine: str = "auto",
    on_disk: bool = False,
    graph: str = "",
    progress: Progress | None = None,
    total: int = 0,
) -> list[Issue]:
    """Validate the union of a store's graphs (the data and the hierarchy); ``progress`` hears each compiled
    check run, of ``total`` checks."""
    shapes_dir = shapes_dir or paths.SHAPES_DIR
    if engine in ("auto", "sparql"):
        try:
            checks = _compiled(shapes_dir)
        except shacl_sparql.Unsupported:
            if engine == "sparql":
                raise
        else:
            counted = _counted(checks, progress, 0, total or len(checks)) if progress else checks
            return [
                Issue(c.severity, focus, c.path, c.message, c.shape, c.component, value)
                for c, focus, value in shacl_sparql.run(counted, st, union=True, on_disk=on_disk)
            ]
    return _pyshacl(list(st), shapes_dir, graph)  # the store holds the hierarchy too


def _data_store(quads: Iterable[ox.Quad]) -> ox.Store:
    """The data in its named graphs plus the hierarchy, in memory; queries read the union of the graphs.

    The quads go in as they are (no copy into the default graph): a triple several documents state is seen
    once per graph, which the compiled checks' DISTINCT folds.
    """
    st = ox.Store()
    st.bulk_extend(quads)
    st.bulk_extend(_hierarchy())
    return st


def prepare() -> None:
    """Compile the shapes before a store to validate is opened: the compiler runs rdflib's SPARQL parser, whose
    exceptions stay in reference cycles with the frames that called it (and any store those frames hold)."""
    with suppress(shacl_sparql.Unsupported):
        _compiled(paths.SHAPES_DIR)


def _compiled(shapes_dir: Path) -> tuple[shacl_sparql.Check, ...]:
    """The shapes linted and compiled to SPARQL, once per content of the shapes folder."""
    files = sorted(shapes_dir.glob("*.ttl"))
    return _compile(tuple((p, p.stat().st_mtime_ns, p.stat().st_size) for p in files))


@lru_cache(maxsize=8)
def _compile(files: tuple[tuple[Path, int, int], ...]) -> tuple[shacl_sparql.Check, ...]:
    for p, _, _ in files:
        lint_shapes(p)
    return tuple(shacl_sparql.compile_shapes([p for p, _, _ in files]))


def _pyshacl(quads: list[ox.Quad], shapes_dir: Path, graph: str) -> list[Issue]:
    """Run pySHACL (Core and SHACL-SPARQL) on the data and the ontology's hierarchy (``quads`` hold both)."""
    import pyshacl
    import rdflib
    from pyshacl.errors import ReportableRuntimeError, ShapeRecursionWarning

    shapes = load_shapes(shapes_dir)
    data = _rdflib_graph(quads)
    try:
        with warnings.catch_warnings(), _quiet_rdflib():
            warnings.simplefilter("error", ShapeRecursionWarning)
            _, results, _ = pyshacl.validate(
                data, shacl_graph=shapes, advanced=True, allow_warnings=True, inplace=True
            )
    except (ShapeRecursionWarning, ReportableRuntimeError, RecursionError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise MyokgError(
            "validate", graph, f"the shapes of {shapes_dir} cannot be evaluated: {first}"
        ) from None
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


def checks(
    st: ox.Store,
    directory: Path = paths.CHECKS_DIR,
    progress: Progress | None = None,
    done: int = 0,
    total: int = 0,
) -> list[Issue]:
    """Run every data integrity check that SHACL cannot say; each row is a violation.

    ``ontology-*`` checks are about the ontology and run with ``myokg ontology`` (see ``ontology_checks``).
    ``progress`` hears each check run (``done`` before these, of ``total``).
    """
    issues = []
    for name, q in _counted(_data_checks(directory), progress, done, total):
        issues += _run_check(st, name, q.text)
    return issues


def _data_checks(directory: Path) -> list[tuple[str, Any]]:
    return [(name, q) for name, q in stored(directory).items() if not name.startswith("ontology-")]


def _counted(items: Iterable[T], progress: Progress | None, done: int, total: int) -> Iterator[T]:
    """``items``, telling ``progress`` after each one how many checks have run."""
    for item in items:
        yield item
        done += 1
        if progress is not None:
            progress("checks", done, total)


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


def validate(quads: Iterable[ox.Quad], graph: str = "") -> Report:
    """SHACL plus checks, sorted for stable output; ``graph`` names what is validated in errors."""
    st = _data_store(quads)
    issues = _shacl(st, graph=graph)
    if any(not name.startswith("ontology-") for name in stored(paths.CHECKS_DIR)):
        issues += checks(store.new_store(st))  # checks read one merged default graph
    return Report(sorted(issues, key=lambda i: (i.severity != "Violation", i.focus, i.path, i.message)))


def validate_build(target: Path | None, progress: Progress | None = None) -> Report:
    """Validate a build directory's graph (or an RDF file), as ``myokg validate`` does; ``progress`` hears
    each check run."""
    try:
        graph = store.open_graph(target)
    except GraphError as exc:  # the stage is validation, whoever opens the graph
        raise GraphError("validate", exc.source, exc.message) from None
    source = target or paths.BUILD_DIR
    return validate_store(graph.store, on_disk=source.is_dir(), graph=str(source), progress=progress)


def validate_store(
    st: ox.Store, on_disk: bool = False, graph: str = "", progress: Progress | None = None
) -> Report:
    """Validate a store as a build leaves it: one graph per document beside the ontology graph.

    The compiled checks run on the store itself, reading the union of its graphs, when its ontology graph
    cannot change their results (see ``_ontology_is_hierarchy_only``); else the data is copied out first.
    Reading an on-disk store costs about as much as the checks, so reading it once halves the time.
    """
    onto = ox.NamedNode(ONTOLOGY_IRI)
    data = (q for q in st if q.graph_name != onto)
    try:
        compiled = _compiled(paths.SHAPES_DIR)
    except shacl_sparql.Unsupported:
        return validate(data, graph)
    if not _ontology_is_hierarchy_only(st, compiled):
        return validate(data, graph)
    total = len(compiled) + len(_data_checks(paths.CHECKS_DIR))
    if progress is not None:
        progress("checks", 0, total)
    issues = _shacl(st, on_disk=on_disk, graph=graph, progress=progress, total=total)
    if any(not name.startswith("ontology-") for name in stored(paths.CHECKS_DIR)):
        issues += checks(store.new_store(data), progress=progress, done=len(compiled), total=total)
    return Report(sorted(issues, key=lambda i: (i.severity != "Violation", i.focus, i.path, i.message)))


def _ontology_is_hierarchy_only(st: ox.Store, compiled: tuple[shacl_sparql.Check, ...]) -> bool:
    """Whether the union of a store's graphs reads, to the compiled checks, as its data plus ``_hierarchy()``.

    True when its ontology graph holds today's hierarchy and nothing else the checks read: no other
    rdf:type or rdfs:subClassOf triple, and no triple whose predicate a check names.
    """
    hierarchy = {ox.Triple(q.subject, q.predicate, q.object) for q in _hierarchy()}
    graph = ox.NamedNode(ONTOLOGY_IRI)
    stated = {
        ox.Triple(q.subject, q.predicate, q.object) for q in st.quads_for_pattern(None, None, None, graph)
    }
    if not hierarchy <= stated:
        return False
    named = shacl_sparql.named_iris(compiled)
    if named is None:
        return False
    return not any(
        t.predicate.value in named or t.predicate.value in (_RDF_TYPE, _SUBCLASS) for t in stated - hierarchy
    )


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
