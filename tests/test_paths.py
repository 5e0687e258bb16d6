"""Every named path exists, and the package data that a wheel ships is declared."""

from __future__ import annotations

import tomllib

from myokg import paths


def test_named_paths_exist():
    for p in (paths.ONTOLOGY, paths.SHAPES_DIR, paths.QUERIES_DIR, paths.CHECKS_DIR, paths.CORPUS_DIR):
        assert p.exists(), p


def test_wheel_ships_the_curated_folders():
    project = paths.ONTOLOGY.parents[1] / "pyproject.toml"
    config = tomllib.loads(project.read_text())["tool"]["setuptools"]
    mapped = config["package-dir"]
    assert mapped == {
        "": "pipeline",
        "myokg.ontology": "ontology",
        "myokg.shapes": "shapes",
        "myokg.queries": "queries",
        "myokg.corpus": "corpus",
    }
    data = config["package-data"]
    assert {"*.ttl"} <= set(data["myokg.ontology"]) and "*.rq" in data["myokg.queries.checks"]
