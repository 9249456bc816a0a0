"""Import cells may hold the labels the app shows, passed in by the web layer (issue 10)."""

from scorecards.imports import AcceptedValue, accepted_value_rows, validate_responses
from scorecards.vocab import AgeBand, Gender, MissingReason
from tests.scorecards.test_imports import SPEC, sheet

ACCEPTED = (
    AcceptedValue("gender", "undisclosed", "Хэлээгүй", "Not said"),
    AcceptedValue("age_band", "60_plus", "60 ба түүнээс дээш", "60 and over"),
    AcceptedValue("age_band", "undisclosed", "Хэлээгүй", "Not said"),
    AcceptedValue("score", "na", "Мэдэхгүй / хамаарахгүй", "Don't know / not applicable"),
)


def test_labels_read_as_their_codes_case_and_spaces_ignored():
    by_code = ["R1", "Эмэгтэйчүүд", "undisclosed", "60_plus", "no", "4", "na", "5"]
    by_label = [
        "R1",
        "Эмэгтэйчүүд",
        " хэлээгҮй ",
        "60 ба  түүнээс дээш",
        "no",
        "Сайн",
        "мэдэхгүй / хамаарахгүй",
        "VERY GOOD",
    ]
    rows = [
        validate_responses(sheet(r), SPEC, accepted=ACCEPTED).valid_rows
        for r in (by_code, by_label)
    ]
    assert rows[0] == rows[1] and len(rows[0]) == 1
    (row,) = rows[0]
    assert (row.gender, row.age_band) == (Gender.UNDISCLOSED, AgeBand.AGE_60_PLUS)
    assert list(row.values.values()) == [4.0, None, 5.0]
    assert list(row.missing_reasons.values()) == [MissingReason.NOT_APPLICABLE]


def test_without_the_labels_passed_in_the_app_labels_are_refused():
    bad = ["R1", "Эмэгтэйчүүд", "Хэлээгүй", "60 ба түүнээс дээш", "no", "4", "4", "4"]
    preview = validate_responses(sheet(bad), SPEC)
    assert [(p.row_number, p.column_index, p.code) for p in preview.problems] == [
        (3, 2, "bad_gender"),
        (3, 3, "bad_age_band"),
    ]


def test_a_wrong_label_lists_what_the_column_accepts():
    bad = ["R1", "Эмэгтэйчүүд", "female", "60-с дээш", "no", "4", "сайхан", "4"]
    preview = validate_responses(sheet(bad), SPEC, accepted=ACCEPTED)
    age, score = preview.problems
    assert (age.row_number, age.column_letter, age.code) == (3, "D", "bad_age_band")
    assert age.params["accepted"][:3] == ("under_18", "18_34", "35_59")
    assert "60 ба түүнээс дээш" in age.params["accepted"]
    assert "60 and over" in age.params["accepted"]
    assert (score.column_letter, score.code) == ("G", "value_not_number")
    assert "Маш сайн" in score.params["accepted"] and "na" in score.params["accepted"]
    assert preview.valid_rows == []


def test_accepted_value_rows_list_groups_labels_and_scale_points():
    rows = accepted_value_rows(SPEC, ACCEPTED, ("Багана", "Код", "Монгол", "Англи"))
    assert rows[0] == ["Багана", "Код", "Монгол", "Англи"]
    assert ["age_band", "60_plus", "60 ба түүнээс дээш", "60 and over"] in rows
    assert ["score", "4", "Сайн", "Good"] in rows
    assert any(r[0] == "group" and r[2] == "Эмэгтэйчүүд" for r in rows)
