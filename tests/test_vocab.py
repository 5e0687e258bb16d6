"""The vocabulary in the ontology: curation checks and cross-references equal to ../shared/vocab."""
from __future__ import annotations

import csv

from conftest import SHARED
from myokg import paths, vocab
from myokg.namespaces import TERM


def test_no_curation_problems():
    assert vocab.problems(vocab.load(paths.ONTOLOGY)) == []


def _rows(name):
    with open(SHARED / "vocab" / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def test_every_shared_term_is_present_with_its_identifiers():
    v = vocab.default()
    checked = 0
    for name, cols in (("drugs.tsv", {"mesh_id": "MESH", "chebi_id": None, "drugbank_id": "DRUGBANK"}),
                       ("diseases.tsv", {"mondo_id": None, "doid_id": None}),
                       ("study_designs.tsv", {"obi_id": None})):
        for row in _rows(name):
            term = v.terms[str(TERM[row["key"]])]
            for col, prefix in cols.items():
                if row[col]:
                    curie = f"{prefix}:{row[col]}" if prefix else row[col]
                    assert curie in term.curies, (row["key"], curie)
                    checked += 1
    assert checked > 100


def test_hierarchy():
    v = vocab.default()
    assert v.is_a(str(TERM.jdm), str(TERM.iim))
    assert v.is_a(str(TERM.etanercept), str(TERM.biologic))
