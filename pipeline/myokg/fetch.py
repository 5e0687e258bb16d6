"""Fetch PubMed records (and PMC open-access full texts) through NCBI E-utilities with Biopython's Bio.Entrez.

ESearch keeps the hits on the history server; EFetch then pages through them in batches of XML. Each batch is
checked and written atomically as ``pubmed-RETSTART.xml`` (``pmc-RETSTART.xml`` for its full texts), so a run
that was interrupted resumes at the first missing batch and no half file is ever read by ``myokg build``.
The only network use of myokg; it happens only when the user runs ``myokg fetch``.
"""

from __future__ import annotations

import functools
import http.client
import json
import os
import re
import socket
import time
import urllib.error
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from myokg.errors import EXIT_FAILED, MyokgError
from myokg.store import atomic_write

#: Where E-utilities live; ``MYOKG_EUTILS_URL`` points elsewhere (a mirror, or the tests' loopback server).
EUTILS = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
URL_ENV, KEY_ENV, EMAIL_ENV = "MYOKG_EUTILS_URL", "NCBI_API_KEY", "NCBI_EMAIL"
#: Records per EFetch request (NCBI allows up to 10,000 for PubMed XML; smaller batches resume sooner).
BATCH = 500
#: Seconds one request may wait for bytes, and seconds slept before each retry of a 429, 5xx or broken answer.
TIMEOUT = 60.0
BACKOFF = (1.0, 2.0, 4.0, 8.0, 16.0)
#: Seconds one whole answer may take to arrive.
DEADLINE = 300.0
#: PMC articles per EFetch request (full texts are large).
PMC_BATCH = 50
MANIFEST = "fetch.json"
_SAFE = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class FetchError(MyokgError):
    """E-utilities could not be reached or answered something unusable (exit 1); finished batches stay."""

    exit_code = EXIT_FAILED

    def __init__(self, source: str, message: str) -> None:
        super().__init__("fetch", source, message)


class _Retry(Exception):
    """A failure worth another try (429, 5xx, a dropped connection, an incomplete answer)."""


@dataclass(frozen=True)
class Search:
    """What a fetch folder holds: kept in ``fetch.json`` so that a second run resumes only the same search."""

    query: str
    since: str | None
    max: int | None
    batch: int


@dataclass
class Client:
    """E-utilities through Bio.Entrez: its request building and rate limit (3/s, 10/s with a key), our retries."""

    email: str | None = None
    api_key: str | None = None
    base: str = EUTILS
    backoff: tuple[float, ...] = BACKOFF
    timeout: float = TIMEOUT
    deadline: float = DEADLINE

    def get(self, tool: str, **params: Any) -> bytes:
        """The whole answer of one E-utility, retried with backoff; one-line FetchError when it stays bad."""
        try:
            from Bio import Entrez
        except ImportError:
            raise FetchError("", "Biopython is not installed: pip install 'myokg[fetch]'") from None
        settings = {"email": self.email, "api_key": self.api_key, "tool": "myokg", "max_tries": 1}
        for name, value in settings.items():  # module globals that Bio.Entrez reads on each request
            setattr(Entrez, name, value)
        url = f"{self.base.rstrip('/')}/{tool}.fcgi"
        for attempt in range(len(self.backoff) + 1):
            try:
                return self._once(Entrez, url, params)
            except _Retry as exc:
                if attempt == len(self.backoff):
                    raise FetchError(tool, f"{exc} (gave up after {attempt + 1} tries)") from None
                time.sleep(self.backoff[attempt])
        raise AssertionError("unreachable")

    def _once(self, entrez: Any, url: str, params: dict[str, Any]) -> bytes:
        previous = socket.getdefaulttimeout()
        socket.setdefaulttimeout(self.timeout)  # Bio.Entrez opens URLs without a timeout of its own
        try:
            # Bio.Entrez's esearch/efetch name NCBI's host; their two steps, with our base URL, are these
            handle = entrez._open(entrez._build_request(url, dict(params)))
            try:
                return self._read(
                    getattr(handle, "buffer", handle)
                )  # Bio wraps text/plain in a TextIOWrapper
            finally:
                handle.close()
        except urllib.error.HTTPError as exc:
            if exc.code == 429 or exc.code >= 500:
                raise _Retry(f"HTTP {exc.code} {exc.reason}") from None
            raise FetchError(url.rsplit("/", 1)[-1], f"HTTP {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
            raise _Retry(f"connection failed: {getattr(exc, 'reason', None) or exc!r}") from None
        finally:
            socket.setdefaulttimeout(previous)

    def _read(self, answer: http.client.HTTPResponse) -> bytes:
        """The whole body, within ``deadline`` seconds however slowly it trickles; a short body is retried."""
        end = time.monotonic() + self.deadline
        chunks = []
        while chunk := answer.read1(1 << 16):
            chunks.append(chunk)
            if time.monotonic() > end:
                raise _Retry(f"answer took more than {self.deadline:g} s")
        if answer.length:  # the server promised more than it sent before closing
            raise _Retry(f"connection failed: answer cut short ({answer.length} bytes missing)")
        return b"".join(chunks)


def _xml(data: bytes, what: str, root: str) -> etree._Element:
    """Parse an answer safely; anything but the expected root element is a FetchError naming the stage."""
    try:
        el = etree.fromstring(data, _SAFE)
    except etree.XMLSyntaxError as exc:
        raise FetchError(what, f"answer is not XML ({exc.msg}): {data[:60]!r}") from None
    if el.tag != root:
        error = (el.findtext(".//ERROR") or "").strip() or f"<{el.tag}>"
        raise FetchError(what, f"expected <{root}>, got: {error}")
    return el


def search(client: Client, s: Search) -> tuple[int, str, str]:
    """(hits, WebEnv, query_key) of an ESearch kept on the history server."""
    params: dict[str, Any] = {"db": "pubmed", "term": s.query, "usehistory": "y", "retmax": 0}
    if s.since:
        params.update(datetype="edat", mindate=s.since, maxdate="3000")
    el = _xml(client.get("esearch", **params), "esearch", "eSearchResult")
    if (error := el.findtext("ERROR")) and el.findtext("Count") is None:
        raise FetchError("esearch", error.strip())
    try:
        count = int(el.findtext("Count") or "")
    except ValueError:
        raise FetchError("esearch", "answer has no record count") from None
    webenv, key = el.findtext("WebEnv"), el.findtext("QueryKey")
    if count and not (webenv and key):
        raise FetchError("esearch", "answer has no WebEnv/QueryKey (history server)")
    return count, webenv or "", key or ""


def _records(data: bytes, *, start: int, expected: int) -> etree._Element:
    el = _xml(data, f"efetch retstart={start}", "PubmedArticleSet")
    got = len(el.findall("PubmedArticle")) + len(el.findall("PubmedBookArticle"))
    if got != expected:
        raise _Retry(f"batch at {start}: {got} records, expected {expected}")
    return el


def _pmids(el: etree._Element) -> list[str]:
    return [str(p).strip() for p in el.xpath("PubmedArticle/MedlineCitation/PMID/text()")]


def _without(data: bytes, seen: set[str]) -> bytes:
    """The batch without the records an earlier batch holds (hits that moved when the search grew between runs)."""
    el = etree.fromstring(data, _SAFE)
    dups = [a for a in el.iterfind("PubmedArticle") if a.findtext("MedlineCitation/PMID", "").strip() in seen]
    if not dups:
        return data
    for a in dups:
        el.remove(a)
    return bytes(etree.tostring(el.getroottree(), xml_declaration=True, encoding="UTF-8"))


def pmc_ids(batch: Path) -> list[str]:
    """The PMC ids (digits only) of the records of a written batch."""
    el = etree.parse(str(batch), _SAFE).getroot()
    ids = el.xpath("PubmedArticle/PubmedData/ArticleIdList/ArticleId[@IdType='pmc']/text()")
    return [i.strip().removeprefix("PMC") for i in ids if i.strip()]


def _batch_answer(client: Client, tool: str, check: Callable[[bytes], object], **params: Any) -> bytes:
    """An EFetch answer that passed ``check``; an incomplete one is fetched again like a 5xx."""
    for attempt in range(len(client.backoff) + 1):
        data = client.get(tool, **params)
        try:
            check(data)
            return data
        except _Retry as exc:
            if attempt == len(client.backoff):
                raise FetchError(tool, str(exc)) from None
            time.sleep(client.backoff[attempt])
    raise AssertionError("unreachable")


def _open_folder(out: Path, s: Search) -> None:
    """Refuse a folder that holds something else or another search's batches; drop half-written temp files."""
    if out.exists() and not out.is_dir():
        raise FetchError(str(out), "output must be a directory")
    manifest = out / MANIFEST
    if manifest.is_file():
        try:
            kept = Search(**json.loads(manifest.read_text(encoding="utf-8")))
        except (ValueError, TypeError) as exc:
            raise FetchError(str(manifest), f"unreadable ({exc}); choose another -o") from None
        if kept != s:
            raise FetchError(str(out), f"holds another fetch ({kept.query!r}); choose another -o")
    elif out.is_dir() and any(out.iterdir()):
        raise FetchError(str(out), "folder is not empty and holds no earlier fetch; choose another -o")
    for tmp in out.glob(".*.tmp") if out.is_dir() else ():
        tmp.unlink()


@dataclass
class Progress:
    """A run so far: hits of the search, records it keeps (--max), records fetched now and kept from earlier runs."""

    hits: int = 0
    total: int = 0
    fetched: int = 0
    resumed: int = 0
    full_texts: int = 0


def fetch(client: Client, s: Search, out: Path, pmc: bool = False) -> Iterator[Progress]:
    """Fetch the search into ``out`` batch by batch, yielding progress after the search and each batch."""
    _open_folder(out, s)
    hits, webenv, key = search(client, s)
    total = min(hits, s.max) if s.max is not None else hits
    done = Progress(hits, total)
    # on a resumed run, the records already kept: a search that grew meanwhile shifts hits into later batches
    seen = {p for f in sorted(out.glob("pubmed-*.xml")) for p in _pmids(etree.parse(str(f), _SAFE).getroot())}
    yield done
    for start in range(0, total, s.batch):
        size = min(s.batch, total - start)
        target = out / f"pubmed-{start:06d}.xml"
        if target.is_file():
            done.resumed += size
        else:
            data = _batch_answer(
                client,
                "efetch",
                functools.partial(_records, start=start, expected=size),
                db="pubmed",
                query_key=key,
                WebEnv=webenv,
                retstart=start,
                retmax=size,
                retmode="xml",
            )
            if not (out / MANIFEST).is_file():
                with atomic_write(out / MANIFEST) as fh:
                    fh.write(json.dumps(asdict(s), indent=1).encode() + b"\n")
            data = _without(data, seen) if seen else data
            with atomic_write(target) as fh:
                fh.write(data)
            kept = _pmids(etree.fromstring(data, _SAFE))
            seen.update(kept)
            done.fetched += len(kept)
        if pmc:
            done.full_texts += _full_texts(client, target, out / f"pmc-{start:06d}.xml")
        yield done


def _full_texts(client: Client, batch: Path, target: Path) -> int:
    """Fetch the open-access full texts (PMC articles with a <body>) of a batch's records; their count.

    Written as one ``pmc-*.xml`` per batch, or an empty ``pmc-*.none`` marker when the batch has none."""
    marker = target.with_suffix(".none")
    if target.is_file():
        return len(etree.parse(str(target), _SAFE).getroot().findall("article"))
    if marker.is_file():
        return 0
    ids = pmc_ids(batch)
    found = etree.Element("pmc-articleset")
    for k in range(0, len(ids), PMC_BATCH):
        data = _batch_answer(
            client,
            "efetch",
            lambda d: _xml(d, f"pmc efetch for {batch.name}", "pmc-articleset"),
            db="pmc",
            id=",".join(ids[k : k + PMC_BATCH]),
            retmode="xml",
        )
        found.extend(_xml(data, "pmc efetch", "pmc-articleset").findall("article[body]"))
    with atomic_write(target if len(found) else marker) as fh:
        fh.write(etree.tostring(found, xml_declaration=True, encoding="UTF-8") if len(found) else b"")
    return len(found)


def since_date(value: str) -> str:
    """An E-utilities date (YYYY/MM/DD, YYYY/MM or YYYY) from YYYY-MM-DD or the same with slashes."""
    if not re.fullmatch(r"\d{4}(?:[-/]\d{2}(?:[-/]\d{2})?)?", value):
        raise FetchError("--since", f"{value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    return value.replace("-", "/")


@contextmanager
def quiet_email_warning() -> Iterator[None]:
    """Bio.Entrez warns on each request without an email; the CLI says it once instead."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"\s*Email address is not specified")
        yield


def client_from(email: str | None, api_key: str | None) -> Client:
    return Client(
        email=email or os.environ.get(EMAIL_ENV) or None,
        api_key=api_key or os.environ.get(KEY_ENV) or None,
        base=os.environ.get(URL_ENV) or EUTILS,
    )
