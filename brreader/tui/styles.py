"""Rich styles shared by the reader's widgets (kept apart so widgets agree on them)."""

from __future__ import annotations

from rich.style import Style

MATCH = Style(bold=True, color="black", bgcolor="yellow")
CURRENT_MATCH = Style(bold=True, color="white", bgcolor="dark_orange3", underline=True)
TITLE = Style(bold=True)
META = Style(dim=True)
QUESTION = Style(bold=True, color="cyan")
LABEL = Style(bold=True, color="cyan", dim=True)
DIM = Style(dim=True)
CURRENT_QUESTION = Style(reverse=True, bold=True)
