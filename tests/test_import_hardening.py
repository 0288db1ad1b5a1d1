"""``brreader import`` against hostile or unlucky inputs: urls, parallel runs, size, names, bytes.

Rows 8, 10, 13, 15 and 18 of the hardening issue (see docs/reliability.md,
"Importing"). Every archive lives in ``tmp_path``; every person, outlet and
page here is invented.
"""

from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from brreader import ingest
from brreader.canonical import cut_bytes, slug
from brreader.urls import link_target, web_url
from tests import test_import
from tests.conftest import REPO
from tests.test_import import run

arts = test_import.arts  # the fixture: an empty articles folder, its index beside it
TIMEOUT = 120  # seconds; a hang fails the test instead of the suite


def brreader(arts: Path, *args: str, stdin: bytes | int | None = None) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "brreader", "--articles", str(arts)]
    command += ["--index", str(arts.parent / "index"), *args]
    return subprocess.Popen(
        command,
        stdin=subprocess.PIPE if isinstance(stdin, bytes) else stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
    )


def finish(process: subprocess.Popen[bytes], stdin: bytes | None = None) -> tuple[int, str, str]:
    try:
        out, err = process.communicate(stdin, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        pytest.fail(f"brreader {process.args} hung for {TIMEOUT} s")
    return process.returncode, out.decode(), err.decode()


def article_files(arts: Path) -> list[Path]:
    return sorted(p for p in arts.rglob("*") if p.is_file())


def page(body_url: str = "", *, head: str = '<meta charset="utf-8">', word: str = "lantern") -> str:
    """A saved news page with a long enough interview for trafilatura to find."""
    url = f'<meta property="og:url" content="{body_url}">' if body_url else ""
    return (
        f"<!doctype html><html><head>{head}<title>Lights Over the Salt Flats</title>{url}"
        '<meta property="og:site_name" content="Dune Courier">'
        '<meta property="article:published_time" content="2024-05-02"></head><body><article>'
        "<h1>Lights Over the Salt Flats</h1>"
        f"<p>Imre Solvang, a {word} maker in a desert town, explained how he keeps the old "
        "lamps burning for travellers crossing the flats at night.</p>"
        "<p><strong>How did you start?</strong></p>"
        "<p>My grandmother taught me when I was nine, and I have not stopped since then, "
        "even in the hardest winters.</p>"
        "<p><strong>What is the hardest part of the work?</strong></p>"
        "<p>Finding glass that does not crack in the cold; we order it from a workshop three "
        "valleys away every spring.</p></article></body></html>"
    )


# ---------------------------------------------------------------------------
# 8. Hostile urls: dropped on import, escaped in every citation

HOSTILE = "https://example.org/a&gt;&lt;img/src=x/onerror=alert(1)&gt;},note={pwned"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("page.html", page(HOSTILE)),
        ("notes.md", "---\nurl: javascript:alert(1)\n---\n"),
        ("page.html", page("https://example.org/&quot;onmouseover=&quot;x")),
        ("notes.md", "---\ncanonical_url: 'data:text/html,<script>x</script>'\n---\n"),
        ("notes.md", "---\nlink: https://example.org/a b\n---\n"),
        ("notes.md", '---\nurl: "https://example.org/it\'s"\n---\n'),
        ("notes.txt", "---\nurl: ftp://example.org/file\n---\n"),
        ("notes.txt", "---\nurl: https:///no-host\n---\n"),
    ],
    ids=["og:url", "javascript", "quotes", "data", "space", "apostrophe", "ftp", "no host"],
)
def test_a_url_that_is_no_plain_web_address_is_dropped_on_import(
    arts: Path, tmp_path: Path, capsys, name: str, text: str
) -> None:
    if name != "page.html":
        text += "Dara Kheng, a hydrologist, explains river gauges.\n\nQ: Why?\n\nA: Floods.\n"
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    status, out, _ = run(capsys, arts, "import", str(source))
    assert status == 0, out
    warnings = [line for line in out.splitlines() if line.startswith("  warning      url '")]
    assert len(warnings) == 1 and warnings[0].endswith("; dropped"), out
    (written,) = article_files(arts)
    assert re.search(r"(?m)^url:$", written.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("https://example.org/kelp-north-shore", "https://example.org/kelp-north-shore"),
        ("HTTP://Example.org/a?b=1&c=2#top", "HTTP://Example.org/a?b=1&c=2#top"),
        ("https://example.org/café/{x}|y^", "https://example.org/caf%C3%A9/%7Bx%7D%7Cy%5E"),
        ("https://example.org/100%/x", "https://example.org/100%25/x"),
        ("https://bücher.example/a", "https://xn--bcher-kva.example/a"),
    ],
)
def test_a_web_address_is_kept_with_odd_characters_percent_encoded(given: str, kept: str) -> None:
    assert web_url(given) == (kept, "")


HAND_WRITTEN = [
    "https://example.org/a><img/src=x/onerror=alert(1)>},note={pwned",
    "https://example.org/x> [click](javascript:alert(1)) <b",
    'https://example.org/"onmouseover="alert(1)',
    "https://example.org/a}\\},\n  note = {pwned",
    "javascript:alert(1)//https://example.org",
    "<script>alert(1)</script>",
    "https://example.org/plain",
]


def _hand_written(arts: Path, url: str) -> str:
    (arts / "2024").mkdir()
    (arts / "2024" / "lamps.txt").write_text(
        "---\ntitle: Lamps\noutlet: Dune Courier\npublished: 2024-05-02\n"
        f"interviewee: Imre Solvang\nurl: {json.dumps(url)}\n---\n\n"
        "Imre Solvang, a lamp maker, talks.\n\nQ: Why lamps?\n\nA: For the night.\n",
        encoding="utf-8",
    )
    return "2024/lamps"


@pytest.mark.parametrize("url", HAND_WRITTEN)
def test_a_hand_written_url_cannot_break_out_of_a_markdown_citation(
    arts: Path, capsys, url: str
) -> None:
    article = _hand_written(arts, url)
    for args in (
        ["quote", article, "--format", "markdown"],
        ["show", article, "--format", "markdown"],
    ):
        status, out, _ = run(capsys, arts, *args)
        assert status == 0
        links = re.findall(r"(?<!\\)<([^<>]*)(?<!\\)>", out)
        # Only the autolink: a web address of safe characters, or no link at all.
        assert all(re.fullmatch(r"https?://[\w\-.~:/?#\[\]@!$&()*+,;=%]+", link) for link in links)
        unescaped = re.sub(r"\\.", "", out)  # what Markdown takes as markup, not as text
        assert not re.search(r"<(img|script|b\b)|\]\(javascript", unescaped), out
        assert ('"' not in out) or ("onmouseover" not in out.split('"')[1])


def _bibtex_fields(entry: str) -> list[str]:
    """The field names of one entry as BibTeX reads it: braces counted, backslashes not."""
    body = entry[entry.index(",") + 1 : entry.rindex("}")]
    names, depth, token = [], 0, ""
    for ch in body:
        if depth == 0 and ch == "=":
            names.append(token.strip(" ,\n"))
            token = ""
            continue
        depth += (ch == "{") - (ch == "}")
        assert depth >= 0, entry
        token = "" if depth == 0 and ch == "," else token + ch
    assert depth == 0, entry
    return names


@pytest.mark.parametrize("url", HAND_WRITTEN)
def test_a_hand_written_url_cannot_close_its_bibtex_field_or_add_one(
    arts: Path, capsys, url: str
) -> None:
    article = _hand_written(arts, url)
    status, out, _ = run(capsys, arts, "quote", article, "--format", "bibtex")
    assert status == 0
    fields = _bibtex_fields(out)
    assert fields[-1] == "note" and fields.count("note") == 1, out
    assert "url" not in fields or link_target(url), out  # only a web address is a url


@pytest.mark.parametrize("title", ["Lamps},note={pwned", "Lamps}{", "a \\} b", "{x}}{{y}"])
def test_a_stray_brace_in_a_title_cannot_add_a_bibtex_field(arts: Path, capsys, title: str) -> None:
    article = _hand_written(arts, "https://example.org/plain")
    path = arts / "2024" / "lamps.txt"
    path.write_text(
        path.read_text(encoding="utf-8").replace("title: Lamps", f"title: {json.dumps(title)}"),
        encoding="utf-8",
    )
    status, out, _ = run(capsys, arts, "quote", article, "--format", "bibtex")
    assert status == 0
    assert _bibtex_fields(out) == ["author", "title", "howpublished", "year", "month", "day",
                                   "url", "note"]  # fmt: skip


@pytest.mark.parametrize("url", HAND_WRITTEN)
def test_a_hand_written_url_is_data_in_json_and_text(arts: Path, capsys, url: str) -> None:
    article = _hand_written(arts, url)
    status, out, _ = run(capsys, arts, "quote", article, "--format", "json")
    assert status == 0
    assert json.loads(out)["url"] == " ".join(url.split())
    status, out, _ = run(capsys, arts, "quote", article)
    assert status == 0 and out.rstrip("\n").endswith(" ".join(url.split()))


# ---------------------------------------------------------------------------
# 10. Parallel imports of the same inputs


def _beekeepers(folder: Path, count: int = 20) -> Path:
    folder.mkdir()
    for n in range(count):
        (folder / f"bees-{n:02d}.txt").write_text(
            f"Pine Valley Courier\n\nThe Beekeeper of Ridge {n}\n\nMarch {n + 1}, 2024\n\n"
            f"Sela Marrow, a beekeeper, explains hive row {n}.\n\n"
            f"How many hives do you keep?\n\nAbout {n * 7 + 3} along ridge {n}.\n",
            encoding="utf-8",
        )
    return folder


@pytest.mark.parametrize("folder", ["existing", "created by the imports"])
def test_parallel_imports_of_the_same_inputs_write_each_interview_once(
    tmp_path: Path, folder: str
) -> None:
    arts = tmp_path / "articles"
    if folder == "existing":
        arts.mkdir()
    inputs = _beekeepers(tmp_path / "in")
    runs = [brreader(arts, "import", "--json", str(inputs)) for _ in range(4)]
    results = [finish(process) for process in runs]
    for status, _out, err in results:
        assert status == 0 and "Traceback" not in err, err
    counts = [json.loads(out) for _, out, _ in results]
    assert sum(c["imported"] for c in counts) == 20, [c["imported"] for c in counts]
    assert sum(c["duplicate"] for c in counts) == 60
    assert len(article_files(arts)) == 20  # and no lock file among the articles
    status, out, err = finish(brreader(arts, "check"))
    assert "duplicate" not in out, out


def test_an_import_sees_what_another_wrote_after_its_index_was_updated(
    arts: Path, tmp_path: Path, capsys
) -> None:
    # The other run's file is newer than this run's index: only the scan under the lock sees it.
    inputs = _beekeepers(tmp_path / "in", count=1)
    since = time.time() - 1
    assert run(capsys, arts, "import", str(inputs))[0] == 0
    outcomes = list(
        ingest.import_inputs(
            ingest.gather([str(inputs)], bytes),
            arts,
            known=lambda key: [],  # an index that has not seen the other run's file
            lock=tmp_path / "index" / ingest.LOCK_NAME,
            since=since,
        )
    )
    assert [o.status for o in outcomes] == ["duplicate"]


# ---------------------------------------------------------------------------
# 13. Standard input over the size cap


@pytest.mark.parametrize("source", ["33 MB of text", "/dev/zero"])
def test_standard_input_over_32_mb_fails_with_one_line(arts: Path, source: str) -> None:
    if source == "/dev/zero":
        with open("/dev/zero", "rb") as zero:
            status, out, err = finish(brreader(arts, "import", "-", stdin=zero.fileno()))
    else:
        data = (b"Words of an endless answer. " * 1_300_000)[: 33 << 20]
        status, out, err = finish(brreader(arts, "import", "-", stdin=data), data)
    assert status == 1 and "Traceback" not in err and "MemoryError" not in err, err
    failed = [line for line in out.splitlines() if line.startswith("  failed ")]
    assert len(failed) == 1 and "standard input" in failed[0] and "32 MB" in failed[0], out
    assert article_files(arts) == []


def test_closed_standard_input_is_a_failed_input_not_a_crash(arts: Path) -> None:
    command = [sys.executable, "-m", "brreader", "--articles", str(arts), "import", "-"]
    command += ["--index", str(arts.parent / "index")]
    done = subprocess.run(
        ["sh", "-c", '"$@" <&-', "sh", *command], capture_output=True, text=True, timeout=TIMEOUT
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "  failed       cannot read: standard input is closed" in done.stdout


# ---------------------------------------------------------------------------
# 15. File names in bytes

LONG_TITLES = {
    "CJK extension B": "".join(chr(0x20000 + i) for i in range(70)),
    "CJK B with spaces": " ".join(
        "".join(chr(0x20100 + i + j) for j in range(7)) for i in range(9)
    ),
    "Gothic letters": "".join(chr(0x10330 + i % 27) for i in range(64)),
    "mixed widths": "é𠀀" * 40,
}


@pytest.mark.parametrize("dated", [True, False], ids=["dated", "undated"])
@pytest.mark.parametrize("title", LONG_TITLES.values(), ids=LONG_TITLES.keys())
def test_long_titles_in_wide_characters_get_names_that_fit_with_their_suffix(
    arts: Path, tmp_path: Path, capsys, title: str, dated: bool
) -> None:
    inputs = []
    for n in range(3):
        source = tmp_path / f"talk-{n}.md"
        date = "date: 2025-06-24\n" if dated else ""
        source.write_text(
            f"---\ntitle: {title}{'x' * n}\n{date}---\n\n"
            f"Weaver Number{n} talks about loom {n}.\n\n**Why looms?**\n\nThey hum {n}.\n",
            encoding="utf-8",
        )
        inputs.append(str(source))
    status, out, _ = run(capsys, arts, "import", *inputs)
    assert status == 0, out
    names = [p.name for p in article_files(arts)]
    assert len(names) == 3, out
    assert all(len(name.encode("utf-8")) <= 255 for name in names)
    assert sorted(n.removesuffix(".txt")[-2:] for n in names)[:2] == ["-2", "-3"], names


def test_a_name_is_cut_between_characters(tmp_path: Path) -> None:
    word = "𠀀" * 100
    for size in range(0, 30):
        cut = cut_bytes(word, size)
        assert cut == "𠀀" * (size // 4)
    assert len(slug(word).encode()) <= 245 and slug(word) == "𠀀" * 60


def test_a_failed_write_names_the_file_it_could_not_make(
    arts: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    source = tmp_path / "talk.txt"
    source.write_text("---\ntitle: Looms\n---\n\nA weaver talks.\n\nQ: Why?\n\nA: Hum.\n")
    (arts / "undated").mkdir()
    (arts / "undated" / "looms.txt").write_text("---\ntitle: Other\n---\n\nSomething else.\n")

    def refuse(source: str, target: os.PathLike[str]) -> None:
        raise OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG), source, target)

    monkeypatch.setattr(ingest.os, "link", refuse)
    status, out, _ = run(capsys, arts, "import", str(source))
    assert status == 1
    assert f"cannot write {arts / 'undated' / 'looms-2.txt'}: File name too long" in out


# ---------------------------------------------------------------------------
# 18. Pages that say UTF-8 but are Windows-1252

CAFE = (
    "Café owners and the résumé of a street",
    "Lio Brandt, who runs a café by the docks, talked about naïve plans and “smart” coffee",
)


def _cafe_page(head: str) -> str:
    title, lede = CAFE
    return (
        f"<!doctype html><html><head>{head}<title>{title}</title></head><body><article>"
        f"<h1>{title}</h1><p>{lede} for the winter months ahead of the fishing season.</p>"
        "<p><strong>Why open a café here?</strong></p><p>Because the fishermen wanted crème "
        "and a warm room before dawn, every single day of the year, whatever the weather.</p>"
        "<p><strong>What comes next?</strong></p><p>A second room, and a bigger stove for the "
        "long cold nights by the harbour.</p></article></body></html>"
    )


@pytest.mark.parametrize(
    ("head", "prefix", "warned"),
    [
        ('<meta charset="utf-8">', b"", True),
        ("<meta charset=UTF-8>", b"", True),
        ('<meta http-equiv="Content-Type" content="text/html; charset=utf-8">', b"", True),
        ("", b"", True),
        ('<meta charset="utf-8">', b"\xef\xbb\xbf", True),
        ('<meta charset="utf-16">', b"", True),
        ('<meta charset="iso-8859-1">', b"", False),
        ('<meta charset="windows-1252">', b"", False),
    ],
    ids=[
        "meta charset",
        "unquoted",
        "http-equiv",
        "undeclared",
        "utf-8 bom",
        "says utf-16",
        "latin-1",
        "cp1252",
    ],  # fmt: skip
)
def test_a_page_in_windows_1252_is_read_as_such(
    arts: Path, tmp_path: Path, capsys, head: str, prefix: bytes, warned: bool
) -> None:
    source = tmp_path / "cafe.html"
    source.write_bytes(prefix + _cafe_page(head).encode("cp1252"))
    status, out, _ = run(capsys, arts, "import", str(source))
    assert status == 0, out
    (written,) = article_files(arts)
    text = written.read_text(encoding="utf-8")
    assert CAFE[0] in text and CAFE[1] in text and "\ufffd" not in text, text
    warnings = [line for line in out.splitlines() if "Windows-1252" in line]
    assert len(warnings) == (1 if warned else 0), out
    if warned:
        assert warnings[0].startswith("  warning      ") and "byte 0xe9" in warnings[0]
