"""Notifications by e-mail through a real SMTP server: what an official's daily digest
holds, that ``flask notify send`` never sends anything twice, that a refused or
unreachable server leaves e-mails queued for the next run, that a person who turned
e-mails off gets none, and who hears of a round's review, return and publication."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Action, MailMessage, Notification
from app.models._types import utcnow
from app.services import notifications
from scorecards.lifecycle import Phase
from tests.app.report_data import make_round
from tests.support.smtp_server import PUBLIC_URL, Mailbox, serve

DORNOD, KHOVD = "MN-061", "MN-043"


@pytest.fixture
def mailbox(base_app):
    yield from serve(base_app)


def send(app) -> tuple[int, str]:
    """``flask notify send``, as cron runs it."""
    result = app.test_cli_runner().invoke(args=["notify", "send"])
    db.session.expire_all()
    return result.exit_code, result.output


def action_round(aimag: str = DORNOD, facilitator=None, state: str = Phase.ACTION_PLAN):
    round_ = make_round({1: [3, 4, 2, 5, 4], 2: [2, 2, 3, 4, 1]}, aimag=aimag, state=state)
    if facilitator is not None:
        round_.facilitators = [facilitator]
        db.session.commit()
    return round_


def agree(round_, description: str, due_in_days: int | None, status: str = "planned") -> Action:
    today = notifications.local_today(utcnow())
    action = Action(
        round=round_,
        round_indicator=round_.indicators[0],
        description=description,
        responsible="aimag_department",
        due_date=today + timedelta(days=due_in_days) if due_in_days is not None else None,
        status=status,
    )
    db.session.add(action)
    db.session.commit()
    return action


def sections(text: str) -> dict[str, str]:
    """An e-mail's plain text cut at its underlined headings: heading -> what follows."""
    lines = text.splitlines()
    found: dict[str, list[str]] = {}
    current = None
    for index, line in enumerate(lines):
        if index + 1 < len(lines) and lines[index + 1].startswith("===") and line:
            current = line
            found[current] = []
        elif current is not None:
            found[current].append(line)
    return {heading: "\n".join(body) for heading, body in found.items()}


def test_an_official_gets_a_digest_of_the_actions_of_their_aimag(
    base_app, mailbox, create_user, create_organisation
):
    create_organisation()
    official = create_user("official", areas=[DORNOD], email="official@dornod.example.mn")
    official.email_language = "en"
    other = create_user("official", areas=[KHOVD], email="official@khovd.example.mn")
    round_ = action_round()
    late = agree(round_, "Ангиудын цонхыг дулаалах", -3)
    soon = agree(round_, "Сурах бичиг нэмэх", 5)
    later = agree(round_, "Багш нарын ирцийг хянах", 60)
    agree(round_, "Хийгдсэн ажил", -30, status="done")

    code, output = send(base_app)

    assert code == 0, output
    assert mailbox.to(other.email) == []
    [message] = mailbox.to(official.email)
    text = Mailbox.text(message)
    parts = sections(text)
    assert late.description in parts["Overdue actions"]
    assert soon.description in parts["Actions due within 14 days, not answered yet"]
    assert later.description in parts["New actions agreed"]
    # an action is listed once, under its most urgent heading; a done action is not overdue
    assert text.count(late.description) == 1
    assert "Хийгдсэн ажил" not in parts["Overdue actions"]
    link = f"{PUBLIC_URL}/reports/{DORNOD}#action-{late.id}"
    assert link in parts["Overdue actions"]
    assert f'href="{link}"' in Mailbox.html(message)
    assert "daily digest" in message["Subject"]


def test_the_digest_is_in_mongolian_unless_the_official_chose_otherwise(
    base_app, mailbox, create_user, create_organisation
):
    create_organisation()
    official = create_user("official", areas=[DORNOD])
    agree(action_round(), "Ангиудын цонхыг дулаалах", -3)

    send(base_app)

    [message] = mailbox.to(official.email)
    assert "Хугацаа хэтэрсэн арга хэмжээ" in Mailbox.text(message)
    assert "Overdue" not in Mailbox.text(message)


def test_running_twice_sends_nothing_twice(base_app, mailbox, create_user, create_organisation):
    create_organisation()
    official = create_user("official", areas=[DORNOD])
    agree(action_round(), "Ангиудын цонхыг дулаалах", -3)

    first = send(base_app)
    second = send(base_app)
    tomorrow = notifications.run(now=utcnow() + timedelta(days=1))

    assert first[0] == second[0] == 0
    assert len(mailbox.to(official.email)) == 1
    assert "0 new events, 0 e-mails composed, 0 sent" in second[1]
    assert (tomorrow.events, tomorrow.composed, tomorrow.delivery.sent) == (0, 0, 0)


def test_an_official_gets_at_most_one_digest_a_day(
    base_app, mailbox, create_user, create_organisation
):
    create_organisation()
    official = create_user("official", areas=[DORNOD])
    round_ = action_round()
    agree(round_, "Ангиудын цонхыг дулаалах", -3)
    send(base_app)
    new = agree(round_, "Шинэ арга хэмжээ", 90)

    send(base_app)
    assert len(mailbox.to(official.email)) == 1  # the new action waits for tomorrow

    notifications.run(now=utcnow() + timedelta(days=1))
    first, second = mailbox.to(official.email)
    assert new.description in Mailbox.text(second)
    assert "Ангиудын цонхыг дулаалах" not in Mailbox.text(second)


def test_a_refused_e_mail_stays_queued_with_its_attempts_and_goes_out_next_run(
    base_app, mailbox, create_user, create_organisation
):
    create_organisation()
    official = create_user("official", areas=[DORNOD])
    agree(action_round(), "Ангиудын цонхыг дулаалах", -3)
    mailbox.refuse = True

    code, output = send(base_app)
    again = send(base_app)

    assert code == again[0] == 1
    assert "451" in output
    [queued] = db.session.scalars(select(MailMessage)).all()
    assert queued.sent_at is None and queued.attempts == 2 and "451" in queued.last_error
    assert mailbox.messages == []

    mailbox.refuse = False
    code, output = send(base_app)
    assert code == 0, output
    [message] = mailbox.to(official.email)
    assert "Ангиудын цонхыг дулаалах" in Mailbox.text(message)
    db.session.refresh(queued)
    assert queued.sent_at is not None and queued.attempts == 3
    send(base_app)
    assert len(mailbox.messages) == 1


def test_an_unreachable_mail_server_leaves_the_e_mails_queued(
    base_app, mailbox, create_user, create_organisation
):
    create_organisation()
    first = create_user("official", areas=[DORNOD])
    second = create_user("official", areas=[DORNOD])
    agree(action_round(), "Ангиудын цонхыг дулаалах", -3)
    port = base_app.config["MAIL_PORT"]
    base_app.config["MAIL_PORT"] = _closed_port()

    code, output = send(base_app)

    assert code == 1 and "not sent" in output
    queued = db.session.scalars(select(MailMessage).order_by(MailMessage.id)).all()
    assert [m.sent_at for m in queued] == [None, None]
    assert [m.attempts for m in queued] == [1, 0]  # the run stopped at the first failure

    base_app.config["MAIL_PORT"] = port
    assert send(base_app)[0] == 0
    assert len(mailbox.to(first.email)) == len(mailbox.to(second.email)) == 1


def _closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the block ends


def test_an_official_who_turned_e_mails_off_gets_none_and_no_flood_later(
    base_app, mailbox, create_user, create_organisation, sign_in
):
    create_organisation()
    official = create_user("official", areas=[DORNOD])
    client = base_app.test_client()
    sign_in(client, official)
    page = client.get("/account/notifications")
    assert page.status_code == 200 and b'name="notify_email"' in page.data
    response = client.post("/account/notifications", data={"email_language": "mn"})
    assert response.status_code == 302
    agree(action_round(), "Ангиудын цонхыг дулаалах", -3)

    send(base_app)
    assert mailbox.messages == []
    statuses = db.session.scalars(select(Notification.status)).all()
    assert statuses and set(statuses) == {"skipped"}

    client.post("/account/notifications", data={"notify_email": "y", "email_language": "mn"})
    send(base_app)
    assert mailbox.messages == []  # what happened while they were off is not sent later


def test_the_settings_page_refuses_an_unknown_language(base_app, create_user, sign_in):
    official = create_user("official", areas=[DORNOD])
    client = base_app.test_client()
    sign_in(client, official)
    response = client.post(
        "/account/notifications?lang=en", data={"notify_email": "y", "email_language": "xx"}
    )
    assert response.status_code == 400
    assert b"Language of the e-mails" in response.data
    db.session.refresh(official)
    assert official.email_language == ""


def test_coordinators_and_facilitators_hear_of_their_rounds(
    base_app, mailbox, create_user, create_organisation, sign_in
):
    ngo = create_organisation()
    facilitator = create_user("facilitator", areas=[DORNOD], organisation=ngo)
    coordinator = create_user("coordinator", areas=[DORNOD], organisation=ngo)
    stranger = create_user("coordinator", areas=[DORNOD])  # another organisation
    round_ = action_round(facilitator=facilitator)
    agree(round_, "Ангиудын цонхыг дулаалах", 30)
    client = base_app.test_client()
    sign_in(client, facilitator)
    assert client.post(f"/rounds/{round_.id}/move", data={"target": "review"}).status_code == 302

    send(base_app)
    [awaiting] = mailbox.to(coordinator.email)
    assert f"{PUBLIC_URL}/rounds/{round_.id}" in Mailbox.text(awaiting)
    assert mailbox.to(facilitator.email) == []  # not told of their own move
    assert mailbox.to(stranger.email) == []  # may not publish it

    reviewer = base_app.test_client()
    sign_in(reviewer, coordinator)
    comment = "Арга хэмжээний хугацааг засна уу"
    response = reviewer.post(f"/rounds/{round_.id}/send-back", data={"comment": comment})
    assert response.status_code == 302
    send(base_app)
    [sent_back] = mailbox.to(facilitator.email)
    assert comment in Mailbox.text(sent_back)
    assert len(mailbox.to(coordinator.email)) == 1  # not told of their own act

    assert client.post(f"/rounds/{round_.id}/move", data={"target": "review"}).status_code == 302
    send(base_app)
    assert len(mailbox.to(coordinator.email)) == 2  # in review again: a new notice
    response = reviewer.post(f"/rounds/{round_.id}/publish", data={"confirm": "y"})
    assert response.status_code == 302
    send(base_app)
    published = mailbox.to(facilitator.email)[-1]
    assert published is not sent_back
    assert f"{PUBLIC_URL}/rounds/{round_.id}" in Mailbox.text(published)
    assert len(mailbox.to(coordinator.email)) == 2  # the publisher is not told
    assert len(mailbox.to(stranger.email)) == 1  # published in their area


def test_without_a_mail_server_e_mails_are_written_as_files(
    base_app, create_user, create_organisation, tmp_path
):
    import email
    from email import policy

    create_organisation()
    official = create_user("official", areas=[DORNOD])
    agree(action_round(), "Ангиудын цонхыг дулаалах", -3)
    base_app.config.update(MAIL_SERVER="", MAIL_FILE_DIR=str(tmp_path / "mail"))

    assert send(base_app)[0] == 0

    [path] = (tmp_path / "mail").glob("*.eml")
    assert "digest" in path.name and official.email in path.name
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert "Ангиудын цонхыг дулаалах" in Mailbox.text(message)


@pytest.mark.parametrize(
    ("role", "said"),
    [
        ("official", "Once a day you get one e-mail about the actions of your aimag"),
        ("facilitator", "when a round you ran is sent back to you"),
        ("admin", "Your role gets no notifications by e-mail"),
    ],
)
def test_the_settings_page_says_what_each_role_gets(base_app, create_user, sign_in, role, said):
    person = create_user(role, areas=[DORNOD] if role != "admin" else [])
    client = base_app.test_client()
    sign_in(client, person)
    page = client.get("/account/notifications?lang=en")
    assert page.status_code == 200 and said in page.get_data(as_text=True)


def test_a_withdrawn_action_is_not_reminded_of(
    base_app, mailbox, create_user, create_organisation
):
    create_organisation()
    official = create_user("official", areas=[DORNOD])
    round_ = action_round()
    kept = agree(round_, "Ангиудын цонхыг дулаалах", -3)
    withdrawn = agree(round_, "Буруу бичигдсэн арга хэмжээ", -3)
    withdrawn.withdrawn_at = utcnow()
    db.session.commit()

    send(base_app)

    [message] = mailbox.to(official.email)
    assert kept.description in Mailbox.text(message)
    assert withdrawn.description not in Mailbox.text(message)


def test_an_action_carried_into_a_follow_up_plan_is_listed_once(
    base_app, mailbox, create_user, create_organisation
):
    create_organisation()
    official = create_user("official", areas=[DORNOD])
    first = action_round(state=Phase.PUBLISHED)
    old = agree(first, "Ангиудын цонхыг дулаалах", -3)
    follow_up = make_round(
        {1: [3, 4, 2, 5, 4]}, facility=first.facility, state=Phase.ACTION_PLAN, period="2026-H2"
    )
    carried = agree(follow_up, old.description, -3)
    carried.carried_from_id = old.id
    db.session.commit()

    send(base_app)

    [message] = mailbox.to(official.email)
    text = Mailbox.text(message)
    assert text.count(old.description) == 1
    assert f"#action-{carried.id}" in text and f"#action-{old.id}" not in text
