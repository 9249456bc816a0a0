"""Uploaded files waiting to be checked and imported into a round (one row per upload).

The file itself is kept in the row so that any app server can pick the job up; the
progress figures let the page show how far a long import has gone.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models._types import utcnow
from app.models.rounds import Round

IMPORT_KINDS = ("responses", "tallies")
# uploaded -> checking -> checked -> importing -> done | failed; discarded when the user
# chooses to import nothing.
IMPORT_STATES = ("uploaded", "checking", "checked", "importing", "done", "failed", "discarded")


class ImportJob(db.Model):
    __tablename__ = "import_job"
    __table_args__ = (
        CheckConstraint("kind IN ('responses', 'tallies')", name="kind_valid"),
        CheckConstraint(
            "state IN ('uploaded', 'checking', 'checked', 'importing', 'done', 'failed', "
            "'discarded')",
            name="state_valid",
        ),
        CheckConstraint("processed >= 0 AND total >= 0", name="progress_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Random, unguessable: the job's address in URLs.
    token: Mapped[str] = mapped_column(String(32), unique=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    kind: Mapped[str] = mapped_column(String(10))
    side: Mapped[str] = mapped_column(String(10), default="community")
    filename: Mapped[str] = mapped_column(String(255), default="")
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    state: Mapped[str] = mapped_column(String(10), default="uploaded")
    total: Mapped[int] = mapped_column(Integer, default=0)
    processed: Mapped[int] = mapped_column(Integer, default=0)
    valid_rows: Mapped[int] = mapped_column(Integer, default=0)
    imported: Mapped[int] = mapped_column(Integer, default=0)
    blocked: Mapped[bool] = mapped_column(default=False)
    # The first problems found (for the preview table) and the count of each code.
    problems: Mapped[list | None] = mapped_column(JSON)
    problem_counts: Mapped[dict | None] = mapped_column(JSON)
    error: Mapped[str] = mapped_column(String(60), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # When "import valid rows" moved it to importing: a job importing for longer than
    # IMPORT_STUCK_MINUTES after this is taken for dead (file_imports.reap_stuck_imports).
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)

    round: Mapped[Round] = relationship()
