"""The reader's keeping tools: quotes, bookmarks and notes, read marks, saved searches.

A mixin of :class:`~brreader.tui.app.ReaderApp`. The state file is read on
first use and every change to it runs in a thread worker; the list's
unread/bookmarked markers follow the ``StateChanged`` messages posted here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App
from textual.message import Message
from textual.widgets import Input

from brreader.model import Article
from brreader.search import Archive, Filters
from brreader.state import State, default_path
from brreader.textsafe import clean_line
from brreader.tui.screens import AskScreen, NoteScreen, SavedScreen
from brreader.tui.widgets import ArticleView, FilterChips, ResultsList


class Keep(App[None]):
    """y copies a quote, b/B bookmark and note, s/S saved searches, u unread or bookmarked."""

    archive: Archive
    _br_state: State | None
    _br_filters: Filters
    _br_view: str
    _br_warned: set[str]

    if TYPE_CHECKING:

        def _search(self, limit: int = ..., keep: int | None = ...) -> None: ...

    class StateChanged(Message):
        """Read marks or bookmarks changed (or were loaded): the list redraws its markers."""

        def __init__(
            self,
            read: frozenset[str],
            bookmarked: frozenset[str],
            notice: str = "",
            warnings: tuple[str, ...] = (),
        ) -> None:
            super().__init__()
            self.read = read
            self.bookmarked = bookmarked
            self.notice = notice
            self.warnings = warnings

    def _state(self) -> State:
        """The state file, read on first use (from a worker thread)."""
        if self._br_state is None:
            self._br_state = State(default_path(), self.archive.articles)
        return self._br_state

    def _view_filters(self, filters: Filters | None, view: str, text: str) -> tuple[str, Filters]:
        """Add the unread/bookmarked view and ``note:`` terms to the filters."""
        from dataclasses import replace

        from brreader.search import with_notes

        filters = filters or Filters()
        if view == "unread":
            filters = replace(filters, exclude=frozenset(self._state().read_ids()))
        elif view == "bookmarked":
            filters = replace(filters, ids=frozenset(self._state().bookmarked_ids()))
        if "note:" in text.lower():
            notes = [(b.article_id, b.note) for b in self._state().bookmarks() if b.note]
            text, found = with_notes(text, filters, notes)
            filters = found or filters
        return text, filters

    def _post_state(self, notice: str = "") -> None:
        state = self._state()
        warnings = tuple(clean_line(w) for w in state.warnings)
        state.warnings.clear()
        read, marked = frozenset(state.read_ids()), frozenset(state.bookmarked_ids())
        self.post_message(self.StateChanged(read, marked, notice, warnings))

    @work(thread=True, group="state")
    def remember_read(self, article_id: str) -> None:
        if article_id not in self._state().read_ids():
            self._state().mark_read(article_id)
            self._post_state()

    @work(thread=True, group="state")
    def toggle_bookmark(self, article_id: str, pair: int | None, where: str) -> None:
        state = self._state()
        if state.bookmark(article_id, pair) is None:
            state.add_bookmark(article_id, pair)
            self._post_state(f"Bookmarked {where}. B adds a note.")
        else:
            state.remove_bookmark(article_id, pair)
            self._post_state(f"Bookmark on {where} removed.")

    @work(thread=True, group="state")
    def save_note(self, article_id: str, pair: int | None, note: str, where: str) -> None:
        self._state().add_bookmark(article_id, pair, note)
        self._post_state(f"Note saved on {where}." if note else f"Note on {where} cleared.")

    def _current_pair(self) -> tuple[Article | None, int]:
        """The article in the viewer and its current question (0: before the first)."""
        viewer = self.query_one(ArticleView)
        article = viewer.article
        if article is None:
            return None, 0
        return article, min(viewer.current_question(), len(article.pairs))

    def action_copy_quote(self) -> None:
        from brreader.cite import quote

        article, number = self._current_pair()
        if article is None or not article.pairs:
            self.notify("Open an article with questions to copy a quote.")
            return
        number = max(number, 1)
        self.copy_to_clipboard(quote(article, number, with_question=True))
        self.notify(f"Copied Q{number} with its citation.")

    def action_bookmark(self) -> None:
        article, number = self._current_pair()
        if article is None:
            self.notify("Open an article to bookmark it.")
            return
        where = f"Q{number}" if number else "the article"
        self.toggle_bookmark(article.id, number or None, where)

    def action_note(self) -> None:
        article, number = self._current_pair()
        if article is None:
            self.notify("Open an article to write a note on it.")
            return
        where = f"Q{number}" if number else "the article"
        pair = number or None
        mark = self._state().bookmark(article.id, pair)

        def done(note: str | None) -> None:
            if note is not None and article is not None:
                self.save_note(article.id, pair, note, where)

        self.push_screen(
            NoteScreen(f"{article.display_title}, {where}", mark.note if mark else ""), done
        )

    def saved_searches(self) -> dict[str, str]:
        """Name -> query (for the picker and the command palette)."""
        return self._state().saved()

    def run_saved(self, query: str) -> None:
        self.query_one("#query", Input).value = query
        self.query_one("#query", Input).focus()

    def action_saved(self) -> None:
        saved = self.saved_searches()
        if not saved:
            self.notify("No saved searches yet: brreader saved add NAME QUERY")
            return

        def chosen(query: str | None) -> None:
            if query is not None:
                self.run_saved(query)

        self.push_screen(SavedScreen(saved), chosen)

    def action_save_search(self) -> None:
        text = self.query_one("#query", Input).value.strip()
        if not text:
            self.notify("Type a query first, then S saves it under a name.")
            return

        def named(name: str | None) -> None:
            if name:
                self.save_search(name, text)

        self.push_screen(AskScreen(f"Save {text!r} as", "", "a short name"), named)

    @work(thread=True, group="state")
    def save_search(self, name: str, text: str) -> None:
        self._state().save_search(name, text)
        self._post_state(f"Saved {name!r}: s or Ctrl+P runs it.")

    def action_cycle_view(self) -> None:
        order = ["", "unread", "bookmarked"]
        self._br_view = order[(order.index(self._br_view) + 1) % len(order)]
        self.query_one(FilterChips).show(self._br_filters, self._br_view)
        self._search()

    @on(StateChanged)
    def _state_changed(self, message: StateChanged) -> None:
        self.query_one(ResultsList).set_marks(message.read, message.bookmarked)
        for warning in message.warnings:
            if warning not in self._br_warned:  # a state file that cannot be saved: once
                self._br_warned.add(warning)
                self.notify(warning, severity="warning", timeout=10)
        if message.notice:
            self.notify(message.notice)
