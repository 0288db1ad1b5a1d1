"""Segment readers kept from one commit to the next, opening only the segments that changed.

A long-lived process (the server) reads the index again after each commit, and
its watcher's update finds the documents it deletes: at 20,000 articles,
reopening every segment each time was a third of a saved file's update and
most of the next command's extra time. A commit leaves most segments as they
were; their readers are kept (see ``internals.reader_reusing``).
"""

from __future__ import annotations

from typing import Any


def leaves_reusing(
    storage: Any, schema: Any, segments: list[Any], generation: int, previous: Any
) -> tuple[list[Any], bool]:
    """A reader per segment of a commit, ``previous``'s own where its documents and
    deletions are the same (see ``internals.reader_reusing``); and whether any was kept."""
    from whoosh.reading import SegmentReader

    kept: dict[str, Any] = {}
    for leaf, _offset in previous.leaf_readers() if previous is not None else ():
        if not leaf.is_closed and leaf.segment() is not None:
            kept[leaf.segment().segment_id()] = leaf
    leaves, shared = [], False
    for segment in segments:
        leaf = kept.get(segment.segment_id())
        if leaf is not None:
            old = leaf.segment()
            if old.doc_count_all() != segment.doc_count_all() or set(old.deleted_docs()) != set(
                segment.deleted_docs()
            ):
                leaf = None
        if leaf is None:
            leaf = SegmentReader(storage, schema, segment, generation=generation)
        else:
            shared = True
        leaves.append(leaf)
    return leaves, shared


def combined(leaves: list[Any], generation: int) -> Any:
    """One reader over the segments' readers (the segment's own when there is one)."""
    from whoosh.reading import MultiReader

    return leaves[0] if len(leaves) == 1 else MultiReader(leaves, generation=generation)


class DeletionFinder:
    """Finds the documents an update deletes, keeping unchanged segments' readers between updates.

    Whoosh's writer opens every segment of the index to find the documents of
    a term it deletes (an edited article's old version): at 20,000 articles,
    with the small segments a server's saves pile up, that was a third of
    the update of one saved file. A long-lived store keeps one finder.
    """

    def __init__(self) -> None:
        self._reader: Any = None
        self._searcher: Any = None
        self._writer: Any = None

    def searcher(self, writer: Any) -> Any:
        """A searcher over ``writer``'s segments, numbered as the writer numbers them."""
        from whoosh.searching import Searcher

        if self._writer is not writer:
            segments, generation = writer.segments, writer.generation
            if not segments:
                return None  # nothing to delete from: Whoosh's own (empty) way
            leaves, _shared = leaves_reusing(
                writer.storage, writer.schema, segments, generation, self._reader
            )
            self._close_except(leaves)
            self._reader = combined(leaves, generation)
            self._searcher = Searcher(self._reader)
            self._writer = writer
        return self._searcher

    def _close_except(self, keep: list[Any]) -> None:
        if self._reader is not None:
            for leaf, _offset in self._reader.leaf_readers():
                if not any(leaf is other for other in keep):
                    leaf.close()

    def close(self) -> None:
        self._close_except([])
        self._reader = self._searcher = self._writer = None
