"""The reader's keeping actions: copy a quote, bookmark, note, saved searches, the view.

Plain functions of the :class:`~brreader.tui.screens.ReaderScreen` they act
on, called from its actions (the key bindings stay in one list there). They
run on the main thread: they read what the viewer shows and the state file
in memory, ask in a dialog when needed, and leave every change of the state
file to a worker in ``_reader_work``, whose ``StateChanged`` the screen handles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from brreader.model import Article
from brreader.tui.screens import _reader_work as work
from brreader.tui.screens._keep import AskScreen, NoteScreen, SavedScreen
from brreader.tui.widgets import ArticleView

if TYPE_CHECKING:
    from brreader.tui.screens._reader import ReaderScreen

VIEWS = ("", "unread", "bookmarked")  # what u cycles through: all, unread, bookmarked


def next_view(view: str) -> str:
    """The view after ``view`` in the cycle all -> unread -> bookmarked -> all."""
    return VIEWS[(VIEWS.index(view) + 1) % len(VIEWS)]


def current_pair(screen: ReaderScreen) -> tuple[Article | None, int]:
    """The article in the viewer and its current question (0: before the first)."""
    viewer = screen.query_one(ArticleView)
    article = viewer.article
    if article is None:
        return None, 0
    return article, min(viewer.current_question(), len(article.pairs))


def copy_quote(screen: ReaderScreen) -> None:
    """Copy the current question and answer with its citation."""
    from brreader.cite import quote

    article, number = current_pair(screen)
    if article is None or not article.pairs:
        screen.notify("Open an article with questions to copy a quote.")
        return
    number = max(number, 1)
    screen.app.copy_to_clipboard(quote(article, number, with_question=True))
    screen.notify(f"Copied Q{number} with its citation.")


def bookmark(screen: ReaderScreen) -> None:
    """Bookmark the current question (or the article before the first), or unbookmark it."""
    article, number = current_pair(screen)
    if article is None:
        screen.notify("Open an article to bookmark it.")
        return
    where = f"Q{number}" if number else "the article"
    work.toggle_bookmark(screen, screen.state, article.id, number or None, where)


def note(screen: ReaderScreen) -> None:
    """Ask for the note on the current question (or article) and save it."""
    article, number = current_pair(screen)
    if article is None:
        screen.notify("Open an article to write a note on it.")
        return
    where = f"Q{number}" if number else "the article"
    pair = number or None
    mark = screen.state.bookmark(article.id, pair)

    def done(text: str | None) -> None:
        if text is not None:
            work.save_note(screen, screen.state, article.id, pair, text, where)

    screen.app.push_screen(
        NoteScreen(f"{article.display_title}, {where}", mark.note if mark else ""), done
    )


def pick_saved(screen: ReaderScreen) -> None:
    """Offer the saved searches; the one chosen goes into the search box."""
    saved = screen.state.saved()
    if not saved:
        screen.notify("No saved searches yet: brreader saved add NAME QUERY")
        return

    def chosen(query: str | None) -> None:
        if query is not None:
            screen.run_saved(query)

    screen.app.push_screen(SavedScreen(saved), chosen)


def save_search(screen: ReaderScreen) -> None:
    """Ask for a name and save the query typed under it."""
    text = screen.query_text.strip()
    if not text:
        screen.notify("Type a query first, then S saves it under a name.")
        return

    def named(name: str | None) -> None:
        if name:
            work.save_search(screen, screen.state, name, text)

    screen.app.push_screen(AskScreen(f"Save {text!r} as", "", "a short name"), named)
