"""Loading Mongolia's administrative units from the shipped CSV copy."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select

from app.extensions import db
from app.models import Area
from scorecards.vocab import AreaLevel

ADMIN_UNITS_CSV = Path(__file__).resolve().parent.parent / "data" / "admin_units.csv"
NATIONAL_PARENT = "MN"


def read_admin_units(path: Path = ADMIN_UNITS_CSV) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def seed_geography(path: Path = ADMIN_UNITS_CSV) -> tuple[int, int]:
    """Insert or update every unit; returns (created, updated). Running it twice creates nothing.

    Rows are processed top level first so that every parent exists before its children.
    """
    rows = read_admin_units(path)
    existing = {area.code: area for area in db.session.scalars(select(Area))}
    created = updated = 0
    levels_first = (AreaLevel.CAPITAL, AreaLevel.AIMAG, AreaLevel.DISTRICT, AreaLevel.SOUM)
    for level in levels_first:
        for row in (r for r in rows if r["level"] == level):
            parent = None if row["parent_code"] == NATIONAL_PARENT else existing[row["parent_code"]]
            area = existing.get(row["code"])
            if area is None:
                area = Area(code=row["code"], level=row["level"])
                db.session.add(area)
                existing[row["code"]] = area
                created += 1
            elif (area.name_mn, area.name_en, area.parent) != (
                row["name_mn"],
                row["name_en"],
                parent,
            ):
                updated += 1
            area.level = row["level"]
            area.name_mn = row["name_mn"]
            area.name_en = row["name_en"]
            area.parent = parent
        db.session.flush()
    return created, updated


def top_level_areas() -> list[Area]:
    """The 21 aimags and the capital, capital first then by Mongolian name."""
    areas = db.session.scalars(
        select(Area).where(Area.top_level())
    ).all()
    return sorted(areas, key=lambda a: (a.level != AreaLevel.CAPITAL, a.name_mn))
