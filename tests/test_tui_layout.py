"""How the reader's panes give way so the article keeps a readable width (issue 19)."""

from __future__ import annotations

import pytest

from brreader.tui.screens._reader_layout import (
    ARTICLE_MIN,
    FILTERS,
    LIST_MIN,
    OUTLINE,
    Arrangement,
    arrange,
    list_width,
)


def article_width(width: int, filters: bool, side: int, placed: Arrangement) -> int:
    """What is left for the article pane once the others have taken their columns."""
    if width < 80:
        return width - (0 if placed.side_below else side)
    used = FILTERS if filters else 0
    used += 0 if placed.side_below else side
    if not placed.list_hidden:
        used += LIST_MIN if placed.list_slim else list_width(width)
    return width - used


@pytest.mark.parametrize("width", [60, 79, 80, 100, 120, 160, 200])
@pytest.mark.parametrize("filters", [False, True])
@pytest.mark.parametrize("side", [0, OUTLINE])
def test_the_article_always_keeps_its_least_width(width: int, filters: bool, side: int) -> None:
    placed = arrange(width, filters=filters, side=side)
    assert article_width(width, filters, side, placed) >= min(ARTICLE_MIN, width)


def test_the_panes_give_way_in_order() -> None:
    assert arrange(200, filters=True, side=OUTLINE) == Arrangement()  # all fit as they are
    assert arrange(120, filters=True, side=0) == Arrangement(list_slim=True)
    assert arrange(120, filters=True, side=OUTLINE) == Arrangement(list_hidden=True)
    assert arrange(80, filters=False, side=OUTLINE) == Arrangement(list_hidden=True)
    assert arrange(80, filters=True, side=OUTLINE) == Arrangement(list_hidden=True, side_below=True)
    # Below 80 columns the list is above the article: the panel takes its place there.
    assert arrange(60, filters=True, side=0) == Arrangement(list_hidden=True)
    assert arrange(60, filters=False, side=0) == Arrangement()
