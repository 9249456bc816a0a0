"""Importing paper scorecards or tallies from CSV/XLSX: upload, preview, then import.

The uploaded file is kept in an ``ImportJob`` row (any app server can continue the
job). Checking a 50,000-row file takes about a second, so the preview is built when the
file arrives; storing it is the slow part and runs as one transaction, in a background
thread for the web (``run_import``) or with a progress bar from the CLI. Progress is
written through a separate connection where the database allows a second writer
(PostgreSQL); on SQLite the job shows "importing" until it is done.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import OperationalError

from app.extensions import db
from app.models import Round
from app.models._types import utcnow
from app.models.imports import ImportJob
from app.services import answers
from app.services.audit import record
from app.services.import_values import accepted_values
from app.services.rounds import ensure_collecting
from scorecards.errors import DomainError
from scorecards.imports import ImportPreview, read_table, validate_responses, validate_tallies
from scorecards.vocab import Channel

PREVIEW_PROBLEMS = 500
DEFAULT_MAX_BYTES = 15 * 1024 * 1024
DEFAULT_MAX_ROWS = 100_000
DEFAULT_MAX_UNPACKED = 50 * 1024 * 1024
DEFAULT_STUCK_MINUTES = 60


def max_bytes() -> int:
    return int(current_app.config.get("IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_rows() -> int:
    """Rows a file may hold (``IMPORT_MAX_ROWS``, blank rows included)."""
    return int(current_app.config.get("IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def max_unpacked_bytes() -> int:
    """Bytes an XLSX may unpack to (``IMPORT_MAX_UNPACKED_BYTES``, 50 MB by default)."""
    return int(current_app.config.get("IMPORT_MAX_UNPACKED_BYTES", DEFAULT_MAX_UNPACKED))


def preview(round_: Round, kind: str, side: str, data: bytes, filename: str) -> ImportPreview:
    """Read and check a file against the round; ``DomainError`` for an unusable file."""
    rows = read_table(
        data, filename, max_bytes(), max_rows=max_rows(), max_unpacked=max_unpacked_bytes()
    )
    spec = answers.sheet_spec(round_, side)
    if kind == "responses":
        return validate_responses(
            rows,
            spec,
            headers=answers.HEADERS_MN,
            existing_respondent_ids=answers.existing_refs(round_, side),
            accepted=accepted_values(),
        )
    if kind == "tallies":
        return validate_tallies(rows, spec, headers=answers.HEADERS_MN)
    raise DomainError("template_kind_unknown", "kind")


def create_job(
    round_: Round, user_id: int | None, kind: str, side: str, filename: str, data: bytes
) -> ImportJob:
    """Check an uploaded file and keep it with its preview; nothing is imported yet."""
    ensure_collecting(round_)
    result = preview(round_, kind, side, data, filename)
    job = ImportJob(
        token=secrets.token_urlsafe(16)[:22],
        round_id=round_.id,
        user_id=user_id,
        kind=kind,
        side=side,
        filename=(filename or "")[:255],
        data=data,
        state="checked",
        total=result.rows_seen,
        valid_rows=len(result.valid_rows),
        blocked=result.blocked,
        problems=[
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
        problem_counts=result.problem_counts,
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


def discard(job: ImportJob) -> None:
    """The user chose to import nothing: forget the file."""
    if job.state != "checked":
        raise DomainError("import_not_ready", "choice")
    job.state = "discarded"
    job.data = None
    job.finished_at = utcnow()
    record("import.discard", "import_job", job.id)


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
    """Re-check the kept file and insert its valid rows (the caller commits once)."""
    round_ = job.round
    ensure_collecting(round_)
    result = preview(round_, job.kind, job.side, job.data, job.filename)
    if job.kind == "responses":
        stored = answers.insert_responses(
            round_, job.side, result.valid_rows, Channel.IMPORT, job.user_id, progress, job.id
        )
    else:
        stored = answers.replace_tallies(round_, result.valid_rows, job.user_id, progress)
    job.imported = stored
    job.processed = stored
    job.state = "done"
    job.data = None
    job.finished_at = utcnow()
    record(
        "import.done",
        "import_job",
        job.id,
        after={"round": round_.id, "stored": stored},
        user_id=job.user_id,
    )
    return stored


def command_line_job(
    round_: Round, kind: str, side: str, filename: str, rows_seen: int, valid_rows: int
) -> ImportJob:
    """The job row of a ``flask rounds import`` run (state ``importing``; the file is not
    kept), so the forms it stores carry a batch that can be found and withdrawn like an
    upload's. ``finish_command_line_job`` completes it in the same transaction."""
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
    )
    db.session.add(job)
    db.session.flush()
    return job


def finish_command_line_job(job: ImportJob, stored: int) -> None:
    """Mark a ``flask rounds import`` job done with the number of rows it stored."""
    job.imported = job.processed = stored
    job.state = "done"
    job.finished_at = utcnow()
    db.session.flush()


def _progress_writer(job_id: int) -> Callable[[int], None] | None:
    if db.engine.dialect.name == "sqlite":
        return None  # one writer at a time: the import transaction holds the lock

    def write(done: int) -> None:
        with db.engine.begin() as connection:
            connection.execute(
                update(ImportJob).where(ImportJob.id == job_id).values(processed=done)
            )

    return write


def run_import(job_id: int) -> None:
    """Store a job's valid rows in one transaction; on any error store none of them and
    mark the job failed (in a fresh transaction)."""
    job = db.session.get(ImportJob, job_id)
    try:
        store_valid_rows(job, _progress_writer(job_id))
        db.session.commit()
    except Exception as error:  # noqa: BLE001 - any failure must leave no partial rows
        db.session.rollback()
        job = db.session.get(ImportJob, job_id)
        job.state = "failed"
        job.data = None  # the file is not kept once the job has ended
        job.error = error.code[:60] if isinstance(error, DomainError) else "import_failed"
        job.finished_at = utcnow()
        db.session.commit()
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
