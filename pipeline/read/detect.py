"""Decode input files, detect their format from content, and dispatch to the right reader."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from myokg.errors import ReadError
from myokg.read.model import Document
from myokg.read.page import read_page

#: File endings looked at when a directory is given.
DOCUMENT_SUFFIXES = (".txt", ".text", ".md", ".xml", ".gz", ".nbib", ".medline", ".ris")
#: Largest input accepted, in bytes.
MAX_BYTES = 200 * 1024 * 1024


def decode(path: Path, data: bytes) -> str:
    """Decode strict UTF-8 (a BOM is dropped); refuse empty, binary and non-UTF-8 input."""
    if not data.strip():
        raise ReadError(str(path), "empty document")
    if b"\x00" in data:
        raise ReadError(str(path), "binary file (NUL bytes), not a text document")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(str(path), f"not UTF-8 text (invalid byte at offset {exc.start})") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_path(path: Path) -> list[Document]:
    """Read one file into its documents."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReadError(str(path), f"file is larger than {MAX_BYTES // 2**20} MiB")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError(str(path), "no such file") from None
    except IsADirectoryError:
        raise ReadError(str(path), "is a directory") from None
    except PermissionError:
        raise ReadError(str(path), "permission denied") from None
    text = decode(path, data)
    return [read_page(path.name, text)]


def expand(paths: list[Path]) -> list[Path]:
    """Expand directories into their document files (sorted); refuse missing paths and empty folders."""
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in DOCUMENT_SUFFIXES
                           and f.name.lower() != "readme.md")
            if not found:
                raise ReadError(str(p), "directory contains no documents (" + ", ".join(DOCUMENT_SUFFIXES) + ")")
            files.extend(found)
        elif p.exists():
            files.append(p)
        else:
            raise ReadError(str(p), "no such file or directory")
    return files


def read_paths(paths: list[Path]) -> Iterator[tuple[Path, list[Document] | ReadError]]:
    """Read each file; a failing file yields its error and the others go on."""
    for f in expand(paths):
        try:
            yield f, read_path(f)
        except ReadError as exc:
            yield f, exc
