"""The catalogue in the users' hands, from an empty database, through the pages only.

An administrator adds a sector (social welfare) and a facility type; a coordinator adds
two indicators and a template with them; a facilitator runs a round with it; the
coordinator then edits an indicator the round uses: a new version is made, the round
keeps the old text, and new rounds are offered the template's new version. Then a
child-protection round is run end to end with the seeded child-protection template:
citizens answer, a proposed indicator is promoted into the library, the coordinator
publishes, and the results read back on the public facility page and the API.

The child-protection answers (faces 1–5; 0–100 score = (mean − 1) × 25):

====== === === === ===
form   C01 C02 C05 P
====== === === === ===
1      4   3   2   4
2      5   2   1   4
3      3   3   2   5
4      4   2   3   3
5      4   5   2   4
====== === === === ===

C01 20/5 = 4.0 → 75; C02 15/5 = 3.0 → 50; C05 10/5 = 2.0 → 25; P 20/5 = 4.0 → 75.
"""

from __future__ import annotations

import re

from tests.journeys import steps
from tests.journeys.browser import Person
from tests.journeys.steps import Answers, GroupPlan, RoundSheet

WELFARE_TEMPLATE = "Community score card for welfare services"
CHILD_TEMPLATE = "Community score card for child protection services"
TEAM = "Матад сумын хүүхэд хамгааллын хамтарсан баг"
OFFICE = "Матад сумын халамжийн алба"
PARENTS, WORKERS = "Эцэг эхчүүд", "Нийгмийн ажилтнууд"
P_MN = "Мэдээлсний дараа гэр бүлд очиж уулздаг"
P_EN = "Families are visited after a report"
C01 = "Reports of violence against a child are responded to without delay"
C02 = "Information about children and families is kept confidential"
C05 = "Referrals of a child to other services are followed up"
FORMS = [("4", "3", "2", "4"), ("5", "2", "1", "4"), ("3", "3", "2", "5"),
         ("4", "2", "3", "3"), ("4", "5", "2", "4")]
EXPECTED = {C01: (5, 4.0, 75.0), C02: (5, 3.0, 50.0), C05: (5, 2.0, 25.0), P_EN: (5, 4.0, 75.0)}


# ----------------------------------------------------------------------------- steps


def admin_adds_sector_and_type(admin: Person) -> None:
    """Catalogue → Sectors and facility types: a sector, then a facility type of it."""
    page = admin.open("/")
    page = admin.open(page.link("Catalogue"))
    page = admin.open(page.link("Sectors and facility types"))
    assert "Child protection and family services" in page  # seeded
    page = admin.submit(
        page.form(field="sector-code"),
        {"sector-code": "social_welfare", "sector-name_mn": "Нийгмийн халамж",
         "sector-name_en": "Social welfare"},
    )
    assert "The sector Social welfare is added" in page, page.text[:800]
    form = page.form(field="type-code")
    page = admin.submit(
        form,
        {"type-code": "welfare_office", "type-sector": form.option_value("type-sector", "Social"),
         "type-name_mn": "Сумын халамжийн алба", "type-name_en": "Soum welfare office"},
    )
    assert "The facility type Soum welfare office is added" in page, page.text[:800]
    assert page.row("social_welfare")[3] == "Soum welfare office"


def coordinator_adds_indicator(coordinator: Person, text_mn: str, text_en: str) -> str:
    """Library → Add an indicator; returns the code the library gave it."""
    page = coordinator.open("/catalogue/indicators")
    page = coordinator.open(page.link("Add an indicator"))
    form = page.form(field="text_mn")
    page = coordinator.submit(
        form,
        {"sector": form.option_value("sector", "Social welfare"),
         "facility_types": [form.option_value("facility_types", "Soum welfare office")],
         "text_mn": text_mn, "text_en": text_en},
    )
    match = re.search(r"The indicator (\S+) is added to the library", page.text)
    assert match, page.text[:800]
    return match.group(1)


def coordinator_adds_template(coordinator: Person, codes: list[str]) -> int:
    """Templates → Add a template, then its indicators one by one; the second is moved
    up, so the template asks them in the order given reversed."""
    page = coordinator.open("/catalogue/templates")
    page = coordinator.open(page.link("Add a template"))
    form = page.form(field="name_mn")
    page = coordinator.submit(
        form,
        {"name_mn": "Халамжийн үйлчилгээний иргэний оноо", "name_en": WELFARE_TEMPLATE,
         "sector": form.option_value("sector", "Social welfare"),
         "facility_types": [form.option_value("facility_types", "Soum welfare office")],
         "scale": form.option_value("scale", "1–5 faces")},
    )
    assert "The template is added" in page, page.text[:800]
    template_url = page.url
    for code in codes:
        form = page.form(field="add-indicator")
        page = coordinator.submit(form, {"add-indicator": form.option_value("add-indicator", code)})
        assert "The indicator is added to the template" in page, page.text[:800]
    ups = [f for f in page.forms if "/move" in f.action and f.control("direction").value == "up"]
    page = coordinator.submit(ups[1])
    assert "The order is saved" in page
    return int(re.search(r"/catalogue/templates/(\d+)", template_url).group(1))


# ------------------------------------------------------------------------------ test


def test_catalogue_from_an_empty_database(base_app):
    people = steps.staff_from_empty_database(base_app)
    admin, coordinator, facilitator = people.admin, people.coordinator, people.facilitator

    # -- sectors and facility types are the administrators'
    coordinator.get("/catalogue/sectors", expect=403)
    admin_adds_sector_and_type(admin)

    # -- indicators: bad input is refused naming the field, nothing stored
    page = coordinator.open("/catalogue/indicators/new")
    form = page.form(field="text_mn")
    page = coordinator.submit(
        form, {"sector": form.option_value("sector", "Social welfare"), "text_mn": " ",
               "text_en": "Benefits are paid on time"}, expect=400,
    )
    assert "Enter the indicator in Mongolian." in page
    page = coordinator.open("/catalogue/indicators?q=Benefits+are+paid")
    assert "0 indicators" in page
    info = coordinator_adds_indicator(
        coordinator, "Халамжийн мэдээлэл ойлгомжтой", "Information on welfare benefits is clear"
    )
    on_time = coordinator_adds_indicator(
        coordinator, "Хүсэлтийг хугацаанд нь шийдвэрлэдэг", "Applications are decided on time"
    )
    assert (info, on_time) == ("S01", "S02")
    template_id = coordinator_adds_template(coordinator, [info, on_time])

    # -- a round with the coordinator's template keeps its indicators' texts
    welfare_round = steps.facilitator_creates_round(
        facilitator, OFFICE, ("2025-H2", "2025-07-01", "2025-12-31"),
        [GroupPlan("parents", PARENTS, 8)],
        facility_type="Soum welfare office", template=WELFARE_TEMPLATE,
    )
    listed = steps.reads_indicators(facilitator, welfare_round)
    assert [ri.code for ri in listed] == ["S02", "S01"]

    # -- editing an indicator the round uses makes a new version
    page = coordinator.open(f"/catalogue/indicators?q={info}")
    page = coordinator.open(page.link(info))
    assert "Used by rounds" in page
    page = coordinator.submit(
        page.form(field="text_mn"),
        {"text_en": "Information on welfare benefits is clear and complete"},
    )
    assert "a new version (S01-v2) was made" in page, page.text[:800]
    listed = steps.reads_indicators(facilitator, welfare_round)
    assert [(ri.code, ri.text) for ri in listed][1] == (
        "S01", "Information on welfare benefits is clear"
    )
    page = coordinator.open("/catalogue/indicators?q=welfare+benefits")
    assert "S01-v2" in page and page.row("S01-v2")[2].endswith("clear and complete")
    assert not any(row and row[0] == "S01" for row in page.table_with("Code"))
    page = coordinator.open("/catalogue/templates")
    row = page.row("social_welfare")
    assert row[-2:] == ["2", "current"], row  # a new template version holds S01-v2
    page = coordinator.open(f"/catalogue/templates/{template_id}")
    assert "old version" in page and "S01-v2" not in page
    page = facilitator.open("/rounds/new")
    options = [o.label for c in page.form(field="template").controls if c.name == "template"
               for o in c.options]
    assert [o for o in options if WELFARE_TEMPLATE in o] == [f"{WELFARE_TEMPLATE} (v2)"]

    # -- a child-protection round, end to end, with the seeded template
    round_id = steps.facilitator_creates_round(
        facilitator, TEAM, ("2025-H2", "2025-07-01", "2025-12-31"),
        [GroupPlan("parents", PARENTS, 10), GroupPlan("providers", WORKERS, 4)],
        facility_type="Soum or khoroo multidisciplinary team", template=CHILD_TEMPLATE,
    )
    codes = [ri.code for ri in steps.reads_indicators(facilitator, round_id)]
    assert codes == [f"C{n:02d}" for n in range(1, 13)]
    steps.facilitator_keeps_only(facilitator, round_id, {"C01", "C02", "C05"})
    steps.facilitator_proposes(facilitator, round_id, P_MN, P_EN, [PARENTS])
    sheet = RoundSheet(round_id, steps.reads_indicators(facilitator, round_id))
    sheet.groups = steps.reads_groups(facilitator, round_id)

    # the coordinator takes the parents' indicator into the library with one button
    page = coordinator.open(f"/rounds/{round_id}/indicators")
    page = coordinator.submit(page.form(action_part=f"/indicators/{sheet.ri(P_EN)}/promote"))
    assert "is now in the library" in page and "In the library" in page, page.text[:800]
    page = coordinator.open("/catalogue/indicators?q=families+are+VISITED")
    assert "1 indicator" in page and P_EN in page and "proposed in a round" in page
    page = admin.open("/admin/audit?action=catalogue.indicator_promote&lang=en")
    assert "Proposed indicator added to the library" in page

    steps.moves_round(facilitator, round_id, "input_tracking", "Input tracking")
    steps.moves_round(facilitator, round_id, "community_scoring", "Community scoring")
    steps.opens_collection(facilitator, sheet)
    for c01, c02, c05, p in FORMS:
        steps.citizen_sends_form(
            base_app, sheet.community_code, sheet,
            Answers(PARENTS, "female", "35_59", {"C01": c01, "C02": c02, "C05": c05, P_EN: p}),
        )
    steps.moves_round(facilitator, round_id, "self_assessment", "Provider self-assessment")
    steps.moves_round(facilitator, round_id, "interface_meeting", "Interface meeting")
    steps.facilitator_records_meeting(facilitator, round_id)
    steps.moves_round(facilitator, round_id, "action_plan", "Joint action plan")
    steps.facilitator_agrees_action(
        facilitator, sheet, "C05", "Илгээсэн хүүхэд бүрийн үр дүнг сар бүр шалгах",
        "provider", "2026-03-01",
    )
    steps.moves_round(facilitator, round_id, "review", "Review")
    steps.coordinator_publishes(coordinator, round_id)

    # -- read back: the public facility page and the API
    public = people.public
    facility_id = steps.facility_id_from_api(public, TEAM)
    page = public.open(f"/facilities/{facility_id}")
    assert "2025, second half — round 1" in page
    scores = page.table_with("Indicator")
    for name, (_n, _mean, score) in EXPECTED.items():
        assert page.row(name, scores)[1:] == [f"{score:.0f}"], page.row(name, scores)
    votes = {r["indicator_name"]: r for r in steps.api_results(
        public, facility=facility_id, by="indicator", side="community")}
    assert {k: (v["n"], v["mean"], v["mean_100"]) for k, v in votes.items()} == EXPECTED
    listed = public.json(f"/api/v1/facilities?aimag={steps.AIMAG}&sector=child_protection")
    assert [f["name"] for f in listed["facilities"]] == [TEAM]
    by_sector = {r["indicator_name"]: (r["n"], r["mean"], r["mean_100"]) for r in steps.api_results(
        public, aimag=steps.AIMAG, sector="child_protection", by="indicator", side="community")}
    assert by_sector == EXPECTED
