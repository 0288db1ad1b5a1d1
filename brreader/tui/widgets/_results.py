"""The list of articles: every article when no query is typed, else the ranked hits."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from brreader.render import format_date
from brreader.search import ArticleInfo, Hit, Marked
from brreader.textsafe import clean_line
from brreader.tui.styles import LABEL, META, TITLE, marked_text


def _meta(info: ArticleInfo) -> Text:
    parts = [format_date(info.published)[:10]]
    if info.interviewee:
        parts.append(clean_line(info.interviewee))
    return Text(" · ".join(parts), style=META)


class ResultsList(OptionList):
    """Articles as options whose ids are article ids."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def show_articles(self, infos: Sequence[ArticleInfo], *, limit: int) -> None:
        """List articles (no query): title, then date and interviewee."""
        options = [
            Option(
                Text.assemble(Text(clean_line(i.title) or i.path, style=TITLE), "\n", _meta(i)),
                id=i.id,
            )
            for i in infos[:limit]
        ]
        self._replace(options)

    def show_hits(self, hits: Sequence[Hit], *, highlight: int = 0) -> None:
        """List hits: title, date and interviewee, and the best matching question."""
        options = []
        for hit in hits:
            title = hit.title if hit.title.text else Marked(hit.info.path)
            parts = [marked_text(title, TITLE), Text("\n"), _meta(hit.info)]
            if hit.matches:
                best = hit.matches[0]
                parts += [Text("\n"), Text(f"Q{best.number} ", style=LABEL)]
                parts.append(marked_text(best.question))
            options.append(Option(Text.assemble(*parts), id=hit.info.id))
        self._replace(options, highlight)

    def _replace(self, options: list[Option], highlight: int = 0) -> None:
        spaced: list[Option | None] = []
        for option in options:
            if spaced:
                spaced.append(None)  # a rule between articles
            spaced.append(option)
        self.set_options(spaced)
        if options:
            self.highlighted = min(highlight, len(options) - 1)
