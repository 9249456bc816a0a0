"""Uploaded paper scorecards and tallies: reading the file, the template, validation.

Reading
    ``read_table`` turns CSV or XLSX bytes into rows of strings. The kind of file is
    decided by its content (an XLSX is a zip holding ``xl/workbook.xml``), not by its
    name. CSV: UTF-8 with or without BOM (or UTF-16 with BOM, Excel's "Unicode text");
    the delimiter (``,`` ``;`` or tab) is detected from the first line. XLSX: the first
    worksheet, read with calamine (python-calamine, a Rust reader: 50,000 rows in about
    a second where openpyxl takes 12–28 s), after ``scorecards.xlsx_guard`` has checked
    the archive's unpacked size and the sheet's rows, columns and cells; formulas are
    never evaluated here: a formula cell reads as its formula (``=SUM(B2:B9)``), which
    validation reports as ``formula_cell`` exactly like a formula typed into a CSV.

Template layout (``template_rows``; the same in XLSX and CSV)
    Row 1: human headers in Mongolian (passed in ``headers``; indicator labels from the
           spec). For people only.
    Row 2: machine keys. This is the row the parser trusts.
    Row 3…: data.

    kind ``"responses"`` — one row per respondent::

        respondent_id | group | gender | age_band | disability | <code> … | [<code>_reason …]

    one column per indicator of the spec's side, keyed by its ``column_key``; with
    ``with_reasons`` a free-text reason column ``<code>_reason`` per indicator follows.
    No data rows are pre-filled.

    kind ``"tallies"`` — one row per group and indicator (pre-filled, counts empty)::

        group | indicator | indicator_label | 1 | 2 | 3 | 4 | 5 | na

    one count column per scale point (``str(value)``; 0–10 has 11, red/amber/green 3)
    and ``na`` for "not applicable / don't know". ``indicator_label`` is for people and
    ignored when reading back.

    ``headers`` keys used: ``respondent_id``, ``group``, ``gender``, ``age_band``,
    ``disability``, ``reason`` (suffix of reason columns), ``indicator``,
    ``indicator_label``, ``na``. A missing key falls back to the machine key.

Reading a filled file back
    The header is the first non-blank row, unless the next non-blank row holds a required
    machine key (``respondent_id``, ``group``, ``indicator``) and more machine keys than
    the first (the template's row 2), in which case that one is. Header cells match
    machine keys or the human headers (case-insensitive, spaces collapsed), so a file
    whose key row was deleted, or a hand-made one with Mongolian headers, still reads.
    Gender, age band and disability columns are optional (absent = ``undisclosed``).

Accepted values
    Coded columns (``gender``, ``age_band``, ``disability``, ``group``) and score cells
    accept the code, the built-in spellings below, and every label the app shows for it
    in every offered language, compared case-insensitively with surrounding and repeated
    spaces ignored. The labels are translations the domain does not own: the web layer
    passes them in as :class:`AcceptedValue` rows (``accepted=``); a scale's point
    labels come from the scale itself. A cell that matches nothing is reported with the
    list of what the column accepts (``params["accepted"]``). ``accepted_value_rows``
    lists them for the template's "accepted values" sheet.

Validation reports *every* problem (``Problem``), by row number as the user sees it in
the file (1-based; for XLSX the Excel row, for CSV the record) and column header text.
A row with any problem is left out of ``valid_rows``. A problem with the columns
themselves (``missing_column``, ``unknown_indicator``, ``wrong_columns`` on the header
row) makes the whole file unusable: rows are still checked so that every problem is
listed, but ``valid_rows`` is empty.

Problem codes: ``wrong_columns`` (no recognisable header, a column twice, data under no
header), ``missing_column``, ``unknown_indicator``, ``formula_cell``, ``missing_respondent``,
``bad_respondent_id``, ``duplicate_respondent``, ``bad_group``, ``bad_gender``,
``bad_age_band``, ``bad_disability``, ``value_not_number``, ``value_not_on_step``,
``value_out_of_range``, ``reason_too_long``; tallies also ``count_not_integer``,
``count_negative``, ``count_too_large``, ``count_exceeds_group`` and ``duplicate_tally``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from scorecards import exports
from scorecards.answer_check import MAX_REASON_LENGTH
from scorecards.cells import is_formula_like, missing_reason, parse_count
from scorecards.errors import DomainError
from scorecards.scales import Scale, format_value
from scorecards.vocab import AgeBand, Disability, Gender, MissingReason, Side
from scorecards.xlsx_guard import MAX_COLUMNS, inspect_xlsx

# ---------------------------------------------------------------------------- reading

_ZIP_MAGIC = b"PK\x03\x04"
# Other formats people upload by mistake (PDF, old .xls/.doc, images, archives).
_FOREIGN_MAGIC = (
    b"%PDF",
    b"\xd0\xcf\x11\xe0",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x1f\x8b",
    b"PK\x05\x06",
    b"PK\x07\x08",
    b"Rar!",
    b"7z\xbc\xaf",
)
_SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".numbers")
# Without an explicit limit, an XLSX may unpack to this many times ``max_bytes``.
XLSX_MAX_EXPANSION = 40
# Rows a file may hold unless the caller says otherwise (``IMPORT_MAX_ROWS``).
DEFAULT_MAX_ROWS = 100_000
_DELIMITERS = (",", ";", "\t")


def read_table(
    data: bytes,
    filename: str,
    max_bytes: int,
    max_rows: int = DEFAULT_MAX_ROWS,
    max_unpacked: int | None = None,
) -> list[list[str]]:
    """Rows of cell texts from CSV or XLSX bytes; trailing blank rows dropped.

    Blank rows inside the table are kept (as ``[]`` or empty strings) so that list
    index + 1 is the row number the user sees. Limits, checked while reading so an
    oversized file is refused before it costs time or memory: ``max_bytes`` for the
    upload, ``max_rows`` rows in the file (blank rows included: they cost the same to
    read), ``MAX_COLUMNS`` columns, and for an XLSX ``max_unpacked`` bytes once
    unpacked (default ``XLSX_MAX_EXPANSION`` times ``max_bytes``) and the checks of
    ``scorecards.xlsx_guard``. An XLSX formula cell reads as its formula (``=SUM(…)``),
    so validation reports it as ``formula_cell`` as it does for CSV.

    Raises ``DomainError`` (field ``file``): ``file_too_large`` (params ``size``,
    ``max``), ``file_too_many_rows`` / ``file_too_many_columns`` /
    ``file_too_many_cells`` / ``file_unpacks_too_large`` (param ``max``),
    ``file_empty``, ``file_type_unsupported`` (not CSV/XLSX by content: binary, PDF, old
    .xls, ODS…) or ``file_unreadable`` (a damaged XLSX, or text that is not UTF-8:
    ``reason="encoding"``). No other exception escapes for any input bytes.
    """
    data = bytes(data)
    if len(data) > max_bytes:
        raise DomainError("file_too_large", "file", size=len(data), max=max_bytes)
    if not data.strip():
        raise DomainError("file_empty", "file")
    if data.startswith(_ZIP_MAGIC):
        unpacked = max_unpacked if max_unpacked is not None else max_bytes * XLSX_MAX_EXPANSION
        rows = _read_xlsx(data, unpacked, max_rows)
    elif data.startswith(_FOREIGN_MAGIC) or (filename or "").lower().endswith(
        _SPREADSHEET_SUFFIXES
    ):
        raise DomainError("file_type_unsupported", "file")
    else:
        rows = _read_csv(_decode_text(data), max_rows)
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise DomainError("file_empty", "file")
    return rows


def _decode_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        if b"\x00" in data:
            raise DomainError("file_type_unsupported", "file") from None
        raise DomainError("file_unreadable", "file", reason="encoding") from None
    if "\x00" in text:
        raise DomainError("file_type_unsupported", "file")
    return text


def _detect_delimiter(text: str) -> str:
    """The delimiter giving the most fields on the first non-blank line (ties: comma)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    best, best_count = ",", 1
    for delimiter in _DELIMITERS:
        try:
            fields = next(csv.reader([first], delimiter=delimiter), [])
        except csv.Error:
            continue
        if len(fields) > best_count:
            best, best_count = delimiter, len(fields)
    return best


def _read_csv(text: str, max_rows: int) -> list[list[str]]:
    """Records of ``text``, refused (``file_too_many_rows``) at the first record past
    ``max_rows`` or (``file_too_many_columns``) one wider than ``MAX_COLUMNS``."""
    if not text.strip():
        raise DomainError("file_empty", "file")
    delimiter = _detect_delimiter(text)
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if len(rows) >= max_rows:
                raise DomainError("file_too_many_rows", "file", max=max_rows)
            if len(row) > MAX_COLUMNS:
                raise DomainError("file_too_many_columns", "file", max=MAX_COLUMNS)
            rows.append(row)
    except csv.Error:
        raise DomainError("file_unreadable", "file", reason="csv") from None
    return rows


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _read_xlsx(data: bytes, max_unpacked: int, max_rows: int) -> list[list[str]]:
    """The first worksheet's rows, after ``inspect_xlsx`` has bounded the archive.

    Cells holding a formula are given the formula's text in place of the value last
    saved with it, so a formula is never imported as if someone had typed its result.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise DomainError("file_unreadable", "file", reason="zip") from None
    if not any(info.filename == "xl/workbook.xml" for info in infos):
        raise DomainError("file_type_unsupported", "file")
    if sum(info.file_size for info in infos) > max_unpacked:
        raise DomainError("file_unpacks_too_large", "file", max=max_unpacked)
    shape = inspect_xlsx(data, infos, max_unpacked, max_rows)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not workbook.sheet_names:
            raise DomainError("file_empty", "file")
        # Leading empty rows are kept so that list index + 1 is the sheet's row number.
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except DomainError:
        raise
    except Exception:  # calamine raises several kinds on damaged files
        raise DomainError("file_unreadable", "file", reason="xlsx") from None
    table = [[_cell_text(value) for value in row] for row in rows]
    for (row_number, column_number), formula in shape.formulas.items():
        if row_number <= len(table):
            cells = table[row_number - 1]
            cells.extend([""] * (column_number - len(cells)))
            cells[column_number - 1] = formula
    return table


# ------------------------------------------------------------------------------ spec

_KEY_SHAPE = re.compile(r"^[^\s=+\-@'\",;][^\s,;\"]*$")


@dataclass(frozen=True)
class SheetIndicator:
    """One indicator of the round as it appears in a sheet."""

    column_key: str  # e.g. the indicator code "EDU03"; the machine header of its column
    round_indicator_id: int
    label_mn: str
    side: Side


@dataclass(frozen=True)
class SheetGroup:
    """A participant group a row may name, by id or by label (case-insensitive)."""

    group_id: int
    label: str
    size: int | None = None  # people in the group, when known (caps tally totals)


@dataclass(frozen=True)
class RoundSheetSpec:
    """What a sheet of one round and side may contain.

    Only the indicators of ``side`` are columns of the sheet. Raises ``DomainError``:
    ``column_key_invalid`` (empty, spaces, starting with a formula character, commas),
    ``column_key_duplicate`` (keys equal ignoring case, or equal to a fixed column or a
    reason column), ``group_ambiguous`` (one text names two groups).
    """

    indicators: tuple[SheetIndicator, ...]
    groups: tuple[SheetGroup, ...]
    scale: Scale
    side: Side = Side.COMMUNITY

    def __post_init__(self) -> None:
        object.__setattr__(self, "indicators", tuple(self.indicators))
        object.__setattr__(self, "groups", tuple(self.groups))
        taken = {_norm(k) for k in (*RESPONSE_KEYS, *TALLY_KEYS, NA_KEY)}
        taken |= {str(v) for v in self.scale.point_values()}
        for indicator in self.sheet_indicators:
            key = indicator.column_key
            if not _KEY_SHAPE.match(key or ""):
                raise DomainError("column_key_invalid", "column_key", key=key)
            for name in (_norm(key), _norm(reason_key(key))):
                if name in taken:
                    raise DomainError("column_key_duplicate", "column_key", key=key)
                taken.add(name)
        names: dict[str, int] = {}
        for group in self.groups:
            for name in {_norm(str(group.group_id)), _norm(group.label)}:
                if names.setdefault(name, group.group_id) != group.group_id:
                    raise DomainError("group_ambiguous", "groups", name=name)

    @property
    def sheet_indicators(self) -> tuple[SheetIndicator, ...]:
        return tuple(i for i in self.indicators if i.side == self.side)

    def group_lookup(self) -> dict[str, SheetGroup]:
        lookup: dict[str, SheetGroup] = {}
        for group in self.groups:
            lookup[_norm(str(group.group_id))] = group
            lookup[_norm(group.label)] = group
        return lookup


@dataclass(frozen=True)
class AcceptedValue:
    """A label the app shows for a code of a coded column, in Mongolian, English and
    any further languages (``label_more``, in the order of the sheet's columns).

    ``column`` is ``"gender"``, ``"age_band"``, ``"disability"`` or ``"score"``;
    ``code`` the vocabulary code (``"female"``, ``"60_plus"``…) or, for ``"score"``, a
    scale point (``"3"``) or a missing reason (``"na"``, ``"dont_know"``). Passed in by
    the web layer, which owns the translations.
    """

    column: str
    code: str
    label_mn: str
    label_en: str
    label_more: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        """Every label, Mongolian and English first."""
        return (self.label_mn, self.label_en, *self.label_more)


ACCEPTED_COLUMNS = ("group", "gender", "age_band", "disability", "score")
"""Columns listed in the accepted-values sheet, in this order."""

RESPONSE_KEYS = ("respondent_id", "group", "gender", "age_band", "disability")
REQUIRED_RESPONSE_KEYS = ("respondent_id", "group")
TALLY_KEYS = ("group", "indicator", "indicator_label")
NA_KEY = "na"
REASON_SUFFIX = "_reason"
MAX_RESPONDENT_ID = 64
MAX_REASON = MAX_REASON_LENGTH  # the same limit as on a phone

Kind = Literal["responses", "tallies"]


def reason_key(column_key: str) -> str:
    return column_key + REASON_SUFFIX


def _norm(text: str) -> str:
    """Header/lookup form: trimmed, inner spaces collapsed, casefolded, neutralising
    apostrophe removed."""
    text = text.strip()
    if text.startswith("'"):
        text = text[1:]
    return " ".join(text.split()).casefold()


def _label(headers: Mapping[str, str], key: str) -> str:
    return headers.get(key) or key


def _reason_label(indicator: SheetIndicator, headers: Mapping[str, str]) -> str:
    return f"{indicator.label_mn} — {_label(headers, 'reason')}"


def _point_label(scale: Scale, value: int) -> str:
    label = scale.label(value, "mn")
    return f"{value} — {label}" if label else str(value)


def _columns(
    spec: RoundSheetSpec, kind: Kind, headers: Mapping[str, str], with_reasons: bool
) -> list[tuple[str, str]]:
    """(machine key, human header) of every template column, in order."""
    if kind == "responses":
        columns = [(key, _label(headers, key)) for key in RESPONSE_KEYS]
        indicators = spec.sheet_indicators
        columns += [(i.column_key, i.label_mn) for i in indicators]
        if with_reasons:
            columns += [(reason_key(i.column_key), _reason_label(i, headers)) for i in indicators]
        return columns
    if kind == "tallies":
        columns = [(key, _label(headers, key)) for key in TALLY_KEYS]
        columns += [(str(v), _point_label(spec.scale, v)) for v in spec.scale.point_values()]
        columns.append((NA_KEY, _label(headers, NA_KEY)))
        return columns
    raise DomainError("template_kind_unknown", "kind", kind=kind)


# -------------------------------------------------------------------------- template


def template_rows(
    spec: RoundSheetSpec, kind: Kind, headers: Mapping[str, str], *, with_reasons: bool = False
) -> list[list[str]]:
    """The template as rows of text: human header row, machine key row, then (tallies
    only) one pre-filled row per group and indicator. See the module docstring."""
    columns = _columns(spec, kind, headers, with_reasons)
    rows = [[human for _, human in columns], [key for key, _ in columns]]
    if kind == "tallies":
        blanks = [""] * (len(columns) - len(TALLY_KEYS))
        for group in spec.groups:
            for indicator in spec.sheet_indicators:
                rows.append([group.label, indicator.column_key, indicator.label_mn, *blanks])
    return rows


def template_xlsx(
    spec: RoundSheetSpec,
    kind: Kind,
    headers: Mapping[str, str],
    sheet_name: str,
    *,
    with_reasons: bool = False,
    accepted_sheet: tuple[str, Sequence[Sequence[str]]] | None = None,
) -> bytes:
    """The template as XLSX: one sheet (name passed in), row 1 bold, row 2 (keys) grey,
    frozen below row 2, fitted column widths, cells neutralised.

    ``accepted_sheet`` = (sheet name, rows of :func:`accepted_value_rows`) adds a
    second sheet listing what the coded columns accept. Reading a file back uses only
    the first sheet, so the second one may stay in the uploaded file."""
    labels, keys, *body = template_rows(spec, kind, headers, with_reasons=with_reasons)
    sheets = [exports.Sheet(sheet_name, keys, body, dict(zip(keys, labels, strict=True)))]
    if accepted_sheet:
        values = [list(r) for r in accepted_sheet[1]]
        sheets.append(exports.Sheet(accepted_sheet[0], values[0], values[1:]))
    return exports.workbook(sheets)


def template_csv(
    spec: RoundSheetSpec, kind: Kind, headers: Mapping[str, str], *, with_reasons: bool = False
) -> bytes:
    """The template as CSV (UTF-8 with BOM, comma-separated, cells neutralised)."""
    return exports.rows_to_csv(template_rows(spec, kind, headers, with_reasons=with_reasons))


RANGE_WORDS: Mapping[str, tuple[str, str]] = {
    "score_min": ("хамгийн бага", "minimum"),
    "score_max": ("хамгийн их", "maximum"),
    "score_step": ("алхам", "step"),
}
"""Default words of the range rows (the web layer passes its translations)."""


def accepted_value_rows(
    spec: RoundSheetSpec,
    accepted: Iterable[AcceptedValue],
    header: Sequence[str] = ("column", "code", "label mn", "label en"),
    range_words: Mapping[str, Sequence[str]] = RANGE_WORDS,
    point_labels: Mapping[str, Sequence[str]] | None = None,
) -> list[list[str]]:
    """What the coded columns accept, for the template's "accepted values" sheet (or
    the CSV next to it): a header row (``header``, translated by the caller), then one
    row per value: column key, code, Mongolian label, English label, and a label per
    further language when ``header`` has more columns (``label_more`` of each value;
    ``point_labels`` gives a scale point's, keyed by the point as written: ``"3"``).

    Groups come from the spec (code = group id, both labels = the group's name); score
    points from the scale (its point labels in both languages, when it has them); the
    rest from ``accepted``. A code with several labels per language (the paper-form
    page and the phone form word some differently) has one row per pair. Any cell of
    the row is accepted in the file.

    A scale with up to 11 points has one ``score`` row per point. A longer range (0–100,
    0–10 in half points) has instead three rows ``score_min``, ``score_max`` and
    ``score_step`` (code = the number, labels = ``range_words``) and ``score`` rows
    only for its labelled ends: every value from the minimum to the maximum on the
    step is accepted, with a comma or a point as the decimal mark.
    """
    width = max(len(header) - 2, 2)
    more = width - 2
    point_labels = point_labels or {}

    def labelled(column: str, code: str, labels: Sequence[str]) -> list[str]:
        cells = [*labels[:width], *([""] * (width - len(labels)))]
        return [column, code, *cells]

    rows = [list(header)]
    for group in spec.groups:
        rows.append(labelled("group", str(group.group_id), [group.label] * width))
    by_column: dict[str, list[AcceptedValue]] = defaultdict(list)
    for value in accepted:
        by_column[value.column].append(value)
    for column in ("gender", "age_band", "disability"):
        for value in by_column.get(column, ()):
            rows.append(labelled(column, value.code, value.labels))
    scale = spec.scale
    if scale.wants_number_box:
        for key, number in (
            ("score_min", scale.min_value),
            ("score_max", scale.max_value),
            ("score_step", scale.step),
        ):
            words = range_words.get(key, RANGE_WORDS[key])
            rows.append(labelled(key, format_value(number), words))
        listed = [p.value for p in scale.points]
    else:
        listed = scale.point_values()
    for point in listed:
        code = format_value(point)
        own = [scale.label(point, "mn") or "", scale.label(point, "en") or ""]
        further = list(point_labels.get(code, ()))[:more]
        rows.append(labelled("score", code, [*own, *further]))
    for value in by_column.get("score", ()):
        rows.append(labelled("score", value.code, value.labels))
    unique: list[list[str]] = []
    for row in rows:
        if row not in unique:
            unique.append(row)
    return unique


# ------------------------------------------------------------------------ validation


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an uploaded file, for the preview table.

    ``row_number`` is 1-based as shown by the spreadsheet; ``column`` the column's
    header text as written in the file (``""`` when the row has no such column);
    ``column_index`` 0-based (``column_letter`` gives "A", "B"…); ``value`` the cell
    text; ``params`` values a message may need (``min``, ``max``, ``first_row``…).
    """

    row_number: int
    column: str
    code: str
    value: str = ""
    column_index: int | None = None
    params: Mapping[str, object] = field(default_factory=dict)

    @property
    def column_letter(self) -> str:
        return "" if self.column_index is None else get_column_letter(self.column_index + 1)


@dataclass(frozen=True, slots=True)
class ResponseRow:
    """One respondent's paper scorecard, ready to store.

    ``values`` has every indicator of the sheet (by round indicator id): a float on the
    round's scale, or ``None`` when missing. ``missing_reasons`` says why for the
    missing ones whose cell gave a reason (``na``, ``ХХ``, ``Мэдэхгүй``…); a blank cell is
    missing with no reason (skipped). ``comments`` holds non-blank reason texts.
    """

    row_number: int
    respondent_id: str
    group_id: int
    gender: Gender
    age_band: AgeBand
    disability: Disability
    values: dict[int, float | None]
    missing_reasons: dict[int, MissingReason]
    comments: dict[int, str]


@dataclass(frozen=True, slots=True)
class TallyRow:
    """The head counts of one group for one indicator: ``counts`` by scale value (every
    point present, 0 when blank) and ``missing`` for the ``na`` column."""

    row_number: int
    group_id: int
    round_indicator_id: int
    counts: dict[int, int]
    missing: int

    @property
    def total(self) -> int:
        return sum(self.counts.values()) + self.missing


@dataclass
class ImportPreview:
    """What a file would import: ``valid_rows`` and every ``problems`` found.

    ``blocked`` is True when the columns themselves are wrong (then ``valid_rows`` is
    empty); ``rows_seen`` counts the non-blank data rows.
    """

    valid_rows: list
    problems: list[Problem]
    rows_seen: int = 0
    blocked: bool = False

    @property
    def problem_counts(self) -> dict[str, int]:
        return dict(Counter(p.code for p in self.problems))

    @property
    def rejected_rows(self) -> set[int]:
        return {p.row_number for p in self.problems if p.row_number > 0}


@dataclass
class _Header:
    row_index: int  # index of the key row in ``rows``
    keys: list[str | None]  # machine key per column; None = unknown; "" = blank
    names: list[str]  # header text shown to the user per column
    problems: list[Problem]


def _at(row: Sequence[str], index: int | None) -> str:
    return row[index] if index is not None and index < len(row) else ""


def _blank(row: Sequence[str]) -> bool:
    return not any(cell.strip() for cell in row)


def _locate_header(
    rows: Sequence[Sequence[str]],
    machine: Mapping[str, str],
    human: Mapping[str, str],
    required: Sequence[str],
    wanted: Sequence[str],
    unknown_code: str,
) -> _Header | None:
    non_blank = [i for i, row in enumerate(rows) if not _blank(row)]
    if not non_blank:
        return None
    first = non_blank[0]
    chosen, display = first, None
    if len(non_blank) > 1:
        # The template's key row: it names a required column by its machine key (data
        # rows never hold "respondent_id" or "indicator") and has more machine keys than
        # the row above.
        def machine_keys(row: Sequence[str]) -> set[str]:
            return {machine[t] for t in map(_norm, row) if t in machine}

        second_keys = machine_keys(rows[non_blank[1]])
        if second_keys & set(required) and len(second_keys) > len(machine_keys(rows[first])):
            chosen, display = non_blank[1], rows[first]
    header = rows[chosen]
    keys: list[str | None] = []
    names: list[str] = []
    for index, cell in enumerate(header):
        text = _norm(cell)
        shown = cell.strip()
        if display is not None and index < len(display) and display[index].strip():
            shown = display[index].strip()
        names.append(shown)
        keys.append("" if not text else machine.get(text) or human.get(text))
    if not any(keys):
        return None
    problems: list[Problem] = []
    row_number = chosen + 1
    seen: dict[str, int] = {}
    for index, key in enumerate(keys):
        if key is None:
            problems.append(
                Problem(row_number, names[index], unknown_code, header[index].strip(), index)
            )
        elif key:
            if key in seen:
                problems.append(
                    Problem(
                        row_number, names[index], "wrong_columns", header[index].strip(), index,
                        {"first_column": get_column_letter(seen[key] + 1)},
                    )
                )
                keys[index] = None
            else:
                seen[key] = index
    for key in wanted:
        if key not in seen:
            problems.append(Problem(row_number, "", "missing_column", key))
    return _Header(chosen, keys, names, problems)


def _wrong_file(rows: Sequence[Sequence[str]]) -> ImportPreview:
    first = next((i for i, row in enumerate(rows) if not _blank(row)), 0)
    return ImportPreview([], [Problem(first + 1, "", "wrong_columns")], 0, True)


def _extra_cells(
    row: Sequence[str], keys: Sequence[str | None], row_number: int, names: Sequence[str]
) -> list[Problem]:
    """Data in a column that has no header (blank header, or beyond the header)."""
    problems = []
    for index, cell in enumerate(row):
        if cell.strip() and (index >= len(keys) or keys[index] == ""):
            name = names[index] if index < len(names) else ""
            problems.append(Problem(row_number, name, "wrong_columns", cell, index))
    return problems


def _vocabulary(pairs: Iterable[tuple[str, object]]) -> dict[str, object]:
    return {_norm(text): value for text, value in pairs}


_GENDERS = _vocabulary(
    [(g.value, g) for g in Gender]
    + [
        ("f", Gender.FEMALE), ("эм", Gender.FEMALE), ("эмэгтэй", Gender.FEMALE),
        ("m", Gender.MALE), ("эр", Gender.MALE), ("эрэгтэй", Gender.MALE),
        ("бусад", Gender.OTHER),
        ("", Gender.UNDISCLOSED), ("хэлэхгүй", Gender.UNDISCLOSED),
        ("хариулаагүй", Gender.UNDISCLOSED),
    ]
)
_AGE_BANDS = _vocabulary(
    [(a.value, a) for a in AgeBand]
    + [
        ("<18", AgeBand.UNDER_18), ("18-аас доош", AgeBand.UNDER_18),
        ("18 хүртэл", AgeBand.UNDER_18),
        ("18-34", AgeBand.AGE_18_34), ("18–34", AgeBand.AGE_18_34),
        ("35-59", AgeBand.AGE_35_59), ("35–59", AgeBand.AGE_35_59),
        ("60+", AgeBand.AGE_60_PLUS), ("60-аас дээш", AgeBand.AGE_60_PLUS),
        ("", AgeBand.UNDISCLOSED), ("хэлэхгүй", AgeBand.UNDISCLOSED),
        ("хариулаагүй", AgeBand.UNDISCLOSED),
    ]
)
_DISABILITIES = _vocabulary(
    [(d.value, d) for d in Disability]
    + [
        ("тийм", Disability.YES), ("байгаа", Disability.YES),
        ("үгүй", Disability.NO), ("байхгүй", Disability.NO),
        ("", Disability.UNDISCLOSED), ("хэлэхгүй", Disability.UNDISCLOSED),
        ("хариулаагүй", Disability.UNDISCLOSED),
    ]
)
_AGE = re.compile(r"^[0-9]{1,3}$")


def _labels(accepted: Iterable[AcceptedValue], column: str, enum) -> dict[str, object]:
    """Lookup ``_norm(text) -> enum member`` of the labels passed in for ``column``."""
    codes = {member.value: member for member in enum}
    lookup: dict[str, object] = {}
    for value in accepted:
        if value.column != column or value.code not in codes:
            continue
        for text in value.labels:
            if text and text.strip():
                lookup.setdefault(_norm(text), codes[value.code])
    return lookup


def _accepted_texts(codes: Iterable[str], accepted: Iterable[AcceptedValue], column: str):
    """What a column accepts, as shown in a problem: each code then its labels."""
    texts: list[str] = []
    labels: dict[str, list[str]] = defaultdict(list)
    for value in accepted:
        if value.column == column:
            labels[value.code] += list(value.labels)
    for code in codes:
        for text in (code, *labels.get(code, ())):
            if text and text not in texts:
                texts.append(text)
    return tuple(texts)


def _score_words(
    scale: Scale, accepted: Iterable[AcceptedValue]
) -> dict[str, tuple[float | None, MissingReason | None]]:
    """Score labels: the scale's point labels (both languages) and the labels passed in
    for ``score`` (points or missing reasons) -> (value, missing reason)."""
    words: dict[str, tuple[float | None, MissingReason | None]] = {}
    reasons = {r.value: r for r in MissingReason}
    points = {str(p): float(p) for p in scale.point_values()}
    pairs = [
        (str(p), scale.label(p, language))
        for p in scale.point_values()
        for language in ("mn", "en")
    ]
    pairs += [
        (v.code, text)
        for v in accepted
        if v.column == "score"
        for text in v.labels
    ]
    for code, text in pairs:
        if not text or not text.strip():
            continue
        if code in points:
            words.setdefault(_norm(text), (points[code], None))
        elif code in reasons:
            words.setdefault(_norm(text), (None, reasons[code]))
    return words


def _age_band(text: str, bands: Mapping[str, object] = _AGE_BANDS) -> AgeBand | None:
    band = bands.get(_norm(text))
    if band is not None or not _AGE.match(text.strip()):
        return band  # type: ignore[return-value]
    age = int(text.strip())
    if age > 120:
        return None
    if age < 18:
        return AgeBand.UNDER_18
    if age < 35:
        return AgeBand.AGE_18_34
    if age < 60:
        return AgeBand.AGE_35_59
    return AgeBand.AGE_60_PLUS


# A parsed score cell: (value, missing reason, problem code or None, problem params).
_Score = tuple[float | None, MissingReason | None, str | None, Mapping[str, object]]
_NO_PARAMS: Mapping[str, object] = {}


def _score_parser(
    scale: Scale,
    words: Mapping[str, tuple[float | None, MissingReason | None]] | None = None,
    accepted: tuple[str, ...] = (),
):
    """Parse score cells: numbers on ``scale``, missing-answer words, and ``words``
    (labels -> value or missing reason). A cell that is no number and no known word is
    ``value_not_number`` with ``params["accepted"]`` = ``accepted``."""
    cache: dict[str, _Score] = {}
    words = words or {}

    def parse(text: str) -> _Score:
        hit = cache.get(text)
        if hit is not None:
            return hit
        result: _Score
        if is_formula_like(text):
            result = (None, None, "formula_cell", _NO_PARAMS)
        elif (word := words.get(_norm(text))) is not None:
            result = (word[0], word[1], None, _NO_PARAMS)
        elif (reason := missing_reason(text)) is not None:
            result = (None, reason, None, _NO_PARAMS)
        else:
            try:
                result = (scale.validate(text), None, None, _NO_PARAMS)
            except DomainError as error:
                params = error.params
                if error.code == "value_not_number" and accepted:
                    params = {**params, "accepted": accepted}
                result = (None, None, error.code, params)
        if len(cache) < 10_000:
            cache[text] = result
        return result

    return parse


def validate_responses(
    rows: Sequence[Sequence[str]],
    spec: RoundSheetSpec,
    *,
    headers: Mapping[str, str] | None = None,
    existing_respondent_ids: Iterable[str] = (),
    accepted: Iterable[AcceptedValue] = (),
) -> ImportPreview:
    """Check a respondents sheet (one row per paper scorecard) against the round.

    ``accepted`` are the labels the app shows for the coded columns and for score
    points and missing reasons, in every offered language (see "Accepted values" in
    the module docstring): a file typed with the labels of the paper-form page imports
    the same rows as one typed with the codes.

    ``headers`` are the translated human headers used in the template, so that a file
    without the key row is still understood. ``existing_respondent_ids`` are ids already
    stored for this round and side: a row reusing one is a ``duplicate_respondent``.
    Respondent ids are compared ignoring case and surrounding spaces; every row sharing
    an id with another row of the file is reported (none of them is imported).
    """
    headers = headers or {}
    indicators = spec.sheet_indicators
    machine: dict[str, str] = {_norm(k): k for k in RESPONSE_KEYS}
    human: dict[str, str] = {_norm(_label(headers, k)): k for k in RESPONSE_KEYS}
    for indicator in indicators:
        machine[_norm(indicator.column_key)] = indicator.column_key
        machine[_norm(reason_key(indicator.column_key))] = reason_key(indicator.column_key)
        human.setdefault(_norm(indicator.label_mn), indicator.column_key)
        human.setdefault(_norm(_reason_label(indicator, headers)), reason_key(indicator.column_key))
    wanted = [*REQUIRED_RESPONSE_KEYS, *(i.column_key for i in indicators)]
    header = _locate_header(
        rows, machine, human, REQUIRED_RESPONSE_KEYS, wanted, "unknown_indicator"
    )
    if header is None:
        return _wrong_file(rows)

    keys, names = header.keys, header.names
    position = {key: index for index, key in enumerate(keys) if key}
    id_col = position.get("respondent_id")
    group_col = position.get("group")
    gender_col = position.get("gender")
    age_col = position.get("age_band")
    disability_col = position.get("disability")
    score_cols = [
        (i.round_indicator_id, position[i.column_key])
        for i in indicators
        if i.column_key in position
    ]
    reason_cols = [
        (i.round_indicator_id, position[reason_key(i.column_key)])
        for i in indicators
        if reason_key(i.column_key) in position
    ]
    all_ids = [i.round_indicator_id for i in indicators]
    groups = spec.group_lookup()
    accepted = tuple(accepted)
    genders = {**_GENDERS, **_labels(accepted, "gender", Gender)}
    age_bands = {**_AGE_BANDS, **_labels(accepted, "age_band", AgeBand)}
    disabilities = {**_DISABILITIES, **_labels(accepted, "disability", Disability)}
    lists = {
        "group": _accepted_texts(
            [t for g in spec.groups for t in (str(g.group_id), g.label)], (), "group"
        ),
        "gender": _accepted_texts([g.value for g in Gender], accepted, "gender"),
        "age_band": _accepted_texts([a.value for a in AgeBand], accepted, "age_band"),
        "disability": _accepted_texts([d.value for d in Disability], accepted, "disability"),
    }
    points = spec.scale.point_values()
    score_texts = [str(p) for p in points]
    score_texts += [spec.scale.label(p, lang) or "" for p in points for lang in ("mn", "en")]
    score_texts += [t for v in accepted if v.column == "score" for t in v.labels]
    score_texts = [t for t in score_texts if t] + [r.value for r in MissingReason]
    parse_score = _score_parser(
        spec.scale, _score_words(spec.scale, accepted), tuple(dict.fromkeys(score_texts))
    )

    problems = list(header.problems)
    candidates: list[ResponseRow] = []
    bad_rows: set[int] = set()
    id_rows: dict[str, list[int]] = defaultdict(list)
    rows_seen = 0

    for row_index in range(header.row_index + 1, len(rows)):
        row = rows[row_index]
        if _blank(row):
            continue
        rows_seen += 1
        row_number = row_index + 1
        found: list[Problem] = _extra_cells(row, keys, row_number, names)

        def report(index: int, code: str, value: str, params=_NO_PARAMS) -> None:
            found.append(Problem(row_number, names[index], code, value, index, params))  # noqa: B023

        def coded(
            index: int | None, vocabulary: Mapping[str, object], code: str, default, column: str
        ):
            text = _at(row, index)  # noqa: B023
            if index is None:
                return default
            if is_formula_like(text):
                report(index, "formula_cell", text)
                return None
            value = vocabulary.get(_norm(text))
            if value is None:
                report(index, code, text, {"accepted": lists[column]})
            return value

        respondent = _at(row, id_col).strip()
        if id_col is not None:
            if not respondent:
                report(id_col, "missing_respondent", "")
            elif is_formula_like(respondent):
                report(id_col, "formula_cell", respondent)
            elif len(respondent) > MAX_RESPONDENT_ID:
                report(id_col, "bad_respondent_id", respondent, {"max": MAX_RESPONDENT_ID})
            else:
                id_rows[respondent.casefold()].append(row_number)
        group = coded(group_col, groups, "bad_group", None, "group")
        gender = coded(gender_col, genders, "bad_gender", Gender.UNDISCLOSED, "gender")
        disability = coded(
            disability_col, disabilities, "bad_disability", Disability.UNDISCLOSED, "disability"
        )
        age_band: AgeBand | None = AgeBand.UNDISCLOSED
        if age_col is not None:
            text = _at(row, age_col)
            if is_formula_like(text):
                report(age_col, "formula_cell", text)
            else:
                age_band = _age_band(text, age_bands)
                if age_band is None:
                    report(age_col, "bad_age_band", text, {"accepted": lists["age_band"]})

        values: dict[int, float | None] = dict.fromkeys(all_ids)
        missing: dict[int, MissingReason] = {}
        for indicator_id, index in score_cols:
            text = row[index] if index < len(row) else ""
            value, reason, code, params = parse_score(text)
            if code is not None:
                report(index, code, text, params)
            elif reason is not None:
                missing[indicator_id] = reason
            else:
                values[indicator_id] = value
        comments: dict[int, str] = {}
        for indicator_id, index in reason_cols:
            text = _at(row, index).strip()
            if not text:
                continue
            if is_formula_like(text):
                report(index, "formula_cell", text)
            elif len(text) > MAX_REASON:
                report(index, "reason_too_long", text[:80], {"max": MAX_REASON})
            else:
                comments[indicator_id] = text

        if found:
            problems.extend(found)
            bad_rows.add(row_number)
        elif not header.problems:
            assert isinstance(group, SheetGroup)
            candidates.append(
                ResponseRow(
                    row_number, respondent, group.group_id, gender, age_band,
                    disability, values, missing, comments,
                )
            )

    existing = {str(i).strip().casefold() for i in existing_respondent_ids}
    duplicate_rows: set[int] = set()
    for respondent_key, numbers in id_rows.items():
        if len(numbers) > 1 or respondent_key in existing:
            for number in numbers:
                value = _at(rows[number - 1], id_col).strip()
                params = {"rows": numbers, "existing": respondent_key in existing}
                name = names[id_col] if id_col is not None else ""
                problems.append(
                    Problem(number, name, "duplicate_respondent", value, id_col, params)
                )
                duplicate_rows.add(number)
    problems.sort(key=lambda p: (p.row_number, -1 if p.column_index is None else p.column_index))
    blocked = bool(header.problems)
    valid = [] if blocked else [r for r in candidates if r.row_number not in duplicate_rows]
    return ImportPreview(valid, problems, rows_seen, blocked)


def validate_tallies(
    rows: Sequence[Sequence[str]],
    spec: RoundSheetSpec,
    *,
    headers: Mapping[str, str] | None = None,
) -> ImportPreview:
    """Check a tallies sheet (head counts per group, indicator and scale point).

    A row whose counts are all blank is skipped silently (the template comes pre-filled
    with every group and indicator). Counts must be whole numbers ≥ 0; when the group's
    ``size`` is known the row's total (points + ``na``) may not exceed it. Two rows for the
    same group and indicator are both reported as ``duplicate_tally``. Indicator cells match
    a column key or label of the sheet's side (case-insensitive), else ``unknown_indicator``.
    """
    headers = headers or {}
    points = spec.scale.point_values()
    point_keys = [str(v) for v in points]
    machine: dict[str, str] = {_norm(k): k for k in (*TALLY_KEYS, *point_keys, NA_KEY)}
    human: dict[str, str] = {_norm(_label(headers, k)): k for k in (*TALLY_KEYS, NA_KEY)}
    human.update({_norm(_point_label(spec.scale, v)): str(v) for v in points})
    required = ("group", "indicator")
    header = _locate_header(
        rows, machine, human, required, [*required, *point_keys], "wrong_columns"
    )
    if header is None:
        return _wrong_file(rows)
    keys, names = header.keys, header.names
    position = {key: index for index, key in enumerate(keys) if key}
    group_col = position.get("group")
    indicator_col = position.get("indicator")
    count_cols = [(v, position[str(v)]) for v in points if str(v) in position]
    na_col = position.get(NA_KEY)
    groups = spec.group_lookup()
    indicators: dict[str, SheetIndicator] = {}
    for indicator in spec.sheet_indicators:
        indicators.setdefault(_norm(indicator.label_mn), indicator)
    for indicator in spec.sheet_indicators:
        indicators[_norm(indicator.column_key)] = indicator

    problems = list(header.problems)
    candidates: list[TallyRow] = []
    seen: dict[tuple[int, int], list[int]] = defaultdict(list)
    rows_seen = 0
    for row_index in range(header.row_index + 1, len(rows)):
        row = rows[row_index]
        if _blank(row):
            continue
        row_number = row_index + 1

        count_texts = [(v, i, _at(row, i)) for v, i in count_cols]
        if na_col is not None:
            count_texts.append((None, na_col, _at(row, na_col)))
        if not any(t.strip() for _, _, t in count_texts):
            continue  # a pre-filled row nobody counted
        rows_seen += 1
        found = _extra_cells(row, keys, row_number, names)

        def report(index: int, code: str, value: str, params=_NO_PARAMS) -> None:
            found.append(Problem(row_number, names[index], code, value, index, params))  # noqa: B023

        group = None
        if group_col is not None:
            text = _at(row, group_col)
            if is_formula_like(text):
                report(group_col, "formula_cell", text)
            elif (group := groups.get(_norm(text))) is None:
                report(group_col, "bad_group", text)
        indicator = None
        if indicator_col is not None:
            text = _at(row, indicator_col)
            if is_formula_like(text):
                report(indicator_col, "formula_cell", text)
            elif (indicator := indicators.get(_norm(text))) is None:
                report(indicator_col, "unknown_indicator", text)
        counts: dict[int, int] = dict.fromkeys(points, 0)
        na_count = 0
        counted_ok = True
        for value, index, text in count_texts:
            if is_formula_like(text):
                report(index, "formula_cell", text)
                counted_ok = False
                continue
            try:
                number = parse_count(text)
            except DomainError as error:
                report(index, error.code, text, error.params)
                counted_ok = False
                continue
            if value is None:
                na_count = number
            else:
                counts[value] = number
        total = sum(counts.values()) + na_count
        if counted_ok and group is not None and group.size is not None and total > group.size:
            anchor = na_col if na_col is not None else count_cols[-1][1]
            report(anchor, "count_exceeds_group", str(total), {"size": group.size})
        if found:
            problems.extend(found)
        elif group is not None and indicator is not None and not header.problems:
            seen[(group.group_id, indicator.round_indicator_id)].append(row_number)
            candidates.append(
                TallyRow(row_number, group.group_id, indicator.round_indicator_id, counts, na_count)
            )
    duplicate_rows: set[int] = set()
    for numbers in seen.values():
        if len(numbers) > 1:
            for number in numbers:
                value = _at(rows[number - 1], indicator_col)
                name = names[indicator_col] if indicator_col is not None else ""
                params = {"rows": numbers}
                problems.append(
                    Problem(number, name, "duplicate_tally", value, indicator_col, params)
                )
                duplicate_rows.add(number)
    problems.sort(key=lambda p: (p.row_number, -1 if p.column_index is None else p.column_index))
    blocked = bool(header.problems)
    valid = [] if blocked else [r for r in candidates if r.row_number not in duplicate_rows]
    return ImportPreview(valid, problems, rows_seen, blocked)


# ------------------------------------------------------------ Kobo / ODK exports

EXPORT_MARKERS = frozenset(
    {
        "_uuid", "_id", "_submission_time", "_index", "_validation_status", "__version__",
        "meta/instanceid", "meta-instanceid", "instanceid", "key", "submissiondate",
        "formversion",
    }
)
"""Header cells found only in KoboToolbox (``_uuid``, ``_submission_time``…) and ODK
Central (``KEY``, ``SubmissionDate``, ``meta-instanceID``) exports (casefolded)."""
EXPORT_ID_COLUMNS = ("meta/instanceid", "meta-instanceid", "instanceid", "_uuid", "key")
"""Columns whose value identifies a submission, best first: it becomes the form number
(``respondent_id``) when the file has none, so a file imported twice is caught."""
_EXPORT_SEPARATORS = ("/", "-")
_LABELLED_POINT = re.compile(r"^\s*([+-]?[0-9]+(?:[.,][0-9]+)?)\s+—\s")


@dataclass(frozen=True)
class ExportFile:
    """A Kobo or ODK export rewritten for ``validate_responses``: the header row holds
    machine keys (blank for the columns left out, whose cells are blanked too), so row
    numbers and column letters stay those of the file. ``names`` keeps each used
    column's header as written; ``ignored`` the headers left out."""

    rows: list[list[str]]
    names: dict[int, str]
    ignored: tuple[str, ...]

    def restore(self, preview: ImportPreview) -> ImportPreview:
        """The preview with every problem naming its column as the file does."""
        problems = [
            replace(p, column=self.names.get(p.column_index, p.column))
            if p.column_index is not None
            else p
            for p in preview.problems
        ]
        return ImportPreview(preview.valid_rows, problems, preview.rows_seen, preview.blocked)


def from_export(
    rows: Sequence[Sequence[str]],
    spec: RoundSheetSpec,
    *,
    headers: Mapping[str, str] | None = None,
    aliases: Mapping[str, str] | None = None,
) -> ExportFile | None:
    """Read a KoboToolbox or ODK export (CSV or XLSX, as downloaded) as a respondents
    sheet; ``None`` when ``rows`` are not one (the first non-blank row has no export
    column and no ``group/question`` path naming a known column).

    A header cell is matched, whole and then by the part after each ``/`` (Kobo's
    group paths, ``respondent/gender``; in label style ``Таны тухай/Хүйс``) or ``-``
    (ODK Central's ``scores-EDU01``), against the template's machine keys, the human
    headers (``headers``), the indicators' labels and ``aliases`` (other texts meaning a
    key: English labels, the form's question labels, question names; casefolded).
    Without a ``respondent_id`` column the submission's id (``meta/instanceID``,
    ``_uuid`` or ``KEY``) is the form number. Every other column (submission times,
    notes, questions of the round's form that are not scored) is left out. A score cell
    written as the XLSForm's choice label ("4 — Сайн") counts as its value.
    """
    headers = headers or {}
    first = next((i for i, row in enumerate(rows) if not _blank(row)), None)
    if first is None:
        return None
    known: dict[str, str] = {_norm(k): k for k in RESPONSE_KEYS}
    known.update({_norm(_label(headers, k)): k for k in RESPONSE_KEYS})
    for indicator in spec.sheet_indicators:
        key = indicator.column_key
        known[_norm(key)] = key
        known[_norm(reason_key(key))] = reason_key(key)
        known.setdefault(_norm(indicator.label_mn), key)
    for text, key in (aliases or {}).items():
        known.setdefault(_norm(text), key)

    def resolve(cell: str) -> str | None:
        text = _norm(cell)
        if text in known:
            return known[text]
        for separator in _EXPORT_SEPARATORS:
            parts = text.split(separator)
            for start in range(1, len(parts)):
                suffix = separator.join(parts[start:]).strip()
                if suffix in known:
                    return known[suffix]
        return None

    header = list(rows[first])
    resolved = [resolve(cell) for cell in header]
    texts = [_norm(cell) for cell in header]
    is_export = any(t in EXPORT_MARKERS for t in texts) or any(
        key is not None and any(s in cell for s in _EXPORT_SEPARATORS) and _norm(cell) not in known
        for cell, key in zip(header, resolved, strict=True)
    )
    if not is_export:
        return None
    keys: list[str] = [""] * len(header)
    seen: set[str] = set()
    for index, key in enumerate(resolved):
        if key and key not in seen:
            keys[index] = key
            seen.add(key)
    if "respondent_id" not in seen:
        for wanted in EXPORT_ID_COLUMNS:
            if wanted in texts:
                keys[texts.index(wanted)] = "respondent_id"
                break
    scored = {i.column_key for i in spec.sheet_indicators}
    used = [index for index, key in enumerate(keys) if key]
    out: list[list[str]] = [list(row) for row in rows[:first]]
    out.append(keys)
    for position, row in enumerate(rows[first + 1:]):
        cells = [""] * max(len(row), len(keys))
        if position == 0 and _hashtags(row):
            out.append(cells)  # KoboToolbox's row of HXL hashtags under the header
            continue
        for index in used:
            if index < len(row):
                text = row[index]
                if keys[index] in scored and (match := _LABELLED_POINT.match(text)):
                    text = match.group(1)
                cells[index] = text
        out.append(cells)
    names = {index: str(header[index]).strip() for index in used}
    ignored = tuple(str(header[i]).strip() for i, key in enumerate(keys) if not key and header[i])
    return ExportFile(out, names, ignored)


def _hashtags(row: Sequence[str]) -> bool:
    cells = [cell.strip() for cell in row if cell.strip()]
    return bool(cells) and all(cell.startswith("#") for cell in cells)
