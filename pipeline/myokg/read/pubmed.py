"""Read PubMed XML (efetch output and baseline/update files, gzipped or not), one record at a time."""

from __future__ import annotations

import gzip
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, cast

from lxml import etree  # type: ignore[import-untyped]

from myokg.errors import ReadError
from myokg.read.model import Bib, Document
from myokg.read.record import CitedWork, Record, layout
from myokg.textnorm import YEAR

#: Bytes of the prolog inspected for entity declarations before parsing.
PROLOG_BYTES = 65536


def _text(el: etree._Element | None) -> str:
    """All text of an element, inline markup such as <i> or <sup> kept as text."""
    # split() and join: the same whitespace as re's \s, collapsed and stripped, without a pattern per call
    if el is None:
        return ""
    if not len(
        el
    ):  # no child element, comment or entity: its text is all (most elements; no iterator needed)
        return " ".join(el.text.split()) if el.text else ""
    return " ".join("".join(el.itertext()).split())


_ENTITIES_REFUSED = "XML entity declarations are refused (possible entity expansion or external entity)"


def _open(path: Path, data: bytes | None = None) -> IO[bytes]:
    """The XML bytes of a file, or of content already read from a pipe; gzip undone."""
    raw: IO[bytes] = io.BytesIO(data) if data is not None else path.open("rb")
    if raw.read(2) == b"\x1f\x8b":
        raw.seek(0)
        return cast(IO[bytes], gzip.GzipFile(fileobj=raw, mode="rb"))
    raw.seek(0)
    return raw


def check_prolog(path: Path, data: bytes | None = None) -> None:
    """Refuse entity declarations seen in the first bytes, before any parsing (the parser checks the rest)."""
    try:
        with _open(path, data) as fh:
            head = fh.read(PROLOG_BYTES)
    except (OSError, EOFError) as exc:
        raise ReadError(str(path), f"cannot read: {exc}") from None
    if b"<!ENTITY" in head.upper():
        raise ReadError(str(path), _ENTITIES_REFUSED)


def _declares_entities(tree: etree._ElementTree) -> bool:
    """Whether the document's internal DTD declares entities, wherever in the prolog it sits."""
    dtd = tree.docinfo.internalDTD
    return dtd is not None and any(True for _ in dtd.iterentities())


def _record(art: etree._Element) -> Record:
    cit = art.find("MedlineCitation")
    article = cit.find("Article") if cit is not None else None
    if cit is None or article is None:
        raise ValueError("no MedlineCitation/Article")
    journal = article.find("Journal")
    issue = journal.find("JournalIssue") if journal is not None else None
    bib = Bib(
        title=_text(article.find("ArticleTitle")).rstrip(".") or None, pmid=_text(cit.find("PMID")) or None
    )
    for a in article.findall("AuthorList/Author"):
        name = _text(a.find("CollectiveName")) or " ".join(
            x for x in (_text(a.find("LastName")), _text(a.find("Initials"))) if x
        )
        if name:
            bib.authors.append(name)
    if journal is not None:
        bib.journal = _text(journal.find("ISOAbbreviation")) or _text(journal.find("Title")) or None
    if issue is not None:
        bib.volume = _text(issue.find("Volume")) or None
        bib.issue = _text(issue.find("Issue")) or None
        pub = issue.find("PubDate")
        date = _text(pub.find("MedlineDate")) if pub is not None else ""
        if not date and pub is not None:
            date = " ".join(
                x
                for x in (
                    _text(pub.find("Year")),
                    _text(pub.find("Season")),
                    _text(pub.find("Month")),
                    _text(pub.find("Day")),
                )
                if x
            )
        bib.date_text = date or None
        if m := YEAR.search(date):
            bib.year = int(m.group())
    bib.pages = _text(article.find("Pagination/MedlinePgn")) or None
    for el in article.findall("ELocationID"):
        if el.get("EIdType") == "doi":
            bib.doi = _text(el).lower()
        elif not bib.pages:
            bib.pages = _text(el)
    for el in art.findall("PubmedData/ArticleIdList/ArticleId"):
        if el.get("IdType") == "doi" and not bib.doi:
            bib.doi = _text(el).lower()
        elif el.get("IdType") == "pmc" and not bib.pmcid:
            bib.pmcid = _text(el)
    rec = Record(bib)
    for el in article.findall("Abstract/AbstractText"):
        rec.abstract.append((el.get("Label"), _text(el)))
    for pt in article.findall("PublicationTypeList/PublicationType"):
        bib.publication_types.append(_text(pt))
        if pt.get("UI"):
            rec.publication_type_ids.append(pt.get("UI"))
    for mh in cit.findall("MeshHeadingList/MeshHeading"):
        d = mh.find("DescriptorName")
        quals = mh.findall("QualifierName")
        if d is None:  # qualifiers without the heading they qualify say nothing on their own
            rec.warnings.append("MeSH heading without a descriptor skipped")
            continue
        major = d.get("MajorTopicYN") == "Y" or any(q.get("MajorTopicYN") == "Y" for q in quals)
        rec.mesh.append((_text(d), d.get("UI"), [_text(q) for q in quals], major))
        bib.mesh_headings.append(_text(d) + "".join("/" + _text(q) for q in quals) + ("*" if major else ""))
    rec.substances = [(_text(s), s.get("UI")) for s in cit.findall("ChemicalList/Chemical/NameOfSubstance")]
    bib.substances = [name for name, _ in rec.substances]
    bib.keywords = [_text(k) for k in cit.findall("KeywordList/Keyword")]
    bib.grants = [
        " ".join(x for x in (_text(g.find("GrantID")), _text(g.find("Agency"))) if x)
        for g in article.findall("GrantList/Grant")
    ]
    for ref in art.findall("PubmedData/ReferenceList/Reference"):
        ids = {i.get("IdType"): _text(i) for i in ref.findall("ArticleIdList/ArticleId")}
        rec.references.append(CitedWork(_text(ref.find("Citation")), ids.get("pubmed"), ids.get("doi")))
    if not rec.references:
        for cc in cit.findall("CommentsCorrectionsList/CommentsCorrections"):
            if cc.get("RefType") == "Cites":
                rec.references.append(
                    CitedWork(_text(cc.find("RefSource")), _text(cc.find("PMID")) or None, source_only=True)
                )
    return rec


def read_pubmed_xml(path: Path, data: bytes | None = None) -> Iterator[Document | ReadError]:
    """Stream the records of a PubMed XML file; a broken record or a truncated file yields an error, the rest go on.

    ``data``: the content when it was already read (from a pipe); otherwise the file is streamed from disk.
    """
    check_prolog(path, data)
    count = 0
    with _open(path, data) as fh:
        parser = etree.iterparse(
            fh,
            events=("end",),
            tag=("PubmedArticle", "PubmedBookArticle"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
        )
        try:
            for _, el in parser:
                if count == 0 and _declares_entities(el.getroottree()):
                    raise ReadError(str(path), _ENTITIES_REFUSED)
                count += 1
                try:
                    rec = _record(el)
                    yield layout(f"{path.name}#{rec.bib.pmid or count}", "pubmed-xml", rec)
                except ValueError as exc:
                    yield ReadError(f"{path}", f"record {count} (line {el.sourceline}): {exc}")
                el.clear()
                while el.getprevious() is not None:
                    del el.getparent()[0]
        except etree.XMLSyntaxError as exc:
            yield ReadError(str(path), _syntax_error(exc, count))
            return
        except (OSError, EOFError) as exc:
            yield ReadError(str(path), f"cannot read after record {count}: {exc}")
            return
    if count == 0:
        yield ReadError(str(path), "no PubmedArticle records")


def _syntax_error(exc: etree.XMLSyntaxError, count: int) -> str:
    """Where and what, once: libxml2's message ends with the position the error also carries."""
    line, column = exc.position
    msg = re.sub(r",? line \d+, column \d+$", "", exc.msg or str(exc))
    cut = re.match(r"Premature end of data in tag (\S+) line (\d+)$", msg)
    if cut:  # the file stops inside an element: say which, and where it opened
        msg = f"the file ends inside <{cut[1]}> (opened at line {cut[2]}); is it cut?"
    after = f"after record {count}" if count else "before the first record"
    return f"XML error at line {line}, column {column} {after}: {msg}"
