"""The list of articles: every article when no query is typed, else the ranked hits."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets.option_list import Option

from brreader.render import format_date
from brreader.search import ArticleInfo, Hit, Marked
from brreader.textsafe import clean_line
from brreader.tui.styles import BOOKMARK, LABEL, META, TITLE, UNREAD, marked_text
from brreader.tui.widgets._lists import PickList


def _meta(info: ArticleInfo) -> Text:
    parts = [format_date(info.published)[:10]]
    if info.interviewee:
        parts.append(clean_line(info.interviewee))
    return Text(" · ".join(parts), style=META)


_UNREAD = Text("● ", style=UNREAD)
_BOOKMARKED = Text("★ ", style=BOOKMARK)
_READ = Text("  ")
_NEWLINE = Text("\n")
FIRST_DRAWN = 12  # options drawn at once (more than a tall terminal shows); then the rest


class ResultsList(PickList):
    """Articles as options whose ids are article ids."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._br_bodies: dict[str, tuple[Text, ...]] = {}  # each option's parts, no marker
        self._br_marks: tuple[frozenset[str], frozenset[str]] | None = None  # read, bookmarked
        self._br_generation = 0  # lists shown so far: the rest of an old one is not added

    def _prompt(self, article_id: str) -> Text:
        """The option's text: the unread/bookmarked marker, then its parts."""
        parts = self._br_bodies[article_id]
        if self._br_marks is None:
            return Text.assemble(*parts)
        read, bookmarked = self._br_marks
        if article_id in bookmarked:
            badge = _BOOKMARKED
        else:
            badge = _READ if article_id in read else _UNREAD
        return Text.assemble(badge, *parts)

    def use_marks(self, read: frozenset[str], bookmarked: frozenset[str]) -> None:
        """Marks for the next list shown (nothing is redrawn now)."""
        self._br_marks = (read, bookmarked)

    def set_marks(self, read: frozenset[str], bookmarked: frozenset[str]) -> None:
        """Mark unread (●) and bookmarked (★) articles, redrawing only what changed."""
        before = self._br_marks
        self._br_marks = (read, bookmarked)
        changed = [
            article_id
            for article_id in self._br_bodies
            if before is None
            or (article_id in before[0], article_id in before[1])
            != (article_id in read, article_id in bookmarked)
        ]
        if len(changed) > 20:
            # The first marks, or a new view: one rebuild beats thousands of redraws.
            options = [Option(self._prompt(i), id=i) for i in self._br_bodies]
            self._replace(options, self.highlighted or 0, keep_scroll=True)
            return
        for article_id in changed:
            try:
                self.replace_option_prompt(article_id, self._prompt(article_id))
            except Exception:  # noqa: BLE001 - the option went away with a new search
                pass

    def show_articles(self, infos: Sequence[ArticleInfo], *, limit: int) -> None:
        """List articles (no query): title, then date and interviewee."""
        options = [
            self._option(
                i.id,
                (Text(clean_line(i.title) or clean_line(i.path), style=TITLE), _NEWLINE, _meta(i)),
            )
            for i in infos[:limit]
        ]
        self._replace(options)

    def _option(self, article_id: str, parts: tuple[Text, ...]) -> Option:
        self._br_bodies[article_id] = parts
        return Option(self._prompt(article_id), id=article_id)

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
            options.append(self._option(hit.info.id, tuple(parts)))
        self._replace(options, highlight)

    def _replace(
        self, options: list[Option], highlight: int = 0, keep_scroll: bool = False
    ) -> None:
        self._br_bodies = {o.id: self._br_bodies[o.id] for o in options if o.id}
        spaced: list[Option | None] = []
        for option in options:
            if spaced:
                spaced.append(None)  # a rule between articles
            spaced.append(option)
        scroll = self.scroll_offset
        # The first screen of options now, the rest once it is drawn: the list
        # measures every option's height as it is added (wrapping its text).
        first = max(FIRST_DRAWN, highlight + 1)
        if keep_scroll or len(options) <= first:
            first = len(options)
        self._br_generation += 1
        self.set_options(spaced[: 2 * first])
        if first < len(options):
            # After what waits for this drawing (the highlighted article is read then).
            rest = spaced[2 * first :]
            self.call_after_refresh(self.call_later, self._add_rest, self._br_generation, rest)
        if options:
            self.highlighted = min(highlight, len(options) - 1)
        if keep_scroll:
            self.scroll_to(scroll.x, scroll.y, animate=False)

    def _add_rest(self, generation: int, rest: list[Option | None]) -> None:
        if generation == self._br_generation:  # no newer list since
            self.add_options(rest)
