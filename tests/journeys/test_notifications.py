"""Reminders reach the official, through the pages and a real SMTP server only.

A new installation: the operator creates the first administrator, who invites a
coordinator and a facilitator and e-mails the official's invitation from the link page;
the official opens the e-mailed link. The facilitator runs a round at a school in
Dornod up to its joint action plan and agrees an action due in ten days. ``flask notify
send`` (as cron runs it) sends the official's daily digest; its link opens the action on
the aimag report, where the official answers it. Running the command again sends
nothing more.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from app.models._types import utcnow
from tests.journeys import steps
from tests.journeys.browser import Person
from tests.journeys.steps import AIMAG, AIMAG_NAME, Answers, GroupPlan, RoundSheet
from tests.support.smtp_server import PUBLIC_URL, Mailbox, serve

OFFICIAL = "official@journey.egekh.mn"
FACILITY = "Матад сумын 2-р сургууль"
ACTION = "Ангиудын цонхыг өвлөөс өмнө дулаалах"


@pytest.fixture
def mailbox(base_app):
    yield from serve(base_app)


def admin_emails_invitation(admin: Person, mailbox: Mailbox, email: str, organisation: str) -> str:
    """Users → Invite a user → "E-mail the link": the link as the invitee receives it."""
    page = admin.open("/admin/users")
    page = admin.open(page.link("Invite a user"))
    form = page.form(field="email")
    values = {
        "email": email,
        "display_name": "Official Journey",
        "role": form.option_value("role", "Official"),
        "area_ids": [form.option_value("area_ids", f"{AIMAG_NAME} (whole aimag)")],
        "organisation_id": form.option_value("organisation_id", organisation),
    }
    page = admin.submit(form, values)
    page = admin.submit(page.form(action_part="/invitation/email"))
    assert f"The invitation was e-mailed to {email}" in page, page.text[:800]
    [message] = mailbox.to(email)
    match = re.search(rf"{re.escape(PUBLIC_URL)}(/account/invitation/\S+)", Mailbox.text(message))
    assert match, Mailbox.text(message)
    return match.group(1)


def round_up_to_the_action_plan(app, people: steps.People) -> RoundSheet:
    facilitator = people.facilitator
    round_id = steps.facilitator_creates_round(
        facilitator, FACILITY, ("2026-H2", "2026-07-01", "2026-12-31"),
        [GroupPlan("parents", "Эцэг эхчүүд", 10), GroupPlan("students", "Сурагчид", 10),
         GroupPlan("providers", "Багш нар", 5)],
    )
    sheet = RoundSheet(round_id, steps.reads_indicators(facilitator, round_id))
    steps.moves_round(facilitator, round_id, "input_tracking", "Input tracking")
    steps.moves_round(facilitator, round_id, "community_scoring", "Community scoring")
    steps.opens_collection(facilitator, sheet)
    scores = {ri.code: "3" for ri in sheet.indicators}
    steps.citizen_sends_form(
        app, sheet.community_code, sheet, Answers("Эцэг эхчүүд", "female", "35_59", scores)
    )
    steps.moves_round(facilitator, round_id, "self_assessment", "Provider self-assessment")
    steps.moves_round(facilitator, round_id, "interface_meeting", "Interface meeting")
    steps.facilitator_records_meeting(facilitator, round_id)
    steps.moves_round(facilitator, round_id, "action_plan", "Joint action plan")
    return sheet


def test_an_agreed_action_reaches_the_official_by_e_mail(base_app, mailbox):
    steps.operator_creates_first_admin(base_app)
    admin = Person(base_app, "administrator")
    steps.signs_in(admin, "admin@journey.egekh.mn")
    steps.admin_adds_organisation(admin, "Дорнодын иргэний хяналт ТББ", "Dornod Civic Watch",
                                  "Non-governmental")
    steps.admin_adds_organisation(admin, "Дорнод аймгийн Засаг даргын Тамгын газар",
                                  "Dornod Governor's Office", "Government office")
    people = steps.People(admin, *(Person(base_app, who) for who in
                                   ("coordinator", "facilitator", "official", "public")))
    for person, email, role in (
        (people.coordinator, "coord@journey.egekh.mn", "Coordinator"),
        (people.facilitator, "facil@journey.egekh.mn", "Facilitator"),
    ):
        link = steps.admin_invites(admin, email, f"{role} Journey", role, "Dornod Civic",
                                   f"{AIMAG_NAME} (whole aimag)")
        steps.accepts_invitation(person, link)
    steps.accepts_invitation(people.official, admin_emails_invitation(
        admin, mailbox, OFFICIAL, "Governor"
    ))

    sheet = round_up_to_the_action_plan(base_app, people)
    due = (utcnow() + timedelta(days=10)).date().isoformat()
    steps.facilitator_agrees_action(
        people.facilitator, sheet, sheet.indicators[0].code, ACTION, "aimag_department", due
    )

    result = base_app.test_cli_runner().invoke(args=["notify", "send"])
    assert result.exit_code == 0, result.output

    [invitation, digest] = mailbox.to(OFFICIAL)
    text = Mailbox.text(digest)
    assert ACTION in text
    match = re.search(rf"{re.escape(PUBLIC_URL)}(/reports/{AIMAG})#action-(\d+)", text)
    assert match, text
    page = people.official.open(match.group(1))
    item = re.search(rf'<li id="action-{match.group(2)}">(.*?)</li>', page.html, re.S)
    assert item and ACTION in item.group(1), page.text[:800]
    steps.official_answers_action(
        people.official, ACTION, "Дорнод аймгийн Боловсролын газар", "Төсөвт тусгана."
    )

    again = base_app.test_cli_runner().invoke(args=["notify", "send"])
    assert again.exit_code == 0 and "0 sent" in again.output
    assert len(mailbox.to(OFFICIAL)) == 2
