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
