"""How the reader's panes share the width, so the article never gets too narrow to read.

Beside the article sit the list, and on demand the filter panel (left) and the
outline or 'asked elsewhere' list (right). When they do not all fit next to
an article of :data:`ARTICLE_MIN` columns, they give way in this order: the
list narrows to its least width, then the side panes take its place (it comes
back when they close), then the outline (or related list) moves below the
article. Below 80 columns the list sits above the article, an open filter
panel or outline takes its place, and the outline goes below the article.
The widths here are the ones ``app.tcss`` gives the panes.
"""

from __future__ import annotations

from dataclasses import dataclass

ARTICLE_MIN = 46  # the article pane, with border, padding and scroll bar: 40 columns of text
LIST_MIN = 28
FILTERS = 30
OUTLINE = 34
RELATED = 40
STACKED_BELOW = 80  # narrower terminals put the list above the article


@dataclass(frozen=True)
class Arrangement:
    """Which panes give way; each is a class on the screen that ``app.tcss`` styles."""

    list_slim: bool = False
    list_hidden: bool = False
    side_below: bool = False

    def classes(self) -> dict[str, bool]:
        return {
            "-list-slim": self.list_slim,
            "-list-hidden": self.list_hidden,
            "-side-below": self.side_below,
        }


def list_width(width: int) -> int:
    """The list's own width on a terminal ``width`` wide (40 %, between 28 and 60)."""
    return min(max(width * 2 // 5, LIST_MIN), 60)


def arrange(width: int, *, filters: bool, side: int) -> Arrangement:
    """How to place the panes on a terminal ``width`` wide.

    ``filters``: the filter panel is open; ``side``: the width of the pane open
    right of the article (0: none).
    """
    left = FILTERS if filters else 0
    if width < STACKED_BELOW:
        return Arrangement(list_hidden=filters or bool(side), side_below=bool(side))
    if left + side + list_width(width) + ARTICLE_MIN <= width:
        return Arrangement()
    if left + side + LIST_MIN + ARTICLE_MIN <= width:
        return Arrangement(list_slim=True)
    if left + side + ARTICLE_MIN <= width:
        return Arrangement(list_hidden=True)
    return Arrangement(list_hidden=True, side_below=bool(side))


def side_width(open_side: str) -> int:
    """The width of the pane right of the article: "outline", "related" or "" (none)."""
    return {"outline": OUTLINE, "related": RELATED}.get(open_side, 0)
