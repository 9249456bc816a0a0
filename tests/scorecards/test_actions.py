"""Action plan: status moves, overdue rule, carry-over."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from scorecards.actions import (
    allowed_status_targets,
    carry_over,
    check_status_change,
    is_overdue,
)
from scorecards.errors import DomainError
from scorecards.vocab import ActionStatus as S

TODAY = dt.date(2026, 5, 10)

ALLOWED = {
    (S.PLANNED, S.IN_PROGRESS),
    (S.PLANNED, S.DONE),
    (S.PLANNED, S.DROPPED),
    (S.IN_PROGRESS, S.DONE),
    (S.IN_PROGRESS, S.DROPPED),
    (S.IN_PROGRESS, S.PLANNED),
    (S.DONE, S.IN_PROGRESS),
    (S.DROPPED, S.PLANNED),
}


@pytest.mark.parametrize("old", list(S))
@pytest.mark.parametrize("new", list(S))
def test_status_moves(old, new):
    if old == new or (old, new) in ALLOWED:
        check_status_change(old, new)
        check_status_change(old.value, new.value)  # plain strings from a form
    else:
        with pytest.raises(DomainError) as caught:
            check_status_change(old, new)
        assert caught.value.code == "status_change_not_allowed"
        assert caught.value.params == {"old": old, "new": new}


def test_allowed_targets_match_the_table():
    for old in S:
        assert {(old, new) for new in allowed_status_targets(old)} == {
            move for move in ALLOWED if move[0] == old
        }


def test_unknown_status():
    with pytest.raises(DomainError) as caught:
        check_status_change("planned", "finished")
    assert caught.value.code == "status_unknown"


@pytest.mark.parametrize(
    ("status", "due", "expected"),
    [
        (S.PLANNED, dt.date(2026, 5, 9), True),
        (S.IN_PROGRESS, dt.date(2026, 1, 1), True),
        (S.PLANNED, TODAY, False),  # due today is not overdue yet
        (S.PLANNED, dt.date(2026, 5, 11), False),
        (S.PLANNED, None, False),
        (S.DONE, dt.date(2026, 1, 1), False),
        (S.DROPPED, dt.date(2026, 1, 1), False),
        ("in_progress", dt.date(2026, 5, 9), True),
        (S.PLANNED, dt.datetime(2026, 5, 10, 23, 59), False),
        (S.PLANNED, dt.datetime(2026, 5, 9, 23, 59), True),
    ],
)
def test_is_overdue(status, due, expected):
    assert is_overdue(status, due, TODAY) is expected


@dataclass(frozen=True)
class Action:
    id: int
    status: str


def test_carry_over_keeps_open_actions_in_order():
    actions = [
        Action(1, "done"),
        Action(2, "in_progress"),
        Action(3, "dropped"),
        Action(4, "planned"),
        Action(5, S.IN_PROGRESS),
    ]
    assert [a.id for a in carry_over(actions)] == [2, 4, 5]
    assert carry_over([]) == []
