"""Mean, median and interval rules, table-driven, with the arithmetic written out."""

import math
import statistics

import numpy as np
import pytest

from scorecards.stats import ci95_from_moments, mean, median, present, t_critical_975


def ci95(values):
    """The interval of the present values, from their moments (as the reports compute it)."""
    xs = present(values)
    low, high = ci95_from_moments(np.array([len(xs)]), [sum(xs)], [sum(x * x for x in xs)])
    return None if math.isnan(low[0]) else (float(low[0]), float(high[0]))


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
    half = t_critical_975(6) * statistics.stdev(values) / math.sqrt(len(values))
    middle = statistics.mean(values)
    assert ci95(values) == pytest.approx((middle - half, middle + half))


def test_each_grouping_gets_its_own_interval_in_one_call():
    """A report computes thousands of intervals at once: each equals the interval of
    its grouping alone, one answer gives none, and each is cut at its own scale."""
    groupings = [[2, 4, 6], [3], [4, 5, 5, 5], [3, 4]]
    low, high = ci95_from_moments(
        [len(g) for g in groupings],
        [sum(g) for g in groupings],
        [sum(x * x for x in g) for g in groupings],
        lowest=[1, 1, 1, 1],
        highest=[10, 10, 5, 5],
    )
    alone = [ci95(g) for g in groupings]
    assert (low[0], high[0]) == (1.0, alone[0][1])  # (-0.97, 8.97) cut at the bottom
    assert math.isnan(low[1]) and math.isnan(high[1]) and alone[1] is None
    assert (low[2], high[2]) == (pytest.approx(alone[2][0]), 5.0)  # cut at the top of 1–5
    assert (low[3], high[3]) == (1.0, 5.0)  # (-2.853, 9.853) cut at both ends


def test_identical_values_have_zero_width_interval():
    assert ci95([3, 3, 3, 3]) == (3.0, 3.0)


@pytest.mark.parametrize(("df", "t"), [(1, 12.706), (10, 2.228), (30, 2.042)])
def test_t_table(df, t):
    assert t_critical_975(df) == t


def test_t_beyond_table_approaches_normal():
    assert t_critical_975(60) == pytest.approx(2.000, abs=1e-3)
    assert t_critical_975(1000) == pytest.approx(1.962, abs=1e-3)
