"""The outline: an article's questions with the number of matches in each pair."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from brreader.model import Article
from brreader.search import flatten
from brreader.textsafe import clean_line
from brreader.tui.styles import DIM, LABEL, MATCH
from brreader.tui.widgets._lists import PickList


class Outline(PickList):
    """One option per question; highlighting or choosing one jumps the viewer there."""

    class QuestionChosen(Message):
        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._br_shown: tuple[Article | None, tuple[int, ...], bool] | None = None
        self._br_followed = 0  # the question the viewer is at (its highlight is not a jump)

    def show(self, article: Article | None, hits: Sequence[int], active: bool) -> None:
        """List the article's questions; the same content again keeps the highlight."""
        shown = (article, tuple(hits), active)
        if shown == self._br_shown:
            return
        self._br_shown = shown
        self.clear_options()
        if article is None:
            return
        options = []
        for number, pair in enumerate(article.pairs, start=1):
            count = hits[number - 1] if number <= len(hits) else 0
            badge = Text(f" {count} ", style=MATCH) if count else Text(" · " if active else "")
            question = Text(
                clean_line(flatten(pair.question)), style=DIM if active and not count else ""
            )
            options.append(
                Option(
                    Text.assemble(Text(f"Q{number} ", style=LABEL), badge, " ", question),
                    id=str(number),
                )
            )
        self.add_options(options)
        self.follow(self._br_followed)

    def follow(self, number: int) -> None:
        """Highlight question ``number``, where the viewer is now (without jumping it there)."""
        self._br_followed = number
        if 1 <= number <= self.option_count:
            self.highlighted = number - 1

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        number = int(event.option_id) if event.option_id else 0
        if event.option_index != self.highlighted:
            return  # the highlight has moved on since (the viewer moved again)
        if self.has_focus and number and number != self._br_followed:
            self.post_message(self.QuestionChosen(number))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id:
            self.post_message(self.QuestionChosen(int(event.option_id)))
