"""The reader's state file (bookmarks, notes, saved searches) as the commands open it.

Shared by the keeping commands and by every query that may hold ``note:``
terms, which are answered from the bookmarks' notes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from brreader.cli.output import say

if TYPE_CHECKING:
    from brreader.model import Filters
    from brreader.search import Archive
    from brreader.state import State


def open_state(archive: Archive) -> State:
    """The state file for this archive; what went wrong reading it is said on stderr."""
    from brreader.state import State, default_path

    state = State(default_path(), archive.articles)
    warn(state)
    return state


def warn(state: State) -> bool:
    """Say the state's warnings; True when a change could not be saved."""
    from brreader.textsafe import clean_line

    for warning in state.warnings:
        say(clean_line(warning))
    state.warnings.clear()
    failed, state.failed = state.failed, False
    return bool(failed)


def with_notes(archive: Archive, text: str, filters: Filters) -> tuple[str, Filters | None]:
    """Resolve ``note:`` terms against the bookmarks' notes (see search.with_notes)."""
    if "note:" not in text.lower():
        return text, filters
    from brreader.search import with_notes as resolved

    state = open_state(archive)
    notes = [(b.article_id, b.note) for b in state.bookmarks() if b.note]
    return resolved(text, filters, notes)
