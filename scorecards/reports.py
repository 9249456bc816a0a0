"""What an aimag report holds: plain dataclasses the web layer fills.

The web layer loads summed figures, applies :func:`scorecards.privacy.suppress`,
renders charts to PNG with :mod:`scorecards.charts`, and puts the results here with
names already translated. :func:`scorecards.pdf.build_aimag_report_pdf` turns an
:class:`AimagReport` into a PDF. Values are 0–100 and not rounded; the PDF rounds
for display.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class ReportTableRow:
    """One soum or facility in a sector table.

    ``mean_100`` is ``None`` when there is no figure; ``suppressed`` says the figure
    was hidden because fewer than k people answered (the PDF then prints the
    translated "suppressed" text). ``mixed_scales``: the figure combines answers
    given on different scales (compared on 0–100 only); the PDF marks it "†" and
    prints ``texts["mixed_note"]`` under the table.
    """

    name: str
    n: int
    mean_100: float | None
    suppressed: bool = False
    mixed_scales: bool = False
    interval: str = ""
    """The 95% interval as the reader sees it ("43–57"), already rounded; printed in
    a fourth column when any row of the table has one."""


@dataclass(frozen=True)
class TextTable:
    """A small table printed as given: a title, column headings and rows of text.

    Used for figures that are not 0–100 community scores, such as group consensus
    scores (their own source, never pooled with votes). Numbers arrive already
    formatted and rounded by the caller; ``notes`` are printed under the table.
    Every row must have as many cells as ``headings``.
    """

    title: str
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = ()
    notes: tuple[str, ...] = ()
    widths: tuple[float, ...] | None = None
    """Column widths in millimetres (adding up to the content width, 170 mm); ``None``:
    the first column wide, the others shared equally."""


@dataclass(frozen=True)
class SectorSection:
    """One sector (health, education…) of the report.

    ``chart_png`` comes from :func:`scorecards.charts.render_png`; ``chart_alt`` is
    its text alternative (stored as the image's alt text in the PDF). ``tables`` are
    printed after the facility table (e.g. the sector's consensus scores).
    """

    code: str
    title: str
    rows: tuple[ReportTableRow, ...] = ()
    chart_png: bytes | None = None
    chart_alt: str = ""
    tables: tuple[TextTable, ...] = ()


@dataclass(frozen=True)
class ActionSummary:
    """Action plan follow-up figures to print (see ``aggregation.action_figures``)."""

    agreed: int
    done: int
    in_progress: int
    planned: int
    dropped: int
    overdue: int
    share_done_on_time: float | None


@dataclass(frozen=True)
class AimagReport:
    """An aimag's public report for one period.

    ``aimag_name`` and ``period_label`` are display text; ``notes`` are free text
    (e.g. a facilitator's comments), printed literally, never interpreted.
    """

    aimag_iso: str
    aimag_name: str
    period_label: str
    generated_on: date
    sectors: tuple[SectorSection, ...] = ()
    map_png: bytes | None = None
    map_alt: str = ""
    actions: ActionSummary | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    k: int = 5
    summary: tuple[TextTable, ...] = ()
    """The first page's tables (coverage, lowest scores, largest gaps, actions…): when
    given, page 1 holds the title and these, and the map starts page 2."""
    map_tables: tuple[TextTable, ...] = ()
    """Printed right after the map (e.g. the soums' scores the map colours)."""
    action_table: TextTable | None = None
    """Every action with its status and the officials' answers, after the sectors."""
