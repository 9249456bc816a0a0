"""An official's inbox: the actions of their aimag(s) to answer, and their answers.

The actions are those of joint action plans that are agreed (the round has reached the
action plan, review or publication), never a withdrawn one; an action carried across
follow-up rounds is listed once, answered on its latest round (as on the aimag report).
Overdue actions come first, then those the official has not answered yet, then by due
date (none last).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Action, Area, Facility, OfficialResponse, Round, User
from app.services.official_responses import respond
from app.services.public_actions import PublicAction, one_per_action
from scorecards.actions import is_overdue
from scorecards.lifecycle import Phase
from scorecards.vocab import ActionStatus, Role

# Rounds whose action plan has been agreed.
AGREED_PHASES = (Phase.ACTION_PLAN, Phase.REVIEW, Phase.PUBLISHED)
OPEN = "open"
ALL = "all"


@dataclass(frozen=True)
class InboxFilters:
    status: str = OPEN  # "open" (planned or in progress), "all", or one status code
    soum_id: int | None = None
    facility_id: int | None = None
    overdue_only: bool = False


@dataclass
class InboxItem:
    action: PublicAction
    overdue: bool
    answered_by_me: bool
    facility: Facility
    soum: Area

    @property
    def published(self) -> bool:
        """Whether the action's round is public (an answer shows on the report at once)."""
        return self.action.round.state == Phase.PUBLISHED


@dataclass
class Inbox:
    items: list[InboxItem]
    soums: list[Area] = field(default_factory=list)  # where the official has actions
    facilities: list[Facility] = field(default_factory=list)
    total: int = 0  # before filtering


def _scope(query, user: User):
    if user.role == Role.ADMIN:
        return query
    area_ids = [area.id for area in user.areas]
    return query.where(or_(Area.id.in_(area_ids), Area.parent_id.in_(area_ids)))


def _actions(user: User) -> list[Action]:
    query = (
        select(Action)
        .join(Round, Round.id == Action.round_id)
        .join(Facility, Facility.id == Round.facility_id)
        .join(Area, Area.id == Facility.area_id)
        .where(Round.state.in_([str(p) for p in AGREED_PHASES]), Action.withdrawn_at.is_(None))
        .options(
            selectinload(Action.official_responses),
            selectinload(Action.updates),
            selectinload(Action.round).selectinload(Round.facility),
        )
        .order_by(Action.round_id, Action.id)
    )
    return list(db.session.scalars(_scope(query, user)))


def answerable(user: User, action_id: int) -> Action | None:
    """The action ``action_id`` if it is in ``user``'s inbox (agreed, not withdrawn, in
    their areas, the latest round of its chain), else ``None``."""
    for public in one_per_action(_actions(user)):
        if public.id == action_id:
            return public.current
    return None


def _matches(item: InboxItem, filters: InboxFilters) -> bool:
    status = str(item.action.status)
    if filters.status == OPEN and status not in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS):
        return False
    if filters.status not in (OPEN, ALL) and status != filters.status:
        return False
    if filters.soum_id and item.soum.id != filters.soum_id:
        return False
    if filters.facility_id and item.facility.id != filters.facility_id:
        return False
    return item.overdue or not filters.overdue_only


def inbox(user: User, filters: InboxFilters, today: date | None = None) -> Inbox:
    """The actions ``user`` may answer that match ``filters`` on ``today`` (default:
    today), overdue first, then not yet answered by ``user``, then by due date (no due
    date last) and agreement order; with the soums and facilities present before
    filtering, for the filter lists (sorted by Mongolian name)."""
    today = today or date.today()
    items = []
    for public in one_per_action(_actions(user)):
        facility = public.round.facility
        items.append(
            InboxItem(
                action=public,
                overdue=is_overdue(public.status, public.due_date, today),
                answered_by_me=any(r.user_id == user.id for r in public.official_responses),
                facility=facility,
                soum=facility.area,
            )
        )
    soums = sorted({i.soum.id: i.soum for i in items}.values(), key=lambda a: a.name_mn)
    facilities = sorted(
        {i.facility.id: i.facility for i in items}.values(), key=lambda f: f.name_mn
    )
    chosen = [i for i in items if _matches(i, filters)]
    chosen.sort(
        key=lambda i: (
            not i.overdue,
            i.answered_by_me,
            i.action.due_date is None,
            i.action.due_date or today,
            i.action.id,
        )
    )
    return Inbox(chosen, soums, facilities, len(items))


def answer(
    action: Action, user: User, office: str, body: str, commitment_date: date | None
) -> OfficialResponse:
    """The official's answer to ``action`` (public on the report once its round is), and
    the office remembered on their account to be prefilled next time. Flush, no commit."""
    response = respond(action, user, office, body, commitment_date)
    user.office = response.office
    db.session.flush()
    return response


def history(user: User, limit: int = 200) -> list[tuple[OfficialResponse, Action]]:
    """``user``'s answers with the action each answers, newest first (at most ``limit``)."""
    rows = db.session.execute(
        select(OfficialResponse, Action)
        .join(Action, Action.id == OfficialResponse.action_id)
        .where(OfficialResponse.user_id == user.id)
        .options(selectinload(Action.round).selectinload(Round.facility))
        .order_by(OfficialResponse.created_at.desc(), OfficialResponse.id.desc())
        .limit(limit)
    ).all()
    return [(response, action) for response, action in rows]
