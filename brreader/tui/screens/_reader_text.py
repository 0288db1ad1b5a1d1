"""What the reader says about a search and an index update, as plain text.

Kept apart from the screen so the wording lives in one place (the count
line, the line under the search box, the notices after an update) and can
be read without following the widgets.
"""

from __future__ import annotations

from typing import Literal

from brreader.search import Relaxed, UpdateReport
from brreader.textsafe import clean_line
from brreader.tui.screens._reader_work import Shown

Severity = Literal["information", "warning", "error"]


def results_count(shown: Shown) -> str:
    """The line above the list: how many articles are listed or match."""
    if shown.results is None:
        total = shown.total
        more = f" (newest {len(shown.infos):,} shown)" if total > len(shown.infos) else ""
        return f"{total:,} article{'s' if total != 1 else ''}{more}"
    found = shown.results
    noun = "article matches" if found.total == 1 else "articles match"
    if found.relaxed is not None:  # widened to most of the words: the status says so
        noun = "article has some of the words" if found.total == 1 else "articles have some"
    if not shown.query.strip():  # filters or a view alone: a listing, not matches
        noun = "article" if found.total == 1 else "articles"
    more = ""
    if found.total > len(found.hits):
        more = f" (best {len(found.hits):,}; more as you scroll)"
    return f"{found.total:,} {noun}{more}"


def did_you_mean(leads: tuple[str, ...], suggestion: str) -> tuple[str, ...]:
    """The offer of a corrected query, which Enter takes: after each of ``leads`` (the
    ways to say what was found, longest first), then alone (for a narrow line)."""
    offer = f"Did you mean: {clean_line(suggestion)}  (Enter)"
    return (*(f"{lead}. {offer}" for lead in leads), offer)


def _widened(relaxed: Relaxed) -> tuple[str, ...]:
    """What a widened search says, longest first: the words, then without them."""
    said = relaxed.wording()
    if relaxed.with_all:
        some = f"{relaxed.with_all} {'has' if relaxed.with_all == 1 else 'have'}"
        shorter = f"Only {some} all the words; also showing those with most of them"
        shortest = "Also showing those with most of the words"
    else:
        shorter = "None has all the words; showing those with most of them"
        shortest = "Showing those with most of the words"
    return (said[0].upper() + said[1:], shorter, shortest)


def results_status(shown: Shown) -> tuple[str, ...]:
    """The line under the search box after a search, in ways from the longest to the
    shortest (the line shows the longest that fits): none unless too little matched."""
    if shown.results is not None and shown.results.relaxed is not None:
        leads = _widened(shown.results.relaxed)
        if shown.suggestion:
            return did_you_mean(leads, shown.suggestion)
        return tuple(f"{lead}." for lead in leads)
    if shown.results is None:
        return ()
    count = shown.results.total
    if count and shown.suggestion:  # asked for on Enter after a few matches
        return did_you_mean((f"{count} {'match' if count == 1 else 'matches'}",), shown.suggestion)
    if count:
        return ()
    if shown.suggestion:
        return did_you_mean(("No matches",), shown.suggestion)
    return ("No matches.",)


def update_notices(report: UpdateReport) -> list[tuple[str, Severity, float | None]]:
    """The notices after an index update: (text, severity, seconds shown or None: the default)."""
    notices: list[tuple[str, Severity, float | None]] = []
    if report.skipped:
        names = ", ".join(clean_line(s.path) for s in report.skipped[:3])
        more = f" and {len(report.skipped) - 3} more" if len(report.skipped) > 3 else ""
        text = f"Skipped {names}{more}; run 'brreader index' for the reasons"
        notices.append((text, "warning", 10))
    if report.busy:
        notices.append(("Another brreader is updating the index.", "warning", None))
    if report.failed:
        notices.append((clean_line(report.failed), "error", 15))
    return notices


# The reader's actions in the command palette (Ctrl+P): (title, help, action of the
# reader screen). The keys do the same; these are for finding them by name.
PALETTE = (
    ("Filters", "show or hide the filter panel (f)", "toggle_filters"),
    ("Clear filters", "remove every filter (F)", "clear_filters"),
    ("Timeline", "the query's matching pairs in date order (t)", "timeline"),
    ("Outline", "the article's questions with match counts (o)", "toggle_outline"),
    ("Asked elsewhere", "similar pairs in other interviews (r)", "related"),
    ("Copy quote", "the current question and answer with its citation (y)", "copy_quote"),
    ("Bookmark", "bookmark the question on screen, or remove it (b)", "bookmark"),
    ("Note", "write a note on the bookmark of the question on screen (B)", "note"),
    ("Saved searches", "run a saved search with its filters (s)", "saved"),
    ("Save search", "keep the query, filters and view under a name (S)", "save_search"),
    ("Show unread / bookmarked / all", "cycle which articles are listed (u)", "cycle_view"),
    ("Export results", "the command that writes these results as CSV or Markdown", "export"),
    ("Update index", "take in added or edited files now (Ctrl+R)", "update_index"),
)
