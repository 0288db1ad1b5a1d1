"""Did-you-mean's word lists (engine/spelling.FieldWords): Whoosh's corrector, read faster.

The suggestions must be Whoosh's own: the same words within the distance,
with the same scores, in the same order, over an index of several segments.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh.filedb.filestore import FileStorage
from whoosh.support.levenshtein import distance as levenshtein

from brreader.engine import wordbands
from brreader.engine.schema import SPELLING_FIELDS
from brreader.engine.spelling import FieldWords
from brreader.search import Archive
from tests.conftest import SAMPLE_ARTICLES


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The sample archive indexed in three segments, one file deleted."""
    root = tmp_path_factory.mktemp("words")
    articles = root / "articles"
    articles.mkdir()
    everything = sorted(p for p in SAMPLE_ARTICLES.rglob("*") if p.is_file())
    archive = Archive(articles, root / "index")
    for part in range(3):
        for path in everything[part::3]:
            target = articles / path.relative_to(SAMPLE_ARTICLES)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
        archive.update()
    next(p for p in articles.rglob("*.txt")).unlink()
    archive.update()
    archive.close()
    searcher = FileStorage(str(root / "index")).open_index("MAIN").searcher()
    assert len(searcher.reader().leaf_readers()) >= 3
    yield searcher.reader()
    searcher.close()


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    field=st.sampled_from(SPELLING_FIELDS),
    word=st.one_of(
        st.text(alphabet="aeioubcdfgklmnrstw", min_size=1, max_size=9),
        st.sampled_from(["watr", "sensrs", "cooperacion", "volcan", "fr:coper", "glacer", "a"]),
    ),
    maxdist=st.integers(min_value=1, max_value=2),
    prefix=st.integers(min_value=0, max_value=2),
    warm=st.booleans(),
)
def test_the_suggestions_are_whooshs_own(
    reader: Any, field: str, word: str, maxdist: int, prefix: int, warm: bool
) -> None:
    """Also in a warm process (the server, the reader), which keeps the words by length."""
    theirs = reader.corrector(field)
    with kept_bands(warm):
        ours = FieldWords(reader, field)
        assert list(ours._suggestions(word, maxdist, prefix)) == list(
            theirs._suggestions(word, maxdist, prefix)
        )
        assert ours.suggest(word, limit=5, maxdist=maxdist, prefix=prefix) == theirs.suggest(
            word, limit=5, maxdist=maxdist, prefix=prefix
        )


@pytest.mark.parametrize("warm", [False, True])
def test_a_misspelt_word_gets_the_same_suggestions(reader: Any, warm: bool) -> None:
    found = 0
    with kept_bands(warm):
        for typed in ("watr", "sensr", "glacer", "satelite", "volcano", "observatoir"):
            for field in SPELLING_FIELDS:
                ours = FieldWords(reader, field).suggest(typed, limit=3, maxdist=2, prefix=1)
                theirs = reader.corrector(field).suggest(typed, limit=3, maxdist=2, prefix=1)
                assert ours == theirs
                found += len(ours)
        assert found > 5
        kept = wordbands.kept()
        assert (kept is not None and kept.words > 0) == warm


@contextmanager
def kept_bands(warm: bool, limit: int | None = None) -> Iterator[None]:
    """Word bands kept (as in the server) or not, for the block only."""
    wordbands.disable()
    if warm:
        wordbands.enable()
        kept = wordbands.kept()
        if limit is not None and kept is not None:
            kept.limit = limit
    try:
        yield
    finally:
        wordbands.disable()


def test_a_tight_limit_on_kept_words_changes_no_suggestion(reader: Any) -> None:
    """Lists dropped to stay under the limit are listed again when asked for."""
    with kept_bands(True, limit=50):
        for typed in ("watr", "glacer", "volcano", "sensr", "watr"):
            for field in SPELLING_FIELDS:
                ours = FieldWords(reader, field).suggest(typed, limit=3, maxdist=2, prefix=1)
                assert ours == reader.corrector(field).suggest(typed, limit=3, maxdist=2, prefix=1)
        kept = wordbands.kept()
        assert kept is not None and (kept.words <= 50 or len(kept._bands) == 1)


@given(
    typed=st.text(alphabet="aeiobcdfkléж中", max_size=8),
    other=st.text(alphabet="aeiobcdfkléж中", max_size=8),
    maxdist=st.integers(min_value=0, max_value=3),
)
def test_the_letter_test_never_rules_out_a_near_word(typed: str, other: str, maxdist: int) -> None:
    near = levenshtein(typed, other) <= maxdist
    if near:
        assert wordbands.may_be_within(wordbands.letters(typed), wordbands.letters(other), maxdist)


def test_the_letter_test_rules_out_words_of_other_letters() -> None:
    assert not wordbands.may_be_within(wordbands.letters("water"), wordbands.letters("bliss"), 2)
    assert wordbands.may_be_within(wordbands.letters("water"), wordbands.letters("watre"), 0)


def test_segments_merged_away_are_forgotten(tmp_path: Path) -> None:
    """A warm archive's kept words follow its segments: a merge drops the old ones."""
    articles = tmp_path / "articles"
    articles.mkdir()
    archive = Archive(articles, tmp_path / "index", mmap=False, resident=True)
    with kept_bands(True):
        archive.keep_warm()
        for number in range(5):
            (articles / f"a{number}.txt").write_text(
                f"Title: Talk {number}\n\nQ: Where is the watershed{number}?\n"
                "A: Past the waterfall.\n",
                encoding="utf-8",
            )
            archive.update()
        assert archive.suggest("watrfall") == "waterfall"
        kept = wordbands.kept()
        assert kept is not None
        before = {key[:2] for key in kept._bands}
        assert len(before) >= 4
        assert archive.merge()
        assert archive.suggest("watrfall") == "waterfall"
        after = {key[1] for key in kept._bands}
        ix = FileStorage(str(tmp_path / "index")).open_index("MAIN")
        live = {segment.segment_id() for segment in ix._segments()}
        assert after and after <= live
        assert {segid for _folder, segid in before} - live  # merged away: forgotten
    archive.close()
