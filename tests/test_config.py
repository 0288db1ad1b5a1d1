"""One archive from any directory (issue 18): config file, settings order, where the index goes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from brreader.cli import main
from brreader.config import _folder, cache_index, read_config, settings
from tests.conftest import PLAIN, write_files


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return write_files(tmp_path / "interviews", {"delta.txt": PLAIN})


@pytest.fixture
def config() -> Path:
    """The config file conftest points BRREADER_CONFIG at (absent until written)."""
    return Path(os.environ["BRREADER_CONFIG"])


def test_settings_come_from_option_then_environment_then_file_then_default(
    tmp_path: Path, config: Path
) -> None:
    config.write_text('articles = "from-file"\nserver = false\n', encoding="utf-8")
    file = read_config()
    env = {"BRREADER_ARTICLES": "from-env"}
    assert settings("from-option", None, env, file).articles.value == Path("from-option")
    assert settings(None, None, env, file).articles.source == "BRREADER_ARTICLES"
    found = settings(None, None, {}, file)
    assert found.articles.value == config.parent / "from-file"  # relative to the file
    assert (found.articles.source, found.server.value) == ("config file", False)
    assert settings(None, None, {"BRREADER_SERVER": "on"}, file).server.value is True
    empty = read_config(tmp_path / "none.toml")
    assert settings(None, None, {}, empty).articles == settings(None, None, {}, empty).articles
    assert settings(None, None, {}, empty).articles.source == "default"


def test_set_once_then_every_command_works_from_any_directory(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, config: Path
) -> None:
    elsewhere = tmp_path / "somewhere" / "else"
    elsewhere.mkdir(parents=True)
    monkeypatch.chdir(elsewhere)
    assert main(["search", "gauges"]) == 3
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "brreader config set articles DIR" in error
    assert main(["config", "set", "articles", str(archive)]) == 0
    assert str(archive) in config.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["search", "gauges", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] >= 1
    # The index went to the cache, not beside the archive nor into the working folder.
    assert not (tmp_path / "index").exists() and not (elsewhere / "index").exists()
    assert (cache_index(archive) / "brreader-index.json").is_file()


def test_config_shows_each_setting_and_where_it_came_from(
    archive: Path, monkeypatch: pytest.MonkeyPatch, capsys, config: Path
) -> None:
    monkeypatch.setenv("BRREADER_ARTICLES", str(archive))
    monkeypatch.setenv("BRREADER_SERVER", "off")
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert f"config file: {config} (not created yet)" in out
    assert f"articles:    {archive}  (from BRREADER_ARTICLES)" in out
    assert f"index:       {cache_index(archive)}  (from default: the cache folder" in out
    assert "server:      off  (from BRREADER_SERVER)" in out
    assert main(["config", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["articles"] == {"value": str(archive), "from": "BRREADER_ARTICLES"}
    assert data["server"] == {"value": False, "from": "BRREADER_SERVER"}


def test_an_existing_index_beside_the_archive_keeps_working(
    archive: Path, tmp_path: Path, capsys
) -> None:
    beside = tmp_path / "index"
    assert main(["--articles", str(archive), "--index", str(beside), "index"]) == 0
    capsys.readouterr()
    assert main(["--articles", str(archive), "config", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["index"] == {
        "value": str(beside),
        "from": "the existing index beside the articles",
    }


def test_the_repositorys_sample_archive_keeps_its_index_folder() -> None:
    repo = Path(__file__).resolve().parent.parent
    found = settings(str(repo / "articles"), None, {}, read_config(repo / "no-config.toml"))
    assert found.index.value == repo / "index"
    assert (repo / "index" / ".brreader-index").is_file()


def test_a_broken_config_file_is_named_once_and_ignored(
    archive: Path, config: Path, capsys
) -> None:
    config.write_text('articles = "unclosed\n', encoding="utf-8")
    assert main(["--articles", str(archive), "search", "gauges"]) == 0
    error = capsys.readouterr().err
    assert f"{config} is not valid TOML" in error and error.count("is not valid TOML") == 1
    config.write_text("article = 'typo'\nserver = 'maybe'\n", encoding="utf-8")
    assert main(["--articles", str(archive), "search", "gauges"]) == 0
    error = capsys.readouterr().err
    assert "unknown setting 'article'" in error and "'server' should be true or false" in error


def test_config_set_refuses_unknown_keys_and_missing_folders(
    tmp_path: Path, capsys, config: Path
) -> None:
    assert main(["config", "set", "colour", "blue"]) == 2
    assert "unknown setting 'colour'" in capsys.readouterr().err
    assert main(["config", "set", "articles", str(tmp_path / "nope")]) == 2
    assert "not found" in capsys.readouterr().err
    assert main(["config", "set", "server", "off"]) == 0
    assert "server = false" in config.read_text(encoding="utf-8")
    assert not config.with_name(f".{config.name}.tmp").exists()


def test_the_folders_are_the_ones_platformdirs_names(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    for variable in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(variable, raising=False)
    assert _folder("config") == platformdirs.user_config_path("brreader")
    assert _folder("cache") == platformdirs.user_cache_path("brreader")
    monkeypatch.setenv("XDG_CACHE_HOME", "/tmp/elsewhere")
    assert _folder("cache") == platformdirs.user_cache_path("brreader")


def test_the_server_setting_in_the_config_file_turns_the_server_off(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from brreader import serving
    from brreader.config import config_path

    monkeypatch.delenv("BRREADER_SERVER", raising=False)
    assert serving.config_file() == str(config_path())  # the client's cheap copy agrees
    assert not serving.disabled()  # no file: on
    config.write_text("server = false\n", encoding="utf-8")
    assert serving.disabled()
    monkeypatch.setenv("BRREADER_SERVER", "on")  # the variable wins over the file
    assert not serving.disabled()
    monkeypatch.delenv("BRREADER_SERVER")
    monkeypatch.delenv("BRREADER_CONFIG")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config.parent / "xdg"))
    assert serving.config_file() == str(config_path())
