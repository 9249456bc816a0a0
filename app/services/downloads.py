"""Report tables as CSV, XLSX and JSON files (the same suppressed frames the pages show).

Suppressed figures are empty cells (CSV, XLSX) or ``null`` (JSON) with
``suppressed`` true. Floats keep 3 decimals. CSV is UTF-8 with a byte-order mark so
spreadsheet programs read Cyrillic correctly; cells starting with ``= + - @`` are
prefixed with an apostrophe so no spreadsheet runs them as formulas.
"""

from __future__ import annotations

import io
import json
import math

import pandas as pd
from openpyxl import Workbook

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


def _cell(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 3)
    if hasattr(value, "item"):
        return _cell(value.item())
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") and not _is_number(value):
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def rows(frame: pd.DataFrame) -> list[dict[str, object]]:
    out = []
    for record in frame.astype(object).to_dict(orient="records"):
        out.append({k: (None if _missing(v) else _cell(v)) for k, v in record.items()})
    return out


def _missing(value: object) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def to_csv(frame: pd.DataFrame) -> bytes:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(list(frame.columns))
    for row in rows(frame):
        writer.writerow(["" if v is None else v for v in row.values()])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet[:31]
    worksheet.append(list(frame.columns))
    for row in rows(frame):
        worksheet.append(list(row.values()))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_json(frame: pd.DataFrame, meta: dict[str, object]) -> bytes:
    document = {
        "meta": {"licence": LICENCE, "licence_url": LICENCE_URL, **meta},
        "rows": rows(frame),
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def render(frame: pd.DataFrame, fmt: str, meta: dict[str, object]) -> bytes:
    if fmt == "csv":
        return to_csv(frame)
    if fmt == "xlsx":
        return to_xlsx(frame, str(meta.get("table", "data")))
    return to_json(frame, meta)
