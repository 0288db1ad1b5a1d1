"""Reading what users type: parse and validate a query, scope pair fields, bound wildcards.

The query language is Whoosh's (words, "phrases", AND/OR/NOT, groups,
wildcards, fuzzy~ words, ranges, fields) with brreader's field names and
aliases. A query that cannot be searched raises :class:`QueryError` with a
message that says what to do, never Whoosh's own.

Pair scoping. A pair-scoped part (``question:farmers answer:altimetry``) is
matched within one pair and mapped to its article, so both terms must occur
in the same pair (``bulk`` reads the pairs from the article-level positions).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from itertools import groupby, pairwise
from typing import Any

from whoosh import fields, query
from whoosh.support.levenshtein import distance as levenshtein

from brreader.engine import asking
from brreader.engine.analysis import TAG, is_nospace, tagged
from brreader.engine.fastterms import Terms
from brreader.engine.hanzi import simplified
from brreader.engine.internals import (
    Asking,
    Expanded,
    PairScoped,
    doc_frequency,
    prefix_records,
    words_of,
)
from brreader.engine.limits import Limits
from brreader.engine.schema import (
    ALIASES,
    BODY_FIELDS,
    BODY_OF_PAIR,
    FIELD_BOOSTS,
    FIELD_CODE,
    PAIR_FIELDS,
    PAIR_OF_BODY,
    QUERY_FIELDS,
    STARTS,
    STARTS_LONGEST,
    TEXT_FIELDS,
    UNSCOPED_FIELDS,
)
from brreader.engine.widening import widening_parser
from brreader.model import QueryError

_DATE_HINT = "; dates look like published:2025, published:2025-06-24 or published:[2019 to 2021]"
_KNOWN_FIELDS = set(QUERY_FIELDS) | {alias for names in ALIASES.values() for alias in names}
# How much a question's asking words add where an article has them (see ``asking``).
# Measured on tests/relevance (89 queries with issue 20's natural questions), nDCG@10:
# 1.0 -> 0.9453, 0.5 -> 0.9460, 0.0 -> 0.9463: within noise; half keeps a weak
# preference for articles that use the question's own words.
ASKING_BOOST = 0.5
MAX_FUZZY_EDITS = 2  # as Lucene: "word~2" at most
_TOO_FUZZY = re.compile(r"([^\s~()\"]+)~(?:[3-9]|\d\d)")
# Whoosh's NOT (its own pattern), and a dash that starts a word after a space or "(".
NOT_OPERATOR = r"(^|(?<=(\s|[()])))(NOT(?=\s)|-(?=[^\s\-]))"
_FIELD_PREFIX = re.compile(r'"[^"]*"|(?<![\w.\\])([A-Za-z_]\w*):')


# A question mark that ends a word ("Mekong?") or stands alone ("Mekong ?", as French
# is typed) is punctuation: people type questions. Inside a word it is still the
# one-character wildcard ("wom?n"). Full-width and Arabic question marks too.
_ASKING = re.compile(r"(?<=[^\s?？؟*])[?？؟]+(?=[\s)\]\"]|$)|(?:(?<=\s)|^)[?？؟]+(?=\s|$)")


# Punctuation of Chinese and Japanese text (and the Arabic comma) between two words typed
# without a space ("合作，培训"): a space, so they are two words as "合作 培训" is.
_WIDE_PUNCTUATION = dict.fromkeys(
    map(ord, "\u3000、。〈〉《》「」『』【】〔〕〖〗，；：！（）［］｛｝｜～،؛"), " "
)


# A field name whose word opens with such punctuation ("outlet:《远山科技报》"): the
# punctuation goes before the field name, so the name still touches its word.
_FIELD_THEN_WIDE = re.compile(
    "([A-Za-z]+:)([" + "".join(map(chr, _WIDE_PUNCTUATION)).replace("]", "\\]") + "]+)"
)


def spaced(text: str) -> str:
    """``text`` with the punctuation of Chinese and Japanese typed between words made
    spaces, one for one (every word keeps its place)."""
    if text.isascii():
        return text
    text = _FIELD_THEN_WIDE.sub(lambda m: " " * len(m.group(2)) + m.group(1), text)
    return text.translate(_WIDE_PUNCTUATION)


# Chinese particles and function words of one character, dropped where a run is split.
_PARTICLES = frozenset("的了是在和与及或也都把被着吗呢吧啊之")


def split_runs(text: str, held: Callable[[str], bool]) -> str:
    """``text`` with a space between the words of a run of Chinese (Japanese, Thai...)
    characters typed together, where the archive holds no pair of the two characters
    that meet there (``held``: whether it holds a pair): ``无人机植保`` is read as
    ``无人机 植保`` when no article has "机植", so it finds "无人机" and "植保" apart,
    where the whole run, which no article can hold, found nothing. A piece of one
    character is dropped if it is a particle (``无人机的作用``: 的), and otherwise the
    run is left whole (a typo: ``联合实验事``, which did-you-mean corrects)."""
    if text.isascii() or not is_nospace(text):
        return text

    def split(run: str) -> str:
        pairs = simplified(run)
        cuts = [0, *(i for i in range(1, len(run)) if not held(pairs[i - 1 : i + 1])), len(run)]
        pieces = [run[start:end] for start, end in pairwise(cuts)]
        kept = [piece for piece in pieces if piece not in _PARTICLES]
        if len(pieces) == 1 or not kept or any(len(piece) < 2 for piece in kept):
            return run
        return " ".join(piece if piece in kept else " " * len(piece) for piece in pieces)

    # Runs found with the pattern the query's analysis compiles anyway (not NOSPACE_RUNS).
    runs = ("".join(chars) for _, chars in groupby(text, key=is_nospace))
    return "".join(split(run) if is_nospace(run[0]) else run for run in runs)


def pairs_held(searcher: Any) -> Callable[[str], bool]:
    """Whether an article of ``searcher``'s index holds a pair of characters, in any field
    a word without a field searches."""
    return lambda pair: any(doc_frequency(searcher, f, pair) for f in UNSCOPED_FIELDS)


def without_question_marks(text: str) -> str:
    """``text`` with the question marks that end a word or stand alone taken out."""
    return _ASKING.sub("", text) if ("?" in text or "？" in text or "؟" in text) else text


def check_fields(text: str) -> str:
    """Lower-case known field names and reject unknown ones with a helpful message."""

    def fix(match: re.Match[str]) -> str:
        name = match.group(1)
        if name is None:
            return match.group(0)
        lowered = name.lower()
        if lowered not in _KNOWN_FIELDS:
            known = ", ".join(
                f"{f} ({', '.join(ALIASES[f])})" if f in ALIASES else f for f in QUERY_FIELDS
            )
            raise QueryError(
                f"unknown field '{name}:' in query {text!r}; fields are {known} "
                f'(put text with a colon in quotes: "{name}:...")'
            )
        return lowered + ":"

    return _FIELD_PREFIX.sub(fix, text)


def _date_ok(schema: Any, leaf: Any) -> bool:
    """False for a quoted or odd word on a date field (``published:"x"``), which Whoosh
    accepts when parsing and only fails on when searching."""
    if not isinstance(leaf, query.Term) or not isinstance(
        schema[leaf.fieldname] if leaf.fieldname in schema else None, fields.DATETIME
    ):
        return True
    try:
        schema[leaf.fieldname].to_bytes(leaf.text)
    except Exception:  # noqa: BLE001 - Whoosh raises bare Exception and TimeError
        return False
    return True


def _fields_of(q: query.Query) -> set[str]:
    names: set[str] = set()
    for leaf in q.leaves():
        name = leaf.field()
        if name:
            names.add(name)
    return names


def _pair_only(q: query.Query) -> bool:
    names = _fields_of(q)
    return bool(names) and names <= set(PAIR_FIELDS)


def scope(q: query.Query) -> query.Query:
    """Rewrite a parsed query so pair fields are matched within one pair of an article."""
    if isinstance(q, query.Not):
        return query.Not(scope(q.query))
    if isinstance(q, (query.And, query.Or)):
        subs = list(q.subqueries)
        pair_parts = [c for c in subs if not isinstance(c, query.Not) and _pair_only(c)]
        if isinstance(q, query.And) and pair_parts:
            # A negated pair part joins a positive pair group: "question:farmers NOT
            # answer:rail" asks for one pair that mentions farmers and not rail.
            pair_parts += [c for c in subs if isinstance(c, query.Not) and _pair_only(c.query)]
        parts = [scope(c) for c in subs if not any(c is p for p in pair_parts)]
        if pair_parts:
            inner = pair_parts[0] if len(pair_parts) == 1 else type(q)(pair_parts)
            parts.insert(0, PairScoped.around(inner))
        if len(parts) == 1:
            return parts[0]
        return type(q)(parts, boost=q.boost)
    if isinstance(q, query.BinaryQuery):
        return type(q)(scope(q.a), scope(q.b))
    if _pair_only(q):
        return PairScoped.around(q)
    return q


def positive(q: query.Query) -> Iterator[query.Query]:
    """Every node that helps a document match: not under NOT, not right of ANDNOT,
    and not a question's asking words (they only add to the score)."""
    if isinstance(q, query.Not):
        return
    yield q
    if isinstance(q, query.AndNot | Asking):
        yield from positive(q.a)
    elif not q.is_leaf():
        for child in q.children():
            yield from positive(child)


def typed_tokens(parsed: Any) -> Iterator[Any]:
    """The query's words with their places in the query text (ranges have no single word)."""
    for leaf in parsed.leaves():
        if isinstance(leaf, query.Term | query.Phrase):
            yield from leaf.tokens()


def expanded(reader: Any, parsed: Any, text: str, limits: Limits) -> Any:
    """The query with each wildcard and fuzzy word listed once, or QueryError if too broad.

    ``*a*`` on a large archive stands for tens of thousands of words and would
    take seconds and hundreds of megabytes; counting stops at the limit.
    """
    leaves = (
        [leaf for leaf, _offset in reader.leaf_readers()] if not reader.is_atomic() else [reader]
    )

    distances: dict[tuple[bytes, str, int], bool] = {}  # the fields share most words

    def near(word: bytes, text: str, maxdist: int) -> bool:
        key = (word, text, maxdist)
        found = distances.get(key)
        if found is None:
            other = word.decode("utf-8")
            # Words whose lengths differ by more than the distance are never near: most
            # of a mixed archive's words (its other languages' tagged stems, its CJK
            # pairs) are ruled out without the distance being worked out.
            found = distances[key] = abs(len(other) - len(text)) <= maxdist and (
                levenshtein(other, text, maxdist) <= maxdist
            )
        return found

    listed: dict[tuple[int, str, str], list[bytes]] = {}

    def words_from(segment: Any, fieldname: str, start: str) -> list[bytes]:
        """A field's words that begin with ``start``, listed once per segment: a fuzzy
        word widened to several languages looks in the same field several times
        (``cooperacion~`` as English, then with a prefix ``es:``, ``fr:``...)."""
        key = (id(segment), fieldname, start)
        if key not in listed:
            everything = listed.get((id(segment), fieldname, ""))
            if everything is not None:
                head = start.encode("utf-8")
                listed[key] = [word for word in everything if word.startswith(head)]
            else:
                listed[key] = list(segment.expand_prefix(fieldname, start))
        return listed[key]

    def expand(leaf: Any) -> Any:
        if not isinstance(leaf, query.MultiTerm) or isinstance(leaf, query.Term | Expanded):
            return leaf
        if not isinstance(leaf, query.PatternQuery | query.FuzzyTerm):
            # Ranges (title:[a to c]) list their words cheaply; only bound them.
            for count, _word in enumerate(words_of(leaf, reader), start=1):
                if count > limits.max_query_expansion:
                    raise QueryError(
                        f"a range in {text!r} stands for over {limits.max_query_expansion:,} "
                        "different words; narrow it"
                    )
            return leaf
        per_reader: dict[int, list[bytes]] = {}
        records: dict[int, list[tuple[bytes, Any, int, int]]] = {}
        distinct: set[bytes] = set()
        # A pair field's words are indexed in its article-level body field.
        source = BODY_OF_PAIR.get(leaf.fieldname, leaf.fieldname)
        lister = leaf
        if source != leaf.fieldname:
            lister = leaf.copy()
            lister.fieldname = source

        def listing(segment: Any) -> Iterator[bytes]:
            if type(lister) is query.Prefix and lister.fieldname in segment.schema:
                # A prefix's words in one pass over the term file (``ka*``: thousands).
                try:
                    head = segment.schema[lister.fieldname].to_bytes(lister.text)
                except ValueError:
                    head = None
                found = prefix_records(segment, lister.fieldname, head) if head else None
                if found is not None:
                    if source == leaf.fieldname:  # the documents are read from these words
                        records[id(segment)] = found
                    return (record[0] for record in found)
            return words_of(lister, segment)

        if isinstance(leaf, query.FuzzyTerm):
            # Edit distances once per distinct word of the archive, not per segment.
            start = leaf.text[: leaf.prefixlength]
            by_segment = {id(seg): words_from(seg, source, start) for seg in leaves}
            candidates = set().union(*by_segment.values())
            close = {word for word in candidates if near(word, leaf.text, leaf.maxdist)}

            def listing(segment: Any) -> Iterator[bytes]:
                return (word for word in by_segment[id(segment)] if word in close)

        def list_all() -> None:
            for segment in leaves:
                words = []
                for word in listing(segment):
                    words.append(word)
                    distinct.add(word)
                    if len(distinct) > limits.max_query_expansion:
                        typed = f"{leaf.text}*" if isinstance(leaf, query.Prefix) else leaf.text
                        raise QueryError(
                            f"{typed!r} in {text!r} stands for over "
                            f"{limits.max_query_expansion:,} different words; add letters to "
                            "narrow it"
                        )
                per_reader[id(segment)] = words

        if short_prefix(leaf, leaves):
            # Its articles are found from the word starts; its words are listed only
            # if something asks for them (see ``Expanded.fill``).
            return Expanded(leaf, per_reader, records, fill=once(list_all))
        list_all()
        return Expanded(leaf, per_reader, records)

    return parsed.accept(expand)


def short_prefix(leaf: Any, leaves: list[Any]) -> bool:
    """Whether a prefix is short enough for the word starts of every segment (``STARTS``):
    one to three letters on an unscoped field (``ka*``, not ``question:ka*``), or a
    language's tag and one to three letters (``es:ka*``, its Spanish form)."""
    if type(leaf) is not query.Prefix or not leaf.constantscore:
        return False
    text = str(leaf.text)
    tag = text.find(TAG) + 1
    letters = len(text) - tag if 0 < tag <= STARTS_LONGEST else len(text)
    return (
        leaf.fieldname in FIELD_CODE
        and 0 < letters <= STARTS_LONGEST
        and bool(leaves)
        and all(STARTS in segment.schema for segment in leaves)
    )


def once(work: Any) -> Any:
    """``work`` run when the result is called, until it has once run to its end."""
    done: list[bool] = []

    def run() -> None:
        if not done:
            work()
            done.append(True)

    return run


class QueryReader:
    """Turns query text into a Whoosh query for one schema, within the limits."""

    def __init__(self, schema: Any, limits: Limits) -> None:
        self.schema = schema
        self.limits = limits
        self._parser: Any = None

    def _whoosh_parser(self) -> Any:
        if self._parser is None:
            from whoosh import qparser  # only searches need it: keeps 'index' quick to start

            # A word without a field searches the article documents (title, lede,
            # names, tags, and all of the article's questions and answers).
            parser = widening_parser(
                UNSCOPED_FIELDS,
                self.schema,
                fieldboosts=dict(FIELD_BOOSTS),
                widened=(*TEXT_FIELDS, *BODY_FIELDS),
            )
            parser.add_plugin(qparser.FieldAliasPlugin(ALIASES))
            parser.add_plugin(qparser.FuzzyTermPlugin())
            # A dash in front of a word leaves it out, as in most search boxes:
            # "rice -Mekong" is "rice NOT Mekong". Only at the start of a word
            # (cross-border, 2020-01-01 and "rail - road" keep their dashes).
            parser.replace_plugin(qparser.OperatorsPlugin(Not=NOT_OPERATOR))
            self._parser = parser
        return self._parser

    def parse(self, text: str, languages: tuple[str, ...] = ()) -> Any:
        """Parse the query language; raise :class:`QueryError` for what cannot be searched.

        ``languages``: the archive's languages with tagged stems (see ``analysis``);
        each query word is also looked up in them. In a query of plain words, the
        words that only ask (``what did they say about``) need not match: the
        result is then an :class:`Asking` query (see ``asking``).
        """
        text = asking.in_groups(self._asked(text))
        parsed = self._parse(text, languages)
        text = spaced(text)  # "合作，培训" is two words, as the parser reads it
        found = asking.split(text)
        if found is None or not found.words or not found.asking:
            return parsed
        required = self._plain(asking.Split.keep(text, found.words), languages)
        if required is query.NullQuery:  # the topic words were all stop words
            return parsed
        optional = self._plain(asking.Split.keep(text, found.asking), languages)
        if optional is query.NullQuery:
            return required
        words = optional.subqueries if isinstance(optional, query.And) else [optional]
        return Asking(required, query.Or(list(words), boost=ASKING_BOOST))

    def words(self, text: str, languages: tuple[str, ...] = ()) -> list[tuple[str, Any]]:
        """Each topic word of a plain query, as typed and as a query of its own.

        Empty for a query with operators, quotes, groups or fields, whose words
        keep their strict meaning, and for one with fewer than two topic words.
        """
        text = spaced(self._asked(text))
        found = asking.split(text)
        if found is None or not 2 <= len(found.words) <= self.limits.max_relaxed_words:
            return []
        words = []
        for start, end in found.words:
            parsed = self._plain(asking.Split.keep(text, ((start, end),)), languages)
            if parsed is not query.NullQuery:
                words.append((text[start:end], parsed))
        return words if len(words) >= 2 else []

    def _plain(self, text: str, languages: tuple[str, ...]) -> Any:
        """Part of a query already read whole by :meth:`_parse` (so it cannot fail)."""
        parser = self._whoosh_parser()
        parser.languages = tuple(lang for lang in languages if tagged(lang))
        parser.text = text
        return parser.parse(text)

    @staticmethod
    def _asked(text: str) -> str:
        """The query as searched: NFC, with the question marks that end words taken out."""
        if not text.strip():
            raise QueryError("empty query; give words to search for, e.g. brreader search Mekong")
        text = unicodedata.normalize("NFC", text)  # as article text is (see parse.normalize)
        asked = without_question_marks(text)
        if not asked.strip():
            raise QueryError(
                f"nothing to search for in {text!r}; give words, e.g. brreader search Mekong"
            )
        return asked

    def _parse(self, text: str, languages: tuple[str, ...]) -> Any:
        """The query read strictly: every word required, each operator as written.

        Messages quote ``text`` as typed; the parser reads it :func:`spaced`.
        """
        if len(text) > self.limits.max_query_chars:
            # Whoosh's parser slows down with the square of a word's length, and
            # every word becomes a search in eight fields: keep queries human-sized.
            raise QueryError(
                f"the query {text[:40]!r}... is {len(text):,} characters long; keep it under "
                f"{self.limits.max_query_chars:,} (a few words find more than a paragraph)"
            )
        try:
            parser = self._whoosh_parser()
            parser.languages = tuple(lang for lang in languages if tagged(lang))
            parser.text = checked = check_fields(spaced(text))
            parsed = parser.parse(checked)
        except QueryError:
            raise
        except Exception as error:  # noqa: BLE001 - Whoosh raises bare Exception for bad dates
            raise QueryError(f"cannot read the query {text!r}: {error}{_DATE_HINT}") from None
        if any(getattr(leaf, "error", None) for leaf in parsed.leaves()) or not all(
            _date_ok(self.schema, leaf) for leaf in parsed.leaves()
        ):
            raise QueryError(f"a date in {text!r} is not a date{_DATE_HINT}")
        for leaf in parsed.leaves():
            if isinstance(leaf, query.FuzzyTerm) and leaf.maxdist > MAX_FUZZY_EDITS:
                # Whoosh takes any digit (and "~999" as 9 and a word "99"); past two
                # edits every short word is "near".
                typed = _TOO_FUZZY.search(text)
                word = typed.group(1) if typed else "word"
                raise QueryError(
                    f"a fuzzy word allows 1 or {MAX_FUZZY_EDITS} edits: write {word}~ or "
                    f"{word}~{MAX_FUZZY_EDITS} (in {text!r})"
                )
            if isinstance(leaf, query.Every) and leaf.fieldname == "published":
                raise QueryError(f"a date range in {text!r} needs a start or an end{_DATE_HINT}")
            pattern = isinstance(leaf, query.Wildcard | query.Prefix)
            if isinstance(leaf, query.Every) or (pattern and not str(leaf.text).strip("*?")):
                raise QueryError(
                    f"a wildcard needs some letters with it (like rail*), not just {text!r}; "
                    "to see every article use brreader list, or clear the search box"
                )
        if parsed is query.NullQuery:
            raise QueryError(
                f"nothing to search for in {text!r}: only common words or operators; "
                "add a distinctive word"
            )
        return parsed


def highlight_terms(searcher: Any, parsed: Any, limits: Limits) -> dict[str, frozenset[str]]:
    """The words each text field lights up for a parsed query (wildcards: the first few)."""
    reader = searcher.reader()
    terms: dict[str, set[str]] = {}
    prefixes: dict[str, set[str]] = {}  # short prefixes: every word that begins so
    for leaf in (n for n in positive(parsed) if n.is_leaf()):
        name = leaf.field()
        name = PAIR_OF_BODY.get(name, name)  # the pair text is where words are shown
        if name not in TEXT_FIELDS:
            continue
        bucket = terms.setdefault(name, set())
        text = str(getattr(leaf, "text", ""))
        if len(text) == 1 and is_nospace(text) and not isinstance(leaf, query.Term):
            # One Chinese... character: the pairs it begins light up that character (``lit``).
            prefixes.setdefault(name, set()).add(text)
        elif isinstance(leaf, query.Term):
            bucket.add(text)
        elif isinstance(leaf, query.Phrase):
            bucket.update(str(word) for word in leaf.words)
        elif getattr(leaf, "starts", False):
            prefixes.setdefault(name, set()).add(str(leaf.text))
        elif isinstance(leaf, query.MultiTerm):
            for count, term in enumerate(words_of(leaf, reader)):
                if count >= limits.max_expanded_terms:
                    break
                bucket.add(term.decode("utf-8") if isinstance(term, bytes) else str(term))
    found = {name: Terms(words, prefixes.get(name, ())) for name, words in terms.items()}
    return {name: words for name, words in found.items() if words}
