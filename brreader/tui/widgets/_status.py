"""The line under the search box: what a search could not do as asked, in one row.

The line is always laid out, blank when there is nothing to say. A message
coming or going then changes one row of text: nothing below it moves, and
Textual repaints this line only. (A line that appeared and went made Textual
lay out and repaint the whole screen: 59 ms of CPU a frame on the 20k
benchmark archive, against 6 ms for new text in a line that stays.)

A message may be said several ways, longest first: the line shows the longest
that fits its width, and crops the shortest with an ellipsis if none does.
The whole of the longest is its tooltip, and :attr:`StatusLine.cropped` tells
the screen when some of it is not on screen.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from brreader.textsafe import clean


class StatusLine(Widget):
    """One row of text; ``-error`` styles a query error."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._br_wordings: tuple[str, ...] = ()
        self._br_error = False

    def say(self, *wordings: str, error: bool = False) -> None:
        """Show the longest of ``wordings`` (longest first) that fits; none: a blank line.

        Each is shown as text, never markup, on one line, without control characters.
        """
        cleaned = tuple(_one_line(wording) for wording in wordings if wording.strip())
        if (cleaned, error) == (self._br_wordings, self._br_error):
            return  # said already: not even this line is repainted
        self._br_wordings, self._br_error = cleaned, error
        if self.has_class("-error") != error:
            self.set_class(error, "-error")
        self.tooltip = Text(cleaned[0]) if cleaned else None
        self.refresh()  # one row of the same width: no layout

    @property
    def message(self) -> str:
        """What the line says in full (its longest wording), or "" when it is blank."""
        return self._br_wordings[0] if self._br_wordings else ""

    @property
    def error(self) -> bool:
        """The line tells of an error (a query that cannot be searched)."""
        return self._br_error

    @property
    def showing(self) -> str:
        """The wording that fits the line now (maybe still too long: then cropped)."""
        width = self.content_size.width
        for wording in self._br_wordings:
            if cell_len(wording) <= width:
                return wording
        return self._br_wordings[-1] if self._br_wordings else ""

    @property
    def cropped(self) -> bool:
        """Part of the message is not on screen: a shorter wording, or an ellipsis."""
        showing = self.showing
        return showing != self.message or cell_len(showing) > self.content_size.width

    def render(self) -> Text:
        return Text(self.showing, no_wrap=True, overflow="ellipsis", end="")


def _one_line(text: str) -> str:
    """``text`` without control characters, its line breaks and tabs as spaces (the spaces
    it has stay: the "(Enter)" of an offer stands two spaces apart)."""
    return clean(text).replace("\n", " ").replace("\t", " ").strip()
