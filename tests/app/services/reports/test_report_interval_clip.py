"""Intervals stay inside the scale, and the method note says so (issue 10).

With few answers the t interval ran past the scale (e.g. −268 to 368 on 0–100).
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.app.report_data import EMPTY_AIMAG, indicator_id, make_round

NOTE_MN = "интервалыг тэнд нь тасалсан"
NOTE_EN = "An interval never goes past the ends of the scale"


def test_a_wide_interval_is_cut_at_the_ends_of_the_scale(client):
    # five people answer 1, 1, 5, 5, 5 on the 1–5 faces: mean 3.4, variance
    # (2 * 2.4² + 3 * 1.6²) / 4 = 4.8, se = sqrt(4.8 / 5) = 0.980, t(4) = 2.776,
    # half-width 2.720 -> (0.680, 6.120), cut to (1, 5); on 0–100: mean 60,
    # half-width 68.0 -> (-8.0, 128.0), cut to (0, 100)
    make_round({1: [1, 1, 5, 5, 5]})
    body = client.get(f"/api/v1/results?by=indicator&aimag={EMPTY_AIMAG}").get_json()
    (row,) = [r for r in body["results"] if r["indicator"] == indicator_id(1)]
    assert row["n"] == 5 and not row["suppressed"]
    assert row["mean"] == pytest.approx(3.4) and row["mean_100"] == pytest.approx(60.0)
    assert (row["ci_low"], row["ci_high"]) == (1.0, 5.0)
    assert (row["ci_low_100"], row["ci_high_100"]) == (0.0, 100.0)


def test_method_note_says_intervals_are_cut_at_the_scale(client):
    assert NOTE_MN in client.get("/reports/MN-061").get_data(as_text=True)
    assert NOTE_EN in client.get("/reports/MN-061?lang=en").get_data(as_text=True)
    response = client.get("/reports/MN-061.pdf")
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert NOTE_MN in text
