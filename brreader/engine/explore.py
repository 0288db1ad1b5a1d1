"""Exploring an archive: facet counts over what a query matches, and related pairs.

Facet counts come from the snapshot's table of each article's exact values;
related pairs from the key words of one pair's question and answer, matched
pair by pair (from the article-level positions, see ``bulk``) in every other
article.
"""

from __future__ import annotations

from typing import Any

from whoosh import query

from brreader.engine import bulk
from brreader.engine.asking import is_asking
from brreader.engine.schema import BODY_OF_PAIR, KINDS, analyze
from brreader.engine.snapshot import Snapshot, fold, info_of
from brreader.model import FacetCounts, RelatedPair


def facet_counts(snap: Snapshot, matched: set[int]) -> FacetCounts:
    """Counts by interviewee, outlet, tag and year over the given article documents."""
    counts: dict[str, list[tuple[str, int]]] = {}
    for name, by_doc in snap.facet_table().items():
        tally: dict[str, int] = {}
        for docnum in matched:
            for value in by_doc.get(docnum, ()):
                tally[value] = tally.get(value, 0) + 1
        if name == "year":
            counts[name] = sorted(tally.items(), reverse=True)
        else:
            counts[name] = sorted(tally.items(), key=lambda item: (-item[1], fold(item[0])))
    return FacetCounts(len(matched), counts)


def _key_terms(searcher: Any, field: str, text: str, language: str, count: int) -> Any:
    """Whoosh's key_terms_from_text, with the text analysed as its article's language."""
    from whoosh import classify

    expander = classify.Expander(searcher.reader(), field)
    # The words that only make it a question ("what", "did they say") are no key words.
    expander.add(
        (term, 1.0)
        for term, start, end in analyze(text, language)
        if not is_asking(text[start:end])
    )
    return expander.expanded_terms(count)


def related(
    snap: Snapshot, article_id: str, question: str, answer: str, limit: int
) -> list[RelatedPair]:
    """Pairs in other articles most like this one: its key words, question and answer.

    One pair per article, best first; the article asked about is left out.
    """
    searcher = snap.searcher
    docnum = snap.article_docs().get(article_id)
    language = "" if docnum is None else searcher.stored_fields(docnum).get("f_lang") or ""
    words: list[Any] = []
    for field, text, count in (("question", question, 6), ("answer", answer, 10)):
        if text.strip():
            # Key words by their rarity among the articles' questions (answers).
            for word, weight in _key_terms(searcher, BODY_OF_PAIR[field], text, language, count):
                words.append(query.Term(field, word, boost=weight))
    if not words:
        return []
    wanted = query.And([query.Term("kind", "p"), query.Or(words)])
    evaluator = bulk.Evaluator(searcher, bulk.PairGroup, snap.segments(), KINDS)
    scores = evaluator.pair_documents(wanted)
    found: list[RelatedPair] = []
    seen = {article_id}
    for pair_doc in sorted(scores, key=lambda n: (-scores[n], n)):
        stored = searcher.stored_fields(pair_doc)
        if stored.get("aid") in seen:
            continue  # one pair per article: its best
        seen.add(stored["aid"])
        pair = int(stored.get("pair") or 0)
        parent = searcher.stored_fields(pair_doc - pair)
        asked = stored.get("question", "")
        found.append(RelatedPair(info_of(parent), pair, asked, scores[pair_doc]))
        if len(found) >= limit:
            break
    return found
