"""What the commands print for scripts: exit codes, error lines, JSON shapes and exports.

Scripts rely on this contract (README): exit statuses, one-line errors on
stderr and the JSON shapes. Each shape is built by one function here, so a
field is named in one place and the same article fields appear in every shape.

The writers here are also the commands' boundary with the terminal: ``say``,
``fail`` and ``put`` clean the whole line they write, and the exports clean
every cell, so a path, an id or a word typed that holds an escape sequence
never reaches the terminal, whichever command names it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import datetime

    from brreader.check import Problem
    from brreader.ingest import Outcome
    from brreader.model import Article, ArticleInfo, FacetCounts, RelatedPair
    from brreader.search import Archive, SearchResults, Timeline
    from brreader.state import Bookmark, SavedSearch

OK, NO_MATCH, USAGE, FAILURE = 0, 1, 2, 3

Json = dict[str, Any]


def say(message: str) -> None:
    """Tell the user something on stderr, as one line.

    The whole line is cleaned here, not by each caller: a message may name a
    path, an id, a folder or words the user typed, any of which can hold
    escape sequences (a working directory's name reaches every index path).
    """
    from brreader.textsafe import clean_line

    sys.stderr.write(f"brreader: {clean_line(message)}\n")


def put(text: str) -> None:
    """Print ``text`` and a newline on stdout, cleaned (its own newlines stay)."""
    from brreader.textsafe import clean

    sys.stdout.write(clean(text) + "\n")


def fail(message: str, status: int) -> int:
    """Say what went wrong (on one line, cleaned by :func:`say`); return ``status``."""
    say(message)
    return status


def unknown_article(archive: Archive, key: str) -> int:
    """An id or path that names no article: what it is instead, and what to do."""
    return fail(archive.missing(key), NO_MATCH)


def no_such_pair(article_id: str, count: int) -> int:
    """--pair beyond the article's pairs: a usage error (no pairs at all: nothing to find)."""
    if not count:
        return fail(f"{article_id} has no question and answer pairs", NO_MATCH)
    which = "only 1" if count == 1 else f"1 to {count}"
    return fail(f"{article_id} has {count_of(count, 'pair')}; --pair takes {which}", USAGE)


def count_of(number: int, noun: str) -> str:
    """``1 pair``, ``2,000 pairs``."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def iso(value: datetime | None) -> str | None:
    """A date as JSON gives it: ISO 8601 to the second, or null."""
    return value.isoformat(timespec="seconds") if value else None


def dump(data: Any) -> None:
    """Print ``data`` as indented JSON, with characters a terminal would act on escaped."""
    import json

    from brreader.textsafe import json_escape_unsafe

    sys.stdout.write(json_escape_unsafe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")


# -- JSON shapes ---------------------------------------------------------------------


def article_fields(article: Article | ArticleInfo | None) -> Json:
    """The fields every shape gives about an article (all null for a missing one)."""
    if article is None:
        keys = ("title", "outlet", "published", "interviewee", "interviewees", "language")
        return dict.fromkeys(keys)
    # The fallback covers an ArticleInfo built by hand (tests, tools) without the list.
    names = article.interviewees or ((article.interviewee,) if article.interviewee else ())
    return {
        "title": article.title,
        "outlet": article.outlet,
        "published": iso(article.published),
        "interviewee": names[0] if names else article.interviewee,
        "interviewees": list(names),
        "language": article.language or None,
    }


def listed(info: ArticleInfo) -> Json:
    """An article in a list: its id and path, then its fields."""
    return {"id": info.id, "path": info.path, **article_fields(info)}


def search_json(results: SearchResults, query: str, suggestion: str | None) -> Json:
    """``search --json`` and ``saved run --json``."""
    return {
        "query": query,
        "total": results.total,
        "suggestion": suggestion,
        # Too few articles had every word: the results are those with most of them.
        "relaxed": None
        if results.relaxed is None
        else {"words": list(results.relaxed.words), "with_all_words": results.relaxed.with_all},
        "results": [
            {
                **listed(hit.info),
                "score": round(hit.score, 4),
                "matches": [
                    {"pair": m.number, "question": m.question.text, "snippet": m.snippet.text}
                    for m in hit.matches
                ],
            }
            for hit in results.hits
        ],
    }


def facets_json(query: str, found: FacetCounts) -> Json:
    """``facets --json``: every value of every facet with its count."""
    return {
        "query": query,
        "total": found.total,
        "facets": {
            facet: [{"value": value, "count": count} for value, count in values]
            for facet, values in found.counts.items()
        },
    }


def related_json(article_id: str, pair: int, found: Iterable[RelatedPair]) -> Json:
    """``related --json``."""
    return {
        "id": article_id,
        "pair": pair,
        "related": [
            {
                "id": r.info.id,
                "path": r.info.path,
                "pair": r.number,
                "question": r.question,
                "score": round(r.score, 4),
                **article_fields(r.info),
            }
            for r in found
        ],
    }


def timeline_json(query: str, found: Timeline) -> Json:
    """``timeline --json``."""
    return {
        "query": query,
        "total": found.total,
        "articles": found.articles,
        "by_headline_or_lede": found.outside,
        "pairs": [
            {
                "id": e.info.id,
                "path": e.info.path,
                "pair": e.number or None,  # None: matched in the headline or lede
                "question": e.question.text,
                "snippet": e.snippet.text,
                **article_fields(e.info),
            }
            for e in found.entries
        ],
    }


def article_json(article: Article) -> Json:
    """``show --json``: the whole article."""
    return {
        "id": article.id,
        "path": article.path,
        **article_fields(article),
        "source": article.source,
        "tags": list(article.tags),
        "url": article.url,
        "lede": article.lede,
        "pairs": [{"question": p.question, "answer": p.answer} for p in article.pairs],
    }


def import_json(dry_run: bool, counts: dict[str, int], outcomes: Iterable[Outcome]) -> Json:
    """``import --json``: the counts, then what happened to each input."""
    return {
        "dry_run": dry_run,
        **counts,
        "results": [
            {
                "input": o.input,
                "status": o.status,
                "path": o.path or None,
                "duplicate_of": o.duplicate_of or None,
                "reason": o.reason or None,
                **article_fields(o.article),
                "pairs": len(o.article.pairs) if o.article else 0,
                "warnings": o.warnings,
            }
            for o in outcomes
        ],
    }


def check_json(
    read: int, problems: Iterable[Problem], notes: dict[str, tuple[str, ...]] | None = None
) -> Json:
    """``check --json`` (with ``--explain``, also ``notes``: path -> how it was read)."""
    shown: Json = {
        "checked": read,
        "problems": [
            {"path": p.path, "code": p.code, "pair": p.pair, "message": p.message} for p in problems
        ],
    }
    if notes is not None:
        shown["notes"] = {path: list(said) for path, said in sorted(notes.items())}
    return shown


def bookmarks_json(rows: Iterable[tuple[Bookmark, Article | None, str]]) -> list[Json]:
    """``bookmarks --json``: each bookmark with its question and citation (null if gone)."""
    from brreader.cite import citation

    return [
        {
            "id": mark.article_id,
            "pair": mark.pair,
            "note": mark.note,
            "added": mark.added or None,
            "question": question or None,
            "citation": citation(article) if article else None,
            "missing": article is None,
        }
        for mark, article, question in rows
    ]


def saved_json(saved: dict[str, SavedSearch]) -> list[Json]:
    """``saved list --json``: each search with the filters and view it runs with."""
    rows: list[Json] = []
    for name, found in saved.items():
        kept, start, end = found.filters, found.filters.start, found.filters.end
        given = {
            "who": list(kept.who),
            "outlet": list(kept.outlet),
            "tag": list(kept.tag),
            "year": list(kept.year),
            "from": start.date().isoformat() if start else None,
            "to": end.date().isoformat() if end else None,
            "show": found.view or None,
        }
        filters = {key: value for key, value in given.items() if value}
        rows.append({"name": name, "query": found.query, "filters": filters})
    return rows


# -- exports ---------------------------------------------------------------------------

_FIRST = ("id", "pair", "question", "snippet", "interviewee", "outlet", "published", "path")
# Title and answer came later (issue 19): last, so scripts reading by position still work.
COLUMNS = (*_FIRST, "title", "answer")


def export_rows(results: SearchResults) -> list[Json]:
    """One row per matching pair (per article when it matched no pair), in COLUMNS order."""
    rows: list[Json] = []
    for hit in results.hits:
        info = hit.info
        base: Json = {
            "id": info.id,
            "interviewee": info.interviewee,
            "outlet": info.outlet,
            "published": iso(info.published),
            "path": info.path,
            "title": info.title,
        }
        if not hit.matches:
            snippet = hit.lede.text if hit.lede is not None else ""
            rows.append({**base, "pair": None, "question": "", "snippet": snippet, "answer": ""})
        for match in hit.matches:
            rows.append(
                {
                    **base,
                    "pair": match.number,
                    "question": match.question.text,
                    "snippet": match.snippet.text,
                    "answer": match.answer,
                }
            )
    return [{key: row[key] for key in COLUMNS} for row in rows]


# A cell a spreadsheet would read as a formula starts with one of these (OWASP,
# "CSV Injection"): = + - @, and tab or carriage return, which some tools skip
# before looking. Fullwidth forms are included: some spreadsheets read them as
# the ASCII signs. Leading white space is looked past, as a spreadsheet may trim it.
_FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


def csv_cell(value: object) -> str:
    """One CSV cell: cleaned text, with a leading ``'`` when a spreadsheet would run it.

    Every text cell starting like a formula is prefixed, also one that reads
    as a negative number ("-5"): in these columns it is text from an article
    or a file name, never a quantity, and a number test would be a way round
    the rule (``-1+cmd|' /C calc'!A0``). The pair number is brreader's own
    integer (always 1 or more), written as it is.
    """
    from brreader.textsafe import clean

    if value is None:
        return ""
    if not isinstance(value, str):
        return str(value)
    text = clean(value)
    if text[:1] in _FORMULA_START or text.lstrip()[:1] in _FORMULA_START:
        return "'" + text
    return text


def code_span(text: str) -> str:
    """``text`` as a Markdown code span, with a fence longer than any backtick run in it."""
    import re

    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def export(results: SearchResults, query: str, fmt: str) -> None:
    """Write every matching pair as JSON lines, CSV or Markdown to standard output.

    JSON lines are data and keep every value exactly (escaped as JSON); the
    CSV and Markdown exports are read by people and spreadsheets, so each
    cell is cleaned (and a CSV cell that would run as a formula neutralised).
    """
    import csv
    import json

    from brreader.textsafe import clean, clean_line, json_escape_unsafe

    rows = export_rows(results)
    out = sys.stdout
    if fmt == "jsonl":
        for row in rows:
            out.write(json_escape_unsafe(json.dumps(row, ensure_ascii=False)) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([csv_cell(row[k]) for k in COLUMNS])
    else:
        from brreader.cite import md_escape

        def line(value: str | None) -> str:
            return md_escape(clean_line(value or ""))

        def write(text: str) -> None:
            out.write(clean(text))  # every piece, whatever a field in it missed

        noun = "article" if results.total == 1 else "articles"
        pairs = sum(row["pair"] is not None for row in rows)
        write(f"# Search: {line(query)}\n\n")
        write(f"{results.total:,} {noun}, {count_of(pairs, 'matching pair')}.\n")
        current = None
        for row in rows:
            if row["id"] != current:
                current = row["id"]
                hit = next(h for h in results.hits if h.info.id == current)
                title = line(hit.info.title or hit.info.path)
                meta = [line(x) for x in (row["interviewee"], row["outlet"]) if x]
                meta.append((row["published"] or "undated")[:10])
                ident = code_span(clean_line(row["id"]))
                write(f"\n## {title}\n\n*{' · '.join(meta)}* — {ident}\n")
            if row["pair"] is not None:
                write(f"\n**Q{row['pair']}. {line(row['question'])}**\n")
            if row["snippet"]:
                write(f"\n> {line(row['snippet'])}\n")
