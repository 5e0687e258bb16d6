"""Stored SPARQL questions: discovery, parameters bound through the engine, and a static safety check."""

from __future__ import annotations

import hashlib
import os
import re
import signal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from myokg import __version__, paths, store
from myokg.errors import EXIT_FAILED, QueryError
from myokg.namespaces import PREFIXES, XSD
from myokg.vocab import Vocabulary

_PARAM = re.compile(
    r"^#\s*param\s+(?P<name>\w+)\s+(?P<type>\w+)(?:\s+optional=(?P<default>\S+))?\s*:\s*(?P<help>.*)$"
)
_PREFIX_IRI = {f"{p}:": PREFIXES[p] for p in ("myo", "myt")}
#: Parameter types that name a vocabulary term, with the kinds of term they accept.
TERM_TYPES = {
    "disease": ("disease",),
    "agent": ("drug", "procedure"),
    "design": ("design",),
    "term": ("drug", "procedure", "disease", "design"),
}


@dataclass
class Param:
    name: str
    type: str
    help: str
    default: str | None = None

    @property
    def optional(self) -> bool:
        return self.default is not None


@dataclass
class StoredQuery:
    name: str
    question: str
    text: str
    params: list[Param] = field(default_factory=list)


def parse(name: str, text: str) -> StoredQuery:
    """Read the question (first line) and the parameter declarations of a stored query."""
    lines = text.splitlines()
    if not lines or not lines[0].startswith("#"):
        raise QueryError(name, "a stored query must start with '# <the question>'")
    params = [
        Param(m["name"], m["type"], m["help"], m["default"]) for line in lines if (m := _PARAM.match(line))
    ]
    return StoredQuery(name, lines[0].lstrip("# ").strip(), text, params)


def stored(directory: Path = paths.QUERIES_DIR) -> dict[str, StoredQuery]:
    """All stored queries of a folder, by name; each is linted before anything can run it."""
    out = {}
    for p in sorted(directory.glob("*.rq")):
        text = p.read_text(encoding="utf-8")
        lint(str(p), text)
        out[p.stem] = parse(p.stem, text)
    return out


_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\s]*>)
    | (?P<pname>[A-Za-z][\w.-]*:[\w.:%-]*|:[\w.:%-]*)
    | (?P<var>[?$]\w+)
    | (?P<word>[A-Za-z_]\w*)""",
    re.X,
)
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}


def lint(source: str, text: str, first_line: int = 1) -> None:
    """Refuse SERVICE, LOAD, FROM / FROM NAMED with a URL, and updates, naming the file and line.

    A token scan (comments, strings and IRIs skipped) that runs before any engine sees the text.
    """
    tokens = [(m.lastgroup, m.group(), m.start()) for m in _TOKEN.finditer(text)]
    tokens = [t for t in tokens if t[0] not in ("comment", "string")]

    def where(pos: int) -> str:
        return f"{source}:{first_line + text.count(chr(10), 0, pos)}"

    for k, (kind, value, pos) in enumerate(tokens):
        if kind != "word":
            continue
        word = value.upper()
        if word == "SERVICE":
            raise QueryError(where(pos), "SERVICE is refused: queries run locally, without network access")
        if word in _UPDATE_WORDS:
            raise QueryError(where(pos), f"{word} is refused: curated queries and shapes are read-only")
        if word == "FROM":
            following = tokens[k + 1 : k + 3]
            if following and following[0][1].upper() == "NAMED":
                following = following[1:]
            if following and following[0][0] in ("iri", "pname"):
                raise QueryError(
                    where(pos), f"FROM {following[0][1]} is refused: queries never name a dataset to fetch"
                )


def lint_shapes(path: Path) -> None:
    """Lint every SPARQL text of a SHACL file (sh:select, sh:ask, sh:construct, sh:update) before use."""
    sh = "http://www.w3.org/ns/shacl#"
    text = path.read_text(encoding="utf-8")
    for t in ox.parse(text.encode(), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()):
        kind = t.predicate.value.removeprefix(sh)
        if kind not in ("select", "ask", "construct", "update") or not isinstance(t.object, ox.Literal):
            continue
        body = t.object.value
        lines = body.splitlines()
        skip = next((i for i, ln in enumerate(lines) if ln.strip()), 0)
        at = text.find(lines[skip].strip()) if lines else -1
        start = text.count("\n", 0, at) + 1 if at >= 0 else 1
        if kind == "update":
            raise QueryError(f"{path}:{start}", "sh:update is refused: shapes are read-only")
        lint(str(path), body, start - skip)


def check_read_only(name: str, text: str) -> None:
    """Refuse updates, SERVICE, LOAD and FROM: queries stay read-only and local.

    A text that passed once is remembered by its digest in the user's cache, so that a stored question
    starts without loading a SPARQL parser in Python (half a second); a text never seen is parsed."""
    lint(name, text)
    passed = paths.cache_dir() / "read-only-queries.txt"
    digest = hashlib.sha256(f"{__version__}\n{text}".encode()).hexdigest()
    try:
        if digest in passed.read_text(encoding="ascii").split():
            return
    except (OSError, UnicodeDecodeError):
        pass
    _parse_read_only(name, text)
    try:
        passed.parent.mkdir(parents=True, exist_ok=True)
        with passed.open("a", encoding="ascii") as fh:
            fh.write(digest + "\n")
    except OSError:
        pass  # an unwritable cache only costs the parse next time


def _parse_read_only(name: str, text: str) -> None:
    """Parse the text with the engine that will run it (its SPARQL, LATERAL included), on an empty store: a
    syntax error or anything but a SELECT is refused. SERVICE, updates and FROM never get here (``lint``)."""
    try:
        result = ox.Store().query(text)
    except SyntaxError as exc:
        raise QueryError(name, f"malformed SPARQL: {str(exc).splitlines()[0]}") from None
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError(name, "only SELECT queries are supported")


def bind(q: StoredQuery, given: dict[str, str], vocab: Vocabulary) -> dict[str, ox.NamedNode | ox.Literal]:
    """Turn --param values into RDF terms; names, kinds and missing values are checked here."""
    known = {p.name: p for p in q.params}
    for k in given:
        if k not in known:
            allowed = ", ".join(known) or "none"
            raise QueryError(q.name, f"unknown parameter '{k}' (parameters: {allowed})")
    out: dict[str, ox.NamedNode | ox.Literal] = {}
    for p in q.params:
        value = given.get(p.name)
        if value is None:
            if not p.optional:
                raise QueryError(q.name, f"missing parameter: --param {p.name}=<{p.type}> ({p.help})")
            assert p.default is not None
            prefix = p.default[:4]
            out[p.name] = (
                ox.NamedNode(_PREFIX_IRI[prefix] + p.default[4:])
                if prefix in _PREFIX_IRI
                else ox.Literal(p.default)
            )
            continue
        if p.type in TERM_TYPES:
            term = vocab.resolve(value)
            if term is None or term.kind not in TERM_TYPES[p.type]:
                raise QueryError(
                    q.name, f"parameter {p.name}: no {p.type} term matches '{value}' (try `myokg lookup`)"
                )
            out[p.name] = ox.NamedNode(term.iri)
        elif p.type == "integer":
            if not re.fullmatch(r"[+-]?\d+", value):
                raise QueryError(q.name, f"parameter {p.name}: '{value}' is not an integer")
            out[p.name] = ox.Literal(value, datatype=ox.NamedNode(str(XSD.integer)))
        else:
            out[p.name] = ox.Literal(value)
    return out


class QueryTimeout(QueryError):
    """A query ran past its deadline (exit 1, not a usage error)."""

    exit_code = EXIT_FAILED


class QueryOutOfMemory(QueryError):
    """A query needed more memory than its limit (exit 1): a cartesian product, most often."""

    exit_code = EXIT_FAILED


#: Seconds a query may run unless told otherwise (``query --timeout``).
DEFAULT_TIMEOUT = 60.0
#: MiB of memory a query may take beyond what the store already holds (``query --memory``).
DEFAULT_MEMORY_MB = 2048
Row = list[ox.NamedNode | ox.Literal | ox.BlankNode | None]


Bindings = dict[str, ox.NamedNode | ox.Literal]


#: A stored query that lists items (with one or several rows each) marks its items' ordered sub-select with this
#: line, optionally followed by what the items are (``#@page outcomes``): a page is then a page of items (with all
#: their rows), cut where they are ordered, not after every row is made. Such a query is a listing: the CLI shows
#: its first ``DEFAULT_PAGE`` items unless asked for more.
PAGE_MARK = "#@page"
#: Items a listing shows on ``myokg query NAME`` when no page is asked for (``--all`` shows every one).
DEFAULT_PAGE = 50


def _mark(line: str) -> str | None:
    """The items a ``PAGE_MARK`` line names ("items" when it names none), or None for any other line."""
    words = line.split()
    return (" ".join(words[1:]) or "items") if words and words[0] == PAGE_MARK else None


def listing(text: str) -> str | None:
    """What a paged listing lists (its ``PAGE_MARK`` line), or None for a query that is not one."""
    return next((m for line in text.splitlines() if (m := _mark(line)) is not None), None)


def paged(text: str, limit: int | None = None, offset: int = 0) -> str:
    """One page of the query's answer in its own order: ``LIMIT``/``OFFSET`` at its ``PAGE_MARK`` line (a page
    of the items it lists), else appended (a page of its rows)."""
    if limit is None and not offset:
        return text
    page = (f"LIMIT {int(limit)}" if limit is not None else "") + (f" OFFSET {int(offset)}" if offset else "")
    lines = text.splitlines()
    marked = [i for i, line in enumerate(lines) if _mark(line) is not None]
    if marked:
        i = marked[0]
        indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
        lines[i] = indent + page.strip()
        return "\n".join(lines) + "\n"
    return f"{text.rstrip()}\n{page.strip()}\n"


def _solve(st: ox.Store, text: str, bindings: Bindings | None, union: bool = False) -> bytes:
    result = st.query(
        store.inline_values(text, bindings),
        substitutions=store.substitutions(bindings),
        use_default_graph_as_union=union,
    )
    if not isinstance(result, ox.QuerySolutions):
        raise ValueError("only SELECT queries are supported")
    return result.serialize(format=ox.QueryResultsFormat.JSON) or b""


def _limit_memory(megabytes: int) -> None:
    """Cap this process's address space at what it maps now plus ``megabytes`` (RLIMIT_AS): an allocation
    past it fails, and the engine aborts instead of taking the machine's memory. Its message is silenced:
    the parent reports the stop in one line."""
    import resource

    pages = int(Path("/proc/self/statm").read_text().split()[0])
    limit = pages * resource.getpagesize() + megabytes * 1024 * 1024
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)  # a tighter limit set from outside stays in force
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)


def _child(
    st: ox.Store, text: str, bindings: Bindings | None, union: bool, memory: int | None, out: Any
) -> None:
    try:
        if memory is not None:
            _limit_memory(memory)
        out.send(("ok", _solve(st, text, bindings, union)))
    except MemoryError:
        out.send(("memory", ""))
    except Exception as exc:  # the parent reports it as one line
        out.send(("error", str(exc).splitlines()[0] if str(exc) else type(exc).__name__))


def results(
    st: ox.Store,
    name: str,
    text: str,
    bindings: dict[str, ox.NamedNode | ox.Literal] | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    union: bool = False,
    memory: int | None = DEFAULT_MEMORY_MB,
) -> ox.QuerySolutions:
    """Run a SELECT with a deadline and a memory limit; return its solutions (typed terms, serialisable as
    SPARQL results).

    pyoxigraph has neither, so the query runs in a forked worker (sharing the loaded store copy-on-write)
    whose address space is capped at ``memory`` MiB beyond the store's (Linux) and which is killed at the
    deadline; whichever comes first stops it with a one-line QueryError (exit 1). Without fork (Windows,
    macOS spawn) the query runs in-process, unbounded.
    ``union``: the default graph is the union of the store's named graphs (an on-disk store of documents).
    """
    import multiprocessing

    if timeout is None or "fork" not in multiprocessing.get_all_start_methods():
        data = _run_here(st, name, text, bindings, union)
    else:
        ctx = multiprocessing.get_context("fork")
        recv, send = ctx.Pipe(duplex=False)
        limit = memory if memory is not None and Path("/proc/self/statm").exists() else None
        proc = ctx.Process(target=_child, args=(st, text, bindings, union, limit, send), daemon=True)
        proc.start()
        send.close()
        try:
            if not recv.poll(timeout):
                raise QueryTimeout(name, f"no answer within {timeout:g} s (raise it with --timeout)")
            try:
                kind, payload = recv.recv()
            except EOFError:
                proc.join()
                kind, payload = (
                    ("memory", "") if limit is not None and proc.exitcode == -signal.SIGABRT else ("", "")
                )
                if not kind:
                    raise QueryError(
                        name, "the query worker stopped without an answer (out of memory?)"
                    ) from None
        finally:
            if proc.is_alive():
                proc.kill()
            proc.join()
            recv.close()
        if kind == "memory":
            raise QueryOutOfMemory(name, f"needed more than {limit} MiB of memory (raise it with --memory)")
        if kind == "error":
            raise QueryError(name, payload)
        data = payload
    parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    assert isinstance(parsed, ox.QuerySolutions)
    return parsed


def _run_here(st: ox.Store, name: str, text: str, bindings: Bindings | None, union: bool) -> bytes:
    try:
        return _solve(st, text, bindings, union)
    except (SyntaxError, ValueError, RuntimeError, OSError) as exc:
        raise QueryError(name, str(exc).splitlines()[0]) from None


def rows(solutions: ox.QuerySolutions) -> tuple[list[str], list[Row]]:
    """Column names and rows of solutions (consumes them)."""
    cols = [v.value for v in solutions.variables]
    return cols, [[sol[c] for c in cols] for sol in solutions]
