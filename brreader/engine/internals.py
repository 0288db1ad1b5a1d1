"""Every use of a Whoosh-Reloaded private name, in one place.

brreader pins Whoosh-Reloaded 2.7.5 exactly. Where it needs more than the
public API (reading postings and length columns in bulk, a safer nested
matcher, listing a wildcard's words once, writing postings in its own
format), the reach into Whoosh's private attributes and methods happens
here, behind small functions and base classes with public names. Moving to
another fork or version means reading this file against the new code.
"""

from __future__ import annotations

import copy
import pickle
import struct
from abc import abstractmethod
from collections.abc import Callable, Iterator
from itertools import islice, takewhile
from typing import Any

from whoosh import query
from whoosh.codec.whoosh3 import W3FieldWriter, W3TermInfo, W3TermsReader
from whoosh.matching import ListMatcher
from whoosh.query.nested import NestedParent
from whoosh.spelling import Corrector
from whoosh.support.levenshtein import distance as levenshtein
from whoosh.system import pack_ushort
from whoosh.writing import SegmentWriter

from brreader.engine import reuse

# ---------------------------------------------------------------------------
# reading


def words_of(q: Any, reader: Any) -> Iterator[bytes]:
    """The indexed words a multi-term query (wildcard, prefix, fuzzy, range) stands for."""
    return iter(q._btexts(reader))


# Whoosh's term file: records of (key length, value length) then the key (a
# field number and the word) and the value (a W3TermInfo: flags, statistics,
# then inlined postings pickled, or the postings' offset and length).
_RECORD = struct.Struct("!ii")
_TERMINFO = struct.Struct("!BfIBBfII")
_EXTENT = struct.Struct("!qi")
_CHUNK = 1 << 16
_FIRST_CHUNK = 1 << 12
_RECORD_BYTES = 24  # about the smallest record: a short word, a small value


def term_extents(
    reader: Any, fieldname: str, words: list[bytes]
) -> Iterator[tuple[bytes, Any, int, int]] | None:
    """``(word, inlined ids or None, offset, length)`` for each of ``words`` (sorted) in one
    segment's field, read in one pass over the term file instead of a hash lookup per word.

    ``offset`` and ``length`` locate the word's postings (see :func:`postings_bytes`).
    None when the reader is not Whoosh's W3 format, or when the words are spread so
    thinly over the field (a fuzzy word's) that looking each up costs less.
    """
    terms = getattr(reader, "_terms", None)
    if not isinstance(terms, W3TermsReader) or not words:
        return None
    tindex = terms._tindex
    first = terms._keycoder(fieldname, words[0])
    last = terms._keycoder(fieldname, words[-1])
    start = closest_key_pos(tindex, first)
    stop = closest_key_pos(tindex, last)
    if start is None or stop is None:
        return None
    if (stop - start) > 4 * _RECORD_BYTES * len(words) + _CHUNK:
        return None
    return _records(tindex.dbfile, start, tindex.endofdata, last, set(words))


_PROBES = 8192  # binary-search steps kept per term file: the upper levels of every search


def closest_key_pos(tindex: Any, key: bytes) -> int | None:
    """Whoosh's ``closest_key_pos`` (where the first key at or after ``key`` is), keeping
    the keys its binary search looks at.

    Every search of a term file looks at the same few keys first (the middle,
    then a quarter in...); each is two reads, and without a memory map (the
    server's) two system calls. A term file never changes, so what was read
    is kept with the open file, up to ``_PROBES`` keys.
    """
    probes = tindex.__dict__.get("_brreader_probes")
    if probes is None:
        probes = tindex.__dict__.setdefault("_brreader_probes", {})
    base, size, get_pos, key_at = tindex.indexbase, tindex.indexsize, tindex._get_pos, tindex.key_at
    lo, hi = 0, tindex.indexlen
    while lo < hi:
        mid = (lo + hi) // 2
        found = probes.get(mid)
        if found is None:
            found = key_at(get_pos(base + mid * size))
            if len(probes) < _PROBES:
                probes[mid] = found
        if found < key:
            lo = mid + 1
        else:
            hi = mid
    if lo == tindex.indexlen:
        return None
    return int(get_pos(base + lo * size))


def _walk(dbfile: Any, pos: int, end: int) -> Iterator[tuple[bytes, bytes, int, int]]:
    """``(key, chunk, where the value starts in it, value length)`` of each record from ``pos``,
    read a chunk at a time (not two small reads per record, as Whoosh's iterators do)."""
    head = _RECORD.size
    blob, base = b"", pos
    chunk = _FIRST_CHUNK  # a prefix of a few words needs a few records: read more as it goes on
    while pos < end:
        at = pos - base
        if at + head > len(blob):
            blob, base, at = dbfile.get(pos, min(chunk, end - pos)), pos, 0
            chunk = min(2 * chunk, _CHUNK)
        keylen, datalen = _RECORD.unpack_from(blob, at)
        if at + head + keylen + datalen > len(blob):
            blob, base, at = dbfile.get(pos, max(chunk, head + keylen + datalen)), pos, 0
            chunk = min(2 * chunk, _CHUNK)
        pos += head + keylen + datalen
        yield blob[at + head : at + head + keylen], blob, at + head + keylen, datalen


def _records(
    dbfile: Any, pos: int, end: int, last: bytes, wanted: set[bytes]
) -> Iterator[tuple[bytes, Any, int, int]]:
    for key, blob, value, datalen in _walk(dbfile, pos, end):
        if key > last:
            return
        if key[2:] in wanted:
            yield _record(key[2:], blob, value, datalen)


def _record(word: bytes, blob: bytes, value: int, datalen: int) -> tuple[bytes, Any, int, int]:
    """``(word, inlined ids or None, offset, length)`` from a term record's value."""
    info = _TERMINFO.size
    if blob[value]:  # inlined postings; one posting is its term's first document
        _flags, _weight, df, _low, _high, _most, minid, _maxid = _TERMINFO.unpack_from(blob, value)
        ids = (minid,) if df == 1 else pickle.loads(blob[value + info : value + datalen])[0]
        return word, ids, 0, 0
    offset, length = _EXTENT.unpack_from(blob, value + info)
    return word, None, offset, length


def term_table(reader: Any) -> Any:
    """A segment reader's term table (Whoosh 3's ``OrderedHashReader``), or None when
    the reader is not one segment in that format."""
    terms = getattr(reader, "_terms", None)
    if not isinstance(terms, W3TermsReader) or getattr(reader, "_segment", None) is None:
        return None
    return terms._tindex


def term_key(reader: Any, fieldname: str, btext: bytes) -> bytes:
    """The key of a field's word in a segment's term table (its field number, then the word)."""
    return bytes(reader._terms._keycoder(fieldname, btext))


def segment_identity(reader: Any) -> tuple[str, str]:
    """(index folder, segment id) of a segment reader; a compound segment's reader
    reads through an overlay of the segment file on the folder's storage."""
    storage: Any = getattr(reader, "_storage", None)
    for _ in range(4):
        if hasattr(storage, "folder") or not hasattr(storage, "b"):
            break
        storage = storage.b
    folder = getattr(storage, "folder", None)
    return (str(folder) if folder is not None else repr(storage), str(reader._segment.segment_id()))


def article_languages(reader: Any) -> frozenset[str] | None:
    """The language codes of a reader's articles (its ``f_lang`` terms), read once per
    open reader; None when the index does not record them (every form may be there).

    A word's form stemmed for a language (``fr:cooper``) is written only for
    articles in that language, so a segment without one has none of its forms.
    """
    found = reader.__dict__.get("_brreader_languages", False)
    if found is False:
        found = None
        if "f_lang" in reader.schema:
            found = frozenset(str(code) for code in reader.field_terms("f_lang"))
        reader.__dict__["_brreader_languages"] = found
    return found


def prefix_words(reader: Any, fieldname: str, prefix: bytes) -> list[bytes] | None:
    """A segment's words of one field that begin with ``prefix``, in order, as Whoosh's
    ``expand_prefix`` lists them, in one pass over the term file; None if not W3's format."""
    walk = _prefix_walk(reader, fieldname, prefix)
    if walk is None:
        return None
    return [key[2:] for key, _blob, _value, _datalen in walk]  # values are not decoded


def prefix_weights(reader: Any, fieldname: str, prefix: bytes) -> list[tuple[bytes, float]] | None:
    """As :func:`prefix_words`, each word with its weight in the segment (what Whoosh's
    ``frequency`` answers for it there), read from the same pass."""
    walk = _prefix_walk(reader, fieldname, prefix)
    if walk is None:
        return None
    return [(key[2:], _TERMINFO.unpack_from(blob, value)[1]) for key, blob, value, _n in walk]


def prefix_records(
    reader: Any, fieldname: str, prefix: bytes, limit: int | None = None
) -> list[tuple[bytes, Any, int, int]] | None:
    """As :func:`prefix_words`, each word with where its postings are (as :func:`term_extents`
    gives them): a prefix's documents are then read without a second pass. ``limit``: the
    first so many words only."""
    walk = _prefix_walk(reader, fieldname, prefix)
    if walk is None:
        return None
    return [_record(key[2:], blob, value, size) for key, blob, value, size in islice(walk, limit)]


def _prefix_walk(
    reader: Any, fieldname: str, prefix: bytes
) -> Iterator[tuple[bytes, bytes, int, int]] | None:
    """The term records of one field whose words begin with ``prefix`` (see :func:`_walk`);
    None if the segment is not in Whoosh's W3 format."""
    terms = getattr(reader, "_terms", None)
    if not isinstance(terms, W3TermsReader):
        return None
    tindex = terms._tindex
    # The server and the reader keep the term hashes, and with them rule out a prefix
    # no word of the field begins with (``presence.prefix_absent``), without a walk.
    absent = tindex.__dict__.get("_brreader_prefix_absent")
    if absent is not None and absent(fieldname, prefix):
        return iter(())
    start = terms._keycoder(fieldname, prefix)
    pos = closest_key_pos(tindex, start)
    if pos is None:
        return iter(())
    return takewhile(
        lambda record: record[0].startswith(start), _walk(tindex.dbfile, pos, tindex.endofdata)
    )


def frequency(reader: Any, fieldname: str, btext: bytes) -> int:
    """How many documents of one segment hold a term, deleted ones included (Whoosh's
    ``doc_frequency``, in one look-up of the term file instead of two)."""
    terms = getattr(reader, "_terms", None)
    if not isinstance(terms, W3TermsReader):
        return int(reader.doc_frequency(fieldname, btext))
    try:
        datapos = terms._range_for_key(fieldname, btext)[0]
    except KeyError:
        return 0
    return int(W3TermInfo.read_doc_freq(terms._dbfile, datapos))


def doc_frequency(searcher: Any, fieldname: str, btext: Any) -> int:
    """How many documents of a searcher's index hold a term, deleted ones included
    (Whoosh's ``doc_frequency``, with one look-up per segment instead of two)."""
    if not isinstance(btext, bytes):
        btext = searcher.schema[fieldname].to_bytes(btext)
    leaves = searcher.reader().leaf_readers()
    return sum(frequency(leaf, fieldname, btext) for leaf, _offset in leaves)


def postings_bytes(reader: Any, offset: int, length: int) -> bytes:
    """The stored postings of a word, as located by :func:`term_extents`."""
    return bytes(reader._terms._postfile.get(offset, length))


def segments(ix: Any) -> list[Any]:
    """The segments of an open index's latest commit (its table of contents)."""
    return list(ix._segments())


def reader_reusing(ix: Any, previous: Any) -> tuple[Any, bool]:
    """A reader on ``ix``'s latest commit that keeps ``previous``'s readers of unchanged segments.

    After a commit that added one small segment, reopening every segment (its
    term table's header, its stored fields, its columns) was most of the next
    command's extra time. A segment whose documents and deletions are what
    ``previous`` read is read through the same object; any other is opened.
    Whoosh's own ``reader(reuse=...)`` keeps a reader by segment id alone,
    which would keep a segment's old deletions (an edited article's old text
    found again). Also returns whether any reader was kept: then the result
    shares readers with ``previous`` and neither may be closed alone.
    """
    toc = ix._read_toc()
    leaves, shared = reuse.leaves_reusing(
        ix.storage, toc.schema, toc.segments, toc.generation, previous
    )
    if not leaves:
        return ix.reader(), False
    return reuse.combined(leaves, toc.generation), shared


def per_document_reader(reader: Any) -> Any:
    """A segment reader's per-document reader (its length columns)."""
    return reader._perdoc


def list_postings(matcher: Any) -> tuple[Any, Any]:
    """Document numbers and weights of Whoosh's in-memory (inlined) postings."""
    if not isinstance(matcher, ListMatcher):
        raise TypeError(type(matcher).__name__)
    return matcher._ids, matcher._weights


def list_values(matcher: Any) -> tuple[Any, Any]:
    """Document numbers and values of Whoosh's in-memory (inlined) postings."""
    if not isinstance(matcher, ListMatcher):
        raise TypeError(type(matcher).__name__)
    values = matcher._values
    return matcher._ids, (values if values is not None else [b""] * len(matcher._ids))


def field_b(weighting: Any, fieldname: str) -> float:
    """BM25F's length normalisation ``B`` for one field."""
    return float(weighting._field_B.get(fieldname, weighting.B))


_FIELD_LENGTHS: list[int] = []  # the field length each length byte stands for


def length_norms(k1: float, b: float, avgfl: float) -> list[float]:
    """BM25's length part, ``k1 * ((1 - b) + b * length / avgfl)``, for each of the 256
    length bytes Whoosh stores (0: no text, scored as length 1)."""
    if not _FIELD_LENGTHS:
        from whoosh.util.numeric import byte_to_length

        _FIELD_LENGTHS.extend([1, *(byte_to_length(n) for n in range(1, 256))])
    return [k1 * ((1 - b) + b * fl / avgfl) for fl in _FIELD_LENGTHS]


def length_column_bytes(lengths: Any, name: str, column_type: Any) -> bytes:
    """Each document's field length byte, read in one go from Whoosh's length column."""
    column = lengths._cached_reader(f"_{name}_len", column_type)
    if column is None:
        return b""
    return bytes(column._dbfile.get(column._basepos, column._count * column._fixedlen))


# ---------------------------------------------------------------------------
# queries


class PairScoped(NestedParent):
    """A part of a query matched within one pair of an article (``question:``/``answer:``).

    Its pairs are read from the article's positions by ``bulk.PairGroup``,
    which ``ranking.article_query`` puts in its place; Whoosh's nested-parent
    query is kept for the query tree (children, normalising, ``accept``).
    """

    def __init__(self, child: query.Query, boost: float = 1.0) -> None:
        super().__init__(query.Term("kind", "a"), child)
        self.boost = boost

    @classmethod
    def around(cls, inner: query.Query) -> PairScoped:
        return cls(query.And([query.Term("kind", "p"), inner]))

    def normalize(self) -> query.Query:
        child = self.child.normalize()
        if child is query.NullQuery:
            return query.NullQuery
        return type(self)(child, self.boost)

    def apply(self, fn: Callable[[query.Query], query.Query]) -> query.Query:
        return type(self)(fn(self.child), self.boost)

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        # Pair documents hold no postings: only bulk.PairGroup can match this.
        raise TypeError("a pair-scoped part is matched by bulk.PairGroup (ranking.article_query)")

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.child!r})"


class Asking(query.AndMaybe):
    """Topic words ``a`` that must match, and asking words ``b`` that only add to the score.

    Built for questions typed in plain words (see ``asking``); a query's
    asking words are not highlighted and do not pick an article's best pairs.
    """

    def __repr__(self) -> str:
        return f"Asking({self.a!r}, {self.b!r})"


class Expanded(query.MultiTerm):
    """A wildcard, prefix or fuzzy word whose words are listed once per segment per search.

    Whoosh lists a pattern's words again for scoring and for highlighting;
    with a leading ``*`` or a fuzzy word that means reading every word of the
    field each time. The lists are kept here, per segment, exactly as Whoosh
    makes them (the top-level list is their union).
    """

    def __init__(
        self,
        original: Any,
        per_reader: dict[int, list[bytes]],
        records: dict[int, list[tuple[bytes, Any, int, int]]] | None = None,
        fill: Any = None,
    ) -> None:
        self.original = original
        # A prefix's words with where their postings are, per segment (``prefix_records``).
        self._records = {} if records is None else records
        # A short prefix (``ka*``, see ``schema.STARTS``) lists its words only when
        # something needs them: ``fill`` puts them in ``per_reader`` and ``records``.
        self.fill = fill
        self.fieldname = original.fieldname
        self.text = original.text
        self.boost = original.boost
        self.constantscore = original.constantscore
        self.per_reader = per_reader

    @property
    def starts(self) -> bool:
        """Whether the articles holding any of its words may be read from the word starts."""
        return self.fill is not None

    @property
    def records(self) -> dict[int, list[tuple[bytes, Any, int, int]]]:
        if self.fill is not None:
            self.fill()
        return self._records

    def _btexts(self, ixreader: Any) -> list[bytes]:
        if self.fill is not None:
            self.fill()
        known = self.per_reader.get(id(ixreader))
        if known is not None:
            return known
        leaves = ixreader.leaf_readers() if ixreader.is_atomic() is False else []
        if leaves and all(id(leaf) in self.per_reader for leaf, _offset in leaves):
            return sorted(set().union(*(self.per_reader[id(leaf)] for leaf, _offset in leaves)))
        return list(self.original._btexts(ixreader))

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        # Whoosh scores a pattern that stands for one word in a segment as that
        # word (BM25), and one that stands for several with a constant score.
        # A pattern's score should not depend on how many words it met: a rare
        # form (a French stem under ``hydro*``) outscored articles with many
        # forms. With constantscore, one word scores as several would.
        words = [word for word in self._btexts(searcher.reader()) if word]
        if len(words) != 1 or not self.constantscore:
            return super().matcher(searcher, context)
        from whoosh.matching import ConstantScoreWrapperMatcher

        matcher = query.Term(self.fieldname, words[0]).matcher(searcher, context)
        return ConstantScoreWrapperMatcher(matcher, 1.0) if matcher.is_active() else matcher

    def with_boost(self, boost: float) -> Expanded:
        """This pattern with another boost, sharing its listed words: Whoosh's ``with_boost``
        deep-copies them, thousands of words per segment, each time a query is normalized."""
        if boost == self.boost:
            return self
        made = copy.copy(self)
        made.boost = boost
        return made

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Expanded) and other.original == self.original

    def __hash__(self) -> int:
        return hash(self.original)

    def __repr__(self) -> str:
        return f"Expanded({self.original!r})"


class AnyField(Corrector):
    """Suggestions from several fields' word lists (Whoosh's MultiCorrector swaps its pairs)."""

    def __init__(self, correctors: list[Corrector]) -> None:
        self.correctors = correctors

    def _suggestions(self, text: str, maxdist: int, prefix: int) -> list[tuple[Any, str]]:
        # Whoosh scores every word within maxdist by frequency alone ("what" beats
        # "water" for "watr"); the nearer word should win, frequency breaking ties.
        best: dict[str, Any] = {}
        for corrector in self.correctors:
            for score, word in corrector._suggestions(text, maxdist, prefix):
                score += maxdist - levenshtein(text, word)
                best[word] = max(best.get(word, score), score)
        return [(score, word) for word, score in best.items()]


# ---------------------------------------------------------------------------
# writing


class FieldWriterBase(W3FieldWriter):
    """Whoosh's W3 field writer with one public way to store a finished term."""

    def store_term(self, btext: bytes, info: Any, data: bytes | None) -> None:
        """Record ``info`` for ``btext``; ``data`` (postings not inlined) goes to the file."""
        if data is not None:
            info.set_extent(self._postfile.tell(), len(data))
            self._postfile.write(data)
        self._tindex.add(pack_ushort(self._fieldid) + btext, info.to_bytes())


def all_postings(
    reader: Any, every: Callable[[], None] | None = None
) -> Iterator[tuple[str, bytes, int, float, bytes]]:
    """Whoosh's ``reader.iter_postings()``: every posting of a segment, term by term in
    the term file's order, its deleted documents left out. The term file is read
    in one pass, each term's information from its record, where Whoosh looks each
    term up again (an MD5 and a few reads): most of a merge of small segments, whose
    terms have one posting each. ``every`` is called every thousand terms."""
    terms = getattr(reader, "_terms", None)
    if not isinstance(terms, W3TermsReader):
        yield from reader.iter_postings()
        return
    from whoosh.matching.wrappers import FilterMatcher

    tindex, schema, deleted = terms._tindex, reader.schema, reader.deleted_docs_set
    formats: dict[str, Any] = {}
    records = _walk(tindex.dbfile, tindex.startofdata, tindex.endofdata)
    for count, (key, blob, value, datalen) in enumerate(records):
        if every is not None and count % 1024 == 0:
            every()
        fieldname, btext = terms._keydecoder(key)
        found = formats.get(fieldname)
        if found is None:
            found = formats[fieldname] = schema[fieldname].format
        info = W3TermInfo.from_bytes(blob[value : value + datalen])
        matcher = terms._codec.postings_reader(
            terms._postfile, info, found, term=(fieldname, btext), scorer=None
        )
        if deleted:
            matcher = FilterMatcher(matcher, deleted, exclude=True)
        while matcher.is_active():
            yield fieldname, btext, matcher.id(), matcher.weight(), matcher.value()
            matcher.next()


class SegmentWriterBase(SegmentWriter):
    """Whoosh's segment writer with public names for the private steps brreader needs."""

    def check_state(self) -> None:
        """Raise if the writer was already committed or cancelled."""
        self._check_state()

    def mark_added(self) -> None:
        """Note that the segment has documents (Whoosh skips empty segments)."""
        self._added = True

    def merged_postings(
        self, reader: Any, startdoc: int, docmap: Any, every: Callable[[], None] | None = None
    ) -> Iterator[Any]:
        """``(field, term, docnum, weight, value)`` of a segment being merged into this one
        (``every``: see :func:`all_postings`)."""
        return iter(self._process_posts(all_postings(reader, every), startdoc, docmap))

    def _flush_segment(self) -> None:
        self.flush_terms()

    def _commit_toc(self, segments: Any) -> None:
        self.before_commit()
        super()._commit_toc(segments)

    def before_commit(self) -> None:
        """Called once the segment is written, before the commit makes it the index's."""

    @abstractmethod
    def flush_terms(self) -> None:
        """Write the segment's postings (called where Whoosh writes its posting pool)."""
