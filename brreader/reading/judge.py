"""Whether a text with a few "?" is an interview at all, or commentary and news.

An op-ed asks rhetorical questions and answers them at length; a news
report quotes one. Read as pairs, their words would hide under the wrong
questions, so such a text gets no pairs (all of it stays the searchable
lede) and ``brreader check`` says why.
"""

from __future__ import annotations

import re

from brreader.model import QAPair

# Interview questions address the person: "you", "vous", "usted", "вы", "您".
_SECOND_PERSON = re.compile(
    r"\b(?:you|your|yours|yourself|vous|votre|vos|usted|ustedes|tú|tu|vosotros|вы|вас|вам|"
    r"ваш\w*|ты|тебя|sie|ihnen|ihr\w*)\b|您|你",
    re.IGNORECASE,
)

_PROSE = 150  # characters: a paragraph of commentary, not a heading or a short reply


# Headlines that say the text is the author's own: "Opinion: ...", "Closing remarks by ...".
_OWN_WORDS = re.compile(
    r"\b(?:opinion|commentary|editorial|op-ed|column|viewpoint|perspective|remarks|speech|"
    r"address|keynote|letter|essay|analysis|tribune|chronique|éditorial|opinión|tribuna|"
    r"колонка|мнение|评论|社论)\b",
    re.IGNORECASE,
)
# "Every budget season the argument returns. Should public money ...?": a statement, then
# the question the author goes on to answer.
_STATEMENT_THEN_QUESTION = re.compile(r"[.!。]\s+\S[^.!?。]*[?？]$")


def not_an_interview(pairs: list[QAPair], lede: list[str], title: str = "") -> str:
    """Why ``pairs`` read from bare "?" look like commentary, or "" when they look like turns.

    Only questions that address no one are doubted. Then a long run of prose
    before the first of them, or few of them among many paragraphs, reads as
    an author asking and answering themselves.
    """
    if not pairs:
        return ""
    asked = len(pairs)
    addressed = sum(1 for pair in pairs if _SECOND_PERSON.search(pair.question))
    if addressed:
        return ""
    if _OWN_WORDS.search(title):
        return f"the headline ({title[:40]!r}) and questions that address no one; all lede"
    argued = sum(1 for pair in pairs if _STATEMENT_THEN_QUESTION.search(pair.question))
    if argued * 2 >= asked and asked >= 2:
        return (
            f"{argued} of {asked} questions follow the author's own statements and none "
            "addresses anyone; read as commentary, all lede"
        )
    # Prose is long paragraphs: section headings and one-line replies are not commentary.
    answered = sum(
        sum(1 for part in pair.answer.split("\n\n") if len(part) >= _PROSE) for pair in pairs
    )
    before = sum(1 for part in lede if len(part) >= _PROSE)
    if before >= 3 and asked <= 3:  # a long introduction to many questions is an interview
        return (
            f"{before} paragraphs of prose before the first '?' and no question addressing "
            "anyone; read as commentary, all lede"
        )
    if asked <= 2 and answered >= 4 * asked:
        return (
            f"{asked} question(s) that do not address anyone among {answered} paragraphs "
            "of prose; read as commentary, all lede"
        )
    if asked >= 3 and asked * 5 < asked + answered:
        return (
            f"{asked} questions among {asked + answered} paragraphs, none addressing anyone; "
            "read as commentary, all lede"
        )
    return ""
