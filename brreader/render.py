"""Printing results for people: styled on a terminal, plain text in a pipe.

Renderers describe output as lines of ``(text, style)`` segments; an
:class:`Output` turns them into Rich ``Text`` objects on a terminal or plain
strings otherwise. Rich is imported only when a terminal needs it, which
keeps ``brreader search ... | grep`` fast. Article text never goes through
markup parsing, and every article string passes through ``textsafe.clean``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import IO, Any

from brreader.language import name as language_name
from brreader.model import FACETS, Article
from brreader.search import ArticleInfo, FacetCounts, Marked, RelatedPair, SearchResults, Timeline
from brreader.textsafe import clean, clean_line

Segment = tuple[str, str]  # (text, style name; "" for none)
Line = list[Segment]

STYLES = {
    "title": "bold",
    "meta": "dim",
    "id": "cyan",
    "number": "bold cyan",
    "question": "bold",
    "match": "bold black on yellow",
    "heading": "bold",
    "label": "dim",
}


def format_date(value: datetime | None) -> str:
    """``2025-06-24 09:25``, or just the date when no time is known."""
    if value is None:
        return "undated"
    if value.hour == value.minute == value.second == 0:
        return value.strftime("%Y-%m-%d")
    return value.strftime("%Y-%m-%d %H:%M")


def meta_line(article: Article) -> str:
    """Date, interviewee and outlet, as one line (the same in every interface)."""
    parts = [format_date(article.published), article.interviewee, article.outlet]
    return " · ".join(clean_line(part) for part in parts if part)


def details_line(article: Article) -> str:
    """Language, source, tags and URL, as one line; empty when the article has none of them.

    The language is named when it is not English (most archives are English;
    JSON output always gives it).
    """
    details = []
    if article.language and article.language != "en":
        details.append(f"Language: {language_name(clean_line(article.language))}")
    if article.source:
        details.append(f"Source: {clean_line(article.source)}")
    if article.tags:
        details.append("Tags: " + ", ".join(clean_line(t) for t in article.tags))
    if article.url:
        details.append(clean_line(article.url))
    return " · ".join(details)


def marked(value: Marked, base: str = "") -> Line:
    """Split marked text into plain and highlighted segments (after cleaning each piece)."""
    segments: Line = []
    position = 0
    for start, end in value.spans:
        if start < position:
            continue
        if start > position:
            segments.append((value.text[position:start], base))
        segments.append((value.text[start:end], "match"))
        position = end
    if position < len(value.text):
        segments.append((value.text[position:], base))
    # Line and paragraph separators would break a one-line title or snippet.
    return [(clean(text).translate(_SEPARATORS), style) for text, style in segments]


_SEPARATORS = {0x2028: " ", 0x2029: " "}


def _meta(info: ArticleInfo) -> Line:
    parts = [format_date(info.published)]
    parts += [clean_line(x) for x in (info.interviewee, info.outlet) if x]
    return [(" · ".join(parts), "meta"), ("  " + clean_line(info.id), "id")]


def search_lines(results: SearchResults) -> Iterator[tuple[int, Line]]:
    """Lines for ``brreader search``, each with its indent."""
    shown = len(results.hits)
    noun = "article" if results.total == 1 else "articles"
    verb = "matches" if results.total == 1 else "match"
    if results.relaxed is not None:  # widened: stderr says why
        verb = "has some of" if results.total == 1 else "have some of"
    heading = f"{results.total} {noun} {verb} {clean_line(results.query)!r}"
    if shown < results.total:
        heading += f" (showing {shown})"
    yield 0, [(heading, "heading")]
    for rank, hit in enumerate(results.hits, start=1):
        yield 0, []
        title = hit.title if hit.title.text else Marked(hit.info.path)
        yield 0, [(f"{rank}. ", "number"), *marked(title, "title")]
        yield len(f"{rank}. "), _meta(hit.info)
        indent = len(f"{rank}. ")
        for match in hit.matches:
            label = f"Q{match.number} "
            yield indent, [(label, "label"), *marked(match.question, "question")]
            yield indent + len(label), marked(match.snippet)
        if hit.lede is not None:
            yield indent, marked(hit.lede)


def article_lines(article: Article, terms: dict[str, frozenset[str]]) -> Iterator[tuple[int, Line]]:
    """Lines for ``brreader show``: header, lede, then each question set apart from its answer."""
    from brreader.search import flatten, mark

    def text(field: str, value: str, base: str = "") -> Line:
        return marked(mark(value, terms.get(field, ())), base)

    yield 0, text("title", clean_line(article.display_title), "title")
    yield 0, [(meta_line(article), "meta")]
    if details := details_line(article):
        yield 0, [(details, "meta")]
    yield 0, [(f"{clean_line(article.id)}  ({clean_line(article.path)})", "id")]
    for paragraph in article.lede.split("\n\n") if article.lede else []:
        yield 0, []
        yield 0, text("lede", flatten(paragraph))
    for number, pair in enumerate(article.pairs, start=1):
        label = f"Q{number}. "
        yield 0, []
        yield 0, [(label, "number"), *text("question", flatten(pair.question), "question")]
        for count, paragraph in enumerate(pair.answer.split("\n\n") if pair.answer else []):
            if count:
                yield len(label), []
            yield len(label), text("answer", flatten(paragraph))


def list_lines(infos: Sequence[ArticleInfo]) -> Iterator[tuple[int, Line]]:
    """One line per article for ``brreader list``."""
    for info in infos:
        yield (
            0,
            [
                (format_date(info.published)[:10].ljust(10), "meta"),
                ("  ", ""),
                (clean_line(info.title) or clean_line(info.path), "title"),
                (
                    "  " + " · ".join(clean_line(x) for x in (info.interviewee, info.outlet) if x),
                    "meta",
                ),
                ("  " + clean_line(info.id), "id"),
            ],
        )


def facet_lines(
    query: str, facets: FacetCounts, limit: int | None = 10
) -> Iterator[tuple[int, Line]]:
    """``brreader facets``: per facet, its values with counts (the first ``limit`` of them)."""
    headings = {facet.name: facet.heading for facet in FACETS}
    noun = "article" if facets.total == 1 else "articles"
    what = f" matching {clean_line(query)!r}" if query.strip() else ""
    yield 0, [(f"{facets.total:,} {noun}{what}", "heading")]
    for facet, values in facets.counts.items():
        yield 0, []
        yield 0, [(f"{headings[facet]} ({len(values)})", "heading")]
        shown = values if limit is None else values[:limit]
        width = max((len(f"{count:,}") for _value, count in shown), default=1)
        for value, count in shown:
            shown_value = language_name(value) if facet == "language" else value
            yield 2, [(f"{count:>{width},}  ", "meta"), (clean_line(shown_value), "")]
        if len(shown) < len(values):
            yield 2, [(f"… {len(values) - len(shown)} more (--all shows every value)", "meta")]


def related_lines(pairs: Sequence[RelatedPair]) -> Iterator[tuple[int, Line]]:
    """``brreader related``: one entry per article, the similar question under it."""
    for rank, found in enumerate(pairs, start=1):
        if rank > 1:
            yield 0, []
        info = found.info
        yield (
            0,
            [(f"{rank}. ", "number"), (clean_line(info.title) or clean_line(info.path), "title")],
        )
        indent = len(f"{rank}. ")
        yield indent, _meta(info)
        label = f"Q{found.number} "
        yield indent, [(label, "label"), (clean_line(found.question), "question")]


def timeline_lines(timeline: Timeline) -> Iterator[tuple[int, Line]]:
    """``brreader timeline``: one line per matching pair, oldest first.

    Date, interviewee and outlet, the question, a short snippet of the answer,
    and the article id with the pair number (for ``brreader show``). An article
    that matched only in its headline or lede shows its headline and lede.
    """
    for entry in timeline.entries:
        info = entry.info
        who = " · ".join(clean_line(x) for x in (info.interviewee, info.outlet) if x)
        line: Line = [
            (format_date(info.published)[:10].ljust(10), "meta"),
            ("  ", ""),
            (f"{who}  " if who else "", "title"),
            (f"Q{entry.number} " if entry.number else "Headline ", "label"),
            *marked(entry.question, "question" if entry.number else "title"),
        ]
        if entry.snippet.text:
            line += [(" — ", "meta"), *marked(entry.snippet)]
        line.append((f"  [{clean_line(info.id)}]", "id"))
        yield 0, line


MAX_COLUMNS = 1_000  # wider than any screen; Rich pads each line to the width


def _width(stream: IO[str]) -> int | None:
    """The width to draw at: None lets Rich read ``$COLUMNS`` or measure the terminal, as
    usual; a ``$COLUMNS`` no terminal has (0 drew nothing at all, 99999999999 ran out of
    memory padding lines) gives way to the terminal's own size, else 80 columns."""
    columns = os.environ.get("COLUMNS", "").strip()
    if not columns.isdigit() or 1 <= int(columns) <= MAX_COLUMNS:
        return None  # unset or not a number: Rich ignores it too
    try:
        measured = os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, AttributeError):
        measured = 0
    return measured if 1 <= measured <= MAX_COLUMNS else 80  # a pty may say 0


class Output:
    """Writes lines to a stream: through Rich on a terminal, as plain text otherwise."""

    def __init__(self, stream: IO[str] | None = None, *, styled: bool | None = None) -> None:
        self.stream = stream or sys.stdout
        self.forced = bool(styled)
        if styled is None:
            styled = self.stream.isatty() and os.environ.get("TERM") != "dumb"
        self.styled = styled
        self._console: Any = None

    def _rich(self) -> Any:
        if self._console is None:
            from rich.console import Console

            self._console = Console(
                file=self.stream,
                width=_width(self.stream),
                highlight=False,
                markup=False,
                emoji=False,
                force_terminal=True if self.forced else None,
            )
        return self._console

    def write(self, lines: Iterator[tuple[int, Line]]) -> None:
        # Every segment is cleaned here, at the last step before the terminal,
        # so a renderer that forgets a field (an id, a path) cannot let it through.
        lines = ((indent, [(clean(t), s) for t, s in line]) for indent, line in lines)
        if not self.styled:
            for indent, line in lines:
                self.stream.write(" " * indent + "".join(t for t, _ in line) if line else "")
                self.stream.write("\n")
            return
        from rich.padding import Padding
        from rich.table import Table
        from rich.text import Text

        console = self._rich()
        for indent, line in lines:
            segments = line
            label = None
            if line and line[0][1] in ("label", "number"):
                # A "Q3 " or "2. " label hangs: wrapped lines align after it.
                label, segments = line[0], line[1:]
            text = Text()
            for value, style in segments:
                text.append(value, STYLES.get(style, ""))
            item: Any = text
            if label is not None:
                item = Table.grid()
                item.add_column(width=len(label[0]), no_wrap=True)
                item.add_column(ratio=1)
                item.add_row(Text(label[0], STYLES[label[1]]), text)
            console.print(Padding(item, (0, 0, 0, indent)) if indent else item)
