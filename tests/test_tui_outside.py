"""The reader's ways out (issue 18): `e` edits the article in $EDITOR, `O` opens its link."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import pytest

from brreader.search import Archive
from brreader.tui.app import ReaderApp
from brreader.tui.widgets import ArticleView
from tests.test_tui import FRONT_MATTER, PLAIN, settle, write


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    return write(tmp_path, {"2021/sensors.txt": PLAIN, "2022/cold-chain.md": FRONT_MATTER})


async def open_article(pilot, words: str) -> ArticleView:
    await settle(pilot)
    await pilot.press(*words)
    await settle(pilot)
    await pilot.press("escape", "tab")  # out of the search box, to the article
    await settle(pilot)
    return pilot.app.query_one(ArticleView)


async def test_e_edits_the_article_and_shows_the_change(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An "editor" that appends a sentence to the file it is given, as a person would.
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys\n"
        "with open(sys.argv[1], 'a', encoding='utf-8') as f:\n"
        "    f.write('\\nThe ferry to Kratie carries the spare gauges.\\n')\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("VISUAL", f"{sys.executable} {editor}")
    monkeypatch.setattr(ReaderApp, "suspend", lambda self: contextlib.nullcontext())
    app = ReaderApp(archive)
    async with app.run_test(size=(110, 32)) as pilot:
        view = await open_article(pilot, "farmers")
        assert view.article is not None and view.article.id == "2021/sensors"
        await pilot.press("e")
        await settle(pilot, 0.6)
        assert "Kratie" in (archive.articles / "2021/sensors.txt").read_text(encoding="utf-8")
        assert view.article is not None and "Kratie" in view.article.pairs[-1].answer
    assert archive.search("Kratie").total == 1  # the index was updated too
    archive.close()


async def test_e_without_an_editor_says_how_to_set_one(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    before = (archive.articles / "2021/sensors.txt").read_bytes()
    app = ReaderApp(archive)
    async with app.run_test(size=(110, 32)) as pilot:
        await open_article(pilot, "farmers")
        await pilot.press("e")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert any("Set $VISUAL or $EDITOR" in message for message in said)
    assert (archive.articles / "2021/sensors.txt").read_bytes() == before


async def test_o_opens_the_source_link_or_says_there_is_none(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(ReaderApp, "open_url", lambda self, url, **kw: opened.append(url))
    app = ReaderApp(archive)
    async with app.run_test(size=(110, 32)) as pilot:
        view = await open_article(pilot, "farmers")  # the sensors article has no url
        assert view.article is not None and view.article.id == "2021/sensors"
        await pilot.press("O")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert any("has no link" in message for message in said) and opened == []
        await pilot.press("slash", *["backspace"] * len("farmers"))
        view = await open_article(pilot, "freezers")  # the cold-chain article has one
        assert view.article is not None and view.article.id == "2022/cold-chain"
        await pilot.press("O")
        await pilot.pause()
        assert opened == ["https://example.org/cold-chain"]
