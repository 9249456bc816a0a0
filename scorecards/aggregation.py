"""Report figures from summed summary rows, plus gaps, trends and action follow-up.

The web layer sums the summary tables of :mod:`scorecards.summaries` with SQL
(``GROUP BY`` its grouping keys, ``indicator_id``, ``scale_code`` and ``source``) and
passes the small result here. Nothing here needs raw scores.

Rules (tested in ``tests/scorecards/test_aggregation.py``):

* **Missing** answers are excluded from every figure, never counted as zero; they
  are reported in ``n_missing``. With ``n == 0`` every figure is NaN.
* **Mean** (own scale) = ``total / n``. **95% interval** = Student's t from the
  moments (:func:`scorecards.stats.ci95_from_moments`); NaN when ``n < 2``. The
  interval is cut at the ends of the scale (own scale: its minimum and maximum;
  0–100 figures: 0 and 100), since an average cannot lie outside its scale: with
  few answers the t interval would otherwise read e.g. −268 to 368 on 0–100.
* **Median** comes from the cumulative distribution: with the ``n`` present values
  sorted, the median is the value at position ``(n + 1) / 2`` for an odd ``n`` and
  the average of the values at positions ``n / 2`` and ``n / 2 + 1`` for an even
  ``n`` (so the median of 3 and 4 is 3.5). It is not rounded.
* **0–100 figures**: every value is mapped linearly (scale minimum -> 0, maximum ->
  100) by :meth:`Scale.normalise`; ``mean_100`` and its interval are computed from
  the normalised moments.
* **Mixed scales**: raw values are never averaged across scales. When a grouping
  holds answers on several scales, ``mixed_scales`` is True, ``scale_code``,
  ``mean``, ``median`` and the own-scale interval are NaN/None, and only the 0–100
  figures are combined: ``mean_100`` is the n-weighted mean of each scale's
  normalised mean (the mean of all normalised values), and its interval comes from
  the pooled normalised moments.
* **Share positive** = answers with ``value >= scale.positive_from`` (a value equal
  to the threshold counts as positive) over present answers. Each answer is judged
  on its own scale, so the share is defined for mixed scales too.
* **Sources** are never mixed silently: a grouping that holds more than one
  ``source`` raises ``DomainError("sources_mixed")`` unless the caller names the
  sources to pool (``pool_sources=("individual", "tally")``). Consensus scores count
  groups, not people, and are never pooled with votes.
* **Rounding** happens only for display, with :func:`round_half_up`.
* Frames use NaN for "no figure"; :func:`records` turns a frame into dicts with
  ``None`` instead.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from scorecards.errors import DomainError
from scorecards.scales import BUILTIN_SCALES, Scale
from scorecards.stats import ci95_from_moments
from scorecards.summaries import SOURCE_CONSENSUS, SOURCES
from scorecards.vocab import ActionStatus

FIGURE_COLUMNS: tuple[str, ...] = (
    "scale_code",
    "mixed_scales",
    "n",
    "n_missing",
    "respondents",
    "mean",
    "median",
    "ci_low",
    "ci_high",
    "mean_100",
    "ci_low_100",
    "ci_high_100",
    "positive",
    "share_positive",
)
"""Columns of :func:`indicator_figures` after the grouping keys (and ``source``)."""

VALUE_COLUMNS: tuple[str, ...] = (
    "mean",
    "median",
    "ci_low",
    "ci_high",
    "mean_100",
    "ci_low_100",
    "ci_high_100",
    "positive",
    "share_positive",
)
"""The figures that privacy suppression hides for small groups."""

_NAN = float("nan")


# --------------------------------------------------------------------------- rounding


def round_half_up(x: float | None, digits: int = 0) -> float | None:
    """Round for display: exact halves go away from zero (2.5 -> 3, -2.5 -> -3).

    Python's ``round`` rounds halves to even (``round(2.5) == 2``), which surprises
    readers of a report. The number's shortest decimal form is rounded, so
    ``round_half_up(2.675, 2) == 2.68`` although the binary float is a little below
    2.675. ``None`` and NaN give ``None``. Use only for display, never before
    combining figures.
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    quantum = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(float(x))).quantize(quantum, rounding=ROUND_HALF_UP))


def median_from_distribution(points: Sequence[float], counts: Sequence[int]) -> float | None:
    """Median of values given as (point, count) pairs, from the cumulative counts.

    Points need not be sorted; zero counts are ignored. For an even total the
    two middle values are averaged. ``None`` when the total count is 0.
    """
    pairs = sorted((float(p), int(c)) for p, c in zip(points, counts, strict=True) if c > 0)
    n = sum(c for _, c in pairs)
    if n == 0:
        return None
    values = np.array([p for p, _ in pairs])
    cumulative = np.cumsum([c for _, c in pairs])

    def at(position: int) -> float:  # 1-based position in the sorted values
        return float(values[np.searchsorted(cumulative, position)])

    if n % 2:
        return at((n + 1) // 2)
    return (at(n // 2) + at(n // 2 + 1)) / 2.0


# --------------------------------------------------------------------------- figures


def indicator_figures(
    summary: pd.DataFrame,
    distribution: pd.DataFrame,
    by: Sequence[str] = ("indicator_id",),
    scales: Mapping[str, Scale] | None = None,
    pool_sources: Collection[str] | None = None,
) -> pd.DataFrame:
    """Figures per grouping (usually per indicator within an area or facility).

    ``summary`` has the columns ``by``, ``scale_code``, ``n``, ``n_missing``,
    ``total``, ``total_squares`` (and usually ``source``); ``distribution`` has
    ``by``, ``scale_code``, ``point``, ``count`` (and ``source``). Several rows per
    grouping and scale are summed again, so partially summed input is fine.
    The distribution's counts must add up to ``n`` for every grouping and scale,
    else ``DomainError("distribution_mismatch")``.

    Returns one row per grouping (``by`` + ``source`` when present), sorted by them,
    with the columns :data:`FIGURE_COLUMNS` (see the module rules). Nothing is
    rounded.
    """
    scales = dict(scales or BUILTIN_SCALES)
    summary, keys = _label_sources(summary, by, pool_sources)
    distribution, _ = _label_sources(distribution, by, pool_sources, labels=summary)
    _require(summary, (*keys, "scale_code", "n", "n_missing", "total", "total_squares"))
    _require(distribution, (*keys, "scale_code", "point", "count"))

    per_scale = _per_scale(summary, distribution, keys, scales)
    if not len(per_scale):
        return pd.DataFrame(columns=[*keys, *FIGURE_COLUMNS])
    return _combine(per_scale, keys)


def distribution_shares(
    distribution: pd.DataFrame,
    by: Sequence[str] = ("indicator_id",),
    scales: Mapping[str, Scale] | None = None,
    pool_sources: Collection[str] | None = None,
) -> pd.DataFrame:
    """The distribution over every point of each scale, zeros filled in.

    One row per grouping (``by`` + ``source``), ``scale_code`` and scale point, with
    ``count``, ``n`` (present answers of that grouping on that scale) and ``share``
    (``count / n``, not rounded). Mixed-scale groupings keep one block per scale:
    points of different scales are never merged.
    """
    scales = dict(scales or BUILTIN_SCALES)
    distribution, keys = _label_sources(distribution, by, pool_sources)
    _require(distribution, (*keys, "scale_code", "point", "count"))
    rows = []
    for key, part in _groups(distribution, [*keys, "scale_code"]):
        scale = _scale(scales, key[-1])
        counts = part.groupby("point")["count"].sum()
        _check_points(counts.index, scale)
        n = int(counts.sum())
        for point in scale.point_values():
            count = int(counts.get(point, 0))
            rows.append(
                {
                    **dict(zip([*keys, "scale_code"], key, strict=True)),
                    "point": point,
                    "count": count,
                    "n": n,
                    "share": count / n if n else _NAN,
                }
            )
    return pd.DataFrame(rows, columns=[*keys, "scale_code", "point", "count", "n", "share"])


def records(frame: pd.DataFrame) -> list[dict[str, object]]:
    """Rows as dicts with NaN/NaT replaced by ``None`` (for templates and JSON)."""
    out = []
    for row in frame.to_dict(orient="records"):
        out.append({k: (None if _is_missing(v) else _plain(v)) for k, v in row.items()})
    return out


# --------------------------------------------------------------------------- gaps, trends


def gap_by_indicator(
    community: pd.DataFrame,
    provider: pd.DataFrame,
    on: Sequence[str] = ("indicator_id",),
    value: str = "mean_100",
) -> pd.DataFrame:
    """Community and provider figures side by side, matched by ``on`` (never position).

    Both frames are figure frames (e.g. from :func:`indicator_figures`) with at most
    one row per ``on`` key (else ``DomainError("indicator_duplicated")``).
    Returns one row per key found on either side, sorted by the keys, with
    ``community`` and ``provider`` (their ``value`` column), ``gap`` =
    community − provider (0–100 points by default; negative when providers rate
    themselves higher; NaN unless both are present), ``only`` = ``"community"`` or
    ``"provider"`` when one side has no row for that indicator, else ``None``, and
    ``community_n`` / ``provider_n`` (and ``*_suppressed``) when the inputs carry
    ``n`` (``suppressed``). A suppressed figure is NaN, so its gap is NaN too.
    """
    on = list(on)
    sides = {"community": community, "provider": provider}
    prepared = []
    for side, frame in sides.items():
        _require(frame, (*on, value))
        if frame.duplicated(on).any():
            raise DomainError("indicator_duplicated", on[-1], side=side)
        extra = [c for c in ("n", "suppressed") if c in frame.columns]
        part = frame[[*on, value, *extra]].rename(
            columns={value: side, **{c: f"{side}_{c}" for c in extra}}
        )
        part[f"_{side}_row"] = True
        prepared.append(part)
    merged = prepared[0].merge(prepared[1], on=on, how="outer", sort=True)
    has_c = merged.pop("_community_row").eq(True)
    has_p = merged.pop("_provider_row").eq(True)
    merged["community"] = merged["community"].astype("float64")
    merged["provider"] = merged["provider"].astype("float64")
    merged["gap"] = merged["community"] - merged["provider"]
    merged["only"] = pd.Series(
        [
            "community" if c and not p else "provider" if p and not c else None
            for c, p in zip(has_c, has_p, strict=True)
        ],
        index=merged.index,
        dtype=object,
    )
    order = [*on, "community", "provider", "gap", "only"]
    rest = [c for c in merged.columns if c not in order]
    return merged[order + rest].reset_index(drop=True)


def order_linked_rounds(previous_by_round: Mapping[Hashable, Hashable | None]) -> list[Hashable]:
    """Order follow-up rounds from the first to the latest.

    ``previous_by_round`` maps each round to the round it follows (``None`` for the
    first; a previous round outside the mapping also starts the chain). The rounds
    must form one chain: ``DomainError("round_chain_branched")`` when two rounds
    follow the same round, ``"round_chain_broken"`` when there is no single start
    or a cycle leaves rounds unreached.
    """
    rounds = set(previous_by_round)
    followers: dict[Hashable, Hashable] = {}
    starts = []
    for round_id, previous in previous_by_round.items():
        if previous is None or previous not in rounds:
            starts.append(round_id)
            continue
        if previous in followers:
            raise DomainError("round_chain_branched", "previous_round", round_id=previous)
        followers[previous] = round_id
    if len(starts) != 1:
        raise DomainError("round_chain_broken", "previous_round", starts=len(starts))
    chain = [starts[0]]
    while chain[-1] in followers and len(chain) <= len(rounds):
        chain.append(followers[chain[-1]])
    if len(chain) != len(rounds):
        raise DomainError("round_chain_broken", "previous_round", starts=1)
    return chain


def trend(
    frames: Mapping[Hashable, pd.DataFrame],
    on: Sequence[str] = ("indicator_id",),
    value: str = "mean_100",
    order: Sequence[Hashable] | None = None,
) -> pd.DataFrame:
    """One figure across periods or linked rounds, with the change between them.

    ``frames`` maps a period (or round) to its figure frame; ``order`` gives the
    periods from first to last (e.g. :func:`order_linked_rounds`), by default the
    sorted keys. Returns one row per ``on`` key and period (every key seen in any
    period), sorted by key then ``position`` (0 = first), with ``period``,
    ``present`` (the key has a row in that period), ``value``, ``n`` (when given)
    and ``change`` = value − value of the immediately preceding period; the change
    is NaN when either is missing or suppressed (a later period is not compared
    with an older one across a gap). Not rounded.
    """
    on = list(on)
    periods = list(order) if order is not None else sorted(frames)
    unknown = [p for p in periods if p not in frames]
    if unknown or len(set(periods)) != len(periods) or set(periods) != set(frames):
        raise DomainError("period_unknown", "period", periods=unknown)
    parts = []
    for position, period in enumerate(periods):
        frame = frames[period]
        _require(frame, (*on, value))
        if frame.duplicated(on).any():
            raise DomainError("indicator_duplicated", on[-1], period=period)
        extra = ["n"] if "n" in frame.columns else []
        part = frame[[*on, value, *extra]].rename(columns={value: "value"}).copy()
        part["position"] = position
        part["present"] = True
        parts.append(part)
    stacked = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=on)
    keys = stacked[on].drop_duplicates()
    grid = keys.merge(pd.DataFrame({"position": range(len(periods))}), how="cross")
    result = grid.merge(stacked, on=[*on, "position"], how="left")
    result["present"] = result["present"].eq(True)
    result["value"] = result["value"].astype("float64")
    result["period"] = [periods[p] for p in result["position"]]
    result = result.sort_values([*on, "position"], kind="stable").reset_index(drop=True)
    previous = result.groupby(on, sort=False, dropna=False)["value"].shift(1)
    result["change"] = result["value"] - previous
    columns = [*on, "period", "position", "present", "value", *(["n"] if "n" in result else [])]
    return result[[*columns, "change"]]


# --------------------------------------------------------------------------- actions


@dataclass(frozen=True)
class ActionFigures:
    """Follow-up of a joint action plan (counts of actions, and one share)."""

    agreed: int
    planned: int
    in_progress: int
    done: int
    dropped: int
    overdue: int
    done_on_time: int
    share_done_on_time: float | None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def action_figures(actions: pd.DataFrame, today: date) -> ActionFigures:
    """Count actions by status and judge timeliness as of ``today``.

    ``actions`` has ``status`` (an :class:`ActionStatus` code), ``due_date`` and
    ``completed_on`` (dates, ISO strings or missing). Definitions:

    * ``agreed`` — every action in the plan, dropped ones included.
    * ``overdue`` — planned or in progress with a ``due_date`` strictly before
      ``today`` (due today is not overdue; no due date is never overdue).
    * ``done_on_time`` — done, and either without a due date (no deadline to miss)
      or with ``completed_on <= due_date``. Done without a ``completed_on`` date
      cannot be shown to be on time and is not counted as on time.
    * ``share_done_on_time`` = done_on_time / (done + overdue): of the actions that
      are done or should have been done by now, the share done in time. Dropped
      actions and actions not yet due are outside the denominator. ``None`` when
      the denominator is 0. Not rounded.

    Unknown statuses raise ``DomainError("action_status_unknown", "status")``.
    """
    _require(actions, ("status", "due_date", "completed_on"))
    status = actions["status"].astype(object).map(lambda s: None if _is_missing(s) else str(s))
    known = {s.value for s in ActionStatus}
    bad = status[~status.isin(known)]
    if len(bad):
        raise DomainError("action_status_unknown", "status", status=bad.iloc[0])
    due = _dates(actions["due_date"], "due_date")
    completed = _dates(actions["completed_on"], "completed_on")
    now = pd.Timestamp(today)

    open_ = status.isin([ActionStatus.PLANNED.value, ActionStatus.IN_PROGRESS.value])
    done = status.eq(ActionStatus.DONE.value)
    overdue = open_ & due.notna() & (due < now)
    on_time = done & (due.isna() | (completed.notna() & (completed <= due)))
    denominator = int(done.sum() + overdue.sum())
    return ActionFigures(
        agreed=len(actions),
        planned=int(status.eq(ActionStatus.PLANNED.value).sum()),
        in_progress=int(status.eq(ActionStatus.IN_PROGRESS.value).sum()),
        done=int(done.sum()),
        dropped=int(status.eq(ActionStatus.DROPPED.value).sum()),
        overdue=int(overdue.sum()),
        done_on_time=int(on_time.sum()),
        share_done_on_time=(int(on_time.sum()) / denominator) if denominator else None,
    )


# --------------------------------------------------------------------------- helpers


def _require(frame: pd.DataFrame, columns: Iterable[str]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DomainError("columns_missing", None, columns=missing)


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _plain(value: object) -> object:
    if isinstance(value, np.generic):
        return value.item()
    return value


def _dates(column: pd.Series, field: str) -> pd.Series:
    try:
        return pd.to_datetime(column.astype(object), errors="raise")
    except (TypeError, ValueError):
        raise DomainError("date_invalid", field) from None


def _scale(scales: Mapping[str, Scale], code: object) -> Scale:
    if code not in scales:
        raise DomainError("scale_unknown", "scale_code", scale_code=code)
    return scales[code]


def _check_points(points: Iterable[object], scale: Scale) -> None:
    for point in points:
        if not scale.min_value <= float(point) <= scale.max_value:
            raise DomainError("value_out_of_range", "point", value=point, scale_code=scale.code)


def _groups(frame: pd.DataFrame, keys: Sequence[str]):
    """``groupby`` that also works with no keys (one group) and keeps NaN keys."""
    if not keys:
        if len(frame):
            yield (), frame
        return
    for key, part in frame.groupby(list(keys), sort=True, dropna=False):
        yield (key if isinstance(key, tuple) else (key,)), part


def _label_sources(
    frame: pd.DataFrame,
    by: Sequence[str],
    pool_sources: Collection[str] | None,
    labels: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """Make ``source`` a grouping key, pooling only what the caller allowed.

    ``labels`` is the already labelled summary: the distribution then takes the
    summary's label of each grouping. Both must agree, and a grouping whose answers
    of one source were all missing ("don't know", "not applicable") has summary rows
    of that source but no distribution rows: labelled on its own, its distribution
    would name fewer sources than its summary ("tally" against "individual+tally")
    and read as a different grouping (``distribution_mismatch``).
    """
    keys = list(by)
    if "source" not in frame.columns or "source" in keys:
        return frame, keys
    if pool_sources is not None:
        pool = set(pool_sources)
        unknown = pool - set(SOURCES)
        if unknown:
            raise DomainError("source_unknown", "source", sources=sorted(unknown))
        if SOURCE_CONSENSUS in pool and len(pool) > 1:
            raise DomainError("consensus_not_poolable", "source")
    frame = frame.copy()
    frame["source"] = frame["source"].astype(str)
    if keys and frame["source"].nunique() > 1:
        sets = _source_sets(frame, keys)
    else:  # one source overall (the usual case): every grouping holds just that one
        sets = pd.Series("+".join(sorted(set(frame["source"]))), index=frame.index)
    for label in set(sets):
        members = set(label.split("+"))
        if len(members) > 1 and (pool_sources is None or not members <= set(pool_sources)):
            raise DomainError("sources_mixed", "source", sources=sorted(members))
    frame["source"] = sets
    if labels is not None and len(labels) and len(frame):
        frame["source"] = _summary_labels(frame, keys, labels)
    return frame, [*keys, "source"]


def _source_sets(frame: pd.DataFrame, keys: list[str]) -> pd.Series:
    """Per row, the sources its grouping holds, sorted and joined with "+"
    ("individual+tally"). One vectorised pass per source (there are three), not a
    Python call per grouping."""
    sets = np.full(len(frame), "", dtype=object)
    for source in sorted(set(frame["source"])):
        holds = (
            (frame["source"] == source)
            .groupby([frame[k] for k in keys], dropna=False, sort=False)
            .transform("any")
            .to_numpy(dtype=bool)
        )
        sets = np.where(holds, np.where(sets == "", source, sets + "+" + source), sets)
    return pd.Series(sets, index=frame.index, dtype=object)


def _summary_labels(frame: pd.DataFrame, keys: list[str], labels: pd.DataFrame) -> np.ndarray:
    """The source label ``labels`` gives each row's grouping (the row's own label for a
    grouping ``labels`` lacks, which then fails the distribution check)."""
    if not keys:
        return np.full(len(frame), labels["source"].iloc[0], dtype=object)
    lookup = dict(
        zip(
            zip(*(labels[k].to_numpy() for k in keys), strict=True),
            labels["source"].to_numpy(),
            strict=True,
        )
    )
    own = frame["source"].to_numpy()
    rows = zip(*(frame[k].to_numpy() for k in keys), strict=True)
    return np.array([lookup.get(row, own[i]) for i, row in enumerate(rows)], dtype=object)


def _per_scale(
    summary: pd.DataFrame,
    distribution: pd.DataFrame,
    keys: list[str],
    scales: Mapping[str, Scale],
) -> pd.DataFrame:
    """Sums per grouping and scale, with normalised moments, positives and median,
    sorted by the grouping keys and the scale: one pass over the rows, however many
    groupings there are.

    The checks run in grouping order and the first grouping that fails one decides
    the error: a scale that is not known, then a point outside its scale (the first
    such row), then a distribution whose counts do not add up to ``n``. Before them, a
    distribution grouping absent from the summary with answers counted in it is
    refused."""
    group_keys = [*keys, "scale_code"]
    parts = [frame[group_keys] for frame in (summary, distribution) if len(frame)]
    if not parts:
        return pd.DataFrame()
    both = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    ids = both.groupby(group_keys, sort=True, dropna=False).ngroup().to_numpy()
    sid, did = ids[: len(summary)], ids[len(summary) :]  # an empty frame has no rows here
    count = _floats(distribution["count"])
    counted_by_id = np.bincount(did, weights=count, minlength=ids.max() + 1)
    order, first_rows = np.unique(sid, return_index=True)  # summary groupings, sorted
    in_summary = np.zeros(len(counted_by_id), dtype=bool)
    in_summary[order] = True
    stray = np.flatnonzero(~in_summary & (counted_by_id.astype(np.int64) > 0))
    if len(stray):
        row = np.flatnonzero(did == stray[0])[0]
        key = tuple(_plain(distribution[k].to_numpy()[row]) for k in group_keys)
        raise DomainError("distribution_mismatch", None, key=key, n=0, counted=None)
    if not len(order):
        return pd.DataFrame()

    position = np.full(len(counted_by_id), -1)
    position[order] = np.arange(len(order))
    codes = summary["scale_code"].to_numpy()[first_rows]
    distinct = pd.unique(codes)  # a handful of scales, however many groupings
    of_code = pd.Index(distinct).get_indexer(codes)
    known = np.array([code in scales for code in distinct], dtype=bool)[of_code]
    low, high, span, positive_from = np.array(
        [
            [scales[c].min_value, scales[c].max_value, scales[c].span, scales[c].positive_from]
            if c in scales
            else [np.nan] * 4
            for c in distinct
        ],
        dtype=float,
    )[of_code].T
    n = np.bincount(position[sid], weights=_floats(summary["n"]), minlength=len(order))
    n = n.astype(np.int64)
    sums = {
        m: np.bincount(position[sid], weights=_floats(summary[m]), minlength=len(order))
        for m in ("n_missing", "total", "total_squares")
    }

    group = position[did]  # each distribution row's grouping; -1 for an unlisted one
    listed = group >= 0
    raw_points = distribution["point"].to_numpy()
    points = _floats(distribution["point"], missing=np.nan)
    at = np.where(listed, group, 0)
    inside = (low[at] <= points) & (points <= high[at])
    out_of_range = listed & known[at] & ~inside
    has_outside = np.bincount(group[out_of_range], minlength=len(order)) > 0
    counted = np.bincount(group[listed], weights=count[listed], minlength=len(order))
    counted = counted.astype(np.int64)
    failing = np.flatnonzero(~known | has_outside | (counted != n))
    if len(failing):
        g = failing[0]
        if not known[g]:
            raise DomainError("scale_unknown", "scale_code", scale_code=codes[g])
        if has_outside[g]:
            row = np.flatnonzero(out_of_range & (group == g))[0]
            raise DomainError(
                "value_out_of_range", "point", value=raw_points[row], scale_code=codes[g]
            )
        key = tuple(_plain(summary[k].to_numpy()[first_rows[g]]) for k in group_keys)
        raise DomainError(
            "distribution_mismatch", None, key=key, n=int(n[g]), counted=int(counted[g])
        )

    positive = listed & (points >= positive_from[at])
    factor = 100.0 / span
    total, squares = sums["total"], sums["total_squares"]
    frame = pd.DataFrame(
        {k: summary[k].to_numpy()[first_rows] for k in group_keys}
        | {
            "n": n,
            "n_missing": sums["n_missing"].astype(np.int64),
            "total": total,
            "total_squares": squares,
            "total_100": factor * (total - n * low),
            "squares_100": factor * factor * (squares - 2 * low * total + n * low * low),
            "positive": np.bincount(
                group[positive], weights=count[positive], minlength=len(order)
            ).astype(np.int64),
            "median": _medians(group[listed], points[listed], count[listed], len(order)),
            "min_value": low,
            "max_value": high,
        }
    )
    return frame


def _floats(column: pd.Series, missing: float = 0.0) -> np.ndarray:
    """A column as floats, a missing value (None, NaN) read as ``missing``: summed
    counts and moments skip missing cells, as ``np.nansum`` does."""
    values = pd.to_numeric(column, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return np.where(np.isnan(values), missing, values)


def _medians(group: np.ndarray, points: np.ndarray, counts: np.ndarray, groups: int):
    """Each grouping's median from its (point, count) rows, as
    :func:`median_from_distribution` reads it (zero counts ignored, whole counts, the
    two middle values averaged for an even total); NaN for a grouping with none."""
    keep = counts >= 1
    group, points, counts = group[keep], points[keep], np.floor(counts[keep])
    order = np.lexsort((points, group))
    group, points, counts = group[order], points[order], counts[order]
    totals = np.bincount(group, weights=counts, minlength=groups).astype(np.int64)
    before = np.concatenate([[0], np.cumsum(totals)[:-1]])
    cumulative = np.cumsum(counts)
    medians = np.full(groups, np.nan)
    answered = np.flatnonzero(totals > 0)
    if not len(answered):
        return medians
    total = totals[answered]
    lower = np.where(total % 2, (total + 1) // 2, total // 2)
    upper = np.where(total % 2, (total + 1) // 2, total // 2 + 1)
    first = points[np.searchsorted(cumulative, before[answered] + lower)]
    second = points[np.searchsorted(cumulative, before[answered] + upper)]
    medians[answered] = np.where(total % 2, first, (first + second) / 2.0)
    return medians


def _combine(per_scale: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Figures of every grouping from its per-scale rows (see the module rules), all
    groupings in one pass; ``per_scale`` is sorted by the grouping keys."""
    if keys:
        grouping = per_scale.groupby(keys, sort=True, dropna=False).ngroup().to_numpy()
    else:
        grouping = np.zeros(len(per_scale), dtype=np.int64)
    count = grouping.max() + 1

    def summed(column: str) -> np.ndarray:
        return np.bincount(grouping, weights=per_scale[column].to_numpy(float), minlength=count)

    rows_n = per_scale["n"].to_numpy()
    n = summed("n").astype(np.int64)
    answered_rows = np.flatnonzero(rows_n > 0)
    answered = np.bincount(grouping[answered_rows], minlength=count)
    scales = np.bincount(grouping, minlength=count)
    mixed = (answered > 1) | ((answered == 0) & (scales > 1))
    # The scale row a grouping on one scale is read from: its answered row, else its
    # only row.
    _, first_row = np.unique(grouping, return_index=True)
    chosen = first_row.copy()
    with_answers, first_answered = np.unique(grouping[answered_rows], return_index=True)
    chosen[with_answers] = answered_rows[first_answered]
    own = ~mixed & (n > 0)

    total_100, squares_100 = summed("total_100"), summed("squares_100")
    positive = summed("positive").astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_100 = np.where(n > 0, total_100 / n, np.nan)
        share = np.where(n > 0, positive / n, np.nan)
        total = per_scale["total"].to_numpy(float)[chosen]
        mean = np.where(own, total / n, np.nan)
    low_100, high_100 = ci95_from_moments(n, total_100, squares_100, 0.0, 100.0)
    low, high = ci95_from_moments(
        np.where(own, n, 0),
        total,
        per_scale["total_squares"].to_numpy(float)[chosen],
        per_scale["min_value"].to_numpy(float)[chosen],
        per_scale["max_value"].to_numpy(float)[chosen],
    )
    n_missing = summed("n_missing").astype(np.int64)
    codes = per_scale["scale_code"].to_numpy()[chosen].astype(object)
    result = pd.DataFrame(
        {k: per_scale[k].to_numpy()[first_row] for k in keys}
        | {
            "scale_code": np.where(mixed, None, codes),
            "mixed_scales": mixed,
            "n": n,
            "n_missing": n_missing,
            "respondents": n + n_missing,
            "mean": mean,
            "median": np.where(own, per_scale["median"].to_numpy(float)[chosen], np.nan),
            "ci_low": low,
            "ci_high": high,
            "mean_100": mean_100,
            "ci_low_100": low_100,
            "ci_high_100": high_100,
            "positive": positive,
            "share_positive": share,
        }
    )
    return result[[*keys, *FIGURE_COLUMNS]]
