"""What scoring needs from each segment of an open index, read once per searcher.

Split from ``bulk`` (which scores with it), with the one way both read a
term's postings whole.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from itertools import repeat
from typing import Any

from whoosh.matching import ListMatcher

from brreader.engine import presence, wordbands
from brreader.engine.analysis import TAG, TAGGED
from brreader.engine.codec import Postings, length_bytes
from brreader.engine.internals import (
    article_languages,
    list_postings,
    per_document_reader,
    term_key,
)
from brreader.engine.pairtext import Read, leaf_postings
from brreader.engine.schema import FIELD_CODE, STARTS

_TAG = TAG.encode("utf-8")
_TAGGED = frozenset(code.encode("utf-8") for code in TAGGED)


class Unsupported(Exception):
    """The query has a part ``bulk`` does not evaluate; use Whoosh."""


def lacks_language(reader: Any, btext: bytes) -> bool:
    """Whether ``btext`` is a word's form in a language (``fr:cooper``, or the start of
    one) that no article of the segment is in: such forms are written only for articles
    in their language, so the segment has none (``internals.article_languages``)."""
    cut = btext.find(_TAG, 0, 8)
    if cut <= 0 or btext[:cut] not in _TAGGED:
        return False
    codes = article_languages(reader)
    return codes is not None and btext[:cut].decode("utf-8") not in codes


class Segment:
    """What scoring needs from one segment, read once per searcher."""

    def __init__(self, searcher: Any, offset: int) -> None:
        self.reader = searcher.reader()
        self.offset = offset
        self.deleted: set[int] = (
            set(self.reader.deleted_docs_set) if self.reader.has_deletions() else set()
        )
        self._lengths: dict[str, bytes] = {}
        self._parents: array[int] | None = None
        self._articles: Any = None
        self._ends: dict[int, int] | None = None
        self._article_set: frozenset[int] = frozenset()
        # A segment can be left without articles (say, a merge of deleted ones).
        self.has_articles = ("kind", b"a") in self.reader
        kept = presence.kept()  # in a warm process: a quick test for absent words
        self._hashes = kept.of(self.reader) if kept is not None else None

    def holds(self, fieldname: str, btext: bytes) -> bool:
        """Whether the segment has this term. A word's form in another language
        (``fr:cooper``) is looked up only where an article in that language is: a
        query asks for a form in every language of the archive, in every field."""
        if lacks_language(self.reader, btext):
            return False
        if self._hashes is not None and not self._hashes.maybe(
            term_key(self.reader, fieldname, btext)
        ):
            return False
        return (fieldname, btext) in self.reader

    def lengths(self, fieldname: str) -> bytes:
        """Each document's length byte for a field (0 for none), one per document."""
        found = self._lengths.get(fieldname)
        if found is None:
            found = length_bytes(per_document_reader(self.reader), fieldname)
            found += bytes(max(0, self.reader.doc_count_all() - len(found)))
            self._lengths[fieldname] = found
        return found

    def articles(self) -> Any:
        """The article documents, in order (each is followed by its pairs)."""
        if self._articles is None:
            self._articles = postings(self.reader, "kind", b"a")[0] if self.has_articles else []
            self._article_set = frozenset(self._articles)
        return self._articles

    def ends(self) -> dict[int, int]:
        """For each article document, the document number just past its last pair."""
        if self._ends is None:
            starts = list(self.articles())
            self._ends = dict(zip(starts, [*starts[1:], self.reader.doc_count_all()], strict=True))
        return self._ends

    def article_set(self) -> frozenset[int]:
        self.articles()
        return self._article_set

    def parents_of(self, docnums: list[int]) -> Any:
        """The article each of ``docnums`` belongs to (pairs follow their article).

        A few documents are looked up by binary search; for many, a table of
        every document's article is built once and kept with the searcher.
        """
        if self._parents is None and len(docnums) * 16 < self.reader.doc_count_all():
            starts = self.articles()
            return [starts[i - 1] for i in map(bisect_right, repeat(starts), docnums)]
        if self._parents is None:
            count = self.reader.doc_count_all()
            parents = array("I", bytes(4 * count))
            starts = [*self.articles(), count]
            for start, end in zip(starts, starts[1:], strict=False):
                parents[start:end] = array("I", [start]) * (end - start)
            self._parents = parents
        return list(map(self._parents.__getitem__, docnums))


def postings(
    reader: Any, fieldname: str, btext: bytes, read: Read | None = None
) -> tuple[Any, Any]:
    """A term's document numbers and weights (None when all are 1.0), deletions included."""
    matcher = leaf_postings(reader, fieldname, btext, read)
    if isinstance(matcher, Postings):
        return matcher.ids_and_weights()
    if isinstance(matcher, ListMatcher):
        return list_postings(matcher)
    raise Unsupported(f"postings of type {type(matcher).__name__}")


def started(seg: Segment, fieldname: str, prefix: str, read: Read | None = None) -> Any:
    """The documents of a segment (deleted ones included) whose field holds a word that
    begins with a prefix of one to three letters: one list of the word starts
    (``schema.STARTS``) instead of one per word (``query.short_prefix``)."""
    key = (FIELD_CODE[fieldname] + prefix).encode("utf-8")
    if not seg.holds(STARTS, key):
        return ()
    return postings(seg.reader, STARTS, key, read)[0]


def segments_of(searcher: Any) -> list[Segment]:
    """The per-segment data of a searcher, to be kept as long as the searcher."""
    found = [Segment(sub, offset) for sub, offset in searcher.leaf_searchers()]
    # Segments merged away or deleted since the last searcher are forgotten.
    for kept in (presence.kept(), wordbands.kept()):
        if kept is not None:
            kept.retain([seg.reader for seg in found])
    return found
