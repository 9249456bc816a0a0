"""Scorecards by SMS, for a citizen with a basic phone: reading a message, writing replies
in SMS-sized parts.

A scorecard is one message: the join code from the poster, then one answer per
question in the round's order, separated by spaces::

    K7M2QX 4 3 5 - 2

``-`` (and ``0`` on a scale that has no 0) means "don't know". When every answer is one
character the spaces may be left out (``K7M2QX 435-2``). A side with several groups
needs the group first, as ``G`` and its number in the list the HELP reply gives
(``K7M2QX G2 4 3 5 - 2``; a Cyrillic ``Г`` works too). ``HELP K7M2QX`` (or ``ТУСЛАМЖ``,
``КӨМЕК``, ``?``, or the code followed by one of them) asks for the questions.

This module reads and writes text only; the answers it reads are checked by
``scorecards.answer_check`` like every other send.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import gsm0338  # noqa: F401 - registers the "gsm03.38" codec

from scorecards.answer_check import NOT_APPLICABLE
from scorecards.codes import normalise_join_code
from scorecards.errors import DomainError
from scorecards.vocab import MissingReason

DONT_KNOW = MissingReason.DONT_KNOW.value
HELP_WORDS = frozenset({"HELP", "ТУСЛАМЖ", "КӨМЕК", "?", "АСУУЛТ", "HELP?"})
"""First (or second) words that ask for the questions, compared in upper case."""
DASHES = frozenset("-–—")
GSM_PART = 160
"""Characters of the GSM 7-bit alphabet in one SMS (an extension character such as
``{`` or ``€`` counts twice, as it is sent as two)."""
UCS2_PART = 70
"""UTF-16 units in one SMS once any character is outside the GSM alphabet (Cyrillic)."""
MAX_MESSAGE = 1000
"""Characters read from one message; more is refused as unreadable."""
_GROUP = re.compile(r"^[GГ]([0-9]{1,3})$", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s;]+")


@dataclass(frozen=True)
class SmsRequest:
    """What a message asks: ``kind`` is ``"help"``, ``"answers"`` or ``"unreadable"``
    (empty, too long or without a code); ``code`` the join code in canonical form, or
    ``None`` when none could be read (``code_text`` keeps what was typed);
    ``group`` the group's number as typed after ``G`` (1-based), or ``None``;
    ``answers`` the answers as typed, in order."""

    kind: str
    code: str | None = None
    code_text: str = ""
    group: int | None = None
    answers: tuple[str, ...] = ()


def parse_message(text: str) -> SmsRequest:
    """Read one SMS into a request (see the module's docstring for the format)."""
    if len(text) > MAX_MESSAGE:
        return SmsRequest("unreadable")
    words = [w for w in _SEPARATORS.split(text.strip()) if w]
    if not words:
        return SmsRequest("unreadable")
    wants_help = words[0].upper() in HELP_WORDS
    if wants_help:
        words = words[1:]
    elif len(words) >= 2 and words[1].upper() in HELP_WORDS:
        wants_help = True
        words = [words[0], *words[2:]]
    if not words:
        return SmsRequest("help" if wants_help else "unreadable")
    code_text = words[0]
    try:
        code = normalise_join_code(code_text)
    except DomainError:
        code = None
    if wants_help:
        return SmsRequest("help", code, code_text)
    rest = words[1:]
    group = None
    if rest and (match := _GROUP.match(rest[0])):
        group = int(match.group(1))
        rest = rest[1:]
    return SmsRequest("answers", code, code_text, group, tuple(rest))


def spread_answers(answers: tuple[str, ...], count: int) -> tuple[str, ...]:
    """The answers one per question: a single word of exactly ``count`` digits or dashes
    (``"435-2"`` for five questions) is read one character per question; anything else
    is kept as typed."""
    if len(answers) == 1 and count > 1 and len(answers[0]) == count:
        word = answers[0]
        if all(ch.isdigit() or ch in DASHES for ch in word):
            return tuple(word)
    return answers


def answer_field(typed: str, zero_on_scale: bool) -> str:
    """One typed answer as the answer checker's ``q<id>`` text: a dash (or ``0`` when
    the scale has no 0) is "don't know", ``na`` stays "not applicable", anything else
    is the value as typed for the checker to read."""
    if typed in DASHES or (typed == "0" and not zero_on_scale):
        return DONT_KNOW
    if typed.lower() == NOT_APPLICABLE:
        return NOT_APPLICABLE
    return typed


def zero_is_a_value(min_value: int | Decimal) -> bool:
    """Whether ``0`` is a score on a scale starting at ``min_value`` (then only a dash
    means "don't know")."""
    return min_value <= 0


def is_gsm(text: str) -> bool:
    """Whether every character of ``text`` is in the GSM 03.38 alphabet."""
    try:
        text.encode("gsm03.38")
    except UnicodeEncodeError:
        return False
    return True


def sms_length(text: str, gsm: bool) -> int:
    """What ``text`` takes of one SMS: septets in the GSM alphabet (an extension
    character counts 2), otherwise UTF-16 units (a character outside the BMP counts 2)."""
    if gsm:
        return len(text.encode("gsm03.38"))
    return len(text.encode("utf-16-le")) // 2


def split_message(text: str, limit: int | None = None) -> list[str]:
    """``text`` cut into parts that each fit one SMS, in reading order.

    The limit is 160 GSM characters when the whole text is in the GSM alphabet, else
    70 (UCS-2, as for Cyrillic), unless ``limit`` is given. Lines are kept whole when
    they fit; a longer line is cut between words, a word longer than a part between
    characters. Parts are joined back with a line break or a space, so reading them in
    order reads the text. When there is more than one part, each starts with its number
    (``2/3 ``), counted in its length.
    """
    gsm = is_gsm(text)
    size = limit or (GSM_PART if gsm else UCS2_PART)
    parts = _pack(text, size, gsm)
    if len(parts) > 1:
        for _attempt in range(3):  # the numbers' width may change the count once or twice
            prefix_room = len(f"{len(parts)}/{len(parts)} ")
            parts = _pack(text, size - prefix_room, gsm)
            if len(f"{len(parts)}/{len(parts)} ") <= prefix_room:
                break
        parts = [f"{n}/{len(parts)} {part}" for n, part in enumerate(parts, start=1)]
    return parts


def _pack(text: str, size: int, gsm: bool) -> list[str]:
    parts: list[str] = []
    current = ""
    for line in text.strip().splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        for piece in _line_pieces(line, size, gsm):
            joined = f"{current}\n{piece}" if current else piece
            if sms_length(joined, gsm) <= size:
                current = joined
            else:
                parts.append(current)
                current = piece
    if current:
        parts.append(current)
    return parts


def _line_pieces(line: str, size: int, gsm: bool) -> list[str]:
    """A line cut into pieces of at most ``size``, between words where possible."""
    if sms_length(line, gsm) <= size:
        return [line]
    pieces: list[str] = []
    current = ""
    for word in line.split(" "):
        while sms_length(word, gsm) > size:
            cut = size
            while sms_length(word[:cut], gsm) > size:
                cut -= 1
            if current:
                pieces.append(current)
                current = ""
            pieces.append(word[:cut])
            word = word[cut:]
        joined = f"{current} {word}" if current else word
        if sms_length(joined, gsm) <= size:
            current = joined
        else:
            pieces.append(current)
            current = word
    if current:
        pieces.append(current)
    return pieces


def normalise_sender(number: str) -> str:
    """A sender's number in one form whatever the gateway wrote, so one phone is one
    respondent: digits only, an international ``00`` or Mongolia's ``976`` prefix on
    an 8-digit number removed (``+976 9911-2233`` and ``99112233`` are the same).
    Only a keyed hash of the result is ever stored."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if digits.startswith("00"):
        digits = digits[2:]
    if digits.startswith("976") and len(digits) == 11:
        digits = digits[3:]
    return digits
