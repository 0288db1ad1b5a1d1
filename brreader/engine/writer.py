"""Fast segment writing: analyse text once per document, keep postings in arrays.

Whoosh's own writer turns every posting into a tuple, sorts and spills them.
:class:`Writer` analyses text fields with :func:`term_positions` (the same
terms and positions as ``schema.ANALYZER``, without a token object per word)
and keeps each term's postings in arrays until the segment is written in
brreader's format (see ``codec``).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable
from typing import Any

from whoosh.reading import SegmentReader
from whoosh.util.numeric import byte_to_length

from brreader.engine.analysis import TAG
from brreader.engine.codec import Codec, FieldWriter, length_bytes
from brreader.engine.fastterms import term_positions
from brreader.engine.internals import SegmentWriterBase
from brreader.engine.limits import Limits
from brreader.engine.postfile import Buffer, encode_positions
from brreader.engine.schema import (
    BODY_FIELDS,
    FIELD_CODE,
    PAIR_FIELDS,
    PAIR_STRIDE,
    STARTS,
    STARTS_LONGEST,
)


def strided_positions(
    parts: Iterable[str],
    analysed: dict[str, dict[str, list[int]]] | None = None,
    lang: str = "",
) -> dict[str, list[int]]:
    """:func:`term_positions` of several texts in one field, text ``k`` from ``k * PAIR_STRIDE``.

    The article-level ``questions`` and ``answers`` fields hold one text per
    pair this way (see ``schema``): the pair a position belongs to is
    ``position // PAIR_STRIDE``. Positions past the stride stay at its last
    slot, so they never reach the next pair. Each text's own analysis is put
    in ``analysed`` when given (the writer reuses it for the pair documents).
    """
    found: dict[str, list[int]] = {}
    last = PAIR_STRIDE - 1
    for number, part in enumerate(parts):
        base = number * PAIR_STRIDE
        own = term_positions(part, lang)
        if analysed is not None:
            analysed[part] = own
        for term, positions in own.items():
            shifted = [base + (p if p < last else last) for p in positions]
            seen = found.get(term)
            if seen is None:
                found[term] = shifted
            else:
                seen.extend(shifted)
    return found


class Interrupted(Exception):
    """A merge gave way (its writer's ``interrupt`` said so) before it committed."""


_CHECK_EVERY = 1024  # postings or words between two looks at a merge's ``interrupt``


class Writer(SegmentWriterBase):
    """A segment writer for schemas whose text fields use ``schema.ANALYZER``.

    ``fast`` names the fields analysed with :func:`term_positions`; other
    fields go through Whoosh's own ``field.index()``. Postings wait in
    per-term arrays until the segment is written.

    ``interrupt``, when given, is asked every so often while segments are
    merged into this one, while the segment is written and once before the
    commit; once it says True the writer raises :class:`Interrupted` (the
    caller cancels it: the commit before stays as it was). It may also take
    its time: the writer waits for its answer.
    """

    def __init__(
        self,
        ix: Any,
        fast: Iterable[str],
        interrupt: Callable[[], bool] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(ix, codec=Codec(), **kwargs)
        self.interrupt = interrupt
        self._fast = frozenset(fast) | frozenset(BODY_FIELDS)  # always analysed here
        self._terms: dict[str, dict[Any, Buffer]] = {}
        self._pooled = 0  # distinct (field, word) postings lists added since the last flush
        # The current article's question and answer texts, analysed once for its
        # ``questions``/``answers`` fields and reused for its pair documents.
        self._analysed: dict[str, dict[str, list[int]]] = {}

    def _bucket(self, fieldname: str) -> dict[Any, Buffer]:
        bucket = self._terms.get(fieldname)
        if bucket is None:
            bucket = self._terms[fieldname] = {}
        return bucket

    def add_document(self, **fields: Any) -> None:
        self.check_state()
        schema = self.schema
        docnum = self.docnum
        perdoc = self.perdocwriter
        perdoc.start_doc(docnum)
        if fields.get("kind") == "a":
            self._analysed.clear()  # the previous article's texts
        lang = fields.get("_lang") or ""
        pair_text = PAIR_FIELDS if fields.get("kind") == "p" else ()
        for name in sorted(fields):
            value = fields[name]
            if value is None or name.startswith("_"):
                continue
            field = schema[name]
            length = 0
            if field.indexed:
                if name in self._fast:
                    bucket = self._bucket(name)
                    if isinstance(value, tuple):
                        found = strided_positions(value, self._analysed, lang)
                    else:
                        reused = self._analysed.get(value)
                        found = term_positions(value, lang) if reused is None else reused
                    if name in pair_text:
                        # A pair's words are matched from its article's positions
                        # (pair = position // PAIR_STRIDE): only its length is kept.
                        length = sum(map(len, found.values()))
                        found = {}
                    for term, positions in found.items():
                        postings = bucket.get(term)
                        if postings is None:
                            postings = bucket[term] = Buffer()
                            self._pooled += 1
                        postings.ids.append(docnum)
                        postings.weights.append(len(positions))
                        value_bytes = encode_positions(positions)
                        postings.sizes.append(len(value_bytes))
                        postings.values += value_bytes
                        length += len(positions)
                else:
                    bucket = self._bucket(name)
                    for tbytes, freq, weight, vbytes in field.index(value):
                        if field.scorable:
                            length += freq
                        postings = bucket.get(tbytes)
                        if postings is None:
                            postings = bucket[tbytes] = Buffer()
                            self._pooled += 1
                        postings.add(docnum, weight, vbytes or b"")
            perdoc.add_field(name, field, value if field.stored else None, length)
            if field.column_type is not None:  # sortable fields (dates) keep a column
                perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        perdoc.finish_doc()
        self.mark_added()
        self.docnum += 1

    def full(self, limits: Limits) -> bool:
        """Whether the documents and words added since the last commit reached ``limits``'.

        Each distinct word of each field keeps a postings list in memory (a few
        hundred bytes even for one posting), so many small files, each with
        its own rare words, fill memory long before their bytes add up.
        """
        return self.docnum >= limits.batch_documents or self._pooled >= limits.batch_terms

    def check_interrupt(self) -> None:
        """Raise :class:`Interrupted` if the writer's ``interrupt`` says to stop."""
        if self.interrupt is not None and self.interrupt():
            raise Interrupted

    def before_commit(self) -> None:
        # A last look: the commit (and the server's record of it) starts only when
        # ``interrupt`` lets it (a server's merge waits there while a command runs).
        self.check_interrupt()

    def add_postings_to_pool(self, reader: Any, startdoc: int, docmap: Any) -> None:
        # Postings of segments merged into this one (Whoosh's merge policy).
        for count, (fieldname, tbytes, docnum, weight, vbytes) in enumerate(
            self.merged_postings(reader, startdoc, docmap, every=self.check_interrupt)
        ):
            if count % _CHECK_EVERY == 0:
                self.check_interrupt()
            if fieldname == STARTS:
                continue  # made again from the merged words (see flush_terms)
            key = tbytes.decode("utf-8") if fieldname in self._fast else tbytes
            bucket = self._bucket(fieldname)
            postings = bucket.get(key)
            if postings is None:
                postings = bucket[key] = Buffer()
            postings.add(docnum, weight, vbytes or b"")

    def flush_terms(self) -> None:
        if STARTS in self.schema:
            self._terms[STARTS] = word_starts(self._terms)
        self.perdocwriter.close()
        lengths = self.per_document_reader()
        writer: FieldWriter = self.fieldwriter
        try:
            for name in sorted(self._terms):
                field = self.schema[name]
                sizes = length_bytes(lengths, name)
                writer.start_field(name, field)
                bucket = self._terms[name]
                for count, key in enumerate(sorted(bucket)):
                    if count % _CHECK_EVERY == 0:
                        self.check_interrupt()
                    postings = bucket[key]
                    low, high = (None, 0) if postings.ones else _length_range(postings.ids, sizes)
                    btext = key.encode("utf-8") if isinstance(key, str) else key
                    writer.write_term(btext, postings, low, high)
                writer.finish_field()
            self._terms.clear()
            self._pooled = 0
        finally:
            writer.close()
            lengths.close()


def word_starts(terms: dict[str, dict[Any, Buffer]]) -> dict[Any, Buffer]:
    """The ``starts`` field's postings (see ``schema.STARTS``) for a segment's words.

    Made from the segment's own postings when it is written, merged or not: a
    start's documents are those of the words that begin with it. Three-letter
    starts are gathered from the words, then two- and one-letter ones from
    those (each document once per start, not once per word). A language's
    tagged stem (``es:kafe``) has the starts of its whole text and also those
    of its stem after the tag (``es:k``, ``es:ka``, ``es:kaf``): a short prefix
    is also looked for in each of the archive's languages.
    """
    found: dict[Any, Buffer] = {}
    for name, code in FIELD_CODE.items():
        bucket = terms.get(name)
        if not bucket:
            continue
        plain: list[dict[str, list[Any]]] = [{} for _n in range(STARTS_LONGEST + 1)]
        tagged: list[dict[str, list[Any]]] = [{} for _n in range(STARTS_LONGEST + 1)]
        for word, postings in bucket.items():
            if not isinstance(word, str) or not word:
                continue
            postings.sort()  # merged segments' postings may come out of order
            n = min(len(word), STARTS_LONGEST)
            plain[n].setdefault(word[:n], []).append(postings.ids)
            tag = word.find(TAG) + 1
            if 0 < tag <= STARTS_LONGEST and len(word) > tag:
                n = min(len(word) - tag, STARTS_LONGEST)
                tagged[n].setdefault(word[: tag + n], []).append(postings.ids)
        for by_start in (plain, tagged):
            for n in range(STARTS_LONGEST, 0, -1):
                for start, lists in by_start[n].items():
                    ids = _union(lists)
                    found[code + start] = _existence(ids)
                    if n > 1:
                        by_start[n - 1].setdefault(start[:-1], []).append(ids)
    return found


def _union(lists: list[Any]) -> array[int]:
    """The sorted document numbers in any of ``lists`` (sorted arrays('I'))."""
    if len(lists) == 1:
        return lists[0]
    total = sum(map(len, lists))
    if total < 256:
        return array("I", sorted(set().union(*lists)))
    import numpy

    parts = [numpy.frombuffer(ids, dtype=numpy.uint32) for ids in lists]
    found = array("I")
    found.frombytes(numpy.unique(numpy.concatenate(parts)).tobytes())
    return found


def _existence(ids: array[int]) -> Buffer:
    """Postings that only say which documents (weight 1, no values)."""
    postings = Buffer()
    postings.ids = ids
    postings.weights = array("f", [1.0]) * len(ids)
    postings.sizes = array("I", [0]) * len(ids)
    postings.ones = True
    return postings


def _length_range(ids: array[int], sizes: bytes) -> tuple[int | None, int]:
    """The shortest and longest field length among the postings' documents (Whoosh's bytes)."""
    count = len(sizes)
    if not count:
        return None, 0
    found = [sizes[i] for i in ids if i < count]
    found = [b for b in found if b]
    if not found:
        return None, 0
    return byte_to_length(min(found)), byte_to_length(max(found))


def small_to_merge(segs: list[Any], limits: Limits) -> list[Any]:
    """The small segments a merge folds together now; none until a few have piled up.

    Each update commits a segment of its own; merging them one by one would
    make every small update pay for rewriting the last few, and never merging
    would slow searches. Big segments (a rebuild's batches) are left alone,
    and so is the biggest small one when it holds more documents than the
    others together: in a small archive that is the whole archive, and
    rewriting it on every fourth saved edit took seconds (14 s at 1,000
    articles on a loaded machine, while the server's commands waited).
    Merged again only once the others have grown as big, it costs each
    document a few rewrites at most.
    """
    small = [s for s in segs if s.doc_count_all() < limits.tiny_segment_docs]
    if len(small) < limits.tiny_segments_to_merge:
        return []
    small.sort(key=lambda seg: seg.doc_count_all())
    if small[-1].doc_count_all() > sum(seg.doc_count_all() for seg in small[:-1]):
        small.pop()
    return small


def small_segments_merger(limits: Limits) -> Callable[[Any, list[Any]], list[Any]]:
    """A Whoosh merge policy folding :func:`small_to_merge`'s segments into the writer's."""

    def merge(writer: Any, segs: list[Any]) -> list[Any]:
        small = small_to_merge(segs, limits)
        for seg in small:
            writer.check_interrupt()
            if not seg.doc_count():
                continue  # every document deleted (an article saved again and again): nothing
            reader = SegmentReader(writer.storage, writer.schema, seg)
            try:
                writer.add_reader(reader)
            finally:
                reader.close()
        return [s for s in segs if s not in small]

    return merge
