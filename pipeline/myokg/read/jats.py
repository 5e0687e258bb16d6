"""Read JATS full text (PMC open access, Europe PMC): ``<article>`` or a ``<pmc-articleset>`` of them.

Each article becomes a Record laid out like PubMed's: the abstract, then the body's top-level sections under
the heading words extraction already knows (Introduction, Methods, Case presentation, Results, Conclusions),
tables written as text where they stand, and the reference list as cited works with their PMID or DOI.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]

from myokg.errors import ReadError
from myokg.read.model import Bib, Document
from myokg.read.pubmed import _ENTITIES_REFUSED, _declares_entities, _open, _text, check_prolog
from myokg.read.record import CitedWork, Record, layout
from myokg.read.sections import canonical
from myokg.textnorm import YEAR

#: Root elements of a JATS file, as they open its first bytes.
ROOTS = re.compile(rb"<(?:pmc-articleset|article)[\s>]")
#: The heading word written for a body section when its title is not one extraction knows (``sec-type``
#: values, then words inside a longer title such as 'Results and discussion').
SEC_TYPE = {
    "intro": "Introduction",
    "materials|methods": "Methods",
    "methods": "Methods",
    "subjects": "Methods",
    "cases": "Case presentation",
    "results": "Results",
    "discussion": "Discussion",
    "conclusions": "Conclusions",
}
_TITLE_WORD = re.compile(
    r"\b(introduction|background|methods?|case|results?|discussion|conclusions?)\b", re.I
)
_WORD_HEADING = {
    "introduction": "Introduction",
    "background": "Background",
    "method": "Methods",
    "methods": "Methods",
    "case": "Case presentation",
    "result": "Results",
    "results": "Results",
    "discussion": "Discussion",
    "conclusion": "Conclusions",
    "conclusions": "Conclusions",
}
#: Back-matter sections that are not the article's own findings.
_SKIPPED_SEC_TYPES = {"supplementary-material", "display-objects", "COI-statement", "funding-information"}


def is_jats(head: bytes) -> bool:
    """Whether the first bytes of an XML file open a JATS article (not a PubMed record set)."""
    return bool(ROOTS.search(head)) and b"<PubmedArticle" not in head


def _heading(sec: etree._Element, previous: str | None) -> str | None:
    """The heading word a top-level body section is written under (None: context with no known heading)."""
    title = _text(sec.find("title"))
    if title and canonical(title):
        return title
    if (kind := sec.get("sec-type", "")) in SEC_TYPE:
        return SEC_TYPE[kind]
    if m := _TITLE_WORD.search(title):
        return _WORD_HEADING[m.group(1).lower()]
    return previous  # 'Case 2', 'Treatment' after a known section: part of it


def _table(wrap: etree._Element) -> str:
    """A table as text: its label and caption, then one line per row, cells joined by ' | '."""
    head = " ".join(x for x in (_text(wrap.find("label")), _text(wrap.find("caption"))) if x)
    rows = [" | ".join(_text(c) for c in tr.iterfind("./*")) for tr in wrap.iter("tr")]
    return "\n".join([head, *rows] if head else rows)


def _blocks(sec: etree._Element) -> Iterator[str]:
    """The paragraphs, tables and subsection titles of a section, in document order."""
    for el in sec:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "p":
            yield _text(el)
        elif tag == "table-wrap":
            yield _table(el)
        elif tag in ("sec", "boxed-text", "list"):
            if t := _text(el.find("title")):
                yield t + "."
            yield from _blocks(el)
        elif tag == "list-item":
            yield from _blocks(el)


def _cited(ref: etree._Element) -> CitedWork | None:
    """One ``<ref>``: Vancouver-style text from an element-citation's parts, or a mixed-citation's text."""
    cit = next(ref.iter("element-citation", "mixed-citation", "citation"), None)
    if cit is None:
        return None
    ids = {p.get("pub-id-type"): _text(p) for p in cit.iter("pub-id")}
    if cit.tag == "mixed-citation":
        text = _text(cit)
    else:
        names = [
            " ".join(x for x in (_text(n.find("surname")), _text(n.find("given-names"))) if x)
            for n in cit.iter("name")
        ]
        source = _text(cit.find("source"))
        date = "".join(
            x
            for x in (
                _text(cit.find("year")),
                f";{_text(cit.find('volume'))}" if cit.find("volume") is not None else "",
                f"({_text(cit.find('issue'))})" if cit.find("issue") is not None else "",
                ":" + "-".join(x for x in (_text(cit.find("fpage")), _text(cit.find("lpage"))) if x)
                if cit.find("fpage") is not None
                else "",
            )
            if x
        )
        parts = [", ".join(names), _text(cit.find("article-title")).rstrip("."), source, date]
        text = ". ".join(p for p in parts if p)
    return CitedWork(text, ids.get("pmid"), ids.get("doi")) if text else None


def _record(art: etree._Element) -> Record:
    meta = art.find("front/article-meta")
    if meta is None:
        raise ValueError("no front/article-meta")
    bib = Bib(title=_text(meta.find("title-group/article-title")).rstrip(".") or None)
    bib.journal = _text(art.find("front/journal-meta/journal-title-group/journal-title")) or (
        _text(art.find("front/journal-meta/journal-title")) or None
    )
    for name in meta.iterfind("contrib-group/contrib[@contrib-type='author']"):
        person = name.find("name")
        text = (
            " ".join(x for x in (_text(person.find("surname")), _text(person.find("given-names"))) if x)
            if person is not None
            else _text(name.find("collab"))
        )
        if text:
            bib.authors.append(text)
    ids = {a.get("pub-id-type"): _text(a) for a in meta.iterfind("article-id")}
    bib.pmid = ids.get("pmid") or None
    bib.doi = (ids.get("doi") or "").lower() or None
    dates = meta.findall("pub-date")
    date = next(
        (d for d in dates if d.get("pub-type") in ("ppub", "epub") or d.get("date-type") == "pub"), None
    )
    if date is None and dates:
        date = dates[0]
    if date is not None:
        bib.date_text = (
            " ".join(x for x in (_text(date.find("year")), _text(date.find("month"))) if x) or None
        )
        if m := YEAR.search(_text(date.find("year"))):
            bib.year = int(m.group())
    bib.volume = _text(meta.find("volume")) or None
    bib.issue = _text(meta.find("issue")) or None
    pages = "-".join(x for x in (_text(meta.find("fpage")), _text(meta.find("lpage"))) if x)
    bib.pages = pages or _text(meta.find("elocation-id")) or None
    bib.keywords = [_text(k) for k in meta.iterfind("kwd-group/kwd")]
    if (kind := art.get("article-type")) == "case-report":
        bib.publication_types.append("Case Reports")
    elif kind == "review-article":
        bib.publication_types.append("Review")
    rec = Record(bib)
    abstract = next((a for a in meta.iterfind("abstract") if a.get("abstract-type") is None), None)
    if abstract is not None:
        secs = abstract.findall("sec")
        for sec in secs or [abstract]:
            label = _text(sec.find("title")) if secs else None
            text = "\n".join(b for b in _blocks(sec) if b)
            if text:
                rec.abstract.append((label or None, text))
    heading: str | None = None
    body = art.find("body")
    for sec in body.iterfind("sec") if body is not None else ():
        if sec.get("sec-type") in _SKIPPED_SEC_TYPES:
            continue
        heading = _heading(sec, heading)
        text = "\n".join(b for b in _blocks(sec) if b)
        if text:
            rec.abstract.append((heading, text))
    if body is not None and not body.findall("sec"):
        rec.abstract.append((None, "\n".join(b for b in _blocks(body) if b)))
    for ref in art.iterfind("back/ref-list//ref"):
        if (cited := _cited(ref)) is not None:
            rec.references.append(cited)
    return rec


def read_jats(path: Path, data: bytes | None = None) -> Iterator[Document | ReadError]:
    """The articles of a JATS file (one ``<article>`` or a ``<pmc-articleset>``), parsed without DTD or network."""
    check_prolog(path, data)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
    )
    try:
        with _open(path, data) as fh:
            tree = etree.parse(fh, parser)
    except etree.XMLSyntaxError as exc:
        raise ReadError(
            str(path), f"XML error at line {exc.lineno}, column {exc.offset}: {exc.msg}"
        ) from None
    except (OSError, EOFError) as exc:
        raise ReadError(str(path), f"cannot read: {exc}") from None
    if _declares_entities(tree):
        raise ReadError(str(path), _ENTITIES_REFUSED)
    root = tree.getroot()
    articles = [root] if root.tag == "article" else root.findall("article")
    if not articles:
        raise ReadError(str(path), f"no JATS <article> in <{root.tag}>")
    for k, art in enumerate(articles, start=1):
        try:
            rec = _record(art)
        except ValueError as exc:
            yield ReadError(str(path), f"article {k} (line {art.sourceline}): {exc}")
            continue
        pmc = next((_text(a) for a in art.iterfind("front/article-meta/article-id[@pub-id-type='pmc']")), "")
        yield layout(f"{path.name}#{rec.bib.pmid or pmc or k}", "jats", rec)
