"""The text of the result list's options, wrapped and drawn once and kept between lists.

Textual's option list wraps every option it is given twice, once to measure its
height and once more to draw it, and forgets both when its options are replaced:
on each keystroke that is most of the time the reader spends between the search
and the list on screen. A :class:`Prompt` keeps its drawing for each width and
style, and :class:`Prompts` keeps the prompts of the articles listed lately by
what they show, so an article listed again (the same query typed again, a
filter that narrows the list, more results loaded, a read mark set) costs
nothing to measure or draw.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from rich.text import Text
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

STYLES_KEPT = 4  # drawings kept per prompt: the plain and the highlighted option, two widths
PROMPTS_KEPT = 2500  # more than the longest list (2,000 articles without a query)


class Prompt(Visual):
    """One option's text (a Rich Text, never markup), drawn once per width and style."""

    def __init__(self, text: Text) -> None:
        self.text = text
        self._br_content: Content | None = None
        self._br_drawn: dict[tuple[int, int | None, Style], list[Strip]] = {}

    @property
    def plain(self) -> str:
        """The text without its styles (what the option says)."""
        return self.text.plain

    @property
    def content(self) -> Content:
        if self._br_content is None:
            self._br_content = Content.from_rich_text(self.text)
        return self._br_content

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.content.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.content.get_height(rules, width)  # Content keeps the last one

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        if options.selection is not None or options.post_style is not None:
            return self.content.render_strips(width, height, style, options)
        key = (width, height, style)
        strips = self._br_drawn.get(key)
        if strips is None:
            if len(self._br_drawn) >= STYLES_KEPT:
                self._br_drawn.clear()
            strips = self.content.render_strips(width, height, style, options)
            self._br_drawn[key] = strips
        return strips


class Prompts:
    """The prompts of the articles listed lately, by what they show (oldest dropped first)."""

    def __init__(self, limit: int = PROMPTS_KEPT) -> None:
        self._br_limit = limit
        self._br_kept: dict[Hashable, Prompt] = {}

    def get(self, key: Hashable, make: Callable[[], Text]) -> Prompt:
        """The prompt for ``key``; ``make`` gives its text when none is kept."""
        kept = self._br_kept.pop(key, None)
        if kept is None:
            kept = Prompt(make())
            if len(self._br_kept) >= self._br_limit:
                for old in list(self._br_kept)[: self._br_limit // 4]:
                    del self._br_kept[old]
        self._br_kept[key] = kept  # the most recent last
        return kept
