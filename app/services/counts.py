"""People, responses (forms) and answers (scores), counted in one place.

The meaning of each count is :mod:`scorecards.counts`; this module counts the rows
with SQL (one GROUP BY per kind of row, never loading answers) and is what every
page, download and JSON that shows these counts calls:

* :func:`round_counts` — a round's counts per side, live, for staff pages (any
  phase) and the projector;
* :func:`round_people` — the people of a round by side and gender, which publishing
  stores in ``result_participation``;
* :func:`public_counts` — the published figures per aimag and side (the home page,
  ``/aimags/``, ``/reports/``, the aimag report, their downloads and the API), read
  from the summary rows publishing wrote, so they change exactly when a round is
  published or unlocked. Cached per national data version.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Area,
    ConsensusScore,
    Facility,
    ParticipantGroup,
    Response,
    Round,
    Score,
    Tally,
)
from app.models.reports import ALL, AreaSummary, ResultConsensus, ResultParticipation
from app.services.reports import cache as report_cache
from scorecards.counts import Counts, GroupRecord, people_by_gender, total
from scorecards.lifecycle import Phase
from scorecards.vocab import Side

SIDES = (Side.COMMUNITY.value, Side.PROVIDER.value)
PUBLIC_COLUMNS = ["aimag_id", "side", "facilities", "rounds", "people", "responses", "answers"]


def _rows(statement) -> list[tuple]:
    return [tuple(row) for row in db.session.execute(statement)]


def round_people(round_ids: Iterable[int]) -> dict[tuple[int, str], dict[str, int]]:
    """People per (round, side) by gender, by the rule of :mod:`scorecards.counts`:
    forms not withdrawn, plus the recorded members of groups that tallied or agreed a
    consensus score (a group is never counted twice)."""
    ids = list(round_ids)
    if not ids:
        return {}
    forms: dict[tuple[int, str, int | None], dict[str, int]] = {}
    for round_id, side, group_id, gender, number in _rows(
        select(Response.round_id, Response.side, Response.group_id, Response.gender, func.count())
        .where(Response.round_id.in_(ids), Response.counted())
        .group_by(Response.round_id, Response.side, Response.group_id, Response.gender)
    ):
        forms.setdefault((round_id, str(side), group_id), {})[str(gender)] = int(number)
    heads: dict[int, int] = {}
    per_indicator = (
        select(Tally.group_id, Tally.round_indicator_id, func.sum(Tally.count).label("marks"))
        .where(Tally.round_id.in_(ids))
        .group_by(Tally.group_id, Tally.round_indicator_id)
        .subquery()
    )
    for group_id, marks in _rows(
        select(per_indicator.c.group_id, func.max(per_indicator.c.marks)).group_by(
            per_indicator.c.group_id
        )
    ):
        heads[group_id] = int(marks or 0)
    as_group = set(heads) | set(
        db.session.scalars(
            select(ConsensusScore.group_id).where(ConsensusScore.round_id.in_(ids)).distinct()
        )
    )
    groups = db.session.execute(
        select(
            ParticipantGroup.id,
            ParticipantGroup.round_id,
            ParticipantGroup.side,
            ParticipantGroup.count_female,
            ParticipantGroup.count_male,
            ParticipantGroup.count_other,
        ).where(ParticipantGroup.round_id.in_(ids))
    ).all()
    records: dict[tuple[int, str], list[GroupRecord]] = {}
    for group_id, round_id, side, female, male, other in groups:
        side = str(side)
        records.setdefault((round_id, side), []).append(
            GroupRecord(
                forms=forms.pop((round_id, side, group_id), {}),
                answered_as_group=group_id in as_group,
                recorded={"female": female or 0, "male": male or 0, "other": other or 0},
                tally_heads=heads.get(group_id, 0),
            )
        )
    # Forms naming no group (or a group of the other side) count one person each.
    ungrouped: dict[tuple[int, str], dict[str, int]] = {}
    for (round_id, side, _group), by_gender in forms.items():
        target = ungrouped.setdefault((round_id, side), {})
        for gender, number in by_gender.items():
            target[gender] = target.get(gender, 0) + number
    keys = set(records) | set(ungrouped)
    result = {key: people_by_gender(records.get(key, []), ungrouped.get(key)) for key in keys}
    return {key: value for key, value in result.items() if value}


def round_counts(round_ids: Iterable[int]) -> dict[int, dict[str, Counts]]:
    """Live counts of each round per side (``"community"``, ``"provider"``), whatever
    its phase: withdrawn forms are left out; answers are scores on the scale."""
    ids = list(round_ids)
    result = {rid: {side: Counts() for side in SIDES} for rid in ids}
    if not ids:
        return result
    people = round_people(ids)
    responses = {
        (rid, str(side)): int(n)
        for rid, side, n in _rows(
            select(Response.round_id, Response.side, func.count())
            .where(Response.round_id.in_(ids), Response.counted())
            .group_by(Response.round_id, Response.side)
        )
    }
    answers: dict[tuple[int, str], int] = {}
    for statement in (
        select(Response.round_id, Response.side, func.count())
        .join(Score, Score.response_id == Response.id)
        .where(Response.round_id.in_(ids), Response.counted(), Score.value.isnot(None))
        .group_by(Response.round_id, Response.side),
        select(Tally.round_id, ParticipantGroup.side, func.sum(Tally.count))
        .join(ParticipantGroup, ParticipantGroup.id == Tally.group_id)
        .where(Tally.round_id.in_(ids), Tally.value.isnot(None))
        .group_by(Tally.round_id, ParticipantGroup.side),
        select(ConsensusScore.round_id, ParticipantGroup.side, func.count())
        .join(ParticipantGroup, ParticipantGroup.id == ConsensusScore.group_id)
        .where(ConsensusScore.round_id.in_(ids), ConsensusScore.value.isnot(None))
        .group_by(ConsensusScore.round_id, ParticipantGroup.side),
    ):
        for rid, side, n in _rows(statement):
            answers[(rid, str(side))] = answers.get((rid, str(side)), 0) + int(n or 0)
    for rid in ids:
        for side in SIDES:
            key = (rid, side)
            result[rid][side] = Counts(
                sum(people.get(key, {}).values()), responses.get(key, 0), answers.get(key, 0)
            )
    return result


def _public_frame() -> pd.DataFrame:
    aimag = Area.aimag_id
    published = (
        select(Round.id.label("round_id"), Round.facility_id, aimag.label("aimag_id"))
        .join(Facility, Facility.id == Round.facility_id)
        .join(Area, Area.id == Facility.area_id)
        .where(Round.state == Phase.PUBLISHED)
        .subquery()
    )
    parts: dict[str, dict[tuple[int, str], int]] = {
        "facilities": {},
        "rounds": {},
        "people": {},
        "responses": {},
        "answers": {},
    }

    def add(name: str, rows) -> None:
        for aimag_id, side, number in rows:
            key = (int(aimag_id), str(side))
            parts[name][key] = parts[name].get(key, 0) + int(number or 0)

    # Facilities and rounds are counted once per aimag: they are kept under every side.
    for aimag_id, facilities, rounds in _rows(
        select(
            published.c.aimag_id,
            func.count(published.c.facility_id.distinct()),
            func.count(published.c.round_id),
        ).group_by(published.c.aimag_id)
    ):
        for side in SIDES:
            parts["facilities"][(int(aimag_id), side)] = int(facilities)
            parts["rounds"][(int(aimag_id), side)] = int(rounds)
    add(
        "people",
        _rows(
            select(
                ResultParticipation.aimag_id,
                ResultParticipation.side,
                func.sum(ResultParticipation.people),
            ).group_by(ResultParticipation.aimag_id, ResultParticipation.side)
        ),
    )
    add(
        "responses",
        _rows(
            select(published.c.aimag_id, Response.side, func.count())
            .join(published, published.c.round_id == Response.round_id)
            .where(Response.counted())
            .group_by(published.c.aimag_id, Response.side)
        ),
    )
    add(
        "answers",
        _rows(
            select(AreaSummary.aimag_id, AreaSummary.side, func.sum(AreaSummary.n))
            .where(AreaSummary.breakdown == ALL)
            .group_by(AreaSummary.aimag_id, AreaSummary.side)
        ),
    )
    add(
        "answers",
        _rows(
            select(ResultConsensus.aimag_id, ResultConsensus.side, func.count())
            .where(ResultConsensus.value.isnot(None))
            .group_by(ResultConsensus.aimag_id, ResultConsensus.side)
        ),
    )
    keys = sorted({key for part in parts.values() for key in part})
    rows = [
        {
            "aimag_id": aimag_id,
            "side": side,
            **{name: parts[name].get((aimag_id, side), 0) for name in parts},
        }
        for aimag_id, side in keys
    ]
    return pd.DataFrame(rows, columns=PUBLIC_COLUMNS)


def public_frame() -> pd.DataFrame:
    """Published counts per aimag and side: ``facilities`` and ``rounds`` (with a
    published round; repeated on both sides), ``people``, ``responses``, ``answers``."""
    return report_cache.cached("national", "public_counts", (), _public_frame).copy()


def public_counts(side: str | None = None) -> dict[int, Counts]:
    """Published people, responses and answers per aimag (or capital) id, both sides
    together unless ``side`` is given. Aimags without a published round are absent."""
    frame = public_frame()
    if side is not None:
        frame = frame[frame["side"] == side]
    result: dict[int, Counts] = {}
    for row in frame.itertuples(index=False):
        counts = Counts(int(row.people), int(row.responses), int(row.answers))
        result[int(row.aimag_id)] = result.get(int(row.aimag_id), Counts()) + counts
    return result


def public_coverage() -> dict[int, dict[str, int]]:
    """Per aimag id: facilities and rounds with a published round, and the counts."""
    frame = public_frame()
    result: dict[int, dict[str, int]] = {}
    for aimag_id, part in frame.groupby("aimag_id"):
        result[int(aimag_id)] = {
            "facilities": int(part["facilities"].max()),
            "rounds": int(part["rounds"].max()),
            **public_counts_of(part).as_dict(),
        }
    return result


def public_counts_of(frame: pd.DataFrame) -> Counts:
    """The counts of some rows of :func:`public_frame`, summed."""
    return total(
        Counts(int(r.people), int(r.responses), int(r.answers))
        for r in frame.itertuples(index=False)
    )



def _people_by_gender() -> dict[int, dict[str, int]]:
    result: dict[int, dict[str, int]] = {}
    for aimag_id, gender, people in _rows(
        select(
            ResultParticipation.aimag_id,
            ResultParticipation.gender,
            func.sum(ResultParticipation.people),
        ).group_by(ResultParticipation.aimag_id, ResultParticipation.gender)
    ):
        by_gender = result.setdefault(int(aimag_id), {})
        by_gender[str(gender)] = by_gender.get(str(gender), 0) + int(people or 0)
    return result


def public_people_by_gender() -> dict[int, dict[str, int]]:
    """Published people per aimag id by gender (both sides); they add up to the
    aimag's ``people`` in :func:`public_coverage`."""
    return report_cache.cached("national", "public_people_by_gender", (), _people_by_gender)
