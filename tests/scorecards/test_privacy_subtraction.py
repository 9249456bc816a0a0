"""Which summary cells are withheld so that no subtraction finds a group below k."""

from __future__ import annotations

import pandas as pd
import pytest

from scorecards.errors import DomainError
from scorecards.privacy import pools_reaching_k, suppress, withheld_cells

# One parent cell (a round × indicator × side × source) split into categories:
# (categories as {name: (present answers, "don't know")}, k, withheld categories).
CASES = [
    # nothing small: nothing withheld
    ({"female": (6, 0), "male": (5, 0)}, 5, set()),
    # one man alone: 1 < 5 withheld; 1 < 5 still, so the next-smallest (women 9) too:
    # 10 − (nothing published) = 10 ≥ 5, and never the man alone
    ({"female": (9, 0), "male": (1, 0)}, 5, {"female", "male"}),
    # two small categories: 2 + 3 = 5 ≥ 5 together, the big one stays
    ({"female": (10, 0), "male": (2, 0), "other": (3, 0)}, 5, {"male", "other"}),
    # two small, 1 + 2 = 3 < 5: add the smallest big one (6, not 8): 3 + 6 = 9 ≥ 5
    ({"a": (8, 0), "b": (6, 0), "c": (1, 0), "d": (2, 0)}, 5, {"b", "c", "d"}),
    # tie between equally small big ones: the category sorting first goes
    ({"x": (7, 0), "w": (7, 0), "v": (1, 0)}, 5, {"v", "w"}),
    # parent below k (2 + 2 = 4 < 5): everything withheld
    ({"female": (2, 0), "male": (2, 0)}, 5, {"female", "male"}),
    # only "don't know" from 2 people: a fact about 2 people, withheld with a partner
    ({"yes": (0, 2), "no": (12, 0)}, 5, {"yes", "no"}),
    # only "don't know" from 6 people: no figure, a count of 6 ≥ 5: kept
    ({"yes": (0, 6), "no": (12, 0)}, 5, set()),
    # 3 answers + 4 "don't know" = 7 people, but a mean of 3 answers: withheld, and
    # 3 answers withheld < 5, so the next-smallest (6) joins: 3 + 6 = 9 answers
    ({"a": (3, 4), "b": (6, 0), "c": (9, 0)}, 5, {"a", "b"}),
    # k = 1: nothing is too small, not even "don't know" alone
    ({"yes": (0, 1), "no": (1, 0)}, 1, set()),
    # exactly k is shown, k − 1 is not
    ({"a": (5, 0), "b": (4, 0), "c": (20, 0)}, 5, {"b", "a"}),
]


def _cells(categories: dict[str, tuple[int, int]], parent: int = 1) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"round": parent, "category": name, "n": n, "n_missing": dont_know}
            for name, (n, dont_know) in categories.items()
        ]
    )


@pytest.mark.parametrize(("categories", "k", "expected"), CASES)
def test_withheld_categories(categories, k, expected):
    cells = _cells(categories)
    withheld = withheld_cells(cells, k, partition=["round"])
    assert set(cells.loc[withheld, "category"]) == expected
    # unless the whole parent is withheld (nothing of it is published), what is
    # withheld holds no answers or at least k, and at least k people
    rest = cells[withheld]
    if 0 < len(rest) < len(cells):
        assert rest["n"].sum() == 0 or rest["n"].sum() >= k
        assert (rest["n"] + rest["n_missing"]).sum() >= k


def test_parents_are_decided_apart_and_the_order_of_rows_does_not_matter():
    # parent 1: man alone (1) → women 9 too; parent 2: nothing small
    cells = pd.concat(
        [
            _cells({"female": (9, 0), "male": (1, 0)}, 1),
            _cells({"female": (6, 0), "male": (7, 0)}, 2),
        ]
    )
    shuffled = cells.sample(frac=1, random_state=3)
    for frame in (cells.reset_index(drop=True), shuffled):
        withheld = withheld_cells(frame, 5, partition=["round"])
        assert sorted(map(tuple, frame.loc[withheld, ["round", "category"]].to_numpy())) == [
            (1, "female"),
            (1, "male"),
        ]


def test_the_all_breakdown_is_one_row_per_parent():
    # 3 staff at one school, 7 at another: 3 < 5 withheld, 7 kept
    cells = pd.DataFrame(
        {"round": [1, 2], "category": ["all", "all"], "n": [3, 7], "n_missing": [0, 0]}
    )
    assert withheld_cells(cells, 5, partition=["round"]).tolist() == [True, False]


@pytest.mark.parametrize(
    ("sizes", "expected"),
    [
        # staff withheld school by school, pooled per aimag row: 3 + 4 = 7 ≥ 5 counts again
        ([("A", 3), ("A", 4)], [True, True]),
        # 3 alone in its row: 3 < 5 counts nowhere; row B 2 + 3 = 5 counts
        ([("A", 3), ("B", 2), ("B", 3)], [False, True, True]),
    ],
)
def test_pools_reaching_k(sizes, expected):
    cells = pd.DataFrame({"row": [r for r, _ in sizes], "n": [n for _, n in sizes], "n_missing": 0})
    assert pools_reaching_k(cells, 5, by=["row"]).tolist() == expected


def test_suppress_can_hide_the_counts_of_a_hidden_figure():
    frame = pd.DataFrame({"people": [4, 5], "n": [8, 10], "mean": [3.0, 4.0]})
    result = suppress(frame, 5, count_column="people", hidden_counts=("people", "n"))
    assert result["people"].isna().tolist() == [True, False]
    assert result["n"].isna().tolist() == [True, False]
    assert result["mean"].isna().tolist() == [True, False]


def test_bad_input_is_refused():
    with pytest.raises(DomainError) as error:
        withheld_cells(_cells({"a": (1, 0)}), 5, partition=["nope"])
    assert error.value.code == "columns_missing"
    with pytest.raises(DomainError) as error:
        withheld_cells(_cells({"a": (1, 0)}), 0)
    assert error.value.code == "k_invalid"
    assert withheld_cells(_cells({}).reindex(columns=["category", "n", "n_missing"]), 5).empty
