"""Print how page reading scales with line length: a 1 MB one-line page, and a 64 KB line against a 16 KB one.

    python benchmarks/reading.py

Goals (issue #9): the 1 MB line reads in under 2 s; the 64 KB line takes at most 5x the 16 KB line.
"""

from __future__ import annotations

import time

from myokg.read.page import read_page

SENTENCES = (
    "BACKGROUND: Refractory dermatomyositis often needs a second drug. ",
    "Twelve of twenty patients improved after rituximab (p = 0.03, 95% CI 1.2-3.4). ",
    "Creatine kinase fell from 1200 to 300 U/L in most of them; two had infusion reactions. ",
    "RESULTS: Strength scores rose by 8.5 points at week 24. ",
    "Conclusions. Rituximab may help some of these patients. ",
)


def page(size: int) -> str:
    """A title line and one line of abstract-like prose of ``size`` characters."""
    unit = "".join(SENTENCES)
    line = (unit * (size // len(unit) + 1))[:size]
    return "Rituximab in refractory dermatomyositis: a test page\n" + line + "\n"


def seconds(text: str, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        read_page("bench.txt", text)
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    one_mb = seconds(page(1 << 20), repeat=1)
    small, large = seconds(page(16 << 10), repeat=15), seconds(page(64 << 10), repeat=15)
    print(f"1 MB one-line page: {one_mb:.2f} s (goal < 2 s)")
    print(
        f"16 KB line: {small * 1000:.1f} ms; 64 KB line: {large * 1000:.1f} ms; ratio {large / small:.1f}x (goal <= 5x)"
    )


if __name__ == "__main__":
    main()
