"""The keeping commands: ``quote``, ``bookmarks``, ``saved``, and search exports.

Kept apart from :mod:`brreader.cli`, which parses the command line and
hands over here; the same contract holds (one-line errors, exit statuses,
JSON shapes in the README). No Textual.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import Any

from brreader.cli import (
    FAILURE,
    OK,
    USAGE,
    _count,
    _dump,
    _fail,
    _iso,
    _no_such_pair,
    _say,
    _unknown_article,
)
from brreader.textsafe import clean, clean_line, json_escape_unsafe


def open_state(archive: Any) -> Any:
    """The state file for this archive; what went wrong reading it is said on stderr."""
    from brreader.state import State, default_path

    state = State(default_path(), archive.articles)
    _warn(state)
    return state


def _warn(state: Any) -> bool:
    """Say the state's warnings; True when a change could not be saved."""
    for warning in state.warnings:
        _say(clean_line(warning))
    state.warnings.clear()
    failed, state.failed = state.failed, False
    return bool(failed)


# -- quote ------------------------------------------------------------------------


def quote(archive: Any, args: argparse.Namespace) -> int:
    from brreader.cite import quote as quoted
    from brreader.search import NotFound

    try:
        article = archive.article(args.id)
    except NotFound:
        return _unknown_article(args.id)
    try:
        text = quoted(article, args.pair, args.format, with_question=args.with_question)
    except IndexError:
        return _no_such_pair(article.id, len(article.pairs))
    out = json_escape_unsafe(text) if args.format == "json" else clean(text)
    sys.stdout.write(out + "\n")
    return OK


# -- bookmarks ------------------------------------------------------------------------


def bookmarks(archive: Any, args: argparse.Namespace) -> int:
    from brreader.articles import ArticleError
    from brreader.cite import citation
    from brreader.search import NotFound

    state = open_state(archive)
    rows = []
    for mark in state.bookmarks():
        try:
            article = archive.article(mark.article_id)
        except (NotFound, ArticleError):
            article = None  # gone or unreadable since: still listed, marked missing
        question = ""
        if article is not None and mark.pair and 1 <= mark.pair <= len(article.pairs):
            question = article.pairs[mark.pair - 1].question
        rows.append((mark, article, question))
    if args.json:
        _dump(
            [
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
        )
        return OK
    if not rows:
        _say("no bookmarks yet; press b in the reader to bookmark the current question")
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
        print("\n".join(lines) + ("\n" if number < len(rows) else ""))
    return OK


# -- saved searches -------------------------------------------------------------------


def saved(archive: Any, args: argparse.Namespace) -> int:
    state = open_state(archive)
    if args.action == "add":
        name, text = args.name.strip(), " ".join(args.query).strip()
        if not name or not text:
            return _fail("a saved search needs a name and a query", USAGE)
        from brreader.search import strip_notes

        if strip_notes(text):
            archive.parse_query(strip_notes(text))  # refused now, not when run
        state.save_search(name, text)
        if _warn(state):
            return FAILURE
        print(f"saved {clean_line(name)!r}: {clean_line(text)}")
        return OK
    if args.action == "list":
        found = state.saved()
        if args.json:
            _dump([{"name": name, "query": text} for name, text in found.items()])
        elif not found:
            _say("no saved searches; add one with: brreader saved add NAME QUERY")
        else:
            width = max(len(name) for name in found)
            for name, text in found.items():
                print(f"{clean_line(name):<{width}}  {clean_line(text)}")
        return OK
    if args.action == "rm":
        name = args.name.strip()
        if not state.remove_search(name):
            return _fail(f"no saved search called {name!r}; see 'brreader saved list'", 1)
        if _warn(state):
            return FAILURE
        print(f"removed {clean_line(name)!r}")
        return OK
    text = state.saved().get(args.name.strip())
    if text is None:
        return _fail(f"no saved search called {args.name!r}; see 'brreader saved list'", 1)
    from brreader.cli import _search

    run = argparse.Namespace(
        query=[text], limit=args.limit, sort="relevance", json=args.json, format=None, who=[]
    )
    return _search(archive, run)


# -- exports ----------------------------------------------------------------------------

COLUMNS = ("id", "pair", "question", "snippet", "interviewee", "outlet", "published", "path")


def _rows(results: Any) -> list[dict[str, Any]]:
    rows = []
    for hit in results.hits:
        info = hit.info
        base = {
            "id": info.id,
            "interviewee": info.interviewee,
            "outlet": info.outlet,
            "published": _iso(info.published),
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


def export(results: Any, query: str, fmt: str) -> None:
    """Write every matching pair as JSON lines, CSV or Markdown to standard output."""
    rows = _rows(results)
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
        out.write(f"{results.total:,} {noun}, {_count(pairs, 'matching pair')}.\n")
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
