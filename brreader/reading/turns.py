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
from bisect import bisect_right
from collections import Counter

from brreader.lazyre import lazy
from brreader.model import QAPair
from brreader.reading.marks import MAX_PAIRS, NOT_SPEAKERS, is_question, unescape
from brreader.records import record

_TIMESTAMP = r"(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?[\])]?\s*)?"
_LABEL_BODY = (
    r"(?:\*\*|__)?(?P<label>[^\s:：?？!.。\d*_\\][^:：\n?？!。]{0,38}?)"
    r"(?:\*\*|__)?[ \u00a0\u202f]?[:：](?:\*\*|__)?(?!//)\s*"
)
LABEL = lazy(rf"^{_TIMESTAMP}{_LABEL_BODY}")
# "一、问：", "2. Q:": an official Q&A numbers its turns before the label (tried, instead
# of LABEL, on lines that open with a digit or a Chinese numeral).
_NUMBERED_LABEL = lazy(
    rf"^{_TIMESTAMP}(?:(?:\d{{1,3}}[.、)]|[一二三四五六七八九十]{{1,3}}[、.．])[ \u00a0\u3000]*)?"
    rf"{_LABEL_BODY}"
)
_LIST_STARTS = frozenset("0123456789一二三四五六七八九十")
# The labels a list number may stand before: question and answer, in a few languages.
_QA_WORDS = frozenset(
    "q a question answer p r pregunta respuesta вопрос ответ в о 问 答 問 記者 记者 س ج سؤال "
    "جواب".split()
)
# "О.ЛЕСНАЯ – ..." (a radio transcript: an initial and a CAPS surname, then a dash) and
# "P. ..." / "R. ..." (Spanish papers' pregunta/respuesta), labels without a colon.
_DASH_LABEL = lazy(
    rf"^{_TIMESTAMP}(?P<label>(?:[A-ZА-ЯЁ]\.[ ]?)?[A-ZА-ЯЁ][A-ZА-ЯЁ'’-]+)[ \u00a0][–—-][ \u00a0]*"
)
# The Spanish papers' first turn often spells the word out: "Pregunta. ..." / "Respuesta. ...".
# A ministry's transcript writes the letter and a dash: "Q - ..." / "R - ...".
# "Daniel Havers– Hello", "DH– Why ...?": a podcast's transcript puts an en dash right
# after the speaker's name or initials (capitalised words), no colon.
_NAME_DASH = lazy(r"^(?P<label>[A-Z][\w.'’]*(?:[ \u00a0][A-Z][\w.'’]*){0,3})[–—][ \u00a0]*(?=\S)")
# "Пётр Лыков, директор Института прикладной химии: ...", "Jane Orr, head of the survey: ...":
# a speaker's first turn names the role after the name; the label is the name.
_NAME_ROLE = lazy(
    r"^(?P<label>[A-ZА-ЯЁÀ-Ý][\w'’-]+(?:[ \u00a0][A-ZА-ЯЁÀ-Ý][\w'’-]+){1,3}),[ \u00a0]"
    r"[^:：\n?!]{3,90}[:：][ \u00a0]+(?=\S)"
)
# Arabic papers number them ("س1. ..." / "ج1. ...") or follow the letter with a dash or a
# tatweel ("س ـ ..." / "ج ـ ...").
_LETTER_LABEL = lazy(
    rf"^{_TIMESTAMP}(?P<label>[PRQAВО]|Pregunta|Respuesta|Question|Answer|Вопрос|Ответ|"
    r"[سج]\d{0,3})(?:\.|[ \u00a0][–—-]|[ \u00a0]?ـ)[ \u00a0]+(?=\S)"
)
# "【问】...", "【记者】...": a Chinese page puts the label in lenticular brackets, no colon.
_BRACKET_LABEL = lazy(rf"^{_TIMESTAMP}【(?P<label>[^】\n]{{1,20}})】[ \u3000]*(?=\S)")
# "Jon Berg  0:04" on a line of its own, the words on the next (a transcription tool's
# export): a name of one to four words, then the time. Other tools write
# "Jon Berg (00:00:04):", the words after the colon or on the next line.
_NAME_THEN_TIME = lazy(
    r"^(?P<label>[^\W\d_][\w.'’-]*(?:[ \u00a0][^\W\d_][\w.'’-]*){0,3})[ \u00a0]+"
    r"(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?[\])]?$|[\[(]\d{1,2}:\d{2}(?::\d{2})?[\])]:[ \u00a0]*)"
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
    "diario", "periódico", "газета", "журнал", "радио", "телеканал", "courier", "chronicle",
    "observer", "telegraph", "bulletin", "wire",
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
_ODD_ENDS = frozenset("0123456789０１２３４５６７８９)")  # "问１": full-width numbers too


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
    # Every label answers; the questions are the unlabelled paragraphs ending in "?"
    # between the turns ("Comment ... ?" / "Sophie Vernier : ..." / "Luc Ardouin : ...").
    bare: bool = False


def _label_at(line: str) -> tuple[str, int] | None:
    end = line[-1:]
    timed = end.isdigit() or end in ")]"
    if not timed and (")" in line or "]" in line):  # "Jon Berg (00:00:04): ..."
        timed = line.find("):", 6, 60) > 0 or line.find("]:", 6, 60) > 0
    match = _NAME_THEN_TIME.match(line) if timed else None
    if match is None and line[:1] in _LIST_STARTS:  # "2. Q:", "一、问：" number the label
        match = _NUMBERED_LABEL.match(line)
        if match is not None and match.start("label") and _key(match["label"]) not in _QA_WORDS:
            match = LABEL.match(line)  # "1. Valley Record: ..." is a list, not a turn
    elif match is None:
        match = LABEL.match(line)
    match = match or _DASH_LABEL.match(line) or _LETTER_LABEL.match(line)
    if match is None and line[:1].isupper():
        match = _NAME_DASH.match(line) if "–" in line or "—" in line else None
        match = match or (_NAME_ROLE.match(line) if "," in line[:40] else None)
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
    # Three labels need three marks; counting them in C spares most texts the line loop.
    body = "\n".join(lines)
    marks = body.count(":") + body.count("：") + body.count("– ") + body.count("— ")
    if (
        marks < 3
        and "\nP. " not in body
        and "\nQ. " not in body
        and "\nQ - " not in body
        and "\nP - " not in body
        and "【" not in body
        and "\n*" not in body
        and "\nس" not in body
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
            or raw[0] in "سج"
            or raw.startswith(" - ", 1)  # "Q - ..." / "R - ..."
        ):
            hit = _label_at(raw.strip())
            if hit is not None:
                found.append((number, hit[0]))
    if len(found) < 3:  # three questions under one label, or four turns of two
        return []
    counts = Counter(_key(label) for _, label in found)
    kept = {key for key, count in counts.items() if count >= 2}
    kept |= set(_surnamed(counts))
    if kept:  # at a briefing, each outlet or reporter asks once ("Radio Veloria:", "【…记者】")
        kept |= {
            _key(label)
            for number, label in found
            if counts[_key(label)] == 1 and _asker(label) and is_question(lines[number].strip())
        }
    kept |= _once_in_caps(found, kept)
    sequence = [(n, label) for n, label in found if _key(label) in kept]
    if len(kept) == 1 and _one_sided(lines, sequence):
        return sequence  # "Pregunta: ..." before each question, the answers unlabelled
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


# Label words that only ask: a page that labels its questions with one of them may leave
# the answers unlabelled ("Pregunta: ..." / the answer's paragraphs / "Pregunta: ...").
_QUESTION_WORDS = frozenset(
    """q question reporter interviewer journalist journaliste host moderator pregunta
    periodista entrevistador вопрос корреспондент корр журналист интервьюер 问 記者 记者 問
    提问 主持人 سؤال س""".split()
)


def _asker(label: str) -> bool:
    """Whether a label names an asker by its words: a reporter, an outlet."""
    return (
        any(word in ASKER_WORDS for word in _words(label))
        or "《" in label
        or label.endswith(("记者", "記者"))
        or _OUTLET_CHARS.search(label) is not None
    )


def _one_sided(lines: list[str], sequence: list[tuple[int, str]]) -> bool:
    """Whether one asking label opens three turns or more, each followed by unlabelled text."""
    if len(sequence) < 3 or not set(_words(sequence[0][1])) & _QUESTION_WORDS:
        return False
    answered = 0
    nexts = [*sequence[1:], (len(lines), "")]
    for (number, _), (following, _) in zip(sequence, nexts, strict=True):
        if any(line.strip() for line in lines[number + 1 : following]):
            answered += 1
    return answered * 3 >= len(sequence) * 2


def _once_in_caps(found: list[tuple[int, str]], kept: set[str]) -> set[str]:
    """Keys of full names in capitals used once among capital labels ("ROB ELLERY:").

    A broadcast transcript writes every speaker so; a second host may ask once.
    """
    if not kept:
        return set()
    shown = [label for _, label in found if _key(label) in kept]
    if not all(label.isupper() and len(label.split()) >= 2 for label in shown):
        return set()
    first = next(n for n, label in found if _key(label) in kept)
    last = max(n for n, label in found if _key(label) in kept)
    return {
        _key(label)
        for n, label in found
        if first < n < last and label.isupper() and 2 <= len(label.split()) <= 4
    }


def _surnamed(counts: Counter[str]) -> dict[str, str]:
    """Full-name labels used once whose surname or initials are a label used more
    ("jon berg" -> "berg", "е. соколова" -> "е. с.", "sara coleman" -> "sc").

    Interviews print the full name at a speaker's first turn and the short form after.
    """
    found = {}
    compact: dict[str, str] | None = None
    for key, count in counts.items():
        if count == 1 and " " in key:
            last = key.rsplit(" ", 1)[1]
            if counts.get(last, 0) >= 2:
                found[key] = last
                continue
            if compact is None:  # "е.с." -> "е. с.": the labels used more, spaces left out
                compact = {k.replace(" ", ""): k for k, n in counts.items() if n >= 2}
            letters = [word[0] for word in key.split() if word[0].isalpha()]
            if len(letters) >= 2:
                short = compact.get(".".join(letters) + ".") or compact.get("".join(letters))
                if short is not None and short != key:
                    found[key] = short
    return found


def decide(
    lines: list[str],
    sequence: list[tuple[int, str]],
    who: str,
    outlet: str,
    bare: list[int] | None = None,
) -> Turns:
    """The labels of :func:`scan`'s sequence and which of them ask; ``bare``: what
    :func:`bare_questions` found, when the caller asked already."""
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
    labels = list(first.values())
    bare = bare_questions(lines, sequence) if bare is None else bare
    if bare:
        why = "the questions are unlabelled paragraphs ending in '?'"
        start = min(bare[0], sequence[0][0])
        return Turns(tuple(labels), frozenset(), start, why, aliases, True)
    askers, why = roles(lines, sequence, labels, who, outlet)
    return Turns(tuple(labels), askers, sequence[0][0], why, aliases)


def opening(sequence: list[tuple[int, str]], bare: list[int]) -> int:
    """The line the turns start at: the first label's, or the bare question right above it
    when the labels only answer questions asked without one (see :func:`bare_questions`)."""
    return min(bare[0], sequence[0][0]) if bare else sequence[0][0]


def _paragraph_above(lines: list[str], number: int, labelled: set[int]) -> tuple[int, str] | None:
    """The unlabelled paragraph that ends right above line ``number`` (its first line, text);
    ``labelled``: the lines that open a turn."""
    end = number
    while end > 0 and not lines[end - 1].strip():
        end -= 1
    start = end
    while start > 0 and lines[start - 1].strip() and end - start <= 6:
        start -= 1
    if start == end or end - start > 6:
        return None
    if any(n in labelled for n in range(start, end)):
        return None
    return start, " ".join(line.strip() for line in lines[start:end])


def bare_questions(lines: list[str], sequence: list[tuple[int, str]]) -> list[int]:
    """First lines of the bare questions when the labels only answer, else [].

    Two questions at least, each an unlabelled paragraph ending in "?" right above a
    labelled turn; more of them than turns ending in "?"; and no label that asks by
    its words (a "Journaliste :" label asks itself).
    """
    if any(set(_words(label)) & ASKER_WORDS for _, label in sequence[:4]):
        return []
    found: list[int] = []
    labelled = {number for number, _ in sequence}
    for position, (number, _) in enumerate(sequence):
        above = _paragraph_above(lines, number, labelled)
        if above is not None and (position == 0 or above[0] > sequence[position - 1][0]):
            if is_question(above[1]):
                found.append(above[0])
    if len(found) < 2:
        return []
    ends = sorted({*found, len(lines)})
    asking = 0  # labelled turns that end in "?" (up to the next bare question)
    for position, (number, _) in enumerate(sequence):
        end = sequence[position + 1][0] if position + 1 < len(sequence) else len(lines)
        end = min(end, ends[bisect_right(ends, number)])
        asking += is_question(" ".join(line.strip() for line in lines[number:end]).strip())
    return found if len(found) > 2 * asking else []


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
        if _asker(label) or (outlet and key == _key(outlet)):
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
        # Two hosts who both ask, and the guest who answers: every label at the top asks.
        if best > 0 and (len(top) == 1 or len(top) < len(ratios)):
            return frozenset(top), "by turns ending in '?'"
    if answerers:
        return frozenset(others[:1]) if others else frozenset(), "not the interviewee's name"
    return frozenset([_key(sequence[0][1])]), "the first speaker asks"


def _opens_pair(pairs: list[tuple[list[str], list[str]]], text: str) -> bool:
    """A bare question starts a pair once the one before has an answer."""
    return is_question(text) and (not pairs or bool(pairs[-1][1])) and len(pairs) < MAX_PAIRS


def _asks(text: str) -> bool:
    return bool(re.search(r"[?？؟][\"'”’»)]*\s*$", text[:400]))


def pairs_by_turns(lines: list[str], turns: Turns) -> tuple[list[str], list[QAPair]]:
    """Text before the first question, and the pairs; labels never stay in the text."""
    body = lines[turns.first_line :]
    by_line = all(line.strip() for line in body)  # no blank lines: each line is a paragraph
    keys = {_key(label) for label in turns.labels}
    aliases = turns.aliases
    # Only the questions are labelled: what follows a question's paragraph answers it.
    one_sided = not turns.bare and len(keys) == 1 and keys <= turns.askers
    before: list[str] = []  # an answerer speaking before anyone asks: kept with the lede
    pairs: list[tuple[list[str], list[str]]] = []
    in_answer = False
    labelled = False  # whether the paragraph being read opened with a label
    current: list[str] = []
    asking = ""  # the key of the last label that asked

    def flush() -> None:
        nonlocal in_answer
        text = " ".join(part for part in current if part)
        if text:
            if turns.bare and not labelled and _opens_pair(pairs, text):
                pairs.append(([text], []))
                in_answer = False
            elif not pairs:
                before.append(text)
            else:
                (pairs[-1][1] if in_answer else pairs[-1][0]).append(text)
                in_answer = in_answer or one_sided
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
            labelled = True
            if key in turns.askers:
                if len(pairs) == 1 and not pairs[0][1] and asking and key != asking:
                    if not _asks(" ".join(pairs[0][0])):  # a host's welcome, then a reporter
                        before.extend(pairs.pop()[0])
                asking = key
                if (not pairs or pairs[-1][1]) and len(pairs) < MAX_PAIRS:
                    pairs.append(([], []))
                in_answer = bool(pairs[-1][1])  # past the cap, the rest joins the last answer
            else:
                in_answer = True
            current.append(line[hit[1] :])
        else:
            if not current:
                labelled = False
            current.append(unescape(line))
        if by_line:
            flush()
    flush()
    if len(pairs) > 1 and not pairs[-1][1] and not _asks(" ".join(pairs[-1][0])):
        before.extend(pairs.pop()[0])  # the host's thanks at the end asks nothing
    return before, [QAPair("\n\n".join(q), "\n\n".join(a)) for q, a in pairs]
