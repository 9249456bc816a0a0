"""Trust, second pass (issue 12): sessions end on the server, the lock-out counter is
atomic, forwarded addresses are believed only from configured proxies, join codes are
rate-limited, hostile input gets a 400, the SQLite file is private, the audit log
cannot be truncated, CSV exports are audited and collection pages hide other
organisations' rounds."""

from __future__ import annotations

import os
import stat
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from app.extensions import db
from app.models import AuditEvent, User
from app.models._types import utcnow
from tests.support.factories import PASSWORD

AIMAG = "MN-061"


def _user(user_id: int) -> User:
    db.session.expire_all()
    return db.session.get(User, user_id)


# ---------------------------------------------------------------------------- sessions


def test_a_copied_session_cookie_stops_working_after_sign_out(base_app, create_user, sign_in):
    user = create_user(role="facilitator", areas=[AIMAG])
    client = base_app.test_client()
    sign_in(client, user)
    assert client.get("/account/password").status_code == 200
    copied = client.get_cookie("session").value
    other_device = base_app.test_client()
    other_device.set_cookie("session", copied)
    assert other_device.get("/account/password").status_code == 200

    assert client.post("/auth/logout").status_code == 302
    response = other_device.get("/account/password")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "user.signed_out")
    )


def _guess_in_parallel(app, email: str, guesses: int, max_failures: int) -> list[str]:
    """``guesses`` wrong passwords at once, each in its own thread and transaction."""
    from app.services.accounts import authenticate
    from scorecards.errors import DomainError

    start = threading.Barrier(guesses)
    outcomes: list[str] = []

    def guess() -> None:
        with app.app_context():
            start.wait()
            try:
                authenticate(email, "wrong-password-x", max_failures=max_failures)
                outcomes.append("refused")
            except DomainError as error:
                outcomes.append(error.code)
            db.session.commit()
            db.session.remove()

    threads = [threading.Thread(target=guess) for _ in range(guesses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


def test_parallel_wrong_passwords_are_all_counted_and_lock_the_account(base_app, create_user):
    user = create_user(role="facilitator", areas=[AIMAG])
    user_id, email = user.id, user.email
    db.session.remove()  # the test's own session holds no transaction while threads write
    outcomes = _guess_in_parallel(base_app, email, 16, max_failures=5)
    assert len(outcomes) == 16
    stored = _user(user_id)
    assert stored.failed_logins == 16
    assert stored.locked_until is not None and stored.locked_until > utcnow()
    locks = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "user.locked", AuditEvent.entity_id == user_id
        )
    ).all()
    assert len(locks) == 1


def test_the_right_password_is_refused_after_parallel_guesses(base_app, create_user):
    email = create_user(role="facilitator", areas=[AIMAG]).email
    db.session.remove()
    _guess_in_parallel(base_app, email, 8, max_failures=5)
    response = base_app.test_client().post(
        "/auth/login", data={"email": email, "password": PASSWORD}
    )
    assert response.status_code == 429


def test_an_ended_lock_restarts_the_count(base_app, create_user):
    from app.services.accounts import authenticate
    from scorecards.errors import DomainError

    user = create_user(role="facilitator", areas=[AIMAG])
    for _ in range(5):
        assert authenticate(user.email, "wrong-password-x") is None  # the fifth locks
    db.session.commit()
    with pytest.raises(DomainError):
        authenticate(user.email, PASSWORD)
    stored = _user(user.id)
    stored.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert authenticate(user.email, "wrong-password-x") is None
    db.session.commit()
    stored = _user(user.id)
    assert stored.failed_logins == 1 and stored.locked_until is None


# ------------------------------------------------------------------------ reverse proxy


def _sign_in_address(app, create_user, **headers) -> str:
    user = create_user(role="facilitator", areas=[AIMAG])
    client = app.test_client()
    response = client.post(
        "/auth/login",
        data={"email": user.email, "password": PASSWORD},
        headers=headers,
        environ_base={"REMOTE_ADDR": "10.0.0.1"},
    )
    assert response.status_code == 302
    return db.session.scalar(
        select(AuditEvent.address).where(
            AuditEvent.action == "user.signed_in", AuditEvent.entity_id == user.id
        )
    )


def test_forwarded_for_is_ignored_without_trusted_proxies(base_app, create_user):
    assert base_app.config["TRUSTED_PROXIES"] == 0
    address = _sign_in_address(base_app, create_user, **{"X-Forwarded-For": "203.0.113.9"})
    assert address == "10.0.0.1"


@pytest.mark.app_config(TRUSTED_PROXIES=1)
def test_forwarded_for_is_used_behind_one_trusted_proxy(base_app, create_user):
    address = _sign_in_address(
        base_app, create_user, **{"X-Forwarded-For": "198.51.100.1, 203.0.113.9"}
    )
    assert address == "203.0.113.9"  # the one the proxy appended, not the client's claim


def _login_statuses(app, addresses: list[str]) -> list[int]:
    client = app.test_client()
    return [
        client.post(
            "/auth/login",
            data={"email": "nobody@example.org", "password": "x"},
            headers={"X-Forwarded-For": address},
            environ_base={"REMOTE_ADDR": "10.0.0.2"},
        ).status_code
        for address in addresses
    ]


@pytest.mark.app_config(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute")
def test_without_trusted_proxies_a_forged_header_does_not_escape_the_limit(base_app):
    assert _login_statuses(base_app, ["192.0.2.1", "192.0.2.2", "192.0.2.3"]) == [200, 200, 429]


@pytest.mark.app_config(
    RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute", TRUSTED_PROXIES=1
)
def test_behind_a_trusted_proxy_each_client_has_its_own_limit(base_app):
    assert _login_statuses(base_app, ["192.0.2.1", "192.0.2.2", "192.0.2.3"]) == [200] * 3
    assert _login_statuses(base_app, ["192.0.2.1", "192.0.2.1"]) == [200, 429]


# ---------------------------------------------------------------------- citizens' routes


@pytest.mark.app_config(RATELIMIT_ENABLED=True, JOIN_FAILED_RATE_LIMIT="3 per minute")
def test_guessing_join_codes_is_limited_per_address(app):
    from tests.app.views.helpers import open_demo_round

    code = open_demo_round().community_code
    guesser = app.test_client()
    statuses = [guesser.get(f"/j/ZZZZ{n}Q").status_code for n in range(3)]
    assert statuses == [404, 404, 404]
    blocked = guesser.get(f"/j/{code}")  # even a right guess now answers nothing
    assert blocked.status_code == 429
    assert "Хэт олон" in blocked.get_data(as_text=True) or "минут" in blocked.get_data(
        as_text=True
    )
    assert guesser.post("/j/ZZZZ9Q/submit.json", json={}).status_code == 429
    neighbour = app.test_client()
    neighbour.environ_base["REMOTE_ADDR"] = "192.0.2.77"
    assert neighbour.get(f"/j/{code}").status_code == 200


@pytest.mark.app_config(RATELIMIT_ENABLED=True, JOIN_FAILED_RATE_LIMIT="3 per minute")
def test_right_codes_are_not_counted_as_guesses(app):
    from tests.app.views.helpers import open_demo_round

    code = open_demo_round().community_code
    client = app.test_client()
    assert all(client.get(f"/j/{code}").status_code == 200 for _ in range(10))


@pytest.mark.app_config(RATELIMIT_ENABLED=True, JOIN_RATE_LIMIT="4 per minute")
def test_opening_scorecards_is_limited_per_address(app):
    from tests.app.views.helpers import open_demo_round

    code = open_demo_round().community_code
    client = app.test_client()
    assert [client.get(f"/j/{code}").status_code for _ in range(5)] == [200] * 4 + [429]


# ------------------------------------------------------------------------ hostile input


@pytest.mark.parametrize("target", ["/\r\nSet-Cookie: x=1", "/x\nLocation: //evil", "/\\evil.org"])
def test_a_next_with_control_characters_or_backslashes_is_not_followed(app, target):
    client = app.test_client()
    response = client.get("/lang/en", query_string={"next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_a_next_with_crlf_after_sign_in_goes_to_the_landing_page(base_app, create_user):
    user = create_user(role="facilitator", areas=[AIMAG])
    response = base_app.test_client().post(
        "/auth/login",
        query_string={"next": "/rounds\r\nX: y"},
        data={"email": user.email, "password": PASSWORD},
    )
    assert response.status_code == 302 and "\n" not in response.headers["Location"]


NESTED = "[" * 60_000 + "]" * 60_000


def test_deeply_nested_json_to_the_citizen_send_is_a_400(app):
    from tests.app.views.helpers import open_demo_round

    code = open_demo_round().community_code
    client = app.test_client()
    for content_type in ("application/json", "text/plain"):
        response = client.post(
            f"/j/{code}/submit.json", data=NESTED[:63_000], content_type=content_type
        )
        assert response.status_code == 400
        assert response.get_json()["error"]["message"]


def test_deeply_nested_json_to_the_api_is_a_400(app):
    response = app.test_client().post(
        "/api/v1/results", data=NESTED, content_type="application/json"
    )
    assert response.status_code == 400
    assert "nested" in response.get_json()["error"]["message"] or response.get_json()["error"][
        "message"
    ]


@pytest.mark.parametrize(
    "body",
    ['{"uuid": "\\ud800"}', '{"\\udfff": "x"}', '{"answers": ["ok", "\\ud83d"]}'],
)
def test_a_lone_surrogate_in_json_is_a_400_with_a_message(app, body):
    from tests.app.views.helpers import open_demo_round

    code = open_demo_round().community_code
    response = app.test_client().post(
        f"/j/{code}/submit.json", data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["message"]


def test_a_valid_surrogate_pair_is_not_refused(app):
    from app.security import _json_has_unstorable

    assert not _json_has_unstorable({"comment": "\U0001f600"})
    assert _json_has_unstorable({"comment": ["\ud83d"]})


def test_a_lone_surrogate_in_form_fields_is_refused(app):
    """Browsers cannot send one (UTF-8 has no surrogates), but a WSGI server that
    decodes leniently can hand one over: the check covers form fields too."""
    from werkzeug.datastructures import MultiDict

    from app.security import _has_unstorable

    assert _has_unstorable(MultiDict({"comment": "ok\ud800"}))
    assert _has_unstorable(MultiDict({"\udc80": "ok"}))
    assert not _has_unstorable(MultiDict({"comment": "Сайн байна уу \U0001f600"}))


# ------------------------------------------------------------------------ storage


def test_a_new_sqlite_database_file_is_private(tmp_path):
    import sqlite3

    from app import create_private_database_file

    path = tmp_path / "data" / "egekh.db"
    create_private_database_file(f"sqlite:///{path}")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE t (x)")
    connection.execute("INSERT INTO t VALUES (1)")
    connection.commit()
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        assert side.exists() and stat.S_IMODE(side.stat().st_mode) == 0o600
    connection.close()


def test_the_app_creates_its_sqlite_file_private(tmp_path):
    from app import create_app

    path = tmp_path / "fresh.db"
    old_umask = os.umask(0o022)
    try:
        create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_postgresql_refuses_to_truncate_the_audit_log(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("TRUNCATE exists on PostgreSQL only")
    # CASCADE too: tables that point at audit events (notifications) would otherwise
    # let the attempt fail for a reason other than the append-only rule.
    with pytest.raises(Exception, match="append-only"):
        db.session.execute(text("TRUNCATE audit_event CASCADE"))
    db.session.rollback()
    with pytest.raises(DatabaseError):
        db.session.execute(text("TRUNCATE audit_event"))
    db.session.rollback()
    assert db.session.scalar(select(AuditEvent.id).limit(1)) is not None


# --------------------------------------------------------------------- round pages


def test_csv_exports_are_audited_like_xlsx(base_app, create_user, create_round, sign_in):
    facilitator = create_user(role="facilitator", areas=[AIMAG])
    round_ = create_round(facilitator)
    client = base_app.test_client()
    sign_in(client, facilitator)
    assert client.get(f"/rounds/{round_.id}/export/responses.csv").status_code == 200
    event = db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "round.export", AuditEvent.entity_id == round_.id
        )
    )
    assert event is not None and event.after == {"format": "csv", "part": "responses"}
    assert event.user_id == facilitator.id


def test_another_organisations_collection_page_is_a_404(
    base_app, create_user, create_round, sign_in
):
    owner = create_user(role="facilitator", areas=[AIMAG])
    round_ = create_round(owner)
    stranger = create_user(role="facilitator", areas=[AIMAG])
    client = base_app.test_client()
    sign_in(client, stranger)
    assert client.get(f"/rounds/{round_.id}").status_code == 404
    assert client.get(f"/rounds/{round_.id}/collection").status_code == 404
    assert client.get(f"/rounds/{round_.id}/collection/qr-community.png").status_code == 404
