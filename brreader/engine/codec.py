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
  them back with array operations into :class:`Postings`.

The index is a cache of the articles folder, rebuilt rather than moved
between machines, so native byte order is fine.
"""

from __future__ import annotations

import struct
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from itertools import accumulate
from typing import Any

from whoosh import formats
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3TermInfo
from whoosh.matching import ListMatcher, NullMatcher, ReadTooFar
from whoosh.matching.mcore import LeafMatcher

from brreader.engine import vector
from brreader.engine.internals import FieldWriterBase, length_column_bytes

if array("I").itemsize != 4:  # pragma: no cover - every supported platform has 4-byte unsigned int
    raise ImportError("brreader's index needs 4-byte array('I') items")

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


def encode_positions(positions: list[int]) -> bytes:
    """The value :class:`Positions` stores for a sorted list of positions."""
    if len(positions) == 1:
        return _ONE.get(positions[0]) or struct.pack("=I", positions[0])
    deltas = array("I", positions)
    for i in range(len(positions) - 1, 0, -1):
        deltas[i] -= deltas[i - 1]
    return deltas.tobytes()


_ONE = {pos: struct.pack("=I", pos) for pos in range(4096)}


# ---------------------------------------------------------------------------
# postings on disk
#
# One term's postings: a header (count, flags) and up to four sections, each
# a 4-byte length and bytes, zlib-compressed when the flag says so:
#   ids       deltas of document numbers, array('I')
#   weights   array('f'), absent when every weight is 1.0
#   lengths   byte lengths of the values, array('I'), absent when no values
#   values    the values, concatenated; when long (flag 8), in blocks of _BLOCK
#             postings compressed one by one (a count, each block's size, the
#             blocks), so a few documents' positions cost one block each, not
#             the whole list (the best pairs of a page of results, see pairs.py)
# Every section and block holds 4-byte items. Compressed ones (flag 16) store
# those items' bytes grouped by place: every item's first byte, then every
# second byte, and so on. Document gaps, frequencies and position gaps are
# small numbers, so their high bytes are long runs of zeros that zlib all but
# removes: the document numbers take about a third less room (20.5 -> 14.1 MB
# at 20,000 articles), and decompressing them is no slower.

_HEADER = struct.Struct("=IB")
_SECTION = struct.Struct("=I")
_ALL_ONES = 1
_NO_VALUES = 2
_COMPRESS_OVER = 96  # bytes; zlib's framing costs more than it saves below this
_BLOCKED = 8
_BLOCK = 128  # postings per block of values
_SHUFFLED = 16
_BLOCK_OVER = 16_384  # bytes of values; shorter lists are compressed whole


class Buffer:
    """One term's postings while a segment is being written."""

    __slots__ = ("ids", "weights", "sizes", "values", "ordered", "ones")

    def __init__(self) -> None:
        self.ids = array("I")
        self.weights = array("f")
        self.sizes = array("I")
        self.values = bytearray()
        self.ordered = True
        self.ones = False  # known to weigh 1.0 each, with no values (a word start's)

    def add(self, docnum: int, weight: float, value: bytes) -> None:
        ids = self.ids
        if ids and docnum <= ids[-1]:
            self.ordered = False
        ids.append(docnum)
        self.weights.append(weight)
        self.sizes.append(len(value))
        self.values += value

    def sort(self) -> None:
        """Order postings by document (merged segments may arrive out of order)."""
        if self.ordered:
            return
        offsets = [0, *accumulate(self.sizes)]
        order = sorted(range(len(self.ids)), key=self.ids.__getitem__)
        values = bytearray()
        for i in order:
            values += self.values[offsets[i] : offsets[i + 1]]
        self.ids = array("I", (self.ids[i] for i in order))
        self.weights = array("f", (self.weights[i] for i in order))
        self.sizes = array("I", (self.sizes[i] for i in order))
        self.values = values
        self.ordered = True

    def value_list(self) -> list[bytes]:
        offsets = [0, *accumulate(self.sizes)]
        data = bytes(self.values)
        return [data[offsets[i] : offsets[i + 1]] for i in range(len(self.ids))]


def _section(data: bytes, compress: bool) -> bytes:
    if compress:
        data = zlib.compress(_by_place(data), 1)
    return _SECTION.pack(len(data)) + data


def _by_place(data: bytes) -> bytes:
    """4-byte items' bytes grouped by place: every first byte, then every second, ..."""
    return b"".join([data[0::4], data[1::4], data[2::4], data[3::4]])


def _from_places(data: bytes) -> bytes:
    """The items :func:`_by_place` grouped, put back together."""
    count = len(data) // 4
    items = bytearray(len(data))
    for place in range(4):
        items[place::4] = data[place * count : (place + 1) * count]
    return bytes(items)


def _inflated(data: bytes) -> bytes:
    """A compressed section's or block's 4-byte items."""
    return _from_places(zlib.decompress(data))


def encode_postings(buffer: Buffer) -> bytes:
    gaps, ones = _gaps_and_ones(buffer)
    flags = 0
    if ones:
        flags |= _ALL_ONES
    if not buffer.values:
        flags |= _NO_VALUES
    parts = [gaps]
    if not ones:
        parts.append(buffer.weights.tobytes())
    if buffer.values:
        parts += [buffer.sizes.tobytes(), bytes(buffer.values)]
    compress = sum(len(p) for p in parts) > _COMPRESS_OVER
    blocked = compress and len(buffer.values) > _BLOCK_OVER and len(buffer.ids) > _BLOCK
    sections = [_section(p, compress) for p in parts[: -1 if blocked else None]]
    if blocked:
        flags |= _BLOCKED
        sections.append(_section(_blocks(buffer), False))
    if compress:
        flags |= 4 | _SHUFFLED
    return _HEADER.pack(len(buffer.ids), flags) + b"".join(sections)


_VECTOR_OVER = 512  # postings: a longer list's gaps are worked out by numpy


def _gaps_and_ones(buffer: Buffer) -> tuple[bytes, bool]:
    """The document numbers' gaps (native 4-byte), and whether every weight is 1.0.

    A long list (a common word's, a word start's) is done by numpy, imported
    only when a segment has one: writing a small segment (an update) does
    not load it.
    """
    if buffer.ones and len(buffer.ids) > _VECTOR_OVER:
        import numpy

        ids = numpy.frombuffer(buffer.ids, dtype=numpy.uint32)
        return numpy.diff(ids, prepend=numpy.uint32(0)).astype(numpy.uint32).tobytes(), True
    if len(buffer.ids) > _VECTOR_OVER:
        import numpy

        ids = numpy.frombuffer(buffer.ids, dtype=numpy.uint32)
        gaps = numpy.empty_like(ids)
        gaps[0] = ids[0]
        numpy.subtract(ids[1:], ids[:-1], out=gaps[1:])
        weights = numpy.frombuffer(buffer.weights, dtype=numpy.float32)
        return gaps.tobytes(), not bool((weights != 1.0).any())
    deltas = array("I", buffer.ids)
    for i in range(len(deltas) - 1, 0, -1):
        deltas[i] -= deltas[i - 1]
    return deltas.tobytes(), all(w == 1.0 for w in buffer.weights)


def _blocks(buffer: Buffer) -> bytes:
    """The values in compressed blocks of ``_BLOCK`` postings, with their sizes in front."""
    offsets = [0, *accumulate(buffer.sizes)]
    values = bytes(buffer.values)
    blocks = [
        zlib.compress(
            _by_place(values[offsets[start] : offsets[min(start + _BLOCK, len(buffer.sizes))]]), 1
        )
        for start in range(0, len(buffer.sizes), _BLOCK)
    ]
    head = _SECTION.pack(len(blocks)) + array("I", map(len, blocks)).tobytes()
    return head + b"".join(blocks)


def decode_postings(data: bytes) -> tuple[array[int], array[float] | None, _Values | None]:
    count, flags = _HEADER.unpack_from(data)
    compressed = flags & (4 | _SHUFFLED)  # how each section is stored (see _raw)
    offset = _HEADER.size
    sections = []
    while offset < len(data):
        (size,) = _SECTION.unpack_from(data, offset)
        offset += _SECTION.size
        sections.append((data, offset, size, compressed))
        offset += size
    blocked = bool(flags & _BLOCKED)
    if blocked:  # the blocks are compressed one by one, not as a section
        sections[-1] = (*sections[-1][:3], 0)
    it = iter(sections)
    ids = _running_sums(_raw(next(it)), count)
    weights = None if flags & _ALL_ONES else _typed("f", next(it))
    values = None
    if not flags & _NO_VALUES:
        values = _Values(next(it), next(it), compressed if blocked else 0)
    if len(ids) != count:
        raise ValueError("postings are damaged")
    return ids, weights, values


def decode_ids(data: bytes) -> array[int]:
    """The document numbers of stored postings alone: weights and positions are not read."""
    raw = id_deltas(data)
    return _running_sums(raw, len(raw) // 4)


def _running_sums(gaps: bytes, count: int) -> array[int]:
    """Document numbers from their gaps (native 4-byte), with numpy for long lists when the
    process uses it (``vector``): the same numbers, a C loop instead of a Python int each."""
    numpy = vector.numpy_if_enabled() if count > 64 else None
    if numpy is None:
        deltas = array("I")
        deltas.frombytes(gaps)
        return array("I", accumulate(deltas))
    ids = array("I")
    ids.frombytes(
        numpy.cumsum(numpy.frombuffer(gaps, dtype=numpy.uint32), dtype=numpy.uint32).tobytes()
    )
    return ids


def id_deltas(data: bytes) -> bytes:
    """Stored postings' document numbers as native 4-byte gaps (the first from 0)."""
    count, flags = _HEADER.unpack_from(data)
    (size,) = _SECTION.unpack_from(data, _HEADER.size)
    start = _HEADER.size + _SECTION.size
    raw = data[start : start + size]
    found = _unpacked(raw, flags & (4 | _SHUFFLED))
    if len(found) != 4 * count:
        raise ValueError("postings are damaged")
    return found


def _raw(section: tuple[bytes, int, int, int]) -> bytes:
    data, offset, size, compressed = section
    raw = data[offset : offset + size]
    return _unpacked(raw, compressed)


def _unpacked(raw: bytes, stored: int) -> bytes:
    """A section's bytes as written: ``stored`` holds the header's 4 and 16 flags."""
    if not stored & 4:
        return raw
    return _inflated(raw) if stored & _SHUFFLED else zlib.decompress(raw)


def _typed(code: str, section: tuple[bytes, int, int, int]) -> Any:
    items = array(code)
    items.frombytes(_raw(section))
    return items


class _Values:
    """Posting values, unpacked only when a query asks for them (phrases)."""

    def __init__(
        self,
        sizes: tuple[bytes, int, int, int],
        data: tuple[bytes, int, int, int],
        blocks: int = 0,
    ):
        self._sections = (sizes, data)
        self._offsets: Any = None  # where each value starts, then the end
        self._data = b""
        # Nonzero when the values are in blocks: how each block is stored (see _raw).
        self._blocked = bool(blocks)
        self._stored = blocks
        self._starts: list[int] = []  # blocked: where each compressed block starts
        self._blocks: dict[int, bytes] = {}

    def __getitem__(self, i: int) -> bytes:
        if self._offsets is None:
            sizes, data = self._sections
            self._offsets = _starts_of(_raw(sizes))
            if not self._blocked:
                self._data = _raw(data)
            else:
                raw, offset, _size, _compressed = data
                (count,) = _SECTION.unpack_from(raw, offset)
                lengths = array("I")
                lengths.frombytes(raw[offset + 4 : offset + 4 + 4 * count])
                self._starts = list(accumulate(lengths, initial=offset + 4 + 4 * count))
        if not self._blocked:
            return self._data[self._offsets[i] : self._offsets[i + 1]]
        number = i // _BLOCK
        block = self._blocks.get(number)
        if block is None:
            raw = self._sections[1][0]
            begin, end = self._starts[number], self._starts[number + 1]
            block = self._blocks[number] = _unpacked(raw[begin:end], self._stored)
        base = self._offsets[number * _BLOCK]
        return block[self._offsets[i] - base : self._offsets[i + 1] - base]


def _starts_of(sizes: bytes) -> Any:
    """0, then the running sums of native 4-byte sizes: a list, or a numpy array for long
    lists where the process uses numpy (``vector``); either is indexed the same way."""
    numpy = vector.numpy_if_enabled() if len(sizes) > 256 else None
    if numpy is None:
        items = array("I")
        items.frombytes(sizes)
        return [0, *accumulate(items)]
    sums = numpy.zeros(len(sizes) // 4 + 1, dtype=numpy.int64)
    numpy.cumsum(numpy.frombuffer(sizes, dtype=numpy.uint32), out=sums[1:])
    return sums


class NoValues:
    def __getitem__(self, i: int) -> bytes:
        return b""


def decode_positions(value: bytes) -> list[int]:
    """The positions a :class:`Positions` value holds."""
    deltas = array("I")
    deltas.frombytes(value)
    return list(accumulate(deltas))


class Postings(LeafMatcher):
    """A term's postings in memory: binary search to skip, one block for quality."""

    def __init__(
        self,
        ids: array[int],
        weights: array[float] | None,
        values: _Values | None,
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
