"""Mean, median and interval rules, table-driven, with the arithmetic written out."""

import math

import pytest

from scorecards.stats import ci95_from_moments, mean, median, present, t_critical_975


def ci95(values):
    """The interval of the present values, from their moments (as the reports compute it)."""
    xs = present(values)
    return ci95_from_moments(len(xs), sum(xs), sum(x * x for x in xs))


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([1, 2, 3], 2.0),
        ([3, 4], 3.5),
        ([5, None, 1], 3.0),  # missing excluded: (5 + 1) / 2
        ([None, None], None),
        ([], None),
        ([1, 1, 1, 2], 1.25),
    ],
)
def test_mean(values, expected):
    assert mean(values) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([3, 1, 2], 2.0),
        ([3, 4], 3.5),  # even count: average of the two middle values, not rounded
        ([1, 2, 4, 5], 3.0),
        ([1, 2, 3, 5], 2.5),
        ([4, None, 1, None], 2.5),  # missing excluded, not zero (zero would give 0.5)
        ([None], None),
        ([7], 7.0),
    ],
)
def test_median(values, expected):
    assert median(values) == expected


def test_missing_values_are_not_counted_as_zero():
    assert mean([4, None]) == 4.0
    assert mean([4, None, 2]) == 3.0
    assert median([4, None, 2]) == 3.0


def test_ci95_uses_student_t():
    # values 2, 4, 6: mean 4, sample sd 2, se 2/sqrt(3), t(2) = 4.303
    low, high = ci95([2, 4, 6])
    half = 4.303 * 2 / math.sqrt(3)
    assert low == pytest.approx(4 - half)
    assert high == pytest.approx(4 + half)


def test_ci95_needs_two_values():
    assert ci95([3]) is None
    assert ci95([3, None]) is None


def test_ci_from_moments_matches_raw_values():
    values = [1, 2, 2, 3, 5, 5, 4]
    assert ci95_from_moments(len(values), sum(values), sum(v * v for v in values)) == pytest.approx(
        ci95(values)
    )


def test_identical_values_have_zero_width_interval():
    assert ci95([3, 3, 3, 3]) == (3.0, 3.0)


@pytest.mark.parametrize(("df", "t"), [(1, 12.706), (10, 2.228), (30, 2.042)])
def test_t_table(df, t):
    assert t_critical_975(df) == t


def test_t_beyond_table_approaches_normal():
    assert t_critical_975(60) == pytest.approx(2.000, abs=1e-3)
    assert t_critical_975(1000) == pytest.approx(1.962, abs=1e-3)
