"""The reading commands: ``show``, ``quote`` and ``list``.

Each prints articles from the archive as they are, for people, scripts or
citing; none of them searches.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from brreader.cli.options import filter_options, filters, json_option, one_output, pair_option
from brreader.cli.output import (
    NO_MATCH,
    OK,
    article_json,
    dump,
    listed,
    no_such_pair,
    say,
    unknown_article,
)

if TYPE_CHECKING:
    from brreader.search import Archive


def show_options(parser: argparse.ArgumentParser) -> None:
    """The options of ``brreader show``."""
    parser.add_argument("id", help="the article's id (see 'brreader list') or its path")
    parser.add_argument("--query", metavar="Q", help="highlight the words this query matches")
    json_option(parser)
    parser.add_argument(
        "--format", choices=("markdown",), help="write the interview as clean Markdown"
    )


def run_show(archive: Archive, args: argparse.Namespace) -> int:
    """``brreader show``."""
    from brreader.render import Output, article_lines
    from brreader.search import NotFound

    try:
        article = archive.article(args.id)
    except NotFound:
        return unknown_article(archive, args.id)
    one_output(args)
    if args.format == "markdown":
        from brreader.cite import article_markdown
        from brreader.textsafe import clean

        sys.stdout.write(clean(article_markdown(article)))
        return OK
    if args.json:
        dump(article_json(article))
        return OK
    terms = archive.query_terms(args.query) if args.query else {}
    Output().write(article_lines(article, terms))
    return OK


def quote_options(parser: argparse.ArgumentParser) -> None:
    """The options of ``brreader quote``."""
    parser.add_argument("id", help="the article's id or path")
    pair_option(parser)
    parser.add_argument(
        "--format",
        choices=("text", "markdown", "json", "bibtex", "csl-json"),
        default="text",
        help="csl-json is what Zotero, pandoc and citeproc read",
    )
    parser.add_argument("--with-question", action="store_true", help="the question too")


def run_quote(archive: Archive, args: argparse.Namespace) -> int:
    """``brreader quote``: one answer with its citation."""
    from brreader.cite import quote
    from brreader.search import NotFound
    from brreader.textsafe import clean, json_escape_unsafe

    try:
        article = archive.article(args.id)
    except NotFound:
        return unknown_article(archive, args.id)
    try:
        text = quote(article, args.pair, args.format, with_question=args.with_question)
    except IndexError:
        return no_such_pair(article.id, len(article.pairs))
    out = json_escape_unsafe(text) if args.format in ("json", "csl-json") else clean(text)
    sys.stdout.write(out + "\n")
    return OK


def list_options(parser: argparse.ArgumentParser) -> None:
    """The options of ``brreader list``: JSON, and the filters ``search`` takes."""
    json_option(parser)
    filter_options(parser)


def run_list(archive: Archive, args: argparse.Namespace) -> int:
    """``brreader list``: every article (or every one that passes the filters), newest first."""
    from brreader.cli.find import unknown_filter_values
    from brreader.render import Output, list_lines

    narrowed = filters(args)
    infos, _total = archive.browse(None, narrowed or None)
    if narrowed and not infos:
        unknown_filter_values(archive, narrowed)
    if args.json:
        dump([listed(info) for info in infos])
    elif narrowed and not infos:
        say("no articles pass those filters")
    else:
        if not infos:
            say(f"no articles in {archive.articles}")
        Output().write(list_lines(infos))
    return NO_MATCH if narrowed and not infos else OK
