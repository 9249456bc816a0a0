"""The joint action plan: actions tied to an indicator or an input gap, with dated updates."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.models import Action, ActionUpdate, InputItem, Round, RoundIndicator
from app.models._types import utcnow
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


def _client_uuid(value: str | None) -> str | None:
    """A well-formed UUID from the form (canonical text), or ``None``; anything else is
    ignored rather than refused, as the id only guards against a repeated send."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return None


def add_update(
    action: Action,
    on_date: date,
    status: str,
    note: str,
    user_id: int | None,
    client_uuid: str | None = None,
):
    """A dated progress note, possibly moving the status (only along the allowed moves).

    Done sets the completion date to the update's date; reopening clears it. An update
    that neither says anything nor changes the status is refused (``update_empty``). A
    send carrying the ``client_uuid`` of an update already stored for this action returns
    that update and stores nothing (a retried send is stored once); the same id on another
    action is refused (``client_uuid_taken``).
    """
    ensure_editable(action.round)
    uid = _client_uuid(client_uuid)
    if uid is not None:
        stored = db.session.scalar(select(ActionUpdate).where(ActionUpdate.client_uuid == uid))
        if stored is not None:
            if stored.action_id != action.id:
                raise DomainError("client_uuid_taken", "client_uuid")
            return stored
    if action.withdrawn_at is not None:
        raise DomainError("action_withdrawn", "status")
    if not (note or "").strip() and str(status) == str(action.status):
        raise DomainError("update_empty", "note")
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
        client_uuid=uid,
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


def actions_of(round_: Round, withdrawn: bool = False) -> list[Action]:
    """The round's actions in the order they were agreed; withdrawn ones only when
    ``withdrawn`` is true (then only those), for the staff page that lists them apart."""
    condition = Action.withdrawn_at.is_not(None) if withdrawn else Action.withdrawn_at.is_(None)
    return list(
        db.session.scalars(
            select(Action).where(Action.round_id == round_.id, condition).order_by(Action.id)
        )
    )


# Fields an edit may change, as the audit log names them.
EDITABLE = ("subject", "description", "responsible", "responsible_detail", "due_date", "resources")


def _snapshot(action: Action) -> dict:
    if action.round_indicator_id:
        subject = f"ri-{action.round_indicator_id}"
    elif action.input_item_id:
        subject = f"in-{action.input_item_id}"
    else:
        subject = ""
    return {
        "subject": subject,
        "description": action.description,
        "responsible": str(action.responsible),
        "responsible_detail": action.responsible_detail,
        "due_date": action.due_date.isoformat() if action.due_date else None,
        "resources": action.resources,
    }


def edit_action(action: Action, values: ActionInput) -> bool:
    """Change what an action says before the round is published; audit-logged with only
    the changed fields before and after. Returns whether anything changed.

    ``DomainError``: ``round_locked``, ``action_withdrawn``, ``subject_unknown``.
    """
    ensure_editable(action.round)
    if action.withdrawn_at is not None:
        raise DomainError("action_withdrawn", "description")
    subject = _subject(action.round, values.subject)
    before = _snapshot(action)
    action.round_indicator = subject if isinstance(subject, RoundIndicator) else None
    action.input_item = subject if isinstance(subject, InputItem) else None
    action.description = values.description.strip()
    action.responsible = Responsible(values.responsible)
    action.responsible_detail = values.responsible_detail.strip()
    action.due_date = values.due_date
    action.resources = values.resources.strip()
    db.session.flush()
    after = _snapshot(action)
    changed = [key for key in EDITABLE if before[key] != after[key]]
    if not changed:
        return False
    record(
        "action.edit",
        "action",
        action.id,
        {key: before[key] for key in changed},
        {key: after[key] for key in changed},
    )
    return True


def withdraw_action(action: Action, reason: str) -> None:
    """Withdraw an action before publication: it stays stored (and in the audit log, with
    the reason) but is never shown publicly, printed, exported or carried over.

    ``DomainError``: ``round_locked``, ``reason_required``, ``reason_too_long``.
    """
    ensure_editable(action.round)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("reason_required", "reason")
    if len(reason) > 2000:
        raise DomainError("reason_too_long", "reason")
    if action.withdrawn_at is not None:
        return
    action.withdrawn_at = utcnow()
    record(
        "action.withdraw",
        "action",
        action.id,
        {"withdrawn": False, "description": action.description},
        {"withdrawn": True},
        reason,
    )
    db.session.flush()


def overdue_ids(actions: list[Action], today: date) -> set[int]:
    return {a.id for a in actions if is_overdue(a.status, a.due_date, today)}
