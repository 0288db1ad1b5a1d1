"""The server's watcher: a saved edit never waits for a merge of small segments.

Each saved edit is committed in a small segment of its own; a quiet moment
later the watcher folds them together (``engine/merging.py``), which takes
seconds at 100,000 articles on a loaded machine. An edit saved while that
merge runs must be indexed at once: the merge gives way before it commits
and is done again at the next quiet moment, with the same answers.

These tests run the watcher's threads in this process on an archive of
their own (no server process), with merges made as slow as needed by
holding them at the points where they look whether to give way.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from brreader.cli import watch
from brreader.cli.watch import Unreported, Watcher
from brreader.engine import writer as segment_writer
from brreader.search import Archive
from tests.conftest import LABELLED, PLAIN, wait_for, write_files

pytestmark = pytest.mark.in_process

EDITED = "2021/sensors.txt"
RIVERS = ("irrawaddy", "salween", "chindwin", "brahmaputra", "yarlung")


def save(articles: Path, river: str) -> None:
    """Rewrite the edited article in place, naming a river."""
    (articles / EDITED).write_text(PLAIN.replace("Mekong", river.capitalize()))


def total(archive: Archive, query: str) -> int:
    return archive.search(query, limit=5).total


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """An archive whose index holds small segments enough for a merge (one per save)."""
    articles = write_files(
        tmp_path / "articles", {EDITED: PLAIN, "2019/depot.txt": LABELLED, "2019/other.txt": PLAIN}
    )
    resident = Archive(articles, tmp_path / "index", mmap=False, resident=True)
    resident.update()
    for river in RIVERS[:4]:
        save(articles, river)
        resident.update(paths=[EDITED])
    assert resident.merge_due()
    resident.close()
    return tmp_path


class HeldMerges:
    """Merges stopped where they look whether to give way, until :meth:`release`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.reached = threading.Event()  # a merge is under way, held
        self.released = threading.Event()
        self.gave_way = 0
        original = segment_writer.Writer.check_interrupt
        held = self

        def check_interrupt(writer: Any) -> None:
            if writer.interrupt is None:
                return original(writer)  # not a merge: an update's own segment
            held.reached.set()
            try:
                while not held.released.wait(0.01):
                    original(writer)
                original(writer)
            except segment_writer.Interrupted:
                held.gave_way += 1
                raise

        monkeypatch.setattr(segment_writer.Writer, "check_interrupt", check_interrupt)

    def release(self) -> None:
        self.released.set()


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> HeldMerges:
    return HeldMerges(monkeypatch)


@pytest.fixture
def watching(
    archive: Path, held: HeldMerges, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Watcher, Path]]:
    monkeypatch.setattr(watch, "MERGE_QUIET", 0.2)
    stop = threading.Event()
    watcher = Watcher(archive / "articles", archive / "index", stop, Unreported())
    watcher.start()
    try:
        assert wait_for(lambda: watcher.ready, timeout=30)
        yield watcher, archive
    finally:
        held.release()  # a merge still held ends, so the watcher can
        stop.set()
        watcher.join(timeout=30)
        assert not watcher.is_alive()


def test_an_edit_saved_during_a_merge_is_indexed_without_waiting_for_it(
    watching: tuple[Watcher, Path], held: HeldMerges
) -> None:
    watcher, root = watching
    # The first merge starts at the next quiet moment and is held there.
    assert held.reached.wait(timeout=30)
    save(root / "articles", "mississippi")
    asked = time.monotonic()
    # The batch is indexed while the merge is held: had it waited for the
    # merge, nothing would be indexed until the merge is released below.
    assert watcher.settle(asked, timeout=20), "the saved edit waited for the merge"
    assert held.gave_way >= 1
    reader = Archive(root / "articles", root / "index", mmap=False)
    try:
        assert total(reader, "mississippi") == 1
        assert total(reader, RIVERS[3]) == 0
        assert watcher.archive.merge_due()  # the merge gave way: nothing merged yet
        held.release()
        # Done again at the next quiet moment, with the same answers.
        assert wait_for(lambda: not watcher.archive.merge_due(), timeout=30)
        assert total(reader, "mississippi") == 1
        assert total(reader, "mekong") == 1  # 2019/other
        assert total(reader, "depot") >= 1
    finally:
        reader.close()


def test_a_merge_nobody_interrupts_folds_the_small_segments(
    watching: tuple[Watcher, Path], held: HeldMerges
) -> None:
    watcher, root = watching
    held.release()  # merges run through
    assert wait_for(lambda: not watcher.archive.merge_due(), timeout=30)
    assert held.gave_way == 0
    reader = Archive(root / "articles", root / "index", mmap=False)
    try:
        assert total(reader, RIVERS[3]) == 1
        assert total(reader, RIVERS[0]) == 0
    finally:
        reader.close()


def test_a_merge_interrupted_at_any_point_leaves_the_index_as_it_was(archive: Path) -> None:
    """Given way before any of its looks, the merge leaves the commit before it, and no
    file of its own; the answers are the same, and a later merge still folds them."""
    resident = Archive(archive / "articles", archive / "index", mmap=False, resident=True)
    try:
        resident.update()
        files = sorted(p.name for p in (archive / "index").iterdir())
        looks = 0

        def counting() -> bool:
            nonlocal looks
            looks += 1
            return False

        stopped_at: list[int] = []
        assert resident.merge(interrupt=counting) is True  # how many looks a whole merge takes
        whole = looks
        assert whole >= 3, whole  # before each segment, and while writing
        # Back to unmerged segments: save again, then interrupt at each look in turn.
        for river in RIVERS:
            save(archive / "articles", river)
            resident.update(paths=[EDITED])
        files = sorted(p.name for p in (archive / "index").iterdir())
        for stop in range(1, whole + 1):
            looks = 0

            def at_look(stop: int = stop) -> bool:
                nonlocal looks
                looks += 1
                return looks >= stop

            if not resident.merge(interrupt=at_look):
                stopped_at.append(stop)
            assert total(resident, RIVERS[-1]) == 1 and total(resident, RIVERS[0]) == 0
            if stop not in stopped_at:
                break  # it got through: nothing left to interrupt
            assert sorted(p.name for p in (archive / "index").iterdir()) == files
        assert len(stopped_at) >= 3, stopped_at  # given way at each look, the index as it was
        resident.merge()
        assert not resident.merge_due()
        assert total(resident, RIVERS[-1]) == 1
    finally:
        resident.close()
