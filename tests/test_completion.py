"""Shell completion (issue 18): what a Tab press offers, asked the way the shells ask."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from brreader.cli import main
from tests.conftest import PLAIN, SAMPLE_ARTICLES, write_files


def tab(line: str, tmp_path: Path, **env: str) -> list[str]:
    """What brreader offers for ``line`` with the cursor at its end."""
    answer = tmp_path / "completions"
    environ = {
        **os.environ,
        **env,
        "_ARGCOMPLETE": "1",
        "_ARGCOMPLETE_IFS": "\n",
        "COMP_LINE": line,
        "COMP_POINT": str(len(line)),
        "_ARGCOMPLETE_STDOUT_FILENAME": str(answer),
    }
    subprocess.run(
        [sys.executable, "-m", "brreader", *line.split()[1:]],
        env=environ,
        capture_output=True,
        timeout=60,
        check=False,
    )
    if not answer.exists():
        return []
    return [choice.strip() for choice in answer.read_text(encoding="utf-8").split("\n")]


def test_tab_completes_commands_options_and_article_ids(tmp_path: Path) -> None:
    assert "show" in tab("brreader sh", tmp_path)
    assert "--limit" in [c.strip() for c in tab("brreader search --li", tmp_path)]
    ids = [
        c.strip()
        for c in tab("brreader show 2019", tmp_path, BRREADER_ARTICLES=str(SAMPLE_ARTICLES))
    ]
    assert ids and all(i.startswith("2019/") for i in ids)
    assert "2019/2019-10-22-mekong-delta-salt-rice" in ids


def test_tab_completes_saved_search_names(tmp_path: Path, capsys) -> None:
    arts = write_files(tmp_path / "articles", {"delta.txt": PLAIN})
    index = str(tmp_path / "index")
    assert main(["--articles", str(arts), "--index", index, "saved", "add", "gauges", "gauge"]) == 0
    capsys.readouterr()
    offered = tab(f"brreader --articles {arts} saved run ga", tmp_path)
    assert offered == ["gauges"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_prints_a_script_for_each_shell(shell: str, capsys) -> None:
    assert main(["completion", shell]) == 0
    script = capsys.readouterr().out
    assert "brreader" in script and "_ARGCOMPLETE" in script


def test_an_unknown_shell_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["completion", "tcsh"])
    assert stop.value.code == 2
    assert "invalid choice: 'tcsh'" in capsys.readouterr().err
