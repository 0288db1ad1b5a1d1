"""Short prefixes (``ka*``) answered from the index's word starts (``schema.STARTS``).

A prefix of one to three letters stands for thousands of words. Its articles
are read from one list per field (the documents with a word that begins so),
and the best pairs of the shown articles from their texts. Both must give what
listing every word gives: the same pages, scores, counts and best pairs.
"""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brreader.engine import query as engine_query
from brreader.engine.analysis import TAG
from brreader.engine.fastterms import prefix_counts, term_positions
from brreader.engine.schema import FIELD_CODE, STARTS, STARTS_LONGEST, UNSCOPED_FIELDS
from brreader.search import Archive
from tests.conftest import SAMPLE_ARTICLES, copy_built

SYLLABLES = ["ka", "ren", "do", "mi", "tal", "re", "kö", "sa", "ti", "on"]
QUERIES = ["ka*", "k*", "re*", "ren*", "kö*", "t*", "ka* do", "re* OR mi*", "ka* -tal*"]
QUERIES += ["title:ka*", "question:re*", "ka* sa*", "d*", "coo*", "ré*", "спу*", "co*"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3)))


def _archive(root: Path, count: int, seed: int) -> None:
    """Articles of words made of a few syllables: many words share each start."""
    rng = random.Random(seed)

    def sentence(low: int, high: int) -> str:
        return " ".join(_word(rng) for _ in range(rng.randint(low, high)))

    root.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        lines = ["Some Outlet", "", sentence(2, 5).title(), "", "March 3, 2021", ""]
        lines += [f"Dara Kheng explains {sentence(2, 8)}.", ""]
        for _ in range(rng.randint(1, 6)):
            lines += [sentence(2, 8) + "?", "", sentence(5, 40) + ".", ""]
        (root / f"s{seed}-{n:03d}.txt").write_text("\n".join(lines), encoding="utf-8")


@pytest.fixture(scope="module")
def grown_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Several segments: a first build, small updates (merged once four pile up, and by
    ``merge`` at the end), a deletion, and the sample archive's languages."""
    root = tmp_path_factory.mktemp("grown")
    articles = root / "articles"
    _archive(articles, 80, seed=1)
    shutil.copytree(SAMPLE_ARTICLES, articles / "sample")
    archive = Archive(articles, root / "index")
    archive.update()
    for seed in range(2, 8):
        _archive(articles / f"more{seed}", 3, seed=seed)
        archive.update()
    assert archive.merge()  # the small segments folded together, as the server does
    (articles / "s1-004.txt").unlink()
    archive.update()
    archive.close()
    return root


@pytest.fixture
def grown(grown_once: Path, tmp_path: Path) -> Iterator[Archive]:
    """The grown archive, built once a module, copied for each test (tests change it)."""
    root = copy_built(grown_once, tmp_path / "grown")
    archive = Archive(root / "articles", root / "index")
    yield archive
    archive.close()


def _pages(archive: Archive, snippets: bool) -> dict[tuple[str, int], object]:
    found = {}
    for text in QUERIES:
        for limit in (1, 50):
            result = archive.search(text, limit=limit, snippets=snippets)
            found[(text, limit)] = (
                result.total,
                [
                    (h.info.id, h.score, [(m.number, m.score, str(m.snippet)) for m in h.matches])
                    for h in result.hits
                ],
            )
    return found


def test_word_starts_hold_the_documents_of_the_words_that_begin_so(grown: Archive) -> None:
    from whoosh.filedb.filestore import FileStorage

    location = grown.location
    grown.close()
    checked = tagged = 0
    with FileStorage(str(location)).open_index("MAIN").reader() as reader:
        leaves = [leaf for leaf, _offset in reader.leaf_readers()]
        assert len(leaves) > 1
        for leaf in leaves:
            expected: dict[bytes, set[int]] = {}
            for field in UNSCOPED_FIELDS:
                for word in leaf.lexicon(field):
                    ids = set(leaf.postings(field, word).all_ids())  # deletions left out
                    text = word.decode("utf-8")
                    starts = {text[:n] for n in range(1, min(len(text), STARTS_LONGEST) + 1)}
                    if TAG in text:  # a language's stem: also its tag and first letters
                        tag, stem = text.split(TAG, 1)
                        starts |= {f"{tag}{TAG}{stem[:n]}" for n in range(1, 4) if stem[:n]}
                        tagged += 1
                    for start in starts:
                        key = (FIELD_CODE[field] + start).encode("utf-8")
                        expected.setdefault(key, set()).update(ids)
            stored = {
                key: set(leaf.postings(STARTS, key).all_ids()) for key in leaf.lexicon(STARTS)
            }
            assert {k: v for k, v in stored.items() if v} == {
                k: v for k, v in expected.items() if v
            }
            checked += len(stored)
    assert checked > 500 and tagged > 50


def test_short_prefixes_give_what_listing_every_word_gives(
    grown: Archive, arrays: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from brreader.engine.limits import Limits

    with_starts = {snippets: _pages(grown, snippets) for snippets in (False, True)}
    monkeypatch.setattr(engine_query, "short_prefix", lambda leaf, leaves: False)
    # Listed, a prefix lights up its first few hundred words; from the starts, every one.
    every = Archive(grown.articles, grown.location, limits=Limits(max_expanded_terms=10**6))
    listed = {snippets: _pages(every, snippets) for snippets in (False, True)}
    every.close()
    for snippets, pages in with_starts.items():
        for key, (total, hits) in pages.items():  # type: ignore[misc]
            assert total > 0, key
            assert (total, hits) == listed[snippets][key], key


def test_a_file_changed_since_indexing_gives_the_best_pairs_the_index_knows(
    grown: Archive, arrays: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = grown.search("ka*", limit=50, snippets=False)
    path = grown.articles / before.hits[0].info.path
    stat = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("ka", "zu"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    after = grown.search("ka*", limit=50, snippets=False)  # not indexed again
    monkeypatch.setattr(engine_query, "short_prefix", lambda leaf, leaves: False)
    listed = grown.search("ka*", limit=50, snippets=False)
    assert [(h.info.id, h.score) for h in after.hits] == [(h.info.id, h.score) for h in before.hits]
    assert [[(m.number, m.score) for m in h.matches] for h in after.hits] == [
        [(m.number, m.score) for m in h.matches] for h in listed.hits
    ]
    assert after.hits[0].matches  # its best pairs, from the index's positions


def test_a_short_prefix_needs_no_list_of_its_words(
    grown: Archive, arrays: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Thousands of words may begin with "k": none of them is looked for (a language's
    # tagged form, "fi:k", is a longer prefix and still listed).
    listed: list[bytes] = []
    real = engine_query.prefix_records

    def recording(
        reader: object, fieldname: str, prefix: bytes, limit: int | None = None
    ) -> object:
        if limit is None:  # every word, not the first few a snippet lights up
            listed.append(prefix)
        return real(reader, fieldname, prefix, limit)

    monkeypatch.setattr(engine_query, "prefix_records", recording)
    for snippets in (False, True):
        found = grown.search("k*", limit=10, snippets=snippets)
        assert found.total > 50 and found.hits[0].matches
    assert b"k" not in listed
    grown.search("k*", limit=10, sort="newest")  # Whoosh's path lists them
    assert b"k" in listed


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("kaKArenödo .-'\n9_*éЯяإ中"), max_size=80),
    st.sampled_from(["", "en", "fr", "de", "ru", "ar", "zh", "es"]),
    st.integers(0, 2),
)
def test_prefix_counts_are_the_counts_of_the_words_that_begin_so(
    text: str, lang: str, cut: int
) -> None:
    every = term_positions(text, lang)
    for term in sorted(every):
        prefix = term[: 1 + cut]
        expected = {t: len(at) for t, at in every.items() if t.startswith(prefix)}
        assert prefix_counts(text, lang, prefix) == expected, (term, prefix)
    assert prefix_counts(text, lang, "") == {}
