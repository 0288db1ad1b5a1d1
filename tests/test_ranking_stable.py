"""Optimisations must not change what users find: matching ids and top-10 order.

``tests/golden/ranking.json`` holds, for a fixed set of queries over the
sample archive, every matching article id and the first ten in rank order,
as brreader returned them before the index was tuned for speed. A deliberate
change of ranking regenerates it with ``python tests/test_ranking_stable.py``
and says why in the commit message.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from brreader.search import Archive

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).with_name("golden") / "ranking.json"
QUERIES = [
    "Mekong",
    "mekông",
    "satellite",
    "rail signalling",
    "water OR irrigation",
    '"ground station"',
    "vaccine NOT solar",
    "question:students",
    "q:training a:engineers",
    "who:Rakhimova",
    "title:rail",
    "tag:water",
    "outlet:Harbour",
    "published:[2019 to 2021] fibre",
    "hydro*",
    "satelite~",
    "students engineers laboratory",
    "border",
]
SORTS = [("Mekong", "newest"), ("rail", "oldest")]


def results(root: Path) -> dict[str, dict[str, list[str]]]:
    archive = Archive(root / "articles", root / "index", mmap=False)
    try:
        archive.update()
        found: dict[str, dict[str, list[str]]] = {}
        cases = [(q, "relevance") for q in QUERIES] + SORTS
        for text, sort in cases:
            everything = archive.search(text, limit=None, sort=sort, snippets=False)
            top = archive.search(text, limit=10, sort=sort, snippets=True)
            found[f"{sort}: {text}"] = {
                "ids": sorted(hit.info.id for hit in everything.hits),
                "top10": [hit.info.id for hit in top.hits],
                "pairs": [[m.number for m in hit.matches] for hit in top.hits],
            }
        return found
    finally:
        archive.close()


@pytest.fixture(scope="module")
def sample_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ranking")
    shutil.copytree(REPO / "articles", root / "articles")
    return root


def test_matches_and_order_unchanged(sample_copy: Path) -> None:
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    actual = results(sample_copy)
    assert actual.keys() == expected.keys()
    for case, want in expected.items():
        assert actual[case]["ids"] == want["ids"], case
        assert actual[case]["top10"] == want["top10"], case
        assert actual[case]["pairs"] == want["pairs"], case


def test_golden_queries_are_not_trivial() -> None:
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    counts = [len(case["ids"]) for case in expected.values()]
    assert sum(1 for n in counts if n >= 2) >= len(counts) - 3  # most queries rank something
    assert max(counts) > 10  # at least one query has more hits than the top ten


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        shutil.copytree(REPO / "articles", Path(scratch) / "articles")
        data = results(Path(scratch))
    GOLDEN.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    sys.stdout.write(f"wrote {GOLDEN}\n")
