"""The reader's screen: the search box, the article list, the article, and the tools beside it.

The screen owns what the user has asked for: the ``filters`` and the ``view``
(all, unread or bookmarked) are reactives whose watchers run the search
again and which flow down to the filter chips by data binding; the query
text is the search box's own value. Widgets post messages up and the screen
decides. Around it, one module per responsibility, none a mixin:
``_reader_work`` runs everything off the main thread and defines the
messages handled here; ``_reader_explore`` and ``_reader_keep`` hold the
exploring and keeping actions; ``_reader_text`` says what the status lines
and notices say. Every key binding of the reader is in the one list below.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, OptionList, Static

from brreader.model import Article
from brreader.search import FEW_RESULTS, Archive, Filters, SearchResults
from brreader.state import SavedSearch, State
from brreader.textsafe import clean_line
from brreader.tui.screens import _reader_explore as exploring
from brreader.tui.screens import _reader_keep as keeping
from brreader.tui.screens import _reader_layout as layout
from brreader.tui.screens import _reader_outside as outside
from brreader.tui.screens import _reader_text as wording
from brreader.tui.screens import _reader_work as work
from brreader.tui.screens._help import show_help
from brreader.tui.widgets import (
    ArticleView,
    FilterChips,
    FilterPanel,
    ReadingPane,
    RelatedList,
    ResultsList,
    SearchBox,
    StatusLine,
)
from brreader.tui.widgets._filters import RANGE, active_values, with_value
from brreader.tui.widgets._results import FIRST_DRAWN

DEBOUNCE_SECONDS = 0.12
WARM_UP_AFTER = 1.0  # seconds after the screen is up: load numpy for searches (Archive.keep_warm)


class ReaderScreen(Screen[None]):
    """Search as you type, read the article with its matches lit up, explore and keep."""

    # The footer lists the shown ones in this order and cuts what does not fit:
    # help and quit come first, so an 80-column terminal still shows them.
    BINDINGS = [
        Binding("question_mark", "app.help", "Help"),
        Binding("q", "app.quit", "Quit"),
        Binding("slash", "focus_search", "Search"),
        Binding("escape", "back_to_list", "List", show=False),
        Binding("n", "next_match", "Next match"),
        Binding("N", "previous_match", "Prev match", show=False),
        Binding("right_square_bracket", "next_question", "Next Q"),
        Binding("left_square_bracket", "previous_question", "Prev Q", show=False),
        Binding("o", "toggle_outline", "Outline"),
        Binding("f", "toggle_filters", "Filters"),
        Binding("F", "clear_filters", "Clear filters", show=False),
        Binding("t", "timeline", "Timeline"),
        Binding("r", "related", "Related"),
        Binding("y", "copy_quote", "Copy", show=False),
        Binding("b", "bookmark", "Bookmark", show=False),
        Binding("B", "note", "Note", show=False),
        Binding("s", "saved", "Saved", show=False),
        Binding("S", "save_search", "Save search", show=False),
        Binding("u", "cycle_view", "Unread/bookmarked", show=False),
        Binding("ctrl+r", "update_index", "Update index", show=False),
        Binding("e", "edit_article", "Edit", show=False),
        Binding("O", "open_source", "Open link", show=False),
    ]

    filters: var[Filters] = var(Filters, init=False)
    """The facet filters in force (the panel and the chips change them)."""
    view: var[str] = var("", init=False)
    """Which articles to list: all (empty), "unread" or "bookmarked" (u cycles)."""

    def __init__(self, archive: Archive, state: State, *, update_index: bool = True) -> None:
        super().__init__()
        self.archive = archive
        self.state = state
        self._br_update_index = update_index
        self._br_warned: set[str] = set()
        self._br_shown: work.Shown | None = None
        self._br_debounce: Timer | None = None
        self._br_article_id: str | None = None
        self._br_rebuilt_damaged = False  # rebuilt once for bytes damaged inside the index
        self._br_to_load: str | None = None  # the highlighted article, read once the list is drawn
        self._br_viewing: tuple[str, str] | None = None  # the article shown, for which query
        self._br_unpaired: SearchResults | None = None  # hits to find pairs for after the reading
        self._br_for = ""  # the query the shown article was highlighted for
        self._br_open_pair = 0  # a pair to scroll to once the article being loaded is laid out

    def compose(self) -> ComposeResult:
        with Horizontal(id="search-bar"):
            yield SearchBox(
                placeholder='Search interviews: Mekong, q:farmers, "seed bank" … (? for help)',
                id="query",
            )
            yield Static("", id="index-status")
        yield FilterChips(id="chips").data_bind(ReaderScreen.filters, ReaderScreen.view)
        yield StatusLine(id="query-status")
        with Horizontal(id="main"):
            yield FilterPanel(id="filters")
            with Vertical(id="results-pane"):
                yield Static("", id="results-count")
                yield ResultsList(id="results")
            yield ReadingPane(id="viewer-pane")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()
        self._br_warn(work.take_warnings(self.state))  # the state file, read at start
        self._br_search()
        # After the first paint: importing numpy holds the interpreter for a while.
        self.set_timer(WARM_UP_AFTER, lambda: work.warm_up(self, self.archive))
        if self._br_update_index:
            self.action_update_index()

    @property
    def query_text(self) -> str:
        """The query as typed: the search box holds it (a copy would lag behind by a message)."""
        return self.query_one("#query", Input).value

    def run_saved(self, saved: SavedSearch) -> None:
        """Run a saved search: its query in the search box, its filters and view in force."""
        self.query_one("#query", Input).value = saved.query
        self.filters = saved.filters
        self.view = saved.view
        self.query_one("#query", Input).focus()

    # -- searching ------------------------------------------------------------------

    def _br_search(self, limit: int = work.HIT_LIMIT, keep: int | None = None) -> None:
        """Search for what the box holds, with the filters (and the view) in force."""
        text = self.query_text
        # The shown list's pairs still being found are not wanted now: no thread spends
        # time on them while this search runs (they are asked again if it fails).
        self.workers.cancel_group(self, "pairs")
        # The best pairs of a screenful of hits (from the one kept) are found with the
        # hits; the others' once the list is drawn (see _br_fill_pairs).
        pairs_for = (keep or 0) + FIRST_DRAWN
        work.run_search(
            self, self.archive, self.state, text, self.filters, self.view, limit, keep, pairs_for
        )

    def watch_filters(self) -> None:
        self._br_recount()
        self._br_search()

    def watch_view(self) -> None:
        self._br_search()

    def _br_recount(self) -> None:
        """Blank the filter panel's counts (if shown) until the search's facets arrive."""
        if self.query_one(FilterPanel).display:
            self.query_one(FilterPanel).show(None, self.filters)

    @on(Input.Changed, "#query")
    def _br_query_changed(self) -> None:
        if self._br_debounce is not None:
            self._br_debounce.stop()
        self._br_debounce = self.set_timer(DEBOUNCE_SECONDS, self._br_search)

    @on(Input.Submitted, "#query")
    def _br_query_submitted(self, event: Input.Submitted) -> None:
        status = self.query_one(StatusLine)
        if status.error and status.cropped:
            # The line under the box had no room for all of it (a narrow terminal).
            self.notify(status.message, severity="error", timeout=15)
        shown = self._br_shown
        if shown is not None and shown.query == event.value and shown.suggestion:
            self.query_one("#query", Input).value = shown.suggestion
            return
        if shown is not None and shown.query == event.value and event.value.strip():
            found = shown.results
            if found is not None and found.with_all_words <= FEW_RESULTS and not shown.suggested:
                # Asked now (the answer decides the focus) unless asked after the search.
                work.suggest_for(self, self.archive, event.value)
                return
        if self.query_one(ResultsList).option_count:
            self.query_one(ResultsList).focus()

    @on(work.SuggestionFound)
    def _br_suggestion_found(self, message: work.SuggestionFound) -> None:
        shown = self._br_shown
        if shown is None or shown.results is None:
            return
        if message.query != shown.query or message.query != self.query_text:
            return
        shown.suggested = True
        if message.suggestion:
            shown.suggestion = message.suggestion
            self._br_status(*wording.results_status(shown))
        elif message.asked and self.query_one(ResultsList).option_count:
            self.query_one(ResultsList).focus()

    def _br_status(self, *wordings: str, error: bool = False) -> None:
        """Say something under the search box (longest wording first), or nothing."""
        self.query_one(StatusLine).say(*wordings, error=error)

    @on(work.SearchFailed)
    def _br_search_failed(self, message: work.SearchFailed) -> None:
        if message.query == self.query_text:
            self._br_status(clean_line(message.error), error=True)
        if self._br_shown is not None and self._br_shown.results is not None:
            self._br_fill_pairs(self._br_shown.results)  # the list stays: its pairs too

    def _br_pairs_after_reading(self, read: bool = False) -> None:
        """Find the shown hits' missing pairs, unless the highlighted article is still
        to be read and shown (then once an article is: ``read``)."""
        results, self._br_unpaired = self._br_unpaired, None
        shown = self._br_shown
        if results is None or shown is None:
            return
        option = self.query_one(ResultsList).highlighted_option
        if not read and option is not None and (option.id, shown.query) != self._br_viewing:
            self._br_unpaired = results  # asked again once the article is shown
        else:
            self._br_fill_pairs(results)

    def _br_fill_pairs(self, results: SearchResults) -> None:
        """Find the pairs the shown hits still lack (unless newer hits are shown)."""
        shown = self._br_shown
        if shown is not None and shown.results is results and results.unpaired is not None:
            work.fill_pairs(self, self.archive, results)

    @on(work.PairsFound)
    def _br_pairs_found(self, message: work.PairsFound) -> None:
        shown = self._br_shown
        if shown is None or shown.results is not message.before:
            return  # pairs of a list no longer shown
        shown.results = message.after
        unpaired = message.after.unpaired
        self.query_one(ResultsList).show_pairs(
            message.after.hits, unpaired.start if unpaired is not None else None
        )

    @on(work.SearchDone)
    def _br_search_done(self, message: work.SearchDone) -> None:
        shown = message.shown
        if shown.query != self.query_text:
            return  # typing went on; a newer search is coming
        self._br_shown = shown
        results = self.query_one(ResultsList)
        if shown.marks is not None:
            results.use_marks(*shown.marks)
        self._br_unpaired = None  # an older list's pairs are not wanted
        if shown.results is None:
            results.show_articles(shown.infos, limit=work.LIST_LIMIT)
        else:
            unpaired = shown.results.unpaired
            results.show_hits(
                shown.results.hits,
                highlight=shown.keep or 0,
                unpaired=unpaired.start if unpaired is not None else None,
            )
            # Once the list is drawn and the highlighted article read: the article
            # the user looks at first, then the questions further down.
            self._br_unpaired = shown.results if unpaired is not None else None
            self.call_after_refresh(self.call_later, self._br_pairs_after_reading)
        # One line of fixed height above the list: its new text needs no new layout.
        self.query_one("#results-count", Static).update(wording.results_count(shown), layout=False)
        self._br_status(*wording.results_status(shown))
        if not results.option_count:
            # Forget the article too: the next list may highlight it again, and it must show.
            self._br_article_id = None
            self._br_show_article(None)
        if self.query_one(FilterPanel).display:
            work.load_facets(self, self.archive, shown.query, self.filters)

    # -- the list and the article ---------------------------------------------------

    @on(OptionList.OptionHighlighted, "#results")
    def _br_article_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        shown = self._br_shown
        query = shown.query if shown else ""
        if event.option_id and (event.option_id, query) != (self._br_article_id, self._br_for):
            self._br_article_id, self._br_for = event.option_id, query
            # The list is drawn first, then the article is read (in a thread) and laid out:
            # the new hits do not wait for it, and options passed over before the list is
            # drawn again are not read at all.
            if self._br_to_load is None:
                # After the drawing and what else waits for it (the reading thread would
                # hold up the terminal's writer thread otherwise).
                self.call_after_refresh(self.call_later, self._br_load_highlighted)
            self._br_to_load = event.option_id
        found = shown.results if shown else None
        # The last hit, not the last option: the list adds its options a screen at a time.
        at_end = found is not None and event.option_index == len(found.hits) - 1
        if found is not None and at_end and found.total > len(found.hits):
            self._br_search(limit=len(found.hits) + work.HIT_LIMIT, keep=event.option_index)

    def _br_load_highlighted(self) -> None:
        article_id, self._br_to_load = self._br_to_load, None
        if article_id is not None and article_id == self._br_article_id:
            work.load_article(self, self.archive, article_id)

    @on(OptionList.OptionSelected, "#results")
    def _br_article_selected(self) -> None:
        self.query_one(ArticleView).focus()

    @on(work.ArticleLoaded)
    def _br_article_loaded(self, message: work.ArticleLoaded) -> None:
        # Once it is drawn (a cursor moving on meanwhile does not hold them back longer).
        self.call_after_refresh(self._br_pairs_after_reading, True)
        if message.article_id != self._br_article_id:
            return
        self._br_viewing = (message.article_id, self._br_for)
        if message.article is None:
            self.notify(f"{message.article_id}: {clean_line(message.error)}", severity="warning")
        else:
            work.remember_read(self, self.state, message.article_id)
        self._br_show_article(message.article)

    def _br_show_article(self, article: Article | None) -> None:
        shown = self._br_shown
        terms: dict[str, Any] = shown.results.terms if shown and shown.results else {}
        marks = self._br_marks(article.id) if article is not None else {}
        self.query_one(ArticleView).show(article, terms, marks)

    def _br_marks(self, article_id: str) -> dict[int | None, str]:
        """The article's bookmarks, for the viewer: pair (None: the article) -> note."""
        return {b.pair: b.note for b in self.state.bookmarks() if b.article_id == article_id}

    @on(ArticleView.Ready)
    def _br_viewer_ready(self) -> None:
        viewer = self.query_one(ArticleView)  # the reading pane has updated the outline
        if self._br_open_pair and viewer.article is not None:
            viewer.goto_question(self._br_open_pair)
            self._br_open_pair = 0
            viewer.focus()

    def open_at(self, article_id: str, number: int) -> None:
        """Show an article (from any list) at one of its pairs."""
        self._br_open_pair = number
        self._br_article_id = article_id
        self._br_for = self._br_shown.query if self._br_shown else ""
        work.load_article(self, self.archive, article_id)

    # -- the index ------------------------------------------------------------------

    @on(work.IndexProgressed)
    def _br_index_progressed(self, message: work.IndexProgressed) -> None:
        if message.total:
            self.query_one("#index-status", Static).update(
                f"indexing {message.done:,}/{message.total:,}"
            )

    @on(work.IndexBroken)
    def _br_index_broken(self, message: work.IndexBroken) -> None:
        if message.damaged and self._br_rebuilt_damaged:
            # Rebuilt once this session and still failing: say so, do not loop.
            self._br_status(f"cannot search: {clean_line(message.damaged)}", error=True)
            return
        self._br_status("the index is missing or damaged: rebuilding it …", error=True)
        self._br_rebuilt_damaged = self._br_rebuilt_damaged or bool(message.damaged)
        self.action_update_index(rebuild=bool(message.damaged))

    @on(work.IndexCommitted)
    def _br_index_committed(self) -> None:
        self._br_search()

    @on(work.IndexUpdated)
    def _br_index_updated(self, message: work.IndexUpdated) -> None:
        self.query_one("#index-status", Static).update("")
        if message.report is None:
            self.notify(f"Index not updated: {message.error}", severity="error", timeout=10)
            return
        report = message.report
        for notice, severity, timeout in wording.update_notices(report):
            self.notify(notice, severity=severity, timeout=timeout)
        if report.changed or report.rebuilt_because:
            self._br_search()

    # -- exploring: filters, asked elsewhere, the timeline ------------------------

    @on(work.FacetsLoaded)
    def _br_facets_loaded(self, message: work.FacetsLoaded) -> None:
        if message.query == self.query_text and message.filters == self.filters:
            self.query_one(FilterPanel).show(message.counts, self.filters)

    @on(FilterPanel.FacetChosen)
    def _br_facet_chosen(self, message: FilterPanel.FacetChosen) -> None:
        if message.facet in RANGE:
            exploring.ask_year(self, message.facet)
            return
        active = (message.facet, message.value) in active_values(self.filters)
        self.filters = with_value(self.filters, message.facet, message.value, on=not active)

    @on(FilterChips.FilterRemoved)
    def _br_filter_removed(self, message: FilterChips.FilterRemoved) -> None:
        if message.facet == "show":
            self.view = ""
            self._br_recount()  # as pressing any other chip does
        else:
            self.filters = with_value(self.filters, message.facet, message.value, on=False)

    @on(work.RelatedFound)
    def _br_related_found(self, message: work.RelatedFound) -> None:
        if message.error:
            self.notify(f"Cannot find related pairs: {message.error}", severity="warning")
        else:
            self.query_one(ReadingPane).show_related(message.number, message.pairs)

    @on(RelatedList.PairChosen)
    def _br_related_chosen(self, message: RelatedList.PairChosen) -> None:
        self.open_at(message.article_id, message.number)

    @on(work.TimelineLoaded)
    def _br_timeline_loaded(self, message: work.TimelineLoaded) -> None:
        if message.timeline is None:
            self.notify(f"No timeline: {message.error}", severity="warning")
        else:
            exploring.show_timeline(self, message.timeline)

    # -- keeping --------------------------------------------------------------------

    @on(work.StateChanged)
    def _br_state_changed(self, message: work.StateChanged) -> None:
        self.query_one(ResultsList).set_marks(message.read, message.bookmarked)
        viewer = self.query_one(ArticleView)
        if viewer.article is not None:
            viewer.set_marks(self._br_marks(viewer.article.id))
        self._br_warn(message.warnings)
        if message.notice:
            self.notify(message.notice)

    @on(work.Copied)
    def _br_copied(self, message: work.Copied) -> None:
        self.notify(message.notice, timeout=12)

    def _br_warn(self, warnings: tuple[str, ...]) -> None:
        for warning in warnings:
            if warning not in self._br_warned:  # a state file that cannot be saved: once
                self._br_warned.add(warning)
                self.notify(warning, severity="warning", timeout=10)

    # -- actions (the bindings above) -------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # "/" while typing is a character of the query, not a key to list in the footer.
        if action == "focus_search":
            return not self.query_one(SearchBox).has_focus
        return True

    def action_focus_search(self) -> None:
        self.query_one("#query", Input).focus()

    def action_back_to_list(self) -> None:
        pane = self.query_one(ReadingPane)
        if pane.close_related():
            return
        if self.has_class("-list-hidden"):
            # The side panes took the list's place: close them to bring it back.
            pane.close_side()
            if self.query_one(FilterPanel).display:
                exploring.toggle_filters(self)
        self.query_one(ResultsList).focus()

    # -- the layout -------------------------------------------------------------------

    def on_resize(self) -> None:
        self.arrange_panes()

    @on(ReadingPane.SideToggled)
    def arrange_panes(self) -> None:
        """Give the article its least width: the other panes narrow, give way or lie over it."""
        side = layout.side_width(self.query_one(ReadingPane).open_side)
        filters = bool(self.query_one(FilterPanel).display)
        arrangement = layout.arrange(self.size.width, filters=filters, side=side)
        for name, wanted in arrangement.classes().items():
            self.set_class(wanted, name)

    def action_next_match(self) -> None:
        self.query_one(ArticleView).next_match()

    def action_previous_match(self) -> None:
        self.query_one(ArticleView).previous_match()

    def action_next_question(self) -> None:
        self.query_one(ArticleView).next_question()

    def action_previous_question(self) -> None:
        self.query_one(ArticleView).previous_question()

    def action_toggle_outline(self) -> None:
        self.query_one(ReadingPane).toggle_outline()

    def action_clear_filters(self) -> None:
        self.filters = Filters()  # the watcher (and the search) run only if there were any

    def action_cycle_view(self) -> None:
        self.view = keeping.next_view(self.view)

    @on(SearchBox.HelpAsked)
    def _br_help_asked(self) -> None:
        show_help(self.app)

    def action_update_index(self, rebuild: bool = False) -> None:
        self.query_one("#index-status", Static).update("indexing …")
        work.refresh_index(self, self.archive, rebuild)

    # The exploring and keeping actions are functions of this screen in their own
    # modules; named here, they are its methods like the ones above.
    action_toggle_filters = exploring.toggle_filters
    action_related = exploring.find_related
    action_timeline = exploring.find_timeline
    action_copy_quote = keeping.copy_quote
    action_export = keeping.export
    action_bookmark = keeping.bookmark
    action_note = keeping.note
    action_saved = keeping.pick_saved
    action_save_search = keeping.save_search
    action_edit_article = outside.edit_article
    action_open_source = outside.open_source
