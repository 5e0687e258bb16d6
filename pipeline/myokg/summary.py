"""The summary graph: per agent and condition, the counts the whole-corpus questions would otherwise recompute
over every finding at query time (studies, findings, best design and evidence level, directions, sources).

Each record's worker turns its own triples into compact finding rows (``rows``); the build keeps every row in
``summary-rows.jsonl`` beside the store (``--update`` drops the rows of replaced documents and adds the new
ones) and writes the summary graph from all of them (``quads``), replacing the previous one. Nothing is read
back from the store but the ontology's small tables, so the graph costs seconds at 100,000 records.

Three kinds of node, one per question's grouping, each computed as that question did from the findings:
- agent and condition with their narrower terms (``report-evidence-map``): studies, findings, best level and
  design of each study's types, studies per direction;
- the agent itself in a condition with its narrower terms (``agents-with-evidence``): studies, best design and
  level of the findings' own study designs, directions, sources;
- the agent and the condition themselves (``evidence-matrix``): findings and studies.
"""

from __future__ import annotations

import heapq
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from myokg.namespaces import DATA, MYO, ONTOLOGY_IRI, RDF, RDFS, TERM

#: A finding's or a study's row (``rows``): plain strings and lists of strings, as JSON keeps them.
Row = list[Any]
#: The named graph the summary is written to (replaced whole by every build).
GRAPH = ox.NamedNode(str(DATA) + "summary")
#: Findings an agent's evidence card shows (the strongest first); the others are counted.
CARD_ROWS = 25
#: The finding rows of the build, one JSON array per line, kept beside the store for ``--update``.
ROWS_FILE = "summary-rows.jsonl"

_TYPE, _LABEL, _SUBCLASS = (ox.NamedNode(str(x)) for x in (RDF.type, RDFS.label, RDFS.subClassOf))
_FINDING, _STUDY = ox.NamedNode(str(MYO.Finding)), ox.NamedNode(str(MYO.Study))
_TERM = str(TERM)
_XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
_XSD_BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")


def _p(name: str) -> ox.NamedNode:
    return ox.NamedNode(str(MYO) + name)


_AGENT, _CONDITION, _STUDY_OF, _DIRECTION = _p("agent"), _p("condition"), _p("study"), _p("direction")
_DESIGN, _FIRST, _YEAR, _TITLE = (
    _p("studyDesign"),
    _p("sourceFirstAuthor"),
    _p("sourceYear"),
    _p("sourceTitle"),
)
_REPORTED_IN = _p("reportedIn")
_RANK, _LEVEL = _p("evidenceRank"), _p("evidenceLevel")
_DIRECTIONS = {"positive": "positiveStudies", "negative": "negativeStudies", "mixed": "mixedStudies"}


# ---- rows, per record -------------------------------------------------------------------------
def rows(graph: str, triples: Iterable[ox.Triple]) -> list[Row]:
    """One record's rows: ``["f", graph, finding, agent, condition, study, direction, designs, first authors,
    years, titles]`` per finding (its own document's copies) and ``["s", graph, study, types]`` per study it types."""
    about: dict[Any, dict[ox.NamedNode, list[Any]]] = defaultdict(lambda: defaultdict(list))
    findings: list[Any] = []
    studies: list[Any] = []
    for t in triples:
        about[t.subject][t.predicate].append(t.object)
        if t.predicate == _TYPE and t.object == _FINDING:
            findings.append(t.subject)
        elif t.predicate == _REPORTED_IN:
            studies.append(t.subject)
    out: list[Row] = []
    for f in findings:
        props = about[f]
        for a in props[_AGENT]:
            for c in props[_CONDITION]:
                for s in props[_STUDY_OF]:
                    for d in props[_DIRECTION]:
                        out.append(
                            [
                                "f",
                                graph,
                                f.value,
                                a.value,
                                c.value,
                                s.value,
                                d.value,
                                [x.value for x in props[_DESIGN]],
                                [x.value for x in props[_FIRST]],
                                [x.value for x in props[_YEAR]],
                                [x.value for x in props[_TITLE]],
                            ]
                        )
    for s in dict.fromkeys(studies):
        types = [x.value for x in about[s][_TYPE] if x != _STUDY]
        out.append(["s", graph, s.value, types])
    return out


def read_rows(path: Path, dropped: set[str] = frozenset()) -> list[Row]:  # type: ignore[assignment]
    """The rows kept beside a build, less those of the graphs ``dropped``."""
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as fh:
        kept = (json.loads(line) for line in fh if line.strip())
        return [r for r in kept if r[1] not in dropped]


def write_rows(path: Path, all_rows: Iterable[list[object]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in all_rows)


def renamed(all_rows: list[Row], pairs: dict[str, str]) -> None:
    """Studies renamed when the build merged their works (``build._with_studies``), in place."""
    if not pairs:
        return
    for r in all_rows:
        i = 5 if r[0] == "f" else 2
        r[i] = pairs.get(str(r[i]), r[i])


# ---- the ontology's tables ---------------------------------------------------------------------
@dataclass
class _Terms:
    """What the questions read from the ontology (and terms declared in documents): each term's broader terms
    (itself included), labels, and each design's rank and level."""

    parents: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    broader: dict[str, set[str]] = field(default_factory=dict)
    labels: dict[str, list[ox.Literal]] = field(default_factory=dict)
    ranks: dict[str, list[int]] = field(default_factory=dict)
    levels: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def read(cls, st: ox.Store) -> _Terms:
        out = cls()
        for q in st.quads_for_pattern(None, _SUBCLASS, None, None):
            if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode):
                out.parents[q.subject.value].add(q.object.value)
        for prop, table in ((_RANK, out.ranks), (_LEVEL, out.levels)):
            for q in st.quads_for_pattern(None, prop, None, None):
                if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.Literal):
                    try:
                        table.setdefault(q.subject.value, []).append(int(q.object.value))
                    except ValueError:
                        continue
        return out

    def up(self, iri: str) -> set[str]:
        """``iri`` and every term it is a subclass of (rdfs:subClassOf*)."""
        found = self.broader.get(iri)
        if found is None:
            found, todo = {iri}, [iri]
            while todo:
                for p in self.parents.get(todo.pop(), ()):
                    if p not in found:
                        found.add(p)
                        todo.append(p)
            self.broader[iri] = found
        return found

    def label_of(self, st: ox.Store, iri: str) -> list[ox.Literal]:
        if iri not in self.labels:
            self.labels[iri] = [
                q.object
                for q in st.quads_for_pattern(ox.NamedNode(iri), _LABEL, None, None)
                if isinstance(q.object, ox.Literal)
            ]
        return self.labels[iri]


# ---- the summary ---------------------------------------------------------------------------------
def quads(st: ox.Store, all_rows: list[Row]) -> Iterator[ox.Quad]:
    """The summary graph of the build whose rows are ``all_rows`` (the store gives the ontology's tables)."""
    terms = _Terms.read(st)
    study_types: dict[str, set[str]] = defaultdict(set)
    findings: dict[str, Row] = {}  # one row per finding (a document given twice gives its rows twice)
    for r in all_rows:
        if r[0] == "s":
            study_types[str(r[2])].update(r[3])
        else:
            findings.setdefault(r[2], r)
    study_keys = {s: _study_key(terms, st, types) for s, types in study_types.items()}
    rolled: dict[tuple[str, str], _Group] = defaultdict(_Group)
    by_agent: dict[tuple[str, str], _Group] = defaultdict(_Group)
    exact: dict[tuple[str, str], _Group] = defaultdict(_Group)
    cards: dict[str, _Card] = defaultdict(_Card)
    for _, _graph, f, a, c, s, d, designs, firsts, years, titles in findings.values():
        a, c, s, d = str(a), str(c), str(s), str(d)
        cards[a].add(terms, st, str(f), s, c, designs, years, titles)
        up_c = terms.up(c)
        level, dkey = study_keys.get(s, (None, None))
        for agent in terms.up(a):
            if not agent.startswith(_TERM):
                continue
            for condition in up_c:
                if condition.startswith(_TERM):
                    rolled[agent, condition].add_study(s, d, level, dkey)
        dir_labels = terms.label_of(st, d)
        if dir_labels:  # the question joins the direction's label
            f_level, f_key = _finding_key(terms, st, designs)
            sources = _sources(firsts, years)
            for condition in up_c:
                by_agent[a, condition].add_finding(s, f_level, f_key, dir_labels, sources)
        exact[a, c].add_study(s, d, None, None)
    yield from _nodes(st, terms, rolled, "rolled", (True, True))
    yield from _nodes(st, terms, by_agent, "agent", (False, True))
    yield from _nodes(st, terms, exact, "exact", (False, False))
    yield from _cards(cards)


@dataclass
class _Group:
    findings: int = 0
    studies: set[str] = field(default_factory=set)
    by_direction: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    level: int | None = None
    key: str | None = None  # "<level><rank + 100>|<label>" or "<rank + 100>|<label>", the least wins
    directions: set[ox.Literal] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    no_design: bool = False  # a member had no ranked design (COALESCE in the questions)

    def _best(self, level: int | None, key: str | None) -> None:
        if level is not None and (self.level is None or level < self.level):
            self.level = level
        if key is None:
            self.no_design = True
        elif self.key is None or key < self.key:
            self.key = key

    def best_label(self, none: str) -> str:
        """The label of the best design, as the questions pick it: the least key, where a member with no
        ranked design stands as ``none`` ("9|" or "999|"); empty when that wins."""
        keys = ([self.key] if self.key is not None else []) + ([none] if self.no_design else [])
        return min(keys).split("|", 1)[1] if keys else ""

    def add_study(self, study: str, direction: str, level: int | None, key: str | None) -> None:
        self.findings += 1
        self.studies.add(study)
        self.by_direction[direction].add(study)
        self._best(level, key)

    def add_finding(
        self, study: str, level: int | None, key: str | None, directions: list[ox.Literal], sources: set[str]
    ) -> None:
        self.studies.add(study)
        self.directions.update(directions)
        self.sources.update(sources)
        self._best(level, key)


@dataclass
class _Card:
    """An agent's findings in every condition, as the evidence cards order them: best evidence level first
    (of the study's ranked designs), then the latest year, the title and the condition; the first
    ``CARD_ROWS`` are kept."""

    findings: int = 0
    studies: set[str] = field(default_factory=set)
    level: int | None = None
    strongest: list[tuple[tuple[int, bool, int, str, str], str]] = field(default_factory=list)

    def add(
        self,
        terms: _Terms,
        st: ox.Store,
        finding: str,
        study: str,
        condition: str,
        designs: list[str],
        years: list[str],
        titles: list[str],
    ) -> None:
        self.findings += 1
        self.studies.add(study)
        ranked = [t for t in designs if terms.ranks.get(t) and terms.label_of(st, t)]
        level = min((lv for t in ranked for lv in terms.levels.get(t, [9])), default=9)
        if level < 9 and (self.level is None or level < self.level):
            self.level = level
        year = max((int(y) for y in years if y.isdigit()), default=None)
        condition_label = min((x.value for x in terms.label_of(st, condition)), default="")
        self.strongest.append(
            ((level, year is None, -(year or 0), min(titles, default=""), condition_label), finding)
        )
        if len(self.strongest) >= 8 * CARD_ROWS:  # keep the list short: only the first CARD_ROWS can show
            self.strongest = heapq.nsmallest(CARD_ROWS, self.strongest)

    def shown(self) -> list[str]:
        return [finding for _, finding in heapq.nsmallest(CARD_ROWS, self.strongest)]


def _study_key(terms: _Terms, st: ox.Store, types: Iterable[str]) -> tuple[int | None, str | None]:
    """A study's best level and design key over its types that have a level, a rank and a label."""
    keys = [
        (lv, f"{lv}{rank + 100}|{label.value}")
        for t in types
        for lv in terms.levels.get(t, ())
        for rank in terms.ranks.get(t, ())
        for label in terms.label_of(st, t)
    ]
    if not keys:
        return None, None
    return min(k[0] for k in keys), min(k[1] for k in keys)


def _finding_key(terms: _Terms, st: ox.Store, designs: list[str]) -> tuple[int | None, str | None]:
    """A finding's best level (over its study's designs that have one) and design key (rank and label)."""
    levels = [lv for t in designs for lv in terms.levels.get(t, ())]
    keys = [
        f"{rank + 100}|{label.value}"
        for t in designs
        for rank in terms.ranks.get(t, ())
        for label in terms.label_of(st, t)
    ]
    return (min(levels) if levels else None), (min(keys) if keys else None)


def _sources(firsts: list[str], years: list[str]) -> set[str]:
    return {f"{first} {year}" for first in firsts or ["anonymous"] for year in years or ["n.d."]}


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_XSD_INTEGER)


def _nodes(
    st: ox.Store,
    terms: _Terms,
    groups: dict[tuple[str, str], _Group],
    kind: str,
    rollup: tuple[bool, bool],
) -> Iterator[ox.Quad]:
    from myokg.graph import digest

    g = GRAPH
    for (agent, condition), group in sorted(groups.items()):
        node = ox.NamedNode(f"{DATA}summary/{kind}-{digest(agent, condition)}")

        def add(prop: str, value: ox.NamedNode | ox.Literal) -> ox.Quad:
            return ox.Quad(node, _p(prop), value, g)  # noqa: B023

        yield ox.Quad(node, _TYPE, _p("EvidenceSummary"), g)
        yield add("summaryAgent", ox.NamedNode(agent))
        yield add("summaryCondition", ox.NamedNode(condition))
        yield add("includesNarrowerAgents", ox.Literal(str(rollup[0]).lower(), datatype=_XSD_BOOLEAN))
        yield add("includesNarrowerConditions", ox.Literal(str(rollup[1]).lower(), datatype=_XSD_BOOLEAN))
        yield add("studyCount", _integer(len(group.studies)))
        if kind == "agent":
            for label in sorted(group.directions, key=str):
                yield add("directionLabel", label)
            yield add("sources", ox.Literal("; ".join(sorted(group.sources))))
        else:
            yield add("findingCount", _integer(group.findings))
        if kind == "exact":
            continue
        if group.level is not None:
            yield add("bestLevel", _integer(group.level))
        design = group.best_label("9|" if kind == "rolled" else "999|")
        if design:
            yield add("bestDesignLabel", ox.Literal(design))
        if kind == "rolled":
            for direction, prop in _DIRECTIONS.items():
                yield add(prop, _integer(len(group.by_direction.get(str(MYO) + direction, ()))))
            yield add("unclearStudies", _integer(len(group.by_direction.get(str(MYO) + "unclear", ()))))


def derive(st: ox.Store, documents: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The summary graph of the documents' graphs among ``documents`` (as a build computes it from its
    records); ``st`` holds the ontology. Empty when ``documents`` already hold a summary graph."""
    by_graph: dict[ox.NamedNode, list[ox.Triple]] = defaultdict(list)
    for q in documents:
        if q.graph_name == GRAPH:
            return []
        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value != ONTOLOGY_IRI:
            by_graph[q.graph_name].append(q.triple)
    found = [r for g, triples in by_graph.items() for r in rows(g.value, triples)]
    return list(quads(st, found))


def ensure(st: ox.Store) -> None:
    """Add the summary graph to a store of documents' graphs that lacks one (a graph read from a file written
    without it)."""
    st.extend(derive(st, st))


def _cards(cards: dict[str, _Card]) -> Iterator[ox.Quad]:
    """Per agent: a summary in every condition (findings, studies, best level) and the rank of the findings its
    evidence card shows."""
    from myokg.graph import digest

    g = GRAPH
    for agent, card in sorted(cards.items()):
        node = ox.NamedNode(f"{DATA}summary/card-{digest(agent)}")
        yield ox.Quad(node, _TYPE, _p("EvidenceSummary"), g)
        yield ox.Quad(node, _p("summaryAgent"), ox.NamedNode(agent), g)
        yield ox.Quad(node, _p("includesNarrowerAgents"), ox.Literal("false", datatype=_XSD_BOOLEAN), g)
        yield ox.Quad(node, _p("findingCount"), _integer(card.findings), g)
        yield ox.Quad(node, _p("studyCount"), _integer(len(card.studies)), g)
        if card.level is not None:
            yield ox.Quad(node, _p("bestLevel"), _integer(card.level), g)
        for rank, finding in enumerate(card.shown(), 1):
            yield ox.Quad(ox.NamedNode(finding), _p("cardRank"), _integer(rank), g)
