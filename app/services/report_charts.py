"""Chart figures of the report pages, from the suppressed report tables.

Texts arrive translated; figures are built per request (or PDF) and rendered to
SVG or PNG by :mod:`scorecards.charts`.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from matplotlib.figure import Figure

from scorecards import charts, geo
from scorecards.aggregation import records


def _boundaries():
    if not hasattr(_boundaries, "cache"):
        _boundaries.cache = geo.load_boundaries()
    return _boundaries.cache


def map_figure(values: Mapping[str, float | None], texts: Mapping[str, str]) -> Figure:
    known = {code: value for code, value in values.items() if code in _boundaries()}
    return charts.choropleth(
        known, _boundaries(), texts["map_title"], texts["axis"], texts["no_data"]
    )


def indicator_figure(frame: pd.DataFrame, title: str, texts: Mapping[str, str]) -> Figure:
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
    series = []
    for name, part in frame.groupby("sector_name", sort=True):
        by_period = {r["period"]: r["mean_100"] for r in records(part)}
        series.append(charts.TrendSeries(str(name), tuple(by_period.get(p) for p in periods)))
    return charts.trend_chart(periods, series, texts["trend_title"], texts["axis"])


def render(figure: Figure, fmt: str) -> bytes:
    return charts.render_svg(figure) if fmt == "svg" else charts.render_png(figure)
