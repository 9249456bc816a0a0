"""Fingerprints of submissions, so a repeated UUID with different content is caught."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping


def content_fingerprint(
    side: str,
    group_id: int | None,
    demographics: Mapping[str, str],
    answers: Mapping[int, tuple[float | None, str | None, str]],
    comment: str,
) -> str:
    """SHA-256 hex of a canonical JSON form of what a respondent sent.

    ``answers`` maps a round indicator id to (value, missing reason, reason text).
    Two sends of the same answers give the same fingerprint whatever the key order.
    """
    canonical = {
        "side": side,
        "group": group_id,
        "demographics": dict(sorted(demographics.items())),
        "answers": {
            str(key): [None if v is None else float(v), m, (r or "").strip()]
            for key, (v, m, r) in sorted(answers.items())
        },
        "comment": (comment or "").strip(),
    }
    encoded = json.dumps(canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()
