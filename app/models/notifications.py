"""The outbox: notifications to people, the e-mails that carry them, password resets.

``flask notify send`` derives notifications from the data and the audit log (one row
per event and recipient, kept unique, so a second run finds nothing new), gathers each
person's pending ones into one e-mail (officials: at most one digest a day) and sends
the queued e-mails. An e-mail that could not be sent stays queued with its attempts
counted.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models._types import code_type, enum_check, utcnow
from app.models.accounts import User
from scorecards.notifications import NotificationKind


class NotificationStatus(StrEnum):
    PENDING = "pending"  # not in an e-mail yet
    MAILED = "mailed"  # put in an e-mail (``message_id``)
    SKIPPED = "skipped"  # the person had turned e-mail notifications off


class MailKind(StrEnum):
    DIGEST = "digest"  # an official's daily digest
    NOTICE = "notice"  # a coordinator's or facilitator's notifications
    PASSWORD_RESET = "password_reset"
    INVITATION = "invitation"


class MailMessage(db.Model):
    """One e-mail, queued until sent. Bodies carrying a one-time link (password reset,
    invitation) are emptied once the e-mail has gone, so the database keeps no usable
    link."""

    __tablename__ = "mail_message"
    __table_args__ = (enum_check("kind", MailKind),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    to_address: Mapped[str] = mapped_column(String(254))
    kind: Mapped[str] = mapped_column(code_type(MailKind))
    language: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")
    # A sending process holds the message until then, so two runs never send it twice.
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User | None] = relationship()


class Notification(db.Model):
    """One event for one person. ``subject_id`` is an action's or a round's id, by
    ``kind``; ``occurrence`` tells repeated events of one subject apart: the due date for
    an action's reminders (a new due date is a new reminder), the audit event's id for a
    round's events, empty for a newly agreed action."""

    __tablename__ = "notification"
    __table_args__ = (
        UniqueConstraint("kind", "subject_id", "user_id", "occurrence"),
        enum_check("kind", NotificationKind),
        enum_check("status", NotificationStatus),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(code_type(NotificationKind))
    subject_id: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    occurrence: Mapped[str] = mapped_column(String(32), default="")
    audit_event_id: Mapped[int | None] = mapped_column(ForeignKey("audit_event.id"))
    status: Mapped[str] = mapped_column(
        code_type(NotificationStatus), default=NotificationStatus.PENDING, index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("mail_message.id", ondelete="SET NULL"), index=True
    )

    user: Mapped[User] = relationship()


class PasswordReset(db.Model):
    """A one-time, time-limited password reset link (only a hash of its token is kept)."""

    __tablename__ = "password_reset"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    # SHA-256 hex of the token in the link: a copy of the database opens no account.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship()
