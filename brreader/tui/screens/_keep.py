"""Small dialogs for keeping things: a note on a bookmark, the saved-search picker."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from brreader.state import SavedSearch
from brreader.textsafe import clean_line
from brreader.tui.styles import DIM, TITLE
from brreader.tui.widgets import PickList


class AskScreen(ModalScreen[str | None]):
    """One line of text; Enter gives it back, Esc gives None (nothing changes)."""

    BINDINGS = [Binding("escape", "dismiss", "Cancel")]

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            # The title quotes a query or an article's title: text, never markup.
            yield Static(Text(f"{clean_line(self.title_text)} (Enter saves, Esc cancels)"))
            yield Input(self.value, placeholder=self.placeholder)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())


class NoteScreen(AskScreen):
    """The note on a bookmark."""

    def __init__(self, where: str, note: str) -> None:
        super().__init__(f"Note on {where}", note, "why this matters, where to use it …")


class SavedScreen(ModalScreen[str | None]):
    """The saved searches; Enter gives the name of one, Esc closes."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("s", "dismiss", "Close", show=False),
    ]

    def __init__(self, saved: dict[str, SavedSearch]) -> None:
        super().__init__()
        self.saved = saved

    def compose(self) -> ComposeResult:
        with Vertical(id="saved-box", classes="dialog"):
            yield Static("Saved searches (Enter runs one, with its filters)")
            options = []
            for name, found in self.saved.items():
                label = Text.assemble(
                    Text(clean_line(name), style=TITLE), "  ", Text(clean_line(found.query))
                )
                if extra := found.describe():
                    label.append(f"  [{clean_line(extra)}]", style=DIM)
                options.append(Option(label, id=name))
            yield PickList(*options, id="saved")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id is not None:
            self.dismiss(event.option_id)  # the name
