"""What people answered: individual responses and scores, consensus scores, paper tallies.

Each kind is stored as what it is; none is derived from another.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    and_,
    false,
    or_,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models._types import code_type, enum_check, utcnow
from app.models.imports import ImportJob
from app.models.rounds import ParticipantGroup, Round, RoundIndicator
from scorecards.vocab import AgeBand, Channel, Disability, Gender, MissingReason, Side

# Answers are stored as exact decimals (three places: a step is at most 0.001), read
# back as floats: 9.5 on a step-0.5 scale stays 9.5 on every database, and the
# figures code keeps doing float arithmetic on it.
SCORE_VALUE = Numeric(12, 3, asdecimal=False)

# A score is either a value or a reason it is missing, never both, never neither.
VALUE_XOR_MISSING = CheckConstraint(
    "(value IS NULL AND missing_reason IS NOT NULL) "
    "OR (value IS NOT NULL AND missing_reason IS NULL)",
    name="value_xor_missing",
)


# A send stored beyond its group's expected size; a device or an address sending
# faster than people fill a scorecard (``app.services.response_flags``).
RESPONSE_FLAGS = ("over_group_size", "burst_device", "burst_address")


# The import jobs whose forms count, and those whose forms are left-overs to remove.
_DONE_IMPORTS = select(ImportJob.id).where(ImportJob.state == "done")
_FAILED_IMPORTS = select(ImportJob.id).where(ImportJob.state == "failed")


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
    # Why a phone or tablet send looks unusual, set when it is stored (RESPONSE_FLAGS;
    # '' for none): the facilitator sees it on the stored-answers page and may withdraw
    # it. Nothing is refused for it. The device (a random id in a cookie) and the client
    # address are kept only as keyed hashes (``app.hashing``), never as sent, to count
    # bursts; staff-entered and imported forms have neither.
    flag: Mapped[str] = mapped_column(String(20), default="", server_default="")
    device_hash: Mapped[str | None] = mapped_column(String(64))
    address_hash: Mapped[str | None] = mapped_column(String(64))

    round: Mapped[Round] = relationship()
    group: Mapped[ParticipantGroup | None] = relationship()
    scores: Mapped[list[Score]] = relationship(
        cascade="all, delete-orphan", back_populates="response"
    )

    @classmethod
    def counted(cls):
        """SQL condition for the responses that count in figures: not withdrawn, and
        not of an import that is not done (``settled``)."""
        return and_(cls.withdrawn_at.is_(None), cls.settled())

    @classmethod
    def settled(cls):
        """SQL condition for the responses that are stored for good: sent or typed in,
        or stored by an import that is done.

        An import writes its forms in many short transactions (so a citizen's send never
        waits for a whole file on SQLite's write lock) and marks its job done in one
        last short one: until then, and for ever if it fails or its process dies, its
        forms count in no figure and appear in no list, so an import is all-or-nothing
        as people see it. The import jobs are few (one row per upload), so the
        subquery is read once per query, not once per response.
        """
        return or_(cls.import_job_id.is_(None), cls.import_job_id.in_(_DONE_IMPORTS))

    @classmethod
    def not_of_failed_import(cls):
        """SQL condition excluding the forms a failed import left behind (they count
        nowhere and are removed before the round's next import)."""
        return or_(cls.import_job_id.is_(None), cls.import_job_id.notin_(_FAILED_IMPORTS))


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
    value: Mapped[float | None] = mapped_column(SCORE_VALUE)
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
    value: Mapped[float | None] = mapped_column(SCORE_VALUE)
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
    value: Mapped[float | None] = mapped_column(SCORE_VALUE)
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
