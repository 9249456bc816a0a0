"""The whole scorecard cycle from an empty database, through the pages only.

A new installation (geography and the indicator library, nobody and nothing else):
the operator creates the first administrator, who adds an organisation and invites a
coordinator, a facilitator and an official. The facilitator prepares a round at a
new school in Matad soum, Dornod; citizens answer on phones (plain form and the
script's JSON send), paper forms are typed and a file is imported, groups' tallies and
consensus scores are entered, the teachers answer with the provider code, the meeting
is recorded and three actions agreed; the coordinator publishes. Then every public
output is read back and compared with figures computed here by hand.

The answers (faces scale 1–5; 0–100 score = (mean − 1) × 25):

====== ========== ====== ======== === === === ===
who    group      gender age      E01 E02 E03 P
====== ========== ====== ======== === === === ===
phone  Parents    female 35–59    5   4   2   4
phone  Parents    male   35–59    4   3   na  5
phone  Students   female under 18 3   2   1   3
json   Parents    female 18–34    3   3   2   4
json   Herders    male   35–59    4   4   5   na
paper  Parents    female 35–59    2   3   1   4
paper  Parents    male   60+      3   2   2   5
import Parents    female 35–59    4   3   2   4
import Students   male   under 18 2   2   1   3
import Elderly    other  60+      2   4   2   4
====== ========== ====== ======== === === === ===

(P is the indicator the herders proposed: "Dormitory meals are sufficient".)
The students' group tallies E01 and E02 (10 people); the herders (6 counted at the
session), the elderly (3 counted) and the parents (not counted) agree consensus
scores; five teachers answer with the provider code.
"""

from __future__ import annotations

from tests.journeys import steps
from tests.journeys.browser import Person
from tests.journeys.steps import Answers, GroupPlan, RoundSheet

FACILITY = "Матад сумын 1-р сургууль"
ROUND_1 = ("2025-H2", "2025-07-01", "2025-12-31")
ROUND_2 = ("2026-H1", "2026-01-01", "2026-06-30")
KEPT = {"E01", "E02", "E03"}
P_MN = "Дотуур байрны хоол хүрэлцээтэй"
P_EN = "Dormitory meals are sufficient"

PARENTS, STUDENTS, HERDERS, ELDERLY, TEACHERS = (
    "Эцэг эхчүүд", "Сурагчид", "Малчид", "Ахмадууд", "Багш нар",
)


def _answers(group, gender, age, e01, e02, e03, p, **extra) -> Answers:
    return Answers(group, gender, age, {"E01": e01, "E02": e02, "E03": e03, P_EN: p}, **extra)


PHONE = [
    _answers(PARENTS, "female", "35_59", "5", "4", "2", "4",
             reasons={"E01": "Багш нар цагтаа ирдэг"}, comment="Баярлалаа"),
    _answers(PARENTS, "male", "35_59", "4", "3", "na", "5"),
    _answers(STUDENTS, "female", "under_18", "3", "2", "1", "3"),
]
SCRIPT = [
    _answers(PARENTS, "female", "18_34", "3", "3", "2", "4"),
    _answers(HERDERS, "male", "35_59", "4", "4", "5", "na"),
]
PAPER = [
    ("P-001", _answers(PARENTS, "female", "35_59", "2", "3", "1", "4")),
    ("P-002", _answers(PARENTS, "male", "60_plus", "3", "2", "2", "5")),
]
IMPORTED = [
    ("F-101", _answers(PARENTS, "female", "35_59", "4", "3", "2", "4")),
    ("F-102", _answers(STUDENTS, "male", "under_18", "2", "2", "1", "3")),
    ("F-103", _answers(ELDERLY, "other", "60_plus", "2", "4", "2", "4")),
]
BAD_IMPORT = [("F-104", _answers(PARENTS, "female", "35_59", "7", "3", "2", "4"))]
# Students' tallies: E01 1:2 2:2 3:3 4:2 5:1 (10 people, sum 2+4+9+8+5 = 28);
#                    E02 2:3 3:4 4:3 (10 people, sum 6+12+12 = 30)
TALLIES = {"E01": {"1": 2, "2": 2, "3": 3, "4": 2, "5": 1}, "E02": {"2": 3, "3": 4, "4": 3}}
TEACHER_SCORES = [("5", "4", "3"), ("5", "4", "3"), ("4", "4", "3"), ("4", "4", "3"),
                  ("4", "4", "3")]


def prepare_round(people: steps.People) -> RoundSheet:
    """The facilitator's preparation: a new facility, the round, indicators, groups."""
    facilitator = people.facilitator
    round_id = steps.facilitator_creates_round(
        facilitator,
        FACILITY,
        ROUND_1,
        [
            GroupPlan("parents", PARENTS, 12),
            GroupPlan("students", STUDENTS, 10),
            GroupPlan("providers", TEACHERS, 6),
        ],
    )
    steps.facilitator_keeps_only(facilitator, round_id, KEPT)
    steps.facilitator_adds_group(facilitator, round_id, "herders", HERDERS, 6, female=3, male=3)
    steps.facilitator_adds_group(facilitator, round_id, "elderly", ELDERLY, 3, female=2, male=1)
    steps.facilitator_proposes(facilitator, round_id, P_MN, P_EN, [HERDERS])
    sheet = RoundSheet(round_id, steps.reads_indicators(facilitator, round_id))
    sheet.groups = steps.reads_groups(facilitator, round_id)
    assert set(sheet.groups) == {PARENTS, STUDENTS, HERDERS, ELDERLY, TEACHERS}
    return sheet


def collect_round_one(app, people: steps.People, sheet: RoundSheet, typo: bool = False) -> None:
    """Phones, the script, paper, a file, group entry, then the teachers. With ``typo``
    the typist types P-002's E02 as 5 instead of 2 (corrected later)."""
    facilitator = people.facilitator
    steps.moves_round(facilitator, sheet.round_id, "input_tracking", "Input tracking")
    steps.moves_round(facilitator, sheet.round_id, "community_scoring", "Community scoring")
    steps.opens_collection(facilitator, sheet)
    for answers in PHONE:
        steps.citizen_sends_form(app, sheet.community_code, sheet, answers)
    for answers in SCRIPT:
        steps.citizen_sends_json(app, sheet.community_code, sheet, answers)
    paper = PAPER
    if typo:
        number, answers = PAPER[1]
        paper = [PAPER[0], (number, Answers(answers.group, answers.gender, answers.age_band,
                                            {**answers.scores, "E02": "5"}))]
    steps.facilitator_types_paper_forms(facilitator, sheet, paper)
    check = steps.facilitator_imports_csv(facilitator, sheet, IMPORTED, BAD_IMPORT)
    # the check names the bad row (row 6: two header rows, then F-101…F-104) and column
    assert "Rows with problems 1" in check.text, check.text[:1500]
    problem = check.row("6", check.table_with("Problem"))
    assert "7" in problem, problem
    steps.facilitator_imports_valid_rows(facilitator, check, len(IMPORTED))
    steps.facilitator_enters_group(facilitator, sheet, STUDENTS, tallies=TALLIES)
    steps.facilitator_enters_group(
        facilitator, sheet, HERDERS,
        consensus={"E01": ("3", "Өвөл багш нар хоцордог"), "E02": ("2", "Ном хүрэлцэхгүй"),
                   "E03": ("1", "Анги хүйтэн"), P_EN: ("4", "Хоол сайжирсан")},
    )
    steps.facilitator_enters_group(facilitator, sheet, ELDERLY, consensus={"E01": ("5", "")})
    steps.facilitator_enters_group(facilitator, sheet, PARENTS, consensus={"E01": ("4", "")})
    steps.moves_round(facilitator, sheet.round_id, "self_assessment", "Provider self-assessment")
    for e01, e02, e03 in TEACHER_SCORES:
        scores = {"E01": e01, "E02": e02, "E03": e03}
        teacher = Answers(TEACHERS, "undisclosed", "undisclosed", scores)
        page = Person(app, "teacher").get(f"/j/{sheet.provider_code}")
        if any(name == f"q{sheet.ri(P_EN)}" for name in page.form(field="uuid").names()):
            scores[P_EN] = "na"  # asked of both sides: the teachers do not know
        steps.citizen_sends_form(app, sheet.provider_code, sheet, teacher)


def close_round_one(people: steps.People, sheet: RoundSheet) -> None:
    facilitator = people.facilitator
    steps.moves_round(facilitator, sheet.round_id, "interface_meeting", "Interface meeting")
    steps.facilitator_records_meeting(facilitator, sheet.round_id)
    steps.moves_round(facilitator, sheet.round_id, "action_plan", "Joint action plan")
    steps.facilitator_agrees_action(
        facilitator, sheet, "E01", "Багш нарын ирцийг сар бүр хянах", "provider", "2026-03-01"
    )
    steps.facilitator_agrees_action(
        facilitator, sheet, "E02", "Сурах бичгийн хангамжийг нэмэх", "aimag_department",
        "2026-05-01",
    )
    steps.facilitator_agrees_action(
        facilitator, sheet, "E03", "Ангиудын цонхыг дулаалах", "soum_governor", "2026-01-15"
    )
    steps.moves_round(facilitator, sheet.round_id, "review", "Review")



# --------------------------------------------------------------------- hand figures
#
# Community, votes (individual forms and tallies pooled; 0–100 = (mean − 1) × 25):
#   E01 individual 5+4+3+3+4+2+3+4+2+2 = 32 (n 10, mean 3.2 → 55); tally 28 (n 10, 2.8 → 45)
#       votes (32 + 28) / 20 = 3.0 → 50; positive (≥ 4): 4 forms + 3 tallied = 7/20 = 35 %
#       median of 1:2 2:5 3:6 4:5 5:2 (20 values) = 3.0
#   E02 individual 4+3+2+3+4+3+2+3+2+4 = 30 (n 10); tally 30 (n 10) → 60 / 20 = 3.0 → 50
#   E03 individual 2+1+2+5+1+2+2+1+2 = 18 (n 9, one "na") → 2.0 → 25; no tally
#   P   individual 4+5+3+4+4+5+4+3+4 = 36 (n 9, one "na") → 4.0 → 75
#   sector (education): (60 + 60 + 18 + 36) / (20 + 20 + 9 + 9) = 174 / 58 = 3.0 → 50,
#       positive (7 + 6 + 1 + 7) / 58 = 36 %; people = most answers to one indicator = 20
# Providers (5 teachers): E01 5+5+4+4+4 = 22 → 4.4 → 85; E02 20 → 4.0 → 75; E03 15 → 3.0 → 50
# Gap community − providers: E01 50 − 85 = −35; E02 50 − 75 = −25; E03 25 − 50 = −25
# Consensus (community): only the herders are shown (6 participants ≥ k = 5):
#   E01 3 → 50, E02 2 → 25, E03 1 → 0, P 4 → 75; on E01 the elderly (3 < 5) and the
#   parents (not counted) are left out, and the pages say why.
# Counts (scorecards.counts): forms = 10 community + 5 teachers = 15;
#   answers = 38 community scores (10+10+9+9) + 20 tallied + 6 consensus (4 herders,
#   1 elderly, 1 parents) + 15 teachers' scores = 79;
#   people = per group the larger of its recorded/tallied members and its forms:
#   parents 6 forms + students 10 tallied + herders 6 + elderly 3 + teachers 5 = 30.
# Small cells (individual forms, E01, community) by gender: women C1 C3 C4 F1 I1 = 5
#   (5+3+3+2+4 = 17 → 3.4 → 60, shown); men 4 and other 1: hidden (below k = 5).

ROUND_ONE_VOTES = {  # indicator -> (n, mean, 0–100)
    "Teachers attend their classes regularly and on time": (20, 3.0, 50.0),
    "Textbooks and learning materials are sufficient": (20, 3.0, 50.0),
    "Classrooms are warm in winter": (9, 2.0, 25.0),
    P_EN: (9, 4.0, 75.0),
}
ROUND_ONE_CONSENSUS = {
    "Teachers attend their classes regularly and on time": 3.0,
    "Textbooks and learning materials are sufficient": 2.0,
    "Classrooms are warm in winter": 1.0,
    P_EN: 4.0,
}
E01 = "Teachers attend their classes regularly and on time"


def fix_stored_answers(people: steps.People, sheet: RoundSheet) -> None:
    """A wrong paper form is typed, seen on the meeting page, withdrawn from the stored
    answers; a mistyped score is corrected. Both leave the figures at once."""
    facilitator = people.facilitator
    steps.facilitator_types_paper_forms(
        facilitator, sheet, [("P-003", _answers(PARENTS, "female", "35_59", "1", "1", "1", "1"))]
    )
    # E01 individual: (32 + 1) / 11 = 3.0; E02 with P-002's typo 5: 30 − 2 + 5 + 1 = 34 / 11
    row = steps.meeting_cell(facilitator, sheet.round_id, E01)
    assert "Individual votes: 3.0 (n=11" in row, row
    steps.facilitator_withdraws_form(facilitator, sheet.round_id, "P-003", "Давхар бичигдсэн")
    row = steps.meeting_cell(facilitator, sheet.round_id, E01)
    assert "Individual votes: 3.2 (n=10" in row, row  # 32 / 10
    row = steps.meeting_cell(facilitator, sheet.round_id, "Textbooks")
    assert "Individual votes: 3.3 (n=10" in row, row  # 33 / 10 with the typo
    steps.facilitator_corrects_form(facilitator, sheet, "P-002", {"E02": "2"})
    row = steps.meeting_cell(facilitator, sheet.round_id, "Textbooks")
    assert "Individual votes: 3.0 (n=10" in row, row  # 30 / 10
    page = facilitator.open(f"/rounds/{sheet.round_id}/answers")
    assert "16 responses match" in page, page.text[:600]  # 11 community + 5 teachers … with P-003
    assert "Withdrawn" in page and "Давхар бичигдсэн" in page


def nothing_is_public_yet(public: Person, facility_id: int) -> None:
    page = public.open(f"/reports/{steps.AIMAG}")
    assert "no published scorecard rounds yet" in page
    page = public.open(f"/facilities/{facility_id}")
    assert "no published scorecard round yet" in page
    assert public.json("/api/v1/rounds")["total"] == 0
    assert steps.api_results(public, aimag=steps.AIMAG, by="indicator") == []
    assert steps.api_results(public, aimag=steps.AIMAG, by="indicator", source="consensus") == []
    assert steps.csv_rows(public.download(f"/facilities/{facility_id}/scores.csv")) == []
    assert steps.home_counts(public) == {
        "facilities": 0, "rounds": 0, "people": 0, "forms": 0, "answers": 0,
    }
    for text in ("Багш нар цагтаа ирдэг", "Өвөл багш нар хоцордог"):
        assert text not in public.open(f"/facilities/{facility_id}")


def round_one_is_public_everywhere(public: Person, facility_id: int, round_id: int) -> None:
    # -- the aimag report page
    page = public.open(f"/reports/{steps.AIMAG}")
    headline = next(r for r in page.tables if r and r[0] and r[0][0] == "Sector")
    assert headline[1] == ["Education", "20", "50", "43–57", "36%"], headline
    for name, (n, _mean, score) in ROUND_ONE_VOTES.items():
        row = page.row(name)
        assert row[1:3] == [str(n), f"{score:.0f}"], row
    gap = page.table_with("Service providers")
    assert page.row(E01, gap)[1:] == ["50", "85", "-35"]
    assert page.row("Textbooks", gap)[1:] == ["50", "75", "-25"]
    assert page.row("Classrooms", gap)[1:] == ["25", "50", "-25"]
    consensus = page.table_with("Mean of consensus scores")
    assert page.row(E01, consensus)[1:] == ["Community", "1", "6", "3.0", "3.0", "50"]
    assert page.row(P_EN, consensus)[1:] == ["Community", "1", "6", "4.0", "4.0", "75"]
    assert "Consensus of 1 group not shown: its number of participants was not recorded" in page
    assert "Consensus of 1 group not shown: it recorded fewer than 5 participants" in page
    assert page.row(FACILITY)[1:3] == ["Education", "20"] and page.row(FACILITY)[3] == "50"
    assert "30 people, 15 forms, 79 answers" in page
    assert "9 women, 6 men, 15 other or not stated" in page  # herders 3/3, elderly 2/1,
    # parents' forms 4/2; students' 10 tallied and 5 teachers not stated
    assert "Багш нарын ирцийг сар бүр хянах" in page  # the agreed actions
    assert "3 actions agreed" in page

    # -- the facility page: each indicator's score in the round's column
    page = public.open(f"/facilities/{facility_id}")
    assert "2025, second half — round 1" in page
    scores = page.table_with("Indicator")
    for name, (_n, _mean, score) in ROUND_ONE_VOTES.items():
        assert page.row(name, scores)[1:] == [f"{score:.0f}"], page.row(name, scores)
    assert "3.0 (1 group)" in page and "4.0 (1 group)" in page  # consensus, its own table
    assert "Consensus of 1 group not shown: it recorded fewer than 5 participants" in page

    # -- the API, by facility / indicator / side / source
    votes = {r["indicator_name"]: r for r in steps.api_results(
        public, facility=facility_id, by="indicator", side="community")}
    for name, (n, mean, score) in ROUND_ONE_VOTES.items():
        assert (votes[name]["n"], votes[name]["mean"], votes[name]["mean_100"]) == (n, mean, score)
    assert votes[E01]["median"] == 3.0 and votes[E01]["share_positive"] == 0.35
    ids = steps.indicator_ids(public, facility_id)
    single = steps.api_results(public, facility=facility_id, indicator=ids[E01], side="community",
                               source="individual")
    assert [(r["n"], r["mean"], r["mean_100"]) for r in single] == [(10, 3.2, 55.0)]
    tally = steps.api_results(public, facility=facility_id, indicator=ids[E01], source="tally")
    assert [(r["n"], r["mean"], r["mean_100"]) for r in tally] == [(10, 2.8, 45.0)]
    sides = {r["side"]: r for r in steps.api_results(
        public, facility=facility_id, indicator=ids[E01], by="side")}
    assert (sides["community"]["mean"], sides["provider"]["mean"]) == (3.0, 4.4)
    consensus = {(r["indicator_name"], r["side"]): r for r in steps.api_results(
        public, facility=facility_id, by="indicator,side", source="consensus")}
    for name, value in ROUND_ONE_CONSENSUS.items():
        row = consensus[(name, "community")]
        assert (row["mean"], row["n"], row["groups_shown"], row["people"]) == (value, 1, 1, 6)
    assert (consensus[(E01, "community")]["groups_below_k"],
            consensus[(E01, "community")]["groups_size_not_recorded"]) == (1, 1)
    by_round = steps.api_results(public, facility=facility_id, by="round", side="community")
    assert [(r["round"], r["mean_100"]) for r in by_round] == [(round_id, 50.0)]
    # a small cell is hidden: women 5 (3.4 → 60) shown; men 4 and other 1 hidden
    genders = {r["gender"]: r for r in steps.api_results(
        public, facility=facility_id, indicator=ids[E01], side="community", source="individual",
        by="gender")}
    assert (genders["female"]["mean_100"], genders["female"]["suppressed"]) == (60.0, False)
    assert genders["male"]["suppressed"] and genders["male"]["mean"] is None
    assert genders["other"]["suppressed"] and genders["other"]["mean"] is None
    groups = {r["group_kind"]: r for r in steps.api_results(
        public, facility=facility_id, indicator=ids[E01], side="community", source="individual",
        by="group_kind")}
    assert groups["students"]["suppressed"] and groups["students"]["mean"] is None  # 2 forms

    # -- downloads: CSV, XLSX and JSON of the aimag and the facility tables
    for url in (f"/reports/{steps.AIMAG}/indicators", f"/facilities/{facility_id}/scores"):
        from_csv = steps.csv_rows(public.download(url + ".csv"))
        from_xlsx = steps.xlsx_rows(public.download(url + ".xlsx"))
        from_json = public.json(url + ".json")["rows"]
        for rows in (from_csv, from_xlsx, from_json):
            got = {r["indicator_name"]: (int(r["n"]), float(r["mean_100"])) for r in rows}
            assert got == {k: (n, s) for k, (n, _m, s) in ROUND_ONE_VOTES.items()}, (url, got)
    from_csv = steps.csv_rows(public.download(f"/reports/{steps.AIMAG}/consensus.csv"))
    assert {r["indicator_name"]: float(r["mean"]) for r in from_csv} == ROUND_ONE_CONSENSUS

    # -- the PDF report
    text = steps.pdf_text(public.download(f"/reports/{steps.AIMAG}.pdf"))
    assert "Period: 2025, second half" in text
    assert f"{FACILITY} 20 50" in text
    assert "Consensus of 1 group not shown: it recorded fewer than 5 participants" in text

    # -- the home page agrees with the report
    assert steps.home_counts(public) == {
        "facilities": 1, "rounds": 1, "people": 30, "forms": 15, "answers": 79,
    }


def test_one_round_from_an_empty_database_to_every_public_output(base_app):
    people = steps.staff_from_empty_database(base_app)
    sheet = prepare_round(people)
    facility_id = steps.facility_id_from_api(people.public, FACILITY)
    collect_round_one(base_app, people, sheet, typo=True)
    fix_stored_answers(people, sheet)
    close_round_one(people, sheet)
    steps.facilitator_moderates(
        people.facilitator, sheet.round_id,
        approve=["Багш нар цагтаа ирдэг", "Өвөл багш нар хоцордог"], hide=["Баярлалаа"],
    )
    nothing_is_public_yet(people.public, facility_id)
    steps.coordinator_publishes(people.coordinator, sheet.round_id)
    round_one_is_public_everywhere(people.public, facility_id, sheet.round_id)
    page = people.public.open(f"/facilities/{facility_id}")
    assert "Багш нар цагтаа ирдэг" in page and "Өвөл багш нар хоцордог" in page  # approved
    assert "Баярлалаа" not in page  # hidden
    assert "Ном хүрэлцэхгүй" not in page  # never reviewed
    # the official answers an action; the public report shows the answer
    steps.official_answers_action(
        people.official, "Ангиудын цонхыг дулаалах", "Дорнод аймгийн Боловсролын газар",
        "Цонхны засварын төсвийг 2026 оны төсөвт суулгана.",
    )
    page = people.public.open(f"/reports/{steps.AIMAG}")
    assert "Дорнод аймгийн Боловсролын газар" in page
    assert "Цонхны засварын төсвийг 2026 оны төсөвт суулгана." in page
    # Texts typed: one reason and one closing comment (the first phone) and four consensus
    # reasons (the herders); blank reasons are not texts. Two approved, one hidden:
    assert steps.moderation_counts(people.facilitator, sheet.round_id) == {
        "pending": 3, "approved": 2, "hidden": 1,
    }


# Round 2 (follow-up, 2026-H1): six parents on phones (the script's send), community only.
#   E01 4+4+4+4+5+3 = 24 → 4.0 → 75; E02 6 × 4 = 24 → 75; E03 6 × 3 = 18 → 3.0 → 50;
#   P 6 × 5 = 30 → 5.0 → 100; sector (24 + 24 + 18 + 30) / 24 = 4.0 → 75: +25 on 2025-H2's 50.
#   Counts: 6 people, 6 forms, 24 answers.
ROUND_TWO = [
    _answers(PARENTS, "female", "35_59", e01, "4", "3", "5") for e01 in "444453"
]
ROUND_TWO_SCORES = {E01: 75.0, "Textbooks and learning materials are sufficient": 75.0,
                    "Classrooms are warm in winter": 50.0, P_EN: 100.0}


def run_follow_up(app, people: steps.People, first: RoundSheet) -> RoundSheet:
    facilitator = people.facilitator
    round_id = steps.facilitator_starts_follow_up(facilitator, first.round_id, ROUND_2)
    sheet = RoundSheet(round_id, steps.reads_indicators(facilitator, round_id))
    sheet.groups = steps.reads_groups(facilitator, round_id)
    assert [ri.code for ri in sheet.indicators] == [ri.code for ri in first.indicators]
    steps.moves_round(facilitator, round_id, "input_tracking", "Input tracking")
    steps.moves_round(facilitator, round_id, "community_scoring", "Community scoring")
    steps.opens_collection(facilitator, sheet)
    for answers in ROUND_TWO:
        steps.citizen_sends_json(app, sheet.community_code, sheet, answers)
    steps.moves_round(facilitator, round_id, "self_assessment", "Provider self-assessment")
    steps.moves_round(facilitator, round_id, "interface_meeting", "Interface meeting")
    steps.facilitator_records_meeting(facilitator, round_id)
    steps.moves_round(facilitator, round_id, "action_plan", "Joint action plan")
    steps.facilitator_agrees_action(
        facilitator, sheet, "E03", "Халаалтын зуухыг солих", "soum_governor", "2026-10-01"
    )
    steps.moves_round(facilitator, round_id, "review", "Review")
    steps.coordinator_publishes(people.coordinator, round_id)
    return sheet


def test_follow_up_shows_the_change_and_unlocking_takes_the_round_out(base_app):
    people = steps.staff_from_empty_database(base_app)
    public = people.public
    first = prepare_round(people)
    facility_id = steps.facility_id_from_api(public, FACILITY)
    collect_round_one(base_app, people, first)
    close_round_one(people, first)
    steps.coordinator_publishes(people.coordinator, first.round_id)
    second = run_follow_up(base_app, people, first)

    # -- trends: the facility page and the aimag report show the change
    page = public.open(f"/facilities/{facility_id}")
    scores = page.table_with("Indicator")
    for name, (_n, _mean, before) in ROUND_ONE_VOTES.items():
        assert page.row(name, scores)[1:] == [f"{before:.0f}", f"{ROUND_TWO_SCORES[name]:.0f}"]
    page = public.open(f"/reports/{steps.AIMAG}")
    trend = page.table_with("Change")
    assert [r for r in trend if r and r[0] == "Education"] == [
        ["Education", "2025, second half", "50", "—"],
        ["Education", "2026, first half", "75", "+25"],
    ]
    by_round = steps.api_results(public, facility=facility_id, by="round", side="community")
    assert [(r["round"], r["mean_100"]) for r in by_round] == [
        (first.round_id, 50.0), (second.round_id, 75.0),
    ]
    assert steps.home_counts(public) == {  # 30 + 6 people, 15 + 6 forms, 79 + 24 answers
        "facilities": 1, "rounds": 2, "people": 36, "forms": 21, "answers": 103,
    }

    # -- the coordinator unlocks round 1 with a reason: it leaves every output at once
    steps.coordinator_unlocks(people.coordinator, first.round_id, "Саналын хуудас давхардсан")
    assert public.json("/api/v1/rounds")["total"] == 1
    assert [r["id"] for r in public.json("/api/v1/rounds")["rounds"]] == [second.round_id]
    by_round = steps.api_results(public, facility=facility_id, by="round", side="community")
    assert [(r["round"], r["mean_100"]) for r in by_round] == [(second.round_id, 75.0)]
    assert steps.api_results(public, facility=facility_id, by="round", source="consensus") == []
    assert steps.api_results(public, facility=facility_id, by="round", side="provider") == []
    page = public.open(f"/facilities/{facility_id}")
    assert "2025, second half" not in page and "2026, first half" in page
    scores = page.table_with("Indicator")
    for name, after in ROUND_TWO_SCORES.items():
        assert page.row(name, scores)[1:] == [f"{after:.0f}"]
    page = public.open(f"/reports/{steps.AIMAG}")
    assert "2025, second half" not in page and "2026, first half" in page
    headline = next(r for r in page.tables if r and r[0] and r[0][0] == "Sector")
    assert headline[1][:3] == ["Education", "6", "75"], headline
    trend = page.table_with("Change")
    assert [r for r in trend if r and r[0] == "Education"] == [
        ["Education", "2026, first half", "75", "—"]
    ]
    assert "6 people, 6 forms, 24 answers" in page
    for url in (f"/reports/{steps.AIMAG}/indicators", f"/facilities/{facility_id}/scores"):
        for rows in (steps.csv_rows(public.download(url + ".csv")),
                     steps.xlsx_rows(public.download(url + ".xlsx")),
                     public.json(url + ".json")["rows"]):
            got = {r["indicator_name"]: float(r["mean_100"]) for r in rows}
            assert got == ROUND_TWO_SCORES, (url, got)
    assert "2025-H2" not in str(public.json(f"/facilities/{facility_id}/scores.json"))
    assert steps.csv_rows(public.download(f"/reports/{steps.AIMAG}/consensus.csv")) == []
    text = steps.pdf_text(public.download(f"/reports/{steps.AIMAG}.pdf"))
    assert "2025-H2" not in text and "2025, second half" not in text, text
    assert "Period: 2026, first half" in text and f"{FACILITY} 6 75" in text
    assert steps.home_counts(public) == {
        "facilities": 1, "rounds": 1, "people": 6, "forms": 6, "answers": 24,
    }
