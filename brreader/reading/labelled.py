"""The labelled transcript: ``Q:``/``Question:`` start questions, ``A:`` or a name answers.

As soon as a file has a question label, labels decide: a question need not
end in "?", and an answer may. Also reads a question and its answer written
on one line (``Q: Why now? A: Because ...``).
"""

from __future__ import annotations

from collections import Counter

from brreader.lazyre import lazy
from brreader.model import QAPair
from brreader.reading.marks import (
    ANSWER_LABEL,
    MAX_PAIRS,
    NAME_LABEL,
    NOT_SPEAKERS,
    QUESTION_LABEL,
    unescape,
)

# "Q: Why now? A: Because ..." on one line: the answer label after the question's end.
_SAME_LINE_ANSWER = lazy(r"(?<=[?？؟.!\"”])\s*(?:\*\*|__)?A(?:\*\*|__)?\s*[:：](?:\*\*|__)?\s*")


def answer_labels(lines: list[str], interviewee: str) -> set[str]:
    """Speaker labels that mark answers: the interviewee's name, or a name used repeatedly."""
    name_tokens = {token.lower() for token in interviewee.split()}
    counts: Counter[str] = Counter()
    for line in lines:
        match = NAME_LABEL.match(line)
        if match and not QUESTION_LABEL.match(line) and not ANSWER_LABEL.match(line):
            counts[match.group("name")] += 1
    labels = set()
    for name, count in counts.items():
        lowered = name.lower()
        if lowered in NOT_SPEAKERS:
            continue
        tokens = set(lowered.split())
        if (name_tokens and tokens <= name_tokens) or count >= 2:
            labels.add(name)
    return labels


def within_pair_cap(lines: list[str]) -> tuple[list[str], list[str]]:
    """A labelled transcript cut before its question label number MAX_PAIRS + 1, and the rest."""
    count = 0
    for number, line in enumerate(lines):
        if QUESTION_LABEL.match(line.strip()):
            count += 1
            if count > MAX_PAIRS:
                return lines[:number], lines[number:]
    return lines, []


def pairs_by_labels(lines: list[str], interviewee: str) -> tuple[list[QAPair], set[str]]:
    """Split a labelled transcript (from its first question label) into pairs; and name labels."""
    speakers = answer_labels(lines, interviewee)
    has_answer_labels = any(_answer_label(line, speakers) is not None for line in lines)
    pairs: list[tuple[list[str], list[str]]] = []
    in_answer = False
    current: list[str] = []  # lines of the paragraph being read

    def flush() -> None:
        if current and pairs:
            text = " ".join(part for part in current if part)
            (pairs[-1][1] if in_answer else pairs[-1][0]).append(text)
        current.clear()

    for raw in lines:
        line = raw.strip()
        if not line:
            flush()
            if pairs and pairs[-1][0] and not has_answer_labels:
                in_answer = True  # no answer labels at all: what follows a question answers it
            continue
        question = QUESTION_LABEL.match(line)
        answer = None if question else _answer_label(line, speakers)
        if question:
            flush()
            pairs.append(([], []))
            in_answer = False
            text = line[question.end() :]
            if line[:2] in ("**", "__") and text.endswith(line[:2]) and line[:2] not in text[:-2]:
                text = text[:-2].rstrip()  # "**Q: Why now?**": the whole question in bold
            # Only in a file with no answer label of its own line (canonical files have one).
            same_line = None if has_answer_labels else _SAME_LINE_ANSWER.search(text)
            if same_line is not None and same_line.end() < len(text):
                current.append(text[: same_line.start()])
                flush()
                in_answer = True
                current.append(text[same_line.end() :])
            else:
                current.append(text)
        elif answer is not None:
            flush()
            in_answer = True
            current.append(answer)
        else:
            current.append(unescape(line))
    flush()
    found = [
        QAPair("\n\n".join(p for p in q if p), "\n\n".join(p for p in a if p)) for q, a in pairs
    ]
    return found, speakers


def _answer_label(line: str, speakers: set[str]) -> str | None:
    """The text after an answer label, or None when the line does not start with one."""
    match = ANSWER_LABEL.match(line)
    if match:
        return line[match.end() :]
    match = NAME_LABEL.match(line)
    if match and match.group("name") in speakers:
        return line[match.end() :]
    return None
