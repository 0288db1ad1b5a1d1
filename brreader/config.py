"""Where the archive is, where its index goes, and whether the resident server runs.

Each setting comes from the first of: the command-line option, the
environment variable, the config file, the default. The config file is TOML
in the platform's config folder (``~/.config/brreader/config.toml`` on Linux;
``$BRREADER_CONFIG`` names another file)::

    articles = "~/interviews"      # the archive: a folder of .txt and .md files
    index = "~/.cache/my-index"    # optional; see default_index()
    server = false                 # optional; the resident server (default on)

No I/O happens at import, and the one-shot path pays for no import it does not
need: ``tomllib`` only when a config file exists, ``platformdirs`` only on
platforms whose folders are not the XDG ones (:func:`_folder`).
"""

from __future__ import annotations

import errno
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from brreader.records import record

CONFIG_ENV = "BRREADER_CONFIG"
CACHE_ENV = "BRREADER_CACHE"
ARTICLES_ENV = "BRREADER_ARTICLES"
INDEX_ENV = "BRREADER_INDEX"
SERVER_ENV = "BRREADER_SERVER"
# The folder beside the articles that holds their index when it is already
# there (an archive indexed before brreader kept indexes in the cache), or when
# it carries this marker (the repository's sample archive, ./articles + ./index).
BESIDE = "index"
MARKER = ".brreader-index"
RECORD = "brreader-index.json"
KEYS = ("articles", "index", "server")
MAX_CONFIG_BYTES = 1 << 20
_OFF = {"0", "off", "no", "false"}
_ON = {"1", "on", "yes", "true"}


@record
class Setting:
    """One setting's value and where it came from ("--articles", "BRREADER_ARTICLES", ...)."""

    value: Any
    source: str


@record
class ConfigFile:
    """The config file: its path, whether it exists, what it sets, and what was wrong with it."""

    path: Path
    exists: bool
    values: dict[str, Any]
    problem: str = ""


@record
class Settings:
    """Every setting in force."""

    file: ConfigFile
    articles: Setting
    index: Setting
    server: Setting


def _folder(kind: str) -> Path:
    """The user's config or cache folder for brreader.

    On Linux and the BSDs these are the XDG folders, exactly as ``platformdirs``
    computes them; importing ``platformdirs`` there costs every command about
    10 ms (it imports ``tempfile``), so only other platforms import it.
    """
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        variable, fallback = {"config": ("XDG_CONFIG_HOME", "~/.config"),
                              "cache": ("XDG_CACHE_HOME", "~/.cache")}[kind]  # fmt: skip
        base = os.environ.get(variable, "").strip() or os.path.expanduser(fallback)
        return Path(base) / "brreader"
    import platformdirs

    if kind == "config":
        return platformdirs.user_config_path("brreader")
    return platformdirs.user_cache_path("brreader")


def config_path() -> Path:
    """``$BRREADER_CONFIG``, else ``config.toml`` in the user's config folder."""
    override = os.environ.get(CONFIG_ENV, "").strip()
    return Path(override).expanduser() if override else _folder("config") / "config.toml"


def _config_bytes(path: Path) -> bytes:
    """The config file's bytes: a regular file of at most 1 MB, else :class:`OSError`.

    A pipe in its place would block every command in ``open``, and
    ``/dev/zero`` would be read until memory ran out (:mod:`brreader.files`).
    """
    from brreader.files import read_regular

    data = read_regular(path, MAX_CONFIG_BYTES)
    if len(data) > MAX_CONFIG_BYTES:
        raise OSError(errno.EFBIG, "larger than 1 MB, which no brreader config file is", str(path))
    return data


def read_config(path: Path | None = None) -> ConfigFile:
    """The config file's settings; never raises (a problem is one line in ``problem``)."""
    path = path or config_path()
    try:
        data = _config_bytes(path)
    except FileNotFoundError:
        return ConfigFile(path, False, {})
    except OSError as error:
        return ConfigFile(path, True, {}, f"cannot read {path}: {error.strerror}; ignored")
    import tomllib

    try:
        loaded = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        return ConfigFile(path, True, {}, f"{path} is not UTF-8 text; ignored")
    except tomllib.TOMLDecodeError as error:
        return ConfigFile(path, True, {}, f"{path} is not valid TOML ({error}); ignored")
    except RecursionError:
        return ConfigFile(path, True, {}, f"{path} is not valid TOML (nested too deeply); ignored")
    values: dict[str, Any] = {}
    problems = []
    for key, value in loaded.items():
        if key not in KEYS:
            problems.append(f"unknown setting {key!r} (known: {', '.join(KEYS)})")
        elif key == "server" and not isinstance(value, bool):
            problems.append("'server' should be true or false")
        elif key != "server" and (not isinstance(value, str) or not value.strip()):
            problems.append(f"{key!r} should be a folder path in quotes")
        else:
            values[key] = value
    problem = f"{path}: {'; '.join(problems)}; ignored" if problems else ""
    return ConfigFile(path, True, values, problem)


def _path_from_file(value: str, file: Path) -> Path:
    """A folder named in the config file: ``~`` expanded, relative to the file's folder."""
    path = Path(value).expanduser()
    return path if path.is_absolute() else file.parent / path


def settings(
    articles_option: str | None = None,
    index_option: str | None = None,
    environ: Mapping[str, str] | None = None,
    file: ConfigFile | None = None,
) -> Settings:
    """Every setting with its source: option, then environment, then config file, then default."""
    env = os.environ if environ is None else environ
    file = file if file is not None else read_config()
    if articles_option:
        articles = Setting(Path(articles_option), "--articles")
    elif env.get(ARTICLES_ENV):
        articles = Setting(Path(env[ARTICLES_ENV]), ARTICLES_ENV)
    elif "articles" in file.values:
        articles = Setting(_path_from_file(file.values["articles"], file.path), "config file")
    else:
        articles = Setting(Path("articles"), "default")
    if index_option:
        index = Setting(Path(index_option), "--index")
    elif env.get(INDEX_ENV):
        index = Setting(Path(env[INDEX_ENV]), INDEX_ENV)
    elif "index" in file.values:
        index = Setting(_path_from_file(file.values["index"], file.path), "config file")
    else:
        where, why = default_index(articles.value)
        index = Setting(where, why)
    word = env.get(SERVER_ENV, "").strip().lower()
    if word in _OFF | _ON:
        server = Setting(word in _ON, SERVER_ENV)
    elif "server" in file.values:
        server = Setting(file.values["server"], "config file")
    else:
        server = Setting(True, "default")
    return Settings(file, articles, index, server)


def default_index(articles: Path) -> tuple[Path, str]:
    """Where an archive's index goes when no one said, and why.

    ``index/`` beside the articles folder when it already holds a brreader
    index or the marker file (the repository's sample archive); otherwise a
    folder of its own in the user's cache, named after the archive and a hash
    of its full path. The cache is chosen over a hidden folder inside the
    archive: the index is a cache (deleting it costs a rebuild), the archive
    may be read-only, synced or backed up, and the articles folder holds only
    the user's files.
    """
    absolute = articles.absolute()
    beside = absolute.parent / BESIDE
    if (beside / RECORD).is_file():
        return beside, "the existing index beside the articles"
    if (beside / MARKER).is_file():
        return beside, f"the marker {BESIDE}/{MARKER} beside the articles"
    return cache_index(absolute), "default: the cache folder for this archive"


def cache_index(articles: Path) -> Path:
    """The archive's own index folder in the user's cache: ``<name>-<hash of its path>``."""
    override = os.environ.get(CACHE_ENV, "").strip()
    root = Path(override).expanduser() if override else _folder("cache")
    try:
        key = str(articles.resolve())
    except OSError:
        key = str(articles.absolute())
    import hashlib

    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    name = re.sub(r"[^\w.-]+", "-", articles.name or "archive").strip("-.")[:40] or "archive"
    return root / "indexes" / f"{name}-{digest}"


def set_value(path: Path, key: str, value: str | bool) -> None:
    """Write ``key = value`` into the config file, keeping its other lines.

    The file is replaced atomically (a temporary file, then a rename); a
    link to it stays a link, and a file brreader cannot read back (a pipe, a
    folder, binary data) is left as it is, with an :class:`OSError` saying why.
    """
    if key not in KEYS:
        raise ValueError(f"unknown setting {key!r}; known: {', '.join(KEYS)}")
    if isinstance(value, bool):
        text = "true" if value else "false"
    else:
        text = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    line = f"{key} = {text}"
    if path.is_symlink():  # a dotfiles setup: write through the link, keep the link
        path = Path(os.path.realpath(path))
    try:
        old = _config_bytes(path).decode("utf-8").splitlines()
    except FileNotFoundError:
        old = ["# brreader settings: https://toml.io; `brreader config` shows what is in force"]
    except UnicodeDecodeError:
        raise OSError(errno.EINVAL, "it is not UTF-8 text; correct or remove it first") from None
    pattern = re.compile(rf"^\s*{key}\s*=")
    lines = [line if pattern.match(existing) else existing for existing in old]
    if line not in lines:
        lines.append(line)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(temporary, path)
