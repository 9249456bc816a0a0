"""Chart figures for reports and pages: matplotlib ``Figure`` objects, never pyplot.

Every builder takes rows of plain values plus display text already translated by
the caller, and returns a :class:`matplotlib.figure.Figure`; :func:`render_svg` and
:func:`render_png` turn it into bytes. No global matplotlib state is touched, so
the builders are safe in threaded web servers.

* Text is set in DejaVu Sans loaded from the font files shipped with matplotlib,
  so Cyrillic renders the same everywhere, whatever the server's fonts or
  ``matplotlibrc``.
* Figures are at most :data:`MAX_WIDTH_IN` inches wide (phone screens and A4
  print) and grow in height with the number of rows.
* Scores are drawn on the 0–100 scale; 95% intervals are clipped to 0–100 for
  drawing only. Value labels use :func:`scorecards.aggregation.round_half_up`.
* A row without a figure (suppressed for privacy or without answers) keeps its
  place and shows the caller's label instead of a bar, so nothing silently
  disappears.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch, PathPatch
from matplotlib.patheffects import withStroke
from matplotlib.text import Text

from scorecards import geo
from scorecards.aggregation import round_half_up
from scorecards.errors import DomainError
from scorecards.geo import Polygon

MAX_WIDTH_IN = 6.4
PHONE_WIDTH_PX = 328
"""The width a chart gets on a 360 px phone (the page's padding taken off)."""
MIN_TEXT_PX = 11
CHART_WIDTH_IN = 4.5
"""Bar, gap and trend charts are drawn this wide with text of :data:`TEXT_PT` points:
scaled to :data:`PHONE_WIDTH_PX` (an image 4.5 in = 432 CSS px wide shown at 328 px)
every text is still at least :data:`MIN_TEXT_PX` pixels (11 pt × 4/3 × 328/432 ≈ 11.1)."""
TEXT_PT = 11
BAR_COLOUR = "#1f5f99"
"""The bars of community scores (and of single-series charts)."""
COMMUNITY_COLOUR = BAR_COLOUR
PROVIDER_COLOUR = "#d9822b"
"""Community blue against provider orange: a pair told apart with any colour vision,
used wherever the two sides are drawn together."""
GAP_COLOUR = "#6b6b6b"
MISSING_COLOUR = "#d0d0d0"
LABEL_WIDTH_CHARS = 24
MIXED_MARK = "†"
"""After the label of a bar that combines different scales (compared on 0–100 only)."""


@dataclass(frozen=True)
class BarRow:
    """One indicator bar: a 0–100 value with its 95% interval, or a labelled gap."""

    label: str
    value: float | None
    ci_low: float | None = None
    ci_high: float | None = None
    suppressed: bool = False
    mixed_scales: bool = False


@dataclass(frozen=True)
class GapRow:
    """One indicator scored by the community and/or the providers (0–100)."""

    label: str
    community: float | None
    provider: float | None
    community_suppressed: bool = False
    provider_suppressed: bool = False


@dataclass(frozen=True)
class TrendSeries:
    """One line of a trend chart: a value (0–100 or None) per period."""

    label: str
    values: tuple[float | None, ...]


def bar_rows(
    frame: pd.DataFrame,
    label_column: str = "label",
    value_column: str = "mean_100",
    ci_columns: tuple[str, str] = ("ci_low_100", "ci_high_100"),
) -> list[BarRow]:
    """:class:`BarRow` objects from a figure frame (after :func:`privacy.suppress`)."""
    rows = []
    for record in frame.to_dict(orient="records"):
        rows.append(
            BarRow(
                label=str(record[label_column]),
                value=_number(record.get(value_column)),
                ci_low=_number(record.get(ci_columns[0])),
                ci_high=_number(record.get(ci_columns[1])),
                suppressed=bool(record.get("suppressed", False)),
                mixed_scales=bool(record.get("mixed_scales", False)),
            )
        )
    return rows


# --------------------------------------------------------------------------- builders


def indicator_chart(
    rows: Sequence[BarRow],
    title: str,
    axis_label: str,
    suppressed_label: str,
    no_data_label: str = "—",
    width_in: float = CHART_WIDTH_IN,
    mixed_note: str = "",
) -> Figure:
    """Horizontal bars of 0–100 scores with 95% interval whiskers, top row first.

    Each bar is labelled with its value rounded half up to a whole number. A row
    whose value is ``None`` shows ``suppressed_label`` (when ``suppressed``) or
    ``no_data_label`` in grey where its bar would be. A shown bar with
    ``mixed_scales`` (different scales, compared on 0–100 only) has "†" after its
    label, and ``mixed_note`` (translated by the caller) is added under the axis
    label after "†".
    """
    figure, axes = _new_figure(len(rows), width_in)
    positions = np.arange(len(rows))[::-1]
    labels = []
    for y, row in zip(positions, rows, strict=True):
        mixed = row.mixed_scales and row.value is not None
        labels.append(f"{row.label} {MIXED_MARK}" if mixed else row.label)
        if row.value is None:
            _gap_text(axes, y, suppressed_label if row.suppressed else no_data_label)
            continue
        axes.barh(y, row.value, height=0.6, color=BAR_COLOUR)
        _whisker(axes, y, row)
        _value_text(axes, y, row.value, row.ci_high)
    if mixed_note and any(r.mixed_scales and r.value is not None for r in rows):
        axis_label = f"{axis_label}\n{MIXED_MARK} {_wrap(mixed_note, 40)}"
    _finish_axes(axes, positions, labels, title, axis_label)
    return _finish(figure)


def gap_chart(
    rows: Sequence[GapRow],
    title: str,
    axis_label: str,
    community_label: str,
    provider_label: str,
    suppressed_label: str,
    no_data_label: str = "—",
    width_in: float = CHART_WIDTH_IN,
    scale: tuple[float, float] = (0.0, 100.0),
) -> Figure:
    """Community and provider scores side by side per indicator: the one chart of
    community against providers (report pages, the aimag PDF, the interface meeting).

    Rows must already be matched by indicator (see
    :func:`scorecards.aggregation.gap_by_indicator` and
    :func:`scorecards.meeting.like_for_like_gap`), top to bottom in the given order.
    ``scale`` is the value range the bars are drawn on: 0–100 for report figures, the
    round's own scale (e.g. 1–5) at the meeting. Bars start at the scale's low end;
    community in :data:`COMMUNITY_COLOUR`, providers in :data:`PROVIDER_COLOUR` (a
    blue and orange pair told apart with any colour vision). Values are labelled
    rounded half up: whole numbers on scales wider than 20 points, one decimal on
    narrower ones. A side without a figure shows ``suppressed_label`` (hidden for
    privacy) or ``no_data_label`` in its slot, never a zero bar.
    """
    low, high = float(scale[0]), float(scale[1])
    if not high > low:
        raise ValueError("scale must run from low to high")
    span = high - low
    decimals = 0 if span > 20 else 1
    figure, axes = _new_figure(len(rows), width_in, per_row=0.85)
    positions = np.arange(len(rows))[::-1]
    half = 0.2
    for y, row in zip(positions, rows, strict=True):
        slots = (
            (y + half, row.community, row.community_suppressed, COMMUNITY_COLOUR),
            (y - half, row.provider, row.provider_suppressed, PROVIDER_COLOUR),
        )
        for slot_y, value, hidden, colour in slots:
            if value is None:
                axes.text(
                    low + 0.01 * span,
                    slot_y,
                    suppressed_label if hidden else no_data_label,
                    va="center",
                    fontsize=TEXT_PT,
                    color=GAP_COLOUR,
                    fontstyle="italic",
                )
                continue
            axes.barh(slot_y, value - low, left=low, height=0.38, color=colour)
            shown = round_half_up(value, decimals)
            axes.text(
                value + 0.015 * span, slot_y, f"{shown:.{decimals}f}", va="center", fontsize=TEXT_PT
            )
    figure.legend(
        handles=[
            Patch(color=COMMUNITY_COLOUR, label=community_label),
            Patch(color=PROVIDER_COLOUR, label=provider_label),
        ],
        loc="outside lower center",
        ncols=1,
        frameon=False,
        fontsize=TEXT_PT,
    )
    _finish_axes(axes, positions, [r.label for r in rows], title, axis_label, (low, high))
    return _finish(figure)


def trend_chart(
    periods: Sequence[str],
    series: Sequence[TrendSeries],
    title: str,
    axis_label: str,
    width_in: float = CHART_WIDTH_IN,
) -> Figure:
    """Lines of 0–100 values across periods (or linked rounds), oldest on the left.

    ``None`` values leave a gap in the line rather than joining across it. Each
    series needs one value per period (else ``ValueError``).
    """
    figure = Figure(figsize=(min(width_in, MAX_WIDTH_IN), 4.2), layout="constrained")
    axes = figure.add_subplot()
    x = np.arange(len(periods))
    for item in series:
        if len(item.values) != len(periods):
            raise ValueError("each series needs one value per period")
        y = np.array([np.nan if v is None else float(v) for v in item.values])
        axes.plot(x, y, marker="o", linewidth=1.8, label=_wrap(item.label))
    axes.set_xticks(x, [_wrap(p, 14) for p in periods])
    axes.set_ylim(0, 100)
    axes.set_ylabel(axis_label, fontsize=TEXT_PT)
    axes.tick_params(labelsize=TEXT_PT)
    axes.set_title(_wrap(title, 40), loc="left", fontsize=TEXT_PT + 1.5, fontweight="bold")
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.spines[["top", "right"]].set_visible(False)
    if series:
        axes.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.12),
            frameon=False,
            fontsize=TEXT_PT,
            ncols=min(len(series), 2),
        )
    return _finish(figure)


SEQUENTIAL = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
"""Five clearly different steps, light to dark (ColorBrewer YlGnBu, 5 classes): a map's
classes take the first n of them spread over the palette (:func:`class_colours`)."""


@dataclass(frozen=True)
class ColourClass:
    """One step of a map's colour scale: values from ``low`` (inclusive) to ``high``
    (exclusive, inclusive for the last step), its colour and its legend text."""

    low: float
    high: float
    colour: str
    label: str


def class_breaks(values: Sequence[float | None], steps: int = 5) -> list[ColourClass]:
    """A colour scale fitted to the shown values: from the smallest (rounded down to a
    whole number) to the largest (rounded up), cut into at most ``steps`` equal steps
    (fewer when there are fewer distinct values or fewer whole points in the range).
    Legend texts are whole numbers rounded half up ("43–48"). No values: no classes."""
    shown = [v for v in (_number(value) for value in values) if v is not None]
    if not shown:
        return []
    low, high = math.floor(min(shown)), math.ceil(max(shown))
    if high == low:
        high = low + 1
    count = max(1, min(steps, len(set(shown)), high - low))
    width = (high - low) / count
    colours = class_colours(count)
    classes = []
    for index in range(count):
        start, end = low + index * width, low + (index + 1) * width
        text = f"{round_half_up(start, 0):.0f}–{round_half_up(end, 0):.0f}"
        classes.append(ColourClass(start, end, colours[index], text))
    return classes


def class_colours(count: int) -> list[str]:
    """``count`` colours of :data:`SEQUENTIAL`, spread over it (two: its ends)."""
    if count <= 1:
        return [SEQUENTIAL[-2]]
    last = len(SEQUENTIAL) - 1
    return [SEQUENTIAL[round(i * last / (count - 1))] for i in range(count)]


def class_of(value: float | None, classes: Sequence[ColourClass]) -> ColourClass | None:
    """The step ``value`` falls in (``None`` for no value or no classes)."""
    number = _number(value)
    if number is None or not classes:
        return None
    for item in classes:
        if number < item.high:
            return item
    return classes[-1]


def label_point(polygons: list[Polygon]) -> tuple[float, float]:
    """Where an area's name goes: the area-weighted centroid of its largest polygon's
    exterior ring (lon, lat)."""
    ring = max((p[0] for p in polygons), key=lambda r: abs(geo.ring_area(r)))
    return geo.ring_centroid(ring)


def choropleth(
    values_by_iso: Mapping[str, float | None],
    boundaries: Mapping[str, list[Polygon]],
    title: str,
    legend_label: str,
    missing_label: str,
    width_in: float = MAX_WIDTH_IN,
    names: Mapping[str, str] | None = None,
    name_size: float = 7,
) -> Figure:
    """A map of values per area coloured by a scale fitted to the data
    (:func:`class_breaks`: steps of :data:`SEQUENTIAL` from the smallest to the
    largest shown value), with the steps' legend under the map.

    Areas are drawn as compound paths with their holes (:func:`geo.polygon_path`).
    ``None``/NaN values and areas absent from ``values_by_iso`` are grey and
    hatched, explained by ``missing_label`` in the map's own legend. ``names`` (code →
    name) are written on the areas. Codes in ``values_by_iso`` that are not on the map
    raise ``DomainError("area_unknown", "iso_code")`` (a join on the wrong code would
    otherwise leave the map silently grey).
    """
    unknown = sorted(set(values_by_iso) - set(boundaries))
    if unknown:
        raise DomainError("area_unknown", "iso_code", codes=unknown)
    classes = class_breaks(list(values_by_iso.values()))
    min_x, min_y, max_x, max_y = geo.bounds(dict(boundaries))
    aspect = 1.0 / math.cos(math.radians((min_y + max_y) / 2))
    width = min(width_in, MAX_WIDTH_IN)
    map_height = width * 0.78 * (max_y - min_y) * aspect / (max_x - min_x)
    figure = Figure(figsize=(width, min(map_height, 6.5) + 1.3), layout="constrained")
    axes = figure.add_subplot()
    any_missing = False
    for code in sorted(boundaries):
        step = class_of(values_by_iso.get(code), classes)
        path = geo.polygon_path(boundaries[code])
        if step is None:
            any_missing = True
            patch = PathPatch(
                path, facecolor=MISSING_COLOUR, edgecolor="#ffffff", hatch="///", linewidth=0.6
            )
        else:
            patch = PathPatch(path, facecolor=step.colour, edgecolor="#ffffff", linewidth=0.6)
        axes.add_patch(patch)
    for code, name in (names or {}).items():
        if code not in boundaries:
            continue
        x, y = label_point(boundaries[code])
        text = axes.text(
            x, y, _wrap(name, 14), ha="center", va="center", fontsize=name_size, color="#1b1f24"
        )
        text.set_path_effects([withStroke(linewidth=2.2, foreground="#ffffff")])
    axes.set_xlim(min_x - 0.02 * (max_x - min_x), max_x + 0.02 * (max_x - min_x))
    axes.set_ylim(min_y - 0.02 * (max_y - min_y), max_y + 0.02 * (max_y - min_y))
    axes.set_aspect(aspect)
    axes.set_axis_off()
    axes.set_title(_wrap(title, 60), loc="left", fontsize=11, fontweight="bold")
    if classes:
        figure.legend(
            handles=[
                Patch(facecolor=c.colour, edgecolor="#888888", label=c.label) for c in classes
            ],
            loc="outside lower center",
            ncols=len(classes),
            frameon=False,
            fontsize=9,
            title=legend_label,
            title_fontsize=9,
        )
    if any_missing:
        axes.legend(
            handles=[
                Patch(
                    facecolor=MISSING_COLOUR,
                    edgecolor="#888888",
                    hatch="///",
                    label=missing_label,
                )
            ],
            loc="lower left",
            frameon=False,
            fontsize=8,
        )
    return _finish(figure)


# --------------------------------------------------------------------------- rendering


def render_svg(figure: Figure) -> bytes:
    """SVG bytes; glyphs are drawn as paths, so no font is needed to view it."""
    buffer = io.BytesIO()
    FigureCanvasSVG(figure).print_figure(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def render_png(figure: Figure, dpi: int = 150) -> bytes:
    """PNG bytes at ``dpi`` dots per inch (150 for screens and PDF, 300 for print)."""
    buffer = io.BytesIO()
    FigureCanvasAgg(figure).print_figure(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


# --------------------------------------------------------------------------- helpers


def font_path(bold: bool = False) -> Path:
    """The DejaVu Sans file shipped inside matplotlib (regular or bold)."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name


@lru_cache(maxsize=64)
def _font(size: float, bold: bool) -> FontProperties:
    return FontProperties(fname=font_path(bold), size=size)


def apply_font(figure: Figure) -> None:
    """Set every text of ``figure`` in DejaVu Sans, keeping each text's size and weight."""
    for text in figure.findobj(Text):
        weight = text.get_fontweight()
        bold = weight in ("bold", "heavy", "extra bold", "black", "semibold", "demibold") or (
            isinstance(weight, int | float) and weight >= 600
        )
        text.set_fontproperties(_font(float(text.get_fontsize()), bold))


def _finish(figure: Figure) -> Figure:
    apply_font(figure)
    return figure


def _new_figure(count: int, width_in: float, per_row: float = 0.62):
    height = 1.6 + per_row * max(count, 1)
    figure = Figure(figsize=(min(width_in, MAX_WIDTH_IN), height), layout="constrained")
    return figure, figure.add_subplot()


def _finish_axes(axes, positions, labels, title, axis_label, scale=(0.0, 100.0)) -> None:
    low, high = scale
    axes.set_xlim(low, high + 0.18 * (high - low))  # room for the value labels
    axes.set_xticks(_ticks(low, high))
    axes.set_ylim(-0.7, max(len(labels), 1) - 0.3)
    axes.set_yticks(positions, [_wrap(label) for label in labels], fontsize=TEXT_PT)
    axes.tick_params(axis="x", labelsize=TEXT_PT)
    axes.set_xlabel(axis_label, fontsize=TEXT_PT)
    axes.set_title(_wrap(title, 40), loc="left", fontsize=TEXT_PT + 1.5, fontweight="bold")
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(axis="y", length=0)


def _ticks(low: float, high: float) -> list[float]:
    """Six ticks on 0–100; each whole value on a scale of up to ten steps (1–5, 0–10);
    six evenly spaced ticks otherwise."""
    if (low, high) == (0.0, 100.0):
        return [0, 20, 40, 60, 80, 100]
    if high - low <= 10:
        return list(range(math.ceil(low), math.floor(high) + 1))
    return [float(v) for v in np.linspace(low, high, 6)]


def _whisker(axes, y: float, row: BarRow) -> None:
    if row.ci_low is None or row.ci_high is None or row.value is None:
        return
    low, high = max(row.ci_low, 0.0), min(row.ci_high, 100.0)
    axes.errorbar(
        row.value,
        y,
        xerr=[[max(row.value - low, 0.0)], [max(high - row.value, 0.0)]],
        fmt="none",
        ecolor="#222222",
        elinewidth=1,
        capsize=3,
    )


def _value_text(
    axes, y: float, value: float, ci_high: float | None, size: float = TEXT_PT
) -> None:
    right = min(ci_high, 100.0) if ci_high is not None else value
    shown = round_half_up(value, 0)
    axes.text(max(value, right) + 1.5, y, f"{shown:.0f}", va="center", fontsize=size)


def _gap_text(axes, y: float, label: str, size: float = TEXT_PT) -> None:
    axes.text(1, y, label, va="center", fontsize=size, color=GAP_COLOUR, fontstyle="italic")


def _wrap(text: str, width: int = LABEL_WIDTH_CHARS) -> str:
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


def _number(value: object) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number
