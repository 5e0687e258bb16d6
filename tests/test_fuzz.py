"""Fuzzing: random and mutated input into every reader, the extractor, the graph and query parameters.

The only acceptable failures are the project's own: a MyokgError raised, or a ReadError item yielded. Anything
else (IndexError, ValueError from a parser, a lxml or pyoxigraph exception, an 'internal error' from the CLI)
fails the test. The budget is set by the hypothesis profile in conftest (small by default, MYOKG_FUZZ=long for
a long search). Seeds for mutation are the project's own documents in tests/fixtures.
"""

from __future__ import annotations

import gzip
import re
import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import OWN_ABSTRACT, OWN_DOCUMENTS, OWN_MEDLINE, OWN_REVIEW, OWN_RIS, OWN_XML
from myokg import graph, queries, store, vocab
from myokg.cli import main
from myokg.errors import MyokgError, ReadError
from myokg.extract import Extractor
from myokg.read import read_path
from myokg.read.medline import read_medline
from myokg.read.model import Document
from myokg.read.page import read_page
from myokg.read.references import parse_citation, split_fused
from myokg.read.ris import read_ris

EXTRACTOR = Extractor(vocab.default())
SEED_TEXT = {p.name: p.read_text(encoding="utf-8") for p in OWN_DOCUMENTS}

# Pieces that carry structure in some format, so mutations reach deep branches, not only the first check.
TOKENS = [
    "\n", "\n\n", "\r\n", "\t", "  ", "Abstract\n", "References\n", "MeSH terms\n", "Publication types\n",
    "Results: ", "Methods: ", "1. ", "    1. ", "[12] ", "et al", ". ", "; ", ":", "(", ")", "%", " (SD ",
    "1998", "2099", "1799", "0", "-1", "20000000000000000000", "3.5.7", ".5", "1,234", "½", "U/l", "mg/kg",
    "doi: 10.", "https://doi.org/10.9999/", "PMID: 1", "- PubMed", "Google Scholar", "PMID- ", "TI  - ",
    "AU  - ", "MH  - *", "DP  - ", "LID - x [doi]", "      ", "TY  - JOUR\n", "ER  - \n", "PY  - ", "SP  - ",
    "<PubmedArticle>", "</PubmedArticle>", "<Article>", "</MedlineCitation>", "<AbstractText Label=\"\">",
    "<![CDATA[", "]]>", "&amp;", "&#0;", "&#x1F600;", "&undefined;", "<!-- -->", "<?pi x?>", "<", ">",
    "\ufffd", "Ã©", "â€™", "\ufb02", "\u00ad", "\u2013", "\u2212", "\u00a0", "\u200b", "\u202e", "\u0301",
    "\U0001f600", "İ", "ß", "Σ", "\x0c", "\x1b", "\x7f", "\u2028",
    "etanercept", "methotrexate", "DM", "PM", "IVIg", "dermatomyositis", "refractory to ", "did not respond",
    "patients", "were treated with ", "alone", "fatal", "not ", "may ", "randomized", "between 1998 and ",
    "Of the ten patients, ", "seven responded", "decrease in creatine kinase", ".udarabine",
]  # fmt: skip
_CHARS = st.characters(blacklist_categories=("Cs",))  # any code point UTF-8 can carry
_INSERT = st.one_of(st.sampled_from(TOKENS), st.text(_CHARS, max_size=20))


@st.composite
def mutated(draw: st.DrawFn, seed: str) -> str:
    """The seed text after a few random deletions, insertions, duplications, swaps and a possible cut."""
    text = seed
    for _ in range(draw(st.integers(1, 8))):
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 300)))
        op = draw(st.sampled_from(["delete", "insert", "insert", "duplicate", "swap", "cut"]))
        if op == "delete":
            text = text[:i] + text[j:]
        elif op == "insert":
            text = text[:i] + draw(_INSERT) + text[i:]
        elif op == "duplicate":
            text = text[:j] + text[i:j] * draw(st.integers(1, 4)) + text[j:]
        elif op == "swap":
            k = draw(st.integers(j, len(text)))
            text = text[:i] + text[j:k] + text[i:j] + text[k:]
        elif i > len(text) // 2:  # cut the tail, as an interrupted download or copy would
            text = text[:i]
    return text


def _texts(seed: str) -> st.SearchStrategy[str]:
    return st.one_of(
        mutated(seed), st.text(_CHARS, max_size=300), st.lists(_INSERT, max_size=40).map("".join)
    )


def _check_document(d: Document) -> None:
    """A document read from any input: its spans lie inside its text, and extraction, graph and export accept it."""
    n = len(d.text)
    for r in d.references:
        assert 0 <= r.start <= r.citation_end <= r.end <= n, (r.number, r.start, r.citation_end, r.end)
    for s in d.sections:
        assert 0 <= s.start <= s.end <= n, (s.label, s.start, s.end)
    ex = EXTRACTOR.extract(d)
    for m in ex.mentions:
        assert 0 <= m.start <= m.end <= n, (m.text, m.start, m.end)
    quads = graph.build([ex])
    for fmt in ("nq", "ttl"):  # whatever the text held, the exports re-read as the same graph
        back = ox.parse(store.serialize(quads, fmt), format=store.FORMATS[fmt])
        assert store.sorted_lines(back, with_graph=fmt == "nq") == store.sorted_lines(
            quads, with_graph=fmt == "nq"
        )


def _items(results) -> list[Document]:
    """Drain a reader: its items are Documents or ReadErrors; a MyokgError ends it cleanly."""
    docs = []
    try:
        for item in results:
            assert isinstance(item, (Document, ReadError)), type(item)
            if isinstance(item, Document):
                docs.append(item)
    except MyokgError:
        pass
    return docs


# ---- readers on text ---------------------------------------------------------------------------------
@given(_texts(SEED_TEXT[OWN_ABSTRACT.name]) | _texts(SEED_TEXT[OWN_REVIEW.name]))
def test_page_reader_and_extractor(text):
    try:
        d = read_page("fuzz.txt", text)
    except MyokgError:
        return
    _check_document(d)


@given(_texts(SEED_TEXT[OWN_MEDLINE.name]))
def test_medline_reader(text):
    for d in _items(read_medline("fuzz.nbib", text)):
        _check_document(d)


@given(_texts(SEED_TEXT[OWN_RIS.name]))
def test_ris_reader(text):
    for d in _items(read_ris("fuzz.ris", text)):
        _check_document(d)


_REFERENCE_LINES = [
    line.strip()
    for name in (OWN_ABSTRACT.name, OWN_REVIEW.name)
    for line in SEED_TEXT[name].splitlines()
    if re.match(r"\s*\d{1,3}\.\s", line)
]


@given(st.sampled_from(_REFERENCE_LINES).flatmap(_texts))
def test_citation_parser(text):
    parsed = parse_citation(text)
    b = parsed.bib
    assert b.year is None or isinstance(b.year, int)
    assert 0 <= parsed.citation_end <= len(text)


_DIGITS = st.text(st.characters(categories=["Nd"]), max_size=25)  # what the reference pattern's \d admits


@given(_DIGITS, _DIGITS.map(lambda s: s[:8]))
def test_fused_volume_and_pages(fused, end):
    split = split_fused(fused, end)
    assert split is None or "".join(split) == fused


# ---- read_path: format detection, decoding, XML and gzip on real files ------------------------------
def _bytes_of(seed: bytes) -> st.SearchStrategy[bytes]:
    """Byte-level damage: flipped, inserted and deleted bytes, a cut, or random bytes altogether."""

    @st.composite
    def damaged(draw: st.DrawFn) -> bytes:
        data = bytearray(seed)
        for _ in range(draw(st.integers(1, 6))):
            i = draw(st.integers(0, len(data)))
            op = draw(st.sampled_from(["flip", "insert", "delete", "cut"]))
            if op == "flip" and i < len(data):
                data[i] = draw(st.integers(0, 255))
            elif op == "insert":
                data[i:i] = draw(st.binary(max_size=8))
            elif op == "delete":
                del data[i : i + draw(st.integers(1, 64))]
            elif op == "cut" and i > len(data) // 2:
                del data[i:]
        return bytes(data)

    return st.one_of(damaged(), st.binary(max_size=300))


_FILE_SEEDS = {
    p.name: st.one_of(mutated(SEED_TEXT[p.name]).map(lambda s: s.encode("utf-8")), _bytes_of(p.read_bytes()))
    for p in OWN_DOCUMENTS
}
_NAMES = ["in.txt", "in.xml", "in.nbib", "in.ris", "in", "in.xml.gz"]


def _read_file(data: bytes, name: str) -> None:
    """Write the bytes to a file of that name and read it as `myokg build` would."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        for d in _items(read_path(path)):
            _check_document(d)


@given(st.sampled_from(sorted(_FILE_SEEDS)).flatmap(lambda k: _FILE_SEEDS[k]), st.sampled_from(_NAMES))
def test_read_path_detects_and_reads_any_file(data, name):
    _read_file(data, name)


@given(_FILE_SEEDS[OWN_XML.name], st.booleans())
def test_read_path_on_gzipped_xml(data, cut):
    compressed = gzip.compress(data, mtime=0)
    _read_file(compressed[: len(compressed) * 2 // 3] if cut else compressed, "baseline.xml.gz")


# ---- records built from each format's grammar: every field present, absent, repeated or odd ----------
_XML_CHARS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
_VALUE = st.one_of(
    st.sampled_from(
        [
            "", " ", "2020", "1799", "2100", "2020 Dec-2021 Jan", "Winter", "Spring 1999", "Jan", "31", "0", "-3",
            "12-19", "e101", "CD003643", "10.9999/x", "doi:10.9999/x", "99000001", "abc", "O'Neill", "Y", "N",
            "BACKGROUND", "Rituximab in refractory dermatomyositis", "Twelve of 20 patients responded.",
        ]
    ),
    st.text(_XML_CHARS, max_size=40),
)  # fmt: skip
# (tag, attributes, children or None for text, how many: (min, max))
_A = {"MajorTopicYN": ["Y", "N", ""], "UI": ["D003882", "D016449", "x", ""], "EIdType": ["doi", "pii", ""]}
_A |= {"IdType": ["doi", "pubmed", "pmc", ""], "Label": ["METHODS", "RESULTS", ""], "RefType": ["Cites", "x"]}
_PUBMED = (
    "PubmedArticle", [], [
        ("MedlineCitation", [], [
            ("PMID", [], None, (0, 2)),
            ("Article", [], [
                ("Journal", [], [
                    ("JournalIssue", [], [
                        ("Volume", [], None, (0, 1)), ("Issue", [], None, (0, 1)),
                        ("PubDate", [], [
                            ("Year", [], None, (0, 1)), ("Season", [], None, (0, 1)), ("Month", [], None, (0, 1)),
                            ("Day", [], None, (0, 1)), ("MedlineDate", [], None, (0, 1)),
                        ], (0, 1)),
                    ], (0, 1)),
                    ("ISOAbbreviation", [], None, (0, 1)), ("Title", [], None, (0, 1)),
                ], (0, 1)),
                ("ArticleTitle", [], None, (0, 2)),
                ("Pagination", [], [("MedlinePgn", [], None, (0, 1))], (0, 1)),
                ("ELocationID", ["EIdType"], None, (0, 2)),
                ("Abstract", [], [("AbstractText", ["Label"], None, (0, 3))], (0, 1)),
                ("AuthorList", [], [
                    ("Author", [], [
                        ("LastName", [], None, (0, 1)), ("Initials", [], None, (0, 1)),
                        ("CollectiveName", [], None, (0, 1)),
                    ], (0, 3)),
                ], (0, 1)),
                ("PublicationTypeList", [], [("PublicationType", ["UI"], None, (0, 3))], (0, 1)),
                ("GrantList", [], [("Grant", [], [("GrantID", [], None, (0, 1)), ("Agency", [], None, (0, 1))], (0, 2))], (0, 1)),
            ], (0, 1)),
            ("MeshHeadingList", [], [
                ("MeshHeading", [], [
                    ("DescriptorName", ["UI", "MajorTopicYN"], None, (0, 1)),
                    ("QualifierName", ["UI", "MajorTopicYN"], None, (0, 2)),
                ], (0, 3)),
            ], (0, 1)),
            ("ChemicalList", [], [("Chemical", [], [("NameOfSubstance", ["UI"], None, (0, 1))], (0, 2))], (0, 1)),
            ("KeywordList", [], [("Keyword", [], None, (0, 3))], (0, 1)),
            ("CommentsCorrectionsList", [], [
                ("CommentsCorrections", ["RefType"], [("RefSource", [], None, (0, 1)), ("PMID", [], None, (0, 1))], (0, 2)),
            ], (0, 1)),
        ], (0, 1)),
        ("PubmedData", [], [
            ("ArticleIdList", [], [("ArticleId", ["IdType"], None, (0, 3))], (0, 1)),
            ("ReferenceList", [], [
                ("Reference", [], [
                    ("Citation", [], None, (0, 1)),
                    ("ArticleIdList", [], [("ArticleId", ["IdType"], None, (0, 2))], (0, 1)),
                ], (0, 3)),
            ], (0, 1)),
        ], (0, 1)),
    ], (1, 1),
)  # fmt: skip


@st.composite
def _element(draw: st.DrawFn, spec: tuple) -> list[etree._Element]:
    tag, attrs, children, (low, high) = spec
    out = []
    for _ in range(draw(st.integers(low, high))):
        el = etree.Element(tag)
        for a in attrs:
            if draw(st.booleans()):
                el.set(a, draw(st.sampled_from(_A[a])))
        if children is None:
            el.text = draw(_VALUE)
            if draw(st.integers(0, 9)) == 0:  # inline markup, as in titles and abstracts
                etree.SubElement(el, draw(st.sampled_from(["i", "sup", "b"]))).text = draw(_VALUE)
        else:
            for child in children:
                el.extend(draw(_element(child)))
        out.append(el)
    return out


def _article_set(articles: list[list[etree._Element]]) -> bytes:
    root = etree.Element("PubmedArticleSet")
    for one in articles:
        root.extend(one)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


@given(st.lists(_element(_PUBMED), min_size=1, max_size=3).map(_article_set))
def test_pubmed_xml_records_of_any_shape(xml):
    _read_file(xml, "in.xml")


_SECRET = "LEAKED-BY-AN-ENTITY"
_PROLOG_PIECES = [
    "\n", "  ", "<!-- a comment -->", "<!-- <PubmedArticleSet> -->", "<?xml-stylesheet href='x'?>",
    "<!-- " + "x" * 70_000 + " -->",  # pushes what follows past any fixed-size look at the head of the file
    "<!DOCTYPE PubmedArticleSet [ DECL ]>", "<!DOCTYPE PubmedArticleSet SYSTEM 'pubmed.dtd' [ DECL ]>",
]  # fmt: skip
_DECLS = [
    f'<!ENTITY title "{_SECRET}">',
    "<!ENTITY title SYSTEM 'SECRET_FILE'>",
    f'<!ENTITY % p "{_SECRET}"> <!ENTITY title "%p;">',
    "<!ENTITY title SYSTEM 'http://127.0.0.1:9/x'>",
]


@given(
    st.lists(st.sampled_from(_PROLOG_PIECES), min_size=1, max_size=4),
    st.sampled_from(_DECLS),
    st.booleans(),
)
def test_entities_are_never_expanded(pieces, decl, declaration_first):
    """However the prolog is arranged, a declared entity's value never reaches a document (it may be refused)."""
    with tempfile.TemporaryDirectory() as tmp:
        secret_file = Path(tmp) / "secret.txt"
        secret_file.write_text(_SECRET)
        decl = decl.replace("SECRET_FILE", secret_file.as_uri())
        prolog = "".join(pieces).replace("DECL", decl)
        if "<!DOCTYPE" not in prolog:
            prolog += f"<!DOCTYPE PubmedArticleSet [ {decl} ]>"
        body = SEED_TEXT[OWN_XML.name].split("<PubmedArticleSet>", 1)[1].replace("Subcutaneous", "&title; ")
        xml = ('<?xml version="1.0"?>' if declaration_first else "") + prolog + "<PubmedArticleSet>" + body
        path = Path(tmp) / "in.xml"
        path.write_text(xml, encoding="utf-8")
        for d in _items(read_path(path)):  # (a file that does not start like XML is read as a page of text)
            assert d.format != "pubmed-xml" or (_SECRET not in d.text and _SECRET not in repr(d.bib))


_MEDLINE_TAGS = [
    "PMID",
    "TI",
    "AB",
    "AU",
    "FAU",
    "TA",
    "JT",
    "DP",
    "VI",
    "IP",
    "PG",
    "LID",
    "AID",
    "PT",
    "MH",
]
_MEDLINE_TAGS += ["OT", "RN", "GR", "RF", "OWN", "STAT", "SO", "XX"]
_RIS_TAGS = ["TY", "TI", "T1", "AU", "A1", "J2", "JO", "JF", "T2", "PY", "Y1", "DA", "VL", "IS", "SP", "EP"]
_RIS_TAGS += ["DO", "AN", "AB", "N2", "KW", "UR", "ER", "XX"]
_LINE_VALUE = _VALUE.map(lambda s: s.replace("\n", " ").replace("\r", " "))


def _tagged(tags: list[str], first: str, last: str | None, pad: str) -> st.SearchStrategy[str]:
    """Records of 'TAG - value' lines with continuation lines, in the MEDLINE or RIS layout."""
    line = st.tuples(st.sampled_from(tags), _LINE_VALUE, st.booleans()).map(
        lambda x: f"{x[0]:<4}- {x[1]}" + (f"\n{pad}{x[1]}" if x[2] else "")
    )
    record = st.tuples(st.booleans(), _LINE_VALUE, st.lists(line, max_size=12), st.booleans()).map(
        lambda x: "\n".join(
            ([f"{first:<4}- {x[1]}"] if x[0] else []) + x[2] + ([f"{last:<4}- "] if last and x[3] else [])
        )
    )
    return st.lists(record, min_size=1, max_size=3).map("\n\n".join)


@given(_tagged(_MEDLINE_TAGS, "PMID", None, "      "))
def test_medline_records_of_any_shape(text):
    for d in _items(read_medline("fuzz.nbib", text)):
        _check_document(d)


@given(_tagged(_RIS_TAGS, "TY", "ER", "      "))
def test_ris_records_of_any_shape(text):
    for d in _items(read_ris("fuzz.ris", text)):
        _check_document(d)


# ---- query parameters -------------------------------------------------------------------------------
STORED = queries.stored()
_PARAMETERISED = [(q.name, p.name) for q in STORED.values() for p in q.params]
_VALUES = st.one_of(
    st.sampled_from(
        [
            "dermatomyositis", "MONDO:0008054", "MONDO:", ":", "myt:jdm", "myo:Study", "anti-TNF", "CsA",
            "case series", "", " ", "DM", "x\" } SERVICE <http://127.0.0.1:9/> { ", "<http://127.0.0.1:9/>",
            "?s", "'; DROP", "\\", "\n", "%00", "=", "a=b", "http://example.org/x", "MESH:D003882",
            "caf\udce9",  # a non-UTF-8 byte in argv, as Python decodes it
        ]
    ),
    st.text(_CHARS, max_size=40),
)  # fmt: skip


def test_some_stored_queries_take_parameters():
    assert len(_PARAMETERISED) >= 3


@given(st.sampled_from(_PARAMETERISED), _VALUES)
def test_query_parameters_through_the_query_layer(own_store, name_param, value):
    name, param = name_param
    q = STORED[name]
    try:
        bindings = queries.bind(q, {param: value}, vocab.default())
    except MyokgError:
        return
    store.query(own_store, q.text, bindings)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("fuzz-build")
    r = CliRunner().invoke(main, ["build", *map(str, OWN_DOCUMENTS), "-o", str(out), "--no-validate"])
    assert r.exit_code == 0, r.output
    return out


@settings(max_examples=max(10, settings().max_examples // 2))
@given(
    st.sampled_from(sorted(STORED)),
    st.one_of(st.sampled_from([p for _, p in _PARAMETERISED]), st.text(_CHARS, max_size=10)),
    _VALUES,
    st.sampled_from(["table", "csv", "tsv", "json"]),
)
def test_query_parameters_through_the_command_line(built, name, param, value, fmt):
    args = ["query", name, "--param", f"{param}={value}", "--graph", str(built), "--format", fmt]
    r = CliRunner().invoke(main, args)
    assert r.exit_code in (0, 1, 2), (args, r.output)
    assert r.exception is None or isinstance(r.exception, SystemExit), (args, r.exception)
    assert "internal error" not in r.output and "Traceback" not in r.output, (args, r.output)
