"""Did-you-mean's word lists (engine/spelling.FieldWords): Whoosh's corrector, read faster.

The suggestions must be Whoosh's own: the same words within the distance,
with the same scores, in the same order, over an index of several segments.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh.filedb.filestore import FileStorage

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
)
def test_the_suggestions_are_whooshs_own(
    reader: Any, field: str, word: str, maxdist: int, prefix: int
) -> None:
    theirs = reader.corrector(field)
    ours = FieldWords(reader, field)
    assert list(ours._suggestions(word, maxdist, prefix)) == list(
        theirs._suggestions(word, maxdist, prefix)
    )
    assert ours.suggest(word, limit=5, maxdist=maxdist, prefix=prefix) == theirs.suggest(
        word, limit=5, maxdist=maxdist, prefix=prefix
    )


def test_a_misspelt_word_gets_the_same_suggestions(reader: Any) -> None:
    found = 0
    for typed in ("watr", "sensr", "glacer", "satelite", "volcano", "observatoir"):
        for field in SPELLING_FIELDS:
            ours = FieldWords(reader, field).suggest(typed, limit=3, maxdist=2, prefix=1)
            assert ours == reader.corrector(field).suggest(typed, limit=3, maxdist=2, prefix=1)
            found += len(ours)
    assert found > 5
