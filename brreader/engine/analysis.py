"""Language-aware analysis: how text in each script and language becomes index terms.

One set of fields for every language (not one field per language): each
word is analysed by its script, and Latin-script words by the article's
language. Why this design, and what it costs, is in docs/query-language.md
("Languages").

- English, and any text without the scripts below in an article whose
  language has no stemmer of its own: Whoosh's chain (``schema.ANALYZER``'s
  English part: lower case, accents folded, English stop words, stems) with
  the English stemmer named by :data:`ENGLISH_STEMMER`.
- Chinese, Japanese, Korean, Thai, Lao, Khmer and Burmese (written without
  spaces): overlapping pairs of characters, as Lucene's CJK analyser does; a
  run of one character is one term. A query word becomes the phrase of its
  pairs, so ``合作`` is found inside any sentence that contains it.
  Traditional Chinese characters are read as simplified first
  (engine/hanzi.py), so ``培訓`` finds ``培训``.
- Cyrillic words: Russian Snowball stems (PyStemmer), ``ё`` read as ``е``, stress
  marks off, Latin look-alike letters in them read as Cyrillic (engine/cyrillic.py).
- Greek words: Greek Snowball stems.
- Arabic-script words: diacritics and tatweel removed, a light prefix
  stemmer (``و``, then ``ال``, ``بال``...), alef, yeh and teh marbuta forms
  unified, then suffixes (``ون``, ``ات``, ``ها``...), so ``التعاون`` meets
  ``تعاون``. Arabic-Indic and Persian digits are ASCII digits (``٢٠٢٤``).
- Latin-script words in an article whose language has a Snowball stemmer
  (French, Spanish, Portuguese, Italian, German, Dutch...): ligatures
  written out (``cœur`` as ``coeur``), that stemmer, then accents folded,
  and the term is tagged with the language (``fr:cooper``), so it never
  collides with an English stem. A query word is looked up as its English
  term and as its tagged term in each such language the archive holds.

How a typed query word is widened to these terms (each tagged language,
accents written or left out, Chinese pairs, wildcards) is engine/widening.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache, lru_cache
from itertools import islice, product
from typing import Any

from whoosh.analysis import STOP_WORDS, Analyzer, Token

from brreader.engine.accents import fold as _fold
from brreader.engine.accents import spelled_stems, unligated
from brreader.engine.arabic import arabic_term
from brreader.engine.cyrillic import unmixed
from brreader.engine.genders import gendered_stems
from brreader.engine.hanzi import simplified
from brreader.engine.stemming import STEMMERS
from brreader.lazyre import lazy

# The English stemmer, by name: "porter", "snowball", "light" or "plural" (see
# engine/stemming.py). Every English word is indexed, searched, highlighted and
# corrected through it, so the index records it: schema.SCHEMA_VERSION follows
# this setting and an index built with another stemmer is rebuilt. Chosen by
# measurement: benchmarks/stemmers.py, docs/query-language.md ("English stemming").
ENGLISH_STEMMER = "plural"

# Latin-script languages stemmed with their own Snowball stemmer (PyStemmer names).
TAGGED = {
    "fr": "french",
    "es": "spanish",
    "pt": "portuguese",
    "it": "italian",
    "de": "german",
    "nl": "dutch",
    "ca": "catalan",
    "ro": "romanian",
    "sv": "swedish",
    "da": "danish",
    "no": "norwegian",
    "nb": "norwegian",
    "fi": "finnish",
}
TAG = ":"  # between a language code and its stem; never inside a token

# Scripts written without spaces between words: indexed as pairs of characters.
_NOSPACE = (
    "\u1100-\u11ff"  # Hangul Jamo
    "\u2e80-\u2fdf"  # CJK radicals
    "\u3005-\u3007\u3021-\u3029\u3031-\u3035\u3038-\u303c"  # ideographic iteration marks
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3130-\u318f"  # Hangul compatibility Jamo
    "\u3400-\u4dbf\u4e00-\u9fff"  # CJK ideographs
    "\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff"  # Hangul
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff66-\uff9f"  # half-width Katakana
    "\U00020000-\U0003134f"  # CJK extensions
    "\u0e00-\u0e7f"  # Thai
    "\u0e80-\u0eff"  # Lao
    "\u1000-\u109f"  # Myanmar
    "\u1780-\u17ff\u19e0-\u19ff"  # Khmer
)
_ARABIC = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_CYRILLIC = "\u0400-\u052f"
_GREEK = "\u0370-\u03ff\u1f00-\u1fff"
# Marks that belong inside a word of these scripts (Python's \w leaves them out).
_MARKS = "\u0300-\u036f\u0483-\u0489\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
# Text with any of these goes through this module; text without them, Whoosh's chain.
SPECIAL = lazy(f"[{_NOSPACE}{_ARABIC}{_CYRILLIC}{_GREEK}]")
_IS_NOSPACE = lazy(f"[{_NOSPACE}]")
_IS_ARABIC = lazy(f"[{_ARABIC}]")
_IS_CYRILLIC = lazy(f"[{_CYRILLIC}]")
_IS_GREEK = lazy(f"[{_GREEK}]")
# The modifier letter apostrophe, which some keyboards and sites type for ' (lʼénergie):
# Python reads it as a letter, so a text with it goes through ``tokens``, where it parts
# words as ' does.
APOSTROPHE = "\u02bc"
# A run of a no-space script, or a word as Whoosh's tokenizer reads it (marks kept).
_LETTER = rf"(?:[^\W{_NOSPACE}{APOSTROPHE}]|[{_MARKS}\*])"
TOKENS = lazy(rf"[{_NOSPACE}]+|{_LETTER}+(?:\.?{_LETTER}+)*")
# The same on ASCII text, where no character is of a no-space script or a mark: a
# pattern that compiles in microseconds (TOKENS's classes take tens of milliseconds,
# a good part of a one-shot command that analyses only a typed query).
ASCII_TOKENS = lazy(r"[\w*]+(?:\.?[\w*]+)*")


@cache
def _stemmer(name: str) -> Any:
    import Stemmer  # PyStemmer: Snowball in C

    return Stemmer.Stemmer(name, 50_000)


def tagged(lang: str) -> bool:
    """True if Latin-script words of this language get their own (tagged) stems."""
    return lang in TAGGED


def needs_own(text: str, lang: str) -> bool:
    """True if ``text`` is not analysed exactly as Whoosh's English chain would."""
    if lang in TAGGED:
        return True
    return not text.isascii() and (SPECIAL.search(text) is not None or APOSTROPHE in text)


# Full-width Latin letters and digits (ＧＰＳ, ２０２４, typed with a CJK keyboard), and
# Arabic-Indic and Persian digits (٢٠٢٤, ۲۰۲۴), as ASCII: a year is one term in every script.
_WIDE = {
    code: code - 0xFEE0
    for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))
} | {code: 0x30 + code % 16 for code in (*range(0x0660, 0x066A), *range(0x06F0, 0x06FA))}


# The terms of words that do not go to the English chain, by (word as typed,
# language): an article repeats its words, and an archive its articles' words.
_OWN_TERMS: dict[tuple[str, str], str] = {}
_OWN_TERMS_LIMIT = 300_000


def _word_term(word: str, lang: str, english: Any) -> str | None:
    """The term of one word (not of a no-space script), or None when it is dropped."""
    known = _OWN_TERMS.get((word, lang))
    if known is not None:
        return known or None
    lowered = word.lower()
    if not lowered.isascii():
        lowered = lowered.translate(_WIDE)  # before a stemmer, which knows ASCII letters only
    if _IS_ARABIC.search(lowered):
        term = arabic_term(lowered)
    elif _IS_CYRILLIC.search(lowered) and _IS_CYRILLIC.search(lowered := unmixed(lowered)):
        term = _stemmer("russian").stemWord(lowered)  # else Latin: look-alikes in a Latin word
    elif _IS_GREEK.search(lowered):
        term = _stemmer("greek").stemWord(lowered)
    elif lang in TAGGED:
        stem = _stemmer(TAGGED[lang]).stemWord(unligated(lowered))
        term = f"{lang}{TAG}{_fold(stem)}"
        term = term if len(lowered) >= 2 else ""
    else:
        return english(lowered)  # cached by the English chain itself
    if len(term) < 2:
        term = ""
    if len(_OWN_TERMS) >= _OWN_TERMS_LIMIT:
        _OWN_TERMS.clear()
    _OWN_TERMS[(word, lang)] = term
    return term or None


def word_term(word: str, lang: str) -> str | None:
    """The term one word (not of a no-space script) is indexed as in an article in ``lang``."""
    return _word_term(word, lang, english)


def is_nospace(text: str) -> bool:
    """True if ``text`` has a character of a script written without spaces (Chinese...)."""
    return _IS_NOSPACE.search(text) is not None


NOSPACE_RUNS = lazy(f"[{_NOSPACE}]+")


def tokens(text: str, lang: str, english: Any) -> Iterator[tuple[str, int, int, int]]:
    """``(term, position, start, end)`` for each term of ``text`` in an article in ``lang``.

    ``english(word)`` gives the English term of a lower-case word, or None for
    a stop word. Positions count the terms kept, from 0.
    """
    pos = 0
    ascii = text.isascii()
    for match in (ASCII_TOKENS if ascii else TOKENS).finditer(text):
        start, end = match.span()
        run = match.group()
        if not ascii and _IS_NOSPACE.match(run):
            run = simplified(run)
            if len(run) == 1:
                yield run, pos, start, end
                pos += 1
                continue
            for i in range(len(run) - 1):
                yield run[i : i + 2], pos, start + i, start + i + 2
                pos += 1
            continue
        term = _word_term(run, lang, english)
        if term:
            yield term, pos, start, end
            pos += 1


def runs(text: str) -> list[list[str]]:
    """The terms of a typed query word, one list per word: the character pairs of a
    no-space run together, every other word alone."""
    found: list[list[str]] = []
    last_end = -1
    for term, _pos, start, end in tokens(text, "", english):
        paired = len(term) == 2 and not term.isascii() and _IS_NOSPACE.match(term) is not None
        if paired and found and start == last_end - 1:
            found[-1].append(term)  # the next pair of the same run overlaps this one
        else:
            found.append([term])
        last_end = end if paired else -1
    return found


def query_forms(text: str, lang: str, english: Any) -> list[str]:
    """The terms a typed word or phrase stands for in an article in ``lang``."""
    return [term for term, _pos, _s, _e in tokens(text, lang, english)]


def tagged_forms(text: str, languages: tuple[str, ...], spelled: bool = True) -> list[list[str]]:
    """The tagged term sequences a typed word or phrase stands for in ``languages``.

    Each language's stemmer is tried and its stems looked up under every
    language: ``coopération`` (French stem ``cooper``) also finds Spanish
    ``cooperación``, and ``cooperacion`` finds French ``coopération``. With
    ``spelled``, each word also stands for the stems it has when its accents are
    written or left out (``sequia`` finds "sequía", engine/accents.py), and for its
    other gender's where the stemmer parts them (``chercheuse``, engine/genders.py).
    Empty when the text has no Latin-script word.
    """
    return [list(form) for form in _tagged_forms(text, languages, ENGLISH_STEMMER, spelled)]


# At most so many spellings of a phrase's words together (the first: every word as typed).
SPELLINGS_LIMIT = 16


@lru_cache(maxsize=1024)
def _tagged_forms(
    text: str, languages: tuple[str, ...], _english: str, spelled: bool
) -> tuple[tuple[str, ...], ...]:
    """:func:`tagged_forms`, worked out once per word and set of languages: a query
    asks for it in each field, and again for "Did you mean" (``_english``: the
    English stemmer it was worked out with, see :func:`stem_english`)."""
    forms: dict[tuple[str, ...], None] = {}
    for stem_lang in languages:
        found = list(tokens(text, stem_lang, english))
        terms = [term for term, _pos, _s, _e in found]
        if not any(TAG in term for term in terms):
            continue
        mark = f"{stem_lang}{TAG}"
        choices = []  # each word's terms: its own, then its other spellings' stems
        own_only: set[str] = set()  # the other gender's stems: this language's alone
        for term, _pos, start, end in found:
            choices.append([term])
            if spelled and term.startswith(mark):
                word = unligated(text[start:end].lower().translate(_WIDE))
                stemmer = _stemmer(TAGGED[stem_lang]).stemWord
                stems = spelled_stems(word, stemmer)
                gendered = gendered_stems(word, stem_lang, stemmer)
                own_only.update(f"{mark}{stem}" for stem in gendered if stem not in stems)
                choices[-1] += [f"{mark}{stem}" for stem in dict.fromkeys(stems + gendered)]
        alternatives = list(islice(product(*choices), SPELLINGS_LIMIT))
        for tag_lang in languages:
            for alternative in alternatives:
                if tag_lang != stem_lang and own_only.intersection(alternative):
                    continue
                retagged = tuple(
                    f"{tag_lang}{TAG}{t[len(mark) :]}" if t.startswith(mark) else t
                    for t in alternative
                )
                forms[retagged] = None
    return tuple(forms)


def stem_english(word: str) -> str:
    """The stem of a lower-case, accent-folded English word by :data:`ENGLISH_STEMMER`.

    The one entry point for English stems (the schema's chain, the fast
    writer and :func:`english` all call it), looked up on each call so that
    a benchmark can set :data:`ENGLISH_STEMMER` before it builds an index.
    """
    return STEMMERS[ENGLISH_STEMMER](word)


@lru_cache(maxsize=50_000)
def english(word: str) -> str | None:
    """The English term of a lower-case word (None for a stop word), as Whoosh's chain."""
    word = _fold(word)
    if len(word) < 2 or word in STOP_WORDS:
        return None
    return str(stem_english(word))


class LanguageAnalyzer(Analyzer):
    """Whoosh's English chain for plain text; this module's analysis for other scripts.

    Called with ``lang=`` (an article's language) when that is known; queries
    are analysed as English here and widened to other languages by the parser
    (see ``query_parser``).
    """

    def __init__(self, english_chain: Any) -> None:
        self.english_chain = english_chain  # pickled with the schema: no functions here

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LanguageAnalyzer) and other.english_chain == self.english_chain

    def __hash__(self) -> int:
        return id(self)

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        lang: str = "",
        **kwargs: Any,
    ) -> Iterator[Any]:
        if not tokenize or not needs_own(value, lang):
            yield from self.english_chain(
                value,
                positions=positions,
                chars=chars,
                keeporiginal=keeporiginal,
                removestops=removestops,
                start_pos=start_pos,
                start_char=start_char,
                tokenize=tokenize,
                mode=mode,
                **kwargs,
            )
            return
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for term, pos, start, end in tokens(value, lang, english):
            token.text = term
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value[start:end]
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token
