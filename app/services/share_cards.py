"""Preview pictures for shared links (``og:image``): an aimag's, a facility's and the
national headline figures as 1200×630 PNG cards (:mod:`scorecards.share_card`).

Built from the same public figures as the report pages (published rounds only,
suppressed cells hidden) and kept in the report cache under the data version of the
aimag (or ``national``), so a card is drawn once per publication and language, not
per request. Rows are shown lowest score first: what most needs attention.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from app.models import Area, Facility
from app.services.reports import aimag as aimag_reports
from app.services.reports import cache as report_cache
from app.services.reports import facility as facility_reports
from app.services.reports import national as national_reports
from scorecards.share_card import MAX_ROWS, CardRow, card_png


def _rows(frame: pd.DataFrame, label: str) -> list[CardRow]:
    """Card rows of a figure frame: shown figures lowest first, then hidden ones."""
    rows = []
    for record in frame.to_dict(orient="records"):
        hidden = bool(record.get("suppressed")) or pd.isna(record.get("mean_100"))
        rows.append(CardRow(str(record[label]), None if hidden else float(record["mean_100"])))
    rows.sort(key=lambda r: (r.value is None, r.value if r.value is not None else 0.0))
    return rows[:MAX_ROWS]


def aimag_card(area: Area, lang: str, texts: Mapping[str, str]) -> bytes:
    """The aimag's community scores by sector for its latest period with results.
    ``texts``: ``title`` and ``subtitle`` (the period is added to it here), and the
    words of :func:`scorecards.share_card.card_figure`."""

    def build() -> bytes:
        data = aimag_reports.aimag_report(area, lang, None)
        rows = _rows(data.tables["sectors"], "sector_name") if data.has_data else []
        subtitle = f"{texts['subtitle']} · {data.period}" if data.period else texts["subtitle"]
        return card_png(texts["title"], subtitle, rows, texts)

    return report_cache.cached(area.code, "share_card", (lang, tuple(texts.items())), build)


def facility_card(facility: Facility, lang: str, texts: Mapping[str, str]) -> bytes:
    """The facility's community scores by indicator in its latest published round."""

    def build() -> bytes:
        data = facility_reports.facility_report(facility, lang)
        scores = data.scores
        subtitle = texts["subtitle"]
        rows: list[CardRow] = []
        if not scores.empty:
            latest = scores[scores["round"] == scores["round"].max()]
            subtitle = f"{subtitle} · {latest['period'].iloc[0]}"
            rows = _rows(latest, "indicator_name")
        return card_png(texts["title"], subtitle, rows, texts)

    key = (facility.id, lang, tuple(texts.items()))
    return report_cache.cached(facility.area.aimag.code, "share_card_facility", key, build)


def national_card(lang: str, texts: Mapping[str, str]) -> bytes:
    """The aimags' community scores, lowest first (the join page's picture)."""

    def build() -> bytes:
        table = national_reports.national_table(None, lang)
        if "n" in table.columns:
            table = table[table["n"].fillna(0) > 0]
        return card_png(texts["title"], texts["subtitle"], _rows(table, "aimag"), texts)

    return report_cache.cached("national", "share_card", (lang, tuple(texts.items())), build)
