"""Public answerability figures (:mod:`scorecards.answerability`) from the database:
how officials answer the actions of published joint action plans, per aimag, in total
and per office.

The same publication rules as every public figure: only actions of published rounds,
never a withdrawn action; an action carried across follow-up rounds counts once
(:func:`app.services.public_actions.one_per_action`), agreed on the day its first round
recorded it, its status and due date those of its latest published round, its first
answer the earliest answer given in any of its rounds. Read uncached: an answer or a
status change shows at once, and "overdue" depends on the day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Action, Area, Facility, Round
from app.services.geography import top_level_areas
from app.services.public_actions import PublicAction, one_per_action
from scorecards.answerability import ActionAnswers, Answerability, by_office, figures
from scorecards.lifecycle import Phase


def not_withdrawn():
    """SQL condition: the action is not withdrawn (always true where actions cannot be)."""
    if hasattr(Action, "withdrawn_at"):
        return Action.withdrawn_at.is_(None)
    if hasattr(Action, "withdrawn"):
        return Action.withdrawn.is_(False)
    return True


@dataclass(frozen=True)
class AimagAnswerability:
    """One aimag's figures and its offices' figures."""

    area: Area
    total: Answerability
    offices: list[tuple[str, Answerability]]


@dataclass(frozen=True)
class NationalAnswerability:
    """Every aimag with at least one public action, the country's total and every
    office (each with the aimag it answered in)."""

    aimags: list[AimagAnswerability]
    total: Answerability


def _record(action: PublicAction) -> ActionAnswers:
    first = action.official_responses[0] if action.official_responses else None
    return ActionAnswers(
        agreed_on=action.links[0].created_at.date(),
        due_date=action.due_date,
        status=action.status,
        first_answer_on=first.created_at.date() if first else None,
        office=first.office if first else None,
    )


def _public_actions(aimag: Area | None = None) -> dict[int, list[ActionAnswers]]:
    """Per aimag id, the public actions of its published rounds (all aimags when
    ``aimag`` is ``None``)."""
    query = (
        select(Action, Area.id, Area.parent_id)
        .join(Round, Round.id == Action.round_id)
        .join(Facility, Facility.id == Round.facility_id)
        .join(Area, Area.id == Facility.area_id)
        .where(Round.state == Phase.PUBLISHED, not_withdrawn())
        .options(selectinload(Action.official_responses), selectinload(Action.round))
        .order_by(Action.id)
    )
    if aimag is not None:
        query = query.where(Area.within(aimag.id))
    top = {a.id for a in top_level_areas()} if aimag is None else {aimag.id}
    aimag_of: dict[int, int] = {}
    actions: list[Action] = []
    for action, area_id, parent_id in db.session.execute(query):
        aimag_of[action.id] = area_id if area_id in top else parent_id
        actions.append(action)
    by_aimag: dict[int, list[ActionAnswers]] = {}
    for public in one_per_action(actions):
        by_aimag.setdefault(aimag_of[public.id], []).append(_record(public))
    return by_aimag


def aimag_answerability(area: Area, today: date | None = None) -> AimagAnswerability:
    """The aimag's figures and its offices' figures on ``today`` (default: today)."""
    today = today or date.today()
    records = _public_actions(area).get(area.id, [])
    return AimagAnswerability(area, figures(records, today), by_office(records, today))


def national_answerability(today: date | None = None) -> NationalAnswerability:
    """Every aimag with public actions (in the order of :func:`top_level_areas`) and
    the total over them, on ``today`` (default: today)."""
    today = today or date.today()
    by_aimag = _public_actions()
    rows = [
        AimagAnswerability(
            area, figures(by_aimag[area.id], today), by_office(by_aimag[area.id], today)
        )
        for area in top_level_areas()
        if by_aimag.get(area.id)
    ]
    every = [record for records in by_aimag.values() for record in records]
    return NationalAnswerability(rows, figures(every, today))
