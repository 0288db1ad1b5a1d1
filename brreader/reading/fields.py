"""A record's header block: "Narrator: ...", "Interviewer: ...", "Date of interview: ...".

Oral-history archives (and some press offices) put a block of ``Key: value``
lines above the transcript. Its ``Interviewer:`` line names a person, it does
not ask a question; its date is the day of the interview and its narrator is
the person interviewed.
"""

from __future__ import annotations

from datetime import datetime

from brreader.dates import parse_date
from brreader.lazyre import lazy
from brreader.records import record

# "Date of interview: March 14, 2019": a key of a few words, a colon, a short value.
_FIELD = lazy(r"^(?P<key>[^\W\d_][\w'’ ./()-]{0,30}?)\s?[:：]\s*(?P<value>\S.{0,100})$")
# Keys such blocks use; two of them make a block a record's header, not a transcript.
_DATE_KEYS = frozenset(
    """date|date of interview|interview date|recorded|date recorded|recording date|
    fecha|fecha de la entrevista|дата|дата интервью|日期|采访时间|التاريخ|
    date de l'entretien|date de l’entretien""".replace("\n", "").split("|")
)
_PERSON_KEYS = frozenset(
    "narrator|interviewee|informant|narradora|narrador|entrevistado|entrevistada|"
    "рассказчик|受访者|受访人|الراوي".split("|")
)
_OTHER_KEYS = frozenset(
    """interviewer|interviewed by|location|place|transcriber|transcribed by|transcription|
    length|duration|collection|project|subject|subjects|topic|topics|language|format|
    recording|tape|audio|session|series|accession number|identifier|id|rights|
    entrevistador|entrevistadora|lugar|duración|интервьюер|место|采访人|采访地点|
    المحاور|المكان""".replace("\n", "").split("|")
)
_KNOWN = _DATE_KEYS | _PERSON_KEYS | _OTHER_KEYS
_LOOKED_AT = 60  # such a block sits near the top


@record
class FieldBlock:
    """The lines of a header block, and what it says."""

    lines: range
    published: datetime | None
    narrator: str


def field_block(lines: list[str]) -> FieldBlock | None:
    """The first block of three or more ``Key: value`` lines with known, distinct keys.

    A transcript written without blank lines ("Q: ...", "A: ...") repeats its
    keys and its values run long or ask; a record's block does neither.
    """
    # Most articles have no three lines in a row with a colon: one cheap pass says so.
    run = 0
    for line in lines[:_LOOKED_AT]:
        if ":" in line or "：" in line:
            run += 1
            if run == 3:
                break
        else:
            run = 0
    else:
        return None
    start = 0
    fields: list[tuple[str, str]] = []
    for number, raw in enumerate([*lines[:_LOOKED_AT], ""]):
        line = raw.strip()
        found = _FIELD.match(line) if line and (":" in line or "：" in line) else None
        if found is not None:
            if not fields:
                start = number
            fields.append((" ".join(found["key"].split()).casefold(), found["value"].strip()))
            continue
        block = _read(fields, start)
        if block is not None:
            return block
        fields = []
    return None


def _read(run: list[tuple[str, str]], start: int) -> FieldBlock | None:
    keys = [key for key, _ in run]
    if len(run) < 3 or len(set(keys)) < len(keys):
        return None
    if sum(1 for key in keys if key in _KNOWN) < 2:
        return None
    if any(value.endswith(("?", "？", "؟")) for _, value in run):
        return None
    published = next((parse_date(v) for k, v in run if k in _DATE_KEYS and parse_date(v)), None)
    narrator = next((v for k, v in run if k in _PERSON_KEYS and len(v.split()) <= 5), "")
    return FieldBlock(range(start, start + len(run)), published, narrator)
