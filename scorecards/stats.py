"""Descriptive statistics of scores, with the missing-value rules written down.

Rules (tested in ``tests/scorecards/test_stats.py``):

* ``None`` means a missing answer ("not applicable", "don't know"). Missing values
  are excluded from every figure and counted separately; they are never zero.
* The mean is the arithmetic mean of the present values, not rounded.
* The median of an even count is the average of the two middle values (so the
  median of 3 and 4 is 3.5, never rounded to an integer).
* The 95% confidence interval of the mean uses Student's t with n−1 degrees of
  freedom and the sample standard deviation; it needs at least two values. Given
  the scale's bounds it is cut at them (an average cannot lie outside its scale).
* With no present values every figure is ``None``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

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


def ci95_from_moments(
    n: np.ndarray,
    total: np.ndarray,
    total_squares: np.ndarray,
    lowest: np.ndarray | float = -math.inf,
    highest: np.ndarray | float = math.inf,
) -> tuple[np.ndarray, np.ndarray]:
    """95% intervals for means from counts, sums and sums of squares, one per element.

    Used on pre-aggregated summaries, where the raw values are not at hand; the
    arrays are aligned (one grouping per position), so a report's thousands of
    groupings cost one pass. Returns ``(low, high)`` as float arrays, NaN where
    n < 2. A negative variance from floating-point cancellation is clamped to zero.

    ``lowest`` and ``highest`` are the ends of the scale, in the same units as the
    values (e.g. 1 and 5 for five faces, 0 and 100 for normalised scores): the
    interval is cut at them. With few answers the t interval can run far past the
    scale (3 and 4 on 0–100 give −268 to 368), but an average can never lie outside
    the scale, so nothing outside it is plausible. Clipping keeps the interval's
    meaning ("the average lies in here with 95% confidence") and only drops
    impossible values; the interval is no longer symmetric around the mean. Each
    element is computed with the same float operations as for one number, so a
    grouping's interval does not depend on the others. Not rounded.
    """
    n = np.asarray(n, dtype=float)
    total = np.asarray(total, dtype=float)
    total_squares = np.asarray(total_squares, dtype=float)
    enough = n >= 2
    safe_n = np.where(enough, n, 2.0)
    m = total / safe_n
    variance = np.maximum((total_squares - safe_n * m * m) / (safe_n - 1), 0.0)
    degrees, where = np.unique((safe_n - 1).astype(np.int64), return_inverse=True)
    t = np.array([t_critical_975(int(df)) for df in degrees])[where].reshape(safe_n.shape)
    half = t * np.sqrt(variance / safe_n)
    low = np.maximum(m - half, np.asarray(lowest, dtype=float))
    high = np.minimum(m + half, np.asarray(highest, dtype=float))
    return np.where(enough, low, np.nan), np.where(enough, high, np.nan)


