"""The filter panel (facets with counts for the current query) and the chips of active filters."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import var
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from brreader.search import FacetCounts, Filters
from brreader.textsafe import clean_line
from brreader.tui.styles import DIM, LABEL, TITLE
from brreader.tui.widgets._lists import PickList

HEADINGS = {
    "interviewee": "Interviewee",
    "outlet": "Outlet",
    "tag": "Tag",
    "year": "Year",
    "language": "Language",
}
HEADINGS_AND_VIEW = {**HEADINGS, "from": "From", "to": "To", "show": "Show"}
PER_FACET = 25  # values listed per facet; the rest are counted in a last line
RANGE = ("from", "to")  # a span of years: the first year (from) and the last (to)


def active_values(filters: Filters) -> list[tuple[str, str]]:
    """``(facet, value)`` for every filter in force, in the order the panel lists facets."""
    pairs = [("interviewee", v) for v in filters.who] + [("outlet", v) for v in filters.outlet]
    pairs += [("tag", v) for v in filters.tag] + [("year", str(y)) for y in filters.year]
    pairs += [("language", v) for v in filters.lang]
    if filters.start is not None:
        pairs.append(("from", str(filters.start.year)))
    if filters.end is not None:
        pairs.append(("to", str(filters.end.year)))
    return pairs


def with_value(filters: Filters, facet: str, value: str, *, on: bool) -> Filters:
    """``filters`` with one value added (``on``) or removed.

    "from" and "to" take a year (``value``) that starts or ends a span of years;
    removing either drops that end of the span.
    """
    if facet == "from":
        return replace(filters, start=datetime(int(value), 1, 1) if on else None)
    if facet == "to":
        return replace(filters, end=datetime(int(value), 12, 31, 23, 59, 59) if on else None)
    who, outlet, tag = list(filters.who), list(filters.outlet), list(filters.tag)
    year, lang = [str(y) for y in filters.year], list(filters.lang)
    lists = {"interviewee": who, "outlet": outlet, "tag": tag, "year": year, "language": lang}
    target = lists[facet]
    if on and value not in target:
        target.append(value)
    if not on and value in target:
        target.remove(value)
    return replace(
        filters,
        who=tuple(who),
        outlet=tuple(outlet),
        tag=tuple(tag),
        year=tuple(int(y) for y in year),
        lang=tuple(lang),
    )


class FilterPanel(PickList):
    """Facet values with counts; choosing one toggles it as a filter."""

    class FacetChosen(Message):
        """The user picked a facet value: add it as a filter, or drop it if active."""

        def __init__(self, facet: str, value: str) -> None:
            super().__init__()
            self.facet = facet
            self.value = value

    def show(self, counts: FacetCounts | None, active: Filters) -> None:
        """List each facet's values, most frequent first; active ones are ticked."""
        highlighted = self.highlighted_option.id if self.highlighted_option else None
        self.clear_options()
        if counts is None:
            self.add_option(Option(Text("counting …", style=DIM), disabled=True))
            return
        on = set(active_values(active))
        options: list[Option | None] = []
        for facet, values in counts.counts.items():
            if not values:
                continue
            if options:
                options.append(None)
            heading = Text(f"{HEADINGS[facet]} ({len(values)})", style=TITLE)
            options.append(Option(heading, disabled=True))
            if facet == "year":
                options += self._span_options(active)
            for value, count in values[:PER_FACET]:
                tick = "✓ " if (facet, value) in on else "  "
                label = Text.assemble(
                    Text(tick, style=LABEL), Text(f"{count:>5,} ", style=DIM), clean_line(value)
                )
                options.append(Option(label, id=f"{facet}\x1f{value}"))
            if len(values) > PER_FACET:
                more = Text(f"  … {len(values) - PER_FACET} more", style=DIM)
                options.append(Option(more, disabled=True))
        self.add_options(options)
        if highlighted is not None:
            try:
                self.highlighted = self.get_option_index(highlighted)
            except Exception:  # noqa: BLE001 - the value is gone from this query's facets
                pass
        if self.highlighted is None:  # a cursor from the start: Enter works at once
            first = next((i for i, o in enumerate(self.options) if not o.disabled), None)
            self.highlighted = first

    @staticmethod
    def _span_options(active: Filters) -> list[Option]:
        """'From a year' and 'to a year': a span of years (Enter asks for the year)."""
        spans = []
        for facet, moment, words in (
            ("from", active.start, "from year …"),
            ("to", active.end, "to year …"),
        ):
            if moment is None:
                label = Text.assemble(Text("  ", style=LABEL), Text(f"      {words}", style=DIM))
            else:
                label = Text.assemble(Text("✓ ", style=LABEL), f"      {facet} {moment.year}")
            spans.append(Option(label, id=f"{facet}\x1f"))
        return spans

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id:
            facet, _, value = event.option_id.partition("\x1f")
            self.post_message(self.FacetChosen(facet, value))


class FilterChips(Horizontal):
    """The active filters as small buttons under the search box; pressing one removes it.

    ``filters`` and ``view`` are bound to the screen's (data binding): the chips
    follow every change of either, and the row hides when nothing is active.
    """

    filters: var[Filters] = var(Filters, init=False)
    view: var[str] = var("", init=False)  # "", "unread" or "bookmarked": shown as a "show" chip

    class FilterRemoved(Message):
        """A chip was pressed: drop that filter (facet "show": go back to every article)."""

        def __init__(self, facet: str, value: str) -> None:
            super().__init__()
            self.facet = facet
            self.value = value

    def compose(self) -> ComposeResult:
        yield Static("Filters:", classes="chips-label")

    def watch_filters(self) -> None:
        self._br_show()

    def watch_view(self) -> None:
        self._br_show()

    def _br_show(self) -> None:
        """One chip per filter value, and one for an unread/bookmarked view."""
        for chip in self.query(Button):
            chip.remove()
        values = active_values(self.filters)
        if self.view:
            values.insert(0, ("show", self.view))
        self.display = bool(values)
        for facet, value in values:
            label = Text.assemble(
                Text(f"{HEADINGS_AND_VIEW[facet].lower()}: ", style=DIM), clean_line(value), " ✕"
            )
            chip = Button(label, classes="chip")
            chip.tooltip = "remove this filter"
            chip.br_filter = (facet, value)  # type: ignore[attr-defined]
            self.mount(chip)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        facet, value = event.button.br_filter  # type: ignore[attr-defined]
        self.post_message(self.FilterRemoved(facet, value))
