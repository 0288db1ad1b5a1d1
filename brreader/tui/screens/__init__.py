"""The reader's screens."""

from brreader.tui.screens._help import HelpScreen

__all__ = ["HelpScreen"]
