"""The interface meeting: both sides' scores matched by indicator, and its record."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.models import (
    Action,
    ConsensusScore,
    InterfaceMeeting,
    Round,
    RoundIndicator,
)
from app.services import inputs as input_service
from app.services.audit import record
from app.services.reports.round_scores import vote_counts
from app.services.rounds import ensure_editable
from scorecards import meeting as meeting_figures
from scorecards.actions import is_open
from scorecards.vocab import Side


@dataclass
class SideScore:
    """One side's answers to one indicator, each source apart (``scorecards.meeting``).

    ``counts`` are the side's individual votes and paper tallies per scale value
    (:class:`scorecards.meeting.VoteCounts`, missing answers counted apart);
    ``consensus_values`` are the side's groups' consensus scores (``None`` = the group
    recorded "not applicable").
    """

    counts: meeting_figures.VoteCounts = field(default_factory=meeting_figures.VoteCounts)
    consensus_values: list[float | None] = field(default_factory=list)

    @property
    def individual_figure(self) -> meeting_figures.SourceFigure:
        """n, mean and median of the individual votes (phones and paper forms)."""
        return self.counts.individual_figure

    @property
    def tally_figure(self) -> meeting_figures.SourceFigure:
        """n, mean and median of the paper tallies."""
        return self.counts.tally_figure

    @property
    def votes(self) -> meeting_figures.SourceFigure:
        """Individual votes and tallies pooled (each is one person's choice)."""
        return self.counts.votes

    @property
    def consensus(self) -> meeting_figures.SourceFigure:
        """n (groups with a score), mean and median of the groups' consensus scores."""
        return meeting_figures.figure_from_values(self.consensus_values)

    @property
    def mean(self) -> float | None:
        """Mean of the votes (individual and tallied), ``None`` without votes."""
        return self.votes.mean

    @property
    def count(self) -> int:
        """Present votes (individual and tallied)."""
        return self.votes.n

    @property
    def scored(self) -> bool:
        """Whether this side gave any present score, by any source."""
        return self.votes.n > 0 or self.consensus.n > 0


@dataclass
class IndicatorRow:
    """One indicator of the meeting: both sides' scores and the groups' consensus rows."""

    ri: RoundIndicator
    community: SideScore = field(default_factory=SideScore)
    provider: SideScore = field(default_factory=SideScore)
    consensus: list[ConsensusScore] = field(default_factory=list)

    @property
    def like_for_like(self) -> meeting_figures.Gap:
        """The gap and the source it compares (votes vs votes, else consensus vs
        consensus; see :mod:`scorecards.meeting`)."""
        return meeting_figures.like_for_like_gap(
            self.community.votes,
            self.provider.votes,
            self.community.consensus,
            self.provider.consensus,
        )

    @property
    def gap(self) -> float | None:
        """Community minus providers on the round's scale, like with like (negative:
        the community sees it worse); ``None`` when no source has both sides."""
        return self.like_for_like.value

    @property
    def gap_source(self) -> str | None:
        """ "votes", "consensus" or ``None``: what :attr:`gap` compares."""
        return self.like_for_like.source

    def consensus_of(self, side: str) -> list[ConsensusScore]:
        """The consensus scores of ``side``'s groups, in group order."""
        return [c for c in self.consensus if c.group.side == side]

    @property
    def scored_by(self) -> str:
        """ "both", "community", "provider" or "none" (any source counts)."""
        c, p = self.community.scored, self.provider.scored
        return {(True, True): "both", (True, False): "community", (False, True): "provider"}.get(
            (c, p), "none"
        )


def comparison(round_: Round) -> list[IndicatorRow]:
    """Per indicator and side: individual votes, tallies and consensus scores apart
    (counts per scale value summed in SQL by
    :func:`app.services.reports.round_scores.vote_counts`, the projector's reader too;
    missing answers counted, not scored), plus each group's consensus score with its
    reason. Withdrawn forms are left out."""
    rows = {ri.id: IndicatorRow(ri) for ri in round_.indicators}
    for (side, ri_id), counts in vote_counts(round_).items():
        row = rows.get(ri_id)
        if row is None:
            continue
        if side == Side.COMMUNITY:
            row.community.counts = counts
        else:
            row.provider.counts = counts
    for consensus in db.session.scalars(
        select(ConsensusScore)
        .where(ConsensusScore.round_id == round_.id)
        .order_by(ConsensusScore.group_id)
    ):
        row = rows.get(consensus.round_indicator_id)
        if row is None:
            continue
        row.consensus.append(consensus)
        target = row.community if consensus.group.side == Side.COMMUNITY else row.provider
        target.consensus_values.append(consensus.value)
    return list(rows.values())


def input_gaps(round_: Round):
    """Input items that fall short of their norm."""
    return [line for line in input_service.sheet(round_) if line.gap.status == "short"]


def previous_open_actions(round_: Round) -> list[Action]:
    if round_.previous_round_id is None:
        return []
    actions = db.session.scalars(
        select(Action)
        .where(Action.round_id == round_.previous_round_id, Action.withdrawn_at.is_(None))
        .order_by(Action.id)
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
