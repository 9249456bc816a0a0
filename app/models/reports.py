"""Pre-aggregated results that public reports read instead of raw scores.

When a round is published its scores are rolled up (``app.services.publication``)
into summable rows: counts, sums and sums of squares per indicator and cell, and the
distribution over scale points. Reports ``SUM`` these rows per grouping with SQL.

Cells are *marginal*, not a full cross of every demographic: each round ×
indicator × side × source has one ``breakdown="all"`` row plus one row per category
of each breakdown (``group_kind``, ``gender``, ``age_band``, ``disability``). A full
cross would hold about as many rows as the raw scores and its cells would almost
all be below k anyway. The grouping columns of the round (aimag, soum, facility,
facility type, sector, period, round number) are copied onto every row so that a
report's ``GROUP BY`` needs no join.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, Index, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models._types import utcnow
from scorecards.summaries import ALL, BREAKDOWNS  # noqa: F401 (the stored breakdowns)


class _RoundPlace:
    """Columns that place a row of one round's indicator and side in every grouping."""

    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    aimag_id: Mapped[int] = mapped_column(ForeignKey("area.id"))
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"))
    facility_id: Mapped[int] = mapped_column(ForeignKey("facility.id"))
    facility_type_id: Mapped[int] = mapped_column(ForeignKey("facility_type.id"))
    sector_id: Mapped[int] = mapped_column(ForeignKey("sector.id"))
    period_label: Mapped[str] = mapped_column(String(20))
    round_number: Mapped[int] = mapped_column(Integer)
    round_indicator_id: Mapped[int] = mapped_column(Integer)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"))
    scale_code: Mapped[str] = mapped_column(String(32))
    side: Mapped[str] = mapped_column(String(16))


class _RoundDimensions(_RoundPlace):
    """A round row's place plus its source and demographic cell."""

    source: Mapped[str] = mapped_column(String(16))
    breakdown: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(32))


class ResultSummary(_RoundDimensions, db.Model):
    """Summable measures of one cell (see ``scorecards.summaries``)."""

    __tablename__ = "result_summary"
    __table_args__ = (
        Index("ix_result_summary_breakdown_aimag", "breakdown", "aimag_id", "sector_id"),
        Index("ix_result_summary_aimag_period", "breakdown", "aimag_id", "period_label", "side"),
        Index("ix_result_summary_facility", "facility_id", "breakdown"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    n: Mapped[int] = mapped_column(Integer)
    n_missing: Mapped[int] = mapped_column(Integer)
    total: Mapped[float] = mapped_column(Float)
    total_squares: Mapped[float] = mapped_column(Float)


class ResultDistribution(_RoundDimensions, db.Model):
    """How many answers of one cell chose one scale point (points nobody chose: no row)."""

    __tablename__ = "result_distribution"
    __table_args__ = (
        Index("ix_result_distribution_breakdown_aimag", "breakdown", "aimag_id", "sector_id"),
        Index(
            "ix_result_distribution_aimag_period", "breakdown", "aimag_id", "period_label", "side"
        ),
        Index("ix_result_distribution_facility", "facility_id", "breakdown"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    point: Mapped[float] = mapped_column(Numeric(12, 3, asdecimal=False))
    count: Mapped[int] = mapped_column(Integer)


class _AreaDimensions:
    """The summary rows of an aimag summed over its rounds (no round, soum or facility)."""

    aimag_id: Mapped[int] = mapped_column(ForeignKey("area.id"))
    facility_type_id: Mapped[int] = mapped_column(ForeignKey("facility_type.id"))
    sector_id: Mapped[int] = mapped_column(ForeignKey("sector.id"))
    period_label: Mapped[str] = mapped_column(String(20))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"))
    scale_code: Mapped[str] = mapped_column(String(32))
    side: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(16))
    breakdown: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(32))


class AreaSummary(_AreaDimensions, db.Model):
    """``result_summary`` summed per aimag: national and aimag-wide figures read these
    (about 200 times fewer rows than one per round); refreshed for an aimag whenever
    one of its rounds is rolled up."""

    __tablename__ = "area_summary"
    __table_args__ = (Index("ix_area_summary_breakdown_aimag", "breakdown", "aimag_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    n: Mapped[int] = mapped_column(Integer)
    n_missing: Mapped[int] = mapped_column(Integer)
    total: Mapped[float] = mapped_column(Float)
    total_squares: Mapped[float] = mapped_column(Float)


class AreaDistribution(_AreaDimensions, db.Model):
    __tablename__ = "area_distribution"
    __table_args__ = (Index("ix_area_distribution_breakdown_aimag", "breakdown", "aimag_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    point: Mapped[float] = mapped_column(Numeric(12, 3, asdecimal=False))
    count: Mapped[int] = mapped_column(Integer)


class ResultParticipation(db.Model):
    """People who took part in a published round, by side and gender.

    Individual responses count one each; paper tallies count the members of the
    group that filled them (their gender counts as recorded on the group).
    """

    __tablename__ = "result_participation"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    aimag_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    facility_id: Mapped[int] = mapped_column(ForeignKey("facility.id"))
    sector_id: Mapped[int] = mapped_column(ForeignKey("sector.id"))
    side: Mapped[str] = mapped_column(String(16))
    gender: Mapped[str] = mapped_column(String(16))
    people: Mapped[int] = mapped_column(Integer)


class ResultConsensus(_RoundPlace, db.Model):
    """One group's consensus score on one indicator of a published round.

    Consensus scores are kept one row per group (about 6 groups × 15 indicators per
    round) because the privacy rule is read at report time: a group's score is
    public when its recorded number of participants (``people``: the women, men and
    others counted in the group at the session; NULL when none were recorded)
    reaches ``PRIVACY_K`` (``scorecards.privacy.consensus_status``). ``value`` is
    NULL when the group recorded "not applicable / don't know". Never pooled with
    votes; reports sum these rows with SQL per grouping and size.
    """

    __tablename__ = "result_consensus"
    __table_args__ = (
        Index("ix_result_consensus_aimag_period", "aimag_id", "period_label", "side"),
        Index("ix_result_consensus_facility", "facility_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("participant_group.id", ondelete="CASCADE"))
    group_kind: Mapped[str] = mapped_column(String(32))
    people: Mapped[int | None] = mapped_column(Integer)
    value: Mapped[float | None] = mapped_column(Float)


class ReportVersion(db.Model):
    """A counter per scope ("national" or an aimag's ISO code), bumped on every rollup.

    Report caches key their entries by this number, so any server sees a newly
    published round at once and rebuilds exactly the reports whose scope changed.
    """

    __tablename__ = "report_version"

    scope: Mapped[str] = mapped_column(String(16), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
