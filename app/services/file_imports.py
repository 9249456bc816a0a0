"""Importing paper scorecards or tallies from CSV/XLSX: upload, preview, then import.

The uploaded file is kept in an ``ImportJob`` row (any app server can continue the
job). Checking a 50,000-row file takes about a second, so the preview is built when the
file arrives. Storing it is the slow part (the largest allowed file, 100,000 records,
took 57 s on SQLite beside 24 citizens sending, 2 cores; ``bench/faults.py --scenario
import``) and runs in a background thread for the web (``run_import``) or with a
progress bar from the CLI; both go through ``import_rows``.

A citizen's send must never wait for a whole file: SQLite has one writer at a time and
a send gives up after its busy timeout (10 s). So the forms are written in chunks of
``answers.CHUNK``, each its own short transaction that also records the progress, with
the write lock left free for a moment after each (``SQLITE_PAUSE``). The import stays
all-or-nothing as people see it: its forms count in no figure and appear in no list
until the job is marked done in one last short transaction (``Response.settled``); on
failure the job is marked failed and its forms removed in short transactions; the
forms of a job whose process died stay uncounted and are removed before the round's
next import (``remove_failed_rows``). Nothing is ever removed but the job's own forms.
PostgreSQL takes the same path with COPY for each chunk. Tallies (one row per group and
indicator, so few) are stored in the job's last transaction.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.exc import OperationalError

from app.extensions import db
from app.models import Response, Round, Score
from app.models._types import utcnow
from app.models.imports import ImportJob
from app.services import answers
from app.services.audit import record
from app.services.import_values import accepted_values
from app.services.openrosa import export_aliases
from app.services.rounds import ensure_collecting, lock_round_row
from app.services.submissions import write_turn
from scorecards.errors import DomainError
from scorecards.imports import (
    ImportPreview,
    ResponseRow,
    TallyRow,
    from_export,
    read_table,
    validate_responses,
    validate_tallies,
)
from scorecards.vocab import Channel

PREVIEW_PROBLEMS = 500
DEFAULT_MAX_BYTES = 15 * 1024 * 1024
DEFAULT_MAX_ROWS = 100_000
DEFAULT_MAX_UNPACKED = 50 * 1024 * 1024
DEFAULT_STUCK_MINUTES = 60
# Seconds an import leaves SQLite's write lock free after each chunk. SQLite's busy
# handler makes a waiting connection sleep at most 100 ms between looks, so in a
# longer pause every send waiting in another process looks at least once while the
# lock is free; the pause adds about 12 s to the largest allowed file (100 chunks).
# PostgreSQL's writers do not wait for one another: no pause there.
SQLITE_PAUSE = 0.12


def max_bytes() -> int:
    return int(current_app.config.get("IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_rows() -> int:
    """Rows a file may hold (``IMPORT_MAX_ROWS``, blank rows included)."""
    return int(current_app.config.get("IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def max_unpacked_bytes() -> int:
    """Bytes an XLSX may unpack to (``IMPORT_MAX_UNPACKED_BYTES``, 50 MB by default)."""
    return int(current_app.config.get("IMPORT_MAX_UNPACKED_BYTES", DEFAULT_MAX_UNPACKED))


def preview(
    round_: Round,
    kind: str,
    side: str,
    data: bytes,
    filename: str,
    seconds: float | None = None,
) -> ImportPreview:
    """Read and check a file against the round; ``DomainError`` for an unusable file.

    With ``seconds`` (the upload page's check: ``preview_seconds()``), checking stops
    with DomainError ``file_too_slow`` (param ``seconds``) once that much time has
    passed, so a file that is slow to check cannot hold a web worker for long; the
    limits on size, rows, columns and cells bound the reading itself.
    """
    deadline = None if seconds is None else time.monotonic() + seconds
    rows = read_table(
        data, filename, max_bytes(), max_rows=max_rows(), max_unpacked=max_unpacked_bytes()
    )
    spec = answers.sheet_spec(round_, side)
    export = None
    if kind == "responses":
        # A KoboToolbox or ODK export of the round's XLSForm is read as the template.
        export = from_export(
            rows, spec, headers=answers.HEADERS_MN, aliases=export_aliases(round_, side)
        )
        if export is not None:
            rows = export.rows
    if deadline is not None:
        rows = _BudgetedRows(rows, deadline, seconds)
    if kind == "responses":
        result = validate_responses(
            rows,
            spec,
            headers=answers.HEADERS_MN,
            existing_respondent_ids=answers.existing_refs(round_, side),
            accepted=accepted_values(spec.scale),
        )
        return export.restore(result) if export is not None else result
    if kind == "tallies":
        return validate_tallies(rows, spec, headers=answers.HEADERS_MN)
    raise DomainError("template_kind_unknown", "kind")


def create_job(
    round_: Round, user_id: int | None, kind: str, side: str, filename: str, data: bytes
) -> ImportJob:
    """Check an uploaded file and keep it with its preview; nothing is imported yet."""
    ensure_collecting(round_)
    result = preview(round_, kind, side, data, filename, seconds=preview_seconds())
    job = ImportJob(
        token=secrets.token_urlsafe(16)[:22],
        round_id=round_.id,
        user_id=user_id,
        kind=kind,
        side=side,
        filename=(filename or "")[:255],
        data=data,
        state="checked",
        **_preview_fields(result),
    )
    db.session.add(job)
    db.session.flush()
    record(
        "import.upload",
        "import_job",
        job.id,
        after={"round": round_.id, "kind": kind, "rows": result.rows_seen},
    )
    return job


DEFAULT_PREVIEW_SECONDS = 20
PREVIEW_CHECK_EVERY = 256  # rows between two looks at the clock


def preview_seconds() -> int:
    """Seconds the upload page may spend checking a file (``IMPORT_PREVIEW_SECONDS``)."""
    return int(current_app.config.get("IMPORT_PREVIEW_SECONDS", DEFAULT_PREVIEW_SECONDS))


class _BudgetedRows(list):
    """The rows of a file, refusing to be read past a deadline: the checks of
    ``scorecards.imports`` index rows one by one, so every ``PREVIEW_CHECK_EVERY``
    indexed reads look at the clock and raise DomainError ``file_too_slow``."""

    def __init__(self, rows: Sequence, deadline: float, seconds: float) -> None:
        super().__init__(rows)
        self._deadline = deadline
        self._seconds = seconds
        self._reads = 0

    def __getitem__(self, index):
        self._reads += 1
        if self._reads % PREVIEW_CHECK_EVERY == 0 and time.monotonic() > self._deadline:
            raise DomainError("file_too_slow", "file", seconds=self._seconds)
        return super().__getitem__(index)


def _preview_fields(result: ImportPreview) -> dict:
    """The job's columns that describe a check: counts and the first problems."""
    return {
        "total": result.rows_seen,
        "valid_rows": len(result.valid_rows),
        "blocked": result.blocked,
        "problems": [
            {
                "row": p.row_number,
                "column": p.column,
                "letter": p.column_letter,
                "code": p.code,
                "value": p.value[:80],
                "accepted": list(p.params.get("accepted", ()))[:60],
            }
            for p in result.problems[:PREVIEW_PROBLEMS]
        ],
        "problem_counts": result.problem_counts,
    }


def discard(job: ImportJob) -> None:
    """Import nothing from a checked file, or set a failed import aside: the job ends as
    ``discarded`` and its file is deleted. A failed job's left-over forms (they never
    counted) are removed first (``remove_failed_rows``), since afterwards nothing would
    look for them. DomainError ``import_not_ready`` in any other state."""
    if job.state not in ("checked", "failed"):
        raise DomainError("import_not_ready", "choice")
    if job.state == "failed":
        remove_failed_rows(job.round_id)
    job.state = "discarded"
    job.data = None
    job.finished_at = utcnow()
    record("import.discard", "import_job", job.id)


def retry(job: ImportJob) -> bool:
    """Check a failed import's file again, so the user can choose what to import anew;
    ``False`` (nothing changed) when the file is no longer kept and must be uploaded
    again. DomainError ``import_not_ready`` unless the job failed, or any refusal of the
    check (the job is left as it was)."""
    if job.state != "failed":
        raise DomainError("import_not_ready", "choice")
    if job.data is None:
        return False
    round_ = job.round
    ensure_collecting(round_)
    remove_failed_rows(round_.id)
    result = preview(round_, job.kind, job.side, job.data, job.filename, preview_seconds())
    for name, value in _preview_fields(result).items():
        setattr(job, name, value)
    job.state = "checked"
    job.error = ""
    job.processed = job.imported = 0
    job.started_at = job.finished_at = None
    record("import.retry", "import_job", job.id, after={"rows": result.rows_seen})
    return True


def begin(job: ImportJob) -> None:
    """Mark the job as importing (refused unless it was checked and has valid rows).

    The move from ``checked`` to ``importing`` is one conditional UPDATE, so of two
    clicks arriving together exactly one starts the import; the other gets DomainError
    ``import_already_started`` (the database makes the second wait for the first's
    commit, then finds the state changed).
    """
    if job.state in ("importing", "done"):
        raise DomainError("import_already_started", "choice")
    if job.state != "checked" or job.blocked or job.valid_rows == 0:
        raise DomainError("import_not_ready", "choice")
    ensure_collecting(job.round)
    moved = db.session.execute(
        update(ImportJob)
        .where(ImportJob.id == job.id, ImportJob.state == "checked")
        .values(state="importing", processed=0, started_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        raise DomainError("import_already_started", "choice")
    db.session.refresh(job)


def store_valid_rows(job: ImportJob, progress: Callable[[int], None] | None = None) -> int:
    """Re-check the kept file and store its valid rows for an "importing" job, then mark
    it done (``import_rows``: commits as it goes). Returns how many rows were stored."""
    round_ = job.round
    ensure_collecting(round_)
    result = preview(round_, job.kind, job.side, job.data, job.filename)
    return import_rows(job, result.valid_rows, progress)


def import_rows(
    job: ImportJob,
    rows: Sequence[ResponseRow] | Sequence[TallyRow],
    progress: Callable[[int], None] | None = None,
    action: str = "import.done",
) -> int:
    """Store checked rows for an "importing" job and mark it done: the one path of
    uploads and ``flask rounds import``. Returns how many rows were stored.

    Forms are committed chunk by chunk (see the module note) and count only once the
    last transaction marks the job done, after checking that the round still collects
    (its row locked, so a move to review cannot cross it) and that the job was not
    taken for dead meanwhile. ``progress`` is called with the rows stored so far. On an
    error the session is left to ``fail_import``, which the caller must call.
    """
    job_id, round_id, user_id = job.id, job.round_id, job.user_id
    kind, side, round_ = job.kind, job.side, job.round

    def step(done: int) -> None:
        moved = db.session.execute(
            update(ImportJob)
            .where(ImportJob.id == job_id, ImportJob.state == "importing")
            .values(processed=done)
            .execution_options(synchronize_session=False)
        )
        if moved.rowcount != 1:
            raise DomainError("import_interrupted", None)  # reaped meanwhile
        if progress:
            progress(done)

    if kind == "responses":
        remove_failed_rows(round_id)
        stored = answers.insert_responses(
            round_, side, rows, Channel.IMPORT, user_id, step, job_id, _chunk_transaction
        )
        with write_turn():
            _finish(job_id, round_id, user_id, kind, stored, action)
            db.session.commit()
        return stored
    with write_turn():
        stored = answers.replace_tallies(round_, rows, user_id, progress)
        _finish(job_id, round_id, user_id, kind, stored, action)
        db.session.commit()
    return stored


@contextmanager
def _chunk_transaction() -> Iterator[None]:
    """One chunk of an import: its own transaction, committed at the end, taken in turn
    with the citizen sends of this process (``write_turn``); on SQLite the write lock
    is then left free for ``SQLITE_PAUSE`` seconds."""
    with write_turn():
        try:
            yield
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
    if db.engine.dialect.name == "sqlite":
        time.sleep(SQLITE_PAUSE)


def _finish(
    job_id: int, round_id: int, user_id: int | None, kind: str, stored: int, action: str
) -> None:
    """Mark the job done in the current transaction (its forms count from its commit);
    ``DomainError`` when it is no longer importing or the round no longer collects."""
    moved = db.session.execute(
        update(ImportJob)
        .where(ImportJob.id == job_id, ImportJob.state == "importing")
        .values(state="done", imported=stored, processed=stored, data=None, finished_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        raise DomainError("import_interrupted", None)
    round_ = db.session.get(Round, round_id)
    lock_round_row(round_)
    ensure_collecting(round_)
    record(
        action,
        "import_job",
        job_id,
        after={"round": round_id, "kind": kind, "stored": stored},
        user_id=user_id,
    )


def fail_import(job_id: int, error: BaseException) -> None:
    """After an import raised: roll back, mark its job failed (unless it ended already)
    with the error's code, drop the kept file, and remove the forms it stored.

    Its forms never counted (the job was not done), so the figures do not change; they
    are removed in short transactions so the form numbers are free again. If removing
    fails, they stay uncounted and the round's next import removes them.
    """
    db.session.rollback()
    code = error.code[:60] if isinstance(error, DomainError) else "import_failed"
    with write_turn():
        db.session.execute(
            update(ImportJob)
            .where(ImportJob.id == job_id, ImportJob.state == "importing")
            .values(state="failed", error=code, data=None, finished_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
    try:
        _remove_rows_of(job_id)
    except Exception:  # noqa: BLE001 - the forms count nowhere; the next import retries
        db.session.rollback()
        current_app.logger.exception("removing the forms of failed import %s", job_id)


def remove_failed_rows(round_id: int) -> int:
    """Remove the forms left by the round's failed imports (a process that died, a
    removal that failed); returns how many. Costs one indexed read when there are none.
    Commits a chunk at a time when there are some: call it before changing anything
    else in the session."""
    left = exists().where(Response.import_job_id == ImportJob.id)
    job_ids = list(
        db.session.scalars(
            select(ImportJob.id).where(
                ImportJob.round_id == round_id, ImportJob.state == "failed", left
            )
        )
    )
    return sum(_remove_rows_of(job_id) for job_id in job_ids)


def _remove_rows_of(job_id: int) -> int:
    """Delete the forms (and their scores) of one import job that is not done, a chunk
    per short transaction; returns how many forms. Rows of another job, or sent by a
    citizen or typed in (no job), are never touched."""
    removed = 0
    while True:
        with write_turn():
            ids = list(
                db.session.scalars(
                    select(Response.id)
                    .join(ImportJob, ImportJob.id == Response.import_job_id)
                    .where(Response.import_job_id == job_id, ImportJob.state != "done")
                    .limit(answers.CHUNK)
                )
            )
            if not ids:
                return removed
            db.session.execute(delete(Score).where(Score.response_id.in_(ids)))
            db.session.execute(delete(Response).where(Response.id.in_(ids)))
            db.session.commit()
        removed += len(ids)
        if db.engine.dialect.name == "sqlite":
            time.sleep(SQLITE_PAUSE)


def command_line_job(
    round_: Round, kind: str, side: str, filename: str, rows_seen: int, valid_rows: int
) -> ImportJob:
    """The job row of a ``flask rounds import`` run (state ``importing``; the file is not
    kept), so the forms it stores carry a batch that can be found and withdrawn like an
    upload's, and are stored by the same path (``import_rows``). Committed at once."""
    job = ImportJob(
        token=secrets.token_urlsafe(16)[:22],
        round_id=round_.id,
        user_id=None,
        kind=kind,
        side=side,
        filename=(filename or "")[:255],
        data=None,
        state="importing",
        total=rows_seen,
        valid_rows=valid_rows,
        started_at=utcnow(),
    )
    with write_turn():
        db.session.add(job)
        db.session.commit()
    return job


def run_import(job_id: int) -> None:
    """Store a job's valid rows (``import_rows``); on any error mark the job failed and
    remove what it stored (``fail_import``)."""
    job = db.session.get(ImportJob, job_id)
    try:
        store_valid_rows(job)
    except Exception as error:  # noqa: BLE001 - any failure must leave no counted rows
        fail_import(job_id, error)
        if not isinstance(error, DomainError):
            current_app.logger.exception("import %s failed", job_id)


def start_import(app: Flask, job_id: int) -> None:
    """Run the import now (tests, ``IMPORT_IN_BACKGROUND=False``) or in a thread."""
    if not app.config.get("IMPORT_IN_BACKGROUND", not app.config.get("TESTING")):
        run_import(job_id)
        return

    def work() -> None:
        with app.app_context():
            run_import(job_id)
            db.session.remove()

    threading.Thread(target=work, name=f"import-{job_id}", daemon=True).start()


def stuck_minutes() -> int:
    """Minutes after which an import still "importing" is taken for dead
    (``IMPORT_STUCK_MINUTES``, 60 by default; the largest allowed file takes a few)."""
    return int(current_app.config.get("IMPORT_STUCK_MINUTES", DEFAULT_STUCK_MINUTES))


def reap_stuck_imports(minutes: int | None = None, now: datetime | None = None) -> int:
    """Mark failed (``import_interrupted``) every upload still "importing" ``minutes``
    after it started, and drop its kept file; returns how many. Commits itself.

    A job stays "importing" for ever when the process running it died (a restart, a
    killed worker): its transaction was rolled back, so none of its rows were stored and
    the user may upload the file again. Run when the import pages are opened and by
    ``flask rounds import-reap`` (for cron). Looking costs one read; nothing is written
    when no job is stuck, so the pages never wait on SQLite's write lock for nothing.
    On SQLite, a write lock still held (an import really running) is not waited out:
    the reap is left for the next time.
    """
    now = now or utcnow()
    cutoff = now - timedelta(minutes=minutes or stuck_minutes())
    started = func.coalesce(ImportJob.started_at, ImportJob.created_at)
    stuck = (ImportJob.state == "importing", started < cutoff)
    ids = list(db.session.scalars(select(ImportJob.id).where(*stuck)))
    if not ids:
        return 0
    try:
        reaped = list(
            db.session.scalars(
                update(ImportJob)
                .where(ImportJob.id.in_(ids), *stuck)
                .values(state="failed", error="import_interrupted", data=None, finished_at=now)
                .returning(ImportJob.id)
                .execution_options(synchronize_session=False)
            )
        )
        for job_id in reaped:
            record("import.interrupted", "import_job", job_id, user_id=None)
        db.session.commit()
    except OperationalError:
        db.session.rollback()  # the database is busy (SQLite): try again next time
        return 0
    db.session.expire_all()
    return len(reaped)
