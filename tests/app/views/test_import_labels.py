"""Imports accept the labels the app shows, and list what a column accepts (issue 10).

The paper-form page shows "60 ба түүнээс дээш" and "Хэлээгүй"; a typist copying them
into the import file was refused. (Factory-made organisations and rounds, on a database
without the demo.)"""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook
from sqlalchemy import select

from app.extensions import db
from app.models import Response, Score
from app.models.imports import ImportJob

# (gender, age band, disability, score of the first indicator, score of the others)
CODES = [
    ("female", "60_plus", "yes", "4", "na"),
    ("undisclosed", "undisclosed", "no", "3", "dont_know"),
    ("male", "under_18", "undisclosed", "5", "2"),
]
LABELS_MN = [
    ("Эмэгтэй", "60 ба түүнээс дээш", "Тийм", "Сайн", "Мэдэхгүй / хамаарахгүй"),
    ("  хэлээгүй ", "Хэлээгүй", "Үгүй", "3", "мэдэхгүй"),
    ("ЭРЭГТЭЙ", "18-аас доош", "Хэлэхийг хүсэхгүй", "Маш сайн", "Муу"),
]
LABELS_EN = [
    ("Woman", "60 or older", "yes", "good", "Don't know / not applicable"),
    ("Prefer not to say", "Not said", "No", "Average", "don't know"),
    ("man", "Under 18", "prefer not to say", "Very good", "bad"),
]


def _file(round_, prefix: str, rows) -> bytes:
    group = next(g for g in round_.groups if g.side == "community")
    codes = [ri.indicator.code for ri in round_.indicators if ri.asked_of("community")]
    lines = [["respondent_id", "group", "gender", "age_band", "disability", *codes]]
    for number, (gender, age, disability, first, rest) in enumerate(rows, start=1):
        scores = [first] + [rest] * (len(codes) - 1)
        lines.append([f"{prefix}{number}", group.label, gender, age, disability, *scores])
    out = io.StringIO()
    csv.writer(out).writerows(lines)
    return out.getvalue().encode("utf-8")


def _import(client, round_, data: bytes, choose: bool = True) -> ImportJob:
    response = client.post(
        f"/rounds/{round_.id}/import",
        data={"kind": "responses", "side": "community", "file": (io.BytesIO(data), "f.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    job = db.session.scalar(select(ImportJob).order_by(ImportJob.id.desc()))
    if choose and job.valid_rows:
        client.post(response.headers["Location"], data={"choice": "valid"})
    db.session.expire_all()
    return job


def _stored(round_, prefix: str):
    """What was stored per form: demographics and (value, missing reason) per indicator."""
    out = []
    responses = db.session.scalars(
        select(Response)
        .where(Response.round_id == round_.id, Response.respondent_ref.like(f"{prefix}%"))
        .order_by(Response.respondent_ref)
    ).all()
    for response in responses:
        scores = db.session.execute(
            select(Score.round_indicator_id, Score.value, Score.missing_reason)
            .where(Score.response_id == response.id)
            .order_by(Score.round_indicator_id)
        ).all()
        out.append(
            (response.gender, response.age_band, response.disability, [tuple(s) for s in scores])
        )
    return out


def test_labels_in_mongolian_and_english_import_the_same_rows_as_codes(
    east, staff_client, make_round
):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    for prefix, rows in (("C", CODES), ("M", LABELS_MN), ("E", LABELS_EN)):
        job = _import(client, round_, _file(round_, prefix, rows))
        assert (job.valid_rows, job.problems) == (3, []), prefix
    by_codes = _stored(round_, "C")
    assert len(by_codes) == 3
    assert by_codes[0][:3] == ("female", "60_plus", "yes")
    assert _stored(round_, "M") == by_codes
    assert _stored(round_, "E") == by_codes


def test_a_wrong_label_is_reported_by_row_and_column_with_the_accepted_values(
    east, staff_client, make_round
):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    rows = [LABELS_MN[0], ("Эмэгтэй", "60-с дээш", "Тийм", "3", "3")]
    before = _stored(round_, "W")
    job = _import(client, round_, _file(round_, "W", rows), choose=False)
    assert job.state == "checked" and job.valid_rows == 1
    (problem,) = job.problems
    assert (problem["row"], problem["letter"], problem["code"]) == (3, "D", "bad_age_band")
    assert problem["value"] == "60-с дээш"
    assert "60_plus" in problem["accepted"] and "60 ба түүнээс дээш" in problem["accepted"]
    page = client.get(f"/rounds/{round_.id}/import/{job.token}").get_data(as_text=True)
    assert "Зөвшөөрөгдөх утгууд: " in page and "60 ба түүнээс дээш" in page
    page = client.get(f"/rounds/{round_.id}/import/{job.token}?lang=en").get_data(as_text=True)
    assert "Accepted values: " in page and "60 and over" in page
    assert _stored(round_, "W") == before  # the preview stores nothing


def test_templates_list_the_accepted_values(east, staff_client, make_round):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    response = client.get(f"/rounds/{round_.id}/import/template.xlsx?kind=responses")
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames[1] == "Зөвшөөрөгдөх утгууд"
    rows = list(book.worksheets[1].iter_rows(values_only=True))
    # a label column per offered language: Mongolian, English, then Kazakh
    assert rows[0] == ("Багана", "Код", "Нэр (монгол)", "Нэр (англи)", "Нэр (казах)")
    older = ("age_band", "60_plus", "60 ба түүнээс дээш", "60 and over", "60 және одан жоғары")
    assert older in rows
    assert ("gender", "undisclosed", "Хэлээгүй", "Not said", "Көрсетілмеген") in rows
    assert any(row[:4] == ("score", "4", "Сайн", "Good") and row[4] for row in rows)
    group = next(g for g in round_.groups if g.side == "community")
    assert ("group", str(group.id), group.label, group.label, group.label) in rows
    values = client.get(f"/rounds/{round_.id}/import/values.csv?lang=en")
    assert values.status_code == 200
    text = values.data.decode("utf-8-sig")
    assert text.splitlines()[0] == "Column,Code,Label (Mongolian),Label (English),Label (Kazakh)"
    assert "age_band,60_plus,60 ба түүнээс дээш,60 and over,60 және одан жоғары" in text
    page = client.get(f"/rounds/{round_.id}/import").get_data(as_text=True)
    assert f"/rounds/{round_.id}/import/values.csv" in page
