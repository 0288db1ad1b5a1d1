"""The reader, driven with Textual's Pilot: search as you type, read, walk the matches."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static
from textual.worker import WorkerCancelled

from brreader.search import Archive
from brreader.tui.app import ReaderApp
from brreader.tui.screens import HelpScreen
from brreader.tui.widgets import ArticleView, Outline, ResultsList, StatusLine
from tests.conftest import FRONT_MATTER, LABELLED, PLAIN

HOSTILE = PLAIN.replace(
    "twelve gauges", "twelve [bold red]gauges[/bold red] \x1b]52;c;aGk=\x07 \x1b[2J\x07"
)


def write(root: Path, files: dict[str, str]) -> Archive:
    for name, text in files.items():
        (root / "articles" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "articles" / name).write_text(text, encoding="utf-8")
    return Archive(root / "articles", root / "index")


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    return write(
        tmp_path,
        {"2021/sensors.txt": PLAIN, "2019/depot.txt": LABELLED, "2022/cold-chain.md": FRONT_MATTER},
    )


async def settle(pilot, delay: float = 0.3) -> None:
    """Let the debounce timer fire and every worker report back."""
    await pilot.pause(delay)
    await workers_done(pilot.app)
    await pilot.pause()
    await workers_done(pilot.app)
    await pilot.pause()


async def workers_done(app) -> None:  # type: ignore[no-untyped-def]
    """Wait until no worker runs. A search that a newer one replaces is cancelled (the
    reader drops stale work so): then wait for the newer one. A failed worker still raises."""
    for _ in range(100):
        try:
            await app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            continue
    raise AssertionError("workers kept being replaced")


async def until(pilot, done, seconds: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    """Pause until ``done()`` holds: for work that settle's single round may not see through
    on a loaded machine (a read started after the workers were waited for)."""
    for _ in range(int(seconds / 0.05)):
        if done():
            return
        await pilot.pause(0.05)
    raise AssertionError("the reader never got there")


def screen_text(view: ArticleView) -> str:
    return "\n".join(view.render_line(y).text for y in range(view.size.height))


async def test_start_lists_every_article_newest_first(archive: Archive) -> None:
    app = ReaderApp(archive)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        results = app.query_one(ResultsList)
        assert [results.get_option_at_index(i).id for i in range(results.option_count)] == [
            "2022/cold-chain", "2021/sensors", "2019/depot"
        ]  # fmt: skip
        assert str(app.query_one("#results-count", Static).render()) == "3 articles"
        assert app.query_one(ArticleView).article.id == "2022/cold-chain"


async def test_typing_searches_and_shows_the_top_hit_with_highlights(archive: Archive) -> None:
    app = ReaderApp(archive)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"farmers")
        await settle(pilot)
        results = app.query_one(ResultsList)
        assert results.option_count == 1
        assert str(app.query_one("#results-count", Static).render()) == "1 article matches"
        prompt = results.get_option_at_index(0).prompt
        assert "Q2 What do farmers gain from it?" in prompt.plain  # the best question
        view = app.query_one(ArticleView)
        assert view.article.id == "2021/sensors"
        assert view.match_count == 2  # lede and question 2 ("farmers")
        assert view.current == 0
        assert view.pair_hits == [0, 1, 0]


async def test_n_and_brackets_walk_matches_and_questions(archive: Archive) -> None:
    app = ReaderApp(archive)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"gauges OR pumps OR altimetry")
        await settle(pilot)
        await pilot.press("escape")
        view = app.query_one(ArticleView)
        # gauges (pair 1), pumps (pair 2), altimetry and gauges again (pair 3)
        assert view.match_count == 4 and view.current == 0
        await pilot.press("n")
        assert view.current == 1
        assert "match 2/4 · Q2" in str(view.border_subtitle)
        await pilot.press("n", "n", "n")
        assert view.current == 0  # wraps around
        await pilot.press("N")
        assert view.current == 3
        assert "match 4/4 · Q3" in str(view.border_subtitle)
        assert view.current_question() == 3
        await pilot.press("left_square_bracket")
        assert view.current_question() == 2
        assert "Q2" in str(view.border_subtitle)
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert view.current_question() == 1  # no question before the first
        await pilot.press("right_square_bracket")
        assert view.current_question() == 2
        assert view.current == 1  # the first match of that pair


async def test_outline_lists_questions_with_counts_and_jumps(archive: Archive) -> None:
    app = ReaderApp(archive)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"farmers")
        await settle(pilot)
        await pilot.press("escape", "o")
        await pilot.pause()
        outline = app.query_one(Outline)
        assert outline.display and outline.has_focus
        assert outline.option_count == 3
        assert "1" in outline.get_option_at_index(1).prompt.plain
        view = app.query_one(ArticleView)
        assert outline.highlighted == 0  # the first match is in the lede: before Q1
        await pilot.press("j")
        await pilot.pause()
        assert view.current_question() == 2
        await pilot.press("j")
        await pilot.pause()
        assert view.current_question() == 3
        await pilot.press("o")
        assert not outline.display


async def test_query_errors_and_suggestions_show_under_the_input(archive: Archive) -> None:
    app = ReaderApp(archive)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"colour:red")
        await settle(pilot)
        status = app.query_one("#query-status", StatusLine)
        assert status.message and status.has_class("-error")
        assert "unknown field 'colour:'" in str(status.render())
        query = app.query_one("#query", Input)
        query.value = "mekog"
        await settle(pilot)
        assert "Did you mean: mekong" in str(status.render())
        assert app.query_one(ResultsList).option_count == 0
        await pilot.press("enter")
        await settle(pilot)
        assert query.value == "mekong"
        assert app.query_one(ResultsList).option_count == 2
        assert not status.message and not str(status.render())


async def test_keys_outside_the_input_help_and_quit(archive: Archive) -> None:
    app = ReaderApp(archive)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("q")  # typed into the search box, not a quit
        assert app.query_one("#query", Input).value == "q"
        assert app.is_running
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("slash")
        assert app.query_one("#query", Input).has_focus
        await pilot.press("escape", "q")
        await pilot.pause()
        assert not app.is_running


async def test_enter_opens_the_article_and_moving_shows_the_next(archive: Archive) -> None:
    app = ReaderApp(archive)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("escape", "j")
        await settle(pilot)
        assert app.query_one(ArticleView).article.id == "2021/sensors"
        await pilot.press("enter")
        assert app.query_one(ArticleView).has_focus


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (200, 60)])
async def test_small_and_large_terminals_render(archive: Archive, size) -> None:
    app = ReaderApp(archive)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        view = app.query_one(ArticleView)
        assert view.size.width > 20 and view.size.height >= 5
        assert app.query_one(ResultsList).size.height >= 3
        assert app.screen.has_class("-narrow") == (size[0] < 80)
        assert "Vaccines in the Cold Chain" in screen_text(view)


async def test_markup_and_control_characters_are_shown_literally(tmp_path: Path) -> None:
    archive = write(tmp_path, {"x.txt": HOSTILE})
    app = ReaderApp(archive)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        view = app.query_one(ArticleView)
        text = screen_text(view)
        assert "[bold red]gauges[/bold red]" in text
        assert "\x1b" not in text and "\x07" not in text


async def test_index_is_built_in_the_background_on_first_start(tmp_path: Path) -> None:
    archive = write(tmp_path, {"a.txt": PLAIN, "b.txt": LABELLED})
    assert not (tmp_path / "index").exists()
    app = ReaderApp(archive)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert app.query_one(ResultsList).option_count == 2
        assert str(app.query_one("#index-status", Static).render()) == ""


async def test_bad_files_are_reported_in_a_notice(tmp_path: Path) -> None:
    archive = write(tmp_path, {"a.txt": PLAIN, "empty.txt": ""})
    app = ReaderApp(archive)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("Skipped empty.txt" in m for m in messages), messages


async def test_a_huge_article_opens_at_once_and_lays_out_in_the_background(tmp_path: Path) -> None:
    parts = ["Outlet", "", "Long Talk", "", "June 1, 2024", "", "Dara Kheng talks.", ""]
    for number in range(1500):
        word = "needle" if number == 1400 else "hay"
        parts += [f"Question {number} about {word}?", "", "An answer of some length. " * 6, ""]
    archive = write(tmp_path, {"big.txt": "\n".join(parts)})
    archive.update()
    big = archive.article("big")
    app = ReaderApp(archive, update_index=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        view = app.query_one(ArticleView)
        view.show(big, archive.query_terms("needle"))
        assert not view.ready  # only the first screens are laid out ...
        assert "Long Talk" in screen_text(view)  # ... and they are already drawn
        for _ in range(200):
            if view.ready:
                break
            await pilot.pause(0.02)
        assert view.ready and len(view.pair_hits) == 1500
        assert view.current == 0  # it followed the first match once it was laid out
        assert view.current_question() == 1401
        assert "needle" in screen_text(view)
        view.show(big, archive.query_terms("needle"))
        view.next_match()  # a far jump lays out what it needs at once
        assert view.current_question() == 1401


async def test_more_results_load_when_the_cursor_reaches_the_end(tmp_path: Path) -> None:
    files = {
        f"a{n:02d}.txt": PLAIN.replace("Mekong", f"Mekong{' delta' * (n % 4)}") for n in range(60)
    }
    archive = write(tmp_path, files)
    archive.update()
    app = ReaderApp(archive, update_index=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"mekong")
        await settle(pilot)
        results = app.query_one(ResultsList)
        assert results.option_count == 50
        count = str(app.query_one("#results-count", Static).render())
        assert count == "60 articles match (best 50; more as you scroll)"
        await pilot.press("escape", "end")
        await settle(pilot)
        assert results.option_count == 60
        assert results.highlighted == 49  # the cursor stays where it was
        assert str(app.query_one("#results-count", Static).render()) == "60 articles match"


async def test_a_long_list_is_completed_after_its_first_screen_unless_replaced(
    tmp_path: Path,
) -> None:
    files = {
        f"a{n:02d}.txt": PLAIN.replace("Mekong", f"Mekong{' delta' * (n % 4)}") for n in range(40)
    }
    archive = write(tmp_path, files)
    archive.update()
    every = archive.search("mekong", limit=40, snippets=False).hits
    some = archive.search("delta", limit=40, snippets=False).hits
    app = ReaderApp(archive, update_index=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        results = app.query_one(ResultsList)
        results.show_hits(every)
        assert 0 < results.option_count < len(every)  # the first screen at once...
        await settle(pilot)
        assert results.option_count == len(every)  # ...the rest once it is drawn
        results.show_hits(every)
        results.show_hits(some)  # a newer list before the old one was completed
        await settle(pilot)
        assert results.option_count == len(some) == 30
        listed = [results.get_option_at_index(i).id for i in range(results.option_count)]
        assert listed == [h.info.id for h in some]
