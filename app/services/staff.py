"""Administering staff accounts: invitations, roles, organisations, area scopes, deactivation.

There is no self-registration: an administrator invites a person, who sets their own
password through a one-time link. Every change is audit-logged with the account as it
was before and after (never a password or a token). Accounts are never deleted, so
the history that names them stays whole.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.models import Area, Organisation, User
from app.models._types import utcnow
from app.models.invitations import Invitation
from app.services.accounts import create_user, new_session_token, set_password
from app.services.audit import record
from scorecards.errors import DomainError
from scorecards.vocab import Role

# Roles whose permissions are scoped by area must be given at least one.
AREA_SCOPED_ROLES = {Role.COORDINATOR, Role.FACILITATOR, Role.OFFICIAL}
ORGANISATION_ROLES = {Role.COORDINATOR, Role.FACILITATOR, Role.OFFICIAL}


def user_snapshot(user: User) -> dict:
    """What the audit log keeps of an account: no password hash, no session token."""
    return {
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role,
        "organisation_id": user.organisation_id,
        "areas": sorted(area.code for area in user.areas),
        "active": user.active,
    }


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _check_assignment(role: str, organisation: Organisation | None, areas: list[Area]) -> None:
    if role not in {r.value for r in Role}:
        raise DomainError("role_unknown", "role")
    if role in ORGANISATION_ROLES and organisation is None:
        raise DomainError("organisation_required", "organisation_id")
    if role in AREA_SCOPED_ROLES and not areas:
        raise DomainError("area_required", "area_ids")


def _issue_invitation(user: User, hours: int, now: datetime) -> str:
    """Invalidate the user's open invitations and return the token of a new one."""
    for invitation in db.session.scalars(
        select(Invitation).where(Invitation.user_id == user.id, Invitation.used_at.is_(None))
    ):
        invitation.expires_at = min(invitation.expires_at, now)
    token = secrets.token_urlsafe(32)
    from flask_login import current_user

    db.session.add(
        Invitation(
            user_id=user.id,
            token_hash=_token_hash(token),
            created_at=now,
            expires_at=now + timedelta(hours=hours),
            created_by_id=getattr(current_user, "id", None),
        )
    )
    db.session.flush()
    return token


@dataclass
class Invited:
    user: User
    token: str


def invite_user(
    email: str,
    display_name: str,
    role: str,
    organisation: Organisation | None,
    areas: Iterable[Area],
    hours: int = 72,
    now: datetime | None = None,
) -> Invited:
    """Create the account with an unknowable password and a one-time link valid ``hours``.

    DomainError codes: those of ``create_user`` and ``organisation_required``,
    ``area_required``.
    """
    now = now or utcnow()
    areas = list(areas)
    _check_assignment(role, organisation, areas)
    user = create_user(email, secrets.token_urlsafe(32), role, display_name, organisation, areas)
    token = _issue_invitation(user, hours, now)
    record("user.invited", "user", user.id, after=user_snapshot(user))
    return Invited(user, token)


def reinvite(user: User, hours: int = 72, now: datetime | None = None) -> str:
    """A fresh link for someone whose link expired or was lost (the old one stops working)."""
    token = _issue_invitation(user, hours, now or utcnow())
    record("user.reinvited", "user", user.id)
    return token


def find_invitation(token: str, now: datetime | None = None) -> Invitation | None:
    """The usable invitation for ``token`` or ``None`` (unknown, used, expired, deactivated)."""
    if not token or len(token) > 200:
        return None
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.token_hash == _token_hash(token))
    )
    if invitation is None or not invitation.usable(now or utcnow()):
        return None
    return invitation


def accept_invitation(invitation: Invitation, password: str, now: datetime | None = None) -> User:
    """Set the invited user's first password and use the link up."""
    user = invitation.user
    set_password(user, password)
    invitation.used_at = now or utcnow()
    record("user.invitation_accepted", "user", user.id, user_id=user.id)
    return user


def _active_admins() -> int:
    return db.session.scalar(
        select(func.count()).where(User.role == Role.ADMIN, User.active.is_(True))
    )


def _guard_self_and_last_admin(actor: User, user: User, removes_admin: bool) -> None:
    if actor.id == user.id:
        raise DomainError("own_account", "role")
    if removes_admin and user.role == Role.ADMIN and user.active and _active_admins() <= 1:
        raise DomainError("last_admin", "role")


def update_user(
    actor: User,
    user: User,
    display_name: str,
    role: str,
    organisation: Organisation | None,
    areas: Iterable[Area],
) -> None:
    """Change name, role, organisation and area scope; a changed role or scope signs the
    user out everywhere so the new permissions apply at once."""
    areas = list(areas)
    _check_assignment(role, organisation, areas)
    before = user_snapshot(user)
    if role != user.role or organisation is not user.organisation:
        _guard_self_and_last_admin(actor, user, removes_admin=role != Role.ADMIN)
    user.display_name = display_name.strip() or user.email
    user.role = role
    user.organisation = organisation
    user.areas = areas
    after = user_snapshot(user)
    if after == before:
        return
    if {k: before[k] for k in ("role", "organisation_id", "areas")} != {
        k: after[k] for k in ("role", "organisation_id", "areas")
    }:
        user.session_token = new_session_token()
    record("user.updated", "user", user.id, before=before, after=after)


def set_active(actor: User, user: User, active: bool) -> None:
    """Deactivate (signed out at once, cannot sign in, history kept) or reactivate."""
    if user.active == active:
        return
    if not active:
        _guard_self_and_last_admin(actor, user, removes_admin=True)
    before = user_snapshot(user)
    user.active = active
    user.session_token = new_session_token()
    action = "user.reactivated" if active else "user.deactivated"
    record(action, "user", user.id, before=before, after=user_snapshot(user))


def unlock(user: User) -> None:
    """Lift a sign-in lock-out before it ends by itself."""
    if user.locked_until is None and not user.failed_logins:
        return
    before = {"locked_until": user.locked_until.isoformat() if user.locked_until else None}
    user.locked_until = None
    user.failed_logins = 0
    record("user.unlocked", "user", user.id, before=before, after={"locked_until": None})


@dataclass
class UserFilter:
    role: str = ""
    organisation_id: int = 0
    status: str = ""  # "", "active", "inactive", "invited", "locked"
    text: str = ""


def list_users(filters: UserFilter, now: datetime | None = None) -> list[User]:
    """Accounts matching ``filters``, by e-mail. ``invited``: has never set a password."""
    now = now or utcnow()
    query = select(User).order_by(User.email)
    if filters.role:
        query = query.where(User.role == filters.role)
    if filters.organisation_id:
        query = query.where(User.organisation_id == filters.organisation_id)
    if filters.status == "active":
        query = query.where(User.active.is_(True))
    elif filters.status == "inactive":
        query = query.where(User.active.is_(False))
    elif filters.status == "locked":
        query = query.where(User.locked_until > now)
    elif filters.status == "invited":
        accepted = select(Invitation.user_id).where(Invitation.used_at.is_not(None))
        pending = select(Invitation.user_id)
        query = query.where(User.id.in_(pending), User.id.not_in(accepted))
    if filters.text:
        pattern = f"%{filters.text.strip().lower()}%"
        query = query.where(
            func.lower(User.email).like(pattern) | func.lower(User.display_name).like(pattern)
        )
    return list(db.session.scalars(query))


def pending_invitation(user: User, now: datetime | None = None) -> Invitation | None:
    now = now or utcnow()
    return db.session.scalar(
        select(Invitation)
        .where(Invitation.user_id == user.id, Invitation.used_at.is_(None))
        .where(Invitation.expires_at > now)
        .order_by(Invitation.id.desc())
        .limit(1)
    )


def list_organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name_mn)))


def create_organisation(name_mn: str, name_en: str, kind: str) -> Organisation:
    """A new organisation staff can be invited into; ``DomainError('organisation_taken',
    'name_mn')`` when the Mongolian name is already used (names are unique)."""
    name_mn = (name_mn or "").strip()
    name_en = (name_en or "").strip() or name_mn
    taken = db.session.scalar(
        select(func.count()).select_from(Organisation).where(Organisation.name_mn == name_mn)
    )
    if taken:
        raise DomainError("organisation_taken", "name_mn")
    organisation = Organisation(name_mn=name_mn, name_en=name_en, kind=kind)
    db.session.add(organisation)
    db.session.flush()
    record(
        "organisation.create",
        "organisation",
        organisation.id,
        after={"name_mn": name_mn, "name_en": name_en, "kind": kind},
    )
    return organisation
