"""The result list after a keystroke: drawn before the top hit is read, never out of date."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from brreader.search import Archive
from brreader.tui.app import ReaderApp
from brreader.tui.screens import _reader_work as work
from brreader.tui.styles import MATCH
from brreader.tui.widgets import ArticleView, ResultsList, StatusLine
from tests.conftest import PLAIN
from tests.test_tui import settle, until, write


def many(tmp_path: Path, count: int) -> Archive:
    """``count`` articles that all match "mekong" (some "delta" too), indexed."""
    files = {
        f"a{n:03d}.txt": PLAIN.replace("Mekong", f"Mekong{' delta' * (n % 4)}")
        for n in range(count)
    }
    archive = write(tmp_path, files)
    archive.update()
    return archive


def listed(results: ResultsList) -> list[str | None]:
    return [results.get_option_at_index(i).id for i in range(results.option_count)]


async def test_the_new_hits_are_drawn_before_the_top_hit_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = many(tmp_path, 30)
    app = ReaderApp(archive, update_index=False)
    seen: list[tuple[str, str | None]] = []
    reading = work.load_article

    def load_article(owner, archive, article_id):  # type: ignore[no-untyped-def]
        seen.append(("read", article_id))
        return reading(owner, archive, article_id)

    monkeypatch.setattr(work, "load_article", load_article)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        results = app.query_one(ResultsList)
        painting = app._display

        def display(screen, renderable):  # type: ignore[no-untyped-def]
            if renderable is not None:
                seen.append(("drawn", (listed(results) or [None])[0]))
            return painting(screen, renderable)

        monkeypatch.setattr(app, "_display", display)
        seen.clear()
        await pilot.press(*"delta")
        await settle(pilot)
        top = archive.search("delta", limit=1, snippets=False).hits[0].info.id
        assert listed(results)[0] == top
        assert app.query_one(ArticleView).article.id == top  # the viewer follows...
        read = seen.index(("read", top))
        assert ("drawn", top) in seen[:read]  # ...once the list with the new hits is drawn


async def test_options_passed_before_the_list_is_drawn_are_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = many(tmp_path, 20)
    app = ReaderApp(archive, update_index=False)
    read: list[str] = []
    reading = work.load_article

    def load_article(owner, archive, article_id):  # type: ignore[no-untyped-def]
        read.append(article_id)
        return reading(owner, archive, article_id)

    monkeypatch.setattr(work, "load_article", load_article)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"mekong")
        await settle(pilot)
        results = app.query_one(ResultsList)
        results.focus()
        await settle(pilot)
        read.clear()
        results.highlighted = 1  # three moves within one drawing of the screen
        results.highlighted = 2
        results.highlighted = 3
        await settle(pilot)
        assert read == [listed(results)[3]]
        assert app.query_one(ArticleView).article.id == listed(results)[3]
        await pilot.press("down")  # one move at a time: each article is read
        await settle(pilot)
        await pilot.press("down")
        await settle(pilot)
        assert read == listed(results)[3:6]


async def test_an_older_search_finishing_late_does_not_replace_the_newer_list(
    tmp_path: Path,
) -> None:
    archive = many(tmp_path, 8)
    app = ReaderApp(archive, update_index=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"delta")
        await settle(pilot)
        results = app.query_one(ResultsList)
        newer = listed(results)
        older = archive.search("mekong", limit=work.HIT_LIMIT, snippets=False)
        app.reader.post_message(work.SearchDone(work.Shown("mekong", older, ())))
        await settle(pilot)
        assert listed(results) == newer == [h.info.id for h in archive.search("delta").hits]
        assert str(app.query_one("#results-count", Static).render()) == "6 articles match"


async def test_more_hits_load_once_per_end_of_the_list(tmp_path: Path) -> None:
    """Reaching the end loads one more page, drawn a screen at a time, and no more
    until the cursor reaches the new end."""
    archive = many(tmp_path, 130)
    app = ReaderApp(archive, update_index=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"mekong")
        await settle(pilot)
        results = app.query_one(ResultsList)
        assert results.option_count == 50
        await pilot.press("escape", "end")
        await settle(pilot, 0.6)
        assert results.option_count == 100
        assert results.highlighted == 49
        count = str(app.query_one("#results-count", Static).render())
        assert count == "130 articles match (best 100; more as you scroll)"
        await pilot.press("end")
        await settle(pilot, 0.6)
        assert results.option_count == 130
        assert results.highlighted == 99
        assert str(app.query_one("#results-count", Static).render()) == "130 articles match"


async def test_an_article_listed_again_shows_what_this_search_found(tmp_path: Path) -> None:
    """Options are kept between lists by what they show: never a stale question,
    highlight or read mark, and the same drawing when the same thing is listed again."""
    archive = write(tmp_path, {"2021/sensors.txt": PLAIN})
    archive.update()
    app = ReaderApp(archive, update_index=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        results = app.query_one(ResultsList)

        async def search(query: str):  # type: ignore[no-untyped-def]
            app.query_one("#query", Input).value = query
            await settle(pilot)
            return results.get_option_at_index(0).prompt

        farmers = await search("farmers")
        assert "Q2 What do farmers gain from it?" in farmers.plain
        network = await search("network")
        assert "Q1 How did the network start?" in network.plain
        assert "farmers gain" not in network.plain
        again = await search("farmers")
        assert again is farmers  # drawn once, shown twice
        lit = {str(again.text)[s.start : s.end] for s in again.text.spans if s.style == MATCH}
        assert lit == {"farmers"}
        assert again.plain.startswith("  ")  # read (it was opened): no unread marker
        app.reader.post_message(work.StateChanged(frozenset(), frozenset({"2021/sensors"})))
        await settle(pilot)
        marked = results.get_option_at_index(0).prompt
        assert marked.plain.startswith("★ ") and "Q2 What do farmers gain" in marked.plain


async def test_no_matches_is_shown_before_did_you_mean_is_worked_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = many(tmp_path, 3)
    released = threading.Event()
    suggest = archive.suggest

    def slow_suggest(text: str) -> str | None:
        released.wait(10)
        return suggest(text)

    monkeypatch.setattr(archive, "suggest", slow_suggest)
    app = ReaderApp(archive, update_index=False)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            status = app.query_one("#query-status", StatusLine)
            app.query_one("#query", Input).value = "mekog"
            await until(pilot, lambda: str(status.render()) == "No matches.")
            assert app.query_one(ResultsList).option_count == 0  # the list is up to date
            released.set()
            await settle(pilot)
            assert str(status.render()) == "No matches. Did you mean: mekong  (Enter)"
            await pilot.press("enter")
            await settle(pilot)
            assert app.query_one("#query", Input).value == "mekong"
            assert app.query_one(ResultsList).option_count == 3
    finally:
        released.set()


async def test_no_correction_is_looked_for_while_typing_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = many(tmp_path, 3)
    asked: list[str] = []
    suggest = archive.suggest

    def suggest_and_count(text: str) -> str | None:
        asked.append(text)
        return suggest(text)

    monkeypatch.setattr(archive, "suggest", suggest_and_count)
    monkeypatch.setattr(work, "SUGGEST_AFTER", 3.0)  # typing goes on well within it
    app = ReaderApp(archive, update_index=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        status = app.query_one("#query-status", StatusLine)
        box = app.query_one("#query", Input)
        box.value = "mekongx"
        await until(pilot, lambda: str(status.render()) == "No matches.")
        box.value = "mekong delta"
        await settle(pilot)
        found = [hit.info.id for hit in archive.search("mekong delta", snippets=False).hits]
        assert listed(app.query_one(ResultsList)) == found != []
        assert "Did you mean" not in str(status.render())
        assert asked == []  # "did you mean" was never worked out for the words half typed
