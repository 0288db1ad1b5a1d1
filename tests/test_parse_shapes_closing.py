"""What closes or wraps an interview's answers without being the interviewee's words.

An editor's note after the last answer ("This interview has been edited for
length and clarity.") and the quotation marks a page sets around every answer
belong to the page: the answer is what the interviewee said.
"""

from __future__ import annotations

from brreader.model import Article
from brreader.parse import parse_article

HEADER = "Harbour Notes\n\nA talk about tides\n\n4 May 2023\n\nRia Olsen studies tides.\n\n"


def _parse(body: str) -> Article:
    return parse_article(HEADER + body, id="a", path="a.txt").article


def test_an_editors_note_after_the_last_answer_is_not_part_of_it() -> None:
    article = _parse(
        "Why tides?\n\nBecause they keep time.\n\nWhat next?\n\nA second gauge.\n\n"
        "Editor's note: This interview has been condensed.\n"
    )
    assert [p.answer for p in article.pairs] == ["Because they keep time.", "A second gauge."]
    assert article.lede.endswith("Editor's note: This interview has been condensed.")


def test_a_last_answer_that_only_mentions_editing_keeps_its_words() -> None:
    article = _parse(
        "Why tides?\n\nBecause they keep time.\n\nWhat next?\n\nA second gauge.\n\n"
        "The interview with the harbour master was edited out of the film.\n"
    )
    assert article.pairs[-1].answer.endswith("edited out of the film.")


def test_answers_each_in_guillemets_lose_them_even_when_one_asks() -> None:
    article = _parse(
        "Pourquoi les marées ?\n\n« Parce qu'elles donnent l'heure. »\n\n"
        "Et ensuite ?\n\n« Une seconde jauge. Qui la paiera ? Personne encore. »\n"
    )
    assert [p.answer for p in article.pairs] == [
        "Parce qu'elles donnent l'heure.",
        "Une seconde jauge. Qui la paiera ? Personne encore.",
    ]


def test_one_quoted_answer_among_plain_ones_keeps_its_marks() -> None:
    article = _parse(
        "Why tides?\n\n“They keep time,” my teacher said. I believed her.\n\n"
        "What next?\n\nA second gauge.\n"
    )
    assert article.pairs[0].answer.startswith("“They keep time,”")
