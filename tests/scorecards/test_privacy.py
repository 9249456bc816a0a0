"""k-suppression of small groups."""

import math

import pandas as pd
import pytest

from scorecards.errors import DomainError
from scorecards.privacy import suppress


@pytest.mark.parametrize("k", [0, -1, 2.5, True])
def test_k_must_be_a_positive_integer(k):
    with pytest.raises(DomainError) as error:
        suppress(figures(), k)
    assert error.value.code == "k_invalid"


def figures():
    return pd.DataFrame({
        "area": ["A", "B", "C"],
        "n": [4, 5, 12],  # k - 1, k, more
        "mean": [3.0, 4.0, 2.5],
        "mean_100": [50.0, 75.0, 37.5],
        "ci_low_100": [10.0, 40.0, 30.0],
        "positive": [2, 3, 4],
        "scale_code": ["faces5", "faces5", "faces5"],
    })


def test_suppress_hides_groups_below_k_only():
    frame = figures()
    result = suppress(frame, k=5)
    assert result["suppressed"].tolist() == [True, False, False]
    for column in ("mean", "mean_100", "ci_low_100", "positive"):
        assert math.isnan(result[column][0]), column
    assert result["mean_100"].tolist()[1:] == [75.0, 37.5]
    assert result["n"].tolist() == [4, 5, 12]  # the count stays visible
    assert result["scale_code"][0] == "faces5"  # not a figure
    assert frame["mean"][0] == 3.0  # the input is not changed


def test_suppress_named_columns_and_earlier_flags_kept():
    frame = figures()
    frame["suppressed"] = [False, False, True]
    frame["label"] = ["x", "y", "z"]
    result = suppress(frame, k=5, value_columns=["mean", "label"])
    assert result["suppressed"].tolist() == [True, False, True]
    assert result["label"].tolist() == [None, "y", "z"]
    assert result["mean_100"][0] == 50.0  # not named, not hidden


def test_suppress_distribution_rows_by_group_n():
    distribution = pd.DataFrame({
        "point": [1, 2, 1, 2], "count": [3, 1, 4, 2], "n": [4, 4, 6, 6],
        "share": [0.75, 0.25, 4 / 6, 2 / 6],
    })
    result = suppress(distribution, k=5, value_columns=("count", "share"))
    assert result["count"].isna().tolist() == [True, True, False, False]
    assert result["share"].isna().tolist() == [True, True, False, False]


def test_unknown_columns_raise():
    with pytest.raises(DomainError) as error:
        suppress(figures(), value_columns=["nope"])
    assert error.value.code == "columns_missing"


def test_withheld_cells_are_subtracted_and_a_grouping_that_loses_all_keeps_zeros():
    from scorecards.privacy import subtract_withheld

    keys = {"indicator_id": [1, 1], "scale_code": ["faces5"] * 2, "source": ["individual"] * 2}
    summary = pd.DataFrame(
        {"area": [1, 2], **keys, "n": [9, 3], "n_missing": [1, 0],
         "total": [30.0, 9.0], "total_squares": [110.0, 27.0]}
    )
    points = pd.DataFrame(
        {"area": [1, 1, 2], "indicator_id": [1] * 3, "scale_code": ["faces5"] * 3,
         "source": ["individual"] * 3, "point": [3, 4, 3], "count": [3, 6, 3]}
    )
    withheld = summary.iloc[[1]].assign(n=[3])
    withheld_points = points.iloc[[2]]
    kept, kept_points = subtract_withheld(summary, points, withheld, withheld_points, ["area"])
    assert kept["n"].tolist() == [9, 0] and kept["total"].tolist() == [30.0, 0.0]
    assert kept_points["area"].tolist() == [1, 1]  # area 2's only point is gone


def test_an_unpublished_rounds_small_categories_are_emptied():
    from scorecards.privacy import withhold_round_cells

    base = {"round_indicator_id": 1, "side": "community", "source": "individual"}
    rows = [
        {**base, "breakdown": "all", "category": "all", "n": 12},
        {**base, "breakdown": "gender", "category": "female", "n": 9},
        {**base, "breakdown": "gender", "category": "male", "n": 2},
        {**base, "breakdown": "gender", "category": "other", "n": 1},
    ]
    summary = pd.DataFrame(rows).assign(n_missing=0, total=lambda f: f["n"] * 3.0,
                                        total_squares=lambda f: f["n"] * 9.0)
    points = summary[["round_indicator_id", "side", "source", "breakdown", "category", "n"]]
    points = points.rename(columns={"n": "count"}).assign(point=3)
    cells, kept_points = withhold_round_cells(summary, points, 5)
    by_category = dict(zip(cells["category"], cells["n"], strict=True))
    # male (2) and other (1) hold 3 < 5 together, so female is withheld as well
    assert by_category == {"all": 12, "female": 0, "male": 0, "other": 0}
    assert kept_points["category"].tolist() == ["all"]
