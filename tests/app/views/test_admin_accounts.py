"""Administrators manage staff accounts: invite, assign, scope, deactivate; all audit-logged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Area, AuditEvent, Organisation, User
from app.models._types import utcnow
from app.models.invitations import Invitation

ADMIN = "admin@egekh.demo"
FACILITATOR = "facilitator@egekh.demo"


def _user(email: str) -> User | None:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def _area_id(code: str) -> int:
    return db.session.scalar(select(Area.id).where(Area.code == code))


def _org_id(key: str) -> int:
    return db.session.scalar(select(Organisation.id).where(Organisation.name_en.ilike(f"%{key}%")))


def _invite(client, **overrides):
    data = {
        "email": "new.facilitator@egekh.demo",
        "display_name": "Шинэ Хөтлөгч",
        "role": "facilitator",
        "organisation_id": str(_org_id("eastern")),
        "area_ids": [str(_area_id("MN-061"))],
    }
    data.update(overrides)
    return client.post("/admin/users/new", data=data)


def _link_from(page: str) -> str:
    start = page.index('value="http://localhost/account/invitation/') + len('value="http://localhost')
    return page[start : page.index('"', start)]


def _audit(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_users_list_filters_by_role_status_and_text(client, login):
    login(ADMIN)
    page = client.get("/admin/users?role=facilitator").get_data(as_text=True)
    assert FACILITATOR in page and "facilitator.khovd@egekh.demo" in page
    assert ADMIN not in page
    page = client.get("/admin/users?q=khovd").get_data(as_text=True)
    assert "facilitator.khovd@egekh.demo" in page and "official.dornod" not in page
    assert "official.dornod" in client.get("/admin/users").get_data(as_text=True)


def test_invitation_sets_a_password_once_and_signs_in(app, client, login):
    login(ADMIN)
    response = _invite(client)
    assert response.status_code == 200
    link = _link_from(response.get_data(as_text=True))
    user = _user("new.facilitator@egekh.demo")
    assert user.role == "facilitator" and [a.code for a in user.areas] == ["MN-061"]
    invitation = db.session.scalar(select(Invitation).where(Invitation.user_id == user.id))
    assert link.rsplit("/", 1)[1] not in invitation.token_hash  # only a hash is stored
    [event] = _audit("user.invited")
    assert event.after["areas"] == ["MN-061"] and "password" not in str(event.after)

    visitor = app.test_client()
    assert visitor.get(link).status_code == 200
    response = visitor.post(
        link, data={"new_password": "blue steppe morning", "confirm": "blue steppe morning"}
    )
    assert response.status_code == 302
    assert visitor.get("/account/password").status_code == 200
    again = app.test_client().get(link)
    assert again.status_code == 404 and "хүчингүй" in again.get_data(as_text=True)


def test_an_expired_invitation_is_refused_clearly(app, client, login):
    login(ADMIN)
    link = _link_from(_invite(client).get_data(as_text=True))
    invitation = db.session.scalar(select(Invitation))
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = app.test_client().post(
        link, data={"new_password": "blue steppe morning", "confirm": "blue steppe morning"}
    )
    assert response.status_code == 404
    assert _user("new.facilitator@egekh.demo").password_hash == invitation.user.password_hash


def test_a_new_link_replaces_the_old_one(app, client, login):
    login(ADMIN)
    first = _link_from(_invite(client).get_data(as_text=True))
    user = _user("new.facilitator@egekh.demo")
    second = _link_from(client.post(f"/admin/users/{user.id}/invitation").get_data(as_text=True))
    visitor = app.test_client()
    assert visitor.get(first).status_code == 404
    assert visitor.get(second).status_code == 200


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"area_ids": []}, "нутаг дэвсгэр сонгоно"),
        ({"organisation_id": "0"}, "байгууллагыг сонгоно"),
        ({"email": FACILITATOR}, "аль хэдийн байна"),
        ({"role": "superuser"}, "Жагсаалтаас сонгоно уу"),
        ({"area_ids": ["999999"]}, "Жагсаалтаас нутаг дэвсгэр сонгоно уу"),
        ({"email": "not-an-email"}, "хаяг биш"),
        ({"display_name": "x" * 121}, "120 тэмдэгтээс урт байж болохгүй"),
    ],
)
def test_a_refused_invitation_creates_nothing(client, login, overrides, message):
    login(ADMIN)
    users_before = db.session.scalar(select(func.count()).select_from(User))
    response = _invite(client, **overrides)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(User)) == users_before
    assert not _audit("user.invited")


def test_changing_scope_is_logged_and_signs_the_user_out(app, client, login):
    other = app.test_client()
    other.post("/auth/login", data={"email": FACILITATOR, "password": "demo-password"})
    assert other.get("/account/password").status_code == 200
    login(ADMIN)
    user = _user(FACILITATOR)
    response = client.post(
        f"/admin/users/{user.id}",
        data={
            "display_name": user.display_name,
            "role": "facilitator",
            "organisation_id": str(user.organisation_id),
            "area_ids": [str(_area_id("MN-039"))],
        },
    )
    assert response.status_code == 302
    assert [a.code for a in _user(FACILITATOR).areas] == ["MN-039"]
    [event] = _audit("user.updated")
    assert event.before["areas"] == ["MN-039", "MN-051", "MN-061"]
    assert event.after["areas"] == ["MN-039"]
    assert event.user_id == _user(ADMIN).id
    assert other.get("/account/password").status_code == 302


def test_deactivation_signs_out_blocks_sign_in_and_keeps_history(app, client, login):
    other = app.test_client()
    other.post("/auth/login", data={"email": FACILITATOR, "password": "demo-password"})
    login(ADMIN)
    user_id = _user(FACILITATOR).id
    assert client.post(f"/admin/users/{user_id}/deactivate").status_code == 302
    assert other.get("/account/password").status_code == 302
    again = app.test_client().post(
        "/auth/login", data={"email": FACILITATOR, "password": "demo-password"}
    )
    assert again.status_code == 200
    assert _user(FACILITATOR) is not None and not _user(FACILITATOR).active
    assert _audit("user.deactivated")[0].before["active"] is True
    assert "facilitator@egekh.demo" in client.get("/admin/users?status=inactive").get_data(
        as_text=True
    )
    assert client.post(f"/admin/users/{user_id}/reactivate").status_code == 302
    assert _user(FACILITATOR).active


def test_an_administrator_cannot_lock_themselves_out(client, login):
    login(ADMIN)
    admin_id = _user(ADMIN).id
    response = client.post(f"/admin/users/{admin_id}/deactivate")
    assert response.status_code == 409
    assert _user(ADMIN).active
    response = client.post(
        f"/admin/users/{admin_id}",
        data={"display_name": "x", "role": "facilitator", "organisation_id": "0",
              "area_ids": []},
    )
    assert response.status_code == 400
    assert _user(ADMIN).role == "admin"


def test_unlock_lifts_a_lock_out(app, client, login):
    user = _user(FACILITATOR)
    user.locked_until = utcnow() + timedelta(minutes=10)
    db.session.commit()
    login(ADMIN)
    assert client.post(f"/admin/users/{user.id}/unlock").status_code == 302
    assert _user(FACILITATOR).locked_until is None
    response = app.test_client().post(
        "/auth/login", data={"email": FACILITATOR, "password": "demo-password"}
    )
    assert response.status_code == 302


def test_names_with_markup_are_shown_as_text(client, login):
    login(ADMIN)
    _invite(client, display_name='<script>alert("x")</script><b>bold</b>')
    page = client.get("/admin/users").get_data(as_text=True)
    assert "<script>alert" not in page and "<b>bold" not in page
    assert "&lt;script&gt;" in page
    audit = client.get("/admin/audit").get_data(as_text=True)
    assert "<script>alert" not in audit


def test_no_self_registration(client):
    assert client.get("/auth/register").status_code == 404
    assert client.get("/admin/users/new").status_code == 302
