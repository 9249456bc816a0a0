"""Review and answers through the pages only, from a database without the demo.

A round at a new school in Matad soum, Dornod, goes through its phases to review. The
coordinator sends it back with a comment; the facilitator reads the comment on the
round's pages, edits an action, and hands the round in again, which resolves the
comment. The coordinator publishes, which the server refuses until the box is ticked.
Then the aimag's official opens the inbox: the overdue action comes first; the official
answers it, typing the office once, and answers the next one with the office already
filled in; both answers are in the official's history and on the public report.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from tests.journeys import steps
from tests.journeys.browser import Person
from tests.journeys.steps import GroupPlan, RoundSheet

FACILITY = "Матад сумын 2-р сургууль"
PERIOD = ("2026-H1", "2026-01-01", "2026-06-30")
PARENTS, TEACHERS = "Эцэг эхчүүд", "Багш нар"
COMMENT = "Эцэг эхчүүдийн зөвшилцлийн шалтгааныг нэмж бичнэ үү."
OVERDUE = (date.today() - timedelta(days=10)).isoformat()
LATER = (date.today() + timedelta(days=60)).isoformat()
OFFICE = "Дорнод аймгийн Боловсрол, соёлын газар"


def round_in_review(people: steps.People) -> RoundSheet:
    facilitator = people.facilitator
    round_id = steps.facilitator_creates_round(
        facilitator, FACILITY, PERIOD,
        [GroupPlan("parents", PARENTS, 12), GroupPlan("providers", TEACHERS, 6)],
    )
    steps.facilitator_keeps_only(facilitator, round_id, {"E01", "E02"})
    sheet = RoundSheet(round_id, steps.reads_indicators(facilitator, round_id))
    sheet.groups = steps.reads_groups(facilitator, round_id)
    steps.moves_round(facilitator, round_id, "input_tracking", "Input tracking")
    steps.moves_round(facilitator, round_id, "community_scoring", "Community scoring")
    steps.facilitator_enters_group(
        facilitator, sheet, PARENTS, consensus={"E01": ("4", ""), "E02": ("2", "")}
    )
    steps.moves_round(facilitator, round_id, "self_assessment", "Provider self-assessment")
    steps.moves_round(facilitator, round_id, "interface_meeting", "Interface meeting")
    steps.facilitator_records_meeting(facilitator, round_id)
    steps.moves_round(facilitator, round_id, "action_plan", "Joint action plan")
    steps.facilitator_agrees_action(
        facilitator, sheet, "E01", "Багш нарын ирцийг сар бүр хянах", "provider", LATER
    )
    steps.facilitator_agrees_action(
        facilitator, sheet, "E02", "Сурах бичиг нэмэх", "aimag_department", OVERDUE
    )
    steps.moves_round(facilitator, round_id, "review", "Review")
    return sheet


def coordinator_sends_back(coordinator: Person, round_id: int, comment: str) -> None:
    page = coordinator.open(f"/rounds/{round_id}")
    page = coordinator.submit(page.form(action_part="/send-back"), {"comment": comment})
    assert "The round is sent back to the facilitator" in page, page.text[:800]


def facilitator_edits_action(facilitator: Person, round_id: int, old: str, new: str) -> None:
    page = facilitator.open(f"/rounds/{round_id}/actions")
    article = r'<article class="action[^"]*" id="action-(\d+)">\s*<h2>([^<]*)'
    action_id = next(m.group(1) for m in re.finditer(article, page.html) if m.group(2) == old)
    form = page.form(action_part=f"/actions/{action_id}/edit")
    page = facilitator.submit(form, {f"e{action_id}-description": new})
    assert "The action is changed" in page and new in page, page.text[:800]


def official_answers_from_inbox(official: Person, action_text: str, values: dict) -> str:
    """The inbox's "Answer this action" form of ``action_text``; returns the office that
    was filled in before anything was typed."""
    page = official.open("/inbox/")
    action_id = next(
        m.group(1)
        for m in re.finditer(r'<li id="action-(\d+)"[^>]*>\s*<h2>([^<]*)</h2>', page.html)
        if m.group(2) == action_text
    )
    form = page.form(action_part=f"/inbox/actions/{action_id}/answer")
    prefilled = form.control(f"a{action_id}-office").value
    typed = {f"a{action_id}-{name}": value for name, value in values.items()}
    page = official.submit(form, typed)
    assert "Your answer is saved and published on the aimag report" in page, page.text[:800]
    return prefilled


def test_send_back_resubmit_publish_and_answer_from_the_inbox(base_app):
    people = steps.staff_from_empty_database(base_app)
    for person in (people.coordinator, people.facilitator, people.official):
        person.get("/lang/en", expect=None)
    sheet = round_in_review(people)
    round_id = sheet.round_id

    coordinator_sends_back(people.coordinator, round_id, COMMENT)
    page = people.facilitator.open(f"/rounds/{round_id}")
    assert COMMENT in page and "Sent back for changes" in page
    assert "Phase 6 of 7: Joint action plan." in page
    assert COMMENT in people.facilitator.open(f"/rounds/{round_id}/actions")
    facilitator_edits_action(
        people.facilitator, round_id, "Сурах бичиг нэмэх", "Сурах бичгийн хангамжийг нэмэх"
    )
    steps.moves_round(people.facilitator, round_id, "review", "Review")
    assert COMMENT not in people.facilitator.open(f"/rounds/{round_id}")

    page = people.coordinator.open(f"/rounds/{round_id}")
    page = people.coordinator.submit(page.form(action_part="/publish"), expect=400)
    assert "Tick the box to confirm the publication." in page
    steps.coordinator_publishes(people.coordinator, round_id)

    page = people.official.open("/inbox/")
    titles = re.findall(r'<li id="action-\d+"[^>]*>\s*<h2>([^<]*)</h2>', page.html)
    assert titles == ["Сурах бичгийн хангамжийг нэмэх", "Багш нарын ирцийг сар бүр хянах"]
    first = official_answers_from_inbox(
        people.official, "Сурах бичгийн хангамжийг нэмэх",
        {"office": OFFICE, "body": "Дараагийн улиралд ном хүргэнэ.",
         "commitment_date": LATER},
    )
    assert first == ""
    second = official_answers_from_inbox(
        people.official, "Багш нарын ирцийг сар бүр хянах",
        {"body": "Ирцийн хяналтыг дэмжинэ."},
    )
    assert second == OFFICE  # remembered from the first answer, nothing retyped
    history = people.official.open("/inbox/").table_with("Ирцийн хяналтыг дэмжинэ.")
    assert [row[2] for row in history[1:]] == [OFFICE, OFFICE]
    report = people.public.open("/reports/MN-061")
    assert "Дараагийн улиралд ном хүргэнэ." in report and "Ирцийн хяналтыг дэмжинэ." in report
