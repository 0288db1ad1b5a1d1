"""The reader's ways out to other programs: edit the article (``e``), open its link (``O``).

Functions of the reader screen, bound to its keys in ``_reader.py``.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from typing import TYPE_CHECKING

from brreader.textsafe import clean_line
from brreader.tui.screens import _reader_work as work
from brreader.tui.widgets import ArticleView
from brreader.urls import link_target

if TYPE_CHECKING:
    from brreader.tui.screens._reader import ReaderScreen


def editor_command() -> list[str]:
    """``$VISUAL``, else ``$EDITOR``, split as a shell would; ``[]`` when neither is set."""
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            try:
                return shlex.split(value)
            except ValueError:  # an unbalanced quote: take it as one program name
                return [value]
    return []


def edit_article(screen: ReaderScreen) -> None:
    """Open the article's file in the user's editor, then read it again.

    The reader steps aside while the editor runs (the terminal is the
    editor's); when it exits, the article is re-read and the index updated, so
    what was changed shows and is found at once.
    """
    article = screen.query_one(ArticleView).article
    if article is None:
        screen.notify("Open an article first; e edits the one on screen.")
        return
    command = editor_command()
    if not command:
        screen.notify(
            "Set $VISUAL or $EDITOR (for example: export EDITOR=nano) to edit articles "
            "from the reader.",
            severity="warning",
        )
        return
    path = screen.archive.articles / article.path
    try:
        with screen.app.suspend():
            done = subprocess.run([*command, str(path)], check=False)
    except FileNotFoundError:
        screen.notify(f"Cannot run the editor {clean_line(command[0])!r}.", severity="error")
        return
    except Exception as error:  # noqa: BLE001 - Textual cannot suspend in every terminal
        screen.notify(f"Cannot hand the terminal to the editor: {error}", severity="error")
        return
    if done.returncode != 0:
        screen.notify(f"The editor exited with status {done.returncode}.", severity="warning")
    work.load_article(screen, screen.archive, article.id)
    screen.action_update_index()


def open_source(screen: ReaderScreen) -> None:
    """Open the article's source link (its ``url``) in the browser."""
    article = screen.query_one(ArticleView).article
    if article is None:
        screen.notify("Open an article first; O opens its source link.")
        return
    url = link_target(article.url)
    if not url:
        screen.notify("This article has no link (add 'url:' to its front matter).")
        return
    screen.app.open_url(url)
    screen.notify(f"Opening {clean_line(url)}")
