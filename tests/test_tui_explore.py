"""The reader's exploring tools, with Pilot: filters, asked elsewhere, did you mean, timeline."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button, Input, OptionList, Static

from brreader.search import Archive
from brreader.tui.app import ReaderApp
from brreader.tui.screens import HelpScreen, TimelineScreen
from brreader.tui.widgets import (
    ArticleView,
    FilterChips,
    FilterPanel,
    RelatedList,
    ResultsList,
    StatusLine,
)
from tests.test_tui import FRONT_MATTER, LABELLED, PLAIN, settle, write

# Shares "gauges", "farmers" and "planting" with PLAIN's pairs: it is asked elsewhere.
GAUGES = """\
---
title: Gauges on the Sekong
outlet: Harbour Line Weekly
published: 2023-05-02
interviewee: Vong Sisavath
tags: [water]
---
Vong Sisavath, an engineer in Attapeu, maintains river gauges.

Q: Do farmers read the gauges themselves?

A: Farmers check the gauges before planting, and the readings travel by phone.

Q: What breaks most often?

A: Solar panels, after the dust storms.
"""


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    return write(
        tmp_path,
        {
            "2021/sensors.txt": PLAIN,
            "2019/depot.txt": LABELLED,
            "2022/cold-chain.md": FRONT_MATTER,
            "2023/gauges.txt": GAUGES,
        },
    )


def listed(app: ReaderApp) -> list[str]:
    results = app.query_one(ResultsList)
    return [results.get_option_at_index(i).id or "" for i in range(results.option_count)]


def options(widget: OptionList) -> list[str]:
    return [widget.get_option_at_index(i).prompt.plain for i in range(widget.option_count)]


async def test_filter_panel_counts_narrows_and_chips_undo(archive: Archive) -> None:
    app = ReaderApp(archive)
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "f")
        await settle(pilot)
        panel = app.query_one(FilterPanel)
        assert panel.display and panel.has_focus
        shown = options(panel)
        assert "      2 Harbour Line Weekly" in shown  # two articles from that outlet
        assert "Year (4)" in shown
        # Choose the outlet: the list narrows, a chip appears, the value is ticked.
        panel.highlighted = shown.index("      2 Harbour Line Weekly")
        await pilot.press("enter")
        await settle(pilot)
        assert listed(app) == ["2023/gauges", "2021/sensors"]
        assert str(app.query_one("#results-count", Static).render()) == "2 articles"
        chips = app.query_one(FilterChips)
        assert chips.display
        assert [str(b.label) for b in chips.query(Button)] == ["outlet: Harbour Line Weekly ✕"]
        assert "✓     2 Harbour Line Weekly" in options(panel)
        # The counts follow the query typed with the filter in force.
        await pilot.press("slash", *"farmers")
        await settle(pilot)
        # Ranked now: the sensors interview's lede and a question are about farmers.
        assert listed(app) == ["2021/sensors", "2023/gauges"]
        assert "Interviewee (2)" in options(panel)
        # Pressing the chip removes the filter.
        await pilot.click(chips.query_one(Button))
        await settle(pilot)
        assert not chips.display
        assert sorted(listed(app)) == ["2021/sensors", "2023/gauges"]
        await pilot.press("slash", *("backspace",) * 7)
        await settle(pilot)
        assert len(listed(app)) == 4


async def test_shift_f_clears_every_filter(archive: Archive) -> None:
    app = ReaderApp(archive)
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "f")
        await settle(pilot)
        panel = app.query_one(FilterPanel)
        panel.highlighted = options(panel).index("      1 Lina Okafor")
        await pilot.press("enter")
        await settle(pilot)
        assert listed(app) == ["2019/depot"]
        await pilot.press("F")
        await settle(pilot)
        assert len(listed(app)) == 4
        assert not app.query_one(FilterChips).display


async def test_r_lists_the_pair_asked_elsewhere_and_opens_it(archive: Archive) -> None:
    app = ReaderApp(archive)
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        await pilot.press(*"farmers gauges")
        await settle(pilot)
        view = app.query_one(ArticleView)
        assert view.article.id == "2023/gauges"  # the best hit opens first
        await pilot.press("tab", "tab")  # into the viewer
        view.goto_question(1)
        await pilot.press("r")
        await settle(pilot)
        related = app.query_one(RelatedList)
        assert related.display and related.has_focus
        assert related.border_title == "Asked elsewhere (Q1)"
        first = options(related)[0]
        assert first.startswith("Sensors Along the River\n2021-03-03 · Dara Kheng")
        assert "Q2 What do farmers gain from it?" in first
        assert "Gauges on the Sekong" not in "".join(options(related))  # never itself
        await pilot.press("enter")
        await settle(pilot)
        assert view.article.id == "2021/sensors"
        assert view.question == 2
        assert view.has_focus
        await pilot.press("r", "escape")
        await settle(pilot)
        assert not related.display


async def test_did_you_mean_on_empty_and_on_few_results(archive: Archive) -> None:
    app = ReaderApp(archive)
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        await pilot.press(*"mekog")
        await settle(pilot)
        status = app.query_one("#query-status", StatusLine)
        assert str(status.render()) == "No matches. Did you mean: mekong  (Enter)"
        await pilot.press("enter")
        await settle(pilot)
        assert app.query_one("#query", Input).value == "mekong"
        # The interview that mentions the Mekong ranks above the one only published
        # by "Mekong Science Review" (the outlet weighs least).
        assert listed(app) == ["2021/sensors", "2022/cold-chain"]
        assert not status.message and not str(status.render())
        # One match and a misspelt word: the correction is offered on Enter only.
        await pilot.press(*("backspace",) * 6, *"welders OR pumpz")
        await settle(pilot)
        assert listed(app) == ["2019/depot"]
        assert not status.message and not str(status.render())  # not per keystroke
        await pilot.press("enter")
        await settle(pilot)
        assert str(status.render()) == "1 match. Did you mean: welders OR pumps  (Enter)"
        assert app.query_one("#query", Input).has_focus
        await pilot.press("enter")
        await settle(pilot)
        assert app.query_one("#query", Input).value == "welders OR pumps"
        assert sorted(listed(app)) == ["2019/depot", "2021/sensors"]


async def test_t_shows_the_timeline_and_opens_a_pair(archive: Archive) -> None:
    app = ReaderApp(archive)
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "t")  # no query yet: a notice, no screen
        await settle(pilot)
        assert not isinstance(app.screen, TimelineScreen)
        assert any("Type a query first" in str(n.message) for n in app._notifications)
        await pilot.press("slash", *"farmers OR welders")
        await settle(pilot)
        await pilot.press("tab", "t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        heading = str(screen.query_one("#timeline-heading", Static).render())
        assert heading == "Timeline of 'farmers OR welders': 3 pairs in 3 articles"
        lines = options(screen.query_one(OptionList))
        assert [line.split("\n")[0][:10] for line in lines] == [
            "2019-06-02", "2021-03-03", "2023-05-02"
        ]  # fmt: skip
        assert lines[1].split("\n")[1] == "Q2 What do farmers gain from it?"
        await pilot.press("question_mark")  # help is in reach on the timeline too
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, TimelineScreen)
        view = app.query_one(ArticleView)
        assert (view.article.id, view.question) == ("2021/sensors", 2)
