"""Ranking: score the articles a query matches, page them, and find each one's best pairs.

Two paths give the same scores: ``bulk`` scores whole posting lists at once
for the query shapes people type most, and Whoosh's own matchers take the
rest (phrases, date ranges) and every date-sorted search. Plain words are
scored on article documents; ``question:``/``answer:`` parts are matched
within one pair from the same documents' positions (``bulk.PairGroup``).
Best pairs are found for the articles on the page only: from the shown
articles' own positions (``pairs``), plus the pair scores of the pair-scoped
parts (those the bulk path computed, or computed the same way).
"""

from __future__ import annotations

import heapq
from typing import Any

from whoosh import query, sorting

from brreader.engine import bulk, pairs, topk
from brreader.engine.internals import PairScoped
from brreader.engine.limits import Limits
from brreader.engine.query import highlight_terms, positive, scope
from brreader.engine.schema import KINDS
from brreader.engine.snapshot import Snapshot, info_of
from brreader.model import ArticleHit, PairHit, QueryResult

NEWEST_FIRST = sorting.MultiFacet(
    [sorting.FieldFacet("undated"), sorting.FieldFacet("ts", reverse=True)]
)


def article_query(parsed: Any) -> Any:
    """A parsed query as a query on article documents, pair parts matched within a pair."""
    return bulk.pair_groups(query.And([query.Term("kind", "a"), scope(parsed)]).normalize())


def bulk_scores(
    snap: Snapshot, scoped: Any, limits: Limits
) -> tuple[dict[int, float], list[Any], bulk.Read] | None:
    """Scores of every matching article computed in bulk, or None to let Whoosh do it.

    Also the pair scores of pair-scoped parts and the postings it decoded.
    """
    if not limits.bulk_scoring:
        return None
    evaluator = bulk.Evaluator(snap.searcher, bulk.PairGroup, snap.segments(), KINDS)
    try:
        return evaluator.run(scoped), evaluator.pair_scores, evaluator.read
    except bulk.Unsupported:
        return None


def rank(
    snap: Snapshot,
    parsed: Any,
    limits: Limits,
    *,
    limit: int | None,
    sort: str,
    pairs_per_hit: int,
    allowed: set[int] | None,
    coverage: dict[int, int] | None = None,
    texts: pairs.Texts | None = None,
    pairs_for: int | None = None,
) -> QueryResult:
    """Ranked articles for an expanded query, with their best matching pairs.

    ``coverage``: for a widened query (see :func:`covered`), how many of the
    typed words each article has; articles with more of them come first, and
    within as many words, by score (or date). ``texts``: see ``pairs.body_pair_scores``.
    ``pairs_for``: find the best pairs of the first so many articles only (the
    others' come later from :func:`page_pairs`, the same pairs).
    """
    searcher = snap.searcher
    scoped = article_query(parsed)
    if allowed is not None and not allowed:
        # Nothing passes the filters; an empty filter set means "no filter" to Whoosh.
        return QueryResult(0, (), highlight_terms(searcher, parsed, limits))
    sortedby = None
    if sort in ("newest", "oldest"):
        sortedby = sorting.MultiFacet(
            [
                sorting.FieldFacet("undated"),
                sorting.FieldFacet("ts", reverse=sort == "newest"),
            ]
        )
    quick = None
    if sortedby is None and limit is not None and coverage is None and allowed is None:
        quick = (
            topk.best(snap, scoped, limit) if limits.bulk_scoring and limits.top_bounds else None
        )
    if quick is not None:
        # Common words: the best articles found without scoring every posting.
        total, scores, read = quick
        page = top(scores, limit or 0)
        fast: tuple[dict[int, float], list[Any], bulk.Read] | None = (scores, [], read)
    else:
        fast = bulk_scores(snap, scoped, limits) if sortedby is None else None
    if quick is not None:
        pass
    elif fast is not None:
        scores = fast[0]
        if allowed is not None:
            scores = {n: score for n, score in scores.items() if n in allowed}
        total = len(scores)
        wider = coverage or {}

        def key(n: int) -> tuple[float, ...]:
            return (-wider.get(n, 0), -scores[n], n)

        if limit is None:
            page = sorted(scores, key=key)
        elif not wider:
            page = top(scores, limit)
        else:
            page = heapq.nsmallest(limit, scores, key=key)
    elif coverage is not None:
        # Whoosh's order (score or date) within each number of words matched.
        results = searcher.search(
            scoped, limit=None, sortedby=sortedby, terms=False, filter=allowed
        )
        total = len(results)
        ordered = [hit.docnum for hit in results]
        ordered.sort(key=lambda n: -coverage.get(n, 0))  # stable: keeps Whoosh's order within
        page = ordered if limit is None else ordered[:limit]
        scores = {}
        if page:
            scored = searcher.search(scoped, limit=None, filter=set(page), terms=False)
            scores = {hit.docnum: hit.score for hit in scored}
    else:
        # Ranked by relevance, every match is scored and the page taken here, as
        # the bulk path does: Whoosh's top-N search skips parts of a query by
        # score bounds that are not bounds for an OR of fields (on small indexes
        # it bounds an OR by its best part, not their sum), and lost articles.
        results = searcher.search(
            scoped,
            limit=limit if sortedby is not None else None,
            sortedby=sortedby,
            terms=False,
            filter=allowed,
        )
        total = len(results)
        scores = {hit.docnum: hit.score for hit in results}
        if sortedby is None:
            ranked = sorted(scores, key=lambda n: (-scores[n], n))
            page = ranked if limit is None else ranked[:limit]
        else:
            page = [hit.docnum for hit in results]
        if sortedby is not None and page:
            # Sorted results carry sort keys, not scores: score the page itself.
            scored = searcher.search(scoped, limit=None, filter=set(page), terms=False)
            scores = {hit.docnum: hit.score for hit in scored}
    stored = {n: searcher.stored_fields(n) for n in page}
    parents = [(n, int(stored[n].get("npairs") or 0)) for n in page]
    if pairs_for is not None:
        parents = parents[:pairs_for]
    pair_hits = best_pairs(
        snap,
        scoped,
        fast[1] if fast is not None else None,
        parents,
        pairs_per_hit,
        fast[2] if fast is not None else None,
        texts,
    )
    terms = highlight_terms(searcher, parsed, limits)
    hits = tuple(
        ArticleHit(info_of(stored[n]), float(scores.get(n) or 0.0), pair_hits.get(n, ()))
        for n in page
    )
    return QueryResult(total=total, hits=hits, terms=terms)


def top(scores: dict[int, float], limit: int) -> list[int]:
    """The ``limit`` best-scored documents, ties in document order (as sorting by
    ``(-score, docnum)`` gives them), without a key function called per document."""
    if len(scores) <= limit:
        return sorted(scores, key=lambda n: (-scores[n], n))
    cut = heapq.nlargest(limit, scores.values())[-1]
    best = sorted((-score, n) for n, score in scores.items() if score >= cut)
    return [n for _score, n in best[:limit]]


def matching(snap: Snapshot, parsed: Any | None, limits: Limits) -> set[int]:
    """Every article document an expanded query matches (every article for None)."""
    searcher = snap.searcher
    if parsed is None:
        return set(searcher.docs_for_query(query.Term("kind", "a")))
    scoped = article_query(parsed)
    fast = bulk_scores(snap, scoped, limits)
    if fast is not None:
        return set(fast[0])
    return set(searcher.docs_for_query(scoped))


def covered(snap: Snapshot, words: list[Any], limits: Limits) -> dict[int, int]:
    """For each article that has any of the expanded ``words``, how many of them it has."""
    counts: dict[int, int] = {}
    for word in words:
        for docnum in matching(snap, word, limits):
            counts[docnum] = counts.get(docnum, 0) + 1
    return counts


def best_pairs(
    snap: Snapshot,
    scoped: Any,
    groups: list[list[tuple[int, Any]]] | None,
    parents: list[tuple[int, int]],
    per_hit: int,
    read: bulk.Read | None = None,
    texts: pairs.Texts | None = None,
) -> dict[int, tuple[PairHit, ...]]:
    """The best pairs of each shown article, best first.

    A pair's score adds what its pair-scoped parts gave it (``question:``,
    ``answer:``; from the bulk path's ``groups`` when it ran) and what the
    query's plain words, phrases and patterns give it (``pairs``, from the
    shown articles' own positions).
    """
    if per_hit <= 0 or not parents:
        return {}
    searcher = snap.searcher
    if groups is not None:
        scores = _group_scores_computed(groups, parents)
    else:
        scores = _group_scores(snap, scoped, parents)
    found_units = pairs.units(scoped)
    for docnum, score in pairs.body_pair_scores(snap, found_units, parents, read, texts).items():
        scores[docnum] = scores.get(docnum, 0.0) + score
    found: dict[int, tuple[PairHit, ...]] = {}
    for parent, count in parents:
        mine = [(scores[c], c) for c in range(parent + 1, parent + 1 + count) if c in scores]
        found[parent] = _top_pairs(searcher, mine, per_hit)
    return found


def page_pairs(
    snap: Snapshot,
    parsed: Any,
    parents: list[tuple[int, int]],
    per_hit: int,
    texts: pairs.Texts | None = None,
) -> dict[int, tuple[PairHit, ...]]:
    """The best pairs of articles :func:`rank` listed for ``parsed`` without them.

    Found as :func:`rank` finds them, from the query alone: the pair-scoped
    parts' pair scores are computed again (``_group_scores``) instead of
    taken from the search's bulk scoring, which gives the same scores.
    """
    return best_pairs(snap, article_query(parsed), None, parents, per_hit, None, texts)


def _group_scores_computed(
    groups: list[list[tuple[int, Any]]], parents: list[tuple[int, int]]
) -> dict[int, float]:
    """Pair scores of the pair-scoped parts, from those the bulk path already computed."""
    found: dict[int, float] = {}
    if not groups:
        return found
    for parent, count in parents:
        # The pairs of one article are in the article's segment.
        offset = max(start for start, _scores in groups[0] if start <= parent)
        local = [dict(group).get(offset, {}) for group in groups]
        for child in range(parent + 1, parent + 1 + count):
            parts = [scores[child - offset] for scores in local if child - offset in scores]
            if parts:
                total = parts[0]
                for part in parts[1:]:
                    total += part
                found[child] = total
    return found


def _group_scores(snap: Snapshot, scoped: Any, parents: list[tuple[int, int]]) -> dict[int, float]:
    """Pair scores of the pair-scoped parts, when the bulk path did not run.

    The parts are evaluated from the article-level positions (``bulk``), as
    the bulk path does; their pair scores are then read for ``parents``.
    """
    groups = [n for n in positive(scoped) if isinstance(n, PairScoped)]
    if not groups or not parents:
        return {}
    evaluator = bulk.Evaluator(snap.searcher, bulk.PairGroup, snap.segments(), KINDS)
    try:
        evaluator.run(query.Or([bulk.PairGroup(g.child) for g in groups]))
    except bulk.Unsupported:
        return {}
    return _group_scores_computed(evaluator.pair_scores, parents)


def _top_pairs(searcher: Any, scored: list[tuple[float, int]], per_hit: int) -> tuple[PairHit, ...]:
    """The best ``per_hit`` of (score, pair docnum), best first, ties in document order."""
    scored.sort(key=lambda item: (-item[0], item[1]))
    best = []
    for score, docnum in scored[:per_hit]:
        stored = searcher.stored_fields(docnum)
        best.append(PairHit(int(stored["pair"]), score, stored.get("question", "")))
    return tuple(best)
