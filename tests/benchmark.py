"""Benchmark: print extraction, graph, query and validation figures (not a test; run `python tests/benchmark.py`)."""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from myokg import graph, paths, queries, report, store, validate, vocab
from myokg.extract import Extractor
from myokg.read import read_path
from myokg.read.page import read_page


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument(
        "--copies", type=int, default=200, help="how many renamed copies of each input document to process"
    )
    ap.add_argument("inputs", nargs="*", type=Path, default=sorted(paths.CORPUS_DIR.glob("*.txt")))
    args = ap.parse_args()
    extractor = Extractor(vocab.default())
    docs = [d for p in args.inputs for d in read_path(p)]
    texts = [(d.source, d.text) for d in docs]

    t = time.perf_counter()
    extractions = []
    for k in range(args.copies):
        for name, text in texts:
            # vary the text so every copy is a distinct document with its own graph
            extractions.append(extractor.extract(read_page(f"{k}-{name}", f"{text}\nCopy {k}.\n")))
    t_extract = time.perf_counter() - t
    chars = sum(len(t) for _, t in texts) * args.copies

    matcher = extractor.matcher
    sample = docs[0].text[:1500]
    t = time.perf_counter()
    for _ in range(1000):
        matcher.find(sample)
    t_match = (time.perf_counter() - t) / 1000

    own = docs[0].sections
    abstract_page = (
        "A title for a benchmark abstract page\n\nAbstract\n\n"
        + docs[0].text[own[0].start : own[-1].end][:1500]
        + "\n"
    )
    t = time.perf_counter()
    for _ in range(500):
        extractor.extract(read_page("abstract.txt", abstract_page))
    t_abstract = (time.perf_counter() - t) / 500

    t = time.perf_counter()
    quads = graph.build(extractions)
    t_graph = time.perf_counter() - t
    st = store.new_store(quads)
    q = queries.stored()["agents-with-evidence"]
    b = queries.bind(q, {"disease": "dermatomyositis"}, vocab.default())
    t = time.perf_counter()
    store.query(st, q.text, b)
    t_query = time.perf_counter() - t
    t = time.perf_counter()
    page = report.render(st)
    t_report = time.perf_counter() - t
    small = graph.build(extractions[: len(texts)])
    t = time.perf_counter()
    validate.validate(small)
    t_validate = time.perf_counter() - t

    print(f"documents            {len(extractions)}  ({chars / 1e6:.1f} M characters)")
    print(
        f"read+extract         {t_extract:.2f} s  = {len(extractions) / t_extract:.0f} documents/s, {chars / t_extract / 1e6:.2f} M chars/s"
    )
    print(f"matching, 1500 chars {t_match * 1000:.3f} ms")
    print(f"read+extract, 1 abstract page {t_abstract * 1000:.3f} ms")
    print(f"graph                {len(quads)} quads in {t_graph:.2f} s = {len(quads) / t_graph:.0f} quads/s")
    print(
        f"query                agents-with-evidence (dermatomyositis) {t_query * 1000:.1f} ms over {len(st)} quads"
    )
    print(f"report               {len(page) / 1024:.0f} KiB of HTML in {t_report:.2f} s over {len(st)} quads")
    print(
        f"validate             {len(small)} quads in {t_validate:.2f} s = {len(small) / t_validate:.0f} quads/s (pyshacl, one copy of each input)"
    )
    print(f"peak RSS             {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
