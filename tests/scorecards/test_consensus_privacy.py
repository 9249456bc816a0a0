"""The consensus privacy rule: a group's score is public when its recorded size reaches k."""

import math

import pandas as pd
import pytest

from scorecards.errors import DomainError
from scorecards.privacy import (
    CONSENSUS_GROUP_BELOW_K,
    CONSENSUS_SHOWN,
    CONSENSUS_SIZE_NOT_RECORDED,
    consensus_groups_hidden,
    consensus_status,
    consensus_statuses,
)

SHOWN, UNKNOWN, SMALL = CONSENSUS_SHOWN, CONSENSUS_SIZE_NOT_RECORDED, CONSENSUS_GROUP_BELOW_K


@pytest.mark.parametrize(
    ("people", "k", "expected"),
    [
        (5, 5, SHOWN),  # exactly k participants recorded: published
        (4, 5, SMALL),  # k - 1: not published
        (12, 5, SHOWN),
        (1, 5, SMALL),
        (0, 5, UNKNOWN),  # nobody counted: the size was not recorded
        (None, 5, UNKNOWN),
        (float("nan"), 5, UNKNOWN),
        (-3, 5, UNKNOWN),  # nonsense is treated as not recorded, never as shown
        (1, 1, SHOWN),  # k = 1 publishes every group with a recorded size
        (9, 10, SMALL),
        (10.0, 10, SHOWN),
    ],
)
def test_consensus_status(people, k, expected):
    assert consensus_status(people, k) == expected


def test_statuses_of_a_column_match_the_scalar_rule():
    people = pd.Series([5, 4, None, 0, 30, float("nan")])
    assert list(consensus_statuses(people, 5)) == [
        consensus_status(None if isinstance(p, float) and math.isnan(p) else p, 5)
        for p in people
    ]


@pytest.mark.parametrize("k", [0, -1, 2.5, True])
def test_k_must_be_a_positive_integer(k):
    with pytest.raises(DomainError) as error:
        consensus_status(10, k)
    assert error.value.code == "k_invalid"


def test_hidden_groups_are_counted_per_grouping_and_reason():
    groups = pd.DataFrame(
        {
            "side": ["community", "community", "community", "community", "provider"],
            "people": [6, 5, 3, None, 4],
            "groups": [1, 2, 1, 3, 1],
        }
    )
    frame = consensus_groups_hidden(groups, ["side"], k=5).set_index("side")
    # community: sizes 6 (1 group) and 5 (2 groups) are shown -> 1 + 2 = 3;
    # size 3 is below k -> 1; 3 groups have no recorded size.
    assert frame.loc["community"].to_dict() == {
        "groups_shown": 3,
        "groups_below_k": 1,
        "groups_size_not_recorded": 3,
    }
    # provider: one group of 4 < 5.
    assert frame.loc["provider", "groups_below_k"] == 1
    assert frame.loc["provider", "groups_shown"] == 0


def test_hidden_groups_without_grouping_is_one_row():
    groups = pd.DataFrame({"people": [5, None, 2], "groups": [4, 1, 2]})
    # shown 4, not recorded 1, below k 2
    assert consensus_groups_hidden(groups, (), k=5).iloc[0].to_dict() == {
        "groups_shown": 4,
        "groups_size_not_recorded": 1,
        "groups_below_k": 2,
    }


def test_hidden_groups_needs_its_columns():
    with pytest.raises(DomainError) as error:
        consensus_groups_hidden(pd.DataFrame({"people": [5]}), (), k=5)
    assert error.value.code == "columns_missing"
