"""What people are told about, and when: the kinds of notification and the reminder rules.

An official answers for the actions of their aimag's joint action plans. Three kinds of
notice concern an action:

* ``action_agreed`` — a new action of a joint action plan (not one carried over from an
  earlier round: that one was announced when it was first agreed);
* ``action_due_soon`` — an open action nobody has answered yet whose due date is
  within the next ``DUE_SOON_DAYS`` days (today included): the answer is expected by
  then (:mod:`scorecards.answerability` counts an answer on or before the due date as
  on time);
* ``action_overdue`` — an open action whose due date has passed
  (:func:`scorecards.actions.is_overdue`), answered or not.

Three concern a round: ``round_awaiting_review`` (for the coordinators who publish it),
``round_sent_back`` (for its facilitators, with the reviewer's comment) and
``round_published``.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from scorecards.actions import is_open, is_overdue


class NotificationKind(StrEnum):
    ACTION_AGREED = "action_agreed"
    ACTION_DUE_SOON = "action_due_soon"
    ACTION_OVERDUE = "action_overdue"
    ROUND_AWAITING_REVIEW = "round_awaiting_review"
    ROUND_SENT_BACK = "round_sent_back"
    ROUND_PUBLISHED = "round_published"


# Most urgent first: the order of a message's sections, and the one section an action
# listed under several kinds is shown in.
URGENCY: tuple[NotificationKind, ...] = (
    NotificationKind.ACTION_OVERDUE,
    NotificationKind.ACTION_DUE_SOON,
    NotificationKind.ACTION_AGREED,
    NotificationKind.ROUND_SENT_BACK,
    NotificationKind.ROUND_AWAITING_REVIEW,
    NotificationKind.ROUND_PUBLISHED,
)
ACTION_KINDS = frozenset(
    {
        NotificationKind.ACTION_AGREED,
        NotificationKind.ACTION_DUE_SOON,
        NotificationKind.ACTION_OVERDUE,
    }
)

DUE_SOON_DAYS = 14


def action_reminder(
    status: str,
    due_date: dt.date | None,
    answered: bool,
    today: dt.date,
    window_days: int = DUE_SOON_DAYS,
) -> NotificationKind | None:
    """The reminder an action calls for on ``today``, if any.

    ``action_overdue`` when the action is open and its due date is before today (due
    today is not overdue); ``action_due_soon`` when it is open, unanswered and due
    between today and today + ``window_days`` days, both ends included; otherwise
    ``None`` (done and dropped actions and actions without a due date are never
    reminded of).
    """
    if is_overdue(status, due_date, today):
        return NotificationKind.ACTION_OVERDUE
    if due_date is None or answered or not is_open(status):
        return None
    if today <= due_date <= today + dt.timedelta(days=window_days):
        return NotificationKind.ACTION_DUE_SOON
    return None


def most_urgent(kinds: set[str]) -> NotificationKind:
    """Of several kinds of notice about one subject, the one listed first in ``URGENCY``
    (an overdue action is shown as overdue, not also as newly agreed)."""
    return next(kind for kind in URGENCY if kind in kinds)
