"""Join codes that people read aloud and type, and receipt numbers.

Generated codes use an alphabet without look-alike characters (no 0/O, 1/I/L).
Codes are compared case-insensitively with spaces and dashes ignored. Fixed codes
chosen by people (the demo's ``DEMO01``) are stored as given and matched the same way.
"""

from __future__ import annotations

import hashlib
import random
import re

from scorecards.errors import DomainError

JOIN_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
JOIN_CODE_LENGTH = 6
_CODE_SHAPE = re.compile(r"^[A-Z0-9]{4,12}$")
_RECEIPT_ALPHABET = JOIN_ALPHABET


def generate_join_code(rng: random.Random | None = None) -> str:
    """A new 6-character code; pass a seeded ``rng`` for deterministic demos.

    Without ``rng`` the system's cryptographic source is used, so codes cannot be
    guessed from earlier ones.
    """
    source = rng or random.SystemRandom()
    return "".join(source.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(text: str) -> str:
    """Upper-case, drop spaces and dashes; ``DomainError('join_code_invalid')`` if malformed."""
    code = re.sub(r"[\s\-]", "", text or "").upper()
    if not _CODE_SHAPE.match(code):
        raise DomainError("join_code_invalid", "code")
    return code


def receipt_for(submission_uuid: str) -> str:
    """A short receipt derived from the submission's UUID: ``XXXX-XXXX``.

    Deterministic, so a retried submission is given the same receipt.
    """
    digest = hashlib.sha256(submission_uuid.lower().encode()).digest()
    number = int.from_bytes(digest[:8], "big")
    chars = []
    for _ in range(8):
        number, index = divmod(number, len(_RECEIPT_ALPHABET))
        chars.append(_RECEIPT_ALPHABET[index])
    return "".join(chars[:4]) + "-" + "".join(chars[4:])
