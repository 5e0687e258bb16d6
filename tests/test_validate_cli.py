"""`myokg validate` as a user runs it: one line per problem, errors named by the validate stage."""

from __future__ import annotations

from click.testing import CliRunner

from myokg.cli import main

# our own study whose size is not a number: sh:datatype and sh:minExclusive both report it
ILL_TYPED = """@prefix myo: <https://w3id.org/myokg/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/myokg/data/study/t1> a myo:Study ;
    myo:reportedIn <https://w3id.org/myokg/data/pub/t1> ; myo:enrolled "twelve"^^xsd:integer .
<https://w3id.org/myokg/data/pub/t1> a myo:Publication ; myo:title "A made-up trial" .
"""


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_an_ill_typed_literal_is_printed_once(tmp_path):
    data = tmp_path / "data.ttl"
    data.write_text(ILL_TYPED)
    r = run("validate", data)
    assert r.exit_code == 1, r.output
    lines = [line for line in r.output.splitlines() if "study/t1" in line]
    assert len(lines) == 1, r.output
    assert "sh:datatype" in lines[0] and "sh:minExclusive" in lines[0]
    assert r.output.startswith("1 violation(s), 0 warning(s)")


def test_a_missing_graph_names_the_validate_stage(tmp_path):
    r = run("validate", tmp_path / "nosuch")
    assert r.exit_code == 2
    assert r.output.strip().splitlines() == [f"Error: validate: {tmp_path / 'nosuch'}: no such graph"]
