"""Live counts for the projector: aggregates only, never an individual answer."""

from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.models import ParticipantGroup, Response, Round, Score, Tally
from scorecards.entry import NA_POINT


def live_counts(round_: Round, language: str) -> dict:
    """Responses by group and gender, and each indicator's distribution over the scale
    points (individual scores and tallies added up; ``na`` counts missing answers)."""
    by_group = db.session.execute(
        select(Response.group_id, Response.gender, func.count(Response.id))
        .where(Response.round_id == round_.id)
        .group_by(Response.group_id, Response.gender)
    ).all()
    groups = {
        g.id: {
            "id": g.id,
            "label": g.label,
            "side": g.side,
            "female": 0,
            "male": 0,
            "other": 0,
            "undisclosed": 0,
            "total": 0,
        }
        for g in round_.groups
    }
    unassigned = {
        "id": None,
        "label": "—",
        "side": "",
        "female": 0,
        "male": 0,
        "other": 0,
        "undisclosed": 0,
        "total": 0,
    }
    for group_id, gender, count in by_group:
        row = groups.get(group_id, unassigned)
        row[gender] = row.get(gender, 0) + count
        row["total"] += count
    points = [str(v) for v in range(round_.scale.min_value, round_.scale.max_value + 1)]
    distribution = {ri.id: dict.fromkeys([*points, NA_POINT], 0) for ri in round_.indicators}
    scored = db.session.execute(
        select(Score.round_indicator_id, Score.value, func.count(Score.id))
        .join(Response, Response.id == Score.response_id)
        .where(Response.round_id == round_.id)
        .group_by(Score.round_indicator_id, Score.value)
    ).all()
    tallied = db.session.execute(
        select(Tally.round_indicator_id, Tally.point, func.sum(Tally.count))
        .join(ParticipantGroup, ParticipantGroup.id == Tally.group_id)
        .where(Tally.round_id == round_.id)
        .group_by(Tally.round_indicator_id, Tally.point)
    ).all()
    for ri_id, value, count in scored:
        key = NA_POINT if value is None else str(int(value))
        if ri_id in distribution and key in distribution[ri_id]:
            distribution[ri_id][key] += count
    for ri_id, point, count in tallied:
        if ri_id in distribution and point in distribution[ri_id]:
            distribution[ri_id][point] += int(count or 0)
    indicators = [
        {
            "id": ri.id,
            "position": ri.position,
            "text": ri.indicator.text(language),
            "counts": distribution[ri.id],
            "total": sum(distribution[ri.id].values()),
        }
        for ri in round_.indicators
    ]
    group_rows = list(groups.values()) + ([unassigned] if unassigned["total"] else [])
    return {
        "groups": group_rows,
        "responses": sum(g["total"] for g in group_rows),
        "points": [*points, NA_POINT],
        "indicators": indicators,
    }
