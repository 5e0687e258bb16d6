"""Benchmark extraction alone (not a test): `python benchmarks/extraction.py`.

Prints the median time to read and extract one abstract page (goal: <= 3 ms), the time to extract 16 KB and
64 KB of running text (goal: 64 KB within 5x of 16 KB, i.e. linear), and a pathological run of digits.
Times are CPU time of this process (time.process_time), so a busy shared machine disturbs them less.
The texts are written here; with --devset, the median over the dev-set pages in ../shared is printed too.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import time
from pathlib import Path

from myokg import vocab
from myokg.errors import MyokgError
from myokg.extract import Extractor
from myokg.read.page import read_page

ABSTRACT = """Journal of Imaginary Myology. 2024;12(3):100-110.

Rituximab for refractory dermatomyositis: a randomised, double-blind, placebo-controlled trial

Abstract

Background: Patients with dermatomyositis who fail glucocorticoids and methotrexate have few options.
Objective: To assess whether rituximab improves muscle strength in refractory dermatomyositis.
Methods: Between 2016 and 2020 we enrolled forty-two adults with dermatomyositis refractory to methotrexate in a
multicentre, randomised, double-blind, placebo-controlled trial. Stable doses of prednisone were allowed.
Results: Of the 42 patients, 21 received rituximab and 21 placebo. Twelve of 21 patients on rituximab improved,
compared with 5 of 21 on placebo. Creatine kinase fell by 35% (SD 10) in the rituximab group. Two patients
developed herpes zoster and one had an infusion reaction.
Conclusions: Rituximab was effective and well tolerated in refractory dermatomyositis.
"""

_SENTENCES = [
    "Twelve adults with polymyositis received tacrolimus for a median of 14 months.",
    "Creatine kinase fell by 40% (SD 12) and muscle strength improved in nine patients.",
    "Two children with juvenile dermatomyositis were refractory to methotrexate and intravenous immunoglobulin.",
    "Cyclophosphamide was added in three patients with interstitial lung disease, and two regained strength.",
    "No serious adverse events were observed; one patient developed pneumonia.",
    "Rituximab did not meet the primary end point in the randomised comparison with placebo.",
]


def running_text(size: int) -> str:
    """A page of the given size in characters: a title, then an unlabelled body of varied sentences."""
    body, k = [], 0
    while sum(len(s) + 1 for s in body) < size:
        body.append(_SENTENCES[k % len(_SENTENCES)].replace("Twelve", f"Group {k} of twelve"))
        k += 1
    return "Treatment of refractory myositis: a case series\n\nAbstract\n\n" + " ".join(body) + "\n"


def _time(extractor: Extractor, text: str, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.process_time()
        extractor.extract(read_page("bench.txt", text))
        out.append(time.process_time() - t)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=200)
    ap.add_argument(
        "--devset", type=Path, nargs="?", const=Path(__file__).parents[1] / "../shared/devset/texts"
    )
    a = ap.parse_args()
    extractor = Extractor(vocab.default())
    _time(extractor, ABSTRACT, 5)  # warm caches
    times = _time(extractor, ABSTRACT, a.repeat)
    # the minimum shows the cost on a quiet machine; the median also shows the load of a shared one
    print(
        f"read + extract one abstract page: median {statistics.median(times) * 1000:.2f} ms, "
        f"min {min(times) * 1000:.2f} ms (goal <= 3 ms)"
    )
    small = min(_time(extractor, running_text(16_000), 10))
    large = min(_time(extractor, running_text(64_000), 5))
    print(
        f"extract 16 KB: {small * 1000:.0f} ms; 64 KB: {large * 1000:.0f} ms; ratio {large / small:.1f} (goal <= 5)"
    )
    digits = ABSTRACT.replace("Twelve of 21", "1" * 20_000 + " of 21")
    print(f"abstract with a run of 20,000 digits: {min(_time(extractor, digits, 3)) * 1000:.0f} ms")
    if a.devset and a.devset.is_dir():
        pages = [p.read_text(encoding="utf-8") for p in sorted(a.devset.glob("*.txt"))]
        times = []
        for text in pages:
            with contextlib.suppress(MyokgError):  # a page the reader cannot read
                times.append(min(_time(extractor, text, 3)))
        print(f"dev-set pages ({len(times)} read): median {statistics.median(times) * 1000:.2f} ms")


if __name__ == "__main__":
    main()
