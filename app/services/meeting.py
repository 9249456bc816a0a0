"""The interface meeting: both sides' scores matched by indicator, and its record."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Action,
    ConsensusScore,
    InterfaceMeeting,
    ParticipantGroup,
    Response,
    Round,
    RoundIndicator,
    Score,
    Tally,
)
from app.services import inputs as input_service
from app.services.audit import record
from app.services.rounds import ensure_editable
from scorecards.actions import is_open
from scorecards.vocab import Side


@dataclass
class SideScore:
    """One side's answers to one indicator: individual scores and tallied heads added up
    (``count``), with how many of each kind (``individual``, ``tallied``)."""

    total: float = 0.0
    count: int = 0
    individual: int = 0
    tallied: int = 0

    @property
    def mean(self) -> float | None:
        return self.total / self.count if self.count else None


@dataclass
class IndicatorRow:
    ri: RoundIndicator
    community: SideScore = field(default_factory=SideScore)
    provider: SideScore = field(default_factory=SideScore)
    consensus: list[ConsensusScore] = field(default_factory=list)

    @property
    def gap(self) -> float | None:
        """Community mean minus provider mean (negative: the community sees it worse)."""
        c, p = self.community.mean, self.provider.mean
        return None if c is None or p is None else c - p

    @property
    def scored_by(self) -> str:
        """ "both", "community", "provider" or "none"."""
        c, p = self.community.count > 0, self.provider.count > 0
        return {(True, True): "both", (True, False): "community", (False, True): "provider"}.get(
            (c, p), "none"
        )


def comparison(round_: Round) -> list[IndicatorRow]:
    """Each indicator's mean per side from individual scores and tallies together
    (missing answers excluded), plus the groups' consensus scores. Summed in SQL."""
    rows = {ri.id: IndicatorRow(ri) for ri in round_.indicators}
    individual = db.session.execute(
        select(
            Score.round_indicator_id, Response.side, func.sum(Score.value), func.count(Score.value)
        )
        .join(Response, Response.id == Score.response_id)
        .where(Response.round_id == round_.id, Score.value.isnot(None))
        .group_by(Score.round_indicator_id, Response.side)
    ).all()
    tallied = db.session.execute(
        select(
            Tally.round_indicator_id,
            ParticipantGroup.side,
            func.sum(Tally.value * Tally.count),
            func.sum(Tally.count),
        )
        .join(ParticipantGroup, ParticipantGroup.id == Tally.group_id)
        .where(Tally.round_id == round_.id, Tally.value.isnot(None))
        .group_by(Tally.round_indicator_id, ParticipantGroup.side)
    ).all()
    kinds = [("individual", r) for r in individual] + [("tallied", r) for r in tallied]
    for kind, (ri_id, side, total, count) in kinds:
        row = rows.get(ri_id)
        if row is None or not count:
            continue
        target = row.community if side == Side.COMMUNITY else row.provider
        target.total += float(total or 0)
        target.count += int(count)
        setattr(target, kind, getattr(target, kind) + int(count))
    for consensus in db.session.scalars(
        select(ConsensusScore)
        .where(ConsensusScore.round_id == round_.id)
        .order_by(ConsensusScore.group_id)
    ):
        if consensus.round_indicator_id in rows:
            rows[consensus.round_indicator_id].consensus.append(consensus)
    return list(rows.values())


def input_gaps(round_: Round):
    """Input items that fall short of their norm."""
    return [line for line in input_service.sheet(round_) if line.gap.status == "short"]


def previous_open_actions(round_: Round) -> list[Action]:
    if round_.previous_round_id is None:
        return []
    actions = db.session.scalars(
        select(Action).where(Action.round_id == round_.previous_round_id).order_by(Action.id)
    ).all()
    return [a for a in actions if is_open(a.status)]


def meeting_of(round_: Round) -> InterfaceMeeting | None:
    return db.session.scalar(select(InterfaceMeeting).where(InterfaceMeeting.round_id == round_.id))


MEETING_FIELDS = (
    "held_on",
    "place",
    "community_female",
    "community_male",
    "provider_female",
    "provider_male",
    "officials",
    "notes",
    "decisions",
)


def save_meeting(round_: Round, values: dict) -> InterfaceMeeting:
    """Record (or correct) the meeting: date, place, attendance by side and gender, notes
    and decisions."""
    ensure_editable(round_)
    meeting = meeting_of(round_)
    before = None
    if meeting is None:
        meeting = InterfaceMeeting(round_id=round_.id)
        db.session.add(meeting)
    else:
        before = _plain(meeting)
    for key in MEETING_FIELDS:
        value = values.get(key)
        if key in ("place", "notes", "decisions"):
            value = (value or "").strip()
        elif key != "held_on":
            value = int(value or 0)
        setattr(meeting, key, value)
    db.session.flush()
    record("meeting.save", "interface_meeting", meeting.id, before, _plain(meeting))
    return meeting


def _plain(meeting: InterfaceMeeting) -> dict:
    result = {}
    for key in MEETING_FIELDS:
        value = getattr(meeting, key)
        result[key] = value.isoformat() if isinstance(value, date) else value
    return result
