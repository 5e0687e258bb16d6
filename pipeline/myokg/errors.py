"""Domain errors and the exit-code contract shared by every command."""

from __future__ import annotations

#: Success.
EXIT_OK = 0
#: The graph has SHACL or check violations, or some documents failed (the others were built).
EXIT_FAILED = 1
#: Usage error or the command could not run (missing input, bad parameter, unreadable file).
EXIT_USAGE = 2


class MyokgError(Exception):
    """An error in one stage about one input; the CLI prints it as one line."""

    def __init__(self, stage: str, source: str, message: str) -> None:
        super().__init__(f"{stage}: {source}: {message}")
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
