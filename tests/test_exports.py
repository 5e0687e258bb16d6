"""Exchange formats: KGX checked by the kgx validator (offline), SSSOM metadata, JSON-LD @context, VoID."""

from __future__ import annotations

import csv
import json
import stat

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from myokg import exports, kgx, store, vocab
from myokg.cli import main

pytestmark = pytest.mark.shared  # the seed build


def _offline_kgx_validator():
    """kgx's Validator with the Biolink model packaged by biolink-model, never the network.

    bmt's Toolkit defaults to the model YAML on GitHub and kgx reads JSON-LD contexts from GitHub at
    import time; both are pointed at the files the biolink-model wheel ships.
    """
    pytest.importorskip("kgx")
    import biolink_model
    from bmt import toolkit

    root = next(iter(biolink_model.__path__))
    schema = f"{root}/schema/biolink_model.yaml"
    toolkit.Toolkit.__init__.__defaults__ = (schema, {"predicate mappings": []})
    from kgx import config

    with open(f"{root}/prefixmaps/biolink_model_prefix_map.json", encoding="utf-8") as fh:
        context = json.load(fh) | kgx.PREFIX_MAP  # the export's own prefixes, as KGX allows
    for name in ("biolink", "monarch_context", "obo_context"):
        config.jsonld_context_map[name] = context
    from kgx.transformer import Transformer
    from kgx.validator import Validator

    return Validator, Transformer


@pytest.fixture(scope="module")
def kgx_files(tmp_path_factory, seed_quads):
    out = tmp_path_factory.mktemp("kgx")
    return kgx.write(seed_quads, vocab.default(), out)


def test_kgx_tables_use_biolink_terms(kgx_files):
    nodes_file, edges_file = kgx_files
    nodes = list(csv.DictReader(nodes_file.open(encoding="utf-8"), delimiter="\t"))
    edges = list(csv.DictReader(edges_file.open(encoding="utf-8"), delimiter="\t"))
    categories = {n["category"] for n in nodes}
    assert {"biolink:Drug", "biolink:Disease", "biolink:Publication", "biolink:Study"} <= categories
    predicates = {e["predicate"] for e in edges}
    assert predicates == {"biolink:treats_or_applied_or_studied_to_treat", "biolink:has_adverse_event"}
    assert all(e["agent_type"] == "text_mining_agent" and e["knowledge_level"] for e in edges)
    assert all(e["publications"] and e["supporting_text"] for e in edges)
    ids = {n["id"] for n in nodes}
    assert all(e["subject"] in ids and e["object"] in ids for e in edges)
    assert stat.S_IMODE(nodes_file.stat().st_mode) == 0o644


def test_kgx_validator_finds_no_error(kgx_files):
    Validator, Transformer = _offline_kgx_validator()
    validator = Validator()
    Transformer(stream=True).transform(
        input_args={"filename": [str(f) for f in kgx_files], "format": "tsv"},
        output_args={"format": "null"},
        inspector=validator,
    )
    errors = validator.get_errors()
    assert "ERROR" not in errors, json.dumps(errors, indent=1)[:3000]


def test_sssom_carries_object_labels_date_creator_and_version():
    r = CliRunner().invoke(main, ["vocab", "--format", "sssom"])
    meta = [line for line in r.output.splitlines() if line.startswith("#")]
    assert any(line.startswith("# mapping_set_version: ") for line in meta)
    assert any(line.startswith("# mapping_date: ") for line in meta)
    assert "# creator_id:" in meta
    rows = list(
        csv.DictReader([ln for ln in r.output.splitlines() if not ln.startswith("#")], delimiter="\t")
    )
    labelled = [row for row in rows if row["object_label"]]
    assert len(labelled) > len(rows) / 2


def test_jsonld_has_a_context_and_the_same_graph(seed_quads):
    data = exports.jsonld(seed_quads)
    doc = json.loads(data)
    assert doc["@context"]["myo"] == "https://w3id.org/myokg/ontology#"
    assert store.sorted_lines(ox.parse(data, format=ox.RdfFormat.JSON_LD)) == store.sorted_lines(seed_quads)


def test_void_description(seed_quads):
    st = ox.Store()
    st.extend(seed_quads)
    triples = exports.void_description(st, "2026-01-31")
    by_predicate = {
        t.predicate.value.replace("#", "/").rsplit("/", 1)[-1]: t.object
        for t in triples
        if t.subject.value == exports.DATASET
    }
    assert by_predicate["triples"].value == str(len(seed_quads))
    assert by_predicate["documents"].value == "2"
    assert int(by_predicate["classes"].value) >= 8
    assert by_predicate["created"].value == "2026-01-31"
