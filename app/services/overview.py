"""Counts for the national overview and the aimag pages (published rounds only).

People, responses and answers mean what :mod:`scorecards.counts` says and are counted
by :mod:`app.services.counts`, as on every other page and in the API.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import Area, Facility, Round
from app.permissions import can
from app.services.counts import public_coverage, round_counts
from app.services.geography import top_level_areas
from scorecards.counts import Counts, total
from scorecards.lifecycle import Phase


@dataclass(frozen=True)
class AreaCounts:
    """An aimag (or the capital): facilities and rounds with a published round, and
    the people, responses (forms) and answers (scores) of those rounds."""

    area: Area
    facilities: int
    rounds: int
    counts: Counts

    @property
    def responses(self) -> int:
        """Forms (see :mod:`scorecards.counts`)."""
        return self.counts.responses


def national_overview() -> list[AreaCounts]:
    """Every aimag and the capital with its published counts (:mod:`app.services.counts`)."""
    coverage = public_coverage()
    rows = []
    for area in top_level_areas():
        c = coverage.get(area.id, {})
        counts = Counts(c.get("people", 0), c.get("responses", 0), c.get("answers", 0))
        rows.append(AreaCounts(area, c.get("facilities", 0), c.get("rounds", 0), counts))
    return rows


@dataclass(frozen=True)
class FacilityRow:
    facility: Facility
    rounds: list[Round]
    counts: Counts

    @property
    def responses(self) -> int:
        """Forms (see :mod:`scorecards.counts`)."""
        return self.counts.responses


def aimag_facilities(aimag: Area, viewer: Any = None) -> list[FacilityRow]:
    """The aimag's facilities with their rounds and the people, responses and answers of
    those rounds (both sides).

    Published rounds only, plus, for a signed-in ``viewer``, each unpublished round the
    permission ``round.view_unpublished`` lets them see (a coordinator's organisation
    and areas must both cover it)."""
    include_unpublished = viewer is not None and can(viewer, "area.view_unpublished", aimag)
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
    rounds = [
        r
        for r in db.session.scalars(round_query)
        if r.state == Phase.PUBLISHED or can(viewer, "round.view_unpublished", r)
    ]
    counts = round_counts([r.id for r in rounds])
    by_facility: dict[int, list[Round]] = {}
    for round_ in rounds:
        by_facility.setdefault(round_.facility_id, []).append(round_)
    return [
        FacilityRow(
            facility,
            by_facility.get(facility.id, []),
            total(c for r in by_facility.get(facility.id, []) for c in counts[r.id].values()),
        )
        for facility in facilities
    ]
