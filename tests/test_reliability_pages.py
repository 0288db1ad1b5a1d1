"""``brreader import`` of saved pages too big to be one interview: refused at once, in one line.

A 7.5 MB page of 300,000 short paragraphs took 229 s and 1.3 GB (trafilatura
and libxml2 are quadratic in the pieces of text inside ``<p>``, and libxml2 in
the attributes of one tag). :mod:`brreader.pagecost` counts what makes them
slow before either sees the page. Every page here is invented.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from brreader.extract import convert
from brreader.pagecost import (
    MAX_ATTRIBUTES,
    MAX_ELEMENTS,
    MAX_MARKDOWN_MARKS,
    MAX_TEXT_BYTES,
    MAX_TEXT_PIECES,
    PageTooLarge,
    check_markdown,
    check_page,
)
from tests import test_import
from tests.conftest import REPO

arts = test_import.arts  # the fixture: an empty articles folder, its index beside it

HEAD = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
    "<title>Tide gauges and shared data | Harbour Science Weekly</title></head><body>"
    "<article><h1>Tide gauges and shared data</h1>"
    "<p>Marek Tollund, an engineer at the Coastal Gauge Institute, spoke about tide data.</p>"
)
TAIL = "</article></body></html>"


def page(body: str) -> bytes:
    return (HEAD + body + TAIL).encode()


def interview(pairs: int) -> str:
    """A long interview as news sites mark it up: bold questions, links and italics in answers."""
    return "".join(
        f"<p><strong>What did the gauge at pier {i} record?</strong></p>"
        f"<p>It recorded a <a href='/s/{i}'>surge</a> of <em>{i % 7} metres</em>, which the "
        f"network shared with the harbour office within the hour.</p>"
        for i in range(pairs)
    )


def short_paragraphs(count: int) -> str:
    return "".join(
        "<p><strong>What about the gauge?</strong></p>"
        if i % 10 == 0
        else "<p>tide gauge data.</p>"
        for i in range(count)
    )


TOO_BIG = {
    # Each just past one limit: without the check, trafilatura reads it for seconds.
    "short paragraphs": page(short_paragraphs(MAX_TEXT_PIECES + 10)),
    "paragraphs with inline words": page(
        "<p>tide <b>gauge</b> data <i>share</i> now.</p>" * (MAX_TEXT_PIECES // 5 + 10)
    ),
    "list items": page("<ul>" + "<li>tide gauge</li>" * (MAX_TEXT_PIECES + 10) + "</ul>"),
    "empty elements": page(short_paragraphs(40) + "<div class='x'></div>" * MAX_ELEMENTS),
    "a tag with many attributes": page(
        short_paragraphs(40) + "<div " + " ".join(f"a{i}" for i in range(MAX_ATTRIBUTES + 1)) + ">"
    ),
    "over 8 MB of text": page(
        short_paragraphs(40) + ("<p>" + "tide gauge data " * 2_000 + "</p>") * 300
    ),
    # A stray quote in an unquoted value does not hide what follows, as it would in a
    # scanner that took every quote for the start of a value.
    "paragraphs after a stray quote": page('<a title=x">' + short_paragraphs(MAX_TEXT_PIECES + 10)),
}


@pytest.mark.parametrize("data", list(TOO_BIG.values()), ids=list(TOO_BIG))
def test_a_page_past_a_limit_is_refused_before_it_is_read(data: bytes) -> None:
    start = time.monotonic()
    with pytest.raises(PageTooLarge, match=r"interview alone, or copy its text into a \.txt"):
        convert(data, "html")
    assert time.monotonic() - start < 2.0


NOT_COUNTED = {
    "a long interview with links and italics": page(interview(3_000)),
    "a 12 MB script": page(
        interview(20) + "<script>var a = '" + "<p>x</p>" * 1_500_000 + "';</script>"
    ),
    "markup in a comment": page(interview(20) + "<!--" + "<p>x</p>" * 100_000 + "-->"),
    "a style sheet": page(interview(20) + "<style>" + "p>a{x:y}<b " * 100_000 + "</style>"),
    "a 1 MB attribute value": page(
        interview(20) + "<img src='data:image/png;base64," + "QUJD " * 200_000 + "'>"
    ),
    "a quote never closed": page(interview(20) + '<a title="' + "x<p>y</p>" * 200),
}


@pytest.mark.parametrize("data", list(NOT_COUNTED.values()), ids=list(NOT_COUNTED))
def test_what_a_parser_skips_does_not_count_and_a_long_interview_passes(data: bytes) -> None:
    start = time.monotonic()
    check_page(data)
    assert time.monotonic() - start < 1.0


def test_the_limits_are_far_above_a_long_interview() -> None:
    assert MAX_TEXT_BYTES > 4 * len(page(interview(3_000)))
    check_page(page(short_paragraphs(MAX_TEXT_PIECES - 100)))
    check_page(page("<br>" * (MAX_ELEMENTS - 100)))


def test_importing_the_300_000_paragraph_page_takes_a_second_not_minutes(arts: Path) -> None:
    huge = arts.parent / "tide-archive.html"
    huge.write_bytes(page(short_paragraphs(300_000)))
    assert huge.stat().st_size > 7_000_000
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "brreader", "--articles", str(arts)]
        + ["--index", str(arts.parent / "index"), "import", str(huge)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,  # it took 229 s
    )
    assert time.monotonic() - start < 20
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == str(huge)
    assert lines[1].startswith("  failed       the page holds over 30,000 pieces of text")
    assert lines[-1] == "imported 0, duplicates 0, failed 1"
    assert list(arts.iterdir()) == []


def markdown_interview(pairs: int) -> str:
    return "# Tide gauges and shared data\n\nMarek Tollund spoke about tide data.\n\n" + "".join(
        f"**What did the gauge at pier {i} record?**\n\n"
        f"It recorded a [surge](/s/{i}) of *{i % 7} metres*, shared within the hour.\n\n"
        for i in range(pairs)
    )


MARKDOWN_TOO_BIG = {
    # markdown-it-py makes objects for each line and mark: 4.7 MB of bold questions
    # took 29 s and 1.9 GB, 3 MB of "*a " 8 s and 0.9 GB.
    "bold questions": markdown_interview(MAX_MARKDOWN_MARKS // 10),
    "emphasis marks": "# Tides\n\n" + "*a " * MAX_MARKDOWN_MARKS,
    "headings": "# Tides\n" * (MAX_MARKDOWN_MARKS + 1),
    "autolinks": "# Tides\n\n" + "<https://tide.example/a> " * MAX_MARKDOWN_MARKS,
}


@pytest.mark.parametrize("text", list(MARKDOWN_TOO_BIG.values()), ids=list(MARKDOWN_TOO_BIG))
def test_markdown_past_the_limit_is_refused_before_it_is_read(text: str) -> None:
    start = time.monotonic()
    with pytest.raises(PageTooLarge, match=r"save it as a \.txt file and import that"):
        convert(text.encode(), "markdown")
    assert time.monotonic() - start < 0.5


def test_a_long_markdown_interview_is_far_below_the_limit() -> None:
    data = markdown_interview(3_000).encode()
    check_markdown(data)
    check_markdown(data * 2)
    converted = convert(data, "markdown")
    assert converted.text.count("\nQ: What did the gauge") == 3_000


def test_markdown_on_standard_input_past_the_limit_is_one_failed_line(arts: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "brreader", "--articles", str(arts)]
        + ["--index", str(arts.parent / "index"), "import", "-"],
        input=MARKDOWN_TOO_BIG["bold questions"].encode(),
        capture_output=True,
        cwd=REPO,
        timeout=60,
    )
    assert done.returncode == 1
    assert b"Traceback" not in done.stderr
    assert done.stdout.decode().splitlines() == [
        "standard input",
        "  failed       the Markdown has 110,004 lines and marks of emphasis, links or code "
        "(* _ [ < `), more than any interview (up to 100,000 are read); "
        "save it as a .txt file and import that, to read it as plain text",
        "imported 0, duplicates 0, failed 1",
    ]
    assert list(arts.iterdir()) == []
