"""The one-shot commands' quick freshness check: folder times, not a stat of every file.

What ``docs/reliability.md`` promises (section "Freshness without a server"):
files added, removed or renamed and an editor's atomic save are seen by the
next command; a file rewritten in place is seen by the next ``brreader
index``; a folder changed moments before a scan is not trusted. Folder times
are set back an hour before each test so the "changed too recently" rule does
not hide what is being tested.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from brreader import cli
from brreader.engine.freshness import FOLDERS
from tests.conftest import LABELLED, PLAIN, write_files


def age_folders(root: Path, seconds: int = 3600) -> None:
    """Set every folder's time back, as if the archive had been left alone for a while."""
    past = time.time() - seconds
    for folder in [root, *(p for p in root.rglob("*") if p.is_dir())]:
        os.utime(folder, (past, past))


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    status = cli.main(["--articles", str(root / "articles"), "--index", str(root / "index"), *args])
    out, err = capsys.readouterr()
    return status, out, err


def matches(capsys: pytest.CaptureFixture[str], root: Path, query: str) -> list[str]:
    status, out, err = run(capsys, root, "search", "--json", query, "--limit", "50")
    assert status in (0, 1), err
    return sorted(hit["id"] for hit in json.loads(out)["results"])


@pytest.fixture
def archive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    write_files(
        tmp_path / "articles",
        {"2021/sensors.txt": PLAIN, "2019/depot.txt": LABELLED, "2019/other.txt": PLAIN},
    )
    age_folders(tmp_path / "articles")
    status, _out, err = run(capsys, tmp_path, "index")
    assert status == 0, err
    assert (tmp_path / "index" / FOLDERS).is_file()
    return tmp_path


# Patches discover, which a server process cannot see.
@pytest.mark.in_process
def test_an_unchanged_archive_is_answered_without_statting_files(
    archive: Path, capsys, monkeypatch
) -> None:
    from brreader import articles

    def no_scan(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the quick check listed every file")

    monkeypatch.setattr(articles, "discover", no_scan)
    monkeypatch.setattr("brreader.engine.store.discover", no_scan)
    assert matches(capsys, archive, "mekong") == ["2019/other", "2021/sensors"]


@pytest.mark.parametrize("change", ["added", "removed", "renamed", "atomic save", "new folder"])
def test_a_change_that_touches_a_folder_is_seen_by_the_next_search(
    archive: Path, capsys, change: str
) -> None:
    root = archive / "articles"
    if change == "added":
        (root / "2019" / "new.txt").write_text(PLAIN.replace("Mekong", "Irrawaddy"))
        expected = ["2019/new"]
    elif change == "removed":
        (root / "2021" / "sensors.txt").unlink()
        expected = []
        assert matches(capsys, archive, "mekong") == ["2019/other"]
    elif change == "renamed":
        (root / "2019" / "other.txt").rename(root / "2019" / "irrawaddy.txt")
        assert matches(capsys, archive, "mekong") == ["2019/irrawaddy", "2021/sensors"]
        expected = []
    elif change == "atomic save":
        # What most editors and 'sed -i' do: write a new file, rename it over the old one.
        temporary = root / "2021" / ".sensors.txt.swp"
        temporary.write_text(PLAIN.replace("Mekong", "Irrawaddy"))
        os.replace(temporary, root / "2021" / "sensors.txt")
        expected = ["2021/sensors"]
    else:
        write_files(root, {"2030/deep/new.txt": PLAIN.replace("Mekong", "Irrawaddy")})
        expected = ["2030/deep/new"]
    assert matches(capsys, archive, "irrawaddy") == expected


# The limit of the check without a server (a server's watcher sees the edit).
@pytest.mark.in_process
def test_a_file_rewritten_in_place_waits_for_brreader_index(archive: Path, capsys) -> None:
    target = archive / "articles" / "2021" / "sensors.txt"
    target.write_text(PLAIN.replace("Mekong", "Irrawaddy"))  # same name, same folder
    # The documented limit: the folder did not change, so a search trusts the index ...
    assert matches(capsys, archive, "irrawaddy") == []
    # ... and the next full scan picks the edit up.
    status, out, err = run(capsys, archive, "index")
    assert status == 0 and "indexed 1" in out, (out, err)
    assert matches(capsys, archive, "irrawaddy") == ["2021/sensors"]


def test_a_folder_changed_just_before_the_scan_is_not_trusted(tmp_path: Path, capsys) -> None:
    write_files(tmp_path / "articles", {"2021/sensors.txt": PLAIN})
    run(capsys, tmp_path, "index")  # the folders were written moments ago
    saved = json.loads((tmp_path / "index" / FOLDERS).read_text())
    assert saved["folders"]["2021"] is None  # too recent to vouch for anything
    # So an in-place edit made now is still caught by a search's full check.
    (tmp_path / "articles" / "2021" / "sensors.txt").write_text(
        PLAIN.replace("Mekong", "Irrawaddy")
    )
    assert matches(capsys, tmp_path, "irrawaddy") == ["2021/sensors"]


# Rewrites the index record by hand, not atomically, while a server's watcher may read it.
@pytest.mark.in_process
def test_another_commit_makes_the_saved_folder_times_stale(archive: Path, capsys) -> None:
    target = archive / "articles" / "2021" / "sensors.txt"
    target.write_text(PLAIN.replace("Mekong", "Irrawaddy"))
    # Another process rewrites the index record (a commit): the saved folder
    # times describe an older record and are not used.
    record = archive / "index" / "brreader-index.json"
    data = json.loads(record.read_text())
    data["files"]["2021/sensors.txt"][1] = 0  # as if that file had never been seen
    record.write_text(json.dumps(data))
    assert matches(capsys, archive, "irrawaddy") == ["2021/sensors"]


@pytest.mark.parametrize("damage", ["empty", "garbage", "other articles folder"])
def test_a_damaged_folder_record_means_a_full_check(archive: Path, capsys, damage: str) -> None:
    path = archive / "index" / FOLDERS
    if damage == "empty":
        path.write_bytes(b"")
    elif damage == "garbage":
        path.write_bytes(b'{"folders": [1, 2')
    else:
        data = json.loads(path.read_text())
        data["articles"] = "/somewhere/else"
        path.write_text(json.dumps(data))
    (archive / "articles" / "2021" / "sensors.txt").write_text(PLAIN.replace("Mekong", "Irrawaddy"))
    assert matches(capsys, archive, "irrawaddy") == ["2021/sensors"]
    status, _out, err = run(capsys, archive, "search", "mekong")
    assert (status, err) == (0, "")


def test_a_damaged_segment_is_still_repaired_when_no_folder_changed(archive: Path, capsys) -> None:
    for segment in (archive / "index").glob("*.seg"):
        segment.write_bytes(b"")
    status, out, err = run(capsys, archive, "search", "mekong")
    assert status == 0 and "2 articles match" in out
    assert err.startswith("brreader: built a new index") and err.count("\n") == 1


# -- the server's watcher: only the files it was told about are looked at again


def recorded_files(root: Path) -> dict[str, list[object]]:
    record = json.loads((root / "index" / "brreader-index.json").read_text())
    return record["files"]


def test_a_rescan_looks_again_at_the_changed_files_only(archive: Path) -> None:
    from brreader.engine.freshness import rescan

    root = archive / "articles"
    (root / "2021" / "sensors.txt").write_text(PLAIN + "\nMore.\n")
    (root / "2019" / "new.txt").write_text(PLAIN)
    (root / "2019" / "other.txt").unlink()
    files = rescan(
        root,
        recorded_files(archive),
        ["2021/sensors.txt", "2019/new.txt", "2019/other.txt"],
    )
    assert files is not None
    assert [f.path for f in files] == ["2019/depot.txt", "2019/new.txt", "2021/sensors.txt"]
    sensors = next(f for f in files if f.path == "2021/sensors.txt")
    assert sensors.size == len((PLAIN + "\nMore.\n").encode())


@pytest.mark.parametrize(
    "path",
    ["2019", "2019/.hidden.txt", "2019/notes.rtf", "2019/depot.md", "gone/folder.txt"],
)
def test_a_rescan_gives_way_to_a_full_scan_when_it_could_be_wrong(archive: Path, path: str) -> None:
    from brreader.engine.freshness import rescan

    root = archive / "articles"
    if path == "2019/depot.md":  # would share the id of 2019/depot.txt
        (root / path).write_text(PLAIN)
    assert rescan(root, recorded_files(archive), [path]) is None
