"""Free text people typed: gathered for the round's staff, moderated, shown once approved.

Three kinds of text are kept (see ``scorecards.moderation``), each on both sides (the
providers' own reasons and comments are stored like the citizens'): a respondent's
"why?" beside an indicator (``Score.reason``), a respondent's closing comment
(``Response.comment``) and a group's consensus reason (``ConsensusScore.reason``).

Staff of the round see every text; the public sees only approved texts of published
rounds, read here uncached, so a text hidden after publication is gone from the next
public page. Texts of withdrawn forms are left out everywhere, like their scores.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, select

from app.extensions import db
from app.models import (
    Area,
    ConsensusScore,
    Facility,
    Indicator,
    ParticipantGroup,
    Response,
    Round,
    RoundIndicator,
    Score,
)
from app.services.audit import record
from scorecards.errors import DomainError
from scorecards.lifecycle import Phase
from scorecards.moderation import TextKind, TextStatus, flags_of, parse_ref, status_of, text_ref
from scorecards.vocab import Side

# Where each kind of text is stored: model, text column, approved flag, hidden flag.
_STORE = {
    TextKind.REASON: (Score, "reason", "reason_approved", "reason_hidden"),
    TextKind.COMMENT: (Response, "comment", "comment_approved", "comment_hidden"),
    TextKind.CONSENSUS: (ConsensusScore, "reason", "reason_approved", "reason_hidden"),
}
_SIDE_ORDER = {Side.COMMUNITY.value: 0, Side.PROVIDER.value: 1}
_CHUNK = 500


@dataclass(frozen=True)
class FreeText:
    """One text as staff see it: where it belongs (indicator, side, group) and its state."""

    kind: TextKind
    row_id: int
    side: str
    round_indicator_id: int | None
    group_id: int | None
    text: str
    status: TextStatus

    @property
    def ref(self) -> str:
        return text_ref(self.kind, self.row_id)


@dataclass(frozen=True)
class TextFilters:
    """What the moderation page shows; ``None`` means any."""

    side: str | None = None
    round_indicator_id: int | None = None
    status: str | None = None
    kind: str | None = None


def _status_condition(approved, hidden, status: str | None):
    if status == TextStatus.APPROVED:
        return approved.is_(True)
    if status == TextStatus.HIDDEN:
        return and_(approved.is_(False), hidden.is_(True))
    if status == TextStatus.PENDING:
        return and_(approved.is_(False), hidden.is_(False))
    return None


def _queries(round_: Round, filters: TextFilters):
    """One select per kind of text the filters allow, each giving the same columns."""
    kinds = [TextKind(filters.kind)] if filters.kind else list(TextKind)
    if filters.round_indicator_id is not None and TextKind.COMMENT in kinds:
        kinds.remove(TextKind.COMMENT)  # a closing comment belongs to no indicator
    for kind in kinds:
        if kind == TextKind.REASON:
            side = Response.side
            query = (
                select(
                    Score.id,
                    side,
                    Score.round_indicator_id,
                    Response.group_id,
                    Score.reason,
                    Score.reason_approved,
                    Score.reason_hidden,
                )
                .join(Response, Response.id == Score.response_id)
                .where(Response.round_id == round_.id, Score.reason != "", Response.counted())
            )
            ri_column = Score.round_indicator_id
            approved, hidden = Score.reason_approved, Score.reason_hidden
        elif kind == TextKind.COMMENT:
            side = Response.side
            query = select(
                Response.id,
                side,
                None,
                Response.group_id,
                Response.comment,
                Response.comment_approved,
                Response.comment_hidden,
            ).where(Response.round_id == round_.id, Response.comment != "", Response.counted())
            ri_column, approved, hidden = None, Response.comment_approved, Response.comment_hidden
        else:
            side = ParticipantGroup.side
            query = (
                select(
                    ConsensusScore.id,
                    side,
                    ConsensusScore.round_indicator_id,
                    ConsensusScore.group_id,
                    ConsensusScore.reason,
                    ConsensusScore.reason_approved,
                    ConsensusScore.reason_hidden,
                )
                .join(ParticipantGroup, ParticipantGroup.id == ConsensusScore.group_id)
                .where(ConsensusScore.round_id == round_.id, ConsensusScore.reason != "")
            )
            ri_column = ConsensusScore.round_indicator_id
            approved, hidden = ConsensusScore.reason_approved, ConsensusScore.reason_hidden
        if filters.side:
            query = query.where(side == filters.side)
        if filters.round_indicator_id is not None and ri_column is not None:
            query = query.where(ri_column == filters.round_indicator_id)
        condition = _status_condition(approved, hidden, filters.status)
        if condition is not None:
            query = query.where(condition)
        yield kind, query


def round_texts(round_: Round, filters: TextFilters | None = None) -> list[FreeText]:
    """Every non-empty text of ``round_`` the filters select, ordered as the meeting reads
    them: indicator by indicator, community before providers, group by group; closing
    comments last."""
    filters = filters or TextFilters()
    positions = {ri.id: ri.position for ri in round_.indicators}
    labels = {g.id: g.label for g in round_.groups}
    texts = [
        FreeText(kind, row_id, side, ri_id, group_id, text, status_of(approved, hidden))
        for kind, query in _queries(round_, filters)
        for row_id, side, ri_id, group_id, text, approved, hidden in db.session.execute(query)
    ]
    order = list(TextKind)
    return sorted(
        texts,
        key=lambda t: (
            positions.get(t.round_indicator_id, 10**6) if t.round_indicator_id else 10**6 + 1,
            _SIDE_ORDER.get(t.side, 2),
            labels.get(t.group_id, ""),
            order.index(t.kind),
            t.row_id,
        ),
    )


def status_counts(round_: Round) -> dict[str, int]:
    """How many texts of ``round_`` are in each moderation state (every state listed)."""
    counts = {status.value: 0 for status in TextStatus}
    for text in round_texts(round_):
        counts[text.status.value] += 1
    return counts


@dataclass
class IndicatorTexts:
    """The texts about one indicator (``ri`` is None for closing comments), per side."""

    ri: RoundIndicator | None
    by_side: dict[str, list[FreeText]]


def texts_by_indicator(round_: Round, texts: Iterable[FreeText]) -> list[IndicatorTexts]:
    """``texts`` grouped for the meeting page: one entry per indicator that has any text,
    in the round's order, then one for closing comments."""
    indicators = {ri.id: ri for ri in round_.indicators}
    groups: dict[int | None, IndicatorTexts] = {}
    for text in texts:
        entry = groups.get(text.round_indicator_id)
        if entry is None:
            entry = IndicatorTexts(indicators.get(text.round_indicator_id), {})
            groups[text.round_indicator_id] = entry
        entry.by_side.setdefault(text.side, []).append(text)
    return list(groups.values())


def _rows_of_round(round_: Round, kind: TextKind, ids: list[int]) -> list:
    model = _STORE[kind][0]
    rows = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        if kind == TextKind.REASON:
            query = (
                select(Score)
                .join(Response, Response.id == Score.response_id)
                .where(Score.id.in_(chunk), Response.round_id == round_.id, Response.counted())
            )
        elif kind == TextKind.COMMENT:
            query = select(Response).where(
                Response.id.in_(chunk), Response.round_id == round_.id, Response.counted()
            )
        else:
            query = select(model).where(model.id.in_(chunk), model.round_id == round_.id)
        rows += db.session.scalars(query).all()
    return rows


def set_status(round_: Round, refs: Iterable[str], status: TextStatus | str) -> int:
    """Approve or hide the named texts of ``round_``; returns how many changed.

    Allowed after publication too: it changes which words are shown, never a figure.
    Every change is audit-logged, one event per text. A name that is not a text of this
    round (another round's, a withdrawn form's, a forged one) refuses the whole request
    with ``text_unknown``, and nothing changes. Flushes, never commits.
    """
    status = TextStatus(status)
    if status == TextStatus.PENDING:
        raise DomainError("status_unknown", field="status")
    wanted: dict[TextKind, set[int]] = {}
    for ref in refs:
        kind, row_id = parse_ref(ref)
        wanted.setdefault(kind, set()).add(row_id)
    approved_flag, hidden_flag = flags_of(status)
    changes = []
    for kind, ids in wanted.items():
        model, _text, approved_name, hidden_name = _STORE[kind]
        rows = _rows_of_round(round_, kind, sorted(ids))
        if len(rows) != len(ids):
            raise DomainError("text_unknown", field="ref")
        for row in rows:
            before = status_of(getattr(row, approved_name), getattr(row, hidden_name))
            if before != status:
                changes.append((kind, model, row, before, approved_name, hidden_name))
    for kind, model, row, before, approved_name, hidden_name in changes:
        setattr(row, approved_name, approved_flag)
        setattr(row, hidden_name, hidden_flag)
        record(
            "text.approve" if status == TextStatus.APPROVED else "text.hide",
            model.__tablename__,
            row.id,
            before={"text": kind.value, "status": before.value},
            after={"text": kind.value, "status": status.value},
            note=f"round {round_.id}",
        )
    db.session.flush()
    return len(changes)


# --------------------------------------------------------------------------- public


@dataclass(frozen=True)
class PublicText:
    """An approved text as the public sees it: anonymous, with the side and the kind of
    group only (never a group's own name, never a respondent's demographics)."""

    round_id: int
    facility_id: int
    indicator_id: int | None
    side: str
    group_kind: str | None
    kind: TextKind
    text: str


def public_texts(
    round_ids: Iterable[int], kinds: Iterable[TextKind] = tuple(TextKind), limit: int = 2000
) -> list[PublicText]:
    """Approved, non-empty texts of ``kinds`` of the published rounds among ``round_ids``,
    newest round first; at most ``limit`` of each kind. Read from the database on every
    call, so approving or hiding shows on the next public page."""
    round_ids = list(round_ids)
    if not round_ids:
        return []
    published = and_(Round.id.in_(round_ids), Round.state == Phase.PUBLISHED)
    reasons = (
        select(
            Round.id,
            Round.facility_id,
            RoundIndicator.indicator_id,
            Response.side,
            ParticipantGroup.kind,
            Score.reason,
        )
        .join(Response, Response.id == Score.response_id)
        .join(Round, Round.id == Response.round_id)
        .join(RoundIndicator, RoundIndicator.id == Score.round_indicator_id)
        .outerjoin(ParticipantGroup, ParticipantGroup.id == Response.group_id)
        .where(published, Score.reason_approved.is_(True), Score.reason != "", Response.counted())
        .order_by(Round.period_start.desc(), Score.id)
        .limit(limit)
    )
    comments = (
        select(
            Round.id,
            Round.facility_id,
            None,
            Response.side,
            ParticipantGroup.kind,
            Response.comment,
        )
        .join(Round, Round.id == Response.round_id)
        .outerjoin(ParticipantGroup, ParticipantGroup.id == Response.group_id)
        .where(
            published,
            Response.comment_approved.is_(True),
            Response.comment != "",
            Response.counted(),
        )
        .order_by(Round.period_start.desc(), Response.id)
        .limit(limit)
    )
    consensus = (
        select(
            Round.id,
            Round.facility_id,
            RoundIndicator.indicator_id,
            ParticipantGroup.side,
            ParticipantGroup.kind,
            ConsensusScore.reason,
        )
        .join(Round, Round.id == ConsensusScore.round_id)
        .join(RoundIndicator, RoundIndicator.id == ConsensusScore.round_indicator_id)
        .join(ParticipantGroup, ParticipantGroup.id == ConsensusScore.group_id)
        .where(published, ConsensusScore.reason_approved.is_(True), ConsensusScore.reason != "")
        .order_by(Round.period_start.desc(), ConsensusScore.id)
        .limit(limit)
    )
    wanted = set(kinds)
    texts = []
    for kind, query in (
        (TextKind.CONSENSUS, consensus),
        (TextKind.REASON, reasons),
        (TextKind.COMMENT, comments),
    ):
        if kind not in wanted:
            continue
        for round_id, facility_id, indicator_id, side, group_kind, text in db.session.execute(
            query
        ):
            texts.append(
                PublicText(round_id, facility_id, indicator_id, side, group_kind, kind, text)
            )
    return texts


def published_round_ids(
    facility_id: int | None = None, aimag_id: int | None = None, period: str | None = None
) -> list[int]:
    """Ids of published rounds of one facility, or of one aimag (its soums and districts
    included), optionally of one period."""
    query = select(Round.id).where(Round.state == Phase.PUBLISHED)
    if facility_id is not None:
        query = query.where(Round.facility_id == facility_id)
    if aimag_id is not None:
        query = (
            query.join(Facility, Facility.id == Round.facility_id)
            .join(Area, Area.id == Facility.area_id)
            .where(Area.within(aimag_id))
        )
    if period:
        query = query.where(Round.period_label == period)
    return list(db.session.scalars(query))


@dataclass
class FacilityTexts:
    """A facility's approved texts as the aimag report lists them (``total`` before the cut)."""

    facility: Facility
    texts: list[PublicText]
    total: int


def by_facility(texts: Iterable[PublicText], per_facility: int = 3) -> list[FacilityTexts]:
    """``texts`` grouped by facility (in name order), at most ``per_facility`` each, the
    groups' consensus reasons first: a short sample, the facility page has the rest."""
    grouped: dict[int, list[PublicText]] = {}
    for text in texts:
        grouped.setdefault(text.facility_id, []).append(text)
    if not grouped:
        return []
    facilities = db.session.scalars(
        select(Facility).where(Facility.id.in_(list(grouped))).order_by(Facility.name_mn)
    )
    order = [TextKind.CONSENSUS, TextKind.REASON, TextKind.COMMENT]
    result = []
    for facility in facilities:
        items = sorted(grouped[facility.id], key=lambda t: order.index(t.kind))
        result.append(FacilityTexts(facility, items[:per_facility], len(items)))
    return result


def by_indicator(texts: Iterable[PublicText]) -> dict[int, list[PublicText]]:
    """Approved reasons per indicator id (consensus reasons first); closing comments,
    which belong to no indicator, are left out."""
    result: dict[int, list[PublicText]] = {}
    for text in sorted(texts, key=lambda t: t.kind != TextKind.CONSENSUS):
        if text.indicator_id is not None:
            result.setdefault(text.indicator_id, []).append(text)
    return result


def indicator_names(texts: Iterable[PublicText], lang: str) -> dict[int, str]:
    """The names of the indicators ``texts`` speak about, in ``lang``."""
    ids = {t.indicator_id for t in texts if t.indicator_id is not None}
    if not ids:
        return {}
    return {
        i.id: i.text(lang)
        for i in db.session.scalars(select(Indicator).where(Indicator.id.in_(ids)))
    }
