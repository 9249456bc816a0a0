"""Public JSON API, version 1: areas, facilities, published rounds and results.

Every response is JSON; a bad parameter gives 400 with
``{"error": {"status": 400, "parameter": name, "message": ...}}``. Results carry the
same k-suppression as the pages and downloads.
"""

from __future__ import annotations

import re
from datetime import date

from flask import Blueprint, jsonify, request
from flask_babel import gettext as _
from sqlalchemy import func, select

from app.api.openapi import openapi_document
from app.extensions import db
from app.models import Area, Facility, FacilityType, Indicator, Round, Sector
from app.permissions import public
from app.services import counts as count_service
from app.services import downloads
from app.services.geography import top_level_areas
from app.services.reports import query as result_figures
from app.services.reports.tables import names_of
from app.templating import current_language
from scorecards.lifecycle import Phase
from scorecards.vocab import AgeBand, Disability, Gender, GroupKind, Side

bp = Blueprint("api", __name__, url_prefix="/api/v1")
PERIOD_PATTERN = re.compile(r"^\d{4}-[A-Z0-9]{1,4}$")
MAX_LIMIT = 1000


class BadParameter(Exception):
    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message


@bp.errorhandler(BadParameter)
def bad_parameter(error: BadParameter):
    body = {"error": {"status": 400, "parameter": error.parameter, "message": error.message}}
    return jsonify(body), 400


def _known_parameters(*names: str) -> None:
    for name in request.args:
        if name not in names and name != "lang":
            raise BadParameter(name, _("Unknown parameter."))


def _int_param(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(name, _("Must be a whole number.")) from None
    if not low <= value <= high:
        raise BadParameter(name, _("Must be between %(low)s and %(high)s.", low=low, high=high))
    return value


def _aimag_param(name: str = "aimag") -> Area | None:
    code = request.args.get(name)
    if code is None:
        return None
    area = db.session.scalar(select(Area).where(Area.code == code.upper()))
    if area is None or not area.is_top_level:
        raise BadParameter(name, _("Unknown aimag code (use an ISO code such as MN-061)."))
    return area


def _sector_param() -> Sector | None:
    code = request.args.get("sector")
    if code is None:
        return None
    sector = db.session.scalar(select(Sector).where(Sector.code == code))
    if sector is None:
        raise BadParameter("sector", _("Unknown sector code."))
    return sector


def _choice(name: str, choices) -> str | None:
    value = request.args.get(name)
    if value is not None and value not in choices:
        raise BadParameter(name, _("Must be one of: %(choices)s.", choices=", ".join(choices)))
    return value


def _page(query, limit: int, offset: int):
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    return total, db.session.scalars(query.limit(limit).offset(offset)).all()


@bp.get("/openapi.json")
@public
def openapi():
    return jsonify(openapi_document())


@bp.get("/areas")
@public
def areas():
    _known_parameters("parent")
    lang = current_language()
    parent = _aimag_param("parent")
    query = select(Area).order_by(Area.code)
    if parent is None:
        query = query.where(Area.top_level())
    else:
        query = query.where(Area.parent_id == parent.id)
    rows = [
        {
            "code": a.code,
            "level": a.level,
            "name": a.name(lang),
            "name_mn": a.name_mn,
            "name_en": a.name_en,
            "parent": parent.code if parent else None,
        }
        for a in db.session.scalars(query)
    ]
    return jsonify({"count": len(rows), "areas": rows})


@bp.get("/facilities")
@public
def facilities():
    _known_parameters("aimag", "sector", "limit", "offset")
    aimag = _aimag_param()
    sector = _sector_param()
    limit = _int_param("limit", 100, 1, MAX_LIMIT)
    offset = _int_param("offset", 0, 0, 10**9)
    query = (
        select(Facility)
        .join(Area, Area.id == Facility.area_id)
        .join(FacilityType, FacilityType.id == Facility.facility_type_id)
        .order_by(Facility.id)
    )
    if aimag is not None:
        query = query.where(Area.within(aimag.id))
    if sector is not None:
        query = query.where(FacilityType.sector_id == sector.id)
    total, items = _page(query, limit, offset)
    lang = current_language()
    rows = [
        {
            "id": f.id,
            "name": f.name(lang),
            "facility_type": f.facility_type.code,
            "sector": f.facility_type.sector.code,
            "area": f.area.code,
            "aimag": f.area.aimag.code,
        }
        for f in items
    ]
    return jsonify({"total": total, "limit": limit, "offset": offset, "facilities": rows})


@bp.get("/rounds")
@public
def rounds():
    _known_parameters("aimag", "facility", "period", "limit", "offset")
    aimag = _aimag_param()
    facility_id = _int_param("facility", 0, 1, 2**31 - 1) if "facility" in request.args else None
    period = request.args.get("period")
    if period is not None and not PERIOD_PATTERN.match(period):
        raise BadParameter("period", _("Periods look like 2025-H2."))
    limit = _int_param("limit", 100, 1, MAX_LIMIT)
    offset = _int_param("offset", 0, 0, 10**9)
    query = (
        select(Round)
        .join(Facility, Facility.id == Round.facility_id)
        .join(Area, Area.id == Facility.area_id)
        .where(Round.state == Phase.PUBLISHED)
        .order_by(Round.id)
    )
    if aimag is not None:
        query = query.where(Area.within(aimag.id))
    if facility_id is not None:
        query = query.where(Round.facility_id == facility_id)
    if period is not None:
        query = query.where(Round.period_label == period)
    total, items = _page(query, limit, offset)
    rows = [
        {
            "id": r.id,
            "facility": r.facility_id,
            "period": r.period_label,
            "round_number": r.round_number,
            "previous_round": r.previous_round_id,
            "period_start": r.period_start.isoformat(),
            "period_end": r.period_end.isoformat(),
            "published_at": r.published_at.isoformat() if r.published_at else None,
            "scale": r.scale.code,
        }
        for r in items
    ]
    return jsonify({"total": total, "limit": limit, "offset": offset, "rounds": rows})


LABELLED = {
    "aimag": Area,
    "area": Area,
    "facility": Facility,
    "facility_type": FacilityType,
    "sector": Sector,
    "indicator": Indicator,
}
ID_FILTERS = ("area", "facility", "facility_type", "indicator", "round", "round_number")
CHOICE_FILTERS = {
    "side": [s.value for s in Side],
    "gender": [g.value for g in Gender],
    "age_band": [a.value for a in AgeBand],
    "disability": [d.value for d in Disability],
    "group_kind": [*(g.value for g in GroupKind), "none"],
}


def results_query() -> tuple[result_figures.ResultQuery, str]:
    """The validated query of ``/results`` and the cache scope it reads."""
    names = ["by", "source", "aimag", "sector", "period", *ID_FILTERS, *CHOICE_FILTERS]
    _known_parameters(*names)
    raw_by = request.args.get("by", "")
    by = tuple(part.strip() for part in raw_by.split(",") if part.strip())
    unknown = [b for b in by if b not in result_figures.GROUPINGS]
    if unknown or len(set(by)) != len(by) or len(by) > 4:
        raise BadParameter(
            "by",
            _(
                "Give up to 4 different groupings from: %(names)s.",
                names=", ".join(result_figures.GROUPINGS),
            ),
        )
    source = _choice("source", list(result_figures.SOURCES)) or "votes"
    filters: dict[str, object] = {}
    aimag = _aimag_param()
    if aimag is not None:
        filters["aimag"] = aimag.id
    sector = _sector_param()
    if sector is not None:
        filters["sector"] = sector.id
    period = request.args.get("period")
    if period is not None:
        if not PERIOD_PATTERN.match(period):
            raise BadParameter("period", _("Periods look like 2025-H2."))
        filters["period"] = period
    for name in ID_FILTERS:
        if name in request.args:
            filters[name] = _int_param(name, 0, 1, 2**31 - 1)
    for name, choices in CHOICE_FILTERS.items():
        value = _choice(name, choices)
        if value is not None:
            filters[name] = value
    breakdowns = {n for n in (*by, *filters) if n in result_figures.BREAKDOWN_GROUPINGS}
    if len(breakdowns) > 1:
        raise BadParameter(
            "by", _("Only one of group_kind, gender, age_band and disability at a time.")
        )
    q = result_figures.ResultQuery(by, tuple(sorted(filters.items())), source)
    return q, aimag.code if aimag is not None else "national"


@bp.get("/results")
@public
def results():
    q, scope = results_query()
    frame = _named(result_figures.figures(q, scope=scope), q.by, current_language())
    columns = [c for c in frame.columns if c not in ("positive",)]
    return _answer(q, "results", frame[columns])


def _named(frame, by: tuple[str, ...], lang: str):
    """``frame`` with a ``<grouping>_name`` column per labelled grouping, aimags as codes."""
    for name in by:
        if name in LABELLED and len(frame):
            lookup = names_of(LABELLED[name], frame[name].tolist(), lang)
            frame[f"{name}_name"] = frame[name].map(lookup)
    if "aimag" in by and len(frame):
        codes = dict(db.session.execute(select(Area.id, Area.code)).all())
        frame["aimag"] = frame["aimag"].map(codes)
    return frame


def _answer(q, key: str, frame):
    return jsonify(
        {
            "k": result_figures.privacy_k(),
            "by": list(q.by),
            "filters": {k: v for k, v in q.filters},
            "source": q.source,
            "licence": downloads.LICENCE,
            key: downloads.rows(frame),
        }
    )


@bp.get("/distribution")
@public
def distribution():
    """Votes per grouping over each scale's points, with each point's label: the same
    parameters as ``/results`` (votes sources only), the same suppression."""
    q, scope = results_query()
    if q.source == "consensus":
        raise BadParameter("source", _("Distributions are given for votes only."))
    lang = current_language()
    frame = result_figures.label_points(result_figures.distribution(q, scope=scope), lang)
    return _answer(q, "distribution", _named(frame, q.by, lang))


@bp.get("/counts")
@public
def counts():
    """Published people, responses (forms) and answers (scores) per aimag, and in total
    (``app.services.counts``: the figures of the home page and the reports)."""
    _known_parameters("aimag", "side")
    aimag = _aimag_param()
    side = _choice("side", [s.value for s in Side])
    frame = count_service.public_frame()
    if side is not None:
        frame = frame[frame["side"] == side]
    lang = current_language()
    rows = []
    for area in top_level_areas():
        if aimag is not None and area.id != aimag.id:
            continue
        part = frame[frame["aimag_id"] == area.id]
        rows.append(
            {
                "aimag": area.code,
                "aimag_name": area.name(lang),
                "facilities": int(part["facilities"].max()) if len(part) else 0,
                "rounds": int(part["rounds"].max()) if len(part) else 0,
                **count_service.public_counts_of(part).as_dict(),
            }
        )
    totals = {
        name: sum(row[name] for row in rows)
        for name in ("facilities", "rounds", "people", "responses", "answers")
    }
    return jsonify(
        {
            "side": side,
            "total": {"aimag": aimag.code if aimag is not None else None, **totals},
            "aimags": rows,
            "licence": downloads.LICENCE,
        }
    )


def _answerability_row(figures) -> dict:
    return figures.as_dict()


@bp.get("/answerability")
@public
def answerability():
    """How officials answer the actions of published joint action plans: per aimag
    (with each office's figures) and in total (``scorecards.answerability`` defines
    each figure; ``app.services.answerability`` what counts)."""
    from app.services.answerability import national_answerability

    _known_parameters("aimag")
    aimag = _aimag_param()
    lang = current_language()
    national = national_answerability()
    rows = [
        {
            "aimag": row.area.code,
            "aimag_name": row.area.name(lang),
            **_answerability_row(row.total),
            "offices": [
                {"office": office, **_answerability_row(figures)} for office, figures in row.offices
            ],
        }
        for row in national.aimags
        if aimag is None or row.area.id == aimag.id
    ]
    if aimag is None:
        total = _answerability_row(national.total)
    elif rows:
        total = {key: rows[0][key] for key in _answerability_row(national.total)}
    else:
        total = {"agreed": 0, "answered": 0, "answered_on_time": 0, "median_days": None,
                 "overdue": 0}
    return jsonify(
        {
            "today": date.today().isoformat(),
            "total": {"aimag": aimag.code if aimag is not None else None, **total},
            "aimags": rows,
            "licence": downloads.LICENCE,
        }
    )
