"""One article id's document (Snapshot.article_doc), without the table of every id.

The widened search (too few articles with every word) needs the documents
of its one or two hits; building the table of all ids cost seconds per
commit at 100,000 articles. The single lookup must agree with the table.
"""

from __future__ import annotations

from pathlib import Path

from brreader.search import Archive
from tests.conftest import SAMPLE_ARTICLES


def test_one_ids_document_is_the_tables(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    everything = sorted(p for p in SAMPLE_ARTICLES.rglob("*") if p.is_file())
    archive = Archive(articles, tmp_path / "index")
    for part in range(2):  # two segments
        for path in everything[part::2]:
            target = articles / path.relative_to(SAMPLE_ARTICLES)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
        archive.update()
    edited = next(p for p in articles.rglob("*.txt"))
    edited.write_text(edited.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    archive.update()  # the old document of the edited article is a deletion
    with archive.index._snapshots.current() as snap:
        ids = list(snap.reader().field_terms("aid"))
        assert len(ids) > 10
        singles = {article_id: snap.article_doc(article_id) for article_id in ids}
        assert snap.article_doc("no-such-article") is None
        table = snap.article_docs()
        assert singles == {article_id: table.get(article_id) for article_id in ids}
        assert all(docnum is not None for docnum in singles.values())
        assert snap.article_doc(ids[0]) == table[ids[0]]  # from the table once it is built
    archive.close()
