"""An article named by the path a user typed, and why a name leads to no article.

``show``, ``quote`` and ``related`` take an id or a path relative to the
articles folder. A shell completes paths from where the user stands, so
``~/interviews/2019/x.txt`` or ``articles/2019/x.txt`` lead to the same file:
:func:`relative_path` turns such a path into the one the index knows. When
nothing is found, :func:`why_missing` says what the name is (a file outside
the archive, one the index skipped, a folder) so the one-line error can say
what to do. A file is opened only to say why the index skipped it, and the
way every article is (:func:`brreader.files.read_regular`): a pipe or device
is never opened.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from brreader.articles import ARTICLE_SUFFIXES, read_article
from brreader.model import ArticleError
from brreader.textsafe import is_utf8

T = TypeVar("T")


def _within(full: str, root: str) -> str | None:
    if full.startswith(root.rstrip("/") + "/"):
        return full[len(root.rstrip("/")) + 1 :]
    return None


def find(info: Callable[[str], T | None], articles: Path, key: str) -> T | None:
    """``info(key)``, else ``info`` of the archive path a file path leads to; None for
    bytes that are not UTF-8 (no id holds them, and the index cannot look them up)."""
    if not is_utf8(key):
        return None
    found = info(key)
    if found is None:
        inside = relative_path(articles, key)
        if inside is not None and inside != key:
            found = info(inside)
    return found


def relative_path(articles: Path, key: str) -> str | None:
    """``key`` as a path relative to ``articles``, when it is a file path that leads there.

    Absolute, relative to the working folder or starting with ``~``; the
    articles folder and the path are compared as written and with links
    resolved, so a link to the archive (or an archive reached through one)
    works either way. None for anything else.
    """
    if not key or "\0" in key:
        return None
    try:
        typed = os.path.abspath(os.path.expanduser(key))
        root = os.path.abspath(articles)
        found = _within(typed, root) or _within(typed, os.path.realpath(root))
        if found is None:
            found = _within(os.path.realpath(typed), os.path.realpath(root))
    except (OSError, ValueError):
        return None
    return found


def why_missing(articles: Path, key: str) -> str:
    """Why ``key`` names no indexed article, and what to do: one line for the error."""
    unknown = f"no article with id or path {key!r}; see 'brreader list'"
    if not key or "\0" in key:
        return unknown
    inside = relative_path(articles, key)
    typed = Path(os.path.expanduser(key))
    if inside is None and not typed.is_absolute():
        # A path relative to the archive, or an id: the file the index skipped.
        names = [key] + [key + suffix for suffix in ARTICLE_SUFFIXES]
        inside = next((name for name in names if os.path.lexists(articles / name)), None)
        typed = typed if inside is None else articles / inside
    try:
        if not os.path.lexists(typed):
            return unknown
        if os.path.isdir(typed) and (inside is None or not os.path.islink(typed)):
            return f"{key!r} is a folder, not an article; give an article's id or path"
        regular = os.path.isfile(typed)
    except (OSError, ValueError):
        return unknown
    if inside is None:
        where = f"{key!r} is not in the articles folder {str(articles)!r}"
        return f"{where}; 'brreader import {key}' adds a copy of it" if regular else where
    if not inside.lower().endswith(ARTICLE_SUFFIXES):
        return f"{key!r} is not an article: only .txt and .md files are"
    if any(part.startswith(".") for part in inside.split("/")):
        return f"{key!r} is hidden (its name or a folder's starts with '.'): brreader leaves it out"
    try:
        read_article(articles, inside, "")
    except ArticleError as error:
        return f"{key!r} is not indexed: {error}"
    return f"{key!r} is not indexed yet; run 'brreader index'"
