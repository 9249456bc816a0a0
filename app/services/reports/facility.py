"""The facility report: a facility's published rounds, its community scores per
indicator and round, consensus scores, the spread of the latest round's votes,
approved reasons and actions (the facility page and its downloads).

Figures come from :mod:`app.services.reports.query` (cached per aimag data
version); the report itself is built per request, reasons and texts read uncached
so a text hidden after publication is gone from the next page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Action, Facility, FacilityType, Indicator, Round
from app.services import moderation
from app.services.answerability import not_withdrawn
from app.services.public_actions import PublicAction, one_per_action
from app.services.reports import query
from app.services.reports.tables import (
    COMMUNITY,
    consensus_table,
    hidden_groups,
    labelled,
    name_of,
    public_table,
)
from scorecards.aggregation import records
from scorecards.followup import chains
from scorecards.lifecycle import Phase
from scorecards.moderation import TextKind


@dataclass
class FacilityReportData:
    """What the facility page and its downloads show: its published ``rounds`` (oldest
    first), community ``scores`` per round and indicator (public columns), its
    ``actions`` (one per action), approved ``reasons`` per indicator, ``consensus``
    scores per round, side and indicator, the groups whose consensus is hidden per
    round, and the latest round's ``distribution``."""

    facility: Facility
    rounds: list[Round]
    scores: pd.DataFrame
    actions: list[PublicAction]
    reasons: dict[int, list[moderation.PublicText]]
    consensus: pd.DataFrame = field(default_factory=pd.DataFrame)
    consensus_hidden: dict[int, dict[str, int]] = field(default_factory=dict)
    distribution: pd.DataFrame = field(default_factory=pd.DataFrame)
    """Community votes of the latest round per indicator over its scale's points, with
    each point's label (:func:`app.services.reports.query.distribution`)."""

    @property
    def chains(self) -> list[list[Round]]:
        """The published rounds split into follow-up chains (each round linked to the
        one before by ``previous_round_id``), oldest first: a trend compares only the
        rounds of one chain."""
        by_id = {r.id: r for r in self.rounds}
        linked = chains({r.id: r.previous_round_id for r in self.rounds})
        return [[by_id[i] for i in chain] for chain in linked]


def facility_report(facility: Facility, lang: str) -> FacilityReportData:
    """A facility's published rounds, community scores per indicator and round, actions."""
    rounds = list(
        db.session.scalars(
            select(Round)
            .where(Round.facility_id == facility.id, Round.state == Phase.PUBLISHED)
            .order_by(Round.period_start)
        )
    )
    q = query.query(("round", "indicator"), facility=facility.id, side=COMMUNITY)
    aimag = facility.area.aimag
    scores = query.figures(q, scope=aimag.code)
    scores = labelled(scores, "indicator", Indicator, lang, "indicator_name")
    periods = {r.id: r.period_label for r in rounds}
    scores.insert(1, "period", scores["round"].map(periods))
    scores = public_table(scores, ["round", "period", "indicator", "indicator_name"])
    round_ids = [r.id for r in rounds]
    actions = one_per_action(
        list(
            db.session.scalars(
                select(Action)
                .where(Action.round_id.in_(round_ids), not_withdrawn())
                .options(selectinload(Action.official_responses), selectinload(Action.updates))
                .order_by(Action.round_id, Action.id)
            )
        )
    )
    consensus = query.figures(
        query.query(("round", "side", "indicator"), "consensus", facility=facility.id),
        scope=aimag.code,
    )
    consensus = labelled(consensus, "indicator", Indicator, lang, "indicator_name")
    consensus.insert(1, "period", consensus["round"].map(periods))
    per_round = query.figures(
        query.query(("round",), "consensus", facility=facility.id), scope=aimag.code
    )
    hidden = {
        int(row["round"]): hidden_groups(per_round[per_round["round"] == row["round"]])
        for row in records(per_round)
    }
    return FacilityReportData(
        facility,
        rounds,
        scores,
        actions,
        approved_reasons(round_ids),
        consensus_table(consensus, ["round", "period", "side", "indicator", "indicator_name"]),
        hidden,
        latest_distribution(facility, rounds[-1] if rounds else None, lang),
    )


def latest_distribution(facility: Facility, round_: Round | None, lang: str) -> pd.DataFrame:
    """The community votes of ``round_`` per indicator and point of its scale, each point
    with its label in ``lang``; only indicators whose figure is shown."""
    columns = ["indicator", "indicator_name", *query.DISTRIBUTION_COLUMNS]
    if round_ is None:
        return pd.DataFrame(columns=[*columns, "scale_name", "point_label"])
    aimag = facility.area.aimag
    q = query.query(("indicator",), facility=facility.id, round=round_.id, side=COMMUNITY)
    frame = query.distribution(q, scope=aimag.code)
    frame = labelled(frame, "indicator", Indicator, lang, "indicator_name")
    return query.label_points(frame[columns], lang)


def approved_reasons(round_ids: list[int]) -> dict[int, list[moderation.PublicText]]:
    """Reasons a facilitator approved (groups' consensus reasons first, then people's
    reasons, both sides), per indicator id, from the published rounds among
    ``round_ids``; never an unapproved one. Read uncached (``app.services.moderation``),
    so a text hidden after publication is gone from the next page."""
    texts = moderation.public_texts(
        round_ids, kinds=(TextKind.CONSENSUS, TextKind.REASON), limit=500
    )
    return moderation.by_indicator(texts)


def facility_type_name(facility: Facility, lang: str) -> str:
    """The name of ``facility``'s type in ``lang``."""
    return name_of(db.session.get(FacilityType, facility.facility_type_id), lang)
