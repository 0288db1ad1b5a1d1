"""The article model: what an interview is, independent of files and indexes.

Pure data. Parsing lives in ``parse``, file access in ``archive``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class QAPair:
    """One question and its answer; paragraphs in ``answer`` are separated by a blank line."""

    question: str
    answer: str


@dataclass(frozen=True, slots=True)
class Article:
    """One interview as brreader understands it.

    ``id`` is stable and derived from ``path``, which is relative to the
    articles folder and uses ``/`` separators on every platform.
    """

    id: str
    path: str
    title: str = ""
    outlet: str = ""
    published: datetime | None = None
    interviewee: str = ""
    lede: str = ""
    pairs: tuple[QAPair, ...] = ()
    source: str = ""
    tags: tuple[str, ...] = ()
    url: str = ""

    @property
    def display_title(self) -> str:
        """The title, or the file name when the article has none."""
        return self.title or self.path.rsplit("/", 1)[-1]

    def duplicate_keys(self) -> tuple[str, ...]:
        """Keys two copies of one interview share: the same text, or the same title and day.

        Text is compared by its words alone (case, spacing and punctuation
        aside), so a copy pasted from the page and one saved as HTML match.
        Only the questions and the start of each answer count: that tells
        interviews apart and keeps the index build from hashing every word.
        """
        head = _DIGEST_ANSWER_CHARS
        text = "\n".join(f"{p.question}\n{p.answer[:head]}" for p in self.pairs)
        text = text or self.lede[: head * 4]
        keys = []
        if text.strip():
            keys.append(f"text-{_digest(text)}")
        if self.title and self.published is not None:
            keys.append(f"dated-{_digest(f'{self.published.date().isoformat()} {self.title}')}")
        return tuple(keys)


_DIGEST_ANSWER_CHARS = 300


def _digest(text: str) -> str:
    words = " ".join(re.findall(r"\w+", text.casefold()))
    return hashlib.blake2b(words.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


@dataclass(frozen=True, slots=True)
class ParseResult:
    """An article plus what the parser had to guess or ignore while reading it."""

    article: Article
    warnings: tuple[str, ...] = field(default=())
    # Front matter keys the file names, even with an empty value ("none, on purpose").
    declared: frozenset[str] = field(default=frozenset())
