"""The keeping commands: ``bookmarks`` and ``saved`` (add, list, run, rm).

They read and change the reader's state file, so what is kept in the reader
can be listed, cited and reused from scripts, and the other way round.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from brreader.cli.find import SearchOptions, search
from brreader.cli.kept import open_state, warn
from brreader.cli.options import filter_options, filters, json_option, limit_option, require_text
from brreader.cli.output import (
    FAILURE,
    NO_MATCH,
    OK,
    USAGE,
    bookmarks_json,
    count_of,
    dump,
    fail,
    put,
    saved_json,
    say,
)

if TYPE_CHECKING:
    from brreader.model import Article
    from brreader.search import Archive
    from brreader.state import Bookmark


def bookmarks_options(parser: argparse.ArgumentParser) -> None:
    """The options of ``brreader bookmarks``."""
    json_option(parser)
    parser.add_argument(
        "--format",
        choices=("text", "csl-json"),
        default="text",
        help="csl-json: every bookmark as a citation Zotero, pandoc and citeproc read",
    )


def run_bookmarks(archive: Archive, args: argparse.Namespace) -> int:
    """``brreader bookmarks``: each bookmark with its question, citation and note."""
    from brreader.articles import ArticleError
    from brreader.cite import citation
    from brreader.search import NotFound
    from brreader.textsafe import clean_line

    state = open_state(archive)
    rows: list[tuple[Bookmark, Article | None, str]] = []
    for mark in state.bookmarks():
        article: Article | None
        try:
            article = archive.article(mark.article_id)
        except (NotFound, ArticleError):
            article = None  # gone or unreadable since: still listed, marked missing
        question = ""
        if article is not None and mark.pair and 1 <= mark.pair <= len(article.pairs):
            question = article.pairs[mark.pair - 1].question
        rows.append((mark, article, question))
    if args.json:
        dump(bookmarks_json(rows))
        return OK
    if args.format == "csl-json":
        from brreader.cite import csl_item

        gone = [mark.article_id for mark, article, _ in rows if article is None]
        if gone:
            names = clean_line(", ".join(gone))
            say(f"left out {count_of(len(gone), 'bookmark')} whose article is gone: {names}")
        items = [csl_item(a, mark.pair, mark.note) for mark, a, _ in rows if a is not None]
        dump(items)
        return OK
    if not rows:
        say("no bookmarks yet; press b in the reader to bookmark the current question")
        return OK
    for number, (mark, article, question) in enumerate(rows, start=1):
        where = f"{mark.article_id} Q{mark.pair}" if mark.pair else mark.article_id
        lines = [f"{number}. {clean_line(where)}"]
        if article is None:
            lines.append("   (this article is no longer in the archive)")
        else:
            if question:
                lines.append(f"   Q{mark.pair} {clean_line(question)}")
            elif mark.pair:
                lines.append(f"   (the article has no question {mark.pair} any more)")
            lines.append(f"   {clean_line(citation(article))}")
        if mark.note:
            lines.append(f"   Note: {clean_line(mark.note)}")
        put("\n".join(lines) + ("\n" if number < len(rows) else ""))
    return OK


# -- saved searches ----------------------------------------------------------------------


def saved_add_options(parser: argparse.ArgumentParser) -> None:
    """The options of ``brreader saved add``: the query, and the filters kept with it."""
    parser.add_argument("name")
    parser.add_argument("query", nargs="+")
    filter_options(parser)
    parser.add_argument(
        "--show",
        choices=("unread", "bookmarked"),
        default="",
        help="only articles not yet read, or only bookmarked ones, as u does in the reader",
    )


def run_saved_add(archive: Archive, args: argparse.Namespace) -> int:
    """``brreader saved add``: the query is checked now, not when it runs."""
    from brreader.state import SavedSearch
    from brreader.textsafe import clean_line

    state = open_state(archive)
    name, text = args.name.strip(), " ".join(args.query).strip()
    if not name or not text:
        return fail("a saved search needs a name and a query", USAGE)
    require_text(name, "the name")  # the state file is UTF-8 JSON
    require_text(text, "the query")
    for option in ("who", "outlet", "tag"):
        for value in getattr(args, option):
            require_text(value, f"--{option}")
    from brreader.search import strip_notes

    if strip_notes(text):
        archive.parse_query(strip_notes(text))  # refused now, not when run
    kept = filters(args)
    state.save_search(name, text, kept, args.show)
    if warn(state):
        return FAILURE
    extra = SavedSearch(name, text, kept, args.show).describe()
    put(f"saved {clean_line(name)!r}: {clean_line(text)}" + _bracketed(extra))
    return OK


def _bracketed(extra: str) -> str:
    from brreader.textsafe import clean_line

    return f"  [{clean_line(extra)}]" if extra else ""


def run_saved_list(archive: Archive, args: argparse.Namespace) -> int:
    """``brreader saved list``."""
    from brreader.textsafe import clean_line

    found = open_state(archive).saved_searches()
    if args.json:
        dump(saved_json(found))
    elif not found:
        say("no saved searches; add one with: brreader saved add NAME QUERY")
    else:
        width = max(len(name) for name in found)
        for name, saved in found.items():
            line = f"{clean_line(name):<{width}}  {clean_line(saved.query)}"
            put(line + _bracketed(saved.describe()))
    return OK


def saved_run_options(parser: argparse.ArgumentParser) -> None:
    """The options of ``brreader saved run``."""
    parser.add_argument("name")
    limit_option(parser, 10)
    json_option(parser)


def run_saved_run(archive: Archive, args: argparse.Namespace) -> int:
    """``brreader saved run``: search with the saved query and filters, as ``search`` would."""
    from dataclasses import replace

    state = open_state(archive)
    saved = state.saved_search(args.name.strip())
    if saved is None:
        return _no_saved_search(args.name)
    narrowed = saved.filters
    if saved.view == "unread":
        narrowed = replace(narrowed, exclude=frozenset(state.read_ids()))
    elif saved.view == "bookmarked":
        narrowed = replace(narrowed, ids=frozenset(state.bookmarked_ids()))
    asked = SearchOptions(query=saved.query, filters=narrowed, limit=args.limit, json=args.json)
    return search(archive, asked)


def saved_name_option(parser: argparse.ArgumentParser) -> None:
    """The options of ``brreader saved rm``."""
    parser.add_argument("name")


def run_saved_rm(archive: Archive, args: argparse.Namespace) -> int:
    """``brreader saved rm``."""
    from brreader.textsafe import clean_line

    state = open_state(archive)
    name = args.name.strip()
    if not state.remove_search(name):
        return _no_saved_search(name)
    if warn(state):
        return FAILURE
    put(f"removed {clean_line(name)!r}")
    return OK


def _no_saved_search(name: str) -> int:
    return fail(f"no saved search called {name!r}; see 'brreader saved list'", NO_MATCH)
