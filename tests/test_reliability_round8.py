"""Fault cases found by the eighth sweep: deep folders, folders import cannot enter, names
that lead to no article. Rows of docs/reliability.md; every archive lives in ``tmp_path``
and every person and outlet is invented. The articles folder is hashed before and after
each test that adds to it.
"""

from __future__ import annotations

import errno
import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from brreader.cli import main
from tests import test_hardening
from tests.conftest import PLAIN
from tests.test_hardening import snapshot
from tests.test_reliability_text import run_on_terminal

DEEP = "Deep Folder Weekly\n\nGauges far below\n\nMarek Tollund spoke about zebrafish.\n\n"
DEEP += "What about the zebrafish?\n\nThey thrive in the tide pools.\n"
OTHER = (
    "Coast Line Courier\n\nA Ferry Dock for the Islands\n\nMay 4, 2021\n\n"
    "Ines Morrow, a harbour engineer, talks about the new dock.\n\n"
    "Q: How long did the dock take?\nA: Two dry seasons and one very wet one.\n"
)


arts = test_hardening.arts  # the fixture: two good articles in tmp_path


def run(capsys, arts: Path, *args: str) -> tuple[int, str, str]:
    status, out, err = test_hardening.run(capsys, arts, *args)
    assert "Traceback" not in err
    return status, out, err


# ---------------------------------------------------------------------------
# folders thousands deep


def nest(root: Path, depth: int, article_at: int) -> str:
    """``depth`` folders one in another below ``root``, an article at ``article_at``; its id."""
    descriptor = os.open(root, os.O_RDONLY)
    try:
        for level in range(depth):
            os.mkdir("d", dir_fd=descriptor)
            inner = os.open("d", os.O_RDONLY, dir_fd=descriptor)
            os.close(descriptor)
            descriptor = inner
            if level + 1 == article_at:
                flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
                with open(os.open("far.txt", flags, 0o644, dir_fd=descriptor), "w") as out:
                    out.write(DEEP)
    finally:
        os.close(descriptor)
    return "d/" * article_at + "far"


@pytest.fixture
def deep(arts: Path) -> Iterator[str]:
    """1,200 folders deep (past Python's recursion limit), an article 1,100 down; its id.

    Removed with ``rm -rf``: ``shutil.rmtree`` (and so pytest's own clean-up) is recursive.
    """
    try:
        yield nest(arts, 1_200, 1_100)
    finally:
        subprocess.run(["rm", "-rf", str(arts / "d")], check=True)


def test_folders_a_thousand_deep_are_scanned_without_recursion(
    arts: Path, deep: str, capsys
) -> None:
    before = snapshot(arts / "good")  # rglob is recursive too: the deep file is read back below
    status, out, err = run(capsys, arts, "index")
    assert status == 0, err
    status, out, _ = run(capsys, arts, "search", "--json", "zebrafish")
    assert status == 0
    assert deep in out
    status, out, _ = run(capsys, arts, "list")
    assert status == 0 and deep in out
    status, out, _ = run(capsys, arts, "check")
    assert "far.txt" in out  # checked like any article (it has no date)
    status, out, _ = run(capsys, arts, "show", deep)
    assert status == 0 and "zebrafish" in out
    status, out, err = run(capsys, arts.parent / "other", "import", "--dry-run", str(arts))
    assert status == 0, out + err
    assert f"{arts}/{deep}.txt" in out
    assert "imported 3, duplicates 0, failed 0" in out
    assert snapshot(arts / "good") == before
    assert (arts / f"{deep}.txt").read_text(encoding="utf-8") == DEEP


def test_a_folder_too_deep_to_name_is_one_line_and_the_rest_is_indexed(arts: Path, capsys) -> None:
    try:
        nest(arts, 2_100, 1_000)  # past 4,096 bytes of path: the folder cannot be named
        status, out, err = run(capsys, arts, "index")
        assert status == 1
        [line] = [line for line in err.splitlines() if "d/d/d" in line]
        assert line.endswith(": skipped: cannot open folder: File name too long")
        status, out, _ = run(capsys, arts, "search", "--json", "zebrafish")
        assert status == 0 and "far" in out
    finally:
        subprocess.run(["rm", "-rf", str(arts / "d")], check=True)


# ---------------------------------------------------------------------------
# import: folders it cannot enter or list


@pytest.mark.in_process
def test_import_of_a_file_in_a_folder_it_may_not_enter_fails_alone(
    arts: Path, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "in").mkdir()
    shut = tmp_path / "in" / "shut" / "x.txt"
    good = tmp_path / "in" / "depot.txt"
    good.write_text(OTHER, encoding="utf-8")
    real_stat = os.stat

    def stat(path, *args, **kwargs):  # as a user without search permission on 'shut' sees it
        if str(path) == str(shut):
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    status, out, err = run(capsys, arts, "import", "--dry-run", str(shut), str(good))
    assert status == 1, err
    assert out.splitlines()[:2] == [str(shut), "  failed       cannot read: Permission denied"]
    assert "imported 1, duplicates 0, failed 1" in out  # the next input still ran


@pytest.mark.in_process
def test_import_of_a_folder_names_a_subfolder_it_cannot_list(
    arts: Path, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "in"
    (source / "locked").mkdir(parents=True)
    (source / "locked" / "x.txt").write_text(PLAIN, encoding="utf-8")
    (source / "open.txt").write_text(OTHER, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path=".", *args, **kwargs):  # as a user without read permission on 'locked'
        if str(path) == str(source / "locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    status, out, err = run(capsys, arts, "import", "--dry-run", str(source))
    assert status == 1, err
    lines = out.splitlines()
    at = lines.index(str(source / "locked"))
    assert lines[at + 1] == "  failed       cannot list folder: Permission denied"
    assert "imported 1, duplicates 0, failed 1" in out  # before: left out without a word


# ---------------------------------------------------------------------------
# show, quote, related: a name that leads to no article says what it is


def test_an_article_named_by_its_full_path_or_from_the_home_folder_is_found(
    arts: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = arts / "good" / "sensors.txt"
    monkeypatch.setenv("HOME", str(arts.parent))
    monkeypatch.chdir(arts.parent)
    for key in (str(full), "~/articles/good/sensors.txt", "articles/good/sensors.txt"):
        status, out, err = run(capsys, arts, "show", key)
        assert status == 0, err
        assert "Sensors Along the River" in out
        status, out, _ = run(capsys, arts, "quote", key, "--pair", "2")
        assert status == 0 and "flood pulse" in out
        status, _, err = run(capsys, arts, "related", key, "--pair", "1")
        assert status in (0, 1) and "no article" not in err


def test_a_name_that_leads_to_no_article_says_what_it_is(
    arts: Path, tmp_path: Path, capsys
) -> None:
    os.mkfifo(arts / "pipe.txt")
    (arts / "empty.txt").write_bytes(b"")
    (arts / "notes.rtf").write_text("not an article", encoding="utf-8")
    (arts / ".hidden.txt").write_text(PLAIN, encoding="utf-8")
    outside = tmp_path / "elsewhere.txt"
    outside.write_text(PLAIN, encoding="utf-8")
    listening = socket.socket(socket.AF_UNIX)
    listening.bind(str(arts / "sock.txt"))
    before = snapshot(arts)
    run(capsys, arts, "index")
    expected = {
        "pipe.txt": "'pipe.txt' is not indexed: a named pipe (FIFO), not a regular file; "
        "brreader reads only regular files",
        str(arts / "pipe.txt"): f"'{arts / 'pipe.txt'}' is not indexed: a named pipe (FIFO)",
        "sock": "'sock' is not indexed: a socket, not a regular file",
        "empty": "'empty' is not indexed: empty file",
        "good": "'good' is a folder, not an article; give an article's id or path",
        "notes.rtf": "'notes.rtf' is not an article: only .txt and .md files are",
        ".hidden.txt": "'.hidden.txt' is hidden (its name or a folder's starts with '.'): "
        "brreader leaves it out",
        str(outside): f"'{outside}' is not in the articles folder '{arts}'; "
        f"'brreader import {outside}' adds a copy of it",
        "/dev/null": f"'/dev/null' is not in the articles folder '{arts}'",
        "good/nothing": "no article with id or path 'good/nothing'; see 'brreader list'",
    }
    try:
        for key, message in expected.items():
            for command in (["show", key], ["quote", key], ["related", key, "--pair", "1"]):
                status, out, err = run(capsys, arts, *command)
                assert (status, out) == (1, ""), command
                assert err.startswith(f"brreader: {message}"), (command, err)
                assert len(err.splitlines()) == 1
    finally:
        listening.close()
    assert snapshot(arts) == before


# ---------------------------------------------------------------------------
# the config file: never a hang, a traceback or a file replaced


def config_file(kind: str, path: Path) -> None:
    """Put in the config file's place what ``kind`` names."""
    if kind == "a named pipe":
        os.mkfifo(path)
    elif kind == "a link to /dev/zero":
        path.symlink_to("/dev/zero")
    elif kind == "2 MB":
        path.write_text("# " + "x" * (2 << 20) + "\n", encoding="utf-8")
    elif kind == "arrays 5,000 deep":
        path.write_text("tags = " + "[" * 5_000 + "]" * 5_000 + "\n", encoding="utf-8")
    elif kind == "binary":
        path.write_bytes(b"\xff\xfe\x00binary\x9b\x00")


CONFIG_FILES = {  # what the config file is -> how commands name it ("cannot read PATH: ...")
    "a named pipe": "a named pipe (FIFO), not a regular file",
    "a link to /dev/zero": "a character device, not a regular file",
    "2 MB": "larger than 1 MB, which no brreader config file is",
    "arrays 5,000 deep": "",
    "binary": "",
}


@pytest.mark.parametrize("kind", list(CONFIG_FILES))
def test_a_config_file_that_is_no_config_is_named_and_left_alone(
    arts: Path, kind: str, capsys
) -> None:
    path = Path(os.environ["BRREADER_CONFIG"])
    config_file(kind, path)
    before = snapshot(path.parent)
    done = subprocess.run(  # a pipe hung every command in open(), /dev/zero filled memory
        [sys.executable, "-m", "brreader", "--articles", str(arts)]
        + ["--index", str(arts.parent / "index"), "search", "--json", "Mekong"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total"] == 1
    [line] = [line for line in done.stderr.splitlines() if str(path) in line]
    assert line.startswith("brreader: ") and line.endswith("; ignored")
    if CONFIG_FILES[kind]:
        assert line == f"brreader: cannot read {path}: {CONFIG_FILES[kind]}; ignored"
    status = main(["config", "set", "articles", str(arts)])
    err = capsys.readouterr().err
    if kind == "arrays 5,000 deep":  # valid UTF-8 text: the line is added, the rest kept
        assert status == 0
        assert path.read_text(encoding="utf-8").startswith("tags = [[[")
    else:
        assert status == 2
        assert err.startswith(f"brreader: cannot write {path}: ") and err.count("\n") == 1
        assert snapshot(path.parent) == before  # never replaced


def test_config_set_writes_through_a_link_to_the_config_file(tmp_path: Path, capsys) -> None:
    path = Path(os.environ["BRREADER_CONFIG"])
    dotfiles = tmp_path / "dotfiles" / "brreader.toml"
    dotfiles.parent.mkdir()
    dotfiles.write_text("# kept in git\nserver = false\n", encoding="utf-8")
    path.symlink_to(dotfiles)
    assert main(["config", "set", "articles", str(tmp_path)]) == 0
    assert path.is_symlink()  # it was replaced by a plain file
    assert dotfiles.read_text(encoding="utf-8") == (
        f'# kept in git\nserver = false\narticles = "{tmp_path}"\n'
    )


# ---------------------------------------------------------------------------
# the index folder's place taken by a link that leads nowhere


@pytest.mark.parametrize("link", ["a loop", "a missing target"])
def test_an_index_folder_link_that_leads_nowhere_is_one_line(arts: Path, link: str, capsys) -> None:
    index = arts.parent / "index"
    index.symlink_to("index" if link == "a loop" else str(arts.parent / "unmounted" / "idx"))
    for command in (["index"], ["search", "Mekong"], ["list"]):
        status, out, err = run(capsys, arts, *command)
        assert (status, out) == (3, ""), command
        what = (
            "is reached through a link that loops back"
            if link == "a loop"
            else f"is a link to {arts.parent / 'unmounted' / 'idx'}, which does not exist"
        )
        assert err == (
            f"brreader: the index folder {index} {what}; remove or mend the link, "
            "or choose another folder with --index DIR (or BRREADER_INDEX)\n"
        )
    assert not (arts.parent / "unmounted").exists()  # nothing made on a disk not there


# ---------------------------------------------------------------------------
# words typed in bytes that are not UTF-8 (argv holds them as surrogate escapes)

NOT_UTF8 = os.fsdecode(b"caf\xe9")  # 'caf\udce9', as Python reads b"caf\xe9" from argv


@pytest.mark.parametrize(
    "command",
    [["show", NOT_UTF8], ["quote", NOT_UTF8], ["related", NOT_UTF8, "--pair", "1"]],
    ids=["show", "quote", "related"],
)
def test_an_id_that_is_not_utf8_is_no_article(arts: Path, command: list[str], capsys) -> None:
    run(capsys, arts, "index")
    status, out, err = run(capsys, arts, *command)  # the index's lookup raised before
    assert (status, out) == (1, "")
    assert err == "brreader: no article with id or path 'caf\\udce9'; see 'brreader list'\n"


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (["saved", "add", NOT_UTF8, "rail"], "the name 'caf\\xe9' is not UTF-8 text"),
        (["saved", "add", "cafe", f"rail {NOT_UTF8}"], "the query 'rail caf\\xe9' is not UTF-8"),
        (["saved", "add", "cafe", "rail", "--who", NOT_UTF8], "--who 'caf\\xe9' is not UTF-8"),
        (["config", "set", "index", f"/tmp/{NOT_UTF8}"], "the folder '/tmp/caf\\xe9' is not UTF-8"),
    ],
    ids=["saved name", "saved query", "saved filter", "config folder"],
)
def test_text_that_is_not_utf8_is_refused_before_a_utf8_file_is_written(
    arts: Path, command: list[str], message: str, capsys, private_state: Path
) -> None:
    config = Path(os.environ["BRREADER_CONFIG"])
    status, out, err = run(capsys, arts, *command)  # a UnicodeEncodeError traceback before
    assert (status, out) == (2, "")
    assert err.startswith(f"brreader: {message}") and err.count("\n") == 1
    assert not private_state.exists() and not config.exists()


# ---------------------------------------------------------------------------
# option values


@pytest.mark.parametrize("option", ["--from", "--to"])
def test_year_zero_is_not_a_date_in_the_options_own_words(arts: Path, option: str, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--articles", str(arts), "search", "rail", option, "0000"])
    assert exited.value.code == 2
    assert capsys.readouterr().err == (  # was "invalid _span value: '0000'", a function's name
        f"brreader: argument {option}: not a date: '0000'; write it like 2025-06-24, 2025-06 "
        "or 2025 (see 'brreader search --help')\n"
    )


@pytest.mark.parametrize("option", ["--who", "--outlet", "--tag"])
def test_a_filter_value_as_long_as_a_file_is_named_not_echoed(
    arts: Path, option: str, capsys
) -> None:
    status, out, err = run(capsys, arts, "search", "Mekong", option, "x" * 100_000)
    assert status == 1
    [line] = [line for line in err.splitlines() if line.startswith(f"brreader: {option}")]
    assert line == (
        f"brreader: {option} '{'x' * 59}'... (100,000 characters) matches no "
        f"{option[2:].replace('who', 'interviewee')} in the archive; 'brreader facets' lists them"
    )


# ---------------------------------------------------------------------------
# the environment: odd $COLUMNS, an output encoding without the article's letters

RUSSIAN = (
    "Вестник Уральского технопарка\n\nНаука без границ: школа плазмы\n\n12 июля 2025\n\n"
    "Павел Гордеев рассказывает о летней школе.\n\nКак всё началось?\n\n"
    "С двух лабораторий и одного автобуса. 🚌\n"
)


@pytest.mark.parametrize("columns", ["0", "99999999999"])
def test_a_columns_value_no_terminal_has_gives_way_to_the_terminals_width(
    arts: Path, columns: str
) -> None:
    for args in (["search", "Mekong"], ["show", "good/sensors"], ["list"]):
        status, text = run_on_terminal(arts, *args, columns=100, env={"COLUMNS": columns})
        text = re.sub(r"\x1b\[[0-9;]*m", "", text)  # colours off: the text as the eye sees it
        assert status == 0, text  # 99999999999: a MemoryError padding the lines
        assert "Sensors Along the River" in text  # 0: nothing at all was written
        drawn = [line for line in text.splitlines() if not line.startswith("brreader: ")]
        assert max(len(line) for line in drawn) <= 100  # stderr's notes are not drawn


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_an_output_encoding_without_the_letters_escapes_them(arts: Path, encoding: str) -> None:
    (arts / "ru.txt").write_text(RUSSIAN, encoding="utf-8")

    def brreader(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "brreader", "--articles", str(arts)]
            + ["--index", str(arts.parent / "index"), *args],
            capture_output=True,
            text=True,
            encoding=encoding,
            env={**os.environ, "PYTHONIOENCODING": encoding},
            timeout=60,
        )

    for args in (["search", "--json", "наука"], ["show", "--json", "ru"], ["list", "--json"]):
        done = brreader(*args)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        assert "Наука без границ: школа плазмы" in json.dumps(
            json.loads(done.stdout), ensure_ascii=False
        )
    shown = json.loads(brreader("show", "--json", "ru").stdout)
    assert shown["title"] == "Наука без границ: школа плазмы"  # valid JSON, the same text
    assert shown["pairs"][0]["answer"] == "С двух лабораторий и одного автобуса. 🚌"
    done = brreader("show", "ru")
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert "\\u041d\\u0430\\u0443\\u043a\\u0430" in done.stdout  # Наука, readable as escapes


# ---------------------------------------------------------------------------
# a full disk during the first build


@pytest.mark.in_process  # patches brreader's internals, which a server process cannot see
def test_a_build_cut_short_by_a_full_disk_is_not_taken_for_another_brreader(
    arts: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    from brreader.engine import codec

    for number in range(40):
        (arts / "many" / f"a{number}.txt").parent.mkdir(exist_ok=True)
        (arts / "many" / f"a{number}.txt").write_text(
            PLAIN.replace("Sensors Along the River", f"Sensors at gauge {number}"), encoding="utf-8"
        )
    real = codec.FieldWriter.write_term
    calls = {"n": 0}

    def fills_up(*args, **kwargs):  # the first batch is saved, then the disk is full
        calls["n"] += 1
        if calls["n"] > 300:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(codec.FieldWriter, "write_term", fills_up)
    status, _, err = run(capsys, arts, "index")
    assert status == 3 and "No space left on device" in err
    for command in (["search", "Mekong"], ["list"]):
        status, _, err = run(capsys, arts, *command)
        assert "No space left on device" in err and "results may miss recent changes" in err
        assert "another brreader" not in err  # nobody else is rebuilding: the disk is full
