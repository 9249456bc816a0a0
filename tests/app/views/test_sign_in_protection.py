"""Sign-in protection: password policy, lock-out, address rate limit, idle expiry,
fresh session at sign-in, sign-out everywhere on password change, secure cookies."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, User
from app.models._types import utcnow
from app.services.accounts import create_user
from app.services.password_policy import common_passwords, password_problem
from scorecards.errors import DomainError

FACILITATOR = "facilitator@egekh.demo"


def _user(email: str = FACILITATOR) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def _post_login(client, password: str, email: str = FACILITATOR):
    return client.post("/auth/login", data={"email": email, "password": password})


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short1", "password_too_short"),
        ("password123", "password_common"),
        ("Qwertyuiop", "password_common"),
        ("Dragon2024!!", "password_common"),
        ("zzzzzzzzzzzz", "password_repetitive"),
        ("abababababab", "password_repetitive"),
        ("oyun.bat-2025x", "password_personal"),
        ("my-egekh-account", "password_personal"),
        ("тэмээн хөлөг 9", None),
        ("correct horse battery", None),
    ],
)
def test_password_policy(password, problem):
    assert password_problem(password, "oyun.bat@example.mn", "Oyun Bat") == problem


def test_common_list_is_bundled_and_large():
    assert len(common_passwords()) > 1500
    assert "1234567890" in common_passwords()


def test_accounts_cannot_be_created_with_a_common_password(app):
    with pytest.raises(DomainError) as caught:
        create_user("new@egekh.demo", "qwerty123456", "facilitator", "New")
    assert caught.value.code == "password_common"


def test_five_failures_lock_the_account_even_for_the_right_password(client, app):
    for _ in range(5):
        assert _post_login(client, "wrong-password-x").status_code == 200
    user = _user()
    assert user.locked_until is not None and user.locked_until > utcnow()
    response = _post_login(client, "demo-password")
    assert response.status_code == 429
    assert "түгжигдсэн" in response.get_data(as_text=True)
    assert db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "user.locked", AuditEvent.entity_id == user.id
        )
    )


def test_lock_ends_by_itself_and_success_resets_the_count(client, app):
    for _ in range(5):
        _post_login(client, "wrong-password-x")
    user = _user()
    user.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    _post_login(client, "wrong-password-x")
    assert _post_login(client, "demo-password").status_code == 302
    assert _user().failed_logins == 0


def test_failures_below_the_threshold_do_not_lock(client, app):
    for _ in range(4):
        _post_login(client, "wrong-password-x")
    assert _post_login(client, "demo-password").status_code == 302


@pytest.mark.app_config(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
def test_sign_in_attempts_are_limited_per_address(client):
    statuses = [_post_login(client, "x", email=f"n{i}@egekh.demo").status_code for i in range(4)]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3] == 429
    assert client.get("/auth/login").status_code == 200  # reading the page is not limited


def test_idle_session_expires(client, login):
    login(FACILITATOR)
    assert client.get("/account/password").status_code == 200
    with client.session_transaction() as session:
        session["seen_at"] = int(time.time()) - 31 * 60
    response = client.get("/account/password")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


@pytest.mark.app_config(SESSION_IDLE_MINUTES=5)
def test_idle_limit_is_configurable(client, login):
    login(FACILITATOR)
    with client.session_transaction() as session:
        session["seen_at"] = int(time.time()) - 6 * 60
    assert client.get("/account/password").status_code == 302


def test_activity_keeps_the_session(client, login):
    login(FACILITATOR)
    with client.session_transaction() as session:
        session["seen_at"] = int(time.time()) - 29 * 60
    assert client.get("/account/password").status_code == 200
    with client.session_transaction() as session:
        assert session["seen_at"] >= int(time.time()) - 5


def test_sessions_end_after_twelve_hours_however_active(client, login):
    login(FACILITATOR)
    with client.session_transaction() as session:
        session["signed_in_at"] = int(time.time()) - 13 * 3600
    assert client.get("/account/password").status_code == 302


def test_sign_in_starts_a_new_session(client):
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    assert _post_login(client, "demo-password").status_code == 302
    with client.session_transaction() as session:
        assert "planted" not in session


def test_changing_the_password_signs_out_other_sessions(app, client, login):
    login(FACILITATOR)
    other = app.test_client()
    _post_login(other, "demo-password")
    assert other.get("/account/password").status_code == 200
    response = client.post(
        "/account/password",
        data={
            "current_password": "demo-password",
            "new_password": "steppe horse winter",
            "confirm": "steppe horse winter",
        },
    )
    assert response.status_code == 302
    assert client.get("/account/password").status_code == 200  # this session stays
    assert other.get("/account/password").status_code == 302  # the other one is out
    assert _post_login(app.test_client(), "steppe horse winter").status_code == 302
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.password_changed"))


@pytest.mark.parametrize(
    ("data", "field_text"),
    [
        ({"current_password": "wrong-password", "new_password": "steppe horse winter",
          "confirm": "steppe horse winter"}, "Одоогийн нууц үг буруу"),
        ({"current_password": "demo-password", "new_password": "password1234",
          "confirm": "password1234"}, "хамгийн түгээмэл"),
        ({"current_password": "demo-password", "new_password": "steppe horse winter",
          "confirm": "steppe horse summer"}, "ялгаатай"),
        ({"current_password": "demo-password", "new_password": "short",
          "confirm": "short"}, "10"),
    ],
)
def test_a_refused_password_change_says_why_and_changes_nothing(client, login, data, field_text):
    login(FACILITATOR)
    before = _user().password_hash
    response = client.post("/account/password", data=data)
    assert response.status_code == 400
    assert field_text in response.get_data(as_text=True)
    assert _user().password_hash == before


def test_production_cookies_are_secure_httponly_and_samesite(tmp_path, databases):
    from app.config import load_config
    from tests.conftest import make_app

    config = load_config({"EGEKH_ENV": "production", "SECRET_KEY": "k" * 40}, tmp_path)
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]
    assert config["SESSION_COOKIE_HTTPONLY"] and config["SESSION_COOKIE_SAMESITE"] == "Lax"
    url = databases.fresh()
    try:
        keys = (
            "SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE", "EGEKH_ENV", "SECRET_KEY",
            "SESSION_COOKIE_SAMESITE",
        )
        app = make_app(url, **{key: config[key] for key in keys})
        with app.app_context():
            response = app.test_client().post(
                "/auth/login", data={"email": FACILITATOR, "password": "demo-password"},
                base_url="https://localhost",
            )
            cookie = response.headers["Set-Cookie"]
            assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
            assert "Strict-Transport-Security" in response.headers
            db.session.remove()
            db.engine.dispose()
    finally:
        databases.drop(url)
