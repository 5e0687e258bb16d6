"""The myokg command: thin commands that wire the pipeline stages."""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

import click

from myokg import __version__, paths
from myokg.errors import EXIT_FAILED, EXIT_USAGE, MyokgError

graph_option = click.option(
    "--graph",
    "graph_path",
    type=click.Path(path_type=Path),
    help="Build directory or RDF file to query (default: build/).",
)
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)


class Usage(click.ClickException):
    """A one-line error with the usage exit code."""

    exit_code = EXIT_USAGE


def fail(exc: MyokgError) -> Usage:
    return Usage(str(exc))


class _Group(click.Group):
    """Turn an unexpected error into one line (exit 2); `-v` shows its traceback instead."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except Exception as exc:  # a bug, not bad input: say so briefly unless asked for details
            if ctx.params.get("verbose"):
                raise
            raise Usage(
                f"internal error: {type(exc).__name__}: {exc} (run with -v for the traceback)"
            ) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="myokg")
@click.option("-v", "--verbose", is_flag=True, help="Log progress and show tracebacks of unexpected errors.")
def main(verbose: bool) -> None:
    """Evidence knowledge graph for the treatment of refractory polymyositis, dermatomyositis and JDM."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s: %(message)s"
    )


# ---- build ------------------------------------------------------------------------------------
def _extract_all(inputs: list[Path]) -> tuple[list[Any], list[str]]:
    from myokg import vocab
    from myokg.extract import Extractor
    from myokg.read import read_paths

    extractor = Extractor(vocab.default())
    extractions, failures = [], []
    try:
        for _, item in read_paths(inputs):
            if isinstance(item, MyokgError):
                failures.append(str(item))
            else:
                extractions.append(extractor.extract(item))
    except MyokgError as exc:
        raise fail(exc) from None
    return extractions, failures


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=paths.BUILD_DIR,
    show_default=True,
    help="Directory to write the graph, ontology exports and reports to.",
)
@click.option(
    "--validate/--no-validate",
    "run_validation",
    default=True,
    show_default=True,
    help="Validate with SHACL and the checks (pySHACL reads some 6,000 quads a second; skip it for very "
    "large batches and run `myokg validate` later).",
)
def build(inputs: tuple[Path, ...], output: Path, run_validation: bool) -> None:
    """Read documents, extract facts, build and validate the graph, write the exports (default input: corpus/)."""
    from myokg import graph, reason, store, validate

    if output.exists() and not output.is_dir():
        raise Usage(f"build: {output}: output must be a directory")
    started = time.perf_counter()
    extractions, failures = _extract_all(list(inputs) or [paths.CORPUS_DIR])
    if not extractions:
        for f in failures:
            click.echo(f"Error: {f}", err=True)
        click.echo(f"build: no document could be read; nothing written to {output}", err=True)
        sys.exit(EXIT_FAILED)
    quads = graph.build(extractions)
    report = validate.validate(quads) if run_validation else validate.Report([], checked=False)
    everything = quads + store.ontology_quads()
    store.write(quads, output / "myokg.ttl", "ttl")
    store.write(everything, output / "myokg.nq", "nq")
    reason.write_exports(output)
    with store.atomic_write(output / "validation.txt") as fh:
        fh.write(report.text().encode())
    with store.atomic_write(output / "validation.ttl") as fh:
        fh.write(validate.report_turtle(report).encode())
    findings = sum(len(s.findings) for e in extractions for s in e.segments)
    lines = [
        f"documents: {len(extractions)} built, {len(failures)} failed",
        f"references: {sum(len(e.document.references) for e in extractions)}",
        f"findings: {findings}",
        f"triples: {len(quads)}",
        f"validation: {report.text().splitlines()[0]}",
        f"seconds: {time.perf_counter() - started:.2f}",
    ]
    with store.atomic_write(output / "build-report.txt") as fh:
        fh.write(("\n".join(lines + [f"failed: {f}" for f in failures]) + "\n").encode())
    for f in failures:
        click.echo(f"Error: {f}", err=True)
    click.echo("\n".join(lines))
    click.echo(
        f"wrote {output}/myokg.ttl, myokg.nq, myokg.owl, myokg-ontology.ttl, validation.txt, validation.ttl, build-report.txt"
    )
    if failures or not report.conforms:
        sys.exit(EXIT_FAILED)


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True)
def extract(inputs: tuple[Path, ...], fmt: str) -> None:
    """Print one record per finding (agent, condition, role, design, n, direction, span)."""
    from myokg import vocab
    from myokg.extract.records import finding_records

    extractions, failures = _extract_all(list(inputs))
    records = [r for e in extractions for r in finding_records(e, vocab.default())]
    if fmt == "jsonl":
        for r in records:
            click.echo(json.dumps(r, ensure_ascii=False))
    else:
        cols = [
            "document",
            "reference",
            "agent",
            "condition",
            "role",
            "design",
            "n",
            "direction",
            "adverse_event",
        ]
        _table(cols, [[r[c] for c in cols] for r in records])
    for f in failures:
        click.echo(f"Error: {f}", err=True)
    if failures:
        sys.exit(EXIT_FAILED)


@main.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--diff", is_flag=True, help="Also list every missed and extra fact.")
def evaluate(gold: Path, inputs: tuple[Path, ...], diff: bool) -> None:
    """Score extraction of INPUTS against a GOLD file: precision, recall and F1 per field."""
    import json as _json

    from myokg import evaluate as ev
    from myokg import vocab

    extractions, failures = _extract_all(list(inputs))
    try:
        scores = ev.score(gold, extractions, vocab.default())
    except (ValueError, KeyError, TypeError, _json.JSONDecodeError) as exc:
        raise Usage(f"evaluate: {gold}: not a gold file ({exc})") from None
    _table(
        ["field", "precision", "recall", "f1", "tp", "fp", "fn"],
        [[s.field, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", s.tp, s.fp, s.fn] for s in scores],
    )
    if diff:
        click.echo("\n".join(ev.differences(gold, extractions, vocab.default())))
    if failures:
        sys.exit(EXIT_FAILED)


# ---- query ------------------------------------------------------------------------------------
def _graph_quads(graph_path: Path | None) -> list[Any]:
    """The quads of a build directory (its myokg.nq) or of an RDF file."""
    from myokg import store

    target = graph_path or paths.BUILD_DIR
    if target.is_dir():
        target = target / "myokg.nq"
    if not target.exists():
        hint = " (run `myokg build` first)" if graph_path is None else ""
        raise Usage(f"query: {target}: no such graph{hint}")
    try:
        return store.read_quads(target)
    except (ValueError, SyntaxError, OSError) as exc:
        raise Usage(f"query: {target}: cannot load graph: {str(exc).splitlines()[0]}") from None


def _load_graph(graph_path: Path | None) -> Any:
    from myokg import store

    return store.new_store(_graph_quads(graph_path))


def _cell(v: Any) -> str:
    return "" if v is None else v.value


def _compact(value: str) -> str:
    """Show an IRI of a known namespace as a CURIE (tables only; CSV and JSON keep full IRIs)."""
    from myokg.store import PREFIXES

    for prefix, base in PREFIXES.items():
        if value.startswith(base) and len(value) > len(base):
            return f"{prefix}:{value[len(base) :]}"
    return value


def _table(cols: list[str], rows: list[list[Any]]) -> None:
    cells = [[str(c) if c is not None else "" for c in row] for row in rows]
    widths = [min(60, max([len(c)] + [len(r[i]) for r in cells])) for i, c in enumerate(cols)]
    click.echo("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for r in cells:
        click.echo(
            "  ".join(
                (c if len(c) <= w else c[: w - 1] + "…").ljust(w) for c, w in zip(r, widths, strict=True)
            ).rstrip()
        )
    click.echo(f"({len(rows)} rows)")


def _params(values: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for v in values:
        name, sep, value = v.partition("=")
        if not sep or not name.strip():
            raise Usage(f"query: --param '{v}': expected NAME=VALUE")
        if name.strip() in out:
            raise Usage(f"query: --param {name.strip()} given twice")
        out[name.strip()] = value
    return out


@main.command()
@click.argument("name", required=False)
@click.option(
    "--file", "file", type=click.Path(path_type=Path), help="Run the SELECT query in this .rq file."
)
@click.option("--sparql", help="Run this SELECT query text (read-only, local).")
@click.option("--param", "params", multiple=True, help="Query parameter NAME=VALUE (repeatable).")
@click.option("--endpoint", help="Run on this SPARQL 1.1 query endpoint instead of the local graph.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=60.0,
    show_default=True,
    help="Seconds the query may run (exit 1 past it).",
)
@format_option
@graph_option
def query(
    name: str | None,
    file: Path | None,
    sparql: str | None,
    params: tuple[str, ...],
    endpoint: str | None,
    timeout: float,
    fmt: str,
    graph_path: Path | None,
) -> None:
    """Run a stored query by NAME, or your own with --file / --sparql."""
    from myokg import queries, vocab

    if sum(x is not None for x in (name, file, sparql)) != 1:
        raise Usage("query: give exactly one of NAME, --file or --sparql")
    try:
        if name is not None:
            known = queries.stored()
            if name not in known:
                raise Usage(f"query: unknown query '{name}' (known: {', '.join(known)})")
            q = known[name]
        elif file is not None:
            try:
                text = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise Usage(f"query: {file}: cannot read: {exc}") from None
            queries.lint(file.name, text)  # before a heading line is added: lines as in the file
            q = queries.parse(file.name, text if text.startswith("#") else "# ad-hoc query\n" + text)
        else:
            assert sparql is not None
            queries.lint("--sparql", sparql)
            q = queries.parse("--sparql", "# ad-hoc query\n" + sparql)
        queries.check_read_only(q.name, q.text)
        bindings = queries.bind(q, _params(params), vocab.default())
    except MyokgError as exc:
        raise fail(exc) from None
    if endpoint:
        from myokg import remote

        try:
            solutions = remote.query_solutions(endpoint, q.text, bindings, timeout)
        except remote.RemoteError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(EXIT_FAILED)
    else:
        st = _load_graph(graph_path)
        try:
            solutions = queries.results(st, q.name, q.text, bindings, timeout)
        except queries.QueryTimeout as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(EXIT_FAILED)
        except MyokgError as exc:
            raise fail(exc) from None
    if fmt == "table":
        cols, rows = queries.rows(solutions)
        _table(cols, [[_compact(_cell(v)) for v in row] for row in rows])
    else:  # the SPARQL 1.1 Query Results JSON, CSV and TSV formats, typed
        import pyoxigraph as ox

        results_format = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV}
        data = solutions.serialize(format=results_format.get(fmt, ox.QueryResultsFormat.TSV)) or b""
        click.echo(data.decode("utf-8"), nl=fmt == "json")


@main.command("queries")
def list_queries() -> None:
    """List the stored queries and the questions they answer."""
    from myokg import queries

    for name, q in queries.stored().items():
        params = " ".join(f"[--param {p.name}=…]" if p.optional else f"--param {p.name}=…" for p in q.params)
        click.echo(f"{name:22} {q.question}" + (f"  {params}" if params else ""))


@main.command(name="validate")
@click.argument("graph_path", required=False, type=click.Path(path_type=Path))
def validate_cmd(graph_path: Path | None) -> None:
    """Validate a built graph with the SHACL shapes and the integrity checks (exit 1 on violations)."""
    import pyoxigraph as ox

    from myokg import validate, vocab
    from myokg.namespaces import ONTOLOGY_IRI

    quads = [q for q in _graph_quads(graph_path) if q.graph_name != ox.NamedNode(ONTOLOGY_IRI)]
    try:
        report = validate.validate(quads)
    except MyokgError as exc:
        raise fail(exc) from None
    curation = vocab.problems(vocab.default())
    click.echo(report.text(), nl=False)
    for p in curation:
        click.echo(f"Violation: vocabulary: {p}")
    if not report.conforms or curation:
        sys.exit(EXIT_FAILED)


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ttl", "nt", "nq", "trig", "jsonld", "kgx"]),
    default="ttl",
    show_default=True,
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="File to write (default: standard output)."
)
@graph_option
def export(fmt: str, output: Path | None, graph_path: Path | None) -> None:
    """Export the built graph in another RDF format, or as KGX nodes/edges TSV (-o DIR or PREFIX)."""
    from myokg import exports, store

    quads = _graph_quads(graph_path)
    if fmt == "kgx":
        from myokg import kgx, vocab

        if output is None:
            raise Usage("export: --format kgx writes two files: give -o DIR or -o PREFIX")
        written = kgx.write(quads, vocab.default(), output)
        click.echo(f"wrote {written[0]} and {written[1]}")
        return
    data = exports.jsonld(quads) if fmt == "jsonld" else store.serialize(quads, fmt)
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        with store.atomic_write(output) as fh:
            fh.write(data)
        click.echo(f"wrote {output}")


@main.command()
@click.option(
    "--endpoint", required=True, help="Graph Store Protocol endpoint, e.g. http://127.0.0.1:7878/store."
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    help="Seconds each whole request may take.",
)
@graph_option
def push(endpoint: str, timeout: float, graph_path: Path | None) -> None:
    """PUT every document graph and the ontology graph to a triplestore (credentials: MYOKG_ENDPOINT_TOKEN,
    MYOKG_ENDPOINT_USER/MYOKG_ENDPOINT_PASSWORD, or ~/.netrc)."""
    from myokg import remote

    quads = _graph_quads(graph_path)
    try:
        report = remote.push(quads, endpoint, timeout)
    except remote.RemoteError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_FAILED)
    click.echo(f"pushed {len(report.pushed)} graphs ({report.triples} triples) to {remote.redact(endpoint)}")


@main.command()
@graph_option
def stats(graph_path: Path | None) -> None:
    """Count documents, publications, studies, findings and triples in the built graph."""
    from myokg import store

    st = _load_graph(graph_path)
    q = """PREFIX myo: <https://w3id.org/myokg/ontology#>
SELECT ?class (COUNT(DISTINCT ?s) AS ?count) WHERE {
  VALUES ?class { myo:Document myo:Publication myo:Reference myo:Study myo:Finding myo:Outcome myo:AdverseEvent myo:Mention }
  ?s a ?class } GROUP BY ?class ORDER BY ?class"""
    cols, rows = store.query(st, q)
    for cls, count in rows:
        click.echo(f"{cls.value.rsplit('#', 1)[1]:16} {count.value}")
    click.echo(f"{'triples':16} {len(st)} (data and ontology, merged)")


# ---- vocabulary ---------------------------------------------------------------------------------
@main.command()
@click.argument("text")
def lookup(text: str) -> None:
    """Show what TEXT grounds to: term, label, identifiers and why."""
    from myokg import vocab
    from myokg.extract.mentions import Matcher

    v = vocab.default()
    explained = v.explain(text)
    if explained is not None:
        term, why = explained
        click.echo(f"{term.key}\t{term.label}\t{term.kind}\t{' '.join(term.curies)}\twhy: {why}")
        return
    found = Matcher(v).find(text)
    if not found:
        click.echo(f"lookup: '{text}' grounds to no term", err=True)
        sys.exit(EXIT_FAILED)
    for m in found:
        t = v.terms[m.term]
        click.echo(f"{t.key}\t{t.label}\t{t.kind}\t{' '.join(t.curies)}\twhy: '{m.text}' as {m.how}")


@main.command(name="vocab")
@click.option("--format", "fmt", type=click.Choice(["tsv", "sssom"]), default="tsv", show_default=True)
def vocab_cmd(fmt: str) -> None:
    """List the vocabulary, or its mappings as SSSOM TSV."""
    from myokg import vocab
    from myokg.vocab_export import sssom, tsv

    click.echo((sssom if fmt == "sssom" else tsv)(vocab.default()), nl=False)


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), default=paths.BUILD_DIR, show_default=True)
@click.option(
    "--materialize",
    is_flag=True,
    help="Also write myokg-materialized.nq: the built graph plus every inferred superclass type.",
)
def ontology(output: Path, materialize: bool) -> None:
    """Write myokg.owl (RDF/XML) and Turtle for Protégé, and report consistency with HermiT."""
    from myokg import reason, store

    try:
        reason.write_exports(output)
    except reason.ReasonerUnavailable as exc:
        raise Usage(f"ontology: {exc}") from None
    click.echo(f"wrote {output}/myokg.owl and {output}/myokg-ontology.ttl")
    if materialize:
        quads = reason.materialize(_graph_quads(output))
        store.write(quads, output / "myokg-materialized.nq", "nq")
        click.echo(f"wrote {output}/myokg-materialized.nq ({len(quads)} quads)")
    try:
        result = reason.classify(output / "myokg.owl")
    except reason.ReasonerUnavailable as exc:
        raise Usage(f"ontology: {exc}") from None
    click.echo(result.text())
    from myokg import validate

    problems = validate.ontology_checks()
    click.echo(f"quality checks (queries/checks/ontology-*.rq): {len(problems)} problem(s)")
    for i in problems:
        click.echo(f"  {i.source.removeprefix('check ')}: {i.focus}: {i.message}")
    if not result.consistent or result.unsatisfiable or problems:
        sys.exit(EXIT_FAILED)


# ---- report -----------------------------------------------------------------------------------
@main.command()
@graph_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("report.html"),
    show_default=True,
    help="HTML file to write.",
)
def report(graph_path: Path | None, output: Path) -> None:
    """Write an offline HTML report: evidence map, evidence cards, plots and provenance, from stored queries."""
    from myokg import report as html_report
    from myokg import store

    build_dir = graph_path or paths.BUILD_DIR
    if not build_dir.exists():
        raise Usage(f"report: {build_dir}: no such graph (run `myokg build` first)")
    page = html_report.render(_load_graph(graph_path), build_dir if build_dir.is_dir() else None)
    with store.atomic_write(output) as fh:
        fh.write(page.encode("utf-8"))
    click.echo(f"wrote {output}")
