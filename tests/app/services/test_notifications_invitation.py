"""An administrator e-mails an invitation link from the page that shows it; the invited
person opens the e-mailed link and chooses a password. Only a usable invitation of
that person is sent, and the sending is audit-logged."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Area, AuditEvent, User
from tests.support.smtp_server import PUBLIC_URL, Mailbox, serve

NEW_PASSWORD = "quiet-river-lantern-58"


@pytest.fixture
def mailbox(base_app):
    yield from serve(base_app)


def invite(client, email: str, organisation) -> str:
    """Users → Invite: the page with the link and the button to e-mail it."""
    dornod = db.session.scalar(select(Area).where(Area.code == "MN-061"))
    response = client.post(
        "/admin/users/new?lang=en",
        data={"email": email, "display_name": "Дорж", "role": "official", "area_ids": [dornod.id],
              "organisation_id": str(organisation.id)},
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:800]
    return response.get_data(as_text=True)


def test_an_invitation_link_is_e_mailed_and_opens_the_account(
    base_app, mailbox, create_user, create_organisation, sign_in
):
    office = create_organisation(kind="government")
    admin = create_user("admin")
    client = base_app.test_client()
    sign_in(client, admin)
    page = invite(client, "dorj@dornod.example.mn", office)
    link = re.search(r'name="link" value="([^"]+)"', page).group(1)
    action = re.search(r'action="(/admin/users/\d+/invitation/email)"', page).group(1)

    response = client.post(f"{action}?lang=en", data={"link": link}, follow_redirects=True)

    assert b"The invitation was e-mailed to dorj@dornod.example.mn" in response.data
    [message] = mailbox.to("dorj@dornod.example.mn")
    text = Mailbox.text(message)
    path = link.split("localhost", 1)[-1]
    assert f"{PUBLIC_URL}{path}" in text
    invited = base_app.test_client()
    response = invited.post(path, data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "dorj@dornod.example.mn"))
    events = db.session.scalars(select(AuditEvent.action).where(AuditEvent.entity_id == user.id))
    assert "user.invitation_emailed" in set(events)


def test_only_a_usable_invitation_of_that_person_is_sent(
    base_app, mailbox, create_user, create_organisation, sign_in
):
    office = create_organisation(kind="government")
    admin = create_user("admin")
    client = base_app.test_client()
    sign_in(client, admin)
    first = invite(client, "first@example.mn", office)
    second = invite(client, "second@example.mn", office)
    first_link = re.search(r'name="link" value="([^"]+)"', first).group(1)
    second_action = re.search(r'action="(/admin/users/\d+/invitation/email)"', second).group(1)

    wrong_person = client.post(f"{second_action}?lang=en", data={"link": first_link},
                               follow_redirects=True)
    garbage = client.post(
        f"{second_action}?lang=en", data={"link": "http://x/account/invitation/0"},
        follow_redirects=True,
    )

    assert b"no longer works" in wrong_person.data and b"no longer works" in garbage.data
    assert mailbox.messages == []
