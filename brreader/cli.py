"""The ``brreader`` command: one-shot search, show, list and index, and the entry to the reader.

A thin layer over :mod:`brreader.search`. It keeps to a small contract that
scripts rely on: JSON shapes, exit statuses (0 ok, 1 no match or unknown id,
2 usage or query error, 3 any other error) and one-line error messages on
stderr, never a traceback for a user mistake. It must not import Textual.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

from brreader import __version__

OK, NO_MATCH, USAGE, FAILURE = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error message."""

    def error(self, message: str) -> NoReturn:
        if self.prog == "brreader search" and _DASHED:
            message = (
                f"{_DASHED[0]!r} looks like an option; to leave a word out write NOT "
                f"{_DASHED[0].lstrip('-')} (to search a word starting with -, put it after --)"
            )
        command = self.prog.removeprefix("brreader").strip()
        where = f"brreader {command} " if command else "brreader "
        self.exit(USAGE, f"brreader: {message} (see '{where}--help')\n")


_DASHED: list[str] = []  # words of the command line that begin with "-", for the hint above


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"takes a whole number of 1 or more, not {value!r}")
    return number


def _year(value: str) -> int:
    if not (value.isdigit() and len(value) == 4):
        raise argparse.ArgumentTypeError(f"takes a year such as 2025, not {value!r}")
    return int(value)


def _span(value: str) -> tuple[datetime, datetime]:
    """The first and last moment a date means: a day, a month (2025-06) or a year (2025)."""
    from calendar import monthrange
    from datetime import time

    from brreader.dates import parse_date

    whole = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?", value.strip())
    if whole:
        year, month = int(whole[1]), int(whole[2] or 0)
        if month and not 1 <= month <= 12:
            whole = None
        elif month:
            last = monthrange(year, month)[1]
            start, end = datetime(year, month, 1), datetime(year, month, last)
        else:
            start, end = datetime(year, 1, 1), datetime(year, 12, 31)
    found = parse_date(value) if not whole else None
    if found is not None:
        start, end = found, found
    elif not whole:
        raise argparse.ArgumentTypeError(
            f"not a date: {value!r}; write it like 2025-06-24, 2025-06 or 2025"
        )
    if end.time() == time(0, 0):
        end = datetime.combine(end.date(), time(23, 59, 59))  # a day includes all of it
    return start, end


def _filter_options(parser: argparse.ArgumentParser, *, who_only: bool = False) -> None:
    group = parser.add_argument_group("filters (repeat one to allow any of its values)")
    group.add_argument(
        "--who", action="append", default=[], metavar="NAME", help="interviewee, e.g. 'Dara Kheng'"
    )
    if who_only:
        return
    group.add_argument("--outlet", action="append", default=[], metavar="NAME", help="outlet")
    group.add_argument("--tag", action="append", default=[], metavar="TAG", help="tag")
    group.add_argument("--year", action="append", default=[], type=_year, metavar="YYYY")
    group.add_argument(
        "--from", dest="start", type=_span, metavar="DATE", help="on or after (2025-06-24, 2025)"
    )
    group.add_argument(
        "--to", dest="end", type=_span, metavar="DATE", help="on or before (2025-06-24, 2025)"
    )


def _filters(args: argparse.Namespace) -> Any:
    from brreader.search import Filters

    start = args.start[0] if getattr(args, "start", None) else None
    end = args.end[1] if getattr(args, "end", None) else None
    if start is not None and end is not None and end < start:
        raise _UsageError("--to is before --from; swap them")
    return Filters(
        who=tuple(args.who),
        outlet=tuple(getattr(args, "outlet", ())),
        tag=tuple(getattr(args, "tag", ())),
        year=tuple(getattr(args, "year", ())),
        start=start,
        end=end,
    )


class _UsageError(Exception):
    """A combination of options that cannot work; the message says which."""


def _folder_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # Accepted before or after the command; the top level sets the defaults.
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--articles",
        metavar="DIR",
        default=default,
        help="articles folder (default: $BRREADER_ARTICLES or ./articles)",
    )
    parser.add_argument(
        "--index",
        metavar="DIR",
        default=default,
        dest="index_dir",
        help="index folder (default: $BRREADER_INDEX or index/ beside the articles folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="brreader",
        description="Read and search an archive of interview articles.",
        epilog="Run 'brreader COMMAND --help' for a command's options. "
        "Exit status: 0 ok, 1 no match or unknown id, 2 usage or query error, 3 other error.",
    )
    parser.add_argument("--version", action="version", version=f"brreader {__version__}")
    _folder_options(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    search = commands.add_parser(
        "search",
        help="print the articles that match a query",
        description="Print ranked articles with their best matching questions. "
        'Query language: words (AND by default), "phrases", OR, NOT, (groups), '
        "wild*cards, fields such as title:, question: (q:), answer: (a:), "
        "interviewee: (who:), outlet:, source:, tags:, published:2025 or "
        "published:[2024 to 2025].",
    )
    search.add_argument("query", nargs="+", help="the query (several words are joined)")
    search.add_argument(
        "--limit",
        type=_positive,
        default=None,
        metavar="N",
        help="at most N articles (default 10; every one with --format)",
    )
    search.add_argument(
        "--sort", choices=("relevance", "newest", "oldest"), default="relevance", help="order"
    )
    search.add_argument("--json", action="store_true", help="print JSON for scripts")
    search.add_argument(
        "--format",
        choices=("jsonl", "csv", "markdown"),
        help="export every matching pair, one row each (id, pair, question, snippet, "
        "interviewee, outlet, published, path)",
    )
    _filter_options(search)
    _folder_options(search, top=False)

    facets = commands.add_parser(
        "facets",
        help="count a query's matches by interviewee, outlet, tag and year",
        description="Count the articles a query matches (every article without a query) "
        "by interviewee, outlet, tag and year.",
    )
    facets.add_argument("query", nargs="*", help="the query (optional)")
    facets.add_argument("--all", action="store_true", help="every value, not the first 10")
    facets.add_argument("--json", action="store_true", help="print JSON for scripts")
    _filter_options(facets)
    _folder_options(facets, top=False)

    related = commands.add_parser(
        "related",
        help="questions and answers like one pair, asked in other interviews",
        description="List pairs in other articles most similar to one pair (by its "
        "question and answer), one per article, best first.",
    )
    related.add_argument("id", help="the article's id or path")
    _pair_option(related)
    related.add_argument("--limit", type=_positive, default=10, metavar="N", help="at most N pairs")
    related.add_argument("--json", action="store_true", help="print JSON for scripts")
    _folder_options(related, top=False)

    timeline = commands.add_parser(
        "timeline",
        help="a query's matching pairs in date order",
        description="Every pair a query matches, one line each, oldest first "
        "(undated articles last): follow how a topic or a person's answers changed.",
    )
    timeline.add_argument("query", nargs="+", help="the query")
    timeline.add_argument(
        "--limit", type=_positive, default=100, metavar="N", help="at most N pairs (default 100)"
    )
    timeline.add_argument("--json", action="store_true", help="print JSON for scripts")
    _filter_options(timeline)
    _folder_options(timeline, top=False)

    show = commands.add_parser("show", help="print one article", description="Print one article.")
    show.add_argument("id", help="the article's id (see 'brreader list') or its path")
    show.add_argument("--query", metavar="Q", help="highlight the words this query matches")
    show.add_argument("--json", action="store_true", help="print JSON for scripts")
    show.add_argument(
        "--format", choices=("markdown",), help="write the interview as clean Markdown"
    )
    _folder_options(show, top=False)

    quote = commands.add_parser(
        "quote",
        help="print an answer with its citation",
        description="Print one answer (or the whole pair) with a citation naming the "
        "interviewee, the title, the outlet and the date (and the url and original source).",
    )
    quote.add_argument("id", help="the article's id or path")
    _pair_option(quote)
    quote.add_argument("--format", choices=("text", "markdown", "json", "bibtex"), default="text")
    quote.add_argument("--with-question", action="store_true", help="the question too")
    _folder_options(quote, top=False)

    marks = commands.add_parser(
        "bookmarks",
        help="list bookmarked articles and pairs with their notes and citations",
        description="List what was bookmarked in the reader (b, and B for a note), "
        "oldest first, each with its citation. The state file is in the user data folder "
        "(see README) or $BRREADER_STATE.",
    )
    marks.add_argument("--json", action="store_true", help="print JSON for scripts")
    _folder_options(marks, top=False)

    saved = commands.add_parser(
        "saved",
        help="saved searches: add, list, run, rm",
        description="Keep queries under a name; the reader offers them too (s, Ctrl+P).",
    )
    saved_commands = saved.add_subparsers(
        dest="action", metavar="ACTION", required=True, parser_class=_Parser
    )
    saved_add = saved_commands.add_parser("add", help="save QUERY as NAME (replaces one)")
    saved_add.add_argument("name")
    saved_add.add_argument("query", nargs="+")
    saved_list = saved_commands.add_parser("list", help="list saved searches")
    saved_list.add_argument("--json", action="store_true", help="print JSON for scripts")
    saved_run = saved_commands.add_parser("run", help="search with a saved query")
    saved_run.add_argument("name")
    saved_run.add_argument("--limit", type=_positive, default=10, metavar="N")
    saved_run.add_argument("--json", action="store_true", help="print JSON for scripts")
    saved_rm = saved_commands.add_parser("rm", help="forget a saved search")
    saved_rm.add_argument("name")
    for sub in (saved, saved_add, saved_list, saved_run, saved_rm):
        _folder_options(sub, top=False)

    listing = commands.add_parser("list", help="list all articles, newest first")
    listing.add_argument("--json", action="store_true", help="print JSON for scripts")
    _folder_options(listing, top=False)

    update = commands.add_parser(
        "index",
        help="bring the index up to date",
        description="Index new and changed articles and drop deleted ones. "
        "Exit status 1 when some files could not be indexed (they are listed on stderr).",
    )
    update.add_argument("--rebuild", action="store_true", help="rebuild the index from scratch")
    _folder_options(update, top=False)

    bring = commands.add_parser(
        "import",
        help="add interviews from text, Markdown or saved HTML pages",
        description="Read each input, show what was detected, and write it into the articles "
        "folder as YYYY/YYYY-MM-DD-title.txt with the detected fields in front matter, "
        "where a wrong detection can be fixed by hand. Existing files are never "
        "overwritten; copies of articles already in the archive are skipped. "
        "Exit status 1 when some inputs could not be imported.",
    )
    bring.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a .txt, .md or .html file, a folder (read recursively), or - for standard input",
    )
    bring.add_argument(
        "--dry-run",
        action="store_true",
        help="show what would happen; add nothing to the articles folder",
    )
    bring.add_argument("--json", action="store_true", help="print JSON for scripts")
    _folder_options(bring, top=False)

    check = commands.add_parser(
        "check",
        help="report articles the parser may have read wrong",
        description="Report articles with no pairs, no date or no interviewee, suspicious "
        "pairs (a question over 400 characters, an empty answer, an answer that contains "
        "a question), duplicates, and files the index skips. "
        "Exit status 0 when nothing is reported, 1 otherwise.",
    )
    check.add_argument("--json", action="store_true", help="print JSON for scripts")
    _folder_options(check, top=False)
    return parser


# ---------------------------------------------------------------------------


def _say(message: str) -> None:
    sys.stderr.write(f"brreader: {message}\n")


def _fail(message: str, status: int) -> int:
    from brreader.textsafe import clean_line

    _say(clean_line(message))
    return status


def _unknown_article(key: str) -> int:
    return _fail(f"no article with id or path {key!r}; see 'brreader list'", NO_MATCH)


def _no_such_pair(article_id: str, count: int) -> int:
    """--pair beyond the article's pairs: a usage error (no pairs at all: nothing to find)."""
    if not count:
        return _fail(f"{article_id} has no question and answer pairs", NO_MATCH)
    which = "only 1" if count == 1 else f"1 to {count}"
    return _fail(f"{article_id} has {_count(count, 'pair')}; --pair takes {which}", USAGE)


def _pair_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pair", type=_positive, default=1, metavar="N", help="pair number (default 1)"
    )


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def _dump(data: Any) -> None:
    from brreader.textsafe import json_escape_unsafe

    sys.stdout.write(json_escape_unsafe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")


def _folders(args: argparse.Namespace) -> tuple[Path, Path]:
    articles = Path(args.articles or os.environ.get("BRREADER_ARTICLES") or "articles")
    index_dir = args.index_dir or os.environ.get("BRREADER_INDEX")
    return articles, Path(index_dir) if index_dir else articles.absolute().parent / "index"


# How long a search waits for another brreader that is writing the index before
# answering from what that one has committed so far.
SEARCH_WAIT = 1.0
# How much a search indexes before answering (bytes of article files, a few
# seconds' work); a larger backlog is left to 'brreader index' or the reader.
SEARCH_BUDGET = 3_000_000


def _refresh(
    archive: Any, *, rebuild: bool = False, bar: bool = False, indexer: bool = False
) -> Any:
    """Update the index, telling the user on stderr about rebuilds and bad files."""
    from brreader.textsafe import clean_line

    progress = None
    handle: Any = None
    if bar and sys.stderr.isatty():
        from rich.progress import Progress

        handle = Progress(transient=True)
        task = handle.add_task("indexing", total=None)

        def progress(done: int, total: int) -> None:
            if done == 0:
                handle.start()
            stage = "saving" if done == total else "indexing"
            handle.update(task, completed=done, total=total, description=stage)

    else:

        def progress(done: int, total: int) -> None:
            if done == 0 and total >= 50:
                what = f"{total} articles" if indexer else "new and changed articles"
                _say(f"indexing {what} into {archive.location} ...")

    try:
        if indexer:
            report = archive.update(rebuild=rebuild, progress=progress, follow=True)
        else:
            report = archive.update(progress=progress, wait=SEARCH_WAIT, budget=SEARCH_BUDGET)
    finally:
        if handle is not None:
            handle.stop()
    if report.rebuilt_because and report.rebuilt_because != "rebuild requested":
        _say(f"built a new index in {archive.location} ({report.rebuilt_because})")
    if report.failed:
        if indexer:
            from brreader.search import IndexError_

            raise IndexError_(report.failed)
        _say(f"{report.failed}; results may miss recent changes")
    if report.busy and not indexer:
        _say("another brreader is updating the index; results cover what it has saved so far")
    if report.remaining:
        _say(
            f"indexed {len(report.indexed):,} articles; {report.remaining:,} more are not "
            "indexed yet: run 'brreader index' (results cover what is indexed)"
        )
    for skipped in report.skipped:
        _say(f"{clean_line(skipped.path)}: skipped: {clean_line(skipped.reason)}")
    for path, warning in report.warnings:
        _say(f"{clean_line(path)}: {clean_line(warning)}")
    return report


def _search(archive: Any, args: argparse.Namespace) -> int:
    from brreader.render import Output, search_lines

    text = " ".join(args.query)
    if args.json and args.format:
        raise _UsageError("--json and --format do not go together; choose one")
    asked, filters = _with_notes(archive, text, _filters(args))
    from dataclasses import replace

    many = 1_000_000 if args.format else 3  # an export lists every matching pair
    limit = args.limit or (None if args.format else 10)
    results = archive.search(
        asked, limit=limit, sort=args.sort, filters=filters, pairs_per_hit=many
    )
    results = replace(results, query=text)  # as typed, note: terms included
    _unknown_filter_values(archive, filters)
    if args.format:
        from brreader.cli_keep import export
        from brreader.textsafe import clean_line

        export(results, text, args.format)
        if not results.total:
            _say(f"no articles match {clean_line(text)!r}")
        return OK if results.total else NO_MATCH
    from brreader.search import FEW_RESULTS

    # "Did you mean" only when the query found little: never a cost on good queries.
    few = results.total <= FEW_RESULTS and asked.strip()
    suggestion = archive.suggest(asked) if few else None
    if args.json:
        _dump(
            {
                "query": text,
                "total": results.total,
                "suggestion": suggestion,
                "results": [
                    {
                        "id": hit.info.id,
                        "path": hit.info.path,
                        **_article_fields(hit.info),
                        "score": round(hit.score, 4),
                        "matches": [
                            {
                                "pair": m.number,
                                "question": m.question.text,
                                "snippet": m.snippet.text,
                            }
                            for m in hit.matches
                        ],
                    }
                    for hit in results.hits
                ],
            }
        )
    else:
        from brreader.textsafe import clean_line

        if results.total:
            Output().write(search_lines(results))
        else:
            _say(f"no articles match {clean_line(text)!r}")
        if suggestion:
            sys.stderr.write(f"Did you mean: {clean_line(suggestion)}\n")
    return OK if results.total else NO_MATCH


def _with_notes(archive: Any, text: str, filters: Any) -> tuple[str, Any]:
    """Resolve ``note:`` terms against the bookmarks' notes (see search.with_notes)."""
    if "note:" not in text.lower():
        return text, filters
    from brreader.cli_keep import open_state
    from brreader.search import with_notes

    state = open_state(archive)
    notes = [(b.article_id, b.note) for b in state.bookmarks() if b.note]
    return with_notes(text, filters, notes)


def _unknown_filter_values(archive: Any, filters: Any) -> None:
    """Say which --who/--outlet/--tag value matched nothing, and how to see the values."""
    from brreader.textsafe import clean_line

    for facet, value in archive.unmatched_filters(filters):
        option = {"interviewee": "--who", "outlet": "--outlet", "tag": "--tag"}[facet]
        _say(
            f"{option} {clean_line(value)!r} matches no {facet} in the archive; "
            "'brreader facets' lists them"
        )


def _facets(archive: Any, args: argparse.Namespace) -> int:
    from brreader.render import Output, facet_lines

    typed = " ".join(args.query)
    text, filters = _with_notes(archive, typed, _filters(args))
    found = archive.facets(text, filters)
    _unknown_filter_values(archive, filters)
    if not found.total and not args.json:
        from brreader.textsafe import clean_line

        what = f" match {clean_line(typed)!r}" if typed.strip() else " pass the filters"
        return _fail(f"no articles{what}", NO_MATCH)
    if args.json:
        _dump(
            {
                "query": typed,
                "total": found.total,
                "facets": {
                    facet: [{"value": value, "count": count} for value, count in values]
                    for facet, values in found.counts.items()
                },
            }
        )
    else:
        Output().write(facet_lines(typed, found, None if args.all else 10))
    return OK if found.total else NO_MATCH


def _related(archive: Any, args: argparse.Namespace) -> int:
    from brreader.render import Output, related_lines
    from brreader.search import NotFound

    try:
        article_id = archive.info(args.id).id
        found = archive.related(article_id, args.pair, limit=args.limit)
    except NotFound:
        return _unknown_article(args.id)
    except IndexError:
        return _no_such_pair(article_id, len(archive.article(article_id).pairs))
    if args.json:
        _dump(
            {
                "id": article_id,
                "pair": args.pair,
                "related": [
                    {
                        "id": r.info.id,
                        "path": r.info.path,
                        "pair": r.number,
                        "question": r.question,
                        "score": round(r.score, 4),
                        **_article_fields(r.info),
                    }
                    for r in found
                ],
            }
        )
    elif found:
        Output().write(related_lines(found))
    else:
        _say("no similar questions or answers in other articles")
    return OK if found else NO_MATCH


def _timeline(archive: Any, args: argparse.Namespace) -> int:
    from brreader.render import Output, timeline_lines
    from brreader.textsafe import clean_line

    text, filters = _with_notes(archive, " ".join(args.query), _filters(args))
    found = archive.timeline(text, filters=filters, limit=args.limit)
    _unknown_filter_values(archive, filters)
    if args.json:
        _dump(
            {
                "query": text,
                "total": found.total,
                "articles": found.articles,
                "pairs": [
                    {
                        "id": e.info.id,
                        "path": e.info.path,
                        "pair": e.number,
                        "question": e.question.text,
                        "snippet": e.snippet.text,
                        **_article_fields(e.info),
                    }
                    for e in found.entries
                ],
            }
        )
    elif found.total:
        Output().write(timeline_lines(found))
        if found.total > len(found.entries):
            _say(
                f"showing the first {len(found.entries):,} of {found.total:,} matching pairs "
                f"in {_count(found.articles, 'article')}; --limit N shows more"
            )
    else:
        _say(f"no questions or answers match {clean_line(text)!r}")
    return OK if found.total else NO_MATCH


def _show(archive: Any, args: argparse.Namespace) -> int:
    from brreader.render import Output, article_lines
    from brreader.search import NotFound

    try:
        article = archive.article(args.id)
    except NotFound:
        return _unknown_article(args.id)
    if args.json and args.format:
        raise _UsageError("--json and --format do not go together; choose one")
    if args.format == "markdown":
        from brreader.cite import article_markdown

        sys.stdout.write(article_markdown(article))
        return OK
    if args.json:
        _dump(
            {
                "id": article.id,
                "path": article.path,
                **_article_fields(article),
                "source": article.source,
                "tags": list(article.tags),
                "url": article.url,
                "lede": article.lede,
                "pairs": [{"question": p.question, "answer": p.answer} for p in article.pairs],
            }
        )
        return OK
    terms = archive.query_terms(args.query) if args.query else {}
    Output().write(article_lines(article, terms))
    return OK


def _list(archive: Any, args: argparse.Namespace) -> int:
    from brreader.render import Output, list_lines

    infos = archive.list()
    if args.json:
        _dump(
            [
                {
                    "id": i.id,
                    "path": i.path,
                    **_article_fields(i),
                }
                for i in infos
            ]
        )
    else:
        if not infos:
            _say(f"no articles in {archive.articles}")
        Output().write(list_lines(infos))
    return OK


def _index(archive: Any, args: argparse.Namespace) -> int:
    report = _refresh(archive, rebuild=args.rebuild, bar=True, indexer=True)
    if report.busy:
        return _fail(
            f"another brreader is updating the index in {archive.location} and has "
            "saved nothing for two minutes; try again when it has finished",
            FAILURE,
        )
    parts = [
        f"indexed {len(report.indexed)}",
        f"unchanged {report.unchanged}",
        f"removed {len(report.removed)}",
        f"skipped {len(report.skipped)}",
    ]
    print(", ".join(parts))
    return NO_MATCH if report.skipped else OK


def _article_fields(article: Any) -> dict[str, Any]:
    if article is None:
        return dict.fromkeys(("title", "outlet", "published", "interviewee"))
    return {
        "title": article.title,
        "outlet": article.outlet,
        "published": _iso(article.published),
        "interviewee": article.interviewee,
    }


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _import(archive: Any, args: argparse.Namespace) -> int:
    from brreader.canonical import date_text
    from brreader.ingest import gather, import_inputs, read_stdin
    from brreader.textsafe import clean_line

    def stdin() -> bytes:
        if sys.stdin.isatty():
            _say("reading an interview from standard input; end it with Ctrl-D")
        return read_stdin()

    known = archive.paths_with_key
    if archive.articles.is_dir():
        _refresh(archive, indexer=True)  # duplicates are looked up in the index
    else:
        known = lambda key: []  # noqa: E731  (a dry run into a folder that does not exist yet)
    outcomes = []
    shown = Path(archive.articles)
    for outcome in import_inputs(
        gather(args.paths, stdin),
        archive.articles,
        known=known,
        dry_run=args.dry_run,
    ):
        outcomes.append(outcome)
        if args.json:
            continue
        lines = [outcome.input]
        if outcome.status == "failed":
            lines.append(f"  failed       {outcome.reason}")
        elif outcome.status == "duplicate":
            where = clean_line(str(shown / outcome.duplicate_of))
            lines.append(f"  skipped      duplicate of {where} ({outcome.reason})")
        elif outcome.article is not None:
            article = outcome.article
            verb = "would write" if args.dry_run else "wrote"
            fields = {
                verb: clean_line(str(shown / outcome.path)),
                "title": article.title,
                "published": date_text(article.published),
                "interviewee": article.interviewee,
                "outlet": article.outlet,
                "pairs": str(len(article.pairs)),
            }
            lines += [f"  {key:<12} {value or '(none)'}" for key, value in fields.items()]
            lines += [f"  warning      {clean_line(w)}" for w in outcome.warnings]
        print("\n".join(line.rstrip() for line in lines), flush=True)
    counts = {s: sum(o.status == s for o in outcomes) for s in ("imported", "duplicate", "failed")}
    if args.json:
        _dump(
            {
                "dry_run": args.dry_run,
                **counts,
                "results": [
                    {
                        "input": o.input,
                        "status": o.status,
                        "path": o.path or None,
                        "duplicate_of": o.duplicate_of or None,
                        "reason": o.reason or None,
                        **_article_fields(o.article),
                        "pairs": len(o.article.pairs) if o.article else 0,
                        "warnings": o.warnings,
                    }
                    for o in outcomes
                ],
            }
        )
    else:
        summary = f"imported {counts['imported']}, duplicates {counts['duplicate']}, "
        summary += f"failed {counts['failed']}"
        print(summary + (" (dry run: nothing written)" if args.dry_run else ""))
    if counts["imported"] and not args.dry_run:
        _refresh(archive, indexer=True)
    return NO_MATCH if counts["failed"] else OK


def _check(archive: Any, args: argparse.Namespace) -> int:
    from brreader.check import check_archive
    from brreader.textsafe import clean_line

    def progress(done: int, total: int) -> None:
        if done == 0 and total >= 2000 and sys.stderr.isatty():
            _say(f"checking {total:,} articles ...")

    problems, read = check_archive(archive.articles, progress)
    if args.json:
        _dump(
            {
                "checked": read,
                "problems": [
                    {"path": p.path, "code": p.code, "pair": p.pair, "message": p.message}
                    for p in problems
                ],
            }
        )
    else:
        for problem in problems:
            print(clean_line(f"{problem.path}: {problem.message} [{problem.code}]"))
        files = len({p.path for p in problems})
        if problems:
            print(f"{_count(len(problems), 'problem')} in {_count(files, 'file')} ", end="")
            print(f"({_count(read, 'article')} read)")
        else:
            print(f"{_count(read, 'article')} read, no problems found")
    return NO_MATCH if problems else OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    words = list(sys.argv[1:] if argv is None else argv)
    _DASHED[:] = [w for w in words if w.startswith("-") and not w.startswith("--") and w != "-h"]
    args = build_parser().parse_args(words)
    from brreader.articles import ArticleError
    from brreader.search import Archive, IndexError_, QueryError

    articles, index_dir = _folders(args)
    if args.command == "import" and not articles.exists() and not args.dry_run:
        try:
            articles.mkdir(parents=True)
        except OSError as error:
            return _fail(f"cannot create articles folder {str(articles)!r}: {error}", FAILURE)
        _say(f"created the articles folder {articles}")
    if not articles.is_dir() and not (args.command == "import" and args.dry_run):
        return _fail(
            f"articles folder {str(articles)!r} not found; pass --articles DIR "
            "or set BRREADER_ARTICLES",
            FAILURE,
        )
    if args.command is None:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            return _fail(
                "the reader needs a terminal; for scripts use: brreader search QUERY", USAGE
            )
        from brreader.tui import run

        return run(Archive(articles, index_dir))
    archive = Archive(articles, index_dir, mmap=False)
    handlers = {
        "search": _search,
        "show": _show,
        "list": _list,
        "index": _index,
        "import": _import,
        "check": _check,
        "facets": _facets,
        "related": _related,
        "timeline": _timeline,
    }
    if args.command in ("quote", "bookmarks", "saved"):
        from brreader import cli_keep

        handlers[args.command] = getattr(cli_keep, args.command)
    try:
        if args.command in ("search", "show", "list", "facets", "related", "timeline", "quote"):
            _refresh(archive)
        elif args.command == "bookmarks" or getattr(args, "action", "") == "run":
            _refresh(archive)
        return handlers[args.command](archive, args)
    except (QueryError, _UsageError) as error:
        return _fail(str(error), USAGE)
    except IndexError_ as error:
        return _fail(str(error), FAILURE)
    except ArticleError as error:
        return _fail(f"{args.id}: {error}", FAILURE)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (| head): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return OK
    except OSError as error:
        where = f" {error.filename!r}" if error.filename else ""
        return _fail(f"{error.strerror or error}{where}", FAILURE)
    finally:
        archive.close()
