"""Marking matched words and cutting snippets, with the index's own analyser.

A search for ``cooperate`` marks "cooperation" and "Mekông" marks "Mekong",
because every word of the shown text is analysed as the index analysed it.
Snippets are cut from the article file, which the index does not store.
"""

from __future__ import annotations

from collections.abc import Iterable

from brreader.engine.analysis import TAG
from brreader.engine.fastterms import lit, wants
from brreader.engine.schema import analyze, analyze_matching
from brreader.records import record
from brreader.textsafe import flatten

SNIPPET_CHARS = 240


@record
class Marked:
    """Text plus the ``(start, end)`` character spans of matched words in it."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()


def _matches(
    text: str, wanted: frozenset[str], lang: str | None = None
) -> list[tuple[int, int, str]]:
    if lang is not None:
        # The text of an article in ``lang``, read once, as the index read it.
        return lit(wanted, analyze_matching(text, lang, wanted))
    # A term tagged with a language ("fr:cooper") is looked for as that language reads text.
    languages = {term.split(TAG, 1)[0] for term in wanted if TAG in term}
    found = {
        (s, e, term)
        for lang in ("", *sorted(languages))
        for term, s, e in analyze(text, lang)
        if wants(wanted, term)
    }
    return lit(wanted, sorted(found))


def _merged(spans: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Spans in order with overlapping ones joined: Chinese terms are overlapping pairs."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def mark(text: str, terms: Iterable[str], lang: str | None = None) -> Marked:
    """Mark every word of ``text`` whose analysed form is one of ``terms``.

    ``lang``: the language of the article the text is from, when known; its
    text is then read once, as the index read it, instead of once for each
    language the terms are tagged with.
    """
    wanted = terms if isinstance(terms, frozenset) else frozenset(terms)
    if not wanted or not text:
        return Marked(text)
    return Marked(text, _merged((s, e) for s, e, _term in _matches(text, wanted, lang)))


def _best_window(
    found: list[tuple[int, int, str]], width: int, exclude: frozenset[str] = frozenset()
) -> tuple[int, set[str]]:
    """Start of the ``width``-character window with the most distinct terms (then most matches)."""
    best: tuple[int, int] = (-1, -1)
    start, covered = 0, set()
    lead = width // 5
    for anchor, _end, term in found[:200]:
        if term in exclude:
            continue
        window = max(0, anchor - lead)
        inside = [t for s, e, t in found if s >= window and e <= window + width]
        score = (len(set(inside) - exclude), len(inside))
        if score > best:
            best, start, covered = score, window, set(inside)
    return start, covered


def _cut(flat: str, start: int, width: int) -> tuple[int, int]:
    """Snap a window to word boundaries."""
    end = min(len(flat), start + width)
    if start > 0:
        space = flat.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    if end < len(flat):
        space = flat.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    return start, end


def snippet(
    text: str, terms: Iterable[str], width: int = SNIPPET_CHARS, lang: str | None = None
) -> Marked:
    """About ``width`` characters of ``text`` showing as many distinct matched words as possible.

    One stretch when all matched words fit in it; otherwise two shorter
    stretches joined by "…", the second showing words the first lacks.
    ``lang`` as for :func:`mark`.
    """
    flat = flatten(text)
    wanted = terms if isinstance(terms, frozenset) else frozenset(terms)
    found = _matches(flat, wanted, lang) if wanted else []
    if len(flat) <= width:
        return Marked(flat, _merged((s, e) for s, e, _t in found))
    all_terms = {t for _s, _e, t in found}
    start, covered = _best_window(found, width)
    windows = [_cut(flat, start, width)]
    if covered and all_terms - covered:
        half = width // 2 + 10
        first, covered = _best_window(found, half)
        second, _ = _best_window(found, half, exclude=frozenset(covered))
        windows = sorted([_cut(flat, first, half), _cut(flat, second, half)])
        if windows[1][0] <= windows[0][1]:  # overlapping: one stretch covers both
            windows = [(windows[0][0], max(windows[0][1], windows[1][1]))]
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    for number, (begin, end) in enumerate(windows):
        prefix = "…" if begin > 0 and number == 0 else (" … " if number else "")
        pieces.append(prefix)
        length += len(prefix)
        shift = length - begin
        spans += [(s + shift, e + shift) for s, e, _t in found if s >= begin and e <= end]
        pieces.append(flat[begin:end])
        length += end - begin
    if windows[-1][1] < len(flat):
        pieces.append("…")
    return Marked("".join(pieces), _merged(spans))
