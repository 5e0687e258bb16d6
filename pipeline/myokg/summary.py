"""The summary graph: per agent and condition, the counts the whole-corpus questions would otherwise recompute
over every finding at query time (studies, findings, best design and evidence level, directions, sources).

Each record's worker turns its own triples into compact rows (``rows``); the build writes them to
``summary-rows.jsonl`` beside the store as records come (``RowsFile``: never held whole; ``--update`` adds the
previous build's rows less those of the documents built again), counts them into a ``State`` and writes the
summary graph from it, replacing the previous one. Nothing is read back from the store but the ontology's small
tables. The state is saved beside the store (``summary-state.json``): an ``--update`` that only adds documents
counts just their rows into it; one that builds documents again, or follows an edited ontology, counts every row.

Three kinds of agent-condition node, one per question's grouping, each computed as that question did:
- agent and condition with their narrower terms (``report-evidence-map``): studies, findings, best level and
  design of each study's types, studies per direction;
- the agent itself in a condition with its narrower terms (``agents-with-evidence``): studies, best design and
  level of the findings' own study designs, directions, sources;
- the agent and the condition themselves (``evidence-matrix``, ``report-terms``): findings and studies.
Per agent, a card node (findings, studies, best level) and the rank of the findings its evidence card shows
(``myo:cardRank``). Per publication year and best design, the studies (``report-studies-per-year``: a year
node, ``myo:YearSummary``). Per agent and event type, the adverse events and the fatal ones
(``report-adverse-events``: ``myo:AdverseEventSummary``). Each finding's place in the listings, strongest evidence first, by which a page of
``report-evidence-cards``, ``evidence-for-agent``, ``negative-evidence`` or ``adverse-events`` is cut, is a
number in its own document's graph (``list_keys``, ``myo:listKey``): it depends on nothing else, and a page sorts
numbers only (sorting text or IRIs reads each one from the store at every comparison: 20 s at 30,000 records).
"""

from __future__ import annotations

import heapq
import itertools
import re
import shutil
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson
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
#: What the summary graph was computed from (``State``), kept beside the store for ``--update``.
STATE_FILE = "summary-state.json"
STATE_VERSION = 5

_TYPE, _LABEL, _SUBCLASS = (ox.NamedNode(str(x)) for x in (RDF.type, RDFS.label, RDFS.subClassOf))
_FINDING, _STUDY = ox.NamedNode(str(MYO.Finding)), ox.NamedNode(str(MYO.Study))
_EVENT = ox.NamedNode(str(MYO.AdverseEvent))
_TERM = str(TERM)
_XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
_XSD_BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
_TRUE = ox.Literal("true", datatype=_XSD_BOOLEAN)


def _p(name: str) -> ox.NamedNode:
    return ox.NamedNode(str(MYO) + name)


_AGENT, _CONDITION, _STUDY_OF, _DIRECTION = _p("agent"), _p("condition"), _p("study"), _p("direction")
_DESIGN, _FIRST, _YEAR, _TITLE = (
    _p("studyDesign"),
    _p("sourceFirstAuthor"),
    _p("sourceYear"),
    _p("sourceTitle"),
)
_REPORTED_IN, _PUBLISHED = _p("reportedIn"), _p("year")
_LIST_KEY, _SIZE = _p("listKey"), _p("studySize")
_SUSPECTED, _EVENT_TYPE, _FATAL = _p("suspectedAgent"), _p("eventType"), _p("fatal")
_HEX5 = re.compile(r"[0-9a-f]{5}")
_ROW_PREDICATES = frozenset(
    {
        _TYPE,
        _REPORTED_IN,
        _PUBLISHED,
        _AGENT,
        _CONDITION,
        _STUDY_OF,
        _DIRECTION,
        _DESIGN,
        _FIRST,
        _YEAR,
        _TITLE,
        _LIST_KEY,
        _SUSPECTED,
        _EVENT_TYPE,
        _FATAL,
    }
)
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
    years, titles, listing key]`` per finding (its own document's copies; the key None where the graph has none:
    ``list_keys`` gives it), ``["s", graph, study, types, years]`` per study it types (the years of the
    publications it is reported in) and ``["e", graph, event, event types, suspected agents, fatal]`` per adverse
    event."""
    about: dict[Any, dict[ox.NamedNode, list[Any]]] = defaultdict(lambda: defaultdict(list))
    findings: list[Any] = []
    studies: list[Any] = []
    events: list[Any] = []
    for t in triples:
        p = t.predicate
        if p not in _ROW_PREDICATES:  # (each term read from a triple is a new object: read only these)
            continue
        s, o = t.subject, t.object
        about[s][p].append(o)
        if p == _TYPE:
            if o == _FINDING:
                findings.append(s)
            elif o == _EVENT:
                events.append(s)
        elif p == _REPORTED_IN:
            studies.append(s)
    out: list[Row] = []
    for f in findings:  # one agent, condition, study and direction each (the finding shape says so)
        props = about[f]
        core = [props[p] for p in (_AGENT, _CONDITION, _STUDY_OF, _DIRECTION)]
        if all(core):
            out.append(
                ["f", graph, f.value, *(values[0].value for values in core)]
                + [[x.value for x in props[p]] for p in (_DESIGN, _FIRST, _YEAR, _TITLE)]
                + [next((int(x.value) for x in props[_LIST_KEY]), None)]
            )
    for s in dict.fromkeys(studies):
        types = [x.value for x in about[s][_TYPE] if x != _STUDY]
        years = {y.value: None for pub in about[s][_REPORTED_IN] for y in about[pub][_PUBLISHED]}
        out.append(["s", graph, s.value, types, list(years)])
    for e in dict.fromkeys(events):
        props = about[e]
        if props[_EVENT_TYPE] and props[_SUSPECTED]:
            kinds, agents = ([x.value for x in props[p]] for p in (_EVENT_TYPE, _SUSPECTED))
            out.append(["e", graph, e.value, kinds, agents, _TRUE in props[_FATAL]])
    return out


#: The first state version whose build wrote each document's adverse events among its rows.
EVENT_ROWS_SINCE = 5
_STORED_EVENTS = (
    f"SELECT ?g ?e ?t ?a ?fatal WHERE {{ GRAPH ?g {{ ?e a {_EVENT} ; {_EVENT_TYPE} ?t ; {_SUSPECTED} ?a"
    f" OPTIONAL {{ ?e {_FATAL} ?fatal }} }} }}"
)


def rows_lack_events(state_path: Path) -> bool:
    """Whether the rows beside a build were written before they held its adverse events (its saved state, whose
    first key is its version, is older or missing)."""
    try:
        with state_path.open("rb") as fh:
            found = re.match(rb'\{"version":(\d+)', fh.read(64))
    except OSError:
        return True
    return found is None or int(found.group(1)) < EVENT_ROWS_SINCE


def stored_event_rows(st: ox.Store, skipped: set[str]) -> list[Row]:
    """The event rows (``rows``) of the documents in a store but those of the graphs ``skipped``: for rows kept
    from a build made before they held the events, read once from its graphs (only the events' triples)."""
    found = st.query(_STORED_EVENTS)
    assert isinstance(found, ox.QuerySolutions)
    by_graph: dict[str, dict[ox.Triple, None]] = defaultdict(dict)  # (ordered, each triple once)
    for sol in found:
        g, e = sol["g"].value, sol["e"]
        if g in skipped:
            continue
        stated = by_graph[g]
        stated[ox.Triple(e, _TYPE, _EVENT)] = None
        stated[ox.Triple(e, _EVENT_TYPE, sol["t"])] = None
        stated[ox.Triple(e, _SUSPECTED, sol["a"])] = None
        if sol["fatal"] is not None:
            stated[ox.Triple(e, _FATAL, sol["fatal"])] = None
    return [r for g, stated in by_graph.items() for r in rows(g, stated)]


def read_rows(path: Path) -> Iterator[Row]:
    """The rows kept beside a build, one at a time."""
    if path.is_file():
        with path.open("rb") as fh:
            for line in fh:
                if line.strip():
                    yield orjson.loads(line)


def _graph_of(line: bytes) -> str:
    """The graph of a row's line as ``RowsFile`` writes it (``["f","<graph>",…``): no JSON parse."""
    return line.split(b'"', 4)[3].decode()


class RowsFile:
    """The rows of a build, written to ``path`` as records are built (never held whole in memory)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh = path.open("wb")
        self.written = 0  # rows of this build's records: the file's first lines

    def add(self, rows: list[Row]) -> None:
        self._fh.writelines(orjson.dumps(r, option=orjson.OPT_APPEND_NEWLINE) for r in rows)
        self.written += len(rows)

    def keep(self, previous: Path, dropped: set[str]) -> None:
        """Add the rows of a previous build's file, less those of the graphs ``dropped``."""
        if not previous.is_file():
            return
        with previous.open("rb") as fh:
            if dropped:
                self._fh.writelines(line for line in fh if line.strip() and _graph_of(line) not in dropped)
            else:
                self._fh.flush()
                shutil.copyfileobj(fh, self._fh, 2**20)

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


# ---- the listing, per finding ------------------------------------------------------------------
@lru_cache(maxsize=1)
def _ontology() -> tuple[ox.Store, _Terms]:
    """The ontology in a store of its own and its tables, once per process (a worker's listing keys)."""
    from myokg.store import ontology_quads

    st = ox.Store()
    st.bulk_extend(ontology_quads())
    return st, _Terms.read(st)


def list_keys(triples: list[ox.Triple], found: list[Row]) -> list[ox.Triple]:
    """The listing key (``myo:listKey``) of each finding among a document's ``rows`` (``found``) that has none: set
    in its row and returned as triples to add to the document's graph.

    A key needs only the finding's own values and the ontology, so each document's graph carries its findings'
    keys and adding documents to a build leaves them as they are."""
    st, terms = _ontology()
    sizes: dict[str, list[str]] = defaultdict(list)
    for t in triples:
        if t.predicate == _SIZE and isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.Literal):
            sizes[t.subject.value].append(t.object.value)
    out = []
    for r in found:
        if r[0] == "f" and r[11] is None:
            number = r[11] = list_number(terms.card_level(st, r[7]), r[9], sizes.get(r[2], []), r[2])
            out.append(ox.Triple(ox.NamedNode(r[2]), _LIST_KEY, _integer(number)))
    return out


def list_number(level: int, years: list[str], sizes: list[str], finding: str) -> int:
    """Where a finding stands in the listings, as one number (least first): the best evidence level of
    its study's designs (9: none), then the latest year (none last), the most patients, and the first digits of
    its IRI's digest (a fixed order among the rest). At most 19 digits: an xsd:integer Oxigraph keeps in the quad."""
    year = max((int(y) for y in years if y.isdigit() and len(y) == 4), default=None)
    size = max((int(n) for n in sizes if n.isdigit()), default=0)
    digest = finding.rsplit("/", 1)[-1][:5]
    parts = (
        (min(level, 9), 1),
        (year is None, 1),
        (9999 - (year or 9999), 4),
        (999_999 - min(size, 999_999), 6),
    )
    number = 0
    for value, digits in parts:
        number = number * 10**digits + int(value)
    return number * 10**7 + (int(digest, 16) if _HEX5.fullmatch(digest) else 0)


# ---- the summary ---------------------------------------------------------------------------------
def quads(st: ox.Store, all_rows: Iterable[Row], renames: dict[str, str] | None = None) -> Iterator[ox.Quad]:
    """The summary graph of the build whose rows are ``all_rows`` (read once; the store gives the ontology's
    tables), its studies renamed by ``renames``."""
    state = State()
    state.add(st, all_rows, renames or {})
    return state.quads(st)


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
    and those whose direction has a label with their own study designs and sources (agents-with-evidence).
    Studies are numbers (``State.studies``)."""

    findings: int = 0
    studies: set[int] = field(default_factory=set)
    by_direction: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    by_study: _Best = field(default_factory=_Best)  # from the studies' designs when the nodes are written
    labelled_studies: set[int] = field(default_factory=set)
    by_finding: _Best = field(default_factory=_Best)
    directions: set[str] = field(default_factory=set)  # the directions (IRIs), each with a label
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

    def saved(self) -> list[Any]:
        return [
            self.findings,
            sorted(self.studies),
            {d: sorted(s) for d, s in sorted(self.by_direction.items())},
            sorted(self.labelled_studies),
            [self.by_finding.level, self.by_finding.key, self.by_finding.no_design],
            sorted(self.directions),
            sorted(self.sources),
        ]

    @classmethod
    def restored(cls, saved: list[Any]) -> _Group:
        findings, studies, by_direction, labelled, best, directions, sources = saved
        group = cls(findings, set(studies), defaultdict(set), _Best(), set(labelled), _Best(*best))
        group.by_direction.update((d, set(s)) for d, s in by_direction.items())
        group.directions, group.sources = set(directions), set(sources)
        return group


@dataclass
class _Card:
    """An agent's findings in every condition, as the evidence cards order them (``list_number``, then the IRI);
    the first ``CARD_ROWS`` are kept."""

    findings: int = 0
    studies: set[int] = field(default_factory=set)
    level: int | None = None
    strongest: list[tuple[int, str]] = field(default_factory=list)

    def add(self, finding: str, study: int, level: int, key: int) -> None:
        self.findings += 1
        self.studies.add(study)
        if level < 9 and (self.level is None or level < self.level):
            self.level = level
        self.strongest.append((key, finding))
        if len(self.strongest) >= 8 * CARD_ROWS:  # keep the list short: only the first CARD_ROWS can show
            self.strongest = heapq.nsmallest(CARD_ROWS, self.strongest)

    def shown(self) -> list[str]:
        return [finding for _, finding in heapq.nsmallest(CARD_ROWS, self.strongest)]

    def saved(self) -> list[Any]:
        return [self.findings, sorted(self.studies), self.level, heapq.nsmallest(CARD_ROWS, self.strongest)]

    @classmethod
    def restored(cls, saved: list[Any]) -> _Card:
        findings, studies, level, strongest = saved
        return cls(findings, set(studies), level, [(k, f) for k, f in strongest])


class State:
    """What the summary graph is computed from: per agent and condition the groups, per agent the card, each
    study's designs. A build saves it beside the store (``STATE_FILE``) and ``--update`` that only adds
    documents goes on from it, reading only the new records' rows."""

    def __init__(self) -> None:
        self.studies: list[str] = []  # each study's IRI, by its number
        self.numbers: dict[str, int] = {}
        self.types: dict[int, frozenset[str]] = {}  # each study's designs in every document
        self.years: dict[int, frozenset[str]] = {}  # the years of each study's publications in every document
        self.exact: dict[tuple[str, str], _Group] = defaultdict(_Group)
        self.cards: dict[str, _Card] = defaultdict(_Card)
        self.events: dict[tuple[str, str], list[int]] = {}  # (agent, event type) -> [events, fatal ones]
        self.summary_quads: int | None = (
            None  # the quads of the summary graph written from it (None: not yet)
        )

    def _number(self, study: str) -> int:
        n = self.numbers.get(study)
        if n is None:
            n = self.numbers[study] = len(self.studies)
            self.studies.append(study)
        return n

    def add(self, st: ox.Store, new_rows: Iterable[Row], renames: dict[str, str]) -> None:
        """Count ``new_rows`` in (each finding once), their studies renamed by ``renames``; ``st`` gives the
        ontology's tables and labels (and the studies' years, where rows written before they gave them are among
        ``new_rows``: the store as built, its works merged)."""
        terms = _Terms.read(st)
        years_unread = False
        type_sets: dict[frozenset[str], frozenset[str]] = {t: t for t in self.types.values()}
        seen: set[str] = set()  # one row per finding or event (a document given twice gives its rows twice)
        finding_keys: dict[tuple[str, ...], tuple[int | None, str | None]] = {}
        for r in new_rows:
            if r[0] == "e":
                self._add_event(r, seen)
                continue
            if r[0] == "s":
                n = self._number(renames.get(str(r[2]), str(r[2])))
                types = self.types.get(n, frozenset()).union(r[3])
                self.types[n] = type_sets.setdefault(types, types)
                if len(r) > 4:
                    self.years[n] = self.years.get(n, frozenset()).union(r[4])
                else:
                    years_unread = True
                continue
            _, _graph, f, a, c, s, d, designs, firsts, years, _titles, *listed = r
            if f in seen:
                continue
            seen.add(f)
            n = self._number(renames.get(str(s), str(s)))
            group = self.exact[a, c]
            group.findings += 1
            group.studies.add(n)
            group.by_direction[d].add(n)
            if terms.label_of(st, d):  # agents-with-evidence joins the direction's label
                key = tuple(designs)
                if key not in finding_keys:
                    finding_keys[key] = _finding_key(terms, st, designs)
                group.labelled_studies.add(n)
                group.by_finding.add(*finding_keys[key])
                group.directions.add(d)
                group.sources.update(_sources(firsts, years))
            level = terms.card_level(st, designs)
            # (rows written before listing keys: the key without the study's size)
            number = listed[0] if listed and listed[0] is not None else list_number(level, years, [], f)
            self.cards[a].add(sys.intern(f), n, level, number)
        if years_unread:
            self.years = _store_years(st, self.numbers)

    def _add_event(self, row: Row, seen: set[str]) -> None:
        """An adverse event counted under each of its agents and event types (once: its IRI is its document's)."""
        _, _graph, event, kinds, agents, fatal = row
        if event in seen:
            return
        seen.add(event)
        for pair in itertools.product(set(agents), set(kinds)):
            counts = self.events.setdefault(pair, [0, 0])
            counts[0] += 1
            counts[1] += bool(fatal)

    def rename(self, pairs: dict[str, str]) -> None:
        """Studies a build renamed (merged works): a study renamed to one already counted becomes that one."""
        merged: dict[int, int] = {}
        for old, new in pairs.items():
            n = self.numbers.pop(old, None)
            if n is None:
                continue
            kept = self.numbers.get(new)
            if kept is None:
                self.numbers[new], self.studies[n] = n, new
            else:
                merged[n] = kept
                self.types[kept] = self.types.get(kept, frozenset()) | self.types.pop(n, frozenset())
                self.years[kept] = self.years.get(kept, frozenset()) | self.years.pop(n, frozenset())
        if not merged:
            return

        def renumbered(numbers: set[int]) -> set[int]:
            return {merged.get(n, n) for n in numbers}

        for group in self.exact.values():
            group.studies = renumbered(group.studies)
            group.labelled_studies = renumbered(group.labelled_studies)
            for d in group.by_direction:
                group.by_direction[d] = renumbered(group.by_direction[d])
        for card in self.cards.values():
            card.studies = renumbered(card.studies)

    def quads(self, st: ox.Store) -> Iterator[ox.Quad]:
        """The summary graph: the drug classes and disease groups merge the counts of their members (sets of
        studies, so that a study counts once)."""
        terms = _Terms.read(st)
        # each study's best design, as its types in every document give it (computed once per set of types)
        keys_of_types = {types: _study_key(terms, st, types) for types in {*self.types.values(), frozenset()}}
        no_types = keys_of_types[frozenset()]
        study_keys = [
            keys_of_types[self.types[n]] if n in self.types else no_types for n in range(len(self.studies))
        ]
        for group in self.exact.values():
            group.by_study = _Best()
            for key in set(map(study_keys.__getitem__, group.studies)):  # (the few distinct ones)
                group.by_study.add(*key)
        # a broader pair's members, merged one pair at a time as its node is written (never all at once)
        rolled: dict[tuple[str, str], list[_Group]] = defaultdict(list)
        by_agent: dict[tuple[str, str], list[_Group]] = defaultdict(list)
        for (a, c), group in self.exact.items():
            up_c = terms.up(c)
            for agent in terms.up(a):
                if agent.startswith(_TERM):
                    for condition in up_c:
                        if condition.startswith(_TERM):
                            rolled[agent, condition].append(group)
            if group.labelled_studies:
                for condition in up_c:
                    by_agent[a, condition].append(group)

        def labels(group: _Group) -> set[ox.Literal]:
            return {x for d in group.directions for x in terms.label_of(st, d)}

        yield from _nodes(_merged(rolled, _Group.merge_counts), "rolled", (True, True), labels)
        yield from _nodes(_merged(by_agent, _Group.merge_labelled), "agent", (False, True), labels)
        yield from _nodes(sorted(self.exact.items()), "exact", (False, False), labels)
        yield from _cards(self.cards)
        yield from _year_nodes(self._per_year(terms, st))
        yield from _event_nodes(self.events)

    def _per_year(self, terms: _Terms, st: ox.Store) -> dict[tuple[str, _Design | None], int]:
        """How many studies each year has per best design (None: no ranked design), a study counted in each
        year its publications are given."""
        best: dict[frozenset[str], _Design | None] = {}
        counts: dict[tuple[str, _Design | None], int] = defaultdict(int)
        for n, years in self.years.items():
            types = self.types.get(n, frozenset())
            if types not in best:
                best[types] = _study_design(terms, st, types)
            for year in years:
                counts[year, best[types]] += 1
        return counts

    def save(self, path: Path) -> None:
        data = {
            "version": STATE_VERSION,
            "studies": self.studies,
            "types": _indexed(self.types, len(self.studies)),
            "years": _indexed(self.years, len(self.studies)),
            "groups": [[a, c, *g.saved()] for (a, c), g in sorted(self.exact.items())],
            "cards": [[a, *card.saved()] for a, card in sorted(self.cards.items())],
            "events": [[a, t, *counts] for (a, t), counts in sorted(self.events.items())],
            "summary_quads": self.summary_quads,
        }
        path.write_bytes(orjson.dumps(data))

    @classmethod
    def load(cls, path: Path) -> State | None:
        """A state a build saved; None when there is none or it is of another version (then the rows count)."""
        try:
            data = orjson.loads(path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return None
        if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
            return None
        state = cls()
        state.studies = data["studies"]
        state.numbers = {s: n for n, s in enumerate(state.studies)}
        state.types = _unindexed(*data["types"])
        state.years = _unindexed(*data["years"])
        for a, c, *saved in data["groups"]:
            state.exact[a, c] = _Group.restored(saved)
        for a, *saved in data["cards"]:
            state.cards[a] = _Card.restored(saved)
        state.events = {(a, t): [n, fatal] for a, t, n, fatal in data["events"]}
        state.summary_quads = data.get("summary_quads")
        return state


#: A design as the questions rank a study's: its evidence level, its rank, its label (the least is the best).
_Design = tuple[int, int, str]


def _study_design(terms: _Terms, st: ox.Store, types: Iterable[str]) -> _Design | None:
    """A study's best design among its types that have a level, a rank and a label."""
    return min(
        (
            (lv, rank, label.value)
            for t in types
            for lv in terms.levels.get(t, ())
            for rank in terms.ranks.get(t, ())
            for label in terms.label_of(st, t)
        ),
        default=None,
    )


def _indexed(table: dict[int, frozenset[str]], studies: int) -> tuple[list[list[str]], list[int]]:
    """A table of sets by study number as its distinct sets (few: designs, years) and each study's one's place."""
    places: dict[frozenset[str], int] = {frozenset(): 0}
    index = [places.setdefault(table.get(n, frozenset()), len(places)) for n in range(studies)]
    return [sorted(s) for s in places], index


def _unindexed(sets: list[list[str]], index: list[int]) -> dict[int, frozenset[str]]:
    distinct = [frozenset(s) for s in sets]
    return {n: distinct[i] for n, i in enumerate(index) if i}


def _study_key(terms: _Terms, st: ox.Store, types: Iterable[str]) -> tuple[int | None, str | None]:
    """A study's best level and design key ("<level><rank + 100>|<label>", as the questions compare them)."""
    best = _study_design(terms, st, types)
    if best is None:
        return None, None
    level, rank, label = best
    return level, f"{level}{rank + 100}|{label}"


def _store_years(st: ox.Store, numbers: dict[str, int]) -> dict[int, frozenset[str]]:
    """The years of the counted studies' publications, as the store gives them."""
    found = st.query(
        f"SELECT ?study ?year WHERE {{ ?study {_REPORTED_IN} ?pub . ?pub {_PUBLISHED} ?year }}",
        use_default_graph_as_union=True,
    )
    years: dict[int, set[str]] = defaultdict(set)
    for row in found:  # type: ignore[union-attr]
        n = numbers.get(row["study"].value)
        if n is not None:
            years[n].add(row["year"].value)
    return {n: frozenset(y) for n, y in years.items()}


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
    groups: Iterable[tuple[tuple[str, str], _Group]],
    kind: str,
    rollup: tuple[bool, bool],
    direction_labels: Callable[[_Group], set[ox.Literal]],
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
            for label in sorted(direction_labels(group), key=str):
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


def _year_nodes(counts: dict[tuple[str, _Design | None], int]) -> Iterator[ox.Quad]:
    """Per year and best design, how many studies (``report-studies-per-year``)."""
    from myokg.graph import digest

    g = GRAPH
    for (year, design), studies in sorted(counts.items(), key=lambda item: (item[0][0], str(item[0][1]))):
        node = ox.NamedNode(f"{DATA}summary/year-{digest(year, str(design))}")
        yield ox.Quad(node, _TYPE, _p("YearSummary"), g)
        yield ox.Quad(node, _p("summaryYear"), ox.Literal(year, datatype=_XSD_INTEGER), g)
        yield ox.Quad(node, _p("studyCount"), _integer(studies), g)
        if design is not None:
            level, rank, label = design
            yield ox.Quad(node, _p("bestLevel"), _integer(level), g)
            yield ox.Quad(node, _p("bestDesignRank"), _integer(rank), g)
            yield ox.Quad(node, _p("bestDesignLabel"), ox.Literal(label), g)


def _event_nodes(events: dict[tuple[str, str], list[int]]) -> Iterator[ox.Quad]:
    """Per agent and event type, how many adverse events were reported under the agent and how many were fatal
    (``report-adverse-events``)."""
    from myokg.graph import digest

    g = GRAPH
    for (agent, kind), (n, fatal) in sorted(events.items()):
        node = ox.NamedNode(f"{DATA}summary/events-{digest(agent, kind)}")
        yield ox.Quad(node, _TYPE, _p("AdverseEventSummary"), g)
        yield ox.Quad(node, _p("summaryAgent"), ox.NamedNode(agent), g)
        yield ox.Quad(node, _p("summaryEventType"), ox.NamedNode(kind), g)
        yield ox.Quad(node, _p("eventCount"), _integer(n), g)
        yield ox.Quad(node, _p("fatalCount"), _integer(fatal), g)


def derive(st: ox.Store, documents: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The summary graph of the documents' graphs among ``documents`` (as a build computes it from its
    records), and the listing keys of the findings of graphs written without them; ``st`` holds the ontology.
    Empty when ``documents`` already hold a summary graph."""
    by_graph: dict[ox.NamedNode, list[ox.Triple]] = defaultdict(list)
    for q in documents:
        if q.graph_name == GRAPH:
            return []
        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value != ONTOLOGY_IRI:
            by_graph[q.graph_name].append(q.triple)
    keys: list[ox.Quad] = []
    found: list[Row] = []
    for g, triples in by_graph.items():
        mine = rows(g.value, triples)
        keys.extend(ox.Quad(t.subject, t.predicate, t.object, g) for t in list_keys(triples, mine))
        found.extend(mine)
    return keys + list(quads(st, found))


def ensure(st: ox.Store) -> None:
    """Add the summary graph to a store of documents' graphs that lacks one (a graph read from a file written
    without it)."""
    st.extend(derive(st, st))
