"""The interface meeting, the joint action plan, its follow-up and officials' answers."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models._types import code_type, enum_check, utcnow
from app.models.accounts import User
from app.models.rounds import InputItem, Round, RoundIndicator
from scorecards.vocab import ActionStatus, Responsible


class InterfaceMeeting(db.Model):
    __tablename__ = "interface_meeting"
    __table_args__ = (
        CheckConstraint(
            "community_female >= 0 AND community_male >= 0 AND provider_female >= 0 "
            "AND provider_male >= 0 AND officials >= 0",
            name="attendance_not_negative",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), unique=True)
    held_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200), default="")
    community_female: Mapped[int] = mapped_column(Integer, default=0)
    community_male: Mapped[int] = mapped_column(Integer, default=0)
    provider_female: Mapped[int] = mapped_column(Integer, default=0)
    provider_male: Mapped[int] = mapped_column(Integer, default=0)
    officials: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")

    round: Mapped[Round] = relationship()


class Action(db.Model):
    """One point of the joint action plan, answering an indicator or an input gap."""

    __tablename__ = "action"
    __table_args__ = (
        enum_check("status", ActionStatus),
        enum_check("responsible", Responsible),
        CheckConstraint(
            "round_indicator_id IS NOT NULL OR input_item_id IS NOT NULL", name="has_subject"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    round_indicator_id: Mapped[int | None] = mapped_column(
        ForeignKey("round_indicator.id", ondelete="SET NULL")
    )
    input_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("input_item.id", ondelete="SET NULL")
    )
    # The action of an earlier round this one continues (follow-up carry-over).
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("action.id"))
    description: Mapped[str] = mapped_column(Text)
    responsible: Mapped[str] = mapped_column(code_type(Responsible))
    responsible_detail: Mapped[str] = mapped_column(String(200), default="")
    due_date: Mapped[date | None] = mapped_column(Date)
    resources: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(code_type(ActionStatus), default=ActionStatus.PLANNED)
    completed_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Withdrawn before publication: kept for the audit trail, never shown or printed.
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)

    round: Mapped[Round] = relationship()
    round_indicator: Mapped[RoundIndicator | None] = relationship()
    input_item: Mapped[InputItem | None] = relationship()
    updates: Mapped[list[ActionUpdate]] = relationship(
        order_by="ActionUpdate.on_date", cascade="all, delete-orphan"
    )
    official_responses: Mapped[list[OfficialResponse]] = relationship(
        order_by="OfficialResponse.created_at", cascade="all, delete-orphan"
    )


class ActionUpdate(db.Model):
    __tablename__ = "action_update"
    __table_args__ = (enum_check("status", ActionStatus),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)
    on_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(code_type(ActionStatus))
    note: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # Sent by the form (filled on the device): a repeated send is stored once.
    client_uuid: Mapped[str | None] = mapped_column(String(36), unique=True, index=True)


class OfficialResponse(db.Model):
    """An official's public answer to an action: what they commit to, and by when."""

    __tablename__ = "official_response"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    office: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    commitment_date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    user: Mapped[User | None] = relationship()
