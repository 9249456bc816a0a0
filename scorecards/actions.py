"""Joint action plan items: status moves, overdue rule and carry-over to the next round.

Status moves (``check_status_change``)::

    planned      -> in_progress, done, dropped
    in_progress  -> done, dropped, planned
    done         -> in_progress          (reopen)
    dropped      -> planned              (revive)

Keeping the same status is always allowed (a save that edits other fields).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol, TypeVar

from scorecards.errors import DomainError
from scorecards.vocab import ActionStatus

OPEN_STATUSES = frozenset({ActionStatus.PLANNED, ActionStatus.IN_PROGRESS})

ALLOWED_MOVES: dict[ActionStatus, tuple[ActionStatus, ...]] = {
    ActionStatus.PLANNED: (ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.DROPPED),
    ActionStatus.IN_PROGRESS: (ActionStatus.DONE, ActionStatus.DROPPED, ActionStatus.PLANNED),
    ActionStatus.DONE: (ActionStatus.IN_PROGRESS,),
    ActionStatus.DROPPED: (ActionStatus.PLANNED,),
}


def _status(value: ActionStatus | str) -> ActionStatus:
    try:
        return ActionStatus(value)
    except ValueError:
        raise DomainError("status_unknown", "status", status=value) from None


def _day(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def is_open(status: ActionStatus | str) -> bool:
    return _status(status) in OPEN_STATUSES


def is_overdue(status: ActionStatus | str, due_date: dt.date | None, today: dt.date) -> bool:
    """An open action (planned or in progress) whose due date is before ``today``.

    Due today is not overdue; no due date is never overdue; done and dropped actions are
    never overdue. Datetimes are compared by their date.
    """
    if due_date is None or not is_open(status):
        return False
    return _day(due_date) < _day(today)


def allowed_status_targets(old: ActionStatus | str) -> tuple[ActionStatus, ...]:
    """Statuses an action in ``old`` may move to (besides staying where it is)."""
    return ALLOWED_MOVES[_status(old)]


def check_status_change(old: ActionStatus | str, new: ActionStatus | str) -> None:
    """Raise ``DomainError('status_change_not_allowed', 'status', old=…, new=…)`` unless the
    move is in the table above; ``status_unknown`` for a status that does not exist."""
    before, after = _status(old), _status(new)
    if before is after:
        return
    if after not in ALLOWED_MOVES[before]:
        raise DomainError("status_change_not_allowed", "status", old=before, new=after)


class HasStatus(Protocol):
    @property
    def status(self) -> ActionStatus | str: ...


A = TypeVar("A", bound=HasStatus)


def carry_over(actions: Iterable[A]) -> list[A]:
    """The actions that carry into the follow-up round: the open ones, in the given order.

    Done and dropped actions stay with the round that closed them. The web layer links
    each carried action to its original (and keeps its status and due date).
    """
    return [action for action in actions if is_open(action.status)]
