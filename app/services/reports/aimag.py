"""The aimag report: one report shape (:class:`AimagReportData`) that the page, its
downloads and charts, the share card and the PDF (:mod:`app.services.reports.pdf`)
all read.

Figures come from :mod:`app.services.reports.query`, so every output applies the
same suppression. The report holds plain values only (ids, codes, names in the
report's language, DataFrames of plain values, dicts of counts): the public copy
is cached per aimag data version, period and language
(:mod:`app.services.reports.cache`) and used as it is, without live rows put back
onto it; whatever needs a live row (the area for links, actions for the PDF) is
looked up separately by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Action, Area, Facility, Indicator, Round, RoundIndicator, Sector
from app.permissions import can
from app.services import counts
from app.services.answerability import not_withdrawn
from app.services.public_actions import PublicAction, one_per_action
from app.services.reports import query
from app.services.reports.tables import (
    COMMUNITY,
    PROVIDER,
    SectorName,
    consensus_table,
    hidden_groups,
    labelled,
    name_of,
    public_table,
    sector_names,
)
from scorecards.aggregation import action_figures, gap_by_indicator, records, trend
from scorecards.lifecycle import Phase


@dataclass
class AimagReportData:
    """Everything an aimag's report shows for one period and language, as plain values.

    ``area_id``, ``area_code`` and ``area_name`` (in ``lang``) name the aimag;
    ``tables`` are the public tables by name (``sectors``, ``indicators``, ``soums``,
    ``facilities``, ``gap``, ``consensus``, ``trend``, ``actions``); ``coverage`` the
    published counts (facilities, rounds, people, responses, answers, and people by
    gender); ``sectors`` every sector's :class:`SectorName`; ``action_summary`` the
    action figures (:func:`scorecards.aggregation.action_figures`) or ``None``;
    ``consensus_hidden`` the groups whose consensus is not shown.
    """

    area_id: int
    area_code: str
    area_name: str
    lang: str
    periods: list[str]
    period: str | None
    unpublished_round_ids: tuple[int, ...] = ()
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    coverage: dict[str, int] = field(default_factory=dict)
    sectors: list[SectorName] = field(default_factory=list)
    action_summary: dict | None = None
    consensus_hidden: dict[str, int] = field(default_factory=dict)

    @property
    def has_data(self) -> bool:
        """Whether the aimag has a period with figures (published or visible)."""
        return bool(self.periods)

    @property
    def scope(self) -> str:
        """The cache scope of the aimag's figures: its code."""
        return self.area_code


def find_aimag(code: str) -> Area | None:
    """The aimag (or the capital) with ISO ``code``, any case; ``None`` for a soum,
    a district or an unknown code."""
    area = db.session.scalar(select(Area).where(Area.code == code.upper()))
    return area if area is not None and area.is_top_level else None


def _aimag_figures(
    data: AimagReportData, by: tuple[str, ...], source: str = "votes", **filters
) -> pd.DataFrame:
    q = query.ResultQuery(
        by,
        tuple(sorted((k, v) for k, v in {"aimag": data.area_id, **filters}.items() if v)),
        source,
        data.unpublished_round_ids,
    )
    return query.figures(q, scope=data.scope)


def visible_unpublished_round_ids(user, area: Area) -> tuple[int, ...]:
    """The aimag's unpublished rounds with answers that ``user`` may see in its report:
    none unless ``area.view_unpublished`` allows the aimag, then each round that
    ``round.view_unpublished`` allows (a coordinator's organisation and areas must both
    cover it; see ``app.permissions``)."""
    if not can(user, "area.view_unpublished", area):
        return ()
    ids = query.unpublished_round_ids(area)
    if not ids:
        return ()
    rounds = db.session.scalars(
        select(Round)
        .where(Round.id.in_(ids))
        .options(selectinload(Round.facility).selectinload(Facility.area))
        .order_by(Round.id)
    )
    return tuple(r.id for r in rounds if can(user, "round.view_unpublished", r))


def aimag_report(
    area: Area,
    lang: str,
    period: str | None = None,
    unpublished_round_ids: tuple[int, ...] = (),
) -> AimagReportData:
    """Everything the aimag report shows, for ``period`` (default: the latest), from its
    published rounds and the ``unpublished_round_ids`` given (those the viewer may see,
    ``visible_unpublished_round_ids``; none for the public)."""
    extra = tuple(unpublished_round_ids)
    data = AimagReportData(area.id, area.code, name_of(area, lang), lang, [], None, extra)
    over_time = _aimag_figures(data, ("sector", "period"), side=COMMUNITY)
    vote_periods = sorted(set(over_time["period"].astype(str)))
    # A period whose rounds were scored only by group consensus is a period too.
    agreed = _aimag_figures(data, ("period",), "consensus")
    periods = sorted(set(vote_periods) | set(agreed["period"].astype(str)))
    if period not in periods:
        period = periods[-1] if periods else None
    data.periods, data.period = periods, period
    if not periods:
        return data
    data.sectors = sector_names(lang)
    base = {"period": period, "side": COMMUNITY}

    headline = labelled(
        _aimag_figures(data, ("sector",), **base), "sector", Sector, lang, "sector_name"
    )
    data.tables["sectors"] = public_table(headline, ["sector", "sector_name"])

    indicators = _aimag_figures(data, ("sector", "indicator"), **base)
    indicators = labelled(indicators, "sector", Sector, lang, "sector_name")
    indicators = labelled(indicators, "indicator", Indicator, lang, "indicator_name")
    data.tables["indicators"] = public_table(
        indicators, ["sector", "sector_name", "indicator", "indicator_name"]
    )

    soums = _aimag_figures(data, ("sector", "area"), **base)
    soums = labelled(
        labelled(soums, "sector", Sector, lang, "sector_name"), "area", Area, lang, "area_name"
    )
    data.tables["soums"] = public_table(soums, ["sector", "sector_name", "area", "area_name"])

    facilities = _aimag_figures(data, ("sector", "facility"), **base)
    facilities = labelled(facilities, "sector", Sector, lang, "sector_name")
    facilities = labelled(facilities, "facility", Facility, lang, "facility_name")
    data.tables["facilities"] = public_table(
        facilities, ["sector", "sector_name", "facility", "facility_name"]
    )
    if extra:
        unpublished = set(db.session.scalars(select(Round.facility_id).where(Round.id.in_(extra))))
        data.tables["facilities"]["includes_unpublished"] = data.tables["facilities"][
            "facility"
        ].isin(unpublished)

    by_side = _aimag_figures(data, ("sector", "indicator", "side"), period=period)
    if by_side.empty:
        gap = pd.DataFrame(columns=["sector", "indicator", "community", "provider", "gap"])
    else:
        gap = gap_by_indicator(
            by_side[by_side["side"] == COMMUNITY].drop(columns="side"),
            by_side[by_side["side"] == PROVIDER].drop(columns="side"),
            on=("sector", "indicator"),
        )
    gap = labelled(
        labelled(gap, "sector", Sector, lang, "sector_name"),
        "indicator",
        Indicator,
        lang,
        "indicator_name",
    )
    keep = ["sector", "sector_name", "indicator", "indicator_name", "community", "provider", "gap"]
    keep += [
        c
        for c in ("community_n", "provider_n", "community_suppressed", "provider_suppressed")
        if c in gap
    ]
    data.tables["gap"] = gap[keep].reset_index(drop=True)

    consensus = _aimag_figures(data, ("sector", "indicator", "side"), "consensus", period=period)
    consensus = labelled(
        labelled(consensus, "sector", Sector, lang, "sector_name"),
        "indicator",
        Indicator,
        lang,
        "indicator_name",
    )
    data.tables["consensus"] = consensus_table(
        consensus, ["sector", "sector_name", "indicator", "indicator_name", "side"]
    )
    data.consensus_hidden = hidden_groups(_aimag_figures(data, (), "consensus", period=period))

    trend_columns = ["sector", "sector_name", "period", "value", "n", "change"]
    if vote_periods:
        frames = {
            p: over_time[over_time["period"] == p].drop(columns="period") for p in vote_periods
        }
        trends = trend(frames, on=("sector",), order=vote_periods)
        trends = labelled(trends, "sector", Sector, lang, "sector_name")[trend_columns]
    else:
        trends = pd.DataFrame(columns=trend_columns)
    data.tables["trend"] = trends.rename(columns={"value": "mean_100", "n": "answers"})

    coverage = counts.public_coverage().get(area.id, {})
    genders = counts.public_people_by_gender().get(area.id, {})
    data.coverage = {
        "facilities": coverage.get("facilities", 0),
        "rounds": coverage.get("rounds", 0),
        "people": coverage.get("people", 0),
        "responses": coverage.get("responses", 0),
        "answers": coverage.get("answers", 0),
        "female": genders.get("female", 0),
        "male": genders.get("male", 0),
        "other": sum(n for g, n in genders.items() if g not in ("female", "male")),
    }

    actions = one_per_action(aimag_actions(area.id, extra))
    data.tables["actions"] = actions_table(actions, lang)
    if actions:
        data.action_summary = action_figures(
            pd.DataFrame(
                [
                    {"status": a.status, "due_date": a.due_date, "completed_on": a.completed_on}
                    for a in actions
                ]
            ),
            date.today(),
        ).as_dict()
    return data


def soum_scores(data: AimagReportData) -> dict[str, float | None]:
    """The period's community score (0–100) of each soum or district of the aimag with
    a figure, by the soum's code; ``None`` where the figure is hidden (fewer than k
    people). Every sector together, as the map of the PDF colours them."""
    if not data.period:
        return {}
    frame = _aimag_figures(data, ("area",), period=data.period, side=COMMUNITY)
    codes = dict(
        db.session.execute(select(Area.id, Area.code).where(Area.parent_id == data.area_id)).all()
    )
    return {
        codes[int(row["area"])]: None if row["suppressed"] else row["mean_100"]
        for row in records(frame)
        if int(row["area"]) in codes
    }


def soum_names(area_id: int, lang: str) -> dict[str, str]:
    """The names of the soums or districts of the aimag ``area_id`` in ``lang``, by code."""
    return {
        a.code: name_of(a, lang)
        for a in db.session.scalars(select(Area).where(Area.parent_id == area_id))
    }


def aimag_actions(area_id: int, extra_round_ids: tuple[int, ...] = ()) -> list[Action]:
    """The joint action plans of the published rounds (and ``extra_round_ids``) of the
    aimag ``area_id`` and its soums, newest period first."""
    visible = Round.state == Phase.PUBLISHED
    if extra_round_ids:
        visible = visible | Round.id.in_(extra_round_ids)
    return list(
        db.session.scalars(
            select(Action)
            .join(Round, Round.id == Action.round_id)
            .join(Facility, Facility.id == Round.facility_id)
            .join(Area, Area.id == Facility.area_id)
            .where(Area.within(area_id), visible, not_withdrawn())
            .options(
                selectinload(Action.official_responses),
                selectinload(Action.updates),
                selectinload(Action.round_indicator).selectinload(RoundIndicator.indicator),
                selectinload(Action.round).selectinload(Round.facility),
            )
            .order_by(Round.period_start.desc(), Action.id)
        )
    )


def actions_table(actions: list[PublicAction], lang: str) -> pd.DataFrame:
    """One row per action; an action carried across follow-up rounds is one row
    (``periods`` lists the rounds it passed through, oldest first)."""
    rows = []
    for action in actions:
        latest = action.official_responses[-1] if action.official_responses else None
        indicator = action.round_indicator.indicator if action.round_indicator else None
        rows.append(
            {
                "action": action.id,
                "facility": action.round.facility_id,
                "facility_name": name_of(action.round.facility, lang),
                "period": action.round.period_label,
                "periods": ", ".join(action.periods),
                "indicator_name": name_of(indicator, lang, "text") if indicator else "",
                "description": action.description,
                "responsible": action.responsible,
                "due_date": action.due_date.isoformat() if action.due_date else None,
                "status": action.status,
                "completed_on": action.completed_on.isoformat() if action.completed_on else None,
                "official_office": latest.office if latest else None,
                "official_response": latest.body if latest else None,
                "official_commitment_date": (
                    latest.commitment_date.isoformat()
                    if latest and latest.commitment_date
                    else None
                ),
                "official_responded_on": latest.created_at.date().isoformat() if latest else None,
                "published": action.round.state == Phase.PUBLISHED,
            }
        )
    columns = [
        "action",
        "facility",
        "facility_name",
        "period",
        "periods",
        "indicator_name",
        "description",
        "responsible",
        "due_date",
        "status",
        "completed_on",
        "official_office",
        "official_response",
        "official_commitment_date",
        "official_responded_on",
        "published",
    ]
    return pd.DataFrame(rows, columns=columns)
