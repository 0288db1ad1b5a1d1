"""The one-shot commands' quick check, and the searchers handed out on what it opened.

A command that trusts the folder times (see ``freshness``) still opens the
index, every segment of it, so a damaged one goes on to the full check and
its repair; the reader it opened is then the searcher's. A long-lived
process (the server) keeps, from one commit to the next, its readers of the
segments the commit left as they were (see ``internals.reader_reusing``).
Part of :class:`~brreader.engine.store.IndexStore`, kept apart for its size.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any

from whoosh.searching import Searcher

from brreader.engine import internals, merging
from brreader.engine.folder import INDEX_NAME
from brreader.engine.freshness import FolderStamps
from brreader.engine.manifest import Stamp
from brreader.engine.schema import SCHEMA_VERSION


class QuickCheck(ABC):
    """The quick check's half of the store: what it opened, and the searchers made from it."""

    location: Path
    _ix: Any
    _opened_generation: int  # the commit the quick check found whole in _ix
    # That check's index and open reader, and whether it shares segment readers
    # with the last searcher's (then it is never closed alone).
    _checked: tuple[Any, Any, bool] | None
    _served: Any  # the reader of the last searcher handed out
    folder_stamps: FolderStamps

    @abstractmethod
    def storage(self) -> Any:
        """Whoosh's storage of the index folder."""

    @abstractmethod
    def open(self) -> Any:
        """The index at its latest commit."""

    @abstractmethod
    def stamp(self) -> Stamp | None:
        """Changes whenever any process commits."""

    def _drop_checked(self) -> None:
        checked, self._checked = self._checked, None
        if checked is not None and not checked[2]:
            checked[1].close()

    def _unchanged_folders(self) -> int | None:
        """The article count when no folder changed since the last full scan, else None.

        Also opens the index (every segment, as ``_state`` does), so a damaged
        one goes on to the full check and its repair. A long-lived process keeps
        its last searcher's readers of the segments a commit left as they were.
        """
        found = self.folder_stamps.unchanged(schema=SCHEMA_VERSION, record=self.stamp())
        # A merge this process is committing (the server's watcher): its commit indexes
        # the same files as the one before it, and the folder times saved with the
        # record before it still hold while it writes its own line of the record.
        merge = merging.committing(self.location)
        if found is None and merge is not None:
            found = self.folder_stamps.unchanged(schema=SCHEMA_VERSION, record=merge.record)
        if found is None:
            return None
        generation, count = found
        if self._ix is not None and self._opened_generation == generation:
            return count  # a long-lived process (the server) opened and checked it before
        same: tuple[int, ...] = (generation,)
        if merge is not None and merge.generation == generation:
            same = (generation, generation + 1)  # the merged commit may be the latest now
        try:
            ix = self.storage().open_index(INDEX_NAME, schema=None)
            previous, shared = self._served, False
            if previous is None:
                reader = ix.reader()
            else:
                reader, shared = internals.reader_reusing(ix, previous)
            if ix.latest_generation() not in same:
                if not shared:
                    reader.close()
                return None
        except Exception:  # noqa: BLE001 - unreadable: the full check repairs it
            return None
        self._ix = ix
        self._opened_generation = generation
        self._drop_checked()  # one a merge's commit left unused (see ``merging.committing``)
        self._checked = (ix, reader, shared)
        return count

    def searcher(self, **options: Any) -> Any:
        """A searcher on the latest commit (Whoosh's ``ix.searcher(**options)``).

        The reader that the quick check just opened to make sure every segment
        can be read is used for it, rather than opening every segment again.
        """
        ix = self.open()
        if self._checked is not None and self._checked[0] is not ix:
            self._drop_checked()
        checked, self._checked = self._checked, None
        if checked is None:
            searcher = ix.searcher(**options)
        else:
            searcher = Searcher(checked[1], fromindex=ix, **options)
        self._served = searcher.reader()
        return searcher
