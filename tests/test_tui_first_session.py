"""The reader as a new user meets it (issue 19), with Pilot: each bug found by trying it.

Typo-and-correct in the search box, the match counter of a long article, j/k
in the timeline, what b bookmarks, the outline following [ and ], the whole
article redrawn after a filter, and saved searches that keep their filters.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Button, Input, OptionList

from brreader.search import Archive
from brreader.state import State
from brreader.tui.app import ReaderApp
from brreader.tui.screens import HelpScreen, TimelineScreen
from brreader.tui.widgets import ArticleView, FilterChips, FilterPanel, Outline, ResultsList
from brreader.tui.widgets._reading_pane import where
from tests.test_tui import FRONT_MATTER, LABELLED, PLAIN, screen_text, settle, until, write


def long_article(pairs: int) -> str:
    """An interview of ``pairs`` pairs, each answer naming "gauges" once: far longer than a
    screen, so the viewer lays it out in slices."""
    lines = [
        "---",
        "title: A Long Talk About Gauges",
        "outlet: Harbour Line Weekly",
        "published: 2020-01-15",
        "interviewee: Sok Pheap",
        "---",
        "Sok Pheap keeps the river records.",
        "",
    ]
    for number in range(1, pairs + 1):
        lines += [
            f"Q: What happened in season {number}?",
            "",
            f"A: In season {number} we read the gauges at dawn and wrote the levels into the "
            "ledger, then walked the bank to the next station before the heat came up.",
            "",
        ]
    return "\n".join(lines)


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    return write(
        tmp_path,
        {"2021/sensors.txt": PLAIN, "2019/depot.txt": LABELLED, "2022/cold-chain.md": FRONT_MATTER},
    )


def listed(app: ReaderApp) -> list[str]:
    results = app.query_one(ResultsList)
    return [results.get_option_at_index(i).id or "" for i in range(results.option_count)]


async def test_the_article_comes_back_after_a_query_that_found_nothing(archive: Archive) -> None:
    app = ReaderApp(archive)
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        await pilot.press(*"rail")
        await settle(pilot)
        view = app.query_one(ArticleView)
        assert view.article is not None and view.article.id == "2019/depot"
        await pilot.press("z")  # a stray key: nothing matches "railz"
        await settle(pilot)
        assert view.article is None
        await pilot.press("backspace")  # corrected: the same top hit as before
        await settle(pilot)
        assert listed(app) == ["2019/depot"]
        assert view.article is not None and view.article.id == "2019/depot"
        assert "Building the Rail Depot" in screen_text(view)


async def test_the_match_counter_says_the_total_of_a_long_article(tmp_path: Path) -> None:
    archive = write(tmp_path, {"2020/long.md": long_article(120)})
    app = ReaderApp(archive)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"gauges")
        await settle(pilot)
        view = app.query_one(ArticleView)
        assert view.ready
        # The title and each of the 120 answers name gauges once.
        assert str(view.border_subtitle) == "match 1/121"
        await pilot.press("escape", "tab", "n")
        await pilot.pause()
        assert str(view.border_subtitle) == "match 2/121 · Q1"


async def test_the_counter_says_more_to_come_while_the_article_is_laid_out(
    tmp_path: Path,
) -> None:
    archive = write(tmp_path, {"2020/long.md": long_article(3000)})
    moves: list[ArticleView.Moved] = []

    def record(message: object) -> None:
        if isinstance(message, ArticleView.Moved):
            moves.append(message)

    app = ReaderApp(archive)
    async with app.run_test(size=(100, 30), message_hook=record) as pilot:
        await settle(pilot)
        view = app.query_one(ArticleView)
        # The reader first shows the listed article by itself (a build, the list, then a read
        # in a thread); on a busy machine that can outlast settle and land after the show
        # below, which must be the last one.
        await until(pilot, lambda: view.article is not None and view.ready, seconds=60)
        await settle(pilot)
        moves.clear()
        lit = archive.query_terms("gauges")  # as the index stems it
        terms = {"answer": lit["answer"], "title": lit["title"]}
        view.show(archive.article("2020/long"), terms)  # the first screens are laid out now
        assert not view.ready
        await pilot.pause()
        first = moves[0]
        assert not first.complete and 0 < first.matches < 3001
        assert where(first) == f"match 1/{first.matches}+"
        while not view.ready:
            await pilot.pause(0.05)
        await pilot.pause()
        assert moves[-1].complete and moves[-1].matches == 3001
        assert str(view.border_subtitle) == "match 1/3001"


async def test_j_and_k_move_in_the_timeline(archive: Archive) -> None:
    app = ReaderApp(archive)
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        await pilot.press(*"gauges OR welders OR farmers", "escape", "t")
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen)
        timeline = app.screen.query_one(OptionList)
        assert timeline.option_count >= 3 and timeline.highlighted == 0
        await pilot.press("j")
        assert timeline.highlighted == 1
        await pilot.press("j", "k")
        assert timeline.highlighted == 1


async def test_b_right_after_opening_bookmarks_the_question_on_screen(
    archive: Archive, private_state: Path
) -> None:
    app = ReaderApp(archive)
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        await pilot.press(*"hydrologist")  # the only match is in the lede; Q1 is on screen
        await settle(pilot)
        await pilot.press("escape", "enter", "b")
        await settle(pilot)
        marks = State(private_state, archive.articles).bookmarks()
        assert [(m.article_id, m.pair) for m in marks] == [("2021/sensors", 1)]
        assert any("Bookmarked Q1" in str(n.message) for n in app._notifications)


async def test_b_bookmarks_the_article_when_no_question_is_in_view(
    tmp_path: Path, private_state: Path
) -> None:
    lede = " ".join(["The records go back to the first survey of the river."] * 60)
    archive = write(tmp_path, {"2020/long.md": long_article(3).replace("Sok Pheap keeps", lede)})
    app = ReaderApp(archive)
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        await pilot.press("escape", "enter", "b")
        await settle(pilot)
        marks = State(private_state, archive.articles).bookmarks()
        assert [(m.article_id, m.pair) for m in marks] == [("2020/long", None)]
        assert any("Bookmarked the article" in str(n.message) for n in app._notifications)


async def test_the_outline_highlight_follows_the_brackets(tmp_path: Path) -> None:
    archive = write(tmp_path, {"2020/long.md": long_article(12)})
    app = ReaderApp(archive)
    async with app.run_test(size=(120, 32)) as pilot:
        await settle(pilot)
        await pilot.press("escape", "enter", "o")  # the outline opens with the focus
        await settle(pilot)
        outline = app.query_one(Outline)
        view = app.query_one(ArticleView)
        assert outline.has_focus
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert view.current_question() == 2
        assert outline.highlighted == 1
        await pilot.press("shift+tab")  # the article has the focus, the outline still follows
        assert view.has_focus
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert view.current_question() == 3 and outline.highlighted == 2
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert view.current_question() == 2 and outline.highlighted == 1


async def test_choosing_a_filter_redraws_the_whole_article(archive: Archive) -> None:
    app = ReaderApp(archive)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        view = app.query_one(ArticleView)
        assert view.article.id == "2022/cold-chain"
        await pilot.press("escape", "f")
        await settle(pilot)
        app.screen.filters = app.screen.filters.__class__(who=("Lina Okafor",))
        await settle(pilot)
        assert view.article.id == "2019/depot"
        shown = screen_text(view)
        assert shown.lstrip().startswith("Building the Rail Depot")
        assert "Cold Chain" not in shown


async def test_a_new_article_is_drawn_from_its_top_in_the_first_frame(
    tmp_path: Path,
) -> None:
    # The previous article was scrolled down, so its title headed the pane; the next one
    # must not be painted under that title, at the old scroll position, even for a frame.
    archive = write(tmp_path, {"2020/long.md": long_article(40), "2021/sensors.txt": PLAIN})
    app = ReaderApp(archive)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        view = app.query_one(ArticleView)
        assert view.article.id == "2021/sensors"
        view.show(archive.article("2020/long"), {})
        await settle(pilot)
        view.goto_question(30)
        await settle(pilot)
        assert view.scroll_offset.y > 0
        assert str(view.border_title) == "A Long Talk About Gauges"
        view.show(archive.article("2021/sensors"), {})
        # Nothing has been painted yet: what the next frame shows is the new article's top.
        assert view.scroll_offset.y == 0
        assert str(view.border_title) == ""
        assert view.render_line(0).text.strip() == "Sensors Along the River"


async def test_a_saved_search_keeps_its_filters_and_view(
    archive: Archive, private_state: Path
) -> None:
    app = ReaderApp(archive)
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        await pilot.press(*"rail OR farmers")
        await settle(pilot)
        assert len(listed(app)) == 2
        app.screen.filters = app.screen.filters.__class__(who=("Lina Okafor",))
        await settle(pilot)
        assert listed(app) == ["2019/depot"]
        await pilot.press("escape", "S", *"depot talk", "enter")
        await settle(pilot)
        assert any("with 1 filter" in str(n.message) for n in app._notifications)
        # Everything cleared, then the saved search runs again: the filter comes back.
        await pilot.press("F", "slash", *["backspace"] * 15)
        await settle(pilot)
        assert len(listed(app)) == 3
        await pilot.press("escape", "s", "enter")
        await settle(pilot)
        assert app.query_one("#query", Input).value == "rail OR farmers"
        assert app.screen.filters.who == ("Lina Okafor",)
        assert listed(app) == ["2019/depot"]


async def test_a_question_typed_in_one_burst_keeps_its_question_mark(archive: Archive) -> None:
    # Keys that arrive together (a fast typist, a terminal without bracketed paste):
    # the "?" at the end is typed, not taken for the help key of an empty box.
    app = ReaderApp(archive)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for char in "why rail?":
            key = {"?": "question_mark", " ": "space"}.get(char, char)
            app.post_message(events.Key(key, char))
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)
        assert app.query_one("#query", Input).value == "why rail?"


async def test_question_mark_in_the_empty_search_box_opens_the_help(archive: Archive) -> None:
    app = ReaderApp(archive)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        box = app.query_one("#query", Input)
        assert box.has_focus
        shown = {b.binding.description for b in app.screen.active_bindings.values()}
        assert {"Help", "Quit", "List", "Results"} <= shown  # keys that work while typing
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        # With text typed, "?" is part of the query (at a word's end, punctuation).
        await pilot.press(*"rail", "question_mark")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen) and box.value == "rail?"
        await pilot.press("f1")  # F1 opens it from anywhere
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "escape", "t")
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 36), (60, 20)])
async def test_side_panes_leave_the_article_its_width(archive: Archive, size) -> None:
    app = ReaderApp(archive)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press(*"rail", "escape", "o", "f")
        await settle(pilot)
        view = app.query_one(ArticleView)
        assert view.size.width + 6 >= min(46, size[0])  # the pane, with border and padding
        assert app.query_one(Outline).size.width >= 28
        await pilot.press("escape")  # back to the list: the panes that hid it close
        await settle(pilot)
        assert app.query_one(ResultsList).has_focus and app.query_one(ResultsList).size.width


def fake_tmux(folder: Path, status: int) -> Path:
    """A ``tmux`` that keeps what load-buffer is given (and answers with ``status``)."""
    kept = folder / "buffer.txt"
    script = folder / "tmux"
    script.write_text(f'#!/bin/sh\ncat > "{kept}"\nexit {status}\n', encoding="utf-8")
    script.chmod(0o755)
    return kept


@pytest.mark.parametrize("status", [0, 1])
async def test_y_inside_tmux_also_fills_its_paste_buffer(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, status: int
) -> None:
    tools = tmp_path / "bin"
    tools.mkdir()
    kept = fake_tmux(tools, status)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("TMUX", "/tmp/tmux-test/default,1,0")
    app = ReaderApp(archive)
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        await pilot.press(*"farmers")
        await settle(pilot)
        await pilot.press("escape", "enter", "y")
        await settle(pilot)
        assert copied and kept.read_text(encoding="utf-8") == copied[0]
        notices = [str(n.message) for n in app._notifications]
        assert len(notices) == 1
        if status == 0:
            assert "and put in tmux's paste buffer (prefix ] pastes it)" in notices[0]
        else:
            assert "tmux's paste buffer could not be reached" in notices[0]
        assert notices[0].endswith("brreader quote 2021/sensors --pair 1 --with-question")


async def test_the_article_id_is_shown_and_the_palette_lists_the_reader_actions(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TMUX", raising=False)
    app = ReaderApp(archive)
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        assert "id: 2022/cold-chain" in screen_text(app.query_one(ArticleView))
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for wanted in ("Filters", "Timeline", "Outline", "Export results", "Saved searches"):
            assert wanted in titles
        await pilot.press(*"rail")
        await settle(pilot)
        app.screen.filters = app.screen.filters.__class__(year=(2019,))
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Export results")
        await settle(pilot, 0.6)
        await pilot.press("enter")
        await settle(pilot)
        assert copied == ["brreader search --year 2019 --format csv -- rail > results.csv"]


async def test_the_filter_panel_has_a_cursor_and_takes_a_span_of_years(
    tmp_path: Path,
) -> None:
    archive = write(
        tmp_path,
        {"2021/sensors.txt": PLAIN, "2019/depot.txt": LABELLED, "2022/cold-chain.md": FRONT_MATTER},
    )
    app = ReaderApp(archive)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("escape", "f")
        await settle(pilot)
        panel = app.query_one(FilterPanel)
        assert panel.has_focus and panel.highlighted is not None  # Enter works at once
        assert not panel.get_option_at_index(panel.highlighted).disabled
        labels = [panel.get_option_at_index(i).prompt.plain for i in range(panel.option_count)]
        start = next(i for i, label in enumerate(labels) if "from year" in label)
        panel.highlighted = start
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"2021", "enter")
        await settle(pilot)
        assert listed(app) == ["2022/cold-chain", "2021/sensors"]  # 2021 or later
        assert "from: 2021" in app.query_one(FilterChips).query(Button).first().label.plain
        labels = [panel.get_option_at_index(i).prompt.plain for i in range(panel.option_count)]
        assert any(label.startswith("✓") and "from 2021" in label for label in labels)
        panel.highlighted = next(i for i, label in enumerate(labels) if "to year" in label)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"2021", "enter")
        await settle(pilot)
        assert listed(app) == ["2021/sensors"]
        await pilot.press("F")  # every filter goes, the span too
        await settle(pilot)
        assert len(listed(app)) == 3


async def test_a_bookmarked_question_is_marked_in_the_article_with_its_note(
    archive: Archive, private_state: Path
) -> None:
    app = ReaderApp(archive)
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(pilot)
        await pilot.press(*"welders")
        await settle(pilot)
        view = app.query_one(ArticleView)
        await pilot.press("escape", "enter")
        view.goto_question(2)
        await pilot.pause()
        await pilot.press("B")
        await settle(pilot)
        await pilot.press(*"Training budgets matter", "enter")
        await settle(pilot)
        lines = [line.strip() for line in screen_text(view).splitlines()]
        question = lines.index("Q2  What comes next?")
        assert lines[question + 1] == "★ bookmarked: Training budgets matter"
        assert view.current_question() == 2  # the place is kept
        await pilot.press("b")  # the bookmark goes, and its marker with it
        await settle(pilot)
        assert "★ bookmarked" not in screen_text(view)
        # Reopened later, the article shows its bookmarks from the start.
        State(private_state, archive.articles).add_bookmark("2019/depot", None, "whole piece")
        app.state = app.screen.state = State(private_state, archive.articles)
        app.query_one("#query", Input).value = "rail"
        await settle(pilot)
        assert "★ bookmarked: whole piece" in screen_text(view)


async def test_long_filter_values_keep_every_line_when_the_panel_scrolls(tmp_path: Path) -> None:
    # At 80x24 the panel's scroll bar appeared after the values were measured, and a
    # name that then needed two lines lost its second ("Dana" without "Abdrakhmanova").
    files = {
        f"2020/talk-{n:02}.md": f"---\ntitle: Talk {n}\ninterviewee: Person Number{n:02}\n---\n"
        "Q: Which rail?\n\nA: The old rail.\n"
        for n in range(30)
    }
    files["2021/dana.md"] = (
        "---\ntitle: Wagons\ninterviewee: Dana Abdrakhmanova\n---\nQ: Rail?\n\nA: Rail.\n"
    )
    archive = write(tmp_path, files)
    app = ReaderApp(archive)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape", "f")
        await settle(pilot)
        panel = app.query_one(FilterPanel)
        lines = [panel.render_line(y).text.strip() for y in range(panel.size.height)]
        dana = next(i for i, line in enumerate(lines) if line.endswith("Dana"))
        assert lines[dana + 1] == "Abdrakhmanova"
