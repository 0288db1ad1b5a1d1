"""A search whose hits get their best pairs later: the same page once they are filled in."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from brreader.search import Archive, Unpaired
from tests.conftest import PLAIN, SAMPLE_ARTICLES

# Plain words, a short prefix (pairs read from the articles' texts), phrases, pair
# scopes, AND/OR/NOT, a fuzzy word, and words too few articles have together (widened).
QUERIES = [
    "farmers",
    "water",
    "fa*",
    "w*",
    '"cold chain"',
    "question:farmers",
    "q:fishermen a:sonar",
    "question:w* answer:salt",
    "rail OR satellite",
    "water NOT farmers",
    "farmrs~",
    "how do farmers cope with salt water",
    "zzzqqq delta water",
]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    archive = Archive(SAMPLE_ARTICLES, tmp_path_factory.mktemp("sample") / "index")
    archive.update()
    return archive


@pytest.mark.parametrize("sort", ["relevance", "newest"])
@pytest.mark.parametrize("query", QUERIES)
def test_filled_in_pairs_are_those_of_a_search_with_every_hits_pairs(
    sample: Archive, query: str, sort: str
) -> None:
    full = sample.search(query, limit=30, snippets=False, sort=sort)
    assert full.unpaired is None
    for first in (0, 1, 4):
        later = sample.search(query, limit=30, snippets=False, sort=sort, pairs_for=first)
        assert [hit.info.id for hit in later.hits] == [hit.info.id for hit in full.hits]
        assert [hit.score for hit in later.hits] == [hit.score for hit in full.hits]
        assert later.total == full.total and later.relaxed == full.relaxed
        assert later.hits[:first] == full.hits[:first]
        assert all(hit.matches == () for hit in later.hits[first:])
        if len(full.hits) > first:
            assert later.unpaired == Unpaired(first, 3)
        step = sample.fill_pairs(later, first + 3)  # a few now, the rest after
        assert step.hits[: first + 3] == full.hits[: first + 3]
        assert sample.fill_pairs(step) == full


def test_the_queries_cover_widened_and_paired_searches(sample: Archive) -> None:
    found = [sample.search(query, limit=30, snippets=False) for query in QUERIES]
    assert any(results.relaxed is not None for results in found)
    assert all(results.hits for results in found)
    assert sum(len(hit.matches) for results in found for hit in results.hits) > 100


def test_a_page_with_every_pair_found_needs_no_filling(sample: Archive) -> None:
    results = sample.search("farmers", limit=5, snippets=False, pairs_for=50)
    assert results.unpaired is None
    assert sample.fill_pairs(results) is results


def test_pairs_later_needs_a_search_without_snippets(sample: Archive) -> None:
    with pytest.raises(ValueError, match="pairs_for needs snippets=False"):
        sample.search("farmers", pairs_for=2)


def test_an_article_deleted_before_its_pairs_are_found_keeps_none(
    make_archive: Callable[..., Archive],
) -> None:
    files = {f"a{n}.txt": PLAIN.replace("farmers gain", f"farmers {n} gain") for n in range(4)}
    archive = make_archive(files)
    later = archive.search("farmers", snippets=False, pairs_for=1)
    gone = later.hits[2].info
    (archive.articles / gone.path).unlink()
    archive.update()
    filled = archive.fill_pairs(later)
    assert filled.unpaired is None
    assert [hit.info.id for hit in filled.hits] == [hit.info.id for hit in later.hits]
    assert filled.hits[2].matches == ()
    for hit in (filled.hits[1], filled.hits[3]):
        number = hit.info.path[1]
        assert hit.matches[0].question.text == f"What do farmers {number} gain from it?"


def test_pairs_for_below_zero_pairs_no_hit_first(sample: Archive) -> None:
    later = sample.search("farmers", limit=5, snippets=False, pairs_for=-2)
    assert later.unpaired == Unpaired(0, 3)
    assert all(hit.matches == () for hit in later.hits)
    assert sample.fill_pairs(later) == sample.search("farmers", limit=5, snippets=False)
