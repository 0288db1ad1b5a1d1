"""The reader's widgets, one module each."""

from brreader.tui.widgets._article_view import ArticleView
from brreader.tui.widgets._filters import FilterChips, FilterPanel
from brreader.tui.widgets._lists import PickList
from brreader.tui.widgets._outline import Outline
from brreader.tui.widgets._reading_pane import ReadingPane
from brreader.tui.widgets._related import RelatedList
from brreader.tui.widgets._results import ResultsList
from brreader.tui.widgets._search_box import SearchBox
from brreader.tui.widgets._status import StatusLine

__all__ = [
    "ArticleView",
    "FilterChips",
    "FilterPanel",
    "Outline",
    "PickList",
    "ReadingPane",
    "RelatedList",
    "ResultsList",
    "SearchBox",
    "StatusLine",
]
