"""Organisations, staff accounts and their area scopes."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Table, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models._types import code_type, enum_check, utcnow
from app.models.geography import Area
from scorecards.vocab import OrganisationKind, Role

user_area = Table(
    "user_area",
    db.metadata,
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("area.id", ondelete="CASCADE"), primary_key=True),
)


class Organisation(db.Model):
    __tablename__ = "organisation"
    __table_args__ = (enum_check("kind", OrganisationKind),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name_mn: Mapped[str] = mapped_column(String(200), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(code_type(OrganisationKind))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    users: Mapped[list[User]] = relationship(back_populates="organisation")

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_mn


class User(UserMixin, db.Model):
    __tablename__ = "user"
    __table_args__ = (enum_check("role", Role),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(code_type(Role))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    # Changing this invalidates every session of the user (sign-out everywhere).
    session_token: Mapped[str] = mapped_column(String(64))
    # E-mail notifications (an official's daily digest, a coordinator's or facilitator's
    # notices); each person turns them off on /account/notifications.
    notify_email: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # The language of the e-mails they get; "" is the site's first language.
    email_language: Mapped[str] = mapped_column(String(8), default="", server_default="")
    # The office an official last answered for; prefilled on their next answer.
    office: Mapped[str] = mapped_column(String(200), default="")

    organisation: Mapped[Organisation | None] = relationship(back_populates="users")
    areas: Mapped[list[Area]] = relationship(secondary=user_area)

    @property
    def is_active(self) -> bool:  # Flask-Login: deactivated users cannot sign in
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class SignInFailure(db.Model):
    """Failed sign-ins with an e-mail address that has no account, counted like an
    account's own ``failed_logins``/``locked_until`` so that the answers (wrong
    password, then "too many failed sign-ins" until a time) do not tell whether an
    account exists. The address is kept only as a keyed hash (``app.hashing``); rows
    untouched for a day are deleted by the next failure."""

    __tablename__ = "sign_in_failure"

    email_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
