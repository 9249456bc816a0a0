"""Downloads people can open: column names in their language above the codes, numbers
as numbers, the right content types and file names, and a codebook for the CSV files."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.app.report_data import EMPTY_AIMAG, make_round

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def published(base_app, create_organisation):
    """A published round in an empty aimag: community 5 people, providers 5 people
    who score higher, so the community–provider gap is negative."""
    create_organisation()
    facility = make_round({1: [1, 2, 2, 3, 1], 2: [4, 4, 5, 5, None]}).facility
    make_round({1: [5, 5, 4, 5, 5], 2: [5, 5, 5, 4, 4]}, side="provider", facility=facility)
    return facility


def _sheet_rows(body: bytes):
    book = load_workbook(io.BytesIO(body))
    return book, book.worksheets[0]


def _csv(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize(
    ("lang", "indicator", "score"), [("mn", "Шалгуур үзүүлэлт", "Оноо (0–100)"),
                                     ("en", "Indicator", "Score (0–100)")]
)
def test_xlsx_names_columns_in_the_readers_language_above_the_codes(
    base_app, published, lang, indicator, score
):
    client = base_app.test_client()
    url = f"/reports/{EMPTY_AIMAG}/indicators"
    codes = _csv(client.get(f"{url}.csv?lang={lang}").data)[0]
    _book, sheet = _sheet_rows(client.get(f"{url}.xlsx?lang={lang}").data)
    names = [c.value for c in sheet[1]]
    assert [c.value for c in sheet[2]] == codes  # the codes are kept, under the names
    assert names[codes.index("indicator_name")] == indicator
    assert names[codes.index("mean_100")] == score
    assert sheet.freeze_panes == "A3"


def test_xlsx_has_a_sheet_about_the_table_with_its_licence_and_codebook(base_app, published):
    client = base_app.test_client()
    book, _sheet = _sheet_rows(client.get(f"/reports/{EMPTY_AIMAG}/indicators.xlsx?lang=en").data)
    about = [[c.value for c in row] for row in book.worksheets[-1].iter_rows()]
    assert ["Licence", "CC BY 4.0 — https://creativecommons.org/licenses/by/4.0/"] in about
    assert ["n", "Answers counted (n)"] in about


def test_scores_counts_and_intervals_are_numbers(base_app, published):
    client = base_app.test_client()
    _book, sheet = _sheet_rows(client.get(f"/reports/{EMPTY_AIMAG}/indicators.xlsx").data)
    codes = [c.value for c in sheet[2]]
    shown = [row for row in sheet.iter_rows(min_row=3) if row[codes.index("suppressed")].value
             is False]
    assert shown
    for row in shown:
        for column in ("n", "people", "mean", "mean_100", "ci_low_100", "ci_high_100"):
            cell = row[codes.index(column)]
            assert cell.data_type == "n" and isinstance(cell.value, int | float), column

    gap_body = client.get(f"/reports/{EMPTY_AIMAG}/gap.xlsx").data
    _book, gaps = _sheet_rows(gap_body)
    codes = [c.value for c in gaps[2]]
    values = [row[codes.index("gap")] for row in gaps.iter_rows(min_row=3)]
    shown = [c for c in values if c.value is not None]  # the other indicator is hidden
    assert shown and all(c.data_type == "n" and c.value < 0 for c in shown)
    csv_rows = _csv(client.get(f"/reports/{EMPTY_AIMAG}/gap.csv").data)
    column = csv_rows[0].index("gap")
    cells = [row[column] for row in csv_rows[1:] if row[column]]
    assert cells and all(float(c) < 0 for c in cells)  # "-75", never "'-75"


def test_content_types_and_file_names(base_app, published):
    client = base_app.test_client()
    for url, kind, name in (
        (f"/reports/{EMPTY_AIMAG}/indicators.csv", "text/csv; charset=utf-8",
         f"egekh-{EMPTY_AIMAG}-indicators.csv"),
        (f"/reports/{EMPTY_AIMAG}/indicators.xlsx", XLSX, f"egekh-{EMPTY_AIMAG}-indicators.xlsx"),
        (f"/facilities/{published.id}/scores.csv", "text/csv; charset=utf-8",
         f"egekh-facility-{published.id}.csv"),
        ("/reports/aimags.xlsx", XLSX, "egekh-aimags.xlsx"),
        ("/data/codebook.csv", "text/csv; charset=utf-8", "egekh-codebook.csv"),
        ("/data/codebook.xlsx", XLSX, "egekh-codebook.xlsx"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Content-Type"] == kind, url
        assert response.headers["Content-Disposition"] == f'attachment; filename="{name}"'


def test_the_codebook_names_every_csv_column_in_each_language(base_app, published):
    client = base_app.test_client()
    codebook = {row[0]: row for row in _csv(client.get("/data/codebook.csv").data)[1:]}
    header = _csv(client.get("/data/codebook.csv").data)[0]
    assert header[:3] == ["code", "name_mn", "name_en"]
    for url in (f"/reports/{EMPTY_AIMAG}/indicators.csv", "/reports/aimags.csv",
                f"/facilities/{published.id}/scores.csv"):
        for code in _csv(client.get(url).data)[0]:
            assert code in codebook, (url, code)
    assert codebook["mean_100"][1:3] == ["Оноо (0–100)", "Score (0–100)"]
    page = client.get("/data").get_data(as_text=True)
    assert "/data/codebook.csv" in page and "/data/codebook.xlsx" in page


def test_round_export_names_columns_and_keeps_scores_numeric(
    base_app, published, create_user, sign_in
):
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Round

    admin = create_user(role="admin")
    client = base_app.test_client()
    sign_in(client, admin)
    round_ = db.session.scalars(
        select(Round).where(Round.facility_id == published.id).order_by(Round.id)
    ).first()  # the community's round, with a "not applicable" answer
    response = client.get(f"/rounds/{round_.id}/export.xlsx?lang=en")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    names, codes = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    assert names[codes.index("gender")] == "Gender"
    code = round_.indicators[0].indicator.code
    assert names[codes.index(code)] == round_.indicators[0].indicator.text("en")
    scores = [row[codes.index(code)] for row in sheet.iter_rows(min_row=3)]
    assert scores and all(c.data_type == "n" for c in scores)
    missing = [row[codes.index(round_.indicators[1].indicator.code)].value
               for row in sheet.iter_rows(min_row=3)]
    assert "na" in missing  # a missing answer keeps its code beside the numbers
