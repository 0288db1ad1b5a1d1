"""Indexing in batches: searchable early, and polite to another brreader that is writing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage

from brreader.engine import limits as limits_module
from brreader.engine.limits import Limits
from brreader.search import Archive
from tests.conftest import LABELLED, PLAIN, write_articles


def test_a_rebuild_commits_in_batches_that_others_can_search(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = Limits(first_batch_bytes=1, batch_bytes=3 * len(PLAIN.encode()))  # one article first
    write_articles(tmp_path / "articles", 10)
    builder = Archive(tmp_path / "articles", tmp_path / "index", limits=small)
    seen: list[int] = []
    commits: list[int] = []

    def progress(done: int, total: int) -> None:
        if done in (2, 5):  # mid-build, from a second handle, as another process would
            other = Archive(tmp_path / "articles", tmp_path / "index")
            seen.append(other.search("mekong", limit=None).total)
            other.close()

    report = builder.update(progress=progress, committed=lambda: commits.append(1))
    assert report.rebuilt_because and len(report.indexed) == 10
    assert len(commits) == 3  # batches of 1, 3, 3 and a last one of 3
    assert seen == [1, 4]  # what was committed when they looked
    assert builder.search("mekong", limit=None).total == 10
    builder.close()


@pytest.mark.parametrize(
    ("bound", "commits"),
    [
        # Each article here is a few documents (itself and its pairs) and a few
        # hundred distinct words; the bytes alone would allow one batch.
        ({"batch_documents": 1}, 9),  # a commit after every article
        ({"batch_terms": 1}, 9),
        ({"batch_documents": 10_000, "batch_terms": 10_000_000}, 0),
    ],
)
def test_a_batch_of_small_files_ends_on_its_documents_or_words_not_only_its_bytes(
    tmp_path: Path, bound: dict[str, int], commits: int
) -> None:
    limits = Limits(first_batch_bytes=10_000_000, batch_bytes=10_000_000, **bound)
    write_articles(tmp_path / "articles", 10)
    builder = Archive(tmp_path / "articles", tmp_path / "index", limits=limits)
    seen: list[int] = []
    report = builder.update(committed=lambda: seen.append(1))
    assert len(report.indexed) == 10 and not report.remaining
    assert len(seen) == commits  # a commit after every batch but the last
    assert builder.search("mekong", limit=None).total == 10
    builder.close()


def test_a_search_answers_from_the_index_while_another_process_writes(
    tmp_path: Path,
) -> None:
    write_articles(tmp_path / "articles", 3)
    archive = Archive(tmp_path / "articles", tmp_path / "index")
    archive.update()
    write_articles(tmp_path / "articles", 5, start=3)  # two new ones
    holder = FileStorage(str(tmp_path / "index")).open_index("MAIN").writer()
    try:
        report = archive.update(wait=0.1)
        assert report.busy and not report.indexed
        assert archive.search("mekong", limit=None).total == 3
        report = archive.update(rebuild=True, wait=0.1)  # nor may it wipe the index
        assert report.busy and not report.rebuilt_because
        assert archive.search("mekong", limit=None).total == 3
        done = subprocess.run(
            [sys.executable, "-m", "brreader", "--articles", str(tmp_path / "articles")]
            + ["search", "--json", "mekong"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0
        assert '"total": 3' in done.stdout.replace(" ", "").replace(":", ": ")
        assert "another brreader is updating the index" in done.stderr
    finally:
        holder.cancel()
    assert archive.update().indexed == ["a003.txt", "a004.txt"]
    assert archive.search("mekong", limit=None).total == 5
    archive.close()


def _brreader(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "brreader", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("round_", range(3))
def test_searches_racing_a_fresh_build_never_break_it(tmp_path: Path, round_: int) -> None:
    # Searches start together with the first build of a new archive: whoever
    # gets the lock builds, the others answer from what is saved or wait,
    # and nobody crashes, refuses the folder or leaves a broken index.
    write_articles(tmp_path / "articles", 40)
    where = ["--articles", str(tmp_path / "articles"), "--index", str(tmp_path / "index")]
    searches = [_brreader(*where, "search", "--json", "mekong") for _ in range(3)]
    build = _brreader(*where, "index", "--rebuild")
    searches += [_brreader(*where, "search", "--json", "mekong") for _ in range(2)]
    for process in [build, *searches]:
        out, err = process.communicate(timeout=120)
        assert "Traceback" not in err, err
        assert process.returncode in (0, 1), (process.args, err)
        assert "did not write" not in err
    assert build.returncode == 0
    final = _brreader(*where, "search", "--json", "mekong")
    out, err = final.communicate(timeout=60)
    assert final.returncode == 0, err
    assert '"total": 40' in out


def test_the_article_count_follows_additions_and_deletions(tmp_path: Path) -> None:
    write_articles(tmp_path / "articles", 6)
    archive = Archive(tmp_path / "articles", tmp_path / "index")
    archive.update()
    assert archive.article_count() == 6
    (tmp_path / "articles" / "a002.txt").unlink()
    (tmp_path / "articles" / "a004.txt").write_text(PLAIN + "\nMore.\n", encoding="utf-8")
    write_articles(tmp_path / "articles", 9, start=6)
    archive.update()
    assert archive.article_count() == 8 == len(archive.list())
    archive.close()


@pytest.mark.in_process  # patches brreader's internals, which a server process cannot see
def test_a_search_indexes_a_few_seconds_worth_and_says_what_is_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from brreader import cli
    from brreader.cli import refresh

    monkeypatch.setattr(refresh, "SEARCH_BUDGET", 2 * len(PLAIN.encode()))  # two articles a time
    write_articles(tmp_path / "articles", 5)
    where = ["--articles", str(tmp_path / "articles")]
    assert cli.main([*where, "search", "--json", "mekong"]) == 0
    out, err = capsys.readouterr()
    assert '"total": 2' in out
    assert "indexed 2 articles; 3 more are not indexed yet: run 'brreader index'" in err
    assert cli.main([*where, "search", "--json", "mekong"]) == 0
    assert '"total": 4' in capsys.readouterr().out
    assert cli.main([*where, "index"]) == 0
    assert capsys.readouterr().out == "indexed 1, unchanged 4, removed 0, skipped 0\n"


def test_the_index_command_waits_for_another_writer_to_finish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import threading
    import time

    from brreader import cli

    write_articles(tmp_path / "articles", 3)
    archive = Archive(tmp_path / "articles", tmp_path / "index")
    archive.update()
    write_articles(tmp_path / "articles", 4, start=3)
    holder = FileStorage(str(tmp_path / "index")).open_index("MAIN").writer()
    threading.Thread(target=lambda: (time.sleep(1.0), holder.cancel()), daemon=True).start()
    impatient = Limits(lock_timeout=0.2)  # far shorter than the hold
    monkeypatch.setattr(limits_module, "DEFAULT", impatient)
    where = ["--articles", str(tmp_path / "articles")]
    assert cli.main([*where, "index"]) == 0  # waited past the timeout: no commit, but alive
    assert capsys.readouterr().out == "indexed 1, unchanged 3, removed 0, skipped 0\n"

    holder = FileStorage(str(tmp_path / "index")).open_index("MAIN").writer()
    monkeypatch.setattr(limits_module, "DEFAULT", Limits(lock_timeout=0.2, follow_silence=0.3))
    try:
        write_articles(tmp_path / "articles", 5, start=4)
        assert cli.main([*where, "index"]) == 3
        err = capsys.readouterr().err
        assert "another brreader is updating the index" in err and "try again" in err
    finally:
        holder.cancel()
    archive.close()


def test_a_skipped_file_that_changes_or_goes_away_is_handled(tmp_path: Path) -> None:
    write_articles(tmp_path / "articles", 2)
    bad = tmp_path / "articles" / "bad.txt"
    bad.write_bytes(b"")  # skipped: empty, recorded without an id
    archive = Archive(tmp_path / "articles", tmp_path / "index")
    assert [s.path for s in archive.update().skipped] == ["bad.txt"]
    bad.write_text(LABELLED, encoding="utf-8")  # fixed by the user
    assert archive.update().indexed == ["bad.txt"]
    assert archive.search("welders").total == 1
    bad.write_bytes(b"")  # broken again, then deleted
    archive.update()
    bad.unlink()
    report = archive.update()
    assert report.removed == [] and not report.skipped
    assert archive.search("mekong").total == 2
    archive.close()


def test_a_search_waits_out_the_moment_a_rebuild_has_no_index_yet(tmp_path: Path) -> None:
    # A rebuild clears the folder and then writes its first table of contents;
    # a search that opens the index in between waits instead of failing.
    import threading
    import time

    from brreader.engine.store import MANIFEST

    write_articles(tmp_path / "articles", 3)
    archive = Archive(tmp_path / "articles", tmp_path / "index")
    archive.update()
    archive.close()
    for name in os.listdir(tmp_path / "index"):  # what _create leaves for a moment
        if name != MANIFEST:
            os.unlink(tmp_path / "index" / name)
    reader = Archive(tmp_path / "articles", tmp_path / "index")
    builder = Archive(tmp_path / "articles", tmp_path / "index")
    later = threading.Timer(0.3, lambda: builder.update(rebuild=True))
    later.start()
    started = time.monotonic()
    results = reader.search("mekong")
    later.join()
    assert results.total in (0, 3)  # what the rebuild had committed when the search ran
    assert time.monotonic() - started >= 0.25
    reader.close()
    builder.close()
