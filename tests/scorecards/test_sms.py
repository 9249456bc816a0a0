"""Reading a scorecard sent by SMS and cutting replies into SMS-sized parts."""

from __future__ import annotations

import pytest

from scorecards.sms import (
    answer_field,
    is_gsm,
    normalise_sender,
    parse_message,
    sms_length,
    split_message,
    spread_answers,
)


def test_a_scorecard_message_is_the_code_then_one_answer_per_question():
    request = parse_message("  k7m2qx 4 3  5 - 2\n")
    assert request.kind == "answers"
    assert request.code == "K7M2QX"
    assert request.group is None
    assert request.answers == ("4", "3", "5", "-", "2")


def test_a_code_typed_on_a_cyrillic_keyboard_is_read():
    # Latin letters that share a key with a Cyrillic one are read as the Latin ones.
    assert parse_message("К7М2ХХ 4").code == parse_message("K7M2XX 4").code


def test_a_group_comes_right_after_the_code():
    request = parse_message("K7M2QX G2 4 3 5")
    assert (request.group, request.answers) == (2, ("4", "3", "5"))
    assert parse_message("K7M2QX г3 4").group == 3


@pytest.mark.parametrize(
    "text", ["HELP K7M2QX", "help k7m2qx", "ТУСЛАМЖ K7M2QX", "КӨМЕК K7M2QX", "K7M2QX ?",
             "? K7M2QX", "K7M2QX help"],
)
def test_help_asks_for_the_questions_in_any_offered_language(text):
    request = parse_message(text)
    assert (request.kind, request.code) == ("help", "K7M2QX")


@pytest.mark.parametrize("text", ["", "   ", "HELP", "x" * 1001])
def test_an_empty_or_overlong_message_is_unreadable(text):
    assert parse_message(text).kind in ("unreadable", "help")
    assert parse_message(text).code is None


def test_a_word_that_is_not_a_code_is_kept_to_say_so():
    request = parse_message("Hi! 4 3")
    assert request.kind == "answers" and request.code is None
    assert request.code_text == "Hi!"


def test_answers_without_spaces_are_one_per_character_when_the_count_matches():
    assert spread_answers(("435-2",), 5) == ("4", "3", "5", "-", "2")
    assert spread_answers(("435",), 5) == ("435",)  # the count says it is not that
    assert spread_answers(("4,5",), 3) == ("4,5",)  # a decimal, not three answers
    assert spread_answers(("4", "3"), 2) == ("4", "3")


def test_dont_know_is_a_dash_and_zero_only_where_zero_is_not_a_score():
    assert answer_field("-", zero_on_scale=False) == "dont_know"
    assert answer_field("—", zero_on_scale=True) == "dont_know"
    assert answer_field("0", zero_on_scale=False) == "dont_know"
    assert answer_field("0", zero_on_scale=True) == "0"
    assert answer_field("NA", zero_on_scale=True) == "na"
    assert answer_field("9,5", zero_on_scale=True) == "9,5"


def test_one_phone_is_one_number_however_the_gateway_writes_it():
    forms = ["+976 9911-2233", "97699112233", "0097699112233", "99112233", "(9911) 2233"]
    assert {normalise_sender(form) for form in forms} == {"99112233"}
    assert normalise_sender("+7 701 234 5678") == "77012345678"


def test_cyrillic_replies_are_cut_into_parts_of_70_characters():
    text = "\n".join(
        f"{n}. Сургуулийн бие засах газар цэвэрхэн, дулаан, ус гүйдэг эсэх" for n in range(1, 6)
    )
    parts = split_message(text)
    assert not is_gsm(text)
    assert len(parts) > 1
    assert all(sms_length(part, gsm=False) <= 70 for part in parts)
    assert [part.split(" ", 1)[0] for part in parts] == [
        f"{n}/{len(parts)}" for n in range(1, len(parts) + 1)
    ]
    read_back = " ".join(part.split(" ", 1)[1] for part in parts)
    assert " ".join(read_back.split()) == " ".join(text.split())


def test_latin_replies_use_160_gsm_characters_and_count_extension_characters_twice():
    short = "Thank you, your answers are stored. Receipt: AB12-CD34"
    assert split_message(short) == [short]
    long = " ".join(["word"] * 60)  # 299 characters
    parts = split_message(long)
    assert len(parts) == 2 and all(sms_length(p, gsm=True) <= 160 for p in parts)
    assert sms_length("{€}", gsm=True) == 6


def test_a_word_longer_than_a_part_is_cut_between_characters():
    parts = split_message("ө" * 150)
    assert all(sms_length(p, gsm=False) <= 70 for p in parts)
    assert "".join(p.split(" ", 1)[1] for p in parts) == "ө" * 150


def test_a_character_outside_the_bmp_counts_two_units():
    assert sms_length("😀", gsm=False) == 2
