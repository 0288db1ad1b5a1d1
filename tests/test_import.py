"""``brreader import``: what it writes, what it prints, and what it refuses to do.

Every archive here lives in ``tmp_path``; the fixtures in tests/fixtures/import/
are read, never written. All people and outlets are invented.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from brreader.cli import main
from tests.conftest import PLAIN, REPO, write_files

FIXTURES = REPO / "tests" / "fixtures" / "import"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load(
    (FIXTURES / "expected.yaml").read_text(encoding="utf-8")
)
SEED = FIXTURES / "seed-shape.txt"
SEED_ID = "2024/2024-02-03-two-countries-pool-weather-station-data-so-herders-can-read"

# A seed-shaped interview typed on standard input (plain text, dateline without time).
TELESCOPE = (
    "Northwind Field Bulletin\n"
    "\n"
    "A Telescope Shared by Two Deserts\n"
    "\n"
    "June 24, 2025\n"
    "\n"
    "Oyelaran Bakre, an astronomer at a desert observatory, described how two countries "
    "share one telescope.\n"
    "\n"
    "Who decides the observing schedule?\n"
    "\n"
    "A joint committee meets every spring and splits the nights evenly.\n"
    "\n"
    "What happens on cloudy nights?\n"
    "\n"
    "The time rolls over to the next clear week.\n"
)


@pytest.fixture
def arts(tmp_path: Path) -> Path:
    """An empty articles folder; its index goes to tmp_path/index."""
    root = tmp_path / "articles"
    root.mkdir()
    return root


def run(capsys, arts: Path, *args: str) -> tuple[int, str, str]:
    status = main(["--articles", str(arts), "--index", str(arts.parent / "index"), *args])
    out, err = capsys.readouterr()
    return status, out, err


def import_json(capsys, arts: Path, *args: str) -> tuple[int, dict[str, Any]]:
    status, out, _ = run(capsys, arts, "import", "--json", *args)
    return status, json.loads(out)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` with its bytes, by relative path."""
    if not root.exists():
        return {}
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def iso(published: str) -> str:
    """expected.yaml's "2025-03-14 10:30" or "2025-03-14" as show --json writes it."""
    return published.replace(" ", "T") + (":00" if " " in published else "T00:00:00")


# ---------------------------------------------------------------------------
# The fixtures: what a careful reader would say each page is.


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_imports_with_the_fields_a_reader_would_expect(name: str, arts: Path, capsys):
    expected = EXPECTED[name]
    status, report = import_json(capsys, arts, str(FIXTURES / name))
    assert status == 0
    [result] = report["results"]
    assert result["status"] == "imported", result
    article_id = result["path"].removesuffix(".txt")
    day = expected["published"][:10]
    assert article_id.startswith(f"{day[:4]}/{day}-")

    status, out, _ = run(capsys, arts, "show", article_id, "--json")
    assert status == 0
    shown = json.loads(out)
    assert shown["title"] == expected["title"]
    assert shown["outlet"] == expected["outlet"]
    assert shown["published"] == iso(expected["published"])
    missed = expected.get("known_miss", [])
    if "interviewee" in missed:  # still missed: a fix must take the entry out of expected.yaml
        assert shown["interviewee"] != expected["interviewee"]
    else:
        assert shown["interviewee"] == (expected["interviewee"] or "")
    assert len(shown["pairs"]) == expected["pairs"]
    if expected["pairs"]:
        assert shown["pairs"][0]["question"] == expected["first_question"]
        assert shown["pairs"][-1]["answer"].startswith(expected["last_answer_starts"])
    written = (arts / result["path"]).read_text(encoding="utf-8")
    for chrome in expected["absent"]:
        assert chrome not in written, f"{chrome!r} leaked into {result['path']}"


# ---------------------------------------------------------------------------
# Output and the written file


def test_text_output_shows_where_it_wrote_and_what_it_detected(arts: Path, capsys) -> None:
    status, out, _ = run(capsys, arts, "import", str(SEED))
    assert status == 0
    assert out == (
        f"{SEED}\n"
        f"  wrote        {arts}/{SEED_ID}.txt\n"
        "  title        Two countries pool weather-station data so herders can read the rain\n"
        "  published    2024-02-03 14:10\n"
        "  interviewee  Lesedi Motsamai\n"
        "  outlet       Kalahari Technology Digest\n"
        "  pairs        4\n"
        "imported 1, duplicates 0, failed 0\n"
    )
    assert sorted(snapshot(arts)) == [f"{SEED_ID}.txt"]


def test_written_file_has_a_comment_every_key_and_labelled_pairs(arts: Path, capsys) -> None:
    run(capsys, arts, "import", str(SEED))
    lines = (arts / f"{SEED_ID}.txt").read_text(encoding="utf-8").split("\n")
    assert lines[0] == "---"
    assert re.fullmatch(
        rf"# Imported by brreader from {re.escape(str(SEED))} \(text\) on \d{{4}}-\d\d-\d\d\.",
        lines[1],
    )
    assert lines[2] == "# Fix anything it got wrong here; a key left empty means 'none'."
    assert lines[3:12] == [
        "title: Two countries pool weather-station data so herders can read the rain",
        "outlet: Kalahari Technology Digest",
        "published: 2024-02-03 14:10",
        "interviewee: Lesedi Motsamai",
        "source: Kalahari Technology Digest",
        "url:",
        "tags: []",
        "---",
        "",
    ]
    assert lines[12].startswith("Lesedi Motsamai, a climate data officer")
    assert "Q: Why join two national networks instead of improving one?" in lines
    assert "A: Whoever is closer. Technicians from both services carry the same spare " in (
        "\n".join(lines)
    )
    assert sum(line.startswith("Q: ") for line in lines) == 4
    assert sum(line.startswith("A: ") for line in lines) == 4


def test_json_output_shape(arts: Path, capsys) -> None:
    status, report = import_json(capsys, arts, str(SEED), str(arts.parent / "missing.txt"))
    assert status == 1
    assert {k: report[k] for k in ("dry_run", "imported", "duplicate", "failed")} == {
        "dry_run": False,
        "imported": 1,
        "duplicate": 0,
        "failed": 1,
    }
    assert set(report) == {"dry_run", "imported", "duplicate", "failed", "results"}
    imported, failed = report["results"]
    assert imported == {
        "input": str(SEED),
        "status": "imported",
        "path": f"{SEED_ID}.txt",
        "duplicate_of": None,
        "reason": None,
        "title": "Two countries pool weather-station data so herders can read the rain",
        "outlet": "Kalahari Technology Digest",
        "published": "2024-02-03T14:10:00",
        "interviewee": "Lesedi Motsamai",
        "interviewees": ["Lesedi Motsamai"],
        "language": None,  # known once indexed (front matter or detection)
        "pairs": 4,
        "warnings": [],
    }
    assert failed["status"] == "failed"
    assert failed["reason"] == "no such file or folder"
    assert failed["path"] is None


def test_json_results_have_the_same_keys_whatever_the_status(arts: Path, capsys) -> None:
    # A script reading results[i]["title"] must not crash on a failed input.
    status, report = import_json(
        capsys, arts, str(SEED), str(SEED), str(arts.parent / "missing.txt")
    )
    assert status == 1
    assert [r["status"] for r in report["results"]] == ["imported", "duplicate", "failed"]
    keys = [set(r) for r in report["results"]]
    assert keys[0] == keys[1] == keys[2], keys


def test_search_finds_the_imported_article_at_once(arts: Path, capsys) -> None:
    run(capsys, arts, "import", str(SEED))
    status, out, _ = run(capsys, arts, "search", "--json", "elephants")
    assert status == 0
    assert [r["id"] for r in json.loads(out)["results"]] == [SEED_ID]


def test_articles_folder_is_created_with_a_note_on_stderr(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "new" / "articles"
    status, out, err = run(capsys, missing, "import", str(SEED))
    assert status == 0
    assert f"brreader: created the articles folder {missing}\n" in err
    assert (missing / f"{SEED_ID}.txt").is_file()
    assert out.endswith("imported 1, duplicates 0, failed 0\n")


# ---------------------------------------------------------------------------
# --dry-run


def test_dry_run_prints_the_target_and_writes_no_article(arts: Path, capsys) -> None:
    write_files(arts, {"2021/sensors.txt": PLAIN})
    before = snapshot(arts)
    status, out, _ = run(capsys, arts, "import", "--dry-run", str(SEED))
    assert status == 0
    assert f"  would write  {arts}/{SEED_ID}.txt\n" in out
    assert "  pairs        4\n" in out
    assert out.endswith("imported 1, duplicates 0, failed 0 (dry run: nothing written)\n")
    assert snapshot(arts) == before
    status, report = import_json(capsys, arts, "--dry-run", str(SEED))
    assert report["dry_run"] is True and report["imported"] == 1
    assert report["results"][0]["path"] == f"{SEED_ID}.txt"
    assert snapshot(arts) == before


def test_dry_run_into_a_missing_folder_creates_nothing(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "articles"
    status, out, err = run(capsys, missing, "import", "--dry-run", str(SEED))
    assert status == 0
    assert f"  would write  {missing}/{SEED_ID}.txt\n" in out
    assert "created" not in err
    assert not missing.exists()


def test_dry_run_names_the_files_a_real_run_writes(arts: Path, capsys) -> None:
    # Two different undated interviews without a title both want undated/interview.txt.
    first = "Lede about reed boats on the lagoon.\n\nWhy reeds?\n\nThey float for years.\n"
    second = "Lede about clay stoves in the hills.\n\nWhy clay?\n\nIt holds the heat.\n"
    inputs = write_files(arts.parent / "in", {"reeds.txt": first, "stoves.txt": second})
    paths = [str(inputs / "reeds.txt"), str(inputs / "stoves.txt")]
    _, dry = import_json(capsys, arts, "--dry-run", *paths)
    _, real = import_json(capsys, arts, *paths)
    assert [r["path"] for r in real["results"]] == [
        "undated/interview.txt",
        "undated/interview-2.txt",
    ]
    assert [r["path"] for r in dry["results"]] == [r["path"] for r in real["results"]]


# ---------------------------------------------------------------------------
# Never overwrite, never duplicate


def test_name_taken_by_a_handmade_md_file_gets_suffix_2(arts: Path, capsys) -> None:
    handmade = textwrap.dedent(
        """\
        ---
        title: Kite festival notes
        published: 2019-05-01
        interviewee: Ola Berg
        ---
        Ola Berg flies kites over the dunes.

        Q: Why kites?
        A: The wind never stops here.
        """
    )
    write_files(arts, {f"{SEED_ID}.md": handmade})
    before = (arts / f"{SEED_ID}.md").read_bytes()
    status, report = import_json(capsys, arts, str(SEED))
    assert status == 0
    assert report["results"][0]["path"] == f"{SEED_ID}-2.txt"
    assert (arts / f"{SEED_ID}-2.txt").is_file()
    assert not (arts / f"{SEED_ID}.txt").exists()
    assert (arts / f"{SEED_ID}.md").read_bytes() == before
    _, out, _ = run(capsys, arts, "list", "--json")
    ids = {entry["path"]: entry["id"] for entry in json.loads(out)}
    assert ids == {f"{SEED_ID}.md": SEED_ID, f"{SEED_ID}-2.txt": f"{SEED_ID}-2"}


def test_name_taken_by_an_upper_case_suffix_file_also_counts(arts: Path, capsys) -> None:
    # The archive reads NOTES.MD as an article with id NOTES; a new NOTES.txt would take it.
    handmade = "---\ntitle: Kite festival notes\npublished: 2019-05-01\n---\nOla Berg.\n"
    write_files(arts, {f"{SEED_ID}.MD": handmade})
    run(capsys, arts, "list", "--json")
    status, report = import_json(capsys, arts, str(SEED))
    assert status == 0
    _, out, _ = run(capsys, arts, "list", "--json")
    ids = {entry["path"]: entry["id"] for entry in json.loads(out)}
    assert ids[f"{SEED_ID}.MD"] == SEED_ID  # the hand-made file keeps its id
    assert report["results"][0]["path"] == f"{SEED_ID}-2.txt"


SAME_WORDS_AS_PLAIN = textwrap.dedent(
    """\
    ---
    title: River gauges, a second look
    outlet: Delta Echo
    published: 2023-07-09
    ---

    Dara Kheng talks about river data once more.

    **HOW did the network start?**

    It began with twelve gauges on the Mekong, and a shared spreadsheet!

    Now we publish readings every hour -- for anyone to use.

    **What do farmers gain from it?**

    They time their planting to the flood pulse and cooperate on pumps.

    **Which satellites help you?**

    Radar altimetry fills the gaps between gauges.
    """
)


def test_same_text_as_an_archive_article_is_skipped(arts: Path, capsys) -> None:
    write_files(arts, {"2021/sensors.txt": PLAIN})
    source = write_files(arts.parent / "in", {"gauges.md": SAME_WORDS_AS_PLAIN}) / "gauges.md"
    before = snapshot(arts)
    status, out, _ = run(capsys, arts, "import", str(source))
    assert status == 0
    assert out == (
        f"{source}\n"
        f"  skipped      duplicate of {arts}/2021/sensors.txt (same text)\n"
        "imported 0, duplicates 1, failed 0\n"
    )
    assert snapshot(arts) == before


def test_same_title_and_day_as_an_archive_article_is_skipped(arts: Path, capsys) -> None:
    write_files(arts, {"2021/sensors.txt": PLAIN})
    other_text = (
        "Riverside Wire\n\nSensors along the River\n\nMarch 3, 2021\n\n"
        "Sokha Prum, a data manager, describes the river sensors.\n\n"
        "Who maintains the gauges?\n\nVillage volunteers check them every week.\n"
    )
    source = write_files(arts.parent / "in", {"copy.txt": other_text}) / "copy.txt"
    status, report = import_json(capsys, arts, str(source))
    assert status == 0
    [result] = report["results"]
    assert (result["status"], result["duplicate_of"], result["reason"]) == (
        "duplicate",
        "2021/sensors.txt",
        "same title and date",
    )
    assert result["path"] is None
    assert sorted(snapshot(arts)) == ["2021/sensors.txt"]


def test_the_same_file_twice_in_one_run_is_imported_once(arts: Path, capsys) -> None:
    status, out, _ = run(capsys, arts, "import", str(SEED), str(SEED))
    assert status == 0
    assert out.count(f"  wrote        {arts}/{SEED_ID}.txt\n") == 1
    assert f"  skipped      duplicate of {arts}/{SEED_ID}.txt (same text)\n" in out
    assert out.endswith("imported 1, duplicates 1, failed 0\n")
    assert sorted(snapshot(arts)) == [f"{SEED_ID}.txt"]


# ---------------------------------------------------------------------------
# Inputs that cannot be imported


def test_missing_path_fails_and_exits_1(arts: Path, capsys) -> None:
    missing = arts.parent / "nowhere.html"
    status, out, err = run(capsys, arts, "import", str(missing), str(SEED))
    assert status == 1
    assert out.startswith(f"{missing}\n  failed       no such file or folder\n{SEED}\n")
    assert out.endswith("imported 1, duplicates 0, failed 1\n")
    assert "Traceback" not in err


def test_empty_folder_and_empty_file_fail(arts: Path, capsys) -> None:
    inputs = arts.parent / "in"
    write_files(inputs, {"empty/.hidden/notes.txt": "Hidden notes.\n", "empty/scan.pdf": "%PDF"})
    (inputs / "blank.txt").write_bytes(b"")
    status, out, _ = run(capsys, arts, "import", str(inputs / "empty"), str(inputs / "blank.txt"))
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == str(inputs / "empty")
    assert (
        lines[1]
        == "  failed       no .txt .text .md .markdown .html .htm .xhtml files in this folder"
    )
    assert lines[2] == str(inputs / "blank.txt")
    assert lines[3] == "  failed       no text found (read as text)"
    assert lines[4:] == ["imported 0, duplicates 0, failed 2"]
    assert snapshot(arts) == {}


def test_binary_file_is_not_imported(arts: Path, capsys) -> None:
    # A file the index would refuse ("binary data, not text") must not become an article.
    pdf = arts.parent / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nstream\n\x00\x01\x02\nendstream\n")
    status, report = import_json(capsys, arts, str(pdf))
    assert report["results"][0]["status"] == "failed"
    assert status == 1
    assert snapshot(arts) == {}


def test_folder_import_recurses_and_skips_hidden_and_other_files(arts: Path, capsys) -> None:
    inputs = write_files(
        arts.parent / "in",
        {
            "deep/er/seed.text": SEED.read_text(encoding="utf-8"),
            ".drafts/draft.txt": PLAIN,
            ".hidden.txt": PLAIN,
            "notes.rtf": PLAIN,
        },
    )
    status, report = import_json(capsys, arts, str(inputs))
    assert status == 0
    assert [(r["input"], r["status"]) for r in report["results"]] == [
        (str(inputs / "deep" / "er" / "seed.text"), "imported")
    ]
    assert sorted(snapshot(arts)) == [f"{SEED_ID}.txt"]


def test_html_without_trafilatura_fails_with_the_install_hint(
    arts: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    page = FIXTURES / "cp1252.html"
    status, out, err = run(capsys, arts, "import", str(page), str(FIXTURES / "labels.md"))
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == str(page)
    assert lines[1].startswith("  failed       ")
    assert "needs trafilatura: pip install --force-reinstall brreader" in lines[1]
    assert lines[-1] == "imported 1, duplicates 0, failed 1"
    assert "Traceback" not in out + err


# ---------------------------------------------------------------------------
# Warnings, hand edits, standard input, terminal safety


def test_warnings_name_each_missing_field(arts: Path, capsys) -> None:
    notice = (
        "Harbour Almanac\n\nTide tables for everyone\n\n"
        "The two ports now print one shared tide table every month.\n"
    )
    source = write_files(arts.parent / "in", {"tides.txt": notice}) / "tides.txt"
    status, out, _ = run(capsys, arts, "import", str(source))
    assert status == 0
    assert f"  wrote        {arts}/undated/tide-tables-for-everyone.txt\n" in out
    assert [line for line in out.splitlines() if line.startswith("  warning")] == [
        "  warning      no date found; fill in 'published:' (e.g. 2025-06-24)",
        "  warning      no interviewee found; fill in 'interviewee:'",
        "  warning      no questions found; put 'Q: ' before each question "
        "and 'A: ' before each answer",
    ]
    written = (arts / "undated" / "tide-tables-for-everyone.txt").read_text(encoding="utf-8")
    assert "\npublished:\n" in written and "\ninterviewee:\n" in written


def test_a_hand_edit_of_the_imported_file_is_honoured(arts: Path, capsys) -> None:
    run(capsys, arts, "import", str(SEED))
    written = arts / f"{SEED_ID}.txt"
    text = written.read_text(encoding="utf-8")
    assert "\ninterviewee: Lesedi Motsamai\n" in text
    written.write_text(
        text.replace("\ninterviewee: Lesedi Motsamai\n", "\ninterviewee: Lesedi K. Motsamai\n"),
        encoding="utf-8",
    )
    status, out, _ = run(capsys, arts, "index")
    assert (status, out) == (0, "indexed 1, unchanged 0, removed 0, skipped 0\n")
    _, out, _ = run(capsys, arts, "show", SEED_ID, "--json")
    shown = json.loads(out)
    assert shown["interviewee"] == "Lesedi K. Motsamai"
    assert len(shown["pairs"]) == 4


def _import_stdin(tmp_path: Path, data: bytes, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "brreader", "--articles", str(tmp_path / "articles"),
         "--index", str(tmp_path / "index"), "import", *extra, "-"],
        input=data, capture_output=True, cwd=REPO, timeout=120,
    )  # fmt: skip


def test_standard_input_plain_text_interview(tmp_path: Path) -> None:
    done = _import_stdin(tmp_path, TELESCOPE.encode())
    assert done.returncode == 0, done.stderr
    arts = tmp_path / "articles"
    assert done.stdout.decode() == (
        "standard input\n"
        f"  wrote        {arts}/2025/2025-06-24-a-telescope-shared-by-two-deserts.txt\n"
        "  title        A Telescope Shared by Two Deserts\n"
        "  published    2025-06-24\n"
        "  interviewee  Oyelaran Bakre\n"
        "  outlet       Northwind Field Bulletin\n"
        "  pairs        2\n"
        "imported 1, duplicates 0, failed 0\n"
    )
    written = (arts / "2025" / "2025-06-24-a-telescope-shared-by-two-deserts.txt").read_text()
    assert "from standard input (text)" in written.splitlines()[1]
    assert "\nQ: What happens on cloudy nights?\n\nA: The time rolls over" in written


def test_standard_input_format_is_sniffed(tmp_path: Path) -> None:
    page = (
        b"<!DOCTYPE html><html><head><title>Kelp</title></head><body><article>"
        b"<h1>Kelp farms on two coasts share a seed line</h1><p>Published 3 May 2024</p>"
        b"<p>Noor Halvorsen, a marine biologist at a coastal lab, said kelp growers on two "
        b"coasts now share one seed line and one test bench for every new strain.</p>"
        b"<p><strong>How did the seed line start?</strong></p>"
        b"<p>With one tank and a borrowed pump in the harbour shed, long ago.</p>"
        b"<p><strong>Who runs it now?</strong></p>"
        b"<p>A cooperative of growers from both coasts with two technicians on call.</p>"
        b"</article></body></html>"
    )
    notes = b"# Salt pans by the sea\n\n**Why salt?**\n\nBecause the sun is free.\n"
    for data, fmt, pairs in ((page, "html", 2), (notes, "markdown", 1)):
        done = _import_stdin(tmp_path, data, "--json")
        assert done.returncode == 0, done.stderr
        [result] = json.loads(done.stdout)["results"]
        assert (result["status"], result["pairs"]) == ("imported", pairs)
        written = (tmp_path / "articles" / result["path"]).read_text(encoding="utf-8")
        assert f"from standard input ({fmt})" in written.splitlines()[1]


def test_escape_sequences_in_input_never_reach_the_terminal(arts: Path, capsys) -> None:
    hostile = (
        "Glasswing Notes\n\n\x1b[31mRed\x1b[0m Title of Danger\n\nMay 2, 2024\n\n"
        "Pell Maranta, an engineer, talks about \x1b]52;c;aGk=\x07 red lamps.\n\n"
        "Why red?\n\nBecause it glows\x07 at night.\n"
    )
    name = "evil\x1b[2Jname.txt"
    source = write_files(arts.parent / "in", {name: hostile}) / name
    status, out, err = run(capsys, arts, "import", str(source))
    assert status == 0
    assert "  title        Red Title of Danger\n" in out
    for stream in (out, err):
        assert "\x1b" not in stream and "\x07" not in stream
    [written] = snapshot(arts).values()
    assert b"\x1b" not in written and b"\x07" not in written
    status, out, err = run(capsys, arts, "import", "--json", str(source))
    assert "\x1b" not in out + err
    assert json.loads(out)["results"][0]["status"] == "duplicate"


def test_a_failed_write_leaves_no_file_behind_and_the_next_input_still_runs(
    arts: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    real_fsync = os.fsync
    calls = []

    def full_disk(fd: int) -> None:
        if os.path.basename(os.readlink(f"/proc/self/fd/{fd}")).startswith(".import-"):
            calls.append(fd)
            if len(calls) == 1:  # the first article file; the index is not affected
                raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full_disk)
    other = write_files(arts.parent / "in", {"telescope.txt": TELESCOPE}) / "telescope.txt"
    status, out, err = run(capsys, arts, "import", str(SEED), str(other))
    assert status == 1
    assert f"  failed       cannot write {arts}/{SEED_ID}.txt: No space left on device\n" in out
    assert out.endswith("imported 1, duplicates 0, failed 1\n")
    written = sorted(p.relative_to(arts).as_posix() for p in arts.rglob("*") if p.is_file())
    assert written == ["2025/2025-06-24-a-telescope-shared-by-two-deserts.txt"]
    assert "Traceback" not in err
