"""Seed commands: geography, library and demo, each safe to run twice."""

from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Action,
    Area,
    ConsensusScore,
    Facility,
    Indicator,
    InputItem,
    InterfaceMeeting,
    OfficialResponse,
    Response,
    Round,
    Score,
    Tally,
    User,
)


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_geography_has_every_unit(app):
    levels = dict(db.session.execute(select(Area.level, func.count()).group_by(Area.level)).all())
    assert levels == {"aimag": 21, "capital": 1, "district": 9, "soum": 330}
    dornod = db.session.scalar(select(Area).where(Area.code == "MN-061"))
    assert dornod.name_mn == "Дорнод" and dornod.name_en == "Dornod"
    assert len(dornod.children) == 14
    assert all(child.parent_id == dornod.id for child in dornod.children)


def test_library_has_twelve_indicators_per_sector_in_both_languages(app):
    for sector in ("health", "education"):
        indicators = db.session.scalars(
            select(Indicator).join(Indicator.sector).where(Indicator.sector.has(code=sector))
        ).all()
        assert len(indicators) >= 12
        assert all(i.text_mn and i.text_en for i in indicators)


def test_seeding_twice_creates_nothing(app):
    runner = app.test_cli_runner()
    before = {
        m.__name__: count(m) for m in (Area, Indicator, Facility, Round, Response, Score, User)
    }
    result = runner.invoke(args=["seed", "all"])
    assert result.exit_code == 0, result.output
    assert "geography: 0 created" in result.output
    assert "demo: already present" in result.output
    after = {
        m.__name__: count(m) for m in (Area, Indicator, Facility, Round, Response, Score, User)
    }
    assert before == after


def test_demo_covers_ten_aimags_and_three_capital_districts(app):
    soum = Area
    parents = db.session.scalars(
        select(Area.code).where(
            Area.id.in_(select(soum.parent_id).join(Facility, Facility.area_id == soum.id))
        )
    ).all()
    districts = db.session.scalars(
        select(Area.code)
        .join(Facility, Facility.area_id == Area.id)
        .where(Area.level == "district")
    ).all()
    assert len([p for p in parents if p != "MN-1"]) == 10
    assert len(set(districts)) == 3


def test_every_demo_facility_has_linked_rounds(app):
    for facility in db.session.scalars(select(Facility)):
        rounds = db.session.scalars(
            select(Round).where(Round.facility_id == facility.id).order_by(Round.round_number)
        ).all()
        assert len(rounds) >= 2
        for earlier, later in zip(rounds, rounds[1:], strict=False):
            assert later.previous_round_id == earlier.id


def test_demo_has_every_kind_of_answer_and_the_later_phases(app):
    assert count(Response, Response.side == "community") > 1000
    assert count(Response, Response.side == "provider") > 100
    assert count(Score, Score.value.is_(None)) > 0  # missing answers exist...
    assert count(Score, Score.value == 0) == 0  # ...and are never stored as zero
    assert count(ConsensusScore) > 0 and count(Tally) > 0 and count(InputItem) > 0
    assert count(InterfaceMeeting) > 0 and count(OfficialResponse) > 0
    statuses = set(db.session.scalars(select(Action.status).distinct()))
    assert {"planned", "in_progress", "done"} <= statuses


def test_open_demo_round_in_dornod_has_the_fixed_codes(app):
    round_ = db.session.scalar(select(Round).where(Round.community_code == "DEMO01"))
    assert round_.provider_code == "DEMO02"
    assert round_.facility.area.parent.code == "MN-061"
    assert round_.state == "community_scoring"
    assert round_.community_open and round_.provider_open


def test_demo_accounts_exist_only_as_demo(app):
    emails = set(db.session.scalars(select(User.email).where(User.is_demo)))
    assert {"admin@egekh.demo", "facilitator@egekh.demo", "official.dornod@egekh.demo"} <= emails
    assert count(User, User.is_demo.is_(False)) == 0


def test_users_create_command(app):
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "--email",
            "Oyun@Example.mn",
            "--name",
            "Оюун",
            "--role",
            "official",
            "--area",
            "MN-043",
            "--password",
            "a-long-password",
        ],
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "oyun@example.mn"))
    assert user.role == "official" and [a.code for a in user.areas] == ["MN-043"]
    assert user.password_hash.startswith("$argon2id$")
    again = app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "--email",
            "oyun@example.mn",
            "--name",
            "x",
            "--role",
            "official",
            "--password",
            "a-long-password",
        ],
    )
    assert again.exit_code != 0 and "email_taken" in again.output
