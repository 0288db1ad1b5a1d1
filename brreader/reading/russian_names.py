"""A Russian personal name back in its base form: "с Тимофеем Баранцевым" names Тимофей Баранцев.

Russian declines names after prepositions: "с" (with) takes the instrumental
("беседа с Анной Ивановой"), "у", "для" and "от" the genitive ("интервью у
Сергея Петровича Иванова"). The interviewee field holds the name as a reader
would look it up, so :func:`base_form` undoes the regular endings of a first
name, a patronymic and a surname. A word without one of those endings is left
as it is: foreign names that do not decline ("с Мэри Браун") and anything the
rules do not know stay untouched.
"""

from __future__ import annotations

import re

from brreader.lazyre import lazy

# Men's names that end in -а or -я like women's: the surname then declines as a man's.
_MEN_IN_A = {
    "никита", "илья", "кузьма", "фома", "лука", "савва", "данила", "гаврила", "фока",
    "михайла", "емельян",
}  # fmt: skip
_CYRILLIC_NAME = re.compile(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)*")

# A preposition right before the name, perhaps with the person's role between them in the
# same case ("с гляциологом", "у директора обсерватории"). Up to four lower-case words.
_GOVERNED = lazy(
    r"(?:^|[\s«\"(,—–-])(?P<prep>[СсУу]|[Сс]о|[Дд]ля|[Оо]т)\s(?P<between>(?:[а-яё-]+\s){0,4})$"
)
_INSTRUMENTAL_WORD = ("ом", "ем", "ём", "ой", "ей", "ёй", "ым", "им", "ью", "ами", "ями")
_GENITIVE_WORD = ("а", "я", "ы", "и", "ого", "его", "ой", "ей", "ых", "их")


def governed_case(before: str) -> str:
    """The case the words just before a name put it in: "ins", "gen", or "" (the base form)."""
    found = _GOVERNED.search(before[-80:])
    if found is None:
        return ""
    case = "ins" if found["prep"].lower() in ("с", "со") else "gen"
    # A role between the preposition and the name is in the same case, its complement
    # in the genitive: "с директором обсерватории". "С утра гляциолог ..." is not.
    endings = _INSTRUMENTAL_WORD + _GENITIVE_WORD if case == "ins" else _GENITIVE_WORD
    words = found["between"].split()
    if words and not words[0].endswith(_INSTRUMENTAL_WORD if case == "ins" else endings):
        return ""
    if any(not word.endswith(endings) for word in words):
        return ""
    return case


def base_form(name: str, case: str) -> str:
    """``name`` (first name, optional patronymic, surname) in the nominative.

    ``case`` is what :func:`governed_case` said; "" returns the name unchanged.
    """
    words = name.split()
    if case not in ("ins", "gen") or not 2 <= len(words) <= 3:
        return name
    if not all(_CYRILLIC_NAME.fullmatch(word) for word in words):
        return name
    first = _first_name(words[0], case)
    if first is None:
        return name  # not a declined Russian first name: leave the whole name alone
    female = first[-1] in "ая" and first.lower() not in _MEN_IN_A
    middle = [_patronymic(word, case) for word in words[1:-1]]
    last = "-".join(_surname(part, case, female) for part in words[-1].split("-"))
    return " ".join([first, *middle, last])


def _replace(word: str, rules: tuple[tuple[str, str], ...]) -> str | None:
    """``word`` with the first matching ending replaced, or None when no ending matches."""
    for ending, base in rules:
        if word.endswith(ending) and len(word) > len(ending) + 1:
            return word[: -len(ending)] + base
    return None


# (ending, base) pairs, longest first. Instrumental: Сергеем, Иваном, Анной, Марией, Ильёй.
_FIRST_INS = (("ем", "й"), ("ом", ""), ("ёй", "я"), ("ей", "я"), ("ой", "а"))
# Genitive: Сергея, Дмитрия, Марии, Натальи, Ольги, Анны, Ивана.
_FIRST_GEN = (
    ("ея", "ей"), ("ия", "ий"), ("ии", "ия"), ("ьи", "ья"), ("ги", "га"), ("ки", "ка"),
    ("хи", "ха"), ("жи", "жа"), ("ши", "ша"), ("чи", "ча"), ("щи", "ща"), ("ы", "а"),
)  # fmt: skip


def _first_name(word: str, case: str) -> str | None:
    """A first name in the nominative, or None when its ending is not a regular case ending."""
    if case == "ins":
        return _replace(word, _FIRST_INS)
    found = _replace(word, _FIRST_GEN)
    if found is None and word.endswith("а") and word[-2] not in "аеёиоуыэюяйь":
        found = word[:-1]  # Ивана, Глеба, Джона
    return found


_PATRONYMIC = {
    "ins": (
        ("ичем", "ич"),
        ("ичом", "ич"),
        ("овной", "овна"),
        ("евной", "евна"),
        ("ичной", "ична"),
    ),
    "gen": (("ича", "ич"), ("овны", "овна"), ("евны", "евна"), ("ичны", "ична")),
}


def _patronymic(word: str, case: str) -> str:
    """A patronymic in the nominative; any other middle word stays as it is."""
    return _replace(word, _PATRONYMIC[case]) or word


# A woman's surname reads the same in both cases: Ивановой, Лесновской ("Толстой" is left:
# Толстая or Толстой cannot be told apart without knowing the family).
_WOMEN = (
    ("ской", "ская"), ("цкой", "цкая"), ("овой", "ова"), ("евой", "ева"), ("ёвой", "ёва"),
    ("иной", "ина"), ("ыной", "ына"),
)  # fmt: skip
# Surnames by case and sex: Баранцевым, Лесновским; Ивановой, Лесновской; Иванова, Лесновского.
_SURNAME = {
    ("ins", False): (
        ("ским", "ский"), ("цким", "цкий"), ("овым", "ов"), ("евым", "ев"), ("ёвым", "ёв"),
        ("иным", "ин"), ("ыным", "ын"),
    ),
    ("ins", True): _WOMEN,
    ("gen", False): (
        ("ского", "ский"), ("цкого", "цкий"), ("ова", "ов"), ("ева", "ев"), ("ёва", "ёв"),
        ("ина", "ин"), ("ына", "ын"),
    ),
    ("gen", True): _WOMEN,
}  # fmt: skip


def _surname(word: str, case: str, female: bool) -> str:
    """A surname in the nominative for a man or a woman; undeclined surnames stay."""
    found = _replace(word, _SURNAME[case, female])
    if found is not None:
        return found
    if not female and word[-1] in "а" and case == "gen" and word[-2] not in "аеёиоуыэюяйь":
        return word[:-1]  # Смита -> Смит
    if not female and case == "ins" and word.endswith("ом") and word[-3] not in "аеёиоуыэюяйь":
        return word[:-2]  # Смитом -> Смит
    return word
