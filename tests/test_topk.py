"""The best articles of common words, found without scoring every posting (engine/topk.py).

Pages ranked with score bounds must be the pages every posting's score gives:
the same articles, in the same order, with the same scores, and the same count.
"""

from __future__ import annotations

import random
from pathlib import Path

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


def _pages(archive: Archive) -> dict[tuple[str, int], tuple[int, list[tuple[str, float]]]]:
    found = {}
    for query in QUERIES:
        for limit in (1, 3, 10):
            result = archive.search(query, limit=limit, snippets=False)
            found[(query, limit)] = (result.total, [(h.info.id, h.score) for h in result.hits])
    return found


def test_pages_of_common_words_match_scoring_every_posting(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    _archive(articles, 160, seed=5)
    archive = Archive(articles, tmp_path / "index")
    archive.update()
    _archive(articles / "more", 40, seed=6)  # a second segment
    (articles / "a005.txt").unlink()  # and a deletion in the first
    archive.update()
    bounded = _pages(archive)
    archive.close()
    every = Archive(articles, tmp_path / "index", limits=Limits(top_bounds=False))
    scored = _pages(every)
    every.close()
    whoosh = Archive(articles, tmp_path / "index", limits=Limits(bulk_scoring=False))
    theirs = _pages(whoosh)
    whoosh.close()
    for key, (total, hits) in bounded.items():
        assert total > len(hits) > 0, key  # more matches than the page: something was left out
        assert (total, hits) == scored[key], key  # same articles, order and scores, exactly
        assert total == theirs[key][0], key
        assert [h[0] for h in hits] == [h[0] for h in theirs[key][1]], key
