"""The picture a shared link shows: a 1200×630 card with a report's headline chart.

Social networks (Facebook, Telegram, X) show a link's ``og:image`` at 1.91:1; this
card draws the headline figures of an aimag or a facility at exactly 1200×630 pixels:
a title, a line saying what is shown, one bar per row on the 0–100 scale with its
value (rounded half up), and a footer with the source and licence. A row without a
figure (hidden for privacy or without answers) keeps its place with the caller's
word instead of a bar. Texts arrive translated; no global matplotlib state is used.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from matplotlib.figure import Figure

from scorecards.aggregation import round_half_up
from scorecards.charts import BAR_COLOUR, apply_font, render_png

WIDTH_PX, HEIGHT_PX = 1200, 630
DPI = 100
MAX_ROWS = 8
"""Rows a card can show legibly; callers choose which (the lowest scores first)."""
_LABEL_CHARS = 34
_TRACK = "#e6e9ee"
_MUTED = "#5b6470"


@dataclass(frozen=True)
class CardRow:
    """One bar: its label and its score on 0–100 (``None``: no figure to show)."""

    label: str
    value: float | None


def card_figure(
    title: str, subtitle: str, rows: Sequence[CardRow], texts: Mapping[str, str]
) -> Figure:
    """The card as a Figure of 12 × 6.3 inches (1200×630 px at :data:`DPI`).

    ``texts``: ``hidden`` (shown for a row without a figure), ``empty`` (shown when
    there are no rows), ``footer`` (source, licence and address). At most
    :data:`MAX_ROWS` rows are drawn, in the order given."""
    figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI, facecolor="white")
    figure.text(0.04, 0.9, textwrap.shorten(title, 60, placeholder="…"), fontsize=30,
                fontweight="bold", color="#1b2633", va="center")
    figure.text(0.04, 0.82, textwrap.shorten(subtitle, 100, placeholder="…"), fontsize=17,
                color=_MUTED, va="center")
    figure.text(0.04, 0.05, texts["footer"], fontsize=14, color=_MUTED, va="center")
    shown = list(rows)[:MAX_ROWS]
    if not shown:
        figure.text(0.5, 0.45, texts["empty"], fontsize=24, color=_MUTED, ha="center",
                    va="center")
        apply_font(figure)
        return figure
    axes = figure.add_axes((0.36, 0.13, 0.57, 0.62))
    positions = list(range(len(shown)))[::-1]
    for y, row in zip(positions, shown, strict=True):
        axes.barh(y, 100, color=_TRACK, height=0.62)
        if row.value is None:
            axes.text(2, y, texts["hidden"], va="center", fontsize=14, color=_MUTED)
            continue
        value = min(max(float(row.value), 0.0), 100.0)
        axes.barh(y, value, color=BAR_COLOUR, height=0.62)
        axes.text(min(value, 88) + 1.5, y, f"{round_half_up(row.value):.0f}", va="center",
                  fontsize=16, fontweight="bold", color="#1b2633")
    axes.set_xlim(0, 100)
    axes.set_ylim(-0.6, len(shown) - 0.4)
    axes.set_yticks(positions)
    axes.set_yticklabels(
        [textwrap.shorten(row.label, _LABEL_CHARS, placeholder="…") for row in shown],
        fontsize=15,
    )
    axes.set_xticks([])
    axes.tick_params(axis="y", length=0)
    for side in ("top", "right", "bottom", "left"):
        axes.spines[side].set_visible(False)
    apply_font(figure)
    return figure


def card_png(
    title: str, subtitle: str, rows: Sequence[CardRow], texts: Mapping[str, str]
) -> bytes:
    """The card as PNG bytes of exactly 1200×630 pixels."""
    return render_png(card_figure(title, subtitle, rows, texts), dpi=DPI)
