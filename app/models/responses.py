"""What people answered: individual responses and scores, consensus scores, paper tallies.

Each kind is stored as what it is; none is derived from another.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models._types import code_type, enum_check, utcnow
from app.models.rounds import ParticipantGroup, Round, RoundIndicator
from scorecards.vocab import AgeBand, Channel, Disability, Gender, MissingReason, Side

# A score is either a value or a reason it is missing, never both, never neither.
VALUE_XOR_MISSING = CheckConstraint(
    "(value IS NULL AND missing_reason IS NOT NULL) "
    "OR (value IS NOT NULL AND missing_reason IS NULL)",
    name="value_xor_missing",
)


class Response(db.Model):
    """One respondent's scorecard. Anonymous: demographics only, never names or phones."""

    __tablename__ = "response"
    __table_args__ = (
        enum_check("side", Side),
        enum_check("channel", Channel),
        enum_check("gender", Gender),
        enum_check("age_band", AgeBand),
        enum_check("disability", Disability),
        UniqueConstraint("round_id", "respondent_ref"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    receipt: Mapped[str] = mapped_column(String(12), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    side: Mapped[str] = mapped_column(code_type(Side))
    channel: Mapped[str] = mapped_column(code_type(Channel))
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant_group.id", ondelete="SET NULL"), index=True
    )
    gender: Mapped[str] = mapped_column(code_type(Gender), default=Gender.UNDISCLOSED)
    age_band: Mapped[str] = mapped_column(code_type(AgeBand), default=AgeBand.UNDISCLOSED)
    disability: Mapped[str] = mapped_column(code_type(Disability), default=Disability.UNDISCLOSED)
    comment: Mapped[str] = mapped_column(Text, default="")
    comment_approved: Mapped[bool] = mapped_column(Boolean, default=False)
    # Moderation: not approved and not hidden means nobody has looked at it yet
    # (``scorecards.moderation``); only an approved text is ever public.
    comment_hidden: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The number written on a paper form, so a re-typed form is caught as a duplicate.
    respondent_ref: Mapped[str | None] = mapped_column(String(40))
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    submitted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    # The upload (or ``flask rounds import`` run) that stored this form, so a wrong file
    # can be found and withdrawn as a whole. Import jobs are never deleted (discarding
    # one keeps its row), so the reference needs no ON DELETE rule; SQLite could not
    # report one added to an existing table anyway (migration 0008).
    import_job_id: Mapped[int | None] = mapped_column(ForeignKey("import_job.id"), index=True)
    # A staff correction of a paper or imported form (what changed is in the audit log).
    corrected_at: Mapped[datetime | None] = mapped_column(DateTime)
    corrected_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # A withdrawn response stays stored but leaves every figure. Its form number moves
    # to ``withdrawn_ref`` so the same paper form can be typed in again.
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    withdrawn_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    withdrawn_ref: Mapped[str | None] = mapped_column(String(40))

    round: Mapped[Round] = relationship()
    group: Mapped[ParticipantGroup | None] = relationship()
    scores: Mapped[list[Score]] = relationship(
        cascade="all, delete-orphan", back_populates="response"
    )

    @classmethod
    def counted(cls):
        """SQL condition for the responses that count in figures: not withdrawn."""
        return cls.withdrawn_at.is_(None)


class Score(db.Model):
    __tablename__ = "score"
    __table_args__ = (
        UniqueConstraint("response_id", "round_indicator_id"),
        enum_check("missing_reason", MissingReason, nullable=True),
        VALUE_XOR_MISSING,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    round_indicator_id: Mapped[int] = mapped_column(
        ForeignKey("round_indicator.id", ondelete="CASCADE"), index=True
    )
    value: Mapped[float | None] = mapped_column(Float)
    missing_reason: Mapped[str | None] = mapped_column(code_type(MissingReason))
    reason: Mapped[str] = mapped_column(Text, default="")
    reason_approved: Mapped[bool] = mapped_column(Boolean, default=False)
    reason_hidden: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    response: Mapped[Response] = relationship(back_populates="scores")
    round_indicator: Mapped[RoundIndicator] = relationship()


class ConsensusScore(db.Model):
    """The score a group agreed on together, with its reason (not derivable from votes)."""

    __tablename__ = "consensus_score"
    __table_args__ = (
        UniqueConstraint("group_id", "round_indicator_id"),
        enum_check("missing_reason", MissingReason, nullable=True),
        VALUE_XOR_MISSING,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("participant_group.id", ondelete="CASCADE"))
    round_indicator_id: Mapped[int] = mapped_column(
        ForeignKey("round_indicator.id", ondelete="CASCADE")
    )
    value: Mapped[float | None] = mapped_column(Float)
    missing_reason: Mapped[str | None] = mapped_column(code_type(MissingReason))
    reason: Mapped[str] = mapped_column(Text, default="")
    reason_approved: Mapped[bool] = mapped_column(Boolean, default=False)
    reason_hidden: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    group: Mapped[ParticipantGroup] = relationship()
    round_indicator: Mapped[RoundIndicator] = relationship()


class Tally(db.Model):
    """A paper tally: how many people of a group chose one scale point for one indicator.

    ``point`` is the scale value as text ("1".."5") or ``na`` for "not applicable /
    don't know", so the unique key works on every database; ``value`` is the number
    (NULL for ``na``).
    """

    __tablename__ = "tally"
    __table_args__ = (
        UniqueConstraint("group_id", "round_indicator_id", "point"),
        CheckConstraint("count >= 0", name="count_not_negative"),
        CheckConstraint(
            "(point = 'na' AND value IS NULL) OR (point <> 'na' AND value IS NOT NULL)",
            name="point_matches_value",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("participant_group.id", ondelete="CASCADE"))
    round_indicator_id: Mapped[int] = mapped_column(
        ForeignKey("round_indicator.id", ondelete="CASCADE")
    )
    point: Mapped[str] = mapped_column(String(8))
    value: Mapped[float | None] = mapped_column(Float)
    count: Mapped[int] = mapped_column(Integer)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    group: Mapped[ParticipantGroup] = relationship()
    round_indicator: Mapped[RoundIndicator] = relationship()


def missing_reason_for(value: float | None, reason: str | None) -> str | None:
    """Default a missing value's reason to "not applicable"; a value has no reason."""
    if value is not None:
        return None
    return reason or MissingReason.NOT_APPLICABLE


__all__ = ["ConsensusScore", "Response", "Score", "Tally", "missing_reason_for"]
