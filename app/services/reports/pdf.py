"""The aimag report as a PDF (``scorecards.pdf``), from the same report as the page:
the :class:`app.services.reports.aimag.AimagReportData` the page shows (cached plain
values), plus what only the PDF prints (the soum map, the action table and the
officials' answerability), read here from the database."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _

from app.extensions import db
from app.messages import action_status_name, side_name
from app.models import Area
from app.period_words import period_words
from app.services.answerability import AimagAnswerability, aimag_answerability
from app.services.public_actions import PublicAction, one_per_action
from app.services.reports import charts as report_charts
from app.services.reports.aimag import AimagReportData, aimag_actions, soum_names, soum_scores
from app.services.reports.query import privacy_k
from app.services.reports.texts import consensus_hidden_notes, method_note
from app.templating import current_language
from scorecards import charts
from scorecards.actions import is_overdue
from scorecards.aggregation import records, round_half_up
from scorecards.pdf import build_aimag_report_pdf
from scorecards.reports import (
    ActionSummary,
    AimagReport,
    ReportTableRow,
    SectorSection,
    TextTable,
)

SUMMARY_ROWS = 5
"""How many indicators the summary lists as the lowest-scoring and as the largest gaps."""


def aimag_pdf(data: AimagReportData, texts: dict[str, str]) -> bytes:
    """The aimag report an official brings to a meeting: a one-page summary, the map of
    the aimag's soums, per sector the community-against-providers chart of the page
    (:func:`app.services.reports.charts.gap_figure`) and indicator tables with n and
    intervals, the action table with the officials' answers (``scorecards.pdf`` lays
    it out)."""
    lang = current_language()
    k = privacy_k()
    today = date.today()
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
                    interval=_interval(row),
                )
                for row in records(facilities[facilities["sector"] == sector.id])
            )
            consensus = consensus_pdf_table(data.tables["consensus"], sector.id)
            part = indicators[indicators["sector"] == sector.id]
            if not rows and consensus is None and part.empty:
                continue
            tables = [indicator_pdf_table(part, k)] if not part.empty else []
            if consensus is not None:
                tables.append(consensus)
            gaps = data.tables["gap"]
            gaps = gaps[gaps["sector"] == sector.id] if len(gaps) else gaps
            chart = (
                charts.render_png(report_charts.gap_figure(gaps, sector.name, texts), dpi=130)
                if len(gaps)
                else None
            )
            sections.append(
                SectorSection(
                    code=sector.code,
                    title=sector.name,
                    rows=rows,
                    chart_png=chart,
                    chart_alt=_("Community and service providers") if chart else "",
                    tables=tuple(tables),
                )
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
    soum_texts = {
        **texts,
        "soum_map_title": f"{texts['soum_map_title']} ({period_words(data.period)})"
        if data.period
        else texts["soum_map_title"],
    }
    names = soum_names(data.area_id, lang)
    figure = report_charts.soum_map_figure(data.area_code, soum_scores(data), names, soum_texts)
    map_png = charts.render_png(figure, dpi=130) if figure is not None else None
    map_tables = []
    if map_png is not None:
        map_tables.append(
            TextTable(
                title=_("Soums and districts on the map"),
                headings=(),
                notes=(", ".join(sorted(names.values())),),
            )
        )
    if data.has_data:
        map_tables.append(soum_pdf_table(data.tables.get("soums"), k))
    answers = aimag_answerability(db.session.get(Area, data.area_id), today)
    report = AimagReport(
        aimag_iso=data.area_code,
        aimag_name=data.area_name,
        period_label=period_words(data.period) or "—",
        generated_on=today,
        sectors=tuple(sections),
        map_png=map_png,
        map_alt=soum_texts["soum_map_title"],
        actions=actions,
        notes=tuple(notes),
        k=k,
        summary=summary_tables(data, actions, answers, k),
        map_tables=tuple(map_tables),
        action_table=action_pdf_table(
            one_per_action(aimag_actions(data.area_id, data.unpublished_round_ids)),
            lang,
            today,
        ),
    )
    pdf_texts = {
        "title": _("Public accountability report"),
        "period": _("Period"),
        "generated": _("Generated on"),
        "generated_on": format_date(today, "long"),
        "map_title": soum_texts["soum_map_title"],
        "table_name": _("Facility"),
        "table_n": _("People"),
        "table_mean": _("Score (0–100)"),
        "table_interval": _("Interval (95%)"),
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
        "notes_title": _("Notes"),
        "mixed_note": texts["mixed_note"],
    }
    return build_aimag_report_pdf(report, pdf_texts)


def summary_tables(
    data: AimagReportData,
    actions: ActionSummary | None,
    answers: AimagAnswerability,
    k: int,
) -> tuple[TextTable, ...]:
    """The first page: coverage, the lowest-scoring indicators and the largest
    community–provider gaps of the period (shown figures only, at most
    :data:`SUMMARY_ROWS` each; lowest score first, largest gap in absolute points
    first, ties by name), action status with the overdue count, and how officials
    answer (:mod:`scorecards.answerability`)."""
    c = data.coverage
    tables = [
        TextTable(
            title=_("Coverage"),
            headings=(
                _("Facilities"), _("Rounds published"), _("People"), _("Forms"),
                _("Answers (scores)"),
            ),
            rows=(
                tuple(
                    _count(c.get(key, 0))
                    for key in ("facilities", "rounds", "people", "responses", "answers")
                ),
            ),
            widths=(34,) * 5,
        )
    ]
    lowest = []
    if data.has_data:
        shown = [
            row
            for row in records(data.tables["indicators"])
            if not row["suppressed"] and row["mean_100"] is not None
        ]
        shown.sort(key=lambda row: (row["mean_100"], str(row["indicator_name"])))
        lowest = [
            (
                str(row["indicator_name"]),
                str(row["sector_name"]),
                _count(row["people"]),
                _whole(row["mean_100"]) + (" †" if row.get("mixed_scales") else ""),
                _interval(row),
            )
            for row in shown[:SUMMARY_ROWS]
        ]
    tables.append(
        TextTable(
            title=_("Lowest-scoring indicators"),
            headings=(_("Indicator"), _("Sector"), _("People"), _("Score (0–100)"),
                      _("Interval (95%)")),
            rows=tuple(lowest),
            notes=() if lowest else (_("No indicator has a published score."),),
            widths=(78, 30, 18, 22, 22),
        )
    )
    gaps = []
    if data.has_data:
        both = [
            row
            for row in records(data.tables["gap"])
            if row["gap"] is not None
            and not row.get("community_suppressed")
            and not row.get("provider_suppressed")
        ]
        both.sort(key=lambda row: (-abs(row["gap"]), str(row["indicator_name"])))
        gaps = [
            (
                str(row["indicator_name"]),
                _whole(row["community"]),
                _whole(row["provider"]),
                _signed(row["gap"]),
            )
            for row in both[:SUMMARY_ROWS]
        ]
    tables.append(
        TextTable(
            title=_("Largest gaps between the community and the service providers"),
            headings=(_("Indicator"), _("Community"), _("Service providers"), _("Gap")),
            rows=tuple(gaps),
            notes=(
                (_("Gap = community score minus providers' self-assessment (0–100 points)"),)
                if gaps
                else (_("No indicator has published scores from both sides."),)
            ),
            widths=(86, 27, 32, 25),
        )
    )
    if actions is not None:
        tables.append(
            TextTable(
                title=_("Action status"),
                headings=(_("Actions agreed"), _("Done"), _("In progress"), _("Planned"),
                          _("Dropped"), _("Overdue")),
                rows=(
                    tuple(
                        str(n)
                        for n in (actions.agreed, actions.done, actions.in_progress,
                                  actions.planned, actions.dropped, actions.overdue)
                    ),
                ),
                widths=(30, 28, 28, 28, 28, 28),
            )
        )
    f = answers.total
    tables.append(
        TextTable(
            title=_("How officials answer"),
            headings=(_("Actions agreed"), _("Answered"), _("Answered by the due date"),
                      _("Median days to answer"), _("Overdue now")),
            rows=(
                (
                    str(f.agreed),
                    str(f.answered),
                    str(f.answered_on_time),
                    "—" if f.median_days is None else str(f.median_days),
                    str(f.overdue),
                ),
            ),
            notes=(
                _("Published actions of every period; days from the day an action was "
                  "agreed to its first answer (median)."),
            ),
            widths=(30, 30, 40, 40, 30),
        )
    )
    if answers.offices:
        tables.append(
            TextTable(
                title=_("Answers per office"),
                headings=(_("Office"), _("Answered"), _("Answered by the due date"),
                          _("Median days to answer"), _("Overdue now")),
                rows=tuple(
                    (
                        office,
                        str(o.answered),
                        str(o.answered_on_time),
                        "—" if o.median_days is None else str(o.median_days),
                        str(o.overdue),
                    )
                    for office, o in answers.offices[:SUMMARY_ROWS]
                ),
                widths=(70, 22, 28, 28, 22),
            )
        )
    return tuple(tables)


def indicator_pdf_table(part, k: int) -> TextTable:
    """One sector's indicators: people, score (0–100, whole, half up), 95% interval
    and the share of positive answers; a hidden figure says so."""
    rows = []
    mixed = False
    for row in records(part):
        hidden = bool(row["suppressed"])
        mark = " †" if row.get("mixed_scales") and not hidden else ""
        mixed = mixed or bool(mark)
        rows.append(
            (
                str(row["indicator_name"]),
                _count(row["people"]),
                _("hidden (fewer than %(k)s)", k=k) if hidden else _whole(row["mean_100"]) + mark,
                "—" if hidden else _interval(row),
                "—" if hidden or row["share_positive"] is None
                else f"{_whole(row['share_positive'] * 100)}%",
            )
        )
    return TextTable(
        title=_("Community score per indicator"),
        headings=(_("Indicator"), _("People"), _("Score (0–100)"), _("Interval (95%)"),
                  _("Positive answers")),
        rows=tuple(rows),
        notes=(f"† {_('combines different scales: compared on 0–100 only')}",) if mixed else (),
        widths=(82, 18, 26, 22, 22),
    )


def soum_pdf_table(frame, k: int) -> TextTable:
    """The soums' community scores per sector (the figures the map colours)."""
    rows = tuple(
        (
            str(row["area_name"]),
            str(row["sector_name"]),
            _count(row["people"]),
            _("hidden (fewer than %(k)s)", k=k) if row["suppressed"] else _whole(row["mean_100"]),
            "—" if row["suppressed"] else _interval(row),
        )
        for row in (records(frame) if frame is not None else [])
    )
    return TextTable(
        title=_("Soums and districts"),
        headings=(_("Soum or district"), _("Sector"), _("People"), _("Score (0–100)"),
                  _("Interval (95%)")),
        rows=rows,
        widths=(55, 45, 20, 28, 22),
    )


def action_pdf_table(actions: list[PublicAction], lang: str, today: date) -> TextTable | None:
    """Every public action: facility, what (and the indicator it answers), due date,
    status (and "overdue"), and every official's answer, oldest first, each with its
    office, date and commitment. ``None`` without actions."""
    if not actions:
        return None
    rows = []
    for action in actions:
        status = action_status_name(action.status)
        if is_overdue(action.status, action.due_date, today):
            status = f"{status}; {_('overdue')}"
        what = action.description
        indicator = action.round_indicator.indicator if action.round_indicator else None
        if indicator is not None:
            what = f"{what} ({_('Indicator')}: {indicator.text(lang)})"
        answers = []
        for answer in action.official_responses:
            line = f"{answer.office}, {_day(answer.created_at)}: {answer.body}"
            if answer.commitment_date:
                committed = _day(answer.commitment_date)
                line += f" ({_('Committed by %(date)s', date=committed)})"
            answers.append(line)
        rows.append(
            (
                action.round.facility.name(lang),
                what,
                _day(action.due_date) or "—",
                status,
                "\n".join(answers) or "—",
            )
        )
    return TextTable(
        title=_("Actions and officials' answers"),
        headings=(_("Facility"), _("Joint action"), _("Due"), _("Status"),
                  _("Official's answer")),
        rows=tuple(rows),
        widths=(28, 52, 21, 21, 48),
    )


def _day(value) -> str:
    if not value:
        return ""
    return format_date(date.fromisoformat(str(value)[:10]), "short")


def _count(value) -> str:
    try:
        return f"{int(value or 0)}"
    except (TypeError, ValueError):
        return "0"


def _interval(row) -> str:
    low, high = row.get("ci_low_100"), row.get("ci_high_100")
    if row.get("suppressed") or round_half_up(low, 0) is None or round_half_up(high, 0) is None:
        return ""
    return f"{_whole(low)}–{_whole(high)}"


def _signed(value) -> str:
    shown = round_half_up(value, 0)
    return "—" if shown is None else f"{shown:+.0f}"


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
    rows = []
    mixed = False
    for row in records(part):
        hidden = bool(row["suppressed"])
        mark = " †" if row.get("mixed_scales") and not hidden else ""
        mixed = mixed or bool(mark)
        rows.append(
            (
                f"{row['indicator_name']} — {side_name(row['side'])}",
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
