"""A saved edit under the server: committed alone, merged later, recorded in a journal.

The server's watcher opens its archive ``resident``: each saved file is
committed in a segment of its own and answered at once, small segments are
folded together later (``engine/merging.py``), and the index record takes a
journal line instead of being rewritten whole (``engine/manifest.py``).
These tests drive such archives in this process, as the server's threads do,
and check what a user sees: the next search finds the saved text and not
the old; a crash between a commit and its merge, or in the middle of a
merge, loses nothing; a damaged journal is repaired with one line.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from brreader import cli
from brreader.engine import manifest
from brreader.engine.freshness import FolderStamps
from brreader.engine.manifest import JOURNAL, MANIFEST, IndexRecord
from brreader.search import Archive
from tests.conftest import LABELLED, PLAIN, wait_for, write_files
from tests.test_freshness import age_folders

# These tests drive archives of their own: a server watching the same folder would write too.
pytestmark = pytest.mark.in_process

RIVERS = ("irrawaddy", "salween", "chindwin", "brahmaputra", "yarlung", "ganges")
EDITED = "2021/sensors.txt"


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    status = cli.main(["--articles", str(root / "articles"), "--index", str(root / "index"), *args])
    out, err = capsys.readouterr()
    return status, out, err


def found(capsys: pytest.CaptureFixture[str], root: Path, query: str) -> list[str]:
    status, out, err = run(capsys, root, "search", "--json", query, "--limit", "50")
    assert status in (0, 1) and err == "", err
    return sorted(hit["id"] for hit in json.loads(out)["results"])


def save(root: Path, river: str) -> None:
    """Rewrite the edited article in place (no folder changes), naming a river."""
    (root / "articles" / EDITED).write_text(PLAIN.replace("Mekong", river.capitalize()))


def saved_under_watch(root: Path, saves: int) -> Archive:
    """The server's watching archive, after ``saves`` saves of the edited article, each
    indexed as the watcher indexes it (a segment of its own, appended to the journal)."""
    watcher = Archive(root / "articles", root / "index", mmap=False, resident=True)
    watcher.update()
    for river in RIVERS[:saves]:
        save(root, river)
        watcher.update(paths=[EDITED])
    return watcher


def small_segments(root: Path) -> int:
    return sum(1 for path in (root / "index").glob("*.seg") if path.stat().st_size < 1_000_000)


@pytest.fixture
def archive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    write_files(
        tmp_path / "articles",
        {EDITED: PLAIN, "2019/depot.txt": LABELLED, "2019/other.txt": PLAIN},
    )
    age_folders(tmp_path / "articles")
    status, _out, err = run(capsys, tmp_path, "index")
    assert status == 0, err
    return tmp_path


def test_each_save_is_found_by_the_next_search_and_a_merge_changes_no_answer(
    archive: Path, capsys
) -> None:
    articles, index = archive / "articles", archive / "index"
    watcher = Archive(articles, index, mmap=False, resident=True)
    command = Archive(articles, index, mmap=False)  # the server's archive for commands
    try:
        watcher.update()
        before = small_segments(archive)
        previous = "mekong"
        for river in RIVERS:
            save(archive, river)
            assert watcher.update(paths=[EDITED]).indexed == [EDITED]
            command.update(quick=True)
            assert command.search(river).total == 1
            assert [hit.info.id for hit in command.search(previous).hits] == (
                ["2019/other"] if previous == "mekong" else []
            )
            previous = river
        # Each save committed a segment of its own: nothing was merged on the way.
        assert small_segments(archive) == before + len(RIVERS)
        assert watcher.merge_due()
        assert watcher.merge() is True
        assert not watcher.merge_due()
        assert small_segments(archive) < before + len(RIVERS)
        command.update(quick=True)
        assert command.search(RIVERS[-1]).total == 1
        assert sorted(h.info.id for h in command.search("mekong").hits) == ["2019/other"]
    finally:
        watcher.close()
        command.close()
    # A new process agrees, and has nothing to redo.
    assert found(capsys, archive, RIVERS[-1]) == ["2021/sensors"]
    status, out, err = run(capsys, archive, "index")
    assert (status, err) == (0, "") and out.startswith("indexed 0, unchanged 3"), out


def test_a_crash_between_the_commit_and_the_merge_loses_nothing(archive: Path, capsys) -> None:
    watcher = saved_under_watch(archive, 5)
    assert watcher.merge_due()
    # The server is killed here, its small segments unmerged: the next process
    # (no server) finds every saved word and has nothing to index again.
    assert found(capsys, archive, RIVERS[4]) == ["2021/sensors"]
    assert found(capsys, archive, RIVERS[3]) == []
    status, out, _err = run(capsys, archive, "index")
    assert out.startswith("indexed 0, unchanged 3"), out
    watcher.close()


def test_a_crash_in_the_middle_of_a_merge_loses_nothing(
    archive: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    from brreader.engine.store import IndexStore

    watcher = saved_under_watch(archive, 5)

    def killed(*_args: object) -> None:  # the merged commit is saved, its record is not
        raise KeyboardInterrupt

    monkeypatch.setattr(IndexStore, "recommitted", killed)
    with pytest.raises(KeyboardInterrupt):
        watcher.merge()
    monkeypatch.undo()
    watcher.close()
    # The record names the commit before the merge: the next process rebuilds it
    # from the index (as after any interrupted commit) and answers in full.
    assert found(capsys, archive, RIVERS[4]) == ["2021/sensors"]
    assert found(capsys, archive, "mekong") == ["2019/other"]
    assert found(capsys, archive, "depot OR mekong OR " + RIVERS[4]) == [
        "2019/depot",
        "2019/other",
        "2021/sensors",
    ]
    status, out, _err = run(capsys, archive, "index")
    assert out.startswith("indexed 0, unchanged 3"), out


def test_a_save_appends_to_the_journal_and_a_new_process_reads_it(archive: Path, capsys) -> None:
    articles, index = archive / "articles", archive / "index"
    record = index / MANIFEST
    watcher = Archive(articles, index, mmap=False, resident=True)
    try:
        watcher.update()
        written = record.read_bytes()
        save(archive, RIVERS[0])
        watcher.update(paths=[EDITED])
        assert record.read_bytes() == written  # not rewritten: one journal line instead
        assert len((index / JOURNAL).read_bytes().splitlines()) == 2  # its head and the line
        assert found(capsys, archive, RIVERS[0]) == ["2021/sensors"]
        # Another process commits: it writes the record whole and the journal goes.
        (articles / "2019" / "late.txt").write_text(PLAIN.replace("Mekong", "Salween"))
        status, _out, err = run(capsys, archive, "index")
        assert status == 0, err
        assert not (index / JOURNAL).exists()
        # The watcher reads that record before it appends again: nothing is lost.
        (articles / "2019" / "other.txt").unlink()
        save(archive, RIVERS[1])
        report = watcher.update(paths=["2019/other.txt", EDITED])
        assert report.removed == ["2019/other.txt"] and report.indexed == [EDITED]
        # The folder record's article count, kept by the watcher from what it changed.
        folders = FolderStamps(index, articles).read()
        assert folders is not None and folders["count"] == 3
        save(archive, RIVERS[2])
        watcher.update(paths=[EDITED])
        folders = FolderStamps(index, articles).read()
        assert folders is not None and folders["count"] == 3
        files = IndexRecord(index, articles).read()
        assert files is not None
        edited = (articles / EDITED).stat()
        assert sorted(files["files"]) == ["2019/depot.txt", "2019/late.txt", EDITED]
        assert files["files"][EDITED] == ["2021/sensors", edited.st_mtime_ns, edited.st_size]
    finally:
        watcher.close()
    status, out, err = run(capsys, archive, "index")
    assert (status, err) == (0, "") and out.startswith("indexed 0, unchanged 3"), out


def test_a_long_journal_is_folded_into_the_record(
    archive: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(manifest, "JOURNAL_MIN_LIMIT", 400)  # bytes: a few lines
    articles, index = archive / "articles", archive / "index"
    watcher = Archive(articles, index, mmap=False, resident=True)
    rewritten = 0
    try:
        watcher.update()
        for river in RIVERS:
            before = (index / MANIFEST).stat().st_ino
            save(archive, river)
            watcher.update(paths=[EDITED])
            rewritten += (index / MANIFEST).stat().st_ino != before
            journal = index / JOURNAL
            assert not journal.exists() or journal.stat().st_size <= 400
    finally:
        watcher.close()
    assert 0 < rewritten < len(RIVERS)
    assert found(capsys, archive, RIVERS[-1]) == ["2021/sensors"]
    status, out, _err = run(capsys, archive, "index")
    assert out.startswith("indexed 0, unchanged 3"), out


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        ("cut short", "its journal was cut short"),
        ("empty", "its journal is empty"),
        ("garbled", "its journal is garbled"),
    ],
)
def test_a_damaged_journal_is_repaired_with_one_line(
    archive: Path, capsys, damage: str, said: str
) -> None:
    index = archive / "index"
    watcher = saved_under_watch(archive, 2)
    watcher.close()
    journal = index / JOURNAL
    data = journal.read_bytes()
    # What a crash while appending (or before the first line reached the disk) leaves.
    journal.write_bytes(
        {"cut short": data[:-7], "empty": b"", "garbled": data + b'{"generation": \n'}[damage]
    )
    status, out, err = run(capsys, archive, "search", "--json", RIVERS[1])
    assert status == 0
    assert [hit["id"] for hit in json.loads(out)["results"]] == ["2021/sensors"]
    assert err == f"brreader: repaired the index record in {index} ({said})\n"
    assert not journal.exists()
    # Repaired for good: the next command says nothing and nothing is indexed again.
    assert found(capsys, archive, RIVERS[0]) == []
    status, out, err = run(capsys, archive, "index")
    assert (status, err) == (0, "") and out.startswith("indexed 0, unchanged 3"), out


def test_the_watcher_merges_when_quiet_and_every_save_is_found(
    archive: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from brreader.cli import watch

    monkeypatch.setattr(watch, "MERGE_QUIET", 0.3)
    stop = threading.Event()
    watcher = watch.Watcher(
        (archive / "articles").resolve(), (archive / "index").resolve(), stop, watch.Unreported()
    )
    watcher.start()
    command = Archive(archive / "articles", archive / "index", mmap=False)
    try:
        assert wait_for(lambda: watcher.ready, timeout=120)
        before = small_segments(archive)
        for river in RIVERS:
            save(archive, river)
            assert watcher.settle(time.monotonic(), 60.0)  # what a command waits for
            command.update(quick=True)
            assert command.search(river).total == 1, river
        # Quiet now: the small segments the saves made are folded together.
        assert wait_for(lambda: small_segments(archive) <= before + 1, timeout=120)
        assert watcher.settle(time.monotonic(), 60.0)
        command.update(quick=True)
        assert command.search(RIVERS[-1]).total == 1
        assert sorted(h.info.id for h in command.search("mekong").hits) == ["2019/other"]
    finally:
        stop.set()
        watcher.join(timeout=120)
        command.close()
    assert not watcher.is_alive()
    status, out, _err = run(capsys, archive, "index")
    assert out.startswith("indexed 0, unchanged 3"), out
