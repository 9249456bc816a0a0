"""Rolling published rounds up into the report summary tables."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Response, Round, RoundIndicator, Score
from app.models.reports import ReportVersion, ResultDistribution, ResultSummary
from app.services.publication import rollup_round
from scorecards.lifecycle import Phase


def _published_round() -> Round:
    return db.session.scalars(
        select(Round).where(Round.state == Phase.PUBLISHED).order_by(Round.id)
    ).first()


def _summary_n(round_id: int, breakdown: str = "all") -> int:
    return db.session.scalar(
        select(func.coalesce(func.sum(ResultSummary.n), 0)).where(
            ResultSummary.round_id == round_id,
            ResultSummary.breakdown == breakdown,
            ResultSummary.source == "individual",
        )
    )


def test_demo_seed_rolls_up_every_published_round_and_only_those(app):
    published = set(db.session.scalars(select(Round.id).where(Round.state == Phase.PUBLISHED)))
    summarised = set(db.session.scalars(select(ResultSummary.round_id).distinct()))
    assert published and summarised == published


def test_summary_counts_match_the_raw_scores_in_every_breakdown(app):
    round_ = _published_round()
    present = db.session.scalar(
        select(func.count(Score.id))
        .join(Response, Response.id == Score.response_id)
        .where(Response.round_id == round_.id, Score.value.is_not(None))
    )
    for breakdown in ("all", "gender", "age_band", "disability", "group_kind"):
        assert _summary_n(round_.id, breakdown) == present
    counted = db.session.scalar(
        select(func.sum(ResultDistribution.count)).where(
            ResultDistribution.round_id == round_.id,
            ResultDistribution.breakdown == "all",
            ResultDistribution.source == "individual",
        )
    )
    assert counted == present


def test_rollup_is_repeatable_and_bumps_the_aimag_and_national_versions(app):
    round_ = _published_round()
    aimag = round_.facility.area.parent.code
    before = {v.scope: v.version for v in db.session.scalars(select(ReportVersion))}
    n = _summary_n(round_.id)
    rollup_round(round_)
    assert _summary_n(round_.id) == n
    after = {v.scope: v.version for v in db.session.scalars(select(ReportVersion))}
    assert after[aimag] == before[aimag] + 1
    assert after["national"] == before["national"] + 1
    untouched = [s for s in before if s not in (aimag, "national")]
    assert all(after[s] == before[s] for s in untouched)


def test_withdrawn_round_leaves_the_summaries(app):
    round_ = _published_round()
    round_.state = Phase.REVIEW
    rollup_round(round_)
    assert _summary_n(round_.id) == 0


def test_changed_score_is_reflected_after_rollup(app):
    round_ = _published_round()
    score = db.session.scalars(
        select(Score)
        .join(Response, Response.id == Score.response_id)
        .join(RoundIndicator, RoundIndicator.id == Score.round_indicator_id)
        .where(Response.round_id == round_.id, Score.value.is_not(None))
    ).first()
    total_before = db.session.scalar(
        select(func.sum(ResultSummary.total)).where(
            ResultSummary.round_id == round_.id,
            ResultSummary.breakdown == "all",
            ResultSummary.source == "individual",
            ResultSummary.round_indicator_id == score.round_indicator_id,
        )
    )
    score.value = None
    score.missing_reason = "na"
    rollup_round(round_)
    total_after = db.session.scalar(
        select(func.sum(ResultSummary.total)).where(
            ResultSummary.round_id == round_.id,
            ResultSummary.breakdown == "all",
            ResultSummary.source == "individual",
            ResultSummary.round_indicator_id == score.round_indicator_id,
        )
    )
    assert total_after < total_before


def test_aimag_level_rows_are_the_sum_of_the_round_rows(app):
    from app.models.reports import AreaDistribution, AreaSummary

    def sums(table, column):
        return dict(
            db.session.execute(
                select(table.aimag_id, func.sum(column)).group_by(table.aimag_id)
            ).all()
        )

    assert sums(AreaSummary, AreaSummary.n) == sums(ResultSummary, ResultSummary.n)
    assert sums(AreaSummary, AreaSummary.total) == pytest.approx(
        sums(ResultSummary, ResultSummary.total)
    )
    assert sums(AreaDistribution, AreaDistribution.count) == sums(
        ResultDistribution, ResultDistribution.count
    )
    round_ = _published_round()
    round_.state = Phase.REVIEW
    rollup_round(round_)
    assert sums(AreaSummary, AreaSummary.n) == sums(ResultSummary, ResultSummary.n)


def test_cli_rebuilds_every_published_round(app):
    db.session.execute(ResultSummary.__table__.delete())
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["reports", "rollup"])
    assert result.exit_code == 0, result.output
    published = db.session.scalar(
        select(func.count(Round.id)).where(Round.state == Phase.PUBLISHED)
    )
    assert f"{published} published rounds rolled up" in result.output
    assert db.session.scalar(select(func.count(ResultSummary.round_id.distinct()))) == published
