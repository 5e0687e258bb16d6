"""A fake NCBI E-utilities server on loopback: ESearch with a history server, EFetch of PubMed XML and PMC JATS.

Records are real ``<PubmedArticle>`` elements (from ../shared/corpus/pubmed, copied under new PMIDs to make
as many as a test needs); answers carry the real roots and DOCTYPEs. ``faults`` injects failures in order:
each is (tool, retstart or None, action) with action an HTTP status, ``"drop"`` (half the body, then the
connection closes), ``"trickle"`` (64 bytes every 50 ms) or ``"garbage"`` (an HTML page); ``delay`` slows each EFetch. ``log`` keeps every request.
"""

from __future__ import annotations

import copy
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from lxml import etree

PUBMED_DOCTYPE = (
    '<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN"'
    ' "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
)
ESEARCH_DOCTYPE = (
    '<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN"'
    ' "https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n'
)
PMC_DOCTYPE = (
    '<?xml version="1.0" ?>\n<!DOCTYPE pmc-articleset PUBLIC "-//NLM//DTD ARTICLE SET 2.0//EN"'
    ' "https://dtd.nlm.nih.gov/ncbi/pmc/articleset/nlm-articleset-2.0.dtd">\n'
)
_SAFE = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def real_records(folder: Path) -> list[etree._Element]:
    """Every PubmedArticle of the PubMed XML samples in ``folder``."""
    out = []
    for f in sorted(folder.glob("*.xml")):
        out += etree.parse(str(f), _SAFE).getroot().findall("PubmedArticle")
    return out


def make_records(real: list[etree._Element], n: int, first_pmid: int = 98000000) -> list[bytes]:
    """``n`` records cycled from ``real``, each with its own PMID and a title that says which copy it is."""
    out = []
    for k in range(n):
        el = copy.deepcopy(real[k % len(real)])
        pmid = str(first_pmid + k)
        el.find("MedlineCitation/PMID").text = pmid
        for aid in el.iterfind("PubmedData/ArticleIdList/ArticleId"):
            if aid.get("IdType") == "pubmed":
                aid.text = pmid
            if aid.get("IdType") == "pmc":  # only the records a test links to PMC keep a PMC id
                aid.getparent().remove(aid)
        for doi in el.xpath(
            "//ELocationID[@EIdType='doi'] | PubmedData/ArticleIdList/ArticleId[@IdType='doi']"
        ):
            doi.text = f"{doi.text}.copy{k}"  # copies are other works: no DOI shared with the original
        title = el.find("MedlineCitation/Article/ArticleTitle")
        title.text = f"(copy {k}) " + (title.text or "")
        out.append(etree.tostring(el))
    return out


def link_pmc(record: bytes, pmcid: str) -> bytes:
    """The record with a PMC id in its ArticleIdList (as PubMed gives for articles in PMC)."""
    el = etree.fromstring(record, _SAFE)
    ids = el.find("PubmedData/ArticleIdList")
    aid = etree.SubElement(ids, "ArticleId", IdType="pmc")
    aid.text = pmcid
    return etree.tostring(el)


@dataclass
class FakeEutils:
    records: list[bytes]
    pmc: dict[str, bytes] = field(default_factory=dict)  # digits of the PMC id -> <article> bytes
    faults: list[tuple[str, int | None, int | str]] = field(default_factory=list)
    delay: float = 0.0
    log: list[tuple[float, str, dict[str, str]]] = field(default_factory=list)
    webenv: str = "MCID_fake0001"
    url: str = ""

    def start(self) -> FakeEutils:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                parts = urllib.parse.urlsplit(self.path)
                self._answer(parts.path, dict(urllib.parse.parse_qsl(parts.query)))

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                self._answer(urllib.parse.urlsplit(self.path).path, dict(urllib.parse.parse_qsl(body)))

            def _answer(self, path: str, params: dict[str, str]) -> None:
                tool = path.rsplit("/", 1)[-1].removesuffix(".fcgi")
                fake.log.append((time.monotonic(), tool, params))
                start = int(params["retstart"]) if "retstart" in params else None
                for k, (f_tool, f_start, action) in enumerate(fake.faults):
                    if f_tool == tool and f_start in (None, start):
                        del fake.faults[k]
                        return self._fault(action, fake.answer(tool, params))
                if tool == "efetch" and fake.delay:
                    time.sleep(fake.delay)
                self._send(200, fake.answer(tool, params))

            def _fault(self, action: int | str, body: bytes) -> None:
                if isinstance(action, int):
                    return self._send(action, b"<html><body>Too Many Requests</body></html>", "text/html")
                if action == "garbage":
                    return self._send(200, b"<html><body>Service unavailable</body></html>", "text/html")
                if action == "trickle":  # the whole body, a few bytes at a time
                    self.send_response(200)
                    self.send_header("Content-Type", "text/xml; charset=UTF-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    try:
                        for k in range(0, len(body), 64):
                            self.wfile.write(body[k : k + 64])
                            self.wfile.flush()
                            time.sleep(0.05)
                    except OSError:  # the client gave up: what this fault is for
                        self.close_connection = True
                    return None
                self.send_response(200)  # "drop": promise the whole body, send half, hang up
                self.send_header("Content-Type", "text/xml; charset=UTF-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True

            def _send(self, status: int, body: bytes, kind: str = "text/xml; charset=UTF-8") -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/entrez/eutils"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def hits(self, term: str) -> list[bytes]:
        return [] if "nothing" in term else self.records

    def answer(self, tool: str, p: dict[str, str]) -> bytes:
        if tool == "esearch":
            found = self.hits(p.get("term", ""))
            history = (
                f"<QueryKey>1</QueryKey><WebEnv>{self.webenv}</WebEnv>" if p.get("usehistory") == "y" else ""
            )
            return (
                f"{ESEARCH_DOCTYPE}<eSearchResult><Count>{len(found)}</Count><RetMax>0</RetMax>"
                f"<RetStart>0</RetStart>{history}<IdList></IdList><TranslationSet/>"
                f"<QueryTranslation>{p.get('term', '')}</QueryTranslation></eSearchResult>\n"
            ).encode()
        if tool == "efetch" and p.get("db") == "pmc":
            arts = [self.pmc[i] for i in p.get("id", "").split(",") if i in self.pmc]
            return (PMC_DOCTYPE + "<pmc-articleset>").encode() + b"\n".join(arts) + b"</pmc-articleset>\n"
        if tool == "efetch":
            if p.get("WebEnv") != self.webenv or p.get("query_key") != "1":
                return b'<?xml version="1.0" ?><eFetchResult><ERROR>Unable to obtain query #1</ERROR></eFetchResult>'
            start, size = int(p.get("retstart", 0)), int(p.get("retmax", 20))
            chosen = self.records[start : start + size]
            return (
                (PUBMED_DOCTYPE + "<PubmedArticleSet>\n").encode()
                + b"\n".join(chosen)
                + b"\n</PubmedArticleSet>\n"
            )
        return b"<html>unknown tool</html>"
