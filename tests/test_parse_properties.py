"""Property-based checks: the parser never fails, and structured text reads back exactly."""

from __future__ import annotations

import string

from hypothesis import example, given, settings
from hypothesis import strategies as st

from brreader.parse import parse_article

UNSAFE = {chr(c) for c in range(0x20) if chr(c) not in "\n"} | {"\x7f", "\x1b", "\r"}


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_parses_and_yields_clean_fields(text: str) -> None:
    article = parse_article(text, id="x", path="x.txt").article
    fields = [article.title, article.outlet, article.interviewee, article.lede, article.source]
    fields += [p.question for p in article.pairs] + [p.answer for p in article.pairs]
    for value in fields:
        assert not (set(value) & UNSAFE)


words = st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=8)
sentence = st.lists(words, min_size=1, max_size=12).map(lambda ws: " ".join(ws).capitalize())
paragraphs = st.lists(sentence.map(lambda s: s + "."), min_size=1, max_size=3)
pairs = st.lists(st.tuples(sentence, paragraphs), min_size=1, max_size=6)


@settings(max_examples=150, deadline=None)
@given(pairs, st.sampled_from(["plain", "labelled"]))
def test_written_pairs_read_back_exactly(items, style: str) -> None:
    lines = ["Some Outlet", "", "A Headline", "", "March 3, 2021", "", "Dara Kheng talks.", ""]
    for question, answer in items:
        if style == "plain":
            lines += [question + "?", ""] + [p + "\n" for p in answer]
        else:
            lines += [f"Q: {question}", f"A: {answer[0]}", ""] + [p + "\n" for p in answer[1:]]
    article = parse_article("\n".join(lines), id="x", path="x.txt").article
    expected_questions = [q + "?" if style == "plain" else q for q, _ in items]
    assert [p.question for p in article.pairs] == expected_questions
    assert [p.answer for p in article.pairs] == ["\n\n".join(a) for _, a in items]
    assert article.interviewee == "Dara Kheng"


_YAML_PIECES = st.sampled_from(
    [
        "title: ", "published: ", "tags: ", "\n", "'", '"', "[", "]", ",", ":", "- ", "#",
        "2025-06-24", " 09:25", ":00", "\\ud800", "\\x41", "\\t", "yes", "null", "~", "&a",
        "*a", "!!str ", "|", ">", "\u00a0", "é", "\t", "  ", "{", "}", "%", "@", "`",
        "0001-01-01", "9999-12-31T23:59:59-05:00", "2025-02-30", "!!timestamp ", "<<: ",
        "1" * 5000, "!!int ", "!!float ",
    ]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(_YAML_PIECES | st.text(max_size=4), max_size=20).map("".join))
@example("!")  # a lone tag: libyaml reads "", PyYAML's own loader None
@example("\ufeff\ufeff")  # libyaml dropped both byte-order marks, PyYAML one
def test_the_fast_yaml_loader_reads_what_the_python_one_reads_the_same_way(text: str) -> None:
    from unittest import mock

    import yaml

    from brreader.frontmatter import read_front_matter

    fast_warnings: list[str] = []
    fast = read_front_matter(text, fast_warnings)
    slow_warnings: list[str] = []
    with mock.patch.object(yaml, "CSafeLoader", None):
        slow = read_front_matter(text, slow_warnings)
    # libyaml accepts a little more than PyYAML's own scanner (a tab after
    # 'key:', for one); whatever both accept must read the same.
    if not slow_warnings or not any("invalid YAML" in w for w in slow_warnings):
        assert (fast, fast_warnings) == (slow, slow_warnings)
