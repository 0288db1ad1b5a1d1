"""Dates and metadata as real pages write them (issue 14, kinds 4 and 6).

- Datelines in the languages and shapes news sites use, and sentences that
  merely mention a date, which must not be read as datelines.
- dateparser, the fallback for languages the patterns lack, stays off the
  search path.
- Front matter YAML cannot load keeps every ``key: value`` line that reads.
- A saved page that names its outlet only in its metadata or its title.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from brreader import dates
from brreader.dates import find_date_in, parse_date
from tests.conftest import REPO

# ---------------------------------------------------------------------------
# datelines

DATELINES = [
    # English
    ("Published 14:05, March 3, 2021", datetime(2021, 3, 3, 14, 5)),
    ("May. 13th, 2006", datetime(2006, 5, 13)),
    ("Tuesday, 3 June 2025", datetime(2025, 6, 3)),
    ("Updated: 2018-10-12 07:08", datetime(2018, 10, 12, 7, 8)),
    ("2025-10-14 08:42", datetime(2025, 10, 14, 8, 42)),
    ("Posted on June 3, 2021 at 10:00 a.m. EDT", datetime(2021, 6, 3, 10, 0)),
    ("June 24, 2025 10:30 GMT+8", datetime(2025, 6, 24, 10, 30)),
    ("Mon, 3 Jun 2025 14:10:00 GMT", datetime(2025, 6, 3, 14, 10)),
    ("2025-10-14T08:42:49+08:00", datetime(2025, 10, 14, 8, 42, 49)),
    ("BEIJING, Oct. 14, 2016 (Xinhua) --", datetime(2016, 10, 14)),
    ("NAIROBI, Kenya, 2 March 2024 —", datetime(2024, 3, 2)),
    ("Phnom Penh, 24 June 2025 --", datetime(2025, 6, 24)),
    ("Updated 10:32 AM EST, Tue October 14, 2025", datetime(2025, 10, 14, 10, 32)),
    ("Tue 14 Oct 2025 08.42 BST", datetime(2025, 10, 14, 8, 42)),
    ("June 3rd, 2025 | 5 min read", datetime(2025, 6, 3)),
    ("Source: Xinhua | 2025-10-14 08:42:49 | Editor: huaxia", datetime(2025, 10, 14, 8, 42, 49)),
    ("By Jane Doe | March 3, 2021", datetime(2021, 3, 3)),
    ("Delta Herald | Updated: 2018-10-12 07:08", datetime(2018, 10, 12, 7, 8)),
    ("Source time: 2019-04-02 16:20", datetime(2019, 4, 2, 16, 20)),
    ("10/14/2016 10:00 p.m.", datetime(2016, 10, 14, 22, 0)),
    # French
    ("12 mai 2025", datetime(2025, 5, 12)),
    ("Publié le 14 octobre 2016 à 11h30", datetime(2016, 10, 14, 11, 30)),
    ("mardi 1er avril 2025", datetime(2025, 4, 1)),
    ("Mis à jour le 3 févr. 2024 à 09:15", datetime(2024, 2, 3, 9, 15)),
    # Russian
    ("14 октября 2016, 11:30", datetime(2016, 10, 14, 11, 30)),
    ("Опубликовано: 14 октября 2016, 11:30 МСК", datetime(2016, 10, 14, 11, 30)),
    ("5 марта 2020 г.", datetime(2020, 3, 5)),
    ("14.10.2016 11:30", datetime(2016, 10, 14, 11, 30)),
    # Chinese
    ("2025年10月14日", datetime(2025, 10, 14)),
    ("2025年10月14日 08:42", datetime(2025, 10, 14, 8, 42)),
    ("发布时间：2025年10月14日 08:42", datetime(2025, 10, 14, 8, 42)),
    ("2025 10/14 08:42:49", datetime(2025, 10, 14, 8, 42, 49)),
    ("2025-10-14 08:42:49 来源：新华网", datetime(2025, 10, 14, 8, 42, 49)),
    ("２０２５年１０月１４日 星期二", datetime(2025, 10, 14)),
    ("2025年10月14日 下午3:05", datetime(2025, 10, 14, 15, 5)),
    # Spanish
    ("3 de junio de 2025", datetime(2025, 6, 3)),
    ("Actualizado el martes, 3 de junio de 2025, 14:10 h", datetime(2025, 6, 3, 14, 10)),
    ("Publicado: 15 sep. 2023 18:40 GMT", datetime(2023, 9, 15, 18, 40)),
    # Arabic, with Arabic digits too
    ("٣ يونيو ٢٠٢٥", datetime(2025, 6, 3)),
    ("الثلاثاء، 3 حزيران/يونيو 2025", datetime(2025, 6, 3)),
    ("نشر في ١٤ أكتوبر ٢٠١٦ الساعة ١١:٣٠", datetime(2016, 10, 14, 11, 30)),
    ("14 تشرين الأول 2016", datetime(2016, 10, 14)),
]


@pytest.mark.parametrize(("line", "expected"), DATELINES)
def test_a_dateline_reads(line: str, expected: datetime) -> None:
    assert parse_date(line) == expected
    assert parse_date(f"\u00a0  {line}  ") == expected  # indented as pages paste them


NOT_DATELINES = [
    "In 2016, we started with twelve gauges.",
    "The rail line opened on June 24, 2025.",
    "What happened on 3 June 2025?",
    "He was born on 3 June 1950 in Hue",
    "Le 12 mai 2025, la rivière a débordé",
    "В 2016 году мы начали работу",
    "2025年10月14日，记者采访了她",
    "El 3 de junio de 2025 llegó la lluvia",
    "Chapter 3: 2016 Review",
    "Room 12, 2016 edition",
    "Rivers, 3 June 2025",
    "Updated 2 hours ago",
    "Twelve gauges in 2016",
    "February 30, 2025",  # no such day
    "03/04/2021",  # March or April: the page does not say
    "2016",
    "yesterday",
]


@pytest.mark.parametrize("line", NOT_DATELINES)
def test_a_sentence_with_a_date_is_not_a_dateline(line: str) -> None:
    assert parse_date(line) is None


def _two(low: int, high: int) -> st.SearchStrategy[str]:
    return st.integers(low, high).map(lambda n: f"{n:02d}")


_ISO_LIKE = st.one_of(
    st.builds(
        lambda y, m, d, sep, time: f"{y}-{m}-{d}{sep + time if time else ''}",
        st.integers(1000, 9999),
        _two(0, 13),
        _two(0, 32),
        st.sampled_from([" ", "T", "t", "  ", " - ", ", "]),
        st.one_of(
            st.none(),
            st.builds(lambda h, m: f"{h}:{m}", _two(0, 25), _two(0, 61)),
            st.builds(lambda h, m, s: f"{h}:{m}:{s}", _two(0, 25), _two(0, 61), _two(0, 61)),
        ),
    ),
    st.from_regex(r"\d{4}-\d{2}-\d{2}(?:[ Tt]\d{2}:\d{2}(?::\d{2})?)?", fullmatch=True),
)


@given(_ISO_LIKE)
@example("2024-02-05 01:28")
@example("2024-02-05T01:28:09")
@example("2024-02-30")
@example("2024-02-05 24:00")
@example("٢٠٢٤-٠٢-٠٥")  # Arabic-Indic digits: not the shortcut's
def test_an_iso_front_matter_date_reads_as_the_english_patterns_read_it(text: str) -> None:
    shortcut = parse_date(text)
    with mock.patch.object(dates, "_iso", lambda cleaned: None):
        assert shortcut == parse_date(text)


def test_an_iso_date_is_read_without_compiling_the_english_patterns() -> None:
    code = (
        "from brreader import dates\n"
        "print(dates.parse_date('2024-02-05 01:28'), dates.parse_date('2024-02-05T01:28:09'))\n"
        "print(sum('fullmatch' in vars(p) for p in dates._ENGLISH))\n"
        "print(dates.parse_date('June 7, 2015'))\n"
        "print(sum('fullmatch' in vars(p) for p in dates._ENGLISH) > 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == [
        "2024-02-05 01:28:00 2024-02-05 01:28:09",
        "0",
        "2015-06-07 00:00:00",
        "True",
    ]


def test_a_month_in_a_language_the_patterns_lack_goes_to_dateparser() -> None:
    pytest.importorskip("dateparser")
    assert parse_date("14 października 2016") == datetime(2016, 10, 14)
    assert parse_date("Czy 14 października 2016 padało?") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BEIJING, Oct. 14, 2016 (Xinhua) -- Dara Kheng said", datetime(2016, 10, 14)),
        ("On 3 June 2025 at 14:10, the gauges rose.", datetime(2025, 6, 3, 14, 10)),
        ("Le 12 mai 2025, la rivière a débordé.", datetime(2025, 5, 12)),
        ("BEIJING, Oct. 14 (Xinhua) -- no year here", None),
        ("We began in 2016.", None),
    ],
)
def test_find_date_in_prose(text: str, expected: datetime | None) -> None:
    assert find_date_in(text) == expected


def test_search_never_imports_dateparser(tmp_path: Path) -> None:
    """A search on an indexed archive whose datelines the patterns read never loads dateparser.

    (A hit whose dateline only dateparser reads would load it: a search reads
    each hit's file again.)
    """
    arts = tmp_path / "arts"
    arts.mkdir()
    datelines = {
        "fr": "Publié le 14 octobre 2016 à 11h30",
        "ru": "Опубликовано: 14 октября 2016, 11:30 МСК",
        "zh": "2025年10月14日 08:42",
        "ar": "٣ يونيو ٢٠٢٥",
        "en": "09:25, June 24, 2025",
        "pl": "12 czerwca 2025",  # only dateparser reads it: indexing loads it, searching must not
    }
    for name, dateline in datelines.items():
        (arts / f"{name}.txt").write_text(
            f"The Delta Herald\n\nRiver Talk {name}\n\n{dateline}\n\n"
            "Dara Kheng, a hydrologist, talks rivers.\n\nWhy rivers?\n\nThey move.\n",
            encoding="utf-8",
        )
    index = tmp_path / "index"
    folders = f"'--articles', {str(arts)!r}, '--index', {str(index)!r}"
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    def run(code: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
        )

    built = run(f"import sys, brreader.cli; sys.exit(brreader.cli.main([{folders}, 'index']))")
    assert built.returncode == 0, built.stderr
    searched = run(
        "import sys, brreader.cli\n"
        f"code = brreader.cli.main([{folders}, 'search', 'rivers'])\n"
        "print('dateparser' in sys.modules, code)\n"
    )
    assert searched.returncode == 0, searched.stderr
    assert "6 articles match" in searched.stdout
    assert searched.stdout.strip().splitlines()[-1] == "False 0", searched.stdout


# ---------------------------------------------------------------------------
# front matter YAML cannot load

LEDE = "Dara Kheng, a hydrologist in Phnom Penh, explains river data.\n\nQ: Why?\n\nA: Floods.\n"

BROKEN_FRONT_MATTER = [
    # (front matter, the fields kept, a word the one warning must name as skipped)
    (
        "title: Q&A: the river\noutlet: Delta Science Herald\npublished: 2021-03-03 14:05\n"
        "tags: [water, mekong]\n",
        {
            "title": "Q&A: the river",
            "outlet": "Delta Science Herald",
            "published": datetime(2021, 3, 3, 14, 5),
            "tags": ("water", "mekong"),
        },
        None,
    ),
    (  # a stray quote, a tab after the colon, a key indented with a tab
        'title: "Sensors: the river\noutlet:\tHarbour Line\n\tinterviewee: Ana Lima\n',
        {"title": "Sensors: the river", "outlet": "Harbour Line", "interviewee": "Ana Lima"},
        None,
    ),
    (  # a nested mapping is skipped by name, never shown
        "meta:\n  secret: do-not-quote\n  more: [1, 2]\ntitle: Q&A: gauges\n"
        "tags:\n  - water\n  - 'rivers'\n",
        {"title": "Q&A: gauges", "tags": ("water", "rivers")},
        "meta",
    ),
    (  # an unclosed list is skipped; the date still reads
        "title: [unclosed\npublished: 12 mai 2025\nsource: Wire: East\n",
        {"published": datetime(2025, 5, 12), "source": "Wire: East"},
        "title",
    ),
    (  # an alias is text, never expanded; a line that is no key is skipped by number
        "title: *ref: the river\n@@ stray\noutlet: 'River''s Voice'  # comment\n",
        {"title": "*ref: the river", "outlet": "River's Voice"},
        "line 3",
    ),
]


@pytest.mark.parametrize(("yaml_text", "kept", "skipped"), BROKEN_FRONT_MATTER)
def test_broken_front_matter_keeps_what_reads(
    yaml_text: str, kept: dict[str, object], skipped: str | None
) -> None:
    from brreader.parse import parse_article

    result = parse_article(f"---\n{yaml_text}---\n{LEDE}", id="a", path="a.txt")
    assert len(result.warnings) == 1, result.warnings
    [warning] = result.warnings
    assert warning.startswith("front matter: invalid YAML") and "read line by line" in warning
    assert ("skipped" in warning) == (skipped is not None)
    if skipped:
        assert skipped in warning.split("skipped", 1)[1]
    assert "do-not-quote" not in warning and "[" not in warning.split(")", 1)[1]
    article = result.article
    for key, value in kept.items():
        assert getattr(article, key) == value, key
    if "interviewee" not in kept:
        assert article.interviewee == "Dara Kheng"  # the body parser fills the rest
    assert len(article.pairs) == 1


def test_broken_front_matter_that_reads_nowhere_is_ignored_with_one_warning() -> None:
    from brreader.frontmatter import read_front_matter

    warnings: list[str] = []
    assert read_front_matter("title: [unclosed\noutlet: : :\n", warnings) == {}
    assert len(warnings) == 1 and warnings[0].endswith("; metadata ignored")


def test_an_alias_in_valid_yaml_is_still_refused_whole() -> None:
    from brreader.frontmatter import read_front_matter

    warnings: list[str] = []
    assert read_front_matter("t: &a [x, x]\ntitle: *a\noutlet: O\n", warnings) == {}
    assert len(warnings) == 1 and "alias" in warnings[0]


def test_imported_markdown_with_broken_front_matter_keeps_its_keys() -> None:
    from brreader.extract import markdown_to_text

    converted = markdown_to_text(
        "---\ntitle: Q&A: the river\nsite_name: Delta Science Herald\ndate: 2021-03-03\n"
        "author: Ana Lima\n---\n\nDara Kheng, a hydrologist, explains.\n\n"
        "**Why rivers?**\n\nThey move.\n"
    )
    assert len(converted.warnings) == 1 and "read line by line" in converted.warnings[0]
    head = converted.text.split("---\n")[1]
    assert "title: 'Q&A: the river'" in head
    assert "outlet: Delta Science Herald" in head
    assert "published: '2021-03-03'" in head
    assert converted.extra == {"byline": "Ana Lima"}


# ---------------------------------------------------------------------------
# the outlet a saved page names only in its metadata or its title

PAGE_BODY = (
    "<p>" + "Ilse Marrow, a glaciologist in Tromsø, explains how meltwater is measured on the "
    "ice shelf and why the readings reach the fishing towns a day late. "
    * 3
    + "</p><p><strong>How did the survey start?</strong></p>"
    "<p>It began with four stakes hammered into the ice near the station.</p>"
)


def page(head: str, url: str = "https://www.coldcurrent.example/ice") -> bytes:
    return (
        f"<!doctype html><html><head><meta charset='utf-8'>{head}"
        f"<link rel='canonical' href='{url}'></head><body><article>"
        f"<h1>Stakes in the Ice</h1>{PAGE_BODY}</article></body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("head", "outlet"),
    [
        ("<meta property='og:site_name' content='Polar Desk Review'>", "Polar Desk Review"),
        ("<meta name='application-name' content='Polar Desk Review'>", "Polar Desk Review"),
        (
            '<script type=\'application/ld+json\'>{"@context": "https://schema.org", '
            '"@graph": [{"@type": "NewsArticle", "headline": "Stakes in the Ice", '
            '"publisher": {"@type": "NewsMediaOrganization", "name": "Polar Desk Review"}}]}'
            "</script>",
            "Polar Desk Review",
        ),
        ("<title>Stakes in the Ice - Polar Desk Review</title>", "Polar Desk Review"),
        ("<title>Stakes in the Ice | Polar Desk Review</title>", "Polar Desk Review"),
        ("<title>Stakes in the Ice_Polar Desk Review</title>", "Polar Desk Review"),
        ("<title>Stakes in the Ice — Review</title>", "Review"),
        ("<title>Polar Desk Review | Stakes in the Ice</title>", "Polar Desk Review"),
        ("<title>Stakes in the Ice | Interviews | Polar Desk Review</title>", "Polar Desk Review"),
        # a generic suffix is no outlet; the domain is the last resort
        ("<title>Stakes in the Ice - Home</title>", "coldcurrent.example"),
        ("<title>Stakes in the Ice | News</title>", "coldcurrent.example"),
        # the site's own name beats the title's suffix
        (
            "<meta property='og:site_name' content='Polar Desk Review'>"
            "<title>Stakes in the Ice - PDR</title>",
            "Polar Desk Review",
        ),
    ],
)
def test_the_outlet_of_a_saved_page(head: str, outlet: str) -> None:
    pytest.importorskip("trafilatura")
    from brreader.extract import html_to_text
    from brreader.parse import parse_article

    converted = html_to_text(page(head))
    article = parse_article(converted.text, id="p", path="p.txt").article
    assert article.outlet == outlet
    assert article.title == "Stakes in the Ice"


def test_a_page_that_names_no_outlet_has_none() -> None:
    pytest.importorskip("trafilatura")
    from brreader.extract import page_outlet

    assert (
        page_outlet(b"<html><head><title>Stakes in the Ice</title></head></html>", None, "") is None
    )
    assert page_outlet(b"<html><head><title>Home</title></head></html>", None, "") is None
    hostile = b"<script type='application/ld+json'>" + b"[" * 100_000 + b"</script>"
    assert page_outlet(hostile, None, "") is None
