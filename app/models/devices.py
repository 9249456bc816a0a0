"""Tokens that let a tablet running ODK Collect or KoboCollect fetch a round's forms and
send its interviews (``app.services.device_tokens``).

A token covers one round, or every round a facilitator runs; only a SHA-256 hash of it
is stored, so a copy of the database sends nothing. A revoked token stays as a row
(who revoked it and when) and is refused from then on.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models._types import utcnow
from app.models.accounts import User
from app.models.rounds import Round


class DeviceToken(db.Model):
    __tablename__ = "device_token"
    __table_args__ = (
        # Exactly one scope: a round, or a facilitator's rounds.
        CheckConstraint("(round_id IS NULL) <> (user_id IS NULL)", name="one_scope"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(80), default="")
    round_id: Mapped[int | None] = mapped_column(
        ForeignKey("round.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    round: Mapped[Round | None] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    @property
    def active(self) -> bool:
        return self.revoked_at is None
