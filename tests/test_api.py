"""The notebook API: myokg.open() on a build directory, an on-disk store or an RDF file; typed rows; pandas."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pyoxigraph as ox
import pytest

import myokg
from conftest import SEEDS
from myokg.api import IRI, to_python
from myokg.errors import MyokgError, QueryError

pytestmark = pytest.mark.shared  # the seed build

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory):
    from myokg.build import build

    out = tmp_path_factory.mktemp("build") / "out"
    build(SEEDS, out, validate=False, exports=["nq"])  # the export is opened in memory beside the store
    return out


def test_open_build_directory_gives_typed_rows(build_dir):
    kg = myokg.open(build_dir)
    assert "agents-with-evidence" in kg.queries()
    rows = kg.query("agents-with-evidence", disease="dermatomyositis")
    assert rows.columns[:3] == ["disease", "agent_label", "studies"]
    first = rows[0]
    assert isinstance(first["studies"], int) and first["studies"] >= 1
    assert first["disease"] == IRI("https://w3id.org/myokg/term/dermatomyositis")
    outcome = kg.query("outcomes")[0]
    assert isinstance(outcome["value"], Decimal)


def test_on_disk_store_and_its_export_answer_the_same(build_dir):
    on_disk = myokg.open(build_dir).query("cited-by-several")
    in_memory = myokg.open(build_dir / "myokg.nq").query("cited-by-several")
    assert sorted(map(str, on_disk)) == sorted(map(str, in_memory)) and len(on_disk) > 0


def test_to_pandas(build_dir):
    pd = pytest.importorskip("pandas")
    frame = myokg.open(build_dir).query("evidence-matrix").to_pandas()
    assert isinstance(frame, pd.DataFrame) and str(frame["studies"].dtype) == "int64"


def test_ad_hoc_select_is_linted(build_dir):
    kg = myokg.open(build_dir)
    assert len(kg.query("SELECT ?s WHERE { ?s a <https://w3id.org/myokg/ontology#Document> }")) == 2
    with pytest.raises(QueryError, match="SERVICE"):
        kg.query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")


def test_missing_graph_is_one_clear_error(tmp_path):
    with pytest.raises(MyokgError, match="no such graph|no built graph"):
        myokg.open(tmp_path / "nowhere")


@pytest.mark.parametrize(
    "literal,expected",
    [
        (ox.Literal("42", datatype=ox.NamedNode(XSD + "integer")), 42),
        (ox.Literal("2.50", datatype=ox.NamedNode(XSD + "decimal")), Decimal("2.50")),
        (ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")), True),
        (ox.Literal("2006-02-01", datatype=ox.NamedNode(XSD + "date")), datetime.date(2006, 2, 1)),
        (ox.Literal("abc", datatype=ox.NamedNode(XSD + "integer")), "abc"),  # ill-typed: kept as text
        (ox.Literal("x", language="en"), "x"),
    ],
)
def test_to_python(literal, expected):
    assert to_python(literal) == expected


def test_a_page_of_rows(build_dir):
    kg = myokg.open(build_dir)
    whole = kg.query("negative-evidence")
    page = kg.query("negative-evidence", limit=5, offset=10)
    assert len(whole) > 15 and list(page) == list(whole)[10:15]
