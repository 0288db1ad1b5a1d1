"""brreader's postings format for Whoosh: compact positions, whole-term arrays.

Whoosh's own codec pickles each posting's positions and stores postings in
pickled, compressed blocks of 128. For brreader's short interview fields that
makes postings about four times larger than they need be and costs most of a
build's time. This module keeps Whoosh's index structure (segments, the term
dictionary, stored fields, length columns, the table of contents) and
changes how postings are stored:

* :class:`Positions` stores token positions as native unsigned 32-bit deltas;
* :class:`Codec` writes each term's postings as a few arrays (document
  deltas, weights, positions), compressed with zlib when that pays, and reads
  them back with array operations into :class:`Postings` (the bytes: ``postfile``).

The index is a cache of the articles folder, rebuilt rather than moved
between machines, so native byte order is fine.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable
from itertools import accumulate
from typing import Any

from whoosh import formats
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3TermInfo
from whoosh.matching import ListMatcher, NullMatcher, ReadTooFar
from whoosh.matching.mcore import LeafMatcher

from brreader.engine.internals import FieldWriterBase, length_column_bytes
from brreader.engine.postfile import (
    Buffer,
    NoValues,
    Values,
    decode_postings,
    encode_positions,
    encode_postings,
)

# ---------------------------------------------------------------------------
# posting values


class Positions(formats.Positions):
    """Token positions as native 4-byte deltas; the frequency is the count."""

    def encode(self, poslist: Iterable[int]) -> bytes:
        return encode_positions(list(poslist))

    def decode_positions(self, valuestring: bytes) -> list[int]:
        deltas = array("I")
        deltas.frombytes(valuestring)
        return list(accumulate(deltas))

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(valuestring) // 4

    def decode_weight(self, valuestring: bytes) -> float:
        return self.decode_frequency(valuestring) * self.field_boost


class Postings(LeafMatcher):
    """A term's postings in memory: binary search to skip, one block for quality."""

    def __init__(
        self,
        ids: array[int],
        weights: array[float] | None,
        values: Values | None,
        format_: Any,
        scorer: Any = None,
        term: Any = None,
        terminfo: Any = None,
        position: int = 0,
    ) -> None:
        self._ids = ids
        self._weights = weights
        self._values = values
        self.format = format_
        self.scorer = scorer
        self._term = term
        self._terminfo = terminfo
        self._i = position

    def is_active(self) -> bool:
        return self._i < len(self._ids)

    def reset(self) -> None:
        self._i = 0

    def id(self) -> int:
        return self._ids[self._i]

    def next(self) -> bool:
        self._i += 1
        return False

    def skip_to(self, id: int) -> None:  # Whoosh's name for the argument
        if not self.is_active():
            raise ReadTooFar
        if id > self._ids[self._i]:
            self._i = bisect_left(self._ids, id, self._i)

    def weight(self) -> float:
        return 1.0 if self._weights is None else self._weights[self._i]

    def value(self) -> bytes:
        return b"" if self._values is None else self._values[self._i]

    def all_ids(self) -> Any:
        return iter(self._ids[self._i :])

    def ids_and_weights(self) -> tuple[array[int], array[float] | None]:
        """Every document number and weight (None when all are 1), for bulk scoring."""
        return self._ids, self._weights

    def ids_and_values(self) -> tuple[array[int], Any]:
        """Every document number, and the values by index (positions bytes; b"" if none)."""
        return self._ids, (self._values if self._values is not None else NoValues())

    def all_items(self) -> Any:
        for i in range(self._i, len(self._ids)):
            yield self._ids[i], (b"" if self._values is None else self._values[i])

    def copy(self) -> Postings:
        return Postings(
            self._ids,
            self._weights,
            self._values,
            self.format,
            self.scorer,
            self._term,
            self._terminfo,
            self._i,
        )

    def replace(self, minquality: float = 0) -> Any:
        if not self.is_active():
            return NullMatcher()
        if minquality and self.max_quality() < minquality:
            return NullMatcher()
        return self

    # The whole list is one block: its bounds are the term's.
    def supports_block_quality(self) -> bool:
        return bool(self.scorer is not None and self.scorer.supports_block_quality())

    def max_quality(self) -> float:
        return float(self.scorer.block_quality(self))

    def skip_to_quality(self, minquality: float) -> int:
        if self.block_quality() <= minquality:
            self._i = len(self._ids)
            return 1
        return 0

    def block_min_id(self) -> int:
        return self._ids[0]

    def block_max_id(self) -> int:
        return self._ids[-1]

    def block_min_length(self) -> int:
        return int(self._terminfo.min_length())

    def block_max_length(self) -> int:
        return int(self._terminfo.max_length())

    def block_max_weight(self) -> float:
        return float(self._terminfo.max_weight())


class Codec(W3Codec):
    """Whoosh's W3 codec with brreader's postings format."""

    def field_writer(self, storage: Any, segment: Any) -> FieldWriter:
        return FieldWriter(self, storage, segment)

    def postings_reader(
        self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None, scorer: Any = None
    ) -> Any:
        if terminfo.is_inlined():
            ids, weights, values = terminfo.inlined_postings()
            return ListMatcher(
                ids, weights, values, format_, scorer=scorer, term=term, terminfo=terminfo
            )
        offset, length = terminfo.extent()
        if isinstance(length, tuple):  # Whoosh's W3TermInfo.from_bytes leaves it unpacked
            (length,) = length
        ids, weights, values = decode_postings(dbfile.get(offset, length))
        return Postings(ids, weights, values, format_, scorer, term, terminfo)


class FieldWriter(FieldWriterBase):
    """Writes whole terms at once; also takes Whoosh's posting-by-posting calls (merges)."""

    _term_buffer: Buffer
    _lengths: tuple[int | None, int]

    def start_term(self, btext: bytes) -> None:
        self._btext = btext
        self._term_buffer = Buffer()
        self._lengths = (None, 0)

    def add(self, docnum: int, weight: float, vbytes: bytes, length: int | None) -> None:
        self._term_buffer.add(docnum, weight, vbytes or b"")
        if length:
            low, high = self._lengths
            self._lengths = (length if low is None else min(low, length), max(high, length))

    def finish_term(self) -> None:
        low, high = self._lengths
        self.write_term(self._btext, self._term_buffer, low, high)

    def write_term(
        self, btext: bytes, buffer: Buffer, min_length: int | None, max_length: int
    ) -> None:
        buffer.sort()
        ones = buffer.ones  # a word start's list: no need to add up its weights
        info = W3TermInfo(
            weight=float(len(buffer.ids)) if ones else sum(buffer.weights),
            df=len(buffer.ids),
            minlength=min_length,
            maxlength=max_length,
            maxweight=1.0 if ones else max(buffer.weights),
            minid=buffer.ids[0],
            maxid=buffer.ids[-1],
        )
        data = None
        if len(buffer.ids) == 1:
            info.set_inlined(buffer.ids, buffer.weights, buffer.value_list())
        else:
            data = encode_postings(buffer)
        self.store_term(btext, info, data)


def length_bytes(lengths: Any, name: str) -> bytes:
    """Each document's field length byte, read in one go from Whoosh's length column."""
    return length_column_bytes(lengths, name, LENGTHS_COLUMN)
