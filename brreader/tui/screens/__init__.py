"""The reader's screens: the reader itself, and the dialogs and views shown over it."""

from brreader.tui.screens._help import HelpScreen
from brreader.tui.screens._keep import AskScreen, NoteScreen, SavedScreen
from brreader.tui.screens._reader import ReaderScreen
from brreader.tui.screens._timeline import TimelineScreen

__all__ = ["AskScreen", "HelpScreen", "NoteScreen", "SavedScreen", "ReaderScreen", "TimelineScreen"]
