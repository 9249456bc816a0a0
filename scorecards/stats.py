"""Descriptive statistics of scores, with the missing-value rules written down.

Rules (tested in ``tests/scorecards/test_stats.py``):

* ``None`` means a missing answer ("not applicable", "don't know"). Missing values
  are excluded from every figure and counted separately; they are never zero.
* The mean is the arithmetic mean of the present values, not rounded.
* The median of an even count is the average of the two middle values (so the
  median of 3 and 4 is 3.5, never rounded to an integer).
* The 95% confidence interval of the mean uses Student's t with n−1 degrees of
  freedom and the sample standard deviation; it needs at least two values.
* With no present values every figure is ``None``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

# Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom.
_T_975 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)


def t_critical_975(degrees_of_freedom: int) -> float:
    """Student's t quantile for a two-sided 95% interval.

    Exact table values up to 30 degrees of freedom; above that the
    Cornish–Fisher expansion around 1.959964, accurate to 1e-3.
    """
    if degrees_of_freedom < 1:
        raise ValueError("degrees of freedom must be at least 1")
    if degrees_of_freedom <= len(_T_975):
        return _T_975[degrees_of_freedom - 1]
    z = 1.959964
    df = float(degrees_of_freedom)
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


def present(values: Iterable[float | None]) -> list[float]:
    """The non-missing values, as floats, in their original order."""
    return [float(v) for v in values if v is not None]


def mean(values: Iterable[float | None]) -> float | None:
    """Arithmetic mean of the present values; ``None`` when there are none."""
    xs = present(values)
    return sum(xs) / len(xs) if xs else None


def median(values: Iterable[float | None]) -> float | None:
    """Median of the present values; an even count averages the two middle ones."""
    xs = sorted(present(values))
    n = len(xs)
    if n == 0:
        return None
    middle = n // 2
    if n % 2:
        return xs[middle]
    return (xs[middle - 1] + xs[middle]) / 2.0


def ci95_from_moments(n: int, total: float, total_squares: float) -> tuple[float, float] | None:
    """95% interval for the mean from a count, a sum and a sum of squares.

    Used on pre-aggregated summaries, where the raw values are not at hand.
    ``None`` when n < 2. A negative variance from floating-point cancellation is
    clamped to zero.
    """
    if n < 2:
        return None
    m = total / n
    variance = max((total_squares - n * m * m) / (n - 1), 0.0)
    half = t_critical_975(n - 1) * math.sqrt(variance / n)
    return (m - half, m + half)


def ci95(values: Iterable[float | None]) -> tuple[float, float] | None:
    """95% confidence interval of the mean of the present values (t, n−1 df)."""
    xs = present(values)
    return ci95_from_moments(len(xs), sum(xs), sum(x * x for x in xs))


@dataclass(frozen=True)
class Summary:
    """The figures of one indicator over a set of answers (on its own scale)."""

    n: int
    n_missing: int
    mean: float | None
    median: float | None
    ci95: tuple[float, float] | None


def summarise(values: Iterable[float | None]) -> Summary:
    """Count, missing count, mean, median and interval in one pass of the rules above."""
    raw = list(values)
    xs = present(raw)
    return Summary(
        n=len(xs),
        n_missing=len(raw) - len(xs),
        mean=mean(xs),
        median=median(xs),
        ci95=ci95(xs),
    )
