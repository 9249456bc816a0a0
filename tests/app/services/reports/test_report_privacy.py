"""No public output — page, CSV, XLSX, JSON, API, PDF — shows a figure of a group below k."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.app.report_data import EMPTY_AIMAG, make_round

VALUES = ("mean", "median", "mean_100", "ci_low_100", "ci_high_100", "share_positive")
TABLES = ("sectors", "indicators", "soums", "facilities", "gap", "trend", "actions")


def _assert_hidden_below_k(rows: list[dict], k: int, where: str) -> int:
    checked = 0
    for row in rows:
        people = row.get("people")
        if people not in (None, "") and int(people) < k:
            checked += 1
            for column in VALUES:
                assert row.get(column) in (None, ""), f"{where}: {column} shown for {people} people"
        if row.get("suppressed") in (True, "True", "true"):
            # a hidden figure hides its counts too (issue 12): its size is a figure
            checked += 1
            for column in (*VALUES, "people", "n", "n_missing"):
                assert row.get(column) in (None, ""), f"{where}: {column} of a hidden row"
        for side in ("community", "provider"):
            n = row.get(f"{side}_n")
            if n not in (None, "") and int(n) < k:
                checked += 1
                assert row.get(side) in (None, ""), f"{where}: {side} shown for {n} people"
                assert row.get("gap") in (None, ""), f"{where}: gap shown for {n} people"
    return checked


def _csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def _xlsx_rows(data: bytes) -> list[dict]:
    sheet = load_workbook(io.BytesIO(data)).active
    values = list(sheet.values)  # the names in the reader's language, then the codes
    return [dict(zip(values[1], row, strict=True)) for row in values[2:]]


@pytest.fixture
def small_groups(app):
    """In an otherwise empty aimag: a facility of 4 people who all gave 5 (a mean of 100)
    and one of 6 people who all gave 1 (a mean of 0); 4 < k = 5."""
    make_round({1: [5, 5, 5, 5], 2: [5, 5, 5, 5]}, name="Жижиг сургууль", gender="male")
    make_round({1: [1] * 6, 2: [1] * 6}, name="Том сургууль", gender="female")


def _every_output(client, code: str, k: int) -> int:
    checked = 0
    for table in TABLES:
        for fmt, parse in (
            ("json", lambda d: json.loads(d)["rows"]),
            ("csv", _csv_rows),
            ("xlsx", _xlsx_rows),
        ):
            response = client.get(f"/reports/{code}/{table}.{fmt}")
            assert response.status_code == 200, (table, fmt)
            checked += _assert_hidden_below_k(parse(response.data), k, f"{table}.{fmt}")
    for fmt, parse in (("json", lambda d: json.loads(d)["rows"]), ("csv", _csv_rows)):
        national = client.get(f"/reports/aimags.{fmt}").data
        checked += _assert_hidden_below_k(parse(national), k, f"aimags.{fmt}")
    for by in ("facility", "facility,indicator", "gender", "area,sector", "round,indicator"):
        body = client.get(f"/api/v1/results?by={by}&aimag={code}").get_json()
        checked += _assert_hidden_below_k(body["results"], k, f"api by={by}")
    return checked


def test_small_groups_are_hidden_in_every_download_and_the_api(client, small_groups):
    assert _every_output(client, EMPTY_AIMAG, 5) > 0


def test_small_group_is_hidden_on_the_pages_and_in_the_pdf(client, small_groups):
    page = client.get(f"/reports/{EMPTY_AIMAG}?lang=en").get_data(as_text=True)
    row = page.split("Жижиг сургууль")[1].split("</tr>")[0]
    assert "hidden" in row and "100" not in row
    facility = json.loads(client.get(f"/reports/{EMPTY_AIMAG}/facilities.json").data)["rows"]
    small = next(r for r in facility if r["facility_name"] == "Жижиг сургууль")
    facility_page = client.get(f"/facilities/{small['facility']}?lang=en").get_data(as_text=True)
    table = facility_page.split("<tbody>")[1].split("</tbody>")[0]
    assert "hidden" in table and ">100<" not in table
    pdf = PdfReader(io.BytesIO(client.get(f"/reports/{EMPTY_AIMAG}.pdf?lang=en").data))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    line = next(line for line in text.splitlines() if "Жижиг" in line)
    assert "100" not in line


@pytest.mark.app_config(PRIVACY_K=60)
def test_a_larger_k_hides_more_everywhere_on_the_demo(client):
    assert _every_output(client, "MN-061", 60) > 10
