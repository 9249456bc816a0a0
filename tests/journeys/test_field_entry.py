"""A day of typing in the field, from an empty database, through the pages only.

The facilitator opens group entry and is asked which group (none is assumed), types the
students' tallies and saves them twice — as a device does when the network drops after
the server stored the first save — and the counts are stored once. The paper-form page
names every indicator on every form and assumes no group, gender or age: a form left
without a gender is refused, naming the choice, and nothing is stored; the page saved
again under the same client UUID (a retry) stores its forms once and says so. The round's
period is said in words to staff and citizens, and the home and sign-in pages lead
citizens to the code box.
"""

from __future__ import annotations

import re

from tests.journeys import steps
from tests.journeys.browser import Page, Person
from tests.journeys.steps import GroupPlan, RoundSheet

STUDENTS, HERDERS = "Сурагчид", "Малчид"
PERIOD = ("2025-H2", "2025-07-01", "2025-12-31")
PERIOD_IN_WORDS = "2025, second half"


def prepare(people: steps.People) -> RoundSheet:
    facilitator = people.facilitator
    round_id = steps.facilitator_creates_round(
        facilitator, "Матад сумын 3-р сургууль", PERIOD, [GroupPlan("students", STUDENTS, 10)]
    )
    steps.facilitator_keeps_only(facilitator, round_id, {"E01", "E02"})
    steps.facilitator_adds_group(facilitator, round_id, "herders", HERDERS, 6, female=3, male=3)
    sheet = RoundSheet(round_id, steps.reads_indicators(facilitator, round_id))
    sheet.groups = steps.reads_groups(facilitator, round_id)
    steps.moves_round(facilitator, round_id, "input_tracking", "Input tracking")
    steps.moves_round(facilitator, round_id, "community_scoring", "Community scoring")
    steps.opens_collection(facilitator, sheet)
    return sheet


def stored_paper_forms(page: Page) -> int:
    match = re.search(r"Paper forms stored so far: (\d+)", page.text)
    assert match, page.text[:800]
    return int(match.group(1))


def test_group_entry_and_paper_forms_saved_twice_are_stored_once(base_app):
    people = steps.staff_from_empty_database(base_app)
    facilitator: Person = people.facilitator
    sheet = prepare(people)
    e01 = sheet.ri("E01")

    # Group entry asks which group; it does not open on the first one.
    page = facilitator.open(f"/rounds/{sheet.round_id}/tallies?side=community")
    assert "Which group's results are you typing in?" in page
    assert not any(form.has("group") for form in page.forms)

    url = f"/rounds/{sheet.round_id}/tallies?side=community&group={sheet.groups[STUDENTS]}"
    page = facilitator.open(url)
    form = page.form(field="group")
    assert form.control("client_uuid").value  # set when the page was shown
    values = {
        f"t-{e01}-1": "2",
        f"t-{e01}-4": "3",
        f"c-{e01}-value": "3",
        f"c-{e01}-reason": "Дунд",
    }
    saved = facilitator.submit(form, values, base=url)
    assert f"Saved for {STUDENTS}" in saved
    again = facilitator.submit(form, values, base=url)  # the same save, sent again
    assert f"Saved for {STUDENTS}" in again
    shown = again.form(field="group")
    assert shown.control(f"t-{e01}-1").value == "2"
    assert shown.control(f"t-{e01}-4").value == "3"
    assert shown.control(f"c-{e01}-reason").value == "Дунд"

    # Paper forms: every form card names every indicator; nothing is chosen for anyone.
    paper_url = f"/rounds/{sheet.round_id}/paper?side=community&rows=3"
    page = facilitator.open(paper_url)
    form = page.form(field="r-0-respondent_id")
    for ri in sheet.indicators:
        assert page.html.count(ri.text) >= 3, ri.text  # once per form card
    for row in range(3):
        for choice in ("group", "gender", "age_band"):
            assert form.control(f"r-{row}-{choice}").value == ""
    assert stored_paper_forms(page) == 0
    forms = {
        "r-0-respondent_id": "F-1",
        "r-0-group": str(sheet.groups[STUDENTS]),
        "r-0-gender": "female",
        "r-0-age_band": "18_34",
        f"r-0-{sheet.code('E01')}": "4",
        f"r-0-{sheet.code('E02')}": "na",
        "r-1-respondent_id": "F-2",
        "r-1-group": str(sheet.groups[HERDERS]),
        "r-1-age_band": "60_plus",
        f"r-1-{sheet.code('E01')}": "2",
    }
    refused = facilitator.submit(form, forms, expect=400, base=paper_url)
    assert "Nothing was saved" in refused and "Choose one." in refused
    assert stored_paper_forms(refused) == 0
    form = refused.form(field="r-0-respondent_id")  # the refused page, as typed
    forms["r-1-gender"] = "undisclosed"
    stored = facilitator.submit(form, forms, base=paper_url)
    assert "2 forms stored" in stored
    assert stored_paper_forms(stored) == 2
    repeat = facilitator.submit(form, forms, base=paper_url)  # a retry of the same page
    assert "2 forms stored" in repeat and "Nothing was saved" not in repeat
    assert stored_paper_forms(repeat) == 2
    # A page shown afresh is a new set of forms, with a UUID of its own.
    fresh = facilitator.open(paper_url)
    assert (
        fresh.form(field="r-0-respondent_id").control("client_uuid").value
        != form.control("client_uuid").value
    )


def test_the_period_is_said_in_words_and_citizens_find_the_code_box(base_app):
    people = steps.staff_from_empty_database(base_app)
    sheet = prepare(people)
    round_page = people.facilitator.open(f"/rounds/{sheet.round_id}")
    assert PERIOD_IN_WORDS in round_page and PERIOD[0] not in round_page.text
    citizen = people.public.open(f"/j/{sheet.community_code}")
    assert PERIOD_IN_WORDS in citizen and PERIOD[0] not in citizen.text
    for start in ("/", "/auth/login"):
        page = Person(base_app, "visitor").open(start)
        assert any(href.rstrip("/") == "/j" for href, _text in page.links), start
