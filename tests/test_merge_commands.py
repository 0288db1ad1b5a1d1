"""A command the server answers while its watcher merges small segments: never kept waiting.

The watcher folds the small segments of saved edits together at a quiet
moment (``engine/merging.py``); at 100,000 articles on a loaded machine that
takes tenths of a second to seconds. A command that comes meanwhile must
answer at once from the last commit (searching needs no write lock), the
merge must pause while the command runs (so the command has the processor),
and a command that comes while the merge commits must not take the merged
commit for a change of files and look at every file.

These tests run the watcher's threads and the server's command path (wait
for the watcher, then ``cli.main`` with the server's archive for commands)
in this process, on an archive of their own, with merges held where they
look whether to give way, or between their commit and their record.
"""

from __future__ import annotations

import io
import json
import math
import threading
import time
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest

from brreader import cli
from brreader.cli import watch
from brreader.cli.watch import Unreported, WatchedArchive, Watcher
from brreader.engine import internals
from brreader.engine.freshness import FolderStamps
from brreader.engine.store import IndexStore
from brreader.search import Archive
from tests.conftest import LABELLED, PLAIN, wait_for, write_files
from tests.test_freshness import age_folders
from tests.test_watch_merge import EDITED, RIVERS, HeldMerges, save, total

pytestmark = pytest.mark.in_process


class Commands:
    """The server's side of commands: each marks itself running (a merge pauses for
    it), waits for the watcher's batch, and runs on the archive kept for commands."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.running = False
        self.archive = WatchedArchive(root / "articles", root / "index", Unreported())
        self.scans = 0  # full checks of the archive (every file looked at)

    def activity(self) -> float:
        """As ``Server._activity``: infinite while a command runs."""
        return math.inf if self.running else -math.inf

    def search(
        self, watcher: Watcher, query: str, archive: Archive | None = None
    ) -> tuple[list[str], str]:
        """The ids a served ``search --json`` finds, and what it wrote on stderr."""
        out, err = io.StringIO(), io.StringIO()
        self.running = True
        try:
            # The server's own wait (SETTLE_WAIT); a merge must not be part of it.
            assert watcher.settle(time.monotonic(), timeout=10), "the command waited"
            argv = ["--articles", str(self.root / "articles"), "--index", str(self.root / "index")]
            with redirect_stdout(out), redirect_stderr(err):
                status = cli.main(
                    [*argv, "search", "--json", query, "--limit", "50"],
                    archives=lambda _a, _i: archive or self.archive,
                )
        finally:
            self.running = False
        assert status in (0, 1), err.getvalue()
        return sorted(hit["id"] for hit in json.loads(out.getvalue())["results"]), err.getvalue()

    def close(self) -> None:
        self.archive.close()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """An indexed archive whose folders are old (so commands trust their times), with
    small segments enough for a merge: one per save of the edited article."""
    articles = write_files(
        tmp_path / "articles", {EDITED: PLAIN, "2019/depot.txt": LABELLED, "2019/other.txt": PLAIN}
    )
    age_folders(articles)
    resident = Archive(articles, tmp_path / "index", mmap=False, resident=True)
    resident.update()
    for river in RIVERS[:4]:
        save(articles, river)
        resident.update(paths=[EDITED])
    assert resident.merge_due()
    resident.close()
    return tmp_path


@pytest.fixture
def scans(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts full checks of the archive (a scan of every file), by any store."""
    counted = [0]
    original = IndexStore._scan_all

    def scan_all(store: IndexStore) -> Any:
        counted[0] += 1
        return original(store)

    monkeypatch.setattr(IndexStore, "_scan_all", scan_all)
    return counted


@pytest.fixture
def commands(root: Path) -> Iterator[Commands]:
    served = Commands(root)
    yield served
    served.close()


def watching(
    root: Path, commands: Commands, monkeypatch: pytest.MonkeyPatch
) -> tuple[Watcher, threading.Event]:
    monkeypatch.setattr(watch, "MERGE_QUIET", 0.2)
    stop = threading.Event()
    watcher = Watcher(root / "articles", root / "index", stop, Unreported(), commands.activity)
    watcher.start()
    assert wait_for(lambda: watcher.ready, timeout=30)
    return watcher, stop


def stopped(watcher: Watcher, stop: threading.Event) -> None:
    stop.set()
    watcher.join(timeout=30)
    assert not watcher.is_alive()


def test_a_command_during_a_merge_answers_at_once_from_the_last_commit(
    root: Path,
    commands: Commands,
    monkeypatch: pytest.MonkeyPatch,
    scans: list[int],
) -> None:
    held = HeldMerges(monkeypatch)
    monkeypatch.setattr(watch, "MERGE_PAUSE", 60.0)  # pauses, never gives way, here
    watcher, stop = watching(root, commands, monkeypatch)
    try:
        assert commands.search(watcher, RIVERS[3]) == (["2021/sensors"], "")
        assert held.reached.wait(timeout=30)  # a merge is under way, held
        before = scans[0]
        # Answered while the merge is held: waiting for it would never end.
        assert commands.search(watcher, RIVERS[3]) == (["2021/sensors"], "")
        assert commands.search(watcher, "depot") == (["2019/depot"], "")
        assert scans[0] == before  # nor did it look at every file
        assert watcher.archive.merge_due() and held.gave_way == 0  # still held
        held.release()
        assert wait_for(lambda: not watcher.archive.merge_due(), timeout=30)
        assert commands.search(watcher, RIVERS[3]) == (["2021/sensors"], "")
        assert commands.search(watcher, RIVERS[0])[0] == []
    finally:
        held.release()
        stopped(watcher, stop)


def test_a_merge_pauses_while_a_command_runs_and_then_goes_on(
    root: Path, commands: Commands, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = HeldMerges(monkeypatch)
    monkeypatch.setattr(watch, "MERGE_PAUSE", 60.0)
    watcher, stop = watching(root, commands, monkeypatch)
    try:
        assert held.reached.wait(timeout=30)
        commands.running = True  # a command is running when the merge is let go
        held.release()
        time.sleep(0.5)  # ample for this merge (a few milliseconds), had it gone on
        assert watcher.archive.merge_due(), "the merge went on while a command ran"
        commands.running = False
        assert wait_for(lambda: not watcher.archive.merge_due(), timeout=30)
        assert held.gave_way == 0  # it paused, and then finished: it did not start again
        assert commands.search(watcher, RIVERS[3]) == (["2021/sensors"], "")
    finally:
        held.release()
        commands.running = False
        stopped(watcher, stop)


def test_a_merge_gives_way_to_a_long_command_and_is_done_later(
    root: Path, commands: Commands, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A command may need the index's write lock (files the watcher has not seen yet):
    past MERGE_PAUSE the merge gives way rather than keep it waiting."""
    held = HeldMerges(monkeypatch)
    monkeypatch.setattr(watch, "MERGE_PAUSE", 0.1)
    watcher, stop = watching(root, commands, monkeypatch)
    try:
        assert held.reached.wait(timeout=30)
        commands.running = True
        assert wait_for(lambda: held.gave_way >= 1, timeout=30)
        assert watcher.archive.merge_due()  # given way: nothing merged
        commands.running = False
        held.release()
        assert wait_for(lambda: not watcher.archive.merge_due(), timeout=30)
        assert commands.search(watcher, RIVERS[3]) == (["2021/sensors"], "")
    finally:
        held.release()
        commands.running = False
        stopped(watcher, stop)


@pytest.mark.parametrize(
    ("held_in", "step"),
    [(IndexStore, "recommitted"), (FolderStamps, "carry")],
    ids=["after-the-merged-commit", "after-the-record-line"],
)
def test_a_command_while_a_merge_commits_looks_at_no_file(
    root: Path,
    commands: Commands,
    monkeypatch: pytest.MonkeyPatch,
    scans: list[int],
    held_in: type,
    step: str,
) -> None:
    """Held after Whoosh's commit of the merged segment (the record still names the
    commit before), or after the record's line (the folder times not yet carried)."""
    reached, released = threading.Event(), threading.Event()
    original = getattr(held_in, step)

    def holding(*args: Any) -> Any:
        reached.set()
        assert released.wait(timeout=60)
        return original(*args)

    monkeypatch.setattr(held_in, step, holding)
    watcher, stop = watching(root, commands, monkeypatch)
    fresh = WatchedArchive(root / "articles", root / "index", Unreported())
    try:
        assert commands.search(watcher, RIVERS[3]) == (["2021/sensors"], "")
        assert reached.wait(timeout=30)
        before = scans[0]
        # The archive that answered before, and one that opens the index now (the
        # merged commit is the latest: the record and folder times name the one before).
        assert commands.search(watcher, RIVERS[3]) == (["2021/sensors"], "")
        assert commands.search(watcher, RIVERS[3], fresh) == (["2021/sensors"], "")
        assert commands.search(watcher, "mekong", fresh) == (["2019/other"], "")
        assert scans[0] == before, "a command looked at every file while the merge committed"
        released.set()
        assert wait_for(lambda: not watcher.archive.merge_due(), timeout=30)
        assert commands.search(watcher, RIVERS[3]) == (["2021/sensors"], "")
        assert commands.search(watcher, RIVERS[3], fresh) == (["2021/sensors"], "")
        assert commands.search(watcher, RIVERS[2], fresh)[0] == []
        assert scans[0] == before
    finally:
        released.set()
        fresh.close()
        stopped(watcher, stop)


def test_a_merge_reads_each_segment_as_whoosh_lists_its_postings(root: Path) -> None:
    """The merge walks each term file once (``internals.all_postings``): the same postings,
    in the same order, as Whoosh's ``iter_postings``, deleted documents left out."""
    archive = Archive(root / "articles", root / "index", mmap=False)
    try:
        assert total(archive, RIVERS[3]) == 1
        ix = archive.index.store.open()
        with ix.reader() as reader:
            leaves = [leaf for leaf, _offset in reader.leaf_readers()]
            assert len(leaves) >= 5 and any(leaf.has_deletions() for leaf in leaves)
            for leaf in leaves:
                looks = [0]

                def look(looks: list[int] = looks) -> None:
                    looks[0] += 1

                walked = list(internals.all_postings(leaf, look))
                assert walked == list(leaf.iter_postings())
                terms = sum(1 for _term in leaf.all_terms())
                assert looks[0] == -(-terms // 1024)  # one look per thousand terms
    finally:
        archive.close()
