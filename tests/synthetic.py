"""A generator of realistic PubMed XML for benchmarks and scale tests: N records of treatment reports in
refractory myositis, structured and unstructured abstracts, naming agents, conditions, designs, sizes,
outcomes, adverse events and negations. Every sentence is written here; the output depends only on the seed.

    python tests/synthetic.py 1000 -o corpus.xml
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

AGENTS = [
    "rituximab",
    "intravenous immunoglobulin",
    "methotrexate",
    "azathioprine",
    "mycophenolate mofetil",
    "tacrolimus",
    "cyclophosphamide",
    "ciclosporin",
    "tofacitinib",
    "abatacept",
    "etanercept",
    "infliximab",
    "hydroxychloroquine",
    "methylprednisolone",
    "baricitinib",
    "plasma exchange",
    "tocilizumab",
    "anakinra",
]
CONDITIONS = [
    "dermatomyositis",
    "polymyositis",
    "juvenile dermatomyositis",
    "inclusion body myositis",
    "immune-mediated necrotizing myopathy",
    "antisynthetase syndrome",
    "idiopathic inflammatory myopathy",
]
DESIGNS = [
    ("a randomized, double-blind, placebo-controlled trial", 20, 200),
    ("a retrospective cohort study", 15, 300),
    ("a prospective open-label study", 8, 60),
    ("a case series", 3, 15),
    ("a multicentre observational study", 30, 400),
    ("a single-centre retrospective review", 10, 80),
]
EVENTS = ["infusion reactions", "herpes zoster", "pneumonia", "neutropenia", "hepatotoxicity", "headache"]
REFRACTORY = ["refractory", "treatment-resistant", "recalcitrant", "steroid-resistant"]
JOURNALS = ["J Myositis Res", "Clin Rheumatol Rep", "Muscle Immunol", "Rheumatol Ther Lett"]
SURNAMES = ["Okafor", "Lindqvist", "Moreau", "Tanaka", "Haddad", "Kowalski", "Ferreira", "Novak", "Brennan"]


def _sentences(rng: random.Random, pmid: int) -> tuple[str, list[tuple[str, str]]]:
    agent, other = rng.sample(AGENTS, 2)
    condition = rng.choice(CONDITIONS)
    design, low, high = rng.choice(DESIGNS)
    n = rng.randint(low, high)
    responders = rng.randint(0, n)
    refractory = rng.choice(REFRACTORY)
    ck_before, ck_after = rng.randint(800, 9000), rng.randint(80, 700)
    months = rng.randint(3, 36)
    title = rng.choice(
        [
            f"{agent.capitalize()} in {refractory} {condition}: {design.split(' ', 1)[1]}",
            f"Outcomes of {agent} for {condition} not responding to glucocorticoids",
            f"Efficacy and safety of {agent} in adults with {refractory} {condition}",
        ]
    )
    background = rng.choice(
        [
            f"Patients with {condition} who do not respond to glucocorticoids need other options.",
            f"Treatment of {refractory} {condition} remains difficult and evidence is scarce.",
        ]
    )
    methods = (
        f"We conducted {design} of {n} patients with {refractory} {condition} treated with {agent} "
        f"between {rng.randint(2001, 2012)} and {rng.randint(2013, 2023)}."
    )
    outcome = rng.choice(
        [
            f"{responders} of {n} patients ({100 * responders // max(n, 1)}%) improved on {agent}.",
            f"Creatine kinase fell from a median of {ck_before} to {ck_after} U/L after {months} months.",
            f"The mean manual muscle testing score rose by {rng.randint(5, 30)}.{rng.randint(0, 9)} points.",
        ]
    )
    negative = rng.choice(
        [
            f"Adding {other} did not improve muscle strength.",
            f"No benefit of {other} was observed in {condition}.",
            f"{other.capitalize()} failed to induce remission in {rng.randint(1, 9)} patients.",
            f"Response to {other} was not significantly different from placebo.",
        ]
    )
    safety = rng.choice(
        [
            f"Adverse events included {rng.choice(EVENTS)} and {rng.choice(EVENTS)}.",
            f"One patient died of {rng.choice(EVENTS)} during follow-up.",
            "No serious adverse events occurred.",
            f"{rng.randint(1, 5)} patients stopped treatment because of {rng.choice(EVENTS)}.",
        ]
    )
    conclusion = rng.choice(
        [
            f"{agent.capitalize()} appears effective and safe in {refractory} {condition}.",
            f"{agent.capitalize()} may be a useful option, but controlled trials are needed.",
        ]
    )
    if rng.random() < 0.6:
        sections = [
            ("BACKGROUND", background),
            ("METHODS", methods),
            ("RESULTS", f"{outcome} {negative} {safety}"),
            ("CONCLUSIONS", conclusion),
        ]
    else:
        sections = [("", " ".join((background, methods, outcome, negative, safety, conclusion)))]
    return title, sections


def record(rng: random.Random, pmid: int) -> str:
    """One PubmedArticle element."""
    title, sections = _sentences(rng, pmid)
    year = rng.randint(2000, 2024)
    abstract = "".join(
        f'<AbstractText Label="{label}">{escape(text)}</AbstractText>'
        if label
        else f"<AbstractText>{escape(text)}</AbstractText>"
        for label, text in sections
    )
    authors = "".join(
        f"<Author><LastName>{rng.choice(SURNAMES)}</LastName><Initials>{rng.choice('ABCDEFGHJK')}{rng.choice('ABCDEFGHJK')}</Initials></Author>"
        for _ in range(rng.randint(1, 6))
    )
    refs = "".join(
        f"<Reference><Citation>{rng.choice(SURNAMES)} X. {rng.choice(AGENTS).capitalize()} in {rng.choice(CONDITIONS)}: report {rng.randint(1, 10**6)}. {rng.choice(JOURNALS)}. {rng.randint(1990, 2020)};{rng.randint(1, 60)}:{rng.randint(1, 900)}.</Citation>"
        f'<ArticleIdList><ArticleId IdType="pubmed">{rng.randint(1, 99999)}</ArticleId></ArticleIdList></Reference>'
        for _ in range(rng.randint(0, 3))
    )
    ptype = rng.choice(["Journal Article", "Clinical Trial", "Observational Study", "Case Reports"])
    return (
        '<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM">'
        f'<PMID Version="1">{pmid}</PMID><Article PubModel="Print">'
        f'<Journal><JournalIssue CitedMedium="Print"><Volume>{rng.randint(1, 80)}</Volume><Issue>{rng.randint(1, 12)}</Issue>'
        f"<PubDate><Year>{year}</Year></PubDate></JournalIssue><ISOAbbreviation>{rng.choice(JOURNALS)}</ISOAbbreviation></Journal>"
        f"<ArticleTitle>{escape(title)}.</ArticleTitle>"
        f"<Pagination><MedlinePgn>{rng.randint(1, 500)}-{rng.randint(501, 999)}</MedlinePgn></Pagination>"
        f'<ELocationID EIdType="doi" ValidYN="Y">10.9999/synthetic.{pmid}</ELocationID>'
        f'<Abstract>{abstract}</Abstract><AuthorList CompleteYN="Y">{authors}</AuthorList>'
        f"<PublicationTypeList><PublicationType>{ptype}</PublicationType></PublicationTypeList></Article>"
        "</MedlineCitation>"
        f"<PubmedData><ReferenceList>{refs}</ReferenceList></PubmedData></PubmedArticle>\n"
    )


def records(n: int, seed: int = 7, first_pmid: int = 90_000_000) -> Iterator[str]:
    rng = random.Random(seed)
    for k in range(n):
        yield record(rng, first_pmid + k)


def write(path: Path, n: int, seed: int = 7, first_pmid: int = 90_000_000) -> Path:
    """Write N records as one PubMed XML file, streamed (memory stays flat whatever N)."""
    with path.open("w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet>\n')
        for rec in records(n, seed, first_pmid):
            fh.write(rec)
        fh.write("</PubmedArticleSet>\n")
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("records", type=int)
    ap.add_argument("-o", "--output", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    write(args.output, args.records, args.seed)


if __name__ == "__main__":
    main()
