"""Chart figures of the report pages, from the suppressed report tables.

Texts arrive translated; figures are built per request (or PDF) and rendered to
SVG or PNG by :mod:`scorecards.charts`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from scorecards import charts, geo, svg_map
from scorecards.aggregation import records, round_half_up

SOUM_BOUNDARIES = Path(__file__).resolve().parents[2] / "data" / "mongolia_soums_simplified.geojson"


def _boundaries():
    if not hasattr(_boundaries, "cache"):
        _boundaries.cache = geo.load_boundaries()
    return _boundaries.cache


def map_figure(
    values: Mapping[str, float | None],
    texts: Mapping[str, str],
    names: Mapping[str, str] | None = None,
) -> Figure:
    """The national map as a matplotlib figure (the PNG copy), aimags named."""
    known = {code: value for code, value in values.items() if code in _boundaries()}
    return charts.choropleth(
        known, _boundaries(), texts["map_title"], texts["axis"], texts["no_data"], names=names
    )


def map_svg(
    values: Mapping[str, float | None],
    names: Mapping[str, str],
    hrefs: Mapping[str, str],
    texts: Mapping[str, str],
) -> str:
    """The national map as a standalone SVG (:mod:`scorecards.svg_map`): each aimag
    named, linked to ``hrefs[code]`` and titled with its score (whole number, half up)."""
    areas = []
    for code, value in values.items():
        if code not in _boundaries():
            continue
        shown = round_half_up(value, 0)
        areas.append(
            svg_map.MapArea(
                code,
                names.get(code, code),
                value,
                texts["no_map_figure"] if shown is None else f"{shown:.0f}",
                hrefs[code],
            )
        )
    return svg_map.national_map_svg(
        areas, _boundaries(), texts["map_title"], texts["axis"], texts["no_map_figure"]
    )


def soum_map_figure(
    aimag_code: str,
    values: Mapping[str, float | None],
    names: Mapping[str, str],
    texts: Mapping[str, str],
) -> Figure | None:
    """One aimag's soums (``app/data/mongolia_soums_simplified.geojson``, joined on the
    soum's code) coloured by ``values`` with a scale fitted to them, each soum named;
    ``None`` when the aimag has no soum boundaries (the capital's districts are in the
    file too)."""
    boundaries = geo.load_boundaries(SOUM_BOUNDARIES, key="nso_code", parent=aimag_code)
    if not boundaries:
        return None
    shown = {code: values.get(code) for code in boundaries}
    return charts.choropleth(
        shown,
        boundaries,
        texts["soum_map_title"],
        texts["axis"],
        texts["no_map_figure"],
        names={code: names.get(code, code) for code in boundaries},
        name_size=6.5,
    )


def indicator_figure(frame: pd.DataFrame, title: str, texts: Mapping[str, str]) -> Figure:
    """One sector's community score per indicator (0–100, with its 95% interval) from
    the ``indicators`` table of an aimag report; hidden figures keep their row."""
    labelled = frame.rename(columns={"indicator_name": "label"})
    return charts.indicator_chart(
        charts.bar_rows(labelled),
        title,
        texts["axis"],
        texts["suppressed"],
        texts["no_data"],
        mixed_note=texts.get("mixed_note", ""),
    )


def gap_figure(frame: pd.DataFrame, title: str, texts: Mapping[str, str]) -> Figure:
    """Community against providers per indicator (0–100) from the ``gap`` table of an
    aimag report, drawn by :func:`scorecards.charts.gap_chart` — the chart the page,
    the PDF and the interface meeting share."""
    rows = [
        charts.GapRow(
            label=row["indicator_name"],
            community=row["community"],
            provider=row["provider"],
            community_suppressed=bool(row.get("community_suppressed")),
            provider_suppressed=bool(row.get("provider_suppressed")),
        )
        for row in records(frame)
    ]
    return charts.gap_chart(
        rows,
        title,
        texts["axis"],
        texts["community"],
        texts["provider"],
        texts["suppressed"],
        texts["no_data"],
    )


def trend_figure(frame: pd.DataFrame, periods: list[str], texts: Mapping[str, str]) -> Figure:
    """One line per sector of the community score (0–100) over ``periods``, from the
    ``trend`` table of an aimag report (a period without a figure is a gap)."""
    series = []
    for name, part in frame.groupby("sector_name", sort=True):
        by_period = {r["period"]: r["mean_100"] for r in records(part)}
        series.append(charts.TrendSeries(str(name), tuple(by_period.get(p) for p in periods)))
    return charts.trend_chart(periods, series, texts["trend_title"], texts["axis"])


def render(figure: Figure, fmt: str) -> bytes:
    """``figure`` as SVG bytes (``fmt == "svg"``) or PNG bytes at 150 dpi."""
    return charts.render_svg(figure) if fmt == "svg" else charts.render_png(figure)
