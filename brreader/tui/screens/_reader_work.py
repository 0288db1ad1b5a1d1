"""Everything the reader does off the main thread, and the messages that report it.

Each worker is a function decorated with ``@work(thread=True)`` whose first
argument is the node that owns it (the reader screen): Textual runs it in a
thread, cancels older work of the same exclusive group, and the function
reports only by posting a message to that node. Workers touch the
:class:`~brreader.search.Archive` and the :class:`~brreader.state.State`,
never a widget; the screen decides what the results mean for the display.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass, replace

from textual import work
from textual.dom import DOMNode
from textual.message import Message
from textual.worker import get_current_worker

from brreader.articles import ArticleError
from brreader.model import Article
from brreader.search import (
    Archive,
    ArticleInfo,
    FacetCounts,
    Filters,
    IndexError_,
    NotFound,
    QueryError,
    RelatedPair,
    SearchResults,
    Timeline,
    UpdateReport,
    described_damage,
    read_damage,
    with_notes,
)
from brreader.state import SavedSearch, State
from brreader.textsafe import clean_line

HIT_LIMIT = 50  # results listed at first; more load when the cursor reaches the end
LIST_LIMIT = 2000  # articles shown with no query (newest first)
INDEX_WAIT = 2.0  # seconds to wait for another brreader writing the index
SUGGEST_AFTER = 0.2  # seconds after a search without matches before "did you mean" is asked
TIMELINE_LIMIT = 500  # pairs the timeline view lists


@dataclass
class Shown:
    """What the list currently shows: a query's results, or all articles."""

    query: str
    results: SearchResults | None
    infos: tuple[ArticleInfo, ...]
    suggestion: str | None = None
    total: int = 0  # articles in the archive, when listing without a query
    keep: int | None = None  # list position to keep (when more results were loaded)
    marks: tuple[frozenset[str], frozenset[str]] | None = None  # read, bookmarked
    suggested: bool = False  # "did you mean" was answered for these results


# -- messages ----------------------------------------------------------------------


class SearchDone(Message):
    """A search (or the listing of every article) finished: here is what to show."""

    def __init__(self, shown: Shown) -> None:
        super().__init__()
        self.shown = shown


class SearchFailed(Message):
    """The query cannot be searched (a syntax error, say): the reason, for the status line."""

    def __init__(self, query: str, error: str) -> None:
        super().__init__()
        self.query = query
        self.error = error


class PairsFound(Message):
    """More hits of ``before`` have their best pairs: ``after`` is ``before`` with them."""

    def __init__(self, before: SearchResults, after: SearchResults) -> None:
        super().__init__()
        self.before = before
        self.after = after


class SuggestionFound(Message):
    """The answer to a "did you mean" question (None: nothing better); ``asked``: asked
    with Enter (the answer decides where the focus goes), not after a search."""

    def __init__(self, query: str, suggestion: str | None, *, asked: bool = True) -> None:
        super().__init__()
        self.query = query
        self.suggestion = suggestion
        self.asked = asked


class ArticleLoaded(Message):
    """An article read from its file, or why it could not be."""

    def __init__(self, article_id: str, article: Article | None, error: str = "") -> None:
        super().__init__()
        self.article_id = article_id
        self.article = article
        self.error = error


class IndexProgressed(Message):
    """How far an index update has got; a newer one replaces an unhandled older one."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IndexProgressed)


class IndexBroken(Message):
    """A search found the index missing or unreadable (``damaged``: bytes inside one of
    its files, which only a rebuild repairs; see ``search.read_damage``)."""

    def __init__(self, query: str, damaged: str = "") -> None:
        super().__init__()
        self.query = query
        self.damaged = damaged


class IndexCommitted(Message):
    """Part of a long index update is saved: searches can see more now."""


class IndexUpdated(Message):
    """An index update finished (report) or failed (error)."""

    def __init__(self, report: UpdateReport | None, error: str = "") -> None:
        super().__init__()
        self.report = report
        self.error = error


class FacetsLoaded(Message):
    """Facet counts for a query and filters (None: the query cannot be counted)."""

    def __init__(self, query: str, filters: Filters, counts: FacetCounts | None) -> None:
        super().__init__()
        self.query = query
        self.filters = filters
        self.counts = counts


class RelatedFound(Message):
    """Pairs in other articles like pair ``number``, or why none could be looked for."""

    def __init__(self, number: int, pairs: tuple[RelatedPair, ...], error: str = "") -> None:
        super().__init__()
        self.number = number
        self.pairs = pairs
        self.error = error


class TimelineLoaded(Message):
    """A query's pairs in date order, or why there is no timeline."""

    def __init__(self, timeline: Timeline | None, error: str = "") -> None:
        super().__init__()
        self.timeline = timeline
        self.error = error


class Copied(Message):
    """Text was sent to the clipboard: how it went, for a notice."""

    def __init__(self, notice: str) -> None:
        super().__init__()
        self.notice = notice


class StateChanged(Message):
    """Read marks or bookmarks changed: the list redraws its markers."""

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


# -- the archive -------------------------------------------------------------------


@work(thread=True, exclusive=True, group="warm")
def warm_up(owner: DOMNode, archive: Archive) -> None:
    """Load what makes each search of a long session quicker, off the screen's thread."""
    archive.keep_warm()


@work(thread=True, exclusive=True, group="index")
def refresh_index(owner: DOMNode, archive: Archive, rebuild: bool = False) -> None:
    """Bring the index up to date (or build it again), reporting progress and each
    committed part."""

    def progress(done: int, total: int) -> None:
        owner.post_message(IndexProgressed(done, total))

    def committed() -> None:
        owner.post_message(IndexCommitted())

    try:
        report = archive.update(
            rebuild=rebuild, progress=progress, wait=INDEX_WAIT, committed=committed
        )
    except Exception as error:  # noqa: BLE001 - shown to the user, never a traceback
        owner.post_message(IndexUpdated(None, clean_line(str(error))))
    else:
        owner.post_message(IndexUpdated(report))


def view_filters(state: State, filters: Filters, view: str, text: str) -> tuple[str, Filters]:
    """Add the unread/bookmarked view and the query's ``note:`` terms to the filters."""
    if view == "unread":
        filters = replace(filters, exclude=frozenset(state.read_ids()))
    elif view == "bookmarked":
        filters = replace(filters, ids=frozenset(state.bookmarked_ids()))
    if "note:" in text.lower():
        notes = [(b.article_id, b.note) for b in state.bookmarks() if b.note]
        text, found = with_notes(text, filters, notes)
        filters = found or filters
    return text, filters


@work(thread=True, exclusive=True, group="search")
def run_search(
    owner: DOMNode,
    archive: Archive,
    state: State,
    text: str,
    filters: Filters,
    view: str,
    limit: int = HIT_LIMIT,
    keep: int | None = None,
    pairs_for: int | None = None,
) -> None:
    """Search (or list every article when there is nothing to search for).

    ``pairs_for``: the hits whose best pairs are found now (the first screen);
    :func:`fill_pairs` finds the others' once the list is drawn.
    """
    worker = get_current_worker()
    typed = text
    try:
        text, filters = view_filters(state, filters, view, text)
        if text.strip() or filters:
            results = archive.search(
                text, limit=limit, snippets=False, filters=filters, pairs_for=pairs_for
            )
            shown = Shown(typed, results, (), keep=keep)
        else:
            infos, total = archive.browse(LIST_LIMIT)
            shown = Shown(text, None, infos, total=total)
    except QueryError as error:
        owner.post_message(SearchFailed(typed, str(error)))
        return
    except IndexError_:
        # Missing or damaged (deleted while we run, say): rebuild it.
        owner.post_message(IndexBroken(typed))
        return
    except Exception as error:  # noqa: BLE001 - e.g. the index is being rebuilt
        if read_damage(error):  # bytes damaged inside an index file: rebuild it too
            owner.post_message(IndexBroken(typed, described_damage(error)))
        else:
            owner.post_message(SearchFailed(typed, f"cannot search yet: {error}"))
        return
    if worker.is_cancelled:
        return
    # Marks travel with the results: one drawing of the list, not two.
    shown.marks = (frozenset(state.read_ids()), frozenset(state.bookmarked_ids()))
    owner.post_message(SearchDone(shown))
    if shown.results is not None and shown.results.with_all_words == 0 and text.strip():
        # The list first, then "did you mean": looking for a correction takes far longer
        # than most searches (0.3-0.8 s at 20,000 articles), and none is looked for while
        # the user is still typing (the next keystroke's search cancels this one).
        time.sleep(SUGGEST_AFTER)
        if worker.is_cancelled:
            return
        try:
            suggestion = archive.suggest(text)
        except Exception:  # noqa: BLE001 - a suggestion is a nicety
            suggestion = None
        if not worker.is_cancelled:
            owner.post_message(SuggestionFound(typed, suggestion, asked=False))


@work(thread=True, exclusive=True, group="pairs")
def fill_pairs(owner: DOMNode, archive: Archive, results: SearchResults) -> None:
    """Find the best pairs of the hits a search listed without them, all at once (in
    steps of a screenful they cost half as much again, and each step redraws the list).
    A newer search cancels this: nothing is posted then. If they cannot be found (the
    index is being rebuilt, say), the hits are listed without them."""
    worker = get_current_worker()
    try:
        filled = archive.fill_pairs(results)
    except Exception:  # noqa: BLE001 - the search after the index changes shows them
        filled = replace(results, unpaired=None)
    if not worker.is_cancelled:
        owner.post_message(PairsFound(results, filled))


@work(thread=True, exclusive=True, group="suggest")
def suggest_for(owner: DOMNode, archive: Archive, text: str) -> None:
    """Look for a correction of a query that found only a few articles."""
    try:
        suggestion = archive.suggest(text)
    except Exception:  # noqa: BLE001 - a suggestion is a nicety
        suggestion = None
    owner.post_message(SuggestionFound(text, suggestion))


@work(thread=True, exclusive=True, group="article")
def load_article(owner: DOMNode, archive: Archive, article_id: str) -> None:
    """Read and parse one article from its file."""
    try:
        article = archive.article(article_id)
    except NotFound:
        owner.post_message(ArticleLoaded(article_id, None, "this article is gone"))
    except (ArticleError, OSError) as error:
        owner.post_message(ArticleLoaded(article_id, None, str(error)))
    except Exception as error:  # noqa: BLE001
        owner.post_message(ArticleLoaded(article_id, None, f"cannot open: {error}"))
    else:
        owner.post_message(ArticleLoaded(article_id, article))


@work(thread=True, exclusive=True, group="facets")
def load_facets(owner: DOMNode, archive: Archive, text: str, filters: Filters) -> None:
    """Count the facet values of the articles the query and filters find."""
    try:
        counts: FacetCounts | None = archive.facets(text, filters)
    except Exception:  # noqa: BLE001 - a query error is shown by the search already
        counts = None
    owner.post_message(FacetsLoaded(text, filters, counts))


@work(thread=True, exclusive=True, group="related")
def find_related(owner: DOMNode, archive: Archive, article_id: str, number: int) -> None:
    """Find pairs in other articles like pair ``number`` of this one."""
    try:
        pairs = archive.related(article_id, number)
    except Exception as error:  # noqa: BLE001 - shown to the user, never a traceback
        owner.post_message(RelatedFound(number, (), clean_line(str(error))))
    else:
        owner.post_message(RelatedFound(number, pairs))


@work(thread=True, exclusive=True, group="timeline")
def load_timeline(owner: DOMNode, archive: Archive, text: str, filters: Filters) -> None:
    """The query's matching pairs in date order."""
    try:
        timeline = archive.timeline(text, filters=filters, limit=TIMELINE_LIMIT)
    except Exception as error:  # noqa: BLE001 - e.g. a query error, shown as a notice
        owner.post_message(TimelineLoaded(None, clean_line(str(error))))
    else:
        owner.post_message(TimelineLoaded(timeline))


# -- the state file: changes only, never exclusive (each one must be saved) ----------


def take_warnings(state: State) -> tuple[str, ...]:
    """The state file's warnings, made safe to show, once each."""
    warnings = tuple(clean_line(w) for w in state.warnings)
    state.warnings.clear()
    return warnings


def _changed(owner: DOMNode, state: State, notice: str = "") -> None:
    read, marked = frozenset(state.read_ids()), frozenset(state.bookmarked_ids())
    owner.post_message(StateChanged(read, marked, notice, take_warnings(state)))


@work(thread=True, group="state")
def remember_read(owner: DOMNode, state: State, article_id: str) -> None:
    """Mark an article read (once)."""
    if article_id not in state.read_ids():
        state.mark_read(article_id)
        _changed(owner, state)


@work(thread=True, group="state")
def toggle_bookmark(
    owner: DOMNode, state: State, article_id: str, pair: int | None, where: str
) -> None:
    """Bookmark an article or pair, or remove its bookmark."""
    if state.bookmark(article_id, pair) is None:
        state.add_bookmark(article_id, pair)
        _changed(owner, state, f"Bookmarked {where}. B adds a note.")
    else:
        state.remove_bookmark(article_id, pair)
        _changed(owner, state, f"Bookmark on {where} removed.")


@work(thread=True, group="state")
def save_note(
    owner: DOMNode, state: State, article_id: str, pair: int | None, note: str, where: str
) -> None:
    """Set (or clear) the note on a bookmark, bookmarking it if need be."""
    state.add_bookmark(article_id, pair, note)
    _changed(owner, state, f"Note saved on {where}." if note else f"Note on {where} cleared.")


@work(thread=True, group="state")
def save_search(
    owner: DOMNode, state: State, name: str, text: str, filters: Filters, view: str
) -> None:
    """Save a query under a name, with the filters and the view in force."""
    state.save_search(name, text, filters, view)
    kept = SavedSearch(name, text, filters, view).filter_count
    extra = f" with {kept} filter{'s' if kept != 1 else ''}" if kept else ""
    _changed(owner, state, f"Saved {name!r}{extra}: s or Ctrl+P runs it.")


# -- the clipboard: what reached where, said honestly ----------------------------------


def in_tmux() -> bool:
    """The reader runs inside tmux (which keeps a terminal's clipboard escape to itself
    unless its set-clipboard option says otherwise)."""
    return bool(os.environ.get("TMUX"))


@work(thread=True, group="clipboard")
def copy_to_tmux(owner: DOMNode, text: str, what: str, fallback: str) -> None:
    """Put ``text`` in tmux's paste buffer (and, tmux 3.2 on, its clipboard) too, then say
    where ``what`` went and the command that always works (``fallback``)."""
    into_tmux = False
    for command in (["tmux", "load-buffer", "-w", "-"], ["tmux", "load-buffer", "-"]):
        try:
            done = subprocess.run(
                command, input=text.encode("utf-8"), capture_output=True, timeout=3
            )
        except (OSError, subprocess.SubprocessError):
            break
        if done.returncode == 0:
            into_tmux = True
            break
    owner.post_message(Copied(copy_notice(what, fallback, tmux=into_tmux)))


def copy_notice(what: str, fallback: str, *, tmux: bool | None) -> str:
    """Where a copy went: the terminal is asked (it may refuse, and nothing says so)."""
    sent = f"{what}: sent to the terminal's clipboard (OSC 52; not every terminal accepts it)"
    if tmux:
        sent += " and put in tmux's paste buffer (prefix ] pastes it)"
    elif tmux is False:
        sent += "; tmux's paste buffer could not be reached"
    return f"{sent}. If nothing arrived: {fallback}"
