"""The round lifecycle's allowed moves and data guards, table-driven."""

import pytest

from scorecards.errors import DomainError
from scorecards.lifecycle import (
    Phase,
    RoundFacts,
    allowed_targets,
    can_collect,
    check_transition,
    is_locked,
)
from scorecards.vocab import Side

FULL = RoundFacts(
    indicator_count=12,
    group_count=4,
    community_answer_count=30,
    provider_answer_count=5,
    has_meeting=True,
    action_count=3,
)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (Phase.PREPARATION, Phase.INPUT_TRACKING),
        (Phase.INPUT_TRACKING, Phase.COMMUNITY_SCORING),
        (Phase.COMMUNITY_SCORING, Phase.SELF_ASSESSMENT),
        (Phase.SELF_ASSESSMENT, Phase.INTERFACE_MEETING),
        (Phase.INTERFACE_MEETING, Phase.ACTION_PLAN),
        (Phase.ACTION_PLAN, Phase.REVIEW),
        (Phase.REVIEW, Phase.PUBLISHED),
        (Phase.PUBLISHED, Phase.REVIEW),  # unlock
        (Phase.INPUT_TRACKING, Phase.PREPARATION),  # one step back to correct
        (Phase.REVIEW, Phase.ACTION_PLAN),
    ],
)
def test_allowed_moves(current, target):
    check_transition(current, target, FULL)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (Phase.PREPARATION, Phase.COMMUNITY_SCORING),
        (Phase.PREPARATION, Phase.PUBLISHED),
        (Phase.COMMUNITY_SCORING, Phase.REVIEW),
        (Phase.PUBLISHED, Phase.ACTION_PLAN),
        (Phase.REVIEW, Phase.REVIEW),
    ],
)
def test_skipping_phases_is_refused(current, target):
    with pytest.raises(DomainError) as caught:
        check_transition(current, target, FULL)
    assert caught.value.code == "transition_not_allowed"


@pytest.mark.parametrize(
    ("current", "facts", "code"),
    [
        (Phase.PREPARATION, RoundFacts(indicator_count=0, group_count=3), "needs_indicators"),
        (Phase.PREPARATION, RoundFacts(indicator_count=10, group_count=0), "needs_groups"),
        (Phase.COMMUNITY_SCORING, RoundFacts(), "needs_community_scores"),
        (Phase.INTERFACE_MEETING, RoundFacts(community_answer_count=3), "needs_meeting"),
        (Phase.ACTION_PLAN, RoundFacts(has_meeting=True), "needs_actions"),
        (Phase.REVIEW, RoundFacts(), "needs_scores"),
    ],
)
def test_guards_refuse_with_the_reason(current, facts, code):
    target = allowed_targets(current)[0]
    with pytest.raises(DomainError) as caught:
        check_transition(current, target, facts)
    assert caught.value.code == code


def test_stepping_back_needs_no_data():
    check_transition(Phase.ACTION_PLAN, Phase.INTERFACE_MEETING, RoundFacts())


def test_published_rounds_are_locked_and_only_unlock_to_review():
    assert is_locked(Phase.PUBLISHED)
    assert not is_locked(Phase.REVIEW)
    assert allowed_targets(Phase.PUBLISHED) == [Phase.REVIEW]


@pytest.mark.parametrize("phase", list(Phase))
def test_collection_only_while_scoring(phase):
    expected = phase in (Phase.COMMUNITY_SCORING, Phase.SELF_ASSESSMENT)
    assert can_collect(phase, Side.COMMUNITY) is expected
    assert can_collect(phase, Side.PROVIDER) is expected
