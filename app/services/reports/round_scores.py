"""A round's live votes per side, indicator and value, read once for both the
interface meeting (:mod:`app.services.meeting`) and the projector
(:mod:`app.services.live`), which turn them into figures with the same functions of
:mod:`scorecards.meeting`.

Any phase: this is the round's own staff looking at their round, not a public
figure, so no k-suppression applies. SQL sums the answers per side, indicator and
value (individual scores of forms that count, never a withdrawn one; paper tallies
of the round's groups); no single answer leaves the database.
"""

from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.models import ParticipantGroup, Response, Round, Score, Tally
from scorecards.meeting import INDIVIDUAL, TALLY, VoteCounts


def vote_counts(round_: Round) -> dict[tuple[str, int], VoteCounts]:
    """The round's votes by ``(side, round indicator id)``: individual scores and
    tallied marks apart, per value (``None`` = a missing answer, counted apart).
    Pairs without any vote are absent."""
    individual = db.session.execute(
        select(Response.side, Score.round_indicator_id, Score.value, func.count(Score.id))
        .join(Response, Response.id == Score.response_id)
        .where(Response.round_id == round_.id, Response.counted())
        .group_by(Response.side, Score.round_indicator_id, Score.value)
    ).all()
    tallied = db.session.execute(
        select(ParticipantGroup.side, Tally.round_indicator_id, Tally.value, func.sum(Tally.count))
        .join(ParticipantGroup, ParticipantGroup.id == Tally.group_id)
        .where(Tally.round_id == round_.id)
        .group_by(ParticipantGroup.side, Tally.round_indicator_id, Tally.value)
    ).all()
    result: dict[tuple[str, int], VoteCounts] = {}
    for source, rows in ((INDIVIDUAL, individual), (TALLY, tallied)):
        for side, ri_id, value, count in rows:
            if not count:
                continue
            votes = result.setdefault((str(side), ri_id), VoteCounts())
            votes.add(source, None if value is None else float(value), int(count))
    return result
