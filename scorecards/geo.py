"""Aimag boundaries for maps: GeoJSON polygons with their holes, as matplotlib paths.

The shipped file (``scorecards/data/mongolia_aimags_simplified.geojson``, see
``scorecards/data/ATTRIBUTION.md``) has 21 aimags and Ulaanbaatar, keyed by ISO
3166-2 code (``MN-047`` Töv, ``MN-1`` Ulaanbaatar). Join data to the map on these
codes, never on names.

Holes matter: Töv has holes where Ulaanbaatar sits, Selenge one for Darkhan-Uul,
and Ulaanbaatar is three separate parts. A polygon drawn from its exterior ring
alone would cover its neighbour, so :func:`polygon_path` keeps every ring and
orients exterior rings counter-clockwise and holes clockwise; matplotlib's filling
(non-zero winding) then leaves the holes empty.

Point tests are different: matplotlib's :meth:`Path.contains_point` on a compound
path answers "inside any ring", so it treats a hole as inside. Use
:func:`contains`, which tests each ring on its own.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from matplotlib.path import Path as MplPath

from scorecards.errors import DomainError

Ring = list[tuple[float, float]]
Polygon = list[Ring]  # exterior ring first, then interior rings (holes)

DATA_DIR = Path(__file__).resolve().parent / "data"
AIMAG_BOUNDARIES = DATA_DIR / "mongolia_aimags_simplified.geojson"


def load_boundaries(
    geojson_path: str | Path = AIMAG_BOUNDARIES,
    key: str = "iso_code",
    parent: str | None = None,
) -> dict[str, list[Polygon]]:
    """Polygons per code: ``{code: [polygon, …]}``, coordinates (lon, lat).

    ``key`` names the code property (``iso_code`` for aimags, ``nso_code`` for the soums
    of ``app/data/mongolia_soums_simplified.geojson``); with ``parent`` only features
    whose ``parent_iso_code`` is ``parent`` are read (one aimag's soums). Each polygon
    is a list of rings, exterior first, then its holes; Polygon and MultiPolygon
    geometries are both read. Features without the code or with another geometry raise
    ``DomainError("boundary_invalid")``.
    """
    with open(geojson_path, encoding="utf-8") as handle:
        collection = json.load(handle)
    boundaries: dict[str, list[Polygon]] = {}
    for feature in collection.get("features", []):
        properties = feature.get("properties") or {}
        if parent is not None and properties.get("parent_iso_code") != parent:
            continue
        code = properties.get(key)
        geometry = feature.get("geometry") or {}
        kind = geometry.get("type")
        if not code or kind not in ("Polygon", "MultiPolygon"):
            raise DomainError("boundary_invalid", "geometry", iso_code=code, kind=kind)
        parts = [geometry["coordinates"]] if kind == "Polygon" else geometry["coordinates"]
        polygons = [
            [[(float(x), float(y)) for x, y, *_ in ring] for ring in part] for part in parts
        ]
        boundaries.setdefault(code, []).extend(polygons)
    return boundaries



def polygon_path(polygons: list[Polygon]) -> MplPath:
    """One compound :class:`matplotlib.path.Path` for all polygons of an area, holes kept.

    Exterior rings are oriented counter-clockwise and holes clockwise (by signed
    area), so the non-zero winding rule leaves the holes unfilled.
    """
    vertices: list[tuple[float, float]] = []
    codes: list[int] = []
    for polygon in polygons:
        for index, ring in enumerate(polygon):
            points = _open_ring(ring)
            if len(points) < 3:
                continue
            clockwise = _signed_area(points) < 0
            if (index == 0) == clockwise:  # exterior must be CCW, holes CW
                points = points[::-1]
            vertices.extend(points)
            vertices.append(points[0])
            codes.append(MplPath.MOVETO)
            codes.extend([MplPath.LINETO] * (len(points) - 1))
            codes.append(MplPath.CLOSEPOLY)
    if not vertices:
        raise DomainError("boundary_invalid", "geometry")
    return MplPath(np.array(vertices, dtype=float), codes)


def contains(polygons: list[Polygon], point: tuple[float, float]) -> bool:
    """Whether ``point`` (lon, lat) lies in the area: inside some polygon's exterior
    ring and inside none of that polygon's holes. Points exactly on a border may go
    either way."""
    for polygon in polygons:
        exterior, holes = polygon[0], polygon[1:]
        if _ring_path(exterior).contains_point(point) and not any(
            _ring_path(hole).contains_point(point) for hole in holes
        ):
            return True
    return False


def _ring_path(ring: Ring) -> MplPath:
    return MplPath(np.array(_open_ring(ring), dtype=float), closed=False)


def bounds(boundaries: dict[str, list[Polygon]]) -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat) over every exterior ring."""
    xs = [x for polys in boundaries.values() for poly in polys for x, _ in poly[0]]
    ys = [y for polys in boundaries.values() for poly in polys for _, y in poly[0]]
    return min(xs), min(ys), max(xs), max(ys)


def ring_area(ring: Ring) -> float:
    """Signed area of a ring in square degrees (positive when counter-clockwise)."""
    points = _open_ring(ring)
    return _signed_area(points) if len(points) >= 3 else 0.0


def ring_centroid(ring: Ring) -> tuple[float, float]:
    """The area-weighted centroid (lon, lat) of a ring; its first point if it has no area."""
    points = _open_ring(ring)
    area = ring_area(ring)
    if len(points) < 3 or area == 0:
        return points[0]
    xs = np.array([p[0] for p in points])
    ys = np.array([p[1] for p in points])
    cross = xs * np.roll(ys, -1) - np.roll(xs, -1) * ys
    x = float(np.sum((xs + np.roll(xs, -1)) * cross)) / (6 * area)
    y = float(np.sum((ys + np.roll(ys, -1)) * cross)) / (6 * area)
    return x, y


def _open_ring(ring: Ring) -> Ring:
    points = list(ring)
    if len(points) > 1 and points[0] == points[-1]:
        points = points[:-1]
    return points


def _signed_area(points: Ring) -> float:
    """Shoelace formula: positive for counter-clockwise rings."""
    xs = np.array([p[0] for p in points])
    ys = np.array([p[1] for p in points])
    return 0.5 * float(np.dot(xs, np.roll(ys, -1)) - np.dot(np.roll(xs, -1), ys))
