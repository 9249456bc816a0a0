"""Round periods as people write them ("2026-H2", "2026-Q3", "2026") read as parts.

A round's period is free text typed by the facilitator; most follow the pattern
``YEAR-H1|H2`` (half year) or ``YEAR-Q1…Q4`` (quarter), or are a bare year. This module
reads those into a :class:`Period` so the web layer can say them in words in the
reader's language; anything else is left as typed. It returns codes, never sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A period inside a longer text (a round's title "School 3 — 2026-H2"); the year must
# stand alone (not part of a longer number) and the part letter is H or Q.
_IN_TEXT = re.compile(r"(?<![\w-])(\d{4})\s?-\s?([HhQq])([1-4])(?![\w-])")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")
_PART_COUNT = {"half": 2, "quarter": 4}


@dataclass(frozen=True)
class Period:
    """``kind`` is ``"year"``, ``"half"`` or ``"quarter"``; ``number`` is the half
    (1–2) or quarter (1–4), ``None`` for a whole year."""

    year: int
    kind: str
    number: int | None = None


def _from_match(match: re.Match) -> Period | None:
    kind = "half" if match.group(2).upper() == "H" else "quarter"
    number = int(match.group(3))
    if number > _PART_COUNT[kind]:
        return None
    return Period(int(match.group(1)), kind, number)


def parse_period(label: str | None) -> Period | None:
    """The period a whole label names ("2026-H2", "2026 - q1", "2026"), or ``None`` for
    a label that is not one of those patterns (it is then shown as typed)."""
    text = (label or "").strip()
    year = _YEAR.match(text)
    if year:
        return Period(int(year.group(1)), "year")
    match = _IN_TEXT.fullmatch(text)
    return _from_match(match) if match else None


def periods_in(text: str | None) -> list[tuple[int, int, Period]]:
    """Every half-year or quarter period written inside ``text``, as (start, end,
    period) in order; bare years are not looked for inside a text (a year alone is
    not necessarily a period)."""
    found = []
    for match in _IN_TEXT.finditer(text or ""):
        period = _from_match(match)
        if period is not None:
            found.append((match.start(), match.end(), period))
    return found
