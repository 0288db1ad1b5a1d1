"""Saved searches in Textual's command palette (Ctrl+P), beside the app's own commands."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from brreader.textsafe import clean_line

if TYPE_CHECKING:
    from brreader.state import SavedSearch
    from brreader.tui.app import ReaderApp


def _shown(text: str) -> str:
    """A name or query as the palette shows it: cleaned, and markup escaped.

    The palette reads a prompt given as a string, and every help text, as
    markup; a saved search's name or query must show as typed.
    """
    return escape(clean_line(text))


def _help(saved: SavedSearch) -> str:
    """The palette's line under a saved search: its query, and its filters if any."""
    extra = saved.describe()
    return _shown(f"{saved.query}  [{extra}]" if extra else saved.query)


class SavedSearches(Provider):
    """One command per saved search: 'Saved search: NAME' runs its query."""

    @property
    def _br_app(self) -> ReaderApp:
        return cast("ReaderApp", self.app)

    async def discover(self) -> Hits:
        for name, saved in self._br_app.state.saved_searches().items():
            run = partial(self._br_app.reader.run_saved, saved)
            yield DiscoveryHit(f"Saved search: {_shown(name)}", run, help=_help(saved))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, saved in self._br_app.state.saved_searches().items():
            label = f"Saved search: {clean_line(name)}"
            score = matcher.match(f"{label} {clean_line(saved.query)}")
            if score > 0:
                run = partial(self._br_app.reader.run_saved, saved)
                shown = matcher.highlight(f"Saved search: {_shown(name)}")
                yield Hit(score, shown, run, help=_help(saved))
