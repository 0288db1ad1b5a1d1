"""Hardening rows for ids, runaway files and the search's indexing budget (issue 21).

Each test runs the commands a user would and checks what they would notice:
every file stays findable, a runaway file cannot stall a search, and the
messages name the file and what to do.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from brreader.articles import article_ids
from brreader.cli import main
from brreader.config import cache_index
from brreader.parse import MAX_PAIRS, parse_article
from tests.conftest import LABELLED, PLAIN


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


# -- two files, one id (row 11) ------------------------------------------------------


@pytest.mark.parametrize(
    "paths",
    [
        ["a.txt", "a.md", "a.md.txt"],
        ["a.txt", "a.md", "a.md.md"],
        ["a.txt", "a.md", "a.md.txt", "a.md~2.txt"],
        ["x/a.txt", "x/a.md", "x/a.md.txt", "x/a.md.md"],
        ["a.md", "a.md.txt"],
    ],
)
def test_every_file_gets_an_id_of_its_own(paths: list[str]) -> None:
    ids = article_ids(paths)
    assert sorted(ids) == sorted(paths)
    assert len(set(ids.values())) == len(paths), ids
    for path in paths:  # a .txt file's id is always its path without the extension
        if path.endswith(".txt"):
            assert ids[path] == path.removesuffix(".txt")


def test_files_whose_ids_would_clash_are_all_indexed_and_reported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(PLAIN, encoding="utf-8")
    (articles / "a.md").write_text(PLAIN.replace("Mekong", "Irrawaddy"), encoding="utf-8")
    where = ["--articles", str(articles), "--index", str(tmp_path / "index")]
    assert run(capsys, *where, "index")[0] == 0
    # Later a third file arrives whose stem is the second file's id.
    (articles / "a.md.txt").write_text(LABELLED, encoding="utf-8")
    status, out, err = run(capsys, *where, "index")
    assert status == 0 and out == "indexed 2, unchanged 1, removed 0, skipped 0\n"
    assert "a.md: its id is 'a.md~2' because a.md.txt has the id 'a.md'" in err
    for _ in range(2):  # and again: nothing is lost on the next runs
        status, out, _err = run(capsys, *where, "search", "--json", "irrawaddy OR welders")
        assert status == 0 and '"total": 2' in out
        assert '"id": "a.md~2"' in out and '"id": "a.md"' in out
        assert run(capsys, *where, "index")[1] == "indexed 0, unchanged 3, removed 0, skipped 0\n"
    status, out, _err = run(capsys, *where, "check")
    assert "a.md: its id is 'a.md~2' because a.md.txt has the id 'a.md'" in out
    assert "[id-clash]" in out


# -- runaway files and the search's budget (row 12) --------------------------------------


def test_a_file_of_many_labels_keeps_the_first_pairs_and_every_word() -> None:
    text = "Title\n\n" + "Q: a\nA: b\n" * 200_000
    result = parse_article(text, id="big", path="big.txt")
    assert len(result.article.pairs) == MAX_PAIRS
    assert result.article.pairs[-1].answer.count("Q: a") == 200_000 - MAX_PAIRS  # words kept
    assert any(f"more than {MAX_PAIRS:,} questions" in w for w in result.warnings)


def test_the_question_mark_shape_is_capped_too() -> None:
    text = "Title\n\nA lede.\n\n" + "Why?\n\nBecause.\n\n" * (MAX_PAIRS + 50)
    result = parse_article(text, id="qm", path="qm.txt")
    assert len(result.article.pairs) == MAX_PAIRS
    assert result.article.pairs[-1].answer.count("Why?") == 50
    assert any("more than" in w for w in result.warnings)
    exactly = "Title\n\nA lede.\n\n" + "Why?\n\nBecause.\n\n" * MAX_PAIRS
    assert not parse_article(exactly, id="qm", path="qm.txt").warnings


@pytest.mark.in_process  # patches brreader's internals, which a server process cannot see
def test_a_search_leaves_a_file_bigger_than_its_budget_to_brreader_index(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from brreader.cli import refresh

    monkeypatch.setattr(refresh, "SEARCH_BUDGET", 20_000)
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "small.txt").write_text(PLAIN, encoding="utf-8")
    (articles / "huge.txt").write_text(LABELLED + "Q: a\nA: b\n" * 5_000, encoding="utf-8")
    where = ["--articles", str(articles), "--index", str(tmp_path / "index")]
    status, out, err = run(capsys, *where, "search", "mekong")
    assert status == 0 and "Sensors Along the River" in out
    assert "1 more are not indexed yet: run 'brreader index'" in err
    status, out, err = run(capsys, *where, "index")
    assert status == 0 and out.startswith("indexed 1,")
    status, out, _err = run(capsys, *where, "search", "--json", "welders")
    assert status == 0 and '"total": 1' in out


# -- the state file as a symlink (row 14) -------------------------------------------------


def test_a_state_file_that_is_a_symlink_is_written_through(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "brreader-state.json"  # not there yet: the first save makes it
    link = tmp_path / "data" / "state.json"
    link.parent.mkdir()
    link.symlink_to(real)
    monkeypatch.setenv("BRREADER_STATE", str(link))
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(PLAIN, encoding="utf-8")
    where = ["--articles", str(articles), "--index", str(tmp_path / "index")]
    for name in ("rivers", "rails"):
        status, _out, err = run(capsys, *where, "saved", "add", name, "mekong")
        assert status == 0 and err == ""
    assert link.is_symlink() and link.resolve() == real
    assert '"rivers"' in real.read_text(encoding="utf-8")
    assert '"rails"' in real.read_text(encoding="utf-8")
    assert not list(link.parent.glob(".*.tmp")) and not list(dotfiles.glob(".*.tmp"))
    status, out, _err = run(capsys, *where, "saved", "list")
    assert status == 0 and "rivers" in out and "rails" in out


# -- a search racing a rebuild (row 6) --------------------------------------------------


def test_a_rebuild_marks_the_index_as_partial_until_its_last_batch(tmp_path: Path) -> None:
    from brreader.engine.limits import Limits
    from brreader.search import Archive
    from tests.conftest import write_articles

    write_articles(tmp_path / "articles", 6)
    small = Limits(first_batch_bytes=1, batch_bytes=2 * len(PLAIN.encode()))
    builder = Archive(tmp_path / "articles", tmp_path / "index", limits=small)
    seen: list[bool] = []

    def committed() -> None:  # between batches, as another process would look
        other = Archive(tmp_path / "articles", tmp_path / "index")
        seen.append(other.building())
        other.close()

    builder.update(rebuild=True, committed=committed)
    assert seen and all(seen)
    assert not builder.building()
    builder.close()


# Rewrites the index record by hand, not atomically, while a server's watcher may read it.
@pytest.mark.in_process
def test_a_search_answered_mid_rebuild_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import json

    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(PLAIN, encoding="utf-8")
    where = ["--articles", str(articles), "--index", str(tmp_path / "index")]
    assert run(capsys, *where, "index")[0] == 0
    # What another brreader's rebuild leaves between its first and last batch.
    record = tmp_path / "index" / "brreader-index.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    record.write_text(json.dumps({**data, "building": True}), encoding="utf-8")
    status, _out, err = run(capsys, *where, "search", "welders")
    assert status == 1
    assert err.splitlines() == [
        "brreader: no articles match 'welders'",
        "brreader: another brreader is rebuilding the index; results cover what it has saved "
        "so far",
    ]


# -- articles on a read-only mount (row 17) --------------------------------------------------


@pytest.mark.in_process  # patches brreader's internals, which a server process cannot see
def test_an_index_folder_that_cannot_be_made_says_to_pass_index(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    articles = tmp_path / "mnt" / "articles"
    articles.mkdir(parents=True)
    (articles / "a.txt").write_text(PLAIN, encoding="utf-8")
    real_mkdir = Path.mkdir

    mount = articles.parent
    monkeypatch.setenv("BRREADER_CACHE", str(mount / "cache"))  # the default index's home

    def read_only(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if mount in self.parents:  # the mount: as root, chmod would not stop us
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", read_only)
    for command in (["list"], ["search", "mekong"]):
        status, out, err = run(capsys, "--articles", str(articles), *command)
        assert status == 3 and out == ""
        assert err == (
            f"brreader: cannot create index folder {cache_index(articles)}: Read-only file "
            "system; choose a folder you can write to with --index DIR (or BRREADER_INDEX)\n"
        )
    status, out, _err = run(
        capsys, "--articles", str(articles), "--index", str(tmp_path / "idx"), "search", "mekong"
    )
    assert status == 0 and "Sensors Along the River" in out
