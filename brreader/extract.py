"""Turn saved web pages and Markdown into text that :mod:`brreader.parse` reads.

People bring interviews in three shapes: text copied from a page, Markdown
notes, and HTML pages saved from news sites. Each becomes the parser's own
input format (front matter for the metadata, then paragraphs, with ``Q:``
labels where the source marked its questions), so the rules that read the
archive also read what is imported, and there is only one parser to trust.

- **HTML** goes through trafilatura (an optional extra: ``brreader[html]``),
  which finds the article inside the page chrome and reads the page's
  metadata (title, site name, date, author, tags, canonical url). It returns
  the body as Markdown, which then takes the Markdown path.
- **Markdown** is read with markdown-it-py. Questions are the paragraphs the
  author set apart: wholly bold paragraphs or headings, when most of them end
  with a question mark. A ``**Q:**`` label is left to the parser.

No file access: callers pass bytes and get text back.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import Any

from brreader.dates import date_problem, parse_date
from brreader.frontmatter import (
    front_matter_date,
    kind_of,
    load_front_matter,
    split_front_matter,
)
from brreader.pagecost import check_markdown, check_page
from brreader.pageshape import CLOSING, dashed, table_fields, undash, with_time
from brreader.parse import decode, escape, has_question_label, normalize
from brreader.textsafe import clean_line

FORMATS = ("text", "markdown", "html")
_EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
SUFFIXES = tuple(_EXTENSIONS)
MIN_PAGE_TEXT = 200  # characters; far below any interview
HTML_EXTRA = "reading HTML pages needs trafilatura: pip install --force-reinstall brreader"


class MissingExtra(RuntimeError):
    """An optional dependency that this input needs is not installed."""


@dataclass
class Converted:
    """Text for the parser, plus what the written file should keep beside it."""

    text: str
    extra: dict[str, str] = field(default_factory=dict)  # e.g. the byline, kept in the file
    warnings: list[str] = field(default_factory=list)


def format_of(name: str, data: bytes) -> str:
    """``text``, ``markdown`` or ``html``: by file extension, else by a look at the start."""
    dot = name.rfind(".")
    if dot > name.rfind("/"):
        known = _EXTENSIONS.get(name[dot:].lower())
        if known:
            return known
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head:
        return "html"
    sample = data[:8192].decode("utf-8", "replace")
    if re.search(r"^#{1,6} \S|^\*\*[^*\n]+\*\*\s*$|^\*\*(?:Q|A)[:：]", sample, re.MULTILINE):
        return "markdown"
    return "text"


def supported(name: str) -> bool:
    """Whether a file found in a folder is one that import reads."""
    dot = name.rfind(".")
    return dot > 0 and name[dot:].lower() in _EXTENSIONS


def convert(data: bytes, fmt: str) -> Converted:
    """Turn one input into parser text.

    Raises :class:`MissingExtra` for HTML when trafilatura is not installed, and
    :class:`brreader.pagecost.PageTooLarge` for a page or Markdown file too big to be
    one interview.
    """
    if fmt == "html":
        return html_to_text(data)
    if fmt == "markdown":
        check_markdown(data)  # before markdown-it, which takes 1 KB of memory a mark
    text, warnings = decode(data)
    if fmt != "markdown":
        return Converted(text, {}, warnings)
    converted = markdown_to_text(text)
    converted.warnings[:0] = warnings
    return converted


# ---------------------------------------------------------------------------
# HTML


# <meta charset="..."> or <meta http-equiv="Content-Type" content="text/html; charset=...">,
# and <?xml ... encoding="..."?>: where a page says how its bytes are written.
_DECLARED = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
    rb"""|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
# Labels browsers read as Windows-1252 (the WHATWG Encoding Standard), which
# Python would take for the stricter ISO 8859-1 or ASCII.
_WINDOWS_1252 = {"ascii", "us-ascii", "latin1", "latin-1", "iso-8859-1", "iso8859-1", "l1"}


def browser_codec(label: str) -> str:
    """The Python codec a browser reads a charset label as, or ``""`` for a label we do
    not know: Windows-1252 for the Latin-1 and ASCII labels (WHATWG)."""
    label = label.strip().lower()
    if label in _WINDOWS_1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return ""


def _declared_charset(data: bytes) -> str:
    """The Python codec a page's head declares, ``"utf-8"`` or ``""`` when it names none we know."""
    found = _DECLARED.search(data[:8192])
    if found is None:
        return ""
    name = browser_codec((found.group(1) or found.group(2)).decode("ascii"))
    if not name:
        return ""
    # A page whose own <meta> could be read in ASCII is not UTF-16 or UTF-32, whatever
    # it says; browsers take such a declaration as UTF-8, and so does this.
    return "utf-8" if name.startswith(("utf-16", "utf-32", "utf-7")) else name


def page_bytes(data: bytes) -> tuple[bytes, list[str]]:
    """A page's bytes as UTF-8, decoded the way its text was meant, and any warning.

    trafilatura takes bytes that are valid UTF-8 as UTF-8 and otherwise
    guesses, and a page that says UTF-8 but was saved as Windows-1252 (the
    common mistake) came out as "cafķ" or with U+FFFD in place of letters,
    silently. A declaration other than UTF-8 that the bytes agree with
    decides; anything else that is not valid UTF-8 is read as Windows-1252
    with the warning a text file gets (:func:`brreader.parse.decode`).
    Valid UTF-8 is passed on untouched.
    """
    try:
        data.decode("utf-8")
        return data, []
    except UnicodeDecodeError:
        pass
    # A UTF-8 byte-order mark says UTF-8 as plainly as a <meta charset> does.
    declared = "utf-8" if data.startswith(codecs.BOM_UTF8) else _declared_charset(data)
    if declared and declared not in ("utf-8", "utf-8-sig"):
        try:
            return data.decode(declared).encode("utf-8"), []
        except (UnicodeDecodeError, LookupError):
            pass  # the page's own declaration does not fit its bytes either
    text, warnings = decode(data)
    if declared in ("utf-8", "utf-8-sig"):
        warnings = [f"the page declares UTF-8 but is {w}" for w in warnings]
    return text.encode("utf-8", "surrogatepass"), warnings


def html_to_text(data: bytes) -> Converted:
    """Extract the article from a saved page and convert its Markdown body."""
    try:
        import trafilatura
    except ImportError:
        raise MissingExtra(HTML_EXTRA) from None

    data, decoding = page_bytes(data)
    check_page(data)  # before trafilatura, which could take minutes on a page too big
    document: Any = trafilatura.bare_extraction(
        data,
        include_formatting=True,
        include_links=False,
        include_images=False,
        include_comments=False,
        with_metadata=True,
        favor_recall=True,
        date_extraction_params={"outputformat": "%Y-%m-%d %H:%M", "original_date": True},
    )
    if document is None or len((document.text or "").strip()) < MIN_PAGE_TEXT:
        # What little is left of a page without an article is menu text, not an interview.
        return Converted("", {}, ["no article text found in the page", *decoding])
    meta: dict[str, Any] = {
        "title": document.title,
        "outlet": page_outlet(data, document.sitename, document.title),
        "published": with_time(document.date, data),
        "url": document.url,
        "tags": [*(document.tags or []), *(document.categories or [])],
    }
    converted = markdown_to_text(document.text, meta)
    converted.warnings[:0] = decoding
    if document.author:
        # "By Henrike Solberg · 11 April 2019" leaves its separator on the name.
        converted.extra.setdefault("byline", clean_line(document.author).strip(" ·•|,;–—-"))
    return converted


# Title suffixes that name a section or the page, not who published it.
_GENERIC_NAMES = frozenset(
    "home|homepage|home page|main page|front page|index|welcome|news|latest news|"
    "breaking news|top stories|world news|online|article|articles|interview|interviews|"
    "video|videos|opinion|blog|site|website|official site|official website|page|story|"
    "stories|feature|features|news online|news site|latest|noticias|actualités|новости|"
    "新闻|首页|الرئيسية|أخبار".split("|")
)
# How a <title> joins the headline and the site: "Headline - Site", "Headline | Site",
# "Headline_Site" (Chinese sites), "Headline — Site", "Site · Headline".
_TITLE_SEPARATOR = re.compile(r"\s+[-–—|·•:»]{1,2}\s+|\s*[|_｜]\s*")
_DOMAIN_NAME = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)+$")


def page_outlet(data: bytes, sitename: str | None, headline: str | None) -> str | None:
    """Who published a saved page (UTF-8 bytes), when its metadata or its title says so.

    In order: ``og:site_name``, ``application-name``, JSON-LD
    ``publisher.name``, the site name trafilatura found, the ``<title>``'s
    suffix (or prefix) beside the headline. A generic name ("Home", "News")
    is never taken, and a bare domain only when nothing better is there.
    """
    import lxml.html  # installed with trafilatura

    candidates: list[str] = []
    try:
        # page_bytes made the page UTF-8, whatever its <meta charset> says.
        tree = lxml.html.fromstring(data, parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (ValueError, lxml.etree.ParserError):
        tree = None
    if tree is not None:
        metas: dict[str, str] = {}
        for meta in tree.iter("meta"):
            name = (meta.get("property") or meta.get("name") or "").strip().lower()
            content = meta.get("content")
            if name and content and name not in metas:
                metas[name] = content
        candidates += [metas.get("og:site_name", ""), metas.get("application-name", "")]
        for script in tree.iter("script"):
            if (script.get("type") or "").strip().lower() == "application/ld+json":
                candidates += _publishers(script.text or "")
    candidates.append(sitename or "")
    if tree is not None:
        titles = [element.text_content() for element in tree.iter("title")]
        if titles:
            candidates.append(_title_site(titles[0], headline or ""))
    domain = ""
    for candidate in candidates:
        name = " ".join(clean_line(candidate or "").split())[:120]
        if not name or not any(c.isalpha() for c in name) or _generic(name, headline):
            continue
        if _DOMAIN_NAME.match(name):
            domain = domain or name
            continue
        return name
    return domain or None


def _generic(name: str, headline: str | None) -> bool:
    folded = name.casefold().strip(" .:-")
    return folded in _GENERIC_NAMES or (bool(headline) and folded == (headline or "").casefold())


def _publishers(text: str) -> list[str]:
    """``publisher.name`` (or a publisher given as text) anywhere in a JSON-LD block."""
    import json

    if len(text) > 1_000_000:
        return []
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return []
    found: list[str] = []
    stack: list[Any] = [data]
    steps = 0
    while stack and steps < 5_000:
        steps += 1
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            publisher = node.get("publisher")
            if isinstance(publisher, str):
                found.append(publisher)
            elif isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                found.append(publisher["name"])
            elif isinstance(publisher, list):
                found += [
                    p["name"]
                    for p in publisher
                    if isinstance(p, dict) and isinstance(p.get("name"), str)
                ]
            stack.extend(v for v in node.values() if isinstance(v, (list, dict)))
    return found


def _title_site(title: str, headline: str) -> str:
    """The site's name in a ``<title>`` that joins it to the headline, or ``""``."""
    title = " ".join(title.split())
    headline = " ".join(headline.split())
    if headline and len(title) > len(headline):
        if title.casefold().startswith(headline.casefold()):
            rest = title[len(headline) :]
            if _TITLE_SEPARATOR.match(rest):
                return _TITLE_SEPARATOR.split(rest)[-1]
        if title.casefold().endswith(headline.casefold()):
            rest = title[: -len(headline)]
            if _TITLE_SEPARATOR.search(rest):
                return _TITLE_SEPARATOR.split(rest)[0]
    pieces = [piece for piece in _TITLE_SEPARATOR.split(title) if piece.strip()]
    if len(pieces) < 2:
        return ""
    for piece in (pieces[-1], pieces[0]):
        if len(piece.split()) <= 6 and not _generic(piece, headline):
            return piece
    return ""


# ---------------------------------------------------------------------------
# Markdown

# Keys other tools write in Markdown front matter, and the field each means here.
_ALIASES = {
    "date": "published",
    "published": "published",
    "title": "title",
    "outlet": "outlet",
    "publisher": "outlet",
    "site": "outlet",
    "site_name": "outlet",
    "interviewee": "interviewee",
    "source": "source",
    "url": "url",
    "link": "url",
    "canonical_url": "url",
    "tags": "tags",
    "keywords": "tags",
    "categories": "tags",
    "author": "byline",
    "byline": "byline",
}


@dataclass
class _Block:
    text: str
    kind: str  # "title", "heading", "strong", "paragraph"


def _inline_text(token: Any) -> tuple[str, bool]:
    """A paragraph's text without markup, and whether all of it is bold."""
    parts: list[str] = []
    bold = 0
    all_bold = True
    for child in token.children or []:
        kind = child.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind in ("text", "code_inline", "image"):
            if child.content.strip() and not bold:
                all_bold = False
            parts.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
    text = " ".join("".join(parts).split())
    return text, all_bold and bool(text)


def _blocks(body: str) -> list[_Block]:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(body)
    blocks: list[_Block] = []
    lists: list[list[int]] = []  # for each open list: [is_ordered, next number]
    item_start = False
    heading = ""
    for token in tokens:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = token.attrGet("start")
            lists.append([kind == "ordered_list_open", int(start) if start else 1])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            item_start = True
        elif kind == "heading_open":
            heading = token.tag
        elif kind == "heading_close":
            heading = ""
        elif kind == "inline":
            rows = table_fields(token.content.split("\n")) if token.content[:1] == "|" else None
            if rows is not None and not heading and not lists:
                # One block, lines kept: the parser reads such lines as a record's fields.
                blocks.append(_Block("\n".join(rows), "paragraph"))
                continue
            text, bold = _inline_text(token)
            if not text:
                continue
            if item_start and lists:
                ordered, number = lists[-1]
                text = f"{number}. {text}" if ordered else f"- {text}"
                lists[-1][1] += 1
                item_start, bold = False, False
            if heading:
                blocks.append(_Block(text, "title" if heading == "h1" else "heading"))
            else:
                blocks.append(_Block(text, "strong" if bold else "paragraph"))
        elif kind in ("fence", "code_block", "html_block"):
            content = token.content
            if kind == "html_block":
                content = re.sub(r"<!--.*?-->|<[^>]*>", " ", content, flags=re.DOTALL)
            text = " ".join(content.split())
            if text:
                blocks.append(_Block(text, "paragraph"))
    return blocks


_PIECES = re.compile(r"\s+[—–|·•-]+\s+|\s*[|·•]\s*")


def _dateline(text: str) -> tuple[Any, list[str]] | None:
    """A short line such as "Outlet — 12 January 2023" or "By A. Writer | 2 June 2024"."""
    if len(text) > 120:
        return None
    pieces = [p.strip(" ,*_") for p in _PIECES.split(text) if p.strip(" ,*_")]
    for position, piece in enumerate(pieces):
        found = parse_date(piece)
        if found is not None:
            return found, pieces[:position] + pieces[position + 1 :]
    return None


def _front_matter(yaml_text: str | None, warnings: list[str]) -> dict[str, Any]:
    """Markdown front matter, with other tools' key names mapped to brreader's."""
    if yaml_text is None:
        return {}
    data, warning = load_front_matter(yaml_text)
    if warning:
        warnings.append(warning)
    if not isinstance(data, dict):
        return {}
    meta: dict[str, Any] = {}
    for key, value in data.items():
        target = _ALIASES.get(str(key).lower())
        if target and value not in (None, "", []) and target not in meta:
            meta[target] = value
    return meta


def _byline(value: Any, warnings: list[str]) -> str:
    """The author(s) as one line: text, or a list of names; anything else is dropped.

    Never ``str()`` of a nested value: that put a Python repr (of megabytes,
    through YAML aliases) into the written file.
    """
    if value is None:
        return ""
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        value = ", ".join(str(v) for v in value)
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return clean_line(str(value))[:300]
    warnings.append(
        f"front matter: 'author' should be a name or a list of names, not {kind_of(value)}; ignored"
    )
    return ""


def _question_blocks(blocks: list[_Block]) -> set[int]:
    """Which blocks are questions, when the author set questions apart in bold or headings."""
    marked = [i for i, b in enumerate(blocks) if b.kind in ("strong", "heading")]
    asking = [i for i in marked if blocks[i].text.rstrip("*_\"'”’) ").endswith(("?", "？"))]
    if asking and len(asking) * 2 >= len(marked):
        return set(marked[marked.index(asking[0]) :])
    return set()


_BYLINE = re.compile(r"^by\s+(?P<name>[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,4})$", re.I)


def _take_dateline_and_byline(
    blocks: list[_Block], found: dict[str, Any], warnings: list[str]
) -> None:
    """Move a dateline and a byline near the top out of the text and into ``found``.

    Left in place they would open the lede, where the interviewee's name is
    looked for. Metadata already found (the page's own) is kept.
    """
    took_dateline = took_byline = False
    for block in list(blocks[:4]):
        line = _dateline(block.text) if block.kind == "paragraph" else None
        byline = _BYLINE.match(block.text) if block.kind == "paragraph" else None
        if line is not None and not took_dateline:
            took_dateline = True
            published, others = line
            problem = date_problem(published)
            if problem:  # still the dateline (its outlet counts), but no date to keep
                warnings.append(f"the dateline '{block.text}' {problem}; read as undated")
            else:
                found.setdefault("published", published.isoformat(sep=" ", timespec="minutes"))
            for other in others:
                if other.lower().startswith("by "):
                    found.setdefault("byline", other[3:].strip())
                elif "outlet" not in found and len(other) <= 60:
                    found["outlet"] = other
        elif byline is not None and not took_byline:
            took_byline = True
            found.setdefault("byline", byline["name"])
        else:
            continue
        blocks.remove(block)


def markdown_to_text(markdown: str, meta: dict[str, Any] | None = None) -> Converted:
    """Convert Markdown (and the metadata found around it) into parser text."""
    import yaml

    warnings: list[str] = []
    yaml_text, body = split_front_matter(normalize(markdown))
    found = {k: v for k, v in (meta or {}).items() if v not in (None, "", [])}
    own = _front_matter(yaml_text, warnings)
    found.update(own)  # the file's own front matter wins over page metadata
    if "published" in found:
        # An unusable date (not a date, or 0001-01-01) must not hide a dateline in the text.
        published, problem = front_matter_date(found["published"])
        if published is None:
            del found["published"]
            if "published" in own:  # a page's odd metadata date is not the user's to fix
                warnings.append(f"front matter: {problem}; ignored")
        elif not isinstance(found["published"], str):
            found["published"] = published  # time zone dropped: the wall-clock time is kept
    blocks = _blocks(body)

    if blocks and blocks[0].kind == "title":
        # The visible headline beats a page title, which often carries the site's name.
        if "title" not in own:
            found["title"] = blocks[0].text
        blocks = blocks[1:]
    _take_dateline_and_byline(blocks, found, warnings)

    while blocks and CLOSING.match(blocks[-1].text):
        blocks.pop()  # "(Reporting by ...)", "（责任编辑：...）", a caption: nobody's answer
    labelled = any(has_question_label(block.text) for block in blocks)
    questions = set() if labelled else _question_blocks(blocks)
    lines: list[str] = []
    seen_question = dialogue = False
    for position, block in enumerate(blocks):
        if position in questions:
            # "— Pourquoi ... ?" then "— Parce que ...": the dash opens a turn, it is no one's word.
            dialogue = dashed(block.text)
            lines.append(f"Q: {undash(block.text)}")
            seen_question = True
        else:
            text = undash(block.text) if dialogue else block.text
            lines.append(escape(text) if seen_question else text)

    extra = {}
    byline = _byline(found.pop("byline", None), warnings)
    if byline:
        extra["byline"] = byline
    head = ""
    if found:
        dumped = yaml.safe_dump(found, allow_unicode=True, sort_keys=False, width=1_000_000)
        head = f"---\n{dumped}---\n\n"
    return Converted(head + "\n\n".join(lines) + "\n", extra, warnings)
