"""Which new passwords are accepted: long enough and not guessable.

Following ASVS 5.0 (V6.2): at least ``MIN_PASSWORD_LENGTH`` characters, no upper
limit below 128, no composition rules, but refused when the password is on a list of
the most common passwords (also once trailing digits and symbols are stripped, so
``dragon2024!`` counts as ``dragon``), contains the account's e-mail name or the
product name, or is made of three characters or fewer repeated.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from app.services.passwords import MIN_PASSWORD_LENGTH

MAX_PASSWORD_LENGTH = 1024
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parents[1] / "data" / "common_passwords.txt"
PRODUCT_WORDS = ("egekh", "эгэх")
MIN_DISTINCT_CHARACTERS = 4
MIN_PERSONAL_FRAGMENT = 4


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _core(password: str) -> str:
    """The password without the digits and symbols people add at the end."""
    return password.rstrip("0123456789!@#$%^&*()-_=+.,?~ ")


def password_problem(password: str, email: str = "", display_name: str = "") -> str | None:
    """The reason ``password`` is refused, as a DomainError code, or ``None`` when it is fine.

    Codes: ``password_too_short`` (with ``min``), ``password_too_long``,
    ``password_common``, ``password_personal``, ``password_repetitive``.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return "password_too_short"
    if len(password) > MAX_PASSWORD_LENGTH:
        return "password_too_long"
    lowered = password.lower()
    common = common_passwords()
    if lowered in common or _core(lowered) in common or lowered.strip() in common:
        return "password_common"
    if len(set(lowered)) < MIN_DISTINCT_CHARACTERS:
        return "password_repetitive"
    personal = [email.lower(), email.lower().split("@")[0], *PRODUCT_WORDS]
    personal += [part.lower() for part in display_name.split()]
    for fragment in personal:
        if len(fragment) >= MIN_PERSONAL_FRAGMENT and fragment in lowered:
            return "password_personal"
    return None
