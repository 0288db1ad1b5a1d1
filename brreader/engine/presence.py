"""A segment's term hashes held in memory: a quick answer when a word is surely absent.

A query word is asked for in several forms (one per language of the archive,
see ``analysis.tagged_forms``), in eight fields, in every segment: at 100,000
articles that is thousands of term lookups per search, nearly all of them
for words the segment does not have. Whoosh answers each with an MD5 of the
key and a few reads of its on-disk hash table, through several layers of
Python calls and, without a memory map (the server's), system calls.

:class:`TermHashes` copies the 32-bit hash of every slot of a segment's
term table (Whoosh's ``OrderedHashReader``: 256 open-addressing tables of
``(hash, key position)`` slots, empty slots all zero) into one array, and
probes it the way Whoosh does. It answers "absent" only where Whoosh's own
probe would stop at an empty slot before meeting the key's hash, so a
present word is never reported absent; "maybe" is then settled by Whoosh's
lookup. A term table is written once and never changed (a segment's
deletions do not touch it), so the copy is kept by segment id across
commits (:class:`Kept`), only in processes that answer search after search
(the server, the reader: :func:`enable`, through ``search.keep_warm``); a
one-shot command would spend more copying than it saves.
"""

from __future__ import annotations

import sys
import threading
from array import array
from collections.abc import Iterator
from functools import lru_cache, partial
from hashlib import md5
from typing import Any

from whoosh.filedb.filetables import md5_hash

from brreader.engine.analysis import TAG
from brreader.engine.internals import segment_identity, term_table
from brreader.engine.schema import FIELD_CODE, STARTS, STARTS_LONGEST

_SLOT = 12  # Whoosh's hash-table slot: a big-endian 4-byte hash and 8-byte key position
_TABLES = 256


@lru_cache(maxsize=8192)
def key_hash(key: bytes) -> int:
    """Whoosh's ``md5_hash`` of a term key (the low 32 bits of its MD5); the same key
    is asked of every segment, so it is worked out once."""
    return int.from_bytes(md5(key, usedforsecurity=False).digest()[-4:], "big")


class TermHashes:
    """The slot hashes of one term table, probed as Whoosh probes it."""

    def __init__(self, tindex: Any) -> None:
        tables: list[tuple[int, int]] = list(tindex.tables)
        first = tables[0][0]
        self.starts: list[int] = []
        self.sizes: list[int] = []
        total = 0
        contiguous = True
        for position, slots in tables:
            contiguous = contiguous and position == first + total * _SLOT
            self.starts.append(total)
            self.sizes.append(slots)
            total += slots
        raw = bytes(tindex.dbfile.get(first, total * _SLOT)) if total else b""
        packed = bytearray(4 * total)
        for byte in range(4):  # each slot's first four bytes, side by side
            packed[byte::4] = raw[byte::_SLOT]
        hashes = array("I")
        if hashes.itemsize != 4:  # pragma: no cover - 'I' is four bytes on every platform we run
            hashes = array("L")
        hashes.frombytes(bytes(packed))
        if sys.byteorder == "little":
            hashes.byteswap()
        self.hashes = hashes
        # Every empty slot is zero. The probe below takes zero for empty, which holds
        # only if no key hashes to zero: then exactly the table's keys are non-zero.
        self.exact = (
            contiguous
            and tindex.hashfn is md5_hash
            and len(raw) == total * _SLOT
            and total - hashes.count(0) == getattr(tindex, "indexlen", -1)  # keys, if ordered
        )

    def maybe(self, key: bytes) -> bool:
        """False only if the table surely lacks ``key`` (Whoosh's probe would miss it)."""
        if not self.exact:
            return True
        wanted = key_hash(key)
        size = self.sizes[wanted & 0xFF]
        if not size:
            return False
        start, hashes = self.starts[wanted & 0xFF], self.hashes
        slot = (wanted >> 8) % size
        for _ in range(size):
            found = hashes[start + slot]
            if found == wanted:
                return True
            if not found:
                return False
            slot += 1
            if slot == size:
                slot = 0
        return False

    @property
    def size(self) -> int:
        """Bytes held."""
        return self.hashes.itemsize * len(self.hashes)


class Kept:
    """The :class:`TermHashes` of the segments of open indexes, by index folder and segment id."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tables: dict[tuple[str, str], TermHashes | None] = {}

    def of(self, reader: Any) -> TermHashes | None:
        """The hashes of a segment reader's term table (copied on first use), or None
        if the reader is not one segment in Whoosh 3's format."""
        tindex = term_table(reader)
        if tindex is None:
            return None
        key = segment_identity(reader)
        with self._lock:
            known = key in self._tables
            found = self._tables.get(key)
        if not known:
            try:
                found = TermHashes(tindex)
            except Exception:  # noqa: BLE001 - unreadable: Whoosh's lookup reports the damage
                found = None
            with self._lock:
                found = self._tables.setdefault(key, found)
        if found is not None:
            answer_from(tindex, found)
        return found

    def retain(self, readers: list[Any]) -> None:
        """Forget the segments of these readers' index folder that are not among them
        (merged away or deleted by a commit)."""
        live = {segment_identity(r) for r in readers if term_table(r) is not None}
        folders = {folder for folder, _segid in live}
        with self._lock:
            for key in [k for k in self._tables if k[0] in folders and k not in live]:
                del self._tables[key]

    def __len__(self) -> int:
        return len(self._tables)


_REMEMBERED = 4096  # found keys' places kept per open term table


def answer_from(tindex: Any, hashes: TermHashes) -> None:
    """Make an open term table answer every lookup (Whoosh's own included: a word's
    frequency over all segments, its postings, a pair's words) from ``hashes`` first,
    and remember where the last few thousand found keys are: a word found in a
    segment is looked up again for its postings right after."""
    if "ranges_for_key" in tindex.__dict__ or not hashes.exact:
        return
    fieldmap = tindex.extras.get("fieldmap") if isinstance(tindex.extras, dict) else None
    if isinstance(fieldmap, dict):  # Whoosh 3's terms file: prefixes too (internals)
        tindex.__dict__["_brreader_prefix_absent"] = partial(prefix_absent, hashes, fieldmap)
    lookup = type(tindex).ranges_for_key.__get__(tindex)
    found: dict[bytes, list[tuple[int, int]]] = {}

    def ranges_for_key(key: bytes) -> Iterator[tuple[int, int]]:
        if not isinstance(key, bytes):
            return lookup(key)  # Whoosh's error
        if not hashes.maybe(key):
            return iter(())
        ranges = found.get(key)
        if ranges is None:
            ranges = list(lookup(key))
            if len(found) >= _REMEMBERED:
                found.clear()
            found[key] = ranges
        return iter(ranges)

    tindex.ranges_for_key = ranges_for_key


def prefix_absent(
    hashes: TermHashes, fieldmap: dict[str, int], fieldname: str, prefix: bytes
) -> bool:
    """True when no word of the field in this segment begins with ``prefix``, as the
    segment's word starts say (``schema.STARTS``: each field's one- to three-letter
    starts, and a tagged word's starts after its language's tag), from one probe of
    its hashes, where a walk of the term file would look for the prefix and find
    nothing (a query word's form in a language whose words in that field begin
    otherwise: most of a prefix's forms at 100,000 articles). False when it cannot tell.
    """
    code = FIELD_CODE.get(fieldname)
    number = fieldmap.get(STARTS)
    if code is None or number is None or not prefix:
        return False
    try:
        text = prefix.decode("utf-8")
    except UnicodeDecodeError:
        return False
    tag = text.find(TAG) + 1
    if 0 < tag <= STARTS_LONGEST and len(text) > tag:  # as ``writer.word_starts`` keeps them
        start = text[: tag + min(len(text) - tag, STARTS_LONGEST)]
    else:
        start = text[:STARTS_LONGEST]
    return not hashes.maybe(number.to_bytes(2, "big") + (code + start).encode("utf-8"))


_kept: Kept | None = None


def enable() -> None:
    """Keep segments' term hashes in memory from now on in this process."""
    global _kept
    if _kept is None:
        _kept = Kept()


def disable() -> None:
    """Back to Whoosh's lookups alone (tests compare the two)."""
    global _kept
    _kept = None


def kept() -> Kept | None:
    """The process's kept hashes when :func:`enable` was called, else None."""
    return _kept
