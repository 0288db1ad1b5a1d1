"""The best articles of common words, found without scoring every posting (engine/topk.py).

Pages ranked with score bounds must be the pages every posting's score gives:
the same articles, in the same order, with the same scores, and the same count.
"""

from __future__ import annotations

import random
from pathlib import Path

from brreader.engine import presence, vector
from brreader.engine.limits import Limits
from brreader.search import Archive

COMMON = ["river", "gauge", "farmer", "pump", "rail"]


def _archive(root: Path, count: int, seed: int) -> None:
    """Articles where a few words are everywhere and many share a prefix (kaN)."""
    rng = random.Random(seed)
    words = COMMON + [f"ka{n}" for n in range(30)] + [f"w{n}" for n in range(60)]

    def sentence(low: int, high: int) -> str:
        picks = [rng.choice(COMMON) if rng.random() < 0.6 else rng.choice(words)]
        picks += [rng.choice(words) for _ in range(rng.randint(low, high))]
        return " ".join(picks)

    root.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        lines = ["Some Outlet", "", sentence(1, 4).title(), "", "March 3, 2021", ""]
        lines += [f"Dara Kheng explains {sentence(2, 8)}.", ""]
        for _ in range(rng.randint(1, 5)):
            lines += [sentence(2, 8) + "?", "", sentence(5, 50) + ".", ""]
        (root / f"a{n:03d}.txt").write_text("\n".join(lines), encoding="utf-8")


QUERIES = ["river", "gauge", "river pump", "farmer rail", "w3 river", "title:gauge", "ka*", "ka1*"]
QUERIES += ["ka1* OR w1*", "question:ka*", "w4 ka*"]  # prefixes read as arrays (numpy)
QUERIES += ["why river?", "what about gauge?"]  # questions: the asking words only add
# A rarer word with a common one, either way round: the common one's lists are then
# scored only at the rarer one's articles (numpy's path).
QUERIES += ["w7 river", "pump w11", "ka3* farmer"]


def _pages(archive: Archive) -> dict[tuple[str, int], tuple[int, list[tuple[str, float]]]]:
    found = {}
    for query in QUERIES:
        for limit in (1, 3, 10, 50):
            result = archive.search(query, limit=limit, snippets=False)
            found[(query, limit)] = (
                result.total,
                [
                    (h.info.id, h.score, [(m.number, m.score) for m in h.matches])
                    for h in result.hits
                ],
            )
    return found


def test_pages_of_common_words_match_scoring_every_posting(tmp_path: Path, arrays: str) -> None:
    articles = tmp_path / "articles"
    _archive(articles, 160, seed=5)
    archive = Archive(articles, tmp_path / "index")
    archive.update()
    _archive(articles / "more", 40, seed=6)  # a second segment
    (articles / "a005.txt").unlink()  # and a deletion in the first
    archive.update()
    bounded = _pages(archive)
    archive.close()
    vector.disable()  # the pages to compare with: every posting scored by plain Python,
    presence.disable()  # every word looked up by Whoosh
    every = Archive(articles, tmp_path / "index", limits=Limits(top_bounds=False))
    scored = _pages(every)
    every.close()
    whoosh = Archive(articles, tmp_path / "index", limits=Limits(bulk_scoring=False))
    theirs = _pages(whoosh)
    whoosh.close()
    for key, (total, hits) in bounded.items():
        assert len(hits) == min(total, key[1]) > 0, key  # a full page, or every match
        assert (total, hits) == scored[key], key  # same articles, order and scores, exactly
        assert total == theirs[key][0], key
        assert [h[0] for h in hits] == [h[0] for h in theirs[key][1]], key


def test_a_prefix_lists_the_words_whoosh_lists(tmp_path: Path) -> None:
    from whoosh.filedb.filestore import FileStorage

    from brreader.engine.internals import closest_key_pos, prefix_words

    articles = tmp_path / "articles"
    _archive(articles, 60, seed=7)
    archive = Archive(articles, tmp_path / "index")
    archive.update()
    _archive(articles / "more", 20, seed=8)
    archive.update()
    location = archive.location
    archive.close()
    with FileStorage(str(location)).open_index("MAIN").searcher() as searcher:
        listed = 0
        for leaf, _offset in searcher.reader().leaf_readers():
            for field in ("title", "lede", "questions", "answers", "interviewee"):
                for prefix in ("ka", "ka1", "w", "riv", "r", "zz", "kheng"):
                    words = prefix_words(leaf, field, prefix.encode())
                    assert words == list(leaf.expand_prefix(field, prefix)), (field, prefix)
                    listed += len(words or ())
        assert listed > 100
        # The binary search that keeps what it read finds what Whoosh's finds, twice over.
        for leaf, _offset in searcher.reader().leaf_readers():
            tindex = leaf._terms._tindex
            keys = [b"", b"\x00", b"\xff\xff", *(k + b"\x00" for k in tindex.keys())][:400]
            keys += list(tindex.keys())[:400]
            for _round in range(2):
                for key in keys:
                    assert closest_key_pos(tindex, key) == tindex.closest_key_pos(key), key


def test_a_word_in_another_language_is_found_in_the_segment_that_has_it(
    tmp_path: Path, arrays: str
) -> None:
    articles = tmp_path / "articles"
    _archive(articles, 40, seed=9)  # English only: the first segment has no French
    archive = Archive(articles, tmp_path / "index")
    archive.update()
    (articles / "fr.txt").write_text(
        "La Revue\n\nLa coopération des laboratoires\n\n3 mars 2021\n\n"
        "Élise Marchand dirige un laboratoire.\n\n"
        "Pourquoi coopérer avec vos voisins ?\n\nParce que nos capteurs coopèrent déjà.\n",
        encoding="utf-8",
    )
    archive.update()  # a second segment, with the French article
    found = {q: archive.search(q, limit=5, snippets=False) for q in ("coopération", "river")}
    archive.close()
    whoosh = Archive(articles, tmp_path / "index", limits=Limits(bulk_scoring=False))
    for query, result in found.items():
        theirs = whoosh.search(query, limit=5, snippets=False)
        assert result.total == theirs.total > 0, query
        assert [h.info.id for h in result.hits] == [h.info.id for h in theirs.hits], query
    whoosh.close()
    assert found["coopération"].hits[0].info.id == "fr"
