"""Counts for the national overview and the aimag pages (published rounds only).

Counting is pushed down to SQL: one GROUP BY per figure, never loading rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.extensions import db
from app.models import Area, Facility, Response, Round
from app.services.geography import top_level_areas
from scorecards.lifecycle import Phase


@dataclass(frozen=True)
class AreaCounts:
    area: Area
    facilities: int
    rounds: int
    responses: int


def national_overview() -> list[AreaCounts]:
    """Every aimag and the capital with facilities, published rounds and their responses."""
    facilities = dict(
        db.session.execute(
            select(Area.parent_id, func.count(Facility.id))
            .join(Facility, Facility.area_id == Area.id)
            .group_by(Area.parent_id)
        ).all()
    )
    published = Round.state == Phase.PUBLISHED
    rounds = dict(
        db.session.execute(
            select(Area.parent_id, func.count(Round.id))
            .join(Facility, Facility.area_id == Area.id)
            .join(Round, Round.facility_id == Facility.id)
            .where(published)
            .group_by(Area.parent_id)
        ).all()
    )
    responses = dict(
        db.session.execute(
            select(Area.parent_id, func.count(Response.id))
            .join(Facility, Facility.area_id == Area.id)
            .join(Round, Round.facility_id == Facility.id)
            .join(Response, Response.round_id == Round.id)
            .where(published)
            .group_by(Area.parent_id)
        ).all()
    )
    return [
        AreaCounts(
            area, facilities.get(area.id, 0), rounds.get(area.id, 0), responses.get(area.id, 0)
        )
        for area in top_level_areas()
    ]


@dataclass(frozen=True)
class FacilityRow:
    facility: Facility
    rounds: list[Round]
    responses: int


def aimag_facilities(aimag: Area, include_unpublished: bool = False) -> list[FacilityRow]:
    """The aimag's facilities with their rounds (published only unless asked) and responses."""
    facilities = db.session.scalars(
        select(Facility)
        .join(Area, Area.id == Facility.area_id)
        .where(Area.parent_id == aimag.id)
        .order_by(Area.name_mn, Facility.name_mn)
    ).all()
    ids = [f.id for f in facilities]
    round_query = select(Round).where(Round.facility_id.in_(ids)).order_by(Round.period_start)
    if not include_unpublished:
        round_query = round_query.where(Round.state == Phase.PUBLISHED)
    rounds = db.session.scalars(round_query).all()
    response_counts = dict(
        db.session.execute(
            select(Response.round_id, func.count(Response.id))
            .where(Response.round_id.in_([r.id for r in rounds]))
            .group_by(Response.round_id)
        ).all()
    )
    by_facility: dict[int, list[Round]] = {}
    for round_ in rounds:
        by_facility.setdefault(round_.facility_id, []).append(round_)
    return [
        FacilityRow(
            facility,
            by_facility.get(facility.id, []),
            sum(response_counts.get(r.id, 0) for r in by_facility.get(facility.id, [])),
        )
        for facility in facilities
    ]
