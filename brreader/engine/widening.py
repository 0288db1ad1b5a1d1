"""How a typed query word is widened to what the index holds in every language.

Whoosh's query parser, with each word read as ``analysis`` reads text and
then widened: a Latin-script word to its stems in each tagged language the
archive holds (and its accented and unaccented spellings, engine/accents.py),
a word in a no-space script to the phrase of its character pairs, an Arabic
word to its forms with and without a leading ``و``, and wildcards matched
against the stems each language's index holds. Why one set of fields with
tagged terms is in docs/query-language.md ("Languages").
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from brreader.engine import cyrillic
from brreader.engine.accents import unligated
from brreader.engine.analysis import (
    _IS_ARABIC,
    _IS_CYRILLIC,
    _IS_GREEK,
    _IS_NOSPACE,
    SPECIAL,
    TAG,
    TAGGED,
    _fold,
    _stemmer,
    english,
    is_nospace,
    query_forms,
    runs,
    tagged_forms,
    tokens,
)
from brreader.engine.arabic import AR_LETTERS, arabic_term, typed_terms, unmarked, unprefixed
from brreader.engine.internals import article_languages, prefix_words
from brreader.lazyre import lazy


def _pattern_stem(lang: str) -> Any:
    """How a word of ``lang`` becomes its term, without the tag: a tagged language's
    folded stem, or for "ru", "el" and "ar" the stem of the script."""
    if lang in TAGGED:
        stem = _stemmer(TAGGED[lang]).stemWord
        return lambda word: _fold(stem(word))
    if lang == "ar":
        return arabic_term
    stem = _stemmer("russian" if lang == "ru" else "greek").stemWord
    return lambda word: stem(cyrillic.unmixed(word) if lang == "ru" else word)


def script_pattern(typed: str) -> tuple[str, str] | None:
    """A wildcard typed in Cyrillic, Greek or Arabic as ``(script key, pattern)`` in the
    form the index holds (``ё`` as ``е``; Arabic normalised, its article or conjunction
    taken off the front), or None for other text."""
    word = typed.lower()
    if _IS_NOSPACE.search(word):
        return None
    if _IS_ARABIC.search(word):
        word = unmarked(word)
        word = unprefixed(word, lambda rest: len(rest.split("*")[0].split("?")[0]))
        return "ar", word.translate(AR_LETTERS)
    if _IS_CYRILLIC.search(word):
        return "ru", cyrillic.unmixed(word)
    if _IS_GREEK.search(word):
        return "el", word
    return None


def pattern_matcher(lang: str, pattern: str) -> Any:
    """A test of one term of ``lang`` (untagged) against a typed wildcard ``pattern``.

    The index holds stems, so a pattern is matched against what the words it
    could stand for index as. A stem passes if

    - the pattern matches the stem itself (``coop*`` and ``cooper``);
    - the pattern matches a word made of the stem and the letters after the
      pattern's last wildcard, and that word stems back to the stem:
      ``coop*ration`` finds ``cooper`` through ``cooperation``, ``sism*graphes``
      finds ``sismograph`` through ``sismographes``;
    - the pattern is a prefix (its one wildcard is a ``*`` at the end) whose
      letters are the stem plus at most three letters: ``cooperat*`` and
      ``cooperaci*`` find ``cooper`` (the words those letters begin are indexed
      under a stem whose end the stemmer took off). Stems shorter than three
      letters are left out of this rule.

    ``pattern`` is lower case and accent-folded (see ``script_pattern`` for
    Cyrillic, Greek and Arabic); ``*`` is any run of letters, ``?`` one letter.
    """
    import re

    regex = re.compile(
        "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    )
    stem = _pattern_stem(lang)
    last = max(pattern.rfind("*"), pattern.rfind("?"))
    tail = pattern[last + 1 :]
    head = pattern[: min(i for i in (pattern.find("*"), pattern.find("?"), len(pattern)) if i >= 0)]
    prefix_only = pattern.endswith("*") and last == len(head)

    @cache  # the fields and segments of an archive share most stems
    def matches(term: str) -> bool:
        if regex.fullmatch(term):
            return True
        if prefix_only:
            return len(term) >= 3 and head.startswith(term) and len(head) - len(term) <= 3
        for k in range(len(tail) + 1):
            if term.endswith(tail[:k]):
                word = term + tail[k:]
                if regex.fullmatch(word) and stem(word) == term:
                    return True
        return False

    return matches


# Letters joined by hyphens ("cross-border", "co-operation"), or initials with dots ("U.N.").
_JOINABLE = lazy(r"[A-Za-z]+(?:-[A-Za-z]+)+|(?:[A-Za-z]\.){2,}|(?:[A-Za-z]\.)+[A-Za-z]")


def joined_word(text: str) -> str | None:
    """A typed word of letters joined by hyphens, or of initials with dots, written as one
    lower-case word (``cross-border`` as ``crossborder``, ``U.N.`` as ``un``), or None.

    Texts write such words both ways ("co-operation" and "cooperation", "U.N." and
    "UN"); the typed form finds what it always found, and the joined word too.
    """
    if len(text) > 40 or not text.isascii() or _JOINABLE.fullmatch(text) is None:
        return None
    return text.replace("-", "").replace(".", "").lower()


def widening_parser(
    text_fields: tuple[str, ...],
    schema: Any,
    fieldboosts: dict[str, float],
    widened: tuple[str, ...] = (),
) -> Any:
    """Whoosh's multi-field parser, with each query word widened to the archive's languages.

    A word without a field searches ``text_fields``; words in those and in
    ``widened`` are widened. Set ``parser.languages`` (the tagged languages
    the archive holds) and ``parser.text`` (the query text) before each
    ``parse``. A word typed in a no-space script becomes the phrase of its
    character pairs; a Latin-script word, phrase or prefix also looks for its
    tagged form in each language.
    """
    from whoosh import qparser, query

    default_fields = text_fields
    text_fields = (*text_fields, *widened)

    class Forms(query.Or):
        """A word's forms: the place the parser gives it in the query text goes to
        each form, so did-you-mean finds what was typed after Whoosh flattens ORs.
        A fuzzy word's distance and prefix length go to each fuzzy form (a tagged
        form keeps its language: the tag is added to the prefix)."""

        def __setattr__(self, name: str, value: Any) -> None:
            super().__setattr__(name, value)
            if name in ("startchar", "endchar", "maxdist", "prefixlength"):
                for sub in self.subqueries:
                    for leaf in [sub] if sub.is_leaf() else sub.leaves():
                        if name in ("startchar", "endchar"):
                            setattr(leaf, name, value)
                        elif isinstance(leaf, query.FuzzyTerm):
                            tag = str(leaf.text).find(TAG) + 1 if name == "prefixlength" else 0
                            setattr(leaf, name, value + tag)

    class StemPattern(query.Wildcard):
        """A typed wildcard or prefix matched against one tagged language's stems
        as ``pattern_matcher`` says (``coop*ration`` finds ``fr:cooper``)."""

        def __init__(self, fieldname: str, lang: str, pattern: str, boost: float = 1.0) -> None:
            self.mark = f"{lang}{TAG}" if lang in TAGGED else ""  # other scripts: untagged
            super().__init__(fieldname, f"{self.mark}{pattern}", boost=boost)
            self.lang, self.pattern = lang, pattern

        def normalize(self) -> Any:
            return self  # Wildcard's would turn it into a plain Prefix or Term

        def with_boost(self, boost: float) -> Any:
            """Itself if the boost stays the same, as a term (``_load``): no deep copy."""
            return self if boost == self.boost else super().with_boost(boost)

        def _btexts(self, ixreader: Any) -> Iterator[bytes]:
            mark = self.mark
            if mark:  # no article in the language: none of its stems (``Segment.holds``)
                languages = article_languages(ixreader)
                if languages is not None and self.lang not in languages:
                    return
            head = self.pattern[: len(self._find_prefix(self.pattern))]
            # A prefix may be up to three letters longer than the stems it finds; a
            # pattern with more after its wildcard finds stems that begin as it does.
            cut = max(len(head) - 3, 1) if self.pattern == f"{head}*" else len(head)
            start = (mark + head[:cut]).encode("utf-8")
            test = self._test = getattr(self, "_test", None) or pattern_matcher(
                self.lang, self.pattern
            )
            # One pass over a segment's term file (``internals.prefix_words``), or Whoosh's.
            listed = prefix_words(ixreader, self.fieldname, start)
            if listed is None:
                listed = ixreader.expand_prefix(self.fieldname, start.decode("utf-8"))
            for btext in listed:
                term = btext.decode("utf-8")
                if test(term[len(mark) :]):
                    yield btext

    class Parser(qparser.QueryParser):
        languages: tuple[str, ...] = ()
        text = ""

        def term_query(
            self,
            fieldname: str,
            text: str,
            termclass: Any,
            boost: float = 1.0,
            tokenize: bool = True,
            removestops: bool = True,
        ) -> Any:
            q = super().term_query(fieldname, text, termclass, boost, tokenize, removestops)
            if fieldname not in text_fields or q is None:
                return q
            if termclass in (query.Prefix, query.Wildcard) and isinstance(q, termclass):
                # Matched against each language's stems as typed, not as English stems it.
                star = "*" if termclass is query.Prefix else ""
                if SPECIAL.search(text):
                    script = script_pattern(text + star)
                    if script is None:
                        return q  # Chinese...: a pattern over character pairs, as typed
                    return Forms([q, StemPattern(fieldname, *script, boost)])
                typed = _fold(unligated(text.lower())) + star
                if not self.languages:
                    return q
                alts = [StemPattern(fieldname, lang, typed, boost) for lang in self.languages]
                return Forms([q, *alts])
            if termclass is query.FuzzyTerm:
                return self.fuzzy_query(fieldname, text, q, boost)
            if termclass is not query.Term or not tokenize:
                return q
            if isinstance(q, (query.And, query.Term)) and _IS_NOSPACE.search(text):
                # A word in a no-space script: its character pairs, in order. Runs
                # apart ("合作，培训", "北斗GPS") are words of their own, all required.
                # One character is found as the first of a pair too ("2022年" in
                # "2022年回国"): see docs/query-language.md, "Known limits".
                subs = [q] if isinstance(q, query.Term) else q.subqueries
                boost = q.boost * max(sub.boost for sub in subs)
                parts = [
                    (query.Prefix if len(run[0]) == 1 and is_nospace(run[0]) else query.Term)(
                        fieldname, run[0], boost=boost
                    )
                    if len(run) == 1
                    else query.Phrase(fieldname, run, boost=boost)
                    for run in runs(text)
                ]
                q = parts[0] if len(parts) == 1 else query.And(parts)
            alts = []
            if isinstance(q, query.Term) and (_IS_ARABIC.search(text) or _IS_CYRILLIC.search(text)):
                spans = [(start, end) for _t, _p, start, end in tokens(text, "", english)]
                if len(spans) == 1:  # "وزارة" also as "الوزارة" reads, "مسئول" as "مسؤول"
                    word = text[spans[0][0] : spans[0][1]]
                    others = (
                        typed_terms(word)
                        if _IS_ARABIC.search(word)
                        else cyrillic.typed_terms(word, _stemmer("russian").stemWord)
                    )
                    alts += [query.Term(fieldname, t, boost=boost) for t in others]
            joined = joined_word(text)
            if joined is not None and isinstance(q, (query.Term, query.And)):
                term = english(joined)  # "U.N." also as "UN", "cross-border" as "crossborder"
                if term is not None:
                    alts.append(query.Term(fieldname, term, boost=boost))
            for terms in tagged_forms(text, self.languages) if self.languages else ():
                if len(terms) == 1:
                    alts.append(query.Term(fieldname, terms[0], boost=boost))
                else:
                    alts.append(query.And([query.Term(fieldname, t, boost=boost) for t in terms]))
            return Forms([q, *alts]) if alts else q

        def fuzzy_query(self, fieldname: str, text: str, q: Any, boost: float) -> Any:
            """``word~``: Whoosh passes the word unanalysed; analyse it as a word is.

            A word in a no-space script (Chinese...) is searched exactly: one
            changed character is another word, and an edit distance between
            character pairs means nothing. Cyrillic, Greek and Arabic words are
            fuzzy on their stems; Latin-script words on their English stem and
            on their stem in each tagged language the archive holds.
            """
            if _IS_NOSPACE.search(text):
                return self.term_query(fieldname, text, query.Term, boost)
            if SPECIAL.search(text):
                terms = query_forms(text, "", english)
                return query.FuzzyTerm(fieldname, terms[0], boost=boost) if len(terms) == 1 else q
            alts = [
                query.FuzzyTerm(fieldname, terms[0], boost=boost)
                for terms in (tagged_forms(text, self.languages, False) if self.languages else ())
                if len(terms) == 1
            ]
            return Forms([q, *alts]) if alts and q is not None else q

    # What qparser.MultifieldParser (a function) does, on this subclass.
    parser = Parser(None, schema)
    parser.add_plugin(qparser.MultifieldPlugin(list(default_fields), fieldboosts=fieldboosts))

    def phrase(fieldname: str, words: list[str], **options: Any) -> Any:
        base = query.Phrase(fieldname, words, **options)
        ranges = options.get("char_ranges") or []
        if fieldname not in text_fields or not parser.languages or not ranges:
            return base
        typed = parser.text[ranges[0][0] : ranges[-1][1]]
        slop, boost = options.get("slop", 1), options.get("boost", 1.0)
        # Each tagged word keeps its place in the query text, so did-you-mean knows
        # a word found in its language ("la" in "la coopération") needs no correction.
        spans = [
            (ranges[0][0] + start, ranges[0][0] + end)
            for _term, _pos, start, end in tokens(typed, parser.languages[0], english)
        ]
        alts = [
            query.Phrase(
                fieldname,
                terms,
                slop=slop,
                boost=boost,
                char_ranges=spans if len(spans) == len(terms) else None,
            )
            for terms in tagged_forms(typed, parser.languages)
        ]
        return Forms([base, *alts]) if alts else base

    parser.phraseclass = phrase
    return parser
