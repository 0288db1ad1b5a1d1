"""The result list's questions: the first screen's come with the hits, the others' just after.

A keystroke's search finds the best pairs of the first screenful of hits only
(``Archive.search(pairs_for=...)``); the rest's are found once the list is drawn
(``Archive.fill_pairs``). These tests hold the second step back to see each state.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.widgets import Input

from brreader.search import Archive, SearchResults
from brreader.tui.app import ReaderApp
from brreader.tui.screens import _reader_work as work
from brreader.tui.widgets import ArticleView, ResultsList
from brreader.tui.widgets._results import FIRST_DRAWN
from tests.conftest import PLAIN
from tests.test_tui import settle, write

QUESTIONS = ("How did the network start?", "What do farmers gain from it?")


def varied(tmp_path: Path, count: int) -> Archive:
    """``count`` articles matching "mekong", whose best question for "network" or
    "farmers" differs from article to article (its wording is numbered)."""
    files = {}
    for n in range(count):
        text = PLAIN.replace("network start", f"network number {n} start")
        text = text.replace("farmers gain", f"farmers {n} gain")
        files[f"a{n:03d}.txt"] = text.replace("Mekong", "Mekong" + " Mekong" * (n % 5))
    archive = write(tmp_path, files)
    archive.update()
    return archive


class Held:
    """``archive.fill_pairs`` held back until released; what it was asked for."""

    def __init__(self, archive: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
        self.gate = threading.Event()
        self.asked: list[tuple[str, int]] = []
        filling = archive.fill_pairs

        def held(results: SearchResults, upto: int | None = None) -> SearchResults:
            assert results.unpaired is not None
            self.asked.append((results.query, results.unpaired.start))
            self.gate.wait(20)
            return filling(results, upto)

        monkeypatch.setattr(archive, "fill_pairs", held)


@pytest.fixture
def held_archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Archive, Held]]:
    archive = varied(tmp_path, 30)
    held = Held(archive, monkeypatch)
    try:
        yield archive, held
    finally:
        held.gate.set()  # no thread is left waiting


def shown_lines(results: ResultsList) -> list[str]:
    """Each option's third line: its best question as listed (or Q… while found)."""
    lines = []
    for index in range(results.option_count):
        option = results.get_option_at_index(index)
        text = option.prompt.plain.split("\n")
        lines.append(text[2] if len(text) > 2 else "")
    return lines


def expected_lines(archive: Archive, query: str) -> list[str]:
    """The best questions a search with every hit's pairs gives, as the list shows them."""
    found = archive.search(query, limit=work.HIT_LIMIT, snippets=False)
    return [
        f"Q{hit.matches[0].number} {hit.matches[0].question.text}" if hit.matches else ""
        for hit in found.hits
    ]


async def until(pilot, done: Callable[[], object], seconds: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(seconds / 0.05)):
        if done():
            return
        await pilot.pause(0.05)
    raise AssertionError("the reader never got there")


async def test_first_screen_has_its_questions_with_the_list_the_rest_get_theirs(
    held_archive: tuple[Archive, Held],
) -> None:
    archive, held = held_archive
    expected = expected_lines(archive, "farmers")
    assert len(expected) == 30 and len(set(expected)) == 30  # a different question each
    app = ReaderApp(archive, update_index=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.query_one("#query", Input).value = "farmers"
        results = app.query_one(ResultsList)
        await until(pilot, lambda: results.option_count == 30 and held.asked)
        lines = shown_lines(results)
        # With the list: the first screen's questions, the others say they are coming.
        assert lines[:FIRST_DRAWN] == expected[:FIRST_DRAWN]
        assert lines[FIRST_DRAWN:] == ["Q…"] * (30 - FIRST_DRAWN)
        # Scrolling down fast meanwhile: the last option waits too (and is read as usual).
        results.focus()
        await pilot.press("end")
        await until(
            pilot,
            lambda: app.reader._br_article_id == app.reader._br_shown.results.hits[-1].info.id,
        )
        assert shown_lines(results)[-1] == "Q…"
        held.gate.set()
        await settle(pilot)
        assert shown_lines(results) == expected
        assert held.asked == [("farmers", FIRST_DRAWN)]
        # Once filled, the reader holds what a search with every hit's pairs gives.
        shown = app.reader._br_shown.results
        assert shown == archive.search("farmers", limit=work.HIT_LIMIT, snippets=False)
        assert results.highlighted == 29  # the cursor stayed where the user took it


async def test_a_newer_search_replaces_the_older_lists_fill(
    held_archive: tuple[Archive, Held], monkeypatch: pytest.MonkeyPatch
) -> None:
    archive, held = held_archive
    app = ReaderApp(archive, update_index=False)
    filled: list[str] = []  # the query of each list given its questions
    showing = ResultsList.show_pairs

    def show_pairs(self: ResultsList, hits, unpaired):  # type: ignore[no-untyped-def]
        filled.append(app.reader._br_shown.query)
        return showing(self, hits, unpaired)

    monkeypatch.setattr(ResultsList, "show_pairs", show_pairs)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        box = app.query_one("#query", Input)
        results = app.query_one(ResultsList)
        box.value = "network"
        await until(pilot, lambda: results.option_count == 30 and held.asked)
        older = app.reader._br_shown.results
        box.value = "farmers"
        await until(pilot, lambda: app.reader._br_shown.query == "farmers" and len(held.asked) == 2)
        held.gate.set()
        await settle(pilot)
        assert shown_lines(results) == expected_lines(archive, "farmers")
        # The older list's fill was cancelled: its pairs never reached the list.
        assert [query for query, _start in held.asked] == ["network", "farmers"]
        assert filled == ["farmers"]
        # Its pairs arriving late (posted by hand here) change nothing.
        late = archive.fill_pairs(older)
        app.reader.post_message(work.PairsFound(older, late))
        await settle(pilot)
        assert shown_lines(results) == expected_lines(archive, "farmers")
        assert app.reader._br_shown.results.query == "farmers"


async def test_a_query_that_cannot_be_searched_leaves_the_list_to_get_its_questions(
    held_archive: tuple[Archive, Held],
) -> None:
    archive, held = held_archive
    app = ReaderApp(archive, update_index=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        box = app.query_one("#query", Input)
        results = app.query_one(ResultsList)
        box.value = "network"
        await until(pilot, lambda: results.option_count == 30 and held.asked)
        box.value = "colour:red"  # an error under the box; the list stays as it was
        await until(pilot, lambda: "unknown field" in str(app.query_one("#query-status").render()))
        held.gate.set()
        await settle(pilot)
        assert shown_lines(results) == expected_lines(archive, "network")


async def test_more_hits_loaded_at_the_end_get_their_questions(tmp_path: Path) -> None:
    archive = varied(tmp_path, 70)
    app = ReaderApp(archive, update_index=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.query_one("#query", Input).value = "farmers"
        await settle(pilot)
        results = app.query_one(ResultsList)
        await pilot.press("escape", "end")
        await settle(pilot, 0.6)
        assert results.option_count == 70
        expected = archive.search("farmers", limit=100, snippets=False)
        assert app.reader._br_shown.results == expected
        assert "Q…" not in shown_lines(results)
        assert shown_lines(results) == [
            f"Q{hit.matches[0].number} {hit.matches[0].question.text}" for hit in expected.hits
        ]


async def test_the_highlighted_article_is_read_before_the_questions_further_down(
    held_archive: tuple[Archive, Held],
) -> None:
    archive, held = held_archive
    app = ReaderApp(archive, update_index=False)
    shown_when_asked: list[str | None] = []
    filling = archive.fill_pairs

    def fill_pairs(results: SearchResults, upto: int | None = None) -> SearchResults:
        article = app.query_one(ArticleView).article
        shown_when_asked.append(article.id if article is not None else None)
        return filling(results, upto)

    archive.fill_pairs = fill_pairs  # type: ignore[method-assign]
    held.gate.set()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.query_one("#query", Input).value = "farmers"
        await settle(pilot)
        top = archive.search("farmers", limit=1, snippets=False).hits[0].info.id
        assert shown_when_asked and shown_when_asked[0] == top
        assert shown_lines(app.query_one(ResultsList)) == expected_lines(archive, "farmers")
