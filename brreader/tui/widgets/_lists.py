"""The option list every list of the reader is made from, so j and k move in all of them."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class PickList(OptionList):
    """An option list that j and k move in as well as the arrows (the help says they do)."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]
