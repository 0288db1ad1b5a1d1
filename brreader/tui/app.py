"""The reader application: owns the archive and the state file, and shows the reader screen.

Deliberately thin. The :class:`~brreader.search.Archive` and the
:class:`~brreader.state.State` are made here, on the main thread, before any
worker runs (no thread creates them lazily); the
:class:`~brreader.tui.screens.ReaderScreen` does the rest. The one
stylesheet, ``app.tcss``, is loaded here for every screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from brreader.search import Archive
from brreader.state import State, default_path
from brreader.textsafe import clean
from brreader.tui.garbage import CHECK_EVERY, Collector
from brreader.tui.screens import ReaderScreen
from brreader.tui.screens._help import show_help
from brreader.tui.screens._reader_text import PALETTE


def _saved_searches_provider() -> Any:
    # Imported when the palette opens: textual.command costs 20 ms at start.
    from brreader.tui.commands import SavedSearches

    return SavedSearches


class ReaderApp(App[None]):
    """brreader's interactive reader."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    COMMANDS = App.COMMANDS | {lambda: _saved_searches_provider()}
    TITLE = "brreader"
    BINDINGS = [Binding("f1", "help", "Help", show=False)]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]

    def __init__(
        self, archive: Archive, *, update_index: bool = True, state: State | None = None
    ) -> None:
        super().__init__()
        self.archive = archive
        # Read now, on the main thread: its warnings are shown once the screen is up.
        self.state = state if state is not None else State(default_path(), archive.articles)
        self._br_update_index = update_index
        self._br_reader: ReaderScreen | None = None
        self.collector = Collector()  # garbage collected while the user rests

    def get_default_screen(self) -> ReaderScreen:
        """The reader screen, first on the stack (``app.query_one`` looks there)."""
        self._br_reader = ReaderScreen(self.archive, self.state, update_index=self._br_update_index)
        return self._br_reader

    def on_mount(self) -> None:
        self.collector.start()
        self.set_interval(CHECK_EVERY, self.collector.check, name="brreader-collector")

    def on_unmount(self) -> None:
        self.collector.close()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.collector.touch()  # every key, click and scroll, before it is handled
        await super().on_event(event)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notice, cleaned and shown as typed (never markup).

        Notices name ids, paths, queries and errors that quote them; each
        screen's and widget's ``notify`` comes here, so this is the one place.
        """
        super().notify(
            clean(message), title=clean(title), severity=severity, timeout=timeout, markup=False
        )

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own commands, and on the reader screen every action of the reader."""
        yield from super().get_system_commands(screen)
        if isinstance(screen, ReaderScreen):
            for title, help_text, action in PALETTE:
                yield SystemCommand(title, help_text, partial(screen.run_action, action))

    def action_help(self) -> None:
        """F1, from any screen: the keys and the query language."""
        show_help(self)

    @property
    def reader(self) -> ReaderScreen:
        """The reader screen, also while a dialog or the timeline is shown over it."""
        assert self._br_reader is not None, "the app is not running"
        return self._br_reader
