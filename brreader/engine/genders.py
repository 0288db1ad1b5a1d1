"""The other gender of a French or Spanish word, where the language's stemmer keeps them apart.

Interviews name people by what they do, and half of them are women:
"chercheuse" and "chercheurs", "directrice" and "directeur", "ingeniera" and
"ingeniero". Snowball joins most masculine and feminine forms (``infirmière``
and ``infirmier``, ``enfermera`` and ``enfermero``), but not these: French
``-euse``/``-eur`` (``fr:chercheux``, ``fr:chercheur``), ``-trice``/``-teur``,
``-ive``/``-if`` and ``-ère``/``-er`` (``bergère`` is ``fr:berger``, ``berger``
``fr:berg``), and Spanish ``-iera``/``-iero`` (``-iera`` is also a verb
ending: ``es:ingen``, ``es:ingenier``). A typed word is also looked up as the
stem of its other gender; the index is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable

from brreader.engine.accents import fold

# (ending, the other gender's ending), both ways, plural first so it is matched first.
_SWAPS = {
    "fr": (
        ("euses", "eurs"),
        ("euse", "eur"),
        ("eurs", "euses"),
        ("eur", "euse"),
        ("trices", "teurs"),
        ("trice", "teur"),
        ("teurs", "trices"),
        ("teur", "trice"),
        ("ives", "ifs"),
        ("ive", "if"),
        ("ifs", "ives"),
        ("if", "ive"),
        # "berger" is "berg" but "bergers" and "bergère" are "berger": the stemmer
        # reads a singular in -er as an infinitive.
        ("ères", "er"),
        ("ère", "er"),
        ("er", "ère"),
    ),
    "es": (("ieras", "ieros"), ("iera", "iero"), ("ieros", "ieras"), ("iero", "iera")),
}


def gendered_stems(word: str, lang: str, stem: Callable[[str], str]) -> list[str]:
    """The stems (accents folded) of a lower-case typed ``word``'s other gender in ``lang``
    (none when the stemmer already joins them, or the word has no such ending)."""
    own = fold(stem(word))
    found: dict[str, None] = {}
    for ending, other in _SWAPS.get(lang, ()):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            found[fold(stem(word[: -len(ending)] + other))] = None
    found.pop(own, None)
    return [term for term in found if len(term) >= 3]
