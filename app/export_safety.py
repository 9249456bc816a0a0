"""Free text in spreadsheets: never let a citizen's comment become a formula.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read
as a formula by Excel and LibreOffice (CSV/formula injection, OWASP). Exports pass
every free-text value through ``spreadsheet_safe``; numbers are left alone.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """``value`` with a leading apostrophe when a spreadsheet would run it as a formula.

    Non-text values (numbers, dates, ``None``) are returned unchanged, so figures stay
    numeric; the apostrophe is the spreadsheet convention for "this is text".
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
