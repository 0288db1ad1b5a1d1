"""Did you mean: correct a query's unknown words from the archive's own words.

The index holds stems, not words, and has no spelling field (it would double
the build's work). So the typed word's stem is matched against the indexed
stems, and the winning stem is turned back into a word as an article spells it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from whoosh.spelling import Corrector
from whoosh.support.levenshtein import distance as levenshtein

from brreader.articles import read_article
from brreader.engine import wordbands
from brreader.engine.analysis import NOSPACE_RUNS, TAG, word_term
from brreader.engine.asking import split as split_asking
from brreader.engine.internals import AnyField, prefix_words
from brreader.engine.limits import Limits
from brreader.engine.query import typed_tokens
from brreader.engine.schema import (
    PAIR_FIELDS,
    PAIR_OF_BODY,
    SPELLING_FIELDS,
    TEXT_FIELDS,
    UNSCOPED_FIELDS,
    analyze,
)
from brreader.engine.snapshot import Snapshot
from brreader.model import ArticleError, QueryError

# The text fields, those that hold the most words first.
# Where a word is looked up, answers and questions (where most words are) first.
_MOST_WORDS_FIRST = sorted(UNSCOPED_FIELDS, key=lambda name: name not in ("answers", "questions"))


class FieldWords(Corrector):
    """Whoosh's ``ReaderCorrector`` for one field (the same words, scores and order),
    listing a prefix's words in one pass over each segment's term file.

    Whoosh lists the words that share the typed word's first letter through
    a merge of every segment's terms, two small reads per word, and works out
    an edit distance for each: at 100,000 articles of English-like text,
    thousands of words per field and about half a second per correction.
    A word whose length differs from the typed one's by more than the
    distance allowed is never near, and is ruled out before the distance;
    in a warm process each segment's words are kept by length and letters
    (``wordbands``), so only those that could be near are looked at.
    """

    def __init__(self, reader: Any, fieldname: str) -> None:
        self.reader = reader
        self.fieldname = fieldname

    def _words(self, fieldname: str, start: str) -> list[bytes]:
        reader = self.reader
        leaves = [reader] if reader.is_atomic() else [r for r, _ in reader.leaf_readers()]
        head = reader.schema[fieldname].to_bytes(start)
        found: set[bytes] = set()
        for leaf in leaves:
            listed = prefix_words(leaf, fieldname, head) if fieldname in leaf.schema else []
            if listed is None:
                return list(reader.expand_prefix(fieldname, start))
            found.update(listed)
        return sorted(found)  # Whoosh's merge gives each word once, in order

    def _banded(
        self, fieldname: str, decode: Any, text: str, maxdist: int, prefix: int
    ) -> dict[str, float] | None:
        """The words of ``fieldname`` that share ``text``'s first ``prefix`` letters and could
        be within ``maxdist`` of it, each with its frequency (Whoosh's: the sum of its
        weights over the segments, in their order), from the kept bands; None when not kept."""
        kept = wordbands.kept()
        if kept is None:
            return None
        reader = self.reader
        leaves = [reader] if reader.is_atomic() else [r for r, _ in reader.leaf_readers()]
        kept.retain(leaves)  # segments merged away since: their words go
        head = reader.schema[fieldname].to_bytes(text[:prefix])
        typed = wordbands.letters(text)
        found: dict[str, float] = {}
        for leaf in leaves:
            if fieldname not in leaf.schema:
                continue
            bands = kept.of(leaf, fieldname, head, decode)
            if bands is None:
                return None
            for words, masks, weights in bands.within(len(text), maxdist):
                for word, mask, weight in zip(words, masks, weights, strict=True):
                    if wordbands.may_be_within(typed, mask, maxdist):
                        found[word] = found.get(word, 0) + weight
        return found

    def _suggestions(self, text: str, maxdist: int, prefix: int) -> Iterator[tuple[float, str]]:
        reader = self.reader
        fieldname = self.fieldname
        fieldobj = reader.schema[fieldname]
        spelled = fieldobj.spelling_fieldname(fieldname)
        banded = self._banded(spelled, fieldobj.from_bytes, text, maxdist, prefix)
        if banded is None:
            words = [fieldobj.from_bytes(b) for b in self._words(spelled, text[:prefix])]
        else:
            words = sorted(banded)
        for word in words:
            if abs(len(word) - len(text)) > maxdist:
                continue  # at least that many edits apart
            if levenshtein(word, text, limit=maxdist) <= maxdist:
                if banded is not None and spelled == fieldname:
                    frequency = banded[word] or 1
                else:
                    frequency = reader.frequency(fieldname, word) or 1
                yield 0 - (maxdist + (1.0 / frequency * 0.5)), word


def suggest(
    snap: Snapshot,
    text: str,
    parsed: Any,
    parse: Callable[[str], Any],
    articles: Path,
    limits: Limits,
) -> str | None:
    """A spelling correction of the query from the archive's own words, or None.

    ``parsed`` is ``text`` as ``parse`` reads it; a correction is offered only
    if ``parse`` accepts it.

        Only words found in no field at all are corrected. The typed word's stem
        is matched against the stems in the index (edit distance up to 2, same
        first letter, nearest first, then most frequent). Slower than a search:
        call it on submit or after an empty result, never per keystroke.
    """
    reader = snap.reader()
    stems = AnyField([FieldWords(reader, f) for f in SPELLING_FIELDS])
    # Each language may offer a word for a place in the query; the nearest to what was
    # typed wins (the first offered on a tie: English, then the tagged languages).
    offers: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
    tried = 0
    typed_words = list(typed_tokens(parsed))
    # A word found in any of its forms (English, or tagged with a language) is known.
    # Asked after every thin result: each place in the query stops at its first form
    # found, and answers (where most words are) are looked in first.
    known: set[tuple[Any, Any]] = set()
    for token in typed_words:
        where = (getattr(token, "startchar", None), getattr(token, "endchar", None))
        if where not in known and token.fieldname in (*TEXT_FIELDS, *UNSCOPED_FIELDS):
            if any(reader.doc_frequency(f, token.text) for f in _MOST_WORDS_FIRST):
                known.add(where)
    attempted: set[tuple[Any, ...]] = set()
    counted: set[tuple[Any, ...]] = set()
    # A question's asking words need not be in the archive ("ما هو بنك البذور؟",
    # "¿qué dicen sobre...?"): they are never corrected while the question has a topic.
    question = split_asking(text)
    optional = question.asking if question is not None and question.words else ()
    for token in typed_words:
        where = (getattr(token, "startchar", None), getattr(token, "endchar", None))
        if token.fieldname not in (*TEXT_FIELDS, *UNSCOPED_FIELDS) or None in where:
            continue
        if any(start <= where[0] and where[1] <= end for start, end in optional):  # type: ignore[operator]
            continue
        if where in known or (*where, token.text) in attempted:
            continue
        attempted.add((*where, token.text))
        if where not in counted:
            counted.add(where)
            tried += 1
            if tried > limits.max_suggested_words:
                return None
        typed = text[where[0] : where[1]].lower()
        # A form tagged with a language ("fr:cooper") is matched against that language's stems.
        lang = str(token.text).split(TAG, 1)[0] if TAG in str(token.text) else ""
        if [term for term, _s, _e in analyze(typed, lang)] != [token.text]:
            continue  # the position does not point at this word in what was typed
        if len(typed) > 2 and not typed.isascii() and NOSPACE_RUNS.search(typed):
            continue  # a longer word in a no-space script: corrected whole, below
        prefix = len(lang) + len(TAG) + 1 if lang else 1
        found = stems.suggest(str(token.text), limit=1, maxdist=2, prefix=prefix)
        edited = False
        near = any(distance <= 1 for distance, _n, _w in offers.get(where, []))  # type: ignore[arg-type]
        if not found and not near:  # another language's offer one edit away stands
            # A typo can change what a stemmer cuts off (Spanish "coopracion" keeps
            # its ending, "cooperacion" loses it): try the word's one-letter edits.
            found, edited = _stem_of_edits(reader, typed, lang), True
        word = _spelled(snap, articles, found[0], typed, lang) if found else None
        if not word or word == typed:
            continue
        distance = levenshtein(_fold_latin(word), _fold_latin(typed))
        if (edited or lang) and distance > 2:
            continue  # a stem that stands for words too unlike the one typed
        place = offers.setdefault(where, [])  # type: ignore[arg-type]
        place.append((distance, len(place), word))
    fixes = {where: min(words)[2] for where, words in offers.items()}
    for run in () if text.isascii() else NOSPACE_RUNS.finditer(text):
        if len(run.group()) > 2 and not any(_overlaps(run.span(), where) for where in fixes):
            word = _nospace_fix(snap, run.group())
            if word:
                fixes[run.span()] = word
    if not fixes:
        return None
    fixed = text
    for (start, end), word in sorted(fixes.items(), reverse=True):
        fixed = fixed[:start] + word + fixed[end:]
    try:
        parse(fixed)
    except QueryError:
        return None  # never suggest something that cannot be searched
    return fixed


def _spelled(snap: Snapshot, articles: Path, stem: str, typed: str, lang: str = "") -> str | None:
    """The word closest to ``typed`` that an article indexed as ``stem``."""
    reader = snap.reader()
    words: set[str] = set()
    for name in SPELLING_FIELDS:
        if not reader.doc_frequency(name, stem):
            continue
        postings = reader.postings(name, stem)
        for _ in range(3):  # a few documents give the word's usual forms
            if not postings.is_active():
                break
            words.update(_words_in(snap.searcher, articles, postings.id(), name, stem, lang))
            postings.next()
        if words:
            break
    if not words:
        return None
    return min(words, key=lambda word: (levenshtein(word, typed), word))


def _words_in(
    searcher: Any, articles: Path, docnum: int, name: str, stem: str, lang: str = ""
) -> set[str]:
    stored = searcher.stored_fields(docnum)
    value = stored.get(name)
    if not isinstance(value, str):
        parent = stored if "path" in stored else searcher.document(kind="a", aid=stored["aid"])
        try:
            article = read_article(articles, parent["path"], parent["aid"]).article
        except (ArticleError, KeyError, TypeError):
            return set()
        number = int(stored.get("pair") or 0)
        if name in PAIR_OF_BODY:  # every question (answer) of the article
            value = "\n".join(getattr(pair, PAIR_OF_BODY[name]) for pair in article.pairs)
        elif name in PAIR_FIELDS:
            if not 0 < number <= len(article.pairs):
                return set()
            value = getattr(article.pairs[number - 1], name)
        else:
            value = getattr(article, name)
    return {value[start:end].lower() for term, start, end in analyze(value, lang) if term == stem}


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# Letters tried in the one-letter edits of a misspelt word (Latin words are folded).
_ALPHABETS = (
    "abcdefghijklmnopqrstuvwxyz",
    "абвгдежзийклмнопрстуфхцчшщъыьэюя",
    "ابتثجحخدذرزسشصضطظعغفقكلمنهويء",
    "αβγδεζηθικλμνξοπρστυφχψω",
)
_MAX_EDITED_LETTERS = 24  # longer words are not edited (the edits grow with the length)


def _stem_of_edits(reader: Any, typed: str, lang: str) -> list[str]:
    """The most frequent indexed stem of a one-letter edit of ``typed`` (first letter kept).

    ``lang``: the tagged language to stem Latin-script words in, or "" for
    English, Cyrillic, Greek and Arabic words (stemmed as their script is).
    """
    word = typed if lang == "" else _fold_latin(typed)
    if not 4 <= len(word) <= _MAX_EDITED_LETTERS:
        return []
    letters = next((a for a in _ALPHABETS if any(c in a for c in word[1:])), "")
    if not letters:
        return []
    edits: set[str] = set()
    for i in range(1, len(word) + 1):
        head, tail = word[:i], word[i:]
        edits.update(head + c + tail for c in letters)  # a letter left out
        if tail:
            edits.add(head + tail[1:])  # a letter too many
            edits.update(head + c + tail[1:] for c in letters)  # a wrong letter
            if len(tail) > 1:
                edits.add(head + tail[1] + tail[0] + tail[2:])  # two letters swapped
    edits.discard(word)
    best: tuple[int, str] | None = None
    seen: set[str] = set()
    for edit in edits:
        term = word_term(edit, lang)
        if not term or term in seen:
            continue
        seen.add(term)
        count = sum(reader.doc_frequency(name, term) for name in SPELLING_FIELDS)
        if count and (best is None or (count, term) > best):
            best = (count, term)
    return [best[1]] if best else []


def _fold_latin(word: str) -> str:
    from whoosh.support.charset import accent_map

    return word.translate(accent_map)


def _nospace_fix(snap: Snapshot, word: str) -> str | None:
    """``word`` (Chinese, Japanese...) with one character after the first changed so
    that the archive has it as a word, when the archive does not have it as typed.

    Each character is tried against the characters that follow its neighbour in
    the index's character pairs; the variant found in the most documents wins.
    """
    from whoosh import query

    reader = snap.reader()
    searcher = snap.searcher

    def pairs(text: str) -> list[str]:
        return [text[i : i + 2] for i in range(len(text) - 1)]

    def found_in(text: str) -> int:
        count = 0
        for name in TEXT_FIELDS:
            if all(reader.doc_frequency(name, pair) for pair in pairs(text)):
                count += len(searcher.search(query.Phrase(name, pairs(text)), limit=None))
        return count

    if found_in(word):
        return None
    best: tuple[int, str] | None = None
    tried: set[str] = set()
    for i in range(1, len(word)):
        for name in SPELLING_FIELDS:
            for term in reader.expand_prefix(name, word[i - 1]):
                pair = term.decode("utf-8") if isinstance(term, bytes) else str(term)
                if len(pair) != 2 or pair[1] == word[i]:
                    continue
                variant = word[:i] + pair[1] + word[i + 1 :]
                if variant in tried:
                    continue
                tried.add(variant)
                count = found_in(variant)
                if count and (best is None or count > best[0]):
                    best = (count, variant)
    return best[1] if best else None
