"""Creating and authenticating staff accounts."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from sqlalchemy import func, select

from app.extensions import db
from app.models import Area, Organisation, User
from app.models._types import utcnow
from app.passwords import MIN_PASSWORD_LENGTH, hash_password, needs_rehash, verify_password
from scorecards.errors import DomainError
from scorecards.vocab import Role


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def new_session_token() -> str:
    return secrets.token_hex(16)


def create_user(
    email: str,
    password: str,
    role: str,
    display_name: str,
    organisation: Organisation | None = None,
    areas: Iterable[Area] = (),
    is_demo: bool = False,
) -> User:
    """Create a staff account. DomainError codes: ``email_taken``, ``password_too_short``,
    ``role_unknown``, ``email_invalid``."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise DomainError("email_invalid", "email")
    if role not in {r.value for r in Role}:
        raise DomainError("role_unknown", "role")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError("password_too_short", "password", min=MIN_PASSWORD_LENGTH)
    if db.session.scalar(select(func.count()).where(User.email == email)):
        raise DomainError("email_taken", "email")
    user = User(
        email=email,
        display_name=display_name.strip() or email,
        password_hash=hash_password(password),
        role=role,
        organisation=organisation,
        areas=list(areas),
        is_demo=is_demo,
        session_token=new_session_token(),
    )
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or ``None`` (same time either way)."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if not verify_password(user.password_hash if user else None, password):
        return None
    if user is None or not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    return user
