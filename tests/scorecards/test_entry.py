"""Paper entry: the tally grid and consensus scores."""

from __future__ import annotations

import pytest

from scorecards.entry import TOTAL, point_keys, validate_consensus, validate_tally_grid
from scorecards.errors import DomainError
from scorecards.scales import FACES_1_5, TRAFFIC_LIGHT, ZERO_TEN
from scorecards.vocab import MissingReason


def test_point_keys():
    assert point_keys(FACES_1_5) == ["1", "2", "3", "4", "5", "na"]
    assert point_keys(TRAFFIC_LIGHT) == ["1", "2", "3", "na"]
    assert len(point_keys(ZERO_TEN)) == 12


def test_grid_parses_and_fills_blanks():
    cells = {(7, "1"): "2", (7, "4"): " 3 ", (7, "na"): "1", (8, "5"): "", (8, "2"): "4.0"}
    grid = validate_tally_grid(cells, FACES_1_5, expected_size=6)
    assert grid.ok
    assert grid.counts == {
        7: {"1": 2, "2": 0, "3": 0, "4": 3, "5": 0, "na": 1},
        8: {"1": 0, "2": 4, "3": 0, "4": 0, "5": 0, "na": 0},
    }
    assert grid.total(7) == 6 and grid.total(9) == 0


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1.5", "count_not_integer"),
        ("two", "count_not_integer"),
        ("=1+1", "count_not_integer"),
        ("-1", "count_negative"),
        ("-1.0", "count_negative"),
        ("100001", "count_too_large"),
    ],
)
def test_grid_cell_problems(text, code):
    grid = validate_tally_grid({(7, "3"): text, (7, "4"): "2"}, FACES_1_5)
    assert grid.problems == {(7, "3"): code}
    assert grid.counts[7]["4"] == 2


@pytest.mark.parametrize("text", ["0", "-0", "+3", "3,0", ""])
def test_grid_accepts(text):
    assert validate_tally_grid({(1, "2"): text}, FACES_1_5).ok


def test_grid_unknown_point():
    grid = validate_tally_grid({(7, "6"): "1", (7, "1"): "1"}, FACES_1_5)
    assert grid.problems == {(7, "6"): "unknown_point"}


@pytest.mark.parametrize(
    ("size", "problems"),
    [
        (None, {}),
        (10, {}),
        (9, {(7, TOTAL): "count_exceeds_group"}),
    ],
)
def test_grid_total_over_group_size(size, problems):
    cells = {(7, "1"): "5", (7, "na"): "5", (8, "2"): "1"}
    assert validate_tally_grid(cells, FACES_1_5, expected_size=size).problems == problems


def test_grid_total_not_checked_when_a_cell_is_wrong():
    cells = {(7, "1"): "50", (7, "2"): "x"}
    grid = validate_tally_grid(cells, FACES_1_5, expected_size=3)
    assert grid.problems == {(7, "2"): "count_not_integer"}


@pytest.mark.parametrize(
    ("value", "reason", "expected"),
    [
        ("4", " Багш хүрэлцдэггүй ", (4.0, None, "Багш хүрэлцдэггүй")),
        ("1", None, (1.0, None, "")),
        ("ХХ", "", (None, MissingReason.NOT_APPLICABLE, "")),
        ("мэдэхгүй", "", (None, MissingReason.DONT_KNOW, "")),
        ("2", "-тэгш бус", (2.0, None, "-тэгш бус")),  # exports neutralise reasons
    ],
)
def test_consensus(value, reason, expected):
    result = validate_consensus(value, reason, FACES_1_5)
    assert (result.value, result.missing_reason, result.reason) == expected


@pytest.mark.parametrize(
    ("value", "reason", "scale", "require", "code", "field"),
    [
        ("", "x", FACES_1_5, False, "value_required", "value"),
        (None, "x", FACES_1_5, False, "value_required", "value"),
        ("=5", "x", FACES_1_5, False, "formula_cell", "value"),
        ("six", "x", FACES_1_5, False, "value_not_number", "value"),
        ("4.5", "x", FACES_1_5, False, "value_not_on_step", "value"),
        ("6", "x", FACES_1_5, False, "value_out_of_range", "value"),
        ("11", "x", ZERO_TEN, False, "value_out_of_range", "value"),
        ("4", "  ", FACES_1_5, True, "reason_required", "reason"),
        ("4", "ү" * 2001, FACES_1_5, False, "reason_too_long", "reason"),
    ],
)
def test_consensus_refuses(value, reason, scale, require, code, field):
    with pytest.raises(DomainError) as caught:
        validate_consensus(value, reason, scale, require_reason=require)
    assert (caught.value.code, caught.value.field) == (code, field)


def test_consensus_zero_on_zero_ten_is_a_value_not_missing():
    assert validate_consensus("0", "", ZERO_TEN).value == 0.0
