"""The timeline: a query's matching pairs in date order, to follow a topic over the years."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from brreader.render import format_date
from brreader.search import Timeline
from brreader.textsafe import clean_line
from brreader.tui.styles import DIM, LABEL, QUESTION, marked_text
from brreader.tui.widgets import PickList


class TimelineScreen(Screen[tuple[str, int] | None]):
    """Pairs oldest first; Enter opens one in the reader, Esc goes back."""

    BINDINGS = [
        Binding("escape", "dismiss", "Back"),
        Binding("t", "dismiss", "Back", show=False),
        Binding("q", "dismiss", "Back", show=False),
        Binding("question_mark", "help", "Help"),
    ]

    def action_help(self) -> None:
        from brreader.tui.screens._help import show_help

        show_help(self.app)

    def __init__(self, timeline: Timeline) -> None:
        super().__init__()
        self.timeline = timeline

    def compose(self) -> ComposeResult:
        found = self.timeline
        heading = f"Timeline of {clean_line(found.query)!r}: {found.pairs:,} pair"
        heading += "s" if found.pairs != 1 else ""
        heading += f" in {found.articles:,} article{'s' if found.articles != 1 else ''}"
        if found.outside:
            heading += f", {found.outside:,} of them by headline or lede only"
        if len(found.entries) < found.total:
            heading += f" (first {len(found.entries):,})"
        yield Static(Text(heading), id="timeline-heading")  # the query is not markup
        options = []
        for entry in found.entries:
            info = entry.info
            date = format_date(info.published)[:10]
            who = " · ".join(clean_line(x) for x in (info.interviewee, info.outlet) if x)
            label = Text.assemble(
                Text(f"{date}  ", style=DIM),
                Text(who, style=QUESTION),
                "\n",
                Text(f"Q{entry.number} " if entry.number else "Headline ", style=LABEL),
                marked_text(entry.question, "bold"),
            )
            if entry.snippet.text:
                label.append("\n")
                label.append_text(marked_text(entry.snippet, DIM))
            options.append(Option(label, id=f"{entry.number}\x1f{info.id}"))
        if not options:
            options.append(Option(Text("No pairs match.", style=DIM), disabled=True))
        yield PickList(*options, id="timeline")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id:
            number, article_id = event.option_id.split("\x1f", 1)
            self.dismiss((article_id, int(number)))
