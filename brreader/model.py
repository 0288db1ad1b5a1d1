"""Plain data shared by every layer: articles, what the index answers, and errors.

Pure data with no I/O. Parsing lives in ``parse``, file access in
``articles``, the index in ``engine``. A module that only needs one of these
types imports it from here and never loads the search engine.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from brreader.records import record


@record
class QAPair:
    """One question and its answer; paragraphs in ``answer`` are separated by a blank line."""

    question: str
    answer: str


@record
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
    # Everyone interviewed, ``interviewee`` first; empty when none is known.
    interviewees: tuple[str, ...] = ()
    # An ISO 639-1 code from front matter ``language:``; the index detects it when "".
    language: str = ""

    def __post_init__(self) -> None:
        # The two fields always agree, so code that sets only one of them (most
        # of it predates the list) builds the same article as the parser.
        if self.interviewee and not self.interviewees:
            object.__setattr__(self, "interviewees", (self.interviewee,))
        elif self.interviewees and self.interviewee != self.interviewees[0]:
            object.__setattr__(self, "interviewee", self.interviewees[0])

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
    import hashlib  # here: loading OpenSSL took about 10 ms of every command

    words = " ".join(re.findall(r"\w+", text.casefold()))
    return hashlib.blake2b(words.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


MAX_WARNING = 200  # characters: a warning is one line on a terminal, whatever a file holds


def short_warning(message: str) -> str:
    """``message`` cut to :data:`MAX_WARNING` characters, ending in "…" when cut."""
    if len(message) <= MAX_WARNING:
        return message
    return message[: MAX_WARNING - 1] + "…"


@record
class ParseResult:
    """An article plus what the parser had to guess or ignore while reading it.

    Every warning is one line of at most :data:`MAX_WARNING` characters
    (:func:`short_warning`): every parser warning (index, ``check``, the
    reader, ``import``) travels in a ``ParseResult``, so the cap is here,
    whatever the file holds. ``import`` applies the same cap to the
    converter's warnings.
    """

    article: Article
    warnings: tuple[str, ...] = field(default=())
    # Front matter keys the file names, even with an empty value ("none, on purpose").
    declared: frozenset[str] = field(default=frozenset())
    # The warning (one of ``warnings``) about a date written but unusable, "" if none.
    bad_date: str = ""
    # How the parser read the text (turn splitter, labels, roles, where the interviewee
    # came from): shown by 'check --explain'. Short, and only what was decided.
    notes: tuple[str, ...] = field(default=())
    # What the parser doubted, as (code, reason): 'check' reports each one.
    doubts: tuple[tuple[str, str], ...] = field(default=())

    def __post_init__(self) -> None:
        if any(len(w) > MAX_WARNING for w in self.warnings):
            capped = tuple(short_warning(w) for w in self.warnings)
            object.__setattr__(self, "warnings", capped)
            object.__setattr__(self, "bad_date", short_warning(self.bad_date))


# ---------------------------------------------------------------------------
# errors


class ArticleError(Exception):
    """An article file that cannot be read as an article; the message says why."""


class IndexError_(Exception):
    """The index cannot be used and brreader cannot repair it by itself; the message says why."""


class QueryError(ValueError):
    """The query text cannot be searched; the message says what is wrong and what to do."""


@record
class Skipped:
    """A file that looked like an article but could not be used."""

    path: str
    reason: str


# ---------------------------------------------------------------------------
# what the index answers


@record
class ArticleInfo:
    """What the index stores about an article: enough for lists, no text."""

    id: str
    path: str
    title: str
    outlet: str
    interviewee: str  # every interviewee, joined with ", " for lists
    published: datetime | None
    interviewees: tuple[str, ...] = ()  # each one, the first named first
    language: str = ""  # ISO 639-1 code, from front matter or detected; "" when unknown


@record
class PairHit:
    """A pair that matched the query; ``number`` counts from 1."""

    number: int
    score: float
    question: str


@record
class ArticleHit:
    """A matching article with its best pairs, best first."""

    info: ArticleInfo
    score: float
    pairs: tuple[PairHit, ...]


@record
class QueryResult:
    """One page of ranked articles, the total count and the terms to light up per field."""

    total: int
    hits: tuple[ArticleHit, ...]
    terms: dict[str, frozenset[str]]
    relaxed: Relaxed | None = None  # set when too few articles had every word


@record
class Relaxed:
    """A search that found too few articles with every word, widened to most of them.

    ``words``: the words no article (or only ``with_all`` articles) has together,
    as typed; the results are then ranked by how many of them each article has.
    """

    words: tuple[str, ...]
    with_all: int

    def wording(self) -> str:
        """One line for the user: what was widened and why."""
        listed = ", ".join(self.words)
        if not self.with_all:
            return f"no interview has all of: {listed}; showing those with most of them"
        some = "1 interview has" if self.with_all == 1 else f"{self.with_all} interviews have"
        return f"only {some} all of: {listed}; also showing those with most of them"


@record
class RelatedPair:
    """A pair in another article that resembles the one asked about."""

    info: ArticleInfo
    number: int
    question: str
    score: float


# ---------------------------------------------------------------------------
# filters and facets


@record
class Facet:
    """One way to narrow and count articles: its name, the index field, the CLI option."""

    name: str  # as users see it: in JSON, filter chips and 'brreader facets'
    field: str  # the index field holding exact values
    option: str  # the command-line filter
    heading: str  # the heading of its counts


# Every facet, in display order. Adding one means a row here, a value in
# engine.schema.documents(), and a tuple on Filters.
FACETS = (
    Facet("interviewee", "f_who", "--who", "Interviewees"),
    Facet("outlet", "f_outlet", "--outlet", "Outlets"),
    Facet("tag", "f_tag", "--tag", "Tags"),
    Facet("year", "f_year", "--year", "Years"),
    Facet("language", "f_lang", "--lang", "Languages"),
)
FACET_FIELDS = {facet.name: facet.field for facet in FACETS}


@record
class Filters:
    """Narrowing on top of a query: any value within a facet, every facet given.

    Names, outlets and tags match whole values, ignoring case and accents, or
    failing that, values that contain all the words given ("kheng" finds
    "Dara Kheng"). Dates are inclusive; ``end`` is a moment (use 23:59:59).
    """

    who: tuple[str, ...] = ()
    outlet: tuple[str, ...] = ()
    tag: tuple[str, ...] = ()
    year: tuple[int, ...] = ()
    lang: tuple[str, ...] = ()  # language codes (see brreader.language)
    start: datetime | None = None
    end: datetime | None = None
    ids: frozenset[str] | None = None  # only these articles (e.g. bookmarked ones)
    exclude: frozenset[str] = frozenset()  # never these (e.g. read ones)

    def __bool__(self) -> bool:
        values = (self.who, self.outlet, self.tag, self.year, self.lang, self.exclude)
        return any(values) or any((self.start, self.end)) or self.ids is not None

    def named(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """``(facet, values)`` of the filters naming values: interviewee, outlet, tag, language."""
        named = (("interviewee", self.who), ("outlet", self.outlet), ("tag", self.tag))
        return (*named, ("language", self.lang))


@record
class FacetCounts:
    """For the articles a query matches: how many have each interviewee, outlet, tag, year."""

    total: int
    counts: dict[str, list[tuple[str, int]]]  # facet -> (value, count), most first; years newest


# ---------------------------------------------------------------------------
# updating


@dataclass
class UpdateReport:
    """What an index update did."""

    indexed: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # new problems found by this run
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (path, warning)
    rebuilt_because: str = ""
    busy: bool = False  # another process held the lock; the index may be stale
    remaining: int = 0  # changed files left for later (the update had a budget)
    failed: str = ""  # why the index could not be written (one line, with advice)
    repaired: str = ""  # why the index record was written whole again (its journal was damaged)

    @property
    def changed(self) -> bool:
        return bool(self.indexed or self.removed)


Progress = Callable[[int, int], None]
