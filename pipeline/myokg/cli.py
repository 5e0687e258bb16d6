"""The myokg command: thin commands that wire the pipeline stages."""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from myokg import __version__, paths
from myokg.errors import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PIPE_CLOSED,
    EXIT_USAGE,
    BuildFailed,
    MyokgError,
)

FC = TypeVar("FC", bound=Callable[..., Any])

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


def timeout_option(seconds: float, help_text: str) -> Callable[[FC], FC]:
    """A ``--timeout SECONDS`` deadline option."""
    return click.option(
        "--timeout", type=click.FloatRange(min=0.1), default=seconds, show_default=True, help=help_text
    )


class Usage(click.ClickException):
    """A one-line error with the usage exit code."""

    exit_code = EXIT_USAGE


class _Bars:
    """One progress bar per stage the library names (``progress(stage, done, total)``) on standard error: the
    count, its rate and, when the total is known, the share done and the ETA (click's progress bar)."""

    def __init__(self, command: str) -> None:
        self.command = command
        self.stage = ""
        self.bar: Any = None
        self.started = 0.0
        self.shown = 0.0
        self.done = 0

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if stage != self.stage:
            self.close()
            self.stage, self.started = stage, time.monotonic()
            self.bar = click.progressbar(
                iterable=_unsized(),  # no length: the bar runs until one is known
                label=f"{self.command}: {stage}",
                file=sys.stderr,
                item_show_func=self._rate,
            )
            self.bar.__enter__()
            self.done = 0
        now = time.monotonic()
        if done and done != total and now - self.shown < 0.1:  # ten lines a second at most
            return
        self.shown = now
        if total is not None:
            self.bar.length = max(total, done, 1)  # an estimate may grow or shrink as work goes
            self.bar.show_percent = True
        self.bar.show_pos = bool(done or total)  # a stage that counts nothing shows its name alone
        step, self.done = done - self.done, done
        self.bar.update(step, current_item=now)

    def _rate(self, now: float | None) -> str | None:
        if now is None or now <= self.started or not self.done:
            return None
        return f"{self.done / (now - self.started):,.0f}/s"

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _unsized() -> Iterator[float]:
    yield from ()


@contextmanager
def _progress(command: str) -> Iterator[Callable[[str, int, int | None], None] | None]:
    """Progress bars on a terminal, nothing in a log or a pipe (None: the library reports nothing)."""
    if not sys.stderr.isatty():
        yield None
        return
    bars = _Bars(command)
    try:
        yield bars
    finally:
        bars.close()


class _Group(click.Group):
    """The one place errors become exit codes: a MyokgError is one line with its class's code; Ctrl-C is one
    line and 130; an unexpected error is one line (exit 2) unless `-v` asks for its traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except BrokenPipeError:  # the reader of our output stopped early (`| head`): nothing to report
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise click.exceptions.Exit(EXIT_PIPE_CLOSED) from None
        except KeyboardInterrupt:
            click.echo("Interrupted; nothing half-written was kept.", err=True)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
        except MyokgError as exc:
            for f in exc.failures if isinstance(exc, BuildFailed) else []:
                click.echo(f"Error: {f}", err=True)
            click.echo(f"Error: {exc}", err=True)
            raise click.exceptions.Exit(exc.exit_code) from None
        except OSError as exc:  # a full disk or a file system refusing a write: the command, the path, why
            if ctx.params.get("verbose"):
                raise
            where = f"{exc.filename}: " if exc.filename else ""
            raise Usage(f"{ctx.invoked_subcommand}: {where}{exc.strerror or exc}") from None
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


def _dash_is_stdin(ctx: click.Context, param: click.Parameter, value: tuple[Path, ...]) -> tuple[Path, ...]:
    """`-` among the inputs reads standard input (a pipe or a redirected file)."""
    return tuple(Path("/dev/stdin") if str(p) == "-" else p for p in value)


# ---- build ------------------------------------------------------------------------------------
#: The full-graph exports a build writes when asked (``myokg.exportstream.FORMATS``; kept here so that
#: ``--help`` imports no RDF engine).
BUILD_EXPORTS = ("nq", "ttl", "nq.gz", "ttl.gz")


def _build_exports(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    """`--export nq --export ttl.gz` or `--export nq,ttl.gz`: each format once, in a fixed order."""
    asked = {part.strip() for v in value for part in v.split(",") if part.strip()}
    unknown = sorted(asked - set(BUILD_EXPORTS))
    if unknown:
        raise click.BadParameter(
            f"{', '.join(unknown)} (known: {', '.join(BUILD_EXPORTS)}; other formats: `myokg export`)"
        )
    return tuple(f for f in BUILD_EXPORTS if f in asked)


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path), callback=_dash_is_stdin)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=paths.BUILD_DIR,
    show_default=True,
    help="Directory to write the store, the graph exports and the reports to (replaced as a whole).",
)
@click.option(
    "--validate/--no-validate",
    "run_validation",
    default=True,
    show_default=True,
    help="Validate with SHACL and the checks (pySHACL reads some 6,000 quads a second; skip it for very "
    "large batches and run `myokg validate` later).",
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), help="Extraction processes (default: one per core)."
)
@click.option(
    "--update", is_flag=True, help="Keep the documents already built in the output; add or replace these."
)
@click.option(
    "--from-shards",
    type=click.Path(file_okay=False, path_type=Path),
    help="Load the shards `myokg shard` wrote into DIR instead of reading INPUTS.",
)
@click.option(
    "--export",
    "exports",
    multiple=True,
    metavar="FORMAT[,FORMAT…]",
    callback=_build_exports,
    help="Also write the whole graph beside the store as myokg.FORMAT, FORMAT one of "
    f"{', '.join(BUILD_EXPORTS)} (repeatable or comma-separated; default: none, `myokg export` writes any "
    "format from the store later).",
)
def build(
    inputs: tuple[Path, ...],
    output: Path,
    run_validation: bool,
    jobs: int | None,
    update: bool,
    from_shards: Path | None,
    exports: tuple[str, ...],
) -> None:
    """Read documents, extract facts, build and validate the graph into a store, write the reports and the
    exports asked for (default input: corpus/)."""
    from myokg.build import build as run_build
    from myokg.shards import build_from_shards

    if from_shards is not None:
        if inputs or update:
            raise Usage("build: --from-shards takes no INPUTS and no --update")
        report = build_from_shards(from_shards, output, validate=run_validation, exports=exports)
    else:
        with _progress("build") as step:
            report = run_build(
                inputs,
                output,
                validate=run_validation,
                jobs=jobs,
                update=update,
                progress=step,
                exports=exports,
            )
    for f in report.failures:
        click.echo(f"Error: {f}", err=True)
    click.echo("\n".join(report.lines()))
    click.echo(f"wrote {output}/" + ", ".join(report.files))
    if report.dropped:
        again = ",".join(name.removeprefix("myokg.") for name in report.dropped)
        click.echo(
            f"note: the previous build's {', '.join(report.dropped)} not kept (ask again with --export {again})",
            err=True,
        )
    sys.exit(report.exit_code)


@main.command()
@click.argument(
    "inputs", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True)
def shard(inputs: tuple[Path, ...], output: Path) -> None:
    """Extract each input FILE into an N-Quads shard in DIR (a pure per-file step: run it anywhere, then
    `myokg build --from-shards DIR`)."""
    from myokg.shards import shard as write_shard

    for path in inputs:
        click.echo(f"wrote {write_shard(path, output)}")


def _table(cols: list[str], rows: list[list[Any]], width: int = 60) -> None:
    """A plain-text table (cells cut at ``width`` characters) and its row count."""
    from tabulate import tabulate

    cells = [["" if c is None else str(c) for c in row] for row in rows]
    cut = [[c if len(c) <= width else c[: width - 1] + "…" for c in row] for row in cells]
    click.echo(tabulate(cut, headers=cols, tablefmt="simple", disable_numparse=True))
    click.echo(f"({len(rows)} rows)")


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path), callback=_dash_is_stdin)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True)
def extract(inputs: tuple[Path, ...], fmt: str) -> None:
    """Print one record per finding (agent, condition, role, design, n, direction, span; its publication)."""
    from myokg import vocab
    from myokg.build import extract_all
    from myokg.extract.records import finding_records

    extractions, failures = extract_all(inputs)
    for e in extractions:
        for w in e.warnings:
            click.echo(f"warning: {e.document.source}: {w}", err=True)
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
    sys.exit(EXIT_FAILED if failures else EXIT_OK)


@main.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--diff", is_flag=True, help="Also list every missed and extra fact.")
def evaluate(gold: Path, inputs: tuple[Path, ...], diff: bool) -> None:
    """Score extraction of INPUTS against a GOLD file: precision, recall and F1 per field."""
    from myokg import evaluate as ev
    from myokg import vocab
    from myokg.build import extract_all

    extractions, failures = extract_all(inputs)
    scores = ev.score(gold, extractions, vocab.default())
    _table(
        ["field", "precision", "recall", "f1", "tp", "fp", "fn"],
        [[s.field, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", s.tp, s.fp, s.fn] for s in scores],
    )
    if diff:
        click.echo("\n".join(ev.differences(gold, extractions, vocab.default())))
    sys.exit(EXIT_FAILED if failures else EXIT_OK)


# ---- query ------------------------------------------------------------------------------------
def _compact(value: str) -> str:
    """Show an IRI of a known namespace as a CURIE (tables only; CSV, TSV and JSON keep full IRIs)."""
    from myokg.namespaces import PREFIXES

    for prefix, base in PREFIXES.items():
        if value.startswith(base) and len(value) > len(base):
            return f"{prefix}:{value[len(base) :]}"
    return value


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


def _render(solutions: Any, fmt: str, count: bool = False) -> int:
    """Query results as a table, or through pyoxigraph's SPARQL results serialisers (CSV, TSV, JSON); returns
    the number of rows (of a table, or when asked to ``count``: the results are then read twice), else -1."""
    import pyoxigraph as ox

    from myokg.store import RESULTS_FORMATS

    if fmt == "table":
        cols = [v.value for v in solutions.variables]
        rows = [[_compact(sol[c].value) if sol[c] is not None else "" for c in cols] for sol in solutions]
        _table(cols, rows)
        return len(rows)
    shown = -1
    if count:
        data = solutions.serialize(format=ox.QueryResultsFormat.JSON) or b""
        counted = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        assert isinstance(counted, ox.QuerySolutions)
        shown = len(list(counted))
        solutions = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    click.echo(solutions.serialize(format=RESULTS_FORMATS[fmt]).decode("utf-8"), nl=fmt == "json")
    return shown


@main.command()
@click.argument("name", required=False)
@click.option(
    "--file", "file", type=click.Path(path_type=Path), help="Run the SELECT query in this .rq file."
)
@click.option("--sparql", help="Run this SELECT query text (read-only, local).")
@click.option("--param", "params", multiple=True, help="Query parameter NAME=VALUE (repeatable).")
@click.option("--endpoint", help="Run on this SPARQL 1.1 query endpoint instead of the local graph.")
@timeout_option(60.0, "Seconds the query may run (exit 1 past it).")
@click.option(
    "--memory",
    type=click.IntRange(min=16),
    default=2048,
    show_default=True,
    help="MiB of memory the query may take beyond the store's (exit 1 past it).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    help="Show at most this many rows (a listing: items) as one page; 0: all. A listing shows 50 by default.",
)
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many rows (items) first.")
@click.option("--all", "whole", is_flag=True, help="Show the whole answer (a listing is otherwise paged).")
@format_option
@graph_option
def query(
    name: str | None,
    file: Path | None,
    sparql: str | None,
    params: tuple[str, ...],
    endpoint: str | None,
    timeout: float,
    memory: int,
    limit: int | None,
    offset: int,
    whole: bool,
    fmt: str,
    graph_path: Path | None,
) -> None:
    """Run a stored query by NAME, or your own with --file / --sparql. A listing (a query with a #@page line)
    shows its first page unless given --limit, --offset or --all."""
    from myokg import queries, store, vocab
    from myokg.extract import lexicon

    if sum(x is not None for x in (name, file, sparql)) != 1:
        raise Usage("query: give exactly one of NAME, --file or --sparql")
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
    given = _params(params)
    bindings = queries.bind(q, given, lexicon.attach(vocab.default())) if given or q.params else {}
    if whole and (limit or offset):
        raise Usage("query: --all shows every row: give it without --limit and --offset")
    items = queries.listing(q.text)
    default_page = items is not None and not whole and limit is None and not offset
    if default_page:
        limit = queries.DEFAULT_PAGE
    text = queries.paged(q.text, limit or None, offset)
    if endpoint:
        from myokg import remote

        solutions = remote.query_solutions(endpoint, text, bindings, timeout)
    else:
        graph = store.open_graph(graph_path)
        solutions = queries.results(graph.store, q.name, text, bindings, timeout, union=True, memory=memory)
    shown = _render(solutions, fmt, count=default_page)
    if default_page and shown >= queries.DEFAULT_PAGE:  # fewer rows than items asked for: nothing more
        click.echo(
            f"{q.name}: the first {queries.DEFAULT_PAGE} {items}; the next with --offset {queries.DEFAULT_PAGE}, "
            "every one with --all",
            err=True,
        )


@main.command("queries")
def list_queries() -> None:
    """List the stored queries and the questions they answer."""
    from myokg import queries

    for name, q in queries.stored().items():
        params = " ".join(f"[--param {p.name}=…]" if p.optional else f"--param {p.name}=…" for p in q.params)
        click.echo(f"{name:22} {q.question}" + (f"  {params}" if params else ""))


#: ``myokg.exports.FORMATS`` (kept here so that ``--help`` imports no RDF engine; a test checks they agree).
_RDF = ("ttl", "nt", "nq", "trig", "jsonld")
EXPORT_FORMATS = (*_RDF, *(f"{f}.gz" for f in _RDF), "kgx", "sssom")


@main.command(name="validate")
@click.argument("graph_path", required=False, type=click.Path(path_type=Path))
def validate_cmd(graph_path: Path | None) -> None:
    """Validate a built graph with the SHACL shapes and the integrity checks (exit 1 on violations)."""
    from myokg import validate, vocab

    with _progress("validate") as step:
        report = validate.validate_build(graph_path, step)
    curation = vocab.problems(vocab.default())
    click.echo(report.text(), nl=False)
    for p in curation:
        click.echo(f"Violation: vocabulary: {p}")
    sys.exit(EXIT_FAILED if not report.conforms or curation else EXIT_OK)


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="ttl",
    show_default=True,
    help="RDF (quad formats keep the named graphs; FORMAT.gz: gzipped), KGX TSV, or the vocabulary's SSSOM.",
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="File to write (default: standard output)."
)
@graph_option
def export(fmt: str, output: Path | None, graph_path: Path | None) -> None:
    """Export the built graph in an RDF format (FORMAT.gz: gzipped), as KGX nodes/edges TSV (-o DIR or PREFIX),
    or the vocabulary's mappings as SSSOM."""
    from myokg import exports, store

    if fmt.endswith(".gz") and output is None and sys.stdout.isatty():
        raise Usage(f"export: --format {fmt} is binary; give -o FILE or redirect standard output")
    graph = None if fmt == "sssom" else store.open_graph(graph_path)  # SSSOM: the vocabulary's, no graph
    with _progress("export") as step:
        written = exports.write(graph, fmt, output, graph_path, step)
    if written:
        click.echo("wrote " + " and ".join(map(str, written)))


@main.command()
@click.option(
    "--endpoint", required=True, help="Graph Store Protocol endpoint, e.g. http://127.0.0.1:7878/store."
)
@timeout_option(30.0, "Seconds each whole request may take.")
@graph_option
def push(endpoint: str, timeout: float, graph_path: Path | None) -> None:
    """PUT every document graph and the ontology graph to a triplestore (credentials: MYOKG_ENDPOINT_TOKEN,
    MYOKG_ENDPOINT_USER/MYOKG_ENDPOINT_PASSWORD, or ~/.netrc)."""
    from myokg import remote, store
    from myokg.errors import redact

    report = remote.push(list(store.open_graph(graph_path).quads()), endpoint, timeout)
    click.echo(f"pushed {len(report.pushed)} graphs ({report.triples} triples) to {redact(endpoint)}")


@main.command()
@graph_option
def stats(graph_path: Path | None) -> None:
    """Count documents, publications, studies, findings and quads in the built graph."""
    from myokg import queries, store

    graph = store.open_graph(graph_path)
    _, rows = graph.query(queries.stored()["stats"].text)
    for cls, count in rows:
        assert cls is not None and count is not None
        click.echo(f"{cls.value.rsplit('#', 1)[1]:16} {count.value}")
    click.echo(f"{'quads':16} {len(graph.store)} (documents' graphs and the ontology graph)")


# ---- vocabulary ---------------------------------------------------------------------------------
@main.command()
@click.argument("text")
def lookup(text: str) -> None:
    """Show what TEXT grounds to: term, label, identifiers and why."""
    from myokg import vocab
    from myokg.extract import lexicon
    from myokg.extract.mentions import Matcher

    v = lexicon.attach(vocab.default())
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
    from myokg import reason, store, validate

    files = reason.exports(output)
    if materialize:
        target, data, count = reason.materialized(output)
        files[target] = data
    store.write_all(files)  # all of them or, on a full disk, none
    click.echo(f"wrote {output}/myokg.owl and {output}/myokg-ontology.ttl")
    if materialize:
        click.echo(f"wrote {target} ({count} quads)")
    result = reason.classify(output / "myokg.owl")
    click.echo(result.text())

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

    store.refuse_overwriting_input("report", output, graph_path)
    graph = store.open_graph(graph_path)
    build_dir = graph_path or paths.BUILD_DIR
    where = build_dir if build_dir.is_dir() else None
    parts = len(html_report.data.QUERIES)
    with _progress("report") as bar:
        done = iter(range(1, parts + 1))
        html_report.write(
            graph, where, output, lambda _part: bar("queries", next(done), parts) if bar else None
        )
    click.echo(f"wrote {output}")


# ---- fetch ------------------------------------------------------------------------------------
@main.command()
@click.argument("search_query", metavar="QUERY")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--max", "max_records", type=click.IntRange(min=1), help="Fetch at most N records.")
@click.option("--since", help="Only records added to PubMed since DATE (YYYY-MM-DD), for `build --update`.")
@click.option("--pmc", is_flag=True, help="Also fetch the open-access full texts (PMC JATS XML).")
@click.option("--email", help="Your email, sent to NCBI as it asks (default: $NCBI_EMAIL).")
@click.option("--api-key", help="NCBI API key: 10 requests/s instead of 3 (default: $NCBI_API_KEY).")
@click.option(
    "--batch", type=click.IntRange(1, 10000), default=500, show_default=True, help="Records per request."
)
def fetch(
    search_query: str,
    output: Path,
    max_records: int | None,
    since: str | None,
    pmc: bool,
    email: str | None,
    api_key: str | None,
    batch: int,
) -> None:
    """Fetch a PubMed search as XML batches into a folder (resumable); then `myokg build FOLDER`."""
    from myokg import fetch as eutils

    client = eutils.client_from(email, api_key)
    if client.email is None:
        click.echo("fetch: no --email or $NCBI_EMAIL; NCBI asks for one to contact heavy users", err=True)
    try:
        after = eutils.since_date(since) if since else None
    except eutils.FetchError as exc:  # a bad option is a usage error, not a failed fetch
        raise Usage(str(exc)) from None
    wanted = eutils.Search(search_query, after, max_records, batch)
    with eutils.quiet_email_warning(), _progress("fetch") as step:
        for done in eutils.fetch(client, wanted, output, pmc):
            if step and done.total:
                step("records", done.fetched + done.resumed, done.total)
    if not done.total:
        click.echo(f"no PubMed record matches {search_query!r}; nothing written")
        return
    texts = f", {done.full_texts} open-access full texts" if pmc else ""
    click.echo(
        f"fetched {done.fetched} records ({done.resumed} from an earlier run) of {done.hits} hits "
        f"into {output}{texts}"
    )


# ---- serve ------------------------------------------------------------------------------------
@main.command()
@click.argument("build_dir", metavar="[BUILD]", required=False, type=click.Path(path_type=Path))
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback: this machine only)."
)
@click.option(
    "--port", type=click.IntRange(0, 65535), default=7878, show_default=True, help="Port (0: any free one)."
)
@timeout_option(60.0, "Seconds each query may run (503 past it).")
def serve(build_dir: Path | None, host: str, port: int, timeout: float) -> None:
    """Serve a build read-only: SPARQL 1.1 protocol at /query, stored queries at /queries/NAME, the report at /."""
    import ipaddress

    from myokg import serve as server

    build = build_dir or paths.BUILD_DIR
    if not build.is_dir():
        raise Usage(f"serve: {build}: not a build directory (run `myokg build -o {build}` first)")
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    app = server.App(build, timeout, loopback)
    if not loopback:
        click.echo(f"serve: binding {host}: the graph is readable by other machines on the network", err=True)

    def announce(url: str) -> None:
        click.echo(f"serving {build} at {url} (SPARQL endpoint: {url}query; Ctrl-C stops)")

    try:
        server.serve(app, host, port, announce)
    except OSError as exc:
        raise Usage(f"serve: cannot listen on {host}:{port}: {exc.strerror or exc}") from None
