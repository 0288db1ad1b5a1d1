"""The shipped sample archive: it must parse cleanly and answer the README's searches."""

from __future__ import annotations

import pytest

from brreader.articles import discover, read_article
from brreader.search import Archive
from tests.conftest import SAMPLE_ARTICLES


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    archive = Archive(SAMPLE_ARTICLES, tmp_path_factory.mktemp("sample") / "index")
    report = archive.update()
    assert report.skipped == [] and report.warnings == []
    return archive


def test_every_sample_article_parses_completely() -> None:
    files, skipped = discover(SAMPLE_ARTICLES)
    assert skipped == []
    assert len(files) >= 24
    styles = {"plain": 0, "labelled": 0, "front matter": 0}
    years = set()
    for file in files:
        text = (SAMPLE_ARTICLES / file.path).read_text(encoding="utf-8")
        result = read_article(SAMPLE_ARTICLES, file.path, file.id)
        article = result.article
        assert result.warnings == (), file.path
        assert article.title and article.outlet and article.interviewee, file.path
        assert article.published is not None, file.path
        assert len(article.pairs) >= 3, file.path
        assert all(p.question and p.answer for p in article.pairs), file.path
        assert article.interviewee in article.lede, file.path
        years.add(article.published.year)
        if text.startswith("---"):
            styles["front matter"] += 1
        elif any(
            line.startswith(("Q:", "Question:", "Reporter:", "Interviewer:"))
            for line in text.splitlines()
        ):
            styles["labelled"] += 1
        else:
            styles["plain"] += 1
    assert min(styles.values()) >= 5, styles
    assert years >= set(range(2018, 2027))


def test_the_archive_says_it_is_fiction() -> None:
    notice = (SAMPLE_ARTICLES / "NOTICE").read_text(encoding="utf-8")
    assert "invented" in notice


@pytest.mark.parametrize("word", ["Mekong", "rail", "vaccine", "satellite"])
def test_readme_searches_find_several_interviews(sample: Archive, word: str) -> None:
    results = sample.search(word)
    assert results.total >= 3
    assert all(hit.matches or hit.lede for hit in results.hits)


def test_pair_scoping_on_the_sample(sample: Archive) -> None:
    # Tonle Sap: "farmers" is asked in one pair and "altimetry" answered in another.
    found = sample.search("farmers altimetry")
    assert found.with_all_words == 1  # then those with one of the words follow it
    assert found.hits[0].info.id == "2023/2023-03-08-tonle-sap-water-levels"
    assert sample.search("question:farmers answer:altimetry").total == 0
    hit = sample.search("q:fishermen a:sonar").hits[0]
    assert hit.info.id == "2023/2023-09-04-lake-victoria-fish-survey"
    assert [m.number for m in hit.matches] == [4]
