"""Keeps ``round.shape_key`` honest: any flush that adds, changes or removes a round
indicator or a participant group, or changes a round's scale, gives the round a new
random key in the same transaction.

The citizen endpoints cache what a join code asks (indicators, groups, scale) under
(round, side, shape_key) and read only the round row on each request, so a new key is
what tells every server, at once, that its cached shape is stale. A random key (not a
counter) stays unambiguous when a database is restored from a backup or copied.
"""

from __future__ import annotations

from sqlalchemy import bindparam, event, inspect, update
from sqlalchemy.orm import Session

from app.models.rounds import ParticipantGroup, Round, RoundIndicator, new_shape_key

_RENEW = (
    update(Round.__table__)
    .where(Round.__table__.c.id == bindparam("round_key"))
    .values(shape_key=bindparam("new_key"))
)


def _round_ids(objects) -> set[int]:
    ids: set[int] = set()
    for obj in objects:
        if isinstance(obj, RoundIndicator | ParticipantGroup):
            history = inspect(obj).attrs.round_id.history
            ids.update(i for i in (obj.round_id, *history.deleted) if i is not None)
        elif isinstance(obj, Round) and obj.id is not None:
            if inspect(obj).attrs.scale_id.history.has_changes():
                ids.add(obj.id)
    return ids


@event.listens_for(Session, "after_flush")
def _renew_shape_keys(session: Session, flush_context) -> None:
    # After a flush the new/dirty/deleted lists and attribute history still describe
    # what was flushed, and new rows have their round_id.
    ids = _round_ids(session.new) | _round_ids(session.dirty) | _round_ids(session.deleted)
    if ids:
        session.connection().execute(
            _RENEW, [{"round_key": i, "new_key": new_shape_key()} for i in sorted(ids)]
        )
