"""Importing paper scorecards and tallies: templates, preview, choice, bad files, CLI
(factory-made organisations and rounds, on a database without the demo)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.extensions import db
from app.models import Response, Score, Tally
from app.models.imports import ImportJob


def _csv(rows) -> bytes:
    return ("\n".join(",".join(r) for r in rows) + "\n").encode("utf-8")


def _responses_file(round_, rows):
    group = next(g for g in round_.groups if g.side == "community")
    codes = [ri.indicator.code for ri in round_.indicators if ri.asked_of("community")]
    header = ["respondent_id", "group", "gender", *codes]
    body = [[ref, group.label, gender, *values] for ref, gender, values in rows]
    return header, body, codes


def _upload(client, round_, data: bytes, name="forms.csv", kind="responses"):
    return client.post(
        f"/rounds/{round_.id}/import",
        data={"kind": kind, "side": "community", "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _responses_in(round_) -> int:
    return db.session.scalar(select(func.count(Response.id)).where(Response.round_id == round_.id))


def test_template_download_has_mongolian_header_and_indicator_columns(
    east, staff_client, make_round
):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    response = client.get(f"/rounds/{round_.id}/import/template.xlsx?kind=responses")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Оролцогчийн дугаар"
    assert round_.indicators[0].indicator.code in rows[1]


def test_preview_lists_problems_by_row_and_column_then_imports_valid_rows(
    east, staff_client, make_round
):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    n = len([ri for ri in round_.indicators if ri.asked_of("community")])
    header, body, codes = _responses_file(
        round_,
        [
            ("F1", "f", ["4"] * n),
            ("F2", "m", ["9"] + ["3"] * (n - 1)),
            ("F3", "x", ["2"] * n),
            ("F1", "f", ["1"] * n),
        ],
    )
    before = _responses_in(round_)
    response = _upload(client, round_, _csv([header, *body]))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    job = db.session.scalar(select(ImportJob).order_by(ImportJob.id.desc()))
    codes_found = {(p["row"], p["code"]) for p in job.problems}
    assert (3, "value_out_of_range") in codes_found
    assert (4, "bad_gender") in codes_found
    assert (2, "duplicate_respondent") in codes_found and (5, "duplicate_respondent") in codes_found
    assert job.valid_rows == 0  # every row shares an id or has a bad cell
    assert _responses_in(round_) == before  # nothing stored by the preview
    assert '<td class="num">3</td>' in page


def test_import_valid_rows_stores_them_and_nothing_else(east, staff_client, make_round):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    n = len([ri for ri in round_.indicators if ri.asked_of("community")])
    header, body, _codes = _responses_file(
        round_,
        [
            ("F1", "f", ["4"] * n),
            ("F2", "m", ["na"] + ["3"] * (n - 1)),
            ("F3", "f", ["7"] * n),
        ],
    )
    before = _responses_in(round_)
    location = _upload(client, round_, _csv([header, *body])).headers["Location"]
    job = db.session.scalar(select(ImportJob).order_by(ImportJob.id.desc()))
    assert job.valid_rows == 2
    client.post(location, data={"choice": "valid"})
    db.session.expire_all()
    assert _responses_in(round_) == before + 2
    job = db.session.get(ImportJob, job.id)
    assert job.state == "done" and job.imported == 2 and job.data is None
    stored = db.session.scalars(
        select(Response).where(Response.round_id == round_.id, Response.channel == "import")
    ).all()
    assert sorted(r.respondent_ref for r in stored) == ["F1", "F2"]
    f2 = next(r for r in stored if r.respondent_ref == "F2")
    assert sum(1 for s in f2.scores if s.missing_reason == "na") == 1
    progress = client.get(location + ".json").get_json()
    assert progress["state"] == "done" and progress["processed"] == 2


def test_import_nothing_discards_the_file(east, staff_client, make_round):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    n = len([ri for ri in round_.indicators if ri.asked_of("community")])
    header, body, _codes = _responses_file(round_, [("F1", "f", ["4"] * n)])
    location = _upload(client, round_, _csv([header, *body])).headers["Location"]
    before = _responses_in(round_)
    client.post(location, data={"choice": "nothing"})
    db.session.expire_all()
    assert _responses_in(round_) == before
    assert db.session.scalar(select(ImportJob).order_by(ImportJob.id.desc())).state == "discarded"


def test_a_crash_half_way_leaves_no_partial_rows(monkeypatch, east, staff_client, make_round):
    from app.services import answers

    client = staff_client(east["facilitator"])
    round_ = make_round()
    n = len([ri for ri in round_.indicators if ri.asked_of("community")])
    rows = [(f"R{i}", "f", ["3"] * n) for i in range(30)]
    header, body, _codes = _responses_file(round_, rows)
    location = _upload(client, round_, _csv([header, *body])).headers["Location"]
    before = _responses_in(round_)
    monkeypatch.setattr(answers, "CHUNK", 10)
    original = answers._bulk_insert
    calls = {"n": 0}

    def failing_bulk_insert(table, rows):
        if table.name == "score":
            calls["n"] += 1
            if calls["n"] == 2:  # the second chunk's scores: responses are already in
                raise RuntimeError("disk full")
        return original(table, rows)

    monkeypatch.setattr(answers, "_bulk_insert", failing_bulk_insert)
    client.post(location, data={"choice": "valid"})
    assert calls["n"] == 2
    db.session.expire_all()
    assert _responses_in(round_) == before
    job = db.session.scalar(select(ImportJob).order_by(ImportJob.id.desc()))
    assert (job.state, job.error) == ("failed", "import_failed")
    page = client.get(location).get_data(as_text=True)
    assert "Оруулга амжилтгүй боллоо; юу ч хадгалагдсангүй." in page


def test_tallies_import(east, staff_client, make_round):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    group = next(g for g in round_.groups if g.side == "community")
    ri = round_.indicators[0]
    rows = [
        ["group", "indicator", "1", "2", "3", "4", "5", "na"],
        [group.label, ri.indicator.code, "1", "0", "2", "", "3", "1"],
    ]
    location = _upload(client, round_, _csv(rows), kind="tallies").headers["Location"]
    client.post(location, data={"choice": "valid"})
    stored = {
        (t.point, t.count)
        for t in db.session.scalars(select(Tally).where(Tally.group_id == group.id))
    }
    assert stored == {("1", 1), ("3", 2), ("5", 3), ("na", 1)}


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty.csv", b""),
        ("scan.pdf", b"%PDF-1.4 something"),
        ("old.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100),
        ("wrong.csv", "колонк,бусад\nа,б\n".encode()),
    ],
)
def test_malformed_files_get_a_message_and_store_nothing(
    name, data, east, staff_client, make_round
):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    before = _responses_in(round_)
    response = _upload(client, round_, data, name=name)
    if response.status_code == 302:  # read but unusable: the preview blocks it
        job = db.session.scalar(select(ImportJob).order_by(ImportJob.id.desc()))
        assert job.blocked and job.valid_rows == 0
    else:
        assert response.status_code == 400
        assert 'class="error"' in response.get_data(as_text=True)
    assert _responses_in(round_) == before


@pytest.mark.app_config(IMPORT_MAX_BYTES=100)
def test_file_over_the_size_limit_is_refused(east, staff_client, make_round):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    response = _upload(client, round_, b"respondent_id,group\n" + b"x,y\n" * 100)
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(ImportJob.id))) == 0


def test_formula_cell_is_reported(east, staff_client, make_round):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    n = len([ri for ri in round_.indicators if ri.asked_of("community")])
    header, body, _codes = _responses_file(round_, [("=HYPERLINK(1)", "f", ["4"] * n)])
    _upload(client, round_, _csv([header, *body]))
    job = db.session.scalar(select(ImportJob).order_by(ImportJob.id.desc()))
    assert {p["code"] for p in job.problems} == {"formula_cell"} and job.valid_rows == 0


def test_other_organisation_cannot_import_or_see_jobs(west, east, staff_client, make_round):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    n = len([ri for ri in round_.indicators if ri.asked_of("community")])
    header, body, _codes = _responses_file(round_, [("F1", "f", ["4"] * n)])
    location = _upload(client, round_, _csv([header, *body])).headers["Location"]
    client = staff_client(west["facilitator"])
    assert client.get(f"/rounds/{round_.id}/import").status_code == 404
    assert client.get(location).status_code == 404
    assert client.post(location, data={"choice": "valid"}).status_code == 404
    assert _upload(client, round_, _csv([header, *body])).status_code == 404


def test_cli_import_with_progress_bar(base_app, tmp_path, make_round):
    round_ = make_round()
    n = len([ri for ri in round_.indicators if ri.asked_of("community")])
    header, body, _codes = _responses_file(
        round_, [("C1", "f", ["4"] * n), ("C2", "m", ["5"] * n), ("C3", "m", ["x"] * n)]
    )
    path = tmp_path / "forms.csv"
    path.write_bytes(_csv([header, *body]))
    before = _responses_in(round_)
    runner = base_app.test_cli_runner()
    result = runner.invoke(args=["rounds", "import", str(round_.id), str(path)])
    assert result.exit_code != 0 and "nothing imported" in result.output
    assert _responses_in(round_) == before
    result = runner.invoke(args=["rounds", "import", str(round_.id), str(path), "--valid-only"])
    assert result.exit_code == 0, result.output
    assert "imported 2 rows" in result.output
    assert _responses_in(round_) == before + 2
    assert (
        db.session.scalar(
            select(func.count(Score.id)).join(Response).where(Response.respondent_ref == "C1")
        )
        == n
    )
