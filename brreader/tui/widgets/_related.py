"""'Asked elsewhere': pairs in other interviews like the one being read."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from brreader.render import format_date
from brreader.search import RelatedPair
from brreader.textsafe import clean_line
from brreader.tui.styles import DIM, LABEL, TITLE
from brreader.tui.widgets._lists import PickList


class RelatedList(PickList):
    """One option per similar pair; choosing one opens that article at that pair."""

    class PairChosen(Message):
        def __init__(self, article_id: str, number: int) -> None:
            super().__init__()
            self.article_id = article_id
            self.number = number

    def show(self, number: int, pairs: Sequence[RelatedPair]) -> None:
        self.border_title = f"Asked elsewhere (Q{number})"
        self.clear_options()
        if not pairs:
            self.add_option(Option(Text("nothing similar in other articles", style=DIM)))
            return
        options = []
        for index, found in enumerate(pairs):
            info = found.info
            who = " · ".join(clean_line(x) for x in (info.interviewee, info.outlet) if x)
            label = Text.assemble(
                Text(clean_line(info.title) or clean_line(info.path), style=TITLE),
                "\n",
                Text(f"{format_date(info.published)[:10]} · {who}", style=DIM),
                "\n",
                Text(f"Q{found.number} ", style=LABEL),
                clean_line(found.question),
            )
            options.append(Option(label, id=f"{index}\x1f{found.number}\x1f{info.id}"))
        self.add_options(options)
        self.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id:
            _index, number, article_id = event.option_id.split("\x1f", 2)
            self.post_message(self.PairChosen(article_id, int(number)))
