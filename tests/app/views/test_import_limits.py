"""Bounded imports through the pages: refusals name the limit in the user's language and
store nothing; "import valid rows" runs once; a dead import is marked failed
(factory-made organisations and rounds, on a database without the demo)."""

from __future__ import annotations

import io
import threading
from datetime import timedelta

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent
from app.models._types import utcnow
from app.models.imports import ImportJob


def _upload(client, round_, data: bytes, name: str):
    return client.post(
        f"/rounds/{round_.id}/import",
        data={"kind": "responses", "side": "community", "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _jobs() -> int:
    return db.session.scalar(select(func.count(ImportJob.id)))


def _valid_file(round_, rows: int = 3) -> bytes:
    group = next(g for g in round_.groups if g.side == "community")
    codes = [ri.indicator.code for ri in round_.indicators if ri.asked_of("community")]
    lines = [",".join(["respondent_id", "group", "gender", *codes])]
    lines += [",".join([f"L{i}", group.label, "f", *["4"] * len(codes)]) for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.app_config(IMPORT_MAX_ROWS=1000)
def test_a_csv_of_blank_rows_past_the_limit_is_refused_in_mongolian_and_nothing_is_kept(
    east, staff_client, make_round
):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    before = _jobs()
    # 300,000 blank lines (the pure tests refuse a million in well under 2 s); small
    # enough that the upload stays in memory
    data = _valid_file(round_) + b"\n" * 300_000
    response = _upload(client, round_, data, "forms.csv")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "1,000" in page or "1000" in page
    assert "мөр" in page  # "rows", in Mongolian: the user's language comes first
    assert _jobs() == before


@pytest.mark.app_config(IMPORT_MAX_UNPACKED_BYTES=1024 * 1024)
def test_an_xlsx_that_unpacks_too_far_is_refused_with_the_limit(east, staff_client, make_round):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    workbook = Workbook()
    sheet = workbook.active
    for _row in range(2000):
        sheet.append(["x" * 200] * 5)
    out = io.BytesIO()
    workbook.save(out)
    before = _jobs()
    response = _upload(client, round_, out.getvalue(), "big.xlsx")
    assert response.status_code == 400
    assert "1 MB" in response.get_data(as_text=True)
    assert _jobs() == before


def test_an_xlsx_formula_is_reported_like_a_csv_formula(east, staff_client, make_round):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    group = next(g for g in round_.groups if g.side == "community")
    codes = [ri.indicator.code for ri in round_.indicators if ri.asked_of("community")]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["respondent_id", "group", "gender", *codes])
    sheet.append(["X1", group.label, "f", "=2+2", *["4"] * (len(codes) - 1)])
    out = io.BytesIO()
    workbook.save(out)
    response = _upload(client, round_, out.getvalue(), "forms.xlsx")
    assert response.status_code == 302
    job = db.session.scalar(select(ImportJob).order_by(ImportJob.id.desc()))
    found = {(p["row"], p["code"], p["value"]) for p in job.problems}
    assert (2, "formula_cell", "=2+2") in found
    assert job.valid_rows == 0


def _checked_job(client, round_) -> tuple[int, str]:
    location = _upload(client, round_, _valid_file(round_), "forms.csv").headers["Location"]
    job = db.session.scalar(select(ImportJob).order_by(ImportJob.id.desc()))
    assert job.state == "checked" and job.valid_rows == 3
    return job.id, location


def test_two_clicks_at_once_start_one_import(base_app, east, staff_client, make_round):
    from app.services import file_imports

    client = staff_client(east["facilitator"])
    round_ = make_round()
    job_id, _location = _checked_job(client, round_)
    db.session.remove()
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def click() -> None:
        with base_app.app_context():
            job = db.session.get(ImportJob, job_id)
            assert job.state == "checked"
            start.wait()
            try:
                file_imports.begin(job)
                db.session.commit()
                outcomes.append("started")
            except Exception as error:  # noqa: BLE001 - the refusal is what is tested
                db.session.rollback()
                outcomes.append(getattr(error, "code", repr(error)))
            db.session.remove()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes) == ["import_already_started", "started"]


def test_a_second_click_says_already_importing(east, staff_client, make_round):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    job_id, location = _checked_job(client, round_)
    job = db.session.get(ImportJob, job_id)
    job.state = "importing"  # the first click's import is still running
    job.started_at = utcnow()
    db.session.commit()
    response = client.post(location, data={"choice": "valid"}, follow_redirects=True)
    assert "аль хэдийн" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ImportJob, job_id).state == "importing"


def _stuck(client, round_, minutes_ago: int) -> int:
    job_id, _location = _checked_job(client, round_)
    job = db.session.get(ImportJob, job_id)
    job.state = "importing"
    job.started_at = utcnow() - timedelta(minutes=minutes_ago)
    db.session.commit()
    return job_id


def test_a_dead_import_is_marked_failed_when_the_history_is_opened(east, staff_client, make_round):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    dead = _stuck(client, round_, minutes_ago=61)
    running = _stuck(client, round_, minutes_ago=5)
    page = client.get(f"/rounds/{round_.id}/import")
    assert page.status_code == 200
    db.session.expire_all()
    job = db.session.get(ImportJob, dead)
    assert job.state == "failed" and job.error == "import_interrupted" and job.data is None
    assert db.session.get(ImportJob, running).state == "importing"
    assert db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "import.interrupted", AuditEvent.entity_id == dead
        )
    )
    job_page = client.get(f"/rounds/{round_.id}/import/{job.token}").get_data(as_text=True)
    assert "дахин" in job_page  # "again": the user is told to upload the file again


def test_the_reap_command_marks_dead_imports_failed(base_app, east, staff_client, make_round):
    client = staff_client(east["facilitator"])
    round_ = make_round()
    dead = _stuck(client, round_, minutes_ago=30)
    result = base_app.test_cli_runner().invoke(args=["rounds", "import-reap", "--minutes", "20"])
    assert result.exit_code == 0 and "1 stuck import" in result.output
    db.session.expire_all()
    assert db.session.get(ImportJob, dead).state == "failed"
