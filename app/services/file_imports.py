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

from flask import Flask, current_app
from sqlalchemy import update

from app.extensions import db
from app.models import Round
from app.models._types import utcnow
from app.models.imports import ImportJob
from app.services import answers
from app.services.audit import record
from app.services.rounds import ensure_collecting
from scorecards.errors import DomainError
from scorecards.imports import ImportPreview, read_table, validate_responses, validate_tallies
from scorecards.vocab import Channel

PREVIEW_PROBLEMS = 500
DEFAULT_MAX_BYTES = 15 * 1024 * 1024


def max_bytes() -> int:
    return int(current_app.config.get("IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def preview(round_: Round, kind: str, side: str, data: bytes, filename: str) -> ImportPreview:
    """Read and check a file against the round; ``DomainError`` for an unusable file."""
    rows = read_table(data, filename, max_bytes())
    spec = answers.sheet_spec(round_, side)
    if kind == "responses":
        return validate_responses(
            rows,
            spec,
            headers=answers.HEADERS_MN,
            existing_respondent_ids=answers.existing_refs(round_, side),
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
    """Mark the job as importing (refused unless it was checked and has valid rows)."""
    if job.state != "checked" or job.blocked or job.valid_rows == 0:
        raise DomainError("import_not_ready", "choice")
    ensure_collecting(job.round)
    job.state = "importing"
    job.processed = 0


def store_valid_rows(job: ImportJob, progress: Callable[[int], None] | None = None) -> int:
    """Re-check the kept file and insert its valid rows (the caller commits once)."""
    round_ = job.round
    ensure_collecting(round_)
    result = preview(round_, job.kind, job.side, job.data, job.filename)
    if job.kind == "responses":
        stored = answers.insert_responses(
            round_, job.side, result.valid_rows, Channel.IMPORT, job.user_id, progress
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
