"""Scales made by users, consensus on its own scale, half points everywhere — from an
empty database, through the pages (and the CLI) only.

The administrator makes a 0–10 scale in half points and a three-option scale (with a
refused attempt of each). Round A scores votes on the three options and consensus on
0–100: the students tally E01 as 2 × "Bad" (1), 3 × "Fair" (2), 5 × "Good" (3) — mean
2.3, 0–100 = (2.3 − 1) × 50 = 65, positive (≥ 3, "Good") 5/10 — and the herders (6
counted) agree 72 (their "72,5" is refused: 0–100 goes in whole steps). Round B scores
on 0–10 in half points: a paper form "9,5", an imported file "9.5" and "8" (a "9.3" row
refused naming the allowed values), the CLI "8,5", a second paper form "10", and a
consensus "9,5" (after a
"9.3" refused). Both rounds are published and read back from the API: the tallies and
the consensus stay two sources on two scales, never pooled.
"""

from __future__ import annotations

import csv
import io

from tests.journeys import steps
from tests.journeys.browser import Person
from tests.journeys.steps import Answers, GroupPlan, RoundSheet

HALF = "Zero to ten in half points"
THREE = "Three options"
STUDENTS, HERDERS, PARENTS = "Сурагчид", "Малчид", "Эцэг эхчүүд"
E01 = "Teachers attend their classes regularly and on time"


def admin_makes_scales(admin: Person) -> None:
    page = admin.open("/catalogue/scales")
    before = page.text.count("Edit")
    # a step that does not divide the range: refused, naming the step, nothing stored
    page = admin.open("/catalogue/scales/new/range")
    range_values = {
        "name_mn": "0–10 хагас оноо",
        "name_en": HALF,
        "min_value": "0",
        "max_value": "10",
        "step": "0,3",
        "positive_from": "7",
        "low_label_mn": "Огт үгүй",
        "low_label_en": "Not at all",
        "high_label_mn": "Бүрэн",
        "high_label_en": "Fully",
    }
    page = admin.submit(page.form(field="step"), range_values, expect=400)
    assert "The step must divide the range from minimum to maximum." in page
    assert admin.open("/catalogue/scales").text.count("Edit") == before
    page = admin.open("/catalogue/scales/new/range")
    page = admin.submit(page.form(field="step"), {**range_values, "step": "0,5"})
    assert f"The scale {HALF} is saved" in page, page.text[:800]
    # the same label twice: refused
    page = admin.open("/catalogue/scales/new/points")
    points = {
        "name_mn": "Гурван сонголт",
        "name_en": THREE,
        "points-0-label_mn": "Муу",
        "points-0-label_en": "Bad",
        "points-0-mark": "red",
        "points-1-label_mn": "Дунд",
        "points-1-label_en": "Fair",
        "points-1-mark": "amber",
        "points-2-label_mn": "Сайн",
        "points-2-label_en": "Bad",
        "points-2-mark": "green",
        "positive_from": "3",
    }
    page = admin.submit(page.form(field="name_en"), points, expect=400)
    assert "Two points have the same label." in page
    page = admin.submit(page.form(field="name_en"), {**points, "points-2-label_en": "Good"})
    assert f"The scale {THREE} is saved" in page, page.text[:800]
    listing = admin.open("/catalogue/scales")
    assert "0, 0.5, 1, … 10" in listing.text and "3 — Good" in listing.text


def prepare(people: steps.People, facility: str, period, votes: str, consensus: str):
    facilitator = people.facilitator
    round_id = steps.facilitator_creates_round(
        facilitator, facility, period, [GroupPlan("students", STUDENTS, 10)]
    )
    steps.facilitator_keeps_only(facilitator, round_id, {"E01"})
    steps.facilitator_adds_group(facilitator, round_id, "herders", HERDERS, 6, female=3, male=3)
    steps.facilitator_adds_group(facilitator, round_id, "parents", PARENTS, 8, female=4, male=4)
    page = facilitator.open(f"/rounds/{round_id}/scales")
    form = page.form(field="consensus_scale")
    page = facilitator.submit(
        form,
        {
            "scale": form.option_value("scale", votes),
            "consensus_scale": form.option_value("consensus_scale", consensus),
        },
    )
    assert "The round's scales are saved" in page, page.text[:800]
    sheet = RoundSheet(round_id, steps.reads_indicators(facilitator, round_id))
    sheet.groups = steps.reads_groups(facilitator, round_id)
    steps.moves_round(facilitator, round_id, "input_tracking", "Input tracking")
    steps.moves_round(facilitator, round_id, "community_scoring", "Community scoring")
    return sheet


def refused_consensus(facilitator: Person, sheet: RoundSheet, group: str, value: str):
    url = f"/rounds/{sheet.round_id}/tallies?side=community&group={sheet.groups[group]}"
    page = facilitator.open(url)
    values = {f"c-{sheet.ri('E01')}-value": value, f"c-{sheet.ri('E01')}-reason": "x"}
    return facilitator.submit(page.form(field="group"), values, expect=400, base=url)


def close_and_publish(people: steps.People, sheet: RoundSheet) -> None:
    facilitator = people.facilitator
    steps.moves_round(facilitator, sheet.round_id, "self_assessment", "Provider self-assessment")
    steps.moves_round(facilitator, sheet.round_id, "interface_meeting", "Interface meeting")
    steps.facilitator_records_meeting(facilitator, sheet.round_id)
    steps.moves_round(facilitator, sheet.round_id, "action_plan", "Joint action plan")
    steps.facilitator_agrees_action(
        facilitator, sheet, "E01", "Багш нарын ирцийг сар бүр хянах", "provider", "2026-03-01"
    )
    steps.moves_round(facilitator, sheet.round_id, "review", "Review")
    steps.coordinator_publishes(people.coordinator, sheet.round_id)


def test_user_scales_half_points_and_consensus_on_its_own_scale(base_app, tmp_path):
    people = steps.staff_from_empty_database(base_app)
    admin_makes_scales(people.admin)
    facilitator, public = people.facilitator, people.public

    # -- round A: three options for votes, 0–100 for the consolidated consensus score
    a = prepare(
        people,
        "Матад сумын 2-р сургууль",
        ("2025-H2", "2025-07-01", "2025-12-31"),
        THREE,
        "0–100 per cent",
    )
    page = facilitator.open(f"/rounds/{a.round_id}/tallies?side=community")
    assert "Consensus is scored on 0–100 per cent" in page
    steps.facilitator_enters_group(
        facilitator, a, STUDENTS, tallies={"E01": {"1": 2, "2": 3, "3": 5}}
    )
    page = refused_consensus(facilitator, a, HERDERS, "72,5")
    # 0–100 is in whole steps
    assert "Choose one of the scale's values: 0, 1, 2, … 100." in page, page.text[:1500]
    steps.facilitator_enters_group(facilitator, a, HERDERS, consensus={"E01": ("72", "Сайжирсан")})
    close_and_publish(people, a)

    # -- round B: 0–10 in half points, every way in
    b = prepare(
        people,
        "Матад сумын 3-р сургууль",
        ("2025-H2", "2025-07-01", "2025-12-31"),
        HALF,
        "The same as the votes",
    )
    steps.facilitator_types_paper_forms(
        facilitator,
        b,
        [
            ("P-1", Answers(PARENTS, "female", "35_59", {"E01": "9,5"})),
            ("P-2", Answers(PARENTS, "male", "18_34", {"E01": "10"})),
        ],
    )
    check = steps.facilitator_imports_csv(
        facilitator,
        b,
        [
            ("F-1", Answers(PARENTS, "male", "35_59", {"E01": "9.5"})),
            ("F-2", Answers(PARENTS, "female", "18_34", {"E01": "8"})),
        ],
        [("F-3", Answers(PARENTS, "female", "18_34", {"E01": "9.3"}))],
    )
    assert "Rows with problems 1" in check.text, check.text[:1500]
    assert "Choose one of the scale's values: 0, 0.5, 1, … 10" in check.text, check.text[:1500]
    steps.facilitator_imports_valid_rows(facilitator, check, 2)
    # the accepted-values sheet lists the range's minimum, maximum and step
    page = facilitator.open(f"/rounds/{b.round_id}/import")
    values_url = next(href for href, _text in page.links if "values.csv" in href)
    sheet_rows = list(csv.reader(io.StringIO(facilitator.download(values_url).decode("utf-8-sig"))))
    assert ["score_step", "0.5", "Алхам", "Step between scores"][:2] == sheet_rows[
        [row[0] for row in sheet_rows].index("score_step")
    ][:2]
    # the CLI: the same template, one row
    template_url = next(
        href
        for href, text in page.links
        if text == "CSV" and "kind=responses" in href and "side=community" in href
    )
    header, keys = list(
        csv.reader(io.StringIO(facilitator.download(template_url).decode("utf-8-sig")))
    )[:2]
    cells = {
        "respondent_id": "C-1",
        "group": PARENTS,
        "gender": "male",
        "age_band": "60_plus",
        b.code("E01"): "8,5",
    }
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows([header, keys, [cells.get(key, "") for key in keys]])
    path = tmp_path / "cli.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    result = base_app.test_cli_runner().invoke(
        args=["rounds", "import", str(b.round_id), str(path)]
    )
    assert result.exit_code == 0, result.output
    page = refused_consensus(facilitator, b, HERDERS, "9.3")
    assert "Choose one of the scale's values: 0, 0.5, 1, … 10" in page, page.text[:1500]
    steps.facilitator_enters_group(facilitator, b, HERDERS, consensus={"E01": ("9,5", "Сайн")})
    page = facilitator.open(
        f"/rounds/{b.round_id}/tallies?side=community&group={b.groups[HERDERS]}"
    )
    assert page.form(field="group").control(f"c-{b.ri('E01')}-value").value == "9.5"
    close_and_publish(people, b)

    # -- read back: two sources on two scales, never pooled
    facility_a = steps.facility_id_from_api(public, "Матад сумын 2-р сургууль")
    tally = steps.api_results(public, facility=facility_a, by="indicator", source="tally")
    assert [(r["n"], r["mean"], r["mean_100"], r["share_positive"]) for r in tally] == [
        (10, 2.3, 65.0, 0.5)
    ]
    assert tally[0]["scale_code"] == "three-options"
    votes = steps.api_results(public, facility=facility_a, by="indicator", side="community")
    assert [(r["n"], r["mean"]) for r in votes] == [(10, 2.3)]  # no consensus pooled in
    consensus = steps.api_results(public, facility=facility_a, by="indicator", source="consensus")
    assert [(r["mean"], r["n"]) for r in consensus] == [(72.0, 1)]
    facility_b = steps.facility_id_from_api(public, "Матад сумын 3-р сургууль")
    single = steps.api_results(public, facility=facility_b, by="indicator", source="individual")
    # 8, 8.5, 9.5, 9.5, 10: five answers (k = 5), read back exactly
    assert [(r["n"], r["mean"], r["median"]) for r in single] == [(5, 9.1, 9.5)]
    agreed = steps.api_results(public, facility=facility_b, by="indicator", source="consensus")
    assert [(r["mean"], r["median"]) for r in agreed] == [(9.5, 9.5)]
