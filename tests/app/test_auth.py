"""Signing in and out."""

import pytest


@pytest.mark.parametrize(
    "email",
    [
        "admin@egekh.demo",
        "facilitator@egekh.demo",
        "official.dornod@egekh.demo",
        "coordinator@egekh.demo",
    ],
)
def test_demo_accounts_sign_in(client, email):
    response = client.post("/auth/login", data={"email": email, "password": "demo-password"})
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Гарах" in page  # the sign-out button


def test_wrong_password_shows_a_message_not_a_stack_trace(client):
    response = client.post(
        "/auth/login", data={"email": "admin@egekh.demo", "password": "not-the-password"}
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Цахим шуудан эсвэл нууц үг буруу байна." in page
    assert "Traceback" not in page


def test_unknown_email_gets_the_same_message(client):
    page = client.post(
        "/auth/login", data={"email": "nobody@egekh.demo", "password": "demo-password"}
    ).get_data(as_text=True)
    assert "Цахим шуудан эсвэл нууц үг буруу байна." in page


def test_empty_form_shows_field_messages(client):
    page = client.post("/auth/login", data={"email": "", "password": ""}).get_data(as_text=True)
    assert "Цахим шуудангийн хаягаа оруулна уу." in page
    assert "Нууц үгээ оруулна уу." in page


def test_deactivated_user_cannot_sign_in(client, app):
    from sqlalchemy import select

    from app.extensions import db
    from app.models import User

    user = db.session.scalar(select(User).where(User.email == "facilitator@egekh.demo"))
    user.active = False
    db.session.commit()
    response = client.post(
        "/auth/login", data={"email": "facilitator@egekh.demo", "password": "demo-password"}
    )
    assert response.status_code == 200


def test_sign_out_is_a_post(client, login):
    login("admin@egekh.demo")
    assert client.get("/auth/logout").status_code == 405
    assert client.post("/auth/logout").status_code == 302
    assert "Нэвтрэх" in client.get("/").get_data(as_text=True)


def test_login_redirect_stays_on_this_site(client):
    response = client.post(
        "/auth/login?next=https://evil.example/",
        data={"email": "admin@egekh.demo", "password": "demo-password"},
    )
    assert response.headers["Location"] == "/workspace/"


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_sign_in_without_csrf_token_is_refused(client):
    response = client.post(
        "/auth/login", data={"email": "admin@egekh.demo", "password": "demo-password"}
    )
    assert response.status_code == 400
    assert "Маягтын хугацаа дууссан" in response.get_data(as_text=True)


def test_signing_out_forgets_the_user_on_the_next_request(client, login):
    login("facilitator@egekh.demo")
    client.post("/auth/logout")
    assert "Нэвтрэх" in client.get("/aimags/").get_data(as_text=True)


def test_language_switch_applies_to_the_next_request(client):
    client.get("/")
    client.get("/lang/en")
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("email", "landing"),
    [
        ("facilitator@egekh.demo", "/workspace/"),
        ("coordinator@egekh.demo", "/workspace/"),
        ("official.dornod@egekh.demo", "/reports/MN-061"),
    ],
)
def test_staff_land_where_their_work_is(client, email, landing):
    response = client.post("/auth/login", data={"email": email, "password": "demo-password"})
    assert response.headers["Location"] == landing
