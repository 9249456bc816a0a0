"""Round periods said in words in the reader's language: "2026-H2" becomes
"2026 оны II хагас" in Mongolian and "2026, second half" in English.

The one place periods are worded: templates use the ``period`` filter, code calls
:func:`period_words`. Reading the label is pure (``scorecards.periods``); a label that
is not a recognised pattern is shown as typed.
"""

from __future__ import annotations

from flask_babel import gettext as _

from scorecards.periods import Period, parse_period, periods_in


def _words(period: Period) -> str:
    year = period.year
    if period.kind == "half":
        return (
            _("%(year)s, first half", year=year)
            if period.number == 1
            else _("%(year)s, second half", year=year)
        )
    if period.kind == "quarter":
        return {
            1: _("%(year)s, first quarter", year=year),
            2: _("%(year)s, second quarter", year=year),
            3: _("%(year)s, third quarter", year=year),
            4: _("%(year)s, fourth quarter", year=year),
        }[period.number]
    return _("year %(year)s", year=year)


def period_words(text: str | None) -> str:
    """``text`` with its period said in words: a whole label ("2026-H2", "2026") or
    each half-year or quarter period inside a longer text (a round's title). Text that
    names no period comes back unchanged; ``None`` gives ``""``."""
    if not text:
        return ""
    whole = parse_period(text)
    if whole is not None:
        return _words(whole)
    pieces, last = [], 0
    for start, end, period in periods_in(text):
        pieces += [text[last:start], _words(period)]
        last = end
    return "".join(pieces) + text[last:]
