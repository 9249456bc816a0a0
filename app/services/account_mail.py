"""Account e-mails: password reset links and e-mailed invitations.

A reset link is one-time and time-limited (``RESET_MINUTES``); only a SHA-256 hash of
its token is stored, so a copy of the database opens no account, and the e-mail's
body is emptied once it has gone (``app.services.mail``). Asking for a link says the
same whether or not an account has the address; at most ``RESETS_PER_HOUR`` links are
made for one account in an hour, so nobody can fill a mailbox from the sign-in page.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from app.extensions import db
from app.models import PasswordReset, User
from app.models._types import utcnow
from app.models.invitations import Invitation
from app.models.notifications import MailKind, MailMessage
from app.services import mail
from app.services.accounts import normalise_email, set_password
from app.services.audit import record

RESET_MINUTES = 60
RESETS_PER_HOUR = 3
TOKEN_LENGTH_LIMIT = 200


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def request_reset(email: str, now: datetime | None = None) -> MailMessage | None:
    """Queue a reset e-mail for the active account with ``email``; ``None`` when there is
    none, or when it already had ``RESETS_PER_HOUR`` links in the last hour.

    A new link makes the account's earlier unused links stop working. Audit-logged
    (``user.password_reset_requested``), never with the token."""
    now = now or utcnow()
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None or not user.active:
        return None
    recent = db.session.scalar(
        select(func.count())
        .select_from(PasswordReset)
        .where(
            PasswordReset.user_id == user.id,
            PasswordReset.created_at > now - timedelta(hours=1),
        )
    )
    if recent >= RESETS_PER_HOUR:
        return None
    for earlier in db.session.scalars(
        select(PasswordReset).where(
            PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None)
        )
    ):
        earlier.expires_at = min(earlier.expires_at, now)
    token = secrets.token_urlsafe(32)
    db.session.add(
        PasswordReset(
            user=user,
            token_hash=_token_hash(token),
            created_at=now,
            expires_at=now + timedelta(minutes=RESET_MINUTES),
        )
    )
    record("user.password_reset_requested", "user", user.id)
    language = mail.mail_language(user)
    link = mail.absolute_url("account_mail.reset", token=token)
    with force_locale(language):
        subject = _("Egekh: set a new password")
    text, html = mail.render(
        "password_reset", language, user=user, link=link, minutes=RESET_MINUTES,
        request_url=mail.absolute_url("account_mail.reset_request"),
    )
    return mail.queue(user, user.email, MailKind.PASSWORD_RESET, language, subject, text, html)


@dataclass(frozen=True)
class ResetLink:
    """What a reset link is now: ``usable``, ``used``, ``expired`` or ``unknown``
    (never issued, or its account deactivated); ``reset`` is the row when it exists."""

    state: str
    reset: PasswordReset | None = None


def find_reset(token: str, now: datetime | None = None) -> ResetLink:
    """Look a reset link's token up (by its hash) and say what it is now."""
    now = now or utcnow()
    if not token or len(token) > TOKEN_LENGTH_LIMIT:
        return ResetLink("unknown")
    reset = db.session.scalar(
        select(PasswordReset).where(PasswordReset.token_hash == _token_hash(token))
    )
    if reset is None or not reset.user.active:
        return ResetLink("unknown")
    if reset.used_at is not None:
        return ResetLink("used", reset)
    if reset.expires_at <= now:
        return ResetLink("expired", reset)
    return ResetLink("usable", reset)


def complete_reset(reset: PasswordReset, password: str, now: datetime | None = None) -> User:
    """Set the new password (the same rules as everywhere: ``DomainError`` with a
    ``password_*`` code) and use the link up; every session of the account is signed
    out and a sign-in lock is lifted. Audit-logged (``user.password_reset``)."""
    now = now or utcnow()
    user = reset.user
    set_password(user, password)
    reset.used_at = now
    record("user.password_reset", "user", user.id, user_id=user.id)
    return user


def email_invitation(invitation: Invitation, token: str, hours: int) -> MailMessage:
    """Queue the invitation link ``token`` (of ``invitation``) to the invited person's
    address, in the site's first language (the person has chosen none yet).
    Audit-logged (``user.invitation_emailed``), never with the token."""
    user = invitation.user
    language = mail.mail_language(user)
    link = mail.absolute_url("account.invitation", token=token)
    with force_locale(language):
        subject = _("Egekh: you are invited to take part")
    text, html = mail.render(
        "invitation", language, user=user, link=link, hours=hours
    )
    message = mail.queue(user, user.email, MailKind.INVITATION, language, subject, text, html)
    record("user.invitation_emailed", "user", user.id, after={"to": user.email})
    return message
