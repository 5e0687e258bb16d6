"""The summary graph: per agent and condition, the counts the whole-corpus questions would otherwise recompute
over every finding at query time (studies, findings, best design and evidence level, directions, sources).

Each record's worker turns its own triples into compact rows (``rows``); the build writes them to
``summary-rows.jsonl`` beside the store as records come (``RowsFile``: never held whole; ``--update`` adds the
previous build's rows less those of the documents built again) and writes the summary graph from one pass over
them (``quads``), replacing the previous one. Nothing is read back from the store but the ontology's small
tables, so the graph costs seconds at 100,000 records and memory stays flat.

Three kinds of agent-condition node, one per question's grouping, each computed as that question did:
- agent and condition with their narrower terms (``report-evidence-map``): studies, findings, best level and
  design of each study's types, studies per direction;
- the agent itself in a condition with its narrower terms (``agents-with-evidence``): studies, best design and
  level of the findings' own study designs, directions, sources;
- the agent and the condition themselves (``evidence-matrix``, ``report-terms``): findings and studies.
Per agent, a card node (findings, studies, best level) and the rank of the findings its evidence card shows
(``myo:cardRank``); per finding, its place in the listing of all findings (``myo:listRank``), where a page of
``report-evidence-cards`` or ``evidence-for-agent`` is cut.
"""

from __future__ import annotations

import heapq
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
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
#: Studies renamed since their rows were written (old IRI, tab, IRI now), kept beside the rows.
RENAMES_FILE = "summary-renames.tsv"

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
_DIRECTIONS = {
    "positive": "positiveStudies",
    "negative": "negativeStudies",
    "mixed": "mixedStudies",
    "unclear": "unclearStudies",
}


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
    for f in findings:  # one agent, condition, study and direction each (the finding shape says so)
        props = about[f]
        core = [props[p] for p in (_AGENT, _CONDITION, _STUDY_OF, _DIRECTION)]
        if all(core):
            out.append(
                ["f", graph, f.value, *(values[0].value for values in core)]
                + [[x.value for x in props[p]] for p in (_DESIGN, _FIRST, _YEAR, _TITLE)]
            )
    for s in dict.fromkeys(studies):
        types = [x.value for x in about[s][_TYPE] if x != _STUDY]
        out.append(["s", graph, s.value, types])
    return out


def read_rows(path: Path) -> Iterator[Row]:
    """The rows kept beside a build, one at a time."""
    if path.is_file():
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)


def _graph_of(line: str) -> str:
    """The graph of a row's line as ``RowsFile`` writes it (``["f","<graph>",…``): no JSON parse."""
    return line.split('"', 4)[3]


class RowsFile:
    """The rows of a build, written to ``path`` as records are built (never held whole in memory)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh = path.open("w", encoding="utf-8")

    def add(self, rows: Iterable[Row]) -> None:
        self._fh.writelines(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in rows)

    def keep(self, previous: Path, dropped: set[str]) -> None:
        """Add the rows of a previous build's file, less those of the graphs ``dropped``."""
        if previous.is_file():
            with previous.open(encoding="utf-8") as fh:
                self._fh.writelines(line for line in fh if line.strip() and _graph_of(line) not in dropped)

    def close(self) -> None:
        self._fh.close()


def read_renames(path: Path) -> dict[str, str]:
    """Studies renamed by earlier builds (old IRI -> IRI now), kept beside the rows, which keep the old ones."""
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as fh:
        return dict(line.rstrip("\n").split("\t", 1) for line in fh if "\t" in line)


def write_renames(path: Path, earlier: dict[str, str], pairs: dict[str, str]) -> dict[str, str]:
    """The renames of earlier builds followed by this build's ``pairs``, written to ``path``; returned."""
    renames = {old: pairs.get(new, new) for old, new in earlier.items()}
    renames.update((old, new) for old, new in pairs.items() if old not in renames)
    with path.open("w", encoding="utf-8") as fh:
        fh.writelines(f"{old}\t{new}\n" for old, new in sorted(renames.items()) if old != new)
    return renames


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
    card_levels: dict[tuple[str, ...], int] = field(default_factory=dict)

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

    def first_label(self, st: ox.Store, iri: str) -> str:
        return min((x.value for x in self.label_of(st, iri)), default="")

    def card_level(self, st: ox.Store, designs: list[str]) -> int:
        """The best level among the designs that have a rank and a label (9 when none has a level)."""
        key = tuple(designs)
        level = self.card_levels.get(key)
        if level is None:
            ranked = [t for t in designs if self.ranks.get(t) and self.label_of(st, t)]
            level = self.card_levels[key] = min(
                (lv for t in ranked for lv in self.levels.get(t, [9])), default=9
            )
        return level

    def label_of(self, st: ox.Store, iri: str) -> list[ox.Literal]:
        if iri not in self.labels:
            self.labels[iri] = [
                q.object
                for q in st.quads_for_pattern(ox.NamedNode(iri), _LABEL, None, None)
                if isinstance(q.object, ox.Literal)
            ]
        return self.labels[iri]


# ---- the summary ---------------------------------------------------------------------------------
def quads(st: ox.Store, all_rows: Iterable[Row], renames: dict[str, str] | None = None) -> Iterator[ox.Quad]:
    """The summary graph of the build whose rows are ``all_rows`` (read once; the store gives the ontology's
    tables), its studies renamed by ``renames``.

    Findings are counted once per agent and condition they name; the drug classes and disease groups then
    merge the counts of their members (sets of studies, so that a study counts once)."""
    moved: dict[str, str] = renames or {}
    terms = _Terms.read(st)
    study_types: dict[str, frozenset[str]] = {}  # each study's designs in every document (shared sets)
    type_sets: dict[frozenset[str], frozenset[str]] = {}
    seen: set[str] = set()  # one row per finding (a document given twice gives its rows twice)
    finding_keys: dict[tuple[str, ...], tuple[int | None, str | None]] = {}
    exact: dict[tuple[str, str], _Group] = defaultdict(_Group)
    cards: dict[str, _Card] = defaultdict(_Card)
    listing: list[tuple[str, int, bool, int, str, str, str]] = []  # every finding's sort key, then itself
    for r in all_rows:
        if r[0] == "s":
            study = str(r[2])
            study = moved.get(study, study)
            types = study_types.get(study, frozenset()).union(r[3])
            study_types[study] = type_sets.setdefault(types, types)
            continue
        _, _graph, f, a, c, s, d, designs, firsts, years, titles = r
        if f in seen:
            continue
        seen.add(f)
        s = moved.get(str(s), str(s))
        group = exact[a, c]
        group.findings += 1
        group.studies.add(s)
        group.by_direction[d].add(s)
        dir_labels = terms.label_of(st, d)
        if dir_labels:  # agents-with-evidence joins the direction's label
            key = tuple(designs)
            if key not in finding_keys:
                finding_keys[key] = _finding_key(terms, st, designs)
            group.labelled_studies.add(s)
            group.by_finding.add(*finding_keys[key])
            group.directions.update(dir_labels)
            group.sources.update(_sources(firsts, years))
        card = cards[a]
        card.add(terms, st, f, s, c, designs, years, [sys.intern(t) for t in titles])
        listing.append((terms.first_label(st, a), *card.last, f))
    del seen
    keys_of_types = {types: _study_key(terms, st, types) for types in type_sets}
    study_keys = {s: keys_of_types[types] for s, types in study_types.items()}
    del study_types
    for group in exact.values():  # each study's best design, as its types in every document give it
        for s in group.studies:
            group.by_study.add(*study_keys.get(s, (None, None)))
    # a broader pair's members, merged one pair at a time as its node is written (never all at once)
    rolled: dict[tuple[str, str], list[_Group]] = defaultdict(list)
    by_agent: dict[tuple[str, str], list[_Group]] = defaultdict(list)
    for (a, c), group in exact.items():
        up_c = terms.up(c)
        for agent in terms.up(a):
            if agent.startswith(_TERM):
                for condition in up_c:
                    if condition.startswith(_TERM):
                        rolled[agent, condition].append(group)
        if group.labelled_studies:
            for condition in up_c:
                by_agent[a, condition].append(group)
    yield from _nodes(_merged(rolled, _Group.merge_counts), "rolled", (True, True))
    yield from _nodes(_merged(by_agent, _Group.merge_labelled), "agent", (False, True))
    yield from _nodes(sorted(exact.items()), "exact", (False, False))
    yield from _cards(cards)
    listing.sort()
    for place, (*_, finding) in enumerate(listing, 1):
        yield ox.Quad(ox.NamedNode(finding), _p("listRank"), _integer(place), GRAPH)


@dataclass
class _Best:
    """The best level and design key of a group, as a question takes the least of its members' (a member with
    no ranked design stands as the question's COALESCE default)."""

    level: int | None = None
    key: str | None = None  # "<level><rank + 100>|<label>" or "<rank + 100>|<label>"
    no_design: bool = False

    def add(self, level: int | None, key: str | None) -> None:
        if level is not None and (self.level is None or level < self.level):
            self.level = level
        if key is None:
            self.no_design = True
        elif self.key is None or key < self.key:
            self.key = key

    def merge(self, other: _Best) -> None:
        self.add(other.level, other.key)
        self.no_design |= other.no_design

    def label(self, none: str) -> str:
        """The label of the best design, where ``none`` ("9|" or "999|") stands for a member with no ranked
        design; empty when that wins."""
        keys = ([self.key] if self.key is not None else []) + ([none] if self.no_design else [])
        return min(keys).split("|", 1)[1] if keys else ""


@dataclass
class _Group:
    """The findings of an agent in a condition: counted with the designs of their studies (the evidence map),
    and those whose direction has a label with their own study designs and sources (agents-with-evidence)."""

    findings: int = 0
    studies: set[str] = field(default_factory=set)
    by_direction: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_study: _Best = field(default_factory=_Best)
    labelled_studies: set[str] = field(default_factory=set)
    by_finding: _Best = field(default_factory=_Best)
    directions: set[ox.Literal] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)

    def merge_counts(self, other: _Group) -> None:
        self.findings += other.findings
        self.studies |= other.studies
        for d, studies in other.by_direction.items():
            self.by_direction[d] |= studies
        self.by_study.merge(other.by_study)

    def merge_labelled(self, other: _Group) -> None:
        self.labelled_studies |= other.labelled_studies
        self.by_finding.merge(other.by_finding)
        self.directions |= other.directions
        self.sources |= other.sources


@dataclass
class _Card:
    """An agent's findings in every condition, as the evidence cards order them: best evidence level first
    (of the study's ranked designs), then the latest year, the title and the condition; the first
    ``CARD_ROWS`` are kept."""

    findings: int = 0
    studies: set[str] = field(default_factory=set)
    level: int | None = None
    strongest: list[tuple[tuple[int, bool, int, str, str], str]] = field(default_factory=list)
    last: tuple[int, bool, int, str, str] = (9, True, 0, "", "")  # the key of the finding added last

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
        level = terms.card_level(st, designs)
        if level < 9 and (self.level is None or level < self.level):
            self.level = level
        year = max((int(y) for y in years if y.isdigit()), default=None)
        self.last = (
            level,
            year is None,
            -(year or 0),
            min(titles, default=""),
            terms.first_label(st, condition),
        )
        self.strongest.append((self.last, finding))
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


def _merged(
    members: dict[tuple[str, str], list[_Group]], merge: Callable[[_Group, _Group], None]
) -> Iterator[tuple[tuple[str, str], _Group]]:
    """Each pair's group, merged from its members when its turn comes, in the pairs' order."""
    for pair in sorted(members):
        group = _Group()
        for member in members[pair]:
            merge(group, member)
        yield pair, group


def _nodes(
    groups: Iterable[tuple[tuple[str, str], _Group]], kind: str, rollup: tuple[bool, bool]
) -> Iterator[ox.Quad]:
    from myokg.graph import digest

    g = GRAPH
    for (agent, condition), group in groups:
        node = ox.NamedNode(f"{DATA}summary/{kind}-{digest(agent, condition)}")

        def add(prop: str, value: ox.NamedNode | ox.Literal) -> ox.Quad:
            return ox.Quad(node, _p(prop), value, g)  # noqa: B023

        yield ox.Quad(node, _TYPE, _p("EvidenceSummary"), g)
        yield add("summaryAgent", ox.NamedNode(agent))
        yield add("summaryCondition", ox.NamedNode(condition))
        yield add("includesNarrowerAgents", ox.Literal(str(rollup[0]).lower(), datatype=_XSD_BOOLEAN))
        yield add("includesNarrowerConditions", ox.Literal(str(rollup[1]).lower(), datatype=_XSD_BOOLEAN))
        if kind == "agent":  # agents-with-evidence: its own study designs, directions and sources
            yield add("studyCount", _integer(len(group.labelled_studies)))
            for label in sorted(group.directions, key=str):
                yield add("directionLabel", label)
            yield add("sources", ox.Literal("; ".join(sorted(group.sources))))
            best, none = group.by_finding, "999|"
        else:
            yield add("studyCount", _integer(len(group.studies)))
            yield add("findingCount", _integer(group.findings))
            best, none = group.by_study, "9|"
        if kind == "exact":
            continue
        if best.level is not None:
            yield add("bestLevel", _integer(best.level))
        design = best.label(none)
        if design:
            yield add("bestDesignLabel", ox.Literal(design))
        if kind == "rolled":
            for direction, prop in _DIRECTIONS.items():
                yield add(prop, _integer(len(group.by_direction.get(str(MYO) + direction, ()))))


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
