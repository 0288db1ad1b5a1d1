"""Turns without labels: bare "?" questions, dash dialogue, numbered and same-line questions.

Each reader takes the paragraphs after the header and returns the lede
paragraphs and the pairs. :func:`read_unlabelled` picks one and names it for
the notes. The "?" reader is the default and reads seed-shaped articles as
it always has; the others take over only when their own marks are plain.
"""

from __future__ import annotations

import re

from brreader.lazyre import lazy
from brreader.model import QAPair
from brreader.reading.marks import ANSWER_LABEL, MAX_PAIRS, is_furniture, is_question

# A short imperative paragraph asks, though it ends in a full stop.
_PROMPT = lazy(
    r"^(?:(?:Tell|Describe|Explain|Talk|Walk|Share|Give us|Расскажите|Опишите|Объясните|"
    r"Поделитесь|Назовите|Parlez|Racontez|Décrivez|Expliquez|Présentez|Cuéntenos|Cuéntanos|"
    r"Háblenos|Describa|Explique|Erzählen|Beschreiben)\b|请|谈谈|介绍一下)"
)
# "— Text", "– Text", and Spanish "-Text" written without the space.
_PROMPT_STARTS = set("TDEWSGРОПНPRCHB请谈介*_")
_DASHES, _DIGITS = set("—–-"), set("0123456789")
_DASH = lazy(r"^[—–-](?:[ \u00a0]+(?=\S)|(?=[¿¡«\"“]|[^\W\d_]))")
# Bold ("**Why?**", "__Why?__") or italic ("*Why?*", "_¿Por qué?_"): a page's question style.
_BOLD = lazy(r"^(\*\*|__|\*|_)(?P<text>[^*_\s](?:.*[^*_\s])?)\1$")
# A paragraph that is only a speaker's name or role: "Ilya Vance:", "Northland Broadcasting:".
_LABEL_ALONE = lazy(r"^(?:\*\*)?(?P<label>[^\W\d_][^:：?!.]{0,40})(?:\*\*)?[:：](?:\*\*)?$")
_NUMBER = lazy(r"^(?P<n>\d{1,3})[.)][ \u00a0]+(?=\S)")
# A paragraph whose first sentence asks and whose rest answers: "Why now? – Because ...".
_SAME_PARAGRAPH = lazy(
    r"^(?P<q>[^.!?。！？؟]{8,300}?[?？؟][\"”»’]?)[ \u00a0]+(?:[–—-][ \u00a0]+)?(?P<a>\S.*)$", re.S
)
_REFERENCES = lazy(
    r"^(?:references|sources|bibliography|further reading|notes|参考文献|литература|источники|"
    r"références|referencias|fuentes)\s*[:：]?$",
    re.IGNORECASE,
)
# A list of links saved with the page: "Related articles", "Lire aussi", "Читайте также".
_RELATED = lazy(
    r"^(?:related(?: articles| stories| content| reading| coverage| posts)?|read more|"
    r"more on this(?: story| topic)?|you (?:may|might) also like|recommended(?: for you)?|"
    r"(?:à )?lire aussi|sur le même sujet|читайте также|также читайте|по теме|相关阅读|相关新闻|"
    r"延伸阅读|推荐阅读|te puede interesar|lee también|noticias relacionadas|relacionadas|"
    r"اقرأ أيضا|اقرأ أيضاً|مواضيع ذات صلة|أخبار ذات صلة)\s*[:：]?$",
    re.IGNORECASE,
)
_LINK_TEXT = 160  # characters: a linked headline, a bio line, a share button

Pairs = list[tuple[list[str], list[str]]]


def unbold(paragraph: str) -> str:
    """``**Tell us more.**`` (or ``*Tell us more.*``) -> ``Tell us more.``"""
    found = _BOLD.match(paragraph)
    return found["text"].strip() if found else paragraph


def all_bold(pairs: list[QAPair]) -> bool:
    """Every question (two at least) wholly in bold or italics: a page's way of setting
    questions apart."""
    return len(pairs) >= 2 and all(_BOLD.match(pair.question) for pair in pairs)


def is_prompt(paragraph: str) -> bool:
    """A short imperative question ("Tell us about ...", "Расскажите ...", "请介绍 ...")."""
    if len(paragraph) > 254 or paragraph[:1] not in _PROMPT_STARTS:
        return False
    paragraph = unbold(paragraph)
    return len(paragraph) <= 250 and paragraph.count(". ") == 0 and bool(_PROMPT.match(paragraph))


# Opening and closing quotation marks around a quoted answer.
_QUOTES = {"«": "»", "“": "”", '"': '"', "„": "“"}


def unquoted(pairs: list[QAPair]) -> list[QAPair]:
    """Answers that each stand wholly in quotation marks (a page that quotes the
    interviewee: « ... », “ ... ”) without them; the marks are the page's, not the words."""
    if len(pairs) < 2:
        return pairs
    for pair in pairs:
        close = _QUOTES.get(pair.answer[:1])
        if close is None or not pair.answer.endswith(close) or len(pair.answer) < 3:
            return pairs
    return [QAPair(pair.question, pair.answer[1:-1].strip()) for pair in pairs]


# What an editor says after the last answer: it is not the interviewee's.
_CLOSING_NOTE = lazy(
    r"^\(?(?:editor['’]s note\s*[:：.]|this (?:interview|conversation|transcript) (?:has been|"
    r"was|is) (?:lightly )?(?:edited|condensed)|(?:the )?interview (?:has been|was) (?:lightly )?"
    r"(?:edited|condensed)|(?:cet entretien|cette interview|l['’]entretien) a été (?:édité|"
    r"condensé|raccourci)|(?:esta|la) entrevista (?:ha sido|fue) (?:editada|condensada)|"
    r"интервью (?:сокращено|публикуется в сокращении|отредактировано)|编者注|采访内容有删节)",
    re.IGNORECASE,
)


def without_closing_note(pairs: list[QAPair]) -> tuple[list[QAPair], str]:
    """The pairs without an editor's note closing the last answer ("This interview has
    been edited for length and clarity."), and the note."""
    if not pairs or "\n\n" not in pairs[-1].answer:
        return pairs, ""
    answer, note = pairs[-1].answer.rsplit("\n\n", 1)
    if len(note) > 400 or not _CLOSING_NOTE.match(note):
        return pairs, ""
    return [*pairs[:-1], QAPair(pairs[-1].question, answer)], note


def _finish(lede: list[str], pairs: Pairs) -> tuple[list[str], list[QAPair]]:
    return lede, [QAPair("\n\n".join(q), "\n\n".join(a)) for q, a in pairs]


def label_alone(paragraph: str) -> str:
    """The name or role a paragraph holds alone ("Ilya Vance:"), or ""."""
    if not paragraph.endswith((":", "：", "**")) or len(paragraph) > 48:
        return ""
    found = _LABEL_ALONE.match(paragraph)
    if not found:
        return ""
    words = found["label"].split()
    return found["label"] if len(words) <= 5 and all(w[:1].isupper() for w in words) else ""


def tidy(
    lede: list[str], pairs: list[QAPair], bold: bool
) -> tuple[list[str], list[QAPair], list[str]]:
    """Take labels off turns read without them; and the names that labelled answers.

    An answer may open with ``A:`` or with a paragraph that is only its
    speaker's name; the asker's name may stand alone before the question.
    With ``bold``, questions lose the bold markers that made them stand out.
    """
    speakers: list[str] = []
    if lede and label_alone(lede[-1]) and pairs:
        lede = lede[:-1]
    tidied = []
    for pair in pairs:
        question = unbold(pair.question) if bold else pair.question
        answer = pair.answer
        first, last = answer.split("\n\n", 1)[0], answer.rsplit("\n\n", 1)[-1]
        if label_alone(first) or label_alone(last) or ANSWER_LABEL.match(first):
            answer = _untagged(answer, speakers)
        tidied.append(pair if (question, answer) == (pair.question, pair.answer) else
                      QAPair(question, answer))  # fmt: skip
    return lede, tidied, speakers


def _untagged(answer: str, speakers: list[str]) -> str:
    """An answer without its speaker's name alone first, a label last, or a leading ``A:``."""
    parts = answer.split("\n\n")
    if parts and (name := label_alone(parts[0])):
        speakers.append(name.strip())
        parts = parts[1:]
    if parts and label_alone(parts[-1]):
        parts = parts[:-1]
    if parts and (found := ANSWER_LABEL.match(parts[0])):
        parts[0] = parts[0][found.end() :]
    return "\n\n".join(part for part in parts if part.strip())  # a bare "A:" leaves nothing


# A first sentence that ends with a full stop after a word ("With a flood. ..."), not
# after an abbreviation ("Dr. Olsen, ...?"), or a Chinese sentence ending in "。".
_STATEMENT_FIRST = lazy(
    r"^[^.!?。！？؟]*?(?:[a-zà-ÿа-яё\u0621-\u064a]{2,}[.!][\"”»’)]*\s|[\u4e00-\u9fff][。！])"
)


def _states_first(paragraph: str) -> bool:
    """Whether a paragraph ending in "?" opens with a statement: right after an unanswered
    question, that is the answer (which happens to end by asking), not more question."""
    return _STATEMENT_FIRST.match(paragraph) is not None


def by_question_marks(
    paragraphs: list[str],
    extra: frozenset[int] = frozenset(),
    plain: frozenset[int] = frozenset(),
) -> tuple[list[str], list[QAPair], bool]:
    """Split ``lede + Q/A`` paragraphs with the "?" heuristic; True if MAX_PAIRS cut it short.

    ``extra`` holds the positions of paragraphs that ask without a "?"; ``plain``
    those escaped with a backslash, which never ask.
    """
    lede: list[str] = []
    capped = False
    pairs: Pairs = []
    for number, paragraph in enumerate(paragraphs):
        if (is_question(paragraph) and number not in plain) or number in extra:
            if pairs and not pairs[-1][1]:
                if _states_first(paragraph):  # "With a flood. Who would have guessed?"
                    pairs[-1][1].append(paragraph)
                else:
                    pairs[-1][0].append(paragraph)  # a question that runs over two paragraphs
            elif len(pairs) >= MAX_PAIRS:
                pairs[-1][1].extend(paragraphs[number:])  # the rest stays searchable text
                capped = True
                break
            else:
                pairs.append(([paragraph], []))
        elif pairs:
            pairs[-1][1].append(paragraph)
        else:
            lede.append(paragraph)
    return (*_finish(lede, pairs), capped)


def _asking_turns(paragraphs: list[str]) -> set[int] | None:
    """Dash dialogue whose turns alternate: the positions of the asker's dashed paragraphs.

    Each dash is a new speaker, so the first dashed paragraph and every second one after
    it ask, though one of them may state ("Многие говорят, что ...") or greet. Only when
    the "?" marks agree: two of the asker's turns at least end in "?", and the other
    speaker's turns ask at most a quarter as often.
    """
    dashed = [n for n, p in enumerate(paragraphs) if p[:1] in _DASHES and _DASH.match(p)]
    asker, other = dashed[0::2], dashed[1::2]
    asked = sum(1 for n in asker if is_question(paragraphs[n][1:]))
    answered = sum(1 for n in other if is_question(paragraphs[n][1:]))
    if asked < 2 or answered * 4 > asked or asked == len(asker):
        return None  # every turn that asks ends in "?": the marks alone read it
    return set(asker)


def by_marks(paragraphs: list[str], mark: re.Pattern[str]) -> tuple[list[str], list[QAPair]]:
    """Dash dialogue or numbered questions: a marked paragraph that asks starts a pair."""
    lede: list[str] = []
    pairs: Pairs = []
    turns = _asking_turns(paragraphs) if mark is _DASH else None
    for number, paragraph in enumerate(paragraphs):
        found = mark.match(paragraph)
        text = unbold(paragraph[found.end() :]) if found else paragraph
        asks = found is not None and (
            is_question(text) or is_prompt(text) or (mark is _NUMBER and len(text) <= 300)
        )
        if turns is not None and found is not None:
            asks = number in turns
            if asks and len(pairs) < MAX_PAIRS:
                pairs.append(([text], []))
                continue
        if asks and len(pairs) < MAX_PAIRS:
            if pairs and not pairs[-1][1]:
                pairs[-1][0].append(text)
            else:
                pairs.append(([text], []))
        elif pairs:
            pairs[-1][1].append(text if mark is _DASH else paragraph)
        else:
            lede.append(paragraph)
    return _finish(lede, pairs)


def by_same_paragraph(paragraphs: list[str]) -> tuple[list[str], list[QAPair]]:
    """Questions that share a paragraph with the start of their answer."""
    lede: list[str] = []
    pairs: Pairs = []
    for paragraph in paragraphs:
        found = _SAME_PARAGRAPH.match(paragraph)
        if found and len(pairs) < MAX_PAIRS:
            pairs.append(([found["q"]], [found["a"]]))
        elif is_question(paragraph) and len(paragraph) <= 300 and len(pairs) < MAX_PAIRS:
            pairs.append(([paragraph], []))
        elif pairs:
            pairs[-1][1].append(paragraph)
        else:
            lede.append(paragraph)
    return _finish(lede, pairs)


def _numbered(paragraphs: list[str]) -> bool:
    numbers = [(m, p) for p in paragraphs if p[0].isdigit() and (m := _NUMBER.match(p))]
    if len(numbers) < 3 or int(numbers[0][0]["n"]) != 1:  # a list of two is often just a list
        return False
    values = [int(m["n"]) for m, _ in numbers]
    if values != list(range(1, len(values) + 1)):
        return False
    asking = sum(1 for m, p in numbers if is_question(p[m.end() :]) or is_prompt(p[m.end() :]))
    return asking * 2 >= len(numbers)


def _dialogue(lede: list[str], pairs: list[QAPair]) -> bool:
    """True if the turns found by question marks are dash dialogue: every question opens
    with a dash, and so do at least four paragraphs, but no paragraph of the lede (a
    list of points is not a dialogue)."""
    if any(p[:1] in _DASHES and _DASH.match(p) for p in lede):
        return False
    if not all(p.question[:1] in _DASHES and _DASH.match(p.question) for p in pairs):
        return False
    paragraphs = [t for p in pairs for t in (*p.question.split("\n\n"), *p.answer.split("\n\n"))]
    return _dashed(paragraphs)


def _undashed(text: str) -> str:
    """Each paragraph of ``text`` without the dialogue dash that opens it."""
    paragraphs = text.split("\n\n")
    return "\n\n".join(
        p[found.end() :] if p[:1] in _DASHES and (found := _DASH.match(p)) else p
        for p in paragraphs
    )


def _dashed(paragraphs: list[str]) -> bool:
    dashed = [p for p in paragraphs if p[:1] in _DASHES and _DASH.match(p)]  # p may be empty
    if len(dashed) < 4:
        return False
    asking = sum(1 for p in dashed if is_question(p))
    all_asking = sum(1 for p in paragraphs if is_question(p))
    return len(dashed) >= 4 and asking >= 2 and asking * 2 >= all_asking


def _without_furniture(rest: list[str], tail: list[str]) -> tuple[list[str], list[str]]:
    """The paragraphs without page furniture ("Advertisement", "Listen to this article")
    and without a trailing list of links ("Related articles" and short lines only): the
    site's headlines may ask, but they are neither turns nor this interview's words."""
    furniture = {p for p in [p for p in rest if len(p) <= 60] if is_furniture(p)}
    if furniture:
        rest = [p for p in rest if p not in furniture]
    for number in range(len(rest) - 1, 0, -1):
        if len(rest[number]) > _LINK_TEXT:
            break  # only the short lines at the end can be such a list
        if len(rest[number]) <= 30 and _RELATED.match(rest[number]):
            return rest[:number], tail
    return rest, tail


def read_unlabelled(
    rest: list[str], plain_only: bool = False, plain: frozenset[int] = frozenset()
) -> tuple[list[str], list[QAPair], bool, str, list[tuple[str, str]]]:
    """Lede paragraphs, pairs, whether capped, which reader, and doubts (code, reason).

    Labels a reader left (``A:``, a name alone, bold) are for :func:`tidy`.
    ``plain_only`` (a file with front matter, such as one ``import`` wrote)
    reads bare "?" questions only, so a written article reads back the same;
    there the paragraphs at ``plain`` (escaped with a backslash) never ask.
    """
    doubts: list[tuple[str, str]] = []
    tail: list[str] = []
    short = [n for n, p in enumerate(rest) if n and len(p) <= 20]
    for number in short:
        if _REFERENCES.match(rest[number]):
            rest, tail = rest[:number], rest[number:]  # titles there may ask; they are not turns
            break
    if not plain_only:
        rest, tail = _without_furniture(rest, tail)
    held: list[str] = []
    if rest and is_question(rest[0]) and len(rest[0]) > 200 and ". " in rest[0][:-1]:
        held, rest = rest[:1], rest[1:]
        plain = frozenset(n - 1 for n in plain if n)
        doubts.append(("question-like-lede", "the lede ends in '?'; read as the lede"))
    capped = False
    if plain_only or len(rest) > 400 or not rest:  # long files: the plain reader, kept cheap
        lede, pairs, capped = by_question_marks(rest, plain=plain if plain_only else frozenset())
        how = "question marks"
        if plain_only and pairs and {p[0] for p in rest} & _DASHES and _dialogue(lede, pairs):
            # Front matter over dash dialogue (Russian, Spanish, French): the same
            # pairs, without the dash that opens each turn. Files brreader writes
            # have Q:/A: labels and never come here.
            pairs = [QAPair(_undashed(p.question), _undashed(p.answer)) for p in pairs]
            how = "question marks, dialogue dashes taken off"
    elif (starts := {p[0] for p in rest}) & _DASHES and _dashed(rest):
        (lede, pairs), how = by_marks(rest, _DASH), "dialogue dashes"
    elif starts & _DIGITS and _numbered(rest):
        (lede, pairs), how = by_marks(rest, _NUMBER), "numbered questions"
    else:
        # A bold prompt is marked like a question; a plain one only between answers
        # in a text whose other questions end in "?". Most texts have no prompt at all.
        prompts = [
            n
            for n, p in enumerate(rest)
            if n and len(p) <= 254 and p[0] in _PROMPT_STARTS and is_prompt(p)
        ]
        extra: frozenset[int] = frozenset()
        if prompts:
            asking = [n for n, p in enumerate(rest) if is_question(p)]
            extra = frozenset(
                n
                for n in prompts
                if not is_question(rest[n - 1])
                and (_BOLD.match(rest[n]) or (len(asking) >= 2 and n > asking[0]))
            )
        lede, pairs, capped = by_question_marks(rest, extra)
        how = "question marks" + (" and prompts" if extra else "")
        if len(pairs) < 2:
            same_lede, same = by_same_paragraph(rest)
            if len(same) >= 2:
                lede, pairs, how = same_lede, same, "questions sharing a paragraph with answers"
    if tail:
        if pairs:
            last = pairs[-1]
            pairs[-1] = QAPair(last.question, "\n\n".join([last.answer, *tail]).strip("\n"))
        else:
            lede = lede + tail
    return held + lede, pairs, capped, how, doubts
