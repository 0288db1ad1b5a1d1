"""The finding commands: ``search``, ``facets``, ``related`` and ``timeline``.

Each takes a query or a pair and prints what the index answers, as lines for
people or JSON for scripts. ``search`` also runs from ``saved run``, through
:class:`SearchOptions` rather than a command line.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, NamedTuple

from brreader.cli.kept import with_notes
from brreader.cli.options import (
    filter_options,
    filters,
    json_option,
    limit_option,
    one_output,
    pair_option,
)
from brreader.cli.output import (
    NO_MATCH,
    OK,
    count_of,
    dump,
    export,
    facets_json,
    fail,
    no_such_pair,
    related_json,
    say,
    search_json,
    timeline_json,
    unknown_article,
)

if TYPE_CHECKING:
    from brreader.model import Filters
    from brreader.search import Archive


# -- search ------------------------------------------------------------------------------


class SearchOptions(NamedTuple):
    """What a search was asked for, from ``brreader search`` or from a saved search."""

    query: str  # as typed, note: terms included
    filters: Filters
    limit: int | None = None  # None: 10, or every article for an export
    sort: str = "relevance"
    json: bool = False
    format: str | None = None  # an export: jsonl, csv or markdown


def search_options(parser: argparse.ArgumentParser) -> None:
    """The options of ``brreader search``."""
    parser.add_argument("query", nargs="+", help="the query (several words are joined)")
    limit_option(parser, None, "at most N articles (default 10; every one with --format)")
    parser.add_argument(
        "--sort", choices=("relevance", "newest", "oldest"), default="relevance", help="order"
    )
    json_option(parser)
    parser.add_argument(
        "--format",
        choices=("jsonl", "csv", "markdown"),
        help="export every matching pair, one row each (id, pair, question, snippet, "
        "interviewee, outlet, published, path, title, and the whole answer)",
    )
    filter_options(parser)


def run_search(archive: Archive, args: argparse.Namespace) -> int:
    """``brreader search``."""
    one_output(args)
    asked = SearchOptions(
        query=" ".join(args.query),
        filters=filters(args),
        limit=args.limit,
        sort=args.sort,
        json=args.json,
        format=args.format,
    )
    return search(archive, asked)


def search(archive: Archive, asked: SearchOptions) -> int:
    """Print the articles that match, or export every matching pair; the exit status."""
    from dataclasses import replace

    from brreader.render import Output, search_lines
    from brreader.textsafe import clean_line

    text = asked.query
    query, narrowed = with_notes(archive, text, asked.filters)
    many = 1_000_000 if asked.format else 3  # an export lists every matching pair
    limit = asked.limit or (None if asked.format else 10)
    results = archive.search(
        query,
        limit=limit,
        sort=asked.sort,
        filters=narrowed,
        pairs_per_hit=many,
        relax=not asked.format,  # an export is every pair the query matches, as typed
    )
    results = replace(results, query=text)  # as typed, note: terms included
    unknown_filter_values(archive, narrowed)
    if asked.format:
        export(results, text, asked.format)
        if not results.total:
            say(f"no articles match {clean_line(text)!r}")
        return OK if results.total else NO_MATCH
    from brreader.search import FEW_RESULTS

    # "Did you mean" only when the query found little: never a cost on good queries.
    few = results.with_all_words <= FEW_RESULTS and query.strip()
    suggestion = archive.suggest(query) if few else None
    if asked.json:
        dump(search_json(results, text, suggestion))
    else:
        if results.relaxed is not None:
            say(results.relaxed.wording())
        if results.total:
            Output().write(search_lines(results))
        else:
            say(f"no articles match {clean_line(text)!r}")
        if suggestion:
            sys.stderr.write(f"Did you mean: {clean_line(suggestion)}\n")
    return OK if results.total else NO_MATCH


def unknown_filter_values(archive: Archive, filters: Filters | None) -> None:
    """Say which --who/--outlet/--tag value matched nothing, and how to see the values."""
    from brreader.model import FACETS
    from brreader.textsafe import clean_line

    options = {facet.name: facet.option for facet in FACETS}
    for facet, value in archive.unmatched_filters(filters):
        shown = repr(clean_line(value))
        if len(shown) > 80:  # a value as long as a file: named, not echoed whole
            shown = f"{shown[:60]}{shown[0]}... ({len(value):,} characters)"
        say(
            f"{options[facet]} {shown} matches no {facet} in the archive; "
            "'brreader facets' lists them"
        )


# -- facets ------------------------------------------------------------------------------


def facets_options(parser: argparse.ArgumentParser) -> None:
    """The options of ``brreader facets``."""
    parser.add_argument("query", nargs="*", help="the query (optional)")
    parser.add_argument("--all", action="store_true", help="every value, not the first 10")
    json_option(parser)
    filter_options(parser)


def run_facets(archive: Archive, args: argparse.Namespace) -> int:
    """``brreader facets``."""
    from brreader.render import Output, facet_lines

    typed = " ".join(args.query)
    text, narrowed = with_notes(archive, typed, filters(args))
    found = archive.facets(text, narrowed)
    unknown_filter_values(archive, narrowed)
    if not found.total and not args.json:
        from brreader.textsafe import clean_line

        what = f" match {clean_line(typed)!r}" if typed.strip() else " pass the filters"
        return fail(f"no articles{what}", NO_MATCH)
    if args.json:
        dump(facets_json(typed, found))
    else:
        Output().write(facet_lines(typed, found, None if args.all else 10))
    return OK if found.total else NO_MATCH


# -- related -----------------------------------------------------------------------------


def related_options(parser: argparse.ArgumentParser) -> None:
    """The options of ``brreader related``."""
    parser.add_argument("id", help="the article's id or path")
    pair_option(parser)
    limit_option(parser, 10, "at most N pairs")
    json_option(parser)


def run_related(archive: Archive, args: argparse.Namespace) -> int:
    """``brreader related``."""
    from brreader.render import Output, related_lines
    from brreader.search import NotFound

    try:
        article_id = archive.info(args.id).id
        found = archive.related(article_id, args.pair, limit=args.limit)
    except NotFound:
        return unknown_article(archive, args.id)
    except IndexError:
        return no_such_pair(article_id, len(archive.article(article_id).pairs))
    if args.json:
        dump(related_json(article_id, args.pair, found))
    elif found:
        Output().write(related_lines(found))
    else:
        say("no similar questions or answers in other articles")
    return OK if found else NO_MATCH


# -- timeline ----------------------------------------------------------------------------


def timeline_options(parser: argparse.ArgumentParser) -> None:
    """The options of ``brreader timeline``."""
    parser.add_argument("query", nargs="+", help="the query")
    limit_option(parser, 100, "at most N pairs (default 100)")
    json_option(parser)
    filter_options(parser)


def run_timeline(archive: Archive, args: argparse.Namespace) -> int:
    """``brreader timeline``."""
    from brreader.render import Output, timeline_lines
    from brreader.textsafe import clean_line

    text, narrowed = with_notes(archive, " ".join(args.query), filters(args))
    found = archive.timeline(text, filters=narrowed, limit=args.limit)
    unknown_filter_values(archive, narrowed)
    if args.json:
        dump(timeline_json(text, found))
    elif found.total:
        Output().write(timeline_lines(found))
        if found.total > len(found.entries):
            say(
                f"showing the first {len(found.entries):,} of {found.total:,} entries "
                f"({count_of(found.pairs, 'pair')}, {found.outside:,} by headline or lede) "
                f"in {count_of(found.articles, 'article')}; --limit N shows more"
                if found.outside
                else f"showing the first {len(found.entries):,} of {found.total:,} matching "
                f"pairs in {count_of(found.articles, 'article')}; --limit N shows more"
            )
    else:
        say(f"no articles match {clean_line(text)!r}")
    return OK if found.total else NO_MATCH
