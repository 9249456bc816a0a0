"""k-suppression of public figures, and protection against subtraction (DESIGN.md §6).

A figure built from fewer than ``k`` answers (default 5) could point at a person in a
small group, so it is never published. Hiding the small figure is not enough: if a
total and all but one of its parts are published, the hidden part is the total minus
the others. Egekh therefore protects the *cells* every public figure is summed from,
once, before any figure is built, so that no published figure — whatever grouping a
page, a download or the API asks for — can be combined with others into a figure of
fewer than ``k`` people.

The cells (the summary rows written at publication) are: one round × indicator ×
side × source (individual forms or paper tallies), its ``all`` row, and one row per
category of each breakdown (group kind, gender, age band, disability), which
together add up to the ``all`` row. :func:`withheld_cells` decides which cells are
withheld:

1. An ``all`` cell with fewer than ``k`` answers is withheld, and so is every
   category of it (the parent is below k, so its children are too).
2. In a breakdown of a cell of at least ``k`` answers, every category below ``k`` is
   withheld; if the withheld categories hold fewer than ``k`` answers together, the
   next-smallest categories are withheld as well until they hold at least ``k``
   (so at least two are withheld, and "total minus the published categories" is a
   figure of at least ``k`` people, never the small category).

A withheld cell counts in no published figure: figures are computed from the sums of
the cells that are kept. Every published figure is therefore a sum of kept cells of
at least ``k`` answers each, and the only thing subtraction can recover is a kept cell
or a withheld block of at least ``k`` answers — never a group below ``k``. Because
the decision is made per cell and not per request, two requests cannot be compared
to undo it (by facility against by facility and gender, one side against both
sides, one facility against its soum, one indicator against all indicators, one
source against both).

One exception keeps aimag-wide figures whole: the withheld ``all`` cells that fall
in one row of the aimag tables (aimag × facility type × sector × period × indicator
× scale × side × source) count again in that row when together they hold at least
``k`` answers (:func:`pools_reaching_k`). The three or four staff of each school are
hidden school by school, but the aimag's figure for the providers of its schools is
published; the pool is then the smallest thing subtraction can recover, and it holds
at least ``k`` answers. Categories are never added back, so an aimag's breakdown
shows only kept categories.

:func:`suppress` then hides every figure still built from fewer than ``k`` answers
(after protection this is a figure with no kept cell), including its counts.
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
    hidden_counts: Sequence[str] = (),
) -> pd.DataFrame:
    """A copy of ``frame`` with figures of groups smaller than ``k`` hidden.

    Rows where ``count_column < k`` (or the count is missing) get NaN in every
    ``value_columns`` column (``None`` in non-numeric columns) and
    ``suppressed=True``; other rows get ``suppressed=False``, or keep ``True`` if an
    earlier pass already suppressed them. By default the value columns are those of
    :data:`scorecards.aggregation.VALUE_COLUMNS` present in the frame. For a
    :func:`~scorecards.aggregation.distribution_shares` frame pass
    ``value_columns=("count", "share")``. The count column is not hidden unless it is
    named in ``hidden_counts``: the public outputs name ``people``, ``n``, ``n_missing``
    and ``respondents`` there, so a hidden cell shows no count either (its size is
    itself a figure about a small group). Hidden counts become NaN. Unknown columns
    raise ``DomainError("columns_missing")``.
    """
    _check_k(k)
    if value_columns is None:
        value_columns = [c for c in VALUE_COLUMNS if c in frame.columns]
    hidden_counts = [c for c in hidden_counts if c in frame.columns]
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
    for column in hidden_counts:
        values = pd.to_numeric(result[column], errors="coerce").astype("float64")
        result[column] = values.where(~result["suppressed"], np.nan)
    return result


def withheld_cells(
    cells: pd.DataFrame,
    k: int = DEFAULT_K,
    partition: Sequence[str] = (),
    category: str = "category",
    count_column: str = "n",
    missing_column: str | None = "n_missing",
) -> pd.Series:
    """Which cells of one breakdown are withheld from every public figure (a bool
    Series on ``cells``' index).

    ``cells`` holds the categories of one breakdown of many parent cells: the parent
    is named by ``partition`` (e.g. round, round indicator, side, source), the
    category by ``category``, its present answers by ``count_column`` and its "don't
    know" answers by ``missing_column`` (``None``: none). A cell is *too small* when
    it has some present answers but fewer than ``k``, or fewer than ``k`` people in
    all (present plus "don't know": a "don't know" count is a fact about its people
    too). For the ``all`` breakdown every parent has one row, so a cell is withheld
    exactly when it is too small. Per parent (see the module note):

    * a parent whose categories together are too small: all withheld;
    * else every too-small category is withheld and, while the withheld categories
      together are still too small, the smallest kept category is withheld too. So
      "parent minus the published categories" is never a figure or a count of fewer
      than ``k`` people, and never one category alone.

    Ties between equally small categories go to the category that sorts first: the
    decision depends only on the cells, never on who asks. Unknown columns raise
    ``DomainError("columns_missing")``.
    """
    _check_k(k)
    partition = list(partition)
    needed = [*partition, category, count_column, *([missing_column] if missing_column else [])]
    missing = [c for c in needed if c not in cells.columns]
    if missing:
        raise DomainError("columns_missing", None, columns=missing)
    if cells.empty:
        return pd.Series(False, index=cells.index, dtype=bool)
    n = pd.to_numeric(cells[count_column], errors="coerce").fillna(0).to_numpy()
    dont_know = (
        pd.to_numeric(cells[missing_column], errors="coerce").fillna(0).to_numpy()
        if missing_column
        else np.zeros(len(cells))
    )
    work = pd.DataFrame({"_n": n, "_people": n + dont_know})
    work["_category"] = cells[category].astype(str).to_numpy()
    keys = []
    for i, column in enumerate(partition):
        work[f"_p{i}"] = cells[column].to_numpy()
        keys.append(f"_p{i}")
    if not keys:
        work["_p"] = 0
        keys = ["_p"]
    small = _too_few(work["_n"].to_numpy(), work["_people"].to_numpy(), k)
    work["_small_n"] = np.where(small, work["_n"], 0)
    work["_small_people"] = np.where(small, work["_people"], 0)
    grouped = work.groupby(keys, dropna=False, sort=False)
    total = grouped["_n"].transform("sum").to_numpy()
    total_people = grouped["_people"].transform("sum").to_numpy()
    small_n = grouped["_small_n"].transform("sum").to_numpy()
    small_people = grouped["_small_people"].transform("sum").to_numpy()
    parent_small = _too_few(total, total_people, k)
    withheld = small | parent_small
    short = _too_few(small_n, small_people, k)
    has_small = pd.Series(small).groupby([work[c] for c in keys], dropna=False, sort=False)
    needs = has_small.transform("any").to_numpy() & short & ~parent_small & ~small
    if needs.any():
        bigs = work[needs].assign(_withheld_n=small_n[needs], _withheld_people=small_people[needs])
        bigs = bigs.sort_values([*keys, "_n", "_category"], kind="stable")
        by_parent = bigs.groupby(keys, dropna=False, sort=False)
        before_n = bigs["_withheld_n"] + by_parent["_n"].cumsum() - bigs["_n"]
        before_people = bigs["_withheld_people"] + by_parent["_people"].cumsum() - bigs["_people"]
        # withhold a kept category while what is withheld before it is still too small
        take = _too_few(before_n.to_numpy(), before_people.to_numpy(), k)
        withheld[bigs.index[take].to_numpy()] = True
    return pd.Series(withheld, index=cells.index, dtype=bool)


def _too_few(n: np.ndarray, people: np.ndarray, k: int) -> np.ndarray:
    """Cells too small to publish: some present answers but fewer than ``k``, or fewer
    than ``k`` people in all (present answers plus "don't know")."""
    return ((n > 0) & (n < k)) | (people < k)


def pools_reaching_k(
    cells: pd.DataFrame,
    k: int = DEFAULT_K,
    by: Sequence[str] = (),
    count_column: str = "n",
    missing_column: str | None = "n_missing",
) -> pd.Series:
    """Whether each withheld cell's pool (its rows sharing ``by``) is large enough to
    count again: together not too small in the sense of :func:`withheld_cells` (a
    bool Series on ``cells``' index).

    Used for the aimag-level rows only (see the module note): a pool of withheld
    ``all`` cells that reaches ``k`` counts in that aimag row, a smaller pool counts
    nowhere. Unknown columns raise ``DomainError("columns_missing")``.
    """
    _check_k(k)
    by = list(by)
    needed = [*by, count_column, *([missing_column] if missing_column else [])]
    missing = [c for c in needed if c not in cells.columns]
    if missing:
        raise DomainError("columns_missing", None, columns=missing)
    if cells.empty:
        return pd.Series(False, index=cells.index, dtype=bool)
    n = pd.to_numeric(cells[count_column], errors="coerce").fillna(0)
    people = n + (
        pd.to_numeric(cells[missing_column], errors="coerce").fillna(0) if missing_column else 0
    )
    if by:
        groups = [cells[c] for c in by]
        n = n.groupby(groups, dropna=False, sort=False).transform("sum")
        people = people.groupby(groups, dropna=False, sort=False).transform("sum")
    else:
        n = pd.Series(n.sum(), index=cells.index)
        people = pd.Series(people.sum(), index=cells.index)
    enough = ~_too_few(n.to_numpy(), people.to_numpy(), k)
    return pd.Series(enough, index=cells.index, dtype=bool)


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


# --------------------------------------------------------------------------- applying the decision


def subtract_withheld(
    summary: pd.DataFrame,
    distribution: pd.DataFrame,
    withheld: pd.DataFrame,
    withheld_points: pd.DataFrame,
    by: Sequence[str],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Summed frames without the cells :func:`withheld_cells` withholds.

    ``summary`` (``by``, ``indicator_id``, ``scale_code``, ``source``, ``n``,
    ``n_missing``, ``total``, ``total_squares``) and ``distribution`` (the same keys,
    ``point`` and ``count``) are sums over cells, as SQL returns them; ``withheld`` and
    ``withheld_points`` are the withheld cells with the same columns, unsummed. Their
    measures are subtracted grouping by grouping. A grouping that loses every answer
    keeps a row of zeros, so it is listed (and hidden) rather than missing; a point
    whose count falls to zero is dropped.
    """
    if withheld.empty:
        return summary, distribution
    keys = [*by, "indicator_id", "scale_code", "source"]
    measures = ["n", "n_missing", "total", "total_squares"]
    summary = summary.copy()
    for m in measures:
        summary[m] = pd.to_numeric(summary[m])
    taken = withheld.groupby(keys, dropna=False)[measures].sum().reset_index()
    merged = summary.merge(taken, on=keys, how="left", suffixes=("", "_withheld"))
    for m in measures:
        merged[m] = merged[m] - merged[f"{m}_withheld"].fillna(0)
    summary = merged[summary.columns]
    if len(withheld_points):
        distribution = distribution.copy()
        distribution["count"] = pd.to_numeric(distribution["count"])
        point_keys = [*keys, "point"]
        taken = withheld_points.groupby(point_keys, dropna=False)["count"].sum().reset_index()
        merged = distribution.merge(taken, on=point_keys, how="left", suffixes=("", "_withheld"))
        merged["count"] = merged["count"] - merged["count_withheld"].fillna(0)
        distribution = merged.loc[merged["count"] > 0, distribution.columns]
    return summary.reset_index(drop=True), distribution.reset_index(drop=True)


def withhold_round_cells(
    summary: pd.DataFrame, distribution: pd.DataFrame, k: int = DEFAULT_K
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One round's marginal cells (:func:`scorecards.summaries.marginal_cells`) with
    the withheld ones emptied: :func:`withheld_cells` decides per breakdown, each
    cell's parent being its round indicator × side × source (no aimag pooling: this
    is for rounds read before they are published). A withheld cell keeps a row of
    zeros (``n``, ``n_missing``, ``total``, ``total_squares``) and loses its
    distribution rows."""
    if summary.empty:
        return summary, distribution
    summary = summary.copy()
    parent = ["round_indicator_id", "side", "source"]
    flags = pd.Series(False, index=summary.index, dtype=bool)
    for _breakdown, part in summary.groupby("breakdown", sort=False):
        flags[part.index] = withheld_cells(part, k, parent, "category", "n")
    for column in ("n", "n_missing", "total", "total_squares"):
        summary[column] = summary[column].where(~flags, 0)
    atom = [*parent, "breakdown", "category"]
    gone = summary.loc[flags, atom].drop_duplicates().assign(_gone=True)
    if len(gone) and len(distribution):
        marked = distribution.merge(gone, on=atom, how="left")
        distribution = marked[marked["_gone"].isna()].drop(columns="_gone")
    return summary, distribution.reset_index(drop=True)
