"""Input tracking: norm against actual, and the suggested items."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scorecards.errors import DomainError
from scorecards.inputs import COMMON_INPUT_ITEMS, InputGap, gap


@pytest.mark.parametrize(
    ("norm", "actual", "higher", "expected"),
    [
        (4, 2, True, InputGap(4.0, 2.0, -2.0, 50.0, "short")),
        (4, 4, True, InputGap(4.0, 4.0, 0.0, 100.0, "met")),
        (4, 5, True, InputGap(4.0, 5.0, 1.0, 125.0, "better")),
        (3, 2, True, InputGap(3.0, 2.0, -1.0, 66.7, "short")),  # 66.666… -> 66.7
        (3, 1, True, InputGap(3.0, 1.0, -2.0, 33.3, "short")),
        (8, 1, True, InputGap(8.0, 1.0, -7.0, 12.5, "short")),
        (2000, 1, True, InputGap(2000.0, 1.0, -1999.0, 0.1, "short")),  # 0.05 rounds up
        (0.1, 0.3, True, InputGap(0.1, 0.3, 0.2, 300.0, "better")),  # decimal, not 0.1999…
        (Decimal("12.5"), Decimal("10"), True, InputGap(12.5, 10.0, -2.5, 80.0, "short")),
        (0, 5, True, InputGap(0.0, 5.0, 5.0, None, "better")),  # share undefined
        (0, 0, True, InputGap(0.0, 0.0, 0.0, None, "met")),
        (None, 2, True, InputGap(None, 2.0, None, None, None)),
        (4, None, True, InputGap(4.0, None, None, None, None)),
        (None, None, True, InputGap(None, None, None, None, None)),
        (30, 35, False, InputGap(30.0, 35.0, 5.0, 116.7, "short")),  # pupils per class
        (30, 25, False, InputGap(30.0, 25.0, -5.0, 83.3, "better")),
    ],
)
def test_gap(norm, actual, higher, expected):
    assert gap(norm, actual, higher_is_better=higher) == expected


@pytest.mark.parametrize(
    ("norm", "actual", "code", "field"),
    [
        (-1, 2, "value_negative", "norm"),
        (2, -0.5, "value_negative", "actual"),
        (float("nan"), 2, "value_not_number", "norm"),
        (2, float("inf"), "value_not_number", "actual"),
        (True, 2, "value_not_number", "norm"),
        ("4", 2, "value_not_number", "norm"),
        (2, Decimal("NaN"), "value_not_number", "actual"),
    ],
)
def test_gap_refuses(norm, actual, code, field):
    with pytest.raises(DomainError) as caught:
        gap(norm, actual)
    assert (caught.value.code, caught.value.field) == (code, field)


FACILITY_TYPES = [
    "school",
    "kindergarten",
    "dormitory",
    "family_health_centre",
    "soum_health_centre",
    "district_hospital",
]


def test_every_facility_type_has_items():
    assert sorted(COMMON_INPUT_ITEMS) == sorted(FACILITY_TYPES)


@pytest.mark.parametrize("facility_type", FACILITY_TYPES)
def test_items_are_complete_and_bilingual(facility_type):
    items = COMMON_INPUT_ITEMS[facility_type]
    assert len(items) >= 6
    labels = [i.label_mn for i in items]
    assert len(labels) == len(set(labels))
    for item in items:
        assert item.label_mn and item.label_en and item.unit_mn and item.unit_en
        assert any("\u0400" <= ch <= "\u04ff" for ch in item.label_mn)  # Cyrillic
        assert item.label_en.isascii()
        assert item.norm_hint is None or item.norm_hint >= 0


@pytest.mark.parametrize(
    ("facility_type", "needle"),
    [
        ("school", "Textbooks per pupil"),
        ("school", "Toilets per 100 pupils"),
        ("school", "Heating coal"),
        ("dormitory", "Dormitory beds"),
        ("soum_health_centre", "ambulances"),
        ("district_hospital", "Essential medicines"),
        ("family_health_centre", "Family doctors"),
        ("kindergarten", "Safe drinking water"),
    ],
)
def test_expected_items_present(facility_type, needle):
    assert any(needle in i.label_en for i in COMMON_INPUT_ITEMS[facility_type])
