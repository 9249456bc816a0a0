"""The audit log: shown to administrators with filters and pages, and never rewritten."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

import pytest
from sqlalchemy import delete, select, text, update

from app.extensions import db
from app.models import AuditEvent, User
from app.models.audit_guard import AuditLogIsAppendOnly
from app.services.audit import record
from tests.support.routes import collect_routes

ADMIN = "admin@egekh.demo"


def _seed_events():
    admin = db.session.scalar(select(User).where(User.email == ADMIN))
    for i in range(60):
        event = record("round.edited", "round", entity_id=i, after={"title": f"r{i}"},
                       user_id=admin.id)
        event.at = datetime(2026, 3, 1 + i % 28, 10, 0)
    record("user.updated", "user", entity_id=7, before={"role": "official"},
           after={"role": "facilitator"}, user_id=admin.id).at = datetime(2026, 5, 2, 9, 0)
    db.session.commit()


def test_viewer_filters_by_action_entity_user_and_dates(client, login):
    _seed_events()
    login(ADMIN)
    page = client.get("/admin/audit?action=user.updated").get_data(as_text=True)
    assert 'data-entity="user"' in page and "#7" in page and 'data-entity="round"' not in page
    assert "Хөтлөгч" in page  # the role after the change, in words
    page = client.get("/admin/audit?entity=round&date_from=2026-03-01&date_to=2026-03-01")
    text_ = page.get_data(as_text=True)
    # The 1st of March in Ulaanbaatar: i = 0, 28 and 56 (10:00 UTC is 18:00 there).
    assert text_.count('data-entity="round"') == 3
    page = client.get("/admin/audit?user=nobody@").get_data(as_text=True)
    assert 'data-entity="round"' not in page


def test_viewer_pages_through_the_log(client, login):
    _seed_events()
    login(ADMIN)
    first = client.get("/admin/audit?action=round.edited").get_data(as_text=True)
    second = client.get("/admin/audit?action=round.edited&page=2").get_data(as_text=True)
    assert first.count('data-entity="round"') == 50
    assert second.count('data-entity="round"') == 10
    assert "page=1" in second
    assert client.get("/admin/audit?page=999999999999").status_code == 200


def test_bad_filters_are_a_400_not_a_crash(client, login):
    login(ADMIN)
    response = client.get("/admin/audit?date_from=yesterday")
    assert response.status_code == 400
    assert "Огноо буруу байна" in response.get_data(as_text=True)
    assert client.get("/admin/audit?date_to=9999-12-31").status_code == 200


def test_the_orm_refuses_to_change_or_delete_an_event(app):
    event = record("round.created", "round", 1)
    db.session.commit()
    event.note = "rewritten"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEvent, event.id))
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    for statement in (update(AuditEvent).values(note="x"), delete(AuditEvent)):
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.execute(statement)
        db.session.rollback()


def test_the_database_refuses_too(app):
    record("round.created", "round", 1)
    db.session.commit()
    for statement in ("UPDATE audit_event SET note = 'x'", "DELETE FROM audit_event"):
        with pytest.raises(Exception, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
    assert db.session.scalar(select(AuditEvent.note).limit(1)) == ""


def _snapshot() -> dict[int, str]:
    db.session.expire_all()
    rows = db.session.scalars(select(AuditEvent)).all()
    return {
        row.id: hashlib.sha256(
            json.dumps(
                [str(row.at), row.user_id, row.action, row.entity, row.entity_id,
                 row.before, row.after, row.note, row.address],
                sort_keys=True, default=str,
            ).encode()
        ).hexdigest()
        for row in rows
    }


def test_no_route_rewrites_the_audit_log(app, client, login):
    """Every state-changing route, sent an empty form by an administrator, may only append.

    Also a smoke test that an empty POST never produces a server error.
    """
    _seed_events()
    login(ADMIN)
    before = _snapshot()
    assert before
    failures = []
    for route in collect_routes(app):
        for method in sorted(route.methods - {"GET"}):
            url = route.urls(app)[0]
            response = client.open(url, method=method, data={})
            if response.status_code >= 500:
                failures.append(f"{method} {url} -> {response.status_code}")
            if client.get("/account/password").status_code != 200:
                login(ADMIN)  # the route signed us out (e.g. /auth/logout)
    after = _snapshot()
    assert not failures, failures
    assert {k: after[k] for k in before} == before
    assert not any(route.rule.startswith("/admin/audit/") for route in collect_routes(app))
