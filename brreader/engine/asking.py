"""Queries typed as questions: which words ask and which words say what about.

People search an archive of interviews the way they would ask a colleague:
``what did they say about vaccines?``. Only *vaccines* names the topic; the
rest shapes the question. Requiring every word finds nothing, so in a query
with no operators, quotes, groups or fields the *asking words* are optional:
an article must have the other words, and the asking words add to its score
where its text has them (see :func:`split`). A query made only of asking words
(``who said what``) still requires them all.

How the lists were chosen. For each language brreader analyses, the words that
make a sentence a question or frame a request without naming a topic:
interrogatives (what, why, когда, pourquoi, cómo, ماذا, 什么), auxiliaries and
the verb "to be" in its question forms (did, does, est-ce), personal pronouns
(they, ils, они, هم, 他们), reporting and thinking verbs in the forms people ask
with (say, said, tell, think, explain, discuss), the prepositions that
introduce a topic (about, regarding, sur, sobre, о, عن, 关于), and the words
for the archive's own things (interview, article), which every article is.
Words that can carry a topic by themselves stay out even when they often open
questions ("work", "happen", "plan", "future"). Chinese question words take the
copula with them where it is written against them (是什么, 什么是, 谁是), so the
topic is not left with a 是 no article writes next to it. Words that are common in one
language and topical in another (English "son", Spanish "sal"; French "ai", which
is "AI" typed in lower case, and Spanish "era") are left out of the shared set.
Chinese and Japanese have no spaces: a question word is cut
out of a run of characters only when it is two or more characters long, or
one of the sentence-final particles (吗, 呢, 吧) at the end of the run.
"""

from __future__ import annotations

import re
import unicodedata

from brreader.lazyre import lazy
from brreader.records import record

_ENGLISH = """
what whats what's which who whom whose why how when where whether
did do does doing done is are was were am be been being isn't aren't wasn't weren't
didn't doesn't don't has have had having can could would should shall will might must may
they them their theirs he him his she her hers it its i me my mine we our ours us you your
yours one ones someone anyone something anything everything there here
about regarding concerning around of on in at to for from the a an and or with into
say says said saying tell tells told telling talk talks talked talking speak spoke
mention mentions mentioned think thinks thought explain explains explained
describe describes described discuss discusses discussed mean means meant
know knows knew get gets got please show find give me any some so such these
those this that then than really actually just also much very
interview interviews interviewed interviewee article articles
"""

_FRENCH = """
que qu quoi quel quelle quels quelles pourquoi comment quand où qui
est-ce qu'est-ce est sont était étaient ont a avez avons été fait font faire
ce cet cette ces il ils elle elles on nous vous leur leurs lui se
dit disent dire parle parlent parler pense pensent penser
sur de du des le la les l un une au aux à en et ou avec pour par
entretien entretiens interview article articles
"""

_SPANISH = """
qué cómo cuál cuáles cuándo dónde quién quiénes por porqué
es eran fue fueron ha han hay tiene tienen hizo hacen hacer
el la los las lo un una unos unas del al de en y o con para sobre acerca
él ella ellos ellas usted ustedes se les le nos
dijo dijeron dicen decir habla hablan hablar piensa piensan pensar opinan
entrevista entrevistas artículo artículos
"""

_RUSSIAN = """
что чем чего как почему зачем когда где куда кто кого какой какая какое какие каких каким
ли же ведь это этот эта эти был была были было есть
он она они оно его её ее их им ему ей вы ваш ваша мы наш
сказал сказала сказали говорил говорила говорили говорят рассказал рассказали расскажите
думает думают думаете считает считают
о об обо про на в во с со и или по для от
интервью статья статьи
"""

_ARABIC = """
ما ماذا لماذا لم كيف متى أين اين من هل أي اي كم
قال قالت قالوا يقول تقول يقولون تحدث تحدثت يرى ترى يرون
هو هي هم هن أنتم انتم نحن
عن في على إلى الى مع حول بشأن و أو او
مقابلة مقابلات مقال
"""

# Several characters long, cut out wherever they stand in a run of Chinese
# or Japanese characters.
_CJK_WORDS = """
为什么 为何 什么 怎么样 怎么 怎样 如何 哪些 哪里 哪儿 哪个 是否 是不是 有没有 有什么
是什么 什么是 是谁 谁是 是如何 是怎样 是怎么 是哪些 是哪个 是哪里 有哪些 多少
他们 她们 我们 你们 它们 关于 对于 请问 谈到 谈谈 说了 说过 认为 看待 表示
なぜ 何が 何を どう どのように について 彼ら
"""

# One character, cut out only at the end of a run: 吗 ends a yes/no question.
_CJK_FINAL = "吗呢吧么"

_NOSPACE = lazy(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# A plain query has no quotes, groups, ranges, fields or boosts that change its meaning.
# (a dash that starts a word leaves it out: "rice -Mekong", see query.NOT_OPERATOR)
_NOT_PLAIN = lazy(r"[\"()\[\]{}:]|(?<!\S)(?:'|-(?=[^\s-])|(?:AND|OR|NOT|ANDNOT|ANDMAYBE)(?!\S))")
# Punctuation a question word may carry: "What," "¿Qué" "Bangladesh?" "«что»".
_EDGES = "¿¡?？؟!！.。,，、;；:«»“”‘’\"'()（）[]"


def _fold(word: str) -> str:
    return unicodedata.normalize("NFC", word).casefold().replace("’", "'")


ASKING: frozenset[str] = frozenset(
    _fold(word)
    for words in (_ENGLISH, _FRENCH, _SPANISH, _RUSSIAN, _ARABIC, _CJK_WORDS)
    for word in words.split()
)
_CJK_ASKING = sorted((w for w in _CJK_WORDS.split()), key=len, reverse=True)
_CJK_CUT = lazy("|".join(map(re.escape, _CJK_ASKING)))


def is_asking(word: str) -> bool:
    """True for a word that asks rather than names a topic (``what``, ``pourquoi``).

    A hyphenated word asks when each of its parts does: French inverts its
    questions (``disent-ils``, ``qu'a-t-il``, with the euphonic ``t``).
    """
    folded = _fold(word.strip(_EDGES))
    if folded in ASKING:
        return True
    parts = [part for part in re.split(r"[-']", folded) if part != "t"]
    return len(parts) > 1 and all(part in ASKING for part in parts)


Span = tuple[int, int]


@record
class Split:
    """A plain query taken apart, as places in its text: topic words and asking words."""

    words: tuple[Span, ...]  # what an article must have
    asking: tuple[Span, ...]  # what only adds to the score

    @staticmethod
    def keep(text: str, spans: tuple[Span, ...]) -> str:
        """``text`` with everything outside ``spans`` blanked: each word keeps its place,
        so a query parsed from it points at the typed text (did-you-mean needs that)."""
        kept = [" "] * len(text)
        for start, end in spans:
            kept[start:end] = text[start:end]
        return "".join(kept)


def plain(text: str) -> bool:
    """True for a query of bare words (wildcards and fuzzy marks allowed).

    Quotes, groups, ranges, ``field:`` and the operators keep the strict meaning
    the query language gives them.
    """
    return _NOT_PLAIN.search(text) is None


def _pieces(token: str) -> list[tuple[int, int, bool]]:
    """A typed word as (start, end, asks) pieces: a run of Chinese is cut at its question words."""
    if token.isascii() or not _NOSPACE.search(token):
        return [(0, len(token), is_asking(token))]
    lead = len(token) - len(token.lstrip(_EDGES))
    rest = token.strip(_EDGES)
    cut = len(rest)
    while cut > 1 and rest[cut - 1] in _CJK_FINAL:
        cut -= 1
    pieces: list[tuple[int, int, bool]] = []
    at = 0
    for found in _CJK_CUT.finditer(rest, 0, cut):
        if found.start() > at:
            pieces.append((lead + at, lead + found.start(), False))
        pieces.append((lead + found.start(), lead + found.end(), True))
        at = found.end()
    if at < cut:
        pieces.append((lead + at, lead + cut, False))
    if cut < len(rest):
        pieces.append((lead + cut, lead + len(rest), True))
    return pieces or [(0, len(token), False)]


def split(text: str) -> Split | None:
    """Where the topic words and the asking words of a plain query are (None: not plain).

    ``words`` is empty when every word asks: then the query means what it says.
    """
    if not plain(text):
        return None
    words: list[Span] = []
    asking: list[Span] = []
    for token in re.finditer(r"\S+", text):
        for start, end, asks in _pieces(token.group()):
            (asking if asks else words).append((token.start() + start, token.start() + end))
    return Split(tuple(words), tuple(asking))


# A field's group of words: "question:(why work with Bangladesh)".
_GROUP = lazy(r"(?<![\w.\\])[A-Za-z_]\w*:\(([^()\"]*)\)")


def in_groups(text: str) -> str:
    """``text`` with the asking words of each field's group of plain words blanked.

    ``question:(why do they work with Bangladesh)`` finds the questions that ask
    about working with Bangladesh, however the question was put. A group of only
    asking words, or one with operators, is left as typed. Blanks keep every
    other word in its place.
    """
    if ":(" not in text:
        return text

    def blank(match: re.Match[str]) -> str:
        inner = match.group(1)
        found = split(inner)
        if found is None or not found.words or not found.asking:
            return match.group(0)
        head = match.group(0)[: match.start(1) - match.start()]
        return f"{head}{Split.keep(inner, found.words)})"

    return _GROUP.sub(blank, text)
