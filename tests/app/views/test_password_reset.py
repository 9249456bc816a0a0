"""Password reset by e-mail, through the pages and a real SMTP server: the link works
once and for an hour, the same answer whether or not the address has an account, the
same password rules as everywhere, a limit on links and on requests."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select, update

from app.extensions import db
from app.models import AuditEvent, MailMessage, PasswordReset
from app.models._types import utcnow
from tests.support.factories import PASSWORD
from tests.support.smtp_server import PUBLIC_URL, Mailbox, serve

NEW_PASSWORD = "quiet-river-lantern-58"


@pytest.fixture
def mailbox(base_app):
    yield from serve(base_app)


def ask_for_link(client, email: str):
    page = client.get("/account/reset?lang=en")
    assert page.status_code == 200
    return client.post("/account/reset?lang=en", data={"email": email})


def link_in(mailbox: Mailbox, email: str) -> str:
    """The path of the reset link in the last e-mail to ``email``."""
    message = mailbox.to(email)[-1]
    match = re.search(rf"{re.escape(PUBLIC_URL)}(/account/reset/\S+)", Mailbox.text(message))
    assert match, Mailbox.text(message)
    return match.group(1)


def signs_in(client, email: str, password: str) -> bool:
    response = client.post("/auth/login", data={"email": email, "password": password})
    return response.status_code == 302


def test_the_sign_in_page_offers_a_reset(base_app):
    page = base_app.test_client().get("/auth/login?lang=en")
    assert b'href="/account/reset"' in page.data and b"Forgot password?" in page.data


def test_a_reset_link_works_once(base_app, mailbox, create_user):
    user = create_user("official", areas=["MN-061"])
    client = base_app.test_client()

    response = ask_for_link(client, user.email)

    assert response.status_code == 200 and b"Check your e-mail" in response.data
    [message] = mailbox.to(user.email)
    assert message["Subject"] and urlsplit(PUBLIC_URL).hostname in Mailbox.text(message)
    link = link_in(mailbox, user.email)
    page = client.get(f"{link}?lang=en")
    assert page.status_code == 200 and b"Choose a new password" in page.data
    response = client.post(link, data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert signs_in(base_app.test_client(), user.email, NEW_PASSWORD)
    assert not signs_in(base_app.test_client(), user.email, PASSWORD)

    again = client.get(f"{link}?lang=en")
    assert again.status_code == 410 and b"already used" in again.data
    response = client.post(f"{link}?lang=en", data={"new_password": "x" * 20, "confirm": "x" * 20})
    assert response.status_code == 410
    assert signs_in(base_app.test_client(), user.email, NEW_PASSWORD)
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.entity_id == user.id))
    assert {"user.password_reset_requested", "user.password_reset"} <= set(actions)


def test_the_e_mail_keeps_no_usable_link_once_sent(base_app, mailbox, create_user):
    user = create_user("official", areas=["MN-061"])
    ask_for_link(base_app.test_client(), user.email)
    token = link_in(mailbox, user.email).rsplit("/", 1)[-1]
    stored = db.session.scalar(select(MailMessage))
    assert stored.sent_at is not None
    assert token not in stored.body_text + stored.body_html
    assert db.session.scalar(select(PasswordReset.token_hash)) != token


def test_an_expired_link_says_so(base_app, mailbox, create_user):
    user = create_user("official", areas=["MN-061"])
    client = base_app.test_client()
    ask_for_link(client, user.email)
    link = link_in(mailbox, user.email)
    # an hour and a minute later
    db.session.execute(
        update(PasswordReset).values(expires_at=utcnow() - timedelta(minutes=1))
    )
    db.session.commit()

    page = client.get(f"{link}?lang=en")

    assert page.status_code == 410 and b"has expired" in page.data
    response = client.post(link, data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 410
    assert signs_in(base_app.test_client(), user.email, PASSWORD)


def test_a_newer_link_replaces_the_older_one(base_app, mailbox, create_user):
    user = create_user("official", areas=["MN-061"])
    client = base_app.test_client()
    ask_for_link(client, user.email)
    older = link_in(mailbox, user.email)
    ask_for_link(client, user.email)
    newer = link_in(mailbox, user.email)

    assert client.get(older).status_code == 410
    assert client.get(newer).status_code == 200


def test_an_unknown_link_is_not_found(base_app):
    page = base_app.test_client().get("/account/reset/not-a-token?lang=en")
    assert page.status_code == 404 and b"not valid" in page.data


def test_an_unknown_address_gets_the_same_answer_and_no_e_mail(base_app, mailbox, create_user):
    user = create_user("official", areas=["MN-061"])
    known = ask_for_link(base_app.test_client(), user.email)
    unknown = ask_for_link(base_app.test_client(), "nobody@example.org")

    assert known.status_code == unknown.status_code == 200
    same = known.get_data(as_text=True).replace(user.email, "ADDRESS")
    assert same == unknown.get_data(as_text=True).replace("nobody@example.org", "ADDRESS")
    assert mailbox.to("nobody@example.org") == []
    assert len(mailbox.messages) == 1


def test_the_new_password_follows_the_same_rules(base_app, mailbox, create_user):
    user = create_user("official", areas=["MN-061"])
    client = base_app.test_client()
    ask_for_link(client, user.email)
    link = link_in(mailbox, user.email)

    response = client.post(f"{link}?lang=en", data={"new_password": "short", "confirm": "short"})

    assert response.status_code == 400 and b"at least 10 characters" in response.data
    assert client.get(link).status_code == 200  # the link was not used up
    assert signs_in(base_app.test_client(), user.email, PASSWORD)


def test_a_bad_address_is_named(base_app, mailbox):
    response = ask_for_link(base_app.test_client(), "not an address")
    assert response.status_code == 400
    assert b"This is not a valid e-mail address." in response.data
    assert mailbox.messages == []


def test_at_most_three_links_an_hour_for_one_account(base_app, mailbox, create_user):
    user = create_user("official", areas=["MN-061"])
    client = base_app.test_client()
    answers = [ask_for_link(client, user.email).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 200]
    assert len(mailbox.to(user.email)) == 3


@pytest.mark.app_config(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute")
def test_asking_for_links_is_rate_limited_like_signing_in(base_app, mailbox):
    client = base_app.test_client()
    answers = [ask_for_link(client, f"person{n}@example.org").status_code for n in range(3)]
    assert answers == [200, 200, 429]


def test_a_deactivated_account_gets_no_link(base_app, mailbox, create_user):
    user = create_user("official", areas=["MN-061"])
    user.active = False
    db.session.commit()
    assert ask_for_link(base_app.test_client(), user.email).status_code == 200
    assert mailbox.messages == []
