"""Rolling a round's raw answers up into the report summary tables.

``rollup_round(round)`` is what publishing and unlocking call
(``app.services.rounds.publish``/``unlock``, in the caller's transaction: it flushes,
never commits); it is the one path that writes report rows, and the demo seed
publishes through the same service. It deletes the round's old summary rows,
and when the round is published writes new ones; either way it bumps the data
version of the round's aimag and of the national scope, so cached reports of
exactly those scopes are rebuilt on every server (see ``app.services.reports.cache``).

The raw rows of one round are few (hundreds of responses × 15 indicators), so they
are read with one query per kind of answer and summarised by
``scorecards.summaries``; only the marginal cells
(:func:`scorecards.summaries.marginal_cells`, described in ``app.models.reports``)
are stored. This module is the write side; reports read those rows through
:mod:`app.services.reports.query`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import delete, func, insert, select, update

from app.extensions import db
from app.models import (
    Area,
    ConsensusScore,
    Facility,
    FacilityType,
    ParticipantGroup,
    Response,
    Round,
    RoundIndicator,
    Score,
    Tally,
)
from app.models import Scale as ScaleModel
from app.models.reports import (
    AreaDistribution,
    AreaSummary,
    ReportVersion,
    ResultConsensus,
    ResultDistribution,
    ResultParticipation,
    ResultSummary,
)
from app.services.counts import round_people
from scorecards import summaries
from scorecards.lifecycle import Phase
from scorecards.scales import Scale, plain_number
from scorecards.summaries import marginal_cells

NATIONAL = "national"


@dataclass(frozen=True)
class RollupResult:
    round_id: int
    summary_rows: int
    distribution_rows: int


def all_scales() -> dict[str, Scale]:
    return {s.code: s.domain() for s in db.session.scalars(select(ScaleModel))}


def round_frames(round_: Round) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Full-cross summary and distribution frames of one round's votes.

    Individual scores and paper tallies are summarised separately (``source``
    column) and never merged. Consensus scores are not in these frames: they are
    stored one row per group (:func:`consensus_rows`), because whether a group's
    score is public depends on the group's size and on k at report time.
    """
    scale = round_.scale.domain()
    indicator_ids = list(
        db.session.scalars(
            select(RoundIndicator.indicator_id).where(RoundIndicator.round_id == round_.id)
        )
    )
    scale_by_indicator = {i: scale for i in indicator_ids}
    parts: list[tuple[pd.DataFrame, pd.DataFrame]] = []

    scores = db.session.execute(
        select(
            Score.round_indicator_id,
            RoundIndicator.indicator_id,
            Response.side,
            ParticipantGroup.kind.label("group_kind"),
            Response.gender,
            Response.age_band,
            Response.disability,
            Score.value,
        )
        .join(Response, Response.id == Score.response_id)
        .join(RoundIndicator, RoundIndicator.id == Score.round_indicator_id)
        .outerjoin(ParticipantGroup, ParticipantGroup.id == Response.group_id)
        .where(Response.round_id == round_.id, Response.counted())
    ).all()
    if scores:
        frame = pd.DataFrame(scores, columns=[*summaries.CELL_KEYS, "value"])
        parts.append(summaries.summarise_scores(frame, scale_by_indicator))

    tallies = db.session.execute(
        select(
            Tally.round_indicator_id,
            RoundIndicator.indicator_id,
            ParticipantGroup.side,
            ParticipantGroup.kind.label("group_kind"),
            Tally.value,
            Tally.count,
        )
        .join(RoundIndicator, RoundIndicator.id == Tally.round_indicator_id)
        .join(ParticipantGroup, ParticipantGroup.id == Tally.group_id)
        .where(Tally.round_id == round_.id)
    ).all()
    if tallies:
        frame = pd.DataFrame(
            tallies,
            columns=["round_indicator_id", "indicator_id", "side", "group_kind", "value", "count"],
        )
        parts.append(summaries.summarise_tallies(frame, scale_by_indicator))

    if not parts:
        return summaries.empty_summary()
    return (
        pd.concat([p[0] for p in parts], ignore_index=True),
        pd.concat([p[1] for p in parts], ignore_index=True),
    )


def round_dimensions(round_: Round) -> dict[str, object]:
    """The grouping columns copied onto every summary row of ``round_``."""
    facility: Facility = round_.facility
    area: Area = facility.area
    aimag = area if area.is_top_level or area.parent is None else area.parent
    facility_type: FacilityType = facility.facility_type
    return {
        "round_id": round_.id,
        "aimag_id": aimag.id,
        "area_id": area.id,
        "facility_id": facility.id,
        "facility_type_id": facility_type.id,
        "sector_id": facility_type.sector_id,
        "period_label": round_.period_label,
        "round_number": round_.round_number,
    }


def participation_rows(round_: Round, dims: dict[str, object]) -> list[dict[str, object]]:
    """People per side and gender, counted by :func:`app.services.counts.round_people`
    (the one definition of "people": respondents plus the recorded members of groups
    that tallied or agreed a consensus score)."""
    keep = {k: dims[k] for k in ("round_id", "aimag_id", "facility_id", "sector_id")}
    return [
        {**keep, "side": side, "gender": gender, "people": people}
        for (_round_id, side), by_gender in sorted(round_people([round_.id]).items())
        for gender, people in sorted(by_gender.items())
    ]


def consensus_rows(round_: Round, dims: dict[str, object]) -> list[dict[str, object]]:
    """One row per consensus score of ``round_`` (group × indicator), for ``result_consensus``.

    ``people`` is the group's recorded number of participants: the women, men and
    others counted in the group at the session (``ParticipantGroup.participants``,
    typed on the round's groups page). The planned ``expected_size`` is not a record
    of who took part, so it is not used; a group with no one counted gets ``None``
    ("not recorded") and its consensus is never published
    (``scorecards.privacy.consensus_status``). ``value`` is ``None`` for "not
    applicable / don't know". ``dims`` are the round's :func:`round_dimensions`.
    ``scale_code`` is the consensus scale's (``Round.agreed_scale``), which may differ
    from the votes': the two are reported as separate sources and never pooled.
    """
    scale_code = round_.agreed_scale.code
    rows = db.session.execute(
        select(
            ConsensusScore.round_indicator_id,
            RoundIndicator.indicator_id,
            ParticipantGroup.id,
            ParticipantGroup.side,
            ParticipantGroup.kind,
            ParticipantGroup.count_female
            + ParticipantGroup.count_male
            + ParticipantGroup.count_other,
            ConsensusScore.value,
        )
        .join(RoundIndicator, RoundIndicator.id == ConsensusScore.round_indicator_id)
        .join(ParticipantGroup, ParticipantGroup.id == ConsensusScore.group_id)
        .where(ConsensusScore.round_id == round_.id)
        .order_by(ConsensusScore.group_id, ConsensusScore.round_indicator_id)
    ).all()
    return [
        {
            **dims,
            "round_indicator_id": ri_id,
            "indicator_id": indicator_id,
            "scale_code": scale_code,
            "side": str(side),
            "group_id": group_id,
            "group_kind": str(kind),
            "people": int(people) if people and people > 0 else None,
            "value": None if value is None else float(value),
        }
        for ri_id, indicator_id, group_id, side, kind, people, value in rows
    ]


def bump_versions(scopes: set[str]) -> None:
    """Add one to each scope's data version (creating the row the first time)."""
    existing = set(
        db.session.scalars(select(ReportVersion.scope).where(ReportVersion.scope.in_(scopes)))
    )
    for scope in scopes - existing:
        db.session.add(ReportVersion(scope=scope, version=0))
    db.session.flush()
    db.session.execute(
        update(ReportVersion)
        .where(ReportVersion.scope.in_(scopes))
        .values(version=ReportVersion.version + 1)
    )


AREA_KEYS = (
    "aimag_id",
    "facility_type_id",
    "sector_id",
    "period_label",
    "indicator_id",
    "scale_code",
    "side",
    "source",
    "breakdown",
    "category",
)


def refresh_area(aimag_id: int) -> None:
    """Re-sum one aimag's round-level summary rows into the aimag-level tables (in SQL)."""
    for target, source, measures in (
        (AreaSummary, ResultSummary, ("n", "n_missing", "total", "total_squares")),
        (AreaDistribution, ResultDistribution, ("count",)),
    ):
        db.session.execute(delete(target).where(target.aimag_id == aimag_id))
        keys = [getattr(source, k) for k in AREA_KEYS]
        if source is ResultDistribution:
            keys.append(source.point)
        sums = [func.sum(getattr(source, m)) for m in measures]
        columns = [*AREA_KEYS, *(["point"] if source is ResultDistribution else []), *measures]
        db.session.execute(
            insert(target).from_select(
                columns,
                select(*keys, *sums).where(source.aimag_id == aimag_id).group_by(*keys),
            )
        )


def rollup_round(round_: Round, refresh: bool = True) -> RollupResult:
    """(Re)build ``round_``'s summary rows in the caller's transaction; flush, no commit.

    Call it whenever a round is published, re-published or withdrawn: rows of a round
    that is not published are deleted and none are written, so nothing unpublished
    ever reaches a public report. Re-sums the aimag-level rows of the round's aimag
    (``refresh=False`` leaves that to the caller, for bulk rollups) and bumps the
    versions of the round's aimag and of the national scope.
    """
    db.session.flush()
    for table in (ResultSummary, ResultDistribution, ResultParticipation, ResultConsensus):
        db.session.execute(delete(table).where(table.round_id == round_.id))
    dims = round_dimensions(round_)
    aimag_code = db.session.get(Area, dims["aimag_id"]).code
    summary_rows = distribution_rows = 0
    if round_.state == Phase.PUBLISHED:
        summary, distribution = marginal_cells(*round_frames(round_))
        summary_records = _with_dims(summary, dims)
        distribution_records = _with_dims(distribution, dims)
        if summary_records:
            db.session.execute(insert(ResultSummary), summary_records)
        if distribution_records:
            db.session.execute(insert(ResultDistribution), distribution_records)
        participation = participation_rows(round_, dims)
        if participation:
            db.session.execute(insert(ResultParticipation), participation)
        consensus = consensus_rows(round_, dims)
        if consensus:
            db.session.execute(insert(ResultConsensus), consensus)
        summary_rows, distribution_rows = len(summary_records), len(distribution_records)
    if refresh:
        refresh_area(dims["aimag_id"])
    bump_versions({NATIONAL, aimag_code})
    db.session.flush()
    return RollupResult(round_.id, summary_rows, distribution_rows)


def rollup_published_rounds() -> int:
    """Rebuild the summaries of every published round; returns how many were rolled up."""
    for table in (
        ResultSummary,
        ResultDistribution,
        ResultParticipation,
        ResultConsensus,
        AreaSummary,
        AreaDistribution,
    ):
        db.session.execute(delete(table))
    rounds = db.session.scalars(
        select(Round).where(Round.state == Phase.PUBLISHED).order_by(Round.id)
    ).all()
    for round_ in rounds:
        rollup_round(round_, refresh=False)
    for aimag_id in {round_dimensions(round_)["aimag_id"] for round_ in rounds}:
        refresh_area(aimag_id)
    db.session.flush()
    return len(rounds)


def _with_dims(frame: pd.DataFrame, dims: dict[str, object]) -> list[dict[str, object]]:
    if frame.empty:
        return []
    records = frame.to_dict(orient="records")
    out = []
    for record in records:
        row = {**dims, **record}
        for key in ("round_indicator_id", "indicator_id", "n", "n_missing", "count"):
            if key in row:
                row[key] = int(row[key])
        if "point" in row:
            row["point"] = plain_number(row["point"])
        for key in ("total", "total_squares"):
            if key in row:
                row[key] = float(row[key])
        out.append(row)
    return out
