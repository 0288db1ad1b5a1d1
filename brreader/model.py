"""The article model: what an interview is, independent of files and indexes.

Pure data. Parsing lives in ``parse``, file access in ``archive``.
"""

from __future__ import annotations

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


@dataclass(frozen=True, slots=True)
class ParseResult:
    """An article plus what the parser had to guess or ignore while reading it."""

    article: Article
    warnings: tuple[str, ...] = field(default=())
