"""The index folder and the articles folder stay apart, and a rebuild removes only its own files.

Issue 21, row 1: ``--articles A --index A`` was accepted, and a later
``index --rebuild`` cleared the folder, deleting the user's notes among the
articles. Every test hashes the user's folders before and after.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from brreader.cli import main
from tests.conftest import LABELLED, PLAIN, write_articles


def tree(root: Path) -> dict[str, str]:
    """Every file under ``root`` with a hash of its bytes."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    write_articles(folder, 3)
    (folder / "notes.txt").write_text("My reading notes, not an interview.\n", encoding="utf-8")
    (folder / "README.md").write_text("# What this folder is\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("command", [["list"], ["search", "mekong"], ["index", "--rebuild"]])
def test_the_articles_folder_is_refused_as_the_index_folder(
    capsys: pytest.CaptureFixture[str], articles: Path, command: list[str]
) -> None:
    before = tree(articles)
    status, out, err = run(capsys, "--articles", str(articles), "--index", str(articles), *command)
    assert status == 3 and out == ""
    assert err.count("\n") == 1
    assert f"the index folder {articles} is the articles folder" in err
    assert "--index" in err  # says what to do
    assert tree(articles) == before


def test_an_index_folder_inside_the_articles_is_refused_and_never_created(
    capsys: pytest.CaptureFixture[str], articles: Path
) -> None:
    before = tree(articles)
    inside = articles / "2024" / ".index"
    status, _out, err = run(capsys, "--articles", str(articles), "--index", str(inside), "list")
    assert status == 3
    assert "is inside the articles folder" in err
    assert not inside.exists() and not (articles / "2024").exists()
    assert tree(articles) == before


def test_an_articles_folder_inside_the_index_folder_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = tmp_path / "data"
    write_articles(data / "articles", 2)
    (data / "todo.txt").write_text("keep me\n", encoding="utf-8")
    before = tree(data)
    status, _out, err = run(
        capsys, "--articles", str(data / "articles"), "--index", str(data), "index", "--rebuild"
    )
    assert status == 3
    assert "contains the articles folder" in err
    assert tree(data) == before


def test_a_symlink_that_leads_into_the_articles_is_seen_through(
    capsys: pytest.CaptureFixture[str], articles: Path, tmp_path: Path
) -> None:
    link = tmp_path / "looks-elsewhere"
    os.symlink(articles, link)
    before = tree(articles)
    status, _out, err = run(capsys, "--articles", str(articles), "--index", str(link), "index")
    assert status == 3 and "is the articles folder" in err
    assert tree(articles) == before


def test_the_index_folder_from_the_environment_is_checked_too(
    capsys: pytest.CaptureFixture[str], articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRREADER_INDEX", str(articles / "cache"))
    status, _out, err = run(capsys, "--articles", str(articles), "search", "mekong")
    assert status == 3 and "is inside the articles folder" in err
    assert not (articles / "cache").exists()


def test_a_rebuild_removes_only_the_files_brreader_wrote(
    capsys: pytest.CaptureFixture[str], articles: Path, tmp_path: Path
) -> None:
    index = tmp_path / "index"
    assert run(capsys, "--articles", str(articles), "--index", str(index), "index")[0] == 0
    # Someone keeps their own things in the index folder once it exists.
    (index / "notes.txt").write_text("mine\n", encoding="utf-8")
    (index / "MAIN notes.md").write_text("also mine\n", encoding="utf-8")
    (index / "backup").mkdir()
    (index / "backup" / "_MAIN_1.toc").write_text("an old copy\n", encoding="utf-8")
    (articles / "late.txt").write_text(LABELLED, encoding="utf-8")
    status, out, _err = run(
        capsys, "--articles", str(articles), "--index", str(index), "index", "--rebuild"
    )
    assert status == 0 and out.startswith("indexed 6,")  # notes and README count too
    assert (index / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert (index / "MAIN notes.md").exists()
    assert (index / "backup" / "_MAIN_1.toc").exists()
    # and the index it rebuilt still answers
    status, out, _err = run(
        capsys, "--articles", str(articles), "--index", str(index), "search", "--json", "welders"
    )
    assert status == 0 and '"total": 1' in out


def test_sibling_folders_with_a_shared_prefix_are_not_confused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # "articles-index" starts with "articles" but lies beside it, not inside.
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text(PLAIN, encoding="utf-8")
    where = ["--articles", str(tmp_path / "articles"), "--index", str(tmp_path / "articles-index")]
    status, out, _err = run(capsys, *where, "search", "--json", "mekong")
    assert status == 0 and '"total": 1' in out


@pytest.mark.in_process  # patches brreader's internals, which a server process cannot see
def test_failed_commits_leave_no_files_behind(
    capsys: pytest.CaptureFixture[str], articles: Path, tmp_path: Path, monkeypatch
) -> None:
    # Issue 21, row 5: each failed commit on a full disk used to add its segment
    # files (27 -> 58), so freeing some space never let 'brreader index' succeed.
    import errno

    from brreader.engine import codec

    index = tmp_path / "index"
    where = ["--articles", str(articles), "--index", str(index)]
    assert run(capsys, *where, "index")[0] == 0
    before = sorted(os.listdir(index))

    def full(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(codec.FieldWriter, "write_term", full)
    for number in range(3):
        (articles / f"new{number}.txt").write_text(LABELLED, encoding="utf-8")
        status, _out, err = run(capsys, *where, "index")
        assert status == 3 and "No space left on device" in err
        assert sorted(os.listdir(index)) == before
    monkeypatch.undo()
    status, out, _err = run(capsys, *where, "index")
    assert status == 0 and out.startswith("indexed 3,")


def test_a_pipe_in_place_of_the_index_record_does_not_hang(tmp_path: Path) -> None:
    import subprocess
    import sys

    write_articles(tmp_path / "articles", 2)
    index = tmp_path / "index"
    where = ["--articles", str(tmp_path / "articles"), "--index", str(index)]
    assert main([*where, "index"]) == 0
    (index / "brreader-index.json").unlink()
    os.mkfifo(index / "brreader-index.json")
    done = subprocess.run(
        [sys.executable, "-m", "brreader", *where, "search", "--json", "mekong"],
        capture_output=True,
        text=True,
        timeout=20,  # a hang fails the test instead of blocking the suite
    )
    assert done.returncode == 0 and '"total": 2' in done.stdout
    assert "built a new index" in done.stderr  # the record was unreadable: rebuilt


@pytest.mark.in_process  # patches brreader's internals, which a server process cannot see
def test_an_article_the_index_cannot_store_is_skipped_alone(
    capsys: pytest.CaptureFixture[str], articles: Path, tmp_path: Path, monkeypatch
) -> None:
    from brreader.engine import store

    real = store.documents

    def refuse_one(article, mtime_ns, size):  # type: ignore[no-untyped-def]
        if article.path == "notes.txt":
            raise OverflowError("timestamp out of range for platform time_t")
        return real(article, mtime_ns, size)

    monkeypatch.setattr(store, "documents", refuse_one)
    where = ["--articles", str(articles), "--index", str(tmp_path / "index")]
    status, out, err = run(capsys, *where, "index")
    assert status == 1 and out.startswith("indexed 4,") and "skipped 1" in out
    assert err.splitlines()[-1] == (
        "brreader: notes.txt: skipped: cannot be indexed: "
        "timestamp out of range for platform time_t"
    )
    status, out, _err = run(capsys, *where, "search", "--json", "mekong")  # the rest is there
    assert status == 0 and '"total": 3' in out
