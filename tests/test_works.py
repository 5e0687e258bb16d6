"""One work, one node: which identity keys make records and citations one publication (graph.WorkIndex)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from myokg import store
from myokg.build import build
from myokg.graph import WorkIndex

PUB = "https://w3id.org/myokg/data/pub/"


def iris(key_lists: list[list[str]], clusters: list[list[str]] | None = None) -> dict[str, str]:
    return {
        k: v.removeprefix(PUB)
        for k, v in WorkIndex(key_lists=key_lists, clusters=clusters or []).mapping().items()
    }


def test_shared_identifiers_make_one_work() -> None:
    assert set(iris([["pmid:1", "doi:10.1/a"], ["doi:10.1/a"], ["pmid:2", "doi:10.1/a"]]).values()) == {
        "pmid-1"
    }


def test_a_title_key_never_joins_two_pubmed_records() -> None:
    assert iris([["pmid:1", "work:T"], ["pmid:2", "work:T"]]) == {
        "pmid:1": "pmid-1",
        "pmid:2": "pmid-2",
        "work:T": "pmid-1",
    }


def test_a_title_key_joins_works_of_different_dois() -> None:
    # a preprint and its journal version: one study, counted once
    assert set(iris([["doi:10.1/pre", "work:T"], ["doi:10.1/pub", "work:T"]]).values()) == {"doi-10.1%2Fpre"}


def test_an_unidentified_citation_joins_a_record_of_its_title() -> None:
    assert iris([["pmid:1", "work:T"], ["work:T"]])["work:T"] == "pmid-1"


@pytest.mark.parametrize(
    "lists",
    [
        [
            ["pmid:2", "work:T"],
            ["work:T"],
            ["pmid:1", "work:T"],
            ["doi:10.1/x", "work:U"],
            ["pmid:3", "work:U"],
        ],
        [["pmid:1", "work:T", "work:U"], ["pmid:2", "work:U"], ["work:U"], ["doi:10.1/x", "work:T"]],
    ],
)
def test_the_works_do_not_depend_on_the_order_of_the_records(lists: list[list[str]]) -> None:
    answers = {
        tuple(sorted(iris([list(ks) for ks in order]).items())) for order in itertools.permutations(lists)
    }
    assert len(answers) == 1


def test_works_merged_before_stay_whole_and_keep_apart_from_another_record() -> None:
    found = iris([["pmid:2", "work:T"]], clusters=[["work:T", "pmid:1", "work:U"]])
    assert found == {"pmid:1": "pmid-1", "work:T": "pmid-1", "work:U": "pmid-1", "pmid:2": "pmid-2"}


ARTICLE = (
    '<PubmedArticle><MedlineCitation><PMID Version="1">{pmid}</PMID><Article><Journal><JournalIssue>'
    "<PubDate><Year>{year}</Year></PubDate></JournalIssue><ISOAbbreviation>Test J</ISOAbbreviation></Journal>"
    "<ArticleTitle>{title}</ArticleTitle>{abstract}<AuthorList><Author><LastName>{author}</LastName>"
    "<Initials>K</Initials></Author></AuthorList></Article></MedlineCitation></PubmedArticle>"
)
TITLE = "Rituximab in refractory dermatomyositis."


def _article(
    pmid: int, abstract: str = "", title: str = TITLE, author: str = "Holm", year: int = 2019
) -> str:
    text = f"<Abstract><AbstractText>{abstract}</AbstractText></Abstract>" if abstract else ""
    return ARTICLE.format(pmid=pmid, year=year, title=title, abstract=text, author=author)


def _publications(tmp_path: Path, articles: list[str]) -> set[str]:
    xml = tmp_path / "records.xml"
    xml.write_text(
        f'<?xml version="1.0"?><PubmedArticleSet>{"".join(articles)}</PubmedArticleSet>', encoding="utf-8"
    )
    build([xml], tmp_path / "out", validate=False, jobs=1)
    _, rows = store.open_graph(tmp_path / "out").query(
        "SELECT DISTINCT ?pub WHERE { ?pub a <https://w3id.org/myokg/ontology#Publication> }"
    )
    return {str(r[0]).removeprefix(f"<{PUB}").removesuffix(">") for r in rows}


def test_two_records_of_one_title_year_and_author_are_two_studies(tmp_path: Path) -> None:
    found = _publications(
        tmp_path,
        [
            _article(90_500_001, "Twelve patients with refractory dermatomyositis improved on rituximab."),
            _article(90_500_002, "In 40 patients with refractory dermatomyositis, rituximab did not help."),
        ],
    )
    assert found == {"pmid-90500001", "pmid-90500002"}


def test_one_text_under_two_pmids_is_one_work(tmp_path: Path) -> None:
    text = "Twelve patients with refractory dermatomyositis improved on rituximab."
    assert _publications(tmp_path, [_article(90_500_001, text), _article(90_500_002, text)]) == {
        "pmid-90500001"
    }


def test_one_bare_title_under_two_pmids_is_two_works(tmp_path: Path) -> None:
    # two notes of one title and no abstract, by other authors in other years: many images and letters share one
    notes = [
        _article(90_500_001, title="Dermatomyositis.", author="Holm", year=2018),
        _article(90_500_002, title="Dermatomyositis.", author="Vidal", year=2021),
    ]
    assert _publications(tmp_path, notes) == {"pmid-90500001", "pmid-90500002"}
