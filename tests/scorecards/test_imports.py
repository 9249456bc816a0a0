"""Uploaded paper scorecards and tallies: reading files, templates, validation."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from scorecards.errors import DomainError
from scorecards.imports import (
    ImportPreview,
    Problem,
    ResponseRow,
    RoundSheetSpec,
    SheetGroup,
    SheetIndicator,
    TallyRow,
    read_table,
    template_csv,
    template_rows,
    template_xlsx,
    validate_responses,
    validate_tallies,
)
from scorecards.scales import FACES_1_5, TRAFFIC_LIGHT, ZERO_TEN
from scorecards.vocab import AgeBand, Disability, Gender, MissingReason, Side

MB = 1_000_000

HEADERS = {
    "respondent_id": "Хариулагчийн дугаар",
    "group": "Бүлэг",
    "gender": "Хүйс",
    "age_band": "Насны бүлэг",
    "disability": "Хөгжлийн бэрхшээл",
    "reason": "Шалтгаан",
    "indicator": "Шалгуур үзүүлэлт",
    "indicator_label": "Шалгуур үзүүлэлтийн нэр",
    "na": "Хамаарахгүй / Мэдэхгүй",
}


def make_spec(scale=FACES_1_5, women_size=None) -> RoundSheetSpec:
    return RoundSheetSpec(
        indicators=(
            SheetIndicator("EDU01", 11, "Багш нарын хүрэлцээ", Side.COMMUNITY),
            SheetIndicator("EDU02", 12, "Сурах бичгийн хангамж", Side.COMMUNITY),
            SheetIndicator("EDU03", 13, "Ариун цэврийн өрөө", Side.COMMUNITY),
            SheetIndicator("PRV01", 14, "Төсвийн ил тод байдал", Side.PROVIDER),
        ),
        groups=(SheetGroup(1, "Эмэгтэйчүүд", women_size), SheetGroup(2, "Эцэг эх")),
        scale=scale,
    )


SPEC = make_spec()
KEYS = ["respondent_id", "group", "gender", "age_band", "disability", "EDU01", "EDU02", "EDU03"]


def sheet(*data_rows: list[str], keys: list[str] = KEYS) -> list[list[str]]:
    return [["(Монгол гарчиг)"] * len(keys), list(keys), *[list(r) for r in data_rows]]


GOOD = ["R001", "Эмэгтэйчүүд", "эм", "35-59", "үгүй", "4", "5", "3"]


def codes(preview: ImportPreview) -> list[str]:
    return [p.code for p in preview.problems]


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------ read_table


@pytest.mark.parametrize(
    ("data", "filename", "max_bytes", "code"),
    [
        (b"", "a.csv", MB, "file_empty"),
        (b"   \r\n\r\n  ", "a.csv", MB, "file_empty"),
        (b"\xef\xbb\xbf", "a.csv", MB, "file_empty"),
        (b",,,\r\n, ,\r\n", "a.csv", MB, "file_empty"),
        (b"a,b\r\n1,2\r\n", "a.csv", 5, "file_too_large"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a.pdf", MB, "file_type_unsupported"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "old.xls", MB, "file_type_unsupported"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "photo.csv", MB, "file_type_unsupported"),
        (b"a,b\x00c\r\n", "a.csv", MB, "file_type_unsupported"),  # binary (NUL bytes)
        ("a,b\n".encode("utf-16-le"), "a.csv", MB, "file_type_unsupported"),  # UTF-16, no BOM
        (b"plain text,renamed\r\n", "scores.xlsx", MB, "file_type_unsupported"),  # not a zip
        (b"PK\x03\x04garbage-not-a-zip", "a.xlsx", MB, "file_unreadable"),
        ("Нас,Хэн\n".encode("cp1251"), "a.csv", MB, "file_unreadable"),  # not UTF-8
    ],
)
def test_read_table_rejects(data, filename, max_bytes, code):
    with pytest.raises(DomainError) as caught:
        read_table(data, filename, max_bytes)
    assert caught.value.code == code
    assert caught.value.field == "file"


def test_zip_that_is_not_a_workbook_is_unsupported():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("content.xml", "<office:document/>")  # looks like an ODS
    with pytest.raises(DomainError) as caught:
        read_table(out.getvalue(), "scores.xlsx", MB)
    assert caught.value.code == "file_type_unsupported"


def test_damaged_workbook_is_unreadable():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook><<<not xml")
    with pytest.raises(DomainError) as caught:
        read_table(out.getvalue(), "scores.xlsx", MB)
    assert caught.value.code == "file_unreadable"


def test_workbook_that_unpacks_too_far_is_too_large():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", " " * 5_000_000)
    data = out.getvalue()
    assert len(data) < 20_000
    with pytest.raises(DomainError) as caught:
        read_table(data, "bomb.xlsx", 20_000)
    assert caught.value.code == "file_unpacks_too_large"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"a,b\r\n1,2\r\n", [["a", "b"], ["1", "2"]]),
        (b"\xef\xbb\xbfa,b\n1,2\n", [["a", "b"], ["1", "2"]]),  # BOM dropped
        (b"a;b;c\n1;2,5;3\n", [["a", "b", "c"], ["1", "2,5", "3"]]),  # semicolons
        (b"a\tb\n1\t2\n", [["a", "b"], ["1", "2"]]),  # tabs
        (b'"x, y";b\n1;2\n', [["x, y", "b"], ["1", "2"]]),  # comma inside quotes
        (b'"x; y",b\n"1;2",3\n', [["x; y", "b"], ["1;2", "3"]]),  # quoted semicolons
        (b"a,b\r\n\r\n1,2\r\n\r\n\r\n", [["a", "b"], [], ["1", "2"]]),  # inner blank kept
        (b'a,b\n"two\nlines",2\n', [["a", "b"], ["two\nlines", "2"]]),
        ("Бүлэг;Хүйс\nЭцэг эх;эм\n".encode(), [["Бүлэг", "Хүйс"], ["Эцэг эх", "эм"]]),
        ("Бүлэг\tХүйс\r\n".encode("utf-16"), [["Бүлэг", "Хүйс"]]),  # Excel "Unicode text"
        (b"a,b\r1,2\r", [["a", "b"], ["1", "2"]]),  # old Mac line ends
    ],
)
def test_read_csv(data, expected):
    assert read_table(data, "upload.csv", MB) == expected


def test_read_xlsx_cells_as_text_and_row_numbers_kept():
    data = xlsx([["Бүлэг", "оноо", None], [], ["Эцэг эх", 4, 4.5], [True, None, "=1+1"]])
    rows = read_table(data, "whatever.bin", MB)  # the content decides, not the name
    assert rows[0][:2] == ["Бүлэг", "оноо"]
    assert not any(rows[1])  # the blank row 2 is still there
    assert rows[2] == ["Эцэг эх", "4", "4.5"]
    # a real formula is never calculated: it reads as its formula, to be refused
    assert rows[3][0] == "TRUE" and rows[3][2] == "=1+1"


def test_xlsx_text_that_looks_like_a_formula_is_kept_as_text():
    workbook = Workbook()
    cell = workbook.active.cell(1, 1, "=HYPERLINK(\"http://x\")")
    cell.data_type = "s"  # stored as text, the way a pasted value arrives
    out = io.BytesIO()
    workbook.save(out)
    assert read_table(out.getvalue(), "a.xlsx", MB) == [['=HYPERLINK("http://x")']]


def test_empty_workbook_is_empty():
    with pytest.raises(DomainError) as caught:
        read_table(xlsx([]), "a.xlsx", MB)
    assert caught.value.code == "file_empty"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000), st.sampled_from(["a.csv", "a.xlsx", "a", "x.xls"]))
def test_read_table_never_crashes_on_arbitrary_bytes(data, filename):
    try:
        rows = read_table(data, filename, 10_000)
    except DomainError:
        return
    assert rows and all(isinstance(c, str) for row in rows for c in row)


@settings(max_examples=60, deadline=None)
@given(st.binary(min_size=1, max_size=300), st.integers(min_value=0, max_value=2000))
def test_read_table_never_crashes_on_damaged_xlsx(noise, position):
    good = bytearray(xlsx([["a", 1]]))
    position %= len(good)
    good[position : position + len(noise)] = noise
    try:
        read_table(bytes(good), "a.xlsx", MB)
    except DomainError:
        pass


# -------------------------------------------------------------------------- spec


@pytest.mark.parametrize(
    ("indicators", "groups", "code"),
    [
        ((SheetIndicator("", 1, "x", Side.COMMUNITY),), (), "column_key_invalid"),
        ((SheetIndicator("=A1", 1, "x", Side.COMMUNITY),), (), "column_key_invalid"),
        ((SheetIndicator("A B", 1, "x", Side.COMMUNITY),), (), "column_key_invalid"),
        (
            (
                SheetIndicator("E1", 1, "x", Side.COMMUNITY),
                SheetIndicator("e1", 2, "y", Side.COMMUNITY),
            ),
            (),
            "column_key_duplicate",
        ),
        ((SheetIndicator("gender", 1, "x", Side.COMMUNITY),), (), "column_key_duplicate"),
        ((SheetIndicator("3", 1, "x", Side.COMMUNITY),), (), "column_key_duplicate"),
        ((), (SheetGroup(1, "Эцэг эх"), SheetGroup(2, "ЭЦЭГ ЭХ")), "group_ambiguous"),
        ((), (SheetGroup(1, "2"), SheetGroup(2, "Эцэг эх")), "group_ambiguous"),
    ],
)
def test_spec_rejects_ambiguous_columns_and_groups(indicators, groups, code):
    with pytest.raises(DomainError) as caught:
        RoundSheetSpec(indicators, groups, FACES_1_5)
    assert caught.value.code == code


# ---------------------------------------------------------------------- templates


def test_responses_template_layout():
    rows = template_rows(SPEC, "responses", HEADERS, with_reasons=True)
    assert rows[1] == [*KEYS, "EDU01_reason", "EDU02_reason", "EDU03_reason"]
    assert rows[0][:5] == [HEADERS[k] for k in KEYS[:5]]
    assert rows[0][5] == "Багш нарын хүрэлцээ"
    assert rows[0][8] == "Багш нарын хүрэлцээ — Шалтгаан"
    assert "PRV01" not in rows[1]  # the provider side's indicator is not on this sheet
    assert len(rows) == 2
    assert template_rows(SPEC, "responses", {})[0][0] == "respondent_id"  # key as fallback


def test_tallies_template_layout():
    rows = template_rows(SPEC, "tallies", HEADERS)
    assert rows[1] == ["group", "indicator", "indicator_label", "1", "2", "3", "4", "5", "na"]
    assert rows[0][3] == "1 — Маш муу" and rows[0][-1] == HEADERS["na"]
    assert rows[2] == ["Эмэгтэйчүүд", "EDU01", "Багш нарын хүрэлцээ", "", "", "", "", "", ""]
    assert len(rows) == 2 + 2 * 3  # every group x every community indicator
    rag = template_rows(make_spec(TRAFFIC_LIGHT), "tallies", HEADERS)
    assert rag[1][3:] == ["1", "2", "3", "na"]


def test_unknown_template_kind():
    with pytest.raises(DomainError) as caught:
        template_rows(SPEC, "votes", HEADERS)  # type: ignore[arg-type]
    assert caught.value.code == "template_kind_unknown"


def test_template_xlsx_styles_and_neutralised_labels():
    spec = RoundSheetSpec(
        (SheetIndicator("X1", 1, "=cmd|' /C calc'!A0", Side.COMMUNITY),),
        (SheetGroup(1, "Эцэг эх"),),
        FACES_1_5,
    )
    data = template_xlsx(spec, "responses", HEADERS, "Хариулт: 2026/1")
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    assert sheet.title == "Хариулт_ 2026_1"
    assert sheet.freeze_panes == "A3"
    assert sheet["A1"].font.b and not sheet["A2"].font.b
    assert sheet["F1"].value == "'=cmd|' /C calc'!A0" and sheet["F1"].data_type == "s"
    assert sheet["F2"].value == "X1"


def test_template_csv_has_bom_and_reads_back():
    data = template_csv(SPEC, "tallies", HEADERS)
    assert data.startswith(b"\xef\xbb\xbf")
    assert read_table(data, "t.csv", MB) == template_rows(SPEC, "tallies", HEADERS)


# --------------------------------------------------------------------- round trip


ANSWERS = [
    ["R1", "Эмэгтэйчүүд", "female", "18_34", "no", "1", "5", "ХХ"],
    ["R2", "Эцэг эх", "эр", "60+", "тийм", "Мэдэхгүй", "", "3"],
    ["R3", "2", "", "", "", "na", "dont_know", "2"],
]


@pytest.mark.parametrize("file_kind", ["xlsx", "csv"])
def test_responses_round_trip(file_kind):
    template = (
        template_xlsx(SPEC, "responses", HEADERS, "Хариулт")
        if file_kind == "xlsx"
        else template_csv(SPEC, "responses", HEADERS)
    )
    rows = read_table(template, f"t.{file_kind}", MB)
    rows += ANSWERS  # the facilitator types the paper forms in
    if file_kind == "xlsx":
        filled = xlsx(rows)
    else:  # saved again by Excel in a Mongolian locale: semicolons, BOM
        filled = b"\xef\xbb\xbf" + "\r\n".join(";".join(r) for r in rows).encode()
    preview = validate_responses(read_table(filled, f"f.{file_kind}", MB), SPEC, headers=HEADERS)
    assert preview.problems == []
    assert preview.valid_rows == [
        ResponseRow(
            3, "R1", 1, Gender.FEMALE, AgeBand.AGE_18_34, Disability.NO,
            {11: 1.0, 12: 5.0, 13: None}, {13: MissingReason.NOT_APPLICABLE}, {},
        ),
        ResponseRow(
            4, "R2", 2, Gender.MALE, AgeBand.AGE_60_PLUS, Disability.YES,
            {11: None, 12: None, 13: 3.0}, {11: MissingReason.DONT_KNOW}, {},
        ),
        ResponseRow(
            5, "R3", 2, Gender.UNDISCLOSED, AgeBand.UNDISCLOSED, Disability.UNDISCLOSED,
            {11: None, 12: None, 13: 2.0},
            {11: MissingReason.NOT_APPLICABLE, 12: MissingReason.DONT_KNOW}, {},
        ),
    ]


def test_tallies_round_trip_through_xlsx():
    rows = read_table(template_xlsx(SPEC, "tallies", HEADERS, "Тооллого"), "t.xlsx", MB)
    rows[2][3:] = ["1", "2", "3", "4", "5", "6"]  # women, EDU01
    rows[7][3:] = ["", "", "7", "", "", ""]  # parents, EDU03
    data = xlsx([[int(c) if c.isdigit() else c for c in row] for row in rows])
    preview = validate_tallies(read_table(data, "f.xlsx", MB), SPEC, headers=HEADERS)
    assert preview.problems == []
    assert preview.rows_seen == 2  # the four untouched pre-filled rows are skipped
    assert preview.valid_rows == [
        TallyRow(3, 1, 11, {1: 1, 2: 2, 3: 3, 4: 4, 5: 5}, 6),
        TallyRow(8, 2, 13, {1: 0, 2: 0, 3: 7, 4: 0, 5: 0}, 0),
    ]
    assert preview.valid_rows[0].total == 21


# ------------------------------------------------------------- responses: headers


def test_cyrillic_headers_only_are_understood():
    human = [HEADERS[k] for k in KEYS[:5]] + [
        "багш нарын  хүрэлцээ",  # case and spacing do not matter
        "Сурах бичгийн хангамж",
        "Ариун цэврийн өрөө",
    ]
    preview = validate_responses([human, GOOD], SPEC, headers=HEADERS)
    assert preview.problems == []
    assert preview.valid_rows[0].row_number == 2
    assert preview.valid_rows[0].values == {11: 4.0, 12: 5.0, 13: 3.0}


def test_key_row_only_is_understood_and_optional_columns_default():
    rows = [["respondent_id", "group", "EDU01", "EDU02", "EDU03"], ["R9", "1", "2", "", "5"]]
    preview = validate_responses(rows, SPEC)
    assert preview.problems == []
    (row,) = preview.valid_rows
    assert (row.gender, row.age_band, row.disability) == (
        Gender.UNDISCLOSED,
        AgeBand.UNDISCLOSED,
        Disability.UNDISCLOSED,
    )
    assert row.values == {11: 2.0, 12: None, 13: 5.0} and row.missing_reasons == {}


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (
            [*KEYS, "EDU99"],
            [Problem(2, "(Монгол гарчиг)", "unknown_indicator", "EDU99", 8)],
        ),
        (
            [*KEYS, "PRV01"],  # the other side's indicator is not on this sheet
            [Problem(2, "(Монгол гарчиг)", "unknown_indicator", "PRV01", 8)],
        ),
        (
            [k for k in KEYS if k != "EDU02"],
            [Problem(2, "", "missing_column", "EDU02")],
        ),
        (
            [k for k in KEYS if k != "group"],
            [Problem(2, "", "missing_column", "group")],
        ),
        (
            [*KEYS, "edu01"],
            [Problem(2, "(Монгол гарчиг)", "wrong_columns", "edu01", 8, {"first_column": "F"})],
        ),
    ],
)
def test_header_problems_block_the_file(keys, expected):
    row = GOOD + ["1"] * (len(keys) - len(KEYS)) if len(keys) > len(KEYS) else GOOD[: len(keys)]
    preview = validate_responses(sheet(row, keys=keys), SPEC)
    assert preview.problems[: len(expected)] == expected
    assert preview.blocked and preview.valid_rows == []


def test_header_problem_still_lists_row_problems():
    preview = validate_responses(sheet(["R1", "nobody", "", "", "", "9", "1", "1"] + ["x"],
                                       keys=[*KEYS, "EDU99"]), SPEC)
    assert codes(preview) == ["unknown_indicator", "bad_group", "value_out_of_range"]


def test_not_a_scorecard_sheet_is_wrong_columns():
    preview = validate_responses([["Нэр", "Утас"], ["Бат", "99112233"]], SPEC)
    assert codes(preview) == ["wrong_columns"] and preview.blocked
    assert validate_responses([[], [""]], SPEC).problems[0].code == "wrong_columns"


def test_tallies_file_uploaded_as_responses_is_refused():
    rows = template_rows(SPEC, "tallies", HEADERS)
    preview = validate_responses(rows, SPEC, headers=HEADERS)
    assert preview.blocked and "missing_column" in codes(preview)


# ---------------------------------------------------------------- responses: rows


@pytest.mark.parametrize(
    ("column", "value", "code"),
    [
        (0, "", "missing_respondent"),
        (0, "R" * 65, "bad_respondent_id"),
        (0, "=1+2", "formula_cell"),
        (1, "Ахмад настан", "bad_group"),
        (1, "", "bad_group"),
        (1, "@SUM(A1)", "formula_cell"),
        (2, "эрэгтэйчүүд", "bad_gender"),
        (2, "+cmd", "formula_cell"),
        (3, "18 - 34", "bad_age_band"),
        (3, "121", "bad_age_band"),
        (3, "-2+3+cmd|' /C calc'!A0", "formula_cell"),
        (4, "магадгүй", "bad_disability"),
        (5, "6", "value_out_of_range"),
        (5, "0", "value_out_of_range"),
        (5, "-1", "value_out_of_range"),
        (5, "сайхан", "value_not_number"),  # "сайн" is the label of 4
        (5, "-", "value_not_number"),
        (5, "3.5", "value_not_on_step"),
        (5, "=5", "formula_cell"),
        (5, "\t=5", "formula_cell"),
        (5, "-5+5", "formula_cell"),
    ],
)
def test_every_row_problem_code(column, value, code):
    bad = ["R002", *GOOD[1:]]
    bad[column] = value
    preview = validate_responses(sheet(GOOD, bad), SPEC)
    problems = preview.problems
    assert [(p.row_number, p.column_index, p.code) for p in problems] == [(4, column, code)]
    assert problems[0].value == value
    assert problems[0].column == "(Монгол гарчиг)"
    assert [r.row_number for r in preview.valid_rows] == [3]


@pytest.mark.parametrize(
    ("column", "value", "attribute", "expected"),
    [
        (2, "Эмэгтэй", "gender", Gender.FEMALE),
        (2, "M", "gender", Gender.MALE),
        (2, "бусад", "gender", Gender.OTHER),
        (3, "17", "age_band", AgeBand.UNDER_18),
        (3, "18", "age_band", AgeBand.AGE_18_34),
        (3, "59", "age_band", AgeBand.AGE_35_59),
        (3, "60", "age_band", AgeBand.AGE_60_PLUS),
        (3, "35–59", "age_band", AgeBand.AGE_35_59),
        (4, "YES", "disability", Disability.YES),
        (1, "эцэг ЭХ", "group_id", 2),
        (1, " 1 ", "group_id", 1),
        (0, "  A-17 ", "respondent_id", "A-17"),
    ],
)
def test_accepted_spellings(column, value, attribute, expected):
    row = list(GOOD)
    row[column] = value
    (parsed,) = validate_responses(sheet(row), SPEC).valid_rows
    assert getattr(parsed, attribute) == expected


@pytest.mark.parametrize(
    ("text", "value", "reason"),
    [
        ("4", 4.0, None),
        (" 4 ", 4.0, None),
        ("4.0", 4.0, None),
        ("", None, None),
        ("ХХ", None, MissingReason.NOT_APPLICABLE),
        ("хх", None, MissingReason.NOT_APPLICABLE),
        ("XX", None, MissingReason.NOT_APPLICABLE),  # Latin look-alike
        ("N/A", None, MissingReason.NOT_APPLICABLE),
        ("Хамаарахгүй", None, MissingReason.NOT_APPLICABLE),
        ("мэдэхгүй", None, MissingReason.DONT_KNOW),
        ("dont_know", None, MissingReason.DONT_KNOW),
    ],
)
def test_score_cells(text, value, reason):
    row = list(GOOD)
    row[6] = text
    (parsed,) = validate_responses(sheet(row), SPEC).valid_rows
    assert parsed.values[12] == value
    assert parsed.missing_reasons.get(12) == reason


def test_other_scales_are_used():
    row = list(GOOD)
    row[5:8] = ["0", "10", "7"]
    (parsed,) = validate_responses(sheet(row), make_spec(ZERO_TEN)).valid_rows
    assert parsed.values == {11: 0.0, 12: 10.0, 13: 7.0}
    preview = validate_responses(sheet(row), SPEC)
    assert codes(preview) == ["value_out_of_range", "value_out_of_range", "value_out_of_range"]
    assert preview.problems[0].params == {"min": 1, "max": 5}


def test_every_problem_is_reported_not_just_the_first():
    rows = sheet(
        ["R1", "x", "y", "z", "w", "9", "=1", "a"],
        GOOD[:1] + ["2"] + GOOD[2:],
        ["R3", "Эцэг эх", "", "", "", "", "", "3.3"],
    )
    preview = validate_responses(rows, SPEC)
    assert [(p.row_number, p.code) for p in preview.problems] == [
        (3, "bad_group"), (3, "bad_gender"), (3, "bad_age_band"), (3, "bad_disability"),
        (3, "value_out_of_range"), (3, "formula_cell"), (3, "value_not_number"),
        (5, "value_not_on_step"),
    ]
    assert [r.respondent_id for r in preview.valid_rows] == ["R001"]
    assert preview.rejected_rows == {3, 5}
    assert preview.rows_seen == 3
    assert preview.problem_counts["bad_group"] == 1


def test_duplicate_respondents_within_the_file_and_already_stored():
    rows = sheet(
        GOOD,
        ["r001", *GOOD[1:]],  # same id, other case
        ["R002", *GOOD[1:]],
        ["R003", *GOOD[1:]],
    )
    preview = validate_responses(rows, SPEC, existing_respondent_ids={"R003 "})
    duplicates = [(p.row_number, p.value) for p in preview.problems]
    assert duplicates == [(3, "R001"), (4, "r001"), (6, "R003")]
    assert {p.code for p in preview.problems} == {"duplicate_respondent"}
    assert preview.problems[0].params == {"rows": [3, 4], "existing": False}
    assert preview.problems[2].params == {"rows": [6], "existing": True}
    assert [r.respondent_id for r in preview.valid_rows] == ["R002"]


def test_reason_columns():
    keys = [*KEYS, "EDU01_reason", "EDU02_reason"]
    ok = [*GOOD, "  Багш дутагдалтай  ", ""]
    formula = ["R2", *GOOD[1:], "=HYPERLINK(\"x\")", ""]
    long = ["R3", *GOOD[1:], "", "ү" * 2001]
    preview = validate_responses(sheet(ok, formula, long, keys=keys), SPEC)
    assert [(p.row_number, p.code) for p in preview.problems] == [
        (4, "formula_cell"),
        (5, "reason_too_long"),
    ]
    assert preview.valid_rows[0].comments == {11: "Багш дутагдалтай"}


def test_data_under_no_header_is_wrong_columns():
    preview = validate_responses(sheet([*GOOD, "", "stray"]), SPEC)
    assert [(p.row_number, p.column_index, p.code) for p in preview.problems] == [
        (3, 9, "wrong_columns")
    ]
    assert preview.valid_rows == [] and not preview.blocked


def test_blank_rows_are_skipped_and_numbers_stay_true():
    preview = validate_responses(sheet([], ["", " "], ["R5", "x", *GOOD[2:]]), SPEC)
    assert [(p.row_number, p.code) for p in preview.problems] == [(5, "bad_group")]
    assert preview.rows_seen == 1


# ------------------------------------------------------------------------- tallies

TALLY_KEYS = ["group", "indicator", "indicator_label", "1", "2", "3", "4", "5", "na"]


def tallies(*data_rows: list[str], keys: list[str] = TALLY_KEYS) -> list[list[str]]:
    return [list(keys), *[list(r) for r in data_rows]]


@pytest.mark.parametrize(
    ("row", "code", "column"),
    [
        (["Залуучууд", "EDU01", "", "1", "", "", "", "", ""], "bad_group", 0),
        (["1", "EDU99", "", "1", "", "", "", "", ""], "unknown_indicator", 1),
        (["1", "PRV01", "", "1", "", "", "", "", ""], "unknown_indicator", 1),
        (["1", "EDU01", "", "1.5", "", "", "", "", ""], "count_not_integer", 3),
        (["1", "EDU01", "", "гурав", "", "", "", "", ""], "count_not_integer", 3),
        (["1", "EDU01", "", "-2", "", "", "", "", ""], "count_negative", 3),
        (["1", "EDU01", "", "", "", "", "", "", "100001"], "count_too_large", 8),
        (["1", "EDU01", "", "=2*3", "", "", "", "", ""], "formula_cell", 3),
        (["=A1", "EDU01", "", "1", "", "", "", "", ""], "formula_cell", 0),
        (["1", "EDU01", "", "4", "4", "", "", "", "3"], "count_exceeds_group", 8),
    ],
)
def test_tally_problem_codes(row, code, column):
    spec = make_spec(women_size=10)
    preview = validate_tallies(tallies(row, ["2", "EDU01", "", "1", "", "", "", "", ""]), spec)
    assert [(p.row_number, p.column_index, p.code) for p in preview.problems] == [
        (2, column, code)
    ]
    assert [r.row_number for r in preview.valid_rows] == [3]


def test_tally_within_group_size_and_labels_accepted():
    spec = make_spec(women_size=10)
    row = ["ЭМЭГТЭЙЧҮҮД", "сурах бичгийн хангамж", "", "4", "4", "", "", "", "2"]
    (parsed,) = validate_tallies(tallies(row), spec).valid_rows
    assert (parsed.group_id, parsed.round_indicator_id, parsed.total) == (1, 12, 10)
    assert parsed.missing == 2


def test_duplicate_tally_rows():
    row = ["1", "EDU01", "", "1", "", "", "", "", ""]
    preview = validate_tallies(tallies(row, row, ["1", "EDU02", "", "1"]), SPEC)
    assert [(p.row_number, p.code) for p in preview.problems] == [
        (2, "duplicate_tally"),
        (3, "duplicate_tally"),
    ]
    assert [r.round_indicator_id for r in preview.valid_rows] == [12]


@pytest.mark.parametrize(
    ("keys", "code"),
    [
        (["group", "indicator", "1", "2", "3", "4"], "missing_column"),  # "5" missing
        (["group", "1", "2", "3", "4", "5"], "missing_column"),
        (["group", "indicator", "1", "2", "3", "4", "5", "6"], "wrong_columns"),
        (["group", "indicator", "1", "2", "3", "4", "5", "5"], "wrong_columns"),
    ],
)
def test_tally_header_problems(keys, code):
    preview = validate_tallies(tallies(["1", "EDU01", "1"], keys=keys), SPEC)
    assert code in codes(preview)
    assert preview.blocked and preview.valid_rows == []


def test_tally_na_column_is_optional():
    keys = ["group", "indicator", "1", "2", "3", "4", "5"]
    preview = validate_tallies(tallies(["2", "EDU03", "", "", "1", "", ""], keys=keys), SPEC)
    (parsed,) = preview.valid_rows
    assert parsed.counts[3] == 1 and parsed.missing == 0
