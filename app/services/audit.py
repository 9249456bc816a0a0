"""Recording who changed what. The log is only ever appended to."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request
from flask_login import current_user

from app.extensions import db
from app.models import AuditEvent


def record(
    action: str,
    entity: str,
    entity_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
    user_id: int | None = None,
) -> AuditEvent:
    """Append one audit event; the acting user and address come from the request if any."""
    if user_id is None and has_request_context() and current_user.is_authenticated:
        user_id = current_user.id
    address = request.remote_addr or "" if has_request_context() else ""
    event = AuditEvent(
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=before,
        after=after,
        note=note,
        user_id=user_id,
        address=address,
    )
    db.session.add(event)
    return event
