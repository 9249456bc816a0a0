"""Signing in and out, on a database that holds only the accounts each test makes."""

import pytest

from tests.support.factories import PASSWORD


@pytest.fixture
def client(base_app):
    return base_app.test_client()


@pytest.mark.parametrize("role", ["admin", "coordinator", "facilitator", "official"])
def test_every_staff_role_signs_in(client, create_user, role):
    user = create_user(role=role, areas=["MN-061"])
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Гарах" in page  # the sign-out button


def test_wrong_password_shows_a_message_not_a_stack_trace(client, create_user):
    user = create_user(role="admin")
    response = client.post(
        "/auth/login", data={"email": user.email, "password": "not-the-password"}
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Цахим шуудан эсвэл нууц үг буруу байна." in page
    assert "Traceback" not in page


def test_unknown_email_gets_the_same_message(client):
    page = client.post(
        "/auth/login", data={"email": "nobody@example.org", "password": PASSWORD}
    ).get_data(as_text=True)
    assert "Цахим шуудан эсвэл нууц үг буруу байна." in page


def test_empty_form_shows_field_messages(client):
    page = client.post("/auth/login", data={"email": "", "password": ""}).get_data(as_text=True)
    assert "Цахим шуудангийн хаягаа оруулна уу." in page
    assert "Нууц үгээ оруулна уу." in page


def test_deactivated_user_cannot_sign_in(client, create_user):
    from app.extensions import db

    user = create_user(role="facilitator")
    user.active = False
    db.session.commit()
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "Гарах" not in client.get("/").get_data(as_text=True)


def test_sign_out_is_a_post(client, create_user, sign_in):
    sign_in(client, create_user(role="admin"))
    assert client.get("/auth/logout").status_code == 405
    assert client.post("/auth/logout").status_code == 302
    assert "Нэвтрэх" in client.get("/").get_data(as_text=True)


def test_login_redirect_stays_on_this_site(client, create_user):
    user = create_user(role="admin")
    response = client.post(
        "/auth/login?next=https://evil.example/",
        data={"email": user.email, "password": PASSWORD},
    )
    assert response.headers["Location"] == "/workspace/"


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_sign_in_without_csrf_token_is_refused(client, create_user):
    user = create_user(role="admin")
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "Маягтын хугацаа дууссан" in response.get_data(as_text=True)


def test_signing_out_forgets_the_user_on_the_next_request(client, create_user, sign_in):
    sign_in(client, create_user(role="facilitator"))
    client.post("/auth/logout")
    assert "Нэвтрэх" in client.get("/aimags/").get_data(as_text=True)


def test_language_switch_applies_to_the_next_request(client):
    client.get("/")
    client.get("/lang/en")
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        ("facilitator", "/workspace/"),
        ("coordinator", "/workspace/"),
        ("official", "/reports/MN-061"),
    ],
)
def test_staff_land_where_their_work_is(client, create_user, role, landing):
    user = create_user(role=role, areas=["MN-061"])
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == landing
