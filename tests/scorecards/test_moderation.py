"""The three states of a typed text and how a text is named in forms."""

import pytest

from scorecards.errors import DomainError
from scorecards.moderation import TextKind, TextStatus, flags_of, parse_ref, status_of, text_ref


@pytest.mark.parametrize(
    ("approved", "hidden", "status"),
    [
        (False, False, TextStatus.PENDING),
        (True, False, TextStatus.APPROVED),
        (False, True, TextStatus.HIDDEN),
        (True, True, TextStatus.APPROVED),
    ],
)
def test_status_is_read_from_both_flags(approved, hidden, status):
    assert status_of(approved, hidden) == status


@pytest.mark.parametrize("status", list(TextStatus))
def test_flags_round_trip_and_never_contradict(status):
    approved, hidden = flags_of(status)
    assert not (approved and hidden)
    assert status_of(approved, hidden) == status


def test_refs_round_trip():
    for kind in TextKind:
        assert parse_ref(text_ref(kind, 42)) == (kind, 42)


@pytest.mark.parametrize(
    "ref",
    [
        "",
        "reason",
        "reason-",
        "reason-0",
        "reason-01",
        "score-3",
        "reason-3 ",
        "reason-3\n",
        "reason--3",
    ],
)
def test_a_forged_ref_is_refused_with_a_code(ref):
    with pytest.raises(DomainError) as caught:
        parse_ref(ref)
    assert caught.value.code == "text_unknown"
