"""The one checker of a respondent's answers: what it accepts, and every problem it
reports at once, each with its field and code."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scorecards.answer_check import (
    MAX_COMMENT_LENGTH,
    MAX_REASON_LENGTH,
    AnswerShape,
    Checked,
    Refused,
    canonical_uuid,
    check_answers,
    value_text,
)
from scorecards.imports import MAX_REASON
from scorecards.scales import Scale, ScaleKind, ScalePoint

FACES = Scale(
    code="faces5", kind=ScaleKind.FACES, min_value=1, max_value=5, positive_from=4,
    name_mn="Царай", name_en="Faces",
    points=tuple(ScalePoint(v, str(v), str(v)) for v in range(1, 6)),
)
HALVES = Scale(
    code="half10", kind=ScaleKind.NUMERIC, min_value=0, max_value=10, positive_from=7,
    name_mn="0–10", name_en="0–10", step=Decimal("0.5"),
)
UUID = "0B6CBE0E-8F7E-4A53-9D53-0A5E4B3F6C11"


def shape(scale: Scale = FACES, groups: tuple[int, ...] = (5, 6)) -> AnswerShape:
    return AnswerShape(indicator_ids=(11, 12), group_ids=groups, scale=scale)


def fields(**changes: str | None) -> dict[str, str]:
    sent = {"uuid": UUID, "group": "5", "gender": "female", "age_band": "",
            "disability": "no", "comment": " Баярлалаа ", "q11": "3", "r11": " Багш дутуу ",
            "q12": "na", "r12": ""}
    sent.update(changes)
    return {k: v for k, v in sent.items() if v is not None}


def problems(result) -> set[tuple[str | None, str]]:
    assert isinstance(result, Refused), result
    return {(p.field, p.code) for p in result.problems}


def test_a_complete_send_is_read_into_what_is_stored():
    result = check_answers(fields(), shape())
    assert isinstance(result, Checked)
    assert result.uuid == UUID.lower()
    assert result.group_id == 5
    assert dict(result.demographics) == {
        "gender": "female", "age_band": "undisclosed", "disability": "no"
    }
    assert dict(result.answers) == {11: (3.0, None, "Багш дутуу"), 12: (None, "na", "")}
    assert result.comment == "Баярлалаа"


def test_every_problem_is_reported_at_once_with_its_field():
    sent = fields(uuid="not-a-uuid", group="", gender="robot", q11="7", q12=None,
                  q99="3", r98="x", comment="я" * (MAX_COMMENT_LENGTH + 1),
                  r11="я" * (MAX_REASON_LENGTH + 1))
    assert problems(check_answers(sent, shape())) == {
        ("uuid", "uuid_invalid"),
        ("group", "group_required"),
        ("gender", "choice_invalid"),
        ("comment", "text_too_long"),
        ("q99", "indicator_not_in_round"),
        ("r98", "indicator_not_in_round"),
        ("q11", "value_out_of_range"),
        ("r11", "text_too_long"),
        ("q12", "answer_required"),
    }


def test_limits_are_inclusive_and_counted_in_characters():
    sent = fields(comment="ө" * MAX_COMMENT_LENGTH, r11="ө" * MAX_REASON_LENGTH)
    assert isinstance(check_answers(sent, shape()), Checked)


def test_the_import_reads_the_same_reason_limit():
    assert MAX_REASON == MAX_REASON_LENGTH


def test_a_side_with_one_group_needs_no_choice_but_refuses_another_group():
    only = shape(groups=(7,))
    assert check_answers(fields(group=""), only).group_id == 7
    assert problems(check_answers(fields(group="5"), only)) == {("group", "group_invalid")}
    assert problems(check_answers(fields(group="5a"), shape())) == {("group", "group_invalid")}


@pytest.mark.parametrize(
    ("written", "stored"),
    [("4", 4.0), (" 4 ", 4.0), ("4.0", 4.0), ("4,0", 4.0), ("9,5", 9.5), ("0", 0.0)],
)
def test_values_with_a_comma_or_a_point_are_read_on_the_scale(written, stored):
    scale = HALVES if written in ("9,5", "0") else FACES
    result = check_answers(fields(q11=written), shape(scale))
    assert result.answers[11][0] == stored


@pytest.mark.parametrize(
    ("written", "code"),
    [("9,3", "value_not_on_step"), ("10.5", "value_out_of_range"), ("abc", "value_not_number"),
     ("1e400", "value_out_of_range"), ("nan", "value_not_number")],
)
def test_values_off_the_scale_name_the_scales_rule(written, code):
    result = check_answers(fields(q11=written), shape(HALVES))
    assert problems(result) == {("q11", code)}


def test_the_dont_know_box_is_a_missing_answer_and_not_also_a_value():
    assert check_answers(fields(q11="", n11="y"), shape(HALVES)).answers[11][:2] == (None, "na")
    assert problems(check_answers(fields(q11="", n11="false"), shape(HALVES))) == {
        ("q11", "answer_required")
    }
    assert problems(check_answers(fields(q11="5", n11="y"), shape(HALVES))) == {
        ("q11", "value_and_missing")
    }
    result = check_answers(fields(q11="dont_know"), shape())
    assert result.answers[11][:2] == (None, "dont_know")


def test_uuids_are_read_in_every_common_spelling_and_nothing_else():
    plain = UUID.lower()
    for spelling in (UUID, plain.replace("-", ""), "{" + plain + "}", "uuid:" + plain,
                     " " + plain + " "):
        assert canonical_uuid(spelling) == plain
    for bad in ("", "not-a-uuid", plain[:-1], plain + "0" * 20):
        assert canonical_uuid(bad) is None


def test_stored_values_are_written_back_as_the_checker_reads_them():
    assert value_text(4.0) == "4"
    assert value_text(9.5) == "9.5"
    assert value_text(None) == ""
    assert value_text(float("inf")) == "nan"
    result = check_answers(fields(q11=value_text(float("nan"))), shape())
    assert problems(result) == {("q11", "value_not_number")}


def test_demographic_options_come_from_the_shape():
    narrow = AnswerShape(
        indicator_ids=(11, 12), group_ids=(5,), scale=FACES,
        demographics={"gender": frozenset({"female", "undisclosed"})},
    )
    assert problems(check_answers(fields(gender="male"), narrow)) == {
        ("gender", "choice_invalid")
    }
    assert dict(check_answers(fields(gender=""), narrow).demographics) == {
        "gender": "undisclosed"
    }
