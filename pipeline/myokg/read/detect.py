"""Decode input files, detect their format from content, and dispatch to the right reader."""

from __future__ import annotations

import gzip
import io
import os
import re
import select
import stat
from collections.abc import Iterator
from pathlib import Path

from myokg.errors import ReadError
from myokg.read import jats, tagged
from myokg.read.medline import read_medline
from myokg.read.model import Document
from myokg.read.page import read_page
from myokg.read.pubmed import read_pubmed_xml
from myokg.read.ris import read_ris

#: File endings looked at when a directory is given.
DOCUMENT_SUFFIXES = (".txt", ".text", ".md", ".xml", ".gz", ".nbib", ".medline", ".ris")
#: Largest input accepted, in bytes.
MAX_BYTES = 200 * 1024 * 1024
#: Longest text of one document (a page, or one record), in characters: extraction's time and memory grow
#: with one document's length (some 150 bytes per character), not with the number of documents.
MAX_DOCUMENT_CHARS = 2 * 1024 * 1024
#: Seconds a pipe may stay silent before its input is refused.
STREAM_IDLE_SECONDS = 10


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


def sniff(head: bytes) -> str:
    """The input format from the first bytes of content, whatever the file is called (tagged exports: see read_text)."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    while text.startswith(b"<!--") and b"-->" in text:  # comments before the root element
        text = text[text.index(b"-->") + 3 :].lstrip()
    if re.match(rb"(?i)<!doctype html|<html", text):
        return "html"
    if text.startswith((b"<?xml", b"<!DOCTYPE", b"<PubmedArticleSet", b"<article", b"<pmc-articleset")):
        return "pubmed-xml"
    return "text"


def read_stream(path: Path) -> bytes:
    """All bytes of a pipe or FIFO, up to MAX_BYTES; refused when no data comes for STREAM_IDLE_SECONDS."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO without a writer must not block the open
    chunks: list[bytes] = []
    total = 0
    try:
        while True:
            ready, _, _ = select.select([fd], [], [], STREAM_IDLE_SECONDS)
            if not ready:
                raise ReadError(str(path), f"no data for {STREAM_IDLE_SECONDS} s from this pipe (no writer?)")
            try:
                chunk = os.read(fd, 1 << 16)
            except BlockingIOError:
                continue
            if not chunk:
                return b"".join(chunks)
            total += len(chunk)
            if total > MAX_BYTES:
                raise ReadError(str(path), f"input is larger than {MAX_BYTES // 2**20} MiB")
            chunks.append(chunk)
    finally:
        os.close(fd)


def _load(path: Path) -> tuple[bytes, bytes | None]:
    """(first bytes, whole content when it had to be read already): refuse what is not a file or a pipe."""
    mode = path.stat().st_mode
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(str(path))
    if stat.S_ISFIFO(mode):
        data = read_stream(path)  # a pipe is read once: sniffing must not eat its start
        return data[:4096], data
    if not stat.S_ISREG(mode):
        raise ReadError(str(path), "not a regular file (a device or socket); give a file, a folder or a pipe")
    if path.stat().st_size > MAX_BYTES and path.suffix != ".gz":
        raise ReadError(str(path), f"file is larger than {MAX_BYTES // 2**20} MiB")
    with path.open("rb") as fh:
        return fh.read(4096), None


def read_path(path: Path) -> Iterator[Document | ReadError]:
    """Read one file into its documents; errors about single records (too long ones too) come as ReadError items."""
    return map(bounded, _read_path(path))


def _read_path(path: Path) -> Iterator[Document | ReadError]:
    try:
        head, data = _load(path)
        if head[:2] == b"\x1f\x8b":
            with gzip.open(io.BytesIO(data) if data is not None else path, "rb") as gz:
                head = gz.read(4096)
            if sniff(head) != "pubmed-xml":
                raise ReadError(str(path), "gzip files are read only when they hold PubMed XML")
        fmt = sniff(head)
        if fmt == "html":
            raise ReadError(
                str(path), "an HTML file; save the page as plain text (or export PubMed XML, MEDLINE or RIS)"
            )
        if fmt != "pubmed-xml":
            text = decode(path, data if data is not None else path.read_bytes())
    except FileNotFoundError:
        raise ReadError(str(path), "no such file") from None
    except IsADirectoryError:
        raise ReadError(str(path), "is a directory") from None
    except PermissionError:
        raise ReadError(str(path), "permission denied") from None
    except (OSError, EOFError) as exc:
        raise ReadError(str(path), f"cannot read: {exc}") from None
    if fmt == "pubmed-xml":
        yield from jats.read_jats(path, data) if jats.is_jats(head) else read_pubmed_xml(path, data)
        return
    yield from read_text(path.name, text)


def read_text(name: str, text: str) -> Iterator[Document | ReadError]:
    """Read decoded text: a tagged export (MEDLINE, RIS, RefWorks; on lines or flattened) or a page."""
    fmt = tagged.kind(text[:8192])
    if fmt == "medline":
        docs = read_medline(name, tagged.as_medline(text))
    elif fmt == "ris":
        docs = read_ris(name, tagged.as_ris(text))
    elif fmt == "refworks":
        docs = read_ris(name, tagged.refworks_as_ris(text))
    elif len(text) > MAX_DOCUMENT_CHARS:  # refused before a page is read, at any length
        docs = iter([_too_long(name, len(text))])
    else:
        docs = iter([read_page(name, text)])
    yield from docs


def bounded(item: Document | ReadError) -> Document | ReadError:
    """The document, or an error when its text is longer than MAX_DOCUMENT_CHARS."""
    if isinstance(item, Document) and len(item.text) > MAX_DOCUMENT_CHARS:
        return _too_long(item.source, len(item.text))
    return item


def _too_long(source: str, chars: int) -> ReadError:
    return ReadError(
        source,
        f"{chars / 2**20:.1f} M characters of text in one document; at most "
        f"{MAX_DOCUMENT_CHARS // 2**20} M are read as one (MAX_DOCUMENT_CHARS): split it",
    )


def expand(paths: list[Path]) -> list[Path]:
    """Expand directories into their document files (sorted); refuse missing paths and empty folders."""
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in DOCUMENT_SUFFIXES and f.name.lower() != "readme.md"
            )
            if not found:
                raise ReadError(
                    str(p), "directory contains no documents (" + ", ".join(DOCUMENT_SUFFIXES) + ")"
                )
            files.extend(found)
        elif p.exists():
            files.append(p)
        else:
            raise ReadError(str(p), "no such file or directory")
    return files


def read_paths(paths: list[Path]) -> Iterator[tuple[Path, Document | ReadError]]:
    """Read each file; a failing file or record yields its error and the others go on."""
    for f in expand(paths):
        try:
            for item in read_path(f):
                yield f, item
        except ReadError as exc:
            yield f, exc
