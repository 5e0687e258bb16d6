"""owlready2 + HermiT behind one module: ontology exports for Protégé and a consistency report."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from myokg import paths, store
from myokg.errors import ReasonerUnavailable
from myokg.namespaces import OWL, RDF, RDFS

_OWL_IMPORTS = str(OWL.imports)


@dataclass
class Classification:
    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)
    inferred: list[tuple[str, str]] = field(default_factory=list)  # (class, inferred superclass)
    hierarchy: list[str] = field(default_factory=list)  # the classified hierarchy as indented labels

    def text(self) -> str:
        lines = [
            f"consistent: {'yes' if self.consistent else 'NO'}",
            f"unsatisfiable classes: {len(self.unsatisfiable)}",
        ] + [f"  {c}" for c in self.unsatisfiable]
        lines.append(f"inferred subclass axioms not stated: {len(self.inferred)}")
        lines += [f"  {c} ⊑ {p}" for c, p in self.inferred]
        if self.hierarchy:
            lines += ["inferred class hierarchy:"] + self.hierarchy
        return "\n".join(lines)


def check_ontology(path: Path = paths.ONTOLOGY) -> None:
    """Refuse remote imports and owlready2's python_module hook before anything loads the ontology."""
    for q in store.ontology_quads(path):
        if q.predicate.value == _OWL_IMPORTS:
            raise ReasonerUnavailable(
                f"{path}: owl:imports {q.object} refused (no network; inline the terms)"
            )
        if q.predicate.value.endswith("python_module"):
            raise ReasonerUnavailable(f"{path}: owlready2 python_module annotation refused")


def write_exports(output: Path) -> None:
    """Write myokg.owl (RDF/XML, for Protégé) and myokg-ontology.ttl, both or neither."""
    store.write_all(exports(output))


def exports(output: Path) -> dict[Path, bytes]:
    """myokg.owl and myokg-ontology.ttl in ``output``: file -> content."""
    check_ontology()  # refuses remote imports before anything is written
    quads = [ox.Quad(q.subject, q.predicate, q.object) for q in store.ontology_quads()]
    return {
        output / "myokg.owl": store.serialize(quads, "owl"),
        output / "myokg-ontology.ttl": store.serialize(quads, "ttl"),
    }


def classify(owl_file: Path) -> Classification:
    """Load the RDF/XML export with owlready2 (local file only) and run HermiT."""
    if shutil.which("java") is None:
        raise ReasonerUnavailable(
            "Java is not installed; HermiT needs `java` on PATH (apt-get install default-jre-headless)"
        )
    text = owl_file.read_text(encoding="utf-8")
    if re.search(r"owl:imports|python_module", text):
        raise ReasonerUnavailable(f"{owl_file}: imports or python_module annotations are refused")
    import owlready2

    world = owlready2.World()
    onto = world.get_ontology(owl_file.resolve().as_uri()).load(only_local=True)
    stated = {(c.iri, p.iri) for c in onto.classes() for p in c.is_a if isinstance(p, owlready2.ThingClass)}
    try:
        with onto:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        return Classification(consistent=False)
    except owlready2.OwlReadyJavaError as exc:
        lines = [ln for ln in str(exc).splitlines() if "Exception" in ln] or [str(exc).splitlines()[0]]
        raise ReasonerUnavailable(f"HermiT could not classify {owl_file}: {lines[0].strip()}") from None
    unsat = sorted(c.iri for c in world.inconsistent_classes())
    classes = list(onto.classes())
    inferred = sorted(
        {
            (c.iri, p.iri)
            for c in classes
            for p in c.is_a
            if isinstance(p, owlready2.ThingClass)
            and (c.iri, p.iri) not in stated
            and p is not owlready2.Thing
        }
    )
    children: dict[str, list[str]] = {}
    names = {c.iri: (c.label.first() or c.name) for c in classes}
    for c in classes:
        parents = [p.iri for p in c.is_a if isinstance(p, owlready2.ThingClass) and p.iri in names] or [
            "owl:Thing"
        ]
        for p in parents:
            children.setdefault(p, []).append(c.iri)
    tree: list[str] = []

    def walk(node: str, depth: int) -> None:
        for child in sorted(children.get(node, []), key=lambda i: names[i].lower()):
            tree.append("  " * depth + names[child])
            walk(child, depth + 1)

    walk("owl:Thing", 1)
    world.close()
    return Classification(True, unsat, inferred, tree)


def materialize(quads: list[ox.Quad]) -> list[ox.Quad]:
    """Add every superclass type implied by the ontology's class hierarchy, in the graph of the stated type."""
    rdf_type = str(RDF.type)
    parents: dict[str, set[str]] = {}
    for q in store.ontology_quads():
        if (
            q.predicate.value == str(RDFS.subClassOf)
            and isinstance(q.subject, ox.NamedNode)
            and isinstance(q.object, ox.NamedNode)
        ):
            parents.setdefault(q.subject.value, set()).add(q.object.value)

    def ancestors(cls: str) -> set[str]:
        seen: set[str] = set()
        todo = list(parents.get(cls, ()))
        while todo:
            c = todo.pop()
            if c not in seen:
                seen.add(c)
                todo.extend(parents.get(c, ()))
        return seen

    extra = [
        ox.Quad(q.subject, q.predicate, ox.NamedNode(a), q.graph_name)
        for q in quads
        if q.predicate.value == rdf_type and isinstance(q.object, ox.NamedNode)
        for a in sorted(ancestors(q.object.value))
    ]
    return list(dict.fromkeys(quads + extra))


def write_materialized(build_dir: Path) -> tuple[Path, int]:
    """Write ``myokg-materialized.nq`` beside a build: its quads plus every inferred superclass type."""
    target, data, count = materialized(build_dir)
    store.write_all({target: data})
    return target, count


def materialized(build_dir: Path) -> tuple[Path, bytes, int]:
    """``myokg-materialized.nq`` of a build: where, its content, how many quads."""
    quads = materialize(list(store.open_graph(build_dir).quads()))
    return build_dir / "myokg-materialized.nq", store.serialize(quads, "nq"), len(quads)
