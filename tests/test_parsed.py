"""Articles kept parsed by a warm process (``parsed.py``): never staler than the file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from brreader.articles import ArticleError
from brreader.parsed import ParsedArticles
from brreader.search import Archive
from tests.conftest import PLAIN, write_files


def test_a_warm_archive_shows_the_saved_text_of_an_article(tmp_path: Path) -> None:
    write_files(tmp_path / "articles", {"2021/sensors.txt": PLAIN})
    archive = Archive(tmp_path / "articles", tmp_path / "index")
    archive.update()
    archive.keep_warm()
    first = archive.search("mekong", limit=5)
    assert first.total == 1 and first.hits[0].matches
    again = archive.search("mekong", limit=5)
    assert [m.snippet for m in again.hits[0].matches] == [m.snippet for m in first.hits[0].matches]
    # Saved in place with the same size and the same modification time: still read again.
    path = tmp_path / "articles" / "2021" / "sensors.txt"
    before = path.stat()
    path.write_text(PLAIN.replace("twelve gauges", "eleven gauges"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    answers = [m.answer for m in archive.search("mekong", limit=5).hits[0].matches]
    assert any("eleven gauges" in a for a in answers), answers
    assert not any("twelve" in a for a in answers)
    archive.close()


def test_a_kept_article_is_read_again_once_its_file_changes(tmp_path: Path) -> None:
    root = tmp_path / "articles"
    write_files(root, {"a.txt": PLAIN})
    kept = ParsedArticles()
    first = kept.for_snippets(root, "a.txt", "a")
    assert kept.for_snippets(root, "a.txt", "a") is first  # the same file: kept
    (root / "a.txt").write_text(PLAIN.replace("twelve", "twenty"), encoding="utf-8")
    changed = kept.for_snippets(root, "a.txt", "a")
    assert changed is not first and changed != first
    (root / "a.txt").unlink()
    with pytest.raises(ArticleError):
        kept.for_snippets(root, "a.txt", "a")


def test_kept_articles_stay_within_their_budget(tmp_path: Path) -> None:
    root = tmp_path / "articles"
    write_files(root, {f"a{n}.txt": PLAIN for n in range(6)})
    size = (root / "a0.txt").stat().st_size
    kept = ParsedArticles(budget=3 * size)
    firsts = [kept.for_snippets(root, f"a{n}.txt", f"a{n}") for n in range(6)]
    assert kept.for_snippets(root, "a5.txt", "a5") is firsts[5]  # recent: kept
    assert kept.for_snippets(root, "a0.txt", "a0") is not firsts[0]  # oldest: let go
