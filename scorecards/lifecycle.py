"""The round lifecycle: the phases of DESIGN.md §2 and the guarded moves between them.

A round moves forward one phase at a time and may step back one phase to correct
something, except out of ``published``: a published round is locked and only an
unlock (with a reason, recorded by the web layer) takes it back to ``review``.
Data guards refuse a move whose preconditions are not met; each refusal is a
``DomainError`` whose code names the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from scorecards.errors import DomainError
from scorecards.vocab import Side


class Phase(StrEnum):
    PREPARATION = "preparation"
    INPUT_TRACKING = "input_tracking"
    COMMUNITY_SCORING = "community_scoring"
    SELF_ASSESSMENT = "self_assessment"
    INTERFACE_MEETING = "interface_meeting"
    ACTION_PLAN = "action_plan"
    REVIEW = "review"
    PUBLISHED = "published"


ORDER: tuple[Phase, ...] = tuple(Phase)

# Phases in which answers may be collected (phones, paper, tallies, consensus).
COLLECTING_PHASES = frozenset({Phase.COMMUNITY_SCORING, Phase.SELF_ASSESSMENT})


@dataclass(frozen=True)
class RoundFacts:
    """What the guards need to know about a round, counted by the caller."""

    indicator_count: int = 0
    group_count: int = 0
    community_answer_count: int = 0
    provider_answer_count: int = 0
    has_meeting: bool = False
    action_count: int = 0


def allowed_targets(current: Phase) -> list[Phase]:
    """Phases reachable from ``current`` in one move (before data guards)."""
    if current is Phase.PUBLISHED:
        return [Phase.REVIEW]
    index = ORDER.index(current)
    targets = []
    if index + 1 < len(ORDER):
        targets.append(ORDER[index + 1])
    if index > 0:
        targets.append(ORDER[index - 1])
    return targets


def check_transition(current: Phase, target: Phase, facts: RoundFacts) -> None:
    """Raise ``DomainError`` unless moving from ``current`` to ``target`` is allowed.

    Codes: ``transition_not_allowed`` (not adjacent), ``needs_indicators``,
    ``needs_groups``, ``needs_community_scores``, ``needs_meeting``,
    ``needs_actions`` and ``needs_scores`` (publishing a round with no answers).
    """
    if target not in allowed_targets(current):
        raise DomainError("transition_not_allowed", "state", current=current, target=target)
    if ORDER.index(target) < ORDER.index(current):
        return
    if current is Phase.PREPARATION:
        if facts.indicator_count == 0:
            raise DomainError("needs_indicators", "state")
        if facts.group_count == 0:
            raise DomainError("needs_groups", "state")
    if current is Phase.COMMUNITY_SCORING and facts.community_answer_count == 0:
        raise DomainError("needs_community_scores", "state")
    if current is Phase.INTERFACE_MEETING and not facts.has_meeting:
        raise DomainError("needs_meeting", "state")
    if current is Phase.ACTION_PLAN and facts.action_count == 0:
        raise DomainError("needs_actions", "state")
    answers = facts.community_answer_count + facts.provider_answer_count
    if target is Phase.PUBLISHED and answers == 0:
        raise DomainError("needs_scores", "state")


def can_collect(phase: Phase, side: Side) -> bool:
    """Whether answers for ``side`` may be stored while the round is in ``phase``."""
    return phase in COLLECTING_PHASES


def is_locked(phase: Phase) -> bool:
    """Published rounds are locked: their answers cannot change."""
    return phase is Phase.PUBLISHED
