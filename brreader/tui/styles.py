"""Rich styles and text helpers shared by the reader's widgets, so they agree."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from brreader.search import Marked
from brreader.textsafe import clean_line

MATCH = Style(bold=True, color="black", bgcolor="yellow")
CURRENT_MATCH = Style(bold=True, color="white", bgcolor="dark_orange3", underline=True)
TITLE = Style(bold=True)
META = Style(dim=True)
QUESTION = Style(bold=True, color="cyan")
LABEL = Style(bold=True, color="cyan", dim=True)
DIM = Style(dim=True)
CURRENT_QUESTION = Style(reverse=True, bold=True)
UNREAD = Style(bold=True, color="cyan")
BOOKMARK = Style(bold=True, color="yellow")


def marked_text(value: Marked, style: object = "") -> Text:
    """A one-line Rich Text with matched words highlighted; article text is never markup."""
    safe = clean_line(value.text)
    text = Text(safe, style=style)  # type: ignore[arg-type]
    if safe == value.text:  # spans index the original; it had nothing to clean
        for start, end in value.spans:
            text.stylize(MATCH, start, end)
    return text
