"""Hostile input to the sign-in, account and administration forms: never a server error,
and a refused request changes nothing. Also the 400 (no CSRF token) and 413 refusals."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.extensions import db
from app.models import User

FIXTURE_SETTINGS = settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ADMIN = "admin@egekh.demo"
FACILITATOR = "facilitator@egekh.demo"

hostile_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\x00b",
            "<script>alert(1)</script>",
            "' OR '1'='1",
            "%s%s%n",
            "{{ 7*7 }}",
            "\u202e\u0000\ufeff",
            "x" * 5000,
            "демо@егэх.мн",
            "admin@egekh.demo",
            "-1",
            "0",
            "99999999999999999999",
            "1.5",
        ]
    ),
)
hostile_list = st.lists(hostile_text, max_size=5)


def _accounts() -> list[tuple]:
    db.session.expire_all()
    rows = db.session.scalars(select(User).order_by(User.id))
    return [
        (u.id, u.email, u.display_name, u.password_hash, u.role, u.organisation_id, u.active,
         u.session_token, tuple(sorted(a.id for a in u.areas)))
        for u in rows
    ]


@FIXTURE_SETTINGS
@given(email=hostile_text, password=hostile_text)
def test_sign_in_form(app, email, password):
    client = app.test_client()
    before = _accounts()
    response = client.post("/auth/login", data={"email": email, "password": password})
    assert response.status_code in (200, 400, 429)
    assert [row[:8] for row in _accounts()] == [row[:8] for row in before]
    with client.session_transaction() as session:
        assert "_user_id" not in session


@FIXTURE_SETTINGS
@given(current=hostile_text, new=hostile_text, confirm=hostile_text)
def test_change_password_form(app, current, new, confirm):
    client = app.test_client()
    client.post("/auth/login", data={"email": FACILITATOR, "password": "demo-password"})
    before = _accounts()
    response = client.post(
        "/account/password",
        data={"current_password": current, "new_password": new, "confirm": confirm},
    )
    assert response.status_code == 400  # the current password is never guessed here
    assert _accounts() == before


def _admin_client(app):
    client = app.test_client()
    response = client.post("/auth/login", data={"email": ADMIN, "password": "demo-password"})
    assert response.status_code == 302
    return client


@FIXTURE_SETTINGS
@given(
    email=hostile_text,
    name=hostile_text,
    role=st.one_of(hostile_text, st.sampled_from(["admin", "facilitator", "official"])),
    organisation=hostile_text,
    areas=hostile_list,
)
def test_invite_form(app, email, name, role, organisation, areas):
    client = _admin_client(app)
    before = _accounts()
    response = client.post(
        "/admin/users/new",
        data={"email": email, "display_name": name, "role": role,
              "organisation_id": organisation, "area_ids": areas},
    )
    assert response.status_code in (200, 400)
    after = _accounts()
    if response.status_code == 400:
        assert after == before
    else:
        assert len(after) == len(before) + 1
        assert "/account/invitation/" in response.get_data(as_text=True)


@FIXTURE_SETTINGS
@given(
    name=hostile_text,
    role=st.one_of(hostile_text, st.sampled_from(["admin", "facilitator", "provider"])),
    organisation=hostile_text,
    areas=hostile_list,
    user_id=st.one_of(st.integers(min_value=-5, max_value=10**12), st.just(None)),
)
def test_edit_user_form(app, name, role, organisation, areas, user_id):
    client = _admin_client(app)
    target = user_id or db.session.scalar(select(User.id).where(User.email == FACILITATOR))
    before = _accounts()
    response = client.post(
        f"/admin/users/{target}",
        data={"display_name": name, "role": role, "organisation_id": organisation,
              "area_ids": areas},
    )
    assert response.status_code in (302, 400, 404, 409)
    if response.status_code != 302:
        assert _accounts() == before


@FIXTURE_SETTINGS
@given(params=st.dictionaries(
    st.sampled_from(["user", "action", "entity", "entity_id", "date_from", "date_to", "page",
                     "role", "status", "organisation_id", "q"]),
    hostile_text,
))
def test_filters(app, params):
    client = _admin_client(app)
    for path in ("/admin/audit", "/admin/users"):
        assert client.get(path, query_string=params).status_code in (200, 400)


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_a_post_without_csrf_token_is_refused_and_changes_nothing(app, client):
    before = _accounts()
    response = client.post(
        "/auth/login", data={"email": FACILITATOR, "password": "demo-password"}
    )
    assert response.status_code == 400
    assert "Маягтын хугацаа дууссан" in response.get_data(as_text=True) or (
        "маягт" in response.get_data(as_text=True).lower()
    )
    with client.session_transaction() as session:
        assert "_user_id" not in session
    assert _accounts() == before


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_a_signed_in_post_without_csrf_token_is_refused(app, client):
    page = client.get("/auth/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        "/auth/login",
        data={"email": ADMIN, "password": "demo-password", "csrf_token": token},
    )
    assert response.status_code == 302
    before = _accounts()
    user_id = db.session.scalar(select(User.id).where(User.email == FACILITATOR))
    response = client.post(f"/admin/users/{user_id}/deactivate")
    assert response.status_code == 400
    assert _accounts() == before


@pytest.mark.app_config(MAX_CONTENT_LENGTH=1024)
def test_an_oversized_body_is_a_413_in_mongolian(client):
    response = client.post(
        "/auth/login", data={"email": "a@b.mn", "password": "x" * 5000}
    )
    assert response.status_code == 413
    assert "хэт том" in response.get_data(as_text=True)
    api = client.post(
        "/api/v1/anything", data="x" * 5000, headers={"Content-Type": "application/json"}
    )
    assert api.status_code in (404, 413)


def test_refusals_use_the_users_language(client):
    client.get("/lang/en")
    response = client.get("/aimags/MN-999")
    assert response.status_code == 404 and "This page does not exist" in response.get_data(
        as_text=True
    )
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.get_json()["error"]["status"] == 404


@pytest.mark.parametrize(
    ("method", "url", "kwargs"),
    [
        ("GET", "/aimags/MN%00", {}),
        ("GET", "/admin/audit", {"query_string": {"user": "a\x00"}}),
        ("POST", "/auth/login", {"data": {"email": "a\x00@b.mn", "password": "x"}}),
        ("POST", "/auth/login", {"json": {"email": "a\x00"}}),
    ],
)
def test_nul_characters_are_refused_on_every_database(client, method, url, kwargs):
    response = client.open(url, method=method, **kwargs)
    assert response.status_code == 400


@pytest.mark.parametrize(
    "url",
    ["/admin/users/99999999999", "/admin/users/2147483648", "/admin/audit?entity_id=2200000000"],
)
def test_ids_beyond_the_database_integer_are_refused_not_crashed(client, login, url):
    login(ADMIN)
    assert client.get(url).status_code in (400, 404)
