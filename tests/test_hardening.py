"""Hardening: dates Python cannot store, files that are not files, and YAML alias bombs.

Three kinds of input each used to break every command on an archive:

- a date such as ``published: 0001-01-01`` made the indexer crash on
  ``datetime.timestamp()``, through any command, and ``import`` wrote the
  file before crashing, so the archive stayed broken;
- a named pipe (FIFO) with an article's name hung every command in ``open()``
  while it held the index's write lock (and ``import`` the same way);
- a few hundred bytes of nested YAML aliases in front matter expanded into
  megabytes of warning, minutes of work and gigabytes of memory.

Each test runs the commands a user would, in ``tmp_path``, and checks what the
user sees: the exit status, one short stderr line naming the file, and an
articles folder left exactly as it was. Commands that would hang or run away
if a fix regressed run in a subprocess with a timeout, so a regression fails
the test instead of blocking the suite.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import brreader.files
from brreader.articles import read_article
from brreader.cli import main
from brreader.dates import EARLIEST_YEAR, FUTURE_YEARS, date_problem
from brreader.files import NotRegularFile, read_regular
from brreader.model import MAX_WARNING, ArticleError
from brreader.parse import parse_article
from tests.conftest import LABELLED, PLAIN, REPO

GOOD = {"good/sensors.txt": PLAIN, "good/depot.txt": LABELLED}
TIMEOUT = 20  # seconds; every command here takes about one

BODY = "Zed Quux studies zebrafish in Leiden.\n\nWhy zebrafish?\n\nThey are transparent.\n"


def front(yaml: str, body: str = BODY) -> str:
    return f"---\n{yaml}---\n{body}"


# ---------------------------------------------------------------------------
# the archive, and what the user sees


def snapshot(root: Path) -> dict[str, tuple[object, ...]]:
    """Everything below ``root``: regular files by hash, anything else by kind (never opened)."""
    entries: dict[str, tuple[object, ...]] = {}
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        name = path.relative_to(root).as_posix()
        if stat.S_ISREG(info.st_mode):
            descriptor = os.open(path, os.O_RDONLY)
            try:
                digest = hashlib.sha256(os.read(descriptor, 64 << 20)).hexdigest()
            finally:
                os.close(descriptor)
            entries[name] = ("file", digest)
        elif stat.S_ISLNK(info.st_mode):
            entries[name] = ("link", os.readlink(path))
        else:
            entries[name] = (stat.S_IFMT(info.st_mode),)
    return entries


@pytest.fixture
def arts(tmp_path: Path) -> Iterator[Path]:
    """An articles folder with two good articles; the test's own changes are remembered."""
    root = tmp_path / "articles"
    for name, text in GOOD.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    yield root


def run(capsys, arts: Path, *args: str) -> tuple[int, str, str]:
    status = main(["--articles", str(arts), "--index", str(arts.parent / "index"), *args])
    out, err = capsys.readouterr()
    return status, out, err


def run_in_subprocess(
    arts: Path, *args: str, stdin: bytes | int | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``brreader ARGS`` in a new process; a hang fails the test after TIMEOUT seconds."""
    command = [sys.executable, "-m", "brreader", "--articles", str(arts)]
    command += ["--index", str(arts.parent / "index"), *args]
    feed = {"input": stdin} if isinstance(stdin, bytes) else {"stdin": stdin}
    try:
        done = subprocess.run(
            command,
            **feed,
            capture_output=True,
            cwd=REPO,
            timeout=TIMEOUT,
            env={**os.environ, **(env or {})},
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"brreader {' '.join(args)} hung for {TIMEOUT} s")
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode(), done.stderr.decode()
    )


def lines_naming(err: str, name: str) -> list[str]:
    return [line for line in err.splitlines() if name in line]


def assert_one_short_line(err: str, name: str, *words: str) -> str:
    """Exactly one stderr line names ``name``; it is short and holds each of ``words``."""
    assert "Traceback" not in err, err
    [line] = lines_naming(err, name)
    assert line.startswith(f"brreader: {name}: "), line
    assert len(line) <= len(f"brreader: {name}: ") + MAX_WARNING, line
    for word in words:
        assert word in line.lower(), line
    return line


def listed(capsys, arts: Path) -> dict[str, str | None]:
    status, out, err = run(capsys, arts, "list", "--json")
    assert status == 0 and "Traceback" not in err, err
    return {entry["id"]: entry["published"] for entry in json.loads(out)}


def found(capsys, arts: Path, query: str) -> list[str]:
    status, out, err = run(capsys, arts, "search", "--json", query)
    assert status in (0, 1) and "Traceback" not in err, err
    return [result["id"] for result in json.loads(out)["results"]]


def check_codes(capsys, arts: Path) -> dict[str, list[str]]:
    status, out, err = run(capsys, arts, "check", "--json")
    assert status in (0, 1) and "Traceback" not in err, err
    codes: dict[str, list[str]] = {}
    for problem in json.loads(out)["problems"]:
        codes.setdefault(problem["path"], []).append(problem["code"])
    return codes


# ---------------------------------------------------------------------------
# 1. dates Python cannot turn into a time stamp, or that no interview can have

LAST_YEAR = date.today().year + FUTURE_YEARS

BAD_DATES = {
    # row: the file's text
    "published: 0001-01-01": front("published: 0001-01-01\n"),
    "published: 9999-12-31": front("published: 9999-12-31\n"),
    "a time zone in year 1": front("published: 0001-01-01T00:30:00+05:00\n"),
    "a time zone in year 9999": front("published: 9999-12-31T23:59:59-05:00\n"),
    "year 1 as quoted text": front("published: '0001-01-01 10:00'\n"),
    "before 1800": front("published: 1799-12-31\n"),
    "too far ahead": front(f"published: {LAST_YEAR + 1}-01-01\n"),
    "February 30": front("published: 2025-02-30\n"),
    "month 13 as a YAML timestamp": front("published: !!timestamp 2025-13-01\n"),
    "a negative number": front("published: -62135596800\n"),
    "a huge number": front(f"published: {'9' * 5000}\n"),
    "a dateline in year 1": (
        "Zebra Gazette\n\nFish that show their hearts\n\nJanuary 1, 0001\n\n" + BODY
    ),
    "a dateline in year 9999": (
        "Zebra Gazette\n\nFish that show their hearts\n\n9999-12-31 23:59\n\n" + BODY
    ),
}


@pytest.mark.parametrize("row", list(BAD_DATES))
def test_an_unusable_date_is_undated_with_a_warning_and_every_command_works(
    arts: Path, capsys, row: str
) -> None:
    (arts / "odd").mkdir()
    (arts / "odd" / "when.txt").write_text(BAD_DATES[row], encoding="utf-8")
    before = snapshot(arts)

    status, out, err = run(capsys, arts, "index")
    assert (status, out) == (0, "indexed 3, unchanged 0, removed 0, skipped 0\n"), err
    assert_one_short_line(err, "odd/when.txt")
    status, out, err = run(capsys, arts, "index")
    assert (status, out, err) == (0, "indexed 0, unchanged 3, removed 0, skipped 0\n", "")

    assert listed(capsys, arts)["odd/when"] is None  # undated
    assert found(capsys, arts, "zebrafish") == ["odd/when"]
    assert found(capsys, arts, "Mekong") == ["good/sensors"]
    assert "bad-date" in check_codes(capsys, arts)["odd/when.txt"]
    assert "no-date" not in check_codes(capsys, arts)["odd/when.txt"]
    assert snapshot(arts) == before


def test_commands_on_a_fresh_archive_with_a_bad_date_do_not_crash(arts: Path, capsys) -> None:
    # list and search build the index themselves: the crash was in every one of them
    (arts / "old.txt").write_text(front("published: 0001-01-01\n"), encoding="utf-8")
    status, out, err = run(capsys, arts, "search", "zebrafish")
    assert status == 0 and "old" in out
    assert_one_short_line(err, "old.txt", "0001-01-01", "outside the years")
    status, out, err = run(capsys, arts, "list")
    assert status == 0 and "Traceback" not in err
    status, out, err = run(capsys, arts, "check")
    assert status == 1
    assert (
        f"old.txt: front matter: 'published: 0001-01-01' is outside the years brreader reads "
        f"({EARLIEST_YEAR} to {LAST_YEAR}): correct it or leave it empty; ignored [bad-date]"
    ) in out.splitlines()


def test_a_bad_front_matter_date_gives_way_to_the_dateline(arts: Path, capsys) -> None:
    text = "---\npublished: 0001-01-01\n---\nZebra Gazette\n\nFish hearts\n\nMay 3, 2024\n\n" + BODY
    result = parse_article(text, id="x", path="x.txt")
    assert result.article.published == datetime(2024, 5, 3)
    assert result.bad_date and result.bad_date in result.warnings


@pytest.mark.parametrize(
    "front_matter",
    [
        "date: 0001-01-01\n",
        "date: 9999-12-31T23:59:59-05:00\n",
        "published: 2025-02-30\n",
        "date: '0001-01-01'\n",
    ],
)
def test_importing_markdown_with_an_unusable_date(
    arts: Path, capsys, tmp_path: Path, front_matter: str
) -> None:
    source = tmp_path / "notes.md"
    source.write_text(
        f"---\ntitle: Reed boats\n{front_matter}---\n# Reed boats\n\n"
        "Ama Reyes builds reed boats on the lagoon.\n\n**Why reeds?**\n\nThey float for years.\n",
        encoding="utf-8",
    )
    status, out, err = run(capsys, arts, "import", str(source))
    assert status == 0 and "Traceback" not in err, err
    assert "  published    (none)\n" in out
    [warning] = [line for line in out.splitlines() if "front matter" in line]
    assert "'published" in warning
    written = arts / "undated" / "reed-boats.txt"
    assert "\npublished:\n" in written.read_text(encoding="utf-8")
    # the archive stays usable after the import
    assert listed(capsys, arts)["undated/reed-boats"] is None
    assert found(capsys, arts, "reeds") == ["undated/reed-boats"]
    status, _, err = run(capsys, arts, "index")
    assert status == 0 and "Traceback" not in err


def test_importing_markdown_with_a_dateline_in_year_one(arts: Path, capsys, tmp_path) -> None:
    source = tmp_path / "salt.md"
    source.write_text(
        "# Salt pans\n\nCoast Weekly — January 1, 0001\n\nLi Wei rakes salt by the sea.\n\n"
        "**Why salt?**\n\nBecause the sun is free.\n",
        encoding="utf-8",
    )
    status, out, err = run(capsys, arts, "import", str(source))
    assert status == 0 and "Traceback" not in err, err
    assert "  published    (none)\n  interviewee  Li Wei\n  outlet       Coast Weekly\n" in out
    assert (
        "  warning      the dateline 'Coast Weekly — January 1, 0001' is outside the years "
        f"brreader reads ({EARLIEST_YEAR} to {LAST_YEAR}); read as undated\n"
    ) in out
    assert listed(capsys, arts)["undated/salt-pans"] is None


def test_the_first_and_last_years_brreader_reads_are_indexed_and_sorted(arts: Path, capsys) -> None:
    # Before 1970 the time stamp the index stores is negative.
    for name, day in (
        ("first", "1800-01-01"),
        ("old", "1850-03-01"),
        ("last", f"{LAST_YEAR}-12-31"),
    ):
        (arts / f"{name}.txt").write_text(front(f"published: {day}\n"), encoding="utf-8")
    status, out, err = run(capsys, arts, "index")
    assert (status, out) == (0, "indexed 5, unchanged 0, removed 0, skipped 0\n"), err
    assert "published" not in err  # no date warnings
    dates = listed(capsys, arts)
    assert (dates["first"], dates["old"]) == ("1800-01-01T00:00:00", "1850-03-01T00:00:00")
    status, out, _ = run(capsys, arts, "search", "--json", "--sort", "oldest", "zebrafish")
    assert [hit["id"] for hit in json.loads(out)["results"]] == ["first", "old", "last"]


def test_date_problem_draws_the_line_at_1800_and_five_years_ahead() -> None:
    today = date(2026, 6, 1)
    assert date_problem(datetime(1800, 1, 1), today) == ""
    assert date_problem(datetime(2031, 12, 31, 23, 59), today) == ""
    assert date_problem(datetime(1799, 12, 31, 23, 59), today)
    assert date_problem(datetime(2032, 1, 1), today)
    assert date_problem(datetime(1, 1, 1), today)
    assert date_problem(datetime(9999, 12, 31), today)
    aware = datetime(2025, 6, 24, 23, 30, tzinfo=timezone(timedelta(hours=-11)))
    assert date_problem(aware, today) == ""


_ANY_DATE = st.one_of(
    st.datetimes(timezones=st.none() | st.timezones()).map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.isoformat(sep=" ")),
    st.dates().map(str),
    st.dates().map(lambda d: f"'{d:%B} {d.day}, {d.year:04d}'"),
    st.integers().map(str),
    st.floats().map(str),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ANY_DATE, st.booleans())
def test_no_date_written_anywhere_gives_an_article_a_date_it_cannot_store(
    written: str, as_dateline: bool
) -> None:
    if as_dateline:
        text = f"Outlet\n\nTitle\n\n{written.strip(chr(39))}\n\n{BODY}"
    else:
        text = front(f"published: {written}\n")
    result = parse_article(text, id="x", path="x.txt")
    published = result.article.published
    if published is not None:
        assert published.tzinfo is None
        assert date_problem(published) == ""
        published.timestamp()  # what the index stores
    assert all(len(warning) <= MAX_WARNING for warning in result.warnings)


# ---------------------------------------------------------------------------
# 2. named pipes, sockets, devices and folders with an article's name


def _fifo(arts: Path) -> str:
    os.mkfifo(arts / "pipe.txt")
    return "pipe.txt"


def _link_to_fifo(arts: Path) -> str:
    os.mkfifo(arts / ".hidden-pipe")  # hidden: only the link is in the scan
    (arts / "link.md").symlink_to(".hidden-pipe")
    return "link.md"


def _socket(arts: Path) -> str:
    import contextlib

    server = socket.socket(socket.AF_UNIX)
    with contextlib.chdir(arts):  # a relative name: AF_UNIX paths are limited to ~100 bytes
        server.bind("sock.txt")
    server.close()  # the socket file stays
    return "sock.txt"


def _link_to_device(arts: Path) -> str:
    (arts / "zero.txt").symlink_to("/dev/zero")  # read whole, it never ends
    return "zero.txt"


NOT_FILES = {
    "a named pipe": (_fifo, "named pipe"),
    "a link to a named pipe": (_link_to_fifo, "named pipe"),
    "a socket": (_socket, "socket"),
    "a link to /dev/zero": (_link_to_device, "character device"),
}


@pytest.mark.parametrize("row", list(NOT_FILES))
def test_a_pipe_or_socket_in_the_articles_folder_is_skipped_unopened(arts: Path, row: str) -> None:
    make, word = NOT_FILES[row]
    name = make(arts)
    before = snapshot(arts)

    done = run_in_subprocess(arts, "index")
    assert (done.returncode, done.stdout) == (
        1,
        "indexed 2, unchanged 0, removed 0, skipped 1\n",
    ), done.stderr
    line = assert_one_short_line(done.stderr, name, word, "skipped", "regular file")
    assert line == f"brreader: {name}: skipped: {line.split('skipped: ', 1)[1]}"

    done = run_in_subprocess(arts, "index")  # reported once
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    for command in (["list"], ["search", "Mekong"], ["check"]):
        done = run_in_subprocess(arts, *command)
        assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
    assert "Mombasa" not in done.stdout  # check: only the pipe is a problem
    assert f"{name}: not indexed: " in done.stdout
    assert snapshot(arts) == before


def test_a_fifo_the_reader_meets_does_not_keep_it_rebuilding(arts: Path) -> None:
    # The reader updates through the same index code: a bounded update ends.
    os.mkfifo(arts / "pipe.txt")
    code = (
        "import sys\nfrom pathlib import Path\nfrom brreader.search import Archive\n"
        "a = Archive(Path(sys.argv[1]), Path(sys.argv[2]))\n"
        "r = a.update()\nprint(len(r.indexed), [s.reason for s in r.skipped])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(arts), str(arts.parent / "index")],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=TIMEOUT,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("2 ['a named pipe (FIFO), not a regular file")


@contextmanager
def hang_guard(seconds: int) -> Iterator[None]:
    """Fail (rather than block the suite) when the body blocks for ``seconds``."""

    def fail(signum: int, frame: object) -> None:
        raise TimeoutError(f"blocked for {seconds} s")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_file_swapped_for_a_pipe_after_the_check_is_refused_without_blocking(
    arts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.mkfifo(arts / "swapped.txt")
    regular = os.stat(arts / "good" / "sensors.txt")
    real_stat = os.stat

    def stale_stat(path, *args, **kwargs):
        # what stat said a moment before the user swapped the file for a pipe
        if str(path).endswith("swapped.txt"):
            return regular
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(brreader.files.os, "stat", stale_stat)
    with hang_guard(10):
        with pytest.raises(NotRegularFile, match="named pipe"):
            read_regular(arts / "swapped.txt", 100)
        with pytest.raises(ArticleError, match="named pipe"):
            read_article(arts, "swapped.txt", "swapped")


def test_a_folder_named_like_an_article_is_a_folder(arts: Path, capsys) -> None:
    (arts / "x.txt").mkdir()
    (arts / "x.txt" / "inner.txt").write_text(PLAIN.replace("Mekong", "Irrawaddy"))
    status, out, err = run(capsys, arts, "index")
    assert (status, out) == (0, "indexed 3, unchanged 0, removed 0, skipped 0\n"), err
    assert found(capsys, arts, "Irrawaddy") == ["x.txt/inner"]
    with pytest.raises(IsADirectoryError):
        read_regular(arts / "x.txt")


def test_import_refuses_pipes_and_devices_and_still_reads_stdin(arts: Path, tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    os.mkfifo(inputs / "pipe.md")
    other = PLAIN.replace("Mekong", "Irrawaddy").replace("Sensors Along", "Gauges On")
    (inputs / "good.txt").write_text(other, encoding="utf-8")
    os.mkfifo(tmp_path / "named.txt")
    before = snapshot(arts)

    done = run_in_subprocess(arts, "import", "--dry-run", str(tmp_path / "named.txt"), "/dev/zero")
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stdout.splitlines() == [
        str(tmp_path / "named.txt"),
        "  failed       a named pipe (FIFO), not a regular file; "
        "import reads only files (or - for stdin)",
        "/dev/zero",
        "  failed       a character device, not a regular file; "
        "import reads only files (or - for stdin)",
        "imported 0, duplicates 0, failed 2 (dry run: nothing written)",
    ]
    done = run_in_subprocess(arts, "import", "--dry-run", str(inputs))
    assert done.returncode == 1, done.stderr
    assert "  failed       a named pipe (FIFO)" in done.stdout
    assert done.stdout.endswith("imported 1, duplicates 0, failed 1 (dry run: nothing written)\n")
    assert snapshot(arts) == before

    done = run_in_subprocess(
        arts, "import", "--dry-run", "-", stdin=b"Q: Why reeds?\nA: They float.\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("standard input\n  would write  ")


def test_import_of_endless_standard_input_stops(arts: Path) -> None:
    with open("/dev/zero", "rb") as zero:
        done = run_in_subprocess(arts, "import", "--dry-run", "-", stdin=zero.fileno())
    assert done.returncode == 1, done.stderr
    assert "  failed       larger than 32 MB; not an interview" in done.stdout


@pytest.mark.parametrize("which", ["state file", "lock file"])
def test_a_pipe_as_the_state_file_does_not_hang(arts: Path, tmp_path: Path, which: str) -> None:
    state = tmp_path / "st" / "state.json"
    state.parent.mkdir()
    os.mkfifo(state if which == "state file" else state.with_name("state.json.lock"))
    env = {"BRREADER_STATE": str(state)}
    done = run_in_subprocess(arts, "bookmarks", env=env)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    done = run_in_subprocess(arts, "saved", "add", "rivers", "Mekong", env=env)
    assert done.returncode == 3 and "Traceback" not in done.stderr
    assert f"brreader: cannot save {state} (" in done.stderr
    pipe = state if which == "state file" else state.with_name("state.json.lock")
    assert stat.S_ISFIFO(pipe.lstat().st_mode)  # the user's pipe is left as it was


# ---------------------------------------------------------------------------
# 3. YAML alias bombs and other runaway front matter


def alias_bomb(levels: int, key: str = "tags") -> str:
    """Front matter where each anchor repeats the one before nine times (9**levels leaves)."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    lines.append(f"{key}: *a{levels - 1}")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_in_front_matter_is_refused_at_once(arts: Path) -> None:
    (arts / "bomb.txt").write_text(front("title: Boom\n" + alias_bomb(9)), encoding="utf-8")
    assert (arts / "bomb.txt").stat().st_size < 1000
    before = snapshot(arts)
    started = time.monotonic()
    done = run_in_subprocess(arts, "index")
    assert time.monotonic() - started < TIMEOUT / 2
    assert done.returncode == 0, done.stderr
    line = assert_one_short_line(done.stderr, "bomb.txt", "alias")
    assert "write each value out in full" in line
    for command in (["list"], ["search", "zebrafish"], ["check"]):
        done = run_in_subprocess(arts, *command)
        assert done.returncode in (0, 1) and "Traceback" not in done.stderr
        assert len(done.stdout) + len(done.stderr) < 5000
    assert snapshot(arts) == before


@pytest.mark.parametrize("key", ["author", "tags", "title", "date"])
def test_importing_markdown_with_an_alias_bomb_writes_a_small_file(
    arts: Path, tmp_path: Path, key: str
) -> None:
    source = tmp_path / "bomb.md"
    source.write_text(
        f"---\n{alias_bomb(6, key)}---\n# Reed boats\n\n"
        "Ama Reyes builds reed boats on the lagoon.\n\n**Why reeds?**\n\nThey float for years.\n",
        encoding="utf-8",
    )
    done = run_in_subprocess(arts, "import", str(source))
    assert done.returncode == 0, done.stderr
    assert "alias" in done.stdout and len(done.stdout) < 2000
    [written] = (arts / "undated").iterdir()
    assert written.stat().st_size < 1000
    assert "lol" not in written.read_text(encoding="utf-8")


HUGE = "x" * 100_000
LONG_VALUES = {
    "a long text as the date": front(f"published: {HUGE}\n"),
    "a nested list as a tag": front(f"tags: [[{', '.join(['word'] * 5000)}]]\n"),
    "a mapping as tags": front(f"tags: {{{', '.join(f'k{n}: v' for n in range(5000))}}}\n"),
    "a long list as the title": front(f"title: [{', '.join(['word'] * 5000)}]\n"),
    "invalid YAML on a long line": front(f"title: {HUGE}: {HUGE}\n"),
    "nested two thousand deep": front("title: " + "[" * 2000 + "]" * 2000 + "\n"),
    "a 5,000-digit number": front(f"published: {'1' * 5000}\ntitle: {'2' * 5000}\n"),
    "a tag that is a mapping": front("tags: [ok, {a: b}]\n"),
    "a recursive alias": front("tags: &t [a, *t]\n"),
    "a merge key": front("base: &b {title: T}\nmeta:\n  <<: *b\n"),
}


@pytest.mark.parametrize("row", list(LONG_VALUES))
def test_every_warning_is_one_short_line_whatever_the_front_matter(
    arts: Path, capsys, row: str
) -> None:
    (arts / "odd.txt").write_text(LONG_VALUES[row], encoding="utf-8")
    status, out, err = run(capsys, arts, "index")
    assert (status, out) == (0, "indexed 3, unchanged 0, removed 0, skipped 0\n"), err
    # One line per problem: a bad value, and a title too long to show (cut to 300).
    warned = lines_naming(err, "odd.txt")
    assert 1 <= len(warned) <= 2 and len(warned) == 1 + ("characters long: cut" in err), err
    for line in warned:
        assert line.startswith("brreader: odd.txt: ") and len(line) <= 19 + MAX_WARNING, line
    assert "word, word" not in err and "'k1'" not in err  # types and sizes, not values
    assert found(capsys, arts, "zebrafish") == ["odd"]
    status, out, _ = run(capsys, arts, "check")
    assert all(len(line) < 300 for line in out.splitlines())


@pytest.mark.parametrize(
    "line",
    [
        "published: !!timestamp",
        "published: !!timestamp 2025-13-45",
        "title: !!bool",
        "outlet: !!int",
        "interviewee: !!float",
        "tags: [!!int , !!bool , ok]",
        "source: !!int 0x",
    ],
)
def test_a_yaml_tag_python_cannot_build_is_read_as_text(arts: Path, capsys, line: str) -> None:
    # PyYAML raised KeyError, IndexError, AttributeError or ValueError on these
    (arts / "tagged.txt").write_text(front(f"{line}\n"), encoding="utf-8")
    status, out, err = run(capsys, arts, "index")
    assert (status, out) == (0, "indexed 3, unchanged 0, removed 0, skipped 0\n"), err
    assert "Traceback" not in err and len(lines_naming(err, "tagged.txt")) <= 1
    assert found(capsys, arts, "zebrafish") == ["tagged"]


def test_a_nested_value_is_described_not_quoted() -> None:
    text = front("tags: [ok, {a: [1, 2, 3]}, [x, y]]\n")
    warnings = parse_article(text, id="x", path="x.txt").warnings
    assert warnings == (
        "front matter: a tag is a mapping of 1 key, not a word; ignored",
        "front matter: a tag is a list of 2 items, not a word; ignored",
    )


def test_a_state_file_nested_too_deeply_is_kept_aside(
    arts: Path, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    # json raises RecursionError, not ValueError, for 100,000 open brackets
    state = tmp_path / "st" / "state.json"
    state.parent.mkdir()
    state.write_text("[" * 100_000, encoding="utf-8")
    monkeypatch.setenv("BRREADER_STATE", str(state))
    status, out, err = run(capsys, arts, "bookmarks")
    assert (status, out) == (0, "") and "Traceback" not in err
    assert f"brreader: {state} was damaged; kept it as state.json.corrupt-" in err
    [kept] = [p for p in state.parent.iterdir() if ".corrupt-" in p.name]
    assert kept.read_text(encoding="utf-8") == "[" * 100_000


# ---------------------------------------------------------------------------
# 4. a title (or outlet, name, tag, source) as long as a whole file

LONG = {
    # row: (the file's text, the field, how it is written)
    "a front matter title": (front(f"title: Zebrafish {'word ' * 20_000}tailword\n"), "title"),
    "a title line": (
        "Zebra Gazette\n\n"
        + "Zebrafish "
        + "word " * 20_000
        + "tailword\n\nJune 1, 2020\n\n"
        + BODY,
        "title",
    ),
    "an outlet": (front(f"outlet: {'Gazette ' * 5_000}\n"), "outlet"),
    "a tag": (front(f"tags: [{'x' * 50_000}]\n"), "tag"),
}


@pytest.mark.parametrize("row", list(LONG))
def test_a_field_as_long_as_a_file_is_cut_with_a_warning_and_its_words_stay_found(
    arts: Path, capsys, row: str
) -> None:
    # A 100,000-character title used to be listed whole: the reader wrapped it into
    # thousands of rows and took a minute to show its first screen.
    text, field = LONG[row]
    (arts / "long.md").write_text(text, encoding="utf-8")
    before = snapshot(arts)

    status, out, err = run(capsys, arts, "index")
    assert (status, out) == (0, "indexed 3, unchanged 0, removed 0, skipped 0\n"), err
    assert_one_short_line(err, "long.md", field, "characters long", "cut to 300")

    status, out, err = run(capsys, arts, "show", "--json", "long")
    assert (status, err) == (0, "")
    shown = json.loads(out)
    values = [shown["title"], shown["outlet"], *shown["tags"]]
    assert max(len(value) for value in values) <= 300
    assert any(value.endswith("…") for value in values)
    if field == "title":
        assert shown["title"].startswith("Zebrafish word")
        assert found(capsys, arts, "tailword") == ["long"]  # cut from the title, kept in the lede
    assert found(capsys, arts, "zebrafish")  # the body is indexed as always
    assert snapshot(arts) == before
