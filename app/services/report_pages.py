"""What the public report pages, downloads and the PDF show, built from
:mod:`app.services.reports` (so every output applies the same suppression).

Every table is a DataFrame of public columns; ``TABLE_COLUMNS`` lists them. Names are
resolved in the language asked for; numbers are not rounded here (templates and
the PDF round half up for display; downloads keep 3 decimals).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import (
    Action,
    Area,
    Facility,
    FacilityType,
    Indicator,
    Round,
    RoundIndicator,
    Sector,
)
from app.permissions import can
from app.services import counts, moderation, reports
from app.services.answerability import not_withdrawn
from app.services.geography import top_level_areas
from app.services.public_actions import PublicAction, one_per_action
from app.services.texts import text_for
from scorecards.aggregation import action_figures, gap_by_indicator, records, trend
from scorecards.followup import chains
from scorecards.lifecycle import Phase
from scorecards.moderation import TextKind

FIGURE_PUBLIC = [
    "people",
    "n",
    "n_missing",
    "mean",
    "median",
    "mean_100",
    "ci_low_100",
    "ci_high_100",
    "share_positive",
    "suppressed",
    "mixed_scales",
]
"""Public columns of vote figure tables. ``mixed_scales`` marks a figure that combines
answers given on different scales: only its 0–100 figures and its share of positive
answers exist (each answer judged on its own scale's threshold), no own-scale mean or
median (:mod:`scorecards.aggregation`)."""
CONSENSUS_PUBLIC = [
    "groups_shown",
    "people",
    "n",
    "n_missing",
    "mean",
    "median",
    "mean_100",
    "share_positive",
    "groups_size_not_recorded",
    "groups_below_k",
    "suppressed",
    "mixed_scales",
]
"""Public columns of consensus tables: ``n`` counts group scores, ``people`` the
participants recorded for the groups shown (see ``app.services.reports``)."""
COMMUNITY = "community"
PROVIDER = "provider"


def _name(obj, lang: str, attribute: str = "name") -> str:
    if isinstance(obj, Indicator):
        return text_for(obj, attribute, lang)
    value = getattr(obj, f"{attribute}_{lang}", None)
    return value or getattr(obj, f"{attribute}_mn", "")


def names_of(model, ids, lang: str) -> dict[int, str]:
    ids = [int(i) for i in set(ids) if i is not None and not pd.isna(i)]
    if not ids:
        return {}
    attribute = "text" if model is Indicator else "name"
    return {
        row.id: _name(row, lang, attribute)
        for row in db.session.scalars(select(model).where(model.id.in_(ids)))
    }


def _public(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    columns = [c for c in keys if c in frame.columns] + [
        c for c in FIGURE_PUBLIC if c in frame.columns
    ]
    return frame[columns].reset_index(drop=True)


def _label(frame: pd.DataFrame, column: str, model, lang: str, target: str) -> pd.DataFrame:
    lookup = names_of(model, frame[column].tolist(), lang) if len(frame) else {}
    frame = frame.copy()
    frame.insert(list(frame.columns).index(column) + 1, target, frame[column].map(lookup))
    return frame


# --------------------------------------------------------------------------- national


def sectors() -> list[Sector]:
    return list(db.session.scalars(select(Sector).order_by(Sector.id)))


def national_table(sector: Sector | None, lang: str) -> pd.DataFrame:
    """One row per aimag and the capital: coverage, participants and the sector's score.

    Facilities, rounds, ``participants`` (people), ``responses`` (forms) and
    ``answers`` (scores) are the published counts of :mod:`app.services.counts`, both
    sides and every sector, as on the home page; the score is the sector's."""
    coverage_by = counts.public_coverage()
    genders_by = counts.public_people_by_gender()
    q = reports.query(("aimag",), side=COMMUNITY, sector=sector.id if sector else None)
    scores = reports.figures(q)
    rows = []
    scores_by = {int(r["aimag"]): r for r in records(scores)}
    for area in top_level_areas():
        c = coverage_by.get(area.id, {})
        genders = genders_by.get(area.id, {})
        s = scores_by.get(area.id, {})
        rows.append(
            {
                "aimag_code": area.code,
                "aimag": _name(area, lang),
                "facilities": c.get("facilities", 0),
                "rounds": c.get("rounds", 0),
                "participants": c.get("people", 0),
                "participants_female": genders.get("female", 0),
                "participants_male": genders.get("male", 0),
                "participants_other": genders.get("other", 0) + genders.get("undisclosed", 0),
                "responses": c.get("responses", 0),
                "answers": c.get("answers", 0),
                **{k: s.get(k) for k in FIGURE_PUBLIC},
            }
        )
    frame = pd.DataFrame(rows)
    frame["suppressed"] = frame["suppressed"].fillna(False).astype(bool)
    frame["mixed_scales"] = frame["mixed_scales"].fillna(False).astype(bool)
    for column in ("people", "n", "n_missing"):
        frame[column] = frame[column].astype("Int64")
    return frame


SORT_KEYS = ("aimag", "facilities", "rounds", "participants", "score")


def sort_table(frame: pd.DataFrame, key: str, descending: bool) -> pd.DataFrame:
    """Sort the national table; rows without a score always go last."""
    frame = frame.copy()
    if key == "participants":
        frame["_key"] = frame["participants"]
    elif key == "score":
        frame["_key"] = frame["mean_100"]
    elif key in SORT_KEYS:
        frame["_key"] = frame[key]
    else:
        frame["_key"] = frame["aimag"]
    frame = frame.sort_values("_key", ascending=not descending, na_position="last", kind="stable")
    return frame.drop(columns="_key").reset_index(drop=True)


def map_values(sector: Sector | None) -> dict[str, float | None]:
    q = reports.query(("aimag",), side=COMMUNITY, sector=sector.id if sector else None)
    scores = reports.figures(q)
    codes = {a.id: a.code for a in top_level_areas()}
    values: dict[str, float | None] = {code: None for code in codes.values()}
    for row in records(scores):
        values[codes[int(row["aimag"])]] = None if row["suppressed"] else row["mean_100"]
    return values


# --------------------------------------------------------------------------- aimag


@dataclass
class AimagReportData:
    area: Area
    lang: str
    periods: list[str]
    period: str | None
    unpublished_round_ids: tuple[int, ...] = ()
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    coverage: dict[str, int] = field(default_factory=dict)
    sectors: list[Sector] = field(default_factory=list)
    actions: list[PublicAction] = field(default_factory=list)
    action_summary: dict | None = None
    consensus_hidden: dict[str, int] = field(default_factory=dict)

    @property
    def has_data(self) -> bool:
        return bool(self.periods)

    @property
    def scope(self) -> str:
        return self.area.code


def find_aimag(code: str) -> Area | None:
    area = db.session.scalar(select(Area).where(Area.code == code.upper()))
    return area if area is not None and area.is_top_level else None


def _aimag_figures(
    data: AimagReportData, by: tuple[str, ...], source: str = "votes", **filters
) -> pd.DataFrame:
    q = reports.ResultQuery(
        by,
        tuple(sorted((k, v) for k, v in {"aimag": data.area.id, **filters}.items() if v)),
        source,
        data.unpublished_round_ids,
    )
    return reports.figures(q, scope=data.scope)


def visible_unpublished_round_ids(user, area: Area) -> tuple[int, ...]:
    """The aimag's unpublished rounds with answers that ``user`` may see in its report:
    none unless ``area.view_unpublished`` allows the aimag, then each round that
    ``round.view_unpublished`` allows (a coordinator's organisation and areas must both
    cover it; see ``app.permissions``)."""
    if not can(user, "area.view_unpublished", area):
        return ()
    ids = reports.unpublished_round_ids(area)
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
    data = AimagReportData(area, lang, [], None, extra)
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
    data.sectors = sectors()
    base = {"period": period, "side": COMMUNITY}

    headline = _label(
        _aimag_figures(data, ("sector",), **base), "sector", Sector, lang, "sector_name"
    )
    data.tables["sectors"] = _public(headline, ["sector", "sector_name"])

    indicators = _aimag_figures(data, ("sector", "indicator"), **base)
    indicators = _label(indicators, "sector", Sector, lang, "sector_name")
    indicators = _label(indicators, "indicator", Indicator, lang, "indicator_name")
    data.tables["indicators"] = _public(
        indicators, ["sector", "sector_name", "indicator", "indicator_name"]
    )

    soums = _aimag_figures(data, ("sector", "area"), **base)
    soums = _label(
        _label(soums, "sector", Sector, lang, "sector_name"), "area", Area, lang, "area_name"
    )
    data.tables["soums"] = _public(soums, ["sector", "sector_name", "area", "area_name"])

    facilities = _aimag_figures(data, ("sector", "facility"), **base)
    facilities = _label(facilities, "sector", Sector, lang, "sector_name")
    facilities = _label(facilities, "facility", Facility, lang, "facility_name")
    data.tables["facilities"] = _public(
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
    gap = _label(
        _label(gap, "sector", Sector, lang, "sector_name"),
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
    consensus = _label(
        _label(consensus, "sector", Sector, lang, "sector_name"),
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
        trends = _label(trends, "sector", Sector, lang, "sector_name")[trend_columns]
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

    data.actions = one_per_action(aimag_actions(area, extra))
    data.tables["actions"] = actions_table(data.actions, lang)
    if data.actions:
        data.action_summary = action_figures(
            pd.DataFrame(
                [
                    {"status": a.status, "due_date": a.due_date, "completed_on": a.completed_on}
                    for a in data.actions
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
        db.session.execute(select(Area.id, Area.code).where(Area.parent_id == data.area.id)).all()
    )
    return {
        codes[int(row["area"])]: None if row["suppressed"] else row["mean_100"]
        for row in records(frame)
        if int(row["area"]) in codes
    }


def soum_names(area: Area, lang: str) -> dict[str, str]:
    """The names of the aimag's soums or districts in ``lang``, by code."""
    return {
        a.code: _name(a, lang)
        for a in db.session.scalars(select(Area).where(Area.parent_id == area.id))
    }


def aimag_actions(area: Area, extra_round_ids: tuple[int, ...] = ()) -> list[Action]:
    """The joint action plans of the aimag's published rounds (and ``extra`` rounds)."""
    visible = Round.state == Phase.PUBLISHED
    if extra_round_ids:
        visible = visible | Round.id.in_(extra_round_ids)
    return list(
        db.session.scalars(
            select(Action)
            .join(Round, Round.id == Action.round_id)
            .join(Facility, Facility.id == Round.facility_id)
            .join(Area, Area.id == Facility.area_id)
            .where(Area.within(area.id), visible, not_withdrawn())
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
                "facility_name": _name(action.round.facility, lang),
                "period": action.round.period_label,
                "periods": ", ".join(action.periods),
                "indicator_name": _name(indicator, lang, "text") if indicator else "",
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


# --------------------------------------------------------------------------- facility


def consensus_table(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The public columns of a consensus figure frame, sorted by ``keys``."""
    columns = [c for c in keys if c in frame.columns] + [
        c for c in CONSENSUS_PUBLIC if c in frame.columns
    ]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    return frame.sort_values(keys, kind="stable")[columns].reset_index(drop=True)


def hidden_groups(frame: pd.DataFrame) -> dict[str, int]:
    """Groups whose consensus is not shown, from an ungrouped consensus figure frame:
    ``{"not_recorded": …, "below_k": …}`` (zeros when there is no consensus)."""
    if frame.empty:
        return {"not_recorded": 0, "below_k": 0}
    return {
        "not_recorded": int(frame["groups_size_not_recorded"].sum()),
        "below_k": int(frame["groups_below_k"].sum()),
    }


@dataclass
class FacilityReportData:
    facility: Facility
    rounds: list[Round]
    scores: pd.DataFrame
    actions: list[PublicAction]
    reasons: dict[int, list[moderation.PublicText]]
    consensus: pd.DataFrame = field(default_factory=pd.DataFrame)
    consensus_hidden: dict[int, dict[str, int]] = field(default_factory=dict)
    distribution: pd.DataFrame = field(default_factory=pd.DataFrame)
    """Community votes of the latest round per indicator over its scale's points, with
    each point's label (:func:`app.services.reports.distribution`)."""

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
    q = reports.query(("round", "indicator"), facility=facility.id, side=COMMUNITY)
    aimag = facility.area.aimag
    scores = reports.figures(q, scope=aimag.code)
    scores = _label(scores, "indicator", Indicator, lang, "indicator_name")
    periods = {r.id: r.period_label for r in rounds}
    scores.insert(1, "period", scores["round"].map(periods))
    scores = _public(scores, ["round", "period", "indicator", "indicator_name"])
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
    consensus = reports.figures(
        reports.query(("round", "side", "indicator"), "consensus", facility=facility.id),
        scope=aimag.code,
    )
    consensus = _label(consensus, "indicator", Indicator, lang, "indicator_name")
    consensus.insert(1, "period", consensus["round"].map(periods))
    per_round = reports.figures(
        reports.query(("round",), "consensus", facility=facility.id), scope=aimag.code
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
    columns = ["indicator", "indicator_name", *reports.DISTRIBUTION_COLUMNS]
    if round_ is None:
        return pd.DataFrame(columns=[*columns, "scale_name", "point_label"])
    aimag = facility.area.aimag
    q = reports.query(("indicator",), facility=facility.id, round=round_.id, side=COMMUNITY)
    frame = reports.distribution(q, scope=aimag.code)
    frame = _label(frame, "indicator", Indicator, lang, "indicator_name")
    return reports.label_points(frame[columns], lang)


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
    return _name(db.session.get(FacilityType, facility.facility_type_id), lang)
