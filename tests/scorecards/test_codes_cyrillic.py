"""Join codes typed on a Mongolian (Cyrillic) keyboard (issue 10)."""

import string

import pytest

from scorecards.codes import CYRILLIC_TO_LATIN, JOIN_ALPHABET, normalise_join_code
from scorecards.errors import DomainError


def test_every_latin_letter_of_a_code_can_be_typed_in_cyrillic():
    typeable = set(CYRILLIC_TO_LATIN.values())
    assert {c for c in JOIN_ALPHABET if c.isalpha()} <= typeable
    assert set(string.ascii_uppercase) <= typeable  # fixed codes too (DEMO01's O)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("ВЕМО01", "BEMO01"),  # look-alikes: В E M O
        ("бемо01", "DEMO01"),  # Б is on the D key of the Mongolian layout; lower case
        ("ДЕМО01", "DEMO01"),  # Д, as Mongolians write D
        ("к7м2фх", "K7M2QX"),  # К М Х look-alikes, Ф on the Q key
        ("НАРСТУ", "HAPCTY"),  # look-alikes only
        ("жыгцяи", "RSUWZN"),  # Mongolian key positions
        ("пйү2", "GJV2"),  # the three letters whose Mongolian key holds a look-alike
        ("К7М-2Q Х", "K7M2QX"),  # mixed with Latin, dash and space
    ],
)
def test_cyrillic_letters_become_the_latin_code_letters(typed, code):
    assert normalise_join_code(typed) == code


@pytest.mark.parametrize("typed", ["ЬЪЩЮ01", "DEMO!", ""])
def test_what_maps_to_no_code_letter_is_still_refused(typed):
    with pytest.raises(DomainError) as error:
        normalise_join_code(typed)
    assert error.value.code == "join_code_invalid"
