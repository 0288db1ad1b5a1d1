"""Keeping in the reader, with Pilot: copy a quote (y), bookmarks (b), notes (B), saved searches
(s and the command palette), read marks and the unread/bookmarked view (u)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Static

from brreader.search import Archive
from brreader.state import State
from brreader.tui.app import ReaderApp
from brreader.tui.screens import NoteScreen, SavedScreen
from brreader.tui.widgets import ArticleView, FilterChips, ResultsList
from tests.test_tui import FRONT_MATTER, LABELLED, PLAIN, settle, write


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    return write(
        tmp_path,
        {"2021/sensors.txt": PLAIN, "2019/depot.txt": LABELLED, "2022/cold-chain.md": FRONT_MATTER},
    )


def prompts(app: ReaderApp) -> list[str]:
    results = app.query_one(ResultsList)
    return [results.get_option_at_index(i).prompt.plain for i in range(results.option_count)]


def listed(app: ReaderApp) -> list[str]:
    results = app.query_one(ResultsList)
    return [results.get_option_at_index(i).id or "" for i in range(results.option_count)]


async def open_question(pilot, query: str, number: int) -> ArticleView:
    await pilot.press(*query)
    await settle(pilot)
    await pilot.press("tab", "tab")  # into the viewer
    view = pilot.app.query_one(ArticleView)
    view.goto_question(number)
    await pilot.pause()
    return view


async def test_y_copies_the_pair_with_its_citation(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TMUX", raising=False)
    app = ReaderApp(archive)
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        await open_question(pilot, "farmers", 2)
        await pilot.press("y")
        await settle(pilot)
        assert copied == [
            "Q: What do farmers gain from it?\n\n"
            "“They time their planting to the flood pulse and cooperate on pumps.”\n\n"
            '— Dara Kheng, "Sensors Along the River", Harbour Line Weekly, 3 March 2021, '
            "originally in Riverside Wire"
        ]
        # Whether the terminal took it cannot be known: the notice says how it was sent,
        # and the command that gives the same text anyway.
        (notice,) = [str(n.message) for n in app._notifications]
        assert notice == (
            "Q2 with its citation: sent to the terminal's clipboard (OSC 52; not every "
            "terminal accepts it). If nothing arrived: brreader quote 2021/sensors --pair 2 "
            "--with-question"
        )


async def test_b_bookmarks_the_current_pair_and_b_again_removes_it(
    archive: Archive, private_state: Path
) -> None:
    app = ReaderApp(archive)
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        await open_question(pilot, "farmers", 2)
        await pilot.press("b")
        await settle(pilot)
        marks = State(private_state, archive.articles).bookmarks()
        assert [(m.article_id, m.pair, m.note) for m in marks] == [("2021/sensors", 2, "")]
        assert prompts(app)[0].startswith("★ Sensors Along the River")
        await pilot.press("b")
        await settle(pilot)
        assert State(private_state, archive.articles).bookmarks() == []
        assert prompts(app)[0].startswith("  Sensors Along the River")  # read, not marked


async def test_capital_b_writes_a_note_that_note_search_finds(
    archive: Archive, private_state: Path
) -> None:
    app = ReaderApp(archive)
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        await open_question(pilot, "welders", 2)
        await pilot.press("B")
        await settle(pilot)
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"Training budgets matter")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, NoteScreen)
        marks = State(private_state, archive.articles).bookmarks()
        assert [(m.article_id, m.pair, m.note) for m in marks] == [
            ("2019/depot", 2, "Training budgets matter")
        ]
        # The note is searchable with note: (stemmed: "budget" finds "budgets").
        query = app.query_one("#query", Input)
        query.value = "note:budget"
        await settle(pilot)
        assert listed(app) == ["2019/depot"]
        query.value = "note:budget rail"
        await settle(pilot)
        assert listed(app) == ["2019/depot"]
        query.value = "note:budget farmers"
        await settle(pilot)
        assert listed(app) == []
        # B again shows the note to edit; Esc keeps it unchanged.
        query.value = "welders"
        await settle(pilot)
        await pilot.press("tab", "tab", "B")
        await settle(pilot)
        assert app.screen.query_one(Input).value == "Training budgets matter"
        await pilot.press("escape")
        await settle(pilot)
        assert State(private_state, archive.articles).bookmarks()[0].note == (
            "Training budgets matter"
        )


async def test_opened_articles_are_marked_read_and_u_cycles_the_view(
    archive: Archive, private_state: Path
) -> None:
    app = ReaderApp(archive)
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        # The newest article opens at start: read; the two others are still unread.
        assert [p[:2] for p in prompts(app)] == ["  ", "● ", "● "]
        await pilot.press("tab", "down")
        await settle(pilot)
        assert [p[:2] for p in prompts(app)] == ["  ", "  ", "● "]
        state = json.loads(private_state.read_text(encoding="utf-8"))
        (mine,) = state["archives"].values()
        assert sorted(mine["read"]) == ["2021/sensors", "2022/cold-chain"]
        await pilot.press("u")  # unread only
        await settle(pilot)
        assert listed(app) == ["2019/depot"]
        chips = app.query_one(FilterChips)
        assert chips.display
        assert str(app.query_one("#results-count", Static).render()) == "1 article"
        await pilot.press("u")  # bookmarked only: none yet
        await settle(pilot)
        assert listed(app) == []
        await pilot.press("u")  # all again
        await settle(pilot)
        assert len(listed(app)) == 3
        assert not chips.display


async def test_s_picks_a_saved_search_and_the_palette_lists_them(
    archive: Archive, private_state: Path
) -> None:
    State(private_state, archive.articles).save_search("depot work", "welders OR depot")
    app = ReaderApp(archive)
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "s")
        await settle(pilot)
        assert isinstance(app.screen, SavedScreen)
        options = app.screen.query_one(OptionList)
        assert options.get_option_at_index(0).prompt.plain == "depot work  welders OR depot"
        await pilot.press("enter")
        await settle(pilot)
        assert app.query_one("#query", Input).value == "welders OR depot"
        assert listed(app) == ["2019/depot"]
        # Ctrl+P: the command palette offers it by name too.
        app.query_one("#query", Input).value = ""
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"depot work")
        await settle(pilot, 0.6)
        await pilot.press("enter")
        await settle(pilot)
        assert app.query_one("#query", Input).value == "welders OR depot"


async def test_a_damaged_state_file_is_kept_aside_and_the_reader_still_runs(
    archive: Archive, private_state: Path
) -> None:
    private_state.parent.mkdir(parents=True, exist_ok=True)
    private_state.write_text("{ not json", encoding="utf-8")
    app = ReaderApp(archive)
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        assert len(listed(app)) == 3
        assert any("was damaged" in str(n.message) for n in app._notifications)
    kept = list(private_state.parent.glob("state.json.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "{ not json"


async def test_a_state_file_that_cannot_be_saved_is_said_once(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    monkeypatch.setenv("BRREADER_STATE", str(blocker / "state.json"))
    app = ReaderApp(archive)
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "down", "down")  # opens two more articles: two failed saves
        await settle(pilot)
        warned = [str(n.message) for n in app._notifications if "cannot save" in str(n.message)]
        assert len(warned) == 1
        assert "set BRREADER_STATE to a file in a folder you can write" in warned[0]
        assert [p[:2] for p in prompts(app)] == ["  ", "  ", "  "]  # read, for this session


async def test_capital_s_saves_the_current_query_under_a_name(
    archive: Archive, private_state: Path
) -> None:
    app = ReaderApp(archive)
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        await pilot.press(*"welders OR pumps", "tab", "S")
        await settle(pilot)
        await pilot.press(*"training", "enter")
        await settle(pilot)
        assert State(private_state, archive.articles).saved() == {"training": "welders OR pumps"}
        assert any("Saved 'training'" in str(n.message) for n in app._notifications)
        await pilot.press("escape", "slash", *("backspace",) * 16, "tab", "S")
        await settle(pilot)
        assert any("Type a query first" in str(n.message) for n in app._notifications)
