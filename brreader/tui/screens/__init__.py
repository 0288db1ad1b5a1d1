"""The reader's screens."""

from brreader.tui.screens._help import HelpScreen
from brreader.tui.screens._keep import AskScreen, NoteScreen, SavedScreen
from brreader.tui.screens._timeline import TimelineScreen

__all__ = ["AskScreen", "HelpScreen", "NoteScreen", "SavedScreen", "TimelineScreen"]
