"""The reader's keeping actions: copy a quote, bookmark, note, saved searches, the view.

Plain functions of the :class:`~brreader.tui.screens.ReaderScreen` they act
on, called from its actions (the key bindings stay in one list there). They
run on the main thread: they read what the viewer shows and the state file
in memory, ask in a dialog when needed, and leave every change of the state
file to a worker in ``_reader_work``, whose ``StateChanged`` the screen handles.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.screen import Screen

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
    """The article in the viewer and the question on screen (0: none, only the article's top)."""
    viewer = screen.query_one(ArticleView)
    article = viewer.article
    if article is None:
        return None, 0
    return article, min(viewer.question_in_view(), len(article.pairs))


def copy_quote(screen: ReaderScreen) -> None:
    """Copy the current question and answer with its citation."""
    from brreader.cite import quote

    article, number = current_pair(screen)
    if article is None or not article.pairs:
        screen.notify("Open an article with questions to copy a quote.")
        return
    number = max(number, 1)
    command = f"brreader quote {shlex.quote(article.id)} --pair {number} --with-question"
    send(
        screen, quote(article, number, with_question=True), f"Q{number} with its citation", command
    )


def send(screen: ReaderScreen, text: str, what: str, fallback: str) -> None:
    """Copy ``text`` through the terminal (and tmux's paste buffer inside tmux); the notice
    says how it was sent and ``fallback``, a command that gives the same text anyway."""
    screen.app.copy_to_clipboard(text)
    if work.in_tmux():
        work.copy_to_tmux(screen, text, what, fallback)  # the worker's Copied says how it went
    else:
        screen.notify(work.copy_notice(what, fallback, tmux=None), timeout=12)


def export(screen: ReaderScreen) -> None:
    """Give the command that writes the query's results, with its filters, as CSV."""
    text = screen.query_text.strip()
    if not text:
        screen.notify("Type a query first: the export command writes its matching pairs.")
        return
    words = ["brreader", "search"]
    kept = screen.filters
    for option, values in (("--who", kept.who), ("--outlet", kept.outlet), ("--tag", kept.tag)):
        for value in values:
            words += [option, value]
    for year in kept.year:
        words += ["--year", str(year)]
    # The query after "--": one that starts with "-" (a NOT) is still the query.
    command = " ".join(shlex.quote(word) for word in [*words, "--format", "csv", "--", text])
    command += " > results.csv"
    send(screen, command, "The export command", command)


def _marked_place(screen: ReaderScreen, doing: str) -> tuple[Article, int | None, str] | None:
    """What a bookmark or note is on: the article, its pair (None: the article itself) and
    how to name it; None, with a hint, when no article is open."""
    article, number = current_pair(screen)
    if article is None:
        screen.notify(f"Open an article to {doing}.")
        return None
    return article, number or None, f"Q{number}" if number else "the article"


def bookmark(screen: ReaderScreen) -> None:
    """Bookmark the current question (or the article before the first), or unbookmark it."""
    place = _marked_place(screen, "bookmark it")
    if place is not None:
        article, pair, where = place
        work.toggle_bookmark(screen, screen.state, article.id, pair, where)


def note(screen: ReaderScreen) -> None:
    """Ask for the note on the current question (or article) and save it."""
    place = _marked_place(screen, "write a note on it")
    if place is None:
        return
    article, pair, where = place
    mark = screen.state.bookmark(article.id, pair)

    def done(text: str) -> None:  # an empty note clears the note
        work.save_note(screen, screen.state, article.id, pair, text, where)

    dialog = NoteScreen(f"{article.display_title}, {where}", mark.note if mark else "")
    _ask(screen, dialog, done)


def pick_saved(screen: ReaderScreen) -> None:
    """Offer the saved searches; the one chosen goes into the search box."""
    saved = screen.state.saved_searches()
    if not saved:
        screen.notify("No saved searches yet: S saves the query (and filters) under a name.")
        return
    _ask(screen, SavedScreen(saved), lambda name: screen.run_saved(saved[name]))


def save_search(screen: ReaderScreen) -> None:
    """Ask for a name and save the query typed under it."""
    text = screen.query_text.strip()
    if not text:
        screen.notify("Type a query first, then S saves it under a name.")
        return

    def named(name: str) -> None:
        if name:  # no name, nothing saved
            work.save_search(screen, screen.state, name, text, screen.filters, screen.view)

    _ask(screen, AskScreen(f"Save {text!r} as", "", "a short name"), named)


def _ask(screen: ReaderScreen, dialog: Screen[str | None], then: Callable[[str], None]) -> None:
    """Show a dialog; ``then`` gets its answer unless it was cancelled (Esc gives None)."""

    def answered(value: str | None) -> None:
        if value is not None:
            then(value)

    screen.app.push_screen(dialog, answered)
