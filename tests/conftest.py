"""Shared fixtures: small archives written into ``tmp_path``, never into the repo's index/."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from brreader.search import Archive

REPO = Path(__file__).resolve().parent.parent
SAMPLE_ARTICLES = REPO / "articles"
NBSP = "\u00a0"

# A seed-shaped article written for the tests (plain text, bare questions,
# NBSP-indented dateline, trailing Source line).
PLAIN = (
    "Harbour Line Weekly\n"
    "\n"
    "Sensors Along the River\n"
    "\n"
    f"{NBSP}{NBSP} {NBSP}{NBSP}  14:05, March 3, 2021\n"
    "\n"
    "Dara Kheng, a hydrologist in Phnom Penh, explains how farmers use river data.\n"
    "\n"
    "How did the network start?\n"
    "\n"
    "It began with twelve gauges on the Mekong and a shared spreadsheet.\n"
    "\n"
    "Now we publish readings every hour for anyone to use.\n"
    "\n"
    "What do farmers gain from it?\n"
    "\n"
    "They time their planting to the flood pulse and cooperate on pumps.\n"
    "\n"
    "Which satellites help you?\n"
    "\n"
    "Radar altimetry fills the gaps between gauges.\n"
    "\n"
    "Source: Riverside Wire\n"
)

LABELLED = textwrap.dedent(
    """\
    Transcontinental Observer

    Building the Rail Depot

    June 2, 2019

    Lina Okafor, a railway engineer, talks about the new depot.

    Q: Tell us about the depot in Mombasa.
    A: It services forty locomotives. The rail yard opened in May.
    Q: What comes next?
    A: Training. Who would have guessed we would need so many welders?

    We hired two hundred of them.
    """
)

FRONT_MATTER = textwrap.dedent(
    """\
    ---
    title: "Vaccines in the Cold Chain"
    outlet: Mekong Science Review
    published: 2022-11-15 08:05
    interviewee: Amara Tesfaye
    source: Field Notes Agency
    tags: [health, logistics]
    url: https://example.org/cold-chain
    ---
    Amara Tesfaye runs a vaccine logistics lab in Addis Ababa.

    Why do freezers fail?

    Power cuts, mostly. Solar units changed that.
    """
)


@pytest.fixture(autouse=True)
def private_state(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Bookmarks, read marks and saved searches go to a fresh file, never the user's own."""
    path = tmp_path_factory.mktemp("state") / "state.json"
    monkeypatch.setenv("BRREADER_STATE", str(path))
    # Nor the user's config file or cache folder; no setting comes from the environment.
    monkeypatch.setenv("BRREADER_CONFIG", str(path.parent / "config.toml"))
    monkeypatch.setenv("BRREADER_CACHE", str(path.parent / "cache"))
    for name in ("BRREADER_ARTICLES", "BRREADER_INDEX"):
        monkeypatch.delenv(name, raising=False)
    return path


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``{relative path: text or bytes}`` below ``root``; return ``root``."""
    for name, content in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return root


def write_articles(root: Path, count: int, start: int = 0) -> None:
    """Articles a{start:03d}.txt .. a{count-1:03d}.txt, each PLAIN with its own title word."""
    root.mkdir(parents=True, exist_ok=True)
    for n in range(start, count):
        text = PLAIN.replace("Sensors Along the River", f"Report number{n}")
        (root / f"a{n:03d}.txt").write_text(text, encoding="utf-8")


@pytest.fixture
def make_archive(tmp_path: Path) -> Callable[..., Archive]:
    """Write ``{relative path: text or bytes}`` under tmp_path/articles and return an Archive."""

    def build(files: dict[str, str | bytes], *, refresh: bool = True) -> Archive:
        root = tmp_path / "articles"
        root.mkdir(exist_ok=True)
        write_files(root, files)
        archive = Archive(root, tmp_path / "index")
        if refresh:
            archive.update()
        return archive

    return build


@pytest.fixture
def three(make_archive: Callable[..., Archive]) -> Archive:
    """An archive with one article of each style."""
    return make_archive(
        {"2021/sensors.txt": PLAIN, "2019/depot.txt": LABELLED, "2022/cold-chain.md": FRONT_MATTER}
    )
