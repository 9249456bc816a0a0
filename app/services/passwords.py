"""Password hashing with argon2id (memory-hard), through argon2-cffi."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# argon2-cffi's defaults: time cost 3, 64 MiB, 4 lanes (RFC 9106's low-memory choice).
_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 10


@cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    """A hash compared against when the account does not exist, so a wrong e-mail and
    a wrong password take the same time; made on first use (about 0.3 s on 2 cores),
    not when the module is imported; one per hasher."""
    return hasher.hash("egekh-timing-equaliser")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; compares against a dummy hash when there is none."""
    try:
        return (
            _hasher.verify(password_hash or _dummy_hash(_hasher), password)
            and password_hash is not None
        )
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
