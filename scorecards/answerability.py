"""How officials answer the actions of published joint action plans: the public
answerability figures of an aimag, of the whole country and of each office.

The figures of a set of actions (:func:`figures`):

* **agreed** — actions of the set (an action carried across follow-up rounds is one);
* **answered** — those with at least one official's answer;
* **answered_on_time** — answered on or before the action's due date, the date the
  joint action plan committed to (the first answer's day compared with the due day;
  an action without a due date has no date to meet and is never counted here);
* **median_days** — days from the day the action was agreed to the day of its first
  answer, over the answered actions: the middle value of the sorted days, and for an
  even count the mean of the two middle values rounded half up to a whole day
  (:func:`median_days`); an answer given before the action's agreed day counts 0;
  ``None`` when nothing is answered;
* **overdue** — open actions (planned or in progress) whose due date is before today
  (:func:`scorecards.actions.is_overdue`), answered or not.

Per office (:func:`by_office`) an action belongs to the office of its first answer
(so the offices' ``answered`` add up to the set's); an office's ``agreed`` equals its
``answered``. Office names are compared without case and with runs of spaces made one;
the first spelling met is the one shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from scorecards.actions import is_overdue
from scorecards.aggregation import round_half_up


@dataclass(frozen=True)
class ActionAnswers:
    """One public action as the figures need it: when it was agreed, its due date and
    status now, and its first official answer (day and office), if any."""

    agreed_on: dt.date
    due_date: dt.date | None
    status: str
    first_answer_on: dt.date | None = None
    office: str | None = None


@dataclass(frozen=True)
class Answerability:
    """The figures of one set of actions (see the module's docstring)."""

    agreed: int
    answered: int
    answered_on_time: int
    median_days: int | None
    overdue: int

    def as_dict(self) -> dict:
        return asdict(self)


def median_days(days: Sequence[int]) -> int | None:
    """The median of whole days: the middle value of the sorted days, for an even count
    the mean of the two middle values rounded half up to a whole day (2 and 3 → 3);
    ``None`` for no days."""
    if not days:
        return None
    ordered = sorted(days)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return int(round_half_up((ordered[middle - 1] + ordered[middle]) / 2, 0))


def days_to_answer(action: ActionAnswers) -> int | None:
    """Whole days from the action's agreed day to its first answer's day (0 when it was
    answered the same day or earlier); ``None`` when unanswered."""
    if action.first_answer_on is None:
        return None
    return max((action.first_answer_on - action.agreed_on).days, 0)


def answered_on_time(action: ActionAnswers) -> bool:
    """Answered on or before its due date (never for an action without a due date)."""
    return (
        action.first_answer_on is not None
        and action.due_date is not None
        and action.first_answer_on <= action.due_date
    )


def figures(actions: Iterable[ActionAnswers], today: dt.date) -> Answerability:
    """The answerability figures of ``actions`` on ``today`` (module docstring)."""
    items = list(actions)
    days = [d for d in (days_to_answer(a) for a in items) if d is not None]
    return Answerability(
        agreed=len(items),
        answered=len(days),
        answered_on_time=sum(answered_on_time(a) for a in items),
        median_days=median_days(days),
        overdue=sum(is_overdue(a.status, a.due_date, today) for a in items),
    )


def office_key(office: str) -> str:
    """How two spellings of one office are recognised: case and spacing ignored."""
    return " ".join(office.split()).casefold()


def by_office(actions: Iterable[ActionAnswers], today: dt.date) -> list[tuple[str, Answerability]]:
    """Figures per office of the first answer, answered actions only; sorted by the
    number answered (most first), then by name."""
    groups: dict[str, list[ActionAnswers]] = {}
    names: dict[str, str] = {}
    for action in actions:
        if action.first_answer_on is None or not (action.office or "").strip():
            continue
        key = office_key(action.office or "")
        names.setdefault(key, " ".join((action.office or "").split()))
        groups.setdefault(key, []).append(action)
    rows = [(names[key], figures(items, today)) for key, items in groups.items()]
    rows.sort(key=lambda row: (-row[1].answered, row[0].casefold()))
    return rows
