"""Decode input files, detect their format from content, and dispatch to the right reader."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from pathlib import Path

from myokg.errors import ReadError
from myokg.read import tagged
from myokg.read.clean import MOJIBAKE_WARNING, damaged
from myokg.read.medline import read_medline
from myokg.read.model import Document
from myokg.read.page import read_page
from myokg.read.pubmed import read_pubmed_xml
from myokg.read.ris import read_ris

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


def sniff(head: bytes) -> str:
    """The input format from the first bytes of content, whatever the file is called."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if re.match(rb"(?i)<!doctype html|<html", text):
        return "html"
    if text.startswith(b"<?xml") or text.startswith(b"<!DOCTYPE") or text.startswith(b"<PubmedArticleSet"):
        return "pubmed-xml"
    first = text.split(b"\n", 1)[0]
    if re.match(rb"TY  - ", first):
        return "ris"
    if re.match(rb"PMID- ?\d", first) or (re.match(rb"[A-Z]{2,4} ?- ", first) and b"\nTI  - " in text):
        return "medline"
    return "page"


def read_path(path: Path) -> Iterator[Document | ReadError]:
    """Read one file into its documents; errors about single records come as ReadError items."""
    try:
        if path.stat().st_size > MAX_BYTES and path.suffix != ".gz":
            raise ReadError(str(path), f"file is larger than {MAX_BYTES // 2**20} MiB")
        with path.open("rb") as fh:
            head = fh.read(4096)
        if head[:2] == b"\x1f\x8b":
            with gzip.open(path, "rb") as gz:
                head = gz.read(4096)
            if sniff(head) != "pubmed-xml":
                raise ReadError(str(path), "gzip files are read only when they hold PubMed XML")
    except FileNotFoundError:
        raise ReadError(str(path), "no such file") from None
    except IsADirectoryError:
        raise ReadError(str(path), "is a directory") from None
    except PermissionError:
        raise ReadError(str(path), "permission denied") from None
    except (OSError, EOFError) as exc:
        raise ReadError(str(path), f"cannot read: {exc}") from None
    fmt = sniff(head)
    if fmt == "html":
        raise ReadError(
            str(path), "an HTML file; save the page as plain text (or export PubMed XML, MEDLINE or RIS)"
        )
    if fmt == "pubmed-xml":
        yield from read_pubmed_xml(path)
        return
    text = decode(path, path.read_bytes())
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
    else:
        docs = iter([read_page(name, text)])
    for doc in docs:
        if isinstance(doc, Document) and fmt and damaged(text) and MOJIBAKE_WARNING not in doc.warnings:
            doc.warnings.append(MOJIBAKE_WARNING)
        yield doc


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
