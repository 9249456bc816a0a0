"""Imports never fail citizens, and stay all-or-nothing as people see them.

An import writes its forms in short transactions (``app.services.file_imports``), so
on SQLite, one writer at a time, a citizen's send waits at most about one chunk, never
the whole file; the forms count in no figure until the job is done, and a failed or
killed import leaves nothing counted. The timing is scaled down so the suite stays
quick: chunks of 250 forms instead of 1,000, and a busy timeout of 1.5 s instead of 10 s.
The 6,000 forms written in one transaction pass that timeout and sends get HTTP 500,
as 5 of 24 did beside a 60,000-row file in issue 12. The rounds and people are
factory-made, on a database without the demo.
"""

from __future__ import annotations

import io
import threading
import time
import uuid
from contextlib import nullcontext
from datetime import timedelta

import pytest
from flask import current_app
from sqlalchemy import event, func, select

from app.extensions import db
from app.models import Response
from app.models._types import utcnow
from app.models.imports import ImportJob
from app.services import answers as answers_service
from app.services import file_imports
from app.services.corrections import AnswerFilters, batches, list_answers
from app.services.counts import public_counts, round_counts
from app.services.live import live_counts
from app.services.rounds import round_facts
from tests.app.citizen_helpers import answers as citizen_answers
from tests.app.citizen_helpers import paper_forms_csv
from tests.conftest import FreshGlobalsClient, make_app

CHUNK = 250  # forms per transaction in these tests
BUSY_TIMEOUT_MS = 1500  # how long a writer waits for SQLite's write lock here


def _upload(client, round_, data: bytes) -> str:
    response = client.post(
        f"/rounds/{round_.id}/import",
        data={"kind": "responses", "side": "community", "file": (io.BytesIO(data), "f.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response.headers["Location"]


def _newest_job() -> ImportJob:
    db.session.expire_all()
    return db.session.scalar(select(ImportJob).order_by(ImportJob.id.desc()).limit(1))


def _figures(round_) -> tuple:
    """What people see of the round and of the public data: live counts, the facts the
    phase guards read, public counts, the stored-answers list and its batches."""
    db.session.expire_all()
    return (
        live_counts(round_, "mn"),
        round_counts([round_.id]),
        round_facts(round_),
        public_counts(),
        list_answers(round_, AnswerFilters()).total,
        [b.job.id for b in batches(round_)],
    )


def _counted_of_job(job_id: int) -> tuple[str, int]:
    """The job's state and how many of its forms count, read in one statement (one
    snapshot on both databases)."""
    state = select(ImportJob.state).where(ImportJob.id == job_id).scalar_subquery()
    counted = (
        select(func.count(Response.id))
        .where(Response.import_job_id == job_id, Response.counted())
        .scalar_subquery()
    )
    return tuple(db.session.execute(select(state, counted)).one())


def _stored_of_job(job_id: int) -> int:
    return db.session.scalar(
        select(func.count(Response.id)).where(Response.import_job_id == job_id)
    )


def _short_busy_timeout(engine) -> None:
    """Make SQLite writers of ``engine`` give up after ``BUSY_TIMEOUT_MS``."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "checkout")
    def short(dbapi_connection, record, proxy) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    engine.dispose()


@pytest.mark.app_config(IMPORT_IN_BACKGROUND=True)
def test_citizens_send_while_an_import_of_thousands_of_forms_runs(
    base_app, monkeypatch, east, staff_client, make_round
):
    """Citizens of this process and of "another process" (a second app on the same
    database, with its own connections and its own turn lock) send through the real
    endpoints while a 6,000-form import runs in its background thread: every send is
    answered 2xx/3xx and stored, sends go through between the import's chunks, and
    none of the import's forms counts before it is done."""
    monkeypatch.setattr(answers_service, "CHUNK", CHUNK)
    other = make_app(db.engine.url.render_as_string(hide_password=False))
    other.test_client_class = FreshGlobalsClient
    locks = {base_app: threading.Lock(), other: threading.Lock()}

    def write_turn():  # one turn lock per app, as each gunicorn process has its own
        if db.engine.dialect.name == "sqlite":
            return locks[current_app._get_current_object()]
        return nullcontext()

    monkeypatch.setattr("app.views.citizen.write_turn", write_turn)
    monkeypatch.setattr(file_imports, "write_turn", write_turn)
    _short_busy_timeout(db.engine)
    with other.app_context():
        _short_busy_timeout(db.engine)

    client = staff_client(east["facilitator"])
    round_ = make_round()
    code = round_.community_code
    templates = [citizen_answers(round_=round_) for _ in range(4)]
    location = _upload(client, round_, paper_forms_csv(round_, "T", 6000))
    job_id = _newest_job().id
    before = _figures(round_)

    stop = threading.Event()
    sent: list[tuple[str, int, int]] = []  # (uuid, status, forms of the job stored then)
    seen_midway: list[tuple[str, int]] = []
    problems: list[str] = []
    lock = threading.Lock()

    def citizen(application, number: int) -> None:
        with application.app_context():
            try:
                while not stop.is_set() or len(sent) < 8:
                    fields = dict(templates[number], uuid=str(uuid.uuid4()))
                    browser = application.test_client()
                    if number % 2:  # the form without JavaScript, or the page's script
                        answer = browser.post(f"/j/{code}", data=fields)
                    else:
                        answer = browser.post(
                            f"/j/{code}/submit.json",
                            json=fields,
                            headers={"Accept": "application/json"},
                        )
                    stored_then = _stored_of_job(job_id)
                    with lock:
                        sent.append((fields["uuid"], answer.status_code, stored_then))
                    db.session.rollback()
                    time.sleep(0.02)
            except Exception as error:  # noqa: BLE001 - reported by the main thread
                problems.append(repr(error))
            finally:
                db.session.remove()

    def watcher() -> None:
        with base_app.app_context():
            while not stop.is_set():
                seen_midway.append(_counted_of_job(job_id))
                db.session.rollback()
                time.sleep(0.05)
            db.session.remove()

    threads = [
        threading.Thread(target=citizen, args=(application, n))
        for n, application in enumerate([base_app, base_app, other, other])
    ] + [threading.Thread(target=watcher)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(0.3)
        assert client.post(location, data={"choice": "valid"}).status_code == 302
        importer = next(t for t in threading.enumerate() if t.name == f"import-{job_id}")
        importer.join(timeout=120)
        assert not importer.is_alive(), f"after 120 s: {_newest_job().processed} forms written"
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        with other.app_context():
            db.engine.dispose()

    assert not problems, problems
    job = _newest_job()
    assert (job.state, job.imported, job.error) == ("done", 6000, "")
    statuses = sorted({status for _uuid, status, _stored in sent})
    assert all(200 <= status < 400 for status in statuses), statuses
    stored = set(
        db.session.scalars(
            select(Response.uuid).where(Response.uuid.in_([u for u, _s, _n in sent]))
        )
    )
    assert stored == {u for u, _s, _n in sent}
    # Sends were stored between the import's chunks, not only before or after it.
    assert any(0 < n < 6000 for _u, _s, n in sent)
    # While the job was not done, none of its forms counted.
    assert any(state == "importing" for state, _counted in seen_midway)
    assert all(counted == 0 for state, counted in seen_midway if state != "done")
    after = _figures(round_)
    assert after[1][round_.id]["community"].responses == (
        before[1][round_.id]["community"].responses + 6000 + len(sent)
    )


def _fail_after_chunks(monkeypatch, chunks: int, figures_midway: list, round_) -> None:
    """Make the import raise after ``chunks`` chunks were committed, noting the figures
    at that moment (the forms are stored but the job is not done)."""
    original = answers_service._insert_returning_ids
    calls = {"n": 0}

    def failing(table, rows):
        calls["n"] += 1
        if calls["n"] > chunks:
            figures_midway.append(_figures(round_))
            raise RuntimeError("disk full")
        return original(table, rows)

    monkeypatch.setattr(answers_service, "_insert_returning_ids", failing)


def test_an_import_failing_half_way_leaves_no_counted_form_and_no_figure_changed(
    monkeypatch, east, staff_client, make_round
):
    monkeypatch.setattr(answers_service, "CHUNK", 10)
    client = staff_client(east["facilitator"])
    round_ = make_round()
    location = _upload(client, round_, paper_forms_csv(round_, "H", 45))
    job_id = _newest_job().id
    before = _figures(round_)
    midway: list = []
    _fail_after_chunks(monkeypatch, 3, midway, round_)
    client.post(location, data={"choice": "valid"})
    job = _newest_job()
    assert (job.state, job.error, job.data) == ("failed", "import_failed", None)
    # Three chunks (30 forms) were committed when it failed: they counted nowhere then,
    assert _stored_of_job(job_id) == 0
    assert midway == [before]
    # and were removed afterwards; nothing else changed.
    assert _figures(round_) == before
    page = client.get(location).get_data(as_text=True)
    assert "Оруулга амжилтгүй боллоо; юу ч хадгалагдсангүй." in page


def test_an_import_whose_process_died_counts_nothing_and_the_file_can_be_imported_again(
    monkeypatch, east, staff_client, make_round
):
    """A process killed half-way runs no failure handler: its committed chunks stay
    stored, uncounted and unlisted; once the job is taken for dead, importing the same
    file again removes them first and stores every form once."""
    monkeypatch.setattr(answers_service, "CHUNK", 10)
    client = staff_client(east["facilitator"])
    round_ = make_round()
    data = paper_forms_csv(round_, "K", 35)
    location = _upload(client, round_, data)
    job_id = _newest_job().id
    before = _figures(round_)
    original = answers_service._insert_returning_ids
    calls = {"n": 0}

    def killed(table, rows):
        calls["n"] += 1
        if calls["n"] == 3:
            raise SystemExit("SIGKILL")  # not an Exception: no handler runs, as in a kill
        return original(table, rows)

    monkeypatch.setattr(answers_service, "_insert_returning_ids", killed)
    with pytest.raises(SystemExit):
        client.post(location, data={"choice": "valid"})
    monkeypatch.setattr(answers_service, "_insert_returning_ids", original)
    db.session.rollback()
    assert _stored_of_job(job_id) == 20
    assert _counted_of_job(job_id) == ("importing", 0)
    assert _figures(round_) == before

    assert file_imports.reap_stuck_imports(minutes=1, now=utcnow() + timedelta(minutes=5)) == 1
    assert _counted_of_job(job_id) == ("failed", 0)
    assert _figures(round_) == before
    # The same form numbers are free again: the new upload finds no duplicates.
    again = _upload(client, round_, data)
    job = _newest_job()
    assert (job.valid_rows, job.problems) == (35, [])
    client.post(again, data={"choice": "valid"})
    assert _newest_job().state == "done"
    assert _stored_of_job(job_id) == 0  # the dead job's forms were removed first
    after = _figures(round_)
    assert after[1][round_.id]["community"].responses == (
        before[1][round_.id]["community"].responses + 35
    )


def test_an_import_ends_failed_when_the_round_stops_collecting_meanwhile(
    monkeypatch, east, staff_client, make_round
):
    """The job is marked done only if the round still collects when the last chunk is
    in (the round moved to review between two chunks): otherwise nothing counts."""
    from scorecards.lifecycle import Phase

    monkeypatch.setattr(answers_service, "CHUNK", 10)
    client = staff_client(east["facilitator"])
    round_ = make_round()
    round_id = round_.id
    location = _upload(client, round_, paper_forms_csv(round_, "R", 25))
    before = _figures(round_)
    original = answers_service._insert_returning_ids
    calls = {"n": 0}

    def move_on(table, rows):
        calls["n"] += 1
        if calls["n"] == 2:  # between chunks, someone moves the round on
            with current_app.app_context():
                moved = db.session.get(type(round_), round_id)
                moved.state = Phase.REVIEW
                db.session.commit()
                db.session.remove()
        return original(table, rows)

    monkeypatch.setattr(answers_service, "_insert_returning_ids", move_on)
    client.post(location, data={"choice": "valid"})
    job = _newest_job()
    assert (job.state, job.error) == ("failed", "round_not_collecting")
    assert _stored_of_job(job.id) == 0
    db.session.expire_all()
    assert _figures(round_)[1:] == before[1:]


def test_the_command_line_import_takes_the_same_path(base_app, tmp_path, monkeypatch, make_round):
    """``flask rounds import`` commits chunk by chunk too, and a failure half-way leaves
    its job failed with nothing stored or counted."""
    monkeypatch.setattr(answers_service, "CHUNK", 10)
    round_ = make_round()
    path = tmp_path / "forms.csv"
    path.write_bytes(paper_forms_csv(round_, "C", 45))
    before = _figures(round_)
    midway: list = []
    _fail_after_chunks(monkeypatch, 2, midway, round_)
    result = base_app.test_cli_runner().invoke(args=["rounds", "import", str(round_.id), str(path)])
    assert result.exit_code != 0
    job = _newest_job()
    assert (job.state, job.error) == ("failed", "import_failed")
    assert _stored_of_job(job.id) == 0
    assert midway == [before]
    assert _figures(round_) == before
