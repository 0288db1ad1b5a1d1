"""Speaker labels learned from the article, and who asks and who answers.

A short prefix ending in ``:`` or ``：`` that starts two or more lines and
alternates with another such prefix is a speaker label, whatever it says
(``OKAFOR:``, ``SC:``, ``Moderator:``, ``问：``, ``Корреспондент:``, the
outlet's name). A timestamp may come first (``0:01:20.4 SC:``, ``[00:01:20]``). A line
escaped with a backslash is never a label.
Then :func:`roles` decides which labels ask.
"""

from __future__ import annotations

import re
from collections import Counter

from brreader.lazyre import lazy
from brreader.model import QAPair
from brreader.reading.marks import MAX_PAIRS, NOT_SPEAKERS, is_question, unescape
from brreader.records import record

_TIMESTAMP = r"(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?[\])]?\s*)?"
LABEL = lazy(
    rf"^{_TIMESTAMP}(?:\*\*|__)?(?P<label>[^\s:：?？!.。\d*_\\][^:：\n?？!。]{{0,38}}?)"
    r"(?:\*\*|__)?[ \u00a0\u202f]?[:：](?:\*\*|__)?(?!//)\s*"
)
# "О.ЛЕСНАЯ – ..." (a radio transcript: an initial and a CAPS surname, then a dash) and
# "P. ..." / "R. ..." (Spanish papers' pregunta/respuesta), labels without a colon.
_DASH_LABEL = lazy(
    rf"^{_TIMESTAMP}(?P<label>(?:[A-ZА-ЯЁ]\.[ ]?)?[A-ZА-ЯЁ][A-ZА-ЯЁ'’-]+)[ \u00a0][–—-][ \u00a0]*"
)
# The Spanish papers' first turn often spells the word out: "Pregunta. ..." / "Respuesta. ...".
_LETTER_LABEL = lazy(
    rf"^{_TIMESTAMP}(?P<label>[PRQAВО]|Pregunta|Respuesta|Question|Answer|Вопрос|Ответ)\."
    r"[ \u00a0]+(?=\S)"
)
# "【问】...", "【记者】...": a Chinese page puts the label in lenticular brackets, no colon.
_BRACKET_LABEL = lazy(rf"^{_TIMESTAMP}【(?P<label>[^】\n]{{1,20}})】[ \u3000]*(?=\S)")
# "Jon Berg  0:04" on a line of its own, the words on the next (a transcription tool's
# export): a name of one to four words, then the time.
_NAME_THEN_TIME = lazy(
    r"^(?P<label>[^\W\d_][\w.'’-]*(?:[ \u00a0][^\W\d_][\w.'’-]*){0,3})[ \u00a0]+"
    r"[\[(]?\d{1,2}:\d{2}(?::\d{2})?[\])]?$"
)
# "* question" / "** answer": Arabic papers mark the turns with one and two asterisks.
_STAR_LABEL = lazy(r"^(?P<label>\*{1,2})[ \u00a0]+(?=[^\s*])")
# Label words that ask, in the languages brreader meets (lower case, no punctuation).
ASKER_WORDS = {
    "q", "question", "questions", "reporter", "interviewer", "host", "moderator", "journalist",
    "correspondent", "anchor", "presenter", "editor", "问", "记者", "主持人", "提问", "编者",
    "вопрос", "корреспондент", "корр", "журналист", "ведущий", "ведущая", "интервьюер",
    "journaliste", "animateur", "pregunta", "periodista", "entrevistador", "reportero", "p",
    "news", "agency", "daily", "times", "radio", "podcast", "magazine", "weekly", "journal",
    "review", "herald", "tribune", "press", "tv", "post", "gazette", "broadcasting", "revista",
    "diario", "periódico", "газета", "журнал", "радио", "телеканал",
}  # fmt: skip
# A Chinese outlet names itself with one of these: 报 (paper), 社 (agency), 台 (station).
_OUTLET_CHARS = lazy(r"[报社台网刊]$")
ANSWER_WORDS = {
    "a", "answer", "答", "ответ", "réponse", "reponse", "respuesta", "r", "guest", "narrator",
    "interviewee", "respondent", "invité", "invitée", "invitado", "invitada", "entrevistado",
    "entrevistada", "гость", "嘉宾", "受访者", "جواب",
}  # fmt: skip


# A label word spelled out and its letter are one speaker ("Pregunta." then "P.").
_SAME_AS_LETTER = {
    "pregunta": "p", "respuesta": "r", "question": "q", "answer": "a", "вопрос": "в",
    "ответ": "о",
}  # fmt: skip
# "Q1", "Question 2": a numbered question or answer label is one speaker at every number
# ("Speaker 1" and "Speaker 2" are two people).
_NUMBERED_WORDS = frozenset(
    "q a question answer p r pregunta respuesta вопрос ответ в о 问 答 س ج".split()
)
_NUMBERED = lazy(r"^(?P<word>[^\W\d_]+)\s?\d{1,3}$")
# "Наталья Крылова (Н.К.)": the first turn names the speaker, the later ones use initials.
_INITIALS_AFTER = lazy(r"^(?P<name>[^()]+?)\s*\((?P<short>(?:[^\W\d_]{1,2}\.\s?){1,3})\)$")


_KEYS: dict[str, str] = {}  # label -> key: the same few labels come back on every line
_ODD_ENDS = frozenset("0123456789)")


def _key(label: str) -> str:
    key = _KEYS.get(label)
    if key is None:
        key = " ".join(label.split()).casefold()
        if key[-1:] in _ODD_ENDS:
            numbered = _NUMBERED.match(key)
            initials = None if numbered else _INITIALS_AFTER.match(key)
            if numbered and numbered["word"] in _NUMBERED_WORDS:
                key = numbered["word"]
            elif initials:
                key = initials["short"].replace(" ", "")
        key = _SAME_AS_LETTER.get(key, key)
        if len(_KEYS) >= 4096:  # labels are a text's own: keep the cache small
            _KEYS.clear()
        _KEYS[label] = key
    return key


def _spoken_name(label: str) -> str:
    """A label as the speaker's name: "Игорь Белов (И.Б.)" -> "Игорь Белов"."""
    initials = _INITIALS_AFTER.match(label) if label.endswith(")") else None
    return initials["name"] if initials else label


def _words(label: str) -> list[str]:
    """The label's words; a one-letter word counts only as the whole label ("Q", not "О.ЛЕСНАЯ")."""
    words = re.findall(r"\w+", label.casefold())
    return words if len(words) == 1 else [word for word in words if len(word) > 1]


@record
class Turns:
    """What the label scan found: the labels in use, the askers, and where labels start."""

    labels: tuple[str, ...]  # as first written, in order of first use
    askers: frozenset[str]  # keys (see _key) of the labels that ask
    first_line: int
    why: str  # how the askers were chosen, for the notes
    # Keys of labels written another way, to the key of the label shown ("berg" ->
    # "jon berg": the first turn gives the full name, the later ones the surname).
    aliases: dict[str, str]


def _label_at(line: str) -> tuple[str, int] | None:
    match = _NAME_THEN_TIME.match(line) if line[-1:].isdigit() or line[-1:] in ")]" else None
    match = match or LABEL.match(line) or _DASH_LABEL.match(line) or _LETTER_LABEL.match(line)
    if match is None and line[:1] in ("【", "*"):
        match = _BRACKET_LABEL.match(line) or _STAR_LABEL.match(line)
    if match is None:
        return None
    label = match["label"].strip()
    if len(label.split()) > 5 or _key(label) in NOT_SPEAKERS:
        return None
    return label, match.end()


def scan(lines: list[str]) -> list[tuple[int, str]]:
    """Where the alternating speaker labels are (line number, label), or [] when none."""
    # Four labels need four marks; counting them in C spares most texts the line loop.
    body = "\n".join(lines)
    marks = body.count(":") + body.count("：") + body.count("– ") + body.count("— ")
    if (
        marks < 4
        and "\nP. " not in body
        and "\nQ. " not in body
        and "【" not in body
        and "\n*" not in body
    ):
        return []
    found: list[tuple[int, str]] = []
    for number, raw in enumerate(lines):
        if not raw:
            continue
        if (
            ":" in raw
            or "：" in raw
            or "." in raw[:4]
            or "–" in raw
            or "—" in raw
            # Labels without a colon or a dash: "【问】", "* ..." / "** ...", "Pregunta. ...".
            or (raw[0] in "【*PRQAВО" and (raw[0] in "【*" or "." in raw[5:12]))
        ):
            hit = _label_at(raw.strip())
            if hit is not None:
                found.append((number, hit[0]))
    if len(found) < 4:
        return []
    counts = Counter(_key(label) for _, label in found)
    kept = {key for key, count in counts.items() if count >= 2}
    kept |= set(_surnamed(counts))
    sequence = [(n, label) for n, label in found if _key(label) in kept]
    # A headline such as "Inés Aguado: «...»" names the speaker too; it sits among the
    # first lines and prose follows it before the first turn.
    if len(sequence) >= 2 and sum(1 for line in lines[: sequence[0][0]] if line.strip()) < 3:
        following = next(
            (n for n in range(sequence[0][0] + 1, len(lines)) if lines[n].strip()), None
        )
        if following is not None and following != sequence[1][0]:
            sequence = sequence[1:]
    pairs = zip(sequence, sequence[1:], strict=False)
    changes = sum(1 for a, b in pairs if _key(a[1]) != _key(b[1]))
    if len(kept) < 2 or changes < 2 or len(sequence) < 4:
        return []
    return sequence


def _surnamed(counts: Counter[str]) -> dict[str, str]:
    """Full-name labels used once whose last word is a label used more ("jon berg" -> "berg").

    Interviews print the full name at a speaker's first turn and the surname after.
    """
    found = {}
    for key, count in counts.items():
        if count == 1 and " " in key:
            last = key.rsplit(" ", 1)[1]
            if counts.get(last, 0) >= 2:
                found[key] = last
    return found


def decide(lines: list[str], sequence: list[tuple[int, str]], who: str, outlet: str) -> Turns:
    """The labels of :func:`scan`'s sequence and which of them ask."""
    counts = Counter(_key(label) for _, label in sequence)
    same = _surnamed(counts)
    first: dict[str, str] = {}  # a speaker's key -> the label first written for them
    for _, label in sequence:
        key = _key(label)
        first.setdefault(same.get(key, key), label)
    aliases = {key: _key(first[same.get(key, key)]) for key in counts}
    aliases = {key: shown for key, shown in aliases.items() if key != shown}
    if aliases:  # every turn under the label shown for its speaker
        sequence = [(n, first[same.get(_key(label), _key(label))]) for n, label in sequence]
    askers, why = roles(lines, sequence, list(first.values()), who, outlet)
    return Turns(tuple(first.values()), askers, sequence[0][0], why, aliases)


def answerers(turns: Turns) -> list[str]:
    """The labels that answer, in order of first use."""
    return [_spoken_name(label) for label in turns.labels if _key(label) not in turns.askers]


def askers(turns: Turns) -> list[str]:
    """The labels that ask, in order of first use."""
    return [label for label in turns.labels if _key(label) in turns.askers]


def roles(
    lines: list[str], sequence: list[tuple[int, str]], labels: list[str], who: str, outlet: str
) -> tuple[frozenset[str], str]:
    """The keys of the labels that ask, and why: label words, the names, then "?" endings."""
    names = {w for w in _words(who)}
    initials = "".join(w[0] for w in who.split() if w[:1].isupper()).casefold()
    askers, answerers = set(), set()
    for label in labels:
        words, key = _words(label), _key(label)
        if (
            any(w in ASKER_WORDS for w in words)
            or "《" in label
            or _OUTLET_CHARS.search(label)
            or (outlet and key == _key(outlet))
        ):
            askers.add(key)
        elif any(w in ANSWER_WORDS for w in words) or (
            names and words and (set(words) <= names or key == initials)
        ):
            answerers.add(key)
    if askers:
        return frozenset(askers), "by label words"
    others = [_key(label) for label in labels if _key(label) not in answerers]
    ending: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for position, (number, label) in enumerate(sequence):
        end = sequence[position + 1][0] if position + 1 < len(sequence) else len(lines)
        text = " ".join(line.strip() for line in lines[number:end]).strip()
        total[_key(label)] += 1
        ending[_key(label)] += is_question(text) or _asks(text)
    ratios = {key: ending[key] / total[key] for key in others}
    if ratios:
        best = max(ratios.values())
        top = [key for key, ratio in ratios.items() if ratio == best]
        if len(top) == 1 and best > 0:
            return frozenset(top), "by turns ending in '?'"
    if answerers:
        return frozenset(others[:1]) if others else frozenset(), "not the interviewee's name"
    return frozenset([_key(sequence[0][1])]), "the first speaker asks"


def _asks(text: str) -> bool:
    return bool(re.search(r"[?？؟][\"'”’»)]*\s*$", text[:400]))


def pairs_by_turns(lines: list[str], turns: Turns) -> tuple[list[str], list[QAPair]]:
    """Text before the first question, and the pairs; labels never stay in the text."""
    body = lines[turns.first_line :]
    by_line = all(line.strip() for line in body)  # no blank lines: each line is a paragraph
    keys = {_key(label) for label in turns.labels}
    aliases = turns.aliases
    before: list[str] = []  # an answerer speaking before anyone asks: kept with the lede
    pairs: list[tuple[list[str], list[str]]] = []
    in_answer = False
    current: list[str] = []

    def flush() -> None:
        text = " ".join(part for part in current if part)
        if text:
            if not pairs:
                before.append(text)
            else:
                (pairs[-1][1] if in_answer else pairs[-1][0]).append(text)
        current.clear()

    for raw in body:
        line = raw.strip()
        if not line:
            flush()
            continue
        hit = _label_at(line)
        key = _key(hit[0]) if hit is not None else ""
        key = aliases.get(key, key)
        if hit is not None and key in keys:
            flush()
            if key in turns.askers:
                if (not pairs or pairs[-1][1]) and len(pairs) < MAX_PAIRS:
                    pairs.append(([], []))
                in_answer = bool(pairs[-1][1])  # past the cap, the rest joins the last answer
            else:
                in_answer = True
            current.append(line[hit[1] :])
        else:
            current.append(unescape(line))
        if by_line:
            flush()
    flush()
    return before, [QAPair("\n\n".join(q), "\n\n".join(a)) for q, a in pairs]
