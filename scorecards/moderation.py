"""Moderating free text: the three states of a typed text and how a text is named.

People type free text in three places, on the community and the provider side alike:
a respondent's "why?" beside one indicator, a respondent's closing comment, and a
group's reason for its consensus score. None of it is public until a facilitator approves it; a
facilitator may also hide a text on purpose. "Hidden" and "not looked at yet" must
stay apart, or a facilitator cannot tell what is still waiting for review: each text
is stored with two flags (``approved``, ``hidden``) and its state is read from both.
"""

from __future__ import annotations

import re
from enum import StrEnum

from scorecards.errors import DomainError


class TextKind(StrEnum):
    REASON = "reason"
    COMMENT = "comment"
    CONSENSUS = "consensus"


class TextStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    HIDDEN = "hidden"


def status_of(approved: bool, hidden: bool) -> TextStatus:
    """The state stored as two flags; an approval wins over a stale "hidden" flag, because
    only an approval lets a text reach the public and it is the later, explicit decision."""
    if approved:
        return TextStatus.APPROVED
    return TextStatus.HIDDEN if hidden else TextStatus.PENDING


def flags_of(status: TextStatus | str) -> tuple[bool, bool]:
    """``(approved, hidden)`` to store for ``status``, so the flags never contradict."""
    status = TextStatus(status)
    return status == TextStatus.APPROVED, status == TextStatus.HIDDEN


_REF = re.compile(r"(reason|comment|consensus)-([1-9][0-9]{0,17})")


def text_ref(kind: TextKind | str, row_id: int) -> str:
    """A text's name in forms and links, e.g. ``reason-12`` (kind and the row's id)."""
    return f"{TextKind(kind).value}-{int(row_id)}"


def parse_ref(ref: str) -> tuple[TextKind, int]:
    """The kind and row id of a text's name; ``text_unknown`` for anything else, so a
    forged value is refused instead of reaching a query."""
    match = _REF.fullmatch(ref or "")
    if match is None:
        raise DomainError("text_unknown", field="ref")
    return TextKind(match.group(1)), int(match.group(2))
