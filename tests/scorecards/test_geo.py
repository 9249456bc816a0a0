"""Boundaries with holes, and the choropleth map."""

from pathlib import Path

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch

from scorecards import charts, geo
from scorecards.errors import DomainError

UB_CENTRE = (106.92, 47.92)  # Sükhbaatar Square, Ulaanbaatar
ZUUNMOD = (106.95, 47.71)  # Töv's centre, outside the capital
DARKHAN_CITY = (105.95, 49.47)  # inside Darkhan-Uul, which is a hole in Selenge


@pytest.fixture(scope="module")
def boundaries():
    return geo.load_boundaries()


def test_shipped_copy_and_attribution_present():
    assert geo.AIMAG_BOUNDARIES.exists()
    attribution = (Path(geo.DATA_DIR) / "ATTRIBUTION.md").read_text(encoding="utf-8")
    for phrase in ("CC BY-IGO", "National Statistical Office of Mongolia", "COD-AB"):
        assert phrase in attribution


def test_all_22_units_keyed_by_iso_code(boundaries):
    assert len(boundaries) == 22
    assert {"MN-1", "MN-047", "MN-049", "MN-037"} <= set(boundaries)


@pytest.mark.parametrize(
    ("code", "polygons", "holes"),
    [("MN-047", 1, 2), ("MN-049", 1, 1), ("MN-1", 3, 0), ("MN-037", 1, 0)],
)
def test_polygon_and_hole_counts(boundaries, code, polygons, holes):
    assert len(boundaries[code]) == polygons
    assert sum(len(polygon) - 1 for polygon in boundaries[code]) == holes


@pytest.mark.parametrize(
    ("point", "inside", "outside"),
    [
        (UB_CENTRE, "MN-1", "MN-047"),
        (ZUUNMOD, "MN-047", "MN-1"),
        (DARKHAN_CITY, "MN-037", "MN-049"),
    ],
)
def test_holes_are_not_inside_the_surrounding_aimag(boundaries, point, inside, outside):
    assert geo.contains(boundaries[inside], point)
    assert not geo.contains(boundaries[outside], point)


def test_without_its_holes_tov_would_cover_the_capital(boundaries):
    exterior_only = [[polygon[0]] for polygon in boundaries["MN-047"]]
    assert geo.contains(exterior_only, UB_CENTRE)


def test_compound_path_contains_point_ignores_holes_so_we_do_not_rely_on_it(boundaries):
    # matplotlib ORs the subpaths of a compound path in contains_point; if this ever
    # changes, geo.contains could be simplified.
    assert geo.polygon_path(boundaries["MN-047"]).contains_point(UB_CENTRE)


def _pixel_after_fill(polygons, point):
    """Fill the polygons red on white and read the pixel under ``point``."""
    figure = Figure(figsize=(4, 4), dpi=100)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.add_patch(PathPatch(geo.polygon_path(polygons), facecolor="red", linewidth=0))
    axes.set_xlim(105.0, 109.5)
    axes.set_ylim(46.0, 49.5)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    image = np.asarray(canvas.buffer_rgba())
    x, y = axes.transData.transform(point)
    return tuple(image[int(image.shape[0] - y), int(x)][:3])


def test_drawn_path_leaves_the_holes_empty(boundaries):
    assert _pixel_after_fill(boundaries["MN-047"], ZUUNMOD) == (255, 0, 0)
    assert _pixel_after_fill(boundaries["MN-047"], UB_CENTRE) == (255, 255, 255)
    exterior_only = [[polygon[0]] for polygon in boundaries["MN-047"]]
    assert _pixel_after_fill(exterior_only, UB_CENTRE) == (255, 0, 0)


@pytest.mark.parametrize("hole_reversed", [False, True])
def test_fill_respects_holes_whatever_the_ring_orientation(hole_reversed):
    square = [(105.5, 46.5), (109.0, 46.5), (109.0, 49.0), (105.5, 49.0)]
    hole = [(106.5, 47.5), (107.5, 47.5), (107.5, 48.5), (106.5, 48.5)]
    if hole_reversed:
        hole = hole[::-1]
    assert _pixel_after_fill([[square, hole]], (107.0, 48.0)) == (255, 255, 255)
    assert _pixel_after_fill([[square, hole]], (106.0, 47.0)) == (255, 0, 0)
    assert geo.contains([[square, hole]], (106.0, 47.0))
    assert not geo.contains([[square, hole]], (107.0, 48.0))


def test_choropleth_draws_every_area_and_marks_missing(boundaries):
    values = {code: 50.0 for code in boundaries}
    values["MN-047"] = None
    figure = charts.choropleth(values, boundaries, "Дундаж оноо", "Оноо", "Мэдээлэлгүй")
    axes = figure.axes[0]
    patches = [p for p in axes.patches if isinstance(p, PathPatch)]
    assert len(patches) == 22
    assert sum(1 for p in patches if p.get_hatch()) == 1
    legend = axes.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["Мэдээлэлгүй"]
    assert figure.get_figwidth() <= charts.MAX_WIDTH_IN
    assert charts.render_png(figure, dpi=60).startswith(b"\x89PNG")


def test_choropleth_without_missing_has_no_missing_legend(boundaries):
    figure = charts.choropleth({c: 10.0 for c in boundaries}, boundaries, "t", "l", "m")
    assert figure.axes[0].get_legend() is None


def test_choropleth_refuses_codes_not_on_the_map(boundaries):
    with pytest.raises(DomainError) as error:
        charts.choropleth({"41": 50.0}, boundaries, "t", "l", "m")  # an NSO code, not ISO
    assert error.value.code == "area_unknown"
