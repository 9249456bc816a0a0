"""The permission table, per role and scope."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Action, Area, Facility, Round, User
from app.permissions import ACCESS_ATTRIBUTE, RULES, can


class Anonymous:
    is_authenticated = False


def user(email):
    return db.session.scalar(select(User).where(User.email == email))


def in_aimag(aimag_code):
    """A criterion on Round: its facility lies in a soum or district of the aimag."""
    return Round.facility.has(Facility.area.has(Area.parent.has(Area.code == aimag_code)))


def round_in(aimag_code):
    return db.session.scalars(select(Round).where(in_aimag(aimag_code))).first()


def area(code):
    return db.session.scalar(select(Area).where(Area.code == code))


@pytest.mark.parametrize(
    ("email", "action", "aimag", "allowed"),
    [
        ("facilitator@egekh.demo", "round.view", "MN-061", True),
        ("facilitator@egekh.demo", "round.edit", "MN-061", True),
        ("facilitator@egekh.demo", "round.edit", "MN-043", False),  # other organisation
        ("facilitator@egekh.demo", "round.publish", "MN-061", False),
        ("facilitator.khovd@egekh.demo", "round.edit", "MN-043", True),
        ("facilitator.khovd@egekh.demo", "round.view", "MN-061", False),
        ("coordinator@egekh.demo", "round.publish", "MN-061", True),
        ("coordinator@egekh.demo", "round.publish", "MN-043", False),
        ("official.dornod@egekh.demo", "round.view", "MN-061", True),
        ("official.dornod@egekh.demo", "round.view", "MN-043", False),
        ("official.dornod@egekh.demo", "round.edit", "MN-061", False),
        ("admin@egekh.demo", "round.edit", "MN-043", True),
        ("admin@egekh.demo", "round.publish", "MN-061", True),
    ],
)
def test_round_rules_follow_organisation_and_area(app, email, action, aimag, allowed):
    assert can(user(email), action, round_in(aimag)) is allowed


@pytest.mark.parametrize(
    ("email", "aimag", "allowed"),
    [
        ("official.dornod@egekh.demo", "MN-061", True),
        ("official.dornod@egekh.demo", "MN-043", False),
        ("facilitator@egekh.demo", "MN-061", False),
        ("admin@egekh.demo", "MN-043", True),
    ],
)
def test_officials_answer_actions_of_their_aimag_only(app, email, aimag, allowed):
    action = db.session.scalars(select(Action).join(Action.round).where(in_aimag(aimag))).first()
    assert can(user(email), "action.respond", action) is allowed


@pytest.mark.parametrize(
    ("email", "code", "allowed"),
    [
        ("official.dornod@egekh.demo", "MN-061", True),
        ("official.dornod@egekh.demo", "MN-043", False),
        ("coordinator@egekh.demo", "MN-039", True),
        ("facilitator@egekh.demo", "MN-061", False),
    ],
)
def test_unpublished_results_by_area(app, email, code, allowed):
    assert can(user(email), "area.view_unpublished", area(code)) is allowed


@pytest.mark.parametrize("action", sorted(RULES))
def test_anonymous_may_do_nothing_that_needs_a_rule(app, action):
    assert can(Anonymous(), action, None) is False


def test_admin_only_rules(app):
    for email in ("facilitator@egekh.demo", "official.dornod@egekh.demo", "coordinator@egekh.demo"):
        assert not can(user(email), "admin.users")
        assert not can(user(email), "admin.audit")
    assert can(user("admin@egekh.demo"), "admin.users")


def test_unknown_rule_is_an_error(app):
    with pytest.raises(KeyError):
        can(user("admin@egekh.demo"), "round.delete-everything")


def test_every_view_declares_its_access_rule(app):
    undeclared = [
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint != "static" and getattr(view, ACCESS_ATTRIBUTE, None) is None
    ]
    assert undeclared == []


def test_the_aimag_page_shows_unpublished_rounds_only_to_the_official(client, login, app):
    hidden = "нийтлэгдээгүй"
    dornod_unpublished = db.session.scalars(
        select(Round).where(Round.state != "published", in_aimag("MN-061"))
    ).all()
    assert dornod_unpublished
    assert hidden not in client.get("/aimags/MN-061").get_data(as_text=True)
    login("official.dornod@egekh.demo")
    assert hidden in client.get("/aimags/MN-061").get_data(as_text=True)
