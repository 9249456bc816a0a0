"""Bounded imports: unpacked size, rows, columns and cells are checked while reading, so
a hostile file is refused quickly with little memory; XLSX formulas are reported."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from openpyxl import Workbook

from scorecards.errors import DomainError
from scorecards.imports import read_table
from scorecards.xlsx_guard import MAX_CELLS, MAX_COLUMNS, column_number

MB = 1024 * 1024
UPLOAD_LIMIT = 15 * MB
WORKBOOK = (
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
CONTENT_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
    'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    'worksheet+xml"/></Types>'
)
ROOT_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)


def workbook_with_sheet(sheet_data: str | bytes, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal XLSX whose first sheet's ``<sheetData>`` holds ``sheet_data``, with the
    ``extra`` members (name -> content) beside it."""
    if isinstance(sheet_data, str):
        sheet_data = sheet_data.encode()
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + sheet_data + b"</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return out.getvalue()


def refusal(data: bytes, **limits) -> DomainError:
    with pytest.raises(DomainError) as caught:
        read_table(data, "upload.xlsx", UPLOAD_LIMIT, **limits)
    assert caught.value.field == "file"
    return caught.value


def test_a_plain_hand_made_workbook_reads():
    data = workbook_with_sheet(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>group</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>EDU01</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>Эцэг эх</t></is></c><c r="B2"><v>4</v></c>'
        "</row>"
    )
    assert read_table(data, "a.xlsx", UPLOAD_LIMIT) == [["group", "EDU01"], ["Эцэг эх", "4"]]


def test_a_formula_cell_reads_as_its_formula_not_its_saved_value():
    data = workbook_with_sheet(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>EDU01</t></is></c></row>'
        '<row r="2"><c r="A2"><f>2+2</f><v>4</v></c></row>'
        '<row r="3"><c r="A3"><f t="shared" ref="A3:A4" si="0">A2&amp;"x"</f><v>4x</v></c></row>'
        '<row r="4"><c r="A4"><f t="shared" si="0"/><v>4x</v></c></row>'
    )
    rows = read_table(data, "a.xlsx", UPLOAD_LIMIT)
    assert [row[0] for row in rows] == ["EDU01", "=2+2", '=A2&"x"', "=…"]


def test_openpyxl_formulas_are_reported_in_their_cell():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["respondent_id", "EDU01"])
    sheet.append(["R1", "=SUM(1,2)"])
    out = io.BytesIO()
    workbook.save(out)
    assert read_table(out.getvalue(), "a.xlsx", UPLOAD_LIMIT)[1] == ["R1", "=SUM(1,2)"]


def test_a_zip_bomb_is_refused_by_what_it_really_unpacks_to():
    data = workbook_with_sheet(b"<row/>" * 12_000_000)  # 72 MB of XML, about 70 KB packed
    assert len(data) < 200_000
    error = refusal(data, max_unpacked=50 * MB)
    assert error.code == "file_unpacks_too_large" and error.params["max"] == 50 * MB


def _lie_about_sizes(data: bytes, name: str, size: int) -> bytes:
    """Rewrite the uncompressed size recorded for ``name`` in both of its zip headers."""
    raw = bytearray(data)
    encoded = name.encode()
    position = 0
    while (position := raw.find(encoded, position + 1)) != -1:
        if raw[position - 30 : position - 26] == b"PK\x03\x04":
            raw[position - 8 : position - 4] = struct.pack("<I", size)  # local header
        elif raw[position - 46 : position - 42] == b"PK\x01\x02":
            raw[position - 22 : position - 18] = struct.pack("<I", size)  # central directory
    return bytes(raw)


def test_declared_sizes_that_lie_do_not_let_a_bomb_through():
    honest = workbook_with_sheet(
        '<row r="1"><c r="A1"><v>1</v></c></row>', {"xl/styles.xml": b" " * 30 * MB}
    )
    lying = _lie_about_sizes(honest, "xl/styles.xml", 1000)
    with zipfile.ZipFile(io.BytesIO(lying)) as archive:
        assert sum(info.file_size for info in archive.infolist()) < 5000
    assert refusal(lying, max_unpacked=10 * MB).code == "file_unpacks_too_large"


def test_unpacking_far_beyond_the_upload_size_is_refused_as_a_bomb():
    data = workbook_with_sheet("<row/>", {"xl/styles.xml": b" " * 9 * MB})  # from ~10 KB
    assert refusal(data, max_unpacked=50 * MB).code == "file_unpacks_too_large"


def test_rows_beyond_the_limit_are_refused_with_the_limit():
    data = workbook_with_sheet('<row r="1"><c r="A1"><v>1</v></c></row><row r="200001"/>')
    error = refusal(data, max_rows=100_000)
    assert error.code == "file_too_many_rows" and error.params["max"] == 100_000


def test_a_far_away_column_is_refused_before_a_grid_is_built():
    data = workbook_with_sheet('<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>2</v></c></row>')
    assert refusal(data).code == "file_too_many_columns"
    assert column_number("XFD") == 16384 > MAX_COLUMNS


def test_a_sparse_sheet_whose_grid_is_too_large_is_refused():
    far_row = MAX_CELLS // 200 + 1
    data = workbook_with_sheet(
        f'<row r="1"><c r="A1"><v>1</v></c></row><row r="{far_row}"><c r="GR{far_row}">'
        "<v>1</v></c></row>"
    )
    assert column_number("GR") == 200
    assert refusal(data).code == "file_too_many_cells"


def test_a_csv_of_a_million_empty_rows_is_refused_not_read_as_forms():
    data = b"respondent_id,group,EDU01\n" + b"\n" * 1_000_000
    with pytest.raises(DomainError) as caught:
        read_table(data, "a.csv", UPLOAD_LIMIT, max_rows=100_000)
    assert caught.value.code == "file_too_many_rows"
    assert caught.value.params["max"] == 100_000


def test_a_csv_within_the_limit_still_reads_blank_rows_and_all():
    data = b"a,b\n" + b"1,2\n" * 98 + b"\n"  # 100 records, the last one blank
    assert len(read_table(data, "a.csv", UPLOAD_LIMIT, max_rows=100)) == 99  # blank dropped
    with pytest.raises(DomainError) as caught:
        read_table(data + b"3,4\n", "a.csv", UPLOAD_LIMIT, max_rows=100)
    assert caught.value.code == "file_too_many_rows"


def test_a_csv_too_wide_is_refused():
    data = ",".join(["x"] * (MAX_COLUMNS + 1)).encode() + b"\n"
    with pytest.raises(DomainError) as caught:
        read_table(data, "a.csv", UPLOAD_LIMIT)
    assert caught.value.code == "file_too_many_columns"
