"""The line under the search box: always one row, so a message coming or going moves nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import Input

from brreader.search import Archive, Relaxed, SearchResults
from brreader.tui.app import ReaderApp
from brreader.tui.screens import _reader_text as wording
from brreader.tui.screens._reader_work import Shown
from brreader.tui.widgets import ArticleView, ResultsList, StatusLine
from tests.conftest import FRONT_MATTER, LABELLED, PLAIN
from tests.test_tui import settle, write

LONG = "No interview has all of: farmers, cope, salt, water; showing those with most of them."
SHORTER = "None has all the words; showing those with most of them."
SHORTEST = "Showing those with most of the words."


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    return write(
        tmp_path,
        {"2021/sensors.txt": PLAIN, "2019/depot.txt": LABELLED, "2022/cold-chain.md": FRONT_MATTER},
    )


def regions(app: ReaderApp) -> dict[str, Region]:
    """Where the panes under the search box are on screen."""
    return {
        "status": app.query_one(StatusLine).region,
        "count": app.query_one("#results-count").region,
        "list": app.query_one(ResultsList).region,
        "article": app.query_one(ArticleView).region,
    }


def on_screen(status: StatusLine) -> str:
    return status.render_line(0).text


async def test_a_message_coming_or_going_moves_nothing_else(archive: Archive) -> None:
    app = ReaderApp(archive, update_index=False)
    async with app.run_test(size=(100, 30)) as pilot:
        box = app.query_one("#query", Input)
        status = app.query_one(StatusLine)
        box.value = "rail"
        await settle(pilot)
        assert app.query_one(ResultsList).option_count == 1
        assert status.message == "" and on_screen(status).strip() == ""
        before = regions(app)
        assert before["status"].height == 1  # laid out while blank
        box.value = "zzzqx"
        await settle(pilot)
        assert on_screen(status).strip() == "No matches."
        assert app.query_one(ResultsList).option_count == 0
        assert regions(app) == before
        box.value = "colour:red"
        await settle(pilot)
        assert status.error and "unknown field 'colour:'" in on_screen(status)
        assert regions(app) == before
        box.value = "rail"
        await settle(pilot)
        assert not status.error and on_screen(status).strip() == ""
        assert not status.has_class("-error")
        assert app.query_one(ResultsList).option_count == 1
        assert regions(app) == before


async def test_a_long_error_is_cropped_at_60_columns_and_enter_shows_it_whole(
    archive: Archive,
) -> None:
    app = ReaderApp(archive, update_index=False)
    async with app.run_test(size=(60, 20)) as pilot:
        box = app.query_one("#query", Input)
        status = app.query_one(StatusLine)
        await settle(pilot)
        before = regions(app)
        box.value = "colour:red"
        await settle(pilot)
        line = on_screen(status)
        assert status.region == Region(0, 3, 60, 1)  # the whole width, one row
        assert len(line) == status.content_size.width == 60 - 6  # padded 3 each side
        assert line.strip().startswith("unknown field 'colour:' in query 'colour:red'")
        assert line.rstrip().endswith("…") and status.cropped
        assert "fields are" in status.message and status.message.endswith('"colour:...")')
        assert regions(app) == before
        await pilot.press("enter")
        await pilot.pause()
        notices = [str(n.message) for n in app._notifications]
        assert status.message in notices  # the whole of it, once asked for


async def test_an_error_that_fits_is_not_repeated_on_enter(archive: Archive) -> None:
    app = ReaderApp(archive, update_index=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"the")
        await settle(pilot)
        status = app.query_one(StatusLine)
        assert status.error and status.message.startswith("nothing to search for in 'the'")
        assert on_screen(status).strip() == status.message and not status.cropped
        await pilot.press("enter")
        await pilot.pause()
        assert not [n for n in app._notifications if n.severity == "error"]


class OneLine(App[None]):
    CSS = "StatusLine { height: 1; padding: 0 3; text-wrap: nowrap; text-overflow: ellipsis; }"

    def compose(self) -> ComposeResult:
        yield StatusLine()


async def test_the_longest_wording_that_fits_is_shown() -> None:
    for width, shown in [(100, LONG), (80, SHORTER), (50, SHORTEST)]:
        app = OneLine()
        async with app.run_test(size=(width, 3)) as pilot:
            status = app.query_one(StatusLine)
            status.say(LONG, SHORTER, SHORTEST)
            await pilot.pause()
            assert on_screen(status).rstrip() == shown
            assert status.message == LONG and status.cropped == (shown != LONG)
            assert str(status.tooltip) == LONG


async def test_none_fits_the_shortest_is_cropped_with_an_ellipsis() -> None:
    app = OneLine()
    async with app.run_test(size=(30, 3)) as pilot:
        status = app.query_one(StatusLine)
        status.say(LONG, SHORTEST)
        await pilot.pause()
        assert on_screen(status) == "Showing those with most…"
        assert status.cropped


async def test_the_line_shows_text_as_typed_without_control_characters() -> None:
    app = OneLine()
    async with app.run_test(size=(60, 3)) as pilot:
        status = app.query_one(StatusLine)
        status.say("cannot read [bold]x[/bold]\x1b]52;c;aGk=\x07 \x1b[2J\nnext", error=True)
        await pilot.pause()
        assert on_screen(status).strip() == "cannot read [bold]x[/bold]  next"
        assert status.has_class("-error")
        status.say()
        await pilot.pause()
        assert on_screen(status).strip() == "" and not status.has_class("-error")
        assert status.tooltip is None


def widened(with_all: int, suggestion: str | None = None) -> Shown:
    relaxed = Relaxed(("farmers", "cope", "salt", "water"), with_all)
    found = SearchResults(
        "how do farmers cope with salt water?", total=9, hits=(), terms={}, relaxed=relaxed
    )
    return Shown("how do farmers cope with salt water?", found, (), suggestion=suggestion)


def test_a_widened_search_is_said_three_ways() -> None:
    assert wording.results_status(widened(0)) == (LONG, SHORTER, SHORTEST)
    assert wording.results_status(widened(2)) == (
        "Only 2 interviews have all of: farmers, cope, salt, water; also showing those with"
        " most of them.",
        "Only 2 have all the words; also showing those with most of them.",
        "Also showing those with most of the words.",
    )
    offers = wording.results_status(widened(0, "farmers cope salt waters"))
    offer = "Did you mean: farmers cope salt waters  (Enter)"
    assert offers == (
        f"{LONG[:-1]}. {offer}",
        f"{SHORTER[:-1]}. {offer}",
        f"{SHORTEST[:-1]}. {offer}",
        offer,
    )
