"""The reader's own notes on an archive: bookmarks with notes, read marks, saved searches.

They live in one small JSON file outside the articles folder (the user data
folder from platformdirs, or ``$BRREADER_STATE``), so the articles are never
touched and an index rebuild loses nothing. Bookmarks and read marks are
keyed by article id and pair number, per articles folder; saved searches are
shared by every archive.

Every change re-reads the file under a lock and replaces it whole (a
temporary file, then a rename), so two brreaders do not undo each other and
a crash never leaves half a file. A file that cannot be read as state is
kept beside it as ``state.json.corrupt-<time>``, with a warning, and
brreader starts afresh: it never refuses to run because of it.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from brreader.files import read_regular, require_regular
from brreader.model import Filters

STATE_ENV = "BRREADER_STATE"
VERSION = 1


def default_path() -> Path:
    """``$BRREADER_STATE``, else ``state.json`` in the user data folder."""
    override = os.environ.get(STATE_ENV)
    if override:
        return Path(override)
    import platformdirs

    return platformdirs.user_data_path("brreader") / "state.json"


@dataclass(frozen=True, slots=True)
class Bookmark:
    """A marked article (``pair`` None) or pair, with an optional note."""

    article_id: str
    pair: int | None
    note: str = ""
    added: str = ""  # ISO 8601, local time


def _empty() -> dict[str, Any]:
    return {"brreader": "state", "version": VERSION, "archives": {}, "saved": {}}


def _pair_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _valid(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and data.get("brreader") == "state"
        and isinstance(data.get("archives"), dict)
        and isinstance(data.get("saved"), dict)
        and all(isinstance(v, str) for v in data["saved"].values())
        and all(_valid_archive(a) for a in data["archives"].values())
    )


def _valid_archive(data: Any) -> bool:
    if not isinstance(data, dict):
        return False
    marks = data.get("bookmarks", [])
    read = data.get("read", {})
    return (
        isinstance(marks, list)
        and all(
            isinstance(m, dict)
            and isinstance(m.get("id"), str)
            and (m.get("pair") is None or _pair_number(m.get("pair")))
            and isinstance(m.get("note", ""), str)
            for m in marks
        )
        and isinstance(read, dict)
    )


class State:
    """The state file, seen from one articles folder."""

    def __init__(self, path: Path, articles: Path) -> None:
        self.path = path
        self.archive = str(articles.resolve())
        self.warnings: list[str] = []
        self.failed = False  # a change could not be saved (see warnings)
        self._data = self._load()

    # -- the file -------------------------------------------------------------

    def _target(self) -> Path:
        """The file itself: a state file that is a symlink (a dotfiles setup) is written
        through, never replaced by a regular file. Looked up each time: links move."""
        return Path(os.path.realpath(self.path))

    def _load(self) -> dict[str, Any]:
        try:
            raw = read_regular(self.path)  # a pipe or device named as the file never hangs
        except FileNotFoundError:
            return _empty()
        except OSError as error:
            self._warn(
                f"cannot read {self.path} ({error.strerror}); bookmarks and saved searches "
                "are not available this time"
            )
            return _empty()
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):  # deep nesting: damaged too
            data = None
        if _valid(data):
            return data
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self._target()
        backup = target.with_name(f"{target.name}.corrupt-{stamp}")
        number = 1
        while backup.exists():  # never replace an earlier backup
            number += 1
            backup = target.with_name(f"{target.name}.corrupt-{stamp}-{number}")
        try:
            os.replace(target, backup)
        except OSError as error:
            self.warnings.append(f"{self.path} is damaged and cannot be moved aside: {error}")
            return _empty()
        self.warnings.append(
            f"{self.path} was damaged; kept it as {backup.name} and started a new one"
        )
        return _empty()

    @contextmanager
    def _locked(self) -> Iterator[None]:
        import fcntl

        target = self._target()
        target.parent.mkdir(parents=True, exist_ok=True)
        # Not open(..., "a"): a pipe in the lock file's place would block that open.
        # Beside the file itself, so a link and its target share one lock.
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NONBLOCK | os.O_CLOEXEC
        lock = os.open(target.with_name(target.name + ".lock"), flags, 0o666)
        try:
            require_regular(os.fstat(lock).st_mode, self.path.name + ".lock")
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
        finally:
            os.close(lock)

    def _write(self, data: dict[str, Any]) -> None:
        target = self._target()
        try:
            # A pipe or device in the file's place is the user's: never replaced.
            require_regular(os.stat(target).st_mode, self.path)
        except FileNotFoundError:
            pass
        text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, target)
        except BaseException:
            os.unlink(temporary)
            raise

    def _change(self, change: Callable[[dict[str, Any]], None]) -> None:
        """Apply ``change`` to the file's latest contents and save them.

        A file that cannot be written leaves the change in memory for this
        session and a warning; nothing is raised.
        """
        applied = False
        try:
            with self._locked():
                if self.path.exists():
                    self._data = self._load()
                change(self._data)
                applied = True
                self._write(self._data)
        except OSError as error:
            if not applied:
                change(self._data)  # kept for this session at least
            self.failed = True
            self._warn(
                f"cannot save {self.path} ({error.strerror or error}); set {STATE_ENV} "
                "to a file in a folder you can write"
            )

    def _warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def _mine(self, data: dict[str, Any]) -> dict[str, Any]:
        mine: dict[str, Any] = data["archives"].setdefault(
            self.archive, {"bookmarks": [], "read": {}}
        )
        mine.setdefault("bookmarks", [])
        mine.setdefault("read", {})
        return mine

    # -- bookmarks --------------------------------------------------------------

    def bookmarks(self) -> list[Bookmark]:
        """Every bookmark of this archive, in the order they were made."""
        marks = self._data["archives"].get(self.archive, {}).get("bookmarks", [])
        return [
            Bookmark(m["id"], m.get("pair"), m.get("note", ""), m.get("added", "")) for m in marks
        ]

    def bookmark(self, article_id: str, pair: int | None) -> Bookmark | None:
        """The bookmark on this article (``pair`` None) or pair, if there is one."""
        return next(
            (b for b in self.bookmarks() if (b.article_id, b.pair) == (article_id, pair)), None
        )

    def add_bookmark(self, article_id: str, pair: int | None, note: str | None = None) -> None:
        """Bookmark an article or pair; with ``note``, set its note (an empty one clears it)."""

        def change(data: dict[str, Any]) -> None:
            marks = self._mine(data)["bookmarks"]
            for mark in marks:
                if (mark["id"], mark.get("pair")) == (article_id, pair):
                    if note is not None:
                        mark["note"] = note
                    return
            stamp = datetime.now().isoformat(timespec="seconds")
            marks.append({"id": article_id, "pair": pair, "note": note or "", "added": stamp})

        self._change(change)

    def remove_bookmark(self, article_id: str, pair: int | None) -> None:
        def change(data: dict[str, Any]) -> None:
            mine = self._mine(data)
            mine["bookmarks"] = [
                m for m in mine["bookmarks"] if (m["id"], m.get("pair")) != (article_id, pair)
            ]

        self._change(change)

    def bookmarked_ids(self) -> set[str]:
        return {b.article_id for b in self.bookmarks()}

    # -- read marks -----------------------------------------------------------------

    def read_ids(self) -> set[str]:
        return set(self._data["archives"].get(self.archive, {}).get("read", {}))

    def mark_read(self, article_id: str) -> None:
        if article_id in self.read_ids():
            return

        def change(data: dict[str, Any]) -> None:
            self._mine(data)["read"][article_id] = datetime.now().isoformat(timespec="seconds")

        self._change(change)

    # -- saved searches ------------------------------------------------------------

    def saved(self) -> dict[str, str]:
        """Saved searches, name -> query, sorted by name."""
        return dict(sorted(self._data["saved"].items()))

    def saved_searches(self) -> dict[str, SavedSearch]:
        """Saved searches by name, sorted, each with the filters and view it was saved with."""
        extras = self._data.get(SAVED_FILTERS)
        extras = extras if isinstance(extras, dict) else {}
        return {
            name: _saved_search(name, query, extras.get(name))
            for name, query in self.saved().items()
        }

    def saved_search(self, name: str) -> SavedSearch | None:
        """The saved search called ``name``, if there is one."""
        return self.saved_searches().get(name)

    def save_search(
        self, name: str, query: str, filters: Filters | None = None, view: str = ""
    ) -> None:
        """Keep ``query`` under ``name``, with the filters and the view in force (if any)."""
        record = _filters_record(query, filters, view)

        def change(data: dict[str, Any]) -> None:
            data["saved"][name] = query
            extras = data.get(SAVED_FILTERS)
            if record:
                if not isinstance(extras, dict):
                    extras = data[SAVED_FILTERS] = {}
                extras[name] = record
            elif isinstance(extras, dict):
                extras.pop(name, None)

        self._change(change)

    def remove_search(self, name: str) -> bool:
        """Forget a saved search; False when there was none by that name."""
        removed: list[bool] = []

        def change(data: dict[str, Any]) -> None:
            removed.append(data["saved"].pop(name, None) is not None)
            extras = data.get(SAVED_FILTERS)
            if isinstance(extras, dict):
                extras.pop(name, None)

        self._change(change)
        return removed[-1] if removed else False


# Saved searches are kept as "saved": {name: query}, which every brreader reads. The
# filters and view saved with one live beside them, under "saved_filters": {name:
# {"query": ..., "who": [...], ...}}: a brreader from before them keeps reading the
# file (and keeps the key when it writes), and the copy of the query ties the filters
# to the search they were saved with, so a query changed by such a brreader drops them.
SAVED_FILTERS = "saved_filters"
VIEWS = ("", "unread", "bookmarked")


@dataclass(frozen=True, slots=True)
class SavedSearch:
    """A query kept under a name, with the filters and the view it was saved with."""

    name: str
    query: str
    filters: Filters = field(default_factory=Filters)  # names, outlets, tags, years, dates
    view: str = ""  # "", "unread" or "bookmarked"

    def describe(self) -> str:
        """What runs besides the query, e.g. "interviewee: Lina Okafor; year: 2024" ("": none)."""
        parts = [
            f"{facet}: {', '.join(values)}" for facet, values in self.filters.named() if values
        ]
        if self.filters.year:
            parts.append(f"year: {', '.join(str(y) for y in self.filters.year)}")
        if self.filters.start:
            parts.append(f"from: {self.filters.start.date().isoformat()}")
        if self.filters.end:
            parts.append(f"to: {self.filters.end.date().isoformat()}")
        if self.view:
            parts.append(f"show: {self.view}")
        return "; ".join(parts)

    @property
    def filter_count(self) -> int:
        """How many filter values (and view) run with the query."""
        named = sum(len(values) for _facet, values in self.filters.named())
        dates = (self.filters.start is not None) + (self.filters.end is not None)
        return named + len(self.filters.year) + dates + bool(self.view)


def _filters_record(query: str, filters: Filters | None, view: str) -> dict[str, Any]:
    """The JSON record of a saved search's filters and view ({}: none to keep)."""
    record: dict[str, Any] = {}
    if filters is not None:
        for key, values in (("who", filters.who), ("outlet", filters.outlet), ("tag", filters.tag)):
            if values:
                record[key] = list(values)
        if filters.year:
            record["year"] = list(filters.year)
        if filters.start is not None:
            record["from"] = filters.start.isoformat(timespec="seconds")
        if filters.end is not None:
            record["to"] = filters.end.isoformat(timespec="seconds")
    if view in VIEWS and view:
        record["view"] = view
    if record:
        record["query"] = query
    return record


def _saved_search(name: str, query: str, record: Any) -> SavedSearch:
    """A saved search from its query and its filters' record; a record that does not belong
    to this query or cannot be read adds nothing (the query still runs)."""
    if not isinstance(record, dict) or record.get("query") != query:
        return SavedSearch(name, query)

    def words(key: str) -> tuple[str, ...]:
        values = record.get(key, [])
        return tuple(v for v in values if isinstance(v, str)) if isinstance(values, list) else ()

    def moment(key: str) -> datetime | None:
        try:
            return datetime.fromisoformat(record[key]) if isinstance(record.get(key), str) else None
        except ValueError:
            return None

    years = record.get("year", [])
    filters = Filters(
        who=words("who"),
        outlet=words("outlet"),
        tag=words("tag"),
        year=tuple(
            y for y in (years if isinstance(years, list) else []) if _pair_number(y) and y < 10000
        ),
        start=moment("from"),
        end=moment("to"),
    )
    view = record.get("view", "")
    return SavedSearch(name, query, filters, view if view in VIEWS else "")
