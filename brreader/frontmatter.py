"""Front matter: the optional YAML block at the top of an article, read safely.

Keys override what the parser's heuristics found; a key that is present but
empty means "none, on purpose". The YAML is the user's text and may be
hostile: aliases that expand (a "billion laughs" bomb) are refused before
anything is built, values PyYAML cannot construct are read as text, nested
values are described by their type and size (never quoted into a message),
and dates go through the one rule of :func:`brreader.dates.date_problem`.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from brreader.dates import date_problem, parse_date
from brreader.textsafe import clean_line

_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")


def split_front_matter(text: str) -> tuple[str | None, str]:
    """Return ``(yaml_text, body)``; ``yaml_text`` is None when there is no front matter."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, text
    for number, line in enumerate(lines[1:], start=1):
        if _FENCE.match(line):
            return "\n".join(lines[1:number]), "\n".join(lines[number + 1 :])
    return None, text


def _shown(value: str, limit: int = 40) -> str:
    """A value as a message quotes it: on one line, and cut short when long."""
    value = clean_line(value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _scalar_text(key: str, value: Any, warnings: list[str]) -> str | None:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if value is not None:
        warnings.append(f"front matter: '{key}' should be text, not {kind_of(value)}; ignored")
    return None


def kind_of(value: Any) -> str:
    """What a YAML value is, and how big, for a message; never the value itself.

    A nested value can be huge (or, through aliases, share itself many times
    over), so messages name its type and size instead of quoting it.
    """
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'' if len(value) == 1 else 's'}"
    if isinstance(value, dict):
        return f"a mapping of {len(value)} key{'' if len(value) == 1 else 's'}"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (date, datetime)):
        return "a date"
    if isinstance(value, str):
        return f"text of {len(value):,} characters"
    return type(value).__name__


_DATE_ADVICE = "(use e.g. 2025-06-24 or '2025-06-24 09:25')"


def front_matter_date(value: Any) -> tuple[datetime | None, str]:
    """A front matter date (YAML gives a datetime, a date, a number or text) and its problem.

    Returns ``(date, "")``, or ``(None, why)`` when ``value`` is no date, or a
    date :func:`brreader.dates.date_problem` refuses. A time zone is dropped:
    the wall-clock time written is kept.
    """
    found: datetime | None = None
    if isinstance(value, datetime):
        found = value.replace(tzinfo=None)
    elif isinstance(value, date):
        found = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        found = parse_date(value)
        if found is None:
            return None, f"'published: {_shown(value)}' is not a date {_DATE_ADVICE}"
    else:
        return None, f"'published' should be a date, not {kind_of(value)} {_DATE_ADVICE}"
    problem = date_problem(found)
    if problem:
        shown = value if isinstance(value, str) else day_label(found)
        return None, f"'published: {_shown(shown)}' {problem}: correct it or leave it empty"
    return found, ""


def day_label(moment: datetime) -> str:
    """``0001-01-01``, or ``0001-01-01 10:00`` when there is a time (four-digit years)."""
    return moment.isoformat(sep=" ", timespec="minutes").removesuffix(" 00:00")


def _tags(value: Any, warnings: list[str]) -> tuple[str, ...] | None:
    if isinstance(value, str):
        items: list[Any] = value.split(",")
    elif isinstance(value, list):
        items = value
    else:
        if value is not None:
            warnings.append(
                f"front matter: 'tags' should be a list of words, not {kind_of(value)}; ignored"
            )
        return None
    tags = []
    for item in items:
        if isinstance(item, (str, int, float)) and not isinstance(item, bool):
            tag = " ".join(str(item).split())
            if tag and tag not in tags:
                tags.append(tag)
        else:
            warnings.append(f"front matter: a tag is {kind_of(item)}, not a word; ignored")
    return tuple(tags)


class YamlRefused(Exception):
    """Front matter that brreader will not load; the message says why and what to do."""


ALIAS_REFUSED = (
    "uses a YAML alias (*name); brreader does not expand aliases, write each value out in full"
)


def _refuse_aliases(root: Any) -> None:
    """Raise :class:`YamlRefused` if any node of the composed document is reached twice.

    The composer links an alias to its anchor's node without copying it, so
    this walk costs one step per node written. A node reached a second time
    is an alias: a few hundred bytes of nested aliases expand to gigabytes
    when constructed or printed ("billion laughs"), and a few are recursive.
    Front matter has no need for them, so any alias refuses the block, before
    anything is constructed.
    """
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise YamlRefused(ALIAS_REFUSED)
        seen.add(id(node))
        value = node.value
        if isinstance(value, list):  # a sequence's nodes, or a mapping's (key, value) pairs
            for item in value:
                if isinstance(item, tuple):
                    stack.extend(item)
                else:
                    stack.append(item)


def _tolerant(construct: Any) -> Any:
    """A scalar constructor that gives the text back when Python cannot build the value.

    ``2025-02-30`` looks like a YAML date and ``1`` followed by 5,000 digits
    like an int, but ``datetime.date`` and ``int`` raise ``ValueError`` on
    them, and an empty ``!!bool`` or ``!!timestamp`` makes PyYAML itself
    raise; that would lose the whole block (or crash). As text they get the
    usual warning of their own field ("is not a date").
    """

    def build(loader: Any, node: Any) -> Any:
        try:
            return construct(loader, node)
        except Exception:  # e.g. "!!bool" or "!!int" with no value: KeyError, IndexError
            return loader.construct_scalar(node)

    return build


_TOLERANT: dict[Any, Any] = {}


def _loaders() -> list[Any]:
    """PyYAML's safe loaders (libyaml's first, when built), with :func:`_tolerant` scalars.

    Looked up on each call (tests take libyaml away); each class is made once.
    """
    import yaml

    loaders = []
    for base in (getattr(yaml, "CSafeLoader", None), yaml.SafeLoader):
        if base is None:
            continue
        loader: Any = _TOLERANT.get(base)
        if loader is None:
            loader = type(f"Tolerant{base.__name__}", (base,), {})
            for kind in ("bool", "int", "float", "timestamp"):
                tag = f"tag:yaml.org,2002:{kind}"
                loader.add_constructor(tag, _tolerant(base.yaml_constructors[tag]))
            _TOLERANT[base] = loader
        loaders.append(loader)
    return loaders


def _load(loader_class: Any, text: str, guard: bool) -> Any:
    """``yaml.load``, with :func:`_refuse_aliases` between composing and constructing."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if guard:
            _refuse_aliases(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def load_yaml(text: str) -> Any:
    """``yaml.safe_load``, with libyaml's loader when PyYAML has it (ten times faster).

    Every imported article has front matter, so this is on the index build's path.
    What libyaml refuses goes to the pure-Python loader, which gives the same
    results and error messages brreader always gave (it accepts a ``\\ud800``
    escape, for one, which is then cleaned like any other text).

    Raises ``yaml.YAMLError`` for text that is not YAML and :class:`YamlRefused`
    for YAML brreader will not load: aliases, nesting too deep for the
    pure-Python loader, values Python cannot build. Nothing else.
    """
    import yaml

    *fast, slow = _loaders()
    # An alias is written "*name": text without a "*" has none, and skips the walk.
    guard = "*" in text
    try:
        for loader in fast:
            try:
                return _load(loader, text, guard)
            except yaml.YAMLError:
                pass
        return _load(slow, text, guard)
    except RecursionError:
        raise YamlRefused("nested too deeply; write it as plain 'key: value' lines") from None
    except (yaml.YAMLError, YamlRefused):
        raise
    except Exception as error:  # PyYAML failing on odd input must not end the command
        raise YamlRefused(f"cannot be read ({type(error).__name__})") from None


def yaml_warning(error: Exception) -> str:
    """The one-line warning for front matter that :func:`load_yaml` could not load."""
    if isinstance(error, YamlRefused):
        return f"front matter: {error}; metadata ignored"
    mark = getattr(error, "problem_mark", None)
    where = f" at line {mark.line + 2}" if mark is not None else ""
    problem = getattr(error, "problem", None) or "syntax error"
    return f"front matter: invalid YAML{where} ({_shown(str(problem), 80)}); metadata ignored"


def read_front_matter(yaml_text: str, warnings: list[str]) -> dict[str, Any]:
    """Parse front matter safely; a broken block yields ``{}`` and a warning, never an exception."""
    return front_matter_fields(yaml_text, warnings)[0]


def front_matter_fields(yaml_text: str, warnings: list[str]) -> tuple[dict[str, Any], str]:
    """:func:`read_front_matter`, and the warning about its ``published`` value ("" if none)."""
    import yaml  # only files with front matter pay for the import

    try:
        data = load_yaml(yaml_text)
    except (yaml.YAMLError, YamlRefused) as error:
        warnings.append(yaml_warning(error))
        return {}, ""
    if data is None:
        return {}, ""
    if not isinstance(data, dict):
        warnings.append("front matter: expected 'key: value' lines; metadata ignored")
        return {}, ""
    meta: dict[str, Any] = {}
    problem = ""
    for key in ("title", "outlet", "interviewee", "source", "url"):
        if key in data:
            value = "" if data[key] is None else data[key]
            text = _scalar_text(key, value, warnings)
            if text is not None:
                # YAML escapes can spell any character: clean like the body text.
                meta[key] = clean_line(text)
    if "published" in data:
        value = data["published"]
        if value is None or (isinstance(value, str) and not value.strip()):
            meta["published"] = None  # present and empty: "no date", not "guess one"
        else:
            published, why = front_matter_date(value)
            if published is not None:
                meta["published"] = published
            else:
                problem = f"front matter: {why}; ignored"
                warnings.append(problem)
    if "tags" in data:
        tags = _tags(data["tags"], warnings)
        if tags is not None:
            meta["tags"] = tuple(t for t in (clean_line(tag) for tag in tags) if t)
    return meta, problem
