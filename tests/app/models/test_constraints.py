"""Rules the database itself enforces, whatever the Python code does."""

import pytest
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Response, Round, Score, Tally


def first(model):
    return db.session.scalars(select(model).limit(1)).one()


def expect_refusal(statement):
    with pytest.raises(IntegrityError):
        db.session.execute(statement)
        db.session.flush()
    db.session.rollback()


def test_a_score_is_a_value_or_a_missing_reason(app):
    score = first(Score)
    expect_refusal(
        update(Score).where(Score.id == score.id).values(value=None, missing_reason=None)
    )
    expect_refusal(update(Score).where(Score.id == score.id).values(value=3.0, missing_reason="na"))


def test_response_uuid_is_unique(app):
    response = first(Response)
    row = {
        c: getattr(response, c)
        for c in (
            "uuid",
            "receipt",
            "content_hash",
            "round_id",
            "side",
            "channel",
            "gender",
            "age_band",
            "disability",
        )
    }
    expect_refusal(insert(Response).values(**row))


def test_enumerations_are_checked(app):
    response = first(Response)
    expect_refusal(update(Response).where(Response.id == response.id).values(side="official"))
    expect_refusal(update(Response).where(Response.id == response.id).values(gender="x"))
    round_ = first(Round)
    expect_refusal(update(Round).where(Round.id == round_.id).values(state="finished"))


def test_tally_counts_are_not_negative_and_na_has_no_value(app):
    tally = first(Tally)
    expect_refusal(update(Tally).where(Tally.id == tally.id).values(count=-1))
    expect_refusal(update(Tally).where(Tally.id == tally.id).values(point="na", value=3.0))


def test_a_round_cannot_follow_itself_or_end_before_it_starts(app):
    round_ = first(Round)
    expect_refusal(update(Round).where(Round.id == round_.id).values(previous_round_id=round_.id))
    expect_refusal(
        update(Round)
        .where(Round.id == round_.id)
        .values(period_end=round_.period_start.replace(year=2000))
    )


def test_foreign_keys_are_enforced(app):
    score = first(Score)
    expect_refusal(update(Score).where(Score.id == score.id).values(round_indicator_id=10**9))
