"""Reading single cells typed by people: missing-answer words, counts, formula-like text.

Shared by file imports (``scorecards.imports``) and the paper-entry grid
(``scorecards.entry``) so that both accept exactly the same spellings.
"""

from __future__ import annotations

import re

from scorecards.errors import DomainError
from scorecards.vocab import MissingReason

# Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

_PLAIN_NUMBER = re.compile(r"^[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?$")
_COUNT = re.compile(r"^([+-]?)([0-9]+)(?:[.,]0*)?$")

# Counts above this are typing mistakes, whatever the group (a soum has ~5,000 people).
MAX_COUNT = 100_000


def _token(text: str) -> str:
    return " ".join(text.strip().split()).casefold()


# Spellings of a missing answer, compared after trimming, collapsing spaces and casefolding.
# "ХХ" is the paper forms' short form of "Хамаарахгүй" (not applicable); the Latin "XX"
# is what the same thing becomes on an English keyboard layout.
MISSING_TOKENS: dict[str, MissingReason] = {
    **{
        _token(t): MissingReason.NOT_APPLICABLE
        for t in ("na", "n/a", "n.a.", "not applicable", "ХХ", "Х/Х", "Хамаарахгүй", "XX")
    },
    **{
        _token(t): MissingReason.DONT_KNOW
        for t in ("dont_know", "dont know", "don't know", "dk", "Мэдэхгүй")
    },
}


def missing_reason(text: str) -> MissingReason | None:
    """The missing-answer reason a cell spells (``na``, ``ХХ``, ``Мэдэхгүй``…), else ``None``."""
    return MISSING_TOKENS.get(_token(text))


def is_plain_number(text: str) -> bool:
    """``-3``, ``+4``, ``2,5``, ``1e3``: a number and nothing else (after trimming)."""
    return bool(_PLAIN_NUMBER.match(text.strip()))


def is_formula_like(text: str) -> bool:
    """True for text a spreadsheet could run: it starts (after tabs, CRs and spaces) with
    ``=``, ``+``, ``-`` or ``@`` and is not a plain number.

    A lone ``-`` or ``+`` (people write a dash for "nothing") is not formula-like.
    """
    stripped = text.strip()
    if len(stripped) < 2 or stripped[0] not in "=+-@":
        return False
    return not _PLAIN_NUMBER.match(stripped)


def parse_count(text: str, field: str | None = None) -> int:
    """A head count typed by a person: a non-negative whole number; empty means 0.

    Accepts ``12``, ``+12``, ``12.0`` and ``12,0`` (what a spreadsheet paste produces).
    Raises ``DomainError`` ``count_negative`` (``-1``), ``count_not_integer`` (``1.5``,
    ``abc``, formulas) or ``count_too_large`` (over ``MAX_COUNT``).
    """
    stripped = text.strip()
    if stripped == "":
        return 0
    match = _COUNT.match(stripped)
    if match is None:
        if is_plain_number(stripped) and stripped.startswith("-"):
            raise DomainError("count_negative", field)
        raise DomainError("count_not_integer", field)
    number = int(match.group(2))
    if match.group(1) == "-" and number != 0:
        raise DomainError("count_negative", field)
    if number > MAX_COUNT:
        raise DomainError("count_too_large", field, max=MAX_COUNT)
    return number
