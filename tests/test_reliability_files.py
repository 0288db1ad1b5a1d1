"""Bad article files (issue 5): brreader never loses, alters or crashes on one.

Every row of the issue's "Bad article files" table has a test here. Each test
builds a small archive (two good articles plus the bad one) and checks what a
user would notice: the good articles are still indexed and searchable, a file
that cannot be used is reported once by ``brreader index`` with its path and a
reason (exit status 1), a file that is usable with warnings is indexed with a
warning naming it, a second ``brreader index`` does not report the same
problem again, and - checked for every test by the ``folder`` fixture - no
byte of the articles folder changes and nothing new appears in it.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.widgets import Static

import brreader.articles
import brreader.engine.store
from brreader.cli import main
from brreader.search import Archive
from brreader.tui.app import ReaderApp
from brreader.tui.widgets import ResultsList
from tests.conftest import LABELLED, PLAIN
from tests.test_tui import workers_done

GOOD = {"good/sensors.txt": PLAIN, "good/depot.txt": LABELLED}
GOOD_IDS = ["good/sensors", "good/depot"]  # newest first


# ---------------------------------------------------------------------------
# the articles folder, watched


def _file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, read with os.open (unaffected by patches of open())."""
    mode = path.lstat().st_mode
    readable = os.access(path, os.R_OK)
    if not readable:  # a chmod 000 file when not running as root
        path.chmod(stat.S_IMODE(mode) | stat.S_IRUSR)
    try:
        descriptor = os.open(path, os.O_RDONLY)
        try:
            digest = hashlib.sha256()
            while chunk := os.read(descriptor, 1 << 20):
                digest.update(chunk)
        finally:
            os.close(descriptor)
    finally:
        if not readable:
            path.chmod(stat.S_IMODE(mode))
    return digest.hexdigest()


def snapshot(root: Path) -> dict[str, tuple[object, ...]]:
    """Everything in ``root`` (hidden entries too): files by mode and hash, links by target."""
    entries: dict[str, tuple[object, ...]] = {}

    def walk(directory: Path, relative: str) -> None:
        for entry in sorted(os.scandir(directory), key=lambda e: e.name):
            name = f"{relative}{entry.name}"
            info = entry.stat(follow_symlinks=False)
            if entry.is_symlink():
                entries[name] = ("link", os.readlink(entry.path))
            elif entry.is_dir(follow_symlinks=False):
                entries[name] = ("folder", stat.S_IMODE(info.st_mode))
                walk(Path(entry.path), f"{name}/")
            else:
                mode = stat.S_IMODE(info.st_mode)
                entries[name] = ("file", mode, _file_digest(Path(entry.path)))

    walk(root, "")
    return entries


class Folder:
    """The test's articles folder; remembers what the user put there."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.root.mkdir()
        self.expected: dict[str, tuple[object, ...]] = {}

    def write(self, name: str, content: str | bytes) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        self.remember()
        return path

    def remember(self) -> None:
        """Record the folder as the test (the user) left it; brreader must keep it so."""
        self.expected = snapshot(self.root)

    def forget(self, name: str) -> None:
        """The user deleted ``name`` themselves."""
        del self.expected[name]


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Folder]:
    """An articles folder with two good articles; afterwards it must be exactly as left."""
    articles = Folder(tmp_path / "articles")
    for name, text in GOOD.items():
        articles.write(name, text)
    yield articles
    after = snapshot(articles.root)
    added = sorted(set(after) - set(articles.expected))
    lost = sorted(set(articles.expected) - set(after))
    changed = sorted(
        k for k in after if k in articles.expected and after[k] != articles.expected[k]
    )
    assert (added, lost, changed) == ([], [], []), (
        f"the articles folder was modified: added {added}, lost {lost}, changed {changed}"
    )


def run(capsys, folder: Folder, *args: str) -> tuple[int, str, str]:
    status = main(["--articles", str(folder.root), *args])
    out, err = capsys.readouterr()
    return status, out, err


def ids_matching(capsys, folder: Folder, query: str) -> list[str]:
    status, out, err = run(capsys, folder, "search", "--json", query)
    assert "Traceback" not in err
    assert status in (0, 1), (status, out, err)
    return [result["id"] for result in json.loads(out)["results"]]


def assert_good_articles_searchable(capsys, folder: Folder) -> None:
    assert ids_matching(capsys, folder, "Mekong") == ["good/sensors"]
    assert ids_matching(capsys, folder, "Mombasa") == ["good/depot"]


def listed_ids(capsys, folder: Folder) -> list[str]:
    status, out, err = run(capsys, folder, "list", "--json")
    assert status == 0, (out, err)
    return [entry["id"] for entry in json.loads(out)]


def lines_naming(err: str, path: str) -> list[str]:
    return [line for line in err.splitlines() if path in line]


# ---------------------------------------------------------------------------
# files that cannot be used: skipped, reported once, exit status 1


def _empty(folder: Folder, monkeypatch) -> str:
    folder.write("bad/empty.txt", b"")
    return "bad/empty.txt"


def _binary(folder: Folder, monkeypatch) -> str:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40
    folder.write("bad/photo.txt", png)
    return "bad/photo.txt"


def _unreadable(folder: Folder, monkeypatch) -> str:
    path = folder.write("bad/locked.txt", PLAIN.replace("Mekong", "Irrawaddy"))
    path.chmod(0)
    folder.remember()
    if os.access(path, os.R_OK):
        # Root reads a chmod 000 file anyway: make the read fail as it would for a user.
        real_read = brreader.articles.read_regular

        def read_denied(file, *args, **kwargs):
            if Path(file).resolve() == path.resolve():
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
            return real_read(file, *args, **kwargs)

        monkeypatch.setattr(brreader.articles, "read_regular", read_denied)
    return "bad/locked.txt"


def _deleted_after_listing(folder: Folder, monkeypatch) -> str:
    path = folder.write("bad/gone.txt", PLAIN.replace("Mekong", "Irrawaddy"))
    real_discover = brreader.engine.store.discover

    def discover_then_delete(root: Path, folders=None):  # type: ignore[no-untyped-def]
        listed = real_discover(root, folders)
        if path.exists():  # the user deletes it right after brreader listed the folder
            path.unlink()
            folder.forget("bad/gone.txt")
        return listed

    monkeypatch.setattr(brreader.engine.store, "discover", discover_then_delete)
    return "bad/gone.txt"


UNUSABLE: dict[str, tuple[Callable[[Folder, pytest.MonkeyPatch], str], str]] = {
    "empty file": (_empty, "empty"),
    "binary data named .txt": (_binary, "binary"),
    "unreadable file": (_unreadable, "permission denied"),
    "deleted between listing and reading": (_deleted_after_listing, "disappeared"),
}


@pytest.mark.in_process  # patches brreader's internals, which a server process cannot see
@pytest.mark.parametrize("row", list(UNUSABLE))
def test_unusable_file_is_skipped_and_reported_once(folder: Folder, capsys, monkeypatch, row):
    make, reason_word = UNUSABLE[row]
    bad = make(folder, monkeypatch)

    status, out, err = run(capsys, folder, "index")
    assert "Traceback" not in err
    assert (status, out) == (1, "indexed 2, unchanged 0, removed 0, skipped 1\n"), err
    reported = lines_naming(err, bad)
    assert len(reported) == 1, err
    assert reported[0].startswith(f"brreader: {bad}: skipped: ")
    assert reason_word in reported[0].lower()

    assert_good_articles_searchable(capsys, folder)
    assert listed_ids(capsys, folder) == GOOD_IDS
    assert ids_matching(capsys, folder, "Irrawaddy") == []

    status, out, err = run(capsys, folder, "index")
    assert "Traceback" not in err
    assert bad not in err  # not reported again as a new problem
    assert status == 0 and out.endswith(", skipped 0\n"), (status, out, err)
    assert_good_articles_searchable(capsys, folder)


@pytest.mark.parametrize("change", ["still bad", "fixed", "deleted"])
def test_skipped_file_is_looked_at_again_when_it_changes(folder: Folder, capsys, change):
    bad = folder.write("bad/draft.txt", b"")
    status, _, err = run(capsys, folder, "index")
    assert status == 1 and len(lines_naming(err, "bad/draft.txt")) == 1

    if change == "deleted":  # what a user does about a skipped file
        bad.unlink()
    else:
        content = b"\x00\x01\x02 still not text"
        if change == "fixed":
            content = PLAIN.replace("Mekong", "Irrawaddy").encode("utf-8")
        bad.write_bytes(content)
        os.utime(bad, ns=(bad.stat().st_atime_ns, bad.stat().st_mtime_ns + 10**9))
    folder.remember()

    status, out, err = run(capsys, folder, "index")
    assert "Traceback" not in err
    if change == "fixed":
        assert (status, out) == (0, "indexed 1, unchanged 2, removed 0, skipped 0\n"), err
        assert "bad/draft.txt" not in err
        assert ids_matching(capsys, folder, "Irrawaddy") == ["bad/draft"]
    elif change == "still bad":
        assert (status, out) == (1, "indexed 0, unchanged 2, removed 0, skipped 1\n"), err
        assert lines_naming(err, "bad/draft.txt") == [
            "brreader: bad/draft.txt: skipped: binary data, not text"
        ]
    else:
        assert status == 0 and out.startswith("indexed 0, unchanged 2,"), (out, err)
        assert out.endswith(", skipped 0\n") and "bad/draft.txt" not in err
    assert_good_articles_searchable(capsys, folder)
    expected = GOOD_IDS + (["bad/draft"] if change == "fixed" else [])
    assert sorted(listed_ids(capsys, folder)) == sorted(expected)


# ---------------------------------------------------------------------------
# files usable with warnings: indexed, with a warning naming the file, exit status 0

CP1252_ARTICLE = (
    "Harbour Line Weekly\n"
    "\n"
    "Caf\u00e9 Owners Talk Back\n"
    "\n"
    "March 3, 2021\n"
    "\n"
    "Ren\u00e9 Dubois runs a caf\u00e9 in Hanoi and roasts \u2018slow\u2019 coffee.\n"
    "\n"
    "What\u2019s different about it?\n"
    "\n"
    "The beans are roasted for longer \u2013 in the caf\u00e9 itself.\n"
).encode("cp1252")

BODY = "Zed Quux studies zebrafish in Leiden.\n\nWhy zebrafish?\n\nThey are transparent.\n"


def front(yaml: str) -> str:
    return f"---\n{yaml}---\n{BODY}"


WARNED: dict[str, tuple[str, str | bytes, list[str]]] = {
    # row: (file name, content, words expected in its warning lines)
    "non-UTF-8 text": ("odd/cafe.txt", CP1252_ARTICLE, ["utf-8"]),
    "invalid YAML front matter": (
        "odd/broken.md",
        front("title: [unclosed\noutlet: : :\n"),
        ["invalid yaml"],
    ),
    "published: yesterday": (
        "odd/when.md",
        front("outlet: Zebra Gazette\npublished: yesterday\n"),
        ["published"],
    ),
    "tags: 5": ("odd/tags.md", front("outlet: Zebra Gazette\ntags: 5\n"), ["tags"]),
    "a list as title": (
        "odd/title.md",
        front("outlet: Zebra Gazette\ntitle: [Zebrafish, Leiden]\n"),
        ["title"],
    ),
}


@pytest.mark.parametrize("row", list(WARNED))
def test_file_with_problems_is_indexed_with_a_warning(folder: Folder, capsys, row):
    name, content, words = WARNED[row]
    folder.write(name, content)
    article_id = name.rpartition(".")[0]

    status, out, err = run(capsys, folder, "index")
    assert "Traceback" not in err
    assert (status, out) == (0, "indexed 3, unchanged 0, removed 0, skipped 0\n"), err
    warnings = lines_naming(err, name)
    assert warnings, err
    assert all(line.startswith(f"brreader: {name}: ") for line in warnings)
    assert "skipped" not in err
    for word in words:
        assert sum(word in line.lower() for line in warnings) == 1, warnings

    assert_good_articles_searchable(capsys, folder)
    status, out, err = run(capsys, folder, "show", "--json", article_id)
    assert (status, err) == (0, "")
    shown = json.loads(out)
    if name.endswith(".txt"):  # the Windows-1252 file, decoded right
        assert ids_matching(capsys, folder, "cafe") == [article_id]
        assert shown["title"] == "Caf\u00e9 Owners Talk Back"
        assert shown["pairs"][0]["question"] == "What\u2019s different about it?"
    else:
        assert ids_matching(capsys, folder, "zebrafish") == [article_id]
        assert shown["pairs"] == [{"question": "Why zebrafish?", "answer": "They are transparent."}]
        assert shown["published"] is None and shown["tags"] == []
        assert shown["title"] == ""
        if "invalid YAML" not in row:  # only the wrong field is ignored
            assert shown["outlet"] == "Zebra Gazette"

    status, out, err = run(capsys, folder, "index")
    assert (status, out, err) == (0, "indexed 0, unchanged 3, removed 0, skipped 0\n", "")


# ---------------------------------------------------------------------------
# articles without detectable pairs: indexed and found by their text

NO_PAIRS = {
    "no questions": (
        "Outlet\n\nA Talk Without Questions\n\nJune 1, 2020\n\n"
        "Zed Quux talks about zebrafish.\n\nOnly statements here, about quokkas.\n",
        "quokkas",
        [],
    ),
    "questions with no answers": (
        "Outlet\n\nUnanswered\n\nJune 1, 2020\n\n"
        "Zed Quux talks about zebrafish.\n\nWhy quokkas?\n\nHow come wombats?\n",
        "wombats",
        ["Why quokkas?", "How come wombats?"],
    ),
}


@pytest.mark.parametrize("row", list(NO_PAIRS))
def test_article_without_pairs_is_indexed_and_found_by_its_text(folder: Folder, capsys, row):
    text, word, questions = NO_PAIRS[row]
    folder.write("odd/talk.txt", text)

    status, out, err = run(capsys, folder, "index")
    assert (status, out) == (0, "indexed 3, unchanged 0, removed 0, skipped 0\n"), err
    assert "odd/talk.txt" not in err
    assert ids_matching(capsys, folder, word) == ["odd/talk"]
    assert ids_matching(capsys, folder, "zebrafish") == ["odd/talk"]  # the lede
    assert_good_articles_searchable(capsys, folder)

    status, out, err = run(capsys, folder, "show", "odd/talk")
    assert (status, err) == (0, "")
    assert word in out
    for question in questions:
        assert question in out
    assert sorted(listed_ids(capsys, folder)) == sorted([*GOOD_IDS, "odd/talk"])


# ---------------------------------------------------------------------------
# one file, far larger than usual


def test_two_megabyte_article_with_3000_pairs(folder: Folder, capsys):
    parts = ["Big Outlet", "", "A Very Long Talk", "", "June 1, 2024", "", "Zed Quux talks.", ""]
    filler = " ".join(["An answer with enough filler words to make this article long."] * 11)
    for number in range(1, 3001):
        last = " The needleword is here." if number == 3000 else ""
        parts += [f"Question {number} about topic{number}?", "", filler + last, ""]
    text = "\n".join(parts)
    assert len(text.encode("utf-8")) >= 2_000_000
    folder.write("big/long.txt", text)

    status, out, err = run(capsys, folder, "index")
    assert (status, out) == (0, "indexed 3, unchanged 0, removed 0, skipped 0\n"), err
    assert_good_articles_searchable(capsys, folder)

    status, out, err = run(capsys, folder, "search", "--json", "needleword")
    assert status == 0, err
    (hit,) = json.loads(out)["results"]
    assert hit["id"] == "big/long"
    assert [m["pair"] for m in hit["matches"]] == [3000]
    assert hit["matches"][0]["question"] == "Question 3000 about topic3000?"

    status, out, err = run(capsys, folder, "show", "--json", "big/long")
    assert status == 0, err
    pairs = json.loads(out)["pairs"]
    assert len(pairs) == 3000
    assert pairs[-1]["answer"].endswith("The needleword is here.")


# ---------------------------------------------------------------------------
# two files with the same stem


def test_a_txt_and_a_md_side_by_side_both_stay_reachable(folder: Folder, capsys):
    folder.write("dup/a.txt", PLAIN.replace("Mekong", "Irrawaddy"))
    folder.write("dup/a.md", LABELLED.replace("Mombasa", "Kisumu"))

    status, out, err = run(capsys, folder, "index")
    assert (status, out, err.count("dup/")) == (
        0, "indexed 4, unchanged 0, removed 0, skipped 0\n", 0
    )  # fmt: skip
    assert sorted(listed_ids(capsys, folder)) == sorted([*GOOD_IDS, "dup/a", "dup/a.md"])
    assert ids_matching(capsys, folder, "Irrawaddy") == ["dup/a"]
    assert ids_matching(capsys, folder, "Kisumu") == ["dup/a.md"]
    assert_good_articles_searchable(capsys, folder)

    for key, path, word in [
        ("dup/a", "dup/a.txt", "Irrawaddy"),
        ("dup/a.txt", "dup/a.txt", "Irrawaddy"),
        ("dup/a.md", "dup/a.md", "Kisumu"),
    ]:
        status, out, err = run(capsys, folder, "show", "--json", key)
        assert status == 0, err
        shown = json.loads(out)
        assert shown["path"] == path and word in json.dumps(shown["pairs"])


# ---------------------------------------------------------------------------
# a folder link that loops back


@pytest.mark.parametrize(
    ("link", "target"),
    [("good/up", ".."), ("good/self", ".")],
    ids=["link to the parent folder", "link to its own folder"],
)
def test_symlink_loop_is_followed_once(folder: Folder, capsys, link, target):
    (folder.root / link).symlink_to(target, target_is_directory=True)
    folder.remember()

    status, out, err = run(capsys, folder, "index")
    assert "Traceback" not in err
    assert (status, out) == (0, "indexed 2, unchanged 0, removed 0, skipped 0\n"), err
    assert listed_ids(capsys, folder) == GOOD_IDS  # each article once, under its real path
    assert_good_articles_searchable(capsys, folder)
    status, out, err = run(capsys, folder, "index")
    assert (status, out, err) == (0, "indexed 0, unchanged 2, removed 0, skipped 0\n", "")


# ---------------------------------------------------------------------------
# the reader


async def test_reader_names_the_skipped_file_and_lists_the_good_ones(folder: Folder):
    folder.write("bad/photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    app = ReaderApp(Archive(folder.root, folder.root.parent / "index"))
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(2):
            await pilot.pause(0.3)
            await workers_done(app)
            await pilot.pause()
        messages = [notification.message for notification in app._notifications]
        assert [m for m in messages if "bad/photo.txt" in m and "Skipped" in m], messages
        results = app.query_one(ResultsList)
        shown = [results.get_option_at_index(i).id for i in range(results.option_count)]
        assert shown == GOOD_IDS
        assert str(app.query_one("#results-count", Static).render()) == "2 articles"
