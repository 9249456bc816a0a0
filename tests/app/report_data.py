"""Hand-built rounds for report tests, in an aimag the demo leaves empty (Govi-Altai)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.models import (
    Area,
    Facility,
    FacilityType,
    Organisation,
    Response,
    Round,
    RoundIndicator,
    Scale,
    Score,
    Template,
)
from app.services.publication import rollup_round
from scorecards.lifecycle import Phase

EMPTY_AIMAG = "MN-065"


def make_round(
    answers: dict[int, list[float | None]],
    *,
    aimag: str = EMPTY_AIMAG,
    side: str = "community",
    gender: str = "female",
    state: str = Phase.PUBLISHED,
    period: str = "2025-H2",
    facility: Facility | None = None,
    name: str = "Туршилтын сургууль",
    scale: Scale | None = None,
) -> Round:
    """A round whose person ``i`` gives ``answers[position][i]`` to the indicator at
    ``position`` (``None`` = "not applicable"); rolled up like a published round.
    ``scale`` (default: the template's) is the scale the votes are given on."""
    if facility is None:
        area = db.session.scalar(select(Area).where(Area.code == aimag))
        soum = area.children[0] if area.children else area
        facility = Facility(
            name_mn=name,
            name_en=name,
            facility_type=db.session.scalar(
                select(FacilityType).where(FacilityType.code == "school")
            ),
            area=soum,
        )
        db.session.add(facility)
    template = db.session.scalar(select(Template).where(Template.code == "education-standard"))
    code = uuid.uuid4().hex[:8].upper()
    round_ = Round(
        facility=facility,
        template=template,
        scale=scale or template.scale,
        organisation=db.session.scalar(select(Organisation).limit(1)),
        period_label=period,
        period_start=date(2025, 9, 1),
        period_end=date(2025, 12, 1),
        state=state,
        community_code=f"C{code}",
        provider_code=f"P{code}",
        indicators=[
            RoundIndicator(indicator=item.indicator, position=item.position)
            for item in template.items
            if item.position in answers
        ],
    )
    db.session.add(round_)
    db.session.flush()
    by_position = {ri.position: ri for ri in round_.indicators}
    people = max(len(v) for v in answers.values())
    for person in range(people):
        response = Response(
            uuid=str(uuid.uuid4()),
            receipt=uuid.uuid4().hex[:8],
            content_hash=uuid.uuid4().hex,
            round=round_,
            side=side,
            channel="phone",
            gender=gender,
        )
        for position, values in answers.items():
            if person < len(values):
                value = values[person]
                response.scores.append(
                    Score(
                        round_indicator=by_position[position],
                        value=value,
                        missing_reason=None if value is not None else "na",
                    )
                )
        db.session.add(response)
    db.session.flush()
    rollup_round(round_)
    db.session.commit()
    return round_


def indicator_id(position: int) -> int:
    template = db.session.scalar(select(Template).where(Template.code == "education-standard"))
    return next(item.indicator_id for item in template.items if item.position == position)
