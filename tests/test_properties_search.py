"""Property-based checks of reading, indexing and searching (hypothesis).

- any bytes in an article file are read without an exception other than
  ``ArticleError``, and that one only for binary or blank files;
- parsing is deterministic;
- an article written with the characters a writer may safely use parses back
  exactly, and ``show --json`` and ``list --json`` after indexing give back
  what ``parse_article`` makes of the file;
- no query text makes ``Archive.search``, ``suggest`` or ``terms`` raise
  anything but ``QueryError``.
"""

from __future__ import annotations

import itertools
import json
import re
import string
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from brreader.articles import ArticleError, read_article
from brreader.cli import main
from brreader.dates import parse_date
from brreader.parse import decode, parse_article
from brreader.search import Archive, QueryError
from tests.conftest import FRONT_MATTER, LABELLED, PLAIN, write_files


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _examples(count: int) -> settings:
    """Settings for a property: ``count`` examples, no deadline, fixtures shared by examples.

    The fixtures used with @given are module-scoped (built once) or capsys, which is
    read before and after each example, so sharing them between examples is safe.
    """
    return settings(
        max_examples=count,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )


def _fields(article) -> list[str]:
    values = [article.title, article.outlet, article.interviewee, article.lede, article.source]
    values += [article.url, *article.tags]
    return values + [p.question for p in article.pairs] + [p.answer for p in article.pairs]


# --- bytes in, article or ArticleError out ---------------------------------------------------

FRAGMENTS = [
    "---\n", "title: T\n", "published: 2021-03-03\n", "tags: [a, b]\n", "published: x\n",
    "Q: ", "A: ", "Question: ", "Dara Kheng: ", "Kheng: ", "**Q:** ", "?", "\n", "\n\n",
    "\r\n", "\r", "\ufeff", "\u00a0", "\t", "Source: Wire", "June 2, 2019", "09:25, ",
    "Dara Kheng, a hydrologist, said", "How did it start?", "It began.", "\x1b[2J", "\x00",
    "\u202e", "\x9b", "Mekông", "水库", "…", "“", "？",
]  # fmt: skip
article_like = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=40
).map("".join)

file_bytes = st.one_of(
    st.binary(max_size=600),
    article_like.map(lambda text: text.encode("utf-8")),
    article_like.map(lambda text: b"\xef\xbb\xbf" + text.encode("utf-8")),
    article_like.map(lambda text: text.encode("utf-16")),
    article_like.map(lambda text: text.encode("cp1252", errors="replace")),
    st.tuples(article_like, st.binary(max_size=8), article_like).map(
        lambda parts: parts[0].encode("utf-8") + parts[1] + parts[2].encode("utf-8")
    ),
)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bytes")


@_examples(400)
@given(file_bytes)
def test_any_bytes_read_as_an_article_or_article_error(scratch: Path, data: bytes) -> None:
    (scratch / "x.txt").write_bytes(data)
    try:
        result = read_article(scratch, "x.txt", "x")
    except ArticleError:
        # Allowed only for binary data (a NUL byte) or a file with nothing in it.
        text, _ = decode(data)
        assert b"\x00" in data or not text.strip(" \t\r\n\ufeff\u00a0")
        return
    assert (result.article.id, result.article.path) == ("x", "x.txt")
    for value in _fields(result.article):
        assert not UNSAFE.search(value), repr(value)
    # Same bytes, same result.
    assert read_article(scratch, "x.txt", "x") == result


@_examples(300)
@given(st.one_of(st.text(), article_like))
def test_parsing_is_deterministic(text: str) -> None:
    first = parse_article(text, id="x", path="x.txt")
    second = parse_article(text, id="x", path="x.txt")
    assert first == second


# --- written articles read back exactly, and so does the index ------------------------------
#
# What a writer may use so that parsing is exact: letters and digits of any script, and
# inside a sentence the punctuation , ; . ! ' " ( ) - – « » “ ”. Not "?" or "？" except
# at the end of a question (a paragraph ending in one is a question), not ":" or "：" (a
# word followed by a colon at the start of a line can be a speaker label), no control
# characters, tabs or runs of spaces, and no "*" or "_" (markdown around labels). Text is
# read in Unicode NFC form, so the writer's words are NFC (Hangul jamo, for one, compose).
# Titles and outlets must not be dates; a lede starts with the interviewee's name: two or
# three capitalised words followed by a comma, not an honorific or a sentence opener.

letter_or_digit = st.characters(categories=["L", "N"])
word = st.text(letter_or_digit, min_size=1, max_size=8).map(nfc)
inner_punctuation = st.sampled_from(
    ["", "", "", ",", ";", ".", "!", "'", '"', "(", ")", "-", "–", "«", "»", "“", "”"]
)
punctuated_word = st.tuples(word, inner_punctuation).map("".join)
sentence = st.lists(punctuated_word, min_size=1, max_size=10).map(" ".join)
heading = st.lists(word, min_size=1, max_size=6).map(" ".join)

UPPER = string.ascii_uppercase + "ÀÉÎÕÜÇÑÅØĐĂƠƯАБВГДЕЖЗИКЛМНОПРСТУФХЦЧЭЮЯΑΒΓΔΕΖΘΚΛΜΞΠΣΦΨΩ"
LOWER = string.ascii_lowercase + "àéîõüçñåøđăơưабвгдежзиклмнопрстуфхцчэюяαβγδεζθκλμξπσφψω"
NOT_NAMES = {
    "the", "and", "for", "with", "from", "during", "when", "after", "before", "since",
    "while", "this", "that", "these", "those", "they", "she", "our", "how", "what", "why",
    "over", "under", "across", "amid", "ahead", "following", "last", "next", "today",
    "recently", "speaking", "according", "prof", "professor", "mrs", "dame", "sir", "madam",
    "bin", "binti", "ibn", "ben", "van", "von", "der", "den", "del", "della", "dos", "das",
    "ter", "ten",
}  # fmt: skip
name_token = st.tuples(st.sampled_from(UPPER), st.text(LOWER, min_size=2, max_size=8)).map("".join)
name = (
    st.lists(name_token, min_size=2, max_size=3, unique=True)
    .filter(lambda tokens: not {t.lower() for t in tokens} & NOT_NAMES)
    .map(" ".join)
)
answer = st.lists(sentence.map(lambda s: s + "."), min_size=1, max_size=3)
pairs = st.lists(st.tuples(sentence, answer), min_size=1, max_size=5)


def _write(style: str, outlet: str, title: str, who: str, lede_rest: str, items) -> str:
    lines = [outlet, "", title, "", "March 3, 2021", "", f"{who}, {lede_rest}.", ""]
    for question, paragraphs in items:
        if style == "plain":
            lines += [question + "?", ""] + [p + "\n" for p in paragraphs]
        else:
            lines += [f"Q: {question}", f"A: {paragraphs[0]}", ""]
            lines += [p + "\n" for p in paragraphs[1:]]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def shown(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where each example gets a folder of its own (articles/ and index/)."""
    return tmp_path_factory.mktemp("shown")


_numbers = itertools.count()


def _cli_json(capsys, folder: Path, *args: str):
    capsys.readouterr()
    status = main(["--articles", str(folder), *args])
    out, err = capsys.readouterr()
    assert status == 0, err
    return json.loads(out)


@_examples(80)
@given(
    style=st.sampled_from(["plain", "labelled"]),
    outlet=heading,
    title=heading,
    who=name,
    lede_rest=sentence,
    items=pairs,
)
def test_indexed_article_shows_what_was_written(
    capsys, shown: Path, style, outlet, title, who, lede_rest, items
) -> None:
    assume(parse_date(outlet) is None and parse_date(title) is None)
    text = _write(style, outlet, title, who, lede_rest, items)
    # A fresh index per example: hypothesis seeds the global random module the same way
    # for every example, and Whoosh names its segments with it, so a second commit to a
    # shared index from a later example would reuse a segment name.
    folder = shown / str(next(_numbers)) / "articles"
    folder.mkdir(parents=True)
    path = f"2021/{style}.txt"
    (folder / "2021").mkdir()
    (folder / path).write_text(text, encoding="utf-8")

    # The writer's rules make parsing exact.
    article = parse_article(text, id=path[:-4], path=path).article
    assert (article.outlet, article.title, article.interviewee) == (outlet, title, who)
    assert article.lede == f"{who}, {lede_rest}."
    assert article.published == datetime(2021, 3, 3)
    expected_questions = [q + "?" if style == "plain" else q for q, _ in items]
    assert [p.question for p in article.pairs] == expected_questions
    assert [p.answer for p in article.pairs] == ["\n\n".join(a) for _, a in items]

    # show --json (after the command indexes the new file) gives back the parsed file.
    data = _cli_json(capsys, folder, "show", "--json", path[:-4])
    assert data["id"] == article.id and data["path"] == path
    assert (data["title"], data["outlet"]) == (article.title, article.outlet)
    assert (data["interviewee"], data["lede"]) == (article.interviewee, article.lede)
    assert data["published"] == "2021-03-03T00:00:00"
    assert data["pairs"] == [{"question": p.question, "answer": p.answer} for p in article.pairs]

    # list --json answers from what the index stored, and agrees.
    listed = {entry["id"]: entry for entry in _cli_json(capsys, folder, "list", "--json")}
    entry = listed[article.id]
    assert (entry["title"], entry["outlet"]) == (article.title, article.outlet)
    assert (entry["interviewee"], entry["published"]) == (article.interviewee, data["published"])


# --- no query makes search raise anything but QueryError ------------------------------------

SCRIPTS = (
    "World Water Desk\n\nRivers in Many Scripts\n\nMay 5, 2023\n\n"
    "Nguyen Thi Lan, a water engineer, talks about rivers.\n\n"
    "What do people call the reservoir?\n\nВодохранилище near Красноярске; 水库 水电站.\n\n"
    "And in Vietnam?\n\nĐồng bằng sông Cửu Long; المياه الجوفية.\n"
)
QUERY_TOKENS = [
    "rail", "Mekong", "mekông", "farmers", "gauges", "pumps", "welders", "flood", "pulse",
    "title:", "q:", "a:", "who:", "tags:", "tag:", "lede:", "outlet:", "source:", "answer:",
    "question:", "interviewee:", "published:", "colour:", "Title:", "AND", "OR", "NOT", "and",
    "to", "TO", '"', "'", "(", ")", "[", "]", "{", "}", "*", "?", "~", "~2", "^", "^3", "+",
    "-", ":", "\\", "/", "2021", "2019-06", "2022-11-15", "[2020 to 2022]", "[2024 to]",
    "[to 2020]", 'published:"', 'title:"', "水库", "водохранилище", "Cửu", "المياه", "\x00",
    "\x1b", "\u202e", " ", "\t", "\n", "é", "ß", "ﬁ", "İ",
]  # fmt: skip
FIELDS = ["title", "q", "who", "published", "tags", "Answer"]
# A field with a quoted phrase or a range: field:"...", field:[... to ...]
field_value = st.tuples(
    st.sampled_from(FIELDS),
    st.sampled_from(['"{}"', "[{} to {}]", "{{{} TO {}]", "({})"]),
    st.lists(st.one_of(st.sampled_from(QUERY_TOKENS), st.text(max_size=4)), max_size=3),
).map(lambda parts: parts[0] + ":" + parts[1].format(*parts[2], "", "", "", ""))
queries = st.one_of(
    st.text(max_size=40),
    st.lists(
        st.tuples(
            st.one_of(st.sampled_from(QUERY_TOKENS), st.text(max_size=5), field_value),
            st.sampled_from(["", " "]),
        ),
        max_size=12,
    ).map(lambda parts: "".join(token + gap for token, gap in parts)),
)


@pytest.fixture(scope="module")
def small_archive(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("queries") / "articles"
    files = {
        "2021/sensors.txt": PLAIN,
        "2019/depot.txt": LABELLED,
        "2022/cold-chain.md": FRONT_MATTER,
        "2023/scripts.txt": SCRIPTS,
    }
    write_files(root, files)
    archive = Archive(root, root.parent / "index")
    archive.update()
    yield archive
    archive.close()


@_examples(500)
@given(queries)
def test_no_query_makes_search_raise(small_archive: Archive, text: str) -> None:
    totals = []
    for sort in ("relevance", "newest"):
        try:
            results = small_archive.search(text, limit=3, sort=sort)
        except QueryError:
            totals.append(None)
            continue
        assert 0 <= len(results.hits) <= min(3, results.total)
        totals.append(results.total)
    # The bulk scorer (relevance) and Whoosh's collector (newest) agree on what matches.
    assert totals[0] == totals[1]
    try:
        small_archive.suggest(text)
    except QueryError:
        pass
    try:
        small_archive.query_terms(text)
    except QueryError:
        pass


@_examples(250)
@given(queries)
def test_a_suggestion_is_itself_a_query(small_archive: Archive, text: str) -> None:
    try:
        suggestion = small_archive.suggest(text)
    except QueryError:
        return
    if suggestion is not None:
        try:
            small_archive.search(suggestion, limit=1)
        except QueryError as error:
            raise AssertionError(f"suggest({text!r}) = {suggestion!r}: {error}") from None
