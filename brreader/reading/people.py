"""Who was interviewed: a name at the lede's start or end, in the headline, or in a label.

Each finder returns "" when it is not sure; :func:`find_interviewee` tries
them in order and says which one answered, for the parser's notes.
"""

from __future__ import annotations

import re

_HONORIFICS = {"dr", "prof", "professor", "mr", "mrs", "ms", "mx", "dame", "sir", "madam"}
_PARTICLES = {
    "de", "da", "do", "dos", "das", "del", "della", "di", "du", "van", "von", "der", "den",
    "bin", "binti", "al", "el", "la", "le", "ibn", "ben", "y", "e", "ter", "ten",
}  # fmt: skip
_NOT_NAME_START = {
    "in", "the", "a", "an", "at", "on", "as", "during", "when", "after", "before", "speaking",
    "according", "this", "that", "these", "those", "it", "he", "she", "they", "we", "our",
    "for", "with", "from", "since", "while", "ahead", "following", "last", "next", "today",
    "recently", "how", "what", "why", "over", "under", "across", "amid", "by", "if",
}  # fmt: skip


def leading_name(lede: str) -> str:
    """The proper name a lede opens with ("Dara Kheng, a hydrologist, ..." -> "Dara Kheng")."""
    tokens: list[str] = []
    words = lede.split()
    while words and words[0].rstrip(".").lower() in _HONORIFICS:
        words = words[1:]
    for word in words[:8]:
        core = word.rstrip(",;:")
        ends_here = core != word
        for possessive in ("'s", "’s"):
            if core.endswith(possessive):
                core, ends_here = core[: -len(possessive)], True
        if not core or not core[0].isalpha():
            break
        if core[0].isupper():
            tokens.append(core)
        elif tokens and core in _PARTICLES:
            tokens.append(core)
        else:
            break
        if ends_here:
            break
    while tokens and tokens[-1] in _PARTICLES:
        tokens.pop()
    if len(tokens) < 2 or len(tokens) > 5 or tokens[0].lower() in _NOT_NAME_START:
        return ""
    if any(token.isupper() and len(token) > 1 for token in tokens):
        return ""  # "UNESCO Director ..." is an organisation, not a person
    return " ".join(tokens)


# A personal name of two to four capitalised words (Latin or Cyrillic), particles allowed.
_WORD = r"[A-ZÀ-ÞА-ЯЁ][\w'’-]*"
_NAME = rf"{_WORD}(?:\s(?:(?:{'|'.join(sorted(_PARTICLES))})\s)?{_WORD}){{1,3}}"
_TITLES = (
    r"Ambassador|Dr\.?|Prof\.?|Professor|Minister|President|Director|Chairman|Chairwoman|"
    r"Senator|Governor|Mayor|General|Consul|Counsellor|Counselor|Secretary-General|"
    r"Mr\.?|Ms\.?|Mrs\.?|Sir|Dame"
)
# Words that make a capitalised run an organisation or a place, not a person.
_NOT_PERSON = {
    "news", "agency", "daily", "times", "radio", "tv", "television", "press", "post", "network",
    "university", "institute", "ministry", "council", "company", "group", "bank", "journal",
    "magazine", "podcast", "review", "weekly", "herald", "tribune", "media", "office", "school",
    "academy", "centre", "center", "association", "organization", "organisation", "the",
    "initiative", "forum", "committee", "republic", "union", "china", "russia", "xinhua",
}  # fmt: skip

# Headline shapes: "Interview: X", "Interview with X", "Q&A with X", "X: quote".
_HEADLINE = [
    re.compile(
        rf"^(?:exclusive\s+)?(?:interview|q\s?&\s?a)\s*(?:with|:|—|–|-)\s*(?:{_TITLES}\s)?"
        rf"(?P<name>{_NAME})",
        re.IGNORECASE,
    ),  # fmt: skip
    re.compile(rf"^(?:{_TITLES}\s)?(?P<name>{_NAME})\s*[:：|]\s"),
    re.compile(r"^(?:专访|对话|访谈)[｜|：:\s]*(?P<name>[\u4e00-\u9fff·]{2,5})[：:，,｜|]"),
    re.compile(rf"(?:Интервью с|Entretien avec|Entrevista (?:a|con))\s+(?P<name>{_NAME})"),
]
# Lede shapes, by how a news lede introduces the person.
_LEDE = [
    re.compile(rf"(?P<name>{_NAME}),[^.]{{0,160}}?,\s(?:said|says|told|explained|noted)\b"),
    re.compile(
        rf"\b(?:said|says|told [^,.]{{1,40}}?|explained|noted)\s+(?:[a-z][\w-]*\s){{0,6}}?"
        rf"(?:{_TITLES}\s)?(?P<name>{_NAME})"
    ),  # fmt: skip
    re.compile(rf"(?P<name>{_NAME})\s(?:said|says|told)\b"),
    re.compile(
        rf"\b(?:interview with|spoke (?:to|with)|talked (?:to|with)|sat down with)\s"
        rf"(?:[a-z][\w-]*\s){{0,6}}?(?:{_TITLES}\s)?(?P<name>{_NAME})"
    ),  # fmt: skip
    re.compile(
        rf"\b(?:рассказал[аи]?|заявил[аи]?|сообщил[аи]?|отметил[аи]?)\s"
        rf"(?:[а-яё][\w-]*\s){{0,6}}?(?P<name>{_NAME})"
    ),  # fmt: skip
    re.compile(
        rf"\b(?:explique|a déclaré|déclare|raconte|entretien avec|affirme)\s"
        rf"(?:[a-zà-ÿ][\w'’-]*\s){{0,6}}?(?P<name>{_NAME})"
    ),  # fmt: skip
    re.compile(
        rf"\b(?:explica|afirmó|afirma|dijo|entrevista con)\s"
        rf"(?:[a-zá-ú][\w-]*\s){{0,6}}?(?P<name>{_NAME})"
    ),  # fmt: skip
    re.compile(r"(?:专访了?|采访了?)[^，。]{0,20}?(?P<name>[\u4e00-\u9fff·]{2,4})(?:[，。：]|时)"),
    re.compile(rf"\b(?P<name>(?:{_TITLES})\s{_WORD})\b"),
]


def _person(name: str) -> str:
    words = name.split()
    if any(word.lower().strip(".") in _NOT_PERSON for word in words):
        return ""
    if any(word.isupper() and len(word) > 1 for word in words):
        return ""
    return name


def from_headline(title: str) -> list[str]:
    """The people a headline names as interviewed ("Interview with A and B")."""
    for pattern in _HEADLINE:
        match = pattern.search(title)
        if match:
            first = _person(match["name"])
            if not first:
                continue
            rest = title[match.end() :]
            more = re.match(rf"\s*(?:and|&|и|et|y)\s+(?:{_TITLES}\s)?(?P<name>{_NAME})", rest)
            second = _person(more["name"]) if more else ""
            return [first, second] if second else [first]
    return []


def from_lede(lede: str) -> str:
    """A person the lede introduces later on ("..., said Dmitri Volkov, director of ...")."""
    head = lede[:1500]
    for pattern in _LEDE:
        for match in pattern.finditer(head):
            name = _person(match["name"])
            if name and name.split()[0].lower() not in _NOT_NAME_START:
                return name
    return ""


def expand(label: str, texts: tuple[str, ...]) -> str:
    """A label as the person's full name: "OKAFOR" or "CO" -> "Chidi Okafor" when the text has it.

    Returns "" when the label is not a name (a role, an outlet).
    """
    words = label.replace(".", ". ").split()
    if not words or len(words) > 4:
        return ""
    if any(word.lower().strip(".()") in _NOT_PERSON for word in words):
        return ""
    joined = " ".join(texts)
    if len(words) == 1 and words[0].isupper() and 2 <= len(words[0]) <= 3:
        initials = words[0]
        for match in re.finditer(_NAME, joined):
            parts = match.group().split()
            if "".join(p[0] for p in parts if p[0].isupper()) == initials:
                return match.group()
        return ""
    if len(words) == 1:
        surname = words[0].capitalize() if words[0].isupper() else words[0]
        found = re.search(rf"(?:{_WORD}[\w'’-]\s){{1,2}}{re.escape(surname)}\b", joined)
        if found and _person(found.group()):
            return found.group()
        return surname if words[0].isupper() else ""
    if all(word[:1].isupper() for word in words):
        name = " ".join(w.capitalize() if w.isupper() else w for w in words)
        return _person(name)
    return ""


def split_names(value: object) -> tuple[str, ...]:
    """Front matter ``interviewees:``: a list, or names joined by commas and "and"."""
    if isinstance(value, (list, tuple)):
        items = [str(item) for item in value if item is not None]
    elif isinstance(value, str):
        items = re.split(r"\s*(?:,|;|\band\b|&)\s*", value)
    else:
        return ()
    return tuple(dict.fromkeys(item.strip() for item in items if item and item.strip()))
