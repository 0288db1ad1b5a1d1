"""The search box: an Input that also opens the help with "?" while it is empty.

The box has the focus when the reader starts, so every printable key is typed
into it: without this, the "?" the placeholder offers would become a query
(and a wildcard error). Its footer entries are the keys that work while
typing, so the footer is never reduced to one entry.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


class SearchBox(Input):
    """The query as typed; "?" in an empty box (F1 any time) opens the help."""

    BINDINGS = [
        # Listed in the footer while the box is empty; the key itself is read in
        # _on_key, in turn with the characters typed before it (a priority binding
        # is checked when the key arrives, before a burst's earlier keys are typed).
        Binding("question_mark", "help", "Help"),
        Binding("f1", "help_typing", "Help"),
        Binding("enter", "submit", "Results"),  # Input's own, shown: to the list (or the fix)
        Binding("escape", "screen.back_to_list", "List"),
        Binding("down", "screen.back_to_list", "List", show=False),
        # Shown while typing (q is typed then); the app's own Ctrl+Q runs it.
        Binding("ctrl+q", "app.quit", "Quit", priority=True),
    ]

    class HelpAsked(Message):
        """The user asked for the help from the search box."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # "?" opens the help only while there is nothing typed ("?" is a wildcard in a
        # query); "F1 Help" is shown only then too, so the footer lists one of them.
        if action == "help":
            return not self.value
        if action == "help_typing":
            return bool(self.value)
        return True

    async def _on_key(self, event: events.Key) -> None:
        # Runs before Input's own handler, which would type the "?".
        if event.key == "question_mark" and not self.value:
            event.stop()
            event.prevent_default()
            self.post_message(self.HelpAsked())

    def watch_value(self) -> None:
        self.refresh_bindings()  # the footer changes between "? Help" and "F1 Help"

    def action_help(self) -> None:
        self.post_message(self.HelpAsked())

    def action_help_typing(self) -> None:
        self.post_message(self.HelpAsked())
