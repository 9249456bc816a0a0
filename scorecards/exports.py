"""Spreadsheet downloads (XLSX and CSV) that are safe to open in Excel.

Every text cell is *neutralised* (OWASP "CSV injection" advice): text that begins
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe
so a spreadsheet shows it as text instead of running it. Numbers are left alone.
In XLSX the apostrophe is part of the stored text (visible in Excel), the same as in
CSV, so a value copied from either file is equally harmless.

Sheet names and column headers are passed in already translated.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from scorecards.cells import FORMULA_PREFIXES
from scorecards.errors import DomainError

UTF8_BOM = b"\xef\xbb\xbf"
SHEET_NAME_MAX = 31
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
_WIDTH_MIN, _WIDTH_MAX = 8, 60
_WIDTH_SAMPLE_ROWS = 1000
# Characters XML 1.0 cannot carry; openpyxl refuses them, so they are dropped.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise_cell(value: object) -> object:
    """Prefix text starting with ``= + - @``, tab or CR with ``'``; anything else unchanged.

    Numbers, booleans, dates and ``None`` are returned as they are, so ``-3`` (a number)
    stays a number while the text ``"-3"`` becomes ``"'-3"``.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _plain(value: object) -> object:
    """A value openpyxl and csv can write: NaN/NA -> None, numpy scalars -> Python."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, (str, bool, int, float, Decimal, dt.date, dt.time)):
        return value
    if hasattr(value, "item"):  # numpy scalar
        return _plain(value.item())
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def _cell(value: object) -> object:
    value = neutralise_cell(_plain(value))
    if isinstance(value, str):
        value = _ILLEGAL_XML.sub("", value)
    return value


def _header_text(column: object) -> str:
    if isinstance(column, tuple):
        return " / ".join(str(part) for part in column if str(part) != "")
    return str(column)


def frame_rows(frame: pd.DataFrame) -> tuple[list[str], list[list[object]]]:
    """Header and body of ``frame`` as plain Python values (not neutralised).

    The index is written as leading columns only when it is named (for example the
    result of a ``groupby``); an unnamed default index is left out.
    """
    if any(name is not None for name in frame.index.names):
        frame = frame.reset_index()
    header = [_header_text(c) for c in frame.columns]
    body = [[_plain(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    return header, body


def _text_width(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, float):
        return len(f"{value:.6g}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def column_widths(rows: Sequence[Sequence[object]]) -> list[float]:
    """Widths (in Excel character units) fitted to the first rows, clamped to 8–60."""
    widths: list[int] = []
    for row in rows[:_WIDTH_SAMPLE_ROWS]:
        for index, value in enumerate(row):
            if index >= len(widths):
                widths.append(0)
            widths[index] = max(widths[index], _text_width(value))
    return [min(max(w + 2, _WIDTH_MIN), _WIDTH_MAX) for w in widths]


def safe_sheet_names(names: Iterable[str]) -> list[str]:
    """Excel-legal, unique sheet names: ``[]:*?/\\`` replaced, cut to 31 characters."""
    result: list[str] = []
    seen: set[str] = set()
    for raw in names:
        base = _SHEET_NAME_BAD.sub("_", str(raw)).strip().strip("'") or "Sheet"
        base = base[:SHEET_NAME_MAX]
        name, n = base, 2
        while name.casefold() in seen:
            suffix = f" ({n})"
            name = base[: SHEET_NAME_MAX - len(suffix)] + suffix
            n += 1
        seen.add(name.casefold())
        result.append(name)
    return result


def write_sheet(
    workbook: Workbook,
    title: str,
    header_rows: Sequence[Sequence[object]],
    body: Iterable[Sequence[object]],
    widths: Sequence[float],
    subtle_rows: int = 0,
) -> None:
    """Append a write-only sheet: bold header rows (the last ``subtle_rows`` of them grey
    and italic instead), frozen below the header, given column widths, neutralised cells."""
    sheet = workbook.create_sheet(title=title)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    if header_rows:
        sheet.freeze_panes = f"A{len(header_rows) + 1}"
    bold = Font(bold=True)
    subtle = Font(italic=True, color="FF666666")
    for number, header in enumerate(header_rows):
        font = subtle if number >= len(header_rows) - subtle_rows else bold
        cells = []
        for value in header:
            cell = WriteOnlyCell(sheet, value=_cell(value))
            cell.font = font
            cells.append(cell)
        sheet.append(cells)
    for row in body:
        sheet.append([_cell(v) for v in row])


def round_workbook(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An XLSX with one sheet per frame, in the given order, named by the (translated) keys.

    Header row bold and frozen, column widths fitted, every text cell neutralised.
    Names are made Excel-legal by ``safe_sheet_names``. ``DomainError('export_empty')``
    when ``sheets`` is empty.
    """
    if not sheets:
        raise DomainError("export_empty")
    workbook = Workbook(write_only=True)
    for title, frame in zip(safe_sheet_names(sheets), sheets.values(), strict=True):
        header, body = frame_rows(frame)
        write_sheet(workbook, title, [header], body, column_widths([header, *body]))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def rows_to_csv(rows: Iterable[Sequence[object]], delimiter: str = ",") -> bytes:
    """CSV bytes: UTF-8 with BOM (so Excel reads Cyrillic), CRLF line ends, neutralised."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if (v := _cell(value)) is None else v for value in row])
    return UTF8_BOM + out.getvalue().encode("utf-8")


def frame_to_csv(frame: pd.DataFrame) -> bytes:
    """``frame`` as CSV: header row then values, UTF-8 with BOM, every text cell neutralised.

    Missing values (NaN, None, NA) are written as empty cells.
    """
    header, body = frame_rows(frame)
    return rows_to_csv([header, *body])
