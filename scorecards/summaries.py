"""Pre-aggregation of one round's scores into summable summary rows.

Reports never load every raw score (DESIGN.md §4). When a round's answers change,
the web layer calls these functions and stores their output in two tables; reports
then ``SUM`` those tables with SQL ``GROUP BY`` and hand the small result to
:mod:`scorecards.aggregation`.

Two frames come out of every function here:

* **summary rows** — one row per cell (:data:`CELL_KEYS` plus ``scale_code`` and
  ``source``) with ``n`` (present values), ``n_missing``, ``respondents``
  (``n + n_missing``), ``total`` (sum of present values) and ``total_squares`` (sum of
  their squares). Every measure is a plain sum, so cells can be combined with SQL
  ``SUM`` and the mean and the 95% interval rebuilt exactly.
* **distribution rows** — long format, one row per cell and scale point that was
  chosen at least once: the cell keys, ``point`` (int) and ``count``. Points nobody
  chose have no row (:mod:`scorecards.aggregation` fills them with zero). Also
  combinable by SQL ``SUM``. A point is the value itself: ``int`` when whole, ``float``
  on the half steps of a step-0.5 scale (stored exactly as a decimal).

Rules:

* Missing values (``None``/``NaN``) are counted in ``n_missing`` and excluded from
  ``n``, ``total``, ``total_squares`` and the distribution; never zero.
* Missing demographics (``gender``, ``age_band``, ``disability``) become
  ``"undisclosed"`` (the vocabularies' own code); a missing ``group_kind`` becomes
  ``"none"`` (the answer was not given in a participant group). Paper tallies and
  consensus scores have no individual demographics: those columns are
  ``"undisclosed"``.
* ``source`` says how the answers were collected: ``"individual"`` (one person, phone
  or paper form), ``"tally"`` (counts from a paper tally sheet) or ``"consensus"``
  (one score agreed by a whole group; then ``n`` counts groups, not people).
  Sources are never merged here; :mod:`scorecards.aggregation` refuses to mix them
  unless told explicitly.
* Values must lie on the indicator's scale, on one of its steps (whole numbers on
  step-1 scales); anything else raises ``DomainError("value_out_of_range" |
  "value_not_on_step", "value")`` (the latter with params ``allowed``, ``step``).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from scorecards.errors import DomainError
from scorecards.scales import BUILTIN_SCALES, Scale, format_value, plain_number

CELL_KEYS: tuple[str, ...] = (
    "round_indicator_id",
    "indicator_id",
    "side",
    "group_kind",
    "gender",
    "age_band",
    "disability",
)
"""Columns identifying one cell of raw answers."""

SUMMARY_KEYS: tuple[str, ...] = (*CELL_KEYS, "scale_code", "source")
"""Key columns of both output frames (the natural primary key of the summary table)."""

MEASURES: tuple[str, ...] = ("n", "n_missing", "respondents", "total", "total_squares")
"""Summable measure columns of the summary frame."""

SUMMARY_COLUMNS: tuple[str, ...] = (*SUMMARY_KEYS, *MEASURES)
DISTRIBUTION_COLUMNS: tuple[str, ...] = (*SUMMARY_KEYS, "point", "count")

UNDISCLOSED = "undisclosed"
NO_GROUP = "none"

SOURCE_INDIVIDUAL = "individual"
SOURCE_TALLY = "tally"
SOURCE_CONSENSUS = "consensus"
SOURCES: tuple[str, ...] = (SOURCE_INDIVIDUAL, SOURCE_TALLY, SOURCE_CONSENSUS)

_DEMOGRAPHICS = ("gender", "age_band", "disability")

ScaleLookup = Mapping[object, Scale | str]


def summarise_scores(
    frame: pd.DataFrame, scale_by_indicator: ScaleLookup
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Summarise individual answers of ONE round (source ``"individual"``).

    ``frame`` has the columns of :data:`CELL_KEYS` plus ``value`` (float; ``None`` or
    ``NaN`` = missing answer), one row per person and indicator.
    ``scale_by_indicator`` maps each ``indicator_id`` to its :class:`Scale` (or a
    built-in scale code) in this round.

    Returns ``(summary, distribution)`` with the columns :data:`SUMMARY_COLUMNS` and
    :data:`DISTRIBUTION_COLUMNS`, sorted by their keys. Sums are not rounded.
    """
    _require(frame, (*CELL_KEYS, "value"))
    cells = _clean_keys(frame[list(CELL_KEYS)].copy())
    values = _numeric(frame["value"], "value")
    cells["scale_code"] = _scale_codes(cells["indicator_id"], scale_by_indicator)
    cells["source"] = SOURCE_INDIVIDUAL
    _check_on_scale(cells, values, scale_by_indicator)
    return _summarise(cells, values, pd.Series(1, index=cells.index, dtype="int64"))


def summarise_tallies(
    frame: pd.DataFrame, scale_by_indicator: ScaleLookup
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Summarise paper tally sheets (source ``"tally"``).

    ``frame`` has ``round_indicator_id, indicator_id, side, group_kind, value, count``:
    ``count`` people of that group chose ``value`` (``value`` missing = that many
    "not applicable / don't know" marks). Counts must be whole numbers >= 0
    (``DomainError("tally_count_invalid", "count")``); rows with count 0 add nothing.
    Demographic columns are ``"undisclosed"``. Same output shape as
    :func:`summarise_scores`.
    """
    keys = ("round_indicator_id", "indicator_id", "side", "group_kind")
    _require(frame, (*keys, "value", "count"))
    cells = frame[list(keys)].copy()
    for column in _DEMOGRAPHICS:
        cells[column] = UNDISCLOSED
    cells = _clean_keys(cells[list(CELL_KEYS)])
    values = _numeric(frame["value"], "value")
    counts = _numeric(frame["count"], "count")
    if counts.isna().any() or (counts < 0).any() or (counts != np.floor(counts)).any():
        raise DomainError("tally_count_invalid", "count")
    cells["scale_code"] = _scale_codes(cells["indicator_id"], scale_by_indicator)
    cells["source"] = SOURCE_TALLY
    _check_on_scale(cells, values, scale_by_indicator)
    return _summarise(cells, values, counts.astype("int64"))



def empty_summary() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Empty frames with the output columns (for rounds without answers)."""
    return (
        pd.DataFrame({c: pd.Series(dtype=_dtype(c)) for c in SUMMARY_COLUMNS}),
        pd.DataFrame({c: pd.Series(dtype=_dtype(c)) for c in DISTRIBUTION_COLUMNS}),
    )


# ---------------------------------------------------------------------------


def _dtype(column: str) -> str:
    if column in ("n", "n_missing", "respondents", "count"):
        return "int64"
    if column in ("total", "total_squares"):
        return "float64"
    return "object"


def _require(frame: pd.DataFrame, columns: tuple[str, ...]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DomainError("columns_missing", None, columns=missing)


def _clean_keys(cells: pd.DataFrame) -> pd.DataFrame:
    for column in ("round_indicator_id", "indicator_id", "side"):
        if cells[column].isna().any():
            raise DomainError("key_missing", column)
    cells["group_kind"] = _fill_text(cells["group_kind"], NO_GROUP)
    for column in _DEMOGRAPHICS:
        cells[column] = _fill_text(cells[column], UNDISCLOSED)
    cells["side"] = cells["side"].astype(str)
    return cells


def _fill_text(column: pd.Series, default: str) -> pd.Series:
    as_object = column.astype(object)
    filled = as_object.where(as_object.notna(), default)
    return filled.map(lambda v: default if str(v).strip() == "" else str(v)).astype(object)


def _numeric(column: pd.Series, field: str) -> pd.Series:
    try:
        return pd.to_numeric(column.astype(object), errors="raise").astype("float64")
    except (TypeError, ValueError):
        raise DomainError("value_not_number", field) from None


def _resolve(scale: Scale | str) -> Scale:
    if isinstance(scale, Scale):
        return scale
    try:
        return BUILTIN_SCALES[scale]
    except KeyError:
        raise DomainError("scale_unknown", "scale_code", scale_code=scale) from None


def _scale_codes(indicators: pd.Series, scale_by_indicator: ScaleLookup) -> pd.Series:
    codes = {}
    for indicator in indicators.unique():
        if indicator not in scale_by_indicator:
            raise DomainError("scale_unknown", "indicator_id", indicator_id=indicator)
        codes[indicator] = _resolve(scale_by_indicator[indicator]).code
    return indicators.map(codes).astype(object)


def _check_on_scale(
    cells: pd.DataFrame, values: pd.Series, scale_by_indicator: ScaleLookup
) -> None:
    present = values.notna()
    if not np.isfinite(values[present]).all():
        raise DomainError("value_not_number", "value")
    scales = {i: _resolve(s) for i, s in scale_by_indicator.items()}
    low = cells["indicator_id"].map(lambda i: scales[i].min_value)
    high = cells["indicator_id"].map(lambda i: scales[i].max_value)
    outside = present & ((values < low) | (values > high))
    if outside.any():
        first = outside[outside].index[0]
        raise DomainError(
            "value_out_of_range",
            "value",
            indicator_id=cells.at[first, "indicator_id"],
            value=float(values[first]),
            min=int(low[first]),
            max=int(high[first]),
        )
    # Steps have at most three decimals and values are stored with three, so a value
    # on a step is within 1e-6 steps of a whole number of steps (float division).
    step = cells["indicator_id"].map(lambda i: float(scales[i].step))
    steps = (values - low) / step
    between = present & ((steps - steps.round()).abs() > 1e-6)
    if between.any():
        first = between[between].index[0]
        scale = scales[cells.at[first, "indicator_id"]]
        raise DomainError(
            "value_not_on_step",
            "value",
            value=float(values[first]),
            allowed=scale.allowed_values_text(),
            step=format_value(scale.step),
            min=scale.min_value,
            max=scale.max_value,
        )


def _summarise(
    cells: pd.DataFrame, values: pd.Series, weights: pd.Series
) -> tuple[pd.DataFrame, pd.DataFrame]:
    keys = list(SUMMARY_KEYS)
    present = values.notna()
    work = cells.copy()
    work["n"] = weights.where(present, 0)
    work["n_missing"] = weights.where(~present, 0)
    work["respondents"] = weights
    filled = values.fillna(0.0)
    work["total"] = filled * weights
    work["total_squares"] = filled * filled * weights
    if work.empty:
        return empty_summary()
    summary = work.groupby(keys, sort=True, dropna=False)[list(MEASURES)].sum().reset_index()
    summary = summary[summary["respondents"] > 0]
    for column in ("n", "n_missing", "respondents"):
        summary[column] = summary[column].astype("int64")
    for column in ("total", "total_squares"):
        summary[column] = summary[column].astype("float64")

    chosen = work[present & (weights > 0)].copy()
    chosen["point"] = values[chosen.index].astype("float64")
    chosen["count"] = weights[chosen.index]
    distribution = (
        chosen.groupby([*keys, "point"], sort=True, dropna=False)["count"].sum().reset_index()
    )
    distribution["point"] = distribution["point"].map(plain_number).astype(object)
    distribution["count"] = distribution["count"].astype("int64")
    return (
        summary[list(SUMMARY_COLUMNS)].reset_index(drop=True),
        distribution[list(DISTRIBUTION_COLUMNS)].reset_index(drop=True),
    )


# --------------------------------------------------------------------------- marginal cells

ALL = "all"
"""The category of the ``all`` row of a cell (no breakdown)."""
BREAKDOWNS: tuple[str, ...] = (ALL, "group_kind", "gender", "age_band", "disability")
"""What the stored summary rows are broken down by: ``all`` and one demographic at a
time (their cross is never stored, so no figure narrower than one breakdown exists)."""
MARGINAL_KEYS: tuple[str, ...] = (
    "round_indicator_id",
    "indicator_id",
    "side",
    "scale_code",
    "source",
)
"""Key columns of a marginal cell before ``breakdown`` and ``category``."""
MARGINAL_MEASURES: tuple[str, ...] = ("n", "n_missing", "total", "total_squares")
"""Summed measures of a marginal summary cell (``respondents`` is ``n + n_missing``)."""


def marginal_cells(
    summary: pd.DataFrame, distribution: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Full-cross cells of one round summed into one ``all`` row plus one row per
    category of each breakdown of :data:`BREAKDOWNS` — what publishing stores.

    ``summary`` and ``distribution`` are :func:`summarise_scores` /
    :func:`summarise_tallies` output (or their concatenation); each returned row keeps
    :data:`MARGINAL_KEYS` (the distribution also ``point``), the summed measures
    (:data:`MARGINAL_MEASURES`, or ``count``), ``breakdown`` and ``category`` (the
    breakdown's value, ``"all"`` for the ``all`` row). The categories of a breakdown
    add up to its ``all`` row. Empty inputs give empty frames with those columns.
    """
    measures_of = list(MARGINAL_MEASURES)
    summary_parts, distribution_parts = [], []
    for breakdown in BREAKDOWNS:
        for frame, measures, target in (
            (summary, measures_of, summary_parts),
            (distribution, ["count"], distribution_parts),
        ):
            if frame.empty:
                continue
            keys = list(MARGINAL_KEYS) + (["point"] if "point" in frame.columns else [])
            if breakdown == ALL:
                part = frame.groupby(keys, sort=False)[measures].sum().reset_index()
                part["category"] = ALL
            else:
                part = frame.groupby([*keys, breakdown], sort=False)[measures].sum().reset_index()
                part = part.rename(columns={breakdown: "category"})
            part["breakdown"] = breakdown
            target.append(part)
    empty_s = pd.DataFrame(columns=[*MARGINAL_KEYS, *measures_of, "breakdown", "category"])
    empty_d = pd.DataFrame(columns=[*MARGINAL_KEYS, "point", "count", "breakdown", "category"])
    return (
        pd.concat(summary_parts, ignore_index=True) if summary_parts else empty_s,
        pd.concat(distribution_parts, ignore_index=True) if distribution_parts else empty_d,
    )
