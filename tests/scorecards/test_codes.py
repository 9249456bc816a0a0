"""Join codes and receipts."""

import random
import uuid

import pytest

from scorecards.codes import JOIN_ALPHABET, generate_join_code, normalise_join_code, receipt_for
from scorecards.errors import DomainError


def test_alphabet_has_no_look_alike_characters():
    for confusable in "0O1IL":
        assert confusable not in JOIN_ALPHABET


def test_generated_codes_are_six_unambiguous_characters():
    rng = random.Random(1)
    codes = {generate_join_code(rng) for _ in range(500)}
    assert len(codes) == 500
    assert all(len(c) == 6 and set(c) <= set(JOIN_ALPHABET) for c in codes)


def test_seeded_generation_is_deterministic():
    assert generate_join_code(random.Random(7)) == generate_join_code(random.Random(7))


@pytest.mark.parametrize(
    ("typed", "code"),
    [("demo01", "DEMO01"), (" DeMo 01 ", "DEMO01"), ("k7m-p2q", "K7MP2Q")],
)
def test_codes_are_matched_case_insensitively(typed, code):
    assert normalise_join_code(typed) == code


@pytest.mark.parametrize("typed", ["", "ab", "ABC$12", "Ь12345", "A" * 13])  # Ө is F (keyboard)
def test_malformed_codes_are_refused(typed):
    with pytest.raises(DomainError) as caught:
        normalise_join_code(typed)
    assert caught.value.code == "join_code_invalid"


def test_receipt_is_stable_for_a_uuid_and_differs_between_uuids():
    first = str(uuid.UUID(int=1))
    assert receipt_for(first) == receipt_for(first.upper())
    assert receipt_for(first) != receipt_for(str(uuid.UUID(int=2)))
    assert len(receipt_for(first)) == 9 and receipt_for(first)[4] == "-"
