"""`myokg report`: one self-contained HTML file (evidence map, cards, plots, provenance) from the stored queries."""

from __future__ import annotations

import platform
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import jinja2
import pyoxigraph as ox

from myokg import __version__, store
from myokg.report import data, views


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("myokg.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"


def _read(path: Path | None) -> str:
    return path.read_text(encoding="utf-8") if path is not None and path.is_file() else ""


def _quiet(part: str) -> None:
    pass


def render(
    graph: store.Graph | ox.Store, build_dir: Path | None = None, step: Callable[[str], None] = _quiet
) -> str:
    """The report's HTML for a graph (or a store of one); ``build_dir`` adds its build and validation reports.
    ``step`` is called with each part's name once its query is read (a progress bar)."""
    parts = data.collect(graph if isinstance(graph, store.Graph) else store.Graph(graph))
    rows = {}
    for part in data.QUERIES:
        if part not in data.STREAMED:
            rows[part] = list(parts[part])
            step(part)
    cards = views.cards(parts["cards"])
    step("cards")
    inputs = views.inputs(rows["inputs"], rows["extractors"])
    build_report = _read(build_dir / "build-report.txt" if build_dir else None)
    validation = _read(build_dir / "validation.txt" if build_dir else None)
    counts = rows["counts"][0] if rows["counts"] else {}
    versions = [
        ("myokg (report)", __version__),
        ("extractor of the inputs", ", ".join(sorted(inputs.software)) or "not recorded"),
        ("ontology", str(counts.get("ontology_version") or "not recorded")),
        ("pyoxigraph", _package_version("pyoxigraph")),
        ("Python", platform.python_version()),
    ]
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            emap=views.evidence_map(rows["map"], rows["terms"], {c.iri for c in cards}),
            cards=cards,
            findings=sum(c.total for c in cards),
            findings_shown=sum(len(c.rows) for c in cards),
            card_rows=views.CARD_ROWS,
            years=views.studies_per_year(rows["years"]),
            forest=views.response_forest(rows["rates"]),
            events=views.adverse_events(rows["events"]),
            levels=views.LEVEL_NAMES,
            directions=views.DIRECTIONS,
            counts=counts,
            build_report=views.key_values(build_report),
            validation=validation.splitlines()[0] if validation.strip() else "",
            inputs=inputs.rows,
            inputs_hidden=inputs.hidden,
            versions=versions,
            queries=data.QUERIES,
            anchor=views.anchor,
        )
    )


def write(
    graph: store.Graph, build_dir: Path | None, output: Path, step: Callable[[str], None] = _quiet
) -> None:
    """Render the report and write it to ``output`` atomically."""
    page = render(graph, build_dir, step)
    with store.atomic_write(output) as fh:
        fh.write(page.encode("utf-8"))
