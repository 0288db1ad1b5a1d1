"""The real-world fixtures still read the same when their files arrive in another dress.

A page saved on Windows has CRLF line endings and perhaps a BOM; text copied
from a browser carries non-breaking spaces, indentation, trailing blanks,
zero-width spaces, soft hyphens and direction marks; a Chinese input method
types "：" after "Q"; an old editor saves Windows-1252; wire copy, e-mail and
``fmt`` hard-wrap every paragraph at 72 columns or so (Chinese wire copy every
so many characters). None of that changes what a reader sees, so none of it
may change what the parser reads. The hard wrap applies to every fixture, the
pages that separate paragraphs by single newlines too: a wrapped line there is
told from a paragraph's end by the wrapper's own rule (the next word would not
have fitted) and by ending mid-sentence (``brreader/reading/wrapped.py``). Every
fixture in ``tests/fixtures/realworld/`` is parsed as written and in each
variation below, and everything parsed (title, outlet, date, source,
interviewees, lede, every question and answer) must be the same, whitespace
aside.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from brreader.articles import read_article
from brreader.parse import parse_article

FIXTURES = Path(__file__).parent / "fixtures" / "realworld"
NAMES = sorted(path.name for path in FIXTURES.glob("*.txt"))
LATIN = [name for name in NAMES if name[:3] in ("en-", "es-", "fr-")]


def _text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def _flat(text: Any) -> str:
    return " ".join(str(text or "").split())


def _fields(article: Any, fold: Callable[[str], str] = lambda text: text) -> dict[str, Any]:
    """Everything the parser read, whitespace collapsed (``fold`` undoes a variation's marks)."""

    def tidy(text: Any) -> str:
        return fold(_flat(text))

    return {
        "title": tidy(article.title),
        "outlet": tidy(article.outlet),
        "published": article.published,
        "source": tidy(article.source),
        "interviewees": [tidy(name) for name in article.interviewees],
        "lede": tidy(article.lede),
        "pairs": [(tidy(pair.question), tidy(pair.answer)) for pair in article.pairs],
    }


@cache
def _original(name: str) -> Any:
    return parse_article(_text(name), id=name[:-4], path=name).article


def _differences(name: str, got: dict[str, Any], want: dict[str, Any]) -> list[str]:
    found = []
    for key, value in want.items():
        if got[key] != value:
            found.append(f"{name} {key}: {str(got[key])[:160]!r} != {str(value)[:160]!r}")
    return found


# ---------------------------------------------------------------------------
# the variations: text -> text a user could have saved instead


def _body(vary: Callable[[str], str]) -> Callable[[str], str]:
    """``vary`` applied past the front matter: YAML is brreader's own format, not a page's."""

    def applied(text: str) -> str:
        match = re.match(r"---\n.*?\n---\n", text, flags=re.DOTALL)
        end = match.end() if match else 0
        return text[:end] + vary(text[end:])

    return applied


def _every_line(change: Callable[[int, str], str]) -> Callable[[str], str]:
    return lambda text: "\n".join(change(n, line) for n, line in enumerate(text.split("\n")))


def _blank_lines_tripled(text: str) -> str:
    return re.sub(r"\n\n(?=\S)", "\n\n\n\n", text)


def _inside_words(mark: str) -> Callable[[str], str]:
    """``mark`` put in the middle of every third word of six letters or more."""

    def vary(text: str) -> str:
        count = 0

        def put(match: re.Match[str]) -> str:
            nonlocal count
            count += 1
            word = match.group()
            middle = len(word) // 2
            return word[:middle] + mark + word[middle:] if count % 3 == 0 else word

        return re.sub(r"[^\W\d_]{6,}", put, text)

    return vary


# The first colon of a line, after a label of at most forty characters.
_LABEL_COLON = re.compile(r"^([^\n:：]{0,40}?\S)(\s*)([:：])(?=(.?))", re.MULTILINE)
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-zÀ-ÿ]")


def _colons_swapped(text: str) -> str:
    """'：' after Latin labels, ':' after Chinese ones (others are left alone)."""

    def swap(match: re.Match[str]) -> str:
        label, space, colon, after = match.groups()
        if after.isdigit():  # a time's
            pass
        elif _CJK.search(label):
            colon = ":"
        elif _LATIN.search(label) and (not after or after in " \t*_"):
            colon = "："
        return label + space + colon

    return _LABEL_COLON.sub(swap, text)


def _spaces_unbroken(text: str) -> str:
    """U+00A0 after a label's colon or a dialogue dash, U+202F where French puts a space
    before ":" or "?" and inside « »."""

    def swap(match: re.Match[str]) -> str:
        label, space, colon = match.group(1), match.group(2), match.group(3)
        return label + ("\u202f" if space else "") + colon + "\u00a0"

    text = re.sub(r"^([^\n:：]{0,40}?[^\d\s])( ?)([:：]) (?=\S)", swap, text, flags=re.MULTILINE)
    text = re.sub(r"^([-–—]) ", "\\1\u00a0", text, flags=re.MULTILINE)
    for plain, unbroken in (
        (" ?", "\u202f?"),
        ("« ", "«\u202f"),
        (" »", "\u202f»"),
        (" – ", "\u00a0– "),
    ):
        text = text.replace(plain, unbroken)
    return text


_STRAIGHT = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})


def _quotes_swapped(text: str) -> str:
    """Curly quotes straightened, or straight ones curled (whichever the text has)."""
    if re.search("[“”‘’]", text):
        return text.translate(_STRAIGHT)
    text = re.sub(r'(^|[\s(\[—–-])"', "\\1“", text, flags=re.MULTILINE).replace('"', "”")
    return re.sub(r"(^|[\s(\[—–-])'", "\\1‘", text, flags=re.MULTILINE).replace("'", "’")


# Han characters, kana and full-width punctuation: a line mostly of them is Chinese.
_HAN = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _hard_wrapped(width: int) -> Callable[[str], str]:
    """Every line longer than ``width`` columns broken as wire copy, e-mail and ``fmt`` do:
    at spaces (and after hyphens, as Python's textwrap does) for alphabetic scripts, and
    every ``width // 2 - 1`` characters without a space for Chinese (two columns each)."""
    count = width // 2 - 1

    def wrap(line: str) -> str:
        han = len(_HAN.findall(line))
        if han * 2 > len(line):
            if len(line) <= count:
                return line
            return "\n".join(line[start : start + count] for start in range(0, len(line), count))
        if len(line) + han <= width:
            return line
        return "\n".join(textwrap.wrap(line, width, break_long_words=False)) or line

    return _every_line(lambda n, line: wrap(line))


# A tab, spaces, no-break spaces (a page's "&nbsp;&nbsp;"), ideographic spaces (Chinese).
_INDENTS = ("\t", "    ", "\u00a0\u00a0", "\u3000\u3000")

VARIATIONS: dict[str, Callable[[str], str]] = {
    "crlf": lambda text: text.replace("\n", "\r\n"),
    "bom": lambda text: "\ufeff" + text,
    "trailing-blanks": _every_line(lambda n, line: line + (" \t" if n % 2 else "  ")),
    "non-breaking-spaces": _body(_spaces_unbroken),
    "three-blank-lines": _blank_lines_tripled,
    "blank-lines-around": lambda text: "\n \n\n" + text + "\n\n\t\n",
    "colons-swapped": _body(_colons_swapped),
    "quotes-swapped": _body(_quotes_swapped),
    "indents": _body(_every_line(lambda n, line: _INDENTS[n % 4] + line if line.strip() else line)),
    "zero-width-spaces": _inside_words("\u200b"),
    "soft-hyphens": _inside_words("\u00ad"),
    "direction-marks": _every_line(lambda n, line: "\u200f" + line if line.strip() else line),
    "hard-wrapped-72": _body(_hard_wrapped(72)),
    "hard-wrapped-60": _body(_hard_wrapped(60)),
}
# What a variation leaves visible in the parsed text, taken off both sides before comparing.
FOLDS: dict[str, Callable[[str], str]] = {
    "quotes-swapped": lambda text: text.translate(_STRAIGHT),
    "colons-swapped": lambda text: text.replace("：", ":"),
}


def test_the_variations_change_the_fixtures() -> None:
    """Each variation does something to most fixtures (a test of the test)."""
    for label, vary in VARIATIONS.items():
        changed = sum(1 for name in NAMES if vary(_text(name)) != _text(name))
        assert changed >= (25 if label == "quotes-swapped" else len(NAMES) // 2), label
    swapped = _colons_swapped(_text("zh-wen-da-labels-1.txt"))
    assert "\n问:" in swapped and "\n答:" in swapped
    assert "\nQ1：" in _colons_swapped(_text("en-ministry-numbered-qa.txt"))


@pytest.mark.parametrize("label", sorted(VARIATIONS))
def test_a_variation_reads_the_same(label: str) -> None:
    vary = VARIATIONS[label]
    fold = FOLDS.get(label, lambda text: text)
    wrong: list[str] = []
    for name in NAMES:
        article = parse_article(vary(_text(name)), id=name[:-4], path=name).article
        wrong += _differences(name, _fields(article, fold), _fields(_original(name), fold))
    assert not wrong, f"{len(wrong)} differences:\n" + "\n".join(wrong[:20])


def _encodes(name: str, codec: str) -> bool:
    try:
        _text(name).encode(codec)
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_a_latin_fixture_saved_in_a_legacy_encoding_reads_the_same(
    codec: str, tmp_path: Path
) -> None:
    """Read from disk (bytes that are not UTF-8, with Windows line ends in cp1252): the
    same article, and a warning that says how it was read."""
    names = [name for name in LATIN if _encodes(name, codec)]
    assert len(names) >= len(LATIN) * 3 // 4
    wrong: list[str] = []
    for name in names:
        text = _text(name).replace("\n", "\r\n") if codec == "cp1252" else _text(name)
        (tmp_path / name).write_bytes(text.encode(codec))
        result = read_article(tmp_path, name, name[:-4])
        wrong += _differences(name, _fields(result.article), _fields(_original(name)))
        if not _text(name).isascii():
            assert any("Windows-1252" in warning for warning in result.warnings), name
    assert not wrong, f"{len(wrong)} differences:\n" + "\n".join(wrong[:20])
