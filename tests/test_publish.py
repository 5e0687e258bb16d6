"""Close before publish: the staging store is flushed and closed, by the build itself and not by a garbage
collection, before its folder is synced and swapped in; a build that fails closes it before removing it."""

from __future__ import annotations

import gc
from pathlib import Path

import pyoxigraph as ox
import pytest

import synthetic
from myokg import build as buildmod
from myokg import builddir, paths, store, validate
from myokg.build import build


def test_is_open_sees_a_handle_this_process_forgot(tmp_path):
    location = tmp_path / "store"
    st = ox.Store(str(location))
    st.add(ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.NamedNode("urn:x:o")))
    quads = iter(st)  # an iterator keeps the database open after the store object is gone
    del st
    assert store.is_open(location)
    del quads
    assert not store.is_open(location)


def test_a_fill_that_fails_leaves_its_store_closed(tmp_path):
    location = tmp_path / "store"

    def fill(st: ox.Store) -> None:
        held = iter(st)  # noqa: F841 - a handle in the frame the exception passes through
        raise ValueError("disk trouble")

    with pytest.raises(ValueError):
        store.written(location, fill)
    assert not store.is_open(location)


@pytest.fixture
def no_collection(monkeypatch):
    """Garbage collection off, and a failure if anything asks for one: what closes the store is the build."""

    def refuse(*_: object) -> int:
        raise AssertionError("the build needed a garbage collection to close its store")

    monkeypatch.setattr(gc, "collect", refuse)
    gc.disable()
    yield
    gc.enable()


def test_the_store_is_closed_before_the_swap_without_a_collection(tmp_path, monkeypatch, no_collection):
    """With validation (rdflib's parser leaves reference cycles) and with --update (a backup of the old store)."""
    seen: list[bool] = []
    publish = builddir.publish

    def checked(stage: Path, out: Path) -> None:
        seen.append(store.is_open(stage / paths.STORE_NAME))
        publish(stage, out)

    monkeypatch.setattr(buildmod.builddir, "publish", checked)
    validate._compile.cache_clear()  # the shapes compiled afresh: rdflib's parser runs in this build
    (tmp_path / "in").mkdir()
    xml = synthetic.write(tmp_path / "in" / "records.xml", 20)
    page = tmp_path / "in" / "page.txt"
    page.write_text("Rituximab in refractory dermatomyositis: a case series\n\nFour patients improved.\n")
    out = tmp_path / "out"
    build([xml], out, validate=True, jobs=1)
    build([page], out, validate=True, jobs=1, update=True)
    assert seen == [False, False]
    assert len(ox.Store.read_only(str(out / paths.STORE_NAME))) > 0
