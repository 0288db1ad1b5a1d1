"""The interactive reader (Textual). Imported only when ``brreader`` runs without a command."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from brreader.search import Archive


def run(archive: Archive) -> int:
    """Open the reader on an archive; return the exit status."""
    from brreader.tui.app import ReaderApp

    app = ReaderApp(archive)
    app.run()
    return app.return_code or 0
