"""Finding demo rounds for the cycle tests still on the demo (the others use the
factory fixtures of ``tests/app/views/conftest.py``)."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Area, Facility, Organisation, Round
from scorecards.lifecycle import Phase

EAST = "facilitator@egekh.demo"
WEST = "facilitator.khovd@egekh.demo"
COORDINATOR = "coordinator@egekh.demo"
ADMIN = "admin@egekh.demo"


def open_demo_round() -> Round:
    """East's round in Dornod that is collecting (join code DEMO01)."""
    return db.session.scalar(select(Round).where(Round.community_code == "DEMO01"))


def east_round(state: Phase) -> Round:
    """A round of organisation "east" in Dornod in ``state``."""
    return db.session.scalar(
        select(Round)
        .join(Facility)
        .join(Area, Area.id == Facility.area_id)
        .join(Organisation, Organisation.id == Round.organisation_id)
        .where(Round.state == state, Organisation.name_en.like("Eastern%"))
        .order_by(Round.id)
        .limit(1)
    )
