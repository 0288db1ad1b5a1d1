"""The fast segment writer and compact postings give the same answers as Whoosh's own path."""

from __future__ import annotations

import shutil
import zlib
from array import array
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brreader.articles import discover, read_article
from brreader.engine import codec, postfile, vector, writer
from brreader.engine.limits import Limits
from brreader.engine.schema import ANALYZER, analyze, analyze_matching
from brreader.search import Archive
from tests.conftest import LABELLED, PLAIN, SAMPLE_ARTICLES


def whoosh_terms(text: str) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for token in ANALYZER(text, positions=True):
        found.setdefault(token.text, []).append(token.pos)
    return found


@pytest.mark.parametrize(
    "text",
    [
        "The Mekông and the MEKONG; a b c",
        "the of and: stop words first, then Satellites",
        "decimal 3.14 and U.S.A. and x*y wild*cards",
        "İstanbul ŞEHİR straße façade Ærø",
        "",
        "   ",
    ],
)
def test_fast_analysis_matches_whoosh(text: str) -> None:
    assert writer.term_positions(text) == whoosh_terms(text)


def test_fast_analysis_matches_whoosh_on_the_sample_archive() -> None:
    files, _ = discover(SAMPLE_ARTICLES)
    assert len(files) > 20
    for file in files:
        article = read_article(SAMPLE_ARTICLES, file.path, file.id).article
        texts = [article.title, article.lede, article.interviewee, ", ".join(article.tags)]
        texts += [text for pair in article.pairs for text in (pair.question, pair.answer)]
        for text in texts:
            assert writer.term_positions(text) == whoosh_terms(text), file.path


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",))))
def test_fast_analysis_matches_whoosh_on_any_text(text: str) -> None:
    assert writer.term_positions(text) == whoosh_terms(text)


# ASCII text takes its own path (the words found in one call): mostly letters,
# with the stop words, one-letter words, dots and wildcards that renumber positions.
_ASCII_WORDS = st.sampled_from(
    ["the", "a", "I", "of", "Rivers", "GAUGES", "U.S.A.", "3.14", "x*y", "re-use", "it's", "_"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_ASCII_WORDS, st.text(alphabet=st.characters(codec="ascii")))))
def test_fast_analysis_matches_whoosh_on_ascii_text(pieces: list[str]) -> None:
    text = " ".join(pieces)
    assert writer.term_positions(text) == whoosh_terms(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 2**31),
            st.sampled_from([1.0, 1.0, 2.0, 0.5, 7.0]),
            st.lists(st.integers(0, 70_000), min_size=1, max_size=5),
        ),
        min_size=2,
        max_size=400,
        unique_by=lambda item: item[0],
    ),
    st.booleans(),
)
def test_postings_read_back_as_written(items, with_values: bool) -> None:
    fmt = codec.Positions()
    buffer = postfile.Buffer()
    for docnum, weight, positions in items:  # any order: merges may deliver them so
        value = fmt.encode(sorted(set(positions))) if with_values else b""
        buffer.add(docnum, weight, value)
    buffer.sort()
    stored = postfile.encode_postings(buffer)
    ids, weights, values = postfile.decode_postings(stored)
    expected = sorted(items)
    assert list(ids) == [docnum for docnum, _, _ in expected]
    assert list(postfile.decode_ids(stored)) == list(ids)
    vector.enable()  # the server's and the reader's sums (numpy for long lists) are the same
    try:
        assert postfile.decode_postings(stored)[0] == ids
        assert postfile.decode_ids(stored) == ids
    finally:
        vector.disable()
    assert list(weights if weights is not None else [1.0] * len(ids)) == [
        weight for _, weight, _ in expected
    ]
    if with_values:
        assert values is not None
        decoded = [fmt.decode_positions(values[i]) for i in range(len(ids))]
        assert decoded == [sorted(set(positions)) for _, _, positions in expected]
    else:
        assert values is None


def test_positions_format_round_trip() -> None:
    fmt = codec.Positions()
    value = fmt.encode([3, 7, 7000, 90000])
    assert fmt.decode_positions(value) == [3, 7, 7000, 90000]
    assert fmt.decode_frequency(value) == 4
    assert postfile.encode_positions([3, 7, 7000, 90000]) == value
    assert postfile.encode_positions([5]) == array("I", [5]).tobytes()


def test_postings_matcher_skips_and_scores_like_a_list(make_archive) -> None:
    # Enough articles that common terms get on-disk postings, not inlined ones.
    files = {f"a{n:03d}.txt": PLAIN.replace("pumps", f"pumps w{n % 7}") for n in range(60)}
    archive = make_archive(files)
    assert archive.search("pumps").total == 60
    assert archive.search("w3").total == len([n for n in range(60) if n % 7 == 3])
    assert archive.search("pumps w3 gauges").total == len([n for n in range(60) if n % 7 == 3])
    assert archive.search('"flood pulse"').total == 60
    assert archive.search('"pulse flood"').total == 0  # positions, not just words


QUERIES = ["mekong", "rail", '"flood pulse"', "q:farmers a:pumps", "welders NOT rail", "w1 OR w2"]


def _answers(archive: Archive) -> dict[str, list[str]]:
    return {
        q: sorted(hit.info.id for hit in archive.search(q, limit=None, snippets=False).hits)
        for q in QUERIES
    }


def test_many_small_updates_merge_into_the_same_answers(tmp_path: Path) -> None:
    # Each update commits a segment; Whoosh's merge policy folds small ones
    # together through the writer's merge path. The answers must match a
    # clean rebuild, including after deletions.
    articles = tmp_path / "articles"
    articles.mkdir()
    incremental = Archive(articles, tmp_path / "index")
    for n in range(24):
        text = (PLAIN if n % 2 else LABELLED).replace("Mekong", f"Mekong w{n % 3}")
        (articles / f"a{n:02d}.txt").write_text(text, encoding="utf-8")
        incremental.update()
        if n % 5 == 4:
            (articles / f"a{n - 2:02d}.txt").unlink()
            incremental.update()
    got = _answers(incremental)
    incremental.close()
    shutil.rmtree(tmp_path / "index")
    fresh = Archive(articles, tmp_path / "index")
    fresh.update()
    assert got == _answers(fresh)
    assert got["mekong"] and got['"flood pulse"'] and got["welders NOT rail"] == []
    fresh.close()


def _random_archive(root: Path, count: int, seed: int) -> None:
    import random

    rng = random.Random(seed)
    words = ["river", "gauge", "farmer", "pump", "rail", "signal", "vaccine", "solar"]
    words += [f"w{n}" for n in range(40)]

    def sentence(low: int, high: int) -> str:
        picks = [rng.choice(words[:8]) if rng.random() < 0.3 else rng.choice(words)]
        picks += [rng.choice(words) for _ in range(rng.randint(low, high))]
        return " ".join(picks)

    root.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        lines = ["Some Outlet", "", sentence(2, 6).title(), "", "March 3, 2021", ""]
        lines += [f"Dara Kheng explains {sentence(3, 8)}.", ""]
        for _ in range(rng.randint(1, 6)):
            lines += [sentence(3, 9) + "?", "", sentence(5, 40) + ".", ""]
        (root / f"a{n:03d}.txt").write_text("\n".join(lines), encoding="utf-8")


BULK_QUERIES = [
    "river",
    "w1",
    "river pump",
    "rail OR solar",
    "vaccine NOT w2",
    "q:farmer",
    "q:farmer a:pump",
    "title:signal",
    "w1* river",
    "gaug*",
    "farmr~",
    "(river OR rail) AND NOT (w3 OR w4)",
    "a:solar NOT q:rail",
    "who:kheng w5",
    "(q:farmer OR a:pump)^2",
    "a:solar^3 river",
    "q:rail a:w7",
    '"river pump"',
    '"w1 w2" OR "w3 w1"^2',
    '"w4 w5" rail',
    'title:"w6 w7" OR lede:"kheng explains" river',
]


def test_bulk_scoring_matches_whoosh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    articles = tmp_path / "articles"
    _random_archive(articles, 120, seed=3)
    archive = Archive(articles, tmp_path / "index")
    archive.update()
    _random_archive(articles / "more", 30, seed=4)  # a second segment
    (articles / "a007.txt").unlink()  # and deletions in the first
    (articles / "a011.txt").write_text(PLAIN, encoding="utf-8")
    archive.update()

    def run() -> dict[str, tuple[int, list[tuple[str, float, list[int]]]]]:
        out = {}
        for q in BULK_QUERIES:
            found = archive.index.search(q, limit=40)
            out[q] = (
                found.total,
                [(h.info.id, h.score, [p.number for p in h.pairs]) for h in found.hits],
            )
        return out

    bulk_answers = run()
    archive.close()
    archive = Archive(articles, tmp_path / "index", limits=Limits(bulk_scoring=False))
    whoosh_answers = run()
    for q in BULK_QUERIES:
        total, hits = bulk_answers[q]
        assert total == whoosh_answers[q][0], q
        assert total > 0, q
        assert [h[0] for h in hits] == [h[0] for h in whoosh_answers[q][1]], q
        assert [h[2] for h in hits] == [h[2] for h in whoosh_answers[q][1]], q
        for (_, mine, _), (_, theirs, _) in zip(hits, whoosh_answers[q][1], strict=True):
            assert mine == pytest.approx(theirs, rel=1e-9), q
    archive.close()


def test_search_survives_a_segment_left_without_articles(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "keep.txt").write_text(PLAIN, encoding="utf-8")
    archive = Archive(articles, tmp_path / "index")
    archive.update()
    for n in range(4):  # small segments, then every one of their articles deleted
        (articles / f"gone{n}.txt").write_text(LABELLED, encoding="utf-8")
        archive.update()
    for n in range(4):
        (articles / f"gone{n}.txt").unlink()
    archive.update()
    (articles / "late.txt").write_text(LABELLED, encoding="utf-8")
    archive.update()  # the merge policy folds the emptied segments together
    assert archive.search("mekong").total == 1
    assert [h.info.id for h in archive.search("welders").hits] == ["late"]
    archive.close()


def test_sortable_fields_get_columns(three: Archive) -> None:
    # Sorting by date reads a column; without one Whoosh walks every date term.
    from whoosh.filedb.filestore import FileStorage

    three.update()
    with FileStorage(str(three.location)).open_index("MAIN").searcher() as searcher:
        for reader, _offset in searcher.reader().leaf_readers():
            assert reader.has_column("ts") and reader.has_column("undated")
    newest = [hit.info.id for hit in three.search("mekong OR rail", sort="newest").hits]
    assert newest == sorted(newest, key=lambda i: {"2022": 0, "2021": 1, "2019": 2}[i[:4]])


def test_small_updates_leave_the_archives_biggest_segment_alone(tmp_path: Path) -> None:
    # Merging every fourth update's small segments into the whole (small) archive
    # rewrote all of it each time: seconds at 1,000 articles, while a saved edit
    # waited in the server. The small segments are folded together instead.
    articles = tmp_path / "articles"
    articles.mkdir()
    for n in range(30):
        (articles / f"base{n:02d}.txt").write_text(PLAIN.replace("Mekong", f"w{n}"))
    archive = Archive(articles, tmp_path / "index")
    archive.update()
    (base,) = {p.name for p in (tmp_path / "index").glob("*.seg")}
    for n in range(9):
        (articles / f"late{n}.txt").write_text(LABELLED.replace("welders", f"welders x{n}"))
        archive.update()
    segments = {p.name for p in (tmp_path / "index").glob("*.seg")}
    assert base in segments
    assert len(segments) <= 4  # the small ones were folded together, not left to pile up
    assert archive.search("welders").total == 9
    assert archive.search("x4").total == 1 and archive.search("w7").total == 1
    archive.close()


def whoosh_spans(text: str) -> list[tuple[str, int, int]]:
    return [(t.text, t.startchar, t.endchar) for t in ANALYZER(text, chars=True)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",))))
def test_fast_spans_match_whoosh_on_any_text(text: str) -> None:
    assert list(analyze(text)) == whoosh_spans(text)


def test_fast_spans_match_whoosh_on_the_sample_archive() -> None:
    files, _ = discover(SAMPLE_ARTICLES)
    for file in files:
        article = read_article(SAMPLE_ARTICLES, file.path, file.id).article
        for text in [article.title, article.lede, *(p.answer for p in article.pairs)]:
            assert list(analyze(text)) == whoosh_spans(text), file.path


def _matching_by_every_word(
    text: str, lang: str, wanted: frozenset[str]
) -> list[tuple[int, int, str]]:
    return [(s, e, term) for term, s, e in analyze(text, lang) if term in wanted]


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab.*_ 9Ey-'\nhHé"), max_size=60),
    st.sets(st.text(alphabet="abhey9_", min_size=1, max_size=3), max_size=4),
)
def test_matching_spans_find_what_every_word_gives(text: str, extra: set[str]) -> None:
    # Marks look only at words that begin as a wanted term does: the same spans.
    terms = [term for term, _s, _e in analyze(text)]
    wanted = frozenset(terms[::2]) | frozenset(extra)
    for lang in ("", "en", "fr", "nl"):
        assert analyze_matching(text, lang, wanted) == _matching_by_every_word(text, lang, wanted)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="abcdeghilnorstuvyzäé", min_size=1, max_size=12), max_size=12))
def test_snowball_stems_begin_as_their_words_do(words: list[str]) -> None:
    # What matching_spans relies on for each language it reads word by word.
    from brreader.engine.fastterms import SUFFIX_STEMMED

    text = " ".join(["gebeurd", "yeux", "ungdomar", "aujourd.hui", *words])
    text = text.encode("ascii", "ignore").decode()
    for lang in sorted(SUFFIX_STEMMED):
        for term in {term for term, _s, _e in analyze(text, lang)}:
            wanted = frozenset({term})
            got = analyze_matching(text, lang, wanted)
            assert got == _matching_by_every_word(text, lang, wanted), (lang, term)


def test_matching_spans_find_what_every_word_gives_on_the_sample_archive() -> None:
    files, _ = discover(SAMPLE_ARTICLES)
    for file in files:
        article = read_article(SAMPLE_ARTICLES, file.path, file.id).article
        lang = article.language
        for text in [article.title, article.lede, *(p.answer for p in article.pairs)]:
            terms = sorted({term for term, _s, _e in analyze(text, lang)})
            for wanted in (
                frozenset(terms[::3]),
                frozenset(terms[1:4]),
                frozenset({"es:he", "he"}),
            ):
                got = analyze_matching(text, lang, wanted)
                assert got == _matching_by_every_word(text, lang, wanted), file.path


def _positions_buffer(
    seed: int, docnums: range, span: int, most: int
) -> tuple[postfile.Buffer, list[list[int]]]:
    """A list with 1 to ``most`` random positions below ``span`` in each document, each
    weighing its count, and those positions."""
    import random

    rng = random.Random(seed)
    buffer = postfile.Buffer()
    wanted = []
    for docnum in docnums:
        positions = sorted(rng.sample(range(span), rng.randint(1, most)))
        wanted.append(positions)
        buffer.add(docnum, float(len(positions)), postfile.encode_positions(positions))
    return buffer, wanted


def test_long_position_lists_are_read_block_by_block_and_give_back_every_value() -> None:
    import random

    rng = random.Random(1)
    buffer, wanted = _positions_buffer(1, range(0, 3000, 3), 100_000, 30)
    ids, _weights, values = postfile.decode_postings(postfile.encode_postings(buffer))
    assert list(ids) == list(range(0, 3000, 3))
    assert values is not None
    order = list(range(len(wanted)))
    rng.shuffle(order)  # any posting first: only its block is unpacked
    assert [postfile.decode_positions(values[i]) for i in order] == [wanted[i] for i in order]


@pytest.mark.parametrize("ones", [True, False])
def test_long_lists_are_written_as_short_ones_are(
    monkeypatch: pytest.MonkeyPatch, ones: bool
) -> None:
    # Gaps and the all-ones check of a long list are worked out by numpy: the same bytes.
    import random

    rng = random.Random(11)
    buffer = postfile.Buffer()
    docnum = 0
    for _ in range(3000):
        docnum += rng.randint(1, 40)
        weight = 1.0 if ones or rng.random() < 0.5 else float(rng.randint(2, 9))
        buffer.add(docnum, weight, codec.Positions().encode([rng.randint(0, 900)]))
    stored = postfile.encode_postings(buffer)
    monkeypatch.setattr(postfile, "_VECTOR_OVER", 10**9)
    by_python = postfile.encode_postings(buffer)
    # The same header and document numbers; the frequencies of a long list are
    # narrowed to integers by numpy only (floats grouped by place otherwise).
    first = postfile._HEADER.size + postfile._SECTION.size
    (size,) = postfile._SECTION.unpack_from(stored, postfile._HEADER.size)
    assert by_python[: first + size] == stored[: first + size]
    for data in (stored, by_python):
        ids, weights, values = postfile.decode_postings(data)
        assert ids == buffer.ids
        assert (weights is None) == ones
        assert ones or weights == buffer.weights
        assert values is not None and [values[i] for i in range(len(ids))] == buffer.value_list()


def _old_style(buffer: postfile.Buffer) -> bytes:
    """A compressed list as brreader wrote it before narrow sections (flag 32): every
    section's 4-byte items grouped by place, the values in blocks when long."""
    gaps, ones = postfile._gaps_and_ones(buffer)
    flags = 4 | postfile._SHUFFLED | (postfile._ALL_ONES if ones else 0)
    parts = [gaps] + ([] if ones else [buffer.weights.tobytes()])
    parts += [buffer.sizes.tobytes()]
    sections = [postfile._section(part, True) for part in parts]
    flags |= postfile._BLOCKED
    sections.append(postfile._packed(postfile._blocks(buffer)))
    return postfile._HEADER.pack(len(buffer.ids), flags) + b"".join(sections)


def _decoded(data: bytes, numpy_sums: bool) -> tuple[Any, Any, Any]:
    """``decode_postings`` the server's way (numpy for long lists) or the one-shot way;
    ``decode_ids`` reads the same document numbers."""
    if numpy_sums:
        vector.enable()
    try:
        found = postfile.decode_postings(data)
        assert postfile.decode_ids(data) == found[0]
    finally:
        vector.disable()
    return found


@pytest.mark.parametrize("numpy_sums", [False, True])
def test_lists_written_before_narrow_sections_still_read(numpy_sums: bool) -> None:
    # An index built by an earlier brreader keeps working: no rebuild for this change.
    buffer, wanted = _positions_buffer(5, range(0, 6000, 2), 5000, 12)
    old = _old_style(buffer)
    assert not postfile._HEADER.unpack_from(old)[1] & postfile._NARROW
    ids, weights, values = _decoded(old, numpy_sums)
    assert list(ids) == list(range(0, 6000, 2))
    assert weights is not None and list(weights) == [float(len(p)) for p in wanted]
    assert values is not None
    assert [postfile.decode_positions(values[i]) for i in range(len(wanted))] == wanted
    assert postfile.decode_postings(postfile.encode_postings(buffer))[0] == ids


@pytest.mark.parametrize("numpy_sums", [False, True])
@pytest.mark.parametrize(
    ("gap", "weight", "width"),
    [(3, 2.0, 1), (300, 2.0, 2), (70_000, 2.0, 4), (3, 300.0, 1), (3, 0.25, 1)],
)
def test_narrow_sections_hold_any_gap_and_weight(
    numpy_sums: bool, gap: int, weight: float, width: int
) -> None:
    # A common word's gaps and frequencies fit one byte each; larger ones, and weights
    # that are not whole numbers, are kept as they are.
    buffer = postfile.Buffer()
    spread = 100 if weight > 255 else 1  # many positions: their byte lengths take two bytes
    for number in range(1000):
        positions = [number + step for step in range(spread)]
        buffer.add(
            number * gap, weight if number % 7 else 1.0, postfile.encode_positions(positions)
        )
    stored = postfile.encode_postings(buffer)
    count, flags = postfile._HEADER.unpack_from(stored)
    assert flags & postfile._NARROW and count == 1000
    start = postfile._HEADER.size + postfile._SECTION.size
    (size,) = postfile._SECTION.unpack_from(stored, postfile._HEADER.size)
    assert zlib.decompress(stored[start : start + size])[0] == width
    ids, weights, values = _decoded(stored, numpy_sums)
    assert list(ids) == [number * gap for number in range(1000)]
    assert weights is not None
    assert list(weights) == [weight if number % 7 else 1.0 for number in range(1000)]
    assert values is not None
    assert postfile.decode_positions(values[999]) == list(range(999, 999 + spread))
