"""Device tokens: what lets a tablet with ODK Collect or KoboCollect reach a round.

A facilitator makes a token for one round or for every round they run (and may still
edit); the token goes into the server address the tablet is given (by QR code), so
the tablet needs no account. Only its SHA-256 hash is stored, so the token is shown
once, when it is made. Revoking takes effect on the tablet's next request. Every
creation and revocation is written to the audit log.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select

from app.extensions import db
from app.models import Round, User
from app.models._types import utcnow
from app.models.devices import DeviceToken
from app.permissions import can
from app.services import audit
from scorecards.errors import DomainError

TOKEN_BYTES = 24
"""Random bytes of a token (192 bits; 32 URL-safe characters)."""
MAX_LABEL = 80
SCOPES = ("round", "facilitator")


def token_hash(secret: str) -> str:
    """SHA-256 hex of a token as it appears in a server address."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(round_: Round, user: User, label: str, scope: str) -> tuple[DeviceToken, str]:
    """A new token for ``round_`` (scope ``round``) or for every round ``user`` runs
    (scope ``facilitator``); returns the row and the token itself, which is never stored.

    Raises ``DomainError``: ``label_required``/``text_too_long`` (field ``label``),
    ``choice_invalid`` (field ``scope``).
    """
    label = " ".join((label or "").split())
    if not label:
        raise DomainError("label_required", "label")
    if len(label) > MAX_LABEL:
        raise DomainError("text_too_long", "label", max=MAX_LABEL)
    if scope not in SCOPES:
        raise DomainError("choice_invalid", "scope")
    secret = secrets.token_urlsafe(TOKEN_BYTES)
    token = DeviceToken(
        token_hash=token_hash(secret),
        label=label,
        round_id=round_.id if scope == "round" else None,
        user_id=user.id if scope == "facilitator" else None,
        created_by_id=user.id,
    )
    db.session.add(token)
    db.session.flush()
    audit.record(
        "device_token.create",
        "device_token",
        token.id,
        after={"label": label, "round": token.round_id, "user": token.user_id},
    )
    return token, secret


def may_manage(user: User, token: DeviceToken) -> bool:
    """A round's token: whoever may edit the round; a facilitator's token: its owner
    (and administrators)."""
    if token.round is not None:
        return can(user, "round.edit", token.round)
    return token.user_id == user.id or getattr(user, "role", None) == "admin"


def revoke(token: DeviceToken, user: User) -> None:
    """Refuse the token from now on; ``DomainError("token_revoked")`` if it already is."""
    if token.revoked_at is not None:
        raise DomainError("token_revoked", "token")
    token.revoked_at = utcnow()
    token.revoked_by_id = user.id
    audit.record(
        "device_token.revoke",
        "device_token",
        token.id,
        before={"revoked": False},
        after={"revoked": True, "label": token.label},
    )
    db.session.flush()


def find(secret: str) -> DeviceToken | None:
    """The token row for a token as sent (revoked ones included), or ``None``."""
    if not secret or len(secret) > 128:
        return None
    return db.session.scalar(
        select(DeviceToken).where(DeviceToken.token_hash == token_hash(secret))
    )


def covers(token: DeviceToken, round_: Round) -> bool:
    """Whether an active token reaches ``round_``: its own round, or (a facilitator's
    token) a round the facilitator runs and may still edit, while their account is
    active."""
    if token.revoked_at is not None:
        return False
    if token.round_id is not None:
        return token.round_id == round_.id
    user = token.user
    return (
        user is not None
        and user.active
        and any(f.id == user.id for f in round_.facilitators)
        and can(user, "round.edit", round_)
    )


def rounds_for(token: DeviceToken) -> list[Round]:
    """The rounds an active token reaches, newest first."""
    if token.revoked_at is not None:
        return []
    if token.round_id is not None:
        return [token.round] if token.round is not None else []
    from app.models import round_facilitator

    rounds = db.session.scalars(
        select(Round)
        .join(round_facilitator, round_facilitator.c.round_id == Round.id)
        .where(round_facilitator.c.user_id == token.user_id)
        .order_by(Round.id.desc())
    )
    return [r for r in rounds if covers(token, r)]


def tokens_for_round(round_: Round, user: User) -> list[DeviceToken]:
    """The active tokens shown on a round's collection page: the round's own and the
    signed-in user's tokens for all their rounds."""
    return list(
        db.session.scalars(
            select(DeviceToken)
            .where(
                DeviceToken.revoked_at.is_(None),
                (DeviceToken.round_id == round_.id) | (DeviceToken.user_id == user.id),
            )
            .order_by(DeviceToken.id)
        )
    )


def mark_used(token: DeviceToken) -> None:
    """Note that the token just sent an interview (shown beside it on the page)."""
    token.last_used_at = utcnow()

