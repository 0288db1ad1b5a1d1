"""Score a whole query over whole posting lists, for the query shapes people type most.

Whoosh evaluates a query by walking a tree of matcher objects one document at
a time, several Python calls per posting. For a word found in most of an
archive's answers that is hundreds of thousands of calls, and a pair-scoped
query cannot skip any of them. This module computes the same scores a
different way: each term's postings are scored in one pass (BM25F with
Whoosh's formula, parameters and length bytes), and the query's ANDs, ORs,
NOTs and pair groups combine the per-document scores as dictionaries.

The scores match Whoosh's, term for term; only the order in which a
document's parts are added can differ, which moves a score by at most a few
units in the last place. A test compares both paths on many queries.
Queries with other parts (phrases, date ranges, sorting) raise
:class:`Unsupported` and go through Whoosh as before.

Part of the engine; the Whoosh internals it reads go through ``internals``.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from itertools import groupby, repeat
from operator import add, itemgetter, mul
from typing import Any

from whoosh import query
from whoosh.matching import ListMatcher

from brreader.engine.internals import (
    PairScoped,
    field_b,
    length_norms,
)
from brreader.engine.pairtext import (
    Read,
    body_entries,
    pair_counts,
    pattern_documents,
    pattern_words,
    phrase_counts,
    phrase_documents,
)
from brreader.engine.schema import BODY_OF_PAIR, KINDS
from brreader.engine.segments import Segment, Unsupported, postings, segments_of, started
from brreader.model import QueryError

__all__ = ["Evaluator", "PairGroup", "Segment", "Unsupported", "postings", "segments_of"]

Scores = dict[int, float]
_first, _second = itemgetter(0), itemgetter(1)


class Evaluator:
    """Evaluates one query on one searcher; keeps pair scores for picking best pairs."""

    def __init__(
        self,
        searcher: Any,
        pair_scoped: type,
        segments: list[Segment],
        kinds: dict[str, str] | None = None,
    ) -> None:
        self.kinds = kinds or {}  # field name -> "a" (article documents) or "p" (pairs)
        self.top = searcher
        self.weighting = searcher.weighting
        self.schema = searcher.schema
        self.pair_scoped = pair_scoped
        self.segments = segments
        self.read: Read = {}  # postings decoded during this search
        self._scores: dict[tuple[str, bytes], _Table] = {}  # each term's, for this search
        self._norms: dict[str, list[float]] = {}  # each field's BM25 length norms
        # For each positive pair group, (segment offset, pair scores by local docnum).
        self.pair_scores: list[list[tuple[int, Scores | _Dense]]] = []
        self._groups: list[Scores | _Dense] = []  # the segment being evaluated
        # Inside an AND, the documents its rarest part matched: the other parts
        # need scores for these only (a word in every article, ANDed with a rare
        # one, is scored for a hundred articles instead of for all of them).
        self._within: set[int] | None = None

    def run(self, q: Any) -> Scores:
        if self.top.weighting is None:
            raise Unsupported("no weighting")
        total: Scores = {}
        groups: list[list[tuple[int, Scores | _Dense]]] = []
        for segment in self.segments:
            if not segment.has_articles:
                continue
            self._groups = []
            found = self._eval(q, segment, positive=True)
            offset = segment.offset
            if offset:
                found = {docnum + offset: score for docnum, score in found.items()}
            total.update(found)
            for number, group in enumerate(self._groups):
                if number == len(groups):
                    groups.append([])
                groups[number].append((offset, group))
        self.pair_scores = groups
        return total

    def pair_documents(self, q: Any) -> Scores:
        """Scores of the live pair documents a query on pair fields matches (no grouping)."""
        if self.top.weighting is None:
            raise Unsupported("no weighting")
        total: Scores = {}
        for segment in self.segments:
            if not segment.has_articles:
                continue
            offset = segment.offset
            for docnum, score in self._eval(q, segment, positive=False).items():
                if docnum not in segment.deleted:
                    total[docnum + offset] = score
        return total

    def pair_group(self, child: Any, segment: Segment) -> Scores:
        """A pair-scoped part's score per article of one segment (local numbers)."""
        return self._pairs(child, segment, positive=True)

    # -- nodes --------------------------------------------------------------

    def _eval(self, q: Any, seg: Segment, positive: bool) -> Scores:
        kind = type(q)
        if kind is query.Term:
            return self._term(q.fieldname, q.text, q.boost, seg)
        if kind is query.Or or (isinstance(q, query.Or) and kind.__name__ == "Forms"):
            # Forms: a word's forms in the archive's languages (``analysis``), an OR.
            return self._or(q.subqueries, q.boost, seg, positive)
        if kind is query.And:
            return self._and(q.subqueries, q.boost, seg, positive)
        if kind is query.AndNot:
            found = self._eval(q.a, seg, positive)
            for docnum in self._eval(q.b, seg, False):
                found.pop(docnum, None)
            return found
        if isinstance(q, query.AndMaybe):
            # The optional side adds where it matches; it picks no best pairs.
            found = self._eval(q.a, seg, positive)
            if found:
                for docnum, score in self._eval(q.b, seg, False).items():
                    if docnum in found:
                        found[docnum] += score
            return found
        if kind is self.pair_scoped:
            return self._pairs(q.child, seg, positive)
        if kind is query.Phrase and q.fieldname in BODY_OF_PAIR:
            return self._pair_phrase(q, seg)
        if kind is query.Phrase:
            return self._phrase(q, seg)
        if isinstance(q, query.MultiTerm) and not isinstance(q, query.Term):
            # Prefix, wildcard and fuzzy words (see ``Expanded.matcher``): with
            # constantscore every matching document scores 1.0 whatever the
            # boost, however many words the pattern stands for; else ORed.
            if getattr(q, "starts", False):  # a short prefix: from the word starts
                found = started(seg, q.field(), q.text, self.read)
                return dict.fromkeys(set(found) - seg.deleted, 1.0)
            words = pattern_words(q, seg.reader)
            if not q.constantscore:
                terms = [query.Term(q.field(), w) for w in words]
                if len(terms) == 1:
                    return self._eval(terms[0], seg, positive)
                return self._or(terms, q.boost, seg, positive)
            if q.field() not in BODY_OF_PAIR:
                articles = seg.article_set() if self.kinds.get(q.field()) == "a" else frozenset()
                listed = getattr(q, "records", {}).get(id(seg.reader))
                matched = pattern_documents(
                    seg.reader, q.field(), words, self.read, articles, listed
                )
                return dict.fromkeys(matched - seg.deleted, 1.0)
            matched = set()
            field = self.schema[q.field()]
            for word in words:
                matched.update(self._pair_counts(q.field(), field.to_bytes(word), seg)[0])
            return dict.fromkeys(matched - seg.deleted, 1.0)
        if q is query.NullQuery:
            return {}
        raise Unsupported(kind.__name__)

    def _term(self, fieldname: str, text: Any, boost: float, seg: Segment) -> Scores:
        ids, scores = self._term_lists(fieldname, text, boost, seg)
        return dict(zip(ids, scores, strict=True))

    def _term_lists(
        self, fieldname: str, text: Any, boost: float, seg: Segment
    ) -> tuple[list[int], list[float]]:
        """A term's live documents and their scores, in document order."""
        field = self.schema[fieldname] if fieldname in self.schema else None
        if field is None:
            return [], []
        try:
            btext = field.to_bytes(text)
        except ValueError:
            return [], []
        if fieldname in BODY_OF_PAIR:
            ids, weights = self._pair_counts(fieldname, btext, seg)
            if not ids:
                return [], []
        elif not seg.holds(fieldname, btext):
            return [], []
        else:
            ids, weights = postings(seg.reader, fieldname, btext, self.read)
        within = self._within
        if within is not None and len(within) * 8 < len(ids):
            ids, weights = _restricted(ids, weights, within)
            if not ids:
                return [], []
        if not field.scorable:  # Whoosh scores these by the posting's weight
            scores = [1.0] * len(ids) if weights is None else list(weights)
        else:
            scores = self.bm25(fieldname, btext, ids, weights, seg)
        ids = list(ids)
        if seg.deleted and not seg.deleted.isdisjoint(ids):
            live = [i for i, d in enumerate(ids) if d not in seg.deleted]
            ids = [ids[i] for i in live]
            scores = [scores[i] for i in live]
        if boost != 1.0:
            scores = [s * boost for s in scores]
        return ids, scores

    def _pair_counts(self, fieldname: str, btext: bytes, seg: Segment) -> tuple[Any, Any]:
        """A pair field's word: the pair documents holding it and how often (``pairtext``)."""
        return pair_counts(seg.reader, fieldname, btext, self.read)

    def _pair_phrase(self, q: Any, seg: Segment) -> Scores:
        """A phrase in a pair field: each word scores BM25 at the phrase's count in a pair.

        (As the best pairs of shown articles are scored, see ``pairs``.)
        """
        found_counts = phrase_counts(seg.reader, q, self.schema[q.fieldname], self.read)
        counts = {d: n for d, n in found_counts.items() if d not in seg.deleted}
        if not counts:
            return {}
        field = self.schema[q.fieldname]
        ids, tfs = list(counts), list(counts.values())
        found: Scores = dict.fromkeys(ids, 0.0)
        for word in q.words:
            btext = field.to_bytes(word)
            for docnum, score in zip(
                ids, self.bm25(q.fieldname, btext, ids, tfs, seg), strict=True
            ):
                found[docnum] += score
        if q.boost != 1.0:
            found = {d: s * q.boost for d, s in found.items()}
        return found

    def _phrase(self, q: Any, seg: Segment) -> Scores:
        """A phrase in an article field, scored as Whoosh scores it: in each document where
        its words follow each other, the sum of the words' own scores (at their whole
        frequencies, added up as Whoosh's tree of intersections does), times its boost."""
        field = self.schema[q.fieldname] if q.fieldname in self.schema else None
        if field is None:
            return {}
        if (getattr(q, "slop", 1) or 1) != 1 or not field.scorable:
            raise Unsupported("phrase with slop, or in a field without scores")
        if not field.format or not field.format.supports("positions"):
            raise Unsupported("phrase in a field without positions")  # Whoosh's error
        try:
            btexts = [field.to_bytes(word) for word in q.words]
        except ValueError:
            return {}
        if not all(seg.holds(q.fieldname, btext) for btext in btexts):
            return {}
        lists = [self._entries(q.fieldname, btext, seg) for btext in btexts]
        matched = phrase_documents([(ids, values) for ids, _weights, values in lists])
        docs = sorted(d for d in matched if d not in seg.deleted)
        if not docs:
            return {}
        parts = []
        for btext, (ids, weights, _values) in zip(btexts, lists, strict=True):
            at = [bisect_left(ids, docnum) for docnum in docs]
            tfs = None if weights is None else [weights[i] for i in at]
            parts.append(self.bm25(q.fieldname, btext, docs, tfs, seg))
        summed = _tree_sum(parts)
        if q.boost != 1.0:
            summed = [score * q.boost for score in summed]
        return dict(zip(docs, summed, strict=True))

    def _entries(self, fieldname: str, btext: bytes, seg: Segment) -> tuple[Any, Any, Any]:
        """A term's document numbers, weights (None when all 1) and position values."""
        ids, weights = postings(seg.reader, fieldname, btext, self.read)
        return ids, weights, body_entries(seg.reader, fieldname, btext, self.read)[1]

    def bm25(
        self, fieldname: str, btext: bytes, ids: Any, weights: Any, seg: Segment
    ) -> list[float]:
        # Whoosh's bm25(), with the same operands in the same order; a term's
        # statistics and scores by (frequency, length byte) are kept for the search.
        scores = self.table(fieldname, btext)
        lengths = seg.lengths(fieldname)
        if weights is None:
            return list(map(scores.ones.__getitem__, map(lengths.__getitem__, ids)))
        if all(map(float.is_integer, weights)):
            keys = map(add, map(mul, map(int, weights), repeat(256)), map(lengths.__getitem__, ids))
            return list(map(scores.__getitem__, keys))
        idf, k1, norm = scores.idf, scores.k1, scores.norm
        return [
            idf * ((tf * (k1 + 1)) / (tf + norm[lengths[docnum]]))
            for docnum, tf in zip(ids, weights, strict=True)
        ]

    def table(self, fieldname: str, btext: bytes) -> _Table:
        """A term's BM25 statistics and scores, worked out once per search."""
        scores = self._scores.get((fieldname, btext))
        if scores is None:
            scores = self._scores[(fieldname, btext)] = self._term_scores(fieldname, btext)
        return scores

    def _term_scores(self, fieldname: str, btext: bytes) -> _Table:
        weighting = self.weighting
        idf = self.top.idf(fieldname, btext)
        norm = self._norms.get(fieldname)
        if norm is None:  # the field's length norms, the same for each of its words
            avg_length = getattr(weighting, "avg_length", None)  # schema.Weighting's statistics
            if avg_length is not None:
                avgfl = avg_length(self.top, fieldname)
            else:
                avgfl = self.top.avg_field_length(fieldname) or 1
            b = field_b(weighting, fieldname)
            k1 = weighting.K1
            norm = self._norms[fieldname] = length_norms(k1, b, avgfl)
        return _Table(idf, weighting.K1, norm)

    def _or(self, subs: list[Any], boost: float, seg: Segment, positive: bool) -> Scores:
        if any(isinstance(s, query.Not) for s in subs):
            raise Unsupported("NOT inside OR")
        found: Scores = {}
        for sub in subs:
            part = self._eval(sub, seg, positive)
            if not found:
                found = part
                continue
            get = found.get
            for docnum, score in part.items():
                found[docnum] = get(docnum, 0.0) + score
        if boost != 1.0:
            found = {d: s * boost for d, s in found.items()}
        return found

    def _and(self, subs: list[Any], boost: float, seg: Segment, positive: bool) -> Scores:
        nots = [s.query for s in subs if isinstance(s, query.Not)]
        parts = [s for s in subs if not isinstance(s, query.Not)]
        # "kind:a" / "kind:p" (articles or pairs) become a filter on the others'
        # documents instead of a list of every article or pair in the archive.
        kinds = [s for s in parts if is_kind(s)]
        others = [s for s in parts if not is_kind(s)]
        if not others:
            if not parts:
                raise Unsupported("AND of only NOTs")
            others, kinds = parts, []
        # The rarest part first; the others are scored only where it matched.
        others = sorted(others, key=lambda s: self._estimate(s, seg))
        outer = self._within
        evaluated = [self._eval(others[0], seg, positive)]
        try:
            if len(others) > 1:
                first = set(evaluated[0])
                self._within = first if outer is None else first & outer
            evaluated += [self._eval(s, seg, positive) for s in others[1:]]
        finally:
            self._within = outer
        evaluated.sort(key=len)
        found = evaluated[0]
        for part in evaluated[1:]:
            found = {d: s + part[d] for d, s in found.items() if d in part}
        for kind in kinds:
            if any(self._kind_of(other) == kind.text for other in others):
                # Only that kind of document can match: no need to look.
                found = dict(zip(found, map((1.0).__add__, found.values()), strict=True))
                continue
            articles = kind.text == "a"
            chosen = seg.article_set()
            found = {
                d: s + 1.0
                for d, s in found.items()
                if (d in chosen) is articles and d not in seg.deleted
            }
        for sub in nots:
            excluded = self._eval(sub, seg, False)
            # Whoosh's inverse matcher scores 1.0 where the NOT part is absent.
            found = {d: s + 1.0 for d, s in found.items() if d not in excluded}
        if boost != 1.0:
            found = {d: s * boost for d, s in found.items()}
        return found

    def _kind_of(self, q: Any) -> str | None:
        """ "a" if ``q`` can only match article documents, "p" if only pairs, else None."""
        if type(q) is self.pair_scoped:
            return "a"
        if isinstance(q, query.AndNot):
            return self._kind_of(q.a)
        if q.is_leaf():
            return self.kinds.get(q.field() or "")
        found = {self._kind_of(c) for c in q.children() if not isinstance(c, query.Not)}
        return found.pop() if len(found) == 1 else None

    def _estimate(self, q: Any, seg: Segment) -> float:
        """About how many documents ``q`` matches in a segment (inf when not known cheaply)."""
        kind = type(q)
        if kind is query.Term:
            fieldname = BODY_OF_PAIR.get(q.fieldname, q.fieldname)
            field = self.schema[fieldname] if fieldname in self.schema else None
            if field is None:
                return 0.0
            try:
                return float(seg.reader.doc_frequency(fieldname, field.to_bytes(q.text)))
            except ValueError:
                return 0.0
        if isinstance(q, query.Or):
            return sum(self._estimate(sub, seg) for sub in q.subqueries)
        if kind is query.And:
            return min((self._estimate(sub, seg) for sub in q.subqueries), default=0.0)
        return float("inf")

    def _pairs(self, child: Any, seg: Segment, positive: bool) -> Scores:
        outer, self._within = self._within, None  # pair documents, and every pair of a group
        try:
            return self._pairs_of(child, seg, positive)
        finally:
            self._within = outer

    def _pairs_of(self, child: Any, seg: Segment, positive: bool) -> Scores:
        terms = self._plain_pair_terms(child)
        if terms is not None:
            return self._pairs_dense(terms[0], terms[1], seg, positive)
        pairs = self._eval(child, seg, positive)
        if positive:
            self._groups.append(pairs)
        order = sorted(pairs)  # Whoosh sums a parent's pairs in document order
        scored = zip(seg.parents_of(order), map(pairs.__getitem__, order), strict=True)
        return {parent: sum(map(_second, group)) for parent, group in groupby(scored, key=_first)}

    def _plain_pair_terms(self, child: Any) -> tuple[list[Any], float] | None:
        """For "kind:p AND (word in question OR word in answer)": the words and the OR's boost."""
        if type(child) is not query.And or len(child.subqueries) != 2 or child.boost != 1.0:
            return None
        kinds = [s for s in child.subqueries if is_kind(s) and s.text == "p"]
        rest = [s for s in child.subqueries if not (is_kind(s) and s.text == "p")]
        if len(kinds) != 1 or len(rest) != 1:
            return None
        inner = rest[0]
        if type(inner) is query.Term:
            terms, boost = [inner], 1.0
        elif type(inner) is query.Or and all(type(t) is query.Term for t in inner.subqueries):
            terms, boost = list(inner.subqueries), inner.boost
        else:
            return None
        if not all(self.kinds.get(t.fieldname) == "p" for t in terms):
            return None
        return terms, boost

    def _pairs_dense(self, terms: list[Any], boost: float, seg: Segment, positive: bool) -> Scores:
        """Pair scores added up in one array per segment, then summed per article by slices.

        The same sums as the general path: each matched pair scores
        1.0 (its kind) + (its words' scores, times the OR's boost); an
        article scores the sum of its matched pairs in document order
        (the unmatched pairs in between add 0.0, which changes nothing).
        """
        acc = array("d", bytes(8 * seg.reader.doc_count_all()))
        matched: set[int] = set()
        for term in terms:
            ids, scores = self._term_lists(term.fieldname, term.text, term.boost, seg)
            for docnum, score in zip(ids, scores, strict=True):
                acc[docnum] += score
            matched.update(ids)
        order = sorted(matched)
        if boost != 1.0:
            for docnum in order:
                acc[docnum] *= boost
        for docnum in order:
            acc[docnum] += 1.0
        if positive:
            self._groups.append(_Dense(acc, matched))
        ends = seg.ends()
        return {
            parent: sum(acc[parent + 1 : ends[parent]])
            for parent in dict.fromkeys(seg.parents_of(order))
        }


class _Table(dict[int, float]):
    """A term's BM25 score by ``term frequency * 256 + length byte``, each worked out once."""

    def __init__(self, idf: float, k1: float, norm: list[float]) -> None:
        super().__init__()
        self.idf, self.k1, self.norm = idf, k1, norm
        self._ones: list[float] | None = None
        self.arrays: dict[str, Any] = {}  # numpy copies, made by ``topk`` when it uses numpy

    @property
    def ones(self) -> list[float]:
        """The score at frequency 1, by length byte (worked out when first asked for)."""
        if self._ones is None:
            idf, k1 = self.idf, self.k1
            self._ones = [idf * ((1.0 * (k1 + 1)) / (1.0 + n)) for n in self.norm]
        return self._ones

    def __missing__(self, key: int) -> float:
        tf = float(key >> 8)
        score = self[key] = self.idf * ((tf * (self.k1 + 1)) / (tf + self.norm[key & 255]))
        return score


class _Dense:
    """Pair scores kept in an array: reads like the dictionaries of the general path."""

    def __init__(self, acc: array[float], matched: set[int]) -> None:
        self.acc = acc
        self.matched = matched

    def __contains__(self, docnum: object) -> bool:
        return docnum in self.matched

    def __getitem__(self, docnum: int) -> float:
        return self.acc[docnum]


def _tree_sum(parts: list[list[float]]) -> list[float]:
    """Scores added up as Whoosh's intersection of several matchers does: each half of
    the list added up first, then the two halves (``make_binary_tree``)."""
    if len(parts) == 1:
        return parts[0]
    half = len(parts) // 2
    return list(map(add, _tree_sum(parts[:half]), _tree_sum(parts[half:])))


def _restricted(ids: Any, weights: Any, within: set[int]) -> tuple[list[int], Any]:
    """The postings of ``ids`` (sorted) whose documents are in ``within``."""
    picked = []
    count = len(ids)
    for docnum in sorted(within):
        at = bisect_left(ids, docnum)
        if at < count and ids[at] == docnum:
            picked.append(at)
    return [ids[i] for i in picked], None if weights is None else [weights[i] for i in picked]


def is_kind(q: Any) -> bool:
    return (
        type(q) is query.Term and q.fieldname == "kind" and q.text in ("a", "p") and q.boost == 1.0
    )


class PairGroup(PairScoped):
    """A pair-scoped part of a query, matched from the article-level positions.

    Pair documents hold no postings (see ``schema``), so Whoosh's own nested
    matcher would find nothing: on Whoosh's path (phrases, date sorting,
    filters) this part is evaluated here, one segment at a time, and handed
    to Whoosh as a list of articles with the same scores the bulk path gives.
    """

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        from whoosh.matching import NullMatcher

        segment = Segment(searcher, 0)
        if not segment.has_articles:
            return NullMatcher()
        evaluator = Evaluator(searcher.get_parent(), PairGroup, [segment], KINDS)
        try:
            scores = evaluator.pair_group(self.child, segment)
        except Unsupported:
            raise QueryError(
                "this question:/answer: part cannot be matched within one pair; "
                "write it without NOT inside OR"
            ) from None
        ids = sorted(d for d in scores if d not in segment.deleted)
        if not ids:
            return NullMatcher()
        return ListMatcher(ids, [scores[d] for d in ids])


def pair_groups(q: Any) -> Any:
    """``q`` with each pair-scoped part a :class:`PairGroup`."""

    def convert(node: Any) -> Any:
        if type(node) is PairScoped:
            return PairGroup(node.child, node.boost)
        return node

    return q.accept(convert)
