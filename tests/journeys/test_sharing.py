"""Sharing a published report, from an empty database, through the pages only.

The facilitator runs a small round at a new school in Matad soum, Dornod: five parents
and one herder answer on phones (E01, E02 on the 1–5 faces), the meeting and one action
are recorded and the coordinator publishes. Then a member of the public, as a social
network's preview robot does, reads the aimag report's Open Graph tags and fetches the
picture they name, opens the embeddable chart, and downloads the indicator table as a
spreadsheet: names in English above the codes, scores and counts as numbers.

Parents' E01: 5, 4, 3, 4, 2 and the herder's 4 → 22 / 6; 0–100 = (22/6 − 1) × 25 = 66.67.
"""

from __future__ import annotations

import io
import struct
from html.parser import HTMLParser

from tests.journeys import steps
from tests.journeys.steps import Answers, GroupPlan, RoundSheet

FACILITY = "Матад сумын 2-р сургууль"
PARENTS, HERDERS, TEACHERS = "Эцэг эхчүүд", "Малчид", "Багш нар"
E01 = "Teachers attend their classes regularly and on time"
PHONES = [
    (PARENTS, "female", "35_59", "5", "3"),
    (PARENTS, "male", "35_59", "4", "3"),
    (PARENTS, "female", "18_34", "3", "2"),
    (PARENTS, "female", "60_plus", "4", "4"),
    (PARENTS, "male", "18_34", "2", "3"),
    (HERDERS, "male", "35_59", "4", "na"),
]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        key = attributes.get("property") or attributes.get("name")
        if tag == "meta" and key:
            self.tags.setdefault(key, attributes.get("content") or "")


def preview_tags(html: str) -> dict[str, str]:
    """What a link preview robot reads: the page's ``og:`` and ``twitter:`` tags."""
    reader = _Tags()
    reader.feed(html)
    return reader.tags


def publish_small_round(app, people: steps.People) -> RoundSheet:
    facilitator = people.facilitator
    round_id = steps.facilitator_creates_round(
        facilitator, FACILITY, ("2026-H1", "2026-01-10", "2026-06-20"),
        [GroupPlan("parents", PARENTS, 8), GroupPlan("herders", HERDERS, 4),
         GroupPlan("providers", TEACHERS, 4)],
    )
    steps.facilitator_keeps_only(facilitator, round_id, {"E01", "E02"})
    sheet = RoundSheet(round_id, steps.reads_indicators(facilitator, round_id))
    for target, name in (("input_tracking", "Input tracking"),
                         ("community_scoring", "Community scoring")):
        steps.moves_round(facilitator, round_id, target, name)
    steps.opens_collection(facilitator, sheet)
    for group, gender, age, e01, e02 in PHONES:
        steps.citizen_sends_form(app, sheet.community_code, sheet,
                                 Answers(group, gender, age, {"E01": e01, "E02": e02}))
    for target, name in (("self_assessment", "Provider self-assessment"),
                         ("interface_meeting", "Interface meeting")):
        steps.moves_round(facilitator, round_id, target, name)
    steps.facilitator_records_meeting(facilitator, round_id)
    steps.moves_round(facilitator, round_id, "action_plan", "Joint action plan")
    steps.facilitator_agrees_action(
        facilitator, sheet, "E01", "Багш нарын ирцийг сар бүр хянах", "provider", "2026-09-01"
    )
    steps.moves_round(facilitator, round_id, "review", "Review")
    steps.coordinator_publishes(people.coordinator, round_id)
    return sheet


def test_a_published_report_shares_with_a_preview_and_opens_in_a_spreadsheet(base_app):
    people = steps.staff_from_empty_database(base_app)
    publish_small_round(base_app, people)
    public = people.public

    # -- the link preview: absolute URLs, a large picture, the picture itself
    page = public.open(f"/reports/{steps.AIMAG}")
    tags = preview_tags(page.html)
    assert tags["og:url"] == f"http://localhost/reports/{steps.AIMAG}"
    assert tags["twitter:card"] == "summary_large_image"
    assert steps.AIMAG_NAME in tags["og:title"]
    image = tags["og:image"]
    assert image.startswith("http://localhost/") and tags["twitter:image"] == image
    picture = public.client.get(image.removeprefix("http://localhost"))
    assert picture.status_code == 200 and picture.mimetype == "image/png"
    assert struct.unpack(">II", picture.data[16:24]) == (1200, 630)

    # -- another site frames the chart: allowed there, with the credit and a link back
    embed = public.client.get(f"/embed/aimag/{steps.AIMAG}")
    assert "X-Frame-Options" not in embed.headers
    assert "frame-ancestors *" in embed.headers["Content-Security-Policy"]
    assert "CC BY 4.0" in embed.get_data(as_text=True)
    assert public.client.get(f"/reports/{steps.AIMAG}").headers["X-Frame-Options"] == "DENY"

    # -- the indicator table in a spreadsheet: names above codes, numbers as numbers
    from openpyxl import load_workbook

    body = public.download(f"/reports/{steps.AIMAG}/indicators.xlsx")
    sheet = load_workbook(io.BytesIO(body)).worksheets[0]
    names, codes = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    assert names[codes.index("indicator_name")] == "Indicator"
    assert names[codes.index("mean_100")] == "Score (0–100)"
    rows = {row[codes.index("indicator_name")].value: row for row in sheet.iter_rows(min_row=3)}
    e01 = rows[E01]
    assert e01[codes.index("n")].value == 6 and e01[codes.index("n")].data_type == "n"
    assert e01[codes.index("mean_100")].value == 66.667
    assert e01[codes.index("mean_100")].data_type == "n"
    from_csv = steps.csv_rows(public.download(f"/reports/{steps.AIMAG}/indicators.csv"))
    assert {r["indicator_name"]: r["mean_100"] for r in from_csv}[E01] == "66.667"
