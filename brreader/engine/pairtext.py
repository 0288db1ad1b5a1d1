"""A pair's words, read from its article's positions: pair documents hold no postings.

An article document's ``questions`` and ``answers`` fields hold each pair's
text from position ``k * PAIR_STRIDE`` (pair ``k``, from 0), and the pair
itself is the document ``article + 1 + k`` (see ``schema``). So a word's
article-level positions say which pairs hold it and how often, and a
phrase's which pairs hold it in order. ``bulk`` scores ``question:`` and
``answer:`` parts from these counts; ``pairs`` reads the same lists for the
best pairs of shown articles.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import chain
from typing import Any

from whoosh.matching import ListMatcher
from whoosh.matching.wrappers import FilterMatcher

from brreader.engine import vector
from brreader.engine.codec import Postings
from brreader.engine.internals import (
    Expanded,
    list_postings,
    list_values,
    postings_bytes,
    term_extents,
    words_of,
)
from brreader.engine.postfile import (
    NoValues,
    decode_ids,
    decode_positions,
    decode_postings,
    id_deltas,
)
from brreader.engine.schema import BODY_OF_PAIR, PAIR_STRIDE

Read = dict[tuple[int, str, bytes], Any]  # one search's decoded postings and counts
_SHIFT = PAIR_STRIDE.bit_length() - 1  # position >> _SHIFT is the pair


def leaf_postings(reader: Any, fieldname: str, btext: bytes, read: Read | None = None) -> Any:
    """A term's postings in one segment, deletions included; read once per search.

    ``read`` (one search's) keeps each list decoded: the best pairs of the shown
    articles (``pairs``) read the same article-level lists as the scores did.
    """
    key = (id(reader), fieldname, btext)
    if read is not None and key in read:
        return read[key]
    matcher = reader.postings(fieldname, btext)
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    if read is not None:
        read[key] = matcher
    return matcher


def body_entries(reader: Any, body: str, btext: bytes, read: Read | None) -> tuple[Any, Any]:
    """A body field word's article documents and position values in one segment."""
    if (body, btext) not in reader:
        return (), ()
    matcher = leaf_postings(reader, body, btext, read)
    if isinstance(matcher, Postings):
        return matcher.ids_and_values()
    if isinstance(matcher, ListMatcher):
        return list_values(matcher)
    return (), ()


def pattern_words(q: Any, reader: Any) -> list[bytes]:
    """The words a pattern stands for; a pair field's are listed in its body field."""
    body = BODY_OF_PAIR.get(q.field() or "")
    if body is not None and not isinstance(q, Expanded):
        q = q.copy()
        q.fieldname = body
    return [w for w in words_of(q, reader) if w]


def pattern_documents(
    reader: Any,
    fieldname: str,
    words: list[bytes],
    read: Read,
    articles: frozenset[int],
    listed: list[tuple[bytes, Any, int, int]] | None = None,
) -> set[int]:
    """The documents holding any of a pattern's words in one field of a segment.

    A constant-scored pattern needs neither weights nor positions, so only
    document numbers are read, and for many words (``ka*``: thousands) in one
    pass over the term file (``internals.term_extents``) instead of a lookup
    per word. Each word's numbers are kept in ``read`` (as ``ids:FIELD``): the
    best pairs of the shown articles (``pairs``) decode only the words those
    articles hold. ``articles``: the segment's article documents when the
    field is an article field (else empty): once most are matched, the
    rest are tracked instead (lookups in a small set, not insertions in a big one).
    ``listed``: where each of ``words`` has its postings, when the prefix's
    expansion read that already (``internals.prefix_records``).
    """
    matched: set[int] = set()
    extents: Any = listed
    if extents is None and len(words) > 8:
        extents = term_extents(reader, fieldname, words)
    numpy = vector.numpy_if_enabled()
    if extents is not None and numpy is not None:  # as arrays (kept in ``read``)
        return set(
            numpy.flatnonzero(pattern_mask(numpy, reader, fieldname, words, read, extents)).tolist()
        )
    if extents is None:
        for word in words:
            matcher = leaf_postings(reader, fieldname, word, read)
            if isinstance(matcher, Postings):
                matched.update(matcher.ids_and_weights()[0])
            elif isinstance(matcher, ListMatcher):
                matched.update(list_postings(matcher)[0])
            else:
                matched.update(matcher.all_ids())
        return matched
    missing: set[int] | None = None  # once most articles matched: those not matched yet
    for word, inlined, offset, length in extents:
        ids = inlined if inlined is not None else decode_ids(postings_bytes(reader, offset, length))
        read[(id(reader), f"ids:{fieldname}", word)] = ids
        if missing is not None:
            missing.difference_update(ids)
            continue
        matched.update(ids)
        if 2 * len(matched) > len(articles) and matched <= articles:
            missing = set(articles - matched)
    return matched if missing is None else set(articles - missing)


class PatternIds:
    """A pattern's words in one field of a segment and the documents of each, as one array.

    For thousands of words (``ka*``) the per-word work is only slicing out
    each word's stored gaps; adding them up, finding the documents and (for
    the best pairs of the shown articles) which words those articles hold
    are array operations (``vector``).
    """

    def __init__(self, np: Any, reader: Any, extents: Any) -> None:
        self.np = np
        words: list[bytes] = []
        gaps: list[bytes] = []
        counts: list[int] = []
        listed: list[tuple[bytes, Any]] = []  # ids kept in the term file itself
        self.reader = reader
        self.where: dict[bytes, tuple[int, int]] = {}  # each stored word's postings
        for word, inlined, offset, length in extents:
            if inlined is not None:
                listed.append((word, inlined))
                continue
            self.where[word] = (offset, length)
            raw = id_deltas(postings_bytes(reader, offset, length))
            words.append(word)
            gaps.append(raw)
            counts.append(len(raw) // 4)
        sums = np.cumsum(np.frombuffer(b"".join(gaps), dtype=np.uint32), dtype=np.int64)
        sizes = np.array(counts, dtype=np.int64)
        ends = np.cumsum(sizes)
        before = np.zeros(len(sizes), dtype=np.int64)  # each word's gaps start from 0
        if len(sizes) > 1:
            before[1:] = sums[ends[:-1] - 1]
        parts = [sums - np.repeat(before, sizes)]
        if listed:
            words.extend(word for word, _ids in listed)
            counts.extend(len(ids) for _word, ids in listed)
            parts.append(np.fromiter(chain.from_iterable(ids for _word, ids in listed), np.int64))
        self.words = words
        self.ids = np.concatenate(parts)
        self.ends = np.cumsum(np.array(counts, dtype=np.int64))
        self.count = int(reader.doc_count_all())

    def mask(self) -> Any:
        """For each document of the segment, whether it holds one of the words."""
        held = self.np.zeros(self.count, dtype=bool)
        held[self.ids] = True
        return held

    def entries(self, word: bytes) -> tuple[Any, Any] | None:
        """A stored word's document numbers and position values (as ``pairs`` reads them),
        from where its postings are: no lookup in the term file. None for other words."""
        where = self.where.get(word)
        if where is None:
            return None
        ids, _weights, values = decode_postings(postings_bytes(self.reader, *where))
        return ids, values if values is not None else NoValues()

    def frequencies(self) -> dict[bytes, int]:
        """How many documents of the segment hold each word (deleted ones included)."""
        return dict(zip(self.words, self.np.diff(self.ends, prepend=0).tolist(), strict=True))

    def words_holding(self, docnums: set[int]) -> set[bytes]:
        """The words that any of ``docnums`` holds."""
        np = self.np
        at = np.flatnonzero(np.isin(self.ids, np.fromiter(docnums, dtype=np.int64)))
        return {self.words[i] for i in np.searchsorted(self.ends, at, side="right").tolist()}


def pattern_mask(
    np: Any,
    reader: Any,
    fieldname: str,
    words: list[bytes],
    read: Read,
    listed: list[tuple[bytes, Any, int, int]] | None = None,
) -> Any:
    """As :func:`pattern_documents`, as a numpy mask over the segment's documents."""
    extents: Any = listed
    if extents is None and len(words) > 8:
        extents = term_extents(reader, fieldname, words)
    if extents is not None:
        found = PatternIds(np, reader, extents)
        read.setdefault((id(reader), f"pattern:{fieldname}", b""), []).append(found)
        return found.mask()
    held = np.zeros(reader.doc_count_all(), dtype=bool)
    docs = pattern_documents(reader, fieldname, words, read, frozenset())
    if docs:
        held[np.fromiter(docs, dtype=np.int64)] = True
    return held


def pair_counts(reader: Any, fieldname: str, btext: bytes, read: Read) -> tuple[Any, Any]:
    """A pair field's word: the pair documents holding it and how often, in order."""
    key = (id(reader), f"pairs:{fieldname}", btext)
    found = read.get(key)
    if found is not None:
        return found
    ids, values = body_entries(reader, BODY_OF_PAIR[fieldname], btext, read)
    counts: dict[int, float] = {}
    get = counts.get
    for index, docnum in enumerate(ids):
        base = docnum + 1
        for position in decode_positions(values[index]):
            pair = base + (position >> _SHIFT)
            counts[pair] = get(pair, 0.0) + 1.0
    found = read[key] = (list(counts), list(counts.values()))
    return found


def phrase_documents(entries: list[tuple[Any, Any]]) -> set[int]:
    """The documents where the words of a phrase follow each other: ``entries`` holds each
    word's sorted document numbers and position values."""
    if not entries or not all(len(ids) for ids, _values in entries):
        return set()
    shortest = min(range(len(entries)), key=lambda i: len(entries[i][0]))
    common: list[int] = list(entries[shortest][0])
    for number, (ids, _values) in enumerate(entries):
        if number != shortest and common:
            held = set(ids) if len(ids) <= 16 * len(common) else None
            common = [d for d in common if (d in held if held is not None else _holds(ids, d))]
    found = set()
    for docnum in common:
        lists = [decode_positions(values[bisect_left(ids, docnum)]) for ids, values in entries]
        later = [set(p) for p in lists[1:]]
        if any(all(start + i in words for i, words in enumerate(later, 1)) for start in lists[0]):
            found.add(docnum)
    return found


def _holds(ids: Any, docnum: int) -> bool:
    at = bisect_left(ids, docnum)
    return at < len(ids) and ids[at] == docnum


def phrase_counts(reader: Any, q: Any, field: Any, read: Read) -> dict[int, float]:
    """A phrase in a pair field: pair document -> how often its words follow each other there."""
    try:
        btexts = [field.to_bytes(w) for w in q.words]
    except ValueError:
        return {}
    if not btexts:
        return {}
    body = BODY_OF_PAIR[q.fieldname]
    entries = [body_entries(reader, body, b, read) for b in btexts]
    if not all(len(ids) for ids, _values in entries):
        return {}
    where = [dict(zip(ids, range(len(ids)), strict=False)) for ids, _values in entries]
    common = set(where[0]).intersection(*where[1:])
    slop = max(1, int(getattr(q, "slop", 1) or 1))
    counts: dict[int, float] = {}
    for docnum in sorted(common):
        lists = [decode_positions(e[1][w[docnum]]) for e, w in zip(entries, where, strict=True)]
        later = [set(p) for p in lists[1:]]
        for start in lists[0]:
            at = start
            for words in later:
                nxt = next((at + d for d in range(1, slop + 1) if at + d in words), None)
                if nxt is None:
                    break
                at = nxt
            else:
                pair = docnum + 1 + (start >> _SHIFT)
                counts[pair] = counts.get(pair, 0.0) + 1.0
    return counts
