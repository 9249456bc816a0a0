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
    Tally,
    User,
)
from app.models._types import utcnow
from app.models.review import RoundSendBack
from app.services.audit import record
from app.services.publication import rollup_round
from scorecards.errors import DomainError
from scorecards.lifecycle import ORDER, Phase, RoundFacts, allowed_targets, check_transition
from scorecards.vocab import Role, Side


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
        .where(Action.round_id.in_(ids), Action.withdrawn_at.is_(None))
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

    Collection is closed on leaving the scoring phases. Handing the round in for review
    again resolves the comments it was sent back with.
    """
    if target is Phase.PUBLISHED or round_.phase is Phase.PUBLISHED:
        raise DomainError("transition_not_allowed", "state", current=round_.state, target=target)
    _move(round_, target)
    if target is Phase.REVIEW:
        for send_back in open_send_backs(round_):
            _resolve(send_back)


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


def lock_round_row(round_: Round) -> None:
    """Lock the round's row for this transaction (re-reading it) so that a change of
    the round itself, publishing or a phase change, and this transaction never cross:
    whichever comes second sees what the first committed.

    The lock is ``FOR NO KEY UPDATE``, not ``FOR UPDATE``: a citizen's send inserts rows
    that refer to the round, and PostgreSQL holds a key-share lock on the round's row
    until the send commits. ``FOR UPDATE`` would wait for every send in flight, and
    short sends that overlap keep it waiting for as long as they go on (new key-share
    locks do not queue behind it); ``FOR NO KEY UPDATE`` conflicts with an update of
    the row but not with those inserts. SQLite ignores row locks (one writer at a
    time)."""
    db.session.refresh(round_, with_for_update={"key_share": True})


def ensure_editable(round_: Round) -> None:
    """A published round is locked: ``DomainError('round_locked')`` for any change."""
    if round_.phase is Phase.PUBLISHED:
        raise DomainError("round_locked", "state")


def ensure_collecting(round_: Round) -> None:
    """Scores may only be entered while the round is in a scoring phase."""
    ensure_editable(round_)
    if round_.phase not in (Phase.COMMUNITY_SCORING, Phase.SELF_ASSESSMENT):
        raise DomainError("round_not_collecting", "state")


# ------------------------------------------------------------------ review and send-back

COMMENT_MAX = 4000


def open_send_backs(round_: Round) -> list[RoundSendBack]:
    """The round's unresolved send-back comments, oldest first (what the facilitator still
    has to fix)."""
    return list(
        db.session.scalars(
            select(RoundSendBack)
            .where(RoundSendBack.round_id == round_.id, RoundSendBack.resolved_at.is_(None))
            .order_by(RoundSendBack.created_at, RoundSendBack.id)
        )
    )


def send_back(round_: Round, comment: str, author: User | None) -> RoundSendBack:
    """A coordinator sends a round in review back to the facilitator with what to fix.

    The round returns to the phase before review (the joint action plan), and the comment
    stays on the round page until resolved. Audited as ``round.sent_back`` with the comment
    in its details. ``DomainError``: ``comment_required``, ``comment_too_long``,
    ``round_not_in_review``.
    """
    comment = (comment or "").strip()
    if not comment:
        raise DomainError("comment_required", "comment")
    if len(comment) > COMMENT_MAX:
        raise DomainError("comment_too_long", "comment")
    if round_.phase is not Phase.REVIEW:
        raise DomainError("round_not_in_review", "state")
    earlier = ORDER[ORDER.index(Phase.REVIEW) - 1]
    check_transition(round_.phase, earlier, round_facts(round_))
    round_.state = earlier
    note = RoundSendBack(
        round_id=round_.id, comment=comment, author_id=author.id if author else None
    )
    db.session.add(note)
    record(
        "round.sent_back",
        "round",
        round_.id,
        {"state": str(Phase.REVIEW)},
        {"state": str(earlier), "comment": comment},
    )
    db.session.flush()
    return note


def _resolve(note: RoundSendBack, user: User | None = None) -> None:
    from flask import has_request_context
    from flask_login import current_user

    if user is None and has_request_context() and current_user.is_authenticated:
        user = current_user
    note.resolved_at = utcnow()
    note.resolved_by_id = user.id if user is not None else None
    record("round.send_back_resolved", "round", note.round_id, after={"comment": note.comment})


def resolve_send_back(round_: Round, note_id: int, user: User) -> None:
    """The facilitator marks a send-back comment as dealt with (audit-logged); it leaves
    the round page. An unknown or already resolved comment changes nothing."""
    note = db.session.get(RoundSendBack, note_id)
    if note is None or note.round_id != round_.id or note.resolved_at is not None:
        return
    _resolve(note, user)
    db.session.flush()


# ------------------------------------------------------------------------- the stepper

# The seven steps shown on every round page: the six working phases, then review and
# publication as one step (a published round has gone through every step).
STEPS: tuple[tuple[str, tuple[Phase, ...]], ...] = (
    ("preparation", (Phase.PREPARATION,)),
    ("input_tracking", (Phase.INPUT_TRACKING,)),
    ("community_scoring", (Phase.COMMUNITY_SCORING,)),
    ("self_assessment", (Phase.SELF_ASSESSMENT,)),
    ("interface_meeting", (Phase.INTERFACE_MEETING,)),
    ("action_plan", (Phase.ACTION_PLAN,)),
    ("review", (Phase.REVIEW, Phase.PUBLISHED)),
)


@dataclass(frozen=True)
class Step:
    number: int  # 1 to 7
    code: str  # a phase code (the step's first phase)
    status: str  # "done", "current" or "upcoming"


@dataclass(frozen=True)
class Stepper:
    """Where a round stands in the cycle, for the stepper on every round page."""

    steps: list[Step]
    phase: Phase
    step_number: int
    next_phase: Phase | None  # None once published (the next thing is a follow-up round)
    blocker: str | None  # the guard code that stops the next move, None when nothing does
    send_backs: list[RoundSendBack]


def stepper_state(round_: Round) -> Stepper:
    """The seven steps with the current one marked, the next phase and, in words for the
    page to translate, what blocks it (a guard code of ``check_transition``), plus the
    round's unresolved send-back comments."""
    phase = round_.phase
    current = next(i for i, (_code, phases) in enumerate(STEPS) if phase in phases)
    steps = []
    for index, (code, _phases) in enumerate(STEPS):
        if phase is Phase.PUBLISHED or index < current:
            status = "done"
        elif index == current:
            status = "current"
        else:
            status = "upcoming"
        steps.append(Step(index + 1, code, status))
    index = ORDER.index(phase)
    next_phase = ORDER[index + 1] if index + 1 < len(ORDER) else None
    blocker = forward_blocker(round_, round_facts(round_)) if next_phase else None
    return Stepper(steps, phase, current + 1, next_phase, blocker, open_send_backs(round_))
