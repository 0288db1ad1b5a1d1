"""The reader's exploring tools: filter panel and chips, 'asked elsewhere', the timeline.

A mixin of :class:`~brreader.tui.app.ReaderApp`, kept in its own module so
the app stays readable. Work runs in thread workers that post the messages
defined here; the app's search box, list and viewer do the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App
from textual.message import Message
from textual.widgets import Input

from brreader.search import Archive, FacetCounts, Filters, RelatedPair, Timeline
from brreader.textsafe import clean_line
from brreader.tui.screens import TimelineScreen
from brreader.tui.widgets import (
    ArticleView,
    FilterChips,
    FilterPanel,
    Outline,
    RelatedList,
    ResultsList,
)
from brreader.tui.widgets._filters import active_values, with_value

TIMELINE_LIMIT = 500  # pairs the timeline view lists


class Explore(App[None]):
    """Filters with facet counts (f, F, chips), related pairs (r) and the timeline (t)."""

    archive: Archive
    _br_filters: Filters
    _br_view: str

    if TYPE_CHECKING:

        def _search(self, limit: int = ..., keep: int | None = ...) -> None: ...

        def _open_at(self, article_id: str, number: int) -> None: ...

    class FacetsLoaded(Message):
        def __init__(self, query: str, filters: Filters, counts: FacetCounts | None) -> None:
            super().__init__()
            self.query = query
            self.filters = filters
            self.counts = counts

    class RelatedFound(Message):
        def __init__(self, number: int, pairs: tuple[RelatedPair, ...], error: str = "") -> None:
            super().__init__()
            self.number = number
            self.pairs = pairs
            self.error = error

    class TimelineLoaded(Message):
        def __init__(self, timeline: Timeline | None, error: str = "") -> None:
            super().__init__()
            self.timeline = timeline
            self.error = error

    @work(thread=True, exclusive=True, group="facets")
    def load_facets(self, text: str, filters: Filters) -> None:
        try:
            counts: FacetCounts | None = self.archive.facets(text, filters)
        except Exception:  # noqa: BLE001 - a query error is shown by the search already
            counts = None
        self.post_message(self.FacetsLoaded(text, filters, counts))

    @work(thread=True, exclusive=True, group="related")
    def find_related(self, article_id: str, number: int) -> None:
        try:
            pairs = self.archive.related(article_id, number)
        except Exception as error:  # noqa: BLE001 - shown to the user, never a traceback
            self.post_message(self.RelatedFound(number, (), clean_line(str(error))))
        else:
            self.post_message(self.RelatedFound(number, pairs))

    @work(thread=True, exclusive=True, group="timeline")
    def load_timeline(self, text: str, filters: Filters) -> None:
        try:
            timeline = self.archive.timeline(text, filters=filters, limit=TIMELINE_LIMIT)
        except Exception as error:  # noqa: BLE001 - e.g. a query error, shown as a notice
            self.post_message(self.TimelineLoaded(None, clean_line(str(error))))
        else:
            self.post_message(self.TimelineLoaded(timeline))

    def _set_filters(self, filters: Filters) -> None:
        self._br_filters = filters
        self.query_one(FilterChips).show(filters, self._br_view)
        if self.query_one(FilterPanel).display:
            self.query_one(FilterPanel).show(None, filters)
        self._search()

    def action_toggle_filters(self) -> None:
        panel = self.query_one(FilterPanel)
        panel.display = not panel.display
        if panel.display:
            panel.show(None, self._br_filters)
            self.load_facets(self.query_one("#query", Input).value, self._br_filters)
            panel.focus()
        else:
            self.query_one(ResultsList).focus()

    def action_clear_filters(self) -> None:
        if self._br_filters:
            self._set_filters(Filters())

    @on(FacetsLoaded)
    def _facets_loaded(self, message: FacetsLoaded) -> None:
        if message.query != self.query_one("#query", Input).value:
            return
        if message.filters != self._br_filters:
            return
        self.query_one(FilterPanel).show(message.counts, self._br_filters)

    @on(FilterPanel.FacetChosen)
    def _facet_chosen(self, message: FilterPanel.FacetChosen) -> None:
        active = (message.facet, message.value) in active_values(self._br_filters)
        self._set_filters(with_value(self._br_filters, message.facet, message.value, on=not active))

    @on(FilterChips.FilterRemoved)
    def _filter_removed(self, message: FilterChips.FilterRemoved) -> None:
        if message.facet == "show":
            self._br_view = ""
            self._set_filters(self._br_filters)
            return
        self._set_filters(with_value(self._br_filters, message.facet, message.value, on=False))

    def action_related(self) -> None:
        viewer = self.query_one(ArticleView)
        article = viewer.article
        if article is None or not article.pairs:
            self.notify("Open an article with questions to see them asked elsewhere.")
            return
        number = min(max(viewer.current_question(), 1), len(article.pairs))
        self.find_related(article.id, number)

    @on(RelatedFound)
    def _related_found(self, message: RelatedFound) -> None:
        if message.error:
            self.notify(f"Cannot find related pairs: {message.error}", severity="warning")
            return
        self.query_one(Outline).display = False
        related = self.query_one(RelatedList)
        related.show(message.number, message.pairs)
        related.display = True
        related.focus()

    @on(RelatedList.PairChosen)
    def _related_chosen(self, message: RelatedList.PairChosen) -> None:
        self._open_at(message.article_id, message.number)

    def action_timeline(self) -> None:
        text = self.query_one("#query", Input).value
        if not text.strip():
            self.notify("Type a query first: the timeline lists its matching pairs by date.")
            return
        self.load_timeline(text, self._br_filters)

    @on(TimelineLoaded)
    def _timeline_loaded(self, message: TimelineLoaded) -> None:
        if message.timeline is None:
            self.notify(f"No timeline: {message.error}", severity="warning")
            return

        def opened(chosen: tuple[str, int] | None) -> None:
            if chosen is not None:
                self._open_at(*chosen)

        self.push_screen(TimelineScreen(message.timeline), opened)
