"""The aimag report as a PDF, built with fpdf2 from an :class:`AimagReport`.

* Text is set in DejaVu Sans (regular and bold) loaded from the font files shipped
  inside matplotlib and embedded as subsets, so Cyrillic is real, searchable and
  copyable text.
* Every string — names, free-text notes, translated labels — is written literally:
  no markdown, no HTML, and fpdf2's ``{nb}`` page-count alias is switched off
  except while the footer is drawn, so user text containing ``{nb}`` stays as typed.
* Figures are rounded half up to whole numbers for display
  (:func:`scorecards.aggregation.round_half_up`); suppressed cells print
  ``texts["suppressed"]``, cells without a figure ``texts["no_data"]``.

``texts`` holds the translated labels; :data:`REQUIRED_TEXTS` lists the keys that
are always needed, :data:`ACTION_TEXTS` those needed when the report has actions,
``notes_title`` is needed when it has notes and ``mixed_note`` (printed after "†"
under a table with a figure that combines different scales) when a row has
``mixed_scales``. A missing key raises
``DomainError("text_missing", "texts", key=...)``. ``texts["generated_on"]``
may carry the date already formatted for the language; otherwise ISO 8601 is used.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from datetime import datetime, time

from fpdf import FPDF

from scorecards.aggregation import round_half_up
from scorecards.charts import font_path
from scorecards.errors import DomainError
from scorecards.reports import AimagReport, SectorSection, TextTable

REQUIRED_TEXTS: tuple[str, ...] = (
    "title",
    "period",
    "generated",
    "map_title",
    "table_name",
    "table_n",
    "table_mean",
    "suppressed",
    "no_data",
    "method_title",
    "method_note",
    "page",
)
ACTION_TEXTS: tuple[str, ...] = (
    "actions_title",
    "actions_agreed",
    "actions_done",
    "actions_in_progress",
    "actions_planned",
    "actions_dropped",
    "actions_overdue",
    "actions_on_time",
)

MIXED_MARK = "†"
"""Marks a figure that combines different scales (compared on 0–100 only)."""
FONT = "DejaVu"
CONTENT_WIDTH_MM = 170
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _ReportPDF(FPDF):
    """FPDF with a literal-text policy and a "page N / total" footer."""

    def __init__(self, page_text: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self._page_text = _literal(page_text)
        self.str_alias_nb_pages = ""  # off: user text is never interpreted

    def footer(self) -> None:
        saved = self.str_alias_nb_pages
        self.str_alias_nb_pages = "{nb}"  # on only for our own footer text
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 6, f"{self._page_text} {self.page_no()} / {{nb}}", align="C")
        self.str_alias_nb_pages = saved

    def output(self, *args, **kwargs):  # type: ignore[override]
        self.str_alias_nb_pages = "{nb}"  # substitute the footers' placeholders
        return super().output(*args, **kwargs)


def build_aimag_report_pdf(report: AimagReport, texts: Mapping[str, str]) -> bytes:
    """The report as PDF bytes (A4 portrait).

    Layout: page 1 is the title (title, aimag name, period, date) and, when the report
    has a ``summary``, its tables — a one-page summary an official brings to a
    meeting; the map (with its ``map_tables``) follows, on the next page unless it
    fits under the summary.
    Then the sectors one after another (heading, chart, tables of indicators and
    facilities with n and intervals), the action follow-up, the action table with the
    officials' answers, notes and the method note. Sections flow on from each other:
    a page is only begun where the next heading and a few lines would not fit, so no
    page is left half empty by the layout. "Page N / total" on every page.
    """
    _check_texts(report, texts)
    pdf = _ReportPDF(texts["page"])
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_margins(20, 18, 20)
    pdf.add_font(FONT, "", str(font_path(False)))
    pdf.add_font(FONT, "B", str(font_path(True)))
    pdf.set_title(_literal(f"{texts['title']} — {report.aimag_name}"))
    pdf.set_lang("mn")
    pdf.set_creator("Egekh")
    pdf.set_creation_date(datetime.combine(report.generated_on, time()))

    _title_page(pdf, report, texts)
    for section in report.sectors:
        _sector(pdf, section, texts)
    if report.actions is not None and not report.summary:
        _actions(pdf, report, texts)
    if report.action_table is not None:
        _text_table(pdf, report.action_table, heading=True)
    if report.notes:
        _heading(pdf, texts["notes_title"])
        for note in report.notes:
            _paragraph(pdf, note)
    _heading(pdf, texts["method_title"])
    _paragraph(pdf, texts["method_note"])
    return bytes(pdf.output())


def _check_texts(report: AimagReport, texts: Mapping[str, str]) -> None:
    needed = list(REQUIRED_TEXTS)
    if report.actions is not None:
        needed += ACTION_TEXTS
    if report.notes:
        needed.append("notes_title")
    if any(row.mixed_scales for section in report.sectors for row in section.rows):
        needed.append("mixed_note")
    for key in needed:
        if key not in texts:
            raise DomainError("text_missing", "texts", key=key)


def _title_page(pdf: FPDF, report: AimagReport, texts: Mapping[str, str]) -> None:
    pdf.add_page()
    pdf.set_font(FONT, "B", 18 if report.summary else 20)
    pdf.multi_cell(0, 9, _literal(texts["title"]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 15)
    pdf.multi_cell(0, 8, _literal(report.aimag_name), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font(FONT, "", 10)
    generated = texts.get("generated_on") or report.generated_on.isoformat()
    for label, value in ((texts["period"], report.period_label), (texts["generated"], generated)):
        pdf.multi_cell(0, 5.5, _literal(f"{label}: {value}"), new_x="LMARGIN", new_y="NEXT")
    for table in report.summary:
        _text_table(pdf, table, compact=True)
    if report.map_png:
        tallest = 150 if report.summary else None
        pdf.ln(4)
        if pdf.get_y() + 9 + _image_height(pdf, report.map_png, tallest) > pdf.page_break_trigger:
            pdf.add_page()  # the map and its title together, on the next page
        pdf.set_font(FONT, "B", 12)
        pdf.multi_cell(0, 7, _literal(texts["map_title"]), new_x="LMARGIN", new_y="NEXT")
        _image(pdf, report.map_png, report.map_alt, tallest=tallest)
    for table in report.map_tables:
        _text_table(pdf, table)


def _sector(pdf: FPDF, section: SectorSection, texts: Mapping[str, str]) -> None:
    _heading(pdf, section.title, size=14, keep=40)
    if section.chart_png:
        _image(pdf, section.chart_png, section.chart_alt)
        pdf.ln(3)
    for table in section.tables[:1]:
        _text_table(pdf, table)
    if section.rows:
        _facility_rows(pdf, section, texts)
    for table in section.tables[1:]:
        _text_table(pdf, table)


def _text_table(pdf: FPDF, table: TextTable, compact: bool = False, heading: bool = False) -> None:
    """A :class:`TextTable`: bold title, first column left, other columns right (its
    own widths when it has them); ``heading`` sets the title as a section heading.
    The title moves to the next page with the table when fewer than two rows fit."""
    for row in table.rows:
        if len(row) != len(table.headings):
            raise DomainError("table_row_width", "rows", expected=len(table.headings))
    if heading:
        _heading(pdf, table.title, keep=30)
    else:
        pdf.ln(2 if compact else 3)
        if pdf.get_y() + 22 > pdf.page_break_trigger:
            pdf.add_page()
        pdf.set_font(FONT, "B", 10.5 if compact else 11)
        pdf.multi_cell(
            0, 5.5 if compact else 6, _literal(table.title), new_x="LMARGIN", new_y="NEXT"
        )
    pdf.set_font(FONT, "", 8.5 if compact else 9)
    if table.rows:
        count = len(table.headings)
        if table.widths and len(table.widths) == count:
            widths = tuple(table.widths)
        else:
            first = 70 if count > 2 else 110
            rest = (CONTENT_WIDTH_MM - first) / max(count - 1, 1)
            widths = (first, *([rest] * (count - 1)))
        align = ("LEFT", *(["RIGHT"] * (count - 1))) if not table.widths else ("LEFT",) * count
        with pdf.table(
            col_widths=widths,
            width=CONTENT_WIDTH_MM,
            text_align=align,
            line_height=4.6 if compact else 5.2,
            first_row_as_headings=True,
        ) as grid:
            head = grid.row()
            for cell in table.headings:
                head.cell(_literal(cell))
            for row in table.rows:
                line = grid.row()
                for cell in row:
                    line.cell(_literal(cell))
    for note in table.notes:
        _paragraph(pdf, note, size=8.5 if compact else 10)


def _facility_rows(pdf: FPDF, section: SectorSection, texts: Mapping[str, str]) -> None:
    pdf.ln(3)
    if pdf.get_y() + 22 > pdf.page_break_trigger:
        pdf.add_page()
    pdf.set_font(FONT, "", 9)
    headings = [texts["table_name"], texts["table_n"], texts["table_mean"]]
    widths = [110, 25, 35]
    intervals = any(row.interval for row in section.rows) and "table_interval" in texts
    if intervals:
        headings.append(texts["table_interval"])
        widths = [95, 20, 27, 28]
    with pdf.table(
        col_widths=tuple(widths),
        width=CONTENT_WIDTH_MM,
        text_align=("LEFT", *(["RIGHT"] * (len(widths) - 1))),
        line_height=5.2,
        first_row_as_headings=True,
    ) as table:
        head = table.row()
        for heading in headings:
            head.cell(_literal(heading))
        for row in section.rows:
            line = table.row()
            line.cell(_literal(row.name))
            line.cell(str(int(row.n)))
            mean = _mean_text(row.mean_100, row.suppressed, texts)
            line.cell(_literal(f"{mean} {MIXED_MARK}" if _is_mixed(row) else mean))
            if intervals:
                line.cell(_literal(row.interval or texts["no_data"]))
    if any(_is_mixed(row) for row in section.rows):
        _paragraph(pdf, f"{MIXED_MARK} {texts['mixed_note']}")


def _is_mixed(row) -> bool:
    return row.mixed_scales and not row.suppressed and row.mean_100 is not None


def _actions(pdf: FPDF, report: AimagReport, texts: Mapping[str, str]) -> None:
    actions = report.actions
    assert actions is not None
    _heading(pdf, texts["actions_title"])
    share = actions.share_done_on_time
    share_text = texts["no_data"] if share is None else f"{round_half_up(share * 100):.0f}%"
    lines = (
        ("actions_agreed", str(actions.agreed)),
        ("actions_done", str(actions.done)),
        ("actions_in_progress", str(actions.in_progress)),
        ("actions_planned", str(actions.planned)),
        ("actions_dropped", str(actions.dropped)),
        ("actions_overdue", str(actions.overdue)),
        ("actions_on_time", share_text),
    )
    pdf.set_font(FONT, "", 10)
    with pdf.table(col_widths=(120, 50), width=CONTENT_WIDTH_MM, text_align=("LEFT", "RIGHT"),
                   first_row_as_headings=False, line_height=5.5) as table:
        for key, value in lines:
            line = table.row()
            line.cell(_literal(texts[key]))
            line.cell(_literal(value))


def _heading(pdf: FPDF, text: str, size: float = 13, keep: float = 20) -> None:
    """A section heading; it begins a new page when fewer than ``keep`` millimetres
    would be left under it (a heading is never the last line of a page)."""
    pdf.ln(4)
    if pdf.get_y() + 8 + keep > pdf.page_break_trigger:
        pdf.add_page()
    pdf.set_font(FONT, "B", size)
    pdf.multi_cell(0, 7, _literal(text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _paragraph(pdf: FPDF, text: str, size: float = 10) -> None:
    pdf.set_font(FONT, "", size)
    pdf.multi_cell(0, 5.5, _literal(text), new_x="LMARGIN", new_y="NEXT", markdown=False)
    pdf.ln(2)


def _image_height(pdf: FPDF, png: bytes, tallest: float | None = None) -> float:
    """The height in millimetres :func:`_image` gives ``png``."""
    width_px, height_px = _png_size(png)
    return min(CONTENT_WIDTH_MM * height_px / width_px, tallest or pdf.eph, pdf.eph - 12)


def _image(pdf: FPDF, png: bytes, alt: str, tallest: float | None = None) -> None:
    """Full content width, scaled down when taller than a page (or than ``tallest``
    millimetres); breaks the page if needed."""
    width_px, height_px = _png_size(png)
    width = CONTENT_WIDTH_MM
    height = width * height_px / width_px
    shown = _image_height(pdf, png, tallest)
    if height > shown:
        width, height = width * shown / height, shown
    if pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()
    x = pdf.l_margin + (CONTENT_WIDTH_MM - width) / 2
    alt_text = _literal(alt) or None
    pdf.image(io.BytesIO(png), x=x, y=pdf.get_y(), w=width, h=height, alt_text=alt_text)
    pdf.set_y(pdf.get_y() + height)


def _png_size(png: bytes) -> tuple[int, int]:
    if png[:8] != b"\x89PNG\r\n\x1a\n" or len(png) < 24:
        raise DomainError("image_not_png", "png")
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def _mean_text(mean_100: float | None, suppressed: bool, texts: Mapping[str, str]) -> str:
    if suppressed:
        return texts["suppressed"]
    shown = round_half_up(mean_100, 0)
    return texts["no_data"] if shown is None else f"{shown:.0f}"


def _literal(text: object) -> str:
    """Text as given, minus control characters a PDF cannot show (newlines stay)."""
    return _CONTROL.sub("", str(text))
