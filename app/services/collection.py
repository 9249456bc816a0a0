"""Opening and closing collection for each side of a round, and shared-tablet mode."""

from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.models import Response, Round
from app.services import audit
from scorecards.errors import DomainError
from scorecards.lifecycle import can_collect
from scorecards.vocab import Side


def set_side_open(round_: Round, side: Side, is_open: bool) -> None:
    """Open or close phone collection for one side; ``collection_not_allowed`` outside the
    phases that collect answers (opening only: closing is always allowed)."""
    if is_open and not can_collect(round_.phase, side):
        raise DomainError("collection_not_allowed", "state", phase=round_.state)
    attribute = "community_open" if side == Side.COMMUNITY else "provider_open"
    before = bool(getattr(round_, attribute))
    setattr(round_, attribute, is_open)
    audit.record(
        "round.collection", "round", round_.id, {attribute: before}, {attribute: is_open}
    )
    db.session.flush()


def set_shared_device(round_: Round, shared: bool) -> None:
    """Shared-tablet mode: no per-phone limit, the form starts afresh after each send.

    Changed only while the round collects answers (``collection_not_allowed`` otherwise).
    """
    if not can_collect(round_.phase, Side.COMMUNITY):
        raise DomainError("collection_not_allowed", "state", phase=round_.state)
    before = bool(round_.shared_device)
    round_.shared_device = shared
    audit.record(
        "round.shared_device", "round", round_.id, {"shared_device": before},
        {"shared_device": shared},
    )
    db.session.flush()


def set_round_language(round_: Round, language: str | None) -> None:
    """The language the round's join links and QR codes open in (None: the default).

    Links and QR codes printed before the change keep the language they carry; the
    citizen can switch on the page either way."""
    before = round_.language
    round_.language = language or None
    audit.record(
        "round.language", "round", round_.id, {"language": before}, {"language": round_.language}
    )
    db.session.flush()


def response_counts(round_: Round) -> dict[str, int]:
    """Responses stored so far per side (every channel)."""
    rows = db.session.execute(
        select(Response.side, func.count(Response.id))
        .where(Response.round_id == round_.id, Response.counted())
        .group_by(Response.side)
    ).all()
    counts = {side.value: 0 for side in Side}
    counts.update({side: count for side, count in rows})
    return counts
