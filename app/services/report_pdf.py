"""The aimag report as a PDF (``scorecards.pdf``), from the same data as the page."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _

from app.services import report_cache, report_charts, report_pages
from app.services.report_texts import consensus_hidden_notes, method_note
from app.services.reports import privacy_k
from app.templating import current_language
from scorecards import charts
from scorecards.aggregation import records, round_half_up
from scorecards.pdf import build_aimag_report_pdf
from scorecards.reports import (
    ActionSummary,
    AimagReport,
    ReportTableRow,
    SectorSection,
    TextTable,
)


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
                    mixed_scales=bool(row.get("mixed_scales")),
                )
                for row in records(facilities[facilities["sector"] == sector.id])
            )
            consensus = consensus_pdf_table(data.tables["consensus"], sector.id)
            if not rows and consensus is None:
                continue
            part = indicators[indicators["sector"] == sector.id]
            chart_png = None
            chart_alt = _("Community scores per indicator, %(sector)s", sector=sector.name(lang))
            if _any_mixed(part):
                chart_alt = f"{chart_alt}. † {texts['mixed_note']}"
            if rows and not part.empty:
                figure = report_charts.indicator_figure(part, sector.name(lang), texts)
                chart_png = charts.render_png(figure, dpi=110)
            sections.append(
                SectorSection(
                    code=sector.code,
                    title=sector.name(lang),
                    rows=rows,
                    chart_png=chart_png,
                    chart_alt=chart_alt,
                    tables=(consensus,) if consensus is not None else (),
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
    notes = consensus_hidden_notes(
        data.consensus_hidden.get("not_recorded", 0), data.consensus_hidden.get("below_k", 0), k
    )
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
        "mixed_note": texts["mixed_note"],
    }
    return build_aimag_report_pdf(report, pdf_texts)


def consensus_pdf_table(consensus, sector_id: int) -> TextTable | None:
    """The sector's consensus scores as a PDF table (``None`` when it has none).

    One line per indicator and side: groups shown, their recorded participants, the
    mean and median of the groups' scores on the indicator's own scale (1 decimal,
    half up) and the 0–100 score (whole number, half up); a line whose every group is
    hidden reads "not shown".
    """
    part = consensus[consensus["sector"] == sector_id] if len(consensus) else consensus
    if part is None or part.empty:
        return None
    sides = {"community": _("Community"), "provider": _("Service providers")}
    rows = []
    mixed = False
    for row in records(part):
        hidden = bool(row["suppressed"])
        mark = " †" if row.get("mixed_scales") and not hidden else ""
        mixed = mixed or bool(mark)
        rows.append(
            (
                f"{row['indicator_name']} — {sides.get(row['side'], row['side'])}",
                str(int(row["groups_shown"] or 0)),
                str(int(row["people"] or 0)),
                _("not shown") if hidden else _one_decimal(row["mean"]),
                "—" if hidden else _one_decimal(row["median"]),
                "—" if hidden else _whole(row["mean_100"]) + mark,
            )
        )
    return TextTable(
        title=_("Group consensus scores"),
        headings=(
            _("Indicator"),
            _("Groups"),
            _("People"),
            _("Mean of consensus scores"),
            _("Median"),
            _("Score (0–100)"),
        ),
        rows=tuple(rows),
        notes=(f"† {_('combines different scales: compared on 0–100 only')}",) if mixed else (),
    )


def _any_mixed(frame) -> bool:
    """Whether a shown figure of ``frame`` combines different scales."""
    return any(row.get("mixed_scales") and not row.get("suppressed") for row in records(frame))


def _one_decimal(value) -> str:
    shown = round_half_up(value, 1)
    return "—" if shown is None else f"{shown:.1f}"


def _whole(value) -> str:
    shown = round_half_up(value, 0)
    return "—" if shown is None else f"{shown:.0f}"
