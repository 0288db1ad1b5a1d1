"""The maintaining commands: ``index``, ``import`` and ``check``.

They build the index, bring new interviews into the articles folder and
report what the parser may have read wrong: the work behind the archive
rather than reading it.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from brreader.cli.options import json_option, require_articles
from brreader.cli.output import (
    FAILURE,
    NO_MATCH,
    OK,
    check_json,
    count_of,
    dump,
    fail,
    import_json,
    put,
    say,
)
from brreader.cli.refresh import update_index

if TYPE_CHECKING:
    from brreader.ingest import Outcome
    from brreader.search import Archive


def index_options(parser: argparse.ArgumentParser) -> None:
    """The options of ``brreader index``."""
    parser.add_argument("--rebuild", action="store_true", help="rebuild the index from scratch")


def run_index(archive: Archive, args: argparse.Namespace) -> int:
    """``brreader index``: exit status 1 when some files could not be indexed."""
    report = update_index(archive, rebuild=args.rebuild, bar=True, indexer=True)
    if report.busy:
        return fail(
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
    put(", ".join(parts))
    return NO_MATCH if report.skipped else OK


# -- import ------------------------------------------------------------------------------


def import_options(parser: argparse.ArgumentParser) -> None:
    """The options of ``brreader import``."""
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a .txt, .md or .html file, a folder (read recursively), or - for standard input",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="show what would happen; add nothing to the articles folder",
    )
    json_option(parser)


def import_folder(articles: Path, args: argparse.Namespace) -> int | None:
    """Create a missing articles folder to import into (a dry run needs none)."""
    if args.dry_run:
        return None
    if not articles.exists():
        try:
            articles.mkdir(parents=True)
        except FileExistsError:
            pass  # another import made it a moment ago; require_articles looks at what it is
        except OSError as error:
            return fail(f"cannot create articles folder {str(articles)!r}: {error}", FAILURE)
        else:
            say(f"created the articles folder {articles}")
    return require_articles(articles, args)


def run_import(archive: Archive, args: argparse.Namespace) -> int:
    """``brreader import``: exit status 1 when some inputs could not be imported."""
    from brreader.ingest import LOCK_NAME, gather, import_inputs, read_stdin

    def stdin() -> bytes:
        if sys.stdin is not None and sys.stdin.isatty():
            say("reading an interview from standard input; end it with Ctrl-D")
        return read_stdin()

    indexed = archive.articles.is_dir()
    since = time.time()  # what another import writes from now on, the index may not know
    if indexed:
        update_index(archive, indexer=True)  # duplicates are looked up in the index

    def known(key: str) -> list[str]:
        # A dry run into a folder that does not exist yet has no index to ask.
        return list(archive.paths_with_key(key)) if indexed else []

    outcomes = []
    for outcome in import_inputs(
        gather(args.paths, stdin),
        archive.articles,
        known=known,
        dry_run=args.dry_run,
        lock=archive.location / LOCK_NAME,  # beside the index, not among the articles
        since=since,
    ):
        outcomes.append(outcome)
        if not args.json:
            put(_imported_lines(outcome, Path(archive.articles), args.dry_run))
            sys.stdout.flush()  # each input as it is done: a long import shows progress
    counts = {s: sum(o.status == s for o in outcomes) for s in ("imported", "duplicate", "failed")}
    if args.json:
        dump(import_json(args.dry_run, counts, outcomes))
    else:
        summary = f"imported {counts['imported']}, duplicates {counts['duplicate']}, "
        summary += f"failed {counts['failed']}"
        put(summary + (" (dry run: nothing written)" if args.dry_run else ""))
    if counts["imported"] and not args.dry_run:
        update_index(archive, indexer=True)
    return NO_MATCH if counts["failed"] else OK


def _imported_lines(outcome: Outcome, shown: Path, dry_run: bool) -> str:
    """What happened to one input, as the lines ``brreader import`` prints."""
    from brreader.canonical import date_text
    from brreader.textsafe import clean_line

    lines = [clean_line(outcome.input)]
    if outcome.status == "failed":
        lines.append(f"  failed       {clean_line(outcome.reason)}")
    elif outcome.status == "duplicate":
        where = clean_line(str(shown / outcome.duplicate_of))
        lines.append(f"  skipped      duplicate of {where} ({outcome.reason})")
    elif outcome.article is not None:
        article = outcome.article
        verb = "would write" if dry_run else "wrote"
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
    return "\n".join(line.rstrip() for line in lines)


# -- check -------------------------------------------------------------------------------


def run_check(archive: Archive, args: argparse.Namespace) -> int:
    """``brreader check``: exit status 0 when nothing is reported, 1 otherwise."""
    from brreader.check import check_archive
    from brreader.textsafe import clean_line

    def progress(done: int, total: int) -> None:
        if done == 0 and total >= 2000 and sys.stderr.isatty():
            say(f"checking {total:,} articles ...")

    notes: dict[str, tuple[str, ...]] | None = {} if args.explain else None
    problems, read = check_archive(archive.articles, progress, notes)
    if args.json:
        dump(check_json(read, problems, notes))
    else:
        for problem in problems:
            put(clean_line(f"{problem.path}: {problem.message} [{problem.code}]"))
        for path, said in sorted((notes or {}).items()):
            for note in said:
                put(clean_line(f"{path}: read: {note}"))
        files = len({p.path for p in problems})
        if problems:
            put(
                f"{count_of(len(problems), 'problem')} in {count_of(files, 'file')} "
                f"({count_of(read, 'article')} read)"
            )
        else:
            put(f"{count_of(read, 'article')} read, no problems found")
    return NO_MATCH if problems else OK
