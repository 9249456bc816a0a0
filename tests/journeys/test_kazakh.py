"""A Bayan-Ölgii round in Kazakh, from an empty database, through the pages only.

An administrator sets up an organisation and a coordinator for Bayan-Ölgii. The
coordinator creates a school round whose citizens' language is Kazakh, keeps two
indicators, and types a Kazakh text for one of them in the catalogue (the round uses
it, so no new version is made and the running round shows it at once). Citizens open
the join link shown under the QR code: it opens in Kazakh; four answer in Kazakh and
one switches to Mongolian first. The coordinator publishes; the facility page read in
Kazakh shows the Kazakh text with the score.

E01 answers (faces 1–5; 0–100 score = (mean − 1) × 25): 4, 5, 3, 4, 4 → 20 / 5 = 4.0
→ 75. E02: 2, 3, 2, 3, 5 → 15 / 5 = 3.0 → 50.
"""

from __future__ import annotations

import re

from tests.journeys import steps
from tests.journeys.browser import Page, Person
from tests.journeys.steps import GroupPlan, RoundSheet

AIMAG, AIMAG_NAME, SOUM_NAME = "MN-071", "Bayan-Ölgii", "Ölgii"
SCHOOL = "Өлгий сумын 1-р сургууль"
PARENTS = "Ата-аналар"
E01_MN = "Багш нар хичээлдээ тогтмол, цагтаа ирдэг"
E01_KK = "Мұғалімдер сабаққа әрдайым уақытында келеді"
SEND_KK = "Жауаптарымды жіберу"  # "Send my answers" from the Kazakh catalog
FORMS = [("4", "2"), ("5", "3"), ("3", "2"), ("4", "3"), ("4", "5")]


# ----------------------------------------------------------------------------- steps


def coordinator_creates_kazakh_round(coordinator: Person) -> int:
    """Workspace → New round in Bayan-Ölgii, with "Қазақша" as the scorecard's language."""
    page = coordinator.open("/workspace/")
    page = coordinator.open(page.link("New round"))
    form = page.form(field="aimag")
    aimag = form.option_value("aimag", AIMAG_NAME)
    page = coordinator.submit(form, {"aimag": aimag, "narrow": "1"})
    form = page.form(field="soum")
    values = {
        "aimag": aimag,
        "soum": form.option_value("soum", SOUM_NAME),
        "new_facility_name": SCHOOL,
        "new_facility_type": form.option_value("new_facility_type", "General education school"),
        "template": form.option_value("template", "Community score card for schools"),
        "period_label": "2025-H2",
        "period_start": "2025-09-01",
        "period_end": "2025-12-20",
        "language": form.option_value("language", "Қазақша"),
    }
    for index, group in enumerate(
        [GroupPlan("parents", PARENTS, 12), GroupPlan("providers", "Мұғалімдер", 5)]
    ):
        values[f"groups-{index}-kind"] = group.kind
        values[f"groups-{index}-group_name"] = group.label
        values[f"groups-{index}-expected_size"] = str(group.expected)
    page = coordinator.submit(form, values)
    assert "The round is created" in page, page.text[:1500]
    return int(re.match(r"/rounds/(\d+)/indicators", page.url).group(1))


def coordinator_writes_kazakh_text(coordinator: Person, code: str, text: str) -> None:
    """Catalogue → Indicator library → the indicator → its Kazakh text → Save."""
    page = coordinator.open("/catalogue/")
    page = coordinator.open(page.link("Indicator library"))
    page = coordinator.open(f"{page.url}?q={code}")
    page = coordinator.open(page.link(code))
    form = page.form(field="text_kk")
    page = coordinator.submit(form, {"text_kk": text})
    assert "The indicator is saved." in page, page.text[:1500]
    assert "a new version (" not in page and "E01-v2" not in page  # the same question
    assert text in page


def join_link(coordinator: Person, round_id: int) -> str:
    """The community link printed under the QR code on the collection page."""
    page = coordinator.open(f"/rounds/{round_id}/collection")
    links = re.findall(r'<figcaption><a href="([^"]+)">', page.html)
    return links[0].removeprefix("http://localhost")


def _group(form) -> str:
    """The parents' group: chosen from the list, or already set when it is the only one."""
    control = form.control("group")
    return control.value if control.type == "hidden" else form.option_value("group", PARENTS)


def citizen_answers(app, link: str, sheet: RoundSheet, e01: str, e02: str) -> Page:
    """A phone opens the join link (the QR code) and sends; returns the receipt page."""
    citizen = Person(app, "citizen")
    page = citizen.get(link)
    assert '<html lang="kk">' in page.html and E01_KK in page and SEND_KK in page
    assert f"Топ: {PARENTS}" in page  # the group's label as the coordinator typed it
    form = page.form(field="uuid")
    values = {
        "group": _group(form),
        "gender": "female",
        "age_band": "35_59",
        f"q{sheet.ri('E01')}": e01,
        f"q{sheet.ri('E02')}": e02,
    }
    page = citizen.submit(form, values)
    assert page.url.endswith("/thanks"), page.text[:800]
    return page


# ----------------------------------------------------------------------------- journey


def test_a_bayan_olgii_round_in_kazakh_from_an_empty_database(base_app):
    steps.operator_creates_first_admin(base_app)
    admin = Person(base_app, "administrator")
    steps.signs_in(admin, "admin@journey.egekh.mn")
    steps.admin_adds_organisation(
        admin, "Баян-Өлгийн иргэний хяналт ТББ", "Bayan-Olgii Civic Watch", "Non-governmental"
    )
    coordinator = Person(base_app, "coordinator")
    link = steps.admin_invites(
        admin, "coord.kk@journey.egekh.mn", "Coordinator Journey", "Coordinator",
        "Bayan-Olgii Civic", f"{AIMAG_NAME} (whole aimag)",
    )
    steps.accepts_invitation(coordinator, link)

    round_id = coordinator_creates_kazakh_round(coordinator)
    steps.facilitator_keeps_only(coordinator, round_id, {"E01", "E02"})
    coordinator_writes_kazakh_text(coordinator, "E01", E01_KK)
    sheet = RoundSheet(round_id, steps.reads_indicators(coordinator, round_id))
    steps.moves_round(coordinator, round_id, "input_tracking", "Input tracking")
    steps.moves_round(coordinator, round_id, "community_scoring", "Community scoring")
    steps.opens_collection(coordinator, sheet)

    # -- citizens: the join link (and the QR code made from it) opens in Kazakh
    link = join_link(coordinator, round_id)
    assert link == f"/j/{sheet.community_code}?lang=kk"
    for e01, e02 in FORMS[:4]:
        receipt = citizen_answers(base_app, link, sheet, e01, e02)
        assert '<html lang="kk">' in receipt.html and "Рақмет" in receipt
    # one citizen switches to Mongolian before answering
    citizen = Person(base_app, "citizen who reads Mongolian")
    page = citizen.get(link)
    switch = page.link("Монгол")
    assert switch == f"/lang/mn?next=/j/{sheet.community_code}"  # back without ?lang=kk
    citizen.get(switch, expect=302)
    page = citizen.get(f"/j/{sheet.community_code}")
    assert '<html lang="mn">' in page.html and E01_MN in page and E01_KK not in page
    form = page.form(field="uuid")
    e01, e02 = FORMS[4]
    page = citizen.submit(form, {
        "group": _group(form), "gender": "male", "age_band": "18_34",
        f"q{sheet.ri('E01')}": e01, f"q{sheet.ri('E02')}": e02,
    })
    assert page.url.endswith("/thanks") and '<html lang="mn">' in page.html

    steps.moves_round(coordinator, round_id, "self_assessment", "Provider self-assessment")
    steps.moves_round(coordinator, round_id, "interface_meeting", "Interface meeting")
    steps.facilitator_records_meeting(coordinator, round_id)
    steps.moves_round(coordinator, round_id, "action_plan", "Joint action plan")
    steps.facilitator_agrees_action(
        coordinator, sheet, "E02", "Сурах бичгийг сурагч бүрт хүргэх", "provider", "2026-03-01"
    )
    steps.moves_round(coordinator, round_id, "review", "Review")
    steps.coordinator_publishes(coordinator, round_id)

    # -- the public facility page in Kazakh
    public = Person(base_app, "public")
    listed = public.json(f"/api/v1/facilities?aimag={AIMAG}")["facilities"]
    facility_id = next(f["id"] for f in listed if f["name"] == SCHOOL)
    page = public.open(f"/facilities/{facility_id}?lang=kk")
    assert '<html lang="kk">' in page.html
    scores = page.table_with("Көрсеткіш")
    assert page.row(E01_KK, scores)[1:] == ["75"], page.row(E01_KK, scores)
    e02_kk = "Оқулықтар мен оқу құралдары жеткілікті"  # shipped with the library
    assert page.row(e02_kk, scores)[1:] == ["50"], page.row(e02_kk, scores)
