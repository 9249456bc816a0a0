"""Scale validation and normalisation, table-driven."""

import pytest

from scorecards.errors import DomainError
from scorecards.scales import (
    BUILTIN_SCALES,
    FACES_1_5,
    TRAFFIC_LIGHT,
    ZERO_HUNDRED,
    ZERO_TEN,
    Scale,
    ScaleKind,
)


@pytest.mark.parametrize(
    ("scale", "raw", "expected"),
    [
        (FACES_1_5, 1, 1.0),
        (FACES_1_5, "5", 5.0),
        (FACES_1_5, " 3 ", 3.0),
        (FACES_1_5, 4.0, 4.0),
        (FACES_1_5, None, None),
        (FACES_1_5, "", None),
        (ZERO_TEN, 0, 0.0),
        (ZERO_TEN, "10", 10.0),
        (ZERO_HUNDRED, "0", 0.0),
        (ZERO_HUNDRED, "100", 100.0),
        (TRAFFIC_LIGHT, 2, 2.0),
    ],
)
def test_valid_values(scale, raw, expected):
    assert scale.validate(raw) == expected


@pytest.mark.parametrize(
    ("scale", "raw", "code"),
    [
        (FACES_1_5, 0, "value_out_of_range"),
        (FACES_1_5, 6, "value_out_of_range"),
        (FACES_1_5, "-1", "value_out_of_range"),
        (FACES_1_5, "3.5", "value_not_on_step"),
        (FACES_1_5, "three", "value_not_number"),
        (FACES_1_5, True, "value_not_number"),
        (FACES_1_5, "nan", "value_not_number"),
        (FACES_1_5, "inf", "value_not_number"),
        (ZERO_TEN, 11, "value_out_of_range"),
        (ZERO_HUNDRED, 101, "value_out_of_range"),
        (TRAFFIC_LIGHT, 4, "value_out_of_range"),
    ],
)
def test_invalid_values_raise_a_coded_error(scale, raw, code):
    with pytest.raises(DomainError) as caught:
        scale.validate(raw, field="q1")
    assert caught.value.code == code
    assert caught.value.field == "q1"


@pytest.mark.parametrize(
    ("scale", "value", "normalised"),
    [
        (FACES_1_5, 1, 0.0),
        (FACES_1_5, 3, 50.0),
        (FACES_1_5, 5, 100.0),
        (FACES_1_5, 4, 75.0),
        (ZERO_TEN, 7, 70.0),
        (ZERO_HUNDRED, 42, 42.0),
        (TRAFFIC_LIGHT, 2, 50.0),
        (TRAFFIC_LIGHT, 3, 100.0),
        (FACES_1_5, None, None),
    ],
)
def test_normalisation_maps_every_scale_to_0_100(scale, value, normalised):
    assert scale.normalise(value) == normalised


def test_missing_is_never_normalised_to_zero():
    assert FACES_1_5.normalise(None) is None


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"min_value": 5, "max_value": 5, "positive_from": 5}, "scale_range_empty"),
        ({"min_value": 1, "max_value": 5, "positive_from": 6}, "scale_positive_outside"),
    ],
)
def test_malformed_scales_are_refused(kwargs, code):
    with pytest.raises(DomainError) as caught:
        Scale(code="x", kind=ScaleKind.NUMERIC, name_mn="x", name_en="x", **kwargs)
    assert caught.value.code == code


def test_builtin_scales_have_labels_in_both_languages():
    assert set(BUILTIN_SCALES) == {"faces5", "zero10", "zero100", "rag"}
    assert [p.value for p in FACES_1_5.points] == [1, 2, 3, 4, 5]
    for scale in BUILTIN_SCALES.values():
        for point in scale.points:
            assert point.label_mn and point.label_en
    assert FACES_1_5.label(5, "mn") == "Маш сайн"
    assert FACES_1_5.label(5, "en") == "Very good"


def test_a_stored_scale_with_gaps_reads_as_step_one_version_one_without_empty_points():
    from types import SimpleNamespace

    from scorecards.scales import scale_from_record

    record = SimpleNamespace(
        code="q", kind="faces", min_value=1, max_value=3, positive_from=2,
        name_mn="Нүүр", name_en="Faces", step=None, version=None,
    )
    points = [
        SimpleNamespace(value=1, label_mn="Муу", label_en="Bad", mark=None),
        SimpleNamespace(value=None, label_mn=None, label_en=None, mark=None),
        SimpleNamespace(value=3, label_mn="Сайн", label_en="Good", mark="green"),
    ]
    scale = scale_from_record(record, points)
    assert scale.step == 1 and scale.version == 1
    assert [p.value for p in scale.points] == [1, 3]
    assert scale.label(3, "en") == "Good" and scale.points[0].mark == ""
    assert scale.validate("2") == 2
