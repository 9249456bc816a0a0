"""Figures follow the scale (issue 11.6): a user's three-point scale made through the
catalogue pages, its own positive threshold, its point labels in the distribution
(facility page and API) and the "†" of a figure that combines different scales.

k = 5 (the default). The three-point scale: 1 "Муу"/"Bad", 2 "Дунд"/"Fair",
3 "Сайн"/"Good"; only "Good" (3) is positive.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Area, Scale
from app.services.reports import query as reports
from tests.app.report_data import EMPTY_AIMAG, indicator_id, make_round

MIXED_NOTE = "combines different scales: compared on 0–100 only"


def _three_point_scale(client, login) -> Scale:
    """The administrator makes the scale on /catalogue/scales/new/points."""
    login("admin@egekh.demo")
    response = client.post(
        "/catalogue/scales/new/points?lang=en",
        data={
            "name_mn": "Гурван сонголт",
            "name_en": "Three options",
            "points-0-label_mn": "Муу",
            "points-0-label_en": "Bad",
            "points-0-mark": "red",
            "points-1-label_mn": "Дунд",
            "points-1-label_en": "Fair",
            "points-1-mark": "amber",
            "points-2-label_mn": "Сайн",
            "points-2-label_en": "Good",
            "points-2-mark": "green",
            "positive_from": "3",
            **{f"points-{i}-mark": "" for i in range(3, 11)},
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "The scale Three options is saved" in response.get_data(as_text=True)
    client.post("/logout")
    return db.session.scalar(select(Scale).where(Scale.name_en == "Three options"))


def _cells(html: str, css_class: str | None = None) -> list[str]:
    """The text of each row of the first table with ``css_class`` (of every table when
    ``None``), tags dropped."""
    table = html
    if css_class:
        table = html.split(f'class="data {css_class}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def test_own_threshold_and_labelled_distribution_of_a_three_point_scale(app, client, login):
    scale = _three_point_scale(client, login)
    # indicator 1: six people answer 1, 2, 2, 3, 3, 3 (n = 6);
    # indicator 2: four people only (4 < k), so it is hidden everywhere.
    round_ = make_round({1: [1, 2, 2, 3, 3, 3], 2: [3, 3, 3, 3]}, scale=scale)
    facility = round_.facility_id
    first, second = indicator_id(1), indicator_id(2)

    rows = client.get(f"/api/v1/results?by=indicator&facility={facility}").get_json()["results"]
    row = next(r for r in rows if r["indicator"] == first)
    # positive = value >= 3 ("Good" only): three of six = 0.5 (on the faces' threshold
    # of 4 it would be 0). mean = (1 + 2 + 2 + 3 + 3 + 3) / 6 = 14/6 = 2.333…;
    # 0–100 = (14/6 − 1) / (3 − 1) × 100 = 66.67; median of 6 = (2 + 3) / 2 = 2.5.
    assert row["share_positive"] == 0.5
    assert row["mean_100"] == pytest.approx(66.667, abs=1e-3)
    assert row["median"] == 2.5 and row["mixed_scales"] is False
    assert next(r for r in rows if r["indicator"] == second)["suppressed"] is True

    # the API's distribution, in Mongolian (the default language)
    body = client.get(f"/api/v1/distribution?by=indicator&facility={facility}").get_json()
    points = [
        (r["point"], r["point_label"], r["count"], r["n"], r["share"])
        for r in body["distribution"]
        if r["indicator"] == first
    ]
    # 1 × "Муу", 2 × "Дунд", 3 × "Сайн" out of 6
    assert points == [
        (1, "Муу", 1, 6, pytest.approx(1 / 6, abs=1e-3)),
        (2, "Дунд", 2, 6, pytest.approx(2 / 6, abs=1e-3)),
        (3, "Сайн", 3, 6, 0.5),
    ]
    assert {r["scale_code"] for r in body["distribution"]} == {scale.code}
    # the hidden indicator has no row, so no count of it either
    assert all(r["indicator"] != second for r in body["distribution"])
    refused = client.get(f"/api/v1/distribution?facility={facility}&source=consensus")
    assert refused.status_code == 400

    # the facility page, in English: each point's label, share (count); 1/6 = 17%,
    # 2/6 = 33%, 3/6 = 50%; the hidden indicator is not listed
    page = client.get(f"/facilities/{facility}?lang=en").get_data(as_text=True)
    header, *body_rows = _cells(page, "distribution")
    assert header == "Indicator 1 — Bad 2 — Fair 3 — Good Answers given"
    assert len(body_rows) == 1 and body_rows[0].endswith("17% (1) 33% (2) 50% (3) 6")
    assert MIXED_NOTE not in page  # one round, one scale
    mongolian = client.get(f"/facilities/{facility}?lang=mn").get_data(as_text=True)
    assert _cells(mongolian, "distribution")[0].endswith("1 — Муу 2 — Дунд 3 — Сайн Өгсөн хариулт")


def test_a_figure_over_two_scales_is_compared_on_0_100_only(app, client, login):
    scale = _three_point_scale(client, login)
    # round A, three points: 1, 2, 2, 3, 3, 3 -> on 0–100 0, 50, 50, 100, 100, 100
    # (sum 400); positive ("Good", 3): 3.
    make_round({1: [1, 2, 2, 3, 3, 3]}, scale=scale, name="Гурван сонголтын сургууль")
    # round B, the 1–5 faces: 5, 5, 4, 2, 1 -> 100, 100, 75, 25, 0 (sum 300);
    # positive (>= 4): 3.
    make_round({1: [5, 5, 4, 2, 1]}, name="Таван царайны сургууль")
    aimag = db.session.scalar(select(Area.id).where(Area.code == EMPTY_AIMAG))
    frame = reports.figures(
        reports.query(("indicator",), aimag=aimag, side="community"), scope=EMPTY_AIMAG
    )
    row = frame.set_index("indicator").loc[indicator_id(1)]
    # 0–100: (400 + 300) / 11 = 63.64; positive: (3 + 3) / 11 = 54.5 %
    assert row["mixed_scales"] and row["mean_100"] == pytest.approx(700 / 11)
    assert row["share_positive"] == pytest.approx(6 / 11)
    assert row["mean"] != row["mean"] and row["median"] != row["median"]  # NaN: no own scale

    page = client.get(f"/reports/{EMPTY_AIMAG}?lang=en").get_data(as_text=True)
    assert MIXED_NOTE in page
    indicator_rows = [r for r in _cells(page) if "People" not in r]
    # n = 11, sd = 40.87 (sum of squared deviations 16 704.5 / 10), t(0.975, 10) = 2.228:
    # 63.64 ± 27.46 = 36–91; the own-scale median is "—"
    assert any(r.endswith("11 64 † 36–91 — 55%") for r in indicator_rows), indicator_rows

    # the API: no own-scale mean or median, and the distribution keeps each scale apart
    api = client.get(f"/api/v1/results?by=indicator&aimag={EMPTY_AIMAG}").get_json()["results"]
    mixed = next(r for r in api if r["indicator"] == indicator_id(1))
    assert mixed["mixed_scales"] is True and mixed["mean"] is None and mixed["median"] is None
    body = client.get(f"/api/v1/distribution?by=indicator&aimag={EMPTY_AIMAG}").get_json()
    blocks = {
        (r["scale_code"], r["n"]) for r in body["distribution"] if r["indicator"] == indicator_id(1)
    }
    assert blocks == {(scale.code, 6), ("faces5", 5)}


def test_pdf_chart_and_download_say_a_figure_combines_scales(app, client, login):
    """One school, two rounds: three points (0–100 sum 400 of 6) and the 1–5 faces
    (sum 300 of 5): its 0–100 figure 700 / 11 = 64 is marked "†" in the PDF table,
    the chart's label and note, and the download's meta explains ``mixed_scales``."""
    import io

    from pypdf import PdfReader

    scale = _three_point_scale(client, login)
    first = make_round({1: [1, 2, 2, 3, 3, 3]}, scale=scale, name="Холимог сургууль")
    make_round({1: [5, 5, 4, 2, 1]}, facility=first.facility)

    pdf = client.get(f"/reports/{EMPTY_AIMAG}.pdf?lang=en")
    assert pdf.status_code == 200
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Холимог сургууль 11 64 †" in " ".join(text.split())
    assert f"† {MIXED_NOTE}" in text

    svg = client.get(f"/reports/{EMPTY_AIMAG}/charts/indicators-education.svg?lang=en")
    assert svg.status_code == 200
    body = svg.get_data(as_text=True)
    import re

    shown = " ".join(re.findall(r"<!-- (.*?) -->", body))  # the chart's texts, line by line
    assert " †" in body and MIXED_NOTE in shown  # the note wraps to stay readable on a phone

    meta = client.get(f"/reports/{EMPTY_AIMAG}/indicators.json?lang=en").get_json()["meta"]
    assert "different scales" in meta["mixed_scales"]
