"""Inputs cut short or too long for one document, and outputs that cannot be written whole: each is one line
naming the input (or output) and the stage, with the documented exit code; nothing is half-written."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import textwrap

from click.testing import CliRunner

from conftest import OWN_MEDLINE, OWN_XML
from myokg.cli import main
from myokg.read import detect, read_path


def errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("Error: ")]


def test_a_medline_file_cut_inside_its_last_record_names_that_record(tmp_path):
    text = OWN_MEDLINE.read_text()
    cut = tmp_path / "cut.nbib"
    cut.write_text(text[: text.index("PG  - 55-60") + 6])  # the second record stops inside a field
    items = list(read_path(cut))
    assert [type(i).__name__ for i in items] == ["Document", "ReadError"]
    assert "record 2" in str(items[1]) and "the file ends inside this record" in str(items[1])
    r = CliRunner().invoke(main, ["build", str(cut), "-o", str(tmp_path / "out"), "--no-validate"])
    assert r.exit_code == 1 and "documents: 1 built, 1 failed" in r.output
    assert errors(r.output) == [f"Error: read: cut.nbib: {str(items[1]).split(': ', 2)[2]}"]


def test_a_record_without_so_is_cut_when_the_others_have_it(tmp_path):
    record = "PMID- {0}\nTI  - Rituximab in refractory myositis {0}.\nAB  - Four of six improved.\n"
    whole = tmp_path / "whole.nbib"
    whole.write_text(record.format(1) + "SO  - J Myositis. 2020.\n\n" + record.format(2))
    assert [type(i).__name__ for i in read_path(whole)] == ["Document", "ReadError"]


def test_whole_medline_records_are_not_taken_for_cut(tmp_path):
    assert all(type(i).__name__ == "Document" for i in read_path(OWN_MEDLINE))  # no SO, ends with a break
    flat = tmp_path / "flat.nbib"  # one record pasted as one line, without a line break at the end
    flat.write_text("PMID- 7 TI  - Tacrolimus in refractory polymyositis. AB  - Five of eight improved.")
    assert [type(i).__name__ for i in read_path(flat)] == ["Document"]


def test_a_cut_xml_file_gives_its_location_once(tmp_path):
    text = OWN_XML.read_text()
    cut = tmp_path / "cut.xml"
    cut.write_text(text[: text.index("</AbstractText>")])
    r = CliRunner().invoke(main, ["build", str(cut), "-o", str(tmp_path / "out")])
    assert r.exit_code == 1
    first = errors(r.output)[0]
    assert errors(r.output)[1:] == [
        f"Error: build: {tmp_path / 'out'}: no document could be read; nothing written"
    ]
    assert first.startswith(f"Error: read: {cut}: XML error at line ") and first.count("column") == 1
    assert "the file ends inside <AbstractText>" in first and "before the first record" in first


def test_one_document_longer_than_the_limit_is_refused_before_it_is_read(tmp_path):
    page = tmp_path / "long.txt"
    line = "Rituximab improved strength in refractory dermatomyositis. " * (detect.MAX_DOCUMENT_CHARS // 50)
    page.write_text("A one-line page\n\n" + line + "\n")
    other = tmp_path / "short.txt"
    other.write_text(
        "Tacrolimus in refractory polymyositis\n\nFive of eight patients improved on tacrolimus.\n"
    )
    r = CliRunner().invoke(
        main, ["build", str(page), str(other), "-o", str(tmp_path / "out"), "--no-validate"]
    )
    assert r.exit_code == 1 and "documents: 1 built, 1 failed" in r.output
    (error,) = errors(r.output)
    assert error.startswith("Error: read: long.txt: ") and "MAX_DOCUMENT_CHARS" in error


def test_one_long_record_is_refused_and_the_others_are_built(tmp_path, monkeypatch):
    monkeypatch.setattr(detect, "MAX_DOCUMENT_CHARS", 4000)
    abstract = textwrap.wrap("Nine of twelve patients improved on rituximab. " * 120, 70)
    long_record = "PMID- 99300001\nTI  - A long abstract.\nAB  - " + "\n      ".join(abstract) + "\n"
    medline = tmp_path / "records.nbib"
    medline.write_text(OWN_MEDLINE.read_text().rstrip("\n") + "\n\n" + long_record)
    items = list(read_path(medline))
    assert [type(i).__name__ for i in items] == ["Document", "Document", "ReadError"]
    assert str(items[2]).startswith("read: records.nbib#99300001: ") and "MAX_DOCUMENT_CHARS" in str(items[2])


def _small_files() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (16 * 1024, 16 * 1024))  # writes past 16 KiB fail (EFBIG)


def _ontology(output: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "myokg", "ontology", "-o", str(output)],
        capture_output=True,
        text=True,
        preexec_fn=_small_files,
        env=os.environ,
    )


def test_ontology_exports_that_cannot_be_written_leave_no_folder(tmp_path):
    proc = _ontology(tmp_path / "new" / "onto")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith(f"Error: ontology: {tmp_path / 'new' / 'onto'}/myokg.owl: ")
    assert list(tmp_path.iterdir()) == []


def test_ontology_exports_change_as_a_whole_or_not_at_all(tmp_path):
    (tmp_path / "myokg.owl").write_text("old owl\n")
    (tmp_path / "myokg-ontology.ttl").write_text("old ttl\n")
    proc = _ontology(tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["myokg-ontology.ttl", "myokg.owl"]  # no temp file
    assert (tmp_path / "myokg.owl").read_text() == "old owl\n"
    assert (tmp_path / "myokg-ontology.ttl").read_text() == "old ttl\n"
