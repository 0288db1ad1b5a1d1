"""Index and search: the query language, per-pair scoping, highlighting and freshness."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from brreader.engine.limits import Limits
from brreader.engine.store import MANIFEST
from brreader.model import IndexError_
from brreader.search import Archive, QueryError, mark, snippet
from tests.conftest import LABELLED, PLAIN


def ids(archive: Archive, query: str, **options) -> list[str]:
    return [hit.info.id for hit in archive.search(query, **options).hits]


def test_plain_terms_search_the_whole_article(three: Archive) -> None:
    assert ids(three, "Mekong") == ["2021/sensors", "2022/cold-chain"]  # answer text; outlet
    assert ids(three, "Mombasa") == ["2019/depot"]
    assert ids(three, "Okafor") == ["2019/depot"]  # interviewee
    assert ids(three, "logistics") == ["2022/cold-chain"]  # lede and tags


def test_terms_are_and_by_default_across_pairs(three: Archive) -> None:
    # "gauges" and "pumps" sit in different pairs of the same article.
    assert ids(three, "gauges pumps") == ["2021/sensors"]
    assert ids(three, "gauges vaccine", relax=False) == []
    # Searching as users do, no article with both gives those with either, and says so.
    widened = three.search("gauges vaccine")
    assert widened.relaxed is not None and widened.relaxed.with_all == 0
    assert sorted(hit.info.id for hit in widened.hits) == ["2021/sensors", "2022/cold-chain"]


def test_plurals_case_and_accents(three: Archive) -> None:
    # English words meet their plurals only (issue 20's measured choice): "gauge"
    # finds "gauges", "pump" finds "pumps"; "cooperation" is another word than
    # the text's "cooperate", which a wildcard reaches.
    assert ids(three, "gauge") == ["2021/sensors"]
    assert ids(three, "PUMP") == ["2021/sensors"]
    assert ids(three, "cooperation", relax=False) == []
    assert ids(three, "cooperat*") == ["2021/sensors"]
    assert ids(three, "Mekông") == ids(three, "mekong")


def test_fields_and_aliases(three: Archive) -> None:
    assert ids(three, "title:rail") == ["2019/depot"]
    assert ids(three, "title:mombasa") == []
    assert ids(three, "q:farmers") == ids(three, "question:farmers") == ["2021/sensors"]
    assert ids(three, "a:welders") == ["2019/depot"]
    assert ids(three, "who:kheng") == ids(three, "interviewee:Kheng") == ["2021/sensors"]
    assert ids(three, "outlet:harbour") == ["2021/sensors"]
    assert ids(three, "source:riverside") == ["2021/sensors"]
    assert ids(three, "tags:health") == ["2022/cold-chain"]
    assert ids(three, "lede:hydrologist") == ["2021/sensors"]
    assert ids(three, "Title:rail") == ["2019/depot"]  # field names ignore case


def test_question_and_answer_terms_must_meet_in_one_pair(three: Archive) -> None:
    # "farmers" is asked in pair 2, "altimetry" answered in pair 3: not one pair.
    assert ids(three, "question:farmers answer:altimetry") == []
    assert ids(three, "question:satellites answer:altimetry") == ["2021/sensors"]
    assert ids(three, "q:farmers a:pumps") == ["2021/sensors"]
    # A pair-scoped part combined with article-level terms and other pairs.
    assert ids(three, "q:farmers a:pumps hydrologist") == ["2021/sensors"]
    assert ids(three, "q:farmers a:pumps gauges") == ["2021/sensors"]
    assert ids(three, "q:farmers a:pumps welders") == []
    assert ids(three, "(q:farmers a:altimetry) OR title:depot") == ["2019/depot"]


def test_negation_inside_and_outside_pairs(three: Archive) -> None:
    assert ids(three, "q:farmers NOT a:pumps") == []
    assert ids(three, "q:farmers NOT a:gauges") == ["2021/sensors"]
    assert ids(three, "gauges NOT altimetry") == []
    assert sorted(ids(three, "NOT altimetry")) == ["2019/depot", "2022/cold-chain"]


def test_a_dash_before_a_word_leaves_it_out_as_not_does(three: Archive) -> None:
    # Typed as in most search boxes; the same answers as the spelled-out NOT above.
    assert ids(three, "q:farmers -a:gauges") == ["2021/sensors"]
    assert ids(three, "gauges -altimetry") == []
    assert sorted(ids(three, "-altimetry")) == ["2019/depot", "2022/cold-chain"]
    assert ids(three, '(gauges -"radar altimetry")') == []
    assert ids(three, "gauges -(altimetry OR pumps)") == []
    # Not a plain query any more: nothing is widened to articles with "most" of it.
    found = three.search("gauges -altimetry")
    assert found.total == 0 and found.relaxed is None
    # Only a dash that starts a word: inside a word, or alone, it excludes nothing.
    assert ids(three, "gauges - altimetry") == ids(three, "gauges altimetry") != []
    assert ids(three, "radar-altimetry") == ids(three, "radar altimetry") != []


def test_phrases_or_wildcards_fuzzy(three: Archive) -> None:
    assert ids(three, '"flood pulse"') == ["2021/sensors"]
    assert ids(three, '"pulse flood"') == []
    assert sorted(ids(three, "welders OR freezers")) == ["2019/depot", "2022/cold-chain"]
    assert ids(three, "locomot*") == ["2019/depot"]
    assert ids(three, "welderz~") == ["2019/depot"]


def test_a_question_mark_ending_a_word_is_punctuation(three: Archive) -> None:
    assert ids(three, "Mekong?") == ids(three, "Mekong") == ["2021/sensors", "2022/cold-chain"]
    assert ids(three, "(welders? OR freezers?)") == ids(three, "welders OR freezers")
    assert ids(three, "Mombasa ?") == ["2019/depot"]  # French spacing
    assert ids(three, "Mombas?") == []  # the mark ends the word: "Mombas", not a wildcard
    assert ids(three, "Momb?sa") == ["2019/depot"]  # inside a word: still a wildcard
    with pytest.raises(QueryError, match="nothing to search for"):
        three.search("? ?")


def test_date_queries(three: Archive) -> None:
    assert ids(three, "published:2021") == ["2021/sensors"]
    assert sorted(ids(three, "published:[2019 to 2021]")) == ["2019/depot", "2021/sensors"]
    assert ids(three, "published:2022-11") == ["2022/cold-chain"]
    assert ids(three, "published:2020") == []


def test_sorting_by_date_puts_undated_last(make_archive) -> None:
    archive = make_archive(
        {
            "old.txt": PLAIN,
            "new.txt": PLAIN.replace("March 3, 2021", "March 3, 2024"),
            "undated.txt": "Rivers\n\nDara Kheng on the Mekong.\n\nWhy?\n\nBecause.",
        }
    )
    assert ids(archive, "mekong", sort="newest") == ["new", "old", "undated"]
    assert ids(archive, "mekong", sort="oldest") == ["old", "new", "undated"]
    assert [i.id for i in archive.list()] == ["new", "old", "undated"]


def test_title_matches_rank_above_body_matches(make_archive) -> None:
    body = PLAIN.replace("Sensors Along the River", "River Notes")
    archive = make_archive({"title.txt": PLAIN, "body.txt": body.replace("gauges", "sensors", 1)})
    assert ids(archive, "sensors")[0] == "title"


def test_hits_carry_best_pairs_and_highlights(three: Archive) -> None:
    results = three.search("farmers")
    assert results.total == 1
    hit = results.hits[0]
    assert [m.number for m in hit.matches] == [2]  # the lede mentions farmers too, pair 2 asks
    match = hit.matches[0]
    assert match.question.text == "What do farmers gain from it?"
    assert [match.question.text[s:e] for s, e in match.question.spans] == ["farmers"]
    results = three.search("cooperate OR pump")
    snippet_ = results.hits[0].matches[0].snippet
    assert [snippet_.text[s:e] for s, e in snippet_.spans] == ["cooperate", "pumps"]


def test_matches_follow_pair_scoping(three: Archive) -> None:
    hit = three.search("q:farmers a:pumps").hits[0]
    assert [m.number for m in hit.matches] == [2]
    hit = three.search("gauges OR altimetry").hits[0]
    assert sorted(m.number for m in hit.matches) == [1, 3]


def test_article_matching_only_outside_pairs_gets_a_lede_snippet(three: Archive) -> None:
    hit = three.search("hydrologist").hits[0]
    assert hit.matches == ()
    assert hit.lede is not None and "hydrologist" in hit.lede.text


def test_snippet_window_and_ellipses() -> None:
    text = " ".join(["filler"] * 100) + " the Mekong delta " + " ".join(["filler"] * 100)
    cut = snippet(text, ["mekong"], width=80)
    assert cut.text.startswith("…") and cut.text.endswith("…")
    assert len(cut.text) <= 82
    assert [cut.text[s:e] for s, e in cut.spans] == ["Mekong"]
    assert mark("Countries, country", ["country"]).spans == ((0, 9), (11, 18))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "empty query"),
        ("   ", "empty query"),
        ("AND", "nothing to search for"),
        ("colour:red", "unknown field 'colour:'"),
        ("published:yesterday", "is not a date"),
        ("rail published:>2024", "is not a date"),
        ("published:[x to 2020]", "not a parseable date"),
        # Whoosh reads "~999" as 9 edits and a word "99": every short word is near
        ("gauges~999", r"allows 1 or 2 edits: write gauges~ or gauges~2 \(in 'gauges~999'\)"),
        ("gauges~3", "allows 1 or 2 edits"),
    ],
)
def test_query_errors(three: Archive, query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        three.search(query)


def test_colon_inside_quotes_is_not_a_field(make_archive) -> None:
    archive = make_archive({"a.txt": PLAIN.replace("twelve gauges", "ratio 3:1 gauges")})
    assert ids(archive, '"ratio 3:1"') == ["a"]


def test_incremental_update_adds_changes_and_removes(make_archive, tmp_path: Path) -> None:
    archive = make_archive({"a.txt": PLAIN, "b.txt": LABELLED})
    report = archive.update()
    assert (report.indexed, report.unchanged, report.removed) == ([], 2, [])
    root = tmp_path / "articles"
    (root / "c.txt").write_text(PLAIN.replace("Mekong", "Danube"), encoding="utf-8")
    (root / "b.txt").write_text(LABELLED.replace("Mombasa", "Lamu"), encoding="utf-8")
    os.utime(root / "b.txt", ns=(1, 1))  # a different mtime even on coarse clocks
    (root / "a.txt").unlink()
    report = archive.update()
    assert sorted(report.indexed) == ["b.txt", "c.txt"]
    assert report.removed == ["a.txt"]
    assert report.unchanged == 0
    assert ids(archive, "Mombasa") == []
    assert ids(archive, "Lamu") == ["b"]
    assert ids(archive, "Danube") == ["c"]
    assert ids(archive, "Mekong") == []
    assert [i.id for i in archive.list()] == ["c", "b"]


def test_fresh_process_sees_the_same_index(make_archive, tmp_path: Path) -> None:
    make_archive({"a.txt": PLAIN})
    again = Archive(tmp_path / "articles", tmp_path / "index", mmap=False)
    report = again.update()
    assert (report.indexed, report.unchanged, report.rebuilt_because) == ([], 1, "")
    assert ids(again, "altimetry") == ["a"]


def test_broken_index_is_rebuilt(make_archive, tmp_path: Path) -> None:
    make_archive({"a.txt": PLAIN})
    for toc in (tmp_path / "index").glob("*.toc"):
        toc.write_bytes(b"garbage")
    archive = Archive(tmp_path / "articles", tmp_path / "index")
    report = archive.update()
    assert report.rebuilt_because.startswith("index unreadable")
    assert ids(archive, "altimetry") == ["a"]


def test_other_schema_version_is_rebuilt(make_archive, tmp_path: Path) -> None:
    make_archive({"a.txt": PLAIN})
    manifest = tmp_path / "index" / MANIFEST
    data = json.loads(manifest.read_text())
    data["schema"] = 0
    manifest.write_text(json.dumps(data))
    archive = Archive(tmp_path / "articles", tmp_path / "index")
    assert archive.update().rebuilt_because == "index made by another version of brreader"
    assert ids(archive, "altimetry") == ["a"]


def test_lost_index_record_is_recovered_without_duplicates(make_archive, tmp_path: Path) -> None:
    archive = make_archive({"a.txt": PLAIN, "b.txt": LABELLED})
    archive.close()
    manifest = tmp_path / "index" / MANIFEST
    data = json.loads(manifest.read_text())
    data["generation"] = 999  # as if a run died between committing and recording
    manifest.write_text(json.dumps(data))
    archive = Archive(tmp_path / "articles", tmp_path / "index")
    report = archive.update()
    assert report.indexed == [] and report.unchanged == 2
    assert archive.search("Mekong OR Mombasa").total == 2


def test_refuses_an_index_folder_it_did_not_make(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text(PLAIN, encoding="utf-8")
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "holiday.jpg").write_bytes(b"\xff\xd8")
    archive = Archive(tmp_path / "articles", foreign)
    with pytest.raises(IndexError_, match="did not write"):
        archive.update()
    assert (foreign / "holiday.jpg").read_bytes() == b"\xff\xd8"


def test_bad_files_are_skipped_and_reported_once(make_archive, tmp_path: Path) -> None:
    archive = make_archive(
        {"good.txt": PLAIN, "empty.txt": "", "blob.txt": b"\x00\x01"}, refresh=False
    )
    report = archive.update()
    assert sorted((s.path, s.reason) for s in report.skipped) == [
        ("blob.txt", "binary data, not text"),
        ("empty.txt", "empty file"),
    ]
    assert report.indexed == ["good.txt"]
    assert archive.update().skipped == []  # remembered until the file changes
    assert (tmp_path / "articles" / "empty.txt").read_bytes() == b""


def test_twin_files_are_both_searchable(make_archive) -> None:
    archive = make_archive({"a.txt": PLAIN, "a.md": LABELLED})
    assert ids(archive, "altimetry") == ["a"]
    assert ids(archive, "Mombasa") == ["a.md"]
    assert archive.article("a.md").title == "Building the Rail Depot"
    assert archive.article("a.txt").title == "Sensors Along the River"


def test_stop_words_in_a_query_do_not_block_matches(three: Archive) -> None:
    assert ids(three, "the Mekong delta OR river") == ids(three, "Mekong delta OR river")
    assert ids(three, "the gauges") == ["2021/sensors"]


def test_snippet_shows_words_far_apart_in_two_stretches() -> None:
    text = "Mekong " + " ".join(["filler"] * 100) + " cooperation " + " ".join(["filler"] * 100)
    cut = snippet(text, ["mekong", "cooperation"], width=120)
    assert cut.text.startswith("Mekong") and " … " in cut.text and cut.text.endswith("…")
    assert [cut.text[s:e] for s, e in cut.spans] == ["Mekong", "cooperation"]
    assert len(cut.text) < 160


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [
        ("mekog", "mekong"),
        ("Mekog pumps", "mekong pumps"),
        ("q:farmrs", "q:farmers"),
        ("welders NOT freezrs", "welders NOT freezers"),
        ("Mekong", None),  # every word exists: nothing to correct
        ("zzzzqqq", None),  # nothing close
    ],
)
def test_spelling_suggestions_use_the_archive_words(three: Archive, typed, suggestion) -> None:
    assert three.suggest(typed) == suggestion


def test_the_nearest_word_wins_over_a_more_frequent_one(make_archive) -> None:
    # "what" is within two edits of "watr" and far more frequent; "water" is one edit away.
    lede = "Dara Kheng, a hydrologist, spoke. " + "What is it? What now? " * 20
    archive = make_archive({"a.txt": f"Title\n\nJune 1, 2024\n\n{lede}\n\nAnd the water?\n\nOk.\n"})
    assert archive.suggest("watr") == "water"


def test_result_lists_need_no_file_reads(three: Archive, tmp_path: Path) -> None:
    (tmp_path / "articles" / "2021" / "sensors.txt").unlink()  # gone since indexing
    hit = three.search("farmers", snippets=False).hits[0]
    assert [(m.number, m.question.text, m.snippet.text) for m in hit.matches] == [
        (2, "What do farmers gain from it?", "")
    ]


def test_many_matches_with_a_small_limit(make_archive) -> None:
    # Enough hits for Whoosh's top-N pruning to ask matchers for quality bounds.
    files = {f"a{n:02d}.txt": PLAIN.replace("pumps", "pumps " * (n % 5 + 1)) for n in range(40)}
    archive = make_archive(files)
    for query in ("pumps", "pumps gauges", "q:farmers a:pumps", "pumps OR title:sensors"):
        results = archive.search(query, limit=3)
        assert results.total == 40, query
        assert len(results.hits) == 3
    scores = [hit.score for hit in archive.search("pumps", limit=40).hits]
    assert scores == sorted(scores, reverse=True)


def test_wildcards_that_stand_for_everything_or_too_much_are_refused(
    three: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    for text in ("*", "title:*", "** OR mekong"):
        with pytest.raises(QueryError, match="needs some letters"):
            three.search(text)
    with pytest.raises(QueryError, match="nothing to search for"):
        three.search("?")  # a lone question mark is punctuation
    with pytest.raises(QueryError, match="a date range in 'published:\\[to\\]' needs a start"):
        three.search("published:[to]")
    assert three.search("*ong*").total >= 1  # a leading wildcard with letters is fine
    narrow = Archive(three.articles, three.location, limits=Limits(max_query_expansion=3))
    with pytest.raises(QueryError, match=r"'\*a\*' in '\*a\*' stands for over 3 different words"):
        narrow.search("*a*")
    # A prefix of one to three letters, ranked by relevance, is read from the word
    # starts: it needs no list of its words, so no limit on how many.
    assert narrow.search("t* OR mekong").total == 3
    with pytest.raises(QueryError, match=r"'t\*' in 't\* OR mekong' stands for over 3"):
        narrow.search("t* OR mekong", sort="newest")  # the words are listed for Whoosh
    narrow.close()


def test_fuzzy_and_wildcard_words_give_the_same_results_as_whoosh_lists(three: Archive) -> None:
    # Words are listed once per segment per search; the hits are those of the
    # words themselves.
    found = sorted(h.info.id for h in three.search("mekog~").hits)
    assert found == ["2021/sensors", "2022/cold-chain"]  # an answer, an outlet
    assert three.search("weld*").total == 1
    assert three.query_terms("weld*")["answer"] == frozenset({"welder"})
