"""Report figures read from the summary tables (published rounds only).

SQL sums the summary rows per grouping (from the aimag-level tables when the
grouping needs no round, soum or facility) (plus indicator, scale and source) so only a
small frame leaves the database; :mod:`scorecards.aggregation` turns it into means,
medians, 0–100 scores, intervals and shares, and :mod:`scorecards.privacy` hides
every figure built from fewer than ``PRIVACY_K`` people. Results are cached per
data version (:mod:`app.services.reports.cache`).

Groupings (``by`` and filters): ``aimag``, ``area`` (soum or district), ``facility``,
``facility_type``, ``sector``, ``period``, ``round_number``, ``round``, ``side``,
``indicator``, and one demographic breakdown at a time: ``group_kind``, ``gender``,
``age_band`` or ``disability`` (the summaries hold marginal cells, not their cross).

``source`` picks what is counted: ``votes`` (individual answers and paper tallies,
pooled: both are one person's choice), ``individual``, ``tally`` or ``consensus``
(one score per group, never pooled with votes).

Consensus figures (``source="consensus"``) are read from ``result_consensus`` (one
row per group and indicator) and follow their own privacy rule
(:func:`scorecards.privacy.consensus_status`): a group's score counts when the
group's recorded number of participants reaches k; groups whose size was not
recorded or is below k are left out of every consensus figure and counted in
``groups_size_not_recorded`` / ``groups_below_k`` so pages can say why. ``n`` counts
group scores, ``groups_shown`` the groups behind the figure, and ``people`` the
participants those groups recorded (for a figure over several indicators, the
largest such sum for any one indicator). A grouping whose every group is hidden
has ``suppressed`` true and no figures.

Protection against subtraction (votes only; :mod:`scorecards.privacy` explains it):
before any figure is built, the summary cells that :func:`scorecards.privacy.withheld_cells`
withholds — an ``all`` cell (round × indicator × side × source) below k with all its
categories, and in each breakdown the categories below k plus the next-smallest ones
until the withheld answers reach k — are taken out of the summed frames
(:func:`withheld_frames`, :func:`scorecards.privacy.subtract_withheld`), for every
grouping alike. In the aimag-level rows a pool
of withheld ``all`` cells that reaches k together counts again
(:func:`scorecards.privacy.pools_reaching_k`). Unpublished rounds shown to officials
get the same treatment, without the pooling.

People count rule (``people``, the count the k rule reads;
:func:`scorecards.counts.figure_people`): for a figure over several
indicators, the largest number of present answers to any one indicator in the
grouping — the number of people who certainly stand behind it — so a grouping of 3
people answering 15 indicators is hidden even though it holds 45 answers. It is read
after protection; every kept cell has at least k answers, so a figure is hidden
exactly when no kept cell is in it, and then its counts (``people``, ``n``,
``n_missing``, ``respondents``) are hidden too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd
from flask import current_app
from sqlalchemy import false, func, select

from app.extensions import db
from app.models import Area, Round
from app.models.reports import (
    ALL,
    AreaDistribution,
    AreaSummary,
    ResultConsensus,
    ResultDistribution,
    ResultParticipation,
    ResultSummary,
)
from app.services.publication import (
    all_scales,
    consensus_rows,
    round_dimensions,
    round_frames,
)
from app.services.reports import cache
from app.services.texts import point_label
from scorecards.aggregation import FIGURE_COLUMNS, distribution_shares, indicator_figures
from scorecards.counts import figure_people
from scorecards.errors import DomainError
from scorecards.lifecycle import Phase
from scorecards.privacy import (
    CONSENSUS_SHOWN,
    consensus_groups_hidden,
    consensus_statuses,
    pools_reaching_k,
    subtract_withheld,
    suppress,
    withheld_cells,
    withhold_round_cells,
)
from scorecards.summaries import marginal_cells

COLUMN_OF = {
    "aimag": "aimag_id",
    "area": "area_id",
    "facility": "facility_id",
    "facility_type": "facility_type_id",
    "sector": "sector_id",
    "period": "period_label",
    "round_number": "round_number",
    "round": "round_id",
    "side": "side",
    "indicator": "indicator_id",
}
BREAKDOWN_GROUPINGS = ("group_kind", "gender", "age_band", "disability")
GROUPINGS = (*COLUMN_OF, *BREAKDOWN_GROUPINGS)
INTEGER_GROUPINGS = {
    "aimag",
    "area",
    "facility",
    "facility_type",
    "sector",
    "round_number",
    "round",
    "indicator",
}
SOURCES = {
    "votes": ("individual", "tally"),
    "individual": ("individual",),
    "tally": ("tally",),
    "consensus": ("consensus",),
}
RESULT_COLUMNS = (*FIGURE_COLUMNS, "people", "suppressed")
HIDDEN_COUNTS = ("people", "n", "n_missing", "respondents")
"""Counts of a hidden vote figure that are hidden with it (its size is a figure too)."""
CONSENSUS_COUNT_COLUMNS = ("groups_shown", "groups_size_not_recorded", "groups_below_k")
"""Extra columns of consensus figures: groups behind the figure and groups left out."""
NO_DEMOGRAPHICS = "undisclosed"
AREA_GROUPINGS = {
    "aimag",
    "facility_type",
    "sector",
    "period",
    "side",
    "indicator",
    *BREAKDOWN_GROUPINGS,
}
"""Groupings answered from the aimag-level tables (no round, soum or facility)."""


@dataclass(frozen=True)
class ResultQuery:
    """One request for figures: group by ``by``, keep rows matching ``filters``."""

    by: tuple[str, ...] = ()
    filters: tuple[tuple[str, object], ...] = ()
    source: str = "votes"
    extra_round_ids: tuple[int, ...] = field(default=())  # unpublished, for officials

    def __post_init__(self) -> None:
        names = [*self.by, *(name for name, _ in self.filters)]
        unknown = [n for n in names if n not in GROUPINGS]
        if unknown:
            raise DomainError("grouping_unknown", "by", names=unknown)
        if len(set(self.by)) != len(self.by):
            raise DomainError("grouping_repeated", "by")
        if len({n for n in names if n in BREAKDOWN_GROUPINGS}) > 1:
            raise DomainError("breakdowns_crossed", "by")
        if self.source not in SOURCES:
            raise DomainError("source_unknown", "source")

    @property
    def breakdown(self) -> str:
        """The demographic breakdown the query reads (by or filter), else ``"all"``."""
        names = [*self.by, *(name for name, _ in self.filters)]
        return next((n for n in names if n in BREAKDOWN_GROUPINGS), ALL)


def query(by: Iterable[str] = (), source: str = "votes", **filters: object) -> ResultQuery:
    """Shorthand: ``query(("sector",), aimag=3, side="community")``."""
    return ResultQuery(
        tuple(by),
        tuple(sorted((k, v) for k, v in filters.items() if v is not None)),
        source,
    )


def _select(table, q: ResultQuery, measures: tuple[str, ...], point: bool):
    groups = [
        (table.c[COLUMN_OF[g]] if g in COLUMN_OF else table.c.category).label(g) for g in q.by
    ]
    keys = [*groups, table.c.indicator_id, table.c.scale_code, table.c.source]
    if point:
        keys.append(table.c.point)
    conditions = [table.c.breakdown == q.breakdown, table.c.source.in_(SOURCES[q.source])]
    for name, value in q.filters:
        column = table.c[COLUMN_OF[name]] if name in COLUMN_OF else table.c.category
        conditions.append(column == value)
    sums = [func.sum(table.c[m]).label(m) for m in measures]
    return select(*keys, *sums).where(*conditions).group_by(*keys)


def _frame(statement, columns: list[str]) -> pd.DataFrame:
    """The rows of ``statement`` as a frame. Rows are made plain tuples first: pandas
    probes every SQLAlchemy ``Row`` for attributes it lacks, which costs more than the
    query itself for a few thousand rows."""
    return pd.DataFrame([tuple(row) for row in db.session.execute(statement)], columns=columns)


def summed_frames(q: ResultQuery) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The summary and distribution rows of ``q`` summed by SQL (published rounds only)."""
    names = {*q.by, *(name for name, _ in q.filters)}
    if names <= AREA_GROUPINGS:
        summary_table, distribution_table = AreaSummary.__table__, AreaDistribution.__table__
    else:
        summary_table = ResultSummary.__table__
        distribution_table = ResultDistribution.__table__
    measures = ("n", "n_missing", "total", "total_squares")
    summary_columns = [*q.by, "indicator_id", "scale_code", "source", *measures]
    distribution_columns = [*q.by, "indicator_id", "scale_code", "source", "point", "count"]
    summary = _frame(_select(summary_table, q, measures, point=False), summary_columns)
    distribution = _frame(
        _select(distribution_table, q, ("count",), point=True), distribution_columns
    )
    if len(summary):
        area_level = summary_table is AreaSummary.__table__
        withheld = withheld_frames(q, privacy_k(), area_level=area_level)
        summary, distribution = subtract_withheld(summary, distribution, *withheld, q.by)
    if q.extra_round_ids:
        extra_summary, extra_distribution = _raw_frames(q)
        summary = pd.concat([summary, extra_summary], ignore_index=True)
        distribution = pd.concat([distribution, extra_distribution], ignore_index=True)
    return summary, distribution


# --------------------------------------------------------------------------- protection

_PARTITION = ["_round", "_round_indicator", "_side", "source"]
"""The parent cell of a summary row: round × round indicator × side × source."""
_POOL = [
    "_aimag",
    "_facility_type",
    "_sector",
    "_period",
    "indicator_id",
    "scale_code",
    "_side",
    "source",
]
"""The aimag-level row a withheld ``all`` cell belongs to (``publication.AREA_KEYS``)."""
_PLACE = {
    "_round": "round_id",
    "_round_indicator": "round_indicator_id",
    "_side": "side",
    "_category": "category",
    "_aimag": "aimag_id",
    "_facility_type": "facility_type_id",
    "_sector": "sector_id",
    "_period": "period_label",
}
_CHUNK = 500


_GROUPING_COLUMNS = tuple(dict.fromkeys((*COLUMN_OF.values(), "category")))
"""Every table column a grouping reads: the withheld cells carry all of them, so that
one decision serves every grouping of the same breakdown, sources and filters."""


def _cell_select(table, breakdown: str, source: str, filters, measures, point: bool):
    """Unsummed rows of ``breakdown``, ``source`` and ``filters`` — except a filter on
    the breakdown's category, which must not change which siblings a decision sees."""
    groups = [table.c[column].label(f"__{column}") for column in _GROUPING_COLUMNS]
    places = [table.c[column].label(name) for name, column in _PLACE.items()]
    keys = [*groups, *places, table.c.indicator_id, table.c.scale_code, table.c.source]
    if point:
        keys.append(table.c.point)
    conditions = [table.c.breakdown == breakdown, table.c.source.in_(SOURCES[source])]
    for name, value in filters:
        if name in COLUMN_OF:
            conditions.append(table.c[COLUMN_OF[name]] == value)
    columns = [f"__{column}" for column in _GROUPING_COLUMNS]
    columns += [*_PLACE, "indicator_id", "scale_code", "source"]
    columns += ["point"] if point else []
    columns += list(measures)
    return select(*keys, *(table.c[m] for m in measures)).where(*conditions), columns


def withheld_frames(
    q: ResultQuery, k: int, area_level: bool = False
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The summary and distribution rows of ``q`` that no public figure may contain.

    Reads only the parents (round × indicator × side × source) that hold a cell below
    ``k`` — first those parents, then all their cells of ``q``'s breakdown, in chunks
    of rounds — decides with :func:`scorecards.privacy.withheld_cells` on the whole
    breakdown of each parent (not on what ``q`` filters), then keeps the withheld
    cells that ``q`` covers. ``area_level``: ``q`` is answered from the aimag-level
    tables, where a pool of withheld ``all`` cells reaching ``k`` counts again, so
    those are not returned. Both frames carry ``q.by``, ``indicator_id``,
    ``scale_code`` and ``source`` (the distribution also ``point``) like
    :func:`summed_frames`; they are not summed.

    The decision does not depend on how ``q`` groups, so it is kept in the report
    cache (national scope: every publication bumps it) per breakdown, sources,
    filters and k, and each grouping only picks its columns from it.
    """
    filters = tuple((name, value) for name, value in q.filters if name in COLUMN_OF)
    category = dict(q.filters).get(q.breakdown) if q.breakdown != ALL else None
    params = (q.breakdown, q.source, filters, category, k, area_level)
    cells, points = cache.cached("national", "withheld", params, lambda: _withheld_cells(*params))
    keys = [*q.by, "indicator_id", "scale_code", "source"]
    measures = ["n", "n_missing", "total", "total_squares"]
    return (
        _grouped(cells, q.by, [*q.by, *_PLACE, *keys[len(q.by) :], *measures]),
        _grouped(points, q.by, [*keys, "point", "count"]),
    )


def _grouped(frame: pd.DataFrame, by: tuple[str, ...], columns: list[str]) -> pd.DataFrame:
    """``frame`` with a column per grouping of ``by``, in ``columns``' order."""
    named = {g: frame[f"__{COLUMN_OF.get(g, 'category')}"] for g in by}
    return frame.assign(**named)[columns].reset_index(drop=True)


def _withheld_cells(
    breakdown: str, source: str, filters, category, k: int, area_level: bool
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`withheld_frames` before grouping: every grouping column kept."""
    table = ResultSummary.__table__
    measures = ("n", "n_missing", "total", "total_squares")
    statement, columns = _cell_select(table, breakdown, source, filters, measures, point=False)
    too_few = ((table.c.n > 0) & (table.c.n < k)) | (table.c.n + table.c.n_missing < k)
    if breakdown == ALL:
        cells = _frame(statement.where(too_few), columns)
    else:
        rounds = _frame(
            statement.with_only_columns(table.c.round_id).where(too_few).distinct(),
            ["round_id"],
        )["round_id"].tolist()
        parts = [
            _frame(statement.where(table.c.round_id.in_(chunk)), columns)
            for chunk in _chunks(rounds)
        ]
        cells = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    if len(cells):
        cells = cells[withheld_cells(cells, k, _PARTITION, "_category", "n")]
    if category is not None:
        cells = cells[cells["_category"] == category]
    if area_level and breakdown == ALL and len(cells):
        cells = cells[~pools_reaching_k(cells, k, _POOL, "n")]
    cells = cells.reset_index(drop=True)
    dist_table = ResultDistribution.__table__
    dist_statement, dist_columns = _cell_select(
        dist_table, breakdown, source, filters, ("count",), point=True
    )
    if cells.empty:
        return cells, pd.DataFrame(columns=dist_columns)
    parts = [
        _frame(dist_statement.where(dist_table.c.round_id.in_(chunk)), dist_columns)
        for chunk in _chunks(sorted(set(cells["_round"].tolist())))
    ]
    points = pd.concat(parts, ignore_index=True)
    atom = ["_round", "_round_indicator", "_side", "source", "_category"]
    points = points.merge(cells[atom].drop_duplicates(), on=atom, how="inner")
    return cells, points


def _chunks(values: list) -> Iterable[list]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _raw_frames(q: ResultQuery) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The same sums for a few unpublished rounds, computed from their raw answers."""
    summaries, distributions = [], []
    for round_ in db.session.scalars(select(Round).where(Round.id.in_(q.extra_round_ids))):
        summary, distribution = withhold_round_cells(
            *marginal_cells(*round_frames(round_)), privacy_k()
        )
        dims = round_dimensions(round_)
        for frame, target in ((summary, summaries), (distribution, distributions)):
            if frame.empty:
                continue
            frame = frame.assign(**dims)
            keep = (frame["breakdown"] == q.breakdown) & frame["source"].isin(SOURCES[q.source])
            for name, value in q.filters:
                column = COLUMN_OF.get(name, "category")
                keep &= frame[column] == value
            frame = frame[keep].copy()
            for g in q.by:
                frame[g] = frame[COLUMN_OF.get(g, "category")]
            target.append(frame)
    keys = [*q.by, "indicator_id", "scale_code", "source"]
    measures = ["n", "n_missing", "total", "total_squares"]
    summary = (
        pd.concat(summaries, ignore_index=True)[[*keys, *measures]]
        if summaries
        else pd.DataFrame(columns=[*keys, *measures])
    )
    distribution = (
        pd.concat(distributions, ignore_index=True)[[*keys, "point", "count"]]
        if distributions
        else pd.DataFrame(columns=[*keys, "point", "count"])
    )
    return summary, distribution


def compute_figures(
    summary: pd.DataFrame, distribution: pd.DataFrame, by: tuple[str, ...], source: str, k: int
) -> pd.DataFrame:
    """Figures per ``by`` with the ``people`` count and k-suppression applied."""
    by = list(by)
    if summary.empty:
        return pd.DataFrame(columns=[*by, "source", *RESULT_COLUMNS])
    summary = summary.copy()
    for column in ("n", "n_missing"):
        summary[column] = summary[column].astype("int64")
    for column in ("total", "total_squares"):
        summary[column] = summary[column].astype("float64")
    distribution = distribution.copy()
    distribution["point"] = distribution["point"].astype("float64")  # half points too
    distribution["count"] = distribution["count"].astype("int64")
    pool = SOURCES[source] if len(SOURCES[source]) > 1 else None
    figures = indicator_figures(summary, distribution, by=by, scales=_scales(), pool_sources=pool)
    people = figure_people(summary, by, "n")
    if by:
        figures = figures.merge(people, on=by, how="left")
    else:
        figures["people"] = int(people["people"].iloc[0])
    figures["people"] = figures["people"].fillna(0).astype("int64")
    result = suppress(figures, k, count_column="people", hidden_counts=HIDDEN_COUNTS)
    for column in HIDDEN_COUNTS:  # whole numbers, missing where hidden
        result[column] = result[column].round().astype("Int64")
    return result.reset_index(drop=True)


# --------------------------------------------------------------------------- consensus

_CONSENSUS_MEASURES = ["n", "n_missing", "total", "total_squares"]


def _consensus_column(table, name: str):
    """The ``result_consensus`` column of a grouping; ``None`` for gender, age band and
    disability, which a group's consensus does not have (they read "undisclosed")."""
    if name in COLUMN_OF:
        return table.c[COLUMN_OF[name]]
    if name == "group_kind":
        return table.c.group_kind
    return None


def consensus_frames(q: ResultQuery) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Consensus sums of ``q`` by SQL, per grouping, indicator, scale and group size.

    Returns ``(summary, distribution, groups)``: ``summary`` has ``by``,
    ``indicator_id``, ``scale_code``, ``people`` (a recorded group size, NaN = not
    recorded), ``n`` (group scores), ``n_missing``, ``total`` and ``total_squares``;
    ``distribution`` the same keys with ``point`` and ``count``; ``groups`` has ``by``,
    ``people`` and ``groups`` (distinct groups). Rows are kept per group size so the
    k rule can be applied afterwards (:func:`compute_consensus_figures`).
    """
    table = ResultConsensus.__table__
    conditions = []
    for name, value in q.filters:
        column = _consensus_column(table, name)
        if column is None:
            if value != NO_DEMOGRAPHICS:
                conditions.append(false())
        else:
            conditions.append(column == value)
    grouped = [(g, _consensus_column(table, g)) for g in q.by]
    in_sql = [(g, c) for g, c in grouped if c is not None]
    labels = [c.label(g) for g, c in in_sql]
    columns = [c for _g, c in in_sql]
    names = [g for g, _c in in_sql]
    value = table.c.value
    summary = _frame(
        select(
            *labels,
            table.c.indicator_id,
            table.c.scale_code,
            table.c.people,
            func.count(value).label("n"),
            (func.count() - func.count(value)).label("n_missing"),
            func.sum(value).label("total"),
            func.sum(value * value).label("total_squares"),
        )
        .where(*conditions)
        .group_by(*columns, table.c.indicator_id, table.c.scale_code, table.c.people),
        [*names, "indicator_id", "scale_code", "people", *_CONSENSUS_MEASURES],
    )
    distribution = _frame(
        select(
            *labels,
            table.c.indicator_id,
            table.c.scale_code,
            table.c.people,
            value.label("point"),
            func.count().label("count"),
        )
        .where(*conditions, value.isnot(None))
        .group_by(*columns, table.c.indicator_id, table.c.scale_code, table.c.people, value),
        [*names, "indicator_id", "scale_code", "people", "point", "count"],
    )
    groups = _frame(
        select(*labels, table.c.people, func.count(table.c.group_id.distinct()).label("groups"))
        .where(*conditions)
        .group_by(*columns, table.c.people),
        [*names, "people", "groups"],
    )
    frames = [summary, distribution, groups]
    if q.extra_round_ids:
        frames = [
            pd.concat([a, b], ignore_index=True)
            for a, b in zip(frames, _raw_consensus_frames(q), strict=True)
        ]
    for frame in frames:
        for g, column in grouped:
            if column is None:
                frame[g] = NO_DEMOGRAPHICS
    return frames[0], frames[1], frames[2]


def _raw_consensus_frames(q: ResultQuery) -> list[pd.DataFrame]:
    """:func:`consensus_frames` of a few unpublished rounds, from their raw scores."""
    rows = []
    for round_ in db.session.scalars(select(Round).where(Round.id.in_(q.extra_round_ids))):
        rows += consensus_rows(round_, round_dimensions(round_))
    raw = pd.DataFrame(
        rows,
        columns=[*COLUMN_OF.values(), "group_kind", "group_id", "value", "people", "scale_code"],
    )
    for name, value in q.filters:
        column = COLUMN_OF.get(name, "group_kind" if name == "group_kind" else None)
        if column is None:
            if value != NO_DEMOGRAPHICS:
                raw = raw.iloc[0:0]
        else:
            raw = raw[raw[column] == value]
    names = [g for g in q.by if g in COLUMN_OF or g == "group_kind"]
    for g in names:
        raw[g] = raw[COLUMN_OF.get(g, "group_kind")]
    raw = raw.assign(
        present=raw["value"].notna().astype("int64"),
        missing=raw["value"].isna().astype("int64"),
        total=raw["value"].fillna(0.0).astype("float64"),
        total_squares=(raw["value"].fillna(0.0) ** 2).astype("float64"),
        count=1,
    )
    keys = [*names, "indicator_id", "scale_code", "people"]
    summary = (
        raw.groupby(keys, dropna=False)[["present", "missing", "total", "total_squares"]]
        .sum()
        .reset_index()
        .rename(columns={"present": "n", "missing": "n_missing"})
    )
    chosen = raw[raw["value"].notna()].assign(point=lambda f: f["value"])
    distribution = chosen.groupby([*keys, "point"], dropna=False)["count"].sum().reset_index()
    groups = (
        raw.groupby([*names, "people"], dropna=False)["group_id"]
        .nunique()
        .reset_index()
        .rename(columns={"group_id": "groups"})
    )
    return [summary, distribution, groups]


def compute_consensus_figures(
    summary: pd.DataFrame,
    distribution: pd.DataFrame,
    groups: pd.DataFrame,
    by: tuple[str, ...],
    k: int,
) -> pd.DataFrame:
    """Consensus figures per ``by`` from the groups whose consensus may be published.

    Rows of groups that :func:`scorecards.privacy.consensus_statuses` does not show
    (size not recorded, or below ``k``) are dropped before any figure is computed, so
    no published figure contains them; they are counted per grouping in
    ``groups_size_not_recorded`` and ``groups_below_k``. ``people`` = for each
    indicator the sum of the recorded sizes of the shown groups that gave a score,
    then the largest over the grouping's indicators. Figures are not rounded.
    """
    by = list(by)
    columns = [*by, "source", *RESULT_COLUMNS, *CONSENSUS_COUNT_COLUMNS]
    if groups.empty:
        return pd.DataFrame(columns=columns)
    hidden = consensus_groups_hidden(groups, by, k, people_column="people", count_column="groups")
    summary = summary.copy()
    distribution = distribution.copy()
    for column in ("n", "n_missing"):
        summary[column] = pd.to_numeric(summary[column]).fillna(0).astype("int64")
    for column in ("total", "total_squares"):
        summary[column] = pd.to_numeric(summary[column]).fillna(0.0).astype("float64")
    shown = summary[consensus_statuses(summary["people"], k) == CONSENSUS_SHOWN].copy()
    shown_points = distribution[
        consensus_statuses(distribution["people"], k) == CONSENSUS_SHOWN
    ].copy()
    shown["source"] = "consensus"
    shown_points["source"] = "consensus"
    shown_points["point"] = pd.to_numeric(shown_points["point"]).astype("float64")
    shown_points["count"] = pd.to_numeric(shown_points["count"]).astype("int64")
    if shown.empty:
        figures = pd.DataFrame(columns=[*by, "source", *FIGURE_COLUMNS, "people"])
    else:
        figures = indicator_figures(
            shown.drop(columns="people"),
            shown_points.drop(columns="people"),
            by=by,
            scales=_scales(),
        )
        shown["behind"] = pd.to_numeric(shown["people"]).astype("int64") * shown["n"]
        people = figure_people(shown, by, "behind")
        if by:
            figures = figures.merge(people, on=by, how="left")
        else:
            figures["people"] = int(people["people"].iloc[0])
    if by:
        result = hidden.merge(figures, on=by, how="left")
    else:
        result = pd.concat(
            [hidden, figures.reindex(range(len(hidden))).reset_index(drop=True)], axis=1
        )
    result["source"] = "consensus"
    result["suppressed"] = result["groups_shown"].eq(0)
    for column in ("n", "n_missing", "respondents", "people", *CONSENSUS_COUNT_COLUMNS):
        result[column] = pd.to_numeric(result[column]).fillna(0).astype("int64")
    result["mixed_scales"] = result["mixed_scales"].fillna(False).astype(bool)
    return result[columns].reset_index(drop=True)


def _scales():
    return cache.cached("national", "scales", (), all_scales)


def privacy_k() -> int:
    """The k of the k rule (``PRIVACY_K``, default 5): the fewest people a public
    figure may stand on."""
    return int(current_app.config.get("PRIVACY_K", 5))


def figures(q: ResultQuery, scope: str = "national") -> pd.DataFrame:
    """Suppressed figures for ``q``; cached per ``scope``'s data version unless it reads
    unpublished rounds. ``scope`` must cover every row ``q`` can read (an aimag's
    code when ``q`` filters on that aimag, else "national")."""

    def build() -> pd.DataFrame:
        if q.source == "consensus":
            return compute_consensus_figures(*consensus_frames(q), q.by, privacy_k())
        summary, distribution = summed_frames(q)
        return compute_figures(summary, distribution, q.by, q.source, privacy_k())

    if q.extra_round_ids:
        return build()
    return cache.cached(scope, "figures", q, build).copy()


DISTRIBUTION_COLUMNS = ("scale_code", "point", "count", "n", "share")
"""Columns of :func:`distribution` after the grouping keys (then ``scale_name`` and
``point_label`` from :func:`label_points`)."""


def distribution(q: ResultQuery, scope: str = "national") -> pd.DataFrame:
    """How the answers of each grouping of ``q`` spread over their scale's points.

    One row per grouping (``q.by``), scale and point of that scale (zeros filled in;
    :func:`scorecards.aggregation.distribution_shares`): points of different scales
    are never merged, each scale keeps its own block. Read from the same summed
    frames as :func:`figures` (withheld cells already taken out) and shown only
    where :func:`figures` shows the grouping: a grouping whose figure is hidden has
    no rows at all, and neither has a grouping with a scale block of fewer than k
    answers (so no hidden count can be read off by subtraction). Votes only:
    consensus has its own rule per group (``DomainError("distribution_consensus")``).
    """
    if q.source == "consensus":
        raise DomainError("distribution_consensus", "source")
    by = list(q.by)
    columns = [*by, *DISTRIBUTION_COLUMNS]

    def build() -> pd.DataFrame:
        _summary, points = summed_frames(q)
        if points.empty:
            return pd.DataFrame(columns=columns)
        points = points.copy()
        points["point"] = points["point"].astype("float64")
        points["count"] = pd.to_numeric(points["count"]).astype("int64")
        points = points[points["count"] > 0]
        pool = SOURCES[q.source] if len(SOURCES[q.source]) > 1 else None
        shares = distribution_shares(points, by=by, scales=_scales(), pool_sources=pool)
        shares = shares.drop(columns="source", errors="ignore")
        if shares.empty:
            return pd.DataFrame(columns=columns)
        shown = figures(q, scope)
        shown = shown.loc[~shown["suppressed"].astype(bool), by]
        k = privacy_k()
        if by:
            shares = shares.merge(shown.drop_duplicates(), on=by, how="inner")
            small = shares.loc[shares["n"] < k, by].drop_duplicates().assign(_small=True)
            shares = shares.merge(small, on=by, how="left")
            shares = shares[shares["_small"].isna()].drop(columns="_small")
        elif shown.empty or (shares["n"] < k).any():
            shares = shares.iloc[0:0]
        return shares[columns].reset_index(drop=True)

    if q.extra_round_ids:
        return build()
    return cache.cached(scope, "distribution", q, build).copy()


def label_points(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``frame`` (from :func:`distribution`) with ``scale_name`` and ``point_label`` in
    ``lang``: the scale's own label of each point (``None`` for an unlabelled point
    of a range, whose ends only are labelled)."""
    scales = _scales()
    frame = frame.copy()
    codes = frame["scale_code"].tolist()
    frame["scale_name"] = [scales[c].name(lang) if c in scales else None for c in codes]
    frame["point_label"] = [
        point_label(scales[c], p, lang) if c in scales else None
        for c, p in zip(codes, frame["point"].tolist(), strict=True)
    ]
    return frame


# --------------------------------------------------------------------------- coverage


def participation(scope: str = "national", aimag_id: int | None = None) -> pd.DataFrame:
    """People per aimag, facility, side and gender (published rounds), plus round counts."""

    def build() -> pd.DataFrame:
        table = ResultParticipation
        stmt = select(
            table.aimag_id,
            table.facility_id,
            table.sector_id,
            table.round_id,
            table.side,
            table.gender,
            func.sum(table.people).label("people"),
        ).group_by(
            table.aimag_id,
            table.facility_id,
            table.sector_id,
            table.round_id,
            table.side,
            table.gender,
        )
        if aimag_id is not None:
            stmt = stmt.where(table.aimag_id == aimag_id)
        return pd.DataFrame(
            db.session.execute(stmt).all(),
            columns=[
                "aimag_id",
                "facility_id",
                "sector_id",
                "round_id",
                "side",
                "gender",
                "people",
            ],
        )

    return cache.cached(scope, "participation", aimag_id, build).copy()


def unpublished_round_ids(aimag: Area) -> tuple[int, ...]:
    """Rounds of ``aimag`` with answers that are not published yet (for its officials)."""
    from app.models import Facility, Response

    ids = db.session.scalars(
        select(Round.id)
        .join(Facility, Facility.id == Round.facility_id)
        .join(Area, Area.id == Facility.area_id)
        .where(
            Area.within(aimag.id),
            Round.state != Phase.PUBLISHED,
            Round.id.in_(select(Response.round_id).where(Response.counted()).distinct()),
        )
        .order_by(Round.id)
    ).all()
    return tuple(ids)
