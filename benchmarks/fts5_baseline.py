"""The SQLite FTS5 baseline that ``bench.py`` measures brreader against.

One FTS5 table (``tokenize='porter unicode61'``) holds the same fields brreader
indexes, read with brreader's own parser, so both engines index the same text.
``bench.py`` runs the commands below as child processes, so each has its own
peak memory and start-up cost, like a ``brreader`` command:

    python benchmarks/fts5_baseline.py build DB ARTICLES     # one transaction
    python benchmarks/fts5_baseline.py parse ARTICLES        # parse only, no database
    python benchmarks/fts5_baseline.py search DB QUERY       # top 10 with snippets, and a count
    python benchmarks/fts5_baseline.py update DB ARTICLES PATH

Imports stay minimal at the top, so a one-shot search pays only for Python and
``sqlite3``; the parser is imported by the commands that read articles.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

TABLE = "articles"
COLUMNS = (
    "id UNINDEXED, path UNINDEXED, title, lede, interviewee, outlet, source, tags, "
    "questions, answers"
)
# FTS5 finds rows fast by rowid only, so paths map to rowids in a plain table.
SCHEMA = (
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5({COLUMNS}, tokenize='porter unicode61');"
    "CREATE TABLE paths (path TEXT PRIMARY KEY);"
)
INSERT = f"INSERT INTO {TABLE} (rowid, id, path, title, lede, interviewee, outlet, source, "
INSERT += "tags, questions, answers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
TOP = (
    f"SELECT id, snippet({TABLE}, -1, '[', ']', '…', 24) FROM {TABLE} "
    f"WHERE {TABLE} MATCH ? ORDER BY rank LIMIT ?"
)
COUNT = f"SELECT count(*) FROM {TABLE} WHERE {TABLE} MATCH ?"


def fields(articles: Path, path: str, id: str) -> tuple[str, ...]:
    """The row for one article file, parsed by brreader (raises ``ArticleError``)."""
    from brreader.articles import read_article

    article = read_article(articles, path, id).article
    return (
        article.id,
        article.path,
        article.title,
        article.lede,
        article.interviewee,
        article.outlet,
        article.source,
        ", ".join(article.tags),
        "\n".join(pair.question for pair in article.pairs),
        "\n".join(pair.answer for pair in article.pairs),
    )


def build(db: Path | None, articles: Path) -> tuple[int, int]:
    """Parse every article and, unless ``db`` is None, insert it; return (docs, skipped)."""
    import contextlib

    from brreader.articles import ArticleError, discover

    files, skipped = discover(articles)
    connection = None
    if db is not None:
        connection = sqlite3.connect(db)
        connection.executescript(SCHEMA)
    docs, bad = 0, len(skipped)
    with connection or contextlib.nullcontext():  # one transaction, committed at the end
        for file in files:
            try:
                row = fields(articles, file.path, file.id)
            except ArticleError:
                bad += 1
                continue
            docs += 1
            if connection is not None:
                rowid = connection.execute("INSERT INTO paths (path) VALUES (?)", (file.path,))
                connection.execute(INSERT, (rowid.lastrowid, *row))
    if connection is not None:
        connection.close()
    return docs, bad


def update(db: Path, articles: Path, path: str) -> None:
    """Re-read one article file and replace its row (DELETE + INSERT, one commit)."""
    from brreader.articles import article_ids

    row = fields(articles, path, article_ids([path])[path])
    connection = sqlite3.connect(db)
    with connection:
        found = connection.execute("SELECT rowid FROM paths WHERE path = ?", (path,)).fetchone()
        if found is None:
            rowid = connection.execute("INSERT INTO paths (path) VALUES (?)", (path,)).lastrowid
        else:
            rowid = found[0]
            connection.execute(f"DELETE FROM {TABLE} WHERE rowid = ?", (rowid,))
        connection.execute(INSERT, (rowid, *row))
    connection.close()


def search(connection: sqlite3.Connection, query: str, limit: int = 10) -> tuple[int, list[Any]]:
    """The total number of matching articles and the best ``limit`` with a snippet each."""
    top = connection.execute(TOP, (query, limit)).fetchall()
    total = connection.execute(COUNT, (query,)).fetchone()[0]
    return total, top


def main(argv: list[str]) -> int:
    command, *rest = argv
    if command == "build":
        docs, bad = build(Path(rest[0]), Path(rest[1]))
        print(f"{docs} {bad}")
    elif command == "parse":
        docs, bad = build(None, Path(rest[0]))
        print(f"{docs} {bad}")
    elif command == "search":
        import json

        connection = sqlite3.connect(rest[0])
        total, top = search(connection, rest[1])
        print(json.dumps({"total": total, "hits": top}, ensure_ascii=False))
        connection.close()
        return 0 if total else 1
    elif command == "update":
        update(Path(rest[0]), Path(rest[1]), rest[2])
    else:
        print(f"unknown command {command!r}; see the module docstring", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
