"""Russian names put back in the nominative: the case a preposition governs, then the endings.

The interviewee field must hold "Тимофей Баранцев" whether the lede says "с
Тимофеем Баранцевым" or "у Тимофея Баранцева", and must not damage a name whose
ending is not a regular case ending (foreign names, names already in the base
form, Latin script). Every name here is invented.
"""

from __future__ import annotations

import pytest

from brreader.reading.russian_names import base_form, governed_case

BASE_FORMS = [
    # Instrumental ("с ..."): men, women, patronymics, -ский/-ская, hyphens.
    ("Тимофеем Баранцевым", "ins", "Тимофей Баранцев"),
    ("Иваном Ивановым", "ins", "Иван Иванов"),
    ("Анной Ивановой", "ins", "Анна Иванова"),
    ("Марией Лесновской", "ins", "Мария Лесновская"),
    ("Глебом Лесновским", "ins", "Глеб Лесновский"),
    ("Сергеем Петровичем Кучиным", "ins", "Сергей Петрович Кучин"),
    ("Натальей Олеговной Ставицкой", "ins", "Наталья Олеговна Ставицкая"),
    ("Дмитрием Ильичом Гродековым", "ins", "Дмитрий Ильич Гродеков"),
    ("Никитой Веретенниковым", "ins", "Никита Веретенников"),
    ("Ильёй Баранцевым", "ins", "Илья Баранцев"),
    ("Джоном Смитом", "ins", "Джон Смит"),
    ("Анной Римской-Корсаковой", "ins", "Анна Римская-Корсакова"),
    # Genitive ("у ...", "для ...", "от ..."): "Иванова" is a man's genitive after a man's
    # first name, and a woman's name in the base form is never given this case.
    ("Сергея Иванова", "gen", "Сергей Иванов"),
    ("Анны Ивановой", "gen", "Анна Иванова"),
    ("Марии Сергеевны Лесновской", "gen", "Мария Сергеевна Лесновская"),
    ("Дмитрия Петровича Лесновского", "gen", "Дмитрий Петрович Лесновский"),
    ("Ольги Зиминой", "gen", "Ольга Зимина"),
    ("Натальи Кучиной", "gen", "Наталья Кучина"),
    ("Глеба Арсеньева", "gen", "Глеб Арсеньев"),
    ("Никиты Баранцева", "gen", "Никита Баранцев"),
    ("Джона Смита", "gen", "Джон Смит"),
    # Names that do not decline, or no case at all: unchanged.
    ("Мэри Браун", "ins", "Мэри Браун"),
    ("Мэри Браун", "gen", "Мэри Браун"),
    ("Анной Шевченко", "ins", "Анна Шевченко"),
    ("Анной Толстой", "ins", "Анна Толстой"),
    ("Тимофей Баранцев", "", "Тимофей Баранцев"),
    ("Тимофеем Баранцевым", "", "Тимофеем Баранцевым"),
    ("John Smithom", "ins", "John Smithom"),
    ("Баранцевым", "ins", "Баранцевым"),
]


@pytest.mark.parametrize(("name", "case", "expected"), BASE_FORMS)
def test_a_declined_name_comes_back_in_its_base_form(name: str, case: str, expected: str):
    assert base_form(name, case) == expected


GOVERNED = [
    ("Мы поговорили с ", "ins"),
    ("Мы поговорили со ", "ins"),
    ("Мы поговорили с гляциологом ", "ins"),
    ("Беседа с директором обсерватории ", "ins"),
    ("Интервью с известным гидробиологом ", "ins"),
    ("Мы взяли интервью у ", "gen"),
    ("Мы взяли интервью у директора обсерватории ", "gen"),
    ("Комментарий для ", "gen"),
    ("Письмо от ", "gen"),
    # The preposition governs another word, or there is none: the name is in the base form.
    ("С утра гляциолог ", ""),
    ("У причала нас ждал гляциолог ", ""),
    ("О проекте рассказывает руководитель лаборатории ", ""),
    ("Наш собеседник — физик ", ""),
    ("", ""),
]


@pytest.mark.parametrize(("before", "case"), GOVERNED)
def test_the_case_comes_from_the_preposition_right_before_the_name(before: str, case: str):
    assert governed_case(before) == case
