"""Pre-aggregation into summable summary and distribution rows."""


import numpy as np
import pandas as pd
import pytest

from scorecards.errors import DomainError
from scorecards.summaries import (
    DISTRIBUTION_COLUMNS,
    SUMMARY_COLUMNS,
    SUMMARY_KEYS,
    summarise_scores,
    summarise_tallies,
)

SCALES = {10: "faces5", 11: "zero10"}


def raw(rows):
    columns = [
        "round_indicator_id", "indicator_id", "side", "group_kind",
        "gender", "age_band", "disability", "value",
    ]
    return pd.DataFrame(rows, columns=columns)


def test_golden_cell_with_missing_value():
    # values 3, 4 and one missing on 1-5 faces, same cell:
    # n = 2, n_missing = 1, respondents = 3, total = 3 + 4 = 7, squares = 9 + 16 = 25
    frame = raw([
        (1, 10, "community", "women", "female", "18_34", "no", 3),
        (1, 10, "community", "women", "female", "18_34", "no", 4),
        (1, 10, "community", "women", "female", "18_34", "no", None),
    ])
    summary, distribution = summarise_scores(frame, SCALES)
    assert list(summary.columns) == list(SUMMARY_COLUMNS)
    assert list(distribution.columns) == list(DISTRIBUTION_COLUMNS)
    row = summary.iloc[0]
    assert (row.n, row.n_missing, row.respondents) == (2, 1, 3)
    assert (row.total, row.total_squares) == (7.0, 25.0)
    assert (row.source, row.scale_code) == ("individual", "faces5")
    assert distribution[["point", "count"]].values.tolist() == [[3, 1], [4, 1]]


def test_missing_keys_become_undisclosed_and_none():
    frame = raw([
        (1, 10, "community", None, None, np.nan, None, 5),
        (1, 10, "community", np.nan, "", None, np.nan, 4),
    ])
    summary, _ = summarise_scores(frame, SCALES)
    assert len(summary) == 1  # both rows land in the same cell
    row = summary.iloc[0]
    assert row.group_kind == "none"
    assert (row.gender, row.age_band, row.disability) == ("undisclosed",) * 3
    assert row.n == 2


def test_all_missing_cell_has_no_distribution_rows():
    frame = raw([(1, 11, "provider", "providers", "male", "35_59", "no", None)])
    summary, distribution = summarise_scores(frame, SCALES)
    assert summary.iloc[0][["n", "n_missing", "total"]].tolist() == [0, 1, 0.0]
    assert distribution.empty


@pytest.mark.parametrize(
    ("indicator", "value", "code"),
    [
        (10, 6, "value_out_of_range"),
        (10, 0, "value_out_of_range"),
        (11, 11, "value_out_of_range"),
        (10, 3.5, "value_not_on_step"),
        (10, "x", "value_not_number"),
        (99, 3, "scale_unknown"),
    ],
)
def test_bad_values_raise(indicator, value, code):
    frame = raw([(1, indicator, "community", "women", "female", "18_34", "no", value)])
    with pytest.raises(DomainError) as error:
        summarise_scores(frame, SCALES)
    assert error.value.code == code


def test_missing_side_is_refused():
    frame = raw([(1, 10, None, "women", "female", "18_34", "no", 3)])
    with pytest.raises(DomainError) as error:
        summarise_scores(frame, SCALES)
    assert (error.value.code, error.value.field) == ("key_missing", "side")


def test_summaries_of_parts_sum_to_summary_of_whole():
    rng = np.random.default_rng(7)
    size = 200
    values = rng.integers(1, 6, size).astype(float)
    values[rng.random(size) < 0.1] = np.nan
    frame = pd.DataFrame({
        "round_indicator_id": rng.integers(1, 4, size),
        "indicator_id": 10,
        "side": "community",
        "group_kind": rng.choice(["women", "men"], size),
        "gender": rng.choice(["female", "male", None], size),
        "age_band": "18_34",
        "disability": "no",
        "value": values,
    })
    whole, whole_dist = summarise_scores(frame, SCALES)
    first, first_dist = summarise_scores(frame.iloc[:90], SCALES)
    second, second_dist = summarise_scores(frame.iloc[90:], SCALES)
    keys = list(SUMMARY_KEYS)
    summed = (
        pd.concat([first, second]).groupby(keys)[["n", "n_missing", "respondents", "total",
                                                  "total_squares"]].sum().reset_index()
    )
    pd.testing.assert_frame_equal(summed, whole, check_dtype=False)
    summed_dist = pd.concat([first_dist, second_dist]).groupby([*keys, "point"])["count"].sum()
    assert summed_dist.reset_index()["count"].tolist() == whole_dist["count"].tolist()
    assert whole["n"].sum() == frame["value"].notna().sum()
    assert whole_dist["count"].sum() == frame["value"].notna().sum()


def tallies(rows):
    columns = ["round_indicator_id", "indicator_id", "side", "group_kind", "value", "count"]
    return pd.DataFrame(rows, columns=columns)


def test_tallies_golden():
    # 3 people chose 5, 2 marked "don't know", 0 chose 1:
    # n = 3, n_missing = 2, total = 5 * 3 = 15, squares = 25 * 3 = 75
    frame = tallies([
        (1, 10, "community", "men", 5, 3),
        (1, 10, "community", "men", None, 2),
        (1, 10, "community", "men", 1, 0),
    ])
    summary, distribution = summarise_tallies(frame, SCALES)
    row = summary.iloc[0]
    assert (row.n, row.n_missing, row.respondents, row.total, row.total_squares) == (
        3, 2, 5, 15.0, 75.0
    )
    assert row.source == "tally"
    assert (row.gender, row.age_band, row.disability) == ("undisclosed",) * 3
    assert distribution[["point", "count"]].values.tolist() == [[5, 3]]


@pytest.mark.parametrize("count", [-1, 1.5, None])
def test_tally_counts_must_be_whole_and_not_negative(count):
    frame = tallies([(1, 10, "community", "men", 5, count)])
    with pytest.raises(DomainError) as error:
        summarise_tallies(frame, SCALES)
    assert error.value.code == "tally_count_invalid"


def test_marginal_cells_add_up_to_their_all_row():
    from scorecards.summaries import BREAKDOWNS, marginal_cells

    summary, distribution = summarise_scores(
        raw([
            (1, 10, "community", "women", "female", "18_34", "no", 4),
            (1, 10, "community", "women", "female", "35_59", "no", 5),
            (1, 10, "community", "men", "male", "18_34", "no", 2),
        ]),
        SCALES,
    )
    cells, points = marginal_cells(summary, distribution)
    assert set(cells["breakdown"]) == set(BREAKDOWNS)
    gender = cells[cells["breakdown"] == "gender"].set_index("category")
    assert gender.loc["female", "n"] == 2 and gender.loc["male", "n"] == 1
    everyone = cells[cells["breakdown"] == "all"]
    assert everyone["n"].tolist() == [3] and everyone["category"].tolist() == ["all"]
    assert everyone["total"].tolist() == [11.0]
    for breakdown in BREAKDOWNS:
        assert points.loc[points["breakdown"] == breakdown, "count"].sum() == 3
    empty_cells, empty_points = marginal_cells(summary.iloc[0:0], distribution.iloc[0:0])
    assert empty_cells.empty and "category" in empty_cells and "point" in empty_points
