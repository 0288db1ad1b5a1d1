"""The English stemmer is one setting (``analysis.ENGLISH_STEMMER``), and everything follows it.

Indexing (the fast writer and Whoosh's chain), query words, highlighting,
did-you-mean and related pairs all stem English through
``analysis.stem_english``; the index version changes with the stemmer, so
an index built with another one is rebuilt rather than searched with terms
it does not hold. The candidates are compared by ``benchmarks/stemmers.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from brreader.articles import discover, read_article
from brreader.engine import analysis, fastterms, schema
from brreader.engine.stemming import STEMMERS, light, plural
from brreader.search import Archive
from tests.conftest import REPO, SAMPLE_ARTICLES


def _forget_stems() -> None:
    """Empty every cache of English stems, so the next word is stemmed afresh."""
    fastterms.forget_stems()  # the fast path's caches (the writer's and highlighting's)
    analysis.english.cache_clear()
    for item in schema.ANALYZER.english_chain.items:
        if getattr(item, "is_morph", False):
            item.clear()


@pytest.fixture
def stemmer(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run a test with the English stemmer named by the test's parameter."""
    name = str(request.param)
    _forget_stems()
    monkeypatch.setattr(analysis, "ENGLISH_STEMMER", name)
    yield name
    _forget_stems()  # before monkeypatch restores the setting: no light stem survives


# -- the light stemmers, word by word ------------------------------------------


@pytest.mark.parametrize(
    ("words", "same"),
    [
        # Plurals and inflections meet their base form ...
        (("engine", "engines"), True),
        (("engineer", "engineers", "engineering", "engineered"), True),
        (("train", "trains", "trained", "training"), True),
        (("country", "countries"), True),
        (("study", "studies", "studied", "studying"), True),
        (("use", "used", "uses", "using"), True),
        (("change", "changes", "changed", "changing"), True),
        (("stop", "stops", "stopped", "stopping"), True),
        (("signal", "signals", "signalling", "signalled"), True),
        (("class", "classes"), True),
        (("church", "churches"), True),
        (("gas", "gases"), True),
        (("add", "added", "adding"), True),
        (("call", "calls", "called", "calling"), True),
        # ... but a machine is not the person who designs it, nor what they study.
        (("engine", "engineer"), False),
        (("engines", "engineering"), False),
        # Derivations are left alone: that is what makes it light.
        (("vaccine", "vaccination"), False),
        (("cooperate", "cooperation"), False),
        # Words that only look inflected.
        (("news", "new"), False),
        (("series", "sery"), False),
        (("morning", "morn"), False),
        (("hundred", "hundr"), False),
    ],
)
def test_light_stemmer_meets_inflections_and_keeps_derivations_apart(
    words: tuple[str, ...], same: bool
) -> None:
    stems = {light(word) for word in words}
    assert (len(stems) == 1) is same, {word: light(word) for word in words}


def test_light_stemmer_leaves_words_it_cannot_read_alone() -> None:
    for word in ("5g", "covid19", "u.s", "is", "as", "campus", "analysis", "various", "speed"):
        assert light(word) == light(light(word))  # stable
    assert light("5g") == "5g"
    assert light("speed") == "speed"  # not "spe": -eed is not -ed
    assert light("red") == "red"


def test_plural_stemmer_removes_plurals_only() -> None:
    assert plural("trains") == plural("train") == "train"
    assert plural("training") == "training"
    assert plural("trained") == "trained"
    assert plural("countries") == "country"
    assert plural("boxes") == "box"
    assert plural("engines") == "engine" != plural("engineers")
    assert plural("campus") == "campus"
    assert plural("news") == "news"
    # A plural that cannot tell its singular: both forms meet.
    for pair in (("headache", "headaches"), ("church", "churches"), ("case", "cases")):
        assert plural(pair[0]) == plural(pair[1]), pair
    for pair in (("movie", "movies"), ("gas", "gases"), ("response", "responses")):
        assert plural(pair[0]) == plural(pair[1]), pair
    # ... and a word ending in -se keeps its e, so "*ulse" and "disease*" still find it.
    assert plural("pulse") == "pulse" and plural("disease") == plural("diseases") == "disease"
    assert plural("engine") != plural("engineer")


# -- one setting, one index version per stemmer -----------------------------------


def test_porter_is_the_setting_and_keeps_existing_indexes_valid() -> None:
    assert analysis.ENGLISH_STEMMER in STEMMERS
    assert schema.schema_version("porter") == schema.LAYOUT_VERSION
    versions = {name: schema.schema_version(name) for name in STEMMERS}
    assert len(set(versions.values())) == len(versions), versions
    assert schema.SCHEMA_VERSION == versions[analysis.ENGLISH_STEMMER]


def test_switching_the_stemmer_rebuilds_the_index(tmp_path: Path) -> None:
    # Build with today's stemmer, then open the same index in a process whose
    # setting names a light one: it must rebuild, and then search by its stems.
    other = "plural" if analysis.ENGLISH_STEMMER == "light" else "light"
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "depot.txt").write_text(DEPOT, encoding="utf-8")
    (articles / "course.txt").write_text(COURSE, encoding="utf-8")
    archive = Archive(articles, tmp_path / "index")
    archive.update()
    archive.close()
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from brreader.engine import analysis\n"
        f"analysis.ENGLISH_STEMMER = {other!r}\n"
        "from brreader.search import Archive\n"
        "a = Archive(Path(sys.argv[1]), Path(sys.argv[2]))\n"
        "report = a.update()\n"
        "found = [h.info.id for h in a.search('engines', snippets=False).hits]\n"
        "print(json.dumps({'report': str(report), 'found': found}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", script, str(articles), str(tmp_path / "index")],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    answer = json.loads(done.stdout)
    assert "another version" in answer["report"], answer
    assert answer["found"] == ["depot"]  # Porter and Snowball would also find "engineers"


# -- every path follows the setting ------------------------------------------------


@pytest.mark.parametrize("stemmer", list(STEMMERS), indirect=True)
def test_fast_writer_and_whoosh_chain_index_the_same_terms(stemmer: str) -> None:
    files, _ = discover(SAMPLE_ARTICLES)
    checked = 0
    for file in files:
        article = read_article(SAMPLE_ARTICLES, file.path, file.id).article
        for text in [article.lede, *(p.answer for p in article.pairs)]:
            expected: dict[str, list[int]] = {}
            for token in schema.ANALYZER(text, positions=True):
                expected.setdefault(token.text, []).append(token.pos)
            assert fastterms.term_positions(text) == expected, (stemmer, file.path)
            checked += 1
    assert checked > 100
    assert analysis.english("engineers") == STEMMERS[stemmer]("engineers")


DEPOT = (
    "Rail Weekly\n\nThe depot at the end of the line\n\nJune 2, 2023\n\n"
    "Selam Worku, a supervisor, runs a locomotive depot.\n\n"
    "What do you service?\n\n"
    "Electric locomotives and a few shunting engines; each engine is inspected monthly.\n\n"
    "What breaks most?\n\nWheel bearings, in the heat of the lowlands.\n"
)
COURSE = (
    "Campus News\n\nA course for young engineers\n\nMay 5, 2022\n\n"
    "Zsofia Kertesz, a professor, teaches a master's course.\n\n"
    "Who are your students?\n\n"
    "Engineers from eleven countries, who come for the engineering laboratories.\n\n"
    "What do they find hardest?\n\nThe winter, and the safety rules.\n"
)


@pytest.fixture
def two(stemmer: str, make_archive: Callable[..., Archive]) -> Archive:
    return make_archive({"depot.txt": DEPOT, "course.txt": COURSE})


def _ids(archive: Archive, text: str) -> list[str]:
    return sorted(hit.info.id for hit in archive.search(text).hits)


@pytest.mark.parametrize("stemmer", ["light"], indirect=True)
def test_light_keeps_engines_and_engineers_apart_in_search(two: Archive) -> None:
    assert _ids(two, "engines") == ["depot"]
    assert _ids(two, "engine") == ["depot"]
    assert _ids(two, "engineer") == ["course"]  # "Engineers", "engineering"
    assert _ids(two, "country") == ["course"]  # "countries"


@pytest.mark.parametrize("stemmer", ["porter"], indirect=True)
def test_porter_merges_engines_and_engineers(two: Archive) -> None:
    # What issue 20 reported, kept as the reason the setting exists.
    assert _ids(two, "engines") == ["course", "depot"]


@pytest.mark.parametrize("stemmer", ["light"], indirect=True)
def test_light_highlights_the_inflected_words_and_not_the_derived_ones(two: Archive) -> None:
    found = two.search("engine")
    (hit,) = found.hits
    marked = [m.snippet.text[s:e] for m in hit.matches for s, e in m.snippet.spans]
    assert sorted(w.lower() for w in marked) == ["engine", "engines"]
    course = two.search("engineers").hits[0]
    marked = [m.snippet.text[s:e] for m in course.matches for s, e in m.snippet.spans]
    assert sorted(w.lower() for w in marked) == ["engineering", "engineers"]


@pytest.mark.parametrize("stemmer", ["light"], indirect=True)
def test_light_did_you_mean_spells_a_word_the_articles_use(two: Archive) -> None:
    assert two.suggest("locmotives") == "locomotives"
    assert two.suggest("engineerz") == "engineers"  # a light stem of its own, not "engines"
    assert two.suggest("bearngs") == "bearings"
    assert two.suggest("locomotivs") is None  # the light stem of "locomotives": found as typed


@pytest.mark.parametrize(
    ("stemmer", "engineers_too"), [("light", False), ("porter", True)], indirect=["stemmer"]
)
def test_related_pairs_meet_on_the_stemmer_s_terms(
    stemmer: str, engineers_too: bool, make_archive: Callable[..., Archive]
) -> None:
    # The yard's pair is about engines; the course's pair about engineers.
    archive = make_archive({"depot.txt": DEPOT, "course.txt": COURSE, "yard.txt": YARD})
    related = [r.info.id for r in archive.related("yard", 1)]
    assert related[:1] == ["depot"]
    assert ("course" in related) is engineers_too, related


YARD = (
    "Rail Weekly\n\nA shunting yard\n\nJuly 1, 2024\n\n"
    "Amare Bekele, a foreman, keeps the yard moving.\n\n"
    "Which engine shunts the wagons?\n\n"
    "An old shunting engine, and two newer engines bought last year.\n"
)


# -- the comparison script ----------------------------------------------------------


def test_the_stemmer_comparison_runs_end_to_end(tmp_path: Path) -> None:
    # A tiny archive where the stemmers disagree: Porter's "engines" also finds the
    # course on engineers, which the judgments grade 0; the light stemmer does not.
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "depot.txt").write_text(DEPOT, encoding="utf-8")
    (articles / "course.txt").write_text(COURSE, encoding="utf-8")
    (articles / "yard.txt").write_text(YARD, encoding="utf-8")
    judgments = tmp_path / "judgments.yaml"
    judgments.write_text(
        "types: {topic: t, natural: n}\n"
        "queries:\n"
        "  - {query: engines, type: topic, judgments: {depot: 1, yard: 2}}\n"
        "  - {query: 'which engine shunts the wagons?', type: natural, judgments: {yard: 2}}\n",
        encoding="utf-8",
    )
    command = [sys.executable, str(REPO / "benchmarks" / "stemmers.py")]
    options = ["--articles", str(articles), "--judgments", str(judgments), "--json"]
    options += ["--stemmers", "porter,light", "--speed", "4", "--runs", "1", "--any-word"]
    done = subprocess.run(
        [*command, *options], capture_output=True, text=True, check=True, timeout=300
    )
    data = json.loads(done.stdout)
    for part in ("relevance", "any_word"):
        assert set(data[part]) == {"porter", "light"}
        for found in data[part].values():
            assert set(found["by_type"]) == {"topic", "natural"}
            assert found["queries"] == 2
    assert data["relevance"]["light"]["by_query"]["engines"]["recall@10"] == 1.0
    assert data["speed"]["porter"]["cpu_ratio"] == 1.0
    assert data["speed"]["light"]["cpu"] > 0
    bad = subprocess.run(
        [*command, "--stemmers", "porter,nope", "--speed", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2
    assert "unknown stemmer 'nope'" in bad.stderr
