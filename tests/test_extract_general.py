"""Extraction on short, varied texts written for the project (no seed wording)."""

from __future__ import annotations

import pytest

from myokg import vocab
from myokg.extract import Extractor
from myokg.read.page import read_page

STRUCTURED = """Journal of Imaginary Myology
Abatacept for refractory adult dermatomyositis: a randomized, double-blind, placebo-controlled trial

Abstract

Background: Treatment options for dermatomyositis after methotrexate failure are limited.
Methods: Between 2015 and 2019 we enrolled sixty-two adult patients with dermatomyositis refractory to glucocorticoids and methotrexate in a multicentre, randomized, double-blind, placebo-controlled trial of abatacept.
Results: Of the 62 patients, 40 responded. Creatine kinase fell in most patients. Two patients developed pneumonia under abatacept.
Conclusions: Abatacept was effective in refractory dermatomyositis.

Keywords: abatacept; myositis
"""

REFERENCES = """Review: rituximab and beyond in childhood myositis
Doe J. Rituximab and beyond. Imag J Rheumatol. 2021;3(2):1-10. doi: 10.9999/ijr.2021.001

References

[1] Novak A, Berg B. Rituximab in juvenile dermatomyositis: a series of five cases. Pediatr Rheumatol Imag. 2019;17(1):45-50.
Google Scholar
[2] Kim S, Lee T, et al. Lack of effect of intravenous immune globulin on calcinosis in JDM. J Imag Pediatr. 2018;12:100-4.
PubMed  CrossRef
[3] Ortiz P. Tofacitinib for refractory cutaneous lesions of dermatomyositis: an open-label pilot study in ten adults. Imag Dermatol 2020, 7:33–39.
[4] Weird entry without any recognisable structure at all
"""


def _run(text):
    return Extractor(vocab.default()).extract(read_page("example.txt", text))


def _label(iri):
    return vocab.default().terms[iri].label if iri else None


def test_structured_abstract():
    ex = _run(STRUCTURED)
    own = ex.segments[0]
    assert _label(own.study.design) == "randomized controlled trial"
    assert own.study.n == 62 and own.study.period == (2015, 2019) and own.study.randomized
    roles = {(_label(f.agent), f.role, f.direction) for f in own.findings}
    assert ("abatacept", "studied", "positive") in roles  # studied, and the pneumonia under it is attached
    assert {a.label for f in own.findings if _label(f.agent) == "abatacept" for a in f.adverse_events} == {
        "pneumonia"
    }
    assert ("methotrexate", "priorTherapy", "negative") in roles
    assert all(f.population == "adult" and f.refractory for f in own.findings)
    responders = [o for o in own.study.outcomes if o.measure == "responderCount"]
    assert [(int(o.value), o.denominator) for o in responders] == [(40, 62)]


def test_bracketed_vancouver_references_with_noise():
    ex = _run(REFERENCES)
    refs = ex.document.references
    assert [r.number for r in refs] == [1, 2, 3, 4]
    assert (
        refs[0].bib.journal,
        refs[0].bib.year,
        refs[0].bib.volume,
        refs[0].bib.issue,
        refs[0].bib.pages,
    ) == ("Pediatr Rheumatol Imag", 2019, "17", "1", "45-50")
    assert refs[3].warnings  # kept with its raw text and a warning
    segs = {s.reference.number: s for s in ex.segments if s.reference}
    f1 = segs[1].findings[0]
    assert (_label(f1.agent), _label(f1.condition), f1.population) == (
        "rituximab",
        "juvenile dermatomyositis",
        "juvenile",
    )
    assert segs[1].study.n == 5 and _label(segs[1].study.design) == "case series"
    f2 = segs[2].findings[0]
    assert (_label(f2.agent), f2.direction, [_label(m) for m in f2.manifestations]) == (
        "intravenous immunoglobulin",
        "negative",
        ["calcinosis"],
    )
    s3 = segs[3]
    assert _label(s3.study.design) == "open-label trial" and s3.study.n == 10
    assert _label(s3.findings[0].agent) == "tofacitinib" and s3.findings[0].refractory


@pytest.mark.parametrize(
    "text,label",
    [
        ("ﬂudarabine in myositis", "fludarabine"),
        ("use of.udarabine in myositis", "fludarabine"),
        ("Sandimmun for polymyositis", "ciclosporin"),
        ("cyclosporin A for polymyositis", "ciclosporin"),
        ("IV Ig in dermatomyositis", "intravenous immunoglobulin"),
        ("anti‐TNF‐α therapy in myositis", "TNF inhibitor"),
        ("childhood dermatomyositis", "juvenile dermatomyositis"),
        ("interstitial pneumonitis", "interstitial lung disease"),
    ],
)
def test_variants_ground(text, label):
    found = Extractor(vocab.default()).matcher.find(text)
    assert label in {_label(m.term) for m in found}


def test_hedged_title_is_not_positive():
    ex = _run("Refs\n\nReferences\n\n1. Roe R: Could rituximab help in polymyositis? Imag J 2001, 1:1–2.\n")
    assert ex.segments[-1].findings[0].direction == "unclear"


def test_mojibake_is_flagged():
    doc = read_page(
        "x.txt",
        "A title about polymyositis therapy here\n\nAbstract\n\nGayâ€�Croisier treated polymyositis.\n",
    )
    assert doc.warnings and "mojibake" in doc.warnings[0]


WILEY_STYLE = """Skip to Article Content
Imaginary Journal of Myology
ORIGINAL ARTICLE
Rituximab in refractory juvenile dermatomyositis: a prospective multicentre study
First published: 12 March 2019

Abstract
Objective
To assess rituximab in children with juvenile dermatomyositis who failed methotrexate.
Methods
In this prospective open-label study, 24 children were enrolled between 2012 and 2016.
Results
Of the 24 patients, 17 responded. Three patients developed herpes zoster infection and one child died of sepsis.

Supporting Information
REFERENCES
1 Park J, Lee K, et al. Abatacept in polymyositis: a randomized, placebo-phase trial. Imag Rheum. 2013; 65(2): 314-324.
Wiley Online Library CAS PubMed Web of Science® Google Scholar
2 Kim S. Methotrexate in dermatomyositis. Imag Rheum. 2010; 62(2): 219-225.
"""


def test_heading_lines_unpunctuated_numbers_and_several_adverse_events():
    ex = _run(WILEY_STYLE)
    d = ex.document
    assert d.bib.year == 2019 and [s.label for s in d.sections] == [
        "title",
        "objective",
        "methods",
        "results",
    ]
    assert [r.number for r in d.references] == [1, 2] and d.references[0].bib.pages == "314-324"
    own = ex.segments[0]
    assert _label(own.study.design) == "open-label trial" and own.study.n == 24
    roles = {_label(f.agent): f for f in own.findings}
    assert roles["methotrexate"].role == "priorTherapy" and roles["rituximab"].direction == "positive"
    assert [(a.label, a.fatal) for a in roles["rituximab"].adverse_events] == [
        ("herpes zoster infection", False),
        ("sepsis", True),
    ]
    assert _label(ex.segments[1].study.design) == "randomized controlled trial"


PUBMED_STYLE = """Skip to main page content
Access keys NCBI Homepage MyNCBI Homepage Main Content Main Navigation
Clinical Trial
. 2021 Mar;9(1):10-19.
doi: 10.9999/imag.2021.010.

Abatacept in refractory polymyositis and dermatomyositis: a double-blind randomized trial

Maria T Lopez 1, Kenji Sato 2, Ana Berg
Affiliations
PMID: 99000777 DOI: 10.9999/imag.2021.010

Abstract

Methods: Adults with refractory polymyositis and dermatomyositis were enrolled. Glucocorticoids were allowed.

Results: Among 120 randomized patients, 70 (58%) of the randomized patients met the definition of improvement, with no significant difference between the two arms.

Similar articles

Methotrexate for juvenile dermatomyositis.
Doe J, et al. Some Journal. 2010.
"""


def test_pubmed_page_authors_null_comparison_and_background_agents():
    ex = _run(PUBMED_STYLE)
    b = ex.document.bib
    assert b.authors == ["Lopez MT", "Sato K", "Berg A"] and (b.year, b.pmid, b.doi) == (
        2021,
        "99000777",
        "10.9999/imag.2021.010",
    )
    own = ex.segments[0]
    assert own.study.n == 120 and _label(own.study.design) == "randomized controlled trial"
    by_agent = {_label(f.agent): (f.role, f.direction) for f in own.findings}
    # patients improved, but no more than on the comparator: negative for efficacy
    assert by_agent == {"abatacept": ("studied", "negative"), "glucocorticoid": ("concomitant", "unclear")}
    assert "methotrexate" not in by_agent  # a similar article is not this article


CASE_REPORT = """Tofacitinib for anti-MDA5 dermatomyositis with rapidly progressive interstitial lung disease: a case report

Abstract

We report a 45-year-old woman with anti-MDA5 dermatomyositis and rapidly progressive interstitial lung disease refractory to high-dose glucocorticoids, tacrolimus and intravenous cyclophosphamide. She was successfully treated with tofacitinib, with improvement of lung function and skin rash. Three months later she developed cytomegalovirus infection, which resolved with ganciclovir.
"""

SYSTEMATIC_REVIEW = """Immunosuppressive and immunomodulatory therapies for dermatomyositis and polymyositis: a systematic review and meta-analysis

Abstract

Background: Treatment of idiopathic inflammatory myopathies is largely empirical.
Methods: We searched MEDLINE and EMBASE for randomised controlled trials of drug therapy in adults or children with dermatomyositis or polymyositis.
Results: We included 12 trials with 398 participants. Intravenous immunoglobulin improved muscle strength compared with placebo. Etanercept did not show a benefit over placebo. Evidence for methotrexate, azathioprine and ciclosporin was of low quality.
Conclusions: Intravenous immunoglobulin is effective in refractory dermatomyositis; evidence for other agents is insufficient.
"""

LETTER = """Rituximab in refractory juvenile dermatomyositis

Sir, We describe two children with juvenile dermatomyositis refractory to methotrexate, cyclosporin A and intravenous immunoglobulin who responded to rituximab. Both achieved complete remission of muscle disease within six months, while calcinosis persisted.
"""


def _rows(text):
    return {(_label(f.agent), _label(f.condition)): f for f in _run(text).segments[0].findings}


def test_case_report_age_and_unnamed_adverse_event():
    ex = _run(CASE_REPORT)
    own = ex.segments[0]
    assert (_label(own.study.design), own.study.n) == ("case report", 1)
    rows = _rows(CASE_REPORT)
    tofa = rows[("tofacitinib", "dermatomyositis")]
    assert (tofa.role, tofa.direction, tofa.population) == ("studied", "positive", "adult")
    assert [a.label for a in tofa.adverse_events] == [
        "cytomegalovirus infection"
    ]  # reported without an agent (ganciclovir treated it): the studied one's
    assert {k[0] for k, f in rows.items() if f.role == "priorTherapy"} == {
        "glucocorticoid",
        "tacrolimus",
        "cyclophosphamide",
    }


def test_systematic_review_umbrella_disease_and_directions():
    ex = _run(SYSTEMATIC_REVIEW)
    assert (_label(ex.segments[0].study.design), ex.segments[0].study.n) == ("meta-analysis", 398)
    rows = _rows(SYSTEMATIC_REVIEW)
    assert {c for _, c in rows} == {
        "dermatomyositis",
        "polymyositis",
    }  # the grouping named beside both is dropped
    assert rows[("intravenous immunoglobulin", "dermatomyositis")].direction == "positive"
    assert rows[("etanercept", "dermatomyositis")].direction == "negative"
    assert rows[("methotrexate", "polymyositis")].direction == "unclear"


def test_letter_without_abstract_heading():
    rows = _rows(LETTER)
    ritux = rows[("rituximab", "juvenile dermatomyositis")]
    # response and complete remission outweigh one persisting manifestation
    assert (ritux.role, ritux.direction, ritux.population) == ("studied", "positive", "juvenile")
    assert rows[("methotrexate", "juvenile dermatomyositis")].role == "priorTherapy"


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("Rituximab appears effective in dermatomyositis.", "unclear"),
        ("Our results suggest that rituximab is useful in dermatomyositis.", "unclear"),
        ("Is rituximab effective in dermatomyositis?", "unclear"),
        ("Rituximab was not effective in dermatomyositis.", "negative"),
        ("Rituximab showed no benefit in dermatomyositis.", "negative"),
        ("Rituximab was effective in dermatomyositis.", "positive"),
    ],
)
def test_hedges_and_negations(sentence, expected):
    ex = _run(f"Rituximab in dermatomyositis: a study of its effect\n\nAbstract\n\n{sentence}\n")
    assert {f.direction for f in ex.segments[0].findings} == {expected}


def test_benefit_with_an_exception_is_mixed_for_the_excepted_condition():
    ex = _run(
        "Tacrolimus after first-line failure\n\nAbstract\n\nTacrolimus was effective in polymyositis, "
        "except in patients with dermatomyositis.\n"
    )
    d = {_label(f.condition): f.direction for f in ex.segments[0].findings}
    assert d == {"polymyositis": "positive", "dermatomyositis": "mixed"}


def test_agents_named_only_in_the_background_are_not_findings():
    ex = _run(
        "Abatacept in dermatomyositis\n\nAbstract\n\nBackground: Methotrexate and azathioprine are standard "
        "treatments for dermatomyositis.\nMethods: Twenty adults with dermatomyositis received abatacept.\n"
        "Results: Abatacept was effective.\n"
    )
    assert {_label(f.agent) for f in ex.segments[0].findings} == {"abatacept"}
