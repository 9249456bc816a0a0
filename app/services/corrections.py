"""Every stored response of a round: listing, correcting a paper or imported form, and
withdrawing one response or a whole imported file.

Nothing here deletes a response. A withdrawn response keeps its row and scores, marked
with who withdrew it, when and why, and leaves every figure (each query of figures
filters on ``Response.counted()``). Its form number moves to ``withdrawn_ref`` so the
same paper form can be typed in again without breaking UNIQUE(round_id, respondent_ref).

A correction is checked by the very rules of paper entry and file import
(``scorecards.imports.validate_responses``): the form is turned into a one-row sheet
and validated as if it had been typed on the paper page. Citizens' own phone and
tablet responses are never edited, only withdrawn.

A published round is locked: every change here first locks the round's row (so a
publication running at the same moment waits, or is waited for) and refuses with
``round_locked``. Services flush; the view commits once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import ParticipantGroup, Response, Round, RoundIndicator, Score, User
from app.models._types import utcnow
from app.models.imports import ImportJob
from app.services import answers
from app.services.audit import record
from app.services.rounds import ensure_editable, lock_round_row
from scorecards.answer_check import MAX_COMMENT_LENGTH
from scorecards.cells import is_formula_like
from scorecards.errors import DomainError
from scorecards.imports import RESPONSE_KEYS, reason_key, validate_responses
from scorecards.submissions import content_fingerprint
from scorecards.vocab import Channel

# Forms a staff member typed or imported; citizens' own sends are never edited.
EDITABLE_CHANNELS = frozenset({Channel.PAPER.value, Channel.IMPORT.value})
PAGE_SIZE = 50
MAX_WITHDRAW_REASON = 2000
STATES = ("active", "withdrawn", "flagged")


@dataclass(frozen=True)
class AnswerFilters:
    """What the list shows: each field narrows it; empty or ``None`` means every value.

    ``state`` is ``"active"`` (counted), ``"withdrawn"``, ``"flagged"`` (counted sends
    with a flag of ``app.services.response_flags``, for the facilitator to judge) or
    ``""`` (every one).
    """

    side: str = ""
    channel: str = ""
    group_id: int | None = None
    import_job_id: int | None = None
    state: str = ""


@dataclass(frozen=True)
class AnswerRow:
    """One stored response as the list shows it (times are naive UTC)."""

    id: int
    receipt: str
    respondent_ref: str | None
    side: str
    channel: str
    group_label: str | None
    submitted_at: datetime
    entered_by: str | None
    import_job_id: int | None
    import_filename: str | None
    corrected_at: datetime | None
    withdrawn_at: datetime | None
    withdrawn_by: str | None
    withdrawn_reason: str
    # Why the send looks unusual ('' for none; ``app.services.response_flags``).
    flag: str = ""

    @property
    def editable(self) -> bool:
        return self.channel in EDITABLE_CHANNELS and self.withdrawn_at is None


@dataclass(frozen=True)
class AnswerPage:
    """One page of the list: ``rows``, the ``total`` matching the filters, the 1-based
    ``page`` shown and the number of ``pages`` (at least 1)."""

    rows: list[AnswerRow]
    total: int
    page: int
    pages: int


def list_answers(round_: Round, filters: AnswerFilters, page: int = 1) -> AnswerPage:
    """The round's stored responses, newest first, ``PAGE_SIZE`` per page, with who typed
    each one and the import batch it came in (one query for the page, one for the count).
    A page past the end shows the last page."""
    entered = aliased(User)
    withdrawer = aliased(User)
    # Forms of an import still running (or failed) are not stored for good: not listed.
    conditions = [Response.round_id == round_.id, Response.settled()]
    if filters.side:
        conditions.append(Response.side == filters.side)
    if filters.channel:
        conditions.append(Response.channel == filters.channel)
    if filters.group_id is not None:
        conditions.append(Response.group_id == filters.group_id)
    if filters.import_job_id is not None:
        conditions.append(Response.import_job_id == filters.import_job_id)
    if filters.state == "active":
        conditions.append(Response.counted())
    elif filters.state == "withdrawn":
        conditions.append(Response.withdrawn_at.isnot(None))
    elif filters.state == "flagged":
        conditions.extend((Response.counted(), Response.flag != ""))
    total = db.session.scalar(select(func.count(Response.id)).where(*conditions)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = db.session.execute(
        select(
            Response.id,
            Response.receipt,
            func.coalesce(Response.respondent_ref, Response.withdrawn_ref),
            Response.side,
            Response.channel,
            ParticipantGroup.label,
            Response.submitted_at,
            entered.display_name,
            Response.import_job_id,
            ImportJob.filename,
            Response.corrected_at,
            Response.withdrawn_at,
            withdrawer.display_name,
            Response.withdrawn_reason,
            Response.flag,
        )
        .outerjoin(ParticipantGroup, ParticipantGroup.id == Response.group_id)
        .outerjoin(entered, entered.id == Response.entered_by_id)
        .outerjoin(ImportJob, ImportJob.id == Response.import_job_id)
        .outerjoin(withdrawer, withdrawer.id == Response.withdrawn_by_id)
        .where(*conditions)
        .order_by(Response.submitted_at.desc(), Response.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    return AnswerPage([AnswerRow(*row) for row in rows], total, page, pages)


@dataclass(frozen=True)
class Batch:
    """An imported file of responses: how many of its forms count and how many were
    withdrawn."""

    job: ImportJob
    active: int
    withdrawn: int


def batches(round_: Round) -> list[Batch]:
    """The round's imports of responses that stored forms, newest first."""
    counts: dict[int, dict[bool, int]] = {}
    for job_id, withdrawn, number in db.session.execute(
        select(Response.import_job_id, Response.withdrawn_at.isnot(None), func.count())
        .where(Response.round_id == round_.id, Response.import_job_id.isnot(None))
        .group_by(Response.import_job_id, Response.withdrawn_at.isnot(None))
    ):
        counts.setdefault(job_id, {})[bool(withdrawn)] = int(number)
    jobs = db.session.scalars(
        select(ImportJob)
        .where(
            ImportJob.round_id == round_.id,
            ImportJob.id.in_(list(counts)),
            ImportJob.state == "done",  # a running or failed import stored nothing for good
        )
        .order_by(ImportJob.id.desc())
    ).all()
    return [Batch(job, counts[job.id].get(False, 0), counts[job.id].get(True, 0)) for job in jobs]


def response_of(round_: Round, response_id: int) -> Response | None:
    """The response ``response_id`` if it belongs to ``round_`` (else ``None``)."""
    response = db.session.get(Response, response_id)
    if response is None or response.round_id != round_.id:
        return None
    return response


def batch_of(round_: Round, job_id: int) -> ImportJob | None:
    """The import job ``job_id`` if it belongs to ``round_`` (else ``None``)."""
    job = db.session.get(ImportJob, job_id)
    if job is None or job.round_id != round_.id:
        return None
    return job


def sheet_keys(round_: Round, side: str) -> tuple[list[str], list[tuple[RoundIndicator, str, str]]]:
    """The cells of one form of ``side``: the fixed keys, then per indicator (round
    indicator, value key, reason key) — the same keys as a row of the import sheet."""
    spec = answers.sheet_spec(round_, side)
    by_id = {ri.id: ri for ri in round_.indicators}
    indicators = [
        (by_id[i.round_indicator_id], i.column_key, reason_key(i.column_key))
        for i in spec.sheet_indicators
    ]
    return list(RESPONSE_KEYS), indicators


def typed_cells(response: Response) -> dict[str, str]:
    """A stored response as the cells a typist would write (group by id, demographics
    by code, a score as its number or its missing reason code, reasons as text)."""
    cells = {
        "respondent_id": response.respondent_ref or response.withdrawn_ref or "",
        "group": str(response.group_id or ""),
        "gender": response.gender,
        "age_band": response.age_band,
        "disability": response.disability,
        "comment": response.comment,
    }
    codes = {ri.id: ri.indicator.code for ri in response.round.indicators}
    for score in response.scores:
        code = codes.get(score.round_indicator_id)
        if code is None:
            continue
        cells[code] = f"{score.value:g}" if score.value is not None else score.missing_reason
        cells[reason_key(code)] = score.reason
    return cells


@dataclass
class CorrectionResult:
    """Problems by cell key (``respondent_id``, an indicator code, ``<code>_reason``,
    ``comment``) -> error code; empty when the correction was stored."""

    problems: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def _lock(round_: Round, response: Response | None = None) -> None:
    """Lock the round's row for this transaction and refuse a published round.

    Publishing changes the same row, so a publication and a correction never cross:
    whichever comes second sees what the first committed. The response is re-read after
    the lock for the same reason."""
    lock_round_row(round_)
    ensure_editable(round_)
    if response is not None:
        db.session.refresh(response)


def _snapshot(response: Response) -> dict:
    """What a correction may change, as plain values for the audit log."""
    return {
        "respondent_ref": response.respondent_ref,
        "group_id": response.group_id,
        "gender": response.gender,
        "age_band": response.age_band,
        "disability": response.disability,
        "comment": response.comment,
        "scores": {
            str(s.round_indicator_id): [s.value, s.missing_reason, s.reason]
            for s in sorted(response.scores, key=lambda s: s.round_indicator_id)
        },
    }


def correct_response(
    round_: Round, response: Response, cells: Mapping[str, str], user_id: int | None
) -> CorrectionResult:
    """Replace what a paper or imported form says, or change nothing.

    ``cells`` holds ``respondent_id``, ``group`` (id or name), ``gender``, ``age_band``,
    ``disability``, each indicator's code (a number on the round's scale, ``na``/``dk``
    and the other missing-answer spellings, or blank for "not answered"), its
    ``<code>_reason`` text and ``comment``. They are checked exactly as a typed paper
    row (the form's own number does not count as a duplicate). A blank score removes
    that score (its old value stays in the audit event). A changed reason or comment
    goes back to moderation. Raises ``DomainError``: ``round_locked``,
    ``response_withdrawn``, ``response_not_editable``.
    """
    _lock(round_, response)
    if response.withdrawn_at is not None:
        raise DomainError("response_withdrawn", "response")
    if response.channel not in EDITABLE_CHANNELS:
        raise DomainError("response_not_editable", "response")
    fixed, indicators = sheet_keys(round_, response.side)
    keys = [*fixed, *(k for _ri, key, reason in indicators for k in (key, reason))]
    table = [keys, [str(cells.get(key) or "") for key in keys]]
    spec = answers.sheet_spec(round_, response.side)
    others = answers.existing_refs(round_) - {response.respondent_ref}
    preview = validate_responses(table, spec, existing_respondent_ids=others)
    result = CorrectionResult()
    for problem in preview.problems:
        key = keys[problem.column_index] if problem.column_index is not None else "row"
        result.problems.setdefault(key, problem.code)
    comment = str(cells.get("comment") or "").strip()
    if len(comment) > MAX_COMMENT_LENGTH:
        result.problems["comment"] = "comment_too_long"
    elif is_formula_like(comment):
        result.problems["comment"] = "formula_cell"
    if not result.ok:
        return result
    row = preview.valid_rows[0]
    before = _snapshot(response)
    response.respondent_ref = row.respondent_id
    response.group_id = row.group_id
    response.gender = str(row.gender)
    response.age_band = str(row.age_band)
    response.disability = str(row.disability)
    if comment != response.comment:
        response.comment = comment
        response.comment_approved = False
    stored = {s.round_indicator_id: s for s in response.scores}
    kept: dict[int, tuple[float | None, str | None, str]] = {}
    for ri, _key, _reason in indicators:
        value = row.values.get(ri.id)
        missing = row.missing_reasons.get(ri.id)
        reason = row.comments.get(ri.id, "")
        score = stored.get(ri.id)
        if value is None and missing is None:
            if score is not None:
                response.scores.remove(score)
            continue
        missing_code = None if value is not None else str(missing)
        if score is None:
            score = Score(round_indicator_id=ri.id, reason_approved=False)
            response.scores.append(score)
        elif score.reason != reason:
            score.reason_approved = False
        score.value, score.missing_reason, score.reason = value, missing_code, reason
        kept[ri.id] = (value, missing_code, reason)
    for ri_id, score in stored.items():
        if ri_id not in kept and score in response.scores:
            kept[ri_id] = (score.value, score.missing_reason, score.reason)
    demographics = {
        "gender": response.gender,
        "age_band": response.age_band,
        "disability": response.disability,
    }
    response.content_hash = content_fingerprint(
        response.side, response.group_id, demographics, kept, response.comment
    )
    response.corrected_at = utcnow()
    response.corrected_by_id = user_id
    db.session.flush()
    after = _snapshot(response)
    changed = {key for key in before if before[key] != after[key]}
    record(
        "response.correct",
        "response",
        response.id,
        {key: before[key] for key in sorted(changed)},
        {key: after[key] for key in sorted(changed)},
        user_id=user_id,
    )
    return result


def _checked_reason(reason: str) -> str:
    """A withdrawal's reason, trimmed; ``DomainError`` when empty or too long."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("reason_required", "reason")
    if len(reason) > MAX_WITHDRAW_REASON:
        raise DomainError("reason_too_long", "reason", max=MAX_WITHDRAW_REASON)
    return reason


def withdraw_response(round_: Round, response: Response, reason: str, user_id: int | None) -> None:
    """Withdraw one response of any channel: it stays stored, marked (who, when, why),
    and leaves every figure; its form number is freed for a re-typed form.

    Raises ``DomainError``: ``reason_required``, ``reason_too_long``, ``round_locked``,
    ``response_withdrawn``.
    """
    reason = _checked_reason(reason)
    _lock(round_, response)
    if response.withdrawn_at is not None:
        raise DomainError("response_withdrawn", "response")
    response.withdrawn_at = utcnow()
    response.withdrawn_by_id = user_id
    response.withdrawn_reason = reason
    response.withdrawn_ref = response.respondent_ref
    response.respondent_ref = None
    db.session.flush()
    record(
        "response.withdraw",
        "response",
        response.id,
        {"withdrawn": False},
        {"withdrawn": True, "channel": response.channel, "form": response.withdrawn_ref},
        reason,
        user_id=user_id,
    )


def withdraw_batch(round_: Round, job: ImportJob, reason: str, user_id: int | None) -> int:
    """Withdraw every still-counted response an imported file stored, in one UPDATE.

    Returns how many were withdrawn. Raises ``DomainError``: ``reason_required``,
    ``reason_too_long``, ``round_locked``, ``batch_empty`` (nothing of it still counts).
    """
    reason = _checked_reason(reason)
    _lock(round_)
    now = utcnow()
    result = db.session.execute(
        update(Response)
        .where(
            Response.round_id == round_.id,
            Response.import_job_id == job.id,
            Response.counted(),
        )
        .values(
            withdrawn_at=now,
            withdrawn_by_id=user_id,
            withdrawn_reason=reason,
            withdrawn_ref=Response.respondent_ref,
            respondent_ref=None,
        )
        .execution_options(synchronize_session=False)
    )
    count = result.rowcount or 0
    if count == 0:
        raise DomainError("batch_empty", "import_job")
    db.session.expire_all()
    record(
        "import.withdraw",
        "import_job",
        job.id,
        None,
        {"round": round_.id, "withdrawn": count, "filename": job.filename},
        reason,
        user_id=user_id,
    )
    db.session.flush()
    return count
