"""Scorecards received by SMS (``app.services.sms``): each gateway message once, and one
response per phone number per round and side. Phone numbers are never stored, only a
keyed hash of each (``app.hashing.keyed_hash("sms-sender", …)``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models._types import code_type, enum_check, utcnow
from scorecards.vocab import Side

SMS_GATEWAYS = ("android", "rapidpro")
"""Gateways a message can come through: SMS Gateway for Android, a RapidPro-style
external HTTP channel."""
SMS_OUTCOMES = (
    "stored", "help", "refused", "unknown_code", "closed", "already_sent", "unreadable"
)
"""What became of a message: its answers stored, the questions sent, or why not."""


def _one_of(column: str, values: tuple[str, ...], name: str) -> CheckConstraint:
    listed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({listed})", name=name)


class SmsMessage(db.Model):
    """One message a gateway delivered, kept so a repeated delivery (a gateway retrying
    after a network error) is answered with the same reply and stores nothing again.

    ``reply`` is what was (or is to be) sent back; ``replied_at`` is set once the
    gateway took the reply, so a retried delivery sends only a reply that did not go.
    The text of the message is not kept.
    """

    __tablename__ = "sms_message"
    __table_args__ = (
        UniqueConstraint("gateway", "message_id"),
        _one_of("gateway", SMS_GATEWAYS, "gateway_valid"),
        _one_of("outcome", SMS_OUTCOMES, "outcome_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    gateway: Mapped[str] = mapped_column(String(10))
    message_id: Mapped[str] = mapped_column(String(100))
    sender_hash: Mapped[str] = mapped_column(String(64), index=True)
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    round_id: Mapped[int | None] = mapped_column(
        ForeignKey("round.id", ondelete="CASCADE"), index=True
    )
    outcome: Mapped[str] = mapped_column(String(20))
    response_id: Mapped[int | None] = mapped_column(
        ForeignKey("response.id", ondelete="SET NULL")
    )
    reply: Mapped[str] = mapped_column(Text, default="")
    replied_at: Mapped[datetime | None] = mapped_column(DateTime)


class SmsRespondent(db.Model):
    """The phone number (as a keyed hash) that sent a round side's SMS response: one
    per number, round and side, enforced by the database."""

    __tablename__ = "sms_respondent"
    __table_args__ = (
        UniqueConstraint("round_id", "side", "sender_hash"),
        enum_check("side", Side),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"))
    side: Mapped[str] = mapped_column(code_type(Side))
    sender_hash: Mapped[str] = mapped_column(String(64))
    response_id: Mapped[int] = mapped_column(
        ForeignKey("response.id", ondelete="CASCADE"), index=True
    )
