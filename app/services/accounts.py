"""Creating and authenticating staff accounts."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import and_, case, delete, func, select, update
from sqlalchemy.orm.attributes import set_committed_value

from app.extensions import db
from app.models import Area, Organisation, User
from app.models._types import utcnow
from app.services.password_policy import password_problem
from app.services.passwords import MIN_PASSWORD_LENGTH, hash_password, needs_rehash, verify_password
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
    """Create a staff account. DomainError codes: ``email_taken``, ``role_unknown``,
    ``email_invalid`` and the ``password_*`` codes of ``app.services.password_policy``."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise DomainError("email_invalid", "email")
    if role not in {r.value for r in Role}:
        raise DomainError("role_unknown", "role")
    check_new_password(password, email, display_name)
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


def check_new_password(password: str, email: str = "", display_name: str = "") -> None:
    """Raise DomainError (field ``password``) when the policy refuses ``password``."""
    problem = password_problem(password, email, display_name)
    if problem is not None:
        raise DomainError(problem, "password", min=MIN_PASSWORD_LENGTH)


def set_password(user: User, password: str) -> None:
    """Give ``user`` a new password and sign every existing session of theirs out."""
    check_new_password(password, user.email, user.display_name)
    user.password_hash = hash_password(password)
    user.session_token = new_session_token()
    user.failed_logins = 0
    user.locked_until = None


def change_password(user: User, current_password: str, new_password: str) -> None:
    """The user's own change: the current password must be right (``password_wrong``) and the
    new one must differ from it (``password_unchanged``). Audit-logged without any secret."""
    if not verify_password(user.password_hash, current_password):
        raise DomainError("password_wrong", "current_password")
    if new_password == current_password:
        raise DomainError("password_unchanged", "new_password")
    try:
        set_password(user, new_password)
    except DomainError as error:
        raise DomainError(error.code, "new_password", **error.params) from None
    from app.services.audit import record

    record("user.password_changed", "user", user.id, user_id=user.id)


def is_locked(user: User, now: datetime | None = None) -> bool:
    return user.locked_until is not None and user.locked_until > (now or utcnow())


def authenticate(
    email: str,
    password: str,
    max_failures: int = 5,
    lock_minutes: int = 15,
    now: datetime | None = None,
) -> User | None:
    """The active user with this e-mail and password, or ``None`` (same time either way).

    ``max_failures`` wrong passwords in a row lock the account for ``lock_minutes``;
    while locked, even the right password is refused with DomainError
    ``account_locked`` (param ``until``, naive UTC); the attempt that reaches the limit
    is still answered as a wrong password. A wrong password is counted even while the
    account is locked (it does not lengthen the lock). An e-mail address without an
    account is counted and locked the same way (``count_unknown_failure``) and the dummy
    hash is checked for it, so its answers, their status and their time are those of a
    wrong password or a locked account. The count is kept in
    the database by one ``UPDATE … RETURNING`` (``count_failure``), so parallel guesses
    cannot overwrite each other's count and slip past the lock. The caller commits in
    every case, so failures are counted.
    """
    now = now or utcnow()
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    correct = verify_password(user.password_hash if user else None, password)
    if user is None:
        # No account: counted per keyed hash of the address, answered as for an account.
        count, until = count_unknown_failure(email, max_failures, lock_minutes, now)
        if until is not None and until > now and count > max_failures:
            raise DomainError("account_locked", "email", until=until)
        return None
    locked = is_locked(user, now)
    if not correct:
        count_failure(user, max_failures, lock_minutes, now)
    if locked:
        raise DomainError("account_locked", "email", until=user.locked_until)
    if not correct or user is None or not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    return user


def count_failure(user: User, max_failures: int, lock_minutes: int, now: datetime) -> int:
    """Count one wrong password for ``user`` atomically; lock the account at ``max_failures``.

    One statement reads and writes the counter (``failed_logins = failed_logins + 1``,
    the row locked by the database while it runs), so 16 parallel guesses leave it at
    16 on SQLite and PostgreSQL alike. A lock that has already ended restarts the count
    at 1; a lock still running is kept as it is (guesses do not lengthen it). The
    count goes back to 0 on a successful sign-in or an administrator's unlock. Returns
    the new count; ``user`` is refreshed from the row.
    """
    from app.services.audit import record

    until = now + timedelta(minutes=lock_minutes)
    lock_ended = and_(User.locked_until.is_not(None), User.locked_until <= now)
    lock_running = and_(User.locked_until.is_not(None), User.locked_until > now)
    new_count = case((lock_ended, 1), else_=func.coalesce(User.failed_logins, 0) + 1)
    statement = (
        update(User)
        .where(User.id == user.id)
        .values(
            failed_logins=new_count,
            locked_until=case(
                (lock_running, User.locked_until),
                (new_count >= max_failures, until),
                else_=None,
            ),
        )
        .returning(User.failed_logins, User.locked_until)
        .execution_options(synchronize_session=False)
    )
    count, locked_until = db.session.execute(statement).one()
    set_committed_value(user, "failed_logins", count)
    set_committed_value(user, "locked_until", locked_until)
    if count == max_failures:
        record(
            "user.locked", "user", user.id, after={"locked_until": until.isoformat()},
            note=f"{max_failures} failed sign-ins", user_id=None,
        )
    return count


UNKNOWN_FAILURES_KEPT = timedelta(days=1)


def count_unknown_failure(
    email: str, max_failures: int, lock_minutes: int, now: datetime
) -> tuple[int, datetime | None]:
    """Count one failed sign-in for an address without an account; ``(count, locked_until)``.

    The same rule as ``count_failure`` (lock at ``max_failures`` for ``lock_minutes``, a
    running lock kept as it is, an ended one restarting the count at 1), in one atomic
    ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` on SQLite and PostgreSQL alike, keyed by
    a keyed hash of the normalised address (``app.hashing``). A count above
    ``max_failures`` with a lock still running means the address was already locked.
    Rows untouched for ``UNKNOWN_FAILURES_KEPT`` are deleted.
    """
    from app.hashing import keyed_hash
    from app.models.accounts import SignInFailure

    if db.engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert
    table = SignInFailure.__table__
    until = now + timedelta(minutes=lock_minutes)
    lock_ended = and_(table.c.locked_until.is_not(None), table.c.locked_until <= now)
    lock_running = and_(table.c.locked_until.is_not(None), table.c.locked_until > now)
    new_count = case((lock_ended, 1), else_=table.c.failed_logins + 1)
    statement = upsert(table).values(
        email_hash=keyed_hash("sign-in", normalise_email(email)),
        failed_logins=1,
        locked_until=until if max_failures <= 1 else None,
        updated_at=now,
    )
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.email_hash],
        set_={
            "failed_logins": new_count,
            "locked_until": case(
                (lock_running, table.c.locked_until),
                (new_count >= max_failures, until),
                else_=None,
            ),
            "updated_at": now,
        },
    ).returning(table.c.failed_logins, table.c.locked_until)
    count, locked_until = db.session.execute(statement).one()
    db.session.execute(
        delete(table).where(table.c.updated_at < now - UNKNOWN_FAILURES_KEPT)
    )
    return int(count), locked_until
