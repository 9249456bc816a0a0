"""Keyed hashes of identifying values the app must compare but never keep.

An e-mail address without an account (the sign-in lock-out), a citizen's client
address and device cookie (flagging bursts of sends) are stored only as
HMAC-SHA256 under the site's ``SECRET_KEY`` with a purpose label, as DESIGN.md §6
asks for an SMS sender: equal values give equal hashes on every server of the site,
yet the database alone (a backup, a leaked copy) does not let anyone test a guess
such as an address range, and the hashes of one purpose cannot be matched with
another's. Rotating ``SECRET_KEY`` starts every count afresh, which is harmless.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app


def keyed_hash(purpose: str, value: str) -> str:
    """64 hex characters: HMAC-SHA256 of ``value`` under the site's key and ``purpose``."""
    key = f"{current_app.config['SECRET_KEY']}\x00egekh:{purpose}".encode()
    return hmac.new(key, value.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()
