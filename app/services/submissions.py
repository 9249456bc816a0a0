"""Storing a citizen's or a provider's scorecard, exactly once per client-generated UUID.

The side always comes from the join code that opened the scorecard, never from what
was sent. A repeated UUID with the same content returns the first receipt and stores
nothing; with different content it is refused (``uuid_conflict``) and the first kept.
"""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field

from sqlalchemy import bindparam, insert, or_, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import ParticipantGroup, Response, Round, RoundIndicator, ScaleLabel, Score
from app.models import Scale as ScaleRow
from app.models._types import utcnow
from app.services.response_flags import flag_for
from scorecards.answer_check import (
    NOT_APPLICABLE,
    AnswerShape,
    Checked,
    Refused,
    check_answers,
    value_text,
)
from scorecards.codes import normalise_join_code, receipt_for
from scorecards.errors import DomainError
from scorecards.lifecycle import Phase, can_collect
from scorecards.scales import Scale, scale_from_record
from scorecards.submissions import content_fingerprint
from scorecards.vocab import AgeBand, Channel, Disability, Gender, Side

# Channels a respondent sends through themselves (paper forms and imports are typed
# in by staff through their own services).
RESPONDENT_CHANNELS = frozenset(
    c.value for c in Channel if c not in (Channel.PAPER, Channel.IMPORT)
)


@dataclass(frozen=True)
class GroupChoice:
    id: int
    label: str


@dataclass(frozen=True)
class JoinTarget:
    """What a join code opens: a round, the side it collects for, and what that side is
    asked, read with a few light queries (each submission reads it afresh, so opening
    and closing take effect at once on every server).

    ``round`` loads the full round for pages that show its texts.
    """

    side: Side
    code: str
    round_id: int
    state: str
    side_open: bool
    shared_device: bool
    indicator_ids: tuple[int, ...]
    groups: tuple[GroupChoice, ...]
    scale: Scale
    # What the answer checker needs, built once per cached shape (``find_target``);
    # a target made by hand gets one built on first use (``answer_shape``).
    prepared_shape: AnswerShape | None = field(default=None, compare=False, repr=False)

    @property
    def round(self) -> Round:
        return db.session.get(Round, self.round_id)

    @property
    def is_open(self) -> bool:
        return self.side_open and can_collect(Phase(self.state), self.side)

    @property
    def answer_shape(self) -> AnswerShape:
        """What this side asks, as ``scorecards.answer_check`` reads it."""
        if self.prepared_shape is not None:
            return self.prepared_shape
        return _answer_shape(self.indicator_ids, self.groups, self.scale)

    @property
    def single_group(self) -> GroupChoice | None:
        """The side's only group, which nobody is then asked to choose."""
        return self.groups[0] if len(self.groups) == 1 else None


@dataclass
class Submission:
    """One respondent's answers as sent; ``answers`` maps a round indicator id to
    (value on the round's scale or ``None``, missing reason or ``None``, reason text)."""

    uuid: str
    group_id: int | None
    answers: dict[int, tuple[float | None, str | None, str]]
    gender: str = Gender.UNDISCLOSED
    age_band: str = AgeBand.UNDISCLOSED
    disability: str = Disability.UNDISCLOSED
    comment: str = ""
    channel: str = Channel.PHONE
    # Keyed hashes of the sending device's cookie id and of the client address (set by
    # the citizen views; ``app.services.response_flags``), never the values as sent.
    device_hash: str | None = None
    address_hash: str | None = None
    demographics: dict[str, str] = field(init=False)
    # The checker's reading when ``read_submission`` made this submission.
    checked: Checked | None = field(default=None, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.demographics = {
            "gender": self.gender,
            "age_band": self.age_band,
            "disability": self.disability,
        }


@dataclass(frozen=True)
class Stored:
    receipt: str
    response_id: int
    created: bool


_ROUND_BY_CODE = select(
    Round.id, Round.state, Round.community_code, Round.provider_code,
    Round.community_open, Round.provider_open, Round.shared_device, Round.scale_id,
    Round.shape_key,
).where(or_(Round.community_code == bindparam("code"), Round.provider_code == bindparam("code")))

_INDICATOR_IDS = (
    select(RoundIndicator.id)
    .where(
        RoundIndicator.round_id == bindparam("round_id"),
        or_(RoundIndicator.side.is_(None), RoundIndicator.side == bindparam("side")),
    )
    .order_by(RoundIndicator.position, RoundIndicator.id)
)

_GROUPS = (
    select(ParticipantGroup.id, ParticipantGroup.label)
    .where(ParticipantGroup.round_id == bindparam("round_id"))
    .where(ParticipantGroup.side == bindparam("side"))
    .order_by(ParticipantGroup.id)
)

_SCALE = (
    select(
        ScaleRow.code, ScaleRow.kind, ScaleRow.min_value, ScaleRow.max_value,
        ScaleRow.positive_from, ScaleRow.name_mn, ScaleRow.name_en, ScaleRow.step,
        ScaleRow.version, ScaleLabel.value, ScaleLabel.label_mn, ScaleLabel.label_en,
        ScaleLabel.mark,
    )
    .outerjoin(ScaleLabel, ScaleLabel.scale_id == ScaleRow.id)
    .where(ScaleRow.id == bindparam("scale_id"))
    .order_by(ScaleLabel.value)
)


@dataclass(frozen=True)
class _Shape:
    indicator_ids: tuple[int, ...]
    groups: tuple[GroupChoice, ...]
    scale: Scale
    answer_shape: AnswerShape


def _answer_shape(
    indicator_ids: tuple[int, ...], groups: tuple[GroupChoice, ...], scale: Scale
) -> AnswerShape:
    return AnswerShape(
        indicator_ids=tuple(indicator_ids), group_ids=tuple(g.id for g in groups), scale=scale
    )


# (round id, side, round.shape_key, scale id) -> what that side is asked. A shape key
# is renewed on every change (app/models/round_shape.py), so an entry is never stale;
# key 0 (rows loaded in bulk, never edited) is not cached.
_SHAPES: dict[tuple[int, str, int, int], _Shape] = {}
_SHAPES_LIMIT = 2048


def find_target(code: str) -> JoinTarget | None:
    """The round and side a join code opens, or ``None`` for an unknown or malformed code.

    One query reads the round row (state and open flags are always fresh); what the
    side is asked comes from a per-process cache keyed by the round's shape key.
    """
    try:
        normalised = normalise_join_code(code)
    except DomainError:
        return None
    connection = db.session.connection()
    row = connection.execute(_ROUND_BY_CODE, {"code": normalised}).first()
    if row is None:
        return None
    community = row.community_code == normalised
    side = Side.COMMUNITY if community else Side.PROVIDER
    shape = _shape(connection, row.id, side, row.shape_key, row.scale_id)
    return JoinTarget(
        side=side,
        code=row.community_code if community else row.provider_code,
        round_id=row.id,
        state=row.state,
        side_open=bool(row.community_open if community else row.provider_open),
        shared_device=bool(row.shared_device),
        indicator_ids=shape.indicator_ids,
        groups=shape.groups,
        scale=shape.scale,
        prepared_shape=shape.answer_shape,
    )


def _shape(connection, round_id: int, side: Side, shape_key: int, scale_id: int) -> _Shape:
    key = (round_id, side.value, shape_key, scale_id)
    cached = _SHAPES.get(key) if shape_key else None
    if cached is not None:
        return cached
    params = {"round_id": round_id, "side": side.value}
    indicator_ids = tuple(connection.execute(_INDICATOR_IDS, params).scalars())
    groups = tuple(GroupChoice(g.id, g.label) for g in connection.execute(_GROUPS, params))
    scale = _scale(connection, scale_id)
    shape = _Shape(indicator_ids, groups, scale, _answer_shape(indicator_ids, groups, scale))
    if shape_key:
        if len(_SHAPES) >= _SHAPES_LIMIT:
            _SHAPES.clear()
        _SHAPES[key] = shape
    return shape


def _scale(connection, scale_id: int) -> Scale:
    rows = connection.execute(_SCALE, {"scale_id": scale_id}).all()
    return scale_from_record(rows[0], rows)


def indicators_for(target: JoinTarget) -> list[RoundIndicator]:
    """Round indicators asked of the target's side, in the round's order (with texts)."""
    wanted = set(target.indicator_ids)
    return [ri for ri in target.round.indicators if ri.id in wanted]


def read_submission(
    fields: dict[str, str], target: JoinTarget, channel: str | None = None
) -> Submission | Refused:
    """The submission in ``fields`` (text as sent, under the scorecard's field names),
    checked once by ``scorecards.answer_check``: a ``Submission`` ready for
    ``store_submission`` (which then does not check it again), or every problem found.

    ``channel`` defaults to the phone, or the tablet on a shared-device round.
    """
    result = check_answers(fields, target.answer_shape)
    if isinstance(result, Refused):
        return result
    submission = Submission(
        uuid=result.uuid,
        group_id=result.group_id,
        answers=dict(result.answers),
        comment=result.comment,
        channel=channel or (Channel.TABLET if target.shared_device else Channel.PHONE),
        **result.demographics,
    )
    submission.checked = result
    return submission


def submission_fields(submission: Submission) -> dict[str, str]:
    """A submission built by a caller as the text fields the checker reads, so it is
    held to the same rules as a phone's send: a value with a missing reason becomes a
    value with the "don't know" box ticked (refused as ``value_and_missing``)."""
    fields = {
        "uuid": str(submission.uuid),
        "group": "" if submission.group_id is None else str(submission.group_id),
        "comment": submission.comment or "",
        **{name: value or "" for name, value in submission.demographics.items()},
    }
    for ri_id, (value, missing, reason) in submission.answers.items():
        if value is None:
            fields[f"q{ri_id}"] = missing or NOT_APPLICABLE
        else:
            fields[f"q{ri_id}"] = value_text(value)
            if missing is not None:
                fields[f"n{ri_id}"] = "y"
        fields[f"r{ri_id}"] = reason or ""
    return fields


def _checked(target: JoinTarget, submission: Submission) -> Checked:
    """Apply every rule to the submission (once: a submission from ``read_submission``
    carries its result); raise ``DomainError`` for the first problem, with every
    problem in ``params["problems"]``."""
    if not target.is_open:
        raise DomainError("collection_closed", None)
    if submission.channel not in RESPONDENT_CHANNELS:
        raise DomainError("choice_invalid", "channel")
    checked = submission.checked
    if checked is None:
        result = check_answers(submission_fields(submission), target.answer_shape)
        if isinstance(result, Refused):
            raise result.first_error()
        checked = result
    return checked



_RESPONSE_INSERT = insert(Response.__table__).returning(Response.__table__.c.id)
_SCORE_INSERT = insert(Score.__table__)
_BY_UUID = select(
    Response.id, Response.receipt, Response.content_hash, Response.round_id
).where(Response.uuid == bindparam("uuid"))


def _existing(uuid: str, content_hash: str, round_id: int) -> Stored | None:
    row = db.session.connection().execute(_BY_UUID, {"uuid": uuid}).first()
    if row is None:
        return None
    if row.content_hash != content_hash or row.round_id != round_id:
        raise DomainError("uuid_conflict", "uuid", receipt=row.receipt)
    return Stored(row.receipt, row.id, created=False)


def store_submission(target: JoinTarget, submission: Submission) -> Stored:
    """Validate and store one response with its scores; the caller commits.

    Raises ``DomainError`` for anything the rules refuse (``scorecards.answer_check``,
    plus a closed collection and a channel no respondent sends through); nothing is
    stored then. The insert is tried first (a repeat is rare); when the UUID is already
    stored, by an earlier send or a concurrent one that won the race, the transaction
    is rolled back and the stored row read and compared, so both callers get the same
    receipt. The caller's session must hold no other unsaved work (the citizen views
    hold none). An unusual send is stored with a flag for the facilitator, never
    refused (``app.services.response_flags``).
    """
    checked = _checked(target, submission)
    submission_uuid = checked.uuid
    answers = checked.answers
    comment = checked.comment
    demographics = dict(checked.demographics)
    content_hash = content_fingerprint(
        target.side, checked.group_id, demographics, answers, comment
    )
    receipt = receipt_for(submission_uuid)
    connection = db.session.connection()
    now = utcnow()
    flag = flag_for(
        connection,
        round_id=target.round_id,
        side=target.side.value,
        group_id=checked.group_id,
        shared_device=target.shared_device,
        device_hash=submission.device_hash,
        address_hash=submission.address_hash,
        now=now,
    )
    try:
        response_id = connection.execute(
            _RESPONSE_INSERT,
            {
                "uuid": submission_uuid,
                "submitted_at": now,
                "flag": flag,
                "device_hash": submission.device_hash,
                "address_hash": submission.address_hash,
                "receipt": receipt,
                "content_hash": content_hash,
                "round_id": target.round_id,
                "side": target.side.value,
                "channel": submission.channel,
                "group_id": checked.group_id,
                "comment": comment,
                "comment_approved": False,
                **demographics,
            },
        ).scalar_one()
        connection.execute(
            _SCORE_INSERT,
            [
                {
                    "response_id": response_id,
                    "round_indicator_id": ri_id,
                    "value": value,
                    "missing_reason": missing,
                    "reason": reason,
                    "reason_approved": False,
                }
                for ri_id, (value, missing, reason) in answers.items()
            ],
        )
    except IntegrityError:
        db.session.rollback()
        found = _existing(submission_uuid, content_hash, target.round_id)
        if found is None:
            raise
        return found
    return Stored(receipt, response_id, created=True)


_SQLITE_WRITER = threading.Lock()


def write_turn() -> AbstractContextManager:
    """A turn to write: on SQLite one thread of this process at a time, elsewhere free.

    SQLite lets one connection write at a time and makes the others sleep in growing
    steps (1, 2, 5, 10 … ms) until the lock is free; queueing the process's own
    threads on a lock keeps that back-off to the few processes of one server.
    """
    if db.engine.dialect.name == "sqlite":
        return _SQLITE_WRITER
    return nullcontext()


def receipt_exists(round_id: int, receipt: str) -> bool:
    return (
        db.session.scalar(
            select(Response.id).where(Response.round_id == round_id, Response.receipt == receipt)
        )
        is not None
    )
