"""One term's postings as bytes: how brreader's codec (``codec``) stores them.

The layout is described below, section by section. This module knows
nothing of Whoosh: it turns a :class:`Buffer` of postings into bytes and
bytes back into arrays, for the codec's readers and writers and for the
paths that read a word's document numbers alone (``pairtext``).
"""

from __future__ import annotations

import struct
import sys
import zlib
from array import array
from itertools import accumulate
from typing import Any

from brreader.engine import vector

if array("I").itemsize != 4:  # pragma: no cover - every supported platform has 4-byte unsigned int
    raise ImportError("brreader's index needs 4-byte array('I') items")


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
#
# Narrow sections (flag 32, set only with compression): the ids, weights and
# lengths sections hold a width byte and then their items in the fewest
# bytes that fit the largest: 1, 2 or 4 (unsigned), or 0 for weights kept as
# 4-byte floats grouped by place (a short list's, or not whole numbers). A
# common word's document gaps and frequencies fit one byte each, so zlib
# inflates a quarter of the bytes and nothing is regrouped: reading such a
# list takes about half as long. The values keep the grouping above. Lists
# written before flag 32 still read.

_HEADER = struct.Struct("=IB")
_SECTION = struct.Struct("=I")
_ALL_ONES = 1
_NO_VALUES = 2
_COMPRESS_OVER = 96  # bytes; zlib's framing costs more than it saves below this
_BLOCKED = 8
_BLOCK = 128  # postings per block of values
_SHUFFLED = 16
_BLOCK_OVER = 16_384  # bytes of values; shorter lists are compressed whole
_NARROW = 32
_WIDTHS = {1: "B", 2: "H", 4: "I"}  # a narrow section's width byte -> array type
_FLOATS = 0  # the width byte of weights kept as 4-byte floats


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
    return _packed(data)


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
    if not compress:
        return _HEADER.pack(len(buffer.ids), flags) + b"".join(_section(p, False) for p in parts)
    flags |= 4 | _SHUFFLED | _NARROW
    narrow = [_narrow(gaps)]
    if not ones:
        narrow.append(_narrow_weights(buffer.weights))
    if buffer.values:
        narrow.append(_narrow(parts[-2]))
    sections = [_packed(zlib.compress(n, 1)) for n in narrow]
    if buffer.values and len(buffer.values) > _BLOCK_OVER and len(buffer.ids) > _BLOCK:
        flags |= _BLOCKED
        sections.append(_packed(_blocks(buffer)))
    elif buffer.values:
        sections.append(_section(parts[-1], True))
    return _HEADER.pack(len(buffer.ids), flags) + b"".join(sections)


def _packed(data: bytes) -> bytes:
    """A section as stored: its length, then its bytes."""
    return _SECTION.pack(len(data)) + data


def _narrow(items: bytes) -> bytes:
    """Native 4-byte unsigned items as a narrow section: a width byte, then the items in the
    fewest bytes (1, 2 or 4) that hold the largest.

    The width is read from the items' high byte places and the narrow items are
    their low byte places: slices and comparisons that run in C, not a Python
    int per item (an index build writes millions of them)."""
    zeros = bytes(len(items) // 4)
    little = sys.byteorder == "little"
    places = [items[place::4] for place in (range(4) if little else range(3, -1, -1))]
    if places[3] != zeros or places[2] != zeros:
        return b"\x04" + items
    if places[1] == zeros:
        return b"\x01" + places[0]
    out = bytearray(2 * len(zeros))
    out[0 if little else 1 :: 2] = places[0]
    out[1 if little else 0 :: 2] = places[1]
    return b"\x02" + bytes(out)


def _narrow_weights(weights: array[float]) -> bytes:
    """Weights as a narrow section. A long list's whole-number weights (a word's
    frequency, nearly always) become unsigned integers, which read back fastest;
    other weights stay 4-byte floats with their bytes grouped by place (width byte 0)."""
    if len(weights) > _VECTOR_OVER:
        import numpy

        found = numpy.frombuffer(weights, dtype=numpy.float32)
        whole = found.astype(numpy.uint32)
        if bool((whole == found).all()) and bool((found < 2**32).all()):
            return _narrow(whole.tobytes())
    return bytes((_FLOATS,)) + _by_place(weights.tobytes())


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


def decode_postings(data: bytes) -> tuple[array[int], array[float] | None, Values | None]:
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
    if flags & _NARROW:  # the ids, weights and value lengths are narrow sections
        narrow = len(sections) - (0 if flags & _NO_VALUES else 1)
        sections[:narrow] = [(*section[:3], _NARROW) for section in sections[:narrow]]
    it = iter(sections)
    if flags & _NARROW:
        ids = _narrow_sums(_inflated_narrow(next(it)), count)
        weights = None if flags & _ALL_ONES else _narrow_floats(_inflated_narrow(next(it)))
    else:
        ids = _running_sums(_raw(next(it)), count)
        weights = None if flags & _ALL_ONES else _typed("f", next(it))
    values = None
    if not flags & _NO_VALUES:
        values = Values(next(it), next(it), compressed if blocked else 0)
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


def _inflated_narrow(section: tuple[bytes, int, int, int]) -> bytes:
    """A narrow section's width byte and items."""
    data, offset, size, _stored = section
    return zlib.decompress(data[offset : offset + size])


def _narrow_code(narrow: bytes, floats: bool = False) -> str:
    """The array type of a narrow section's items (see :data:`_WIDTHS`; "f" for floats,
    which only weights may be)."""
    code = _WIDTHS.get(narrow[0]) if narrow else None
    if code is None and floats and narrow[:1] == bytes((_FLOATS,)):
        code = "f"
    if code is None:
        raise ValueError("postings are damaged")
    return code


def _narrow_sums(narrow: bytes, count: int) -> array[int]:
    """Document numbers from a narrow section of gaps (see :func:`_running_sums`)."""
    code = _narrow_code(narrow)
    numpy = vector.numpy_if_enabled() if count > 64 else None
    ids = array("I")
    if numpy is None:
        gaps = array(code)
        gaps.frombytes(narrow[1:])
        ids.extend(accumulate(gaps))
        return ids
    gaps = numpy.frombuffer(narrow, dtype=numpy.dtype(code), offset=1)
    ids.frombytes(numpy.cumsum(gaps, dtype=numpy.uint32).tobytes())
    return ids


def _narrow_floats(narrow: bytes) -> array[float]:
    """Weights from a narrow section, as 4-byte floats."""
    code = _narrow_code(narrow, floats=True)
    weights = array("f")
    if code == "f":
        weights.frombytes(_from_places(narrow[1:]))
        return weights
    numpy = vector.numpy_if_enabled() if len(narrow) > 64 else None
    if numpy is not None:
        found = numpy.frombuffer(narrow, dtype=numpy.dtype(code), offset=1)
        weights.frombytes(found.astype(numpy.float32).tobytes())
    elif code == "B":  # a frequency's float bytes by table, one byte place at a time
        weights.frombytes(_by_tables(narrow[1:], _FLOAT_PLACES))
    else:
        items = array(code)
        items.frombytes(narrow[1:])
        weights.extend(map(float, items))
    return weights


# Byte k of the native 4-byte float of each number 0-255, as a bytes.translate table.
_FLOAT_PLACES = [bytes(array("f", [float(n)]).tobytes()[k] for n in range(256)) for k in range(4)]


def _by_tables(items: bytes, tables: list[bytes]) -> bytes:
    """One-byte items made 4-byte: byte place k of each from ``tables[k]``, all in C (a
    Python loop over a common word's tens of thousands of items takes milliseconds)."""
    out = bytearray(4 * len(items))
    for place, table in enumerate(tables):
        out[place::4] = items.translate(table)
    return bytes(out)


def _widened(narrow: bytes) -> bytes:
    """A narrow section's unsigned items as native 4-byte ones."""
    code = _narrow_code(narrow)
    items = narrow[1:]
    if code == "I":
        return items
    width = 1 if code == "B" else 2
    out = bytearray(4 * (len(items) // width))
    low = 0 if sys.byteorder == "little" else 4 - width  # where the item's bytes go
    for place in range(width):
        out[low + place :: 4] = items[place::width]
    return bytes(out)


def id_deltas(data: bytes) -> bytes:
    """Stored postings' document numbers as native 4-byte gaps (the first from 0)."""
    count, flags = _HEADER.unpack_from(data)
    (size,) = _SECTION.unpack_from(data, _HEADER.size)
    start = _HEADER.size + _SECTION.size
    raw = data[start : start + size]
    found = _unpacked(raw, flags & (4 | _SHUFFLED | _NARROW))
    if len(found) != 4 * count:
        raise ValueError("postings are damaged")
    return found


def _raw(section: tuple[bytes, int, int, int]) -> bytes:
    data, offset, size, compressed = section
    raw = data[offset : offset + size]
    return _unpacked(raw, compressed)


def _unpacked(raw: bytes, stored: int) -> bytes:
    """A section's bytes as written: ``stored`` holds the header's 4, 16 and 32 flags (a
    narrow section's items come back as 4-byte ones)."""
    if stored & _NARROW:
        return _widened(zlib.decompress(raw))
    if not stored & 4:
        return raw
    return _inflated(raw) if stored & _SHUFFLED else zlib.decompress(raw)


def _typed(code: str, section: tuple[bytes, int, int, int]) -> Any:
    items = array(code)
    items.frombytes(_raw(section))
    return items


class Values:
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
