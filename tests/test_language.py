"""Every article has a language: front matter names it, or indexing detects it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from brreader.cli import main
from brreader.language import detect, normalize
from brreader.parse import parse_article
from tests.conftest import write_files

REPO = Path(__file__).resolve().parent.parent

ZH = (
    "《远山科技报》\n\n北斗学堂里的年轻工程师\n\n2025年3月14日\n\n"
    "记者：你们的合作是怎样开始的？\n\n"
    "林晓岚：我们从一个小小的联合实验室开始，后来变成了一带一路沿线的培训网络。\n\n"
    "记者：学员们最需要什么？\n\n"
    "林晓岚：他们需要动手的机会，需要在真实的卫星数据上练习，而不只是听课。\n"
)
RU = (
    "Северный вестник науки\n\nЛёд и спутники\n\n14 марта 2025\n\n"
    "— Как началось сотрудничество?\n\n"
    "— С небольшой совместной лаборатории. Наука требует терпения и общих данных.\n\n"
    "— Что дальше?\n\n"
    "— Мы откроем ещё две станции на побережье и пригласим студентов из трёх стран.\n"
)
FR_DECLARED = (
    "---\ntitle: Les capteurs du delta\noutlet: La Gazette des Rives\nlanguage: French\n---\n"
    "Q: Comment est née la coopération ?\n\nA: Autour d'un tableau de données partagé.\n"
)
EN = (
    "Delta Herald\n\nSensors on the river\n\n2024-05-01\n\n"
    "Dara Kheng, a hydrologist, talks about river sensors.\n\n"
    "Q: How did the cooperation start?\n\nA: With one shared table of water levels.\n"
)


def run(capsys: pytest.CaptureFixture[str], folders: tuple[Path, Path], *args: str) -> Any:
    articles, index = folders
    status = main(["--articles", str(articles), "--index", str(index), *args])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def mixed(tmp_path: Path) -> tuple[Path, Path]:
    files: dict[str, str | bytes] = {
        "zh.txt": ZH,
        "ru.txt": RU,
        "fr.md": FR_DECLARED,
        "en.txt": EN,
        # Front matter wins over what the text looks like.
        "labelled.md": "---\ntitle: Mislabelled\nlanguage: es\n---\n" + EN.split("\n\n", 3)[3],
    }
    return write_files(tmp_path / "articles", files), tmp_path / "index"


@pytest.mark.parametrize(
    ("written", "code"),
    [("fr", "fr"), ("fr-FR", "fr"), ("zh_Hant", "zh"), ("French", "fr"), ("русский", "ru")],
)
def test_front_matter_language_forms(written: str, code: str) -> None:
    text = f"---\ntitle: T\nlanguage: {written}\n---\nQ: Why?\n\nA: Because.\n"
    result = parse_article(text, id="t", path="t.md")
    assert result.article.language == code
    assert result.warnings == ()


def test_front_matter_language_that_is_not_one_warns_and_is_left_to_detection() -> None:
    text = "---\ntitle: T\nlanguage: 42 things\n---\nQ: Why?\n\nA: Because.\n"
    result = parse_article(text, id="t", path="t.md")
    assert result.article.language == ""
    assert any("'language: 42 things' is not a language" in w for w in result.warnings)


def test_detection_names_whole_articles_and_says_nothing_for_no_text() -> None:
    assert detect(ZH) == "zh"
    assert detect(RU) == "ru"
    assert detect(EN) == "en"
    assert detect("") == ""
    assert detect("\x00\ud800 ??") == ""  # unreadable text is no language, never an error
    assert normalize("") is None


def test_list_takes_the_language_filter_and_the_others(mixed, capsys) -> None:
    status, out, _ = run(capsys, mixed, "list", "--lang", "Russian", "--lang", "zh", "--json")
    assert status == 0
    assert sorted(entry["path"] for entry in json.loads(out)) == ["ru.txt", "zh.txt"]
    status, out, _ = run(capsys, mixed, "list", "--lang", "es")
    assert status == 0
    assert out.split()[-1] == "labelled" and len(out.splitlines()) == 1
    status, out, err = run(capsys, mixed, "list", "--lang", "de")
    assert (status, out) == (1, "")
    assert "--lang 'de' matches no language in the archive" in err
    assert "no articles pass those filters" in err
    with pytest.raises(SystemExit) as usage:
        run(capsys, mixed, "list", "--lang", "klingon")
    assert usage.value.code == 2
    assert "'klingon' is not a language" in capsys.readouterr().err


def test_list_json_and_show_give_each_articles_language(mixed, capsys) -> None:
    status, out, _ = run(capsys, mixed, "list", "--json")
    assert status == 0
    by_path = {entry["path"]: entry["language"] for entry in json.loads(out)}
    assert by_path == {
        "zh.txt": "zh",
        "ru.txt": "ru",
        "fr.md": "fr",
        "en.txt": "en",
        "labelled.md": "es",
    }
    status, out, _ = run(capsys, mixed, "show", "zh.txt")
    assert status == 0
    assert "Language: Chinese (zh)" in out.splitlines()[2]
    status, out, _ = run(capsys, mixed, "show", "ru.txt", "--json")
    assert json.loads(out)["language"] == "ru"
    status, out, _ = run(capsys, mixed, "show", "en.txt")
    assert "Language:" not in out  # English, the usual case, is not announced


def test_lang_filter_and_language_facet(mixed, capsys) -> None:
    status, out, _ = run(capsys, mixed, "facets", "--json")
    assert status == 0
    counts = {e["value"]: e["count"] for e in json.loads(out)["facets"]["language"]}
    assert counts == {"zh": 1, "ru": 1, "fr": 1, "en": 1, "es": 1}
    status, out, _ = run(capsys, mixed, "facets")
    assert "Languages (5)" in out and "  1  Russian (ru)" in out
    status, out, _ = run(capsys, mixed, "search", "cooperation", "--lang", "English", "--json")
    assert [r["path"] for r in json.loads(out)["results"]] == ["en.txt"]
    status, out, _ = run(capsys, mixed, "search", "cooperation", "--lang", "es", "--json")
    assert [r["path"] for r in json.loads(out)["results"]] == ["labelled.md"]


def test_an_unknown_lang_value_is_one_clear_line(mixed, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        run(capsys, mixed, "search", "water", "--lang", "Klingon!")
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "'Klingon!' is not a language; give a code such as zh" in err
    assert "Traceback" not in err


def test_a_lang_the_archive_lacks_is_named(mixed, capsys) -> None:
    status, _out, err = run(capsys, mixed, "search", "cooperation", "--lang", "de")
    assert status == 1
    assert "--lang 'de' matches no language in the archive" in err


def test_detection_is_never_loaded_by_a_search(mixed) -> None:
    articles, index = mixed
    folders = f"'--articles', {str(articles)!r}, '--index', {str(index)!r}"
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    def python(code: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
        )

    built = python(
        f"import sys, brreader.cli; code = brreader.cli.main([{folders}, 'index'])\n"
        "print('pycld2' in sys.modules, code)"
    )
    assert built.stdout.strip().splitlines()[-1] == "True 0", built.stderr
    searched = python(
        f"import sys, brreader.cli; code = brreader.cli.main([{folders}, 'search', 'sensors'])\n"
        "print('pycld2' in sys.modules, 'opencc' in sys.modules, code)"
    )
    # neither the detector nor the Chinese character table is loaded by an English search
    assert searched.stdout.strip().splitlines()[-1] == "False False 0", searched.stderr
