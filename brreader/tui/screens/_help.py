"""The help screen: every key, and the query language in brief."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = [
    ("/", "search (type to search as you type)"),
    ("Esc", "back to the article list"),
    ("j / k, ↓ / ↑", "move in the list, scroll the article"),
    ("Enter", "open the highlighted article"),
    ("Tab / Shift+Tab", "next / previous pane"),
    ("n / N", "next / previous match in the article"),
    ("] / [", "next / previous question"),
    ("o", "outline of the article's questions, with match counts"),
    ("f", "filters: interviewees, outlets, tags, years (or from/to a year), with counts"),
    ("F", "clear every filter (or press a filter's chip under the search box)"),
    ("r", "asked elsewhere: similar questions and answers in other interviews"),
    ("t", "timeline: the query's matching pairs in date order"),
    ("y", "copy the question on screen and its answer, with the citation"),
    ("b / B", "bookmark the question on screen (or article) / write a note on it"),
    ("u", "show all, only unread (●) or only bookmarked (★) articles"),
    ("s / S", "saved searches (also in the command palette, Ctrl+P) / save this query"),
    ("e", "edit the article in $VISUAL / $EDITOR; read again when the editor exits"),
    ("O", "open the article's source link in the browser"),
    ("Ctrl+R", "update the index now (done at start too)"),
    ("Ctrl+P", "command palette: every action by name, saved searches, export"),
    ("? / F1", "this help (? in the empty search box too; F1 anywhere)"),
    ("q", "quit (outside the search box)"),
    ("Ctrl+Q", "quit from anywhere"),
]

QUERIES = [
    ("Mekong sediment", "both words (AND is the default)"),
    ("rail OR freight, NOT, -word, ( )", "boolean logic and grouping; -freight leaves it out"),
    ('"flood pulse"', "an exact phrase"),
    ("satell*  welderz~", "wildcard, fuzzy"),
    ("q:farmers a:altimetry", "question and answer terms in the same pair"),
    ("who:Kheng title:rail", "one field (also lede:, outlet:, source:, tags:)"),
    ("note:soil", "your bookmark notes"),
    ("published:2025  published:[2019 to 2021]", "dates"),
]


def _table(rows: list[tuple[str, str]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    for key, text in rows:
        table.add_row(Text(key), Text(text))
    return table


def show_help(app: App[Any]) -> None:
    """Open the help over whatever is shown (once: asking again while it is open does nothing)."""
    if not isinstance(app.screen, HelpScreen):
        app.push_screen(HelpScreen())


class HelpScreen(ModalScreen[None]):
    """Keys and query syntax; any of Esc, q or ? closes it."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("q", "dismiss", "Close", show=False),
        Binding("question_mark", "dismiss", "Close", show=False),
        Binding("f1", "dismiss", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text("Keys", style="bold"))
            yield Static(_table(KEYS))
            yield Static(Text("\nQueries", style="bold"))
            yield Static(_table(QUERIES))
            yield Static(Text("\nEsc closes this help.", style="dim"))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
