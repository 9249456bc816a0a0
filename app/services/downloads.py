"""Report tables as CSV, XLSX and JSON files (the same suppressed frames the pages show).

Suppressed figures are empty cells (CSV, XLSX) or ``null`` (JSON) with
``suppressed`` true. Floats keep 3 decimals; scores, counts and intervals are
numbers in every format (numeric cells in XLSX). Every file is written by
:mod:`scorecards.exports` (the one spreadsheet writer: UTF-8 CSV with a byte-order
mark, formula-like text neutralised).

Column names: the CSV header is the machine codes (stable for scripts); the XLSX has
the names in the reader's language above the codes, and a notes sheet with the
table, its licence and a codebook of its columns; the open data page offers the
codebook of every column on its own (:func:`codebook`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping

import pandas as pd
from flask_babel import force_locale, lazy_pgettext
from flask_babel import gettext as _

from scorecards import exports

FORMATS = exports.CONTENT_TYPES
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"

COLUMN_LABELS = {
    "aimag_code": lazy_pgettext("column", "Aimag code"),
    "aimag": lazy_pgettext("column", "Aimag"),
    "facilities": lazy_pgettext("column", "Facilities"),
    "rounds": lazy_pgettext("column", "Rounds"),
    "participants": lazy_pgettext("column", "Participants"),
    "participants_female": lazy_pgettext("column", "Participants: women"),
    "participants_male": lazy_pgettext("column", "Participants: men"),
    "participants_other": lazy_pgettext("column", "Participants: other"),
    "responses": lazy_pgettext("column", "Forms"),
    "answers": lazy_pgettext("column", "Answers"),
    "people": lazy_pgettext("column", "People"),
    "n": lazy_pgettext("column", "Answers counted (n)"),
    "n_missing": lazy_pgettext("column", "Answers missing (n/a, don't know)"),
    "mean": lazy_pgettext("column", "Mean on the scale"),
    "median": lazy_pgettext("column", "Median on the scale"),
    "mean_100": lazy_pgettext("column", "Score (0–100)"),
    "ci_low_100": lazy_pgettext("column", "Interval 95%: low (0–100)"),
    "ci_high_100": lazy_pgettext("column", "Interval 95%: high (0–100)"),
    "share_positive": lazy_pgettext("column", "Share of positive answers"),
    "suppressed": lazy_pgettext("column", "Hidden (fewer than k people)"),
    "mixed_scales": lazy_pgettext("column", "Combines different scales"),
    "groups_shown": lazy_pgettext("column", "Groups shown"),
    "groups_size_not_recorded": lazy_pgettext("column", "Groups without a recorded size"),
    "groups_below_k": lazy_pgettext("column", "Groups below k"),
    "sector": lazy_pgettext("column", "Sector code"),
    "sector_name": lazy_pgettext("column", "Sector"),
    "soum": lazy_pgettext("column", "Soum code"),
    "soum_name": lazy_pgettext("column", "Soum"),
    "facility": lazy_pgettext("column", "Facility number"),
    "facility_name": lazy_pgettext("column", "Facility"),
    "indicator": lazy_pgettext("column", "Indicator code"),
    "indicator_name": lazy_pgettext("column", "Indicator"),
    "community": lazy_pgettext("column", "Community score (0–100)"),
    "provider": lazy_pgettext("column", "Service providers' score (0–100)"),
    "gap": lazy_pgettext("column", "Gap (community − providers)"),
    "period": lazy_pgettext("column", "Period"),
    "periods": lazy_pgettext("column", "Periods"),
    "change": lazy_pgettext("column", "Change since the previous period"),
    "round": lazy_pgettext("column", "Round number"),
    "side": lazy_pgettext("column", "Side"),
    "action": lazy_pgettext("column", "Action number"),
    "description": lazy_pgettext("column", "Action"),
    "responsible": lazy_pgettext("column", "Responsible"),
    "due_date": lazy_pgettext("column", "Due date"),
    "status": lazy_pgettext("column", "Status"),
    "completed_on": lazy_pgettext("column", "Completed on"),
    "official_office": lazy_pgettext("column", "Official's office"),
    "official_response": lazy_pgettext("column", "Official's answer"),
    "official_commitment_date": lazy_pgettext("column", "Official's commitment date"),
    "official_responded_on": lazy_pgettext("column", "Answered on"),
    "published": lazy_pgettext("column", "Published"),
    "scale_code": lazy_pgettext("column", "Scale code"),
    "scale_name": lazy_pgettext("column", "Scale"),
    "point": lazy_pgettext("column", "Scale point"),
    "point_label": lazy_pgettext("column", "Scale point label"),
    "count": lazy_pgettext("column", "Count"),
    "share": lazy_pgettext("column", "Share"),
    "group": lazy_pgettext("column", "Group"),
    "group_kind": lazy_pgettext("column", "Group kind"),
    "gender": lazy_pgettext("column", "Gender"),
    "age_band": lazy_pgettext("column", "Age band"),
    "disability": lazy_pgettext("column", "Disability"),
}
"""Names of the public columns in the reader's language; a column not listed keeps
its code as its name."""


def _cell(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 3)
    if hasattr(value, "item"):
        return _cell(value.item())
    return value


def _missing(value: object) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def rows(frame: pd.DataFrame) -> list[dict[str, object]]:
    """The rows of ``frame`` as plain values (floats to 3 decimals, missing as
    ``None``) for pages, JSON and spreadsheets alike."""
    out = []
    for record in frame.astype(object).to_dict(orient="records"):
        out.append({k: (None if _missing(v) else _cell(v)) for k, v in record.items()})
    return out


def column_labels(columns) -> dict[str, str]:
    """Code -> column name in the current language for ``columns``."""
    return {str(c): str(COLUMN_LABELS.get(str(c), c)) for c in columns}


def _body(frame: pd.DataFrame) -> list[list[object]]:
    return [list(row.values()) for row in rows(frame)]


def to_csv(frame: pd.DataFrame) -> bytes:
    """The table with its machine codes as the one header row."""
    return exports.rows_to_csv([[str(c) for c in frame.columns], *_body(frame)])


def _about(meta: Mapping[str, object]) -> list[tuple[str, object]]:
    about: list[tuple[str, object]] = [
        (_("Table"), str(meta.get("table", ""))),
        (_("Licence"), f"{LICENCE} — {LICENCE_URL}"),
        (_("Source"), _("Egekh community scorecards")),
    ]
    words = {
        "aimag": _("Aimag"),
        "facility": _("Facility"),
        "period": _("Period"),
        "sector": _("Sector"),
        "k": _("Smallest number of people shown (k)"),
    }
    about += [(label, meta[key]) for key, label in words.items() if meta.get(key) is not None]
    return about


def to_xlsx(frame: pd.DataFrame, meta: Mapping[str, object]) -> bytes:
    """The table on a sheet with names in the reader's language above the codes, and a
    notes sheet: the table, its licence and a codebook of its columns."""
    columns = [str(c) for c in frame.columns]
    labels = column_labels(columns)
    notes = exports.notes_rows(_about(meta), columns, labels, (_("Code"), _("Column")))
    sheet = exports.Sheet(str(meta.get("table", "data")), columns, _body(frame), labels)
    return exports.workbook([sheet], exports.Sheet(_("About"), notes[0], notes[1:]))


def to_json(frame: pd.DataFrame, meta: dict[str, object]) -> bytes:
    document = {
        "meta": {"licence": LICENCE, "licence_url": LICENCE_URL, **meta},
        "rows": rows(frame),
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def render(frame: pd.DataFrame, fmt: str, meta: dict[str, object]) -> bytes:
    """The table in ``fmt`` (``csv``, ``xlsx`` or ``json``)."""
    if fmt == "csv":
        return to_csv(frame)
    if fmt == "xlsx":
        return to_xlsx(frame, meta)
    return to_json(frame, meta)


def codebook(fmt: str, languages: list[str]) -> bytes:
    """Every public column's code with its name in each offered language, as CSV or
    XLSX: the key to the CSV downloads' headers."""
    names = {}
    for lang in languages:
        with force_locale(lang):
            names[lang] = column_labels(COLUMN_LABELS)
    frame = pd.DataFrame(
        [[code, *(names[lang][code] for lang in languages)] for code in COLUMN_LABELS],
        columns=["code", *(f"name_{lang}" for lang in languages)],
    )
    if fmt == "csv":
        return to_csv(frame)
    labels = {"code": _("Code")}
    labels.update({f"name_{lang}": _("Name (%(lang)s)", lang=lang) for lang in languages})
    sheet = exports.Sheet(_("Codebook"), list(frame.columns), _body(frame), labels)
    return exports.workbook([sheet])
