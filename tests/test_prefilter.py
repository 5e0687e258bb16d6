"""The literal prefilter in front of slow patterns never changes what a pattern finds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from myokg.extract import cues, verdicts
from myokg.extract.prefilter import Prefiltered, needles, prefiltered

TEXTS = [
    "Rituximab was effective in refractory dermatomyositis.",
    "No patient improved; two died while one survived.",
    "The drug did not meet its primary end point.",
    "Creatine kinase fell by 40% in NINE of twelve adults.",
    "Ten patients were enrolled between 2001 and 2014.",
    "",
    "İmproved and ımproved and ſuccessful: odd case letters.",
    "EFFECTIVE BENEFIT in the K\u212aelvin test",
]


def test_needles_come_from_the_pattern() -> None:
    assert needles(re.compile(r"\b(?:effective|helpful)\b", re.I)) == {"effective", "helpful"}
    assert needles(re.compile(r"\bcase (?:report|series)\b")) == {"report", "series"}
    assert needles(re.compile(r"\b(?:a|an)?\s*\d+")) is None
    # a needle that holds a shorter one is dropped
    assert needles(re.compile(r"only (?:in )?some|only briefly", re.I)) == {"only "}


@pytest.mark.parametrize(
    "rx", [verdicts.BENEFIT, verdicts.HARM, verdicts.UNSETTLED, cues.POSITIVE, cues.PRIOR_BEFORE]
)
def test_same_results_as_the_pattern(rx: object) -> None:
    plain = rx.pattern  # type: ignore[attr-defined]
    for text in TEXTS:
        assert [m.span() for m in rx.finditer(text)] == [m.span() for m in plain.finditer(text)]  # type: ignore[attr-defined]
        assert rx.sub(" ", text) == plain.sub(" ", text)  # type: ignore[attr-defined]
        assert rx.split(text) == plain.split(text)  # type: ignore[attr-defined]


def test_odd_case_letters_still_match() -> None:
    rx = prefiltered(r"\bsuccessful\b", re.I)
    assert rx.search("a ſuccessful trial")  # the long s matches 's' case-insensitively
    assert rx.search("nothing here") is None


def _prefiltered_patterns() -> list[tuple[str, Prefiltered]]:
    import importlib
    import pkgutil

    import myokg.extract

    found = []
    for info in pkgutil.iter_modules(myokg.extract.__path__):
        module = importlib.import_module(f"myokg.extract.{info.name}")
        found += [(f"{info.name}.{k}", v) for k, v in vars(module).items() if isinstance(v, Prefiltered)]
    return found


def test_every_prefiltered_pattern_agrees_on_the_fixtures() -> None:
    """Each prefiltered cue finds what its plain pattern finds, on every line of the project's own fixtures."""
    fixtures = Path(__file__).parent / "fixtures"
    lines = [
        line
        for path in sorted(fixtures.rglob("*"))
        if path.is_file() and path.suffix in (".txt", ".xml", ".ris", ".nbib")
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
    ]
    lines += [line.upper() for line in lines[:200]] + TEXTS
    patterns = _prefiltered_patterns()
    assert len(patterns) > 50
    for name, rx in patterns:
        for line in lines:
            got = [m.span() for m in rx.finditer(line)]
            assert got == [m.span() for m in rx.pattern.finditer(line)], (name, line)


def test_first_test_finds_what_the_pattern_finds() -> None:
    """The lookahead for a match's first character keeps every match, odd case letters included."""
    from myokg.extract.prefilter import with_first_test

    cases = [
        (r"\b(?:effective|[Ss]afe|(?:very )?good|\d+ patients?)\b", re.I),
        (r"(?<!non-)\b(?:randomi[sz]ed|RCT)\b", 0),
        (r"\bk(?:elvin)?\b|\bstrong\b", re.I),
        (r"\b(?:a|an)?\s*\d+", re.I),  # may start with a space or a digit
    ]
    for pattern, flags in cases:
        plain = re.compile(pattern, flags)
        fast = with_first_test(plain)
        assert fast is not plain, pattern
        for text in TEXTS + [
            "A kelvin, a \u212aelvin; ſtrong and STRONG",
            "RCT non-randomised 12 patients",
            " 7",
        ]:
            assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)], (
                pattern,
                text,
            )


def test_first_test_left_out_where_it_cannot_help_or_is_unsure() -> None:
    from myokg.extract.prefilter import with_first_test

    for pattern, flags in [
        (r"placebo|sham", 0),  # `re` tests a literal first character itself
        (r"\b(?:x|)\b", re.I),  # can match the empty string
        (r"\b[^a]bc", re.I),  # a negated class
        (r"(?i)\bcase\b", 0),  # global flags stay first
        (r"^\s*cases?\b", re.I),  # anchored: `re` tries its start only
    ]:
        plain = re.compile(pattern, flags)
        assert with_first_test(plain) is plain, pattern


def test_the_long_cue_lists_search_behind_a_first_test() -> None:
    for rx in (verdicts.BENEFIT, verdicts.HARM, verdicts.UNSETTLED, cues.PRIOR_BEFORE):
        assert rx._fast is not rx.pattern
