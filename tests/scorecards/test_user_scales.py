"""Scales made by users: their rules, half steps, and what counts as a change of meaning."""

import pytest

from scorecards.errors import DomainError
from scorecards.scales import (
    ZERO_TEN,
    changes_meaning,
    format_value,
    labelled_scale,
    range_scale,
)

HALF = range_scale("half", "Хагас", "Half", 0, 10, "0,5", 7, ("Үгүй", "No"), ("Бүрэн", "Fully"))
THREE = labelled_scale(
    "three",
    "Гурав",
    "Three",
    [("Муу", "Bad", "red"), ("Дунд", "Fair", ""), ("Сайн", "Good", "")],
    3,
)


@pytest.mark.parametrize(
    ("raw", "expected"), [("9,5", 9.5), ("9.5", 9.5), (0.5, 0.5), ("10", 10.0)]
)
def test_half_steps_accept_every_step_with_either_decimal_mark(raw, expected):
    assert HALF.validate(raw) == expected


def test_a_value_between_steps_names_the_allowed_values():
    with pytest.raises(DomainError) as caught:
        HALF.validate("9.3", "value")
    assert caught.value.code == "value_not_on_step"
    assert caught.value.params["allowed"] == "0, 0.5, 1, … 10"
    assert caught.value.params["step"] == "0.5"
    assert HALF.point_values()[:3] == [0, 0.5, 1] and len(HALF.point_values()) == 21
    assert HALF.wants_number_box and not THREE.wants_number_box


def test_normalised_exactly_and_labels_and_positive_threshold_come_from_the_scale():
    assert HALF.normalise(9.5) == 95.0 and THREE.normalise(2) == 50.0
    assert THREE.label(3, "en") == "Good" and THREE.is_positive(3) and not THREE.is_positive(2)
    assert THREE.kind == "traffic_light" and THREE.points[0].mark == "red"  # colours only
    assert format_value(HALF.step) == "0.5" and format_value(10.0) == "10"


@pytest.mark.parametrize(
    ("make", "code", "field"),
    [
        (
            lambda: labelled_scale("x", "a", "b", [("Муу", "Bad", "")], 1),
            "scale_too_few_points",
            "points",
        ),
        (
            lambda: labelled_scale("x", "a", "b", [("Муу", "Bad", ""), ("муу ", "Good", "")], 2),
            "scale_label_duplicate",
            "points-1-label_mn",
        ),
        (
            lambda: labelled_scale("x", "a", "b", [("Муу", "", ""), ("Сайн", "Good", "")], 2),
            "scale_label_missing",
            "points-0-label_en",
        ),
        (lambda: range_scale("x", "a", "b", 10, 10, 1, 10), "scale_range_empty", "max_value"),
        (lambda: range_scale("x", "a", "b", 0, 10, "0.3", 7), "scale_step_not_dividing", "step"),
        (lambda: range_scale("x", "a", "b", 0, 10, "0", 7), "scale_step_invalid", "step"),
        (
            lambda: range_scale("x", "a", "b", 0, 10, 1, 11),
            "scale_positive_outside",
            "positive_from",
        ),
        (lambda: range_scale("x", "", "b", 0, 10, 1, 7), "scale_name_missing", "name_mn"),
    ],
)
def test_bad_definitions_are_refused_naming_the_field(make, code, field):
    with pytest.raises(DomainError) as caught:
        make()
    assert (caught.value.code, caught.value.field) == (code, field)


def test_only_a_new_name_keeps_the_meaning():
    renamed = range_scale(
        "half", "Өөр", "Other", 0, 10, "0.5", 7, ("Үгүй", "No"), ("Бүрэн", "Fully")
    )
    assert not changes_meaning(HALF, renamed)
    assert changes_meaning(
        HALF, range_scale("half", "a", "b", 0, 10, "0.5", 8, ("Үгүй", "No"), ("Бүрэн", "Fully"))
    )
    assert changes_meaning(ZERO_TEN, HALF)
