"""Folding small segments together in a commit of their own, after the updates that made them.

Every update commits a segment of its own. A one-shot ``brreader index``
folds the small ones together inside its commit (``writer.small_to_merge``
says which); the server's watcher instead commits each saved edit alone,
answers the command waiting for it, and calls :func:`merge` when nobody is
waiting: a merge rewrites the postings of a few segments (tenths of a second
on a loaded machine), which a save should not wait for.

While a merge of this process commits, :func:`committing` says so to the
commands' quick check: the merged commit indexes the same files as the one
before it, and the folder times saved for the record before it still hold,
so a command that reads the index meanwhile need not look at every file.

A merge changes segments, never which files are indexed. Killed midway it
leaves the commit before it (and unused segment files the next commit
clears), or the merged commit with the record of the one before, which the
next update rebuilds from the index as after any interrupted commit. Either
way nothing indexed is lost.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from whoosh.filedb.filestore import FileStorage
from whoosh.util.filelock import try_for

from brreader.engine import folder, internals
from brreader.engine import writer as segment_writer
from brreader.engine.folder import INDEX_NAME
from brreader.engine.schema import TEXT_FIELDS

if TYPE_CHECKING:
    from brreader.engine.manifest import Stamp
    from brreader.engine.store import IndexStore


class Committing(NamedTuple):
    """A merge under way in this process: the commit it started from, and the record then."""

    generation: int  # the commit before the merge; the merge's is the next
    record: Stamp | None  # the index record's stamp before the merge's journal line


# By index folder (its real path): merges under way in this process. Each is set while
# the merge holds the index's write lock, so no other commit can come meanwhile.
_under_way: dict[str, Committing] = {}


def committing(location: Path) -> Committing | None:
    """The merge of this index folder this process is committing, if any."""
    if not _under_way:
        return None
    return _under_way.get(os.path.realpath(location))


def merge_due(store: IndexStore) -> bool:
    """Whether enough small segments have piled up for :func:`merge` to fold them."""
    try:
        segments = internals.segments(store.open())
    except Exception:  # noqa: BLE001 - unreadable: the next update repairs it
        return False
    return bool(segment_writer.small_to_merge(segments, store.limits))


def merge(
    store: IndexStore, wait: float = 0.0, interrupt: Callable[[], bool] | None = None
) -> bool:
    """Fold the store's small segments together in a commit of its own; True if it did.

    Only on the commit this process last wrote (an update in between, by
    this process or another, goes first); ``wait`` bounds the wait for
    another writer's lock. ``interrupt`` is asked every so often until the
    merged segment is written: once it says True the merge gives way (False,
    the commit before as it was, its unfinished files removed), so a saved
    edit waiting to be indexed never waits for the rest of a merge.
    """
    lock = FileStorage(str(store.location)).lock(f"{INDEX_NAME}_WRITELOCK")
    if not try_for(lock.acquire, timeout=wait, delay=0.05):
        return False  # a writer is at work: the next quiet moment
    try:
        kept = store.kept_record()
        if kept is None:
            return False
        ix = store.open()
        if not segment_writer.small_to_merge(internals.segments(ix), store.limits):
            return False
        before = store.stamp()
        writer = segment_writer.Writer(ix, TEXT_FIELDS, interrupt, _lk=False)
        key = os.path.realpath(store.location)
        _under_way[key] = Committing(ix.latest_generation(), before)
        try:
            try:
                writer.commit(mergetype=segment_writer.small_segments_merger(store.limits))
            except segment_writer.Interrupted:
                writer.cancel()
                folder.remove_unfinished_segments(store.location)
                return False
            except BaseException:
                writer.cancel()
                folder.remove_unfinished_segments(store.location)
                raise
            store.recommitted(kept, before)
        finally:
            del _under_way[key]
        return True
    finally:
        lock.release()
