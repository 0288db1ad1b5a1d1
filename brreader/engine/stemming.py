"""English stemmers brreader can index with; ``analysis.ENGLISH_STEMMER`` picks one.

Each takes a lower-case, accent-folded word that is not a stop word and
returns its term. The candidates, compared on the relevance judgments by
``benchmarks/stemmers.py`` (results in docs/query-language.md, "English stemming"):

- ``porter``: Whoosh's Porter stemmer, brreader's first. Aggressive: it
  strips derivational endings too, so "engines", "engineers" and
  "engineering" all become ``engin``, and "training" meets "trains".
- ``snowball``: Snowball English (Porter2), PyStemmer's C implementation.
  Porter's successor; fixes some of its errors but conflates as much.
- ``light``: inflections only (written here, in the spirit of Krovetz's
  KStem but without its dictionary): plurals (-s, -es, -ies), -ed and -ing.
  "engines" and "engine" meet, "engineers" and "engineering" meet as
  ``engineer``, the two groups stay apart. "training", "trained" and
  "trains" still meet as ``train``: without a dictionary a verb's -ing
  and a noun's plural cannot be told apart.
- ``plural``: plurals only (Harman's S-stemmer rules, with -es after a
  sibilant): "trains" meets "train", "training" and "trained" stay words of
  their own.

The index version follows the stemmer's name (``schema.schema_version``),
not its code: a change to what a stemmer here returns for any word changes
the terms indexes hold, so it must raise ``schema.LAYOUT_VERSION`` too (the
word-by-word tests in ``tests/test_stemming.py`` fail first, as a reminder).

The ``light`` stemmer drops a final silent ``e`` from every term ("engine" and
"engines" both give ``engin``; "used", "use" and "using" give ``us``), the
same as Porter does, so an -ed or -ing form meets its base without a
dictionary to say whether the base ends in ``e``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from whoosh.lang.porter import stem as porter

VOWELS = frozenset("aeiouy")
# Words that look inflected but are not (or whose "stem" is another word).
_KEEP = frozenset(
    """news series species always perhaps sometimes whereas thus chaos lens
    bus gas yes physics mathematics economics politics statistics logistics
    electronics genetics hundred during morning evening nothing something anything
    everything ceiling string spring bring thing king ring sing wing sibling
    shed bed red led fed wed""".split()
)
# Endings of a plural whose singular ends in a sibilant: drop "es", not "s".
_SIBILANT_ES = ("sses", "shes", "ches", "xes", "zzes")


def _has_vowel(text: str) -> bool:
    return any(ch in VOWELS for ch in text)


def _plural(word: str) -> str:
    """The singular of a regular English plural; other words unchanged.

    Where a plural cannot tell its singular ("churches" from "church",
    "headaches" from "headache"), both forms meet on a stem without the final
    e: ``headach`` (headache, headaches), ``movy`` (movie, movies).
    """
    if len(word) <= 3 or word in _KEEP:
        return word
    if not word.endswith("s"):
        return _singular_e(word)
    if word.endswith("ies") and len(word) > 4 and word[-4] not in "ae":
        return word[:-3] + "y"  # countries -> country; not "series"-like "aies"/"eies"
    if word.endswith(_SIBILANT_ES) or (word.endswith("es") and word[:-2] in _KEEP):
        return word[:-2]  # classes -> class, churches -> church, boxes -> box, gases -> gas
    if word.endswith(("ss", "us", "is", "ous")):
        return word  # class, campus, analysis, various: not plurals
    return _singular_e(word[:-1])  # engines -> engine, trains -> train, movies -> movy


def _singular_e(word: str) -> str:
    """A singular whose plural drops more than its s, on the plural's stem.

    Only -che (headache, niche) and -ie (movie): a rule for -se or -xe would
    cut "pulse" and "disease" too, and a typed wildcard (``*ulse``,
    ``disease*``) would then miss them.
    """
    if len(word) > 4 and word.endswith("che"):
        return word[:-1]  # headache -> headach, as headaches
    if len(word) > 4 and word.endswith("ie"):
        return word[:-2] + "y"  # movie -> movy, as movies
    return word


def _undouble(stem: str) -> str:
    """``stopp`` -> ``stop`` after an ending came off: a consonant doubled before -ed/-ing.

    Only after a single vowel that follows a consonant (so "added" keeps
    ``add``), and never l, s, z or f, which English doubles in base words too
    ("calling", "missing", "buzzing", "staffed"; long -ll words are handled
    for every term by :func:`_tidy`).
    """
    if (
        len(stem) >= 4
        and stem[-1] == stem[-2]
        and stem[-1] not in VOWELS
        and stem[-1] not in "lszf"
        and stem[-3] in VOWELS
        and stem[-4] not in VOWELS
    ):
        return stem[:-1]
    return stem


def _tidy(stem: str) -> str:
    """What every light-stemmed term ends with: no silent final e, one l after a long stem.

    "engine"/"engin(es)", "change"/"chang(ed)" and "use"/"us(ing)" meet;
    "signal"/"signall(ing)" and "control"/"controll(ed)" meet (as in British
    spelling, -ll- before an ending), while short words ("call", "spell")
    keep their double l. A double e ("agree", "employee") keeps its e.
    """
    if len(stem) >= 3 and stem.endswith("e") and not stem.endswith("ee"):
        stem = stem[:-1]
    if len(stem) > 5 and stem.endswith("ll"):
        stem = stem[:-1]
    return stem


def light(word: str) -> str:
    """Plurals, -ed and -ing removed; see the module's docstring."""
    if word in _KEEP or not word.isalpha():
        return word
    word = _plural(word)
    if word.endswith("ied") and len(word) > 4:
        word = word[:-3] + "y"  # studied -> study, carried -> carry
    elif word.endswith("ed") and not word.endswith("eed") and len(word) > 3:
        stem = word[:-2]
        if _has_vowel(stem):
            word = _undouble(stem)  # used -> us(e), trained -> train, stopped -> stop
    elif word.endswith("ing") and len(word) > 4:
        stem = word[:-3]
        if _has_vowel(stem):
            word = _undouble(stem)
    return _tidy(word)


def plural(word: str) -> str:
    """Plurals removed (the S-stemmer); see the module's docstring."""
    if not word.isalpha():
        return word
    return _plural(word)


@cache
def _snowball_stemmer() -> Callable[[str], str]:
    import Stemmer  # PyStemmer: Snowball in C

    stemmer = Stemmer.Stemmer("english", 50_000)
    return stemmer.stemWord


def snowball(word: str) -> str:
    """Snowball English (Porter2), PyStemmer's C implementation."""
    return str(_snowball_stemmer()(word))


STEMMERS: dict[str, Callable[[str], str]] = {
    "porter": porter,
    "snowball": snowball,
    "light": light,
    "plural": plural,
}
