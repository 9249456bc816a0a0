"""What every report page, download and PDF of the reports package shares: the public
columns of a figure table, names resolved in the reader's language, and the sectors.

Tables are DataFrames of plain values (ids, names, numbers, booleans), never ORM
rows, so a report built from them can be cached and read by any server
(:mod:`app.services.reports.cache`). Numbers are not rounded here: templates and
the PDF round half up for display, downloads keep 3 decimals.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select

from app.extensions import db
from app.models import Indicator, Sector
from app.services.texts import text_for

FIGURE_PUBLIC = [
    "people",
    "n",
    "n_missing",
    "mean",
    "median",
    "mean_100",
    "ci_low_100",
    "ci_high_100",
    "share_positive",
    "suppressed",
    "mixed_scales",
]
"""Public columns of vote figure tables. ``mixed_scales`` marks a figure that combines
answers given on different scales: only its 0–100 figures and its share of positive
answers exist (each answer judged on its own scale's threshold), no own-scale mean or
median (:mod:`scorecards.aggregation`)."""
CONSENSUS_PUBLIC = [
    "groups_shown",
    "people",
    "n",
    "n_missing",
    "mean",
    "median",
    "mean_100",
    "share_positive",
    "groups_size_not_recorded",
    "groups_below_k",
    "suppressed",
    "mixed_scales",
]
"""Public columns of consensus tables: ``n`` counts group scores, ``people`` the
participants recorded for the groups shown (see :mod:`app.services.reports.query`)."""
COMMUNITY = "community"
PROVIDER = "provider"


def name_of(obj, lang: str, attribute: str = "name") -> str:
    """``obj``'s ``attribute`` in ``lang`` (an indicator's text through its
    translations), Mongolian where ``lang`` has none."""
    if isinstance(obj, Indicator):
        return text_for(obj, attribute, lang)
    value = getattr(obj, f"{attribute}_{lang}", None)
    return value or getattr(obj, f"{attribute}_mn", "")


def names_of(model, ids, lang: str) -> dict[int, str]:
    """Names in ``lang`` of the ``model`` rows with ``ids`` (missing ids skipped), by id."""
    ids = [int(i) for i in set(ids) if i is not None and not pd.isna(i)]
    if not ids:
        return {}
    attribute = "text" if model is Indicator else "name"
    return {
        row.id: name_of(row, lang, attribute)
        for row in db.session.scalars(select(model).where(model.id.in_(ids)))
    }


def public_table(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """``keys`` then the :data:`FIGURE_PUBLIC` columns of a vote figure frame."""
    columns = [c for c in keys if c in frame.columns] + [
        c for c in FIGURE_PUBLIC if c in frame.columns
    ]
    return frame[columns].reset_index(drop=True)


def labelled(frame: pd.DataFrame, column: str, model, lang: str, target: str) -> pd.DataFrame:
    """``frame`` with a ``target`` column right after ``column``: the names in ``lang``
    of the ``model`` rows whose ids ``column`` holds."""
    lookup = names_of(model, frame[column].tolist(), lang) if len(frame) else {}
    frame = frame.copy()
    frame.insert(list(frame.columns).index(column) + 1, target, frame[column].map(lookup))
    return frame


@dataclass(frozen=True)
class SectorName:
    """A sector as a report shows it: id, code and its name in the report's language
    (a plain value, so a cached report carries no database row)."""

    id: int
    code: str
    name: str


def sectors() -> list[Sector]:
    """Every sector, in id order (the filters of the report pages)."""
    return list(db.session.scalars(select(Sector).order_by(Sector.id)))


def sector_names(lang: str) -> list[SectorName]:
    """Every sector as a plain :class:`SectorName` in ``lang``, in id order."""
    return [SectorName(s.id, s.code, s.name(lang)) for s in sectors()]


def consensus_table(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The public columns of a consensus figure frame, sorted by ``keys``."""
    columns = [c for c in keys if c in frame.columns] + [
        c for c in CONSENSUS_PUBLIC if c in frame.columns
    ]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    return frame.sort_values(keys, kind="stable")[columns].reset_index(drop=True)


def hidden_groups(frame: pd.DataFrame) -> dict[str, int]:
    """Groups whose consensus is not shown, from an ungrouped consensus figure frame:
    ``{"not_recorded": …, "below_k": …}`` (zeros when there is no consensus)."""
    if frame.empty:
        return {"not_recorded": 0, "below_k": 0}
    return {
        "not_recorded": int(frame["groups_size_not_recorded"].sum()),
        "below_k": int(frame["groups_below_k"].sum()),
    }
