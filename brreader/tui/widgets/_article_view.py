"""The Q&A viewer: one article, questions set apart from answers, matched words lit up.

A Line API widget: the article is wrapped once per width into strips and only
the visible lines are drawn, so a 3,000-pair article scrolls as smoothly as a
short one. Matches are found from the highlight spans that survive wrapping,
which gives ``n``/``N`` exact line and column positions.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from brreader.model import Article
from brreader.render import details_line, meta_line
from brreader.search import flatten, mark
from brreader.textsafe import clean, clean_line
from brreader.tui.styles import (
    BOOKMARK,
    CURRENT_MATCH,
    CURRENT_QUESTION,
    DIM,
    LABEL,
    MATCH,
    META,
    QUESTION,
    TITLE,
)

ANSWER_INDENT = 4


@dataclass
class _Block:
    text: Text
    pair: int = 0  # 1-based pair number, 0 for header and lede
    indent: int = 0
    is_question: bool = False


@dataclass
class _Layout:
    width: int = 0
    lines: list[Strip] = field(default_factory=list)
    matches: list[tuple[int, int, int]] = field(default_factory=list)  # (line, x0, x1)
    match_pairs: list[int] = field(default_factory=list)  # pair number of each match
    questions: list[int] = field(default_factory=list)  # first line of each question
    title_lines: int = 0  # lines the title takes at the top
    blocks_done: int = 0  # blocks laid out so far
    complete: bool = False


def _styled(value: str, terms: frozenset[str], style: Style) -> Text:
    value = clean(value)
    text = Text(value, style=style, no_wrap=False)
    for start, end in mark(value, terms).spans:
        text.stylize(MATCH, start, end)
    return text


def _bookmark_line(what: str, note: str) -> Text:
    """The marker of a bookmark, with its note: "★ bookmarked: why it matters"."""
    text = Text(f"★ {what}", style=BOOKMARK)
    if note:
        text.append(": ", style=BOOKMARK)
        text.append(clean(flatten(note)), style=Style(italic=True))
    return text


def _overlay(strip: Strip, x0: int, x1: int, style: Style) -> Strip:
    """Draw ``style`` over cells ``x0``..``x1`` of a line (on top of its own styles)."""
    marked = list(Segment.apply_style(strip.crop(x0, x1), post_style=style))
    return Strip.join([strip.crop(0, x0), Strip(marked), strip.crop(x1)])


class ArticleView(ScrollView, can_focus=True):
    """Shows one article; ``n``/``N`` walk the matches, ``]``/``[`` the questions."""

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("space", "page_down", "Page down", show=False),
    ]

    class Moved(Message):
        """The current match or question changed (for the status line and the outline)."""

        def __init__(self, match: int, matches: int, pair: int, complete: bool = True) -> None:
            super().__init__()
            self.match = match
            self.matches = matches  # found so far; the total once ``complete``
            self.pair = pair
            self.complete = complete  # False: more of the article is still being laid out

    class Ready(Message):
        """The whole article is laid out: every match and pair count is known."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self.terms: dict[str, frozenset[str]] = {}
        self.marks: dict[int | None, str] = {}  # bookmarked pairs (None: the article) -> note
        self.pair_hits: list[int] = []  # matches per pair, complete once laid out
        self.current = -1  # index into the layout's matches
        self.question = 0  # the question last moved to (1-based; 0: none yet)
        self._br_blocks: list[_Block] = []  # blocks made so far (made lazily)
        self._br_source: Iterator[_Block] = iter(())
        self._br_layout = _Layout(complete=True)
        self._br_follow_first_match = False
        self._br_announced_pair = 0  # the pair the last Moved named

    # -- content ------------------------------------------------------------

    def show(
        self,
        article: Article | None,
        terms: dict[str, frozenset[str]],
        marks: dict[int | None, str] | None = None,
    ) -> None:
        """Display an article (None clears the view) and scroll to its first match.

        ``marks`` are its bookmarks: pair number (None: the article) -> note.
        Only the first screen is laid out at once; the rest follows in small
        slices between other events, so a huge article opens instantly.
        """
        self.article = article
        self.terms = terms
        self.marks = dict(marks or {})
        self.pair_hits = []
        self._br_blocks = []
        self._br_source = self._blocks(article, terms) if article else iter(())
        self._br_layout = _Layout()
        self.current = -1
        self.question = 0
        self._br_announced_pair = 0
        self.scroll_to(y=0, animate=False)
        self._br_follow_first_match = True
        self._relayout()
        self._announce()

    def set_marks(self, marks: dict[int | None, str]) -> None:
        """Show changed bookmarks and notes, keeping the place in the article."""
        if marks == self.marks or self.article is None:
            return
        self.marks = dict(marks)
        top, width = int(self.scroll_offset.y), self._br_layout.width
        if not width:  # never laid out yet: the first layout will show them
            return
        self.pair_hits = []
        self._br_blocks = []
        self._br_source = self._blocks(self.article, self.terms)
        self._br_layout = _Layout(width=width)
        height = max(self.size.height, 24)
        self._extend(lambda layout: len(layout.lines) >= top + height * 2)
        self._continue_later()
        self.scroll_to(y=top, animate=False, immediate=True)
        self.refresh()

    @property
    def ready(self) -> bool:
        """True once every line, match and pair count is known."""
        return self._br_layout.complete

    def _blocks(self, article: Article, terms: dict[str, frozenset[str]]) -> Iterator[_Block]:
        none: frozenset[str] = frozenset()
        active = any(terms.values())
        yield _Block(_styled(clean_line(article.display_title), terms.get("title", none), TITLE))
        yield _Block(Text(meta_line(article), style=META))
        if details := details_line(article):
            yield _Block(Text(details, style=META))
        # The id the one-shot commands take (brreader show, quote): copying needs it at times.
        yield _Block(Text(f"id: {clean_line(article.id)}", style=META))
        if None in self.marks:
            yield _Block(_bookmark_line("bookmarked", self.marks[None]))
        for paragraph in article.lede.split("\n\n") if article.lede else []:
            yield _Block(Text(""))
            yield _Block(_styled(flatten(paragraph), terms.get("lede", none), Style(italic=True)))
        question_terms = terms.get("question", none)
        answer_terms = terms.get("answer", none)
        for number, pair in enumerate(article.pairs, start=1):
            question = _styled(flatten(pair.question), question_terms, QUESTION)
            answers = [
                _styled(flatten(p), answer_terms, Style())
                for p in (pair.answer.split("\n\n") if pair.answer else [])
            ]
            hits = sum(len(t.spans) for t in [question, *answers])
            self.pair_hits.append(hits)
            label = Text(f"Q{number}  ", style=LABEL)
            blocks = [_Block(Text(""), pair=number)]
            blocks.append(_Block(Text.assemble(label, question), pair=number, is_question=True))
            if number in self.marks:
                note = _bookmark_line("bookmarked", self.marks[number])
                blocks.append(_Block(note, pair=number, indent=ANSWER_INDENT))
            for count, answer in enumerate(answers):
                if count:
                    blocks.append(_Block(Text(""), pair=number))
                blocks.append(_Block(answer, pair=number, indent=ANSWER_INDENT))
            if active and not hits:
                for block in blocks:
                    block.text.stylize_before(DIM)
            yield from blocks

    # -- layout -------------------------------------------------------------

    def _next_block(self, index: int) -> _Block | None:
        if index < len(self._br_blocks):
            return self._br_blocks[index]
        block = next(self._br_source, None)
        if block is not None:
            self._br_blocks.append(block)
        return block

    def _extend(self, until: Callable[[_Layout], bool], budget: float | None = None) -> None:
        """Lay out more blocks until ``until(layout)`` holds, time runs out or all are done."""
        layout = self._br_layout
        console = self.app.console
        width = layout.width
        was_complete = layout.complete
        deadline = None if budget is None else time.perf_counter() + budget
        while not layout.complete and not until(layout):
            if deadline is not None and time.perf_counter() > deadline:
                break
            block = self._next_block(layout.blocks_done)
            if block is None:
                layout.complete = True
                break
            layout.blocks_done += 1
            if layout.blocks_done == 2:
                layout.title_lines = len(layout.lines)
            if block.is_question:
                layout.questions.append(len(layout.lines))
            pad = [Segment(" " * block.indent)] if block.indent else []
            for line in block.text.wrap(console, max(5, width - block.indent)) or [Text("")]:
                y = len(layout.lines)
                for span in line.spans:
                    if span.style == MATCH:
                        x0 = block.indent + cell_len(line.plain[: span.start])
                        x1 = x0 + cell_len(line.plain[span.start : span.end])
                        layout.matches.append((y, x0, x1))
                        layout.match_pairs.append(block.pair)
                strip = Strip(pad + list(line.render(console)))
                layout.lines.append(strip.adjust_cell_length(width))
        self._size_to(layout)
        if self._br_follow_first_match and layout.matches:
            self._br_follow_first_match = False
            self.goto_match(0)
        if layout.complete and not was_complete:
            self._announce(pair=self._br_announced_pair)  # the counter now says the total
        if layout.complete:
            self.post_message(self.Ready())

    def _size_to(self, layout: _Layout) -> None:
        height = len(layout.lines)
        if not layout.complete and self.article is not None and self.pair_hits:
            # Estimate the rest from the pairs laid out so far, for a sensible scrollbar.
            per_pair = height / len(self.pair_hits)
            height += int(per_pair * (len(self.article.pairs) - len(self.pair_hits)))
        self.virtual_size = Size(layout.width, height)
        self.refresh()

    def _relayout(self) -> None:
        width = max(10, self.scrollable_content_region.width or self.size.width or 80)
        if width == self._br_layout.width and self._br_layout.lines:
            return
        self._br_layout = _Layout(width=width)
        screen = max(self.size.height, 24) * 2
        self._extend(lambda layout: len(layout.lines) >= screen)
        self._continue_later()

    def _continue_later(self) -> None:
        if not self._br_layout.complete:
            self.call_later(self._continue)

    def _continue(self) -> None:
        layout = self._br_layout
        if layout.complete or layout.width == 0:
            return
        self._extend(lambda _layout: False, budget=0.008)
        if layout is self._br_layout:
            self._continue_later()

    def _finish(self) -> None:
        """Lay out everything now (a jump to a far match or the last question needs it)."""
        self._extend(lambda _layout: False)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        # The title heads the pane once the article's own title has scrolled away.
        article = self.article
        hidden = article is not None and new_value >= max(1, self._br_layout.title_lines)
        title = clean_line(article.display_title) if hidden and article else ""
        self.border_title = Text(title) if title else ""  # a title in a str would be markup

    def on_resize(self) -> None:
        current = self.current
        self._relayout()
        if current >= 0:
            self._extend(lambda layout: len(layout.matches) > current)
            if current < len(self._br_layout.matches):
                self._scroll_to_line(self._br_layout.matches[current][0])

    def render_line(self, y: int) -> Strip:
        layout = self._br_layout
        index = int(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        if index >= len(layout.lines):
            return Strip.blank(width, self.rich_style)
        strip = layout.lines[index]
        if 0 <= self.current < len(layout.matches):
            line, x0, x1 = layout.matches[self.current]
            if line == index:
                strip = _overlay(strip, x0, x1, CURRENT_MATCH)
        if (
            1 <= self.question <= len(layout.questions)
            and layout.questions[self.question - 1] == index
        ):
            strip = _overlay(strip, 0, len(f"Q{self.question}"), CURRENT_QUESTION)
        return strip.crop(0, width).apply_style(self.rich_style)

    # -- navigation ---------------------------------------------------------

    @property
    def match_count(self) -> int:
        return len(self._br_layout.matches)

    def _scroll_to_line(self, line: int, *, top: bool = False) -> None:
        height = self.scrollable_content_region.height
        target = line if top else max(0, line - height // 3)
        if top or not (self.scroll_offset.y <= line < self.scroll_offset.y + height):
            self.scroll_to(y=target, animate=False)

    def goto_match(self, index: int) -> None:
        """Make match ``index`` current (wrapping around) and bring it into view."""
        layout = self._br_layout
        if index >= len(layout.matches):
            self._extend(lambda layout: len(layout.matches) > index)
        if index < 0 or index >= len(layout.matches):
            self._finish()  # wrapping around needs the last match
        matches = layout.matches
        if not matches:
            self.app.bell()
            return
        self.current = index % len(matches)
        pair = self._br_layout.match_pairs[self.current]
        if pair:
            self.question = pair
        self._scroll_to_line(matches[self.current][0])
        self.refresh()
        self._announce()

    def next_match(self) -> None:
        self._br_follow_first_match = False
        self.goto_match(self.current + 1)

    def previous_match(self) -> None:
        self._br_follow_first_match = False
        self.goto_match(self.current - 1 if self.current >= 0 else -1)

    def goto_question(self, number: int) -> None:
        """Make question ``number`` (1-based) current and scroll it to the top of the view."""
        self._br_follow_first_match = False
        self._extend(lambda layout: len(layout.questions) >= number)
        questions = self._br_layout.questions
        if not 1 <= number <= len(questions):
            return
        self.question = number
        self._scroll_to_line(questions[number - 1], top=True)
        pairs = self._br_layout.match_pairs
        first = next((i for i, p in enumerate(pairs) if p == number), None)
        if first is not None:
            self.current = first
        self.refresh()
        self._announce(pair=number)

    def _question_at_top(self) -> int:
        top = int(self.scroll_offset.y)
        return sum(1 for line in self._br_layout.questions if line <= top)

    def current_question(self) -> int:
        """The current question: the one last moved to, or the one at the top of the view."""
        return max(self.question, self._question_at_top())

    def question_in_view(self) -> int:
        """The question the reader is looking at (0: none is on screen, only the article's top).

        The question last moved to while any of it is on screen; else the one
        whose question or answer is at the top of the view; else the first
        one that starts lower down on screen.
        """
        layout = self._br_layout
        starts = layout.questions
        top = int(self.scroll_offset.y)
        bottom = top + max(1, self.scrollable_content_region.height)

        def on_screen(number: int) -> bool:
            first = starts[number - 1] - 1  # the blank line above the question is the pair's
            last = starts[number] - 1 if number < len(starts) else len(layout.lines)
            return first < bottom and last > top

        if 1 <= self.question <= len(starts) and on_screen(self.question):
            return self.question
        at_top = sum(1 for line in starts if line <= top)
        if at_top:
            return at_top
        return next((n for n, line in enumerate(starts, start=1) if line < bottom), 0)

    def next_question(self) -> None:
        number = self.current_question() + 1
        self._extend(lambda layout: len(layout.questions) >= number)
        if number > len(self._br_layout.questions):
            self.app.bell()
        else:
            self.goto_question(number)

    def previous_question(self) -> None:
        number = self.current_question() - 1
        if number < 1:
            self.app.bell()
        else:
            self.goto_question(number)

    def _announce(self, pair: int = 0) -> None:
        layout = self._br_layout
        if not pair and 0 <= self.current < len(layout.match_pairs):
            pair = layout.match_pairs[self.current]
        self._br_announced_pair = pair
        matches = len(layout.matches)
        self.post_message(self.Moved(self.current + 1, matches, pair, layout.complete))
