"""Shape the report queries' rows for the page: hierarchy trees for the map, capped cards, plot geometry."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from myokg import summary

Row = dict[str, Any]

#: Findings listed per agent card, ranked by the build; the rest are counted, not shown
#: (`myokg query report-evidence-cards` has them all).
CARD_ROWS = summary.CARD_ROWS
#: Agent-condition pairs drawn in the response-rate plot (those with most patients are kept).
FOREST_ROWS = 60
#: Agents drawn in the adverse-event plot (those with most events are kept).
EVENT_AGENTS = 30
#: Event types that get their own colour in the adverse-event plot; the others are drawn as "other".
EVENT_TYPES = 8
DIRECTIONS = ("positive", "negative", "mixed", "unclear")
LEVELS = (1, 2, 3, 4, 5, None)
LEVEL_NAMES = {
    1: "systematic review / meta-analysis",
    2: "randomized trial",
    3: "non-randomized controlled study, cohort",
    4: "case series, case-control, uncontrolled trial, case report",
    5: "mechanism-based reasoning: narrative review, expert opinion",
    None: "no level: design not stated or not on the scale",
}


# ---- the evidence map ---------------------------------------------------------------------------
@dataclass
class Node:
    """One row (agent) or column (condition) of the map: a term at one place in its hierarchy."""

    iri: str
    label: str
    uid: str
    depth: int
    hidden_by: list[str]
    has_children: bool = False
    open: bool = False


def tree(terms: list[Row], axis: str, prefix: str, open_depth: int) -> list[Node]:
    """Depth-first order of the terms of one axis; a term under two parents appears under each."""
    labels = {r["term"]: r["label"] for r in terms if r["axis"] == axis}
    children: dict[str, set[str]] = defaultdict(set)
    has_parent: set[str] = set()
    for r in terms:
        if r["axis"] == axis and r["parent"] in labels:
            children[r["parent"]].add(r["term"])
            has_parent.add(r["term"])

    def by_label(iris: set[str] | list[str]) -> list[str]:
        return sorted(iris, key=lambda i: (labels[i].lower(), i))

    out: list[Node] = []

    def walk(iri: str, depth: int, above: list[str], path: frozenset[str]) -> None:
        node = Node(iri, labels[iri], f"{prefix}{len(out)}", depth, list(above))
        node.has_children = bool(children[iri] - path)
        node.open = node.has_children and depth < open_depth
        out.append(node)
        for child in by_label(children[iri] - path):
            walk(child, depth + 1, above + [node.uid], path | {child})

    for root in by_label([i for i in labels if i not in has_parent]):
        walk(root, 0, [], frozenset({root}))
    return out


@dataclass
class Cell:
    studies: int
    findings: int
    level: int | None
    design: str
    directions: list[tuple[str, int, float, float]]  # name, studies, x, width of the direction bar

    @property
    def title(self) -> str:
        best = f"best design: {self.design}" if self.design else "design not stated"
        level = f"OCEBM level {self.level}" if self.level else "no evidence level"
        mix = ", ".join(f"{n} {name}" for name, n, _, _ in self.directions if n)
        return (
            f"{self.studies} studies, {self.findings} findings; {best} ({level}); studies by direction: {mix}"
        )


def cell(row: Row, width: float = 40.0) -> Cell:
    counts = [(d, int(row[d] or 0)) for d in DIRECTIONS]
    total = sum(n for _, n in counts) or 1
    x, bars = 0.0, []
    for name, n in counts:
        w = width * n / total
        bars.append((name, n, round(x, 2), round(w, 2)))
        x += w
    return Cell(int(row["studies"]), int(row["findings"]), row["best_level"], row["best_design"] or "", bars)


@dataclass
class EvidenceMap:
    agents: list[Node]
    conditions: list[Node]
    cells: dict[tuple[str, str], Cell]
    carded: set[str]

    @property
    def toggles(self) -> list[str]:
        return [n.uid for n in self.agents + self.conditions if n.has_children]


def evidence_map(map_rows: list[Row], terms: list[Row], carded: set[str]) -> EvidenceMap:
    return EvidenceMap(
        agents=tree(terms, "agent", "a", open_depth=1),
        conditions=tree(terms, "condition", "c", open_depth=3),
        cells={(r["agent"], r["condition"]): cell(r) for r in map_rows},
        carded=carded,
    )


# ---- evidence cards -----------------------------------------------------------------------------
@dataclass
class Card:
    iri: str
    label: str
    anchor: str
    rows: list[Row] = field(default_factory=list)
    total: int = 0
    studies: int = 0
    best_level: int | None = None

    @property
    def hidden(self) -> int:
        return self.total - len(self.rows)


def anchor(iri: str) -> str:
    return "card-" + iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def cards(rows: Iterable[Row]) -> list[Card]:
    """One card per agent, in the query's order: the findings the build ranked for it (its strongest
    CARD_ROWS), and how many findings and studies it has in all and their best level."""
    out: dict[str, Card] = {}
    for r in rows:
        c = out.get(r["agent"])
        if c is None:
            c = out[r["agent"]] = Card(
                r["agent"], r["agent_label"], anchor(r["agent"]), total=r["total"], studies=r["studies"]
            )
            c.best_level = r["best_level"]
        if len(c.rows) < CARD_ROWS:
            c.rows.append(r)
    return list(out.values())


# ---- provenance ---------------------------------------------------------------------------------
@dataclass
class Inputs:
    rows: list[Row] = field(default_factory=list)
    hidden: int = 0
    software: set[str] = field(default_factory=set)


def inputs(rows: Iterable[Row], extractors: Iterable[Row]) -> Inputs:
    """The input documents listed (a page), how many more there are and every extractor version."""
    out = Inputs(rows=list(rows))
    documents = 0
    for r in extractors:
        documents += r["documents"]
        if r["software"]:
            out.software.add(r["software"])
    out.hidden = max(0, documents - len(out.rows))
    return out


# ---- plots --------------------------------------------------------------------------------------
@dataclass
class Rect:
    x: float
    y: float
    w: float
    h: float
    cls: str
    title: str


@dataclass
class Tick:
    pos: float
    text: str


@dataclass
class Plot:
    width: float
    height: float
    area: tuple[float, float, float, float]  # x0, y0, x1, y1 of the plotting area
    rects: list[Rect] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    labels: list[Tick] = field(default_factory=list)  # row labels (y position, text)
    notes: list[Tick] = field(default_factory=list)  # right-hand texts (y position, text)
    lines: list[tuple[float, float, float, float, str]] = field(default_factory=list)
    hidden: int = 0
    legend: list[tuple[str, str]] = field(default_factory=list)  # css class, text

    @property
    def empty(self) -> bool:
        return not self.rects


def _step(top: float, ticks: int = 5) -> int:
    raw = max(top / ticks, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    return int(next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw))


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _year(v: Any) -> int | None:
    text = str(v or "")[:4]
    return int(text) if text.isdigit() else None


def studies_per_year(rows: list[Row]) -> Plot:
    """Stacked bars: studies per publication year, coloured by the evidence level of their best design."""
    left, top, plot_w, plot_h = 44.0, 10.0, 820.0, 200.0
    p = Plot(left + plot_w + 10, top + plot_h + 30, (left, top, left + plot_w, top + plot_h))
    p.legend = [
        (f"lv{lv or 'x'}", f"level {lv}: {LEVEL_NAMES[lv]}" if lv else LEVEL_NAMES[lv]) for lv in LEVELS
    ]
    per_year: dict[int, dict[int | None, list[Row]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        y = _year(r["year"])
        if y is not None:
            per_year[y][r["level"]].append(r)
    if not per_year:
        return p
    first, last = min(per_year), max(per_year)
    years = last - first + 1
    highest = max(sum(int(r["studies"]) for rs in lv.values() for r in rs) for lv in per_year.values())
    step = _step(highest)
    y_max = step * math.ceil(highest / step)
    bar = plot_w / years
    for y, by_level in sorted(per_year.items()):
        base = top + plot_h
        for lv in LEVELS:
            rs = by_level.get(lv, [])
            n = sum(int(r["studies"]) for r in rs)
            if not n:
                continue
            h = plot_h * n / y_max
            base -= h
            designs = ", ".join(f"{r['design_label'] or 'design not stated'} {r['studies']}" for r in rs)
            title = f"{y}: {n} studies at {'level ' + str(lv) if lv else 'no level'} ({designs})"
            p.rects.append(
                Rect(left + (y - first) * bar + 0.5, base, max(bar - 1, 1), h, f"lv{lv or 'x'}", title)
            )
    every = next(k for k in (1, 2, 5, 10, 20, 50, 100) if years / k <= 16)
    p.x_ticks = [
        Tick(left + (y - first + 0.5) * bar, str(y)) for y in range(first, last + 1) if y % every == 0
    ] or [Tick(left + 0.5 * bar, str(first))]
    p.y_ticks = [Tick(top + plot_h - plot_h * v / y_max, str(v)) for v in range(0, y_max + 1, step)]
    return p


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of a proportion k/n (95 % by default)."""
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def response_forest(rows: list[Row]) -> Plot:
    """Forest-style plot per agent and condition: responders out of patients summed over the studies
    (a crude pooled share, not a meta-analysis), its 95 % Wilson interval, marker sized by n, sorted by rate."""
    label_w, plot_w, row_h, top = 300.0, 380.0, 20.0, 24.0
    per_study: dict[tuple[str, str], dict[tuple[str, ...], Row]] = defaultdict(dict)
    for r in rows:  # one result per study: the one with the most patients
        study = tuple(str(r[c] or "") for c in ("title", "first_author", "year"))
        known = per_study[(r["agent_label"], r["condition_label"])].get(study)
        if known is None or int(r["n"]) > int(known["n"]):
            per_study[(r["agent_label"], r["condition_label"])][study] = r
    pooled = [
        (agent, condition, sum(int(r["responders"]) for r in rs), sum(int(r["n"]) for r in rs), rs)
        for (agent, condition), by_study in per_study.items()
        for rs in [sorted(by_study.values(), key=lambda r: -int(r["n"]))]
    ]
    kept = sorted(pooled, key=lambda g: -g[3])[:FOREST_ROWS]
    kept.sort(key=lambda g: (-g[2] / g[3], -g[3], g[0], g[1]))
    bottom = top + row_h * len(kept)
    p = Plot(
        label_w + plot_w + 200,
        bottom + 30,
        (label_w, top, label_w + plot_w, bottom),
        hidden=len(pooled) - len(kept),
    )
    biggest = max((g[3] for g in kept), default=1)
    for i, (agent, condition, k, n, rs) in enumerate(kept):
        lo, hi = wilson(k, n)
        y = top + row_h * i + row_h / 2
        size = 4 + 8 * math.sqrt(n / biggest)
        studies = "; ".join(
            f"{' '.join(str(x) for x in (r['first_author'], r['year']) if x) or _short(str(r['title'] or ''), 40)}"
            f" {r['responders']}/{r['n']}: “{r['quote']}”"
            for r in rs[:5]
        )
        more = f"; and {len(rs) - 5} more" if len(rs) > 5 else ""
        title = (
            f"{agent} in {condition}: {k}/{n} responded ({100 * k / n:.0f} %, 95 % CI {100 * lo:.0f}-"
            f"{100 * hi:.0f} %) in {len(rs)} {'study' if len(rs) == 1 else 'studies'}: {studies}{more}"
        )
        p.lines.append((label_w + plot_w * lo, y, label_w + plot_w * hi, y, title))
        p.rects.append(Rect(label_w + plot_w * k / n - size / 2, y - size / 2, size, size, "est", title))
        p.labels.append(Tick(y, _short(f"{agent} · {condition}", 48)))
        p.notes.append(
            Tick(y, f"{k}/{n} ({100 * k / n:.0f} %), {len(rs)} {'study' if len(rs) == 1 else 'studies'}")
        )
    p.x_ticks = [Tick(label_w + plot_w * v / 100, f"{v} %") for v in range(0, 101, 25)]
    return p


def adverse_events(rows: list[Row]) -> Plot:
    """Horizontal stacked bars: adverse events per agent, by event type (fatal ones counted in the note)."""
    label_w, plot_w, row_h, top = 200.0, 520.0, 20.0, 10.0
    totals: dict[str, int] = defaultdict(int)
    fatal: dict[str, int] = defaultdict(int)
    type_totals: dict[str, int] = defaultdict(int)
    for r in rows:
        totals[r["agent_label"]] += int(r["events"])
        fatal[r["agent_label"]] += int(r["fatal"])
        type_totals[r["event_type"]] += int(r["events"])
    agents = sorted(totals, key=lambda a: (-totals[a], a))[:EVENT_AGENTS]
    coloured = sorted(type_totals, key=lambda t: (-type_totals[t], t))[:EVENT_TYPES]
    colour = {t: f"ev{i}" for i, t in enumerate(coloured)}
    bottom = top + row_h * len(agents)
    p = Plot(
        label_w + plot_w + 140,
        bottom + 30,
        (label_w, top, label_w + plot_w, bottom),
        hidden=len(totals) - len(agents),
    )
    p.legend = [(colour[t], t) for t in coloured] + (
        [("evx", "other event types")] if len(type_totals) > len(coloured) else []
    )
    if not agents:
        return p
    step = _step(max(totals.values()))
    x_max = step * math.ceil(max(totals.values()) / step)
    by_agent: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        by_agent[r["agent_label"]].append(r)
    for i, a in enumerate(agents):
        y, x = top + row_h * i, label_w
        for r in sorted(by_agent[a], key=lambda r: (r["event_type"] not in colour, -int(r["events"]))):
            w = plot_w * int(r["events"]) / x_max
            title = f"{a}: {r['events']} {r['event_type']} ({r['fatal']} fatal)"
            p.rects.append(Rect(x, y + 3, w, row_h - 6, colour.get(r["event_type"], "evx"), title))
            x += w
        p.labels.append(Tick(y + row_h / 2, _short(a, 30)))
        p.notes.append(Tick(y + row_h / 2, f"{totals[a]}" + (f" ({fatal[a]} fatal)" if fatal[a] else "")))
    p.x_ticks = [Tick(label_w + plot_w * v / x_max, str(v)) for v in range(0, x_max + 1, step)]
    return p


# ---- provenance ---------------------------------------------------------------------------------
def key_values(text: str) -> list[tuple[str, str]]:
    """The `key: value` lines of a build report."""
    pairs = []
    for line in text.splitlines():
        k, sep, v = line.partition(":")
        if sep and k.strip():
            pairs.append((k.strip(), v.strip()))
    return pairs
