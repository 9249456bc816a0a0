"""The permission table, rule by rule, for every role, scoped by organisation and area.

Each RULES entry must appear in EXPECTED below: adding a rule without saying who may
use it fails ``test_every_rule_is_specified``.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Action, Area, Facility, Round, User
from app.permissions import RULES, can
from app.services.accounts import create_user

ACCOUNTS = {
    "admin": "admin@egekh.demo",
    "coordinator": "coordinator@egekh.demo",  # org east: Dornod, Khentii, Sükhbaatar
    "facilitator": "facilitator@egekh.demo",  # org east: same areas
    "facilitator_west": "facilitator.khovd@egekh.demo",  # org west: Khovd and others
    "official": "official.dornod@egekh.demo",  # Dornod governor's office
    "provider": "provider@egekh.demo",
    "anonymous": None,
}
EVERYONE = set(ACCOUNTS)
STAFF = EVERYONE - {"anonymous"}

# rule -> object name -> the roles allowed. "any" is the object-free check a decorator makes.
EXPECTED: dict[str, dict[str, set[str]]] = {
    "account.use": {"any": STAFF},
    "round.view": {
        "any": {"admin", "coordinator", "facilitator", "facilitator_west", "official"},
        "dornod_round": {"admin", "coordinator", "facilitator", "official"},
        "khovd_round": {"admin", "facilitator_west"},
    },
    "round.create": {
        "any": {"admin", "coordinator", "facilitator", "facilitator_west"},
        "dornod_round": {"admin", "coordinator", "facilitator"},
        "khovd_round": {"admin", "facilitator_west"},
    },
    "round.edit": {
        "any": {"admin", "coordinator", "facilitator", "facilitator_west"},
        "dornod_round": {"admin", "coordinator", "facilitator"},
        "khovd_round": {"admin", "facilitator_west"},
    },
    "round.publish": {
        "any": {"admin", "coordinator"},
        "dornod_round": {"admin", "coordinator"},
        "khovd_round": {"admin"},
    },
    "area.view_unpublished": {
        "any": {"admin", "coordinator", "official"},
        "dornod": {"admin", "coordinator", "official"},
        "khovd": {"admin"},
    },
    "round.view_unpublished": {
        "any": {"admin", "coordinator", "official"},
        "dornod_round": {"admin", "coordinator", "official"},
        "khovd_round": {"admin"},
    },
    "action.respond": {
        "any": {"admin", "official"},
        "dornod_action": {"admin", "official"},
        "khovd_action": {"admin"},
    },
    "admin.users": {"any": {"admin"}},
    "admin.organisations": {"any": {"admin"}},
    "admin.audit": {"any": {"admin"}},
    "scale.manage": {"any": {"admin", "coordinator"}},
    "catalogue.edit": {"any": {"admin", "coordinator"}},
    "catalogue.admin": {"any": {"admin"}},
}


def test_every_rule_is_specified():
    assert set(EXPECTED) == set(RULES), "add the new rule's row to EXPECTED"


def _round_in(aimag_code: str, organisation_key: str) -> Round:
    aimag = db.session.scalar(select(Area).where(Area.code == aimag_code))
    rounds = db.session.scalars(
        select(Round).join(Facility).join(Area, Facility.area_id == Area.id)
        .where(Area.parent_id == aimag.id)
    ).all()
    return next(r for r in rounds if organisation_key in r.organisation.name_en.lower())


def _action_in(round_: Round) -> Action:
    return db.session.scalar(
        select(Action).join(Round).where(Round.facility_id == round_.facility_id).limit(1)
    )


@pytest.fixture
def subjects(app):
    if db.session.scalar(select(User).where(User.email == ACCOUNTS["provider"])) is None:
        create_user(ACCOUNTS["provider"], "demo-password", "provider", "Provider")
    users = {
        role: db.session.scalar(select(User).where(User.email == email)) if email else None
        for role, email in ACCOUNTS.items()
    }
    from flask_login import AnonymousUserMixin

    users["anonymous"] = AnonymousUserMixin()
    dornod_round = _round_in("MN-061", "eastern")
    khovd_round = _round_in("MN-043", "western")
    objects = {
        "any": None,
        "dornod_round": dornod_round,
        "khovd_round": khovd_round,
        "dornod": db.session.scalar(select(Area).where(Area.code == "MN-061")),
        "khovd": db.session.scalar(select(Area).where(Area.code == "MN-043")),
        "dornod_action": _action_in(dornod_round),
        "khovd_action": _action_in(khovd_round),
    }
    assert all(v is not None for k, v in objects.items() if k != "any")
    return users, objects


@pytest.mark.parametrize("rule", sorted(EXPECTED))
def test_rule_allows_exactly_the_expected_roles(subjects, rule):
    users, objects = subjects
    for object_name, allowed in EXPECTED[rule].items():
        for role, user in users.items():
            assert can(user, rule, objects[object_name]) == (role in allowed), (
                f"{role} {rule} {object_name}"
            )


def test_unknown_rule_is_a_programming_error(subjects):
    users, _ = subjects
    with pytest.raises(KeyError):
        can(users["admin"], "round.delete_everything")
