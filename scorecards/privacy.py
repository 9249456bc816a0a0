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


# --------------------------------------------------------------------------- consensus

CONSENSUS_SHOWN = "shown"
CONSENSUS_SIZE_NOT_RECORDED = "size_not_recorded"
CONSENSUS_GROUP_BELOW_K = "group_below_k"
CONSENSUS_STATUSES = (CONSENSUS_SHOWN, CONSENSUS_SIZE_NOT_RECORDED, CONSENSUS_GROUP_BELOW_K)
"""Why a group's consensus score is or is not published (codes, not sentences)."""


def consensus_status(people: int | float | None, k: int = DEFAULT_K) -> str:
    """Whether one group's consensus score may be published, and if not, why.

    A consensus score is a group's public statement, not one person's answer, so the
    k rule applies to the group that agreed it: the score is published when the
    group's *recorded* number of participants is at least ``k``
    (:data:`CONSENSUS_SHOWN`). ``people`` is that recorded number (the web layer
    passes the participants counted at the session, by gender; see
    ``app.services.publication.consensus_rows``). ``None``, NaN and ``0`` mean the
    size was not recorded (:data:`CONSENSUS_SIZE_NOT_RECORDED`): an unknown group
    might be two people, so it is never published. A recorded size below ``k`` gives
    :data:`CONSENSUS_GROUP_BELOW_K`. Exactly ``k`` is shown, ``k - 1`` is not.
    """
    _check_k(k)
    if people is None or (isinstance(people, float) and np.isnan(people)) or people <= 0:
        return CONSENSUS_SIZE_NOT_RECORDED
    return CONSENSUS_SHOWN if int(people) >= k else CONSENSUS_GROUP_BELOW_K


def consensus_statuses(people: pd.Series, k: int = DEFAULT_K) -> pd.Series:
    """:func:`consensus_status` of every value of ``people`` (same index)."""
    _check_k(k)
    numbers = pd.to_numeric(people, errors="coerce")
    status = pd.Series(CONSENSUS_GROUP_BELOW_K, index=people.index, dtype=object)
    status[~(numbers > 0)] = CONSENSUS_SIZE_NOT_RECORDED
    status[numbers >= k] = CONSENSUS_SHOWN
    return status


def consensus_groups_hidden(
    groups: pd.DataFrame,
    by: Sequence[str] = (),
    k: int = DEFAULT_K,
    people_column: str = "people",
    count_column: str = "groups",
) -> pd.DataFrame:
    """How many groups' consensus scores are shown and hidden, per grouping ``by``.

    ``groups`` has the ``by`` columns, ``people_column`` (a group's recorded size,
    missing when not recorded) and ``count_column`` (how many distinct groups have
    that size in that grouping; several rows per grouping are summed). Returns one
    row per grouping with ``groups_shown``, ``groups_size_not_recorded`` and
    ``groups_below_k`` (whole numbers), sorted by ``by``; with ``by=()`` one row.
    Unknown columns raise ``DomainError("columns_missing")``.
    """
    by = list(by)
    missing = [c for c in (*by, people_column, count_column) if c not in groups.columns]
    if missing:
        raise DomainError("columns_missing", None, columns=missing)
    columns = {
        CONSENSUS_SHOWN: "groups_shown",
        CONSENSUS_SIZE_NOT_RECORDED: "groups_size_not_recorded",
        CONSENSUS_GROUP_BELOW_K: "groups_below_k",
    }
    work = groups[by].copy()
    status = consensus_statuses(groups[people_column], k)
    counts = pd.to_numeric(groups[count_column], errors="coerce").fillna(0).astype("int64")
    for code, column in columns.items():
        work[column] = counts.where(status == code, 0)
    if not by:
        return pd.DataFrame([{c: int(work[c].sum()) for c in columns.values()}])
    if work.empty:
        return pd.DataFrame(columns=[*by, *columns.values()])
    result = work.groupby(by, sort=True, dropna=False)[list(columns.values())].sum()
    return result.reset_index()
