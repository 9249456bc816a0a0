"""Passwords are stored as argon2id hashes with production parameters.

The suite swaps in argon2's cheapest parameters (tests/conftest.py); these tests read
the parameters a production process uses, from a fresh interpreter.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app.services import passwords


def _production_hash() -> str:
    code = "from app.services.passwords import hash_password; print(hash_password('x' * 12))"
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[3],
    ).stdout.strip()


def test_a_production_hash_is_argon2id_with_64_mib_three_passes_four_lanes():
    assert _production_hash().startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_a_hash_checks_only_its_own_password_and_an_unknown_account_never_signs_in():
    stored = passwords.hash_password("correct horse 12")
    assert passwords.verify_password(stored, "correct horse 12")
    assert not passwords.verify_password(stored, "correct horse 13")
    assert not passwords.verify_password(None, "correct horse 12")
    assert not passwords.verify_password("not a hash", "correct horse 12")
