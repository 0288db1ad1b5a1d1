"""Who was interviewed: a name at the lede's start or end, in the headline, or in a label.

Each finder returns "" when it is not sure; :func:`find_interviewee` tries
them in order and says which one answered, for the parser's notes.
"""

from __future__ import annotations

import re

from brreader.lazyre import lazy
from brreader.reading.header import WIRE_DATELINE
from brreader.reading.russian_names import base_form, governed_case
from brreader.reading.turns import ANSWER_WORDS, ASKER_WORDS

_HONORIFICS = {"dr", "prof", "professor", "mr", "mrs", "ms", "mx", "dame", "sir", "madam"}
_PARTICLES = {
    "de", "da", "do", "dos", "das", "del", "della", "di", "du", "van", "von", "der", "den",
    "bin", "binti", "al", "el", "la", "le", "ibn", "ben", "y", "e", "ter", "ten",
}  # fmt: skip
# A role before the name at the lede's start that makes the person the one asking.
_HOSTS = {
    "host", "co-host", "presenter", "moderator", "interviewer", "reporter", "anchor",
    "correspondent", "journalist",
}  # fmt: skip
_NOT_NAME_START = {
    "in", "the", "a", "an", "at", "on", "as", "during", "when", "after", "before", "speaking",
    "according", "this", "that", "these", "those", "it", "he", "she", "they", "we", "our",
    "for", "with", "from", "since", "while", "ahead", "following", "last", "next", "today",
    "recently", "how", "what", "why", "over", "under", "across", "amid", "by", "if",
    "par", "por", "беседовала", "беседовал", "беседовали", "беседу", "interviewed",
    "propos", "entrevistó", "entrevistada", "entrevistado",
    # The same openers in French, Spanish and Russian ("Dans ...", "En enero ...", "В марте ...").
    "dans", "en", "depuis", "pour", "selon", "avec", "sur", "lors", "hier", "cette", "desde",
    "para", "según", "con", "sobre", "tras", "ayer", "hoy", "este", "esta", "в", "во", "на", "с",
    "со", "по", "о", "об", "у", "к", "за", "из", "от", "до", "для", "при", "после", "как", "когда",
}  # fmt: skip


def leading_name(lede: str) -> str:
    """The proper name a lede opens with ("Dara Kheng, a hydrologist, ..." -> "Dara Kheng"),
    or that follows the roles it opens with ("Physicist and author, Jane Roe has ...")."""
    return _name_first(lede) or _after_roles(lede)


def _name_first(lede: str) -> str:
    """The proper name of the lede's first words, else ""."""
    tokens: list[str] = []
    words = lede.split("\n\n", 1)[0].split()
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
    if tokens[0].lower() in _HOSTS:
        return ""  # "Host Rafael Oduya talks with ...": the lede opens with who asks
    if any(token.isupper() and len(token) > 1 for token in tokens):
        return ""  # "UNESCO Director ..." is an organisation, not a person
    return " ".join(tokens)


# A personal name of two to four capitalised words (Latin or Cyrillic), particles allowed.
_WORD = r"[A-ZÀ-ÞА-ЯЁ][\w'’-]*"
_NAME = rf"{_WORD}(?:\s(?:(?:{'|'.join(sorted(_PARTICLES))})\s)?{_WORD}){{1,3}}"
_TITLES = (
    r"Ambassador|Dr\.?|Prof\.?|Professor|Minister|President|Director|Chairman|Chairwoman|"
    r"Senator|Governor|Mayor|General|Consul|Counsellor|Counselor|Secretary-General|"
    r"Mr\.?|Ms\.?|Mrs\.?|Sir|Dame|Engineer|Doctor|Judge|Captain|Colonel|Commissioner|"
    r"Academician|Dra\.?|Sra\.?|Sr\.?|Mme|M\.|Premier|Prime Minister|Vice President|Deputy|"
    r"Chancellor|Rector|Dean|Chief|Sheikh|Datuk|Pastor|Father|Sister"
)
_TITLES = f"(?:{_TITLES})"  # one group, so "{_TITLES}\s" takes the space after any of them
# "Physicist and author, Jane Roe has ...", "Apicultrice et généticienne, Noémie Vasseur-Kaba
# coordonne ...", "Hydrologue à l'Institut des eaux, Matthieu Roux explique ...": the lede
# opens with who the person is, a comma, then the name as the subject of a verb.
_ROLES_COMMA = lazy(
    r"^(?P<first>[^\W\d_][\w'’-]*)(?:,?\s[^\W\d_][\w'’-]*){1,11},\s"
    rf"(?:{_TITLES}\s)?(?P<name>{_NAME})(?=,|\s[a-zà-ÿа-яё])"
)
# Russian writes roles without a comma and in lower case: "Физик и популяризатор науки
# Савелий Гродеков рассказал ...", "Директор обсерватории Глеб Арсеньев ...".
_ROLES_CYRILLIC = lazy(
    r"^(?P<first>[А-ЯЁ][а-яё-]+)(?:\s[а-яё-]+){1,8}\s"
    r"(?P<name>[А-ЯЁ][а-яё-]+(?:\s[А-ЯЁ][а-яё-]+){1,2})(?=,|\s[а-яё])"
)
# What a sentence opens with when it is not a role: a time, a place, a connective.
_NOT_ROLES = _NOT_NAME_START | {
    "yesterday", "tonight", "earlier", "later", "now", "then", "meanwhile", "however", "also",
    "still", "once", "here", "there", "so", "but", "and", "like", "every", "each", "born",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "ici",
    "aujourd'hui", "alors", "mais", "ainsi", "comme", "quand", "pero", "así", "como", "cuando",
    "вчера", "сегодня", "завтра", "недавно", "сейчас", "теперь", "ранее", "уже", "также",
    "однако", "наш", "наша", "этот", "эта", "мы", "он", "она", "они",
}  # fmt: skip


def _after_roles(lede: str) -> str:
    """The name after the roles a lede opens with, else ""."""
    head = lede[:300]
    found = _ROLES_COMMA.match(head) or _ROLES_CYRILLIC.match(head)
    if found is None or found["first"].lower() in _NOT_ROLES | _MONTHS:
        return ""
    # "Интервью с Анной Ивановой, ...": the name in the case its preposition governs.
    return _person(base_form(found["name"], governed_case(head[: found.start("name")])))


# Words that make a capitalised run an organisation or a place, not a person.
_NOT_PERSON = {
    "news", "agency", "daily", "times", "radio", "tv", "television", "press", "post", "network",
    "university", "institute", "ministry", "council", "company", "group", "bank", "journal",
    "magazine", "podcast", "review", "weekly", "herald", "tribune", "media", "office", "school",
    "academy", "centre", "center", "association", "organization", "organisation", "the",
    "initiative", "forum", "committee", "republic", "union", "china", "russia", "xinhua",
    "consortium", "foundation", "archive", "project", "museum", "library", "lab", "laboratory",
    "corporation", "inc", "ltd", "fund", "programme", "program", "service", "department",
    "society", "league", "party", "federation", "observatory", "gazette", "business", "global",
    "international", "national", "world", "science", "research", "interview", "transcript",
    "recorded", "episode", "season", "revista", "diario", "edition", "online", "channel",
    # The same in French and Spanish: "La Universidad de Valparaíso Sur", "Institut Pasteur".
    "universidad", "université", "instituto", "institut", "ministerio", "ministère", "centro",
    "fundación", "fondation", "agencia", "agence", "academia", "académie", "museo", "muséum",
    "musée", "gaceta", "periódico", "observatorio", "observatoire", "laboratorio",
    "laboratoire", "universitat", "universität", "escuela", "école", "colegio", "hospital",
}  # fmt: skip
_MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
}  # fmt: skip

# Chinese titles written before a name: "参赞苏文澜", "院长林远帆", "专家张明".
_CHINESE_ROLES = (
    "副院长|院长|所长|校长|主任|部长|局长|教授|研究员|院士|博士|专家|总裁|经理|主席|书记|"
    "参赞|大使|公使|领事"
)
# Arabic: a verb of saying, titles with the article "ال", and a name of two or three words.
_ARABIC_SAID = r"(?:قال|قالت|أكد|أكدت|أوضح|أوضحت|صرح|صرحت|يقول|تقول|ذكر|ذكرت)"
_ARABIC_TITLES = r"ال(?:سفير|دكتور|وزير|أستاذ|بروفيسور|مهندس|رئيس|مدير|عالم|باحث)ة?"
# A word: a letter, then letters, short vowels and shadda ("السمّاك").
_ARABIC_WORD = r"[\u0621-\u064a][\u0621-\u0652]+"
_ARABIC_NAME = rf"{_ARABIC_WORD}\s{_ARABIC_WORD}(?:\s{_ARABIC_WORD})?"
# Headline shapes: "Interview: X", "Interview with X", "Q&A with X", "X: quote".
_HEADLINE = [
    lazy(
        # Case-blind for the words, not for the name: "Interview: Young engineers ..." names no one.
        rf"^(?i:exclusive\s+)?(?i:interview|q\s?&\s?a)\s*(?i:with|:|—|–|-)\s*(?:{_TITLES}\s)?"
        rf"(?P<name>{_NAME})",
    ),
    lazy(rf"^(?:{_TITLES}\s)?(?P<name>{_NAME})\s*[:：|]\s"),
    lazy(
        rf"^(?:专访|对话|访谈)[｜|：:\s]*[\u4e00-\u9fff]*?(?:{_CHINESE_ROLES})?"
        r"(?P<name>[\u4e00-\u9fff·]{2,3})[：:，,｜|]"
    ),
    # "……——专访南岭师范大学物理系教授周启明": the subtitle after a dash ends with the name.
    lazy(
        rf"(?:——|—|--)(?:专访|访|对话)[\u4e00-\u9fff]*?(?:{_CHINESE_ROLES})"
        r"(?P<name>[\u4e00-\u9fff·]{2,3})$"
    ),
    # "« ... » : entretien avec Noémie Vasseur-Kaba", the words in either case.
    lazy(rf"(?i:интервью с|entretien avec|entrevista (?:a|con))\s+(?P<name>{_NAME})"),
    # "Entretien de Mme Hélène Varenne, ministre ..., avec « Radio Littoral »": a ministry's
    # record of an interview its minister gave.
    lazy(
        rf"^(?:Entretien|Interview|Entrevista|Интервью)\s(?:de|du|d['’]|accordé par)\s?"
        rf"(?:{_TITLES}\s)?(?P<name>{_NAME})"
    ),
    # "Minister Hendrik Aalto's written interview with the Harbour Gazette".
    lazy(
        rf"^(?:{_TITLES}\s)?(?P<name>{_NAME})[’']s\s(?:[a-z]+\s){{0,2}}"
        r"(?i:interview|conversation|q\s?&\s?a)\b"
    ),
    lazy(rf"\b(?i:interview|conversation|q\s?&\s?a)\s(?i:with)\s(?:{_TITLES}\s)?(?P<name>{_NAME})"),
    # "السفير كريم حداد: ..." : an Arabic title, a name, then the quote.
    lazy(rf"^{_ARABIC_TITLES}\s(?P<name>{_ARABIC_NAME})\s?[:：]"),
    lazy(
        r"(?:حوار|لقاء) مع\s(?:ال(?:دكتور|أستاذ|سفير)ة?\s)?"
        rf"(?P<name>{_ARABIC_WORD}\s{_ARABIC_WORD})"
    ),
]
# Lede shapes, by how a news lede introduces the person.
_LEDE = [
    lazy(rf"(?P<name>{_NAME}),[^.]{{0,160}}?,\s(?:said|says|told|explained|noted)\b"),
    lazy(
        rf"\b(?:said|says|told [^,.]{{1,40}}?|explained|noted)\s+(?:[a-z][\w-]*\s){{0,6}}?"
        rf"(?:{_TITLES}\s)?(?P<name>{_NAME})"
    ),  # fmt: skip
    lazy(
        rf"(?P<name>{_NAME})\s(?:said|says|told|рассказал\w*|заявил\w*|сообщил\w*|explique|"
        r"raconte|a déclaré|afirmó|explica|dijo)\b"
    ),
    # "The hydrologist Dara Kheng ...", "La géographe Claire Dumont ...": a role, then the name.
    lazy(
        rf"(?m)^(?:(?:The|La|Le|El|Der|Die|Il|Lo)\s|L’|L')(?:[a-zà-ÿа-яё][\w'’-]*\s){{1,4}}"
        rf"(?P<name>{_NAME})"
    ),
    lazy(
        rf"\b(?:interview with|spoke (?:to|with)|talked (?:to|with)|sat down with|met|asked|"
        rf"talks? (?:to|with)|speaks? (?:to|with)|according to|interviewed)\s"
        rf"(?:[a-z][\w-]*\s){{0,6}}?(?:{_TITLES}\s)?(?P<name>{_NAME})"
    ),  # fmt: skip
    lazy(
        r"\b(?:рассказал[аи]?|рассказыва(?:ет|ют)|заявил[аи]?|сообщил[аи]?|отметил[аи]?|"
        r"объясняет|поясняет)\s"
        rf"(?:[а-яё][\w-]*\s){{0,6}}?(?P<name>{_NAME})"
    ),  # fmt: skip
    # "Мы поговорили с гляциологом Тимофеем Баранцевым", "взяли интервью у ...": the name
    # after "с" or "у", put back in the nominative by from_lede.
    lazy(
        r"\b(?:[Ии]нтервью|[Бб]есед[аеуы]|[Рр]азговор[еа]?|поговорил[аи]?|побеседовал[аи]?|"
        r"встретил(?:ся|ась|ись)|пообщал(?:ся|ась|ись)|беседуем|говорим|спросили|узнали)"
        rf"\s(?:со?|у)\s(?:[а-яё-]+\s){{0,3}}?(?P<name>{_NAME})"
    ),  # fmt: skip
    lazy(
        r"\b(?i:explique|a déclaré|déclare|raconte|entretien avec|affirme|rencontré|rencontre avec|"
        r"entretenue? avec|interrogé|souligne|précise|confie)\s"
        rf"(?:[a-zà-ÿ][\w'’-]*\s){{0,6}}?(?P<name>{_NAME})"
    ),  # fmt: skip
    lazy(
        r"\b(?i:explica|explicó|afirmó|afirma|dijo|contó|señaló|aseguró|relató|entrevista con|"
        r"(?:conversamos|hablamos|charlamos|dialogamos|platicamos|conversó|habló) con|"
        r"entrevistamos a)\s"
        rf"(?:[a-zá-ú][\w-]*\s){{0,6}}?(?P<name>{_NAME})"
    ),  # fmt: skip
    # "le géologue Yannick Oberlé", "el astrónomo Esteban Paz", "la directora Ana Ruiz": an
    # article, a profession by its ending, then the name.
    lazy(
        r"\b(?:le|la|les|el|los|las|l['’])\s?[a-zà-ÿ]+(?:logue|logo|loga|iste|ista|ien|ienne|eur|"
        rf"euse|rice|ora|or|ero|era|ico|ica|nomo|noma|ante|ente|graphe|grafo|grafa)\s(?P<name>{_NAME})"
    ),
    # "Наш собеседник — физик Аркадий Мельников", "Our guest, ...": who the guest is.
    lazy(
        r"(?i:наш(?:а|ей|его)? (?:собеседни(?:к|ца|ком|цей)|гость(?:ей)?)|our guest|notre invitée?|"
        r"nuestr[oa] (?:invitad[oa]|entrevistad[oa]))[\s,:—–-]+"
        rf"(?:[a-zà-ÿа-яё][\w'’-]*[\s,]+){{0,6}}?(?:{_TITLES}\s)?(?P<name>{_NAME})"
    ),
    # "Wetland ecologist Ruth Abernathy", "archivist Omar Haddad": a profession, then the name.
    # Two letters at least before the ending: "par X" and "por X" are bylines.
    lazy(rf"\b(?i:[a-z]{{2,}}(?:ist|er|or|ian|ant|ent|eer|ect|ar))\s(?P<name>{_NAME})"),
    # Chinese: a title then the name ("院长林远帆。"), or a paragraph opening with the name.
    # "主任韩立新就……接受采访": the name, then what it did ("就", "在", "表示", "接受").
    lazy(
        rf"(?:{_CHINESE_ROLES})(?P<name>[\u4e00-\u9fff]{{2,3}})"
        r"(?=[，。：、（(就在]|表示|接受|指出|介绍|日前|近日|近期|此前|昨天|今天|$)"
    ),
    lazy(r"(?:专访了?|采访了?)[^，。]{0,20}?(?P<name>[\u4e00-\u9fff·]{2,4})(?:[，。：]|时)"),
    lazy(
        r"(?m)^(?!近日|日前|目前|今年|去年|今天|昨天|此前|近年|当天|随后|同时)"
        r"(?P<name>[\u4e00-\u9fff]{2,3})(?:是|，)"
    ),
    lazy(rf"\b(?P<name>{_TITLES}\s{_WORD}(?:\s{_WORD}){{0,2}})"),
    # Arabic: "قال السفير كريم حداد، ..." ("said Ambassador Karim Haddad, ...").
    lazy(rf"{_ARABIC_SAID}\s+(?:{_ARABIC_TITLES}\s+)?(?P<name>{_ARABIC_NAME})\s?[،,]"),
    # "For more than twenty years, Ingrid Solvang has ...", "Desde hace diez años, Rocío
    # Ganduxer mide ...": a paragraph opens with a time or a place, then its subject.
    lazy(
        r"(?m)^[^\W_][^,.\n]{2,80},\s"
        rf"(?:{_TITLES}\s)?(?P<name>{_NAME})(?=\s[a-zà-ÿа-яё])"
    ),
    # "يقول المهندس طارق الزين إن ...": a title, the name, then "that" (no comma).
    lazy(rf"{_ARABIC_SAID}\s+{_ARABIC_TITLES}\s+(?P<name>{_ARABIC_NAME})\s+(?:إن|أن|بأن)"),
    # "... إلى الدكتورة سلمى الراشد، وزيرة ..." : a title, the name, then who she is.
    lazy(rf"{_ARABIC_TITLES}\s+(?P<name>{_ARABIC_NAME})\s?[،,]"),
    # "الباحثة لينا الحداد في مكتبها": a title, two words, then a preposition.
    lazy(
        rf"{_ARABIC_TITLES}\s+(?P<name>{_ARABIC_WORD}\s{_ARABIC_WORD})\s"
        r"(?:في|من|عن|حول|خلال|إن|أن|بأن)\s"
    ),
]


_NOT_PERSON_OR_MONTH = _NOT_PERSON | _MONTHS
# The word before a name that makes it the reporter's.
_BYLINE_WORDS = _HOSTS | {
    "by", "par", "por", "reporters", "periodista", "journaliste", "reportera", "reportero",
    "корреспондент", "корреспондента", "корреспонденту", "журналист", "беседовал", "беседовала",
}  # fmt: skip

# Words ending like a profession ("-er", "-or") that are not one: "after X", "under X".
_NOT_A_ROLE = {
    "after", "under", "over", "before", "behind", "beyond", "against", "without", "whether",
    "either", "neither", "other", "another", "rather", "together", "later", "earlier",
    "former", "latter", "further", "ever", "never", "winter", "summer", "september",
    "october", "november", "december",
}  # fmt: skip
# What a person said before the interview: "X warned in 2019", "X had predicted ...".
_QUOTED_EARLIER = lazy(
    r",?\s(?:(?:had|once|famously)\s(?:warned|said|predicted|written|argued|cautioned)\b|"
    r"(?:warned|predicted|wrote|argued|cautioned|claimed|said)\s(?:back\s)?"
    r"(?:in\s(?:1[89]|20)\d\d\b|(?:\w+\s)?(?:years?|decades?)\sago\b|long\sago\b|"
    r"last\s(?:year|decade|century)\b))"
)

# Russian organisations, in any case: "Институт", "Института", "Университетом".
_NOT_PERSON_CYRILLIC = (
    "университет", "институт", "министерств", "академи", "агентств", "обсерватори",
    "лаборатори", "центр", "газет", "журнал",
)  # fmt: skip


def _person(name: str) -> str:
    """``name`` when it can be a person's, else "" (organisations, places, dates)."""
    words = name.split()
    if any(word.lower().strip(".,") in _NOT_PERSON_OR_MONTH for word in words):
        return ""
    if not name.isascii() and any(w.lower().startswith(_NOT_PERSON_CYRILLIC) for w in words):
        return ""
    if any(word.isupper() and len(word) > 1 for word in words):
        return ""
    return name


def from_headline(title: str) -> list[str]:
    """The people a headline names as interviewed ("Interview with A and B")."""
    for pattern in _HEADLINE:
        match = pattern.search(title)
        if match:
            case = governed_case(title[: match.start("name")])  # "Интервью с Анной ..."
            first = _person(base_form(match["name"], case))
            if not first:
                continue
            rest = title[match.end() :]
            more = re.match(rf"\s*(?:and|&|и|et|y)\s+(?:{_TITLES}\s)?(?P<name>{_NAME})", rest)
            second = _person(base_form(more["name"], case)) if more else ""
            return [first, second] if second else [first]
    return []


def from_lede(lede: str, outlet: str = "") -> str:
    """A person the lede introduces later on ("..., said Dmitri Volkov, director of ...").

    The outlet is no one: "In an interview with the Harbour Ledger, chemist X ..." names X.
    """
    head = lede[:1500]
    outlet = outlet.casefold()
    for pattern in _LEDE:
        for match in pattern.finditer(head):
            name = untitled(match["name"])
            if not name.isascii():  # "с Тимофеем Баранцевым": the case its preposition governs
                name = base_form(name, governed_case(head[: match.start("name")]))
            name = _person(name)
            if not name or name.split()[0].lower() in _NOT_NAME_START:
                continue
            if outlet and name.casefold() in outlet:
                continue
            before = head[max(0, match.start("name") - 20) : match.start("name")].split()
            if before and before[-1].lower() in _BYLINE_WORDS:
                continue  # "interviewed by X", "Reporter X", "par X": who asked or wrote
            if before and before[-1].lower() in _NOT_A_ROLE:
                continue  # "After X resigned", "Under X, the station ...": no role, a time
            if _QUOTED_EARLIER.match(head, match.end("name")):
                continue  # "the ecologist X warned in 2019 ...": quoted, not interviewed
            if " " in name or not name.isascii():  # a full name, or a Chinese one
                return name
    return ""


_GREETING = lazy(
    rf"^(?:Bonjour|Hello|Hi|Good (?:morning|afternoon|evening)|Welcome|Hola|Buenos días|"
    rf"Здравствуйте|Добрый день),?\s(?:{_TITLES}\s)?(?P<name>{_NAME})"
)


# "У нас в студии директор ... профессор Ирина Ланская", "Joining us now is ... X": the
# host introduces the guest in the first question.
_GUEST_INTRO = lazy(
    r"(?i:у нас в студии|у нас в гостях|в гостях у нас|наш гость(?: сегодня)?|"
    r"our guest(?: today)? is|with us (?:today |now )?is|joining us (?:now |today )?is|"
    r"nous recevons|notre invitée? (?:est|aujourd'hui est)|nos acompaña|"
    r"tenemos (?:hoy )?con nosotros a)"
    rf"\s(?:[\w.,'’-]+\s){{0,8}}?(?:{_TITLES}\s)?(?P<name>{_NAME})"
)


# "Tom Brandt talks with pomologist Ilka Varga": the one named first asks.
_HOSTING = lazy(
    r",?\s(?:(?:talks|talked|speaks|spoke|chats|chatted|sits down|sat down) (?:with|to)|"
    r"interviews|interviewed|is joined by|was joined by|meets|met)\s(?:[a-z][\w-]*\s){0,4}?"
    rf"(?:{_TITLES}\s)?{_NAME}"
)


def hosts(opening: str, name: str) -> bool:
    """Whether the lede opens with the one who asks: "X talks with Y", "X interviews Y"."""
    start = opening.find(name)
    if start < 0 or start > 40:
        return False
    return _HOSTING.match(opening, start + len(name), start + len(name) + 160) is not None


def greeted(question: str) -> str:
    """The guest the first question greets ("Bonjour Élise Marchand, vous dirigez ...")."""
    found = _GREETING.match(question)
    if found is None:
        found = _GUEST_INTRO.search(question, 0, 600)
    return _person(untitled(found["name"])) if found else ""


def plausible(name: str, text: str) -> bool:
    """Whether a name found at the start of ``text`` is a person's (not "Recorded April 4")."""
    after = text[len(name) : len(name) + 2] if text.startswith(name) else ""
    return bool(_person(name)) and not (after[:1] == " " and after[1:].isdigit())


def first_words_name(paragraphs: list[str]) -> str:
    """The name a lede paragraph opens with, past bylines and dates (first three paragraphs)."""
    for paragraph in paragraphs[:3]:
        wire = WIRE_DATELINE.match(paragraph)  # "SEOULPORT, July 19 (Wire) -- Name ..."
        if wire is not None:
            paragraph = paragraph[wire.end() :]
        name = leading_name(paragraph)
        if name and plausible(name, paragraph):
            return untitled(name)
    return ""


def expand(label: str, texts: tuple[str, ...]) -> str:
    """A label as the person's full name: "OKAFOR", "SC", "В.ТИХОНОВА" -> the name in the text.

    Returns "" when the label is not a name (a role, an outlet).
    """
    # "Ambassador Vey:" labels the person the lede calls "Ambassador Orlan Vey".
    words = re.sub(rf"^(?:{_TITLES})\s+", "", label).replace(".", ". ").split()
    if not words or len(words) > 4:
        return ""
    if len(words) == 2 and re.fullmatch(rf".*(?:{_CHINESE_ROLES})", words[0]):
        words = words[1:]  # "远山大学教授 周明远": the role, then the name
    if len(words) == 1 and re.fullmatch(r"[\u4e00-\u9fff·]{2,4}", words[0]):
        return _chinese(words[0], texts)
    roles = _NOT_PERSON | ASKER_WORDS | ANSWER_WORDS
    if any(
        w.lower().strip(".()") in roles and (len(w.strip(".")) > 1 or len(words) == 1)
        for w in words
    ):
        return ""  # "HOST:", "Moderator:", "Xinhua:" name no one
    joined = " ".join(texts)
    if len(words) >= 2 and all(len(w) == 2 and w.endswith(".") for w in words):
        words = ["".join(w[0] for w in words)]  # "М.О." is initials, as "MO" is
    if len(words) == 1 and words[0].isupper() and 2 <= len(words[0]) <= 3:
        initials = words[0]
        for match in re.finditer(_NAME, joined):
            parts = match.group().split()
            if "".join(p[0] for p in parts if p[0].isupper()) == initials:
                return untitled(match.group())
        return ""
    last = words[-1]
    if len(words) == 1 or (last.isupper() and all(w.endswith(".") for w in words[:-1])):
        surname = last.capitalize() if last.isupper() else last
        found = re.search(rf"(?:{_WORD}[\w'’-]\s){{1,2}}{re.escape(surname)}\b", joined)
        if found and _person(found.group()):
            return untitled(found.group())
        if len(words) > 1:
            return " ".join([*words[:-1], surname])
        return surname if last.isupper() else ""
    if all(word[:1].isupper() for word in words):
        name = " ".join(w.capitalize() if w.isupper() else w for w in words)
        return _person(name)
    # Arabic has no capitals: "د. منى سالم" is a name of two or three words past the title.
    arabic = re.sub(rf"^(?:د\.|{_ARABIC_TITLES})\s*", "", label)
    if re.fullmatch(_ARABIC_NAME, arabic):
        return arabic
    return ""


def _chinese(label: str, texts: tuple[str, ...]) -> str:
    """A Chinese label: a name as it is, or a role ("参赞") as the name written after it."""
    if re.fullmatch(_CHINESE_ROLES, label) or label in ASKER_WORDS or label in ANSWER_WORDS:
        found = re.search(rf"{re.escape(label)}(?P<name>[\u4e00-\u9fff]{{2,3}})", " ".join(texts))
        if not found:
            return ""
        name = found["name"]
        if name[0] in _AFTER_NAME:  # "嘉宾是湿地专家孙丽": a verb, not a name, after the role
            return ""
        # A two-character name is followed by a verb or particle, not a third character.
        return name[:2] if len(name) == 3 and name[2] in _AFTER_NAME else name
    return label


_AFTER_NAME = set("表说接在的是对指认介强称谈回向与和就为于今近曾也称等日")


def untitled(name: str) -> str:
    """A title before a full name goes ("Ambassador Karin Lindqvist" -> "Karin Lindqvist").

    Before a surname alone it stays: "Ambassador Lindqvist" is how the text names her.
    """
    title = _TITLE_BEFORE_NAME.match(name)
    return name[title.end() :] if title else name


# "Agronomist", "Glaciologist", "Researcher": a profession written before a name. Named
# one by one except for "-ist": given names end in -er, -or, -ian and -ant too (Peter,
# Victor, Igor, Christian, Bryant), and three-word names are common (Victor Manuel Garcia).
_PROFESSION = (
    r"(?:[A-Z][a-z]{3,}ist|Researcher|Farmer|Teacher|Lawyer|Writer|Photographer|Astronomer|"
    r"Designer|Developer|Manager|Founder|Planner|Builder|Programmer|Lecturer|Explorer|"
    r"Filmmaker|Reporter|Producer|Inventor|Investor|Editor|Translator|Curator|Instructor|"
    r"Historian|Librarian|Technician|Physician|Mathematician|Statistician|Politician|"
    r"Musician|Veterinarian|Electrician|Consultant|Assistant|Accountant|Pioneer|Volunteer|"
    r"Mountaineer|Architect|Surgeon)"
)

# "Океанолог", "Руководитель", "Физик": a Russian profession by its ending, written before a
# name at the start of a sentence. Not "-ор" or "-ер": Виктор, Фёдор and Егор are names.
_CYRILLIC_ROLE = (
    r"(?:[А-ЯЁ][а-яё]+(?:лог|ист|тель|ник|ик|ант|ент)|Директор|Профессор|Доктор|Инженер|"
    r"Посол|Министр|Ректор|Декан|Глава)"
)

_TITLE_BEFORE_NAME = lazy(rf"(?:{_TITLES}|{_PROFESSION}|{_CYRILLIC_ROLE})\s(?=\S+\s\S)")


def pair_of_names(lede: str) -> list[str]:
    """ "Oceanographers Maya and Leo Santori, ..." -> Maya Santori, Leo Santori."""
    found = re.match(
        rf"^(?:[A-Z][a-z]+\s)?(?P<a>{_WORD})\s(?:and|&)\s(?P<b>{_WORD})\s(?P<s>{_WORD})"
        r"(?=,|\s[a-z])",
        lede,
    )
    if not found or found["a"].lower() in _NOT_NAME_START:
        return []
    names = [f"{found['a']} {found['s']}", f"{found['b']} {found['s']}"]
    return names if all(_person(name) for name in names) else []


def split_names(value: object) -> tuple[str, ...]:
    """Front matter ``interviewees:``: a list, or names joined by commas and "and"."""
    if isinstance(value, (list, tuple)):
        items = [str(item) for item in value if item is not None]
    elif isinstance(value, str):
        items = re.split(r"\s*(?:,|;|\band\b|&)\s*", value)
    else:
        return ()
    return tuple(dict.fromkeys(item.strip() for item in items if item and item.strip()))


def captions(paragraphs: list[str]) -> list[str]:
    """People named by caption lines over their answers ("Mei Tan, director of ...").

    A group interview prints each person's name and role on a short line of
    its own, then what they said. Two such captions at least, each followed
    by a longer paragraph; otherwise ``[]``.
    """
    found = []
    for line, following in zip(paragraphs, paragraphs[1:], strict=False):
        if len(line) > 140 or "\n" in line or line.rstrip()[-1:] in ".?!:;" or ", " not in line:
            continue
        name = leading_name(line)
        if name and line.startswith(name + ",") and len(following) > len(line) and _person(name):
            found.append(untitled(name))
    return list(dict.fromkeys(found)) if len(found) >= 2 else []
