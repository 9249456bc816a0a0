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
    Sheet,
    content_disposition,
    frame_to_csv,
    neutralise_cell,
    notes_rows,
    round_workbook,
    rows_to_csv,
    safe_sheet_names,
    workbook,
)

DANGEROUS = ["=1+1", "+1+1", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\t=1", "\r=1", "-", "=", "-3",
             " =1", "\n@x"]


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
        (" =1", "' =1"),  # spreadsheets skip leading spaces before a formula
        ("\n\t@x", "'\n\t@x"),
        ("  -", "'  -"),
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


STARTS = ("=", "+", "-", "@", "\t", "\r")


@given(st.text())
def test_neutralised_text_never_starts_with_a_formula_character(text):
    result = neutralise_cell(text)
    assert not result.startswith(STARTS) and not result.lstrip().startswith(STARTS)
    assert result in (text, "'" + text)  # nothing but a prefix is ever added
    runnable = text.startswith(STARTS) or text.lstrip().startswith(STARTS)
    assert (result != text) == runnable  # harmless text is left exactly as typed


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


def test_labelled_workbook_names_above_codes_and_numbers_as_numbers():
    labels = {"indicator_name": "Шалгуур үзүүлэлт", "mean_100": "Оноо (0–100)", "n": "Тоо"}
    sheet = Sheet("Шалгуур", ["indicator_name", "mean_100", "n"], [["-муу", -12.5, 7]], labels)
    notes_body = notes_rows([("Лиценз", "CC BY 4.0")], sheet.columns, labels, ("Код", "Багана"))
    notes = Sheet("Тухай", notes_body[0], notes_body[1:])
    book = load_workbook(io.BytesIO(workbook([sheet], notes)))
    data = book["Шалгуур"]
    assert [c.value for c in data[1]] == ["Шалгуур үзүүлэлт", "Оноо (0–100)", "Тоо"]
    assert [c.value for c in data[2]] == ["indicator_name", "mean_100", "n"]
    assert data.freeze_panes == "A3"
    assert data["A1"].font.b and data["A2"].font.i and not data["A2"].font.b
    assert data["A3"].value == "'-муу" and data["A3"].data_type == "s"
    assert data["B3"].value == -12.5 and data["B3"].data_type == "n"
    assert data["C3"].value == 7 and data["C3"].data_type == "n"
    about = [[c.value for c in row] for row in book["Тухай"].iter_rows()]
    assert about[0] == ["Лиценз", "CC BY 4.0"]
    assert ["Код", "Багана"] in about and ["mean_100", "Оноо (0–100)"] in about


def test_workbook_without_labels_has_one_header_row():
    book = load_workbook(io.BytesIO(workbook([Sheet("x", ["a"], [[1]])])))
    assert [[c.value for c in row] for row in book.active.iter_rows()] == [["a"], [1]]
    assert book.active.freeze_panes == "A2"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("egekh-MN-061-indicators.csv", 'attachment; filename="egekh-MN-061-indicators.csv"'),
        (
            "Дорнод.xlsx",
            "attachment; filename=\"download.xlsx\"; "
            "filename*=UTF-8''%D0%94%D0%BE%D1%80%D0%BD%D0%BE%D0%B4.xlsx",
        ),
    ],
)
def test_content_disposition(name, expected):
    assert content_disposition(name) == expected


def test_exact_text_keeps_formula_like_text_as_typed_in_a_quoted_text_cell():
    """For files a program reads back (an XLSForm): no apostrophe is added, yet no
    spreadsheet runs the cell."""
    sheet = Sheet("survey", ["label"], [["=1+1"], ["\t@x"], ["Сайн"], [-3]])
    book = load_workbook(io.BytesIO(workbook([sheet], exact_text=True)))
    cells = [row[0] for row in book["survey"].iter_rows(min_row=2)]
    assert [c.value for c in cells] == ["=1+1", "\t@x", "Сайн", -3]
    assert [c.data_type for c in cells] == ["s", "s", "s", "n"]
    assert cells[0].quotePrefix and cells[1].quotePrefix and not cells[2].quotePrefix


def test_a_control_character_cannot_hide_a_formula():
    text = rows_to_csv([["\x01=cmd|' /C calc'!A0"]])[3:].decode()
    assert text.startswith("'=cmd")
    sheet = load_workbook(io.BytesIO(workbook([Sheet("x", ["a"], [["\x02@SUM(A1)"]])]))).active
    assert sheet["A2"].value == "'@SUM(A1)" and sheet["A2"].data_type == "s"
