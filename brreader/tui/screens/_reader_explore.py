"""The reader's exploring actions: the filter panel, 'asked elsewhere' and the timeline.

Plain functions of the :class:`~brreader.tui.screens.ReaderScreen` they act
on, called from its actions and message handlers (the key bindings stay in
one list there). They start the work in ``_reader_work`` and show what it
finds; the filters themselves are the screen's ``filters`` reactive.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from brreader.search import Timeline
from brreader.tui.screens import _reader_work as work
from brreader.tui.screens._keep import AskScreen
from brreader.tui.screens._timeline import TimelineScreen
from brreader.tui.widgets import ArticleView, FilterPanel, ResultsList
from brreader.tui.widgets._filters import with_value

if TYPE_CHECKING:
    from brreader.tui.screens._reader import ReaderScreen


def toggle_filters(screen: ReaderScreen) -> None:
    """Show the filter panel with counts for the query (or hide it)."""
    panel = screen.query_one(FilterPanel)
    panel.display = not panel.display
    screen.arrange_panes()
    if panel.display:
        panel.show(None, screen.filters)
        work.load_facets(screen, screen.archive, screen.query_text, screen.filters)
        panel.focus()
    else:
        screen.query_one(ResultsList).focus()


def find_related(screen: ReaderScreen) -> None:
    """Look for the current question asked elsewhere."""
    viewer = screen.query_one(ArticleView)
    article = viewer.article
    if article is None or not article.pairs:
        screen.notify("Open an article with questions to see them asked elsewhere.")
        return
    number = min(max(viewer.question_in_view(), 1), len(article.pairs))
    work.find_related(screen, screen.archive, article.id, number)


def find_timeline(screen: ReaderScreen) -> None:
    """Look for the query's matching pairs in date order."""
    text = screen.query_text
    if not text.strip():
        screen.notify("Type a query first: the timeline lists its matching pairs by date.")
        return
    work.load_timeline(screen, screen.archive, text, screen.filters)


def show_timeline(screen: ReaderScreen, timeline: Timeline) -> None:
    """Show the timeline; the pair chosen there opens in the reader."""

    def opened(chosen: tuple[str, int] | None) -> None:
        if chosen is not None:
            screen.open_at(*chosen)

    screen.app.push_screen(TimelineScreen(timeline), opened)


def ask_year(screen: ReaderScreen, end: str) -> None:
    """Ask for the first ("from") or last ("to") year of a span; empty removes that end."""
    shown = screen.filters.start if end == "from" else screen.filters.end
    question = (
        "From which year (this year or later)?"
        if end == "from"
        else ("To which year (this year or earlier)?")
    )

    def answered(value: str | None) -> None:
        if value is None:
            return  # Esc: nothing changes
        if not value:
            screen.filters = with_value(screen.filters, end, "", on=False)
        elif value.isdigit() and len(value) == 4:
            screen.filters = with_value(screen.filters, end, value, on=True)
        else:
            screen.notify(f"A year is four digits, like 2024, not {value!r}.", severity="warning")

    current = str(shown.year) if shown else ""
    screen.app.push_screen(AskScreen(question, current, "2024 (empty: no limit)"), answered)
