"""What the commands print for scripts: exit codes, error lines, JSON shapes and exports.

Scripts rely on this contract (README): exit statuses, one-line errors on
stderr and the JSON shapes. Each shape is built by one function here, so a
field is named in one place and the same article fields appear in every shape.
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
    from brreader.search import SearchResults, Timeline
    from brreader.state import Bookmark

OK, NO_MATCH, USAGE, FAILURE = 0, 1, 2, 3

Json = dict[str, Any]


def say(message: str) -> None:
    """Tell the user something on stderr, as one line."""
    sys.stderr.write(f"brreader: {message}\n")


def fail(message: str, status: int) -> int:
    """Say what went wrong (control characters made visible); return ``status``."""
    from brreader.textsafe import clean_line

    say(clean_line(message))
    return status


def unknown_article(key: str) -> int:
    """An id or path that names no article."""
    return fail(f"no article with id or path {key!r}; see 'brreader list'", NO_MATCH)


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
        return dict.fromkeys(("title", "outlet", "published", "interviewee"))
    return {
        "title": article.title,
        "outlet": article.outlet,
        "published": iso(article.published),
        "interviewee": article.interviewee,
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
        "pairs": [
            {
                "id": e.info.id,
                "path": e.info.path,
                "pair": e.number,
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


def check_json(read: int, problems: Iterable[Problem]) -> Json:
    """``check --json``."""
    return {
        "checked": read,
        "problems": [
            {"path": p.path, "code": p.code, "pair": p.pair, "message": p.message} for p in problems
        ],
    }


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


def saved_json(saved: dict[str, str]) -> list[Json]:
    """``saved list --json``."""
    return [{"name": name, "query": text} for name, text in saved.items()]


# -- exports ---------------------------------------------------------------------------

COLUMNS = ("id", "pair", "question", "snippet", "interviewee", "outlet", "published", "path")


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
        }
        if not hit.matches:
            snippet = hit.lede.text if hit.lede is not None else ""
            rows.append({**base, "pair": None, "question": "", "snippet": snippet})
        for match in hit.matches:
            rows.append(
                {
                    **base,
                    "pair": match.number,
                    "question": match.question.text,
                    "snippet": match.snippet.text,
                }
            )
    return [{key: row[key] for key in COLUMNS} for row in rows]


def export(results: SearchResults, query: str, fmt: str) -> None:
    """Write every matching pair as JSON lines, CSV or Markdown to standard output."""
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
            writer.writerow(["" if row[k] is None else clean(str(row[k])) for k in COLUMNS])
    else:
        from brreader.cite import md_escape

        noun = "article" if results.total == 1 else "articles"
        pairs = sum(row["pair"] is not None for row in rows)
        out.write(f"# Search: {md_escape(clean_line(query))}\n\n")
        out.write(f"{results.total:,} {noun}, {count_of(pairs, 'matching pair')}.\n")
        current = None
        for row in rows:
            if row["id"] != current:
                current = row["id"]
                hit = next(h for h in results.hits if h.info.id == current)
                title = md_escape(clean_line(hit.info.title or hit.info.path))
                meta = [md_escape(clean_line(x)) for x in (row["interviewee"], row["outlet"]) if x]
                meta.append((row["published"] or "undated")[:10])
                out.write(f"\n## {title}\n\n*{' · '.join(meta)}* — `{row['id']}`\n")
            if row["pair"] is not None:
                out.write(f"\n**Q{row['pair']}. {md_escape(clean_line(row['question']))}**\n")
            if row["snippet"]:
                out.write(f"\n> {md_escape(clean_line(row['snippet']))}\n")
