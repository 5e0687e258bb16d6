"""The build as a library: read -> extract -> graph -> an on-disk Oxigraph store (one named graph per
document) -> exports, validation and a report, all published at once (see ``builddir``).

Records stream from the readers through extraction to the store in one pass: each record is extracted as a
pure function on every core (a bounded number in flight) and its N-Quads bulk-loaded in bounded batches. A
record names the works it describes and cites from its own identity keys; at the end, the few works that
records merge (one has a DOI, another the same DOI and a PMID) are re-linked to one IRI, as if every record had
been read first. The result does not depend on the number of workers.
"""

from __future__ import annotations

import ctypes
import functools
import itertools
import multiprocessing
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from myokg import builddir, exports, exportstream, graph, paths, reason, store, summary
from myokg.errors import EXIT_FAILED, EXIT_OK, BuildFailed, MyokgError, OutputError
from myokg.extract import Extraction, Extractor
from myokg.namespaces import ONTOLOGY_IRI
from myokg.read import Document, read_paths
from myokg.read.detect import expand
from myokg.validate import Report, report_turtle, validate_store
from myokg.validate import prepare as prepare_validation

#: Outputs of every build besides the store and the full-graph exports asked for, in the order they are reported.
EXPORTS = (
    "myokg.owl",
    "myokg-ontology.ttl",
    "validation.txt",
    "validation.ttl",
    "void.ttl",
)
REPORT_FILE = builddir.MARKER
#: Identity key -> work IRI of every work in the build (``--update`` extends it).
WORKS_FILE = "works.tsv"
#: Records read ahead of the store at most (bounds memory whatever the corpus size).
IN_FLIGHT = 1024
#: N-Quads bytes buffered before each bulk load into the store. Fewer, larger loads leave fewer files that every
#: query merges: at 30,000 records, 32 MiB against 4 MiB made the listing queries 1.3-1.4x faster and the store
#: 6% smaller, for about 250 MiB more at the peak.
LOAD_BYTES = 32 * 2**20
#: Summary quads serialised and bulk-loaded at a time: all of them in practice (each bulk load of quads that
#: fall among the store's keys leaves level-0 files every later query merges: at 30,000 records, 50,000-quad
#: blocks made the listing queries half as fast again).
SUMMARY_BLOCK = 10_000_000
#: Below this many bytes of input the build runs in this process (starting workers would cost more).
PARALLEL_FROM_BYTES = 128 * 1024
#: Called as work goes: (stage, how many done, how many in all or None while unknown); a progress bar.
Progress = Callable[[str, int, int | None], None]
#: The build's stages in the order they run (the order of the stage seconds line).
STAGES = (
    "start",
    "read",
    "extract",
    "graph",
    "store load",
    "merge works",
    "summary",
    "exports",
    "validation",
)


def _quiet(stage: str, done: int, total: int | None) -> None:
    pass


@dataclass
class BuildReport:
    """What a build did; ``lines()`` is the summary printed and written to build-report.txt."""

    output: Path
    documents: int = 0
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # "source: what" for documents read with a doubt
    references: int = 0
    findings: int = 0
    quads: int = 0
    kept: int = 0  # documents of the previous build kept by --update
    validation: Report = field(default_factory=lambda: Report([], checked=False))
    seconds: float = 0.0
    #: Seconds per stage (``STAGES``: start is the checks of the output, the ontology and the inputs, and the
    #: vocabulary and shapes loaded); extract and graph are CPU seconds summed over the worker processes
    #: (``workers``), the others the time they took.
    stages: dict[str, float] = field(default_factory=dict)
    workers: int = 1
    #: The full-graph exports written (``exportstream.FORMATS`` asked for: ``myokg.nq.gz``…).
    exports: list[str] = field(default_factory=list)
    #: Full-graph exports the previous build in the output held and this one did not write (not asked for).
    dropped: list[str] = field(default_factory=list)

    def timed(self, stage: str, seconds: float) -> None:
        self.stages[stage] = self.stages.get(stage, 0.0) + seconds

    @property
    def exit_code(self) -> int:
        return EXIT_FAILED if self.failures or not self.validation.conforms else EXIT_OK

    @property
    def files(self) -> list[str]:
        return [paths.STORE_NAME + "/", *self.exports, *EXPORTS, REPORT_FILE]

    def lines(self) -> list[str]:
        kept = f", {self.kept} kept" if self.kept else ""
        return [
            f"documents: {self.documents} built, {len(self.failures)} failed{kept}"
            + (f", {len(self.warnings)} warning(s) (see {REPORT_FILE})" if self.warnings else ""),
            f"references: {self.references}",
            f"findings: {self.findings}",
            f"triples: {self.quads}",
            f"validation: {self.validation.text().splitlines()[0]}",
            f"seconds: {self.seconds:.2f}",
            *([self.stage_line()] if self.stages else []),
        ]

    def stage_line(self) -> str:
        """Where the seconds went. Reading, extraction and the store load overlap when workers run, so the
        stages can add up to more than the whole."""
        order = [s for s in STAGES if s in self.stages] + [s for s in self.stages if s not in STAGES]
        parts = ", ".join(f"{name} {self.stages[name]:.2f}" for name in order)
        how = (
            f" (extract and graph: CPU seconds summed over {self.workers} processes, beside read and store load)"
            if self.workers > 1
            else ""
        )
        return f"stage seconds: {parts}{how}"


# ---- one record, in a worker -------------------------------------------------------------------
@dataclass(frozen=True)
class Built:
    """Extracted records ready to load: their graphs as N-Quads and, when ``myokg.ttl`` is asked for, their
    triples as a Turtle body (bytes, or a shard's files) and their counts."""

    graphs: list[str]
    nquads: bytes | Path
    turtle: bytes | Path | None
    quads: int
    references: int
    findings: int
    keys: list[list[str]]  # identity keys of every work the records describe or cite
    bests: list[str]  # the keys their works were named from
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    extract_seconds: float = 0.0  # CPU seconds in the worker
    graph_seconds: float = 0.0  # triples, N-Quads and Turtle: CPU seconds in the worker
    summary_rows: list[list[object]] = field(default_factory=list)  # ``summary.rows`` of the records


@lru_cache(maxsize=1)
def extractor() -> Extractor:
    from myokg import vocab

    return Extractor(vocab.default())


def _init_worker() -> None:
    """Worker initializer: the extractor once per worker (a forked worker inherits the parent's)."""
    extractor()


def extract_record(doc: Document, turtle: bool = True) -> Built:
    """A pure function of one record: its named graph as N-Quads (and, with ``turtle``, its triples as a Turtle
    body), its works' identity keys, its counts.

    Works are named from this record's own keys; the build re-links the few that other records merge."""
    started = time.thread_time()  # CPU seconds of this thread: workers sharing the cores are not charged
    ex = extractor().extract(doc)
    extracted = time.thread_time()
    works = graph.WorkIndex([doc.bib, *(r.bib for r in doc.references)])
    name, triples, rows = graph.document(ex, works)
    return Built(
        [name.value],
        exportstream.nquads(triples, name),
        exportstream.turtle_body(triples) if turtle else None,
        len(triples),
        len(doc.references),
        sum(len(s.findings) for s in ex.segments),
        list(graph.document_keys(doc)),
        works.bests,
        warnings=[f"{doc.source}: {w}" for w in [*doc.warnings, *ex.warnings]],
        extract_seconds=extracted - started,
        graph_seconds=time.thread_time() - extracted,
        summary_rows=rows,
    )


@contextmanager
def _pool(jobs: int) -> Iterator[multiprocessing.pool.Pool]:
    """``jobs`` extraction processes (forked where possible: they inherit the extractor)."""
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ctx.Pool(jobs, initializer=_init_worker) as pool:
        yield pool


def _imap(
    pool: multiprocessing.pool.Pool | None, docs: Iterator[Document], turtle: bool = True
) -> Iterator[Built]:
    """Extract in input order, with at most IN_FLIGHT records read ahead of the consumer; ``turtle``: each
    record's Turtle body too."""
    extract = functools.partial(extract_record, turtle=turtle)
    if pool is None:
        yield from map(extract, docs)
        return
    slots = threading.BoundedSemaphore(IN_FLIGHT)
    stop = threading.Event()

    def feed() -> Iterator[Document]:
        for doc in docs:
            while not slots.acquire(timeout=0.1):
                if stop.is_set():
                    return
            yield doc

    try:
        for built in pool.imap(extract, feed(), chunksize=8):
            slots.release()
            yield built
        pool.close()  # every record is in: the workers exit and free their memory before the last stages
        pool.join()
    finally:
        stop.set()


# ---- the build ---------------------------------------------------------------------------------
class _Reading:
    """The records of ``files`` (a read failure goes to ``failures``), the seconds spent in the readers, and how
    many records the inputs hold: counted once read to the end, estimated before as records per byte read times
    the bytes of all (the files read to their end and, on Linux, how far the reader is into a large one)."""

    def __init__(self, files: list[Path], failures: list[str] | None) -> None:
        self.files = files
        self.failures = failures
        sizes = [_size(f) for f in files]
        self.total_bytes = sum(sizes) if all(sizes) else 0  # a pipe has no size: no estimate
        self.seconds = 0.0
        self.records = 0
        self._done_bytes = 0  # of the files read to their end
        self._done_records = 0
        self._finished = False
        self._current: Path | None = None  # the file being read
        self._asked = 0.0
        self._estimate: int | None = None

    def __iter__(self) -> Iterator[Document]:
        items = read_paths(self.files)
        while True:
            started = time.perf_counter()
            path, item = next(items, (None, None))
            self.seconds += time.perf_counter() - started
            if path != self._current:
                if self._current is not None:
                    self._done_bytes += _size(self._current)
                    self._done_records = self.records
                self._current = path
            if path is None:
                break
            if isinstance(item, MyokgError):
                if self.failures is not None:
                    self.failures.append(str(item))
            elif item is not None:
                self.records += 1
                yield item
        self._finished = True

    def expected(self) -> int | None:
        if self._finished:
            return self.records
        now = time.monotonic()
        if now - self._asked >= 0.5:  # twice a second at most
            self._asked = now
            self._estimate = self._extrapolated()
        return None if self._estimate is None else max(self.records, self._estimate)

    def _extrapolated(self) -> int | None:
        if not self.total_bytes:
            return None
        records, read = self._done_records, self._done_bytes
        current = self._current
        if current is not None and _size(current) >= 4 * 2**20:  # a large file: how far into it the reader is
            at = _read_position(current)
            if at is not None and at >= 2**20:
                records, read = self.records, read + at
        return round(records * self.total_bytes / read) if read else None


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _read_position(path: Path) -> int | None:
    """How far this process has read the file ``path`` (Linux, from /proc); None where that is not known."""
    try:
        wanted = str(path.resolve())
        for fd in os.listdir("/proc/self/fd"):
            with suppress(OSError):
                if os.readlink(f"/proc/self/fd/{fd}") == wanted:
                    with open(f"/proc/self/fdinfo/{fd}", encoding="ascii") as info:
                        return int(info.readline().split()[1])  # "pos:\t1234"
    except (OSError, ValueError, IndexError):
        return None
    return None


def _documents(inputs: list[Path], failures: list[str] | None) -> Iterator[Document]:
    return iter(_Reading(inputs, failures))


def _read_works(path: Path) -> dict[str, str]:
    """Each key's work IRI as a build left them (a key given twice: its last line)."""
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as fh:
        return dict(line.rstrip("\n").split("\t", 1) for line in fh if "\t" in line)


def _merge_works(previous: dict[str, str], key_lists: list[list[str]]) -> dict[str, str]:
    """The work IRI of each key of ``key_lists`` and of each previous work they share a key with (``previous``:
    key -> IRI of the build before): works no new key touches keep theirs, so only those are unioned again."""
    touched = {previous[k] for keys in key_lists for k in keys if k in previous}
    again: dict[str, list[str]] = {}
    if touched:
        for k, iri in previous.items():
            if iri in touched:
                again.setdefault(iri, []).append(k)
    return graph.WorkIndex(key_lists=key_lists, clusters=again.values()).mapping()


def _write_works(path: Path, entries: dict[str, str], previous_file: Path | None) -> None:
    """Keys and their work IRIs, sorted, after a copy of the previous build's file when an update goes on from it
    (the last line of a key is the one read): rewriting every key took 0.3 s at 100,000 records."""
    if previous_file is not None:
        shutil.copyfile(previous_file, path)
    with path.open("a", encoding="utf-8") as fh:
        fh.writelines(f"{k}\t{v}\n" for k, v in sorted(entries.items()))


def build(
    inputs: Iterable[Path] = (),
    out: Path = paths.BUILD_DIR,
    *,
    validate: bool = True,
    jobs: int | None = None,
    update: bool = False,
    progress: Progress | None = None,
    exports: Iterable[str] = (),
) -> BuildReport:
    """Build ``inputs`` (files or folders; default: the bundled corpus) into the build directory ``out``.

    ``update`` keeps the documents of the previous build and adds (or replaces) those given. ``exports``: the
    full-graph exports to write beside the store (``exportstream.FORMATS``: nq, ttl, nq.gz, ttl.gz; by default
    none: ``myokg export`` writes any format from the store later). The directory changes as a whole or not at
    all (a previous build's export not asked for again is not kept); a second build into it at the same time
    fails at once.
    Raises a MyokgError (bad input or output, nothing readable); per-document failures are in the report.
    ``progress`` hears each stage's work as it goes (records built of those expected; checks run).
    """
    sources = list(inputs) or [paths.CORPUS_DIR]
    formats = export_formats(exports)

    def into(stage: Path, report: BuildReport) -> None:
        _build_into(
            stage,
            sources,
            Path(out),
            report,
            validate=validate,
            jobs=jobs,
            update=update,
            progress=progress or _quiet,
            exports=formats,
        )

    return publish_build(Path(out), sources, into)


def export_formats(exports: Iterable[str]) -> list[str]:
    """The full-graph exports asked for, checked before any work."""
    try:
        return exportstream.formats(exports)
    except ValueError as exc:
        raise OutputError("build", "--export", str(exc)) from None


def publish_build(out: Path, sources: list[Path], into: Callable[[Path, BuildReport], None]) -> BuildReport:
    """Check the output, take the lock, let ``into`` fill a staging directory, and swap it in as a whole."""
    started = time.perf_counter()
    builddir.check_output(out, sources)
    reason.check_ontology()
    with builddir.locked(out):
        builddir.clean_leftovers(out)
        report = BuildReport(out)
        report.timed("start", time.perf_counter() - started)
        stage = builddir.staging(out)
        try:
            into(stage, report)
            report.seconds = time.perf_counter() - started
            (stage / REPORT_FILE).write_text(
                "\n".join(
                    report.lines()
                    + [f"failed: {f}" for f in report.failures]
                    + [f"warning: {w}" for w in report.warnings]
                )
                + "\n",
                encoding="utf-8",
            )
            report.dropped = [
                name
                for name in map(exportstream.file_name, exportstream.FORMATS)
                if (out / name).is_file() and name not in report.exports
            ]
            builddir.publish(stage, out)
        except OSError as exc:
            detail = getattr(exc, "strerror", None) or str(exc).splitlines()[0]
            where = getattr(exc, "filename", None) or out
            raise OutputError(
                "build: write", str(where), f"{detail} (the previous build is unchanged)"
            ) from None
        finally:  # the store is closed (``store.written``): nothing writes here any more
            if stage.exists():
                shutil.rmtree(stage, ignore_errors=True)
    return report


def _build_into(
    stage: Path,
    sources: list[Path],
    out: Path,
    report: BuildReport,
    *,
    validate: bool,
    jobs: int | None,
    update: bool,
    progress: Progress,
    exports: list[str],
) -> None:
    with _Clock(report)("start"):
        files = expand(sources)  # missing inputs and empty folders fail here, before any work
        extractor()
    workers = max(1, jobs or os.cpu_count() or 1)
    parallel = workers > 1 and sum(f.stat().st_size for f in files) >= PARALLEL_FROM_BYTES
    report.workers = workers if parallel else 1
    reading = _Reading(files, report.failures)
    # the workers serialise Turtle only when it is asked for
    turtle = any(f.startswith("ttl") for f in exports)
    # the pool is forked before the store opens any file or thread
    with _pool(workers) if parallel else nullcontext() as pool:
        load_into(
            stage,
            out,
            report,
            _imap(pool, iter(reading), turtle),
            update,
            validate,
            progress,
            reading.expected,
            exports,
        )
    report.timed("read", reading.seconds)


def load_into(
    stage: Path,
    out: Path,
    report: BuildReport,
    results: Iterator[Built],
    update: bool,
    validate: bool,
    progress: Progress = _quiet,
    expected: Callable[[], int | None] = lambda: None,
    exports: Iterable[str] = (),
) -> None:
    """Bulk-load the records' graphs into the staging store, re-link merged works, write the exports (the
    full-graph ones of ``exports``: ``exportstream.FORMATS``).
    ``expected``: how many records there are in all, as far as known yet (for ``progress``)."""
    formats = export_formats(exports)
    results = iter(results)
    progress("records", 0, expected())
    first = next(results, None)  # starts the workers before the store opens any file or thread
    previous = _read_works(out / WORKS_FILE) if update else {}
    started = time.perf_counter()
    if update and store.store_dir(out).is_dir():
        ox.Store.read_only(str(store.store_dir(out))).backup(str(stage / paths.STORE_NAME))
    report.timed("store load", time.perf_counter() - started)
    if validate:
        with _Clock(report)("start"):
            prepare_validation()
    filling = 0.0

    def fill(st: ox.Store) -> None:
        nonlocal filling
        began = time.perf_counter()
        records = itertools.chain([first] if first else [], results)
        _load(st, stage, out, report, records, previous, update, progress, expected, formats)
        _write_outputs(st, stage, report, validate, progress)
        filling = time.perf_counter() - began

    with _Clock(report)("store load"):  # the store opened, flushed and closed; what ``fill`` did is its own
        store.written(
            stage / paths.STORE_NAME, fill
        )  # closed before the staging directory is synced and swapped
        report.timed("store load", -filling)


def _load(
    st: ox.Store,
    stage: Path,
    out: Path,
    report: BuildReport,
    results: Iterator[Built],
    previous: dict[str, str],
    update: bool,
    progress: Progress,
    expected: Callable[[], int | None],
    formats: list[str],
) -> None:
    clock = _Clock(report)
    # the previous build's triples and documents, as its VoID states them
    before = exports.void_counts(out / "void.ttl") if update else (0, 0)
    count = _Count(st, before[0] if before else None)
    with clock("exports"):
        had = update and st.contains_named_graph(ox.NamedNode(ONTOLOGY_IRI))  # a previous build is there
        files = exportstream.ExportStream(stage, store.ontology_quads(), out if had else None, formats)
    key_lists: list[list[str]] = []  # the identity keys of the records' works
    local: set[str] = set()  # keys the records' own works were named from
    rows = summary.RowsFile(stage / summary.ROWS_FILE)  # the records' summary rows, written as they come
    replaced: set[str] = set()  # graphs of the previous build that records replace
    batch: list[bytes] = []
    size = 0
    for built in results:
        if built.extract_seconds:  # a shard's records were extracted elsewhere
            report.timed("extract", built.extract_seconds)
            report.timed("graph", built.graph_seconds)
        report.documents += len(built.graphs)
        report.references += built.references
        report.findings += built.findings
        report.quads += built.quads
        report.failures.extend(built.failures)
        report.warnings.extend(built.warnings)
        key_lists.extend(built.keys)
        local.update(built.bests)
        rows.add(built.summary_rows)
        with clock("store load"):
            for g in count.loading(built, update):
                replaced.add(g)
                count.remove_graph(ox.NamedNode(g))  # re-ingesting a document replaces its graph
                files.complete = False  # the previous exports hold its old graph
        with clock("exports"):
            files.add(built.graphs, built.nquads, built.turtle)
        progress("records", report.documents, expected())
        if isinstance(built.nquads, Path):  # a shard file: the bulk loader streams it
            with clock("store load"):
                st.bulk_load(path=str(built.nquads), format=ox.RdfFormat.N_QUADS, lenient=True)
            continue
        batch.append(built.nquads)
        size += len(built.nquads)
        if size >= LOAD_BYTES:
            with clock("store load"):
                st.bulk_load(b"".join(batch), format=ox.RdfFormat.N_QUADS, lenient=True)
            batch, size = [], 0
    if not report.documents:
        raise BuildFailed(
            "build", str(report.output), "no document could be read; nothing written", report.failures
        )
    progress("records", report.documents, report.documents)
    ontology = store.ontology_quads()
    with clock("store load"):
        if batch:
            st.bulk_load(b"".join(batch), format=ox.RdfFormat.N_QUADS, lenient=True)
        onto = ox.NamedNode(ONTOLOGY_IRI)
        edited = update and set(st.quads_for_pattern(None, None, None, onto)) != set(ontology)
        if edited:
            count.remove_graph(onto)  # the ontology was edited since the last build: its graph is replaced
            files.complete = False
        if not update or edited:
            st.extend(ontology)
            count.added(len(ontology))
    progress("merge works", 0, None)
    with clock("merge works"):
        # one IRI per work across the whole build, as if every record had been read before any was written
        changed = _merge_works(previous, key_lists)
        mapping = previous | changed
        moved = {k: iri for k, iri in changed.items() if previous.get(k) != iri}  # (all when none before)
        _write_works(stage / WORKS_FILE, moved, out / WORKS_FILE if previous else None)
        del key_lists
        renames = {previous[k]: iri for k, iri in changed.items() if previous.get(k, iri) != iri}
        earlier_renamed = bool(renames)  # works of the previous build change IRI: its exported text too
        renames.update(
            (graph.work_iri(k).value, mapping[k]) for k in local if graph.work_iri(k).value != mapping[k]
        )
        pairs = _with_studies(renames)
        del mapping, changed, renames, local
        _release_memory()  # the key lists and the work index, before the rename's writes grow the store's memtables
        count.merged(_rename(st, pairs))  # (not flushed: each flush leaves a level-0 file every read merges)
    _release_memory()
    progress("summary", 0, None)
    with clock("summary"):
        # an update that only adds documents goes on from the previous state with the new rows alone
        state = summary.State.load(out / summary.STATE_FILE) if update and not (replaced or edited) else None
        new_rows = rows.written
        if update:  # the previous build's rows, less those of the documents built again
            rows.keep(out / summary.ROWS_FILE, replaced)
            if summary.rows_lack_events(out / summary.STATE_FILE):  # (then its state is not taken either)
                rows.add(summary.stored_event_rows(st, count.graphs))
        rows.close()
        earlier = summary.read_renames(out / summary.RENAMES_FILE) if update else {}
        renames_now = summary.write_renames(stage / summary.RENAMES_FILE, earlier, pairs)
        if state is None:
            state = summary.State()
            state.add(st, summary.read_rows(rows.path), renames_now)
        else:
            state.rename(pairs)
            state.add(st, itertools.islice(summary.read_rows(rows.path), new_rows), renames_now)
        count.remove_graph(summary.GRAPH, state.summary_quads)  # (None: counted in the store)
        if update:  # the previous exports hold the previous summary: the ones asked for are dumped
            files.complete = False
        state.summary_quads = _write_summary(st, files, state.quads(st))
        count.added(state.summary_quads)
        state.save(stage / summary.STATE_FILE)
    _release_memory()
    progress("exports", 0, None)
    with clock("exports"):
        files.close()
        files.rename(pairs, only_appended=not earlier_renamed)
        report.kept = max(0, before[1] - len(replaced)) if before else _documents_in(st) - len(count.graphs)
        # what was streamed changed, or an update's previous build lacks it: written from the store
        report.exports = files.finish(lambda kinds: _dump_exports(st, stage, kinds))
        report.quads = count.total() - len(ontology)


class _Count:
    """The store's quads, counted as the build adds and removes them: ``len`` of a large store scans an index
    (seconds at millions of quads). ``start``: the previous build's count (None when not known: the store is
    counted at the end, as it is when a record's graphs were partly built before in this build)."""

    def __init__(self, st: ox.Store, start: int | None) -> None:
        self.st = st
        self.n = start
        self.graphs: set[str] = set()  # the graphs this build loads

    def loading(self, built: Built, update: bool) -> list[str]:
        """Count a record's graphs in (a graph given twice once); those a previous build left in the store, which
        the record replaces, are returned (``update``)."""
        again = [g for g in built.graphs if g in self.graphs]
        if not again:
            self.added(built.quads)
        elif len(again) < len(built.graphs):
            self.n = None
        self.graphs.update(built.graphs)
        if not update:
            return []
        return [g for g in built.graphs if g not in again and self.st.contains_named_graph(ox.NamedNode(g))]

    def remove_graph(self, name: ox.NamedNode, quads: int | None = None) -> None:
        """Remove a graph of the store and its ``quads`` (None: counted by the engine)."""
        if self.n is not None and quads is not None:
            self.n -= quads
        elif self.n is not None:  # counted by the engine: a quad read into Python costs 40 microseconds
            found = self.st.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {name} {{ ?s ?p ?o }} }}")
            self.n -= int(next(iter(found))["n"].value)  # type: ignore[arg-type]
        self.st.remove_graph(name)

    def added(self, quads: int) -> None:
        if self.n is not None:
            self.n += quads

    def merged(self, quads: int) -> None:
        self.added(-quads)

    def total(self) -> int:
        return len(self.st) if self.n is None else self.n


def _documents_in(st: ox.Store) -> int:
    """The documents' graphs in the store (not the ontology's nor the summary's)."""
    return sum(1 for g in st.named_graphs() if g.value not in (ONTOLOGY_IRI, summary.GRAPH.value))


def _release_memory() -> None:
    """Hand the memory of a finished stage's tables (freed as their names are deleted) back to the system: glibc
    keeps it otherwise, and the next stage's peak would stand on it."""
    with suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _write_summary(st: ox.Store, files: exportstream.ExportStream, quads: Iterator[ox.Quad]) -> int:
    """Bulk-load the summary graph and append it to the streamed exports, a block of quads at a time; how many
    quads it has."""
    graphs = [summary.GRAPH.value]
    written = 0
    while block := list(itertools.islice(quads, SUMMARY_BLOCK)):
        written += len(block)
        data = ox.serialize(block, format=ox.RdfFormat.N_QUADS) or b""
        st.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        turtle = exportstream.turtle_body([q.triple for q in block]) if files.turtle else None
        files.add(graphs, data, turtle)
        graphs = []  # the graph is named once: the next blocks continue it
    return written


class _Clock:
    """``with clock(stage):`` adds the block's seconds to the report's stage."""

    def __init__(self, report: BuildReport) -> None:
        self.report = report

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.report.timed(stage, time.perf_counter() - started)


def _with_studies(renames: dict[str, str]) -> dict[str, str]:
    """Renamed works plus the study nodes named after them."""
    pairs = dict(renames)
    for old, new in renames.items():
        pairs[old.replace("/pub/", "/study/", 1)] = new.replace("/pub/", "/study/", 1)
    return pairs


def _rename(st: ox.Store, pairs: dict[str, str]) -> int:
    """Give the works that records merged one IRI in the store, as if every record had been read first; how many
    quads became one with a quad already there."""
    merged = 0
    for old, new in pairs.items():
        before, after = ox.NamedNode(old), ox.NamedNode(new)
        found = set(st.quads_for_pattern(before, None, None)) | set(st.quads_for_pattern(None, None, before))
        for q in found:
            st.remove(q)
        for q in found:
            s = after if q.subject == before else q.subject
            o = after if q.object == before else q.object
            renamed = ox.Quad(s, q.predicate, o, q.graph_name)
            if renamed in st:
                merged += 1
            else:
                st.add(renamed)
    return merged


def _dump_exports(st: ox.Store, stage: Path, kinds: list[str]) -> None:
    """Write ``myokg.nq`` and/or ``myokg.ttl`` (``kinds``) from the store (slow: a look-up per term)."""

    def write(kind: str) -> None:
        with (stage / exportstream.FILES[kind]).open("wb") as fh:
            store.dump(st, fh, kind, data_only=kind == "ttl")

    # the N-Quads dump runs in the store's native code, the Turtle one beside it: two cores, half the wait
    with ThreadPoolExecutor(1) as beside:
        done = [beside.submit(write, kind) for kind in kinds[1:]]
        write(kinds[0])
        for d in done:
            d.result()


def _write_outputs(
    st: ox.Store, stage: Path, report: BuildReport, run_validation: bool, progress: Progress = _quiet
) -> None:
    clock = _Clock(report)
    with clock("exports"):
        reason.write_exports(stage)
    if run_validation:  # on the store itself: the data is not read into Python
        with clock("validation"):
            report.validation = validate_store(st, on_disk=True, graph=str(report.output), progress=progress)
    with clock("exports"):
        _write_text(stage / "validation.txt", report.validation.text())
        _write_text(stage / "validation.ttl", report_turtle(report.validation))
        _write_text(
            stage / "void.ttl",
            exports.void_turtle(
                st, build_date(), triples=report.quads + len(store.ontology_quads()), dumps=report.exports
            ),
        )


def build_date() -> str:
    """The build's date: SOURCE_DATE_EPOCH when set (reproducible builds), else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else datetime.now(timezone.utc)
    return moment.date().isoformat()


def _write_text(path: Path, text: str) -> None:
    fh: IO[str]
    with path.open("w", encoding="utf-8") as fh:
        fh.write(text)


def extract_all(inputs: Iterable[Path]) -> tuple[list[Extraction], list[str]]:
    """Read and extract every document of ``inputs`` in memory (for `extract` and `evaluate`); failures as lines."""
    failures: list[str] = []
    return [extractor().extract(doc) for doc in _documents(list(inputs), failures)], failures
