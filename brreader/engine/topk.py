"""The best few articles for common words, without scoring every posting.

A word found in every article has tens of thousands of postings in the
questions and answers fields, and ``bulk`` scores each of them before the
top ten are picked. But such a word scores little in any one field: BM25
never gives a word more than ``idf * (k1 + 1)`` times its field's weight,
and a common word's IDF is small. So (as Lucene's and others' "MaxScore"
does) the query's terms are taken from the highest such bound down; the
articles holding the terms taken so far are scored exactly, on every term
of the query, and once the tenth best of them scores more than any other
article could (at most the bounds of the terms not taken, added up), the
top ten are known. The big lists are then only read for their document
numbers: to count the matches and to look up the few articles scored.

The shapes handled are what people type most: one or two words, each an OR
of terms over the article fields (a word's fields and language forms),
searched by relevance with a page size. The scores are the same numbers,
added in the same order, as ``bulk`` gives; anything else returns None and
``bulk`` scores it all.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from typing import Any

from whoosh import query

from brreader.engine import bulk, vector
from brreader.engine.internals import Asking, Expanded, field_b
from brreader.engine.pairtext import Read, pattern_mask, pattern_words
from brreader.engine.schema import BODY_OF_PAIR, KINDS
from brreader.engine.segments import started

_MARGIN = 1e-9  # relative: bounds and scores are sums of floats


class _Term:
    __slots__ = ("fieldname", "btext", "boost", "group", "bound", "pattern")

    def __init__(
        self, fieldname: str, btext: bytes, boost: float, group: int, pattern: Any = None
    ) -> None:
        self.fieldname = fieldname
        self.btext = btext
        self.boost = boost
        self.group = group
        self.bound = 0.0
        # A constant-scored prefix (an ``Expanded`` leaf): 1.0 wherever one of its words is.
        self.pattern = pattern


class _Group:
    """One word: its terms, in the query's order, and the boosts its ORs multiply it by."""

    __slots__ = ("terms", "boosts")

    def __init__(self, terms: list[_Term], boosts: tuple[float, ...]) -> None:
        self.terms = terms
        self.boosts = boosts  # innermost OR first, as bulk applies them

    @property
    def boost(self) -> float:
        product = 1.0
        for boost in self.boosts:
            product *= boost
        return product


def _group(word: Any, number: int, schema: Any, patterns: bool) -> _Group | None:
    """A Term, an OR of Terms (a word's fields and forms), or an OR around one such OR.

    ``patterns``: constant-scored prefixes may stand where terms do (numpy's path only).
    """
    boosts: tuple[float, ...] = ()
    while (
        isinstance(word, query.Or)
        and (type(word) is query.Or or type(word).__name__ == "Forms")
        and len(word.subqueries) == 1
        and isinstance(word.subqueries[0], query.Or)
    ):
        boosts = (word.boost, *boosts)  # the outer boost applies after the inner one
        word = word.subqueries[0]
    if type(word) is query.Term or type(word) is Expanded:
        leaves = [word]
    elif isinstance(word, query.Or) and (type(word) is query.Or or type(word).__name__ == "Forms"):
        leaves, boosts = list(word.subqueries), (word.boost, *boosts)
    else:
        return None
    terms = []
    for leaf in leaves:
        name = str(getattr(leaf, "fieldname", None) or "")
        if KINDS.get(name) != "a" or name in BODY_OF_PAIR or name not in schema:
            return None
        if type(leaf) is Expanded and patterns and leaf.constantscore:
            terms.append(_Term(name, b"", leaf.boost, number, pattern=leaf))
            continue
        if type(leaf) is not query.Term or not schema[name].scorable:
            return None
        try:
            btext = schema[name].to_bytes(leaf.text)
        except ValueError:
            continue
        terms.append(_Term(name, btext, leaf.boost, number))
    return _Group(terms, boosts)


def _groups(scoped: Any, schema: Any, patterns: bool) -> tuple[list[_Group], bool] | None:
    """The words of ``kind:a AND word [AND word]`` or ``kind:a AND (word ANDMAYBE asking)``,
    and whether the second word is optional (a question's asking words, see ``asking``)."""
    if type(scoped) is not query.And or scoped.boost != 1.0:
        return None
    kinds = [s for s in scoped.subqueries if bulk.is_kind(s)]
    words = [s for s in scoped.subqueries if not bulk.is_kind(s)]
    if len(kinds) != 1 or kinds[0].text != "a" or not 1 <= len(words) <= 2:
        return None
    optional = False
    if len(words) == 1 and type(words[0]) is Asking and words[0].boost == 1.0:
        words, optional = [words[0].a, words[0].b], True
    found = []
    for number, word in enumerate(words):
        group = _group(word, number, schema, patterns)
        if group is None:
            return None
        found.append(group)
    return found, optional


def best(snap: Any, scoped: Any, limit: int) -> tuple[int, dict[int, float], Read] | None:
    """(matches, scores of the best ``limit`` or more, postings read), or None for ``bulk``."""
    searcher = snap.searcher
    weighting = searcher.weighting
    numpy = vector.numpy_if_enabled()
    shape = _groups(scoped, searcher.schema, numpy is not None) if weighting is not None else None
    if shape is None or limit <= 0:
        return None
    groups, optional = shape
    evaluator = bulk.Evaluator(searcher, bulk.PairGroup, snap.segments(), KINDS)
    segments = [s for s in evaluator.segments if s.has_articles]
    if numpy is not None:
        count, page = _best_of_arrays(numpy, evaluator, segments, groups, optional, limit)
        return count, page, evaluator.read
    k1 = float(weighting.K1)
    terms = [term for group in groups for term in group.terms]
    for term in terms:
        idf = searcher.idf(term.fieldname, term.btext)
        boost = groups[term.group].boost
        b = field_b(weighting, term.fieldname)
        if not idf > 0 or k1 <= 0 or boost <= 0 or term.boost <= 0 or not 0 <= b <= 1:
            return None  # the bound below holds for BM25's usual parameters only
        term.bound = idf * (k1 + 1) * term.boost * boost
    lists: dict[tuple[int, int], tuple[Any, Any]] = {}  # (segment, term) -> ids, weights
    matched: list[set[int]] = []
    for number, seg in enumerate(segments):
        held: list[list[Any]] = [[] for _group in groups]  # each word's lists of documents
        for index, term in enumerate(terms):
            if not seg.holds(term.fieldname, term.btext):
                continue
            ids, weights = bulk.postings(seg.reader, term.fieldname, term.btext, evaluator.read)
            lists[(number, index)] = (ids, weights)
            held[term.group].append(ids)
        # The rarer word's documents, then those of them the other word has
        # (a rare word AND a common one: no set of the common word's documents).
        # A question's asking words need not match: the topic word's documents.
        if optional:
            held = held[:1]
        held.sort(key=lambda found: sum(map(len, found)))
        both: set[int] = set().union(*held[0])
        if len(held) == 2:
            either, both = both, set()
            for ids in held[1]:
                both.update(either.intersection(ids))
        matched.append(both - seg.deleted if seg.deleted else both)
    total = sum(map(len, matched))
    order = sorted(range(len(terms)), key=lambda i: -terms[i].bound)
    scores: dict[int, float] = {}
    maps: dict[tuple[int, int], dict[int, float]] = {}  # (segment, term) -> weight by document
    for taken in range(1, len(order) + 1):
        index = order[taken - 1]
        for number, seg in enumerate(segments):
            found = lists.get((number, index))
            if found is None:
                continue
            offset = seg.offset
            fresh = sorted(
                d for d in matched[number].intersection(found[0]) if d + offset not in scores
            )
            if fresh:
                found_scores = _exact(evaluator, seg, number, groups, optional, lists, fresh, maps)
                scores.update(found_scores)
        if len(scores) == total:
            break
        if len(scores) >= limit:
            rest = 1.0 + sum(terms[i].bound for i in order[taken:])
            tenth = sorted(scores.values(), reverse=True)[limit - 1]
            if tenth > rest * (1 + _MARGIN):
                break
    return total, scores, evaluator.read


def _exact(
    evaluator: bulk.Evaluator,
    seg: Any,
    number: int,
    groups: list[_Group],
    optional: bool,
    lists: dict[tuple[int, int], tuple[Any, Any]],
    docs: list[int],
    maps: dict[tuple[int, int], dict[int, float]],
) -> dict[int, float]:
    """The scores ``bulk`` gives ``docs`` (matching, sorted local numbers), by global number."""
    sums: list[dict[int, float]] = [{} for _group in groups]
    index = 0
    for group, part in zip(groups, sums, strict=True):
        for term in group.terms:  # each word's terms in the query's order
            found = lists.get((number, index))
            index += 1
            if found is None:
                continue
            ids, weights = _at(found[0], found[1], docs, maps, (number, index - 1))
            if not ids:
                continue
            scored = evaluator.bm25(term.fieldname, term.btext, ids, weights, seg)
            if term.boost != 1.0:
                scored = [s * term.boost for s in scored]
            for docnum, score in zip(ids, scored, strict=True):
                before = part.get(docnum)
                part[docnum] = score if before is None else before + score
        for boost in group.boosts:
            if boost != 1.0:
                for docnum in part:
                    part[docnum] *= boost
    offset = seg.offset
    if len(sums) == 1:
        return {d + offset: 1.0 + s for d, s in sums[0].items()}
    first, second = sums
    if optional:  # the asking words add where they are
        return {
            d + offset: 1.0 + (s if d not in second else s + second[d]) for d, s in first.items()
        }
    return {d + offset: 1.0 + (s + second[d]) for d, s in first.items()}


def _at(
    ids: Any,
    weights: Any,
    docs: list[int],
    maps: dict[tuple[int, int], dict[int, float]],
    key: tuple[int, int],
) -> tuple[list[int], Any]:
    """The postings of ``ids`` (sorted) for the sorted ``docs``: numbers and weights.

    Many documents of a long list are looked up in a table of its weights,
    made once per search (``maps``).
    """
    if len(docs) * 8 < len(ids):
        picked = []
        count = len(ids)
        at = 0
        for docnum in docs:
            at = bisect_left(ids, docnum, at)
            if at < count and ids[at] == docnum:
                picked.append(at)
        found = [ids[at] for at in picked]
        return found, None if weights is None else [weights[at] for at in picked]
    found = sorted(set(docs).intersection(ids))
    if weights is None:
        return found, None
    where = maps.get(key)
    if where is None:
        where = maps[key] = dict(zip(ids, weights, strict=True))
    return found, list(map(where.__getitem__, found))


def _best_of_arrays(
    np: Any,
    evaluator: bulk.Evaluator,
    segments: list[Any],
    groups: list[_Group],
    optional: bool,
    limit: int,
) -> tuple[int, dict[int, float]]:
    """Every matching article scored with array arithmetic (``vector``): the count, and
    the scores of the best ``limit`` (ties at the last place included).

    The same operations, in the same order, as ``_exact`` and ``bulk`` do one
    float at a time: each term's BM25 by field length and frequency, times
    the term's boost, added up per word in the query's order, times the
    word's boosts, then the words added and 1.0 (the article term) before.
    When both words are required and one is in far fewer articles than the
    other has postings (a name and a common word), the other's lists are
    scored only at the rarer one's articles: the others cannot match.
    """
    total = 0
    found_ids = []
    found_scores = []
    norms: dict[int, Any] = {}  # each field's length norms as an array, by the list's id
    for seg in segments:
        count = seg.reader.doc_count_all()
        lists = [_group_lists(np, evaluator, seg, group, count) for group in groups]
        order = list(range(len(groups)))
        if len(groups) == 2 and not optional:
            order.sort(key=lambda number: sum(len(item[0]) for item in lists[number]))
        sums: list[Any] = [None] * len(groups)
        masks: list[Any] = [None] * len(groups)
        only = None
        for number in order:
            sums[number], masks[number] = _group_scores(
                np, evaluator, seg, groups[number], lists[number], count, norms, only
            )
            if len(order) == 2 and not optional and only is None:
                rare = np.flatnonzero(masks[number])
                postings = sum(len(item[0]) for item in lists[order[1]])
                if len(rare) * 4 < postings:
                    only = rare.astype(np.uint32)
        matched = masks[0] if optional or len(masks) == 1 else masks[0] & masks[1]
        if seg.deleted:
            matched[np.fromiter(seg.deleted, dtype=np.int64)] = False
        docs = np.flatnonzero(matched)
        total += len(docs)
        if not len(docs):
            continue
        summed = sums[0][docs] if len(sums) == 1 else sums[0][docs] + sums[1][docs]
        found_ids.append(docs + seg.offset)
        found_scores.append(1.0 + summed)
    if not found_ids:
        return total, {}
    ids = np.concatenate(found_ids)
    scores = np.concatenate(found_scores)
    if len(scores) > limit:
        cut = np.partition(scores, len(scores) - limit)[len(scores) - limit]
        keep = scores >= cut
        ids, scores = ids[keep], scores[keep]
    return total, dict(zip(ids.tolist(), scores.tolist(), strict=True))


def _group_lists(
    np: Any, evaluator: bulk.Evaluator, seg: Any, group: _Group, count: int
) -> list[tuple[Any, Any, _Term | None]]:
    """A word's postings in one segment, in the query's order: (document numbers, weights,
    term) for each term the segment has, or (documents, None, None) for a constant-scored
    pattern (every document holding one of its words)."""
    found: list[tuple[Any, Any, _Term | None]] = []
    for term in group.terms:
        if term.pattern is not None and term.pattern.starts:
            hit = _started(np, seg, term, evaluator.read, count)
            found.append((np.flatnonzero(hit), None, None))
            continue
        if term.pattern is not None:
            words = pattern_words(term.pattern, seg.reader)
            if words:
                listed = term.pattern.records.get(id(seg.reader))
                hit = pattern_mask(np, seg.reader, term.fieldname, words, evaluator.read, listed)
                found.append((np.flatnonzero(hit), None, None))
            continue
        if not seg.holds(term.fieldname, term.btext):
            continue
        ids, weights = bulk.postings(seg.reader, term.fieldname, term.btext, evaluator.read)
        if len(ids):
            found.append((_numbers(np, ids, "I", np.uint32), weights, term))
    return found


def _group_scores(
    np: Any,
    evaluator: bulk.Evaluator,
    seg: Any,
    group: _Group,
    lists: list[tuple[Any, Any, _Term | None]],
    count: int,
    norms: dict[int, Any],
    only: Any = None,
) -> tuple[Any, Any]:
    """A word's score in each document of a segment, and which documents hold it; with
    ``only`` (sorted document numbers), for those documents alone (zero elsewhere)."""
    part = np.zeros(count)
    mask = np.zeros(count, dtype=bool)
    for at, weights, term in lists:
        picked = None
        if only is not None:
            places = np.searchsorted(at, only)
            inside = places < len(at)
            places = places[inside]
            picked = places[at[places] == only[inside]]
            at = at[picked]
        if term is None:
            part[at] += 1.0  # constant-scored, whatever the boost (see bulk)
            mask[at] = True
            continue
        table = evaluator.table(term.fieldname, term.btext)
        lengths = np.frombuffer(seg.lengths(term.fieldname), dtype=np.uint8)[at]
        if weights is None:
            ones = table.arrays.get("ones")
            if ones is None:
                ones = table.arrays["ones"] = np.array(table.ones)
            scored = ones[lengths]
        else:
            tf = _numbers(np, weights, "f", np.float32)
            if picked is not None:
                tf = tf[picked]
            tf = tf.astype(np.float64)
            norm = norms.get(id(table.norm))  # a field's, shared by its words
            if norm is None:
                norm = norms[id(table.norm)] = np.array(table.norm)
            norm = norm[lengths]
            scored = table.idf * ((tf * (table.k1 + 1)) / (tf + norm))
        if term.boost != 1.0:
            scored = scored * term.boost
        part[at] += scored  # a term lists each document once
        mask[at] = True
    for boost in group.boosts:
        if boost != 1.0:
            part *= boost
    return part, mask


def _started(np: Any, seg: Any, term: _Term, read: Read, count: int) -> Any:
    """For each document of a segment, whether its field holds a word that begins with a short
    prefix: one list of the word starts (``schema.STARTS``), not one per word."""
    held = np.zeros(count, dtype=bool)
    ids = started(seg, term.fieldname, term.pattern.text, read)
    if len(ids):
        held[_numbers(np, ids, "I", np.uint32)] = True
    return held


def _numbers(np: Any, items: Any, code: str, dtype: Any) -> Any:
    """A posting list's numbers as a numpy array, without a copy when they are already an array."""
    if isinstance(items, array) and items.typecode == code:
        return np.frombuffer(items, dtype=dtype)
    return np.array(items, dtype=dtype)
