"""Administrators add the organisations staff work for (a new installation has none)."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Organisation


def test_admin_adds_an_organisation_and_can_invite_into_it(client, login):
    login("admin@egekh.demo")
    page = client.get("/admin/organisations")
    assert page.status_code == 200
    assert "Eastern Civic Monitoring" in page.get_data(as_text=True)
    response = client.post(
        "/admin/organisations",
        data={"name_mn": "Говийн иргэний хяналт ТББ", "name_en": "Gobi Civic Watch", "kind": "ngo"},
    )
    assert response.status_code == 302
    assert "Gobi Civic Watch" in client.get("/admin/organisations").get_data(as_text=True)
    assert "Говийн иргэний хяналт ТББ" in client.get("/admin/users/new").get_data(as_text=True)
    organisation = db.session.scalar(
        select(Organisation).where(Organisation.name_en == "Gobi Civic Watch")
    )
    assert organisation.kind == "ngo"
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "organisation.create")
    )
    assert event is not None and event.entity_id == organisation.id


def test_a_taken_name_or_a_blank_name_is_refused_and_nothing_changes(client, login):
    login("admin@egekh.demo")
    before = len(db.session.scalars(select(Organisation)).all())
    taken = db.session.scalar(select(Organisation.name_mn).limit(1))
    response = client.post(
        "/admin/organisations", data={"name_mn": taken, "name_en": "x", "kind": "ngo"}
    )
    assert response.status_code == 400
    blank = client.post("/admin/organisations", data={"name_mn": " ", "kind": "ngo"})
    assert blank.status_code == 400
    wrong_kind = client.post("/admin/organisations", data={"name_mn": "Шинэ", "kind": "club"})
    assert wrong_kind.status_code == 400
    db.session.expire_all()
    assert len(db.session.scalars(select(Organisation)).all()) == before


def test_only_administrators_reach_the_page(client, login):
    assert client.get("/admin/organisations").status_code == 302  # to sign-in
    login("coordinator@egekh.demo")
    assert client.get("/admin/organisations").status_code == 403
    response = client.post("/admin/organisations", data={"name_mn": "Шинэ", "kind": "ngo"})
    assert response.status_code == 403
