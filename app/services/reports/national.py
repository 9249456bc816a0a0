"""The national report: one row per aimag and the capital, and the national map.

Built from :mod:`app.services.reports.query` (so the same suppression applies as
everywhere) and the published counts of :mod:`app.services.counts`; the table holds
plain values only, so the view caches it per data version, sector and language.
"""

from __future__ import annotations

import pandas as pd

from app.models import Sector
from app.services import counts
from app.services.geography import top_level_areas
from app.services.reports import query
from app.services.reports.tables import COMMUNITY, FIGURE_PUBLIC, name_of
from scorecards.aggregation import records


def national_table(sector: Sector | None, lang: str) -> pd.DataFrame:
    """One row per aimag and the capital: coverage, participants and the sector's score.

    Facilities, rounds, ``participants`` (people), ``responses`` (forms) and
    ``answers`` (scores) are the published counts of :mod:`app.services.counts`, both
    sides and every sector, as on the home page; the score is the sector's."""
    coverage_by = counts.public_coverage()
    genders_by = counts.public_people_by_gender()
    q = query.query(("aimag",), side=COMMUNITY, sector=sector.id if sector else None)
    scores = query.figures(q)
    rows = []
    scores_by = {int(r["aimag"]): r for r in records(scores)}
    for area in top_level_areas():
        c = coverage_by.get(area.id, {})
        genders = genders_by.get(area.id, {})
        s = scores_by.get(area.id, {})
        rows.append(
            {
                "aimag_code": area.code,
                "aimag": name_of(area, lang),
                "facilities": c.get("facilities", 0),
                "rounds": c.get("rounds", 0),
                "participants": c.get("people", 0),
                "participants_female": genders.get("female", 0),
                "participants_male": genders.get("male", 0),
                "participants_other": genders.get("other", 0) + genders.get("undisclosed", 0),
                "responses": c.get("responses", 0),
                "answers": c.get("answers", 0),
                **{k: s.get(k) for k in FIGURE_PUBLIC},
            }
        )
    frame = pd.DataFrame(rows)
    frame["suppressed"] = frame["suppressed"].fillna(False).astype(bool)
    frame["mixed_scales"] = frame["mixed_scales"].fillna(False).astype(bool)
    for column in ("people", "n", "n_missing"):
        frame[column] = frame[column].astype("Int64")
    return frame


SORT_KEYS = ("aimag", "facilities", "rounds", "participants", "score")


def sort_table(frame: pd.DataFrame, key: str, descending: bool) -> pd.DataFrame:
    """Sort the national table by one of :data:`SORT_KEYS` (``score`` is the 0–100
    mean; an unknown key sorts by name); rows without a score always go last."""
    frame = frame.copy()
    if key == "participants":
        frame["_key"] = frame["participants"]
    elif key == "score":
        frame["_key"] = frame["mean_100"]
    elif key in SORT_KEYS:
        frame["_key"] = frame[key]
    else:
        frame["_key"] = frame["aimag"]
    frame = frame.sort_values("_key", ascending=not descending, na_position="last", kind="stable")
    return frame.drop(columns="_key").reset_index(drop=True)


def map_values(sector: Sector | None) -> dict[str, float | None]:
    """The community score (0–100, unrounded) of each aimag by code, ``None`` where it is
    hidden (fewer than k people) or absent: what the national map colours."""
    q = query.query(("aimag",), side=COMMUNITY, sector=sector.id if sector else None)
    scores = query.figures(q)
    codes = {a.id: a.code for a in top_level_areas()}
    values: dict[str, float | None] = {code: None for code in codes.values()}
    for row in records(scores):
        values[codes[int(row["aimag"])]] = None if row["suppressed"] else row["mean_100"]
    return values
