"""SVG snapshots of the reader on fixed data; renew them with --snapshot-update."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from brreader.tui.app import ReaderApp
from tests.test_tui import FRONT_MATTER, LABELLED, PLAIN, settle, write


@pytest.fixture
def app(tmp_path: Path) -> ReaderApp:
    archive = write(
        tmp_path,
        {"2021/sensors.txt": PLAIN, "2019/depot.txt": LABELLED, "2022/cold-chain.md": FRONT_MATTER},
    )
    archive.update()
    return ReaderApp(archive, update_index=False)


def typing(query: str, *keys: str):
    async def run_before(pilot) -> None:
        # The reader screen composes itself once the app runs; wait for it as run_test does.
        await pilot.pause()
        pilot.app.query_one(Input).cursor_blink = False
        await settle(pilot)
        await pilot.press(*query)
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


def test_start_screen(snap_compare, app: ReaderApp) -> None:
    assert snap_compare(app, terminal_size=(100, 30), run_before=typing(""))


def test_search_highlights_the_top_hit(snap_compare, app: ReaderApp) -> None:
    assert snap_compare(app, terminal_size=(100, 30), run_before=typing("farmers OR pumps"))


def test_narrow_terminal_stacks_the_panes(snap_compare, app: ReaderApp) -> None:
    assert snap_compare(app, terminal_size=(60, 20), run_before=typing("rail", "escape"))


def test_a_long_query_error_is_cropped_on_its_line(snap_compare, app: ReaderApp) -> None:
    """The line under the box keeps its row: the error in its colour, cut with an ellipsis."""

    async def run_before(pilot) -> None:
        await typing("rail")(pilot)
        pilot.app.query_one(Input).value = "rail colour:red"  # one search: the list stays
        await settle(pilot)

    assert snap_compare(app, terminal_size=(60, 20), run_before=run_before)


def test_outline_and_current_match(snap_compare, app: ReaderApp) -> None:
    keys = ("escape", "n", "o")
    assert snap_compare(
        app, terminal_size=(110, 30), run_before=typing("gauges OR altimetry", *keys)
    )


def test_help_screen(snap_compare, app: ReaderApp) -> None:
    assert snap_compare(
        app, terminal_size=(100, 30), run_before=typing("", "escape", "question_mark")
    )


def test_filter_panel_with_an_active_filter(snap_compare, app: ReaderApp) -> None:
    keys = ("tab", "f", "down", "down", "enter")
    assert snap_compare(app, terminal_size=(110, 30), run_before=typing("", *keys))


# Issue 19: with the filter panel and the outline open, the article stays readable.
@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
def test_filter_panel_and_outline_leave_a_readable_article(
    snap_compare, app: ReaderApp, size: tuple[int, int]
) -> None:
    keys = ("escape", "o", "f")
    assert snap_compare(app, terminal_size=size, run_before=typing("rail", *keys))


def test_help_from_the_empty_search_box(snap_compare, app: ReaderApp) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=typing("", "question_mark"))


ZH_INTERVIEW = (
    "---\ntitle: 北斗学堂里的年轻工程师\noutlet: 《远山科技报》\ninterviewee: 林晓岚\n"
    "published: 2025-03-14\n---\n"
    "记者：你们的合作是怎样开始的？\n\n"
    "林晓岚：我们从一个小小的联合实验室开始，后来变成了一带一路沿线的培训网络，"
    "每年有两百名学员在这里学习卫星导航和遥感数据处理。\n\n"
    "记者：学员们最需要什么？\n\n"
    "林晓岚：他们需要动手的机会，需要在真实的卫星数据上练习合作，而不只是听课。\n"
)
AR_INTERVIEW = (
    "---\ntitle: مختبرات الصحراء\noutlet: مجلة آفاق العلوم\ninterviewee: سلمى الرفاعي\n"
    "published: 2024-11-02\n---\n"
    "س: كيف بدأ التعاون بين الجامعتين؟\n\n"
    "ج: بدأ تعاون صغير بين مختبرين، ثم كبر حتى شمل الطلاب.\n"
)


def test_chinese_and_arabic_line_up(snap_compare, tmp_path: Path) -> None:
    """Double-width characters take two cells in the list, the viewer and the outline;
    Arabic stays in logical order inside the layout."""
    archive = write(
        tmp_path,
        {"zh.md": ZH_INTERVIEW, "ar.md": AR_INTERVIEW, "2021/sensors.txt": PLAIN},
    )
    archive.update()
    app = ReaderApp(archive, update_index=False)
    assert snap_compare(
        app, terminal_size=(100, 30), run_before=typing("合作 OR التعاون", "escape", "o")
    )
