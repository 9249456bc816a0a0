"""k-suppression of public breakdowns (DESIGN.md §6).

A figure built from fewer than ``k`` answers (default 5) could point at a person
in a small group, so it is not published: its value columns become NaN and the row
is flagged ``suppressed``. The count itself stays visible, so readers can see why
a figure is missing.

Only cells with ``n < k`` are hidden. There is **no complementary suppression**:
if a total and all but one of its parts are published, the hidden part can be
worked out by subtraction. Callers who publish such tables must judge that risk
(or publish fewer breakdowns).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from scorecards.aggregation import VALUE_COLUMNS
from scorecards.errors import DomainError

DEFAULT_K = 5


def is_publishable(n: int | None, k: int = DEFAULT_K) -> bool:
    """Whether a figure built from ``n`` answers may be shown: ``n >= k``.

    A group of exactly ``k`` is publishable; ``k - 1`` is not. ``None``/NaN counts
    are not publishable. ``k`` must be at least 1 (``DomainError("k_invalid", "k")``).
    """
    _check_k(k)
    if n is None or (isinstance(n, float) and np.isnan(n)):
        return False
    return int(n) >= k


def suppress(
    frame: pd.DataFrame,
    k: int = DEFAULT_K,
    count_column: str = "n",
    value_columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """A copy of ``frame`` with figures of groups smaller than ``k`` hidden.

    Rows where ``count_column < k`` (or the count is missing) get NaN in every
    ``value_columns`` column (``None`` in non-numeric columns) and
    ``suppressed=True``; other rows get ``suppressed=False``, or keep ``True`` if an
    earlier pass already suppressed them. By default the value columns are those of
    :data:`scorecards.aggregation.VALUE_COLUMNS` present in the frame. For a
    :func:`~scorecards.aggregation.distribution_shares` frame pass
    ``value_columns=("count", "share")``. The count column is not hidden.
    Unknown columns raise ``DomainError("columns_missing")``.
    """
    _check_k(k)
    if value_columns is None:
        value_columns = [c for c in VALUE_COLUMNS if c in frame.columns]
    missing = [c for c in (count_column, *value_columns) if c not in frame.columns]
    if missing:
        raise DomainError("columns_missing", None, columns=missing)
    result = frame.copy()
    counts = pd.to_numeric(result[count_column], errors="coerce")
    hidden = ~(counts >= k)
    for column in value_columns:
        if pd.api.types.is_numeric_dtype(result[column]) and not pd.api.types.is_bool_dtype(
            result[column]
        ):
            result[column] = result[column].astype("float64").where(~hidden, np.nan)
        else:
            result[column] = result[column].astype(object).where(~hidden, None)
    earlier = result["suppressed"].eq(True) if "suppressed" in result.columns else False
    result["suppressed"] = (hidden | earlier).astype(bool)
    return result


def _check_k(k: int) -> None:
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise DomainError("k_invalid", "k", k=k)
