"""The joint action plan: actions tied to an indicator or an input gap, with dated updates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.models import Action, ActionUpdate, InputItem, Round, RoundIndicator
from app.services.audit import record
from app.services.rounds import ensure_editable
from scorecards.actions import check_status_change, is_overdue
from scorecards.errors import DomainError
from scorecards.vocab import ActionStatus, Responsible


def subjects(round_: Round) -> list[tuple[str, RoundIndicator | InputItem]]:
    """What an action may answer: ``("ri-<id>", indicator)`` or ``("in-<id>", input item)``."""
    return [(f"ri-{ri.id}", ri) for ri in round_.indicators] + [
        (f"in-{item.id}", item) for item in round_.input_items
    ]


def _subject(round_: Round, key: str):
    for candidate, subject in subjects(round_):
        if candidate == key:
            return subject
    raise DomainError("subject_unknown", "subject")


@dataclass(frozen=True)
class ActionInput:
    subject: str
    description: str
    responsible: str
    responsible_detail: str = ""
    due_date: date | None = None
    resources: str = ""


def add_action(round_: Round, values: ActionInput) -> Action:
    ensure_editable(round_)
    subject = _subject(round_, values.subject)
    action = Action(
        round_id=round_.id,
        round_indicator=subject if isinstance(subject, RoundIndicator) else None,
        input_item=subject if isinstance(subject, InputItem) else None,
        description=values.description.strip(),
        responsible=Responsible(values.responsible),
        responsible_detail=values.responsible_detail.strip(),
        due_date=values.due_date,
        resources=values.resources.strip(),
        status=ActionStatus.PLANNED,
    )
    db.session.add(action)
    db.session.flush()
    record(
        "action.create",
        "action",
        action.id,
        after={"round": round_.id, "description": action.description},
    )
    return action


def add_update(action: Action, on_date: date, status: str, note: str, user_id: int | None):
    """A dated progress note, possibly moving the status (only along the allowed moves).

    Done sets the completion date to the update's date; reopening clears it.
    """
    ensure_editable(action.round)
    check_status_change(action.status, status)
    before = action.status
    action.status = ActionStatus(status)
    if action.status is ActionStatus.DONE and before != ActionStatus.DONE:
        action.completed_on = on_date
    elif action.status is not ActionStatus.DONE:
        action.completed_on = None
    update = ActionUpdate(
        action_id=action.id,
        on_date=on_date,
        status=action.status,
        note=(note or "").strip(),
        author_id=user_id,
    )
    db.session.add(update)
    db.session.flush()
    record(
        "action.update",
        "action",
        action.id,
        {"status": before},
        {"status": str(action.status), "note": update.note},
    )
    return update


def actions_of(round_: Round) -> list[Action]:
    return list(
        db.session.scalars(select(Action).where(Action.round_id == round_.id).order_by(Action.id))
    )


def overdue_ids(actions: list[Action], today: date) -> set[int]:
    return {a.id for a in actions if is_overdue(a.status, a.due_date, today)}
