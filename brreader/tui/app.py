"""The reader application: wires the search box, the article list and the viewer together.

All archive work (searching, loading an article, updating the index) runs in
thread workers that report back with messages; widgets never touch the index.
The exploring tools (filters, related pairs, timeline) and the keeping tools
(quotes, bookmarks, read marks, saved searches) are mixins in ``_explore`` and
``_keep``; all key bindings are listed here, in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Footer, Input, OptionList, Static
from textual.worker import get_current_worker

from brreader.articles import ArticleError
from brreader.model import Article
from brreader.search import (
    FEW_RESULTS,
    Archive,
    ArticleInfo,
    Filters,
    IndexError_,
    NotFound,
    QueryError,
    SearchResults,
    UpdateReport,
)
from brreader.state import State
from brreader.textsafe import clean_line
from brreader.tui._explore import Explore
from brreader.tui._keep import Keep
from brreader.tui.screens import HelpScreen
from brreader.tui.widgets import (
    ArticleView,
    FilterChips,
    FilterPanel,
    Outline,
    RelatedList,
    ResultsList,
)

DEBOUNCE_SECONDS = 0.12
HIT_LIMIT = 50  # results listed at first; more load when the cursor reaches the end
LIST_LIMIT = 2000  # articles shown with no query (newest first)
INDEX_WAIT = 2.0  # seconds to wait for another brreader writing the index


@dataclass
class _Shown:
    """What the list currently shows: a query's results, or all articles."""

    query: str
    results: SearchResults | None
    infos: list[ArticleInfo]
    suggestion: str | None = None
    total: int = 0  # articles in the archive, when listing without a query
    keep: int | None = None  # list position to keep (when more results were loaded)
    marks: tuple[frozenset[str], frozenset[str]] | None = None  # read, bookmarked


def _saved_searches_provider() -> Any:
    # Imported when the palette opens: textual.command costs 20 ms at start.
    from brreader.tui.commands import SavedSearches

    return SavedSearches


class ReaderApp(Explore, Keep):
    """brreader's interactive reader."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    COMMANDS = App.COMMANDS | {lambda: _saved_searches_provider()}
    TITLE = "brreader"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]
    BINDINGS = [
        Binding("slash", "focus_search", "Search"),
        Binding("escape", "back_to_list", "List", show=False),
        Binding("n", "next_match", "Next match"),
        Binding("N", "previous_match", "Prev match", show=False),
        Binding("right_square_bracket", "next_question", "Next Q"),
        Binding("left_square_bracket", "previous_question", "Prev Q", show=False),
        Binding("o", "toggle_outline", "Outline"),
        Binding("f", "toggle_filters", "Filters"),
        Binding("F", "clear_filters", "Clear filters", show=False),
        Binding("r", "related", "Related"),
        Binding("t", "timeline", "Timeline"),
        Binding("y", "copy_quote", "Copy quote", show=False),
        Binding("b", "bookmark", "Bookmark", show=False),
        Binding("B", "note", "Note", show=False),
        Binding("s", "saved", "Saved", show=False),
        Binding("S", "save_search", "Save search", show=False),
        Binding("u", "cycle_view", "Unread/bookmarked", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("ctrl+r", "update_index", "Update index", show=False),
        Binding("q", "quit", "Quit"),
    ]

    # -- messages from workers ------------------------------------------------

    class SearchDone(Message):
        def __init__(self, shown: _Shown) -> None:
            super().__init__()
            self.shown = shown

    class SearchFailed(Message):
        def __init__(self, query: str, error: str) -> None:
            super().__init__()
            self.query = query
            self.error = error

    class ArticleLoaded(Message):
        def __init__(self, article_id: str, article: Article | None, error: str = "") -> None:
            super().__init__()
            self.article_id = article_id
            self.article = article
            self.error = error

    class IndexProgress(Message):
        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ReaderApp.IndexProgress)

    class IndexBroken(Message):
        """A search found the index missing or unreadable."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    class IndexCommitted(Message):
        """Part of a long index update is saved: searches can see more now."""

    class SuggestionFound(Message):
        def __init__(self, query: str, suggestion: str | None) -> None:
            super().__init__()
            self.query = query
            self.suggestion = suggestion

    class IndexUpdated(Message):
        def __init__(self, report: UpdateReport | None, error: str = "") -> None:
            super().__init__()
            self.report = report
            self.error = error

    # -- set-up -----------------------------------------------------------------

    def __init__(
        self, archive: Archive, *, update_index: bool = True, state: State | None = None
    ) -> None:
        super().__init__()
        self.archive = archive
        self.update_index = update_index
        self._br_state = state
        self._br_view = ""  # "", "unread" or "bookmarked"
        self._br_warned: set[str] = set()
        self._br_shown: _Shown | None = None
        self._br_debounce: Timer | None = None
        self._br_article_id: str | None = None
        self._br_for = ""  # the query the shown article was highlighted for
        self._br_filters = Filters()
        self._br_open_pair = 0  # a pair to scroll to once the article being loaded is laid out

    def compose(self) -> ComposeResult:
        with Horizontal(id="search-bar"):
            yield Input(
                placeholder='Search interviews: Mekong, q:farmers, "seed bank" … (? for help)',
                id="query",
            )
            yield Static("", id="index-status")
        yield FilterChips(id="chips")
        yield Static("", id="query-status")
        with Horizontal(id="main"):
            yield FilterPanel(id="filters")
            with Vertical(id="results-pane"):
                yield Static("", id="results-count")
                yield ResultsList(id="results")
            with Horizontal(id="viewer-pane"):
                yield ArticleView(id="viewer")
                yield Outline(id="outline")
                yield RelatedList(id="related")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()
        self.query_one(FilterChips).display = False
        self._search()
        if self.update_index:
            self.query_one("#index-status", Static).update("indexing …")
            self.refresh_index()

    # -- workers --------------------------------------------------------------

    @work(thread=True, exclusive=True, group="index")
    def refresh_index(self) -> None:
        def progress(done: int, total: int) -> None:
            self.post_message(self.IndexProgress(done, total))

        def committed() -> None:
            self.post_message(self.IndexCommitted())

        try:
            report = self.archive.update(progress=progress, wait=INDEX_WAIT, committed=committed)
        except Exception as error:  # noqa: BLE001 - shown to the user, never a traceback
            self.post_message(self.IndexUpdated(None, clean_line(str(error))))
        else:
            self.post_message(self.IndexUpdated(report))

    def _search(self, limit: int = HIT_LIMIT, keep: int | None = None) -> None:
        """Search for what the box holds, with the filters (and the view) in force."""
        text = self.query_one("#query", Input).value
        self.run_search(text, limit, keep, self._br_filters, self._br_view)

    @work(thread=True, exclusive=True, group="search")
    def run_search(
        self,
        text: str,
        limit: int = HIT_LIMIT,
        keep: int | None = None,
        filters: Filters | None = None,
        view: str = "",
    ) -> None:
        worker = get_current_worker()
        typed = text
        try:
            text, filters = self._view_filters(filters, view, text)
            if text.strip() or filters:
                results = self.archive.search(text, limit=limit, snippets=False, filters=filters)
                suggestion = None
                if results.total == 0 and text.strip() and not worker.is_cancelled:
                    suggestion = self.archive.suggest(text)
                shown = _Shown(typed, results, [], suggestion, keep=keep)
            else:
                infos = self.archive.list(LIST_LIMIT)
                shown = _Shown(text, None, infos, total=self.archive.article_count())
        except QueryError as error:
            self.post_message(self.SearchFailed(typed, str(error)))
            return
        except IndexError_:
            # Missing or damaged (deleted while we run, say): rebuild it.
            self.post_message(self.IndexBroken(typed))
            return
        except Exception as error:  # noqa: BLE001 - e.g. the index is being rebuilt
            self.post_message(self.SearchFailed(typed, f"cannot search yet: {error}"))
            return
        if not worker.is_cancelled:
            # Marks travel with the results: one drawing of the list, not two.
            state = self._state()
            shown.marks = (frozenset(state.read_ids()), frozenset(state.bookmarked_ids()))
            if state.warnings:
                self._post_state()
            self.post_message(self.SearchDone(shown))

    @work(thread=True, exclusive=True, group="suggest")
    def suggest_for(self, text: str) -> None:
        try:
            suggestion = self.archive.suggest(text)
        except Exception:  # noqa: BLE001 - a suggestion is a nicety
            suggestion = None
        self.post_message(self.SuggestionFound(text, suggestion))

    @work(thread=True, exclusive=True, group="article")
    def load_article(self, article_id: str) -> None:
        try:
            article = self.archive.article(article_id)
        except NotFound:
            self.post_message(self.ArticleLoaded(article_id, None, "this article is gone"))
        except (ArticleError, OSError) as error:
            self.post_message(self.ArticleLoaded(article_id, None, str(error)))
        except Exception as error:  # noqa: BLE001
            self.post_message(self.ArticleLoaded(article_id, None, f"cannot open: {error}"))
        else:
            self.post_message(self.ArticleLoaded(article_id, article))

    # -- search box -----------------------------------------------------------

    @on(Input.Changed, "#query")
    def _query_changed(self, event: Input.Changed) -> None:
        if self._br_debounce is not None:
            self._br_debounce.stop()
        self._br_debounce = self.set_timer(DEBOUNCE_SECONDS, self._search)

    @on(Input.Submitted, "#query")
    def _query_submitted(self, event: Input.Submitted) -> None:
        shown = self._br_shown
        if shown is not None and shown.query == event.value and shown.suggestion:
            self.query_one("#query", Input).value = shown.suggestion
            return
        found = shown.results if shown is not None and shown.query == event.value else None
        if found is not None and 0 < found.total <= FEW_RESULTS:
            self.suggest_for(event.value)  # the answer decides where the focus goes
            return
        if self.query_one(ResultsList).option_count:
            self.query_one(ResultsList).focus()

    @on(SuggestionFound)
    def _suggestion_found(self, message: SuggestionFound) -> None:
        shown = self._br_shown
        if shown is None or shown.results is None:
            return
        if message.query != shown.query or message.query != self.query_one("#query", Input).value:
            return
        if message.suggestion:
            shown.suggestion = message.suggestion
            count = shown.results.total
            noun = "match" if count == 1 else "matches"
            self._status(f"{count} {noun}. Did you mean: {clean_line(message.suggestion)}  (Enter)")
        elif self.query_one(ResultsList).option_count:
            self.query_one(ResultsList).focus()

    def _status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#query-status", Static)
        status.update(text)
        status.set_class(error, "-error")
        status.display = bool(text)

    @on(SearchFailed)
    def _search_failed(self, message: SearchFailed) -> None:
        if message.query != self.query_one("#query", Input).value:
            return
        self._status(clean_line(message.error), error=True)

    @on(SearchDone)
    def _search_done(self, message: SearchDone) -> None:
        shown = message.shown
        if shown.query != self.query_one("#query", Input).value:
            return  # typing went on; a newer search is coming
        self._br_shown = shown
        results = self.query_one(ResultsList)
        if shown.marks is not None:
            results.use_marks(*shown.marks)
        count = self.query_one("#results-count", Static)
        if shown.results is None:
            results.show_articles(shown.infos, limit=LIST_LIMIT)
            total = shown.total
            more = f" (newest {len(shown.infos):,} shown)" if total > len(shown.infos) else ""
            count.update(f"{total:,} article{'s' if total != 1 else ''}{more}")
            self._status("")
        else:
            found = shown.results
            results.show_hits(found.hits, highlight=shown.keep or 0)
            noun = "article matches" if found.total == 1 else "articles match"
            if not shown.query.strip():  # filters or a view alone: a listing, not matches
                noun = "article" if found.total == 1 else "articles"
            more = ""
            if found.total > len(found.hits):
                more = f" (best {len(found.hits):,}; more as you scroll)"
            count.update(f"{found.total:,} {noun}{more}")
            if found.total:
                self._status("")
            elif shown.suggestion:
                self._status(f"No matches. Did you mean: {clean_line(shown.suggestion)}  (Enter)")
            else:
                self._status("No matches.")
        if not results.option_count:
            self._show_article(None)
        if self.query_one(FilterPanel).display:
            self.load_facets(shown.query, self._br_filters)

    # -- list and viewer ------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#results")
    def _article_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        shown = self._br_shown
        query = shown.query if shown else ""
        if event.option_id and (event.option_id, query) != (self._br_article_id, self._br_for):
            self._br_article_id, self._br_for = event.option_id, query
            self.load_article(event.option_id)
        found = shown.results if shown else None
        at_end = event.option_index == event.option_list.option_count - 1
        if found is not None and at_end and found.total > len(found.hits):
            self._search(limit=len(found.hits) + HIT_LIMIT, keep=event.option_index)

    @on(OptionList.OptionSelected, "#results")
    def _article_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one(ArticleView).focus()

    @on(ArticleLoaded)
    def _article_loaded(self, message: ArticleLoaded) -> None:
        if message.article_id != self._br_article_id:
            return
        if message.article is None:
            self.notify(f"{message.article_id}: {clean_line(message.error)}", severity="warning")
        else:
            self.remember_read(message.article_id)
        self._show_article(message.article)

    def _show_article(self, article: Article | None) -> None:
        viewer = self.query_one(ArticleView)
        shown = self._br_shown
        terms: dict[str, Any] = shown.results.terms if shown and shown.results else {}
        viewer.show(article, terms)

    @on(ArticleView.Ready)
    def _viewer_ready(self) -> None:
        viewer = self.query_one(ArticleView)
        self.query_one(Outline).show(viewer.article, viewer.pair_hits, any(viewer.terms.values()))
        if self._br_open_pair and viewer.article is not None:
            viewer.goto_question(self._br_open_pair)
            self._br_open_pair = 0
            viewer.focus()

    def _open_at(self, article_id: str, number: int) -> None:
        """Show an article (from any list) at one of its pairs."""
        self._br_open_pair = number
        self._br_article_id = article_id
        self._br_for = self._br_shown.query if self._br_shown else ""
        self.load_article(article_id)

    @on(ArticleView.Moved)
    def _viewer_moved(self, message: ArticleView.Moved) -> None:
        viewer = self.query_one(ArticleView)
        parts = []
        if message.matches:
            parts.append(f"match {max(message.match, 0)}/{message.matches}")
        if message.pair:
            parts.append(f"Q{message.pair}")
        viewer.border_subtitle = " · ".join(parts)
        outline = self.query_one(Outline)
        if message.pair and not outline.has_focus and message.pair <= outline.option_count:
            outline.highlighted = message.pair - 1

    @on(Outline.QuestionChosen)
    def _question_chosen(self, message: Outline.QuestionChosen) -> None:
        self.query_one(ArticleView).goto_question(message.number)

    # -- index updates ----------------------------------------------------------

    @on(IndexProgress)
    def _index_progress(self, message: IndexProgress) -> None:
        if message.total:
            self.query_one("#index-status", Static).update(
                f"indexing {message.done:,}/{message.total:,}"
            )

    @on(IndexBroken)
    def _index_broken(self, message: IndexBroken) -> None:
        self._status("the index is missing or damaged: rebuilding it …", error=True)
        self.action_update_index()

    def action_update_index(self) -> None:
        self.query_one("#index-status", Static).update("indexing …")
        self.refresh_index()

    @on(IndexCommitted)
    def _index_committed(self) -> None:
        self._search()

    @on(IndexUpdated)
    def _index_updated(self, message: IndexUpdated) -> None:
        status = self.query_one("#index-status", Static)
        status.update("")
        if message.report is None:
            self.notify(f"Index not updated: {message.error}", severity="error", timeout=10)
            return
        report = message.report
        if report.skipped:
            names = ", ".join(clean_line(s.path) for s in report.skipped[:3])
            more = f" and {len(report.skipped) - 3} more" if len(report.skipped) > 3 else ""
            self.notify(
                f"Skipped {names}{more}; run 'brreader index' for the reasons",
                severity="warning",
                timeout=10,
            )
        if report.busy:
            self.notify("Another brreader is updating the index.", severity="warning")
        if report.failed:
            self.notify(clean_line(report.failed), severity="error", timeout=15)
        if report.changed or report.rebuilt_because:
            self._search()

    # -- actions ----------------------------------------------------------------

    def action_focus_search(self) -> None:
        self.query_one("#query", Input).focus()

    def action_back_to_list(self) -> None:
        related = self.query_one(RelatedList)
        if related.display and related.has_focus:
            related.display = False
            self.query_one(ArticleView).focus()
            return
        self.query_one(ResultsList).focus()

    def action_next_match(self) -> None:
        self.query_one(ArticleView).next_match()

    def action_previous_match(self) -> None:
        self.query_one(ArticleView).previous_match()

    def action_next_question(self) -> None:
        self.query_one(ArticleView).next_question()

    def action_previous_question(self) -> None:
        self.query_one(ArticleView).previous_question()

    def action_toggle_outline(self) -> None:
        outline = self.query_one(Outline)
        outline.display = not outline.display
        if outline.display:
            self.query_one(RelatedList).display = False
            current = self.query_one(ArticleView).current_question()
            if outline.option_count:
                outline.highlighted = min(max(current, 1), outline.option_count) - 1
            outline.focus()
        else:
            self.query_one(ArticleView).focus()

    def action_help(self) -> None:
        self.push_screen(HelpScreen())
