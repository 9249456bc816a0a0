"""A safety net for the audit trail: staff changes nobody recorded are recorded anyway.

Services record meaningful events with ``app.services.audit.record``. When a signed-in
user's transaction changes an audited table and the code recorded no audit event at
all in that transaction, one event per changed row is appended at commit
(``<table>.created|changed|deleted``, before and after of the changed columns, note
"recorded automatically"). Transactions that record their own events are left alone,
so nothing is logged twice. Citizens' anonymous submissions are not staff changes and
are not captured here.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from app.models.audit import AuditEvent

AUDITED_TABLES = {
    "action",
    "action_update",
    "consensus_score",
    "facility",
    "indicator",
    "input_item",
    "interface_meeting",
    "official_response",
    "organisation",
    "participant_group",
    "response",
    "round",
    "round_indicator",
    "scale",
    "score",
    "tally",
    "template",
    "user",
}
SECRET_COLUMNS = {"password_hash", "session_token", "token_hash"}
PENDING = "egekh_audit_pending"
EXPLICIT = "egekh_audit_explicit"


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _acting_user_id() -> int | None:
    from flask import has_request_context
    from flask_login import current_user

    if not has_request_context() or not getattr(current_user, "is_authenticated", False):
        return None
    return current_user.id


def _columns(obj: Any) -> list[str]:
    return [c.key for c in inspect(obj).mapper.column_attrs if c.key not in SECRET_COLUMNS]


def _describe(obj: Any, kind: str) -> dict | None:
    table = getattr(obj, "__tablename__", None)
    if table not in AUDITED_TABLES:
        return None
    state = inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for key in _columns(obj):
        history = state.attrs[key].history
        if kind == "created":
            after[key] = _plain(getattr(obj, key))
        elif kind == "deleted":
            before[key] = _plain(history.unchanged[0] if history.unchanged else (
                history.deleted[0] if history.deleted else None))
        elif history.has_changes():
            before[key] = _plain(history.deleted[0] if history.deleted else None)
            after[key] = _plain(history.added[0] if history.added else None)
    if kind == "changed" and not after:
        return None
    return {
        "action": f"{table}.{kind}",
        "entity": table,
        "entity_id": getattr(obj, "id", None),
        "before": before or None,
        "after": after or None,
    }


@event.listens_for(Session, "after_flush")
def _collect(session: Session, flush_context) -> None:
    if any(isinstance(obj, AuditEvent) for obj in session.new):
        session.info[EXPLICIT] = True
    if _acting_user_id() is None:
        return
    pending = session.info.setdefault(PENDING, [])
    for kind, objects in (
        ("created", session.new), ("changed", session.dirty), ("deleted", session.deleted)
    ):
        for obj in objects:
            if isinstance(obj, AuditEvent):
                continue
            description = _describe(obj, kind)
            if description is not None:
                pending.append(description)


@event.listens_for(Session, "before_commit")
def _append_unrecorded(session: Session) -> None:
    session.flush()
    pending = session.info.pop(PENDING, [])
    explicit = session.info.pop(EXPLICIT, False)
    user_id = _acting_user_id()
    if explicit or not pending or user_id is None:
        return
    from flask import request

    for description in pending:
        session.add(
            AuditEvent(
                user_id=user_id,
                note="recorded automatically",
                address=request.remote_addr or "",
                **description,
            )
        )


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction) -> None:
    if transaction.parent is None:  # the outermost transaction ended: commit or rollback
        session.info.pop(PENDING, None)
        session.info.pop(EXPLICIT, None)
