"""A segment's words by first letters and length, kept in a warm process for "Did you mean".

A correction looks at every word of a field that shares the typed word's
first letter (Whoosh's rule, kept by ``spelling.FieldWords``). Listing them
means a pass over that part of each segment's term file, and the list grows
with the archive's vocabulary: 37,000 words of one letter in six fields at
100,000 English-like articles. Most of them cannot be near: a word whose
length differs by more than the distance allowed, or that lacks (or adds)
more distinct letters than the distance allows, is never within it.

:class:`Bands` keeps, for one segment, field and first letters, the words
grouped by length, each with a mask of its letters: a correction then reads
only the lengths within the distance and works out the edit distance only
for words whose letters could be that near. The words of a segment never
change (a term file is written once), so the bands are kept by segment id
across commits (:class:`KeptBands`), only in processes that answer search
after search (the server, the reader: :func:`enable`, through
``search.keep_warm``). The words found, their scores and order are the same
either way: both filters only skip words the distance check would refuse.
"""

from __future__ import annotations

import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

from brreader.engine.internals import prefix_weights, segment_identity, term_table

# Words kept over all segments, fields and first letters (about 80 bytes each:
# 20 MB at most); the least recently used lists go first. One first letter's
# words in the six fields of the seven segments of 100,000 English-like
# articles are 16,000 to 53,000.
MAX_KEPT_WORDS = 250_000


def letters(word: str) -> int:
    """A mask of the letters in ``word`` (a letter's bit is its code point modulo 63).

    Two letters may share a bit; the test in :func:`may_be_within` then counts
    fewer differences, never more, so it still never rules out a near word.
    """
    mask = 0
    for char in word:
        mask |= 1 << (ord(char) % 63)
    return mask


def may_be_within(typed_mask: int, mask: int, maxdist: int) -> bool:
    """False only if two words with these letter masks are more than ``maxdist`` edits apart.

    Each edit (insert, delete or replace one letter) adds at most one letter
    the other word lacks and removes at most one that it has: so the
    distinct letters only one of the words holds, counted on each side, are
    at most the number of edits.
    """
    return (typed_mask & ~mask).bit_count() <= maxdist and (
        mask & ~typed_mask
    ).bit_count() <= maxdist


class Bands:
    """One segment's words of one field beginning with one prefix, grouped by length,
    each with its letters' mask and its weight in the segment (Whoosh's ``frequency``).

    Masks and weights are kept in arrays beside each length's words (about 80
    bytes a word in all, against 185 as a tuple each)."""

    __slots__ = ("by_length", "count")

    def __init__(self, words: list[tuple[str, float]]) -> None:
        grouped: dict[int, tuple[list[str], array[int], array[float]]] = {}
        for word, weight in words:
            band = grouped.get(len(word))
            if band is None:
                band = grouped[len(word)] = ([], array("Q"), array("d"))
            band[0].append(word)
            band[1].append(letters(word))
            band[2].append(weight)
        self.by_length = grouped
        self.count = len(words)

    def within(
        self, length: int, maxdist: int
    ) -> Iterator[tuple[list[str], array[int], array[float]]]:
        """The words, masks and weights of each length within ``maxdist`` of ``length``."""
        for size in range(max(0, length - maxdist), length + maxdist + 1):
            band = self.by_length.get(size)
            if band is not None:
                yield band


class KeptBands:
    """The :class:`Bands` of open segments, by index folder, segment id, field and prefix."""

    def __init__(self, limit: int = MAX_KEPT_WORDS) -> None:
        self.limit = limit
        self._lock = threading.Lock()
        self._bands: OrderedDict[tuple[Any, ...], Bands] = OrderedDict()
        self._words = 0

    def of(self, leaf: Any, fieldname: str, head: bytes, decode: Any) -> Bands | None:
        """The bands of a segment reader's words of ``fieldname`` beginning with ``head``
        (listed on first use, each decoded with ``decode``), or None if the segment is
        not in Whoosh 3's format."""
        if term_table(leaf) is None:
            return None  # not one segment in Whoosh 3's format (an empty index, say)
        key = (*segment_identity(leaf), fieldname, head)
        with self._lock:
            bands = self._bands.get(key)
            if bands is not None:
                self._bands.move_to_end(key)
                return bands
        listed = prefix_weights(leaf, fieldname, head)
        if listed is None:
            return None
        bands = Bands([(decode(btext), weight) for btext, weight in listed])
        with self._lock:
            if key not in self._bands:
                self._bands[key] = bands
                self._words += bands.count
                while self._words > self.limit and len(self._bands) > 1:
                    _key, old = self._bands.popitem(last=False)
                    self._words -= old.count
        return bands

    def retain(self, readers: list[Any]) -> None:
        """Forget the segments of these readers' index folder that are not among them
        (merged away or deleted by a commit)."""
        live = {segment_identity(r) for r in readers if term_table(r) is not None}
        folders = {folder for folder, _segid in live}
        with self._lock:
            for key in [k for k in self._bands if k[0] in folders and k[:2] not in live]:
                self._words -= self._bands.pop(key).count

    @property
    def words(self) -> int:
        """How many words are kept."""
        return self._words


_kept: KeptBands | None = None


def enable() -> None:
    """Keep segments' word bands in memory from now on in this process."""
    global _kept
    if _kept is None:
        _kept = KeptBands()


def disable() -> None:
    """Back to listing the words for every correction (tests compare the two)."""
    global _kept
    _kept = None


def kept() -> KeptBands | None:
    """The process's kept bands when :func:`enable` was called, else None."""
    return _kept
