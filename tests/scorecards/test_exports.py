"""Spreadsheet downloads: neutralised cells, XLSX layout, CSV encoding."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from scorecards.errors import DomainError
from scorecards.exports import (
    frame_to_csv,
    neutralise_cell,
    round_workbook,
    rows_to_csv,
    safe_sheet_names,
)

DANGEROUS = ["=1+1", "+1+1", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\t=1", "\r=1", "-", "=", "-3"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"),
        ("+7 9911", "'+7 9911"),
        ("-3", "'-3"),  # text, even if it reads like a number
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Сайн", "Сайн"),
        (" =1", " =1"),  # a leading space makes it text already
        ("", ""),
        ("a=b", "a=b"),
        (-3, -3),
        (-2.5, -2.5),
        (None, None),
        (True, True),
    ],
)
def test_neutralise_cell(value, expected):
    assert neutralise_cell(value) == expected


@given(st.text())
def test_neutralised_text_never_starts_with_a_formula_character(text):
    result = neutralise_cell(text)
    assert not result.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert result in (text, "'" + text)  # nothing but a prefix is ever added
    assert (result != text) == text.startswith(("=", "+", "-", "@", "\t", "\r"))


@given(st.one_of(st.integers(), st.floats(allow_nan=False), st.decimals(allow_nan=False)))
def test_numbers_are_untouched(number):
    assert neutralise_cell(number) == number


def frames() -> dict[str, pd.DataFrame]:
    scores = pd.DataFrame(
        {
            "Шалгуур": ["Багш нарын хүрэлцээ", "=1+1", "@SUM(A1)"],
            "Дундаж": [3.5, -1.25, math.nan],
            "Тоо": [12, -3, 0],
            "Тайлбар": ["-хэт муу", None, "+976 9911"],
        }
    )
    by_group = scores.groupby("Тоо").size().rename("n").to_frame()  # named index -> written
    return {"Оноо": scores, "Бүлгээр/2026:1": by_group}


def test_round_workbook_reads_back_neutralised():
    data = round_workbook(frames())
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Оноо", "Бүлгээр_2026_1"]
    sheet = workbook["Оноо"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["Шалгуур", "Дундаж", "Тоо", "Тайлбар"]
    assert values[1] == ["Багш нарын хүрэлцээ", 3.5, 12, "'-хэт муу"]
    assert values[2] == ["'=1+1", -1.25, -3, None]  # numbers stay numbers, NaN/None empty
    assert values[3] == ["'@SUM(A1)", None, 0, "'+976 9911"]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)  # no formulas
    assert all(c.font.b for c in sheet[1]) and not sheet["A2"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == len("Багш нарын хүрэлцээ") + 2
    assert 8 <= sheet.column_dimensions["B"].width <= 60
    grouped = [[c.value for c in row] for row in workbook["Бүлгээр_2026_1"].iter_rows()]
    assert grouped == [["Тоо", "n"], [-3, 1], [0, 1], [12, 1]]


def test_round_workbook_needs_a_sheet():
    with pytest.raises(DomainError) as caught:
        round_workbook({})
    assert caught.value.code == "export_empty"


def test_round_workbook_odd_values():
    frame = pd.DataFrame(
        {
            "when": [pd.Timestamp("2026-05-01 10:00"), pd.NaT],
            "date": [dt.date(2026, 5, 1), None],
            "flag": [True, False],
            "ctrl": ["a\x00b\x07c", "x"],
        }
    )
    sheet = load_workbook(io.BytesIO(round_workbook({"x": frame}))).active
    assert sheet["A2"].value == dt.datetime(2026, 5, 1, 10, 0)
    assert sheet["A3"].value is None
    assert sheet["C2"].value is True
    assert sheet["D2"].value == "abc"  # characters XML cannot carry are dropped


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["a" * 40], ["a" * 31]),
        (["Оноо", "оноо"], ["Оноо", "оноо (2)"]),
        (["x/y?*[1]"], ["x_y___1_"]),
        (["''"], ["Sheet"]),
    ],
)
def test_safe_sheet_names(names, expected):
    assert safe_sheet_names(names) == expected


def test_frame_to_csv_bom_cyrillic_and_neutralised():
    data = frame_to_csv(frames()["Оноо"])
    assert data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Шалгуур", "Дундаж", "Тоо", "Тайлбар"]
    assert rows[1] == ["Багш нарын хүрэлцээ", "3.5", "12", "'-хэт муу"]
    assert rows[2] == ["'=1+1", "-1.25", "-3", ""]  # a negative number is not prefixed
    assert rows[3] == ["'@SUM(A1)", "", "0", "'+976 9911"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_rows_to_csv_prefixes_every_dangerous_text(value):
    text = rows_to_csv([[value]])[3:].decode()
    (row,) = list(csv.reader(io.StringIO(text, newline="")))
    assert row == ["'" + value]
