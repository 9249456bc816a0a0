"""The one spreadsheet writer: every CSV and XLSX the app writes goes through here.

Every text cell is *neutralised* (OWASP "CSV injection" advice, strictest form): text
that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return — also after
leading spaces — gets a leading apostrophe, so a spreadsheet shows it as text instead
of running it. Real numbers (``int``, ``float``, ``Decimal``) are written as numbers,
a negative number included. In XLSX the apostrophe is part of the stored text (the
cell is a plain string cell, never a formula), the same as in CSV, so a value copied
from either file is equally harmless.

Files people open: an XLSX data sheet may carry two header rows, the column names in
the reader's language (bold) above the machine codes (grey), frozen below both, plus
a notes sheet (what the table is, its licence, a codebook of its columns). A CSV keeps
the machine codes as its only header row, so scripts can rely on them; its codebook
is the same table's XLSX or the codebook download of the open data page.

Sheet names, column names and notes are passed in already translated.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import quote

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from scorecards.cells import FORMULA_PREFIXES
from scorecards.errors import DomainError

UTF8_BOM = b"\xef\xbb\xbf"
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"csv": CSV_TYPE, "xlsx": XLSX_TYPE, "json": "application/json"}
"""The content type of each download format."""
SHEET_NAME_MAX = 31
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
_WIDTH_MIN, _WIDTH_MAX = 8, 60
_WIDTH_SAMPLE_ROWS = 1000
# Characters XML 1.0 cannot carry; openpyxl refuses them, so they are dropped.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise_cell(value: object) -> object:
    """Prefix text starting with ``= + - @``, tab or CR — at its start or after leading
    whitespace — with ``'``; anything else unchanged.

    Numbers, booleans, dates and ``None`` are returned as they are, so ``-3`` (a number)
    stays a number while the text ``"-3"`` becomes ``"'-3"``. Spreadsheet programs
    skip leading spaces before looking for a formula (LibreOffice does on import), so
    ``" =1"`` is prefixed too.
    """
    if isinstance(value, str) and (
        value.startswith(FORMULA_PREFIXES) or value.lstrip().startswith(FORMULA_PREFIXES)
    ):
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
        return _plain(value.to_pydatetime())
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        # XLSX has no time zones: written as the UTC wall time (the column says so).
        return value.astimezone(dt.UTC).replace(tzinfo=None)
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
    value = _plain(value)
    if isinstance(value, str):
        # Dropped first, so "\x01=x" cannot become a formula once the \x01 is gone.
        value = _ILLEGAL_XML.sub("", value)
    return neutralise_cell(value)


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


def _is_runnable(value: object) -> bool:
    return isinstance(value, str) and neutralise_cell(value) is not value


def _quoted_text(sheet, value: str, font: Font | None = None) -> WriteOnlyCell:
    """``value`` unchanged as a string cell marked "quote prefix": Excel and LibreOffice
    show and keep it as text (also after editing the cell), never run it."""
    cell = WriteOnlyCell(sheet, value=_ILLEGAL_XML.sub("", value))
    cell.data_type = "s"
    cell.quotePrefix = True
    if font is not None:
        cell.font = font
    return cell


def write_sheet(
    workbook: Workbook,
    title: str,
    header_rows: Sequence[Sequence[object]],
    body: Iterable[Sequence[object]],
    widths: Sequence[float],
    subtle_rows: int = 0,
    exact_text: bool = False,
) -> None:
    """Append a write-only sheet: bold header rows (the last ``subtle_rows`` of them grey
    and italic instead), frozen below the header, given column widths, neutralised cells.

    ``exact_text``: for a file a program reads back (an XLSForm), formula-like text is
    kept exactly as written, in a string cell marked "quote prefix" (the XLSX
    equivalent of the apostrophe), instead of gaining an apostrophe."""
    sheet = workbook.create_sheet(title=title)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    if header_rows:
        sheet.freeze_panes = f"A{len(header_rows) + 1}"
    bold = Font(bold=True)
    subtle = Font(italic=True, color="FF666666")

    def cell(value: object, font: Font | None = None) -> object:
        plain = _plain(value)
        if exact_text and _is_runnable(plain):
            return _quoted_text(sheet, plain, font)
        if font is None:
            return _cell(plain)
        styled = WriteOnlyCell(sheet, value=_cell(plain))
        styled.font = font
        return styled

    for number, header in enumerate(header_rows):
        font = subtle if number >= len(header_rows) - subtle_rows else bold
        sheet.append([cell(value, font) for value in header])
    for row in body:
        sheet.append([cell(v) for v in row])


@dataclass(frozen=True)
class Sheet:
    """One table of a workbook: its (translated) name, machine codes as columns, and
    the rows. ``labels`` maps a code to its name in the reader's language; when given,
    the sheet gets the names as a first header row above the codes."""

    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[object]]
    labels: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of_frame(cls, title: str, frame: pd.DataFrame, labels: Mapping[str, str] | None = None):
        """A sheet of ``frame`` (named index written as leading columns, see
        :func:`frame_rows`)."""
        header, body = frame_rows(frame)
        return cls(title, header, body, dict(labels or {}))

    def header_rows(self) -> list[list[object]]:
        if not self.labels:
            return [list(self.columns)]
        return [[self.labels.get(c, c) for c in self.columns], list(self.columns)]


def workbook(
    sheets: Sequence[Sheet], notes: Sheet | None = None, exact_text: bool = False
) -> bytes:
    """An XLSX with ``sheets`` in order, then ``notes`` (rows as given, no header styling
    beyond a bold first row). A labelled sheet shows the names in bold above the codes
    in grey, both frozen. Column widths are fitted; every text cell is neutralised
    (``exact_text``: see :func:`write_sheet`); numbers are numeric cells. Names are made
    Excel-legal by ``safe_sheet_names``. ``DomainError('export_empty')`` when ``sheets``
    is empty."""
    if not sheets:
        raise DomainError("export_empty")
    book = Workbook(write_only=True)
    every = [*sheets, *([notes] if notes is not None else [])]
    for title, sheet in zip(safe_sheet_names(s.title for s in every), every, strict=True):
        header = sheet.header_rows()
        write_sheet(
            book,
            title,
            header,
            sheet.rows,
            column_widths([*header, *sheet.rows]),
            subtle_rows=1 if sheet.labels else 0,
            exact_text=exact_text,
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def round_workbook(
    sheets: dict[str, pd.DataFrame],
    labels: Mapping[str, str] | None = None,
    notes: Sheet | None = None,
) -> bytes:
    """An XLSX with one sheet per frame, in the given order, named by the (translated) keys.

    With ``labels`` (code -> name in the reader's language) every sheet has the names
    above the codes; see :func:`workbook`. ``DomainError('export_empty')`` when
    ``sheets`` is empty.
    """
    return workbook([Sheet.of_frame(t, f, labels) for t, f in sheets.items()], notes)


def notes_rows(
    about: Sequence[tuple[str, object]],
    columns: Sequence[str],
    labels: Mapping[str, str],
    codebook_header: tuple[str, str],
) -> list[list[object]]:
    """The rows of a notes sheet: ``about`` pairs (what, value), a blank row, then a
    codebook of ``columns``: one row per code with its name in the reader's language."""
    rows: list[list[object]] = [[k, v] for k, v in about]
    rows.append([])
    rows.append(list(codebook_header))
    rows += [[c, labels.get(c, c)] for c in columns]
    return rows


def content_disposition(filename: str, inline: bool = False) -> str:
    """``Content-Disposition`` for a download named ``filename``: an ASCII fallback
    name plus the UTF-8 name (RFC 6266), so a Cyrillic name survives every browser."""
    kind = "inline" if inline else "attachment"
    stem, dot, suffix = filename.rpartition(".") if "." in filename else (filename, "", "")
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("_.") or "download"
    fallback = stem + dot + re.sub(r"[^A-Za-z0-9]+", "", suffix)
    if fallback == filename:
        return f'{kind}; filename="{filename}"'
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


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
