"""The list of articles: every article when no query is typed, else the ranked hits."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from rich.text import Text
from textual.widgets.option_list import Option

from brreader.render import format_date
from brreader.search import ArticleInfo, Hit, Marked
from brreader.textsafe import clean_line
from brreader.tui.styles import BOOKMARK, LABEL, META, TITLE, UNREAD, marked_text
from brreader.tui.widgets._lists import PickList
from brreader.tui.widgets._prompts import Prompt, Prompts


def _meta(info: ArticleInfo) -> Text:
    parts = [format_date(info.published)[:10]]
    if info.interviewee:
        parts.append(clean_line(info.interviewee))
    return Text(" · ".join(parts), style=META)


def _info_parts(info: ArticleInfo) -> tuple[Text, ...]:
    """An article listed without a query: its title, then date and interviewee."""
    title = Text(clean_line(info.title) or clean_line(info.path), style=TITLE)
    return (title, _NEWLINE, _meta(info))


def _hit_parts(hit: Hit, waiting: bool) -> tuple[Text, ...]:
    """A hit: its title, date and interviewee, and the best matching question (``Q…``
    while ``waiting`` for it: see :meth:`ResultsList.show_hits`)."""
    title = hit.title if hit.title.text else Marked(hit.info.path)
    parts = [marked_text(title, TITLE), _NEWLINE, _meta(hit.info)]
    if waiting:
        parts += [_NEWLINE, _WAITING]
    elif hit.matches:
        best = hit.matches[0]
        parts += [_NEWLINE, Text(f"Q{best.number} ", style=LABEL), marked_text(best.question)]
    return tuple(parts)


def _shows(item: Hit | ArticleInfo, waiting: bool) -> Hashable:
    """Everything an option's text is made from (two options alike look alike)."""
    if isinstance(item, ArticleInfo):
        return (item.id, item.title, item.path, item.published, item.interviewee)
    best = (item.matches[0].number, item.matches[0].question) if item.matches else None
    info = item.info
    return (info.id, item.title, info.path, info.published, info.interviewee, best, waiting)


_UNREAD = Text("● ", style=UNREAD)
_BOOKMARKED = Text("★ ", style=BOOKMARK)
_READ = Text("  ")
_NEWLINE = Text("\n")
_WAITING = Text("Q…", style=LABEL)  # the best question is being found
FIRST_DRAWN = 12  # options drawn at once (more than a tall terminal shows); then the rest


class ResultsList(PickList):
    """Articles as options whose ids are article ids."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._br_items: dict[str, Hit | ArticleInfo] = {}  # what each option shows, in order
        self._br_marks: tuple[frozenset[str], frozenset[str]] | None = None  # read, bookmarked
        self._br_generation = 0  # lists shown so far: the rest of an old one is not added
        self._br_waiting: set[str] = set()  # hits whose best question is still being found
        self._br_prompts = Prompts()

    def _prompt(self, article_id: str) -> Prompt:
        """The option's text: the unread/bookmarked marker, then what it shows."""
        item = self._br_items[article_id]
        badge: Text | None = None
        if self._br_marks is not None:
            read, bookmarked = self._br_marks
            if article_id in bookmarked:
                badge = _BOOKMARKED
            else:
                badge = _READ if article_id in read else _UNREAD

        waiting = article_id in self._br_waiting

        def make() -> Text:
            if isinstance(item, ArticleInfo):
                parts = _info_parts(item)
            else:
                parts = _hit_parts(item, waiting)
            return Text.assemble(*parts) if badge is None else Text.assemble(badge, *parts)

        # The theme is part of the key: it decides the colours the text was converted to.
        shows = _shows(item, waiting)
        key = (self.app.theme, badge.plain if badge else None, badge is _UNREAD, shows)
        return self._br_prompts.get(key, make)

    def use_marks(self, read: frozenset[str], bookmarked: frozenset[str]) -> None:
        """Marks for the next list shown (nothing is redrawn now)."""
        self._br_marks = (read, bookmarked)

    def set_marks(self, read: frozenset[str], bookmarked: frozenset[str]) -> None:
        """Mark unread (●) and bookmarked (★) articles, redrawing only what changed."""
        before = self._br_marks
        self._br_marks = (read, bookmarked)
        changed = [
            article_id
            for article_id in self._br_items
            if before is None
            or (article_id in before[0], article_id in before[1])
            != (article_id in read, article_id in bookmarked)
        ]
        if len(changed) > 20:
            # The first marks, or a new view: one rebuild beats thousands of redraws.
            self._replace(list(self._br_items), self.highlighted or 0, keep_scroll=True)
            return
        for article_id in changed:
            try:
                self.replace_option_prompt(article_id, self._prompt(article_id))
            except Exception:  # noqa: BLE001 - not listed yet, or gone with a new search
                pass

    def show_articles(self, infos: Sequence[ArticleInfo], *, limit: int) -> None:
        """List articles (no query): title, then date and interviewee."""
        self._br_items = {info.id: info for info in infos[:limit]}
        self._br_waiting = set()
        self._replace(list(self._br_items))

    def show_hits(
        self, hits: Sequence[Hit], *, highlight: int = 0, unpaired: int | None = None
    ) -> None:
        """List hits: title, date and interviewee, and the best matching question.

        The hits from ``unpaired`` on have no best pairs yet (their search left them
        for later): their third line says ``Q…`` until :meth:`show_pairs` has them.
        """
        self._br_items = {hit.info.id: hit for hit in hits}
        later = hits[unpaired:] if unpaired is not None else ()
        self._br_waiting = {hit.info.id for hit in later}
        self._replace(list(self._br_items), highlight)

    def show_pairs(self, hits: Sequence[Hit], unpaired: int | None) -> None:
        """The same hits, now with the best pairs of those before ``unpaired`` (all
        when None): the options still waiting for theirs show them."""
        for hit in hits if unpaired is None else hits[:unpaired]:
            article_id = hit.info.id
            if article_id not in self._br_waiting or article_id not in self._br_items:
                continue
            self._br_waiting.discard(article_id)
            self._br_items[article_id] = hit
            try:
                self.replace_option_prompt(article_id, self._prompt(article_id))
            except Exception:  # noqa: BLE001 - not listed yet: added with its pairs
                pass

    def _br_options(self, article_ids: Sequence[str], *, first: bool) -> list[Option | None]:
        """Options for these articles with a rule between two (and after the last, unless
        ``first`` says these begin the list: then before the first)."""
        spaced: list[Option | None] = []
        for article_id in article_ids:
            if spaced or not first:
                spaced.append(None)  # a rule between articles
            spaced.append(Option(self._prompt(article_id), id=article_id))
        return spaced

    def _replace(
        self, article_ids: list[str], highlight: int = 0, keep_scroll: bool = False
    ) -> None:
        scroll = self.scroll_offset
        # The first screen of options now, the rest once it is drawn: the list
        # measures every option's height as it is added (wrapping its text).
        first = max(FIRST_DRAWN, highlight + 1)
        if keep_scroll or len(article_ids) <= first:
            first = len(article_ids)
        self._br_generation += 1
        self.set_options(self._br_options(article_ids[:first], first=True))
        if first < len(article_ids):
            # After what waits for this drawing (the highlighted article is read then).
            rest = article_ids[first:]
            self.call_after_refresh(self.call_later, self._add_rest, self._br_generation, rest)
        if article_ids:
            self.highlighted = min(highlight, len(article_ids) - 1)
        if keep_scroll:
            self.scroll_to(scroll.x, scroll.y, animate=False)

    def _add_rest(self, generation: int, rest: list[str]) -> None:
        if generation == self._br_generation:  # no newer list since
            self.add_options(self._br_options(rest, first=False))
