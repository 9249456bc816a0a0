"""Officials' answerability in public, through the pages only, from an empty database.

The facilitator runs a round at a Dornod school (six parents answer on phones), agrees
three actions at the meeting and the coordinator publishes. The aimag's official
answers two of them from the aimag report: one before its due date, one after it (its
due date has passed). The aimag report, the national overview, the API and the PDF then
show the same figures, counted here by hand:

=========================================== ============== ======== ==========
action                                      due            answered  overdue now
=========================================== ============== ======== ==========
A "Багш нарын ирцийг сар бүр хянах"         2099-12-31     yes, on time  no (not due)
B "Ангиудын цонхыг дулаалах"                2026-01-15     yes, late     yes (planned, past due)
C "Сурах бичгийн хангамжийг нэмэх"          2026-05-01     no            yes (planned, past due)
=========================================== ============== ======== ==========

agreed 3, answered 2, answered by the due date 1, overdue now 2. Every action is agreed
and answered on the day the test runs, so each took 0 days: median 0. The official types
the office once as "Дорнод аймгийн Боловсролын газар" and once with other spacing and
case; both answers are the same office: answered 2, on time 1, median 0, and of its
actions B is overdue now: 1.
"""

from __future__ import annotations

import re

from tests.journeys import steps
from tests.journeys.steps import Answers, GroupPlan, RoundSheet

FACILITY = "Матад сумын 2-р сургууль"
PERIOD = ("2025-H2", "2025-07-01", "2025-12-31")
PARENTS, TEACHERS = "Эцэг эхчүүд", "Багш нар"
OFFICE = "Дорнод аймгийн Боловсролын газар"
A, B, C = "Багш нарын ирцийг сар бүр хянах", "Ангиудын цонхыг дулаалах", (
    "Сурах бичгийн хангамжийг нэмэх"
)


def publish_round_with_actions(app, people: steps.People) -> RoundSheet:
    facilitator = people.facilitator
    round_id = steps.facilitator_creates_round(
        facilitator, FACILITY, PERIOD,
        [GroupPlan("parents", PARENTS, 10), GroupPlan("students", "Сурагчид", 10),
         GroupPlan("providers", TEACHERS, 5)],
    )
    steps.facilitator_keeps_only(facilitator, round_id, {"E01", "E02", "E03"})
    sheet = RoundSheet(round_id, steps.reads_indicators(facilitator, round_id))
    sheet.groups = steps.reads_groups(facilitator, round_id)
    steps.moves_round(facilitator, round_id, "input_tracking", "Input tracking")
    steps.moves_round(facilitator, round_id, "community_scoring", "Community scoring")
    steps.opens_collection(facilitator, sheet)
    for e01 in "543454":
        answers = Answers(PARENTS, "female", "35_59", {"E01": e01, "E02": "3", "E03": "2"})
        steps.citizen_sends_json(app, sheet.community_code, sheet, answers)
    steps.moves_round(facilitator, round_id, "self_assessment", "Provider self-assessment")
    steps.moves_round(facilitator, round_id, "interface_meeting", "Interface meeting")
    steps.facilitator_records_meeting(facilitator, round_id)
    steps.moves_round(facilitator, round_id, "action_plan", "Joint action plan")
    steps.facilitator_agrees_action(facilitator, sheet, "E01", A, "provider", "2099-12-31")
    steps.facilitator_agrees_action(facilitator, sheet, "E03", B, "soum_governor", "2026-01-15")
    steps.facilitator_agrees_action(facilitator, sheet, "E02", C, "aimag_department",
                                    "2026-05-01")
    steps.moves_round(facilitator, round_id, "review", "Review")
    steps.coordinator_publishes(people.coordinator, round_id)
    return sheet


def figures_row(cells: list[str]) -> list[str]:
    """agreed, answered, answered by the due date, median days, overdue now."""
    return cells[1:6]


def test_officials_answers_are_counted_in_public(base_app):
    people = steps.staff_from_empty_database(base_app)
    public = people.public
    publish_round_with_actions(base_app, people)

    # before any answer: three agreed, none answered, B and C overdue
    page = public.open(f"/reports/{steps.AIMAG}")
    table = page.table_with("Median days to answer")
    assert figures_row(page.row("All actions of the aimag", table)) == ["3", "0", "0", "—", "2"]

    steps.official_answers_action(people.official, A, OFFICE, "Сар бүр хянана.")
    steps.official_answers_action(
        people.official, B, "  дорнод аймгийн   боловсролын газар", "Төсөвт суулгана."
    )

    # -- the aimag report
    page = public.open(f"/reports/{steps.AIMAG}")
    table = page.table_with("Median days to answer")
    assert figures_row(page.row("All actions of the aimag", table)) == ["3", "2", "1", "0", "2"]
    assert figures_row(page.row(OFFICE, table)) == ["2", "2", "1", "0", "1"]

    # -- the national overview: Dornod's row and the total of all aimags
    page = public.open("/reports/")
    table = page.table_with("Median days to answer")
    assert figures_row(page.row(steps.AIMAG_NAME, table)) == ["3", "2", "1", "0", "2"]
    assert figures_row(page.row("All aimags", table)) == ["3", "2", "1", "0", "2"]

    # -- the API
    body = public.json(f"/api/v1/answerability?aimag={steps.AIMAG}")
    expected = {"agreed": 3, "answered": 2, "answered_on_time": 1, "median_days": 0,
                "overdue": 2}
    assert {k: body["total"][k] for k in expected} == expected
    (dornod,) = body["aimags"]
    assert dornod["aimag"] == steps.AIMAG
    assert dornod["offices"] == [{"office": OFFICE, "agreed": 2, "answered": 2,
                                  "answered_on_time": 1, "median_days": 0, "overdue": 1}]
    everywhere = public.json("/api/v1/answerability")
    assert {k: everywhere["total"][k] for k in expected} == expected
    document = public.json("/api/v1/openapi.json")
    assert "/answerability" in document["paths"]

    # -- the PDF's first page
    text = steps.pdf_text(public.download(f"/reports/{steps.AIMAG}.pdf"))
    summary = text.split("How officials answer")[1]
    assert re.search(r"Overdue now 3 2 1 0 2 ", summary), summary[:300]
    assert f"{OFFICE} 2 1 0 1" in summary


def test_unpublished_actions_are_not_counted(base_app):
    people = steps.staff_from_empty_database(base_app)
    page = people.public.open("/reports/")
    assert "No published actions yet" in page
    assert people.public.json("/api/v1/answerability")["total"]["agreed"] == 0
