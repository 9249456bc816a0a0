"""Live counts for the projector: aggregates only, never an individual answer.

The community and the providers are shown apart: each side has its own people,
forms and answers (:mod:`app.services.counts`), its groups by gender, and the
distribution of its answers for the indicators it is asked. The votes are read by
:func:`app.services.reports.round_scores.vote_counts` and spread over the scale's
points by :func:`scorecards.meeting.point_counts`, the same reader and counts the
interface meeting's figures use.
"""

from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.models import Response, Round
from app.services.counts import SIDES, round_counts
from app.services.reports.round_scores import vote_counts
from scorecards.entry import NA_POINT
from scorecards.meeting import VoteCounts, point_counts
from scorecards.scales import format_value

_GENDERS = ("female", "male", "other", "undisclosed")


def _group_row(group_id: int | None, label: str, side: str) -> dict:
    return {"id": group_id, "label": label, "side": side, **dict.fromkeys(_GENDERS, 0), "total": 0}


def live_counts(round_: Round, language: str) -> dict:
    """Per side (``sides``): its counts (people, forms, answers), forms by group and
    gender, and each indicator's distribution over the scale's points (every value
    the scale accepts, written as people write it; individual scores and tallies
    added up; ``na`` counts missing answers). Withdrawn forms are
    left out. ``groups`` lists every side's group rows together and ``responses`` the
    forms of both sides."""
    counts = round_counts([round_.id])[round_.id]
    groups = {g.id: _group_row(g.id, g.label, g.side) for g in round_.groups}
    unassigned = {side: _group_row(None, "—", side) for side in SIDES}
    for group_id, side, gender, count in db.session.execute(
        select(Response.group_id, Response.side, Response.gender, func.count(Response.id))
        .where(Response.round_id == round_.id, Response.counted())
        .group_by(Response.group_id, Response.side, Response.gender)
    ).all():
        row = groups.get(group_id) or unassigned[str(side)]
        row[gender] = row.get(gender, 0) + count
        row["total"] += count
    points = [format_value(v) for v in round_.scale.domain().point_values()]
    votes = vote_counts(round_)
    distribution = {
        (side, ri.id): point_counts(votes.get((side, ri.id), VoteCounts()), points, NA_POINT)
        for side in SIDES
        for ri in round_.indicators
        if ri.asked_of(side)
    }
    sides = []
    for side in SIDES:
        side_groups = [g for g in groups.values() if g["side"] == side]
        if unassigned[side]["total"]:
            side_groups.append(unassigned[side])
        indicators = [
            {
                "id": ri.id,
                "position": ri.position,
                "text": ri.indicator.text(language),
                "counts": distribution[(side, ri.id)],
                "total": sum(distribution[(side, ri.id)].values()),
            }
            for ri in round_.indicators
            if ri.asked_of(side)
        ]
        sides.append(
            {
                "side": side,
                "counts": counts[side].as_dict(),
                "groups": side_groups,
                "indicators": indicators,
            }
        )
    every_group = [g for s in sides for g in s["groups"]]
    return {
        "sides": sides,
        "groups": every_group,
        "responses": sum(g["total"] for g in every_group),
        "points": [*points, NA_POINT],
    }
