"""The aimag report as a PDF (``scorecards.pdf``), from the same data as the page."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _

from app.services import report_cache, report_charts, report_pages
from app.services.report_texts import method_note
from app.services.reports import privacy_k
from app.templating import current_language
from scorecards import charts
from scorecards.aggregation import records
from scorecards.pdf import build_aimag_report_pdf
from scorecards.reports import ActionSummary, AimagReport, ReportTableRow, SectorSection


def aimag_pdf(data: report_pages.AimagReportData, texts: dict[str, str]) -> bytes:
    lang = current_language()
    k = privacy_k()
    sections = []
    if data.has_data:
        facilities = data.tables["facilities"]
        indicators = data.tables["indicators"]
        for sector in data.sectors:
            rows = tuple(
                ReportTableRow(
                    name=row["facility_name"],
                    n=int(row["people"] or 0),
                    mean_100=row["mean_100"],
                    suppressed=bool(row["suppressed"]),
                )
                for row in records(facilities[facilities["sector"] == sector.id])
            )
            if not rows:
                continue
            part = indicators[indicators["sector"] == sector.id]
            figure = report_charts.indicator_figure(part, sector.name(lang), texts)
            sections.append(
                SectorSection(
                    code=sector.code,
                    title=sector.name(lang),
                    rows=rows,
                    chart_png=charts.render_png(figure, dpi=110),
                    chart_alt=_(
                        "Community scores per indicator, %(sector)s", sector=sector.name(lang)
                    ),
                )
            )
    map_png = report_cache.cached(
        "national",
        "pdf_map",
        lang,
        lambda: charts.render_png(
            report_charts.map_figure(report_pages.map_values(None), texts), dpi=110
        ),
    )
    summary = data.action_summary
    actions = (
        ActionSummary(
            agreed=summary["agreed"],
            done=summary["done"],
            in_progress=summary["in_progress"],
            planned=summary["planned"],
            dropped=summary["dropped"],
            overdue=summary["overdue"],
            share_done_on_time=summary["share_done_on_time"],
        )
        if summary
        else None
    )
    notes = []
    if not data.has_data:
        notes.append(_("This aimag has no published scorecard rounds yet."))
    if data.unpublished_round_ids:
        notes.append(_("This copy includes rounds that are not yet published. Do not share it."))
    for row in records(data.tables.get("actions")) if "actions" in data.tables else []:
        if row["official_response"]:
            notes.append(
                f"{row['facility_name']}: {row['description']} — {row['official_office']}: "
                f"{row['official_response']}"
            )
    report = AimagReport(
        aimag_iso=data.area.code,
        aimag_name=data.area.name(lang),
        period_label=data.period or "—",
        generated_on=date.today(),
        sectors=tuple(sections),
        map_png=map_png,
        map_alt=texts["map_title"],
        actions=actions,
        notes=tuple(notes),
        k=k,
    )
    pdf_texts = {
        "title": _("Public accountability report"),
        "period": _("Period"),
        "generated": _("Generated on"),
        "generated_on": format_date(date.today(), "long"),
        "map_title": texts["map_title"],
        "table_name": _("Facility"),
        "table_n": _("People"),
        "table_mean": _("Score (0–100)"),
        "suppressed": _("hidden (fewer than %(k)s)", k=k),
        "no_data": "—",
        "method_title": _("How the scores are computed"),
        "method_note": method_note(k),
        "page": _("Page"),
        "actions_title": _("Joint action plans"),
        "actions_agreed": _("Actions agreed"),
        "actions_done": _("Done"),
        "actions_in_progress": _("In progress"),
        "actions_planned": _("Planned"),
        "actions_dropped": _("Dropped"),
        "actions_overdue": _("Overdue"),
        "actions_on_time": _("Share done on time"),
        "notes_title": _("Notes and officials' responses"),
    }
    return build_aimag_report_pdf(report, pdf_texts)
