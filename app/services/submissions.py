"""Storing a citizen's or a provider's scorecard, exactly once per client-generated UUID.

The side always comes from the join code that opened the scorecard, never from what
was sent. A repeated UUID with the same content returns the first receipt and stores
nothing; with different content it is refused (``uuid_conflict``) and the first kept.
"""

from __future__ import annotations

import re
import threading
import uuid as uuid_module
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import bindparam, insert, or_, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import ParticipantGroup, Response, Round, RoundIndicator, ScaleLabel, Score
from app.models import Scale as ScaleRow
from app.models._types import utcnow
from app.services.response_flags import flag_for
from scorecards.codes import normalise_join_code, receipt_for
from scorecards.errors import DomainError
from scorecards.lifecycle import Phase, can_collect
from scorecards.scales import Scale, ScaleKind, ScalePoint
from scorecards.submissions import content_fingerprint
from scorecards.vocab import AgeBand, Channel, Disability, Gender, MissingReason, Side

MAX_REASON_LENGTH = 1000
MAX_COMMENT_LENGTH = 2000


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

    @property
    def round(self) -> Round:
        return db.session.get(Round, self.round_id)

    @property
    def is_open(self) -> bool:
        return self.side_open and can_collect(Phase(self.state), self.side)


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
    )


def _shape(connection, round_id: int, side: Side, shape_key: int, scale_id: int) -> _Shape:
    key = (round_id, side.value, shape_key, scale_id)
    cached = _SHAPES.get(key) if shape_key else None
    if cached is not None:
        return cached
    params = {"round_id": round_id, "side": side.value}
    shape = _Shape(
        indicator_ids=tuple(connection.execute(_INDICATOR_IDS, params).scalars()),
        groups=tuple(GroupChoice(g.id, g.label) for g in connection.execute(_GROUPS, params)),
        scale=_scale(connection, scale_id),
    )
    if shape_key:
        if len(_SHAPES) >= _SHAPES_LIMIT:
            _SHAPES.clear()
        _SHAPES[key] = shape
    return shape


def _scale(connection, scale_id: int) -> Scale:
    rows = connection.execute(_SCALE, {"scale_id": scale_id}).all()
    first = rows[0]
    return Scale(
        code=first.code,
        kind=ScaleKind(first.kind),
        min_value=first.min_value,
        max_value=first.max_value,
        positive_from=first.positive_from,
        name_mn=first.name_mn,
        name_en=first.name_en,
        points=tuple(
            ScalePoint(r.value, r.label_mn, r.label_en, r.mark or "")
            for r in rows
            if r.value is not None
        ),
        step=first.step,
        version=first.version,
    )


def indicators_for(target: JoinTarget) -> list[RoundIndicator]:
    """Round indicators asked of the target's side, in the round's order (with texts)."""
    wanted = set(target.indicator_ids)
    return [ri for ri in target.round.indicators if ri.id in wanted]


_UUID_SHAPE = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)
# Form field names that carry an answer: q<id> (value), n<id> ("don't know" box), r<id>.
ANSWER_KEY = re.compile(r"^[qnr][0-9]+$")
# name -> (code stored when left empty, every code accepted)
_DEMOGRAPHICS = {
    name: (codes.UNDISCLOSED.value, frozenset(m.value for m in codes))
    for name, codes in (("gender", Gender), ("age_band", AgeBand), ("disability", Disability))
}


def quick_submission(payload: dict, target: JoinTarget) -> Submission | None:
    """The submission in ``payload`` when it has exactly the shape the page's script
    sends, else ``None`` and the caller takes the full form path.

    The shape: string values only; ``uuid`` a UUID; ``group`` digits; demographics
    empty or one of their codes; every asked indicator answered with one of the
    scale's point values written as the page writes it (``"3"``) or ``"na"``; reasons
    and comment within their lengths; no answer key for an indicator not asked.
    Anything else (a number box scale, a comma decimal, a stray key, a missing answer)
    returns ``None``, so this path accepts a subset of what the form accepts, stores
    the same rows, and every message about bad input comes from the form.
    """
    if target.scale.wants_number_box:
        return None
    asked = set(target.indicator_ids)
    for key, value in payload.items():
        if not isinstance(value, str):
            return None
        if ANSWER_KEY.match(key) and (key[0] == "n" or int(key[1:]) not in asked):
            return None
    submission_uuid = payload.get("uuid", "")
    group = payload.get("group", "")
    comment = payload.get("comment", "")
    demographics = {
        name: payload.get(name) or empty for name, (empty, _codes) in _DEMOGRAPHICS.items()
    }
    if (
        not _UUID_SHAPE.match(submission_uuid)
        or not group.isdigit()
        or len(comment) > MAX_COMMENT_LENGTH
        or any(demographics[name] not in codes for name, (_, codes) in _DEMOGRAPHICS.items())
    ):
        return None
    points = _point_texts(target.scale)
    answers: dict[int, tuple[float | None, str | None, str]] = {}
    for ri_id in target.indicator_ids:
        raw = payload.get(f"q{ri_id}")
        reason = payload.get(f"r{ri_id}", "")
        if len(reason) > MAX_REASON_LENGTH:
            return None
        if raw == MissingReason.NOT_APPLICABLE:
            answers[ri_id] = (None, MissingReason.NOT_APPLICABLE.value, reason)
        elif raw in points:
            answers[ri_id] = (points[raw], None, reason)
        else:
            return None
    return Submission(
        uuid=submission_uuid,
        group_id=int(group),
        answers=answers,
        **demographics,
        comment=comment,
        channel=Channel.TABLET if target.shared_device else Channel.PHONE,
    )


@lru_cache(maxsize=64)
def _point_texts(scale: Scale) -> dict[str, float]:
    """Each point value as the page writes it (``"3"``), to its stored value."""
    return {str(value): float(value) for value in scale.point_values()}


def normalise_uuid(text: str) -> str:
    """Canonical lower-case form; ``DomainError('uuid_invalid')`` when not a UUID."""
    try:
        return str(uuid_module.UUID(str(text).strip()))
    except (ValueError, AttributeError):
        raise DomainError("uuid_invalid", "uuid") from None


def _checked(target: JoinTarget, submission: Submission) -> dict[int, tuple]:
    """Apply every rule to the submission; return the answers normalised for storage."""
    if not target.is_open:
        raise DomainError("collection_closed", None)
    group_ids = {g.id for g in target.groups}
    if submission.group_id is None:
        raise DomainError("group_required", "group")
    if submission.group_id not in group_ids:
        raise DomainError("group_invalid", "group")
    for name, enum in (("gender", Gender), ("age_band", AgeBand), ("disability", Disability)):
        if submission.demographics[name] not in {m.value for m in enum}:
            raise DomainError("choice_invalid", name)
    if submission.channel not in (Channel.PHONE, Channel.TABLET):
        raise DomainError("choice_invalid", "channel")
    if len(submission.comment) > MAX_COMMENT_LENGTH:
        raise DomainError("text_too_long", "comment", max=MAX_COMMENT_LENGTH)
    asked = set(target.indicator_ids)
    unknown = set(submission.answers) - asked
    if unknown:
        raise DomainError("indicator_not_in_round", f"q{min(unknown)}")
    scale = target.scale
    checked = {}
    for ri_id in sorted(asked):
        if ri_id not in submission.answers:
            raise DomainError("answer_required", f"q{ri_id}")
        value, missing, reason = submission.answers[ri_id]
        value = scale.validate(value, f"q{ri_id}")
        if value is None:
            missing = missing or MissingReason.NOT_APPLICABLE
            if missing not in {m.value for m in MissingReason}:
                raise DomainError("choice_invalid", f"q{ri_id}")
        elif missing is not None:
            raise DomainError("value_and_missing", f"q{ri_id}")
        reason = (reason or "").strip()  # a reason of blanks is no reason
        if len(reason) > MAX_REASON_LENGTH:
            raise DomainError("text_too_long", f"r{ri_id}", max=MAX_REASON_LENGTH)
        checked[ri_id] = (value, missing, reason)
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

    Raises ``DomainError`` for anything the rules refuse; nothing is stored then. The
    insert is tried first (a repeat is rare); when the UUID is already stored, by an
    earlier send or a concurrent one that won the race, the transaction is rolled back
    and the stored row read and compared, so both callers get the same receipt. The
    caller's session must hold no other unsaved work (the citizen views hold none).
    An unusual send is stored with a flag for the facilitator, never refused
    (``app.services.response_flags``).
    """
    submission_uuid = normalise_uuid(submission.uuid)
    answers = _checked(target, submission)
    comment = submission.comment.strip()
    content_hash = content_fingerprint(
        target.side, submission.group_id, submission.demographics, answers, comment
    )
    receipt = receipt_for(submission_uuid)
    connection = db.session.connection()
    now = utcnow()
    flag = flag_for(
        connection,
        round_id=target.round_id,
        side=target.side.value,
        group_id=submission.group_id,
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
                "group_id": submission.group_id,
                "comment": comment,
                "comment_approved": False,
                **submission.demographics,
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
