"""Term hashes held in memory (engine/presence.py): a quick "absent" that is never wrong.

A warm process (the server, the reader) rules out a segment's absent words
from a copy of its term table's hashes before asking Whoosh. The copy must
never call a present word absent, must rule out nearly every absent one,
must follow the segments as commits add and merge them, and must leave
every search result as it was.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.filetables import HashReader, OrderedHashReader, OrderedHashWriter, crc_hash

from brreader.engine import presence, vector
from brreader.engine.internals import prefix_words, term_key, term_table
from brreader.engine.presence import TermHashes
from brreader.engine.segments import Segment
from brreader.search import Archive, keep_warm
from tests.conftest import SAMPLE_ARTICLES

FIELDS = ["title", "lede", "interviewee", "outlet", "questions", "answers", "tags", "aid"]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The sample archive indexed in two segments: an index folder."""
    root = tmp_path_factory.mktemp("presence")
    articles = root / "articles"
    articles.mkdir()
    everything = sorted(p for p in SAMPLE_ARTICLES.rglob("*") if p.is_file())
    half = len(everything) // 2
    archive = Archive(articles, root / "index")
    for batch in (everything[:half], everything[half:]):
        for path in batch:
            target = articles / path.relative_to(SAMPLE_ARTICLES)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
        archive.update()
    archive.close()
    yield root / "index"


@pytest.fixture
def readers(sample: Path) -> Iterator[list[Any]]:
    searcher = FileStorage(str(sample)).open_index("MAIN").searcher()
    leaves = [leaf for leaf, _offset in searcher.reader().leaf_readers()]
    assert len(leaves) >= 2
    yield leaves
    searcher.close()


def test_every_word_of_every_segment_is_maybe_there(readers: list[Any]) -> None:
    checked = 0
    for reader in readers:
        tindex = term_table(reader)
        hashes = TermHashes(tindex)
        assert hashes.exact
        for key in tindex.keys():
            assert hashes.maybe(key), key
            checked += 1
    assert checked > 5_000  # the multilingual sample: thousands of words per segment


def test_nearly_every_absent_word_is_ruled_out(readers: list[Any]) -> None:
    rng = random.Random(3)
    for reader in readers:
        hashes = TermHashes(term_table(reader))
        made_up = [
            term_key(reader, rng.choice(FIELDS), "".join(rng.choices("abcdefgh", k=9)).encode())
            for _ in range(2_000)
        ]
        absent = [key for key in made_up if key not in term_table(reader)]
        ruled_out = [key for key in absent if not hashes.maybe(key)]
        assert len(absent) > 1_900
        assert len(ruled_out) == len(absent)  # a 32-bit hash: no clash among a few thousand


@pytest.fixture
def warm_readers(sample: Path) -> Iterator[list[Any]]:
    """The same segments opened again, their term tables answering from kept hashes."""
    searcher = FileStorage(str(sample)).open_index("MAIN").searcher()
    leaves = [leaf for leaf, _offset in searcher.reader().leaf_readers()]
    kept = presence.Kept()
    for leaf in leaves:
        assert kept.of(leaf) is not None
        assert "ranges_for_key" in term_table(leaf).__dict__
    yield leaves
    searcher.close()


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    field=st.sampled_from([*FIELDS, "nosuchfield"]),
    word=st.one_of(
        st.text(alphabet="aeioubcdfgklmnrst:", min_size=1, max_size=10),
        st.sampled_from(["water", "fr:cooper", "es:cooper", "sensor", "gaug", "ice", "2024"]),
    ),
)
def test_warm_lookups_answer_exactly_what_whoosh_finds(
    readers: list[Any], warm_readers: list[Any], field: str, word: str
) -> None:
    btext = word.encode("utf-8")
    for plain, warm in zip(readers, warm_readers, strict=True):
        cold_segment = Segment(_Searcher(plain), 0)
        presence.enable()
        try:
            warm_segment = Segment(_Searcher(warm), 0)
        finally:
            presence.disable()
        assert warm_segment._hashes is not None
        assert warm_segment.holds(field, btext) == cold_segment.holds(field, btext)
        # Whoosh's own lookups through the warm table: presence, frequency, postings.
        present = (field, btext) in plain
        assert ((field, btext) in warm) == present
        for ask in ("doc_frequency", "frequency"):
            assert _answer(warm, ask, field, btext) == _answer(plain, ask, field, btext)
        if present:
            assert warm_segment._hashes.maybe(term_key(plain, field, btext))
            assert list(warm.postings(field, btext).all_ids()) == list(
                plain.postings(field, btext).all_ids()
            )


def _answer(reader: Any, method: str, *args: Any) -> Any:
    """What a reader's method returns, or the kind of error it raises (a field it lacks)."""
    try:
        return getattr(reader, method)(*args)
    except Exception as error:  # noqa: BLE001 - compared, not hidden
        return type(error)


class _Searcher:
    """What ``Segment`` asks of a leaf searcher."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader

    def reader(self) -> Any:
        return self._reader


@pytest.mark.parametrize("how", ["md5, ordered", "no key count", "another hash"])
def test_a_table_it_cannot_read_exactly_rules_nothing_out(tmp_path: Path, how: str) -> None:
    storage = FileStorage(str(tmp_path))
    writer = OrderedHashWriter(storage.create_file("t"))
    for n in range(50):
        writer.add(f"k{n:03d}".encode(), b"v")
    writer.close()
    table = (HashReader if how == "no key count" else OrderedHashReader).open(storage, "t")
    if how == "another hash":
        table.hashfn = crc_hash
    hashes = TermHashes(table)
    assert hashes.exact == (how == "md5, ordered")
    assert hashes.maybe(b"k001") and hashes.maybe(b"k049")
    assert hashes.maybe(b"never written") == (how != "md5, ordered")
    table.close()


def test_kept_hashes_follow_the_segments_through_commits(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    sources = sorted(p for p in SAMPLE_ARTICLES.rglob("*.txt") if p.is_file())[:6]
    archive = Archive(articles, tmp_path / "index")
    presence.enable()
    try:
        kept = presence.kept()
        assert kept is not None
        for n, path in enumerate(sources):
            (articles / f"a{n}.txt").write_bytes(path.read_bytes())
            archive.update()
            assert archive.search("water", limit=3).total >= 0
        searcher = FileStorage(str(archive.location)).open_index("MAIN").searcher()
        live = [leaf for leaf, _offset in searcher.reader().leaf_readers()]
        assert len(kept) == len(live)  # one table per live segment, none for merged ones
        same = kept.of(live[0])
        assert same is not None and kept.of(live[0]) is same  # copied once, then reused
        searcher.close()
        archive.update(rebuild=True)
        archive.search("water", limit=3)
        assert len(kept) == 1  # the rebuild's one segment; the old ones are forgotten
    finally:
        presence.disable()
        archive.close()


QUERIES = [
    "cooperación", "cooperaci*", "coperación~", "water sensors", '"cooperation scientifique"',
    "q:formation a:binomes", "НАУКА", "实验室", "تعاون", "ice OR volcano", "title:water",
    "zzzabsent", "sism*graphes", "why water?",
]  # fmt: skip


def _results(archive: Archive) -> list[Any]:
    """Each query's page: hits with scores, best pairs, snippets, highlights and the count."""
    return [archive.search(query, limit=10) for query in QUERIES]


def test_search_results_are_the_same_with_and_without_the_hashes(
    sample: Path, tmp_path: Path
) -> None:
    articles = sample.parent / "articles"
    cold = Archive(articles, sample)
    before = _results(cold)
    cold.close()
    assert keep_warm()
    try:
        warm = Archive(articles, sample)
        after = _results(warm)
        kept = presence.kept()
        assert kept is not None and len(kept) >= 2
        warm.close()
    finally:
        presence.disable()
        vector.disable()
    assert after == before
    assert sum(result.total for result in before) > 10
    assert any(hit.matches for result in before for hit in result.hits)


PREFIX_FIELDS = ["title", "lede", "interviewee", "outlet", "source", "tags", "questions", "answers"]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    field=st.sampled_from([*PREFIX_FIELDS, "aid", "nosuchfield"]),
    prefix=st.one_of(
        st.text(alphabet="aeioubcdfgklmnrstwé:", min_size=1, max_size=7),
        st.sampled_from(["wat", "w", "fr:", "fr:c", "fr:coop", "es:coope", "de:z", "zh:", "20"]),
    ),
)
def test_warm_prefixes_list_exactly_the_words_a_walk_finds(
    readers: list[Any], warm_readers: list[Any], field: str, prefix: str
) -> None:
    """A prefix no word of the field begins with is ruled out from the word starts'
    hashes (``presence.prefix_absent``) instead of walking the term file: the
    words listed are the same, tagged forms (``fr:coop``) and plain ones alike."""
    head = prefix.encode("utf-8")
    for plain, warm in zip(readers, warm_readers, strict=True):
        assert prefix_words(warm, field, head) == prefix_words(plain, field, head)


def test_word_starts_rule_out_the_prefixes_no_word_begins_with(
    readers: list[Any], warm_readers: list[Any]
) -> None:
    """...and do rule out most of them: a query word's forms in languages whose words
    in a field begin otherwise are the common case (11 languages, 8 fields), even
    where the field holds other words of that language."""
    ruled_out = walked = 0
    for plain, warm in zip(readers, warm_readers, strict=True):
        for field in PREFIX_FIELDS:
            for lang in ("en", "fr", "es", "de", "it", "pt", "nl", "sv"):
                if not prefix_words(plain, field, f"{lang}:".encode()):
                    continue  # no word of that language there: the tag alone says so
                for start in ("qu", "zanzib", "kokor", "wat", "x", "yy"):
                    head = f"{lang}:{start}".encode()
                    words = prefix_words(plain, field, head)
                    if words:
                        continue
                    walked += 1
                    absent = term_table(warm).__dict__["_brreader_prefix_absent"]
                    ruled_out += absent(field, head)
                    assert "_brreader_prefix_absent" not in term_table(plain).__dict__  # cold
    assert walked > 20
    assert ruled_out > 0.9 * walked
