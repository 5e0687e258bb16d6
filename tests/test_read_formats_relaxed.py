"""Exports as users paste them (loose RIS, RefWorks, flattened MEDLINE, bullets) and inputs that are not plain files."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from myokg.errors import ReadError
from myokg.read import Document, detect, read_path
from myokg.read.clean import MOJIBAKE_WARNING


def items(path: Path) -> tuple[list[Document], list[ReadError]]:
    out = list(read_path(path))
    return [d for d in out if isinstance(d, Document)], [e for e in out if isinstance(e, ReadError)]


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


RIS_LOOSE = """TY - JOUR
T1 - Sirolimus in refractory juvenile dermatomyositis
T2 - A report of three children
AU - Ng, Sara
AU - Patel, Ravi
PY - 2020/4
AB - Objective. To describe three children given sirolimus. Methods. Charts were reviewed. Results. All three improved. Conclusion. Sirolimus may help.
ER -
"""


def test_ris_with_loose_spacing_and_a_subtitle(tmp_path: Path) -> None:
    [doc], errors = items(write(tmp_path, "loose.ris", RIS_LOOSE))
    assert not errors and doc.format == "ris"
    assert doc.bib.title == "Sirolimus in refractory juvenile dermatomyositis: A report of three children"
    assert doc.bib.authors == ["Ng S", "Patel R"] and doc.bib.year == 2020
    assert [s.label for s in doc.sections] == ["title", "objective", "methods", "results", "conclusions"]


def test_ris_flattened_onto_one_line(tmp_path: Path) -> None:
    [doc], errors = items(write(tmp_path, "flat.txt", " ".join(RIS_LOOSE.split("\n"))))
    assert not errors and doc.bib.title.startswith("Sirolimus in refractory juvenile dermatomyositis")
    assert doc.bib.authors == ["Ng S", "Patel R"]


REFWORKS = (
    "RT Journal Article SR Electronic T1 Abatacept for antisynthetase syndrome: an open study JF Example "
    "Journal of Myology JO Ex J Myol SP 10 OP 18 VO 7 IS 2 A1 ANNA MOSS A1 OMAR NASH YR 2019 "
    "AB Objective. To test abatacept in antisynthetase syndrome. Methods. Ten adults were treated for six "
    "months. Results. Six responded; IS and AB are only letters here. Conclusion. Abatacept may help."
)


@pytest.mark.parametrize("text", [REFWORKS, REFWORKS.replace(" A1 ", "\nA1 ").replace(" YR ", "\nYR ")])
def test_refworks_tagged_format(tmp_path: Path, text: str) -> None:
    [doc], errors = items(write(tmp_path, "refworks.txt", text))
    assert not errors
    assert doc.bib.title == "Abatacept for antisynthetase syndrome: an open study"
    assert doc.bib.year == 2019 and doc.bib.volume == "7" and doc.bib.pages == "10-18"
    assert len(doc.bib.authors) == 2
    results = next(s for s in doc.sections if s.label == "results")
    assert doc.text[results.start : results.end].endswith("only letters here.")


MEDLINE = """PMID- 90000001
TI  - Methotrexate against azathioprine in polymyositis.
AU  - Torres A
AU  - Ulm B
DP  - 2017 May
AB  - BACKGROUND: Two drugs are used. METHODS: Forty adults were randomised. RESULTS: Both improved.
PT  - Randomized Controlled Trial
"""


def test_medline_flattened_onto_one_line(tmp_path: Path) -> None:
    [doc], errors = items(write(tmp_path, "flat.nbib", " ".join(MEDLINE.split("\n"))))
    assert not errors and doc.format == "medline"
    assert doc.bib.pmid == "90000001" and doc.bib.authors == ["Torres A", "Ulm B"] and doc.bib.year == 2017
    assert [s.label for s in doc.sections] == ["title", "background", "methods", "results"]


def test_medline_record_opening_with_its_title(tmp_path: Path) -> None:
    text = MEDLINE.split("\n", 1)[1]  # no PMID line
    [doc], errors = items(write(tmp_path, "ti.nbib", text))
    assert not errors and doc.bib.title == "Methotrexate against azathioprine in polymyositis"
    assert doc.bib.authors == ["Torres A", "Ulm B"]


def test_medline_cut_last_record_keeps_the_whole_ones(tmp_path: Path) -> None:
    second = MEDLINE.replace("90000001", "90000002")
    cut = MEDLINE.replace("90000001", "90000003")[:120].rsplit("\n", 1)[0] + "\nFAU"
    good, errors = items(write(tmp_path, "cut.nbib", MEDLINE + "\n" + second + "\n" + cut))
    assert [d.bib.pmid for d in good] == ["90000001", "90000002"]
    assert len(errors) == 1 and "record 3" in errors[0].message


def test_bulleted_mesh_and_publication_types_on_a_page(tmp_path: Path) -> None:
    page = (
        "Rituximab in refractory polymyositis: an open study\n\nAbstract\n\nTwelve adults with refractory "
        "polymyositis received rituximab and nine improved within six months.\n\nPublication types\n\n"
        "• Clinical Trial\n• Research Support, Non-U.S. Gov't\n\nMeSH terms\n\n• Adult\n• Polymyositis / drug "
        "therapy*\n• Rituximab / therapeutic use*\n"
    )
    doc = next(read_path(write(tmp_path, "page.txt", page)))
    assert isinstance(doc, Document)
    assert doc.bib.publication_types == ["Clinical Trial", "Research Support, Non-U.S. Gov't"]
    assert [m.name for m in doc.mesh] == ["Adult", "Polymyositis", "Rituximab"]


PUBMED_XML = """<?xml version="1.0"?>
{prolog}<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>90000009</PMID><Article>
<ArticleTitle>{title}</ArticleTitle><Abstract><AbstractText Label="RESULTS">Nine of twelve improved.</AbstractText>
</Abstract></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>
"""


@pytest.mark.parametrize(
    "name,text",
    [
        ("m.nbib", MEDLINE.replace("Ulm B", "Ulm B\ufffd")),
        ("m.ris", RIS_LOOSE.replace("Patel", "PatÃ©l")),
        ("m.xml", PUBMED_XML.format(prolog="", title="Tacrolimus â€“ an open study")),
        ("m.txt", "Tacrolimus in polymyositis: an open study\n\nAbstract\n\nNine patients improved\ufffd.\n"),
    ],
)
def test_mojibake_is_flagged_in_every_format(tmp_path: Path, name: str, text: str) -> None:
    docs, errors = items(write(tmp_path, name, text))
    assert docs and not errors and all(MOJIBAKE_WARNING in d.warnings for d in docs)


@pytest.mark.parametrize(
    "prolog",
    [
        "<!-- <PubmedArticleSet> in a comment -->\n<!DOCTYPE PubmedArticleSet [<!ENTITY t 'x'>]>\n",
        "<!-- " + "padding " * 10000 + "-->\n<!DOCTYPE PubmedArticleSet [<!ENTITY t 'x'>]>\n",
    ],
    ids=["after-a-comment", "after-64-KiB"],
)
def test_entity_declarations_refused_anywhere_in_the_prolog(tmp_path: Path, prolog: str) -> None:
    p = write(tmp_path, "e.xml", PUBMED_XML.format(prolog=prolog, title="A title &t;"))
    with pytest.raises(ReadError, match="entity declarations are refused"):
        list(read_path(p))


def test_a_pipe_is_read_whole(tmp_path: Path) -> None:
    text = (
        "Tacrolimus in polymyositis: an open study\n\nAbstract\n\n" + "Nine patients improved. " * 400 + "\n"
    )
    r, w = os.pipe()

    def feed() -> None:
        with os.fdopen(w, "wb") as fh:
            fh.write(text.encode())

    writer = threading.Thread(target=feed)
    writer.start()
    try:
        [doc] = list(read_path(Path(f"/dev/fd/{r}")))
    finally:
        writer.join()
        os.close(r)
    assert isinstance(doc, Document) and doc.text == text  # nothing of its start eaten by format detection
    assert doc.bib.title == "Tacrolimus in polymyositis: an open study"


def test_a_fifo_without_writer_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    monkeypatch.setattr(detect, "STREAM_IDLE_SECONDS", 0.2)
    with pytest.raises(ReadError, match="no data"):
        list(read_path(fifo))


def test_a_device_is_refused() -> None:
    with pytest.raises(ReadError, match="not a regular file"):
        list(read_path(Path("/dev/zero")))
