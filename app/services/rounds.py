"""Rounds as facilitators see them: who may see which, what is next, and phase moves.

Every change goes through a function here that writes the audit log; views commit.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import (
    Action,
    Area,
    ConsensusScore,
    Facility,
    FacilityType,
    InterfaceMeeting,
    ParticipantGroup,
    Response,
    Round,
    RoundIndicator,
    Scale,
    Tally,
    User,
)
from app.models._types import utcnow
from app.services.audit import record
from app.services.publication import rollup_round, scale_from_model
from scorecards import scales
from scorecards.errors import DomainError
from scorecards.lifecycle import ORDER, Phase, RoundFacts, allowed_targets, check_transition
from scorecards.vocab import Role, Side


def domain_scale(scale: Scale) -> scales.Scale:
    """The domain's view of a stored scale (labels, marks, step and version included)."""
    return scale_from_model(scale)


@dataclass(frozen=True)
class RoundFilters:
    aimag_id: int | None = None
    soum_id: int | None = None
    facility: str = ""
    sector_id: int | None = None
    period: str = ""


def visible_rounds_query(user: User, filters: RoundFilters | None = None):
    """Rounds ``user`` may see as a facilitator or coordinator: their organisation's, in
    their areas (an aimag scope covers its soums). Administrators see every round."""
    soum = aliased(Area)
    query = (
        select(Round)
        .join(Facility, Facility.id == Round.facility_id)
        .join(soum, soum.id == Facility.area_id)
        .join(FacilityType, FacilityType.id == Facility.facility_type_id)
    )
    if user.role != Role.ADMIN:
        area_ids = [area.id for area in user.areas]
        query = query.where(
            Round.organisation_id == user.organisation_id,
            or_(soum.id.in_(area_ids), soum.parent_id.in_(area_ids)),
        )
    filters = filters or RoundFilters()
    if filters.aimag_id:
        query = query.where(soum.parent_id == filters.aimag_id)
    if filters.soum_id:
        query = query.where(soum.id == filters.soum_id)
    if filters.sector_id:
        query = query.where(FacilityType.sector_id == filters.sector_id)
    if filters.facility.strip():
        pattern = f"%{filters.facility.strip().lower()}%"
        query = query.where(
            or_(
                func.lower(Facility.name_mn).like(pattern),
                func.lower(Facility.name_en).like(pattern),
            )
        )
    if filters.period.strip():
        query = query.where(Round.period_label.like(f"%{filters.period.strip()}%"))
    return query.order_by(Round.period_start.desc(), Facility.name_mn)


@dataclass(frozen=True)
class PhaseGroup:
    phase: Phase
    rounds: list[Round]


def rounds_by_phase(user: User, filters: RoundFilters | None = None) -> list[PhaseGroup]:
    """The user's rounds grouped by phase in cycle order; empty phases are left out."""
    rounds = db.session.scalars(visible_rounds_query(user, filters)).all()
    groups = []
    for phase in ORDER:
        in_phase = [r for r in rounds if r.state == phase]
        if in_phase:
            groups.append(PhaseGroup(phase, in_phase))
    return groups


def _count(model, *conditions) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0


def _grouped(query) -> dict:
    return {key: value for key, value in db.session.execute(query).all()}


def facts_for(round_ids: list[int]) -> dict[int, RoundFacts]:
    """What the phase guards need for several rounds, counted in SQL with one GROUP BY per
    figure (never loading answers). Answers are responses, tallied heads and consensus
    scores, per side (a tally or consensus counts for its group's side)."""
    if not round_ids:
        return {}
    ids = list(round_ids)
    indicators = _grouped(
        select(RoundIndicator.round_id, func.count())
        .where(RoundIndicator.round_id.in_(ids))
        .group_by(RoundIndicator.round_id)
    )
    groups = _grouped(
        select(ParticipantGroup.round_id, func.count())
        .where(ParticipantGroup.round_id.in_(ids))
        .group_by(ParticipantGroup.round_id)
    )
    answers: dict[tuple[int, str], int] = {}
    queries = (
        select(Response.round_id, Response.side, func.count())
        .where(Response.round_id.in_(ids), Response.counted())
        .group_by(Response.round_id, Response.side),
        select(Tally.round_id, ParticipantGroup.side, func.count())
        .join(ParticipantGroup, ParticipantGroup.id == Tally.group_id)
        .where(Tally.round_id.in_(ids), Tally.count > 0)
        .group_by(Tally.round_id, ParticipantGroup.side),
        select(ConsensusScore.round_id, ParticipantGroup.side, func.count())
        .join(ParticipantGroup, ParticipantGroup.id == ConsensusScore.group_id)
        .where(ConsensusScore.round_id.in_(ids))
        .group_by(ConsensusScore.round_id, ParticipantGroup.side),
    )
    for query in queries:
        for round_id, side, count in db.session.execute(query).all():
            answers[(round_id, side)] = answers.get((round_id, side), 0) + count
    meetings = set(
        db.session.scalars(
            select(InterfaceMeeting.round_id).where(InterfaceMeeting.round_id.in_(ids))
        )
    )
    actions = _grouped(
        select(Action.round_id, func.count())
        .where(Action.round_id.in_(ids))
        .group_by(Action.round_id)
    )
    return {
        rid: RoundFacts(
            indicator_count=indicators.get(rid, 0),
            group_count=groups.get(rid, 0),
            community_answer_count=answers.get((rid, Side.COMMUNITY), 0),
            provider_answer_count=answers.get((rid, Side.PROVIDER), 0),
            has_meeting=rid in meetings,
            action_count=actions.get(rid, 0),
        )
        for rid in ids
    }


def round_facts(round_: Round) -> RoundFacts:
    return facts_for([round_.id])[round_.id]


def forward_blocker(round_: Round, facts: RoundFacts) -> str | None:
    """The guard code that stops the round moving to its next phase, if any."""
    index = ORDER.index(round_.phase)
    if index + 1 >= len(ORDER):
        return None
    try:
        check_transition(round_.phase, ORDER[index + 1], facts)
    except DomainError as error:
        return error.code
    return None


def possible_moves(round_: Round) -> list[tuple[Phase, str | None]]:
    """Each adjacent phase with the code of the guard that refuses it (``None``: allowed).

    Publishing and unlocking are left to ``publish``/``unlock``, so they are not listed.
    """
    facts = round_facts(round_)
    moves = []
    for target in allowed_targets(round_.phase):
        if target is Phase.PUBLISHED or round_.phase is Phase.PUBLISHED:
            continue
        try:
            check_transition(round_.phase, target, facts)
        except DomainError as error:
            moves.append((target, error.code))
        else:
            moves.append((target, None))
    return moves


def _move(round_: Round, target: Phase, note: str = "") -> None:
    check_transition(round_.phase, target, round_facts(round_))
    before = round_.state
    round_.state = target
    if target not in (Phase.COMMUNITY_SCORING, Phase.SELF_ASSESSMENT):
        round_.community_open = round_.provider_open = False
    record("round.transition", "round", round_.id, {"state": before}, {"state": str(target)}, note)
    db.session.flush()


def move_round(round_: Round, target: Phase) -> None:
    """Move to an adjacent phase (not publishing); ``DomainError`` with the guard's code.

    Collection is closed on leaving the scoring phases.
    """
    if target is Phase.PUBLISHED or round_.phase is Phase.PUBLISHED:
        raise DomainError("transition_not_allowed", "state", current=round_.state, target=target)
    _move(round_, target)


def publish(round_: Round) -> None:
    """Publish a reviewed round: its results reach public reports and it is locked.

    The round's summary rows are written in this same transaction (``rollup_round``),
    so a committed publication is public everywhere at once, and the data versions of
    its aimag and the nation are bumped so every server rebuilds those reports.
    """
    _move(round_, Phase.PUBLISHED)
    round_.published_at = utcnow()
    rollup_round(round_)


def unlock(round_: Round, reason: str) -> None:
    """Take a published round back to review; the reason goes to the audit log."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("reason_required", "reason")
    if round_.phase is not Phase.PUBLISHED:
        raise DomainError("round_not_published", "state")
    round_.state = Phase.REVIEW
    round_.published_at = None
    record(
        "round.unlock",
        "round",
        round_.id,
        {"state": Phase.PUBLISHED},
        {"state": Phase.REVIEW},
        reason,
    )
    rollup_round(round_)  # not published any more: its summary rows are removed
    db.session.flush()


def ensure_editable(round_: Round) -> None:
    """A published round is locked: ``DomainError('round_locked')`` for any change."""
    if round_.phase is Phase.PUBLISHED:
        raise DomainError("round_locked", "state")


def ensure_collecting(round_: Round) -> None:
    """Scores may only be entered while the round is in a scoring phase."""
    ensure_editable(round_)
    if round_.phase not in (Phase.COMMUNITY_SCORING, Phase.SELF_ASSESSMENT):
        raise DomainError("round_not_collecting", "state")
