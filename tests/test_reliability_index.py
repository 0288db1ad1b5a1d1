"""Index faults and concurrent runs: a rebuild or a one-line error, never lost or doubled articles.

Each test is one row of ``docs/reliability.md``. The index is a cache of the
articles folder, so the promise is: whatever happens to it, the next run
either repairs it or says in one line what to do, and search results are
never silently wrong.
"""

from __future__ import annotations

import errno
import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage

import brreader
import brreader.search
from brreader import cli
from brreader.search import Archive
from tests.conftest import LABELLED, write_articles


def folder_hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def ids(archive: Archive, query: str) -> list[str]:
    return sorted(hit.info.id for hit in archive.search(query, limit=None).hits)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = cli.main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def built(tmp_path: Path) -> Path:
    write_articles(tmp_path / "articles", 6)
    archive = Archive(tmp_path / "articles", tmp_path / "index")
    archive.update()
    archive.close()
    return tmp_path


# -- index faults ------------------------------------------------------------


@pytest.mark.parametrize("damage", ["truncate", "empty"])
def test_a_damaged_segment_file_is_rebuilt(built: Path, damage: str, capsys) -> None:
    before = folder_hashes(built / "articles")
    for segment in (built / "index").glob("*.seg"):
        data = segment.read_bytes()
        segment.write_bytes(data[: len(data) // 3] if damage == "truncate" else b"")
    status, out, err = run(capsys, "--articles", str(built / "articles"), "search", "mekong")
    assert status == 0
    assert "6 articles match" in out
    assert "built a new index" in err and "index unreadable" in err
    assert "Traceback" not in err
    assert folder_hashes(built / "articles") == before


def _garble_stored_fields(index: Path) -> None:
    """Overwrite the middle of each segment's stored fields (titles, paths, dates) in place:
    the file keeps its size and opens, and the damage shows only when a search reads it."""
    from whoosh.filedb.compound import CompoundStorage

    for segment in index.glob("*.seg"):
        storage = CompoundStorage(FileStorage(str(index)).open_file(segment.name), use_mmap=False)
        [part] = [v for name, v in storage._dir.items() if name.endswith("_stored.col")]
        storage.close()
        data = bytearray(segment.read_bytes())
        start, size = part["offset"] + part["length"] // 4, part["length"] // 2
        data[start : start + size] = (bytes(range(7, 256, 7)) * (size // 36 + 1))[:size]
        segment.write_bytes(bytes(data))


@pytest.mark.parametrize("command", ["search", "list"])
def test_bytes_damaged_inside_a_segment_are_repaired_with_one_line(
    built: Path, command: str, capsys
) -> None:
    before = folder_hashes(built / "articles")
    args = ["--articles", str(built / "articles"), "--index", str(built / "index")]
    args += ["search", "--json", "mekong"] if command == "search" else ["list", "--json"]
    status, good, err = run(capsys, *args)
    assert (status, err) == (0, "")
    _garble_stored_fields(built / "index")
    archive = Archive(built / "articles", built / "index")
    with pytest.raises(Exception) as raised:  # the damage is real: reading it fails
        archive.search("mekong", limit=None)
    archive.close()
    assert brreader.search.read_damage(raised.value), raised.value

    status, out, err = run(capsys, *args)
    assert status == 0 and "Traceback" not in err
    [line] = err.splitlines()
    assert line.startswith("brreader: the index is damaged (") and line.endswith("rebuilding it")
    assert out == good  # the same answer, from the rebuilt index
    assert run(capsys, *args) == (0, good, "")  # repaired: nothing more to say
    assert folder_hashes(built / "articles") == before


def test_an_error_in_brreader_s_own_code_is_not_taken_for_damage() -> None:
    try:
        int("not a number")
    except ValueError as error:
        assert not brreader.search.read_damage(error)


@pytest.mark.parametrize("command", ["index", "search"])
@pytest.mark.parametrize("emptied", ["every file", "table of contents and record", "segments"])
def test_zero_byte_index_files_are_repaired_with_one_line(
    built: Path, emptied: str, command: str, capsys
) -> None:
    # What a crash or a power loss can leave: files of the right names and no bytes.
    # Whoosh's own "is there an index?" raised TypeError from its varint reader here.
    before = folder_hashes(built / "articles")
    for path in (built / "index").iterdir():
        table = path.name.endswith(".toc")
        record = path.name == "brreader-index.json"
        chosen = {
            "every file": True,
            "table of contents and record": table or record,
            "segments": not (table or record),
        }[emptied]
        if chosen:
            path.write_bytes(b"")
    words = ["search", "mekong"] if command == "search" else ["index"]
    status, out, err = run(capsys, "--articles", str(built / "articles"), *words)
    assert status == 0
    assert err.count("\n") == 1 and err.startswith("brreader: built a new index in ")
    assert "Traceback" not in err
    status, out, err = run(capsys, "--articles", str(built / "articles"), "search", "mekong")
    assert (status, err) == (0, "")
    assert "6 articles match" in out
    assert folder_hashes(built / "articles") == before


def test_a_write_lock_left_by_a_killed_process_does_not_block(built: Path) -> None:
    # A process takes the writer lock and is killed with SIGKILL while holding it.
    code = textwrap.dedent(
        f"""
        import sys, time
        from whoosh.filedb.filestore import FileStorage
        writer = FileStorage({str(built / "index")!r}).open_index("MAIN").writer()
        print("locked", flush=True)
        time.sleep(60)
        """
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    assert (built / "index" / "MAIN_WRITELOCK").exists()  # the file stays; the lock does not
    write_articles(built / "articles", 8, start=6)
    archive = Archive(built / "articles", built / "index")
    report = archive.update(wait=1.0)
    assert not report.busy and len(report.indexed) == 2
    assert archive.search("mekong").total == 8
    archive.close()


def test_an_index_another_whoosh_wrote_is_rebuilt(built: Path) -> None:
    # A table of contents that unpickles to something else (another fork's classes,
    # another format): brreader rebuilds rather than trusting it.
    for toc in (built / "index").glob("_MAIN_*.toc"):
        toc.write_bytes(b"\x80\x04\x95\x10\x00\x00\x00\x00\x00\x00\x00\x8c\x0cwhoosh3.fake\x94.")
    archive = Archive(built / "articles", built / "index")
    report = archive.update()
    assert report.rebuilt_because.startswith("index unreadable")
    assert archive.search("mekong").total == 6
    archive.close()


@pytest.mark.in_process  # patches brreader's internals, which a server process cannot see
def test_a_read_only_index_folder_is_a_one_line_error(
    built: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests may run as root, where chmod does not stop writing: refuse writes
    # in the index folder the way a read-only mount would.
    real_open = os.open
    index_dir = str(built / "index")

    def read_only(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).startswith(index_dir) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    write_articles(built / "articles", 7, start=6)
    status, _out, err = run(capsys, "--articles", str(built / "articles"), "index")
    assert status == 3
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("brreader: ")
    assert index_dir in lines[0] and "Permission denied" in lines[0]
    assert "make it writable, or choose another folder with --index" in lines[0]
    # A search still answers from the index it cannot update, and says so.
    status, out, err = run(capsys, "--articles", str(built / "articles"), "search", "mekong")
    assert status == 0 and "6 articles match" in out
    assert "cannot update the index" in err and "may miss recent changes" in err
    monkeypatch.undo()
    status, out, _err = run(capsys, "--articles", str(built / "articles"), "index")
    assert status == 0 and out.startswith("indexed 1, unchanged 6")


@pytest.mark.in_process  # patches brreader's internals, which a server process cannot see
def test_a_full_disk_during_a_commit_loses_nothing(
    built: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    from brreader.engine import codec

    def full(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    write_articles(built / "articles", 9, start=6)
    monkeypatch.setattr(codec.FieldWriter, "write_term", full)
    status, _out, err = run(capsys, "--articles", str(built / "articles"), "index")
    assert status == 3
    assert err.count("\n") == 1 and "No space left on device" in err
    assert "brreader index" in err  # says what to do
    monkeypatch.undo()
    archive = Archive(built / "articles", built / "index")
    assert archive.search("mekong", limit=None).total == 6  # the last good index is intact
    report = archive.update()  # space is back: the next run catches up
    assert len(report.indexed) == 3 and not report.rebuilt_because
    assert archive.search("mekong", limit=None).total == 9
    archive.close()


@pytest.mark.parametrize("damage", ["folder deleted while it runs", "bytes inside a segment"])
def test_the_reader_rebuilds_a_missing_or_damaged_index(built: Path, damage: str) -> None:
    import asyncio
    import shutil

    from brreader.tui.app import ReaderApp

    if damage == "bytes inside a segment":
        _garble_stored_fields(built / "index")  # found only when the titles are read

    async def scenario() -> None:
        archive = Archive(built / "articles", built / "index")
        app = ReaderApp(archive)
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(40):  # the reader screen is up and its first update done
                await pilot.pause(0.25)
                if app.query("#query") and not app.workers:
                    break
            if damage == "folder deleted while it runs":
                shutil.rmtree(built / "index")
            app.query_one("#query").value = "mekong"  # type: ignore[attr-defined]
            # The search finds no index, or fails reading it: the reader rebuilds it in
            # the background and searches again when it is back.
            record = built / "index" / "brreader-index.json"
            for _ in range(60):  # the list may still show the old count for a moment
                await pilot.pause(0.25)
                count = str(app.query_one("#results-count").render())
                if "6 articles match" in count and record.exists():
                    break
            assert app.is_running
            assert "6 articles match" in count, count
            assert record.exists()
        archive.close()

    asyncio.run(scenario())


def test_sigkill_during_indexing_is_repaired_without_duplicates(tmp_path: Path) -> None:
    write_articles(tmp_path / "articles", 120)
    (tmp_path / "articles" / "depot.txt").write_text(LABELLED, encoding="utf-8")
    # Small batches, so the kill lands between commits with work half done.
    code = textwrap.dedent(
        f"""
        import sys
        import brreader.engine.limits as limits
        limits.DEFAULT = limits.Limits(first_batch_bytes=2_000, batch_bytes=4_000)
        from brreader.cli import main
        sys.exit(main(["--articles", {str(tmp_path / "articles")!r},
                       "--index", {str(tmp_path / "index")!r}, "index", "--rebuild"]))
        """
    )
    runner = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.DEVNULL)
    manifest = tmp_path / "index" / "brreader-index.json"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if manifest.exists() and manifest.stat().st_size > 200:  # a batch is saved
            break
        if runner.poll() is not None:
            break
        time.sleep(0.02)
    time.sleep(0.15)
    # The kill must land while the build is under way, or this tests nothing.
    assert runner.poll() is None, "the build finished before it could be killed"
    runner.send_signal(signal.SIGKILL)
    runner.wait(timeout=30)

    archive = Archive(tmp_path / "articles", tmp_path / "index")
    archive.update()
    repaired = {q: ids(archive, q) for q in ("mekong", "welders", "number7", "number119")}
    total = archive.article_count()
    archive.close()
    clean = Archive(tmp_path / "articles", tmp_path / "clean-index")
    clean.update()
    assert repaired == {q: ids(clean, q) for q in repaired}
    assert total == clean.article_count() == 121
    assert len(repaired["mekong"]) == 120  # each article once: no duplicates
    clean.close()


# -- concurrency --------------------------------------------------------------


def test_the_reader_stays_usable_while_another_process_indexes(built: Path) -> None:
    import asyncio

    from brreader.tui.app import ReaderApp

    write_articles(built / "articles", 8, start=6)
    holder = FileStorage(str(built / "index")).open_index("MAIN").writer()

    async def scenario() -> list[str]:
        archive = Archive(built / "articles", built / "index")
        app = ReaderApp(archive)
        notes: list[str] = []
        original = app.notify

        def notify(message: str, *args, **kwargs):  # type: ignore[no-untyped-def]
            notes.append(str(message))
            return original(message, *args, **kwargs)

        app.notify = notify  # type: ignore[method-assign]
        async with app.run_test(size=(120, 40)) as pilot:
            # The reader's own update waits about 2 s for the lock, then gives way.
            for _ in range(80):
                await pilot.pause(0.25)
                if notes:
                    break
            app.query_one("#query").value = "mekong"  # type: ignore[attr-defined]
            await pilot.pause(0.5)
            assert app.is_running
            assert archive.search("mekong").total == 6  # what is saved so far
        archive.close()
        return notes

    try:
        notes = asyncio.run(scenario())
    finally:
        holder.cancel()
    assert any("Another brreader is updating the index" in note for note in notes)


def test_two_searches_updating_a_stale_index_at_once(built: Path) -> None:
    write_articles(built / "articles", 12, start=6)  # six new articles: the index is stale
    where = ["--articles", str(built / "articles")]
    searches = [
        subprocess.Popen(
            [sys.executable, "-m", "brreader", *where, "search", "--json", "mekong"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for process in searches:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0 and "Traceback" not in err
        assert '"total": ' in out
    archive = Archive(built / "articles", built / "index")
    assert archive.update().indexed == []  # one of them did the work, once
    assert len(ids(archive, "mekong")) == 12
    archive.close()


def test_an_article_edited_while_it_is_indexed(built: Path, monkeypatch) -> None:
    from brreader.engine import store as store_module

    target = built / "articles" / "a002.txt"
    real_read = store_module.read_article

    def edit_then_read(root, path, id):  # type: ignore[no-untyped-def]
        if path == "a002.txt":  # the user saves a new version while brreader reads it
            target.write_text(LABELLED, encoding="utf-8")
            os.utime(target, ns=(time.time_ns(), time.time_ns() + 5_000_000))
        return real_read(root, path, id)

    os.utime(target, ns=(1, 1))  # changed since the last run
    monkeypatch.setattr(store_module, "read_article", edit_then_read)
    archive = Archive(built / "articles", built / "index")
    assert archive.update().indexed == ["a002.txt"]
    monkeypatch.undo()
    # The index holds what was read; the record holds the listing's older stamp,
    # so the next run sees the change and the newest text wins.
    assert archive.update().indexed == ["a002.txt"]
    assert ids(archive, "welders") == ["a002"]
    assert "a002" not in ids(archive, "mekong")
    archive.close()


def test_no_writer_can_retry_forever_in_a_background_thread() -> None:
    # Whoosh's AsyncWriter retries in a non-daemon thread and can hang the exit.
    package = Path(brreader.__file__).parent
    for source in package.rglob("*.py"):
        assert "AsyncWriter" not in source.read_text(encoding="utf-8"), source


def test_a_file_name_that_is_not_utf8_is_reported_once(tmp_path: Path, capsys) -> None:
    write_articles(tmp_path / "articles", 2)
    odd = os.path.join(os.fsencode(tmp_path / "articles"), b"caf\xe9 notes.txt")
    with open(odd, "wb") as handle:
        handle.write(LABELLED.encode())
    where = ["--articles", str(tmp_path / "articles")]
    status, out, err = run(capsys, *where, "index")
    assert status == 1 and out.startswith("indexed 2,")
    assert err.endswith(
        "\nbrreader: caf\\xe9 notes.txt: skipped: file name is not valid UTF-8; rename it\n"
    )
    status, out, err = run(capsys, *where, "index")  # recorded: not reported again
    assert (status, err) == (0, "")
    status, out, err = run(capsys, *where, "search", "--json", "mekong")
    assert status == 0 and err == "" and '"total": 2' in out
    os.remove(odd)
    status, out, err = run(capsys, *where, "index")
    assert (status, err) == (0, "") and out == "indexed 0, unchanged 2, removed 0, skipped 0\n"


def test_a_broken_link_is_reported_once_and_dropped_when_indexed_before(
    tmp_path: Path, capsys
) -> None:
    write_articles(tmp_path / "articles", 2)
    (tmp_path / "real.txt").write_text(LABELLED, encoding="utf-8")
    link = tmp_path / "articles" / "linked.txt"
    link.symlink_to(tmp_path / "real.txt")
    where = ["--articles", str(tmp_path / "articles")]
    assert run(capsys, *where, "index")[0] == 0  # indexed through the link
    (tmp_path / "real.txt").unlink()  # now the link is broken
    status, out, err = run(capsys, *where, "index")
    assert status == 1 and "removed 1" in out
    assert err == "brreader: linked.txt: skipped: broken link\n"
    status, out, err = run(capsys, *where, "search", "welders")
    assert status == 1 and err == "brreader: no articles match 'welders'\n"  # gone, said once
    assert run(capsys, *where, "index")[:3:2] == (0, "")
