"""Preparing a round: creating it (or its follow-up), its indicators and its groups."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select

from app.extensions import db
from app.models import (
    Action,
    Area,
    ConsensusScore,
    Facility,
    FacilityType,
    Indicator,
    InputItem,
    ParticipantGroup,
    Round,
    RoundIndicator,
    Score,
    Tally,
    Template,
    User,
)
from app.permissions import covers_area
from app.services.audit import record
from app.services.rounds import ensure_editable
from app.services.texts import set_text
from scorecards.actions import carry_over
from scorecards.catalogue import indicator_text_key
from scorecards.codes import generate_join_code
from scorecards.errors import DomainError
from scorecards.vocab import GroupKind, IndicatorOrigin, Side


def new_join_code() -> str:
    """A generated code no round uses yet (community or provider side)."""
    while True:
        code = generate_join_code()
        taken = db.session.scalar(
            select(func.count())
            .select_from(Round)
            .where(or_(Round.community_code == code, Round.provider_code == code))
        )
        if not taken:
            return code


def add_facility(user: User, area: Area, name: str, facility_type: FacilityType) -> Facility:
    """A facility the catalogue lacks, in one of the user's soums or districts."""
    if not covers_area(user, area) and user.role != "admin":
        raise DomainError("facility_not_in_area", "soum")
    facility = Facility(
        name_mn=name.strip(), name_en=name.strip(), facility_type=facility_type, area=area
    )
    db.session.add(facility)
    db.session.flush()
    record("facility.create", "facility", facility.id, after={"name": facility.name_mn})
    return facility


@dataclass(frozen=True)
class GroupPlan:
    kind: str
    label: str
    expected_size: int
    side: str = Side.COMMUNITY


@dataclass(frozen=True)
class RoundPlan:
    facility: Facility
    template: Template
    period_label: str
    period_start: date
    period_end: date
    facilitators: list[User]
    groups: list[GroupPlan]
    previous: Round | None = None
    # The language the join link and QR open in (``Round.language``); None: the default.
    language: str | None = None


def create_round(user: User, plan: RoundPlan) -> Round:
    """Create a round in preparation with fresh join codes.

    ``DomainError("facility_not_in_area")`` when the facility is outside the user's areas
    (administrators excepted). Without a previous round the indicators come from the
    template. A follow-up round
    (``plan.previous``, at the same facility and not followed up yet) takes the previous
    round's indicators, groups and input items, and carries its open actions over
    (``Action.carried_from_id``), keeping their status and due date.
    """
    if user.role != "admin" and not covers_area(user, plan.facility.area):
        # The form lists only the user's facilities, but its aimag and soum can be
        # widened by hand: the facility's area is checked here, before anything is stored.
        raise DomainError("facility_not_in_area", "facility")
    previous = plan.previous
    if previous is not None:
        if previous.facility_id != plan.facility.id:
            raise DomainError("previous_round_other_facility", "previous_round")
        if db.session.scalar(select(Round.id).where(Round.previous_round_id == previous.id)):
            raise DomainError("previous_round_taken", "previous_round")
    round_ = Round(
        facility=plan.facility,
        template=plan.template,
        scale_id=plan.template.scale_id,
        consensus_scale_id=plan.template.consensus_scale_id,
        organisation_id=user.organisation_id
        if user.organisation_id is not None
        else (previous.organisation_id if previous else None),
        previous_round=previous,
        round_number=(previous.round_number + 1) if previous else 1,
        title_mn=f"{plan.facility.name_mn} — {plan.period_label}",
        title_en=f"{plan.facility.name_en} — {plan.period_label}",
        period_label=plan.period_label.strip(),
        period_start=plan.period_start,
        period_end=plan.period_end,
        language=plan.language or None,
        community_code=new_join_code(),
        provider_code=new_join_code(),
        created_by_id=user.id,
        facilitators=list(plan.facilitators),
    )
    if round_.organisation_id is None:
        raise DomainError("organisation_required", "organisation")
    db.session.add(round_)
    if previous is None:
        # Retired indicators stay in templates for history but are not asked any more.
        offered = [item for item in plan.template.items if item.indicator.retired_at is None]
        round_.indicators = [
            RoundIndicator(indicator_id=item.indicator_id, position=position)
            for position, item in enumerate(offered, start=1)
        ]
    else:
        round_.scale_id = previous.scale_id
        round_.consensus_scale_id = previous.consensus_scale_id
        round_.indicators = [
            RoundIndicator(indicator_id=ri.indicator_id, position=ri.position, side=ri.side)
            for ri in previous.indicators
        ]
    groups = [
        ParticipantGroup(
            kind=g.kind, side=g.side, label=g.label.strip(), expected_size=g.expected_size
        )
        for g in plan.groups
    ]
    if previous is not None:
        planned = {g.label for g in groups}
        groups += [
            ParticipantGroup(kind=g.kind, side=g.side, label=g.label, expected_size=g.expected_size)
            for g in previous.groups
            if g.label not in planned
        ]
    round_.groups = groups
    db.session.flush()
    if previous is not None:
        _carry_proposers(previous, round_)
        _carry_from(previous, round_)
    record(
        "round.create",
        "round",
        round_.id,
        after={
            "facility_id": plan.facility.id,
            "period": round_.period_label,
            "previous_round_id": previous.id if previous else None,
        },
    )
    return round_


def _carry_proposers(previous: Round, round_: Round) -> None:
    """Each carried indicator keeps the groups that proposed it: the previous round's
    groups are matched to the new round's by label (case-insensitive)."""
    by_label = {g.label.casefold(): g for g in round_.groups}
    by_indicator = {ri.indicator_id: ri for ri in round_.indicators}
    for old in previous.indicators:
        new = by_indicator.get(old.indicator_id)
        if new is None or not old.proposed_by:
            continue
        new.proposed_by = [
            by_label[g.label.casefold()] for g in old.proposed_by if g.label.casefold() in by_label
        ]
    db.session.flush()


def _carry_from(previous: Round, round_: Round) -> None:
    by_indicator = {ri.indicator_id: ri for ri in round_.indicators}
    items = {}
    for item in previous.input_items:
        copy = InputItem(
            round=round_,
            position=item.position,
            item=item.item,
            entitlement=item.entitlement,
            norm=item.norm,
            unit=item.unit,
            source=item.source,
        )
        db.session.add(copy)
        items[item.id] = copy
    db.session.flush()
    previous_actions = db.session.scalars(
        select(Action)
        .where(Action.round_id == previous.id, Action.withdrawn_at.is_(None))
        .order_by(Action.id)
    ).all()
    for action in carry_over(previous_actions):
        old_ri = action.round_indicator
        new_ri = by_indicator.get(old_ri.indicator_id) if old_ri else None
        new_item = items.get(action.input_item_id) if action.input_item_id else None
        if new_ri is None and new_item is None:
            continue
        db.session.add(
            Action(
                round=round_,
                round_indicator=new_ri,
                input_item=new_item,
                carried_from_id=action.id,
                description=action.description,
                responsible=action.responsible,
                responsible_detail=action.responsible_detail,
                due_date=action.due_date,
                resources=action.resources,
                status=action.status,
            )
        )
    db.session.flush()


# ----------------------------------------------------------------------- indicators


def _renumber(round_: Round, ordered: list[RoundIndicator]) -> None:
    """Positions 1..n in the given order (two passes: positions are unique per round
    in templates, and kept tidy here)."""
    for offset, ri in enumerate(ordered, start=1):
        ri.position = 1000 + offset
    db.session.flush()
    for offset, ri in enumerate(ordered, start=1):
        ri.position = offset
    db.session.flush()


def add_library_indicator(round_: Round, indicator: Indicator) -> RoundIndicator:
    ensure_editable(round_)
    if any(ri.indicator_id == indicator.id for ri in round_.indicators):
        raise DomainError("indicator_already_in_round", "indicator")
    ri = RoundIndicator(round=round_, indicator=indicator, position=len(round_.indicators) + 1)
    db.session.add(ri)
    db.session.flush()
    record("round.indicator_add", "round", round_.id, after={"indicator": indicator.code})
    return ri


ASKED_OF_BOTH = "both"


def _side_asked(asked_of: str | None, origin: IndicatorOrigin) -> str | None:
    """The stored ``RoundIndicator.side``: ``None`` (both sides) or the one side asked."""
    if asked_of is None:  # the default: the providers' own, or the community's for both
        return Side.PROVIDER if origin is IndicatorOrigin.PROVIDER else None
    return None if asked_of == ASKED_OF_BOTH else Side(asked_of)


def propose_indicator(
    round_: Round,
    text_mn: str,
    text_en: str,
    origin: str,
    groups: list[ParticipantGroup],
    asked_of: str | None = None,
    translations: Mapping[str, str] | None = None,
) -> RoundIndicator:
    """A new indicator proposed in this round by community groups or by the providers.

    ``translations`` holds its text in languages without a column, by language
    (``{"kk": …}``); the citizen form in that language shows it.

    ``asked_of`` is ``"community"``, ``"provider"`` or ``"both"``: who is asked to score
    it (the citizen form, paper forms, group entry and imports of each side follow
    it). Without a choice, provider-proposed indicators are asked of the providers
    only and community-proposed ones of both sides. A text the round already holds
    (in either language, ignoring case and spacing) is refused with
    ``DomainError("indicator_text_taken", "text_mn")`` and nothing changes.
    """
    ensure_editable(round_)
    origin = IndicatorOrigin(origin)
    side = _side_asked(asked_of, origin)
    taken = {
        indicator_text_key(text)
        for ri in round_.indicators
        for text in (ri.indicator.text_mn, ri.indicator.text_en)
        if text
    }
    for field, text in (("text_mn", text_mn), ("text_en", text_en)):
        if text and indicator_text_key(text) in taken:
            raise DomainError("indicator_text_taken", field)
    number = db.session.scalar(select(func.count()).select_from(Indicator)) + 1
    indicator = Indicator(
        code=f"R{round_.id}-{number}",
        sector_id=round_.template.sector_id,
        origin=origin,
        text_mn=text_mn.strip(),
        text_en=(text_en or "").strip(),
        in_library=False,
    )
    db.session.add(indicator)
    ri = RoundIndicator(
        round=round_,
        indicator=indicator,
        position=len(round_.indicators) + 1,
        side=side,
        proposed_by=list(groups),
    )
    db.session.add(ri)
    db.session.flush()
    for language, text in (translations or {}).items():
        set_text(indicator, "text", language, text)
    record(
        "round.indicator_propose",
        "round",
        round_.id,
        after={
            "text": indicator.text_mn,
            **{f"text_{language}": text for language, text in (translations or {}).items() if text},
            "origin": origin,
            "asked_of": side or ASKED_OF_BOTH,
            "groups": [g.id for g in groups],
        },
    )
    return ri


def move_indicator(round_: Round, ri: RoundIndicator, step: int) -> None:
    """Move one place up (``step=-1``) or down (``+1``); at an end nothing happens."""
    ensure_editable(round_)
    ordered = list(round_.indicators)
    index = ordered.index(ri)
    target = index + step
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
        _renumber(round_, ordered)
        record("round.indicator_move", "round", round_.id, after={"round_indicator": ri.id})


def has_answers(ri: RoundIndicator) -> bool:
    for model in (Score, Tally, ConsensusScore):
        if db.session.scalar(
            select(func.count()).select_from(model).where(model.round_indicator_id == ri.id)
        ):
            return True
    return False


def drop_indicator(round_: Round, ri: RoundIndicator) -> None:
    """Take an indicator out of the round; refused once anyone has scored it."""
    ensure_editable(round_)
    if has_answers(ri):
        raise DomainError("indicator_has_answers", "indicator")
    code = ri.indicator.code
    round_.indicators.remove(ri)
    db.session.flush()
    _renumber(round_, list(round_.indicators))
    record("round.indicator_drop", "round", round_.id, before={"indicator": code})


# --------------------------------------------------------------------------- groups


def save_group(round_: Round, group: ParticipantGroup | None, **values) -> ParticipantGroup:
    """Add a group (``group=None``) or change one; labels are unique within a round."""
    ensure_editable(round_)
    label = values["label"].strip()
    # Compared in Python: SQLite's lower() leaves Cyrillic letters as they are.
    clash = next((g.id for g in round_.groups if g.label.casefold() == label.casefold()), None)
    if clash and (group is None or clash != group.id):
        raise DomainError("group_label_taken", "label")
    before = None
    if group is None:
        group = ParticipantGroup(round=round_)
        db.session.add(group)
    else:
        before = {"label": group.label, "expected_size": group.expected_size}
    group.kind = GroupKind(values["kind"])
    group.side = Side(values["side"])
    group.label = label
    for key in ("expected_size", "count_female", "count_male", "count_other"):
        setattr(group, key, int(values.get(key) or 0))
    db.session.flush()
    record(
        "round.group_save",
        "round",
        round_.id,
        before,
        {"group": group.id, "label": label, "expected_size": group.expected_size},
    )
    return group
