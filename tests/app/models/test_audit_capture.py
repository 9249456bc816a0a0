"""Staff changes that the code forgot to record are audit-logged anyway, once."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Round
from app.permissions import public
from app.services.audit import record

# The tests add routes, which an app that has served requests refuses: own apps.
pytestmark = pytest.mark.app_config()

_before: dict[str, int] = {}


def _add_routes(app):
    # Only events written by the test count (the demo's publications are logged too).
    _before["id"] = db.session.scalar(select(func.max(AuditEvent.id))) or 0
    def rename(explicit: bool):
        round_ = db.session.scalar(select(Round).where(Round.community_code == "DEMO01"))
        before = round_.title_en
        round_.title_en = "Renamed"
        if explicit:
            record("round.renamed", "round", round_.id, before={"title_en": before},
                   after={"title_en": "Renamed"})
        db.session.commit()
        return "ok"

    app.add_url_rule("/t/silent", "silent", public(lambda: rename(False)), methods=["POST"])
    app.add_url_rule("/t/explicit", "explicit", public(lambda: rename(True)), methods=["POST"])


def _events() -> list[AuditEvent]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.entity == "round", AuditEvent.id > _before["id"])
        )
    )


def test_an_unrecorded_staff_change_is_recorded_automatically(app, client, login):
    _add_routes(app)
    login("facilitator@egekh.demo")
    assert client.post("/t/silent").status_code == 200
    [event] = _events()
    assert event.action == "round.changed" and event.note == "recorded automatically"
    assert event.after == {"title_en": "Renamed"}
    assert event.before["title_en"] != "Renamed"
    from app.models import User

    facilitator = db.session.scalar(select(User).where(User.email == "facilitator@egekh.demo"))
    assert event.user_id == facilitator.id


def test_a_recorded_change_is_not_logged_twice(app, client, login):
    _add_routes(app)
    login("facilitator@egekh.demo")
    client.post("/t/explicit")
    assert [e.action for e in _events()] == ["round.renamed"]


def test_anonymous_changes_are_not_staff_changes(app, client):
    _add_routes(app)
    client.post("/t/silent")
    assert _events() == []
