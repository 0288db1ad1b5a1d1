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
from brreader.language import normalize as normalize_language
from brreader.plainyaml import plain_mapping
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
    plain = plain_mapping(text)
    if plain is not None:
        return plain  # plain 'key: value' lines, read as YAML reads them, without loading it
    import yaml

    *fast, slow = _loaders()
    # Byte-order marks inside the block are noise; libyaml drops any number of them at
    # the start and PyYAML's own scanner only one, so both get the text without them.
    text = text.lstrip("\ufeff")
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


def load_front_matter(yaml_text: str) -> tuple[Any, str]:
    """The front matter's data and the warning about it (``""`` when it loaded cleanly).

    YAML first (:func:`load_yaml`). A block that YAML refuses for brreader's
    own reasons (aliases, nesting) is refused whole: ``(None, warning)``. A
    block that is simply not valid YAML, as real static-site files often
    are (``title: Q&A: the river``, a tab, a stray quote), is read again line
    by line (:func:`read_lines`), and every top-level ``key: value`` that
    reads is kept; the one warning names what was skipped.
    """
    plain = plain_mapping(yaml_text)
    if plain is not None:
        return plain, ""
    import yaml  # only front matter that is not plain 'key: value' lines pays for the import

    try:
        return load_yaml(yaml_text), ""
    except YamlRefused as error:
        return None, yaml_warning(error)
    except yaml.YAMLError as error:
        data, skipped = read_lines(yaml_text)
        if not data:
            return None, yaml_warning(error)
        return data, _lenient_warning(error, list(data), skipped)


def _lenient_warning(error: Exception, kept: list[str], skipped: list[str]) -> str:
    warning = yaml_warning(error).removesuffix("; metadata ignored")
    said = f"{warning}; read line by line: kept {_names(kept)}"
    return f"{said}; skipped {_names(skipped)}" if skipped else said


def _names(names: list[str], most: int = 5) -> str:
    shown = ", ".join(_shown(name, 30) for name in names[:most])
    return shown + (f" and {len(names) - most:,} more" if len(names) > most else "")


_KEY_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w.-]*(?: [\w.-]+)*)[ \t]*:(?:[ \t]+(?P<value>.*))?$")
_ITEM_LINE = re.compile(r"^[ \t]*-(?:[ \t]+(?P<item>.*))?$")
_BLOCK_SCALAR = re.compile(r"^[|>][+-]?[1-9]?[+-]?$")
_COMMENT = re.compile(r"(?:^|[ \t])#.*$")


def read_lines(yaml_text: str) -> tuple[dict[str, Any], list[str]]:
    """Front matter YAML cannot load, read as top-level ``key: value`` lines.

    Values are plain text (quotes around a whole value are removed, a stray
    one is dropped, a trailing ``# comment`` too); a list is ``[a, b]`` or
    ``- item`` lines under the key; ``|`` and ``>`` take the indented lines
    below; an indented line under a text value continues it. ``~``, ``null``
    and nothing mean empty. Nothing is expanded: ``*name`` is just text.

    Returns the keys that read and what was skipped: a key whose value does
    not read (a nested mapping, an unclosed list, only punctuation) by name,
    any other line by its number in the file.
    """
    data: dict[str, Any] = {}
    skipped: list[str] = []
    lines = yaml_text.split("\n")
    position = 0
    while position < len(lines):
        line = lines[position]
        position += 1
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _KEY_LINE.match(line.strip())
        if match is None:
            skipped.append(f"line {position + 1}")
            continue
        key = match["key"]
        value = _without_comment((match["value"] or "").strip())
        # The indented lines (and "- item" lines) that belong to this key.
        below: list[str] = []
        while position < len(lines):
            following = lines[position]
            if following.strip() and not following[:1].isspace():
                if not _ITEM_LINE.match(following):
                    break
            elif value and not _BLOCK_SCALAR.match(value) and _KEY_LINE.match(following.strip()):
                break  # "\ttitle: x" after a text value: a key indented by mistake
            if not following.lstrip().startswith("#"):
                below.append(following)
            position += 1
        read = _value(value, [b for b in below if b.strip()])
        if read is _UNREADABLE:
            skipped.append(key)
            data.pop(key, None)
        else:
            data[key] = read
    return data, skipped


_UNREADABLE = object()


def _without_comment(value: str) -> str:
    """A value without its trailing ``# comment`` (a quoted value ends at its closing quote)."""
    if value[:1] in ("'", '"'):
        close = value.rfind(value[0])
        if close > 0:
            return value[: close + 1]
    return _COMMENT.sub("", value).strip()


def _value(value: str, below: list[str]) -> Any:
    """One key's value from its text after the colon and the lines below it."""
    if _BLOCK_SCALAR.match(value):
        parts = [line.strip() for line in below]
        return ("\n" if value.startswith("|") else " ").join(parts)
    if not value:
        if not below:
            return None
        items = [_ITEM_LINE.match(line) for line in below]
        if all(items):
            return [_text(item["item"] or "") for item in items if item]
        return _UNREADABLE  # a nested mapping, or lines that are neither
    if value.startswith("["):
        if not value.endswith("]") or below:
            return _UNREADABLE
        return [_text(item) for item in value[1:-1].split(",") if item.strip()]
    if value.startswith("{") or any(_ITEM_LINE.match(line) for line in below):
        return _UNREADABLE
    if below:
        value = " ".join([value, *(line.strip() for line in below)])
    if value in ("~", "null", "Null", "NULL"):
        return None
    text = _text(value)
    return text if any(character.isalnum() for character in text) else _UNREADABLE


def _text(value: str) -> str:
    """A plain value: quotes around the whole of it removed, a stray opening quote dropped."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        inner = value[1:-1]
        if value[0] == "'":
            return inner.replace("''", "'")
        return inner.replace('\\"', '"').replace("\\\\", "\\")
    if value[:1] in ("'", '"') and value[0] not in value[1:]:
        return value[1:].strip()
    return value


def read_front_matter(yaml_text: str, warnings: list[str]) -> dict[str, Any]:
    """Parse front matter safely; a broken block yields what reads and a warning, never an error."""
    return front_matter_fields(yaml_text, warnings)[0]


# Static-site generators and other tools name brreader's fields their own way
# (Hugo and Jekyll write "date:", Open Graph "site_name:"). brreader's own key wins.
ALIASES = {
    "published": ("date", "pubdate", "publishdate", "date_published"),
    "outlet": ("site_name", "publisher", "publication", "site"),
    "url": ("canonical_url", "source_url", "link"),
    "language": ("lang", "locale", "inLanguage"),
}


def _with_aliases(data: dict[Any, Any]) -> tuple[dict[Any, Any], dict[str, str]]:
    """``data`` with the first alias present for each absent field copied to it.

    Also returns which alias each copied field came from, for warnings.
    """
    missing = [key for key in ALIASES if key not in data]
    if not missing:
        return data, {}
    data, origin = dict(data), {}
    for key in missing:
        alias = next((a for a in ALIASES[key] if a in data), None)
        if alias is not None:
            data[key], origin[key] = data[alias], alias
    return data, origin


def front_matter_fields(yaml_text: str, warnings: list[str]) -> tuple[dict[str, Any], str]:
    """:func:`read_front_matter`, and the warning about its ``published`` value ("" if none)."""
    data, warning = load_front_matter(yaml_text)
    if warning:
        warnings.append(warning)
    if data is None or data == "":
        # An empty block; libyaml reads a lone tag ('!') as "", PyYAML's own loader as None.
        return {}, ""
    if not isinstance(data, dict):
        warnings.append("front matter: expected 'key: value' lines; metadata ignored")
        return {}, ""
    meta: dict[str, Any] = {}
    problem = ""
    data, origin = _with_aliases(data)
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
                if "published" in origin:  # say the key the file has
                    why = why.replace("'published", f"'{origin['published']}", 1)
                problem = f"front matter: {why}; ignored"
                warnings.append(problem)
    if data.get("language") is not None:
        text = _scalar_text("language", data["language"], warnings)
        code = normalize_language(text) if text is not None else None
        if code is not None:
            meta["language"] = code
        elif text is not None and text.strip():
            key = origin.get("language", "language")
            warnings.append(
                f"front matter: '{key}: {_shown(text)}' is not a language; write a code such as "
                "en, zh, ru, fr, es or ar; the language is detected instead"
            )
    if "tags" in data:
        tags = _tags(data["tags"], warnings)
        if tags is not None:
            meta["tags"] = tuple(t for t in (clean_line(tag) for tag in tags) if t)
    return meta, problem
