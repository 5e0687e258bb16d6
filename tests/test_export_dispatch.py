"""One library function writes every export format: `myokg export` and the notebook API both go through
``myokg.exports.write``, and what it writes is byte for byte what each format's own writer writes."""

from __future__ import annotations

import gzip

import pytest
from click.testing import CliRunner

import myokg
from conftest import OWN_DOCUMENTS
from myokg import exports, kgx, store, vocab
from myokg.cli import main
from myokg.errors import MyokgError
from myokg.vocab_export import sssom


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory):
    from myokg.build import build

    out = tmp_path_factory.mktemp("build") / "out"
    build(OWN_DOCUMENTS, out, validate=False, exports=["nq"])
    return out


def _direct(build_dir, fmt, target):
    """The bytes each format's own writer gives (what `myokg export` wrote before the dispatcher)."""
    graph = store.open_graph(build_dir)
    if fmt == "kgx":
        return [p.read_bytes() for p in kgx.write(graph.quads(), vocab.default(), target)]
    if fmt == "sssom":
        return [sssom(vocab.default()).encode()]
    store.export(graph, fmt, target, build_dir)
    return [target.read_bytes()]


@pytest.mark.parametrize("fmt", exports.FORMATS)
def test_each_format_goes_through_the_dispatcher(build_dir, tmp_path, monkeypatch, fmt):
    calls = []
    real = exports.write

    def spy(*args, **kwargs):
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(exports, "write", spy)
    target = tmp_path / "cli" / ("kgx" if fmt == "kgx" else f"x.{fmt}")
    target.parent.mkdir()
    r = CliRunner().invoke(main, ["export", "--format", fmt, "--graph", str(build_dir), "-o", str(target)])
    assert r.exit_code == 0, r.output
    cli_files = exports.targets(fmt, target)
    assert r.output == "wrote " + " and ".join(map(str, cli_files)) + "\n"

    api_target = tmp_path / "api" / ("kgx" if fmt == "kgx" else f"x.{fmt}")
    api_target.parent.mkdir()
    api_files = myokg.open(build_dir).export(fmt, api_target)
    assert calls == [fmt, fmt]  # the command and the notebook API, both through one function

    direct_target = tmp_path / "direct" / ("kgx" if fmt == "kgx" else f"x.{fmt}")
    direct_target.parent.mkdir()
    plain = fmt.removesuffix(".gz")
    expected = _direct(build_dir, plain, direct_target)
    written = [p.read_bytes() for p in cli_files]
    assert [p.read_bytes() for p in api_files] == written
    if plain != fmt:  # gzipped: the plain format's bytes, compressed without a time stamp or a file name
        assert [data[:10] for data in written] == [b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"]
        written = [gzip.decompress(data) for data in written]
    assert written == expected


def test_the_command_offers_every_format_of_the_library():
    from myokg import cli, exportstream

    assert cli.EXPORT_FORMATS == exports.FORMATS  # kept in the command so that --help loads no RDF engine
    assert cli.BUILD_EXPORTS == exportstream.FORMATS


def test_standard_output_and_refusals(build_dir, tmp_path):
    r = CliRunner().invoke(main, ["export", "--format", "sssom"])
    assert r.exit_code == 0 and r.output == sssom(vocab.default())
    r = CliRunner().invoke(main, ["export", "--format", "nq", "--graph", str(build_dir)])
    assert r.exit_code == 0  # the store's order, the streamed export's quads
    assert sorted(r.output.encode().splitlines()) == sorted(
        (build_dir / "myokg.nq").read_bytes().splitlines()
    )
    r = CliRunner().invoke(main, ["export", "--format", "kgx", "--graph", str(build_dir)])
    assert r.exit_code == 2 and "give -o DIR or -o PREFIX" in r.output
    with pytest.raises(MyokgError, match="would overwrite the graph it reads"):
        myokg.open(build_dir).export("ttl", build_dir / "x.ttl")
    with pytest.raises(MyokgError, match="unknown format"):
        myokg.open(build_dir).export("csv", tmp_path / "x.csv")
