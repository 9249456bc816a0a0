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


def _review_round_in_dornod() -> Round:
    from app.models import Area, Facility

    return db.session.scalars(
        select(Round)
        .join(Facility, Facility.id == Round.facility_id)
        .join(Area, Area.id == Facility.area_id)
        .where(Round.state == Phase.REVIEW, Area.parent.has(code="MN-061"))
        .order_by(Round.id)
    ).first()


def _public_round_ids(client, facility_id: int) -> set[int]:
    body = client.get(f"/api/v1/results?by=round&facility={facility_id}").get_json()
    return {row["round"] for row in body["results"]}


def test_publishing_through_the_page_reaches_the_api_and_unlocking_takes_it_out(
    app, client, login
):
    round_ = _review_round_in_dornod()
    assert round_ is not None, "the demo has a Dornod round in review"
    round_id, facility_id = round_.id, round_.facility_id
    assert round_id not in _public_round_ids(client, facility_id)
    listed_before = client.get(f"/api/v1/rounds?facility={facility_id}").get_json()
    assert round_id not in {r["id"] for r in listed_before["rounds"]}

    login("coordinator@egekh.demo")
    response = client.post(f"/rounds/{round_id}/publish", data={"confirm": "y"})
    assert response.status_code == 302
    client.post("/auth/logout")

    assert round_id in _public_round_ids(client, facility_id)
    listed = client.get(f"/api/v1/rounds?facility={facility_id}").get_json()
    assert round_id in {r["id"] for r in listed["rounds"]}
    page = client.get(f"/facilities/{facility_id}").get_data(as_text=True)
    assert round_.period_label in page

    login("coordinator@egekh.demo")
    response = client.post(
        f"/rounds/{round_id}/unlock", data={"reason": "wrong file imported", "confirm": "y"}
    )
    assert response.status_code == 302
    client.post("/auth/logout")
    assert round_id not in _public_round_ids(client, facility_id)
    listed = client.get(f"/api/v1/rounds?facility={facility_id}").get_json()
    assert round_id not in {r["id"] for r in listed["rounds"]}


def test_every_published_demo_round_went_through_the_publish_service(app):
    from app.models import AuditEvent

    published = set(db.session.scalars(select(Round.id).where(Round.state == Phase.PUBLISHED)))
    logged = set(
        db.session.scalars(
            select(AuditEvent.entity_id).where(
                AuditEvent.action == "round.transition", AuditEvent.entity == "round"
            )
        )
    )
    assert published <= logged
