"""Whether a text with a few "?" is an interview at all, or commentary and news.

An op-ed asks rhetorical questions and answers them at length; a news
report quotes one. Read as pairs, their words would hide under the wrong
questions, so such a text gets no pairs (all of it stays the searchable
lede) and ``brreader check`` says why.
"""

from __future__ import annotations

import re

from brreader.lazyre import lazy
from brreader.model import QAPair

# Interview questions address the person: "you", "vous", "usted", "вы", "您".
_SECOND_PERSON = lazy(
    r"\b(?:you|your|yours|yourself|vous|votre|vos|usted|ustedes|tú|tu|vosotros|вы|вас|вам|"
    r"ваш\w*|ты|тебя|sie|ihnen|ihr\w*)\b|您|你",
    re.IGNORECASE,
)

_PROSE = 150  # characters: a paragraph of commentary, not a heading or a short reply


# Headlines that say the text is the author's own: "Opinion: ...", "Closing remarks by ...".
_OWN_WORDS = lazy(
    r"\b(?:opinion|commentary|editorial|op-ed|column|viewpoint|perspective|remarks|speech|"
    r"address|keynote|letter|essay|analysis|tribune|chronique|éditorial|opinión|tribuna|"
    r"колонка|мнение|评论|社论)\b",
    re.IGNORECASE,
)


def _argued(question: str) -> bool:
    """A statement, then the question: a sentence ends before the question's last one."""
    body = question.rstrip()[:-1]
    return max(body.rfind(". "), body.rfind("! "), body.rfind("。")) > 0


def not_an_interview(pairs: list[QAPair], lede: list[str], title: str = "") -> str:
    """Why ``pairs`` read from bare "?" look like commentary, or "" when they look like turns.

    Only questions that address no one are doubted. Then a long run of prose
    before the first of them, or few of them among many paragraphs, reads as
    an author asking and answering themselves.
    """
    if not pairs:
        return ""
    asked = len(pairs)
    before = sum(1 for part in lede if len(part) >= _PROSE)
    # Prose is long paragraphs: section headings and one-line replies are not commentary.
    # Counting them needs a split; a bound from counting breaks (in C) usually settles it.
    most = sum(pair.answer.count("\n\n") + 1 for pair in pairs)
    argued = sum(1 for pair in pairs if _argued(pair.question)) if asked <= 6 else 0
    answered = 0
    if most >= 4 * asked or argued >= 2:
        answered = sum(
            sum(1 for part in pair.answer.split("\n\n") if len(part) >= _PROSE) for pair in pairs
        )
    if before >= 3 and asked <= 3:  # a long introduction to many questions is an interview
        why = (
            f"{before} paragraphs of prose before the first '?' and no question addressing "
            "anyone; read as commentary, all lede"
        )
    elif argued >= 2 and argued * 2 >= asked and answered >= asked:  # and answered in prose
        why = (
            f"{argued} of {asked} questions follow the author's own statements and none "
            "addresses anyone; read as commentary, all lede"
        )
    elif asked <= 2 and answered >= 4 * asked:
        why = (
            f"{asked} question(s) that do not address anyone among {answered} paragraphs "
            "of prose; read as commentary, all lede"
        )
    elif asked >= 3 and asked * 5 < asked + answered:
        why = (
            f"{asked} questions among {asked + answered} paragraphs, none addressing anyone; "
            "read as commentary, all lede"
        )
    elif title and _OWN_WORDS.search(title):
        why = f"the headline ({title[:40]!r}) and questions that address no one; all lede"
    else:
        return ""
    # Someone is asked: an interview, however it is laid out. Checked last: the
    # pattern is the costly part, and most texts never get this far.
    if any(_SECOND_PERSON.search(pair.question) for pair in pairs):
        return ""
    return why
