"""The engine's tunables in one object: batch sizes, waits and expansion caps.

Passed to :class:`~brreader.engine.index.ArchiveIndex` (through the
``Archive`` facade), so a test or a benchmark changes a limit for one index
instead of patching module globals. :data:`DEFAULT` is what commands use.
"""

from __future__ import annotations

from brreader.records import record


@record
class Limits:
    """How long to wait, how much to batch, how far a query may expand."""

    lock_timeout: float = 15.0  # seconds a writer waits for another brreader process
    first_batch_bytes: int = 3_000_000  # article bytes in a rebuild's first commit
    batch_bytes: int = 40_000_000  # article bytes per later commit; bounds memory
    # ...and so do these: what the writer holds per document and per distinct word
    # until it commits (a batch of 40 MB of small files held 57,000 articles and
    # peaked at 876 MB; full-size articles reach about 65,000 documents and
    # 140,000 words per 40 MB batch, so these rarely end theirs).
    batch_documents: int = 100_000
    batch_terms: int = 250_000
    empty_index_wait: float = 3.0  # seconds a reader waits for a rebuild's first commit
    follow_silence: float = 120.0  # seconds without a commit before 'index' stops waiting
    tiny_segment_docs: int = 4_000  # documents in a segment worth merging away
    tiny_segments_to_merge: int = 4
    max_expanded_terms: int = 256  # words a wildcard lights up in a snippet
    max_query_expansion: int = 5_000  # words one wildcard or fuzzy term may stand for
    max_query_chars: int = 1_000
    max_suggested_words: int = 8  # "Did you mean" corrects short queries, not paragraphs
    thin_results: int = 2  # at most this many articles with every word: widen to most words
    max_relaxed_words: int = 12  # a longer query is not widened word by word
    bulk_scoring: bool = True  # False: every query goes through Whoosh's own matchers
    top_bounds: bool = True  # False: common words' pages are scored over every posting (topk)


DEFAULT = Limits()
