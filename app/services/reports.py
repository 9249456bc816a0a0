"""Report figures read from the summary tables (published rounds only).

SQL sums the summary rows per grouping (from the aimag-level tables when the
grouping needs no round, soum or facility) (plus indicator, scale and source) so only a
small frame leaves the database; :mod:`scorecards.aggregation` turns it into means,
medians, 0–100 scores, intervals and shares, and :mod:`scorecards.privacy` hides
every figure built from fewer than ``PRIVACY_K`` people. Results are cached per
data version (:mod:`app.services.report_cache`).

Groupings (``by`` and filters): ``aimag``, ``area`` (soum or district), ``facility``,
``facility_type``, ``sector``, ``period``, ``round_number``, ``round``, ``side``,
``indicator``, and one demographic breakdown at a time: ``group_kind``, ``gender``,
``age_band`` or ``disability`` (the summaries hold marginal cells, not their cross).

``source`` picks what is counted: ``votes`` (individual answers and paper tallies,
pooled: both are one person's choice), ``individual``, ``tally`` or ``consensus``
(one score per group, never pooled with votes).

Suppression count (``people``): for a figure over several indicators, the largest
number of present answers to any one indicator in the grouping — the number of
people who certainly stand behind it — so a grouping of 3 people answering 15
indicators is hidden even though it holds 45 answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd
from flask import current_app
from sqlalchemy import func, select

from app.extensions import db
from app.models import Area, Round
from app.models.reports import (
    ALL,
    AreaDistribution,
    AreaSummary,
    ResultDistribution,
    ResultParticipation,
    ResultSummary,
)
from app.services import report_cache
from app.services.publication import all_scales, marginal_cells, round_dimensions, round_frames
from scorecards.aggregation import FIGURE_COLUMNS, indicator_figures
from scorecards.errors import DomainError
from scorecards.lifecycle import Phase
from scorecards.privacy import suppress

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
    if q.extra_round_ids:
        extra_summary, extra_distribution = _raw_frames(q)
        summary = pd.concat([summary, extra_summary], ignore_index=True)
        distribution = pd.concat([distribution, extra_distribution], ignore_index=True)
    return summary, distribution


def _raw_frames(q: ResultQuery) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The same sums for a few unpublished rounds, computed from their raw answers."""
    summaries, distributions = [], []
    for round_ in db.session.scalars(select(Round).where(Round.id.in_(q.extra_round_ids))):
        summary, distribution = marginal_cells(*round_frames(round_))
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
    distribution["point"] = distribution["point"].astype("int64")
    distribution["count"] = distribution["count"].astype("int64")
    pool = SOURCES[source] if len(SOURCES[source]) > 1 else None
    figures = indicator_figures(summary, distribution, by=by, scales=_scales(), pool_sources=pool)
    per_indicator = summary.groupby([*by, "indicator_id"], dropna=False)["n"].sum()
    if by:
        people = per_indicator.groupby(level=list(range(len(by)))).max().rename("people")
        figures = figures.merge(people.reset_index(), on=by, how="left")
    else:
        figures["people"] = int(per_indicator.max()) if len(per_indicator) else 0
    figures["people"] = figures["people"].fillna(0).astype("int64")
    return suppress(figures, k, count_column="people").reset_index(drop=True)


def _scales():
    return report_cache.cached("national", "scales", (), all_scales)


def privacy_k() -> int:
    return int(current_app.config.get("PRIVACY_K", 5))


def figures(q: ResultQuery, scope: str = "national") -> pd.DataFrame:
    """Suppressed figures for ``q``; cached per ``scope``'s data version unless it reads
    unpublished rounds. ``scope`` must cover every row ``q`` can read (an aimag's
    code when ``q`` filters on that aimag, else "national")."""

    def build() -> pd.DataFrame:
        summary, distribution = summed_frames(q)
        return compute_figures(summary, distribution, q.by, q.source, privacy_k())

    if q.extra_round_ids:
        return build()
    return report_cache.cached(scope, "figures", q, build).copy()


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

    return report_cache.cached(scope, "participation", aimag_id, build).copy()


def coverage_by_aimag() -> pd.DataFrame:
    """Per aimag: facilities, published rounds, community participants by gender."""

    def build() -> pd.DataFrame:
        table = ResultParticipation
        counts = pd.DataFrame(
            db.session.execute(
                select(
                    table.aimag_id,
                    func.count(table.facility_id.distinct()),
                    func.count(table.round_id.distinct()),
                ).group_by(table.aimag_id)
            ).all(),
            columns=["aimag_id", "facilities", "rounds"],
        ).set_index("aimag_id")
        people = pd.DataFrame(
            db.session.execute(
                select(table.aimag_id, table.gender, func.sum(table.people))
                .where(table.side == "community")
                .group_by(table.aimag_id, table.gender)
            ).all(),
            columns=["aimag_id", "gender", "people"],
        )
        genders = people.pivot_table(
            index="aimag_id", columns="gender", values="people", aggfunc="sum", fill_value=0
        )
        result = counts.join(genders, how="left").fillna(0)
        for gender in ("female", "male", "other", "undisclosed"):
            if gender not in result.columns:
                result[gender] = 0
        columns = ["aimag_id", "facilities", "rounds", "female", "male", "other", "undisclosed"]
        result = result.reset_index()[columns]
        for column in columns:
            result[column] = result[column].astype("int64")
        return result

    return report_cache.cached("national", "coverage", (), build).copy()


def unpublished_round_ids(aimag: Area) -> tuple[int, ...]:
    """Rounds of ``aimag`` with answers that are not published yet (for its officials)."""
    from app.models import Facility, Response

    ids = db.session.scalars(
        select(Round.id)
        .join(Facility, Facility.id == Round.facility_id)
        .join(Area, Area.id == Facility.area_id)
        .where(
            (Area.parent_id == aimag.id) | (Area.id == aimag.id),
            Round.state != Phase.PUBLISHED,
            Round.id.in_(select(Response.round_id).distinct()),
        )
        .order_by(Round.id)
    ).all()
    return tuple(ids)


def as_lookup(frame: pd.DataFrame, keys: list[str]) -> Mapping[tuple, dict]:
    """Rows of ``frame`` indexed by their key values (for templates)."""
    from scorecards.aggregation import records

    return {tuple(row[k] for k in keys): row for row in records(frame)}
