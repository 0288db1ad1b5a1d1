"""The reading pane: the article, and beside it its outline or 'asked elsewhere' list.

A compound widget so the three stay in step without the screen relaying
between them: the outline follows the viewer's current question and jumps
it to the question chosen, the viewer's subtitle says where you are, and
the outline and the related list take turns beside the article.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message

from brreader.search import RelatedPair
from brreader.tui.widgets._article_view import ArticleView
from brreader.tui.widgets._outline import Outline
from brreader.tui.widgets._related import RelatedList


def where(moved: ArticleView.Moved) -> str:
    """The viewer's subtitle: "match 3/12 · Q4"; "12+" while the article is still laid out."""
    parts = []
    if moved.matches:
        more = "" if moved.complete else "+"
        parts.append(f"match {max(moved.match, 0)}/{moved.matches}{more}")
    if moved.pair:
        parts.append(f"Q{moved.pair}")
    return " · ".join(parts)


class ReadingPane(Horizontal):
    """ArticleView, Outline and RelatedList side by side (the last two hidden at first)."""

    class SideToggled(Message):
        """The outline or the related list opened or closed: the panes may need rearranging."""

    def compose(self) -> ComposeResult:
        yield ArticleView(id="viewer")
        yield Outline(id="outline")
        yield RelatedList(id="related")

    @on(ArticleView.Ready)
    def _br_viewer_ready(self) -> None:
        viewer = self.query_one(ArticleView)
        self.query_one(Outline).show(viewer.article, viewer.pair_hits, any(viewer.terms.values()))

    @on(ArticleView.Moved)
    def _br_viewer_moved(self, message: ArticleView.Moved) -> None:
        self.query_one(ArticleView).border_subtitle = where(message)
        self.query_one(Outline).follow(message.pair)  # 0 (the lede) leaves the highlight

    @on(Outline.QuestionChosen)
    def _br_question_chosen(self, message: Outline.QuestionChosen) -> None:
        self.query_one(ArticleView).goto_question(message.number)

    @property
    def open_side(self) -> str:
        """Which pane is open beside the article: "outline", "related" or ""."""
        if self.query_one(Outline).display:
            return "outline"
        return "related" if self.query_one(RelatedList).display else ""

    def close_side(self) -> None:
        """Close the outline or related list (the article gets the focus)."""
        if self.open_side:
            self.query_one(Outline).display = False
            self.query_one(RelatedList).display = False
            self.query_one(ArticleView).focus()
            self.post_message(self.SideToggled())

    def toggle_outline(self) -> None:
        """Show the outline at the current question (and focus it), or hide it."""
        outline = self.query_one(Outline)
        outline.display = not outline.display
        if outline.display:
            self.query_one(RelatedList).display = False
            outline.follow(max(self.query_one(ArticleView).current_question(), 1))
            outline.focus()
        else:
            self.query_one(ArticleView).focus()
        self.post_message(self.SideToggled())

    def show_related(self, number: int, pairs: Sequence[RelatedPair]) -> None:
        """List the pairs like question ``number`` in place of the outline, and focus them."""
        self.query_one(Outline).display = False
        related = self.query_one(RelatedList)
        related.show(number, pairs)
        related.display = True
        related.focus()
        self.post_message(self.SideToggled())

    def close_related(self) -> bool:
        """Hide the related list if it has the focus (back to the article); False if not."""
        related = self.query_one(RelatedList)
        if not (related.display and related.has_focus):
            return False
        related.display = False
        self.query_one(ArticleView).focus()
        self.post_message(self.SideToggled())
        return True
