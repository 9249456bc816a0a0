"""Public accountability reports: national overview, aimag reports, facility pages,
their charts, PDF and downloads, and officials' answers to actions."""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user
from limits import parse
from markupsafe import Markup
from sqlalchemy import select

from app.extensions import db, limiter
from app.messages import side_name
from app.models import Action, Facility, Sector
from app.permissions import authorize, can, public, requires
from app.services import downloads, moderation
from app.services.answerability import aimag_answerability, national_answerability
from app.services.geography import top_level_areas
from app.services.official_responses import respond
from app.services.reports import aimag as aimag_reports
from app.services.reports import cache as report_cache
from app.services.reports import charts as report_charts
from app.services.reports import facility as facility_reports
from app.services.reports import national as national_reports
from app.services.reports.query import privacy_k
from app.services.reports.tables import sectors
from app.templating import current_language
from forms.reports import OfficialResponseForm
from scorecards.exports import content_disposition
from scorecards.moderation import TextKind
from scorecards.scales import format_value

bp = Blueprint("reports", __name__)

AIMAG_TABLES = (
    "sectors",
    "indicators",
    "soums",
    "facilities",
    "gap",
    "consensus",
    "trend",
    "actions",
)


def chart_texts() -> dict[str, str]:
    k = privacy_k()
    return {
        "axis": _("Score (0–100)"),
        "suppressed": _("hidden: fewer than %(k)s people", k=k),
        "no_data": _("no answers"),
        "community": side_name("community"),
        "provider": side_name("provider"),
        "trend_title": _("Average community score by period"),
        "map_title": _("Average community score by aimag"),
        "mixed_note": _("combines different scales: compared on 0–100 only"),
        "no_map_figure": _("no published figure"),
        "soum_map_title": _("Average community score by soum"),
    }


def _sector_by_code(code: str | None) -> Sector | None:
    if not code:
        return None
    return db.session.scalar(select(Sector).where(Sector.code == code))


def _aimag_or_404(code: str):
    area = aimag_reports.find_aimag(code)
    if area is None:
        abort(404)
    return area


def _aimag_data(area, period: str | None) -> aimag_reports.AimagReportData:
    """The report data: computed afresh, with the unpublished rounds they may see, for
    staff allowed unpublished data of the aimag
    (``aimag_reports.visible_unpublished_round_ids``), from the cache for everyone else.
    The cached report holds plain values only and is used as it is; pages take the live
    ``area`` from the request, not from the report."""
    lang = current_language()
    if can(current_user, "area.view_unpublished", area):
        visible = aimag_reports.visible_unpublished_round_ids(current_user, area)
        return aimag_reports.aimag_report(area, lang, period, unpublished_round_ids=visible)
    return report_cache.cached(
        area.code,
        "aimag_report",
        (period, lang),
        lambda: aimag_reports.aimag_report(area, lang, period),
    )


def _send(body: bytes, fmt: str, filename: str) -> Response:
    response = Response(body, content_type=downloads.FORMATS[fmt])
    if fmt != "json":
        response.headers["Content-Disposition"] = content_disposition(f"{filename}.{fmt}")
    return response


# --------------------------------------------------------------------------- national


@bp.get("/reports/")
@public
def overview():
    sector = _sector_by_code(request.args.get("sector"))
    sort = request.args.get("sort", "aimag")
    if sort not in national_reports.SORT_KEYS:
        sort = "aimag"
    descending = request.args.get("order") == "desc"
    lang = current_language()
    table = report_cache.cached(
        "national",
        "national_table",
        (sector.id if sector else None, lang),
        lambda: national_reports.national_table(sector, lang),
    )
    table = national_reports.sort_table(table, sort, descending)
    return render_template(
        "reports/overview.html",
        rows=downloads.rows(table),
        sectors=sectors(),
        sector=sector,
        sort=sort,
        descending=descending,
        k=privacy_k(),
        answerability=national_answerability(),
        map_svg=Markup(national_map_svg(sector)),
    )


def _map_texts(sector: Sector | None) -> dict[str, str]:
    texts = chart_texts()
    if sector is not None:
        texts["map_title"] = f"{texts['map_title']} — {sector.name(current_language())}"
    return texts


def national_map_svg(sector: Sector | None) -> str:
    """The national map as SVG (cached per data version, sector and language): each
    aimag named and linked to its report."""
    lang = current_language()

    def build() -> str:
        areas = top_level_areas()
        return report_charts.map_svg(
            national_reports.map_values(sector),
            {a.code: a.name(lang) for a in areas},
            {a.code: url_for("reports.aimag", code=a.code) for a in areas},
            _map_texts(sector),
        )

    key = (sector.id if sector else None, "svg", lang)
    return report_cache.cached("national", "map", key, build)


@bp.get("/reports/map.<fmt>")
@public
def national_map(fmt: str):
    """The national map on its own: a standalone SVG (opens in a browser tab, links
    work there) or a PNG."""
    if fmt not in ("svg", "png"):
        abort(404)
    sector = _sector_by_code(request.args.get("sector"))
    if fmt == "svg":
        body = '<?xml version="1.0" encoding="utf-8"?>\n' + national_map_svg(sector)
        return Response(body, mimetype="image/svg+xml")
    lang = current_language()
    body = report_cache.cached(
        "national",
        "map",
        (sector.id if sector else None, fmt, lang),
        lambda: report_charts.render(
            report_charts.map_figure(
                national_reports.map_values(sector),
                _map_texts(sector),
                {a.code: a.name(lang) for a in top_level_areas()},
            ),
            fmt,
        ),
    )
    return Response(body, mimetype="image/png")


@bp.get("/reports/aimags.<fmt>")
@public
def national_download(fmt: str):
    if fmt not in downloads.FORMATS:
        abort(404)
    sector = _sector_by_code(request.args.get("sector"))
    table = national_reports.national_table(sector, current_language())
    meta = {"table": "aimags", "sector": sector.code if sector else None, "k": privacy_k()}
    return _send(downloads.render(table, fmt, meta), fmt, "egekh-aimags")


# --------------------------------------------------------------------------- aimag


@bp.get("/reports/<code>")
@public
def aimag(code: str):
    area = _aimag_or_404(code)
    data = _aimag_data(area, request.args.get("period"))
    responding = can(current_user, "action.respond", None) and can(
        current_user, "area.view_unpublished", area
    )
    tables = {name: downloads.rows(frame) for name, frame in data.tables.items()}
    return render_template(
        "reports/aimag.html",
        data=data,
        area=area,
        tables=tables,
        any_mixed=_any_mixed(*tables.values()),
        k=privacy_k(),
        responding=responding,
        form=OfficialResponseForm() if responding else None,
        answerability=aimag_answerability(area),
        **_aimag_texts(area, data.period),
    )


def _aimag_texts(area, period: str | None) -> dict:
    """Approved texts of the aimag's published rounds of ``period``, a few per facility;
    read uncached (the figures above may come from the cache), so a hidden text is gone
    from the next page."""
    if not period:
        return {"text_groups": [], "text_indicators": {}}
    texts = moderation.public_texts(moderation.published_round_ids(aimag_id=area.id, period=period))
    return {
        "text_groups": moderation.by_facility(texts),
        "text_indicators": moderation.indicator_names(texts, current_language()),
    }


DEFAULT_PDF_RATE_LIMIT = "6 per minute"


def _pdf_rate_limit() -> str:
    """PDF builds per client address (``PDF_RATE_LIMIT``): a build costs one to three
    seconds of CPU, a copy from the cache nothing."""
    return current_app.config.get("PDF_RATE_LIMIT", DEFAULT_PDF_RATE_LIMIT)


def _may_build_pdf() -> bool:
    """Count one PDF build for the client's address; ``False`` when it is over
    ``PDF_RATE_LIMIT`` (in the rate limiter's storage, like every other limit)."""
    if not limiter.enabled:
        return True
    return limiter.limiter.hit(parse(_pdf_rate_limit()), "aimag-pdf-build", get_remote_address())


@bp.get("/reports/<code>.pdf")
@public
def aimag_pdf(code: str):
    """The aimag report as a PDF.

    The public copy is built once per (aimag data version, national data version for
    the map, period, language, day: the PDF prints its date) and then served from the
    report cache, like the pages. A copy with unpublished rounds (staff allowed to see
    them) is built for each request. Only builds count against ``PDF_RATE_LIMIT`` per
    address: a build over it is refused with 429, while copies from the cache are
    always served."""
    from app.services.reports.pdf import aimag_pdf as build_pdf

    area = _aimag_or_404(code)
    data = _aimag_data(area, request.args.get("period"))

    def build() -> bytes:
        if not _may_build_pdf():
            abort(429)
        return build_pdf(data, chart_texts())

    if data.unpublished_round_ids:
        body = build()
    else:
        key = (
            data.period,
            current_language(),
            date.today().isoformat(),
            report_cache.data_version("national"),
        )
        body = report_cache.cached(area.code, "aimag_pdf", key, build)
    response = Response(body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="egekh-{area.code}.pdf"'
    return response


@bp.get("/reports/<code>/<table>.<fmt>")
@public
def aimag_download(code: str, table: str, fmt: str):
    area = _aimag_or_404(code)
    if table not in AIMAG_TABLES or fmt not in downloads.FORMATS:
        abort(404)
    data = _aimag_data(area, request.args.get("period"))
    frame = data.tables.get(table)
    if frame is None:
        abort(404)
    meta = {"table": table, "aimag": area.code, "period": data.period, "k": privacy_k()}
    if table == "trend":
        meta["compares"] = "periods of the same aimag"
    elif table == "actions":
        meta["actions"] = "one row per action; a carried action lists its rounds in periods"
    if "mixed_scales" in frame.columns:
        meta["mixed_scales"] = (
            "true: the figure combines answers given on different scales, so they are "
            "compared on 0–100 only (mean_100, its interval and share_positive, each "
            "answer judged on its own scale's threshold); it has no mean or median on "
            "an own scale"
        )
    body = downloads.render(frame, fmt, meta)
    return _send(body, fmt, f"egekh-{area.code}-{table}")


@bp.get("/reports/<code>/charts/<kind>.<fmt>")
@public
def aimag_chart(code: str, kind: str, fmt: str):
    area = _aimag_or_404(code)
    if fmt not in ("svg", "png"):
        abort(404)
    data = _aimag_data(area, request.args.get("period"))
    if not data.has_data:
        abort(404)
    texts = chart_texts()
    lang = current_language()
    if kind == "trend":
        figure = report_charts.trend_figure(data.tables["trend"], data.periods, texts)
    else:
        chart, _sep, sector_code = kind.partition("-")
        sector = _sector_by_code(sector_code)
        if sector is None or chart not in ("indicators", "gap"):
            abort(404)
        frame = data.tables[chart]
        frame = frame[frame["sector"] == sector.id]
        if frame.empty:
            abort(404)
        title = sector.name(lang)
        if chart == "indicators":
            figure = report_charts.indicator_figure(frame, title, texts)
        else:
            figure = report_charts.gap_figure(frame, title, texts)
    body = report_charts.render(figure, fmt)
    return Response(body, mimetype="image/svg+xml" if fmt == "svg" else "image/png")


@bp.post("/reports/actions/<int:action_id>/response")
@requires("action.respond")
def action_response(action_id: int):
    action = db.session.get(Action, action_id)
    if action is None:
        abort(404)
    authorize("action.respond", action)
    area = action.round.facility.area
    aimag = area.aimag
    form = OfficialResponseForm()
    if not form.validate_on_submit():
        for field in (form.office, form.body, form.commitment_date):
            for error in field.errors:
                flash(f"{field.label.text}: {error}", "error")
        return redirect(url_for("reports.aimag", code=aimag.code, _anchor=f"action-{action.id}"))
    respond(action, current_user, form.office.data, form.body.data, form.commitment_date.data)
    db.session.commit()
    flash(_("Your response is published on the report."), "success")
    return redirect(url_for("reports.aimag", code=aimag.code, _anchor=f"action-{action.id}"))


# --------------------------------------------------------------------------- facility


def _any_mixed(*tables: list[dict]) -> bool:
    """Whether a shown figure of ``tables`` combines different scales (the page then
    says that such figures are compared on 0–100 only)."""
    return any(row.get("mixed_scales") and not row.get("suppressed") for t in tables for row in t)


def distribution_blocks(frame) -> list[dict]:
    """The distribution table of a facility page: one block per scale, its points (value
    and label) as columns, one row per indicator with each point's count and share."""
    blocks: dict[str, dict] = {}
    for row in downloads.rows(frame):
        block = blocks.setdefault(
            row["scale_code"], {"name": row["scale_name"], "points": {}, "rows": {}}
        )
        block["points"].setdefault(
            row["point"],
            {
                "point": row["point"],
                "text": format_value(row["point"]),
                "label": row["point_label"],
            },
        )
        entry = block["rows"].setdefault(
            row["indicator"], {"name": row["indicator_name"], "n": row["n"], "cells": {}}
        )
        entry["cells"][row["point"]] = row
    return [
        {"name": b["name"], "points": list(b["points"].values()), "rows": list(b["rows"].values())}
        for b in blocks.values()
    ]


def _facility_or_404(facility_id: int) -> Facility:
    facility = db.session.get(Facility, facility_id)
    if facility is None:
        abort(404)
    return facility


@bp.get("/facilities/<int:facility_id>")
@public
def facility(facility_id: int):
    facility = _facility_or_404(facility_id)
    lang = current_language()
    data = facility_reports.facility_report(facility, lang)
    indicators = {}
    for row in downloads.rows(data.scores):
        entry = indicators.setdefault(row["indicator"], {"name": row["indicator_name"], "by": {}})
        entry["by"][row["round"]] = row
    consensus: dict[str, dict] = {}
    for row in downloads.rows(data.consensus):
        side = consensus.setdefault(row["side"], {})
        entry = side.setdefault(row["indicator"], {"name": row["indicator_name"], "by": {}})
        entry["by"][row["round"]] = row
    return render_template(
        "reports/facility.html",
        data=data,
        facility=facility,
        indicators=indicators,
        consensus=consensus,
        any_mixed=_any_mixed(downloads.rows(data.scores), downloads.rows(data.consensus)),
        distribution=distribution_blocks(data.distribution),
        type_name=facility_reports.facility_type_name(facility, lang),
        k=privacy_k(),
        comments=moderation.public_texts(
            [r.id for r in data.rounds], kinds=(TextKind.COMMENT,), limit=500
        ),
        reason_names=moderation.indicator_names(
            [t for texts in data.reasons.values() for t in texts], lang
        ),
        periods={r.id: r.period_label for r in data.rounds},
    )


@bp.get("/facilities/<int:facility_id>/scores.<fmt>")
@public
def facility_download(facility_id: int, fmt: str):
    facility = _facility_or_404(facility_id)
    if fmt not in downloads.FORMATS:
        abort(404)
    data = facility_reports.facility_report(facility, current_language())
    meta = {"table": "facility_scores", "facility": facility.id, "k": privacy_k()}
    return _send(downloads.render(data.scores, fmt, meta), fmt, f"egekh-facility-{facility.id}")


@bp.get("/facilities/<int:facility_id>/consensus.<fmt>")
@public
def facility_consensus_download(facility_id: int, fmt: str):
    """The facility's published consensus scores per round, side and indicator."""
    facility = _facility_or_404(facility_id)
    if fmt not in downloads.FORMATS:
        abort(404)
    data = facility_reports.facility_report(facility, current_language())
    meta = {
        "table": "facility_consensus",
        "facility": facility.id,
        "source": "consensus",
        "k": privacy_k(),
    }
    return _send(
        downloads.render(data.consensus, fmt, meta),
        fmt,
        f"egekh-facility-{facility.id}-consensus",
    )
