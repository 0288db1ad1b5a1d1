"""Plain front matter read without PyYAML: the same values YAML gives, or left to YAML.

:func:`brreader.plainyaml.plain_mapping` answers for the common shape of
front matter so that a one-shot command showing such an article does not
load PyYAML; every answer it gives must be the one PyYAML (brreader's
tolerant loader, :func:`brreader.frontmatter.load_yaml` without the shortcut)
gives for the same text.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from brreader import frontmatter
from brreader.frontmatter import load_front_matter
from brreader.plainyaml import plain_mapping
from tests.conftest import write_files


def _yaml(text: str) -> object:
    """What PyYAML makes of ``text`` (the shortcut out of the way), or the error's type."""
    saved = frontmatter.plain_mapping
    frontmatter.plain_mapping = lambda text: None  # type: ignore[assignment]
    try:
        return frontmatter.load_yaml(text)
    except Exception as error:  # noqa: BLE001 - compared, not handled
        return type(error).__name__
    finally:
        frontmatter.plain_mapping = saved


KEYS = st.sampled_from(
    ["title", "outlet", "published", "tags", "Title", "_x", "a-b", "k9", "yes", "On", "NULL",
     "y", "url", "key with space", "é", "1", "-x"]
)  # fmt: skip
PIECES = st.sampled_from(
    ["river", "The river after the dam", "yes", "No", "True", "off", "null", "Null", "~",
     "nan", "inf", "2024-02-05", "2024-02-30", "2024-02-05 01:28", "2024-02-05 01:28:00",
     "2024-2-5", "12", "1.5", "0x1F", "1_000", "1:20", '"quoted"', '"a \\"b\\""', "'single'",
     "'it''s'", "[a, b]", "[]", "[ a ,b ]", "[a, [b]]", "[a, 'b']", "[yes, no]", "[a,]",
     "[a b, c]", "a: b", "a #c", "C#", "x:", "http://x.org/a?b=1", "Q&A", "Éloïse", "北京",
     "*alias", "&anchor x", "!tag x", "!!str x", "- item", "| block", "> fold", "%x",
     "@x", "`x", "a, b", "{a: b}", "a{b}", "=", "<<", "?x", "", " ", "\u2028", "\x85",
     "\ufeff", "\x00", "a\u00a0b", "'", '"', "[", "]"]
)  # fmt: skip
VALUES = st.one_of(PIECES, st.text(max_size=12), st.lists(PIECES, max_size=3).map(" ".join))
ANY_LINE = st.one_of(
    st.tuples(KEYS, st.sampled_from([": ", ":", ":  ", " : ", ":\t"]), VALUES).map("".join),
    st.sampled_from(["", "# a comment", "  indented: x", "- item", "   ", "#", "---", "..."]),
)
# Most blocks are mostly plain, so the shortcut answers often and is checked often.
PLAIN_VALUES = st.sampled_from(
    ["river", "The river after the dam", "2024-02-05", "2024-02-30", "2024-02-05 01:28",
     '"quoted"', "'single'", "[a, b]", "[]", "[ a ,b ]", "C#", "http://x.org/a?b=1", "Q&A",
     "Éloïse", "北京", "a{b}", "", "nan", "inf", "Yes", "nul", "a 'b' c", 'say "x"', "x-"]
)  # fmt: skip
PLAIN_LINE = st.tuples(st.sampled_from(["title", "tags", "a-b"]), st.just(": "), PLAIN_VALUES).map(
    "".join
)
LINES = st.one_of(PLAIN_LINE, PLAIN_LINE, PLAIN_LINE, ANY_LINE)
BLOCKS = st.lists(LINES, min_size=1, max_size=5).map("\n".join)


@settings(max_examples=1500, deadline=None)
@given(BLOCKS)
def test_what_the_shortcut_reads_is_what_yaml_reads(text: str) -> None:
    quick = plain_mapping(text)
    if quick is not None:
        expected = _yaml(text)
        assert quick == expected
        assert [type(v) for v in quick.values()] == [type(v) for v in expected.values()]  # type: ignore[union-attr]


IMPORTED = """\
# imported from page.html
title: The river after the dam
outlet: "Grid & Rail"
published: 2024-02-05 09:30
interviewee: Éloïse Marchand
source: 'Radio Nord'
url: https://example.org/river?id=4
tags: [rivers, energy policy]
language:
"""


def test_front_matter_as_import_writes_it_is_read_without_yaml() -> None:
    quick = plain_mapping(IMPORTED)
    assert quick == _yaml(IMPORTED)
    assert quick == {
        "title": "The river after the dam",
        "outlet": "Grid & Rail",
        "published": "2024-02-05 09:30",
        "interviewee": "Éloïse Marchand",
        "source": "Radio Nord",
        "url": "https://example.org/river?id=4",
        "tags": ["rivers", "energy policy"],
        "language": None,
    }
    assert plain_mapping("published: 2024-02-05") == {"published": date(2024, 2, 5)}
    assert load_front_matter(IMPORTED) == (quick, "")


def test_front_matter_the_shortcut_leaves_is_read_by_yaml_as_before() -> None:
    tricky = "title: 'It''s late'\nvalue: yes\nnested:\n  a: 1\n"
    assert plain_mapping(tricky) is None
    data, warning = load_front_matter(tricky)
    assert data == {"title": "It's late", "value": True, "nested": {"a": 1}} and warning == ""


PROBE = """
import sys
from brreader import cli
status = cli.main(sys.argv[1:])
print("yaml" in sys.modules, file=sys.stderr)
sys.exit(status)
"""


def test_a_search_showing_an_article_with_plain_front_matter_does_not_load_yaml(
    tmp_path: Path,
) -> None:
    body = "\nQ: Why did the river change?\nA: The dam held the silt back.\n"
    write_files(tmp_path / "articles", {"2024/river.txt": f"---\n{IMPORTED}---\n{body}"})
    env = {**os.environ, "BRREADER_SERVER": "off"}
    folders = ["--articles", str(tmp_path / "articles"), "--index", str(tmp_path / "index")]
    command = [sys.executable, "-c", PROBE, *folders]
    subprocess.run([*command, "index"], env=env, capture_output=True, check=True, timeout=120)
    done = subprocess.run(
        [*command, "search", "--json", "silt"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    hit = json.loads(done.stdout)["results"][0]
    assert (hit["title"], hit["interviewee"]) == ("The river after the dam", "Éloïse Marchand")
    assert done.stderr.strip().splitlines()[-1] == "False"
