"""The best pairs of the articles on a page, read from their article-level positions.

Unscoped words are scored on article documents, so a search knows which
articles match without looking at a single pair. Which of a shown article's
pairs matched is found afterwards, for the shown articles only: in the
article-level ``questions`` and ``answers`` fields, pair ``k``'s words sit at
positions ``k * PAIR_STRIDE`` onwards (see ``schema``), so one article's
positions for a word say how often it occurs in each pair. Each pair is then
scored with BM25 on the pair fields' own statistics (the pair's length, the
word's IDF as ``schema.Weighting`` gives it for the pair field): the score a
pair-scoped search (``bulk``) gives that pair,
computed for a handful of documents instead of for every pair posting of
the archive. A phrase counts in a pair where its words follow each other
there; its score adds up its words' scores at that count.

Pair-scoped parts (``question:``/``answer:``) are scored by ``bulk`` from the
same positions; ``ranking`` adds their pair scores to these.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from whoosh import query
from whoosh.matching import ListMatcher

from brreader.engine.codec import Postings
from brreader.engine.fastterms import prefix_counts
from brreader.engine.internals import (
    PairScoped,
    field_b,
    length_norms,
    list_values,
    words_of,
)
from brreader.engine.pairtext import Read, leaf_postings
from brreader.engine.postfile import decode_positions
from brreader.engine.query import positive
from brreader.engine.schema import MAX_BODY_PAIRS, PAIR_OF_BODY, PAIR_STRIDE

Scores = dict[int, float]
# An article document's stored fields -> the article as the index read it, or None
# (its file changed or went away since): see ``search.Archive.search``.
Texts = Callable[[dict[str, Any]], Any]


@dataclass(frozen=True)
class Unit:
    """One positive part of a query on a body field: a word, a phrase, or a pattern's words."""

    body: str  # "questions" or "answers"
    words: tuple[Any, ...]  # the words of a phrase; else one word, or None for a pattern
    phrase: bool
    boost: float
    leaf: Any  # a pattern (prefix, fuzzy, range) whose words are listed per segment


def units(scoped: Any) -> list[Unit]:
    """The parts of a query that make a pair of a matching article worth showing."""
    found = []
    for node in positive(scoped):
        if isinstance(node, PairScoped) or not node.is_leaf():
            continue
        body = node.field()
        if body not in PAIR_OF_BODY:
            continue
        if isinstance(node, query.Term):
            found.append(Unit(body, (node.text,), False, node.boost, None))
        elif isinstance(node, query.Phrase):
            found.append(Unit(body, tuple(node.words), True, node.boost, None))
        elif isinstance(node, query.MultiTerm):
            found.append(Unit(body, (), False, node.boost, node))
    return found


def _entries(segment: Any, fieldname: str, btext: bytes, read: Read | None) -> tuple[Any, Any]:
    """A term's document numbers and position values in one segment (deletions included)."""
    if not segment.holds(fieldname, btext):
        return (), ()
    matcher = leaf_postings(segment.reader, fieldname, btext, read)
    if isinstance(matcher, Postings):
        return matcher.ids_and_values()
    if isinstance(matcher, ListMatcher):
        return list_values(matcher)
    return (), ()


class _Scorer:
    """BM25 of a word in one pair field, with that field's statistics."""

    def __init__(
        self,
        searcher: Any,
        pair_field: str,
        btext: bytes,
        lengths: bytes,
        norms: dict[str, Any],
        frequency: int | None = None,
    ) -> None:
        weighting = searcher.weighting
        if frequency is None or not hasattr(weighting, "idf_of"):
            # Whoosh's searcher keeps each word's IDF for as long as it is open.
            self.idf = searcher.idf(pair_field, btext)
        else:  # known from the arrays the search read (see ``_frequencies``)
            self.idf = weighting.idf_of(searcher, pair_field, frequency)
        self.k1 = weighting.K1
        norm = norms.get(pair_field)
        if norm is None:  # the field's, the same for each of its words
            avgfl = weighting.avg_length(searcher, pair_field)
            b, k1 = field_b(weighting, pair_field), weighting.K1
            norm = norms[pair_field] = length_norms(k1, b, avgfl)
        self.norm: list[float] = norm
        self.lengths = lengths

    def score(self, docnum: int, tf: int) -> float:
        length = self.lengths[docnum] if docnum < len(self.lengths) else 0
        return self.idf * ((tf * (self.k1 + 1)) / (tf + self.norm[length]))


def body_pair_scores(
    snap: Any,
    found_units: list[Unit],
    parents: list[tuple[int, int]],
    read: Read | None = None,
    texts: Texts | None = None,
) -> Scores:
    """Pair document -> score for the pairs of ``parents`` ((article docnum, pair count)).

    ``read`` holds the postings the search already decoded. A pattern's words
    are many (``ren*``: thousands); a word's scorer is made only when a shown
    article holds it. ``texts`` gives a shown article as it was indexed (or
    None): a short prefix's words in it are then read from its text (see
    :func:`_started_counts`) instead of from every word's postings.
    """
    scores: Scores = {}
    if not found_units or not parents:
        return scores
    searcher = snap.searcher
    segments = snap.segments()
    norms: dict[str, Any] = {}
    frequencies: dict[str, dict[bytes, int] | None] = {}
    starts = [segment.offset for segment in segments]
    by_segment: dict[int, list[tuple[int, int]]] = {}
    for parent, count in parents:
        index = max(0, bisect_left(starts, parent + 1) - 1)
        by_segment.setdefault(index, []).append((parent - segments[index].offset, count))
    for index, local in by_segment.items():
        segment = segments[index]
        reader = segment.reader
        offset = segment.offset
        wanted = {parent for parent, _count in local}
        for unit in found_units:
            pair_field = PAIR_OF_BODY[unit.body]
            lengths = segment.lengths(pair_field)
            counted = _started_counts(reader, unit, local, texts)
            if counted is not None:
                for word in sorted(counted):  # the order the postings path takes them in
                    scorer = _Scorer(searcher, pair_field, word, lengths, norms)
                    for parent, count in local:
                        for pair, tf in counted[word].get(parent, {}).items():
                            if pair < count:
                                key = parent + 1 + pair + offset
                                total = sum([scorer.score(parent + 1 + pair, tf)]) * unit.boost
                                scores[key] = scores.get(key, 0.0) + total
                continue
            listed, held = _held(read, reader, unit.body, wanted)
            if unit.leaf is not None:
                expanded = [w for w in words_of(unit.leaf, reader) if w]
                if listed and listed.issuperset(expanded):
                    # Only the words a shown article holds, in the pattern's order.
                    present = set(expanded)
                    expanded = [w for w in sorted(held) if w in present]
                groups = [(w,) for w in expanded]
            else:
                field = searcher.schema[unit.body]
                try:
                    groups = [tuple(field.to_bytes(w) for w in unit.words)]
                except ValueError:
                    continue
            known = _known_ids(read, reader, unit.body) if unit.leaf is not None else None
            patterns = (read or {}).get((id(reader), f"pattern:{unit.body}", b""), ())
            for words in groups:
                if words[0] in listed:
                    if words[0] not in held:
                        continue  # none of the shown articles has this word
                elif known is not None:
                    ids = known.get(words[0])
                    if ids is not None and not _holds_any(ids, wanted):
                        continue  # none of the shown articles has this word
                entries = [
                    _stored(patterns, w) or _entries(segment, unit.body, w, read) for w in words
                ]
                if not all(len(ids) for ids, _values in entries):
                    continue
                # The shown articles that hold every word.
                holding = _among(wanted, entries[0][0])
                for ids, _values in entries[1:]:
                    if holding:
                        holding = _among(holding, ids)
                if not holding:
                    continue
                if unit.body not in frequencies:
                    frequencies[unit.body] = _frequencies(read, segments, unit.body)
                known_df = frequencies[unit.body] or {}
                scorers = [
                    _Scorer(searcher, pair_field, w, lengths, norms, known_df.get(w)) for w in words
                ]
                for parent, count in local:
                    if parent not in holding:
                        continue
                    counts = _pair_counts(entries, parent, unit.phrase)
                    for pair, tf in counts.items():
                        if pair >= count:
                            continue
                        docnum = parent + 1 + pair
                        total = sum(s.score(docnum, tf) for s in scorers) * unit.boost
                        key = docnum + offset
                        scores[key] = scores.get(key, 0.0) + total
    return scores


def _started_counts(
    reader: Any, unit: Unit, local: list[tuple[int, int]], texts: Texts | None
) -> dict[bytes, dict[int, dict[int, int]]] | None:
    """For a short prefix (``Expanded.starts``): each of its words that the ``local`` articles
    hold in ``unit.body``, with how often each article's pairs hold it (word -> article ->
    pair -> count), read from the articles' texts as the writer analysed them.

    The writer indexed each pair's text with ``term_positions`` in the
    article's language; the words it gave that begin with the prefix, and
    how often, are those :func:`prefix_counts` finds, so the scores are the
    ones the postings give. None (read the postings) without ``texts``, or
    when an article's file is no longer the one indexed.
    """
    leaf = unit.leaf
    if texts is None or leaf is None or not getattr(leaf, "starts", False):
        return None
    counted: dict[bytes, dict[int, dict[int, int]]] = {}
    for parent, _count in local:
        stored = reader.stored_fields(parent)
        article = texts(stored)
        if article is None:
            return None
        lang = stored.get("f_lang") or ""
        pairs = article.pairs[:MAX_BODY_PAIRS]
        parts = (
            [p.question for p in pairs] if unit.body == "questions" else [p.answer for p in pairs]
        )
        for number, part in enumerate(parts):
            for term, tf in prefix_counts(part, lang, leaf.text).items():
                counted.setdefault(term.encode("utf-8"), {}).setdefault(parent, {})[number] = tf
    return counted


def _stored(patterns: Any, word: bytes) -> tuple[Any, Any] | None:
    """A pattern word's postings, read from where the search found them (``PatternIds``)."""
    for pattern in patterns:
        found = pattern.entries(word)
        if found is not None:
            return found
    return None


def _held(
    read: Read | None, reader: Any, body: str, wanted: set[int]
) -> tuple[set[bytes], set[bytes]]:
    """The words of the patterns the search read as arrays (``pairtext.PatternIds``) in
    one field of a segment, and those of them that any of the ``wanted`` articles holds."""
    listed: set[bytes] = set()
    held: set[bytes] = set()
    for pattern in (read or {}).get((id(reader), f"pattern:{body}", b""), ()):
        listed.update(pattern.words)
        held.update(pattern.words_holding(wanted))
    return listed, held


def _frequencies(read: Read | None, segments: list[Any], body: str) -> dict[bytes, int] | None:
    """How many articles of the whole index hold each word of the patterns the search read
    as arrays in a body field (what ``doc_frequency`` would look up word by word in every
    segment); None unless every segment with articles was read that way."""
    total: dict[bytes, int] = {}
    for segment in segments:
        if not segment.has_articles:
            continue
        found = (read or {}).get((id(segment.reader), f"pattern:{body}", b""))
        if not found:
            return None
        counts: dict[bytes, int] = {}
        for pattern in found:  # two patterns can list the same word
            counts.update(pattern.frequencies())
        for word, count in counts.items():
            total[word] = total.get(word, 0) + count
    return total


def _known_ids(read: Read | None, reader: Any, body: str) -> dict[bytes, Any] | None:
    """A pattern's words with the document numbers the search read for them (``bulk``)."""
    if not read:
        return None
    key = (id(reader), f"ids:{body}")
    found = {word: ids for (rid, field, word), ids in read.items() if (rid, field) == key}
    return found or None


def _among(docnums: set[int], ids: Any) -> set[int]:
    """Those of ``docnums`` the sorted document numbers ``ids`` hold: a set test in C for a
    short list (a pattern's words are thousands of them), a binary search per document in a
    long one (a common word's: tens of thousands)."""
    if len(ids) <= 16 * len(docnums):
        return docnums.intersection(ids)
    count = len(ids)
    found = set()
    for docnum in docnums:
        at = bisect_left(ids, docnum)
        if at < count and ids[at] == docnum:
            found.add(docnum)
    return found


def _holds_any(ids: Any, wanted: set[int]) -> bool:
    """True if the sorted document numbers ``ids`` hold one of ``wanted``."""
    if len(ids) <= 4 * len(wanted):
        return not wanted.isdisjoint(ids)
    count = len(ids)
    for docnum in wanted:
        at = bisect_left(ids, docnum)
        if at < count and ids[at] == docnum:
            return True
    return False


def _positions(entries: tuple[Any, Any], docnum: int) -> list[int] | None:
    ids, values = entries
    at = bisect_left(ids, docnum)
    if at >= len(ids) or ids[at] != docnum:
        return None
    return decode_positions(values[at])


def _pair_counts(entries: list[tuple[Any, Any]], docnum: int, phrase: bool) -> Counter[int]:
    """How often a word (or a phrase) occurs in each pair of one article."""
    lists = [_positions(e, docnum) for e in entries]
    if any(p is None for p in lists):
        return Counter()
    if not phrase or len(lists) == 1:
        return Counter(p // PAIR_STRIDE for p in lists[0] or ())
    later = [set(p or ()) for p in lists[1:]]
    return Counter(
        start // PAIR_STRIDE
        for start in lists[0] or ()
        if all(start + i in words for i, words in enumerate(later, start=1))
    )
