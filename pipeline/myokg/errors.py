"""Domain errors and the exit-code contract: each error class carries its exit code; the CLI maps it once."""

from __future__ import annotations

import urllib.parse

#: Success.
EXIT_OK = 0
#: The graph has SHACL or check violations, some documents failed (the others were built), or a remote failed.
EXIT_FAILED = 1
#: Usage error or the command could not run (missing input, bad parameter, unreadable file, unusable output).
EXIT_USAGE = 2
#: Interrupted (Ctrl-C): 128 + SIGINT, as shells report it.
EXIT_INTERRUPTED = 130
#: The reader of standard output closed it early (``| head``): 128 + SIGPIPE, as shells report it.
EXIT_PIPE_CLOSED = 141


class MyokgError(Exception):
    """An error in one stage about one input; the CLI prints it as one line and exits with ``exit_code``."""

    exit_code = EXIT_USAGE

    def __init__(self, stage: str, source: str, message: str) -> None:
        super().__init__(f"{stage}: {source}: {message}" if source else f"{stage}: {message}")
        self.stage = stage
        self.source = source
        self.message = message


class ReadError(MyokgError):
    """A document could not be read (missing, empty, binary, not UTF-8, no article)."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__("read", source, message)


class QueryError(MyokgError):
    """A query could not be prepared or run (unknown name, bad parameter, forbidden operation)."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__("query", source, message)


class GraphError(MyokgError):
    """A built graph or RDF file to read is missing or cannot be loaded."""


class OutputError(MyokgError):
    """An output cannot be written: unwritable, full disk, overlapping the inputs, or locked by another build."""


class BuildFailed(MyokgError):
    """No document could be read, so nothing was written (the previous build stays)."""

    exit_code = EXIT_FAILED

    def __init__(self, stage: str, source: str, message: str, failures: list[str] | None = None) -> None:
        super().__init__(stage, source, message)
        self.failures = failures or []


class RemoteError(MyokgError):
    """A remote SPARQL or Graph Store endpoint failed or could not be reached."""

    exit_code = EXIT_FAILED

    def __init__(self, endpoint: str, message: str) -> None:
        super().__init__("remote", redact(endpoint), message)


def redact(url: str) -> str:
    """The URL with any password in it replaced by ***, fit to print."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


class ReasonerUnavailable(MyokgError):
    """Java (needed by HermiT) is missing, or the ontology may not be loaded safely."""

    def __init__(self, message: str) -> None:
        super().__init__("ontology", "", message)
